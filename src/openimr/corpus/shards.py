"""A corpus on disk: a folder of Parquet shards, one per batch of input files, and a manifest.

The folder ``corpus/`` holds ``part-000000.parquet``, ``part-000001.parquet``, ... and
``manifest.jsonl``: a first line naming the format and the job (``ingest`` or ``evaluate``), then
one line per finished batch (its shard, the files it covered, the letters it kept with their case
numbers, the files that failed and why, the files left out as a repeat of a case number already
read, when it was written, in seconds since the epoch, and the worker's CPU seconds for it), and a last line ``{"complete": true, ...}``. A batch counts as done only once its line is in
the manifest, and its line is written only after its shard is in place, so a run killed at any
moment resumes without losing or repeating a letter: a shard with no manifest line, or a torn last
line, is simply done again.

A run writes into ``<out>.partial/`` and only a complete run takes the place of ``<out>``, and
only after these checks: an existing ``<out>`` must itself be a corpus (a shard folder or a Parquet
file), and an empty result does not replace a non-empty corpus unless forced.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from openimr.corpus.words import plural
from openimr.errors import OpenIMRError

__all__ = [
    "FORMAT",
    "MANIFEST",
    "Batch",
    "ShardRun",
    "corpus_parquet_files",
    "is_corpus",
]

FORMAT = "openimr-shards/1"
MANIFEST = "manifest.jsonl"
_PARQUET_MAGIC = b"PAR1"


def _is_parquet_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == _PARQUET_MAGIC
    except OSError:
        return False


def _manifest_lines(folder: Path) -> list[dict[str, Any]]:
    """The manifest's whole lines; a torn last line (a run killed while writing it) is dropped."""
    lines: list[dict[str, Any]] = []
    with (folder / MANIFEST).open(encoding="utf-8") as handle:
        for text in handle:
            try:
                lines.append(json.loads(text))
            except json.JSONDecodeError:
                break
    return lines


def _header(folder: Path) -> dict[str, Any] | None:
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return None
    try:
        with manifest.open(encoding="utf-8") as handle:
            first = json.loads(handle.readline())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return first if isinstance(first, dict) and first.get("format") == FORMAT else None


def is_corpus(path: Path) -> bool:
    """Whether ``path`` is something a corpus job may replace: a shard folder or a Parquet file."""
    if path.is_dir():
        return _header(path) is not None
    return _is_parquet_file(path)


def corpus_parquet_files(path: Path) -> list[Path]:
    """The Parquet files of a corpus: a shard folder's shards (as its manifest lists them), or a
    single Parquet file.

    Raises:
        OpenIMRError: the path is missing or is not a corpus.
    """
    if path.is_dir():
        if _header(path) is None:
            raise OpenIMRError(
                f"{path}: not an OpenIMR corpus folder (no {MANIFEST}); "
                "give the folder 'openimr ingest' wrote"
            )
        lines = _manifest_lines(path)
        shards = [path / line["shard"] for line in lines[1:] if "shard" in line]
        missing = [s.name for s in shards if not s.is_file()]
        if missing:
            raise OpenIMRError(f"{path}: shard {missing[0]} is listed in {MANIFEST} but missing")
        if not shards:
            raise OpenIMRError(f"{path}: the corpus holds no shard")
        return shards
    if not path.exists():
        raise OpenIMRError(f"{path}: no such file or folder")
    if not _is_parquet_file(path):
        raise OpenIMRError(f"{path}: not a Parquet file")
    return [path]


def _corpus_rows(path: Path) -> int:
    """How many rows the corpus at ``path`` holds."""
    if path.is_dir():
        return sum(int(line["items"]) for line in _manifest_lines(path)[1:] if "shard" in line)
    try:
        return int(pq.ParquetFile(path).metadata.num_rows)
    except (OSError, pa.ArrowException):
        return 0


