"""Databases for the persistence and API tests: SQLite always, PostgreSQL when it answers.

PostgreSQL is named by ``OPENIMR_TEST_POSTGRES_URL`` (``.ci/run`` sets it when the server answers);
each test gets a schema of its own, dropped afterwards, so runs never collide.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from openimr.db import make_engine, normalize_url, upgrade

POSTGRES_URL = os.environ.get("OPENIMR_TEST_POSTGRES_URL")
NO_POSTGRES = (
    "PostgreSQL server not configured: set OPENIMR_TEST_POSTGRES_URL "
    "(e.g. postgresql://postgres@127.0.0.1:5432/test); .ci/run sets it when the server answers"
)


@dataclass
class Database:
    """A migrated-or-empty test database: its URL, the schema (PostgreSQL) and an engine on it."""

    url: str
    schema: str | None
    engine: Engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


def _postgres_schema() -> Iterator[tuple[str, str]]:
    import psycopg

    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    schema = f"openimr_test_{uuid.uuid4().hex[:12]}"
    plain = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield normalize_url(POSTGRES_URL), schema
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty database (no tables) on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'openimr.db'}"
        engine = make_engine(url)
        yield Database(url, None, engine)
        engine.dispose()
        return
    for url, schema in _postgres_schema():
        engine = make_engine(url, schema=schema)
        yield Database(url, schema, engine)
        engine.dispose()


@pytest.fixture
def pg_empty_db() -> Iterator[Database]:
    """An empty PostgreSQL database alone (its own schema)."""
    for url, schema in _postgres_schema():
        engine = make_engine(url, schema=schema)
        yield Database(url, schema, engine)
        engine.dispose()


@pytest.fixture
def pg_db(pg_empty_db: Database) -> Database:
    """A migrated PostgreSQL database alone, for what needs real concurrent transactions."""
    upgrade(pg_empty_db.engine)
    return pg_empty_db


@pytest.fixture
def db(empty_db: Database) -> Database:
    """A database migrated to the newest revision, on each backend."""
    upgrade(empty_db.engine)
    return empty_db
