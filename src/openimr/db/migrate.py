"""Schema migrations (Alembic), shipped inside the package: no alembic.ini needed.

>>> upgrade("sqlite:////tmp/openimr.db")        # to the newest revision
>>> downgrade("sqlite:////tmp/openimr.db", "base")
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, inspect

from openimr.db.engine import DatabaseError, make_engine

__all__ = ["alembic_config", "current_revision", "downgrade", "head_revision", "upgrade"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration that migrates through ``engine`` (script location set here)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(url: str | Engine, revision: str = "head", *, schema: str | None = None) -> None:
    """Migrate the database at ``url`` up to ``revision`` (the newest by default).

    Raises:
        DatabaseError: an unknown revision, or a database that cannot be reached.
    """
    _run(command.upgrade, url, revision, schema)


def downgrade(url: str | Engine, revision: str, *, schema: str | None = None) -> None:
    """Migrate the database at ``url`` down to ``revision`` (``base`` removes every table)."""
    _run(command.downgrade, url, revision, schema)


def head_revision() -> str:
    """The newest revision the package ships."""
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def current_revision(url: str | Engine, *, schema: str | None = None) -> str | None:
    """The revision the database is at, or None for an empty database."""
    engine = url if isinstance(url, Engine) else make_engine(url, schema=schema)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            return connection.exec_driver_sql(
                "SELECT version_num FROM alembic_version"
            ).scalar_one_or_none()
    finally:
        if not isinstance(url, Engine):
            engine.dispose()


def _run(
    action: Callable[[Config, str], None], url: str | Engine, revision: str, schema: str | None
) -> None:
    engine = url if isinstance(url, Engine) else make_engine(url, schema=schema)
    try:
        action(alembic_config(engine), revision)
    except CommandError as error:
        raise DatabaseError(f"migration: {error}") from None
    finally:
        if not isinstance(url, Engine):
            engine.dispose()