@dataclass
class Batch:
    """What one batch of files gave: its rows, the letters kept, the files that failed."""

    files: list[str]
    table: pa.Table
    letters: list[tuple[str, str | None]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    cpu_seconds: float = 0.0  # the worker's CPU time for the batch


@dataclass
class ShardRun:
    """One run of a job writing shards into ``<out>.partial/``; see the module's description."""

    out: Path
    job: str
    schema: pa.Schema
    work: Path
    done_files: set[str] = field(default_factory=set)
    cases: dict[str, str] = field(default_factory=dict)
    letters: int = 0
    rows: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)
    next_index: int = 0
    resumed_files: int = 0

    @classmethod
    def open(
        cls,
        out: str | os.PathLike[str],
        *,
        job: str,
        schema: pa.Schema,
        resume: bool = False,
        force: bool = False,
    ) -> ShardRun:
        """Start (or, with ``resume``, continue) a run that will write the corpus ``out``.

        Raises:
            OpenIMRError: ``out`` exists and is not a corpus; or an interrupted run's output is
                there and neither ``resume`` nor ``force`` says what to do with it.
        """
        out = Path(out)
        if out.exists() and not is_corpus(out):
            kind = "folder" if out.is_dir() else "file"
            raise OpenIMRError(
                f"{out}: this {kind} exists and is not an OpenIMR corpus; "
                "refusing to replace it (choose another --out)"
            )
        held = (_header(out) or {}).get("job") if out.is_dir() else "ingest"
        if out.exists() and held != job:
            raise OpenIMRError(
                f"{out}: holds the output of '{held}', not of '{job}'; "
                "refusing to replace it (choose another --out)"
            )
        work = out.with_name(out.name + ".partial")
        run = cls(out=out, job=job, schema=schema, work=work)
        if work.exists():
            header = _header(work) if work.is_dir() else None
            if resume and header is not None and header.get("job") == job:
                run._load()
                return run
            if resume and header is not None:
                raise OpenIMRError(
                    f"{work}: holds an interrupted '{header.get('job')}' run, not '{job}'"
                )
            if not force:
                raise OpenIMRError(
                    f"{work}: an interrupted run's output is there; "
                    "use --resume to continue it or --force to start over"
                )
            _remove(work)
        work.mkdir(parents=True)
        run._append({"format": FORMAT, "job": job, "schema": schema.names})
        return run

    # -- resuming ---------------------------------------------------------------------------------

    def _load(self) -> None:
        lines = _manifest_lines(self.work)
        # Rewrite the manifest without a torn last line before anything is appended to it.
        _write_atomically(self.work / MANIFEST, "".join(json.dumps(line) + "\n" for line in lines))
        listed = {MANIFEST}
        for line in lines[1:]:
            if "shard" not in line:
                continue
            listed.add(line["shard"])
            self.next_index = max(self.next_index, int(line["batch"]) + 1)
            self.done_files.update(line["files"])
            for file, case in line["letters"]:
                self.letters += 1
                if case:
                    self.cases[case] = file
            self.rows += int(line["items"])
            self.failures.extend((f, p) for f, p in line["failures"])
            self.duplicates.extend((f, c, k) for f, c, k in line["duplicates"])
        for entry in self.work.iterdir():  # shards written after the last manifest line
            if entry.name not in listed:
                _remove(entry)
        self.resumed_files = len(self.done_files)

    def pending(self, files: Iterable[str]) -> list[str]:
        """The files not done yet, in order (call once: the set of done files is then freed, so
        that a run holds one entry per case number, not per file)."""
        left = [f for f in files if f not in self.done_files]
        self.done_files = set()
        return left

    # -- writing ----------------------------------------------------------------------------------

    def add(self, batch: Batch) -> None:
        """Write one batch's shard, keeping each case number's first letter only, then record it."""
        kept: list[tuple[str, str | None]] = []
        repeated: list[tuple[str, str, str]] = []
        for file, case in batch.letters:
            if case and case in self.cases:
                repeated.append((file, case, self.cases[case]))
                continue
            if case:
                self.cases[case] = file
            kept.append((file, case))
        table = batch.table
        if repeated:
            dropped = pa.array([f for f, _, _ in repeated], pa.string())
            keep_mask = pc.invert(pc.is_in(table["file"], value_set=dropped))
            table = table.filter(keep_mask)
        name = f"part-{self.next_index:06d}.parquet"
        temporary = self.work / (name + ".tmp")
        pq.write_table(table.cast(self.schema), temporary)
        temporary.replace(self.work / name)
        self._append(
            {
                "shard": name,
                "batch": self.next_index,
                "files": batch.files,
                "letters": kept,
                "items": table.num_rows,
                "failures": batch.failures,
                "duplicates": repeated,
                "at": round(time.time(), 3),
                "cpu": round(batch.cpu_seconds, 4),
            }
        )
        self.next_index += 1
        self.letters += len(kept)
        self.rows += table.num_rows
        self.failures.extend(batch.failures)
        self.duplicates.extend(repeated)

    def _append(self, line: dict[str, Any]) -> None:
        with (self.work / MANIFEST).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    @property
    def shards(self) -> list[Path]:
        return [
            self.work / line["shard"] for line in _manifest_lines(self.work)[1:] if "shard" in line
        ]

    def finish(self, *, force: bool = False, skipped: Iterable[str] = ()) -> Path:
        """Close the manifest and put the corpus in the place of ``out``.

        Raises:
            OpenIMRError: the run holds no row and ``out`` is a corpus that does (unless ``force``).
        """
        if not self.shards:  # an empty corpus still has its columns
            self.add(Batch(files=[], table=self.schema.empty_table()))
        if self.out.exists() and not self.rows and not force:
            held = _corpus_rows(self.out)
            if held:
                _remove(self.work)
                raise OpenIMRError(
                    f"{self.out}: refusing to replace a corpus of {plural(held, 'disputed item')} "
                    "with an empty one (use --force to do it anyway)"
                )
        self._append(
            {
                "complete": True,
                "letters": self.letters,
                "items": self.rows,
                "skipped": sorted(skipped),
            }
        )
        if self.out.exists():
            old = self.out.with_name(self.out.name + ".replaced")
            if old.exists():
                _remove(old)
            self.out.replace(old)
            self.work.replace(self.out)
            _remove(old)
        else:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self.work.replace(self.out)
        return self.out

    def discard(self) -> None:
        """Remove the run's partial output (a run that was only temporary)."""
        _remove(self.work)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
