"""Migrations go up and down on SQLite and PostgreSQL, and the newest matches the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from db.conftest import Database
from openimr.db import DatabaseError, current_revision, downgrade, head_revision, upgrade
from openimr.db.tables import metadata

TABLES = {
    "cases",
    "reviewers",
    "users",
    "api_tokens",
    "audit_entries",
    "letter_pdfs",
    "record_facts",
}


def _tables(db: Database) -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_creates_every_table_and_downgrade_removes_them(empty_db: Database) -> None:
    assert current_revision(empty_db.engine) is None
    upgrade(empty_db.engine)
    assert current_revision(empty_db.engine) == head_revision()
    assert _tables(empty_db) == TABLES
    downgrade(empty_db.engine, "base")
    assert current_revision(empty_db.engine) is None
    assert _tables(empty_db) == set()
    upgrade(empty_db.engine)  # and up again: the downgrade left nothing behind
    assert _tables(empty_db) == TABLES


def test_upgrade_twice_changes_nothing(db: Database) -> None:
    upgrade(db.engine)
    assert current_revision(db.engine) == head_revision()


def test_the_migrated_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_an_unknown_revision_is_a_one_line_error(db: Database) -> None:
    with pytest.raises(DatabaseError, match="migration: .*nonexistent"):
        downgrade(db.engine, "nonexistent")


def test_the_summary_column_comes_and_goes_with_its_revision(db: Database) -> None:
    def columns() -> set[str]:
        return {c["name"] for c in inspect(db.engine).get_columns("cases")}

    assert "summary" in columns()
    downgrade(db.engine, "0001")
    assert "summary" not in columns() and current_revision(db.engine) == "0001"
    upgrade(db.engine)
    assert "summary" in columns()


def test_the_record_facts_table_comes_and_goes_with_its_revision(db: Database) -> None:
    assert "record_facts" in _tables(db)
    downgrade(db.engine, "0002")
    assert "record_facts" not in _tables(db) and current_revision(db.engine) == "0002"
    assert "summary" in {c["name"] for c in inspect(db.engine).get_columns("cases")}
    upgrade(db.engine)
    assert "record_facts" in _tables(db) and current_revision(db.engine) == head_revision()
