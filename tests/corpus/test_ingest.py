"""Ingest as a streaming, resumable batch job: shards and a manifest, every letter once, a killed
run resumed without loss or repeat, and a user's file never replaced with less."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openimr.corpus.ingest import ingest
from openimr.corpus.shards import MANIFEST, corpus_parquet_files
from openimr.errors import OpenIMRError

from .conftest import kill_midway, openimr
from .counts import SharedCounts


def corpus_rows(folder: Path) -> list[dict[str, object]]:
    """Every row of a corpus, in shard order."""
    return pa.concat_tables(pq.read_table(f) for f in corpus_parquet_files(folder)).to_pylist()


def manifest(folder: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (folder / MANIFEST).read_text().splitlines()]


def test_a_run_writes_one_shard_per_batch_and_a_manifest_of_every_file(
    some_letters: Path, tmp_path: Path
) -> None:
    result = ingest([some_letters], tmp_path / "corpus", workers=1, batch_size=5)
    lines = manifest(tmp_path / "corpus")
    shards = [line for line in lines if "shard" in line]
    assert lines[0]["job"] == "ingest" and lines[-1]["complete"] is True
    assert len(shards) == 5  # 24 files in batches of 5
    assert sorted(f for line in shards for f in line["files"]) == sorted(
        str(p) for p in some_letters.iterdir()
    )
    rows = corpus_rows(tmp_path / "corpus")
    assert len(rows) == result.items == sum(line["items"] for line in shards)
    assert len({r["file"] for r in rows}) == result.letters == 24
    assert not (tmp_path / "corpus.partial").exists()


def test_the_rows_do_not_depend_on_batches_or_workers(some_letters: Path, tmp_path: Path) -> None:
    ingest([some_letters], tmp_path / "a", workers=1, batch_size=24)
    ingest([some_letters], tmp_path / "b", workers=2, batch_size=3)
    assert corpus_rows(tmp_path / "a") == corpus_rows(tmp_path / "b")


def test_a_killed_run_resumes_without_losing_or_repeating_a_letter(
    letters_dir: Path, tmp_path: Path, counts: SharedCounts
) -> None:
    whole = tmp_path / "whole"
    assert openimr("ingest", letters_dir / "pdf", "--out", whole, "--workers", "1").returncode == 0

    out = tmp_path / "resumed"
    partial = tmp_path / "resumed.partial"
    args = ["ingest", letters_dir / "pdf", "--out", out, "--workers", "1", "--batch-size", "1"]
    done = kill_midway(args, partial, after=5)
    assert not out.exists()
    assert 5 <= done < counts.letters

    again = openimr("ingest", letters_dir / "pdf", "--out", out, "--resume", "--workers", "2")
    assert again.returncode == 0, again.stderr
    assert f"resumed: {done} files already done" in again.stderr
    assert not partial.exists()
    resumed, uninterrupted = corpus_rows(out), corpus_rows(whole)
    assert len(resumed) == len(uninterrupted) == counts.items
    assert resumed == uninterrupted


def test_a_torn_manifest_line_and_an_unrecorded_shard_are_done_again(
    some_letters: Path, tmp_path: Path
) -> None:
    ingest([some_letters], tmp_path / "whole", workers=1, batch_size=4)
    out, partial = tmp_path / "corpus", tmp_path / "corpus.partial"
    ingest([some_letters], tmp_path / "seed", workers=1, batch_size=4)
    # What a run killed at the worst moments leaves: two batches recorded, a third shard written
    # but not recorded, a fourth manifest line half-written.
    (tmp_path / "seed").rename(partial)
    lines = (partial / MANIFEST).read_text().splitlines()
    (partial / MANIFEST).write_text("\n".join(lines[:3]) + "\n" + lines[4][:40])
    assert (partial / "part-000002.parquet").exists()
    for name in ("part-000003.parquet", "part-000004.parquet", "part-000005.parquet"):
        (partial / name).unlink()

    result = ingest([some_letters], out, workers=1, batch_size=4, resume=True)
    assert result.resumed == 8
    assert corpus_rows(out) == corpus_rows(tmp_path / "whole")
    assert all("shard" in line or "format" in line or "complete" in line for line in manifest(out))


def test_an_interrupted_run_is_neither_resumed_nor_discarded_unasked(
    some_letters: Path, tmp_path: Path
) -> None:
    (tmp_path / "corpus.partial").mkdir()
    ingest([some_letters], tmp_path / "seed", workers=1)
    (tmp_path / "corpus.partial").rmdir()
    (tmp_path / "seed").rename(tmp_path / "corpus.partial")
    with pytest.raises(OpenIMRError, match="use --resume to continue it or --force"):
        ingest([some_letters], tmp_path / "corpus", workers=1)
    result = ingest([some_letters], tmp_path / "corpus", workers=1, force=True)
    assert result.resumed == 0 and result.letters == 24


def test_an_existing_file_that_is_not_a_corpus_is_never_replaced(
    some_letters: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    run = openimr("ingest", some_letters, "--out", notes)
    assert run.returncode == 1
    assert "notes.txt: this file exists and is not an OpenIMR corpus" in run.stderr
    assert "Traceback" not in run.stderr
    assert notes.read_text() == "my notes"
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(b"\xff\xd8")
    assert openimr("ingest", some_letters, "--out", folder).returncode == 1
    assert (folder / "a.jpg").read_bytes() == b"\xff\xd8"


def test_an_empty_result_does_not_replace_a_corpus_unless_forced(
    some_letters: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    ingest([some_letters], corpus, workers=1)
    before = corpus_rows(corpus)
    empty = tmp_path / "empty"
    empty.mkdir()
    run = openimr("ingest", empty, "--out", corpus)
    assert run.returncode == 1
    assert "refusing to replace a corpus of" in run.stderr and "--force" in run.stderr
    assert corpus_rows(corpus) == before
    assert not (tmp_path / "corpus.partial").exists()
    assert openimr("ingest", empty, "--out", corpus, "--force").returncode == 0
    assert corpus_rows(corpus) == []


def test_a_legacy_parquet_file_is_replaced_by_a_corpus_folder(
    some_letters: Path, tmp_path: Path
) -> None:
    ingest([some_letters], tmp_path / "corpus", workers=1)
    legacy = tmp_path / "corpus.parquet"
    pq.write_table(
        pa.concat_tables(pq.read_table(f) for f in corpus_parquet_files(tmp_path / "corpus")),
        legacy,
    )
    ingest([some_letters], legacy, workers=1)
    assert legacy.is_dir() and len(corpus_rows(legacy)) == len(corpus_rows(tmp_path / "corpus"))


def test_a_missing_input_stops_the_run_before_it_touches_the_corpus(
    some_letters: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    ingest([some_letters], corpus, workers=1)
    run = openimr("ingest", tmp_path / "nonexistent", "--out", corpus)
    assert run.returncode == 1
    assert run.stderr.strip() == f"error: {tmp_path / 'nonexistent'}: no such file or folder"
    assert len(corpus_rows(corpus)) > 0


def test_a_letter_read_twice_is_kept_once_and_reported(
    letters_dir: Path, tmp_path: Path, counts: SharedCounts
) -> None:
    run = openimr("ingest", letters_dir / "pdf", letters_dir / "txt", "--out", tmp_path / "c")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(
        f"{counts.letters} letters, {counts.items} disputed items written to"
    )
    assert f"{counts.letters} files repeated a case number already read and were left out" in (
        run.stderr
    )
    rows = corpus_rows(tmp_path / "c")
    assert len(rows) == counts.items
    assert {Path(str(r["file"])).suffix for r in rows} == {".pdf"}  # the first file by name


def test_files_that_are_not_letters_are_reported_in_plain_english(
    some_letters: Path, tmp_path: Path
) -> None:
    (some_letters / "scan.jpg").write_bytes(b"\xff\xd8")
    bad = some_letters / "broken.txt"
    bad.write_text("not a letter at all")
    run = openimr("ingest", some_letters, "--out", tmp_path / "c")
    assert run.returncode == 1
    assert "skipped 1 file that are not letters" not in run.stderr
    assert (
        f"skipped 1 file that is not a letter (neither .pdf nor .txt): {some_letters / 'scan.jpg'}"
        in run.stderr
    )
    assert "1 file could not be read" in run.stderr
    assert f"error: {bad}:" in run.stderr
    assert run.stdout.startswith("24 letters,")


@pytest.mark.parametrize("value", ["0", "-2"])
def test_workers_below_one_are_refused(some_letters: Path, tmp_path: Path, value: str) -> None:
    run = openimr("ingest", some_letters, "--out", tmp_path / "c", "--workers", value)
    assert run.returncode != 0
    assert "--workers" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "c").exists()


def test_a_bad_scheduler_address_is_a_one_line_error_and_leaves_nothing(
    some_letters: Path, tmp_path: Path
) -> None:
    run = openimr("ingest", some_letters, "--out", tmp_path / "c", "--scheduler", "nonsense")
    assert run.returncode == 1
    assert run.stderr.startswith("error: --scheduler nonsense: not a Dask scheduler address")
    assert len(run.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "c").exists() and not (tmp_path / "c.partial").exists()
