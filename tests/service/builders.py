"""Builders of the use-case tests: a clock the test moves, settings, actors, reviewers and
applications (all fictional), and a helper taking a case to records received."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openimr.config import ReviewerSettings, ReviewOrganizationSettings, Settings
from openimr.domain import Case, DisputedItem, Fact, Priority, Record, RecordKind
from openimr.service.context import Actor, ServiceContext
from openimr.service.model import CaseParties, Reviewer, Role
from openimr.service.usecases import Application

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

STAFF = Actor(user_id="u-staff", role=Role.CASE_MANAGER)
ADMIN = Actor(user_id="u-admin", role=Role.ADMINISTRATOR)


@dataclass
class Clock:
    now: dt.datetime = dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


SETTINGS = Settings(
    review_organization=ReviewOrganizationSettings(name="Golden State Review", short_name="GSR"),
    reviewer=ReviewerSettings(licensure=["California"], specialties=["Pain Management"]),
)


def reviewer(reviewer_id: str = "rv1", **changes: object) -> Reviewer:
    """A reviewer who passes every rule unless ``changes`` say otherwise."""
    values: dict[str, object] = {
        "id": reviewer_id,
        "name": f"Dr Fictional {reviewer_id.upper()}",
        "licensure_states": ["California"],
        "board_certifications": ["Physical Medicine & Rehabilitation"],
        "specialties": ["Pain Management"],
        "years_in_active_practice": 12,
        "hours_per_week": 32,
        "capacity": 3,
    }
    values.update(changes)
    return Reviewer.model_validate(values)


def reviewer_actor(reviewer_id: str = "rv1") -> Actor:
    return Actor(user_id=f"u-{reviewer_id}", role=Role.REVIEWER, reviewer_id=reviewer_id)


PARTIES = CaseParties(
    employer="Example Manufacturing Co.",
    employee="Worker 0001",
    claims_administrator="Sample Claims Services",
    providers=["Dr Treating Provider"],
    provider_groups=["Valley Pain Group"],
)


def application(case_number: str = "CM24-0000001", **changes: object) -> Application:
    """An application that passes every eligibility rule unless ``changes`` say otherwise."""
    content = Case(
        date_of_injury=dt.date(2019, 5, 2),
        request_date=dt.date(2024, 1, 20),
        ur_decision_date=dt.date(2024, 2, 1),
        ur_cited_guidelines=["MTUS Chronic Pain Medical Treatment Guidelines 2009"],
        items=[
            DisputedItem(request="Physical therapy 2 times a week for 4 weeks"),
            DisputedItem(request="Trigger point injections x 3"),
        ],
    )
    case_changes = changes.pop("case_changes", {})
    assert isinstance(case_changes, dict)
    values: dict[str, object] = {
        "case_number": case_number,
        "received": dt.date(2024, 2, 20),
        "priority": Priority.STANDARD,
        "case": content.model_copy(update=case_changes),
        "parties": PARTIES,
    }
    values.update(changes)
    return Application.model_validate(values)


def record(record_id: str = "r1", day: dt.date = dt.date(2024, 1, 15)) -> Record:
    return Record(
        id=record_id,
        date=day,
        type="PR-2",
        kind=RecordKind.PROGRESS_REPORT,
        text="Low back pain for two years. Examination: tender trigger points in the lumbar "
        "paraspinal muscles. Plan: physical therapy and trigger point injections.",
    )


@dataclass
class Registry:
    """Reviewers registered in a test's store."""

    ctx: ServiceContext
    added: list[Reviewer] = field(default_factory=list)

    def add(self, *reviewers: Reviewer) -> None:
        from openimr.service.usecases import register_reviewer

        for one in reviewers:
            self.added.append(register_reviewer(self.ctx, ADMIN, one))


def advance_to_records_received(ctx: ServiceContext, app: Application | None = None) -> str:
    """Receive an application and take it to records received; its case id."""
    from openimr.service import usecases

    case = usecases.receive_application(ctx, STAFF, app or application())
    usecases.check_eligibility(ctx, STAFF, case.id)
    usecases.request_records(ctx, STAFF, case.id)
    usecases.add_records(ctx, STAFF, case.id, [record()])
    return case.id


Advance = Callable[..., str]


class CountingExtractor:
    """The clinical extractor, counting the records it is asked to read."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> list[Fact]:
        from openimr.clinical import extract  # spaCy loads only for the tests that extract

        self.calls += 1
        return extract(*args, **kwargs)
