"""Assignment: each qualification and conflict-of-interest rule excludes a reviewer with its
reason; the eligible are ranked by specialty fit then workload; no eligible reviewer is an
outcome; the last slot is won once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from openimr.service import usecases
from openimr.service.assignment import AssignmentPolicy, rank_reviewers, wanted_specialties
from openimr.service.context import ServiceContext
from openimr.service.fakes import FakeUnitOfWork, InMemoryStore
from openimr.service.model import (
    Affiliation,
    AffiliationKind,
    AuditEntry,
    CaseStatus,
    ReviewCase,
    Reviewer,
)

from .builders import PARTIES, STAFF, Registry, advance_to_records_received, application, reviewer

NOW = dt.datetime(2024, 3, 4, 9, tzinfo=dt.UTC)
POLICY = AssignmentPolicy(licensure_states=("California",))


def _case() -> ReviewCase:
    app = application()
    return ReviewCase(
        id="c",
        case_number=app.case_number,
        application_received=app.received,
        content=app.case,
        parties=app.parties,
        created_at=NOW,
        updated_at=NOW,
    )


def _verdict(one: Reviewer) -> dict[str, str]:
    record = rank_reviewers(_case(), [one], policy=POLICY, at=NOW)
    (verdict,) = record.verdicts
    return {c.rule: c.reason for c in verdict.checks if not c.passed}


def test_a_qualified_reviewer_without_conflicts_is_kept_with_every_check_recorded() -> None:
    record = rank_reviewers(_case(), [reviewer()], policy=POLICY, at=NOW)
    (verdict,) = record.verdicts
    assert verdict.eligible and verdict.rank == 1
    assert {c.rule for c in verdict.checks} == {
        "licensed",
        "active_practice_years",
        "active_practice_hours",
        "board_certified",
        "capacity",
        "no_affiliation_employer",
        "no_affiliation_employee",
        "no_affiliation_claims_administrator",
        "no_affiliation_provider",
        "no_affiliation_provider_group",
    }


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"licensure_states": ["Nevada"]}, "licensed"),
        ({"years_in_active_practice": 5}, "active_practice_years"),  # more than five required
        ({"hours_per_week": 23.5}, "active_practice_hours"),
        ({"board_certifications": []}, "board_certified"),
        ({"capacity": 0}, "capacity"),
        ({"active": False}, "capacity"),
    ],
)
def test_each_qualification_rule_excludes(changes: dict[str, object], rule: str) -> None:
    assert set(_verdict(reviewer(**changes))) == {rule}


@pytest.mark.parametrize(
    ("kind", "name", "rule"),
    [
        (AffiliationKind.EMPLOYER, PARTIES.employer, "no_affiliation_employer"),
        (AffiliationKind.EMPLOYEE, PARTIES.employee, "no_affiliation_employee"),
        (
            AffiliationKind.CLAIMS_ADMINISTRATOR,
            PARTIES.claims_administrator,
            "no_affiliation_claims_administrator",
        ),
        (AffiliationKind.PROVIDER, PARTIES.providers[0], "no_affiliation_provider"),
        (
            AffiliationKind.PROVIDER_GROUP,
            PARTIES.provider_groups[0],
            "no_affiliation_provider_group",
        ),
    ],
)
def test_each_conflict_of_interest_rule_excludes(
    kind: AffiliationKind, name: str | None, rule: str
) -> None:
    assert name
    one = reviewer(affiliations=[Affiliation(kind=kind, name=name.upper() + " ")])
    assert set(_verdict(one)) == {rule}


@pytest.mark.parametrize(
    "written",
    [
        "Sample Claims Services, Inc.",
        "THE SAMPLE CLAIMS SERVICES LLC",
        "sample claims services co.",
    ],
)
def test_a_party_is_recognised_whatever_its_legal_form_and_case(written: str) -> None:
    one = reviewer(
        affiliations=[Affiliation(kind=AffiliationKind.CLAIMS_ADMINISTRATOR, name=written)]
    )
    assert set(_verdict(one)) == {"no_affiliation_claims_administrator"}


def test_an_affiliation_with_someone_else_is_no_conflict() -> None:
    one = reviewer(
        affiliations=[Affiliation(kind=AffiliationKind.EMPLOYER, name="Another Employer Inc.")]
    )
    assert _verdict(one) == {}


def test_the_disputed_items_want_the_specialties_that_treat_them() -> None:
    wanted = wanted_specialties(_case())
    assert "Physical Medicine & Rehabilitation" in wanted[0]  # physical therapy
    assert "Pain Management" in wanted[1]  # trigger point injections


def test_the_eligible_are_ranked_by_specialty_fit_then_workload() -> None:
    fits_both_busy = reviewer("a", load=2, capacity=3)
    fits_both_idle = reviewer("b", load=0, capacity=3)
    fits_none = reviewer("c", board_certifications=["Dermatology"], specialties=["Dermatology"])
    excluded = reviewer("d", hours_per_week=10)
    record = rank_reviewers(
        _case(), [fits_none, excluded, fits_both_busy, fits_both_idle], policy=POLICY, at=NOW
    )
    assert [(v.reviewer_id, v.rank) for v in record.verdicts] == [
        ("b", 1),
        ("a", 2),
        ("c", 3),
        ("d", None),
    ]
    assert record.verdicts[0].specialty_fit == 1.0 and record.verdicts[2].specialty_fit == 0.0


def test_assignment_takes_the_best_ranked_and_records_why(
    ctx: ServiceContext, registry: Registry
) -> None:
    registry.add(
        reviewer("rv1", load=0),
        reviewer("rv2", board_certifications=["Dermatology"], specialties=["Dermatology"]),
        reviewer(
            "rv3",
            affiliations=[
                Affiliation(kind=AffiliationKind.EMPLOYER, name="Example Manufacturing Co.")
            ],
        ),
    )
    case_id = advance_to_records_received(ctx)
    outcome = usecases.assign_reviewer(ctx, STAFF, case_id)
    assert outcome.assigned and outcome.case.reviewer_id == "rv1"
    assert outcome.case.status is CaseStatus.REVIEWER_ASSIGNED
    excluded = {v.reviewer_id: v for v in outcome.record.verdicts if not v.eligible}
    assert set(excluded) == {"rv3"}
    assert any(c.rule == "no_affiliation_employer" and not c.passed for c in excluded["rv3"].checks)
    with ctx.uow() as uow:
        stored = uow.reviewers.get("rv1")
        assert stored is not None and stored.load == 1
        case = uow.cases.get(case_id)
        assert case is not None and case.assignment == outcome.record


def test_no_eligible_reviewer_is_an_outcome_recorded_on_the_case(
    ctx: ServiceContext, registry: Registry
) -> None:
    registry.add(reviewer("rv1", licensure_states=["Oregon"]))
    case_id = advance_to_records_received(ctx)
    outcome = usecases.assign_reviewer(ctx, STAFF, case_id)
    assert not outcome.assigned
    assert outcome.case.status is CaseStatus.RECORDS_RECEIVED
    assert outcome.record.verdicts[0].eligible is False
    trail = usecases.audit_trail(ctx, STAFF, case_id)
    assert trail[-1].action == "assign_reviewer" and "no reviewer assigned" in trail[-1].detail


def test_a_full_reviewer_is_passed_over_for_the_next(
    ctx: ServiceContext, registry: Registry
) -> None:
    registry.add(reviewer("rv1", capacity=1), reviewer("rv2", capacity=1))
    first = advance_to_records_received(ctx, application("CM24-0000001"))
    second = advance_to_records_received(ctx, application("CM24-0000002"))
    third = advance_to_records_received(ctx, application("CM24-0000003"))
    assert usecases.assign_reviewer(ctx, STAFF, first).case.reviewer_id == "rv1"
    assert usecases.assign_reviewer(ctx, STAFF, second).case.reviewer_id == "rv2"
    assert not usecases.assign_reviewer(ctx, STAFF, third).assigned


def test_unassigning_needs_a_reason_and_gives_the_slot_back(
    ctx: ServiceContext, registry: Registry
) -> None:
    registry.add(reviewer("rv1", capacity=1))
    case_id = advance_to_records_received(ctx)
    usecases.assign_reviewer(ctx, STAFF, case_id)
    case = usecases.unassign_reviewer(ctx, STAFF, case_id, "reviewer disclosed a conflict")
    assert case.status is CaseStatus.RECORDS_RECEIVED and case.reviewer_id is None
    assert usecases.list_reviewers(ctx, STAFF)[0].load == 0
    trail: list[AuditEntry] = usecases.audit_trail(ctx, STAFF, case_id)
    assert "reason: reviewer disclosed a conflict" in trail[-1].detail


def test_two_racing_units_of_work_never_both_win_the_last_slot() -> None:
    store = InMemoryStore()
    with FakeUnitOfWork(store) as uow:
        uow.reviewers.add(reviewer("rv1", capacity=1))
        uow.commit()
    barrier = threading.Barrier(8)
    wins: list[bool] = []

    def race() -> None:
        with FakeUnitOfWork(store) as uow:
            barrier.wait()
            won = uow.reviewers.take_slot("rv1")
            wins.append(won)
            uow.commit()

    threads = [threading.Thread(target=race) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wins.count(True) == 1 and store.reviewers["rv1"].load == 1
