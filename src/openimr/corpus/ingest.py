"""Reading many letters into a corpus: a folder of Parquet shards, one row per disputed item.

The run streams: files are read in batches (in a process pool, or on a Dask cluster), and each
batch becomes a shard as soon as it is read, so memory stays flat however many letters there are,
and an interrupted run resumes with ``resume=True`` (see ``openimr.corpus.shards``). The output
is deterministic: files are taken in sorted path order and batches are written in that order,
wherever they ran. A file that cannot be read is listed with its reason and the run goes on; a
case number already read from another file (a letter's PDF and its text) is kept once and the
repeat listed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from openimr.corpus.jobs import batches_of, default_workers, run_batches
from openimr.corpus.reading import find_letters, read_letter
from openimr.corpus.rows import SCHEMA, letter_rows
from openimr.corpus.shards import Batch, ShardRun

__all__ = ["IngestResult", "ingest", "read_batch"]


@dataclass
class IngestResult:
    """What an ingest run read: counts, each failed file with its reason, the repeats and skips."""

    out: Path
    letters: int = 0
    items: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    resumed: int = 0


def read_batch(files: list[str]) -> Batch:
    """Read one batch of letter files into rows (runs in a worker)."""
    started = time.process_time()
    rows: list[dict[str, object]] = []
    batch = Batch(files=files, table=SCHEMA.empty_table())
    for name in files:
        letter, problem = read_letter(Path(name))
        if letter is None:
            batch.failures.append((name, problem or "unreadable"))
            continue
        batch.letters.append((name, letter.case_number))
        rows.extend(letter_rows(letter, name))
    batch.cpu_seconds = time.process_time() - started
    batch.table = pa.Table.from_pylist(rows, schema=SCHEMA)
    return batch


def ingest(
    inputs: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    batch_size: int | None = None,
    resume: bool = False,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> IngestResult:
    """Read letters into the corpus folder ``out``.

    Args:
        inputs: letter files and directories of letters.
        out: the corpus folder to write (an existing corpus there is replaced on success).
        workers: processes to use; default all cores.
        scheduler: the address of a Dask scheduler to run on instead of local processes.
        batch_size: files per shard; default a few batches per worker, at most 256 files.
        resume: continue an interrupted run's ``<out>.partial`` folder.
        force: start over from an interrupted run; allow an empty corpus to replace a full one.
        progress: called as ``progress(done, total)`` after each batch, counting files.

    Raises:
        OpenIMRError: ``out`` is not a corpus, or the result would replace one with nothing.
    """
    files, skipped = find_letters(inputs)
    run = ShardRun.open(out, job="ingest", schema=SCHEMA, resume=resume, force=force)
    total = len(files)
    pending = run.pending([str(f) for f in files])
    del files  # a path object is several times the size of its string
    workers = workers or default_workers()
    done = total - len(pending)
    if progress:
        progress(done, total)
    batches = batches_of(pending, size=batch_size, workers=workers)
    for batch in run_batches(read_batch, batches, workers=workers, scheduler=scheduler):
        run.add(batch)
        done += len(batch.files)
        if progress:
            progress(done, total)
    path = run.finish(force=force, skipped=[str(s) for s in skipped])
    return IngestResult(
        out=path,
        letters=run.letters,
        items=run.rows,
        failures=run.failures,
        duplicates=run.duplicates,
        skipped=[str(s) for s in skipped],
        resumed=run.resumed_files,
    )
