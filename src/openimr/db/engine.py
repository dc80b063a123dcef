"""Where the database is and how to connect to it.

SQLite is the embedded default: a file under the data directory (``$OPENIMR_DATA_DIR``, else
``~/.local/share/openimr``), created and migrated on first use. A deployment names PostgreSQL
(``postgresql://user@host/db``); the psycopg 3 driver is used whatever the URL's spelling.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from openimr.errors import OpenIMRError

__all__ = ["DatabaseError", "data_dir", "default_url", "make_engine", "normalize_url"]


class DatabaseError(OpenIMRError):
    """The database named cannot be used: a bad URL, a server that does not answer, a bad revision."""


def data_dir() -> Path:
    """The folder OpenIMR keeps its embedded database in."""
    configured = os.environ.get("OPENIMR_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "openimr"


def default_url() -> str:
    """The embedded SQLite database's URL (the folder is created if missing)."""
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'openimr.db'}"


def normalize_url(url: str) -> str:
    """``url`` with PostgreSQL's driver set to psycopg 3; a one-line error if it is not a URL.

    Raises:
        DatabaseError: ``url`` is not a database URL OpenIMR supports.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"--db: '{url}' is not a database URL") from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend != "sqlite":
        raise DatabaseError(f"--db: '{backend}' is not supported (use sqlite or postgresql)")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, *, schema: str | None = None, **options: Any) -> Engine:
    """An engine for ``url``; ``schema`` (PostgreSQL) puts every table in that schema.

    SQLite connections enforce foreign keys and wait for a writer instead of failing at once.
    Statement parameters are hidden from logs and error messages (they carry PHI).
    """
    url = normalize_url(url)
    # Statement parameters hold record text and names: never in a log line, even with SQL echo.
    options.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        options.setdefault("connect_args", {})
        options["connect_args"].setdefault("timeout", 30)
        options["connect_args"].setdefault("check_same_thread", False)
        engine = create_engine(url, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if schema:
        options.setdefault("connect_args", {})
        options["connect_args"]["options"] = f"-csearch_path={schema}"
    # A pool as large as the API's worker threads, so no request waits for a connection; no
    # ping before each use (a round trip per request); connections renewed every half hour.
    options.setdefault("pool_size", 20)
    options.setdefault("max_overflow", 30)
    options.setdefault("pool_recycle", 1800)
    engine = create_engine(url, **options)
    _connect_args[engine] = dict(options.get("connect_args", {}))
    return engine


# The driver's connection arguments each PostgreSQL engine was made with (what the URL does
# not say: the schema's search path), for connections made beside the engine's pool
# (:mod:`openimr.db.stamps`).
_connect_args: weakref.WeakKeyDictionary[Engine, dict[str, Any]] = weakref.WeakKeyDictionary()


def driver_arguments(engine: Engine) -> dict[str, Any]:
    """The keyword arguments ``psycopg.connect`` takes to reach ``engine``'s database as its
    own connections do."""
    _, params = engine.dialect.create_connect_args(engine.url)
    params.pop("context", None)  # SQLAlchemy's adapters for its own connections
    return {**params, **_connect_args.get(engine, {})}


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
