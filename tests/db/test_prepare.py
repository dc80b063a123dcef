"""The embedded database is created and migrated on first use; bad URLs are one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.conftest import Database
from openimr.db import (
    DatabaseError,
    current_revision,
    default_url,
    head_revision,
    normalize_url,
    prepare,
)


def test_the_embedded_database_lives_under_the_data_dir_and_is_migrated_on_first_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENIMR_DATA_DIR", str(tmp_path / "data"))
    url = prepare()
    assert url == default_url() == f"sqlite:///{tmp_path / 'data' / 'openimr.db'}"
    assert (tmp_path / "data" / "openimr.db").is_file()
    assert current_revision(url) == head_revision()
    assert prepare() == url  # the second run finds it ready


def test_without_a_data_dir_the_database_is_under_the_users_share_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENIMR_DATA_DIR", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_url() == f"sqlite:///{tmp_path / '.local/share/openimr/openimr.db'}"


def test_postgresql_urls_use_psycopg_3() -> None:
    assert normalize_url("postgresql://postgres@127.0.0.1:5432/test") == (
        "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )


@pytest.mark.parametrize(
    ("url", "problem"),
    [("not a url", "is not a database URL"), ("mysql://u@h/db", "'mysql' is not supported")],
)
def test_a_bad_url_is_a_one_line_error(url: str, problem: str) -> None:
    with pytest.raises(DatabaseError, match=problem) as caught:
        normalize_url(url)
    assert "\n" not in str(caught.value)


def test_a_server_that_does_not_answer_is_a_one_line_error() -> None:
    with pytest.raises(DatabaseError, match="cannot connect") as caught:
        prepare("postgresql://nobody@127.0.0.1:1/none")
    assert "\n" not in str(caught.value)


@pytest.mark.postgres
def test_a_postgresql_database_behind_the_newest_revision_is_refused(
    pg_empty_db: Database,
) -> None:
    with pytest.raises(DatabaseError, match="openimr db upgrade"):
        prepare(_with_schema(pg_empty_db))


def _with_schema(db: Database) -> str:
    return f"{db.url}?options=-csearch_path%3D{db.schema}"
