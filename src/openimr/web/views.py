"""What the queue and the case page show of a case, computed once per page from the use cases'
results: days left by the case's own deadline rule, and whether it is overdue or at risk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openimr.service import deadlines
from openimr.service.deadlines import (
    DeadlineRule,
    DeadlineRules,
    Urgency,
    rule_for,
    urgency_of,
)
from openimr.service.model import CaseStatus, ReviewCase

__all__ = ["CLOSED", "STATUS_NAMES", "Timing", "timing"]

STATUS_NAMES = {
    CaseStatus.RECEIVED: "Received",
    CaseStatus.ELIGIBLE: "Eligible",
    CaseStatus.INELIGIBLE: "Ineligible",
    CaseStatus.RECORDS_REQUESTED: "Records requested",
    CaseStatus.RECORDS_RECEIVED: "Records received",
    CaseStatus.REVIEWER_ASSIGNED: "Reviewer assigned",
    CaseStatus.DRAFTED: "Drafted",
    CaseStatus.IN_REVIEW: "In review",
    CaseStatus.SIGNED: "Signed",
    CaseStatus.ISSUED: "Issued",
    CaseStatus.WITHDRAWN: "Withdrawn",
}
CLOSED = frozenset({CaseStatus.ISSUED, CaseStatus.WITHDRAWN, CaseStatus.INELIGIBLE})


@dataclass(frozen=True)
class Timing:
    """A case's deadline as a reader wants it: the rule, the days left, and how urgent."""

    rule: DeadlineRule
    deadline: dt.date | None
    days_left: int | None
    urgency: Urgency | None

    @property
    def days_text(self) -> str:
        if self.days_left is None:
            return "—"
        unit = "working day" if self.rule.counting == "business" else "day"
        count = abs(self.days_left)
        plural = f"{count} {unit}{'' if count == 1 else 's'}"
        if self.days_left < 0:
            return f"{plural} overdue"
        return "due today" if self.days_left == 0 else f"{plural} left"


def timing(case: ReviewCase, today: dt.date, rules: DeadlineRules) -> Timing:
    rule = rule_for(case, rules)
    open_with_deadline = case.deadline is not None and case.status not in CLOSED
    return Timing(
        rule=rule,
        deadline=case.deadline,
        days_left=deadlines.days_left(rule, today, case.deadline)
        if open_with_deadline and case.deadline
        else None,
        urgency=urgency_of(case, today, rules),
    )
