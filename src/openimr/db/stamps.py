"""A case's revision and reviewer read without a thread: an asyncio connection set beside the
engine's pool, for the API's most read route.

Reading a case in the API costs one short indexed query (:meth:`SqlCaseRepository.stamp`)
before the answer comes from the process's copy. Run in the event loop on the engine's
(blocking) connections, the loop stands idle for each round trip to PostgreSQL, and with many
clients on a busy machine those waits add up to most of the time; run in a worker thread, the
hop and the threads' contention cost more than the query. Here the query is awaited on one of
a few asyncio psycopg connections (autocommit: no BEGIN and ROLLBACK, each statement sees what
a transaction starting now would), so the loop serves other requests meanwhile.

PostgreSQL only; :func:`async_stamps_for` gives None for SQLite (whose reads do not wait on a
server), and the caller keeps the synchronous path.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Engine

from openimr.db.engine import driver_arguments
from openimr.service.ports import CaseStamp

__all__ = ["AsyncStamps", "async_stamps_for"]

_QUERY = "SELECT revision, reviewer_id FROM cases WHERE id = %s"


class AsyncStamps:
    """``await stamps.get(case_id)``: the case's :class:`CaseStamp`, or None if there is no
    such case. At most ``size`` connections, opened on first use in the running event loop
    (one set per worker process: make it in the process that serves)."""

    def __init__(self, engine: Engine, size: int = 4) -> None:
        self._arguments = driver_arguments(engine)
        self._size = size
        self._idle: list[Any] = []
        self._opened = 0
        self._freed: asyncio.Condition | None = None

    async def _acquire(self) -> Any:
        import psycopg

        if self._freed is None:
            self._freed = asyncio.Condition()
        async with self._freed:
            while not self._idle and self._opened >= self._size:
                await self._freed.wait()
            if self._idle:
                return self._idle.pop()
            self._opened += 1
        try:
            return await psycopg.AsyncConnection.connect(autocommit=True, **self._arguments)
        except BaseException:
            await self._release(None)
            raise

    async def _release(self, connection: Any) -> None:
        assert self._freed is not None
        async with self._freed:
            if connection is None:
                self._opened -= 1
            else:
                self._idle.append(connection)
            self._freed.notify()

    async def get(self, case_id: str) -> CaseStamp | None:
        connection = await self._acquire()
        try:
            cursor = await connection.execute(_QUERY, (case_id,))
            row = await cursor.fetchone()
        except BaseException:
            # A dropped or broken connection is closed and not reused; the caller answers
            # the request another way.
            await connection.close()
            await self._release(None)
            raise
        await self._release(connection)
        return CaseStamp(int(row[0]), row[1]) if row is not None else None

    async def close(self) -> None:
        """Close the idle connections (at the server's shutdown)."""
        while self._idle:
            await self._idle.pop().close()
            self._opened -= 1

    def abandon(self) -> None:
        """Close the idle connections without their event loop (it has ended)."""
        while self._idle:
            self._idle.pop().pgconn.finish()
            self._opened -= 1


def async_stamps_for(engine: Engine | None, size: int = 4) -> AsyncStamps | None:
    """Asyncio stamps for a PostgreSQL engine (psycopg); None for any other."""
    if engine is None or engine.dialect.name != "postgresql" or engine.dialect.driver != "psycopg":
        return None
    return AsyncStamps(engine, size)
