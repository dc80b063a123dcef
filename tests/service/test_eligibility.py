"""Each eligibility rule on its own: it passes for a good application and fails for the one
fault it checks, with a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.domain import DisputedItem
from openimr.service import usecases
from openimr.service.context import ServiceContext
from openimr.service.eligibility import check_eligibility
from openimr.service.model import CaseStatus, ReviewCase

from .builders import STAFF, application, record

TODAY = dt.date(2024, 3, 4)
NOW = dt.datetime(2024, 3, 4, 9, tzinfo=dt.UTC)


def _case(**changes: object) -> ReviewCase:
    app = application(**changes)
    content = app.case
    return ReviewCase(
        id="c",
        case_number=app.case_number,
        application_received=app.received,
        ur_decision_date=content.ur_decision_date,
        content=content,
        parties=app.parties,
        created_at=NOW,
        updated_at=NOW,
    )


def _failed(case: ReviewCase, decided: tuple[str, ...] = ()) -> dict[str, str]:
    return {
        c.rule: c.reason
        for c in check_eligibility(case, today=TODAY, decided_requests=decided)
        if not c.passed
    }


def test_a_good_application_passes_every_rule() -> None:
    checks = check_eligibility(_case(), today=TODAY)
    assert [c.rule for c in checks] == [
        "ur_denied_or_modified",
        "filed_within_30_days",
        "items_present_and_undecided",
        "dates_consistent",
    ]
    assert all(c.passed and c.reason for c in checks)


def test_no_ur_decision_fails_the_ur_rule() -> None:
    failed = _failed(_case(case_changes={"ur_decision_date": None}))
    assert "ur_denied_or_modified" in failed


def test_an_item_ur_certified_is_not_disputable() -> None:
    failed = _failed(_case(case_changes={"ur_certified": ["Trigger point injections x 3"]}))
    assert set(failed) == {"ur_denied_or_modified"}
    assert "item(s) 2" in failed["ur_denied_or_modified"]


@pytest.mark.parametrize(("days", "passes"), [(0, True), (30, True), (31, False)])
def test_the_application_is_filed_within_30_days_of_the_ur_decision(
    days: int, passes: bool
) -> None:
    ur = dt.date(2024, 1, 15)
    case = _case(
        received=ur + dt.timedelta(days=days),
        case_changes={"ur_decision_date": ur, "request_date": dt.date(2024, 1, 2)},
    )
    assert ("filed_within_30_days" not in _failed(case)) is passes


def test_no_disputed_item_fails() -> None:
    failed = _failed(_case(case_changes={"items": []}))
    assert set(failed) == {"items_present_and_undecided"}


def test_a_repeated_item_fails() -> None:
    items = [DisputedItem(request="Trigger point injections x 3")] * 2
    failed = _failed(_case(case_changes={"items": items}))
    assert "repeat" in failed["items_present_and_undecided"]


def test_an_item_already_decided_for_the_same_request_fails() -> None:
    failed = _failed(_case(), decided=("trigger point injections x 3.",))
    assert "item(s) 2 already decided" in failed["items_present_and_undecided"]


def test_an_injury_after_the_request_fails_the_date_rule() -> None:
    failed = _failed(_case(case_changes={"date_of_injury": dt.date(2024, 1, 25)}))
    assert set(failed) == {"dates_consistent"}
    assert "injury is dated after the request" in failed["dates_consistent"]


def test_a_ur_decision_before_the_request_fails_the_date_rule() -> None:
    failed = _failed(_case(case_changes={"request_date": dt.date(2024, 2, 5)}))
    assert "before the request" in failed["dates_consistent"]


def test_a_ur_decision_after_the_application_fails() -> None:
    failed = _failed(_case(received=dt.date(2024, 1, 25)))
    assert "after the application" in failed["dates_consistent"]
    assert "filed_within_30_days" in failed


def test_the_use_case_records_every_check_and_moves_the_case(ctx: ServiceContext) -> None:
    good = usecases.receive_application(ctx, STAFF, application("CM24-0000001"))
    late = usecases.receive_application(
        ctx, STAFF, application("CM24-0000002", received=dt.date(2024, 3, 4))
    )
    assert usecases.check_eligibility(ctx, STAFF, good.id).status is CaseStatus.ELIGIBLE
    checked = usecases.check_eligibility(ctx, STAFF, late.id)
    assert checked.status is CaseStatus.INELIGIBLE
    assert [c.rule for c in checked.eligibility if not c.passed] == ["filed_within_30_days"]
    assert len(checked.eligibility) == 4


def test_a_case_decided_before_for_the_same_request_is_found_by_the_use_case(
    ctx: ServiceContext,
) -> None:
    first = usecases.receive_application(ctx, STAFF, application("CM24-0000001"))
    usecases.check_eligibility(ctx, STAFF, first.id)
    usecases.request_records(ctx, STAFF, first.id)
    usecases.add_records(ctx, STAFF, first.id, [record()])
    # Mark the first case decided the way the workflow would, through the store.
    with ctx.uow() as uow:
        case = uow.cases.get(first.id)
        assert case is not None
        case.status = CaseStatus.ISSUED
        uow.cases.save(case)
        uow.commit()
    again = usecases.receive_application(ctx, STAFF, application("CM24-0000002"))
    checked = usecases.check_eligibility(ctx, STAFF, again.id)
    assert checked.status is CaseStatus.INELIGIBLE
    assert [c.rule for c in checked.eligibility if not c.passed] == ["items_present_and_undecided"]


def test_another_workers_case_on_the_same_day_is_not_the_same_request(
    ctx: ServiceContext,
) -> None:
    first = usecases.receive_application(ctx, STAFF, application("CM24-0000001"))
    with ctx.uow() as uow:
        case = uow.cases.get(first.id)
        assert case is not None
        case.status = CaseStatus.ISSUED
        uow.cases.save(case)
        uow.commit()
    other_worker = application("CM24-0000002").parties.model_copy(
        update={"employee": "Worker 0002"}
    )
    no_worker = application("CM24-0000003").parties.model_copy(update={"employee": None})
    for number, parties in (("CM24-0000002", other_worker), ("CM24-0000003", no_worker)):
        again = usecases.receive_application(ctx, STAFF, application(number, parties=parties))
        assert usecases.check_eligibility(ctx, STAFF, again.id).status is CaseStatus.ELIGIBLE
