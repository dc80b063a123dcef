"""Deadlines as data with their sources; business days honour California state holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.domain import Priority
from openimr.service import usecases
from openimr.service.context import ServiceContext
from openimr.service.deadlines import (
    Urgency,
    add_business_days,
    days_left,
    deadline_of,
    is_business_day,
    load_deadline_rules,
    rule_for,
    urgency_of,
)
from openimr.service.model import ReviewCase

from .builders import STAFF, Clock, application, record

NOW = dt.datetime(2024, 3, 4, 9, tzinfo=dt.UTC)


def _case(
    *,
    received: dt.date = dt.date(2024, 3, 1),
    records: dt.date | None = dt.date(2024, 3, 8),
    priority: Priority = Priority.STANDARD,
    formulary: bool = False,
) -> ReviewCase:
    app = application()
    return ReviewCase(
        id="c",
        case_number="CM24-0000001",
        priority=priority,
        formulary_drug_dispute=formulary,
        application_received=received,
        records_received=records,
        content=app.case,
        created_at=NOW,
        updated_at=NOW,
    )


def test_every_rule_names_its_source() -> None:
    rules = load_deadline_rules().rules
    assert {r.id for r in rules} == {"standard", "expedited", "formulary"}
    assert all(r.source.strip() for r in rules)
    assert all("Labor Code" in r.source for r in rules if r.id != "formulary")


@pytest.mark.parametrize(
    ("day", "business"),
    [
        (dt.date(2023, 3, 31), False),  # Cesar Chavez Day, a Friday
        (dt.date(2024, 4, 1), False),  # Cesar Chavez Day (Sunday 31 March) observed on Monday
        (dt.date(2024, 11, 29), False),  # the day after Thanksgiving, a California state holiday
        (dt.date(2024, 7, 4), False),
        (dt.date(2024, 3, 30), False),  # a Saturday
        (dt.date(2024, 4, 2), True),
        (dt.date(2024, 10, 14), True),  # Columbus Day: a federal holiday, not a California one
    ],
)
def test_business_days_honour_california_state_holidays(day: dt.date, business: bool) -> None:
    assert is_business_day(day) is business


def test_five_business_days_step_over_a_weekend_and_cesar_chavez_day() -> None:
    # Wed 27 March 2024 + 5 business days: Thu 28, Fri 29, (weekend, Mon 1 April observed
    # holiday), Tue 2, Wed 3, Thu 4.
    assert add_business_days(dt.date(2024, 3, 27), 5) == dt.date(2024, 4, 4)


def test_a_standard_review_is_due_30_days_after_the_later_of_application_and_records() -> None:
    assert deadline_of(_case()) == dt.date(2024, 4, 7)
    assert deadline_of(_case(records=dt.date(2024, 2, 27))) == dt.date(2024, 3, 31)


def test_no_deadline_before_the_records_are_received() -> None:
    assert deadline_of(_case(records=None)) is None


def test_an_expedited_review_is_due_in_3_days() -> None:
    case = _case(priority=Priority.EXPEDITED)
    assert rule_for(case).id == "expedited"
    assert deadline_of(case) == dt.date(2024, 3, 11)


def test_a_formulary_drug_dispute_is_due_in_5_working_days() -> None:
    case = _case(received=dt.date(2024, 3, 20), records=dt.date(2024, 3, 27), formulary=True)
    assert rule_for(case).id == "formulary"
    assert deadline_of(case) == dt.date(2024, 4, 4)


def test_the_formulary_rule_applies_from_2018() -> None:
    before = _case(received=dt.date(2017, 12, 29), records=dt.date(2017, 12, 29), formulary=True)
    assert rule_for(before).id == "standard"
    after = _case(received=dt.date(2018, 1, 2), records=dt.date(2018, 1, 2), formulary=True)
    assert rule_for(after).id == "formulary"


def test_urgency_overdue_at_risk_on_time_and_closed() -> None:
    case = _case()
    case.deadline = deadline_of(case)  # 7 April 2024, at risk from 7 days before
    assert urgency_of(case, dt.date(2024, 3, 20)) is Urgency.ON_TIME
    assert urgency_of(case, dt.date(2024, 3, 31)) is Urgency.AT_RISK
    assert urgency_of(case, dt.date(2024, 4, 7)) is Urgency.AT_RISK
    assert urgency_of(case, dt.date(2024, 4, 8)) is Urgency.OVERDUE
    case.status = case.status.__class__("issued")
    assert urgency_of(case, dt.date(2024, 4, 8)) is None


def test_the_due_list_shows_overdue_then_at_risk_cases(ctx: ServiceContext, clock: Clock) -> None:
    ids = {}
    for number, records_day in (
        ("CM24-0000001", dt.date(2024, 3, 1)),  # due 31 March
        ("CM24-0000002", dt.date(2024, 3, 10)),  # due 9 April
        ("CM24-0000003", dt.date(2024, 3, 28)),  # due 27 April
    ):
        case = usecases.receive_application(ctx, STAFF, application(number))
        usecases.check_eligibility(ctx, STAFF, case.id)
        usecases.request_records(ctx, STAFF, case.id)
        usecases.add_records(ctx, STAFF, case.id, [record()], received=records_day)
        ids[number] = case.id
    due = usecases.list_due(ctx, STAFF, today=dt.date(2024, 4, 3))
    assert [(d.case_number, d.urgency) for d in due] == [
        ("CM24-0000001", Urgency.OVERDUE),
        ("CM24-0000002", Urgency.AT_RISK),
    ]
    assert due[0].rule == "standard" and "4610.6" in due[0].source
    usecases.withdraw(ctx, STAFF, ids["CM24-0000001"], "applicant withdrew the application")
    assert [d.case_number for d in usecases.list_due(ctx, STAFF, today=dt.date(2024, 4, 3))] == [
        "CM24-0000002"
    ]


def test_days_left_count_as_the_rule_counts() -> None:
    rules = load_deadline_rules()
    standard, formulary = rules.get("standard"), rules.get("formulary")
    # From Wed 27 March to Thu 4 April 2024: 8 calendar days, 5 business days (weekend and the
    # observed Cesar Chavez Day left out); negative once past.
    assert days_left(standard, dt.date(2024, 3, 27), dt.date(2024, 4, 4)) == 8
    assert days_left(formulary, dt.date(2024, 3, 27), dt.date(2024, 4, 4)) == 5
    assert days_left(formulary, dt.date(2024, 4, 4), dt.date(2024, 3, 27)) == -5
