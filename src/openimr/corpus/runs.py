"""One streaming batch job over letter files, whatever the work: list the files, skip those a
resumed run has done, run the batches where asked, write each as a shard, finish the corpus.
``ingest`` and ``evaluate`` are this job with their own batch function and row shape."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from openimr.corpus.jobs import batches_of, default_workers, run_batches
from openimr.corpus.reading import find_letters
from openimr.corpus.shards import Batch, ShardRun

__all__ = ["JobResult", "run_job"]


@dataclass
class JobResult:
    """What a run read: its output folder, counts, each failed file with its reason, the files
    left out as repeats (file, case number, the file kept), the files skipped as not letters."""

    out: Path
    letters: int = 0
    items: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    resumed: int = 0


def run_job(
    function: Callable[[list[str]], Batch],
    inputs: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    job: str,
    schema: pa.Schema,
    workers: int | None = None,
    scheduler: str | None = None,
    batch_size: int | None = None,
    resume: bool = False,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> JobResult:
    """Run ``function`` over batches of the letter files of ``inputs`` into the corpus ``out``.

    Args:
        function: turns a batch of file names into a Batch (runs in a worker).
        inputs: letter files and directories of letters.
        out: the corpus folder to write (an existing corpus there is replaced on success).
        job: the job's name, recorded in the manifest ("ingest", "evaluate").
        schema: the rows' columns.
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
    run = ShardRun.open(out, job=job, schema=schema, resume=resume, force=force)
    total = len(files)
    pending = run.pending([str(f) for f in files])
    del files  # a path object is several times the size of its string
    workers = workers or default_workers()
    done = total - len(pending)
    if progress:
        progress(done, total)
    batches = batches_of(pending, size=batch_size, workers=workers)
    fresh = run.next_index == 0
    try:
        for batch in run_batches(function, batches, workers=workers, scheduler=scheduler):
            run.add(batch)
            done += len(batch.files)
            if progress:
                progress(done, total)
    except BaseException:
        if fresh and run.next_index == 0:  # stopped before any work: leave nothing behind
            run.discard()
        raise
    names = [str(s) for s in skipped]
    path = run.finish(force=force, skipped=names)
    return JobResult(
        out=path,
        letters=run.letters,
        items=run.rows,
        failures=run.failures,
        duplicates=run.duplicates,
        skipped=names,
        resumed=run.resumed_files,
    )
