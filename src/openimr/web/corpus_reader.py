"""One DuckDB connection per ingested corpus, kept while the corpus is unchanged.

Opening a corpus (its manifest, its shards, the view that keeps each letter once) costs tens of
milliseconds; the pages open it once and take a cursor per request (a cursor is a connection of
its own to the same database, safe to use from the request's thread).
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path

import duckdb

from openimr.corpus.stats import connect

__all__ = ["cursor", "signature"]

_LOCK = threading.Lock()


def signature(path: Path) -> tuple[int, int]:
    """What changes when a corpus (or a report) is rewritten: the newest modification and a size."""
    if path.is_dir():
        files = [p for p in path.rglob("*") if p.is_file()]
        return max((f.stat().st_mtime_ns for f in files), default=0), len(files)
    if path.is_file():
        status = path.stat()
        return status.st_mtime_ns, status.st_size
    return 0, 0


@functools.lru_cache(maxsize=4)
def _opened(path: Path, _signature: tuple[int, int]) -> duckdb.DuckDBPyConnection:
    con, _ = connect(path)
    return con


def cursor(corpus: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """A cursor on the corpus's view ``items`` (close it when done).

    Raises:
        OpenIMRError: no corpus there.
    """
    path = Path(corpus)
    with _LOCK:
        return _opened(path, signature(path)).cursor()
