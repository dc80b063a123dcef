"""The web pages' router: every page module's routes, and the static files."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, RedirectResponse, Response

from openimr.web.context import PREFIX, PageError, WebContext
from openimr.web.pages import auth, case, corpus, edit, intake, letter, queue, reviewers, steps

__all__ = ["web_router"]

_STATIC = Path(__file__).parent / "static"
_TYPES = {".css": "text/css", ".js": "text/javascript"}


def web_router(ctx: WebContext) -> APIRouter:
    router = APIRouter()

    @router.get("/")
    def home() -> Response:
        return RedirectResponse(f"{PREFIX}/queue", status_code=303)

    @router.get("/static/{name}")
    def static(name: str) -> Response:
        path = _STATIC / name
        if path.suffix not in _TYPES or path.parent != _STATIC or not path.is_file():
            raise PageError(404, "No such file.")
        return FileResponse(
            path, media_type=_TYPES[path.suffix], headers={"Cache-Control": "max-age=300"}
        )

    for module in (auth, corpus, queue, case, edit, steps, letter, intake, reviewers):
        module.add_routes(router, ctx)
    return router
