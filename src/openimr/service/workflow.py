"""The workflow's rules: which step may follow which, as a table.

A step forward needs no reason; a step back (reconsidering an ineligible case, unassigning a
reviewer, reopening a signed determination, correcting an issued one) is allowed only with a
recorded reason. Withdrawal is possible from any state before issue. Anything not in the table
is refused: no state is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from openimr.service.errors import TransitionNotAllowed
from openimr.service.model import CaseStatus

__all__ = ["Transition", "TRANSITIONS", "find_transition", "check_transition"]

S = CaseStatus


@dataclass(frozen=True)
class Transition:
    """One allowed step: from a state to another, by an action; ``backward`` needs a reason."""

    source: CaseStatus
    target: CaseStatus
    action: str
    backward: bool = False


_OPEN_BEFORE_ISSUE = (
    S.RECEIVED,
    S.ELIGIBLE,
    S.INELIGIBLE,
    S.RECORDS_REQUESTED,
    S.RECORDS_RECEIVED,
    S.REVIEWER_ASSIGNED,
    S.DRAFTED,
    S.IN_REVIEW,
    S.SIGNED,
)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.RECEIVED, S.ELIGIBLE, "check_eligibility"),
    Transition(S.RECEIVED, S.INELIGIBLE, "check_eligibility"),
    Transition(S.INELIGIBLE, S.RECEIVED, "reconsider", backward=True),
    Transition(S.ELIGIBLE, S.RECORDS_REQUESTED, "request_records"),
    Transition(S.RECORDS_REQUESTED, S.RECORDS_RECEIVED, "add_records"),
    Transition(S.RECORDS_RECEIVED, S.REVIEWER_ASSIGNED, "assign_reviewer"),
    Transition(S.REVIEWER_ASSIGNED, S.RECORDS_RECEIVED, "unassign_reviewer", backward=True),
    Transition(S.REVIEWER_ASSIGNED, S.DRAFTED, "draft"),
    Transition(S.DRAFTED, S.IN_REVIEW, "start_review"),
    Transition(S.IN_REVIEW, S.SIGNED, "sign"),
    Transition(S.SIGNED, S.IN_REVIEW, "reopen", backward=True),
    Transition(S.SIGNED, S.ISSUED, "issue"),
    Transition(S.ISSUED, S.IN_REVIEW, "correct", backward=True),
    *(Transition(state, S.WITHDRAWN, "withdraw", backward=True) for state in _OPEN_BEFORE_ISSUE),
)


def find_transition(source: CaseStatus, target: CaseStatus) -> Transition | None:
    """The table's transition from ``source`` to ``target``, if there is one."""
    return next((t for t in TRANSITIONS if t.source is source and t.target is target), None)


def check_transition(
    source: CaseStatus, target: CaseStatus, action: str, reason: str | None = None
) -> Transition:
    """The transition, or :class:`TransitionNotAllowed` saying why not (one line, no PHI)."""
    transition = find_transition(source, target)
    if transition is None or transition.action != action:
        allowed = sorted({t.action for t in TRANSITIONS if t.source is source})
        raise TransitionNotAllowed(
            f"{action}: not allowed for a case that is {source.value}"
            + (f" (allowed: {', '.join(allowed)})" if allowed else " (no further step)")
        )
    if transition.backward and not (reason and reason.strip()):
        raise TransitionNotAllowed(
            f"{action}: going from {source.value} to {target.value} needs a reason"
        )
    return transition
