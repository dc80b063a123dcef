"""A working queue for the browser tests, built through the service use cases: the example case
files received, checked, their records added, reviewers assigned and drafts made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from argon2 import PasswordHasher
from webtools import PASSWORD

from openimr.cases import load
from openimr.service import usecases
from openimr.service.context import SYSTEM, Actor, ServiceContext
from openimr.service.model import (
    Affiliation,
    AffiliationKind,
    CaseParties,
    CaseStatus,
    Reviewer,
    Role,
    User,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

REVIEWERS = [
    Reviewer(
        id="rev-pmr",
        name="Dr. Ada Example",
        licensure_states=["California"],
        board_certifications=["Physical Medicine & Rehabilitation"],
        specialties=["Physical Medicine & Rehabilitation", "Pain Management"],
        years_in_active_practice=14,
        hours_per_week=32,
        capacity=3,
    ),
    Reviewer(
        id="rev-ortho",
        name="Dr. Bo Sample",
        licensure_states=["California"],
        board_certifications=["Orthopaedic Surgery"],
        specialties=["Orthopaedic Surgery", "Sports Medicine"],
        years_in_active_practice=20,
        hours_per_week=40,
        capacity=3,
    ),
    Reviewer(
        id="rev-new",
        name="Dr. Cy Newcomer",
        licensure_states=["California"],
        board_certifications=["Internal Medicine"],
        specialties=["Internal Medicine"],
        years_in_active_practice=3,
        hours_per_week=40,
        capacity=5,
    ),
    Reviewer(
        id="rev-conflict",
        name="Dr. Di Conflicted",
        licensure_states=["California"],
        board_certifications=["Occupational Medicine"],
        specialties=["Occupational Medicine", "Preventive Medicine"],
        years_in_active_practice=12,
        hours_per_week=30,
        capacity=5,
        affiliations=[
            Affiliation(
                kind=AffiliationKind.CLAIMS_ADMINISTRATOR, name="Sample Claims Services (fictional)"
            )
        ],
    ),
]

USERS = [
    ("u-admin", "admin@example.org", Role.ADMINISTRATOR, None),
    ("u-manager", "manager@example.org", Role.CASE_MANAGER, None),
    ("u-pmr", "ada@example.org", Role.REVIEWER, "rev-pmr"),
    ("u-ortho", "bo@example.org", Role.REVIEWER, "rev-ortho"),
]


@dataclass
class Demo:
    """What was built: case ids by case number, and the status each was left in."""

    cases: dict[str, str] = field(default_factory=dict)
    reviewer_of: dict[str, str | None] = field(default_factory=dict)


def _parties(path: Path) -> CaseParties:
    data = yaml.safe_load(path.read_text(encoding="utf-8")).get("parties", {})
    return CaseParties(
        employee="Example worker (fictional)",
        employer=data.get("employer"),
        claims_administrator=data.get("claims_administrator"),
    )


# Where each example is left, and how long ago its records came in (for overdue and at-risk).
PLAN: list[tuple[str, CaseStatus, int]] = [
    ("imaging.yaml", CaseStatus.DRAFTED, 25),
    ("physical-medicine.yaml", CaseStatus.DRAFTED, 2),
    ("medications.yaml", CaseStatus.IN_REVIEW, 40),
    ("seed-facet-and-trigger-point.yaml", CaseStatus.RECORDS_RECEIVED, 5),
    ("shoulder-surgery.yaml", CaseStatus.RECEIVED, 0),
]


def build(service: ServiceContext) -> Demo:
    for reviewer in REVIEWERS:
        usecases.register_reviewer(service, SYSTEM, reviewer)
    hashed = PasswordHasher().hash(PASSWORD)
    with service.uow() as uow:
        for user_id, email, role, reviewer_id in USERS:
            uow.users.add(
                User(
                    id=user_id,
                    email=email,
                    role=role,
                    reviewer_id=reviewer_id,
                    password_hash=hashed,
                )
            )
        uow.commit()
    manager = Actor(user_id="u-manager", role=Role.CASE_MANAGER)
    today = service.clock().date()
    demo = Demo()
    for name, target, days_ago in PLAN:
        path = EXAMPLES / name
        content = load(path)
        assert content.case_number and content.received
        case = usecases.receive_application(
            service,
            manager,
            usecases.Application(
                case_number=content.case_number,
                received=content.received,
                priority=content.priority or "standard",
                case=content.model_copy(update={"records": []}),
                parties=_parties(path),
            ),
        )
        demo.cases[content.case_number] = case.id
        if target is not CaseStatus.RECEIVED:
            case = usecases.check_eligibility(service, manager, case.id)
            assert case.status is CaseStatus.ELIGIBLE, case.eligibility
            usecases.request_records(service, manager, case.id)
            usecases.add_records(
                service,
                manager,
                case.id,
                content.records,
                received=today - dt.timedelta(days=days_ago),
            )
        if target in (CaseStatus.DRAFTED, CaseStatus.IN_REVIEW):
            outcome = usecases.assign_reviewer(service, manager, case.id)
            assert outcome.assigned, outcome.record
            usecases.draft(service, manager, case.id)
            reviewer = outcome.case.reviewer_id
            demo.reviewer_of[content.case_number] = reviewer
            if target is CaseStatus.IN_REVIEW:
                user = next(u for u in USERS if u[3] == reviewer)
                usecases.start_review(
                    service,
                    Actor(user_id=user[0], role=Role.REVIEWER, reviewer_id=reviewer),
                    case.id,
                )
    return demo
