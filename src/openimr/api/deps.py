"""What every route depends on: the service context and the signed-in actor (Bearer token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from openimr.api.accounts import authenticate_token, recently_verified
from openimr.service.context import Actor, ServiceContext
from openimr.service.model import Role

__all__ = ["ActorDep", "ServiceDep", "is_staff"]

_bearer = HTTPBearer(auto_error=False, description="An API token: 'Authorization: Bearer oimr_...'")


async def _service(request: Request) -> ServiceContext:
    # async, though it does not wait: FastAPI runs a plain function dependency in a worker
    # thread, a thread hop per request for a dictionary lookup.
    context: ServiceContext = request.app.state.service
    return context


async def _actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The token's actor: from the recent-verification cache at once, else verified (database
    and argon2) in a worker thread, off the event loop."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            401,
            "an API token is required (Authorization: Bearer ...)",
            {"WWW-Authenticate": "Bearer"},
        )
    actor = recently_verified(credentials.credentials)
    if actor is None:
        actor = await run_in_threadpool(
            authenticate_token, request.app.state.service, credentials.credentials
        )
    if actor is None:
        raise HTTPException(
            401, "the API token is not valid", {"WWW-Authenticate": 'Bearer error="invalid_token"'}
        )
    return actor


ServiceDep = Annotated[ServiceContext, Depends(_service)]
ActorDep = Annotated[Actor, Depends(_actor)]


def is_staff(actor: Actor) -> bool:
    return actor.role in (Role.ADMINISTRATOR, Role.CASE_MANAGER)
