"""Reading cases, the due list, the audit trail, and withdrawal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openimr.service.context import Actor, ServiceContext
from openimr.service.deadlines import Urgency, rule_for, urgency_of
from openimr.service.errors import NotFound
from openimr.service.model import AuditEntry, CaseStatus, ReviewCase, Role
from openimr.service.permissions import may_see, require
from openimr.service.ports import CaseStamp
from openimr.service.usecases._steps import load, move

__all__ = [
    "DueCase",
    "case_revision",
    "revision_seen",
    "get_case",
    "list_cases",
    "list_due",
    "audit_trail",
    "withdraw",
]


def get_case(ctx: ServiceContext, actor: Actor, case_id: str) -> ReviewCase:
    """A case the actor may see (a reviewer: only a case assigned to them)."""
    with ctx.uow() as uow:
        return load(uow, actor, "read_case", case_id)


def case_revision(ctx: ServiceContext, actor: Actor, case_id: str) -> int:
    """The revision of a case the actor may see (one more at every save), read without the
    case's content: what a copy of the case kept elsewhere is checked against. The same
    :class:`NotFound` as :func:`get_case` for a case the actor may not see."""
    require(actor, "read_case")
    with ctx.uow() as uow:
        stamp = uow.cases.stamp(case_id)
    return revision_seen(actor, case_id, stamp)


def revision_seen(actor: Actor, case_id: str, stamp: CaseStamp | None) -> int:
    """The revision of a case from its stamp as just read, if the actor may read the case:
    :func:`case_revision`'s checks, for a caller that read the stamp another way."""
    require(actor, "read_case")
    if stamp is None or not may_see(actor, stamp.reviewer_id):
        raise NotFound(f"no case {case_id}")
    return stamp.revision


def list_cases(
    ctx: ServiceContext, actor: Actor, *, statuses: list[CaseStatus] | None = None
) -> list[ReviewCase]:
    """The cases the actor may see, oldest application first."""
    require(actor, "read_case")
    with ctx.uow() as uow:
        if actor.role is Role.REVIEWER:
            if actor.reviewer_id is None:
                return []
            return uow.cases.find(statuses=statuses, reviewer_id=actor.reviewer_id)
        return uow.cases.find(statuses=statuses)


@dataclass(frozen=True)
class DueCase:
    """An open case by its deadline: overdue or at risk, and the rule the deadline follows."""

    case_id: str
    case_number: str
    status: CaseStatus
    deadline: dt.date
    urgency: Urgency
    rule: str
    source: str


_OPEN = [
    s
    for s in CaseStatus
    if s not in (CaseStatus.ISSUED, CaseStatus.WITHDRAWN, CaseStatus.INELIGIBLE)
]


def list_due(ctx: ServiceContext, actor: Actor, *, today: dt.date | None = None) -> list[DueCase]:
    """Open cases that are overdue or at risk of it, most urgent first."""
    require(actor, "list_due")
    today = today or ctx.clock().date()
    horizon = today + dt.timedelta(days=max(r.at_risk_days for r in ctx.deadline_rules.rules) * 3)
    with ctx.uow() as uow:
        cases = uow.cases.find(statuses=_OPEN, deadline_before=horizon)
    due = []
    for case in cases:
        urgency = urgency_of(case, today, ctx.deadline_rules)
        if urgency in (Urgency.OVERDUE, Urgency.AT_RISK) and case.deadline is not None:
            rule = rule_for(case, ctx.deadline_rules)
            due.append(
                DueCase(
                    case_id=case.id,
                    case_number=case.case_number,
                    status=case.status,
                    deadline=case.deadline,
                    urgency=urgency,
                    rule=rule.id,
                    source=rule.source,
                )
            )
    return sorted(due, key=lambda d: (d.urgency is not Urgency.OVERDUE, d.deadline, d.case_number))


def audit_trail(ctx: ServiceContext, actor: Actor, case_id: str) -> list[AuditEntry]:
    """A case's audit entries, in order (read only: there is no way to change one)."""
    with ctx.uow() as uow:
        case = load(uow, actor, "read_case", case_id)
        return uow.audit.list(case_id=case.id)


def withdraw(ctx: ServiceContext, actor: Actor, case_id: str, reason: str) -> ReviewCase:
    """Withdraw a case not yet issued (with a reason); an assigned reviewer's slot is given back."""
    with ctx.uow() as uow:
        case = load(uow, actor, "withdraw", case_id)
        case.withdrawn_reason = reason.strip() if reason else None
        move(ctx, uow, actor, case, CaseStatus.WITHDRAWN, "withdraw", reason=reason)
        if case.reviewer_id:
            uow.reviewers.release_slot(case.reviewer_id)
        uow.commit()
    return case
