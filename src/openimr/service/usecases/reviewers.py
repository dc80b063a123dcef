"""The registry of expert reviewers (administrators keep it; staff read it)."""

from __future__ import annotations

from openimr.service.context import Actor, ServiceContext
from openimr.service.errors import InvalidRequest, NotFound
from openimr.service.model import Reviewer
from openimr.service.permissions import require
from openimr.service.usecases._steps import record

__all__ = ["register_reviewer", "update_reviewer", "list_reviewers"]


def register_reviewer(ctx: ServiceContext, actor: Actor, reviewer: Reviewer) -> Reviewer:
    """Add a reviewer to the registry (their load starts at zero)."""
    require(actor, "manage_reviewers")
    reviewer = reviewer.model_copy(update={"load": 0})
    with ctx.uow() as uow:
        if uow.reviewers.get(reviewer.id) is not None:
            raise InvalidRequest(f"reviewer id {reviewer.id} is already registered")
        uow.reviewers.add(reviewer)
        record(ctx, uow, actor, None, "register_reviewer", detail=f"reviewer {reviewer.id}")
        uow.commit()
    return reviewer


def update_reviewer(ctx: ServiceContext, actor: Actor, reviewer: Reviewer) -> Reviewer:
    """Change a reviewer's registry details (licensure, certifications, practice, affiliations,
    capacity, active); their current load is never set this way."""
    require(actor, "manage_reviewers")
    with ctx.uow() as uow:
        stored = uow.reviewers.get(reviewer.id)
        if stored is None:
            raise NotFound(f"no reviewer {reviewer.id}")
        updated = reviewer.model_copy(update={"load": stored.load})
        uow.reviewers.save(updated)
        record(ctx, uow, actor, None, "update_reviewer", detail=f"reviewer {reviewer.id}")
        uow.commit()
    return updated


def list_reviewers(
    ctx: ServiceContext, actor: Actor, *, active_only: bool = False
) -> list[Reviewer]:
    require(actor, "read_reviewers")
    with ctx.uow() as uow:
        return uow.reviewers.list(active_only=active_only)
