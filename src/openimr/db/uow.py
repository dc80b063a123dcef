"""The unit of work on SQL: one session, one transaction, the service's repositories over it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from openimr.db.engine import make_engine, normalize_url
from openimr.db.repositories import (
    SqlAuditLog,
    SqlCaseRepository,
    SqlFactStore,
    SqlLetterStore,
    SqlReviewerRepository,
    SqlUserRepository,
)
from openimr.service.ports import AbstractUnitOfWork

__all__ = ["SqlAlchemyUnitOfWork", "engine_for", "uow_factory"]

_engines: dict[tuple[str, str | None], Engine] = {}
_engines_lock = threading.Lock()


def engine_for(url: str, *, schema: str | None = None) -> Engine:
    """One engine (one connection pool) per database URL and schema, made on first use."""
    key = (normalize_url(url), schema)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = make_engine(key[0], schema=schema)
        return engine


_session_makers: dict[Engine, sessionmaker[Session]] = {}


def _sessions_for(engine: Engine) -> sessionmaker[Session]:
    """One session factory per engine of :func:`engine_for` (kept as long as the engine is; a
    unit of work is made per request, and building the factory each time cost more than the
    query of a short read)."""
    with _engines_lock:
        made = _session_makers.get(engine)
        if made is None:
            made = _session_makers[engine] = sessionmaker(
                bind=engine, expire_on_commit=False, autoflush=False
            )
        return made


class SqlAlchemyUnitOfWork(AbstractUnitOfWork):
    """``with SqlAlchemyUnitOfWork(url) as uow: ...; uow.commit()``.

    ``url`` is a database URL (an engine per URL is kept and reused) or an :class:`Engine`.
    Leaving the block without a commit rolls back.
    """

    def __init__(
        self,
        url: str | Engine,
        *,
        schema: str | None = None,
        sessions: sessionmaker[Session] | None = None,
    ) -> None:
        if sessions is not None:
            self._sessions = sessions
        elif isinstance(url, Engine):
            self._sessions = sessionmaker(bind=url, expire_on_commit=False, autoflush=False)
        else:
            self._sessions = _sessions_for(engine_for(url, schema=schema))
        self._session: Session | None = None

    @property
    def engine(self) -> Engine:
        """The engine this unit of work's sessions are bound to."""
        bind = self._sessions.kw["bind"]
        assert isinstance(bind, Engine)
        return bind

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work in a 'with' block")
        return self._session

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        self._session = self._sessions()
        self.cases = SqlCaseRepository(self._session)
        self.reviewers = SqlReviewerRepository(self._session)
        self.users = SqlUserRepository(self._session)
        self.audit = SqlAuditLog(self._session)
        self.letters = SqlLetterStore(self._session)
        self.facts = SqlFactStore(self._session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.rollback()
        finally:
            self.session.close()
            self._session = None

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


def uow_factory(
    url: str | Engine, *, schema: str | None = None
) -> Callable[[], SqlAlchemyUnitOfWork]:
    """A factory of units of work on one database, as the service and the API take it. The
    engine and its session factory are looked up once here, not per unit of work (parsing the
    URL again cost about 1 ms of a draft's CPU, twice)."""
    if isinstance(url, Engine):
        engine = url
        sessions = sessionmaker(bind=url, expire_on_commit=False, autoflush=False)
    else:
        engine = engine_for(url, schema=schema)
        sessions = _sessions_for(engine)
    return lambda: SqlAlchemyUnitOfWork(engine, schema=schema, sessions=sessions)
