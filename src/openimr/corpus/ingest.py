"""Reading many letters in parallel into one Parquet table, one row per disputed item.

The output is deterministic: files are read in sorted path order and rows keep that order, so
re-running on the same input gives the same table. A file that cannot be read is reported, with
its reason, and the run goes on; nothing read successfully is lost.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from openimr.corpus.reading import letter_files, read_letter
from openimr.corpus.rows import SCHEMA, letter_rows

__all__ = ["IngestResult", "failures_file", "ingest"]


@dataclass
class IngestResult:
    """What an ingest run read: counts, and each failed file with its reason."""

    letters: int = 0
    items: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


def _read_one(path: Path) -> tuple[str, list[dict[str, object]] | None, str | None]:
    letter, problem = read_letter(path)
    return str(path), (letter_rows(letter, str(path)) if letter else None), problem


def _results(
    paths: list[Path], workers: int
) -> Iterator[tuple[str, list[dict[str, object]] | None, str | None]]:
    if workers <= 1 or len(paths) < 2:
        yield from map(_read_one, paths)
        return
    chunk = max(1, min(64, len(paths) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_read_one, paths, chunksize=chunk)


def ingest(
    inputs: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestResult:
    """Read letters into a Parquet file at ``out``; failures go to ``<out>.failures.csv`` too.

    Args:
        inputs: letter files and directories of letters.
        out: the Parquet file to write.
        workers: processes to use; default all cores.
        progress: called as ``progress(done, total)`` after each file.
    """
    paths = letter_files(inputs)
    result = IngestResult()
    rows: list[dict[str, object]] = []
    for done, (name, read_rows, problem) in enumerate(
        _results(paths, workers or os.cpu_count() or 1), 1
    ):
        if read_rows is None:
            result.failures.append((name, problem or "unreadable"))
        else:
            result.letters += 1
            result.items += len(read_rows)
            rows.extend(read_rows)
        if progress:
            progress(done, len(paths))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), out)
    failures_path = failures_file(out)
    if result.failures:
        table = pa.table(
            {"file": [f for f, _ in result.failures], "problem": [p for _, p in result.failures]}
        )
        pacsv.write_csv(table, failures_path)
    elif failures_path.exists():
        failures_path.unlink()
    return result


def failures_file(out: Path) -> Path:
    """Where ingest lists the files it could not read, beside the Parquet file."""
    return out.with_name(out.name + ".failures.csv")
