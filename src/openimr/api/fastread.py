"""Reading a case without FastAPI's request machinery, when nothing more is needed.

``GET /api/cases/{id}`` is the route read most, and most of its answers need only the case's
revision: the reader's token was verified moments ago (its actor is in the per-process cache of
:func:`openimr.api.accounts.recently_verified`), and the JSON for that revision and view was
already sent by this process (:class:`openimr.api.cache.CaseDocuments`), or the client's copy
is current (304). FastAPI's routing, dependency solving, parameter validation and the worker
thread it runs the route in cost several times the rest of such an answer. This plain ASGI
layer answers exactly those requests, with the response the route would give (same status,
headers and body, built by the route's own :func:`answer_for_revision`); every other request,
and any of these it cannot answer so (a token not verified lately, a case not visible to the
reader or not found, a copy not kept, any error), goes on to the FastAPI route unchanged, which
answers it as before (401, 404, the case loaded and serialized, ...).

On PostgreSQL the revision is awaited on an asyncio connection (:mod:`openimr.db.stamps`): the
event loop serves other requests during the round trip, with no worker thread. Elsewhere
(SQLite, the in-memory fakes) it is read by the use case in a worker thread.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from openimr.api.accounts import recently_verified
from openimr.api.routes.cases import answer_for_revision
from openimr.db.stamps import AsyncStamps, async_stamps_for
from openimr.service import usecases
from openimr.service.context import Actor, ServiceContext

__all__ = ["CaseReads"]

_CASE = re.compile(r"/api/cases/([^/]+)")


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    """The first value of a header, as Starlette's ``request.headers.get`` gives it."""
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None


def _bearer(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, as FastAPI's HTTPBearer and
    the API's actor dependency accept it."""
    authorization = _header(headers, b"authorization")
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


class CaseReads:
    """Plain ASGI: answers ``GET /api/cases/{id}`` from the process's copy when it can (see the
    module); passes everything else to ``app``."""

    def __init__(self, app: ASGIApp, owner: Any) -> None:
        self.app = app
        self.owner = owner  # the FastAPI application: its state holds the service and the copies
        self._stamps: AsyncStamps | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._engine_seen = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and not scope.get("root_path"):
            found = _CASE.fullmatch(scope["path"])
            if found is not None:
                response = await self._answer(scope, found.group(1))
                if response is not None:
                    await response(scope, receive, send)
                    return
        elif scope["type"] == "lifespan":
            await self.app(scope, self._closing(receive), send)
            return
        await self.app(scope, receive, send)

    def _closing(self, receive: Receive) -> Receive:
        """``receive`` that closes this process's connections when the server shuts down."""

        async def closing() -> Any:
            message = await receive()
            if message["type"] == "lifespan.shutdown" and self._stamps is not None:
                await self._stamps.close()
            return message

        return closing

    def _async_stamps(self, ctx: ServiceContext) -> AsyncStamps | None:
        """The asyncio connections of this process and event loop (made on first use)."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            # Another event loop (a test client's, say): connections belong to the loop that
            # opened them, so a new set for this one.
            if self._stamps is not None:
                self._stamps.abandon()
            self._loop, self._stamps, self._engine_seen = loop, None, False
        if not self._engine_seen:
            self._engine_seen = True
            self._stamps = async_stamps_for(getattr(ctx.uow(), "engine", None))
        return self._stamps

    async def _answer(self, scope: Scope, case_id: str) -> Any:
        headers = scope["headers"]
        token = _bearer(headers)
        actor = recently_verified(token) if token is not None else None
        if actor is None:
            return None
        state = self.owner.state
        ctx: ServiceContext = state.service
        try:
            stamps = self._async_stamps(ctx)
            if stamps is not None:
                revision = usecases.revision_seen(actor, case_id, await stamps.get(case_id))
            else:
                revision = await run_in_threadpool(_revision, ctx, actor, case_id)
        except Exception:  # the route answers it: not found, not permitted, or an error
            return None
        return answer_for_revision(
            state.case_documents, actor, case_id, revision, _header(headers, b"if-none-match")
        )


def _revision(ctx: ServiceContext, actor: Actor, case_id: str) -> int:
    return usecases.case_revision(ctx, actor, case_id)
