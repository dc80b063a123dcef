"""The reviewer's and case manager's web pages, served by the API's FastAPI application.

Server-rendered (Jinja2) with a little plain JavaScript and no front-end build; nothing is
loaded from another site. The pages call the service use cases, as the API does, and share its
users and roles: a signed-in session cookie stands in for the API token.

``install(app, service)`` adds the pages under ``/web`` to an application.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from openimr.errors import OpenIMRError
from openimr.service.context import ServiceContext
from openimr.web.context import PREFIX, PageError, SignInRequired, WebContext
from openimr.web.dashboard import dashboard
from openimr.web.router import web_router
from openimr.web.session import Sessions

__all__ = ["PREFIX", "install"]

log = logging.getLogger("openimr.web")


def _warm(ctx: WebContext) -> None:
    assert ctx.corpus is not None
    try:
        dashboard(ctx.corpus, evaluation=ctx.evaluation)
    except OpenIMRError as error:
        log.warning("corpus dashboard not prepared: %s", error)


def _to_pages() -> Response:
    """The site's root leads to the pages (the API lives under /api)."""
    return RedirectResponse(f"{PREFIX}/", status_code=303)


_TITLES = {403: "Not allowed", 404: "Not found", 409: "Not possible now", 422: "Please check"}


def install(
    app: FastAPI,
    service: ServiceContext,
    *,
    corpus: str | os.PathLike[str] | None = None,
    evaluation: str | os.PathLike[str] | None = None,
    sessions: Sessions | None = None,
) -> WebContext:
    """Add the web pages to ``app``.

    ``corpus`` (default ``$OPENIMR_CORPUS``) is an ingested corpus for the dashboard and the
    precedents; ``evaluation`` (default ``$OPENIMR_EVALUATION``) the folder ``openimr evaluate --out`` wrote.
    """
    corpus = corpus or os.environ.get("OPENIMR_CORPUS") or None
    evaluation = evaluation or os.environ.get("OPENIMR_EVALUATION") or None
    ctx = WebContext(
        service=service,
        sessions=sessions or Sessions.from_environment(),
        corpus=Path(corpus) if corpus else None,
        evaluation=Path(evaluation) if evaluation else None,
    )
    app.include_router(web_router(ctx), prefix=PREFIX, include_in_schema=False)
    if ctx.corpus is not None:
        # Drawing the dashboard's charts takes seconds: do it now, not for the first visitor.
        threading.Thread(target=_warm, args=(ctx,), name="openimr-web-warm", daemon=True).start()
    if not any(getattr(route, "path", None) == "/" for route in app.routes):
        app.add_api_route("/", _to_pages, include_in_schema=False)

    @app.exception_handler(SignInRequired)
    def _sign_in(request: Request, error: SignInRequired) -> Response:
        return RedirectResponse(f"{PREFIX}/login?next={quote(error.next_url)}", status_code=303)

    @app.exception_handler(PageError)
    def _page_error(request: Request, error: PageError) -> Response:
        return ctx.render(
            request,
            "error.html",
            ctx.user(request),
            status_code=error.status_code,
            title=_TITLES.get(error.status_code, "Something went wrong"),
            message=error.message,
        )

    return ctx
