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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa

from openimr.corpus.reading import read_letter
from openimr.corpus.rows import SCHEMA, letter_rows
from openimr.corpus.runs import JobResult, run_job
from openimr.corpus.shards import Batch

__all__ = ["IngestResult", "ingest", "read_batch"]


IngestResult = JobResult


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
    inputs: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], **options: Any
) -> JobResult:
    """Read letters into the corpus folder ``out``, one row per disputed item. The options are
    those of ``openimr.corpus.runs.run_job``: workers, scheduler, batch_size, resume, force,
    progress.

    Raises:
        OpenIMRError: ``out`` is not a corpus, or the result would replace one with nothing.
    """
    return run_job(read_batch, inputs, out, job="ingest", schema=SCHEMA, **options)
