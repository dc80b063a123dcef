"""Assigning an expert reviewer: the eligible, ranked; the first whose slot is won is assigned.
No eligible (or no free) reviewer is an outcome recorded on the case, not an error."""

from __future__ import annotations

from dataclasses import dataclass

from openimr.service.assignment import rank_reviewers
from openimr.service.context import Actor, ServiceContext
from openimr.service.model import AssignmentRecord, CaseStatus, ReviewCase
from openimr.service.usecases._steps import load, move, save
from openimr.service.workflow import check_transition

__all__ = ["AssignmentOutcome", "assign_reviewer", "unassign_reviewer"]


@dataclass(frozen=True)
class AssignmentOutcome:
    """The case after the attempt and the record of every reviewer kept or excluded, and why."""

    case: ReviewCase
    record: AssignmentRecord

    @property
    def assigned(self) -> bool:
        return self.record.chosen is not None


def assign_reviewer(ctx: ServiceContext, actor: Actor, case_id: str) -> AssignmentOutcome:
    """Assign the best-ranked eligible reviewer who still has a slot (taken atomically)."""
    with ctx.uow() as uow:
        case = load(uow, actor, "assign_reviewer", case_id)
        check_transition(case.status, CaseStatus.REVIEWER_ASSIGNED, "assign_reviewer")
        ranking = rank_reviewers(
            case,
            uow.reviewers.list(active_only=False),
            policy=ctx.policy,
            at=ctx.clock(),
            table=ctx.specialties,
        )
        chosen = next(
            (
                verdict.reviewer_id
                for verdict in ranking.verdicts
                if verdict.eligible and uow.reviewers.take_slot(verdict.reviewer_id)
            ),
            None,
        )
        case.assignment = ranking.model_copy(update={"chosen": chosen})
        eligible = sum(1 for v in ranking.verdicts if v.eligible)
        considered = f"{eligible} of {len(ranking.verdicts)} reviewer(s) eligible"
        if chosen is None:
            save(
                ctx,
                uow,
                actor,
                case,
                "assign_reviewer",
                detail=f"no reviewer assigned: {considered}, none with a free slot"
                if eligible
                else f"no reviewer assigned: {considered}",
            )
        else:
            case.reviewer_id = chosen
            move(
                ctx,
                uow,
                actor,
                case,
                CaseStatus.REVIEWER_ASSIGNED,
                "assign_reviewer",
                detail=f"reviewer {chosen}; {considered}",
            )
        uow.commit()
    return AssignmentOutcome(case=case, record=case.assignment)


def unassign_reviewer(ctx: ServiceContext, actor: Actor, case_id: str, reason: str) -> ReviewCase:
    """Take the reviewer off a case not yet drafted (with a reason); their slot is given back."""
    with ctx.uow() as uow:
        case = load(uow, actor, "unassign_reviewer", case_id)
        previous = case.reviewer_id
        check_transition(case.status, CaseStatus.RECORDS_RECEIVED, "unassign_reviewer", reason)
        case.reviewer_id = None
        move(
            ctx,
            uow,
            actor,
            case,
            CaseStatus.RECORDS_RECEIVED,
            "unassign_reviewer",
            reason=reason,
            detail=f"reviewer {previous}",
        )
        if previous:
            uow.reviewers.release_slot(previous)
        uow.commit()
    return case
