"""What every page handler shares: the unit of work, the session, the templates, the signed-in user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from openimr.service import usecases
from openimr.service.context import Actor, ServiceContext
from openimr.service.errors import (
    InvalidRequest,
    NotFound,
    NotPermitted,
    ServiceError,
    SettingsMissing,
    TransitionNotAllowed,
)
from openimr.service.model import ReviewCase, Role, User
from openimr.web.session import COOKIE, Sessions

__all__ = ["PREFIX", "PageError", "SignInRequired", "WebContext", "back_to_case"]

PREFIX = "/web"
_HERE = Path(__file__).parent

ROLE_NAMES = {
    Role.ADMINISTRATOR: "Administrator",
    Role.CASE_MANAGER: "Case manager",
    Role.REVIEWER: "Expert reviewer",
}


def back_to_case(case_id: str, done: str | None = None, fragment: str = "") -> RedirectResponse:
    """Back to the case page after a form, saying what was done (``done``)."""
    query = f"?done={done}" if done else ""
    return RedirectResponse(f"{PREFIX}/cases/{case_id}{query}{fragment}", status_code=303)


class PageError(Exception):
    """A page that cannot be shown: rendered as an error page with this status and message."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


class SignInRequired(Exception):
    """No valid session: the browser is sent to the sign-in page, then back to ``next``."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


# Everything a page uses comes from this server: no script, style or font from anywhere else,
# no inline script; the pages may frame only themselves (the letter preview).
_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

_STATUS: dict[type[ServiceError], int] = {
    NotFound: 404,
    NotPermitted: 403,
    TransitionNotAllowed: 409,
    SettingsMissing: 409,
    InvalidRequest: 422,
}


def _sentence(message: str) -> str:
    """A use case's one-line message as a sentence for a page."""
    message = message.strip()
    message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."


def _date(value: dt.date | None) -> str:
    return value.strftime("%m/%d/%Y") if value else "Not stated"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


@dataclass
class WebContext:
    """The web pages' view of the application: how to open a unit of work, sign sessions, render."""

    service: ServiceContext
    sessions: Sessions
    corpus: Path | None = None
    evaluation: Path | None = None

    def __post_init__(self) -> None:
        self.templates = Jinja2Templates(directory=str(_HERE / "templates"))
        env = self.templates.env
        env.globals["prefix"] = PREFIX
        env.globals["role_names"] = ROLE_NAMES
        env.filters["date"] = _date
        env.filters["percent"] = _percent

    def user(self, request: Request) -> User | None:
        """The signed-in user, or None (no cookie, a forged or expired one, an inactive user)."""
        user_id = self.sessions.user_id(request.cookies.get(COOKIE))
        if user_id is None:
            return None
        with self.service.uow() as uow:
            user = uow.users.get(user_id)
        return user if user is not None and user.active else None

    def require(self, request: Request, roles: Collection[Role] | None = None) -> User:
        """The signed-in user, who must hold one of ``roles`` (when given).

        Raises:
            SignInRequired: nobody is signed in.
            PageError: 403 when the user's role may not see this page.
        """
        user = self.user(request)
        if user is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise SignInRequired(target)
        if roles is not None and user.role not in roles:
            raise PageError(403, "Your role does not give access to this page.")
        return user

    @staticmethod
    def actor(user: User) -> Actor:
        return Actor(user_id=user.id, role=user.role, reviewer_id=user.reviewer_id)

    @staticmethod
    @contextmanager
    def refusals() -> Iterator[None]:
        """Turn what a use case refuses into the page that says so (404, 403, 409, 422)."""
        try:
            yield
        except ServiceError as error:
            raise PageError(_STATUS.get(type(error), 422), _sentence(str(error))) from None

    def case(self, request: Request, case_id: str) -> tuple[User, ReviewCase]:
        """The signed-in user and the case they ask for, if they may see it (else 404)."""
        user = self.require(request)
        with self.refusals():
            return user, usecases.get_case(self.service, self.actor(user), case_id)

    def check_form(self, request: Request, token: str | None) -> None:
        """Refuse a form post that does not carry this session's form token (CSRF)."""
        if not self.sessions.form_token_ok(request.cookies.get(COOKIE), token):
            raise PageError(403, "This form has expired. Go back, reload the page and try again.")

    def render(
        self,
        request: Request,
        template: str,
        user: User | None = None,
        status_code: int = 200,
        **values: Any,
    ) -> HTMLResponse:
        cookie = request.cookies.get(COOKIE)
        return self.templates.TemplateResponse(
            request,
            template,
            {
                "user": user,
                "form_token": self.sessions.form_token(cookie) if cookie and user else "",
                **values,
            },
            status_code=status_code,
            headers=_HEADERS,
        )
