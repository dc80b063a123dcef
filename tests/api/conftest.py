"""The API under test: the FastAPI app over a real database (SQLite, and PostgreSQL when it
answers), with an administrator, a case manager and two expert reviewers, each with a token."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from db.conftest import Database, db, empty_db  # noqa: F401  (the database fixtures)
from fastapi.testclient import TestClient

from openimr.api import accounts
from openimr.api.app import create_app
from openimr.api.demo import application_from_file
from openimr.bootstrap import bootstrap
from openimr.config import ReviewerSettings, ReviewOrganizationSettings, Settings
from openimr.db import make_engine, uow_factory, upgrade
from openimr.service import usecases
from openimr.service.context import SYSTEM, ServiceContext
from openimr.service.model import CaseParties, Reviewer, Role

from .builders import EXAMPLES

SETTINGS = Settings(
    review_organization=ReviewOrganizationSettings(name="Golden State Review", short_name="GSR"),
    reviewer=ReviewerSettings(licensure=["California"], specialties=["Pain Medicine"]),
)

# Fictional, but shaped like what a real case file holds: none of it may reach a log line.
PARTIES = CaseParties(
    employer="Example Manufacturing Co.",
    employee="Pat Quillfeather",
    claims_administrator="Sample Claims Services",
    providers=["Dr Morgan Treatingdoc"],
)
REVIEWER_NAMES = {"rv1": "Dr Fictional Reviewer One", "rv2": "Dr Fictional Reviewer Two"}


@dataclass
class Clock:
    now: dt.datetime = dt.datetime(2014, 8, 15, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def reviewer(reviewer_id: str, **changes: object) -> Reviewer:
    values: dict[str, object] = {
        "id": reviewer_id,
        "name": REVIEWER_NAMES.get(reviewer_id, f"Dr Fictional {reviewer_id}"),
        "licensure_states": ["California"],
        "board_certifications": ["Physical Medicine & Rehabilitation"],
        "specialties": ["Pain Medicine", "Physical Medicine & Rehabilitation"],
        "years_in_active_practice": 12,
        "hours_per_week": 32,
        "capacity": 3,
    }
    return Reviewer.model_validate(values | changes)


@dataclass
class Api:
    """A client with a token per role: ``admin``, ``manager``, ``rv1`` and ``rv2``."""

    client: TestClient
    ctx: ServiceContext
    clock: Clock
    database: Database
    tokens: dict[str, str] = field(default_factory=dict)

    def call(self, who: str, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        headers |= kwargs.pop("headers", {})
        return self.client.request(method, f"/api{path}", headers=headers, **kwargs)

    def ok(self, who: str, method: str, path: str, **kwargs: Any) -> Any:
        response = self.call(who, method, path, **kwargs)
        assert response.status_code < 300, (method, path, response.status_code, response.text)
        return response


def seed_application(**changes: object) -> dict[str, Any]:
    """The seed example's application without its records (they are uploaded), as JSON."""
    application = application_from_file(EXAMPLES / "seed-facet-and-trigger-point.yaml")
    application = application.model_copy(
        update={"case": application.case.model_copy(update={"records": []}), "parties": PARTIES}
    )
    # The changes go through validation, as a client's JSON would (a date given as text).
    return (
        type(application)
        .model_validate({**application.model_dump(mode="json"), **changes})
        .model_dump(mode="json")
    )


def seed_records() -> list[dict[str, Any]]:
    application = application_from_file(EXAMPLES / "seed-facet-and-trigger-point.yaml")
    return [r.model_dump(mode="json") for r in application.case.records]


def make_api(database: Database) -> Api:
    """The API over ``database`` (migrated), with two reviewers and a token per role."""
    clock = Clock()
    counter = itertools.count(1)
    ctx = bootstrap(
        uow_factory=uow_factory(database.engine),
        settings=SETTINGS,
        clock=clock,
        load_knowledge=False,
    )
    ctx.new_id = lambda: f"id{next(counter):04d}"
    usecases.register_reviewer(ctx, SYSTEM, reviewer("rv1"))
    usecases.register_reviewer(ctx, SYSTEM, reviewer("rv2"))
    harness = Api(TestClient(create_app(context=ctx)), ctx, clock, database)
    people = {
        "admin": (Role.ADMINISTRATOR, None),
        "manager": (Role.CASE_MANAGER, None),
        "rv1": (Role.REVIEWER, "rv1"),
        "rv2": (Role.REVIEWER, "rv2"),
    }
    for who, (role, reviewer_id) in people.items():
        user = accounts.create_user(
            ctx, SYSTEM, email=f"{who}@example.org", role=role, reviewer_id=reviewer_id
        )
        harness.tokens[who] = accounts.issue_token(ctx, SYSTEM, user.id).token
    return harness


@pytest.fixture
def api(db: Database) -> Iterator[Api]:  # noqa: F811
    harness = make_api(db)
    with harness.client:
        yield harness


@pytest.fixture
def sqlite_api(tmp_path: Path) -> Iterator[Api]:
    """The API on SQLite alone (for the long generated runs)."""
    url = f"sqlite:///{tmp_path / 'openimr.db'}"
    engine = make_engine(url)
    upgrade(engine)
    harness = make_api(Database(url, None, engine))
    with harness.client:
        yield harness
    engine.dispose()
