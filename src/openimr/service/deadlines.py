"""When a case's Final Determination is due: rules as data (``data/deadlines.yaml``), business
days that honour California state holidays (the ``holidays`` package, subdivision "CA")."""

from __future__ import annotations

import datetime as dt
import functools
from enum import Enum
from importlib import resources
from typing import Literal

import holidays
import yaml
from pydantic import BaseModel, ConfigDict, Field

from openimr.domain import Priority
from openimr.service.model import CaseStatus, ReviewCase

__all__ = [
    "DeadlineRule",
    "DeadlineRules",
    "Urgency",
    "load_deadline_rules",
    "is_business_day",
    "add_business_days",
    "rule_for",
    "deadline_of",
    "days_left",
    "urgency_of",
]


class DeadlineRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Literal["standard", "expedited", "formulary"]
    description: str
    days: int = Field(gt=0)
    counting: Literal["calendar", "business"]
    starts: Literal["application_and_records"]
    at_risk_days: int = Field(ge=0)
    source: str
    effective_from: dt.date | None = None


class DeadlineRules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rules: list[DeadlineRule]

    def get(self, rule_id: str) -> DeadlineRule:
        return next(rule for rule in self.rules if rule.id == rule_id)


@functools.cache
def load_deadline_rules() -> DeadlineRules:
    """The deadline rules shipped with OpenIMR (validated when loaded)."""
    text = resources.files("openimr.service").joinpath("data/deadlines.yaml").read_text("utf-8")
    return DeadlineRules.model_validate(yaml.safe_load(text))


@functools.cache
def _california(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("US", subdiv="CA", years=year)


def is_business_day(day: dt.date) -> bool:
    """Monday to Friday and not a California state holiday."""
    return day.weekday() < 5 and day not in _california(day.year)


def add_business_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th business day after ``start`` (``start`` itself is not counted)."""
    day = start
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_business_day(day):
            counted += 1
    return day


def rule_for(case: ReviewCase, rules: DeadlineRules | None = None) -> DeadlineRule:
    """The rule a case's deadline follows: expedited first, then a formulary drug dispute
    (where the formulary was in force on the application's date), else standard."""
    rules = rules or load_deadline_rules()
    if case.priority is Priority.EXPEDITED:
        return rules.get("expedited")
    formulary = rules.get("formulary")
    if case.formulary_drug_dispute and (
        formulary.effective_from is None or case.application_received >= formulary.effective_from
    ):
        return formulary
    return rules.get("standard")


def deadline_of(case: ReviewCase, rules: DeadlineRules | None = None) -> dt.date | None:
    """The date the determination is due; None until the medical records are received (the
    period runs from receipt of the application and the records)."""
    if case.records_received is None:
        return None
    rule = rule_for(case, rules)
    start = max(case.application_received, case.records_received)
    if rule.counting == "business":
        return add_business_days(start, rule.days)
    return start + dt.timedelta(days=rule.days)


class Urgency(str, Enum):
    OVERDUE = "overdue"
    AT_RISK = "at_risk"
    ON_TIME = "on_time"


_CLOSED = (CaseStatus.ISSUED, CaseStatus.WITHDRAWN, CaseStatus.INELIGIBLE)


def days_left(rule: DeadlineRule, today: dt.date, deadline: dt.date) -> int:
    """Days from ``today`` to ``deadline`` as ``rule`` counts them (calendar or business days);
    negative once the deadline has passed."""
    if rule.counting == "calendar":
        return (deadline - today).days
    step = 1 if deadline >= today else -1
    days, day = 0, today
    while day != deadline:
        day += dt.timedelta(days=step)
        if is_business_day(day):
            days += step
    return days


def urgency_of(
    case: ReviewCase, today: dt.date, rules: DeadlineRules | None = None
) -> Urgency | None:
    """Overdue (past its deadline, still open), at risk (within the rule's at-risk days), on
    time; None for a case without a deadline or already closed."""
    if case.deadline is None or case.status in _CLOSED:
        return None
    rule = rule_for(case, rules)
    if today > case.deadline:
        return Urgency.OVERDUE
    if days_left(rule, today, case.deadline) <= rule.at_risk_days:
        return Urgency.AT_RISK
    return Urgency.ON_TIME
