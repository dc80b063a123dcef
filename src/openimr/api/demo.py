"""Demonstration data: fictional reviewers, users with tokens and passwords, and the example
case files received into the workflow, so that a newcomer sees a working queue.

Everything here is invented; the reviewers' names are for staff screens only and never reach a
letter. ``load_demo`` refuses to run twice on one database.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openimr import cases
from openimr.api import accounts
from openimr.errors import OpenIMRError
from openimr.service import usecases
from openimr.service.context import SYSTEM, Actor, ServiceContext
from openimr.service.errors import InvalidRequest
from openimr.service.model import (
    Affiliation,
    AffiliationKind,
    CaseParties,
    CaseStatus,
    ReviewCase,
    Reviewer,
    Role,
)

__all__ = ["DEMO_REVIEWERS", "DemoLogin", "DemoResult", "application_from_file", "load_demo"]


def application_from_file(path: str | os.PathLike[str]) -> usecases.Application:
    """An IMR application from a case file (``openimr-case/1``); the records stay in the case.

    Raises:
        CaseFileError: the file is missing or invalid (every problem, one line each).
    """
    case_file = cases.read_case_file(path)
    content = cases.load(path)
    parties = case_file.parties
    providers = [
        p.name for p in (parties.treating_provider, parties.requesting_provider) if p and p.name
    ]
    if content.case_number is None or content.received is None:
        raise InvalidRequest(f"{Path(path).name}: application.case_number and received are needed")
    return usecases.Application(
        case_number=content.case_number,
        received=content.received,
        priority=content.priority or "standard",
        case=content,
        parties=CaseParties(
            employer=parties.employer,
            employee=parties.injured_worker.name,
            claims_administrator=parties.claims_administrator,
            providers=sorted(set(providers)),
        ),
    )


def _reviewer(reviewer_id: str, name: str, **values: object) -> Reviewer:
    defaults: dict[str, object] = {
        "id": reviewer_id,
        "name": name,
        "licensure_states": ["California"],
        "years_in_active_practice": 14,
        "hours_per_week": 30,
        "capacity": 4,
    }
    return Reviewer.model_validate(defaults | values)


DEMO_REVIEWERS = [
    _reviewer(
        "rv-pmr",
        "Dr Avery Demo (fictional)",
        board_certifications=["Physical Medicine & Rehabilitation"],
        specialties=["Physical Medicine & Rehabilitation", "Pain Medicine"],
    ),
    _reviewer(
        "rv-ortho",
        "Dr Blake Sample (fictional)",
        board_certifications=["Orthopaedic Surgery"],
        specialties=["Orthopaedic Surgery", "Sports Medicine"],
    ),
    _reviewer(
        "rv-im",
        "Dr Casey Example (fictional)",
        board_certifications=["Internal Medicine"],
        specialties=["Internal Medicine", "Occupational Medicine"],
        capacity=6,
    ),
    _reviewer(  # excluded from every demo case: affiliated with their claims administrator
        "rv-conflict",
        "Dr Drew Placeholder (fictional)",
        board_certifications=["Physical Medicine & Rehabilitation"],
        specialties=["Pain Medicine"],
        affiliations=[
            Affiliation(
                kind=AffiliationKind.CLAIMS_ADMINISTRATOR,
                name="Sample Claims Services (fictional)",
            )
        ],
    ),
    _reviewer(  # excluded: fewer than 24 hours a week in active practice
        "rv-parttime",
        "Dr Emery Mock (fictional)",
        board_certifications=["Anesthesiology"],
        specialties=["Anesthesiology", "Pain Medicine"],
        hours_per_week=10,
    ),
]


@dataclass(frozen=True)
class DemoLogin:
    """A demonstration user: email, web password and API token (shown once)."""

    email: str
    role: Role
    password: str
    token: str
    reviewer_id: str | None = None


@dataclass
class DemoResult:
    logins: list[DemoLogin] = field(default_factory=list)
    cases: dict[str, str] = field(default_factory=dict)  # case number -> status
    problems: list[str] = field(default_factory=list)


def _user(ctx: ServiceContext, email: str, role: Role, reviewer_id: str | None = None) -> DemoLogin:
    password = secrets.token_urlsafe(12)
    user = accounts.create_user(
        ctx, SYSTEM, email=email, role=role, reviewer_id=reviewer_id, password=password
    )
    token = accounts.issue_token(ctx, SYSTEM, user.id, label="demo")
    return DemoLogin(email, role, password, token.token, reviewer_id)


# How far each example goes, in turn: a queue with cases at several steps.
_STAGES = ["reviewer_assigned", "records_requested", "eligible", "drafted", "received"]


def _advance(
    ctx: ServiceContext, actor: Actor, application: usecases.Application, stage: str
) -> ReviewCase:
    records = application.case.records
    application = application.model_copy(
        update={"case": application.case.model_copy(update={"records": []})}
    )
    case = usecases.receive_application(ctx, actor, application)
    steps: list[Callable[[], ReviewCase]] = [
        lambda: usecases.check_eligibility(ctx, actor, case.id),
        lambda: usecases.request_records(ctx, actor, case.id),
        lambda: usecases.add_records(ctx, actor, case.id, records),
        lambda: usecases.assign_reviewer(ctx, actor, case.id).case,
        lambda: usecases.draft(ctx, actor, case.id),
    ]
    for step in steps:
        if case.status.value == stage or case.status in (CaseStatus.INELIGIBLE,):
            break
        before = case.status
        case = step()
        if case.status == before:  # no eligible reviewer: the case waits where it is
            break
    return case


def load_demo(ctx: ServiceContext, examples: list[Path]) -> DemoResult:
    """Register the demo reviewers and users, and take each example case as far as a queue
    shows: some drafted for their reviewer, others assigned or waiting for records or for the
    eligibility check.

    Raises:
        InvalidRequest: demo data is already loaded on this database.
    """
    result = DemoResult()
    for reviewer in DEMO_REVIEWERS:
        usecases.register_reviewer(ctx, SYSTEM, reviewer)
    result.logins.append(_user(ctx, "admin@demo.openimr.invalid", Role.ADMINISTRATOR))
    result.logins.append(_user(ctx, "manager@demo.openimr.invalid", Role.CASE_MANAGER))
    for reviewer in DEMO_REVIEWERS[:3]:
        email = f"{reviewer.id}@demo.openimr.invalid"
        result.logins.append(_user(ctx, email, Role.REVIEWER, reviewer.id))
    manager = Actor(user_id="demo-data", role=Role.CASE_MANAGER)
    for index, path in enumerate(sorted(examples)):
        try:
            application = application_from_file(path)
        except OpenIMRError as error:  # a bad example is reported, the others still load
            result.problems.append(f"{path.name}: {error}")
            continue
        case = _advance(ctx, manager, application, _STAGES[index % len(_STAGES)])
        result.cases[case.case_number] = case.status.value
    return result
