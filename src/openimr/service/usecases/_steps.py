"""What every use case does the same way: load the case the actor may act on, move it along the
workflow, save it, write the audit entry, log ids only."""

from __future__ import annotations

import logging
from collections.abc import Collection

from openimr.service.context import Actor, ServiceContext
from openimr.service.model import AuditEntry, CaseStatus, ReviewCase
from openimr.service.permissions import require_case
from openimr.service.ports import AbstractUnitOfWork
from openimr.service.workflow import check_transition

__all__ = ["log", "load", "move", "record", "save", "step"]

log = logging.getLogger("openimr.service")


def load(uow: AbstractUnitOfWork, actor: Actor, action: str, case_id: str) -> ReviewCase:
    return require_case(actor, action, uow.cases.get(case_id), case_id)


def record(
    ctx: ServiceContext,
    uow: AbstractUnitOfWork,
    actor: Actor,
    case: ReviewCase | None,
    action: str,
    *,
    source: CaseStatus | None = None,
    target: CaseStatus | None = None,
    detail: str = "",
) -> AuditEntry:
    """Append the audit entry of an action (``detail``: ids, rule names, counts; never PHI)."""
    entry = uow.audit.add(
        AuditEntry(
            at=ctx.clock(),
            actor=actor.user_id,
            case_id=case.id if case else None,
            action=action,
            from_status=source,
            to_status=target,
            detail=detail,
        )
    )
    log.info(
        "%s by user %s on case %s%s",
        action,
        actor.user_id,
        case.id if case else "-",
        f": {source.value} -> {target.value}" if source and target and source != target else "",
    )
    return entry


def move(
    ctx: ServiceContext,
    uow: AbstractUnitOfWork,
    actor: Actor,
    case: ReviewCase,
    target: CaseStatus,
    action: str,
    *,
    reason: str | None = None,
    detail: str = "",
    unchanged: Collection[str] = (),
) -> None:
    """Move the case to ``target`` by ``action`` (refused unless the workflow allows it, and a
    step back without a reason), save it and audit it. The reason of a step back is recorded
    in the audit entry."""
    source = case.status
    transition = check_transition(source, target, action, reason)
    case.status = target
    case.updated_at = ctx.clock()
    uow.cases.save(case, unchanged=unchanged)
    if transition.backward and reason:
        detail = f"{detail}; reason: {reason.strip()}" if detail else f"reason: {reason.strip()}"
    record(ctx, uow, actor, case, action, source=source, target=target, detail=detail)


def save(
    ctx: ServiceContext,
    uow: AbstractUnitOfWork,
    actor: Actor,
    case: ReviewCase,
    action: str,
    *,
    detail: str = "",
) -> None:
    """Save a change that does not move the case along the workflow, and audit it."""
    case.updated_at = ctx.clock()
    uow.cases.save(case)
    record(ctx, uow, actor, case, action, detail=detail)


def step(
    ctx: ServiceContext,
    actor: Actor,
    case_id: str,
    target: CaseStatus,
    action: str,
    *,
    reason: str | None = None,
) -> ReviewCase:
    """A use case that is only a step of the workflow: one transaction, moved and audited."""
    with ctx.uow() as uow:
        case = load(uow, actor, action, case_id)
        move(ctx, uow, actor, case, target, action, reason=reason)
        uow.commit()
    return case
