"""The reviewer registry, users and API tokens."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response
from pydantic import BaseModel, ConfigDict

from openimr.api import accounts
from openimr.api.deps import ActorDep, ServiceDep
from openimr.api.schemas import PasswordIn, TokenIn, TokenOut, UserIn, UserOut
from openimr.service import usecases
from openimr.service.errors import NotFound
from openimr.service.model import AuditEntry, Reviewer

router = APIRouter(tags=["reviewers and users"])


@router.get("/reviewers", response_model=list[Reviewer])
def list_reviewers(ctx: ServiceDep, actor: ActorDep, active_only: bool = False) -> list[Reviewer]:
    """The expert reviewers (staff)."""
    return usecases.list_reviewers(ctx, actor, active_only=active_only)


@router.get("/reviewers/{reviewer_id}", response_model=Reviewer)
def get_reviewer(reviewer_id: str, ctx: ServiceDep, actor: ActorDep) -> Reviewer:
    found = [r for r in usecases.list_reviewers(ctx, actor) if r.id == reviewer_id]
    if not found:
        raise NotFound(f"no reviewer {reviewer_id}")
    return found[0]


@router.post("/reviewers", status_code=201, response_model=Reviewer)
def register_reviewer(reviewer: Reviewer, ctx: ServiceDep, actor: ActorDep) -> Reviewer:
    """Add a reviewer to the registry (administrators); the load starts at zero."""
    return usecases.register_reviewer(ctx, actor, reviewer)


@router.put("/reviewers/{reviewer_id}", response_model=Reviewer)
def update_reviewer(
    reviewer_id: str, reviewer: Reviewer, ctx: ServiceDep, actor: ActorDep
) -> Reviewer:
    """Change a reviewer's registry details (administrators); the load is never set this way."""
    if reviewer.id != reviewer_id:
        raise HTTPException(422, "id: the body's id is not the one in the path")
    return usecases.update_reviewer(ctx, actor, reviewer)


@router.get("/me", response_model=UserOut)
def me(ctx: ServiceDep, actor: ActorDep) -> UserOut:
    """Who the token belongs to."""
    return UserOut.of(accounts.current_user(ctx, actor))


@router.get("/users", response_model=list[UserOut])
def list_users(ctx: ServiceDep, actor: ActorDep) -> list[UserOut]:
    """Every user (administrators)."""
    return [UserOut.of(u) for u in accounts.list_users(ctx, actor)]


@router.post("/users", status_code=201, response_model=UserOut)
def create_user(body: UserIn, ctx: ServiceDep, actor: ActorDep) -> UserOut:
    """Add a user (administrators); a reviewer user names their registry entry."""
    user = accounts.create_user(
        ctx,
        actor,
        email=body.email,
        role=body.role,
        reviewer_id=body.reviewer_id,
        password=body.password,
    )
    return UserOut.of(user)


@router.put("/users/{user_id}/password", status_code=204)
def set_password(user_id: str, body: PasswordIn, ctx: ServiceDep, actor: ActorDep) -> Response:
    """Set a user's web password (administrators, or the user themself)."""
    accounts.set_password(ctx, actor, user_id, body.password)
    return Response(status_code=204)


@router.post("/users/{user_id}/tokens", status_code=201, response_model=TokenOut)
def issue_token(user_id: str, body: TokenIn, ctx: ServiceDep, actor: ActorDep) -> TokenOut:
    """A new API token (administrators, or the user themself); shown this once."""
    issued = accounts.issue_token(ctx, actor, user_id, label=body.label)
    return TokenOut(token_id=issued.token_id, token=issued.token, user_id=issued.user_id)


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(token_id: str, ctx: ServiceDep, actor: ActorDep) -> Response:
    """Revoke an API token (administrators, or its owner); it stops working at once."""
    accounts.revoke_token(ctx, actor, token_id)
    return Response(status_code=204)


class ActiveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    active: bool


@router.put("/users/{user_id}/active", response_model=UserOut)
def set_active(user_id: str, body: ActiveIn, ctx: ServiceDep, actor: ActorDep) -> UserOut:
    """Deactivate a user (their tokens and password stop working at once) or reactivate one
    (administrators)."""
    return UserOut.of(accounts.set_active(ctx, actor, user_id, body.active))


@router.get("/audit", response_model=list[AuditEntry], tags=["letters and audit"])
def audit_log(ctx: ServiceDep, actor: ActorDep) -> list[AuditEntry]:
    """The whole audit log, cases' and accounts' entries, in order (administrators). Read only:
    the API has no way to change or delete an entry."""
    return accounts.audit_log(ctx, actor)
