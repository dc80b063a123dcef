"""Reading a case without FastAPI's request machinery, when nothing more is needed.

``GET /api/cases/{id}`` is the route read most, and most of its answers need only the case's
revision: the reader's token was verified moments ago (its actor is in the per-process cache of
:func:`openimr.api.accounts.recently_verified`), and the JSON for that revision and view was
already sent by this process (:class:`openimr.api.cache.CaseDocuments`), or the client's copy
is current (304). FastAPI's routing, dependency solving, parameter validation and the worker
thread it runs the route in cost several times the rest of such an answer. This plain ASGI
layer answers exactly those requests, with the response the route would give (same status,
headers and body, built by the route's own :func:`answer_from_copy`); every other request, and
any of these it cannot answer so (a token not verified lately, a case not visible to the
reader or not found, a copy not kept, any error), goes on to the FastAPI route unchanged, which
answers it as before (401, 404, the case loaded and serialized, ...).
"""

from __future__ import annotations

import re
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from openimr.api.accounts import recently_verified
from openimr.api.routes.cases import answer_from_copy

__all__ = ["CaseReads"]

_CASE = re.compile(r"/api/cases/([^/]+)")


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    """The first value of a header, as Starlette's ``request.headers.get`` gives it."""
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None


class CaseReads:
    """Plain ASGI: answers ``GET /api/cases/{id}`` from the process's copy when it can (see the
    module); passes everything else to ``app``."""

    def __init__(self, app: ASGIApp, owner: Any) -> None:
        self.app = app
        self.owner = owner  # the FastAPI application: its state holds the service and the copies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and not scope.get("root_path"):
            found = _CASE.fullmatch(scope["path"])
            if found is not None:
                response = self._answer(scope, found.group(1))
                if response is not None:
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)

    def _answer(self, scope: Scope, case_id: str) -> Any:
        headers = scope["headers"]
        # What FastAPI's HTTPBearer and the route's dependency accept: "Bearer <token>".
        authorization = _header(headers, b"authorization")
        if not authorization:
            return None
        scheme, _, token = authorization.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return None
        actor = recently_verified(token)
        if actor is None:
            return None
        state = self.owner.state
        try:
            # One short indexed query, on the event loop: a worker thread would cost more
            # than the query (and the route it replaces ran the same query in one).
            return answer_from_copy(
                state.service,
                state.case_documents,
                actor,
                case_id,
                _header(headers, b"if-none-match"),
            )
        except Exception:  # the route answers it: not found, not permitted, or an error
            return None
