"""The HTTP API: ``create_app(...)`` builds the FastAPI application (OpenAPI at /openapi.json).

Every route calls a service use case; errors the use cases raise on purpose become a status and a
one-line ``detail`` (never a traceback, never protected health information)::

    app = create_app(db_url="postgresql://postgres@127.0.0.1:5432/openimr")
    uvicorn.run(app)
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from openimr.api.cache import CaseDocuments
from openimr.api.fastread import CaseReads
from openimr.api.routes import cases, letters, registry, workflow
from openimr.api.uploads import MAX_UPLOAD_BYTES, UploadRejected
from openimr.config import Settings
from openimr.errors import OpenIMRError
from openimr.service.context import ServiceContext
from openimr.service.errors import (
    InvalidRequest,
    NotFound,
    NotPermitted,
    ServiceError,
    SettingsMissing,
    TransitionNotAllowed,
)
from openimr.service.ports import AbstractUnitOfWork, ConcurrentUpdate

__all__ = ["API_PREFIX", "app_from_environment", "create_app"]

API_PREFIX = "/api"
log = logging.getLogger("openimr.api")

_STATUS: list[tuple[type[Exception], int]] = [
    (NotFound, 404),
    (NotPermitted, 403),
    (TransitionNotAllowed, 409),
    (SettingsMissing, 409),
    (InvalidRequest, 422),
    (ServiceError, 422),
]


def create_app(
    *,
    uow_factory: Callable[[], AbstractUnitOfWork] | None = None,
    settings: Settings | None = None,
    context: ServiceContext | None = None,
    db_url: str | None = None,
    config: str | os.PathLike[str] | Path | None = None,
    load_knowledge: bool = True,
    upload_limit: int = MAX_UPLOAD_BYTES,
    threads: int = 8,
) -> FastAPI:
    """The API over a service context: ``context`` as given, else one bootstrapped from
    ``uow_factory`` (else the database at ``db_url``, else the embedded SQLite file) and
    ``settings`` (else ``config``, else ``$OPENIMR_CONFIG``). Uploads larger than
    ``upload_limit`` bytes are refused; at most ``threads`` requests run at once in a process."""
    if context is None:
        from openimr.bootstrap import bootstrap

        context = bootstrap(
            uow_factory=uow_factory,
            db_url=db_url,
            settings=settings,
            config=config,
            load_knowledge=load_knowledge,
        )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Few threads do more than many: the routes are short and share the GIL, the database
        # and two cores; a request beyond them waits its turn on the event loop, not in a thread.
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="OpenIMR",
        version="1",
        summary="Independent Medical Review for California workers' compensation: the case service.",
        description=(
            "Cases from application to issued Final Determination: eligibility, records, "
            "assignment of an expert reviewer, the engine's draft, the reviewer's edits, "
            "signature, issue and correction, with an append-only audit trail. Every route "
            "needs an API token: `Authorization: Bearer oimr_...`."
        ),
    )
    app.state.service = context
    app.state.upload_limit = upload_limit
    app.state.case_documents = CaseDocuments()
    for router in (cases.router, workflow.router, letters.router, registry.router):
        app.include_router(router, prefix=API_PREFIX)
    _add_error_handlers(app)
    # Middleware added last runs first: the body limit, then the short way to read a case.
    app.add_middleware(CaseReads, owner=app)
    app.add_middleware(_BodyLimit, owner=app)
    from openimr.web import install  # the web pages, under /web, over the same use cases

    install(app, context)
    return app


# Room for the multipart framing and the form fields around an uploaded file.
_FORM_ALLOWANCE = 64 * 1024


class _BodyLimit:
    """A request whose declared length is over the upload limit is refused before its body is
    read (the form parser would otherwise spool all of it first). Plain ASGI: nothing added to
    the other requests' path but a header lookup."""

    def __init__(self, app: ASGIApp, owner: FastAPI) -> None:
        self.app = app
        self.owner = owner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            limit: int = self.owner.state.upload_limit
            for name, value in scope["headers"]:
                if name == b"content-length":
                    if value.isdigit() and int(value) > limit + _FORM_ALLOWANCE:
                        response = JSONResponse(
                            {"detail": f"file is larger than the {limit} byte limit"},
                            status_code=413,
                        )
                        await response(scope, receive, send)
                        return
                    break
        await self.app(scope, receive, send)


def _add_error_handlers(app: FastAPI) -> None:
    def service_error(request: Request, error: Exception) -> JSONResponse:
        status = next(code for kind, code in _STATUS if isinstance(error, kind))
        log.info("%s %s refused: %s", request.method, request.url.path, type(error).__name__)
        return JSONResponse({"detail": str(error)}, status_code=status)

    def conflict(request: Request, error: Exception) -> JSONResponse:
        return JSONResponse(
            {"detail": "the case changed meanwhile; read it again and retry"}, status_code=409
        )

    def upload(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, UploadRejected)
        return JSONResponse({"detail": str(error)}, status_code=error.status_code)

    def server_side(request: Request, error: Exception) -> JSONResponse:
        # Not the request's fault: the service's own data (knowledge base, clinical rules,
        # settings) cannot be used. Said in one line; the log names the kind, not the content.
        log.error("%s %s failed: %s", request.method, request.url.path, type(error).__name__)
        return JSONResponse({"detail": f"the service cannot do this now: {error}"}, status_code=500)

    app.add_exception_handler(ServiceError, service_error)
    app.add_exception_handler(ConcurrentUpdate, conflict)
    app.add_exception_handler(UploadRejected, upload)
    app.add_exception_handler(OpenIMRError, server_side)


def app_from_environment() -> FastAPI:
    """The application a uvicorn worker process builds: the database named by
    ``$OPENIMR_SERVE_DB`` (``openimr serve --workers N`` sets it), settings from
    ``$OPENIMR_CONFIG``."""
    return create_app(db_url=os.environ.get("OPENIMR_SERVE_DB"))
