"""Evaluate as a streaming, resumable batch job: outcome shards, the same rows on any number of
workers, and a killed run resumed without losing or repeating a letter."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openimr.corpus.evaluate import evaluate
from openimr.corpus.shards import corpus_parquet_files

from .conftest import kill_midway, openimr


def outcome_rows(folder: Path) -> list[dict[str, object]]:
    return pa.concat_tables(pq.read_table(f) for f in corpus_parquet_files(folder)).to_pylist()


@pytest.fixture(scope="module")
def twelve(letters_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("twelve")
    for letter in sorted((letters_dir / "pdf").glob("*.pdf"))[:12]:
        (folder / letter.name).symlink_to(letter)
    return folder


@pytest.fixture(scope="module")
def one_worker(twelve: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("one") / "outcomes"
    evaluate([twelve], out, workers=1)
    return out


def test_two_workers_give_the_rows_one_worker_gives(
    twelve: Path, one_worker: Path, tmp_path: Path
) -> None:
    result = evaluate([twelve], tmp_path / "two", workers=2, batch_size=2)
    rows = outcome_rows(tmp_path / "two")
    assert result.letters == 12 and len(rows) == result.items
    assert rows == outcome_rows(one_worker)
    assert [r["item"] for r in rows if r["file"] == rows[0]["file"]][0] == 1


def test_a_letter_read_from_its_pdf_and_its_text_is_decided_once(
    twelve: Path, letters_dir: Path, tmp_path: Path, one_worker: Path
) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    for pdf in twelve.iterdir():
        (texts / (pdf.stem + ".txt")).symlink_to(letters_dir / "txt" / (pdf.stem + ".txt"))
    result = evaluate([twelve, texts], tmp_path / "both", workers=1)
    assert result.letters == 12 and len(result.duplicates) == 12
    both = outcome_rows(tmp_path / "both")
    assert len({Path(str(row["file"])).suffix for row in both}) == 1  # each from one file only

    def without_file(rows: list[dict[str, object]]) -> list[dict[str, object]]:
        return [{k: v for k, v in row.items() if k != "file"} for row in rows]

    assert without_file(both) == without_file(outcome_rows(one_worker))


def test_a_killed_evaluation_resumes_without_losing_or_repeating_a_letter(
    twelve: Path, one_worker: Path, tmp_path: Path
) -> None:
    out, partial = tmp_path / "outcomes", tmp_path / "outcomes.partial"
    args = ["evaluate", twelve, "--out", out, "--workers", "1", "--batch-size", "1"]
    kill_midway(args, partial, after=3)

    again = openimr("evaluate", twelve, "--out", out, "--resume", "--json")
    assert again.returncode == 0, again.stderr
    assert "resumed: " in again.stderr
    assert '"letters": 12' in again.stdout
    assert outcome_rows(out) == outcome_rows(one_worker)


def test_resume_needs_the_folder_of_the_run(twelve: Path) -> None:
    run = openimr("evaluate", twelve, "--resume")
    assert run.returncode == 1
    assert run.stderr.strip() == "error: --resume needs --out, the folder of the run to continue"


def test_an_engine_error_on_one_letter_is_reported_and_the_batch_goes_on(
    twelve: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openimr.review
    from openimr.corpus.evaluate import decide_batch

    real = openimr.review.decide
    files = sorted(str(p) for p in twelve.iterdir())[:3]
    unlucky = Path(files[1]).stem

    def decide(case, **kwargs):  # type: ignore[no-untyped-def]
        if case.case_number == unlucky:
            raise ValueError("the worker's name and diagnosis")
        return real(case, **kwargs)

    monkeypatch.setattr(openimr.review, "decide", decide)
    batch = decide_batch(files)
    assert [file for file, _ in batch.letters] == [files[0], files[2]]
    [(file, problem)] = batch.failures
    assert file == files[1]
    assert problem.startswith("an error in OpenIMR while deciding this letter's case (ValueError")
    assert "diagnosis" not in problem


def test_broken_rule_data_stops_the_run_instead_of_failing_every_letter(
    twelve: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import openimr.review
    from openimr.errors import ClinicalRuleError

    def decide(case, **kwargs):  # type: ignore[no-untyped-def]
        raise ClinicalRuleError("facts.yaml: facts.3: unknown fact")

    monkeypatch.setattr(openimr.review, "decide", decide)
    with pytest.raises(ClinicalRuleError):
        evaluate([twelve], tmp_path / "out", workers=1)
    assert not (tmp_path / "out").exists()


def test_evaluate_never_replaces_an_ingested_corpus(twelve: Path, tmp_path: Path) -> None:
    from openimr.corpus.ingest import ingest

    ingest([twelve], tmp_path / "corpus", workers=1)
    before = outcome_rows(tmp_path / "corpus")
    run = openimr("evaluate", twelve, "--out", tmp_path / "corpus")
    assert run.returncode == 1
    assert "holds the output of 'ingest', not of 'evaluate'" in run.stderr
    assert outcome_rows(tmp_path / "corpus") == before
