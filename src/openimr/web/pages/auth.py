"""Signing in and out of the web pages (the password is checked by the service's use case)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from openimr.service.usecases import authenticate_password
from openimr.web.context import PREFIX, WebContext
from openimr.web.session import COOKIE


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute URL someone slipped into the form."""
    if not target:
        return f"{PREFIX}/queue"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith(PREFIX + "/"):
        return f"{PREFIX}/queue"
    return target


def add_routes(router: APIRouter, ctx: WebContext) -> None:
    @router.get("/login", response_class=HTMLResponse)
    def login_page(request: Request, next: str | None = None) -> Response:
        if ctx.user(request) is not None:
            return RedirectResponse(_safe_next(next), status_code=303)
        return ctx.render(request, "login.html", next=_safe_next(next))

    @router.post("/login", response_class=HTMLResponse)
    def login(
        request: Request,
        email: Annotated[str, Form()],
        password: Annotated[str, Form()],
        next: Annotated[str | None, Form()] = None,
    ) -> Response:
        user = authenticate_password(ctx.service, email, password)
        if user is None:
            return ctx.render(
                request,
                "login.html",
                status_code=401,
                next=_safe_next(next),
                email=email,
                error="The email or password is not right.",
            )
        response = RedirectResponse(_safe_next(next), status_code=303)
        response.set_cookie(
            COOKIE,
            ctx.sessions.issue(user.id),
            max_age=ctx.sessions.max_age,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )
        return response

    @router.post("/logout")
    def logout(request: Request, form_token: Annotated[str | None, Form()] = None) -> Response:
        ctx.check_form(request, form_token)
        response = RedirectResponse(f"{PREFIX}/login", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response
