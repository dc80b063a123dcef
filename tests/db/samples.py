"""Workflow values to store in the persistence tests: one example case file, fictional people."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openimr import cases
from openimr.domain import Priority
from openimr.service.model import (
    Affiliation,
    AffiliationKind,
    ApiToken,
    AuditEntry,
    CaseParties,
    CaseStatus,
    ReviewCase,
    Reviewer,
    Role,
    RuleCheck,
    User,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOW = dt.datetime(2024, 3, 5, 14, 30, tzinfo=dt.UTC)


def review_case(
    case_id: str = "case-1", number: str = "CM24-0000001", **changes: object
) -> ReviewCase:
    content = cases.load(EXAMPLES / "seed-facet-and-trigger-point.yaml")
    case = ReviewCase(
        id=case_id,
        case_number=number,
        priority=Priority.STANDARD,
        application_received=dt.date(2024, 3, 4),
        ur_decision_date=content.ur_decision_date,
        content=content,
        parties=CaseParties(employer="Acme Warehousing", claims_administrator="Example Claims"),
        eligibility=[RuleCheck(rule="filed_in_time", passed=True, reason="filed 12 days after")],
        created_at=NOW,
        updated_at=NOW,
    )
    for key, value in changes.items():
        setattr(case, key, value)
    return case


def reviewer(reviewer_id: str = "rev-1", capacity: int = 3, **changes: object) -> Reviewer:
    return Reviewer(
        id=reviewer_id,
        name="Dr. Fictional Example",
        licensure_states=["CA"],
        board_certifications=["Physical Medicine & Rehabilitation"],
        specialties=["Pain Medicine"],
        years_in_active_practice=12,
        hours_per_week=30,
        affiliations=[Affiliation(kind=AffiliationKind.EMPLOYER, name="Other Employer Inc")],
        capacity=capacity,
        **changes,  # type: ignore[arg-type]
    )


def user(user_id: str = "user-1", email: str = "Staff@Example.org", **changes: object) -> User:
    return User(
        id=user_id,
        email=email,
        role=Role.CASE_MANAGER,
        password_hash="$argon2id$fake",
        tokens=[ApiToken(token_id="tok1", hash="$argon2id$t1", created_at=NOW, label="laptop")],
        **changes,  # type: ignore[arg-type]
    )


def audit_entry(case_id: str | None = "case-1", action: str = "receive") -> AuditEntry:
    return AuditEntry(
        at=NOW,
        actor="user-1",
        case_id=case_id,
        action=action,
        from_status=None,
        to_status=CaseStatus.RECEIVED,
        detail="application received",
    )
