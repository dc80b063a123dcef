"""Persistence on SQL (SQLAlchemy 2, Alembic): SQLite embedded by default, PostgreSQL deployed.

>>> from openimr.db import SqlAlchemyUnitOfWork, prepare
>>> url = prepare()                         # the embedded database, created and migrated
>>> with SqlAlchemyUnitOfWork(url) as uow:
...     uow.cases.find()
"""

from __future__ import annotations

from openimr.db.engine import DatabaseError, data_dir, default_url, make_engine, normalize_url
from openimr.db.migrate import current_revision, downgrade, head_revision, upgrade
from openimr.db.uow import SqlAlchemyUnitOfWork, engine_for, uow_factory

__all__ = [
    "DatabaseError",
    "SqlAlchemyUnitOfWork",
    "current_revision",
    "data_dir",
    "default_url",
    "downgrade",
    "engine_for",
    "head_revision",
    "make_engine",
    "normalize_url",
    "prepare",
    "uow_factory",
    "upgrade",
]


def prepare(url: str | None = None) -> str:
    """The database URL to use (``url``, else the embedded SQLite file), migrated to the newest
    revision when it is SQLite (created on first run). A PostgreSQL database is migrated by
    ``openimr db upgrade``; one that is behind is an error, not a silent change.

    Raises:
        DatabaseError: the database cannot be reached, or is not at the newest revision.
    """
    from sqlalchemy.exc import OperationalError

    url = normalize_url(url) if url else default_url()
    try:
        if url.startswith("sqlite"):
            upgrade(url)
            return url
        revision = current_revision(url)
    except OperationalError as error:
        raise DatabaseError(f"database: cannot connect ({_first_line(error)})") from None
    if revision != head_revision():
        raise DatabaseError(
            f"database: at revision {revision or 'none'}, not {head_revision()}; "
            "run 'openimr db upgrade --db URL'"
        )
    return url


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "orig", error)).strip().splitlines()
    return text[0] if text else type(error).__name__
