"""The command line, run as a user runs it: a separate process, its output and its exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import SEED_LETTER
from corpus.counts import SharedCounts

from openimr.corpus.shards import MANIFEST, corpus_parquet_files

LETTER_KEYS = [
    "file",
    "case_number",
    "date_assigned",
    "date_of_injury",
    "decision_date",
    "ur_denial_date",
    "priority",
    "received",
    "reviewer",
    "summary",
    "items",
]
ITEM_KEYS = [
    "request",
    "original_request",
    "authorized",
    "remaining",
    "decision",
    "claims_administrator_guideline",
    "review_guideline",
    "rationale",
]


COUNT_KEYS = ["group", "items", "upheld", "overturned", "upheld_rate", "overturned_rate"]


def _corpus(folder: Path) -> pa.Table:
    """Every row of a corpus folder that 'openimr ingest' wrote, in shard order."""
    return pa.concat_tables(pq.read_table(f) for f in corpus_parquet_files(folder))


def openimr(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "openimr", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def pdf_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "letters" / "pdf"


def test_parse_json_prints_one_object_per_letter_with_the_documented_keys(pdf_dir: Path) -> None:
    run = openimr("parse", "--json", pdf_dir / "CM16-0219557.pdf", SEED_LETTER)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    first, seed = (json.loads(line) for line in lines)
    assert list(first) == LETTER_KEYS
    assert first["file"] == str(pdf_dir / "CM16-0219557.pdf") and seed["file"] == str(SEED_LETTER)
    assert list(first["items"][0]) == ITEM_KEYS
    assert list(first["reviewer"]) == ["licensure", "specialties"]
    assert list(first["items"][0]["review_guideline"]) == ["raw", "citations"]
    assert first["date_assigned"] == "2016-11-18" and first["priority"] == "standard"
    assert seed["case_number"] is None and seed["reviewer"]["licensure"] == ["Pennsylvania"]
    assert [item["decision"] for item in seed["items"]] == ["Upheld", "Upheld"]


def test_parse_prints_a_letter_readably(pdf_dir: Path) -> None:
    run = openimr("parse", pdf_dir / "CM16-0219557.pdf")
    assert run.returncode == 0, run.stderr
    assert "CM16-0219557" in run.stdout
    assert "Facet joint injections L4-5, L5-S1: Upheld" in run.stdout
    assert "Clinical case summary" in run.stdout


def test_parse_reports_a_bad_file_in_one_line_and_exits_1(tmp_path: Path, pdf_dir: Path) -> None:
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    run = openimr("parse", "--json", bad, pdf_dir / "CM16-0219557.pdf")
    assert run.returncode == 1
    assert run.stderr.strip() == f"error: {bad}: corrupt or truncated PDF"
    assert "Traceback" not in run.stderr
    assert len(run.stdout.splitlines()) == 1, "the good letter is still printed"


def test_ingest_writes_one_row_per_item_and_reports_bad_files_without_losing_good_ones(
    tmp_path: Path, pdf_dir: Path
) -> None:
    letters_dir = tmp_path / "letters"
    letters_dir.mkdir()
    chosen = sorted(pdf_dir.glob("*.pdf"))[:6]
    for pdf in chosen:
        (letters_dir / pdf.name).write_bytes(pdf.read_bytes())
    (letters_dir / "broken.pdf").write_bytes(chosen[0].read_bytes()[:500])
    (letters_dir / "empty.txt").write_bytes(b"")
    out = tmp_path / "corpus.parquet"
    run = openimr("ingest", letters_dir, "--out", out)
    assert run.returncode == 1
    assert "broken.pdf: corrupt or truncated PDF" in run.stderr
    assert "empty.txt: empty file" in run.stderr
    assert "Traceback" not in run.stderr
    table = _corpus(out).to_pylist()
    assert {row["case_number"] for row in table} == {pdf.stem for pdf in chosen}
    assert len(table) == sum(row["item_count"] for row in table if row["item_number"] == 1)
    failures = (out / MANIFEST).read_text()
    assert "broken.pdf" in failures and "empty.txt" in failures


def test_ingest_of_the_same_letters_twice_gives_the_same_table(
    tmp_path: Path, pdf_dir: Path
) -> None:
    first, second = tmp_path / "a.parquet", tmp_path / "b.parquet"
    assert openimr("ingest", pdf_dir, "--out", first).returncode == 0
    assert openimr("ingest", pdf_dir, "--out", second, "--workers", "1").returncode == 0
    assert _corpus(first).equals(_corpus(second))


def test_stats_json_gives_the_shared_letters_uphold_rate(
    tmp_path: Path, pdf_dir: Path, shared_counts: SharedCounts
) -> None:
    out = tmp_path / "corpus.parquet"
    assert openimr("ingest", pdf_dir, "--out", out).returncode == 0
    run = openimr("stats", out, "--json")
    assert run.returncode == 0, run.stderr
    stats = json.loads(run.stdout)
    counts = shared_counts
    assert stats["letters"] == counts.letters
    assert {key: stats["overall"][key] for key in COUNT_KEYS} == {
        "group": "all",
        "items": counts.items,
        "upheld": counts.upheld,
        "overturned": counts.overturned,
        "upheld_rate": round(counts.upheld / counts.items, 4),
        "overturned_rate": round(counts.overturned / counts.items, 4),
    }
    by_document = {row["group"]: row for row in stats["by_guideline_document"]}
    assert by_document["MTUS ACOEM Low Back Complaints 2004"]["items"] >= 20
    assert sum(row["items"] for row in stats["by_guideline_document"]) == counts.items
    assert sum(row["items"] for row in stats["by_service_category"]) == counts.items
    specialties = {row["group"] for row in stats["by_reviewer_specialty"]}
    assert {"Family Practice", "Occupational Medicine"} <= specialties
    table = openimr("stats", out)
    assert table.returncode == 0 and "By service category" in table.stdout


def test_stats_on_a_file_that_is_not_a_corpus_says_so(tmp_path: Path) -> None:
    not_parquet = tmp_path / "corpus.parquet"
    not_parquet.write_text("hello")
    run = openimr("stats", not_parquet)
    assert run.returncode == 1
    assert run.stderr.strip() == f"error: {not_parquet}: not a Parquet file"
    missing = openimr("stats", tmp_path / "none.parquet")
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_guidelines_list_shows_every_criteria_set() -> None:
    from openimr.guidelines import KnowledgeBase

    run = openimr("guidelines", "list")
    assert run.returncode == 0, run.stderr
    assert f"{len(KnowledgeBase.load().all())} criteria sets" in run.stdout
    assert "imaging_lumbar_spine" in run.stdout


def test_guidelines_show_prints_criteria_with_citations() -> None:
    run = openimr("guidelines", "show", "trigger_point_injection")
    assert run.returncode == 0, run.stderr
    assert "MTUS Chronic Pain Medical Treatment Guidelines" in run.stdout
    assert "122" in run.stdout
    missing = openimr("guidelines", "show", "no_such_set")
    assert missing.returncode == 1
    assert (
        missing.stderr.strip()
        == "error: no criteria set 'no_such_set'; 'openimr guidelines list' lists them"
    )


def test_guidelines_match_shows_the_parsed_request_and_the_governing_guideline() -> None:
    run = openimr(
        "guidelines", "match", "MRI of the lumbar spine without contrast", "--date", "2016-12-01"
    )
    assert run.returncode == 0, run.stderr
    assert '"family": "mri"' in run.stdout
    assert "imaging_lumbar_spine" in run.stdout
    assert "MTUS ACOEM Low Back Complaints 2004" in run.stdout
    bad_date = openimr("guidelines", "match", "MRI", "--date", "12/01/2016")
    assert bad_date.returncode == 1 and "--date: '12/01/2016' is not a date" in bad_date.stderr


def test_guidelines_coverage_of_the_shared_letters_is_at_least_95_percent(
    pdf_dir: Path, shared_counts: SharedCounts
) -> None:
    run = openimr("guidelines", "coverage", pdf_dir, "--json")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["items"] == shared_counts.items
    assert result["coverage"] >= 0.95
    assert result["covered"] + len(result["uncovered"]) == shared_counts.items


def test_evaluate_on_a_folder_without_letters_says_so(tmp_path: Path) -> None:
    run = openimr("evaluate", tmp_path, "--json")
    assert run.returncode == 1
    assert (
        run.stderr.strip() == f"error: no letters to evaluate: {tmp_path} hold no readable letter"
    )


def test_guidelines_match_of_an_empty_request_is_an_error() -> None:
    run = openimr("guidelines", "match", " ")
    assert run.returncode == 1 and run.stderr.startswith("error: REQUEST is empty")


def test_stats_on_a_folder_names_the_problem(tmp_path: Path) -> None:
    run = openimr("stats", tmp_path)
    assert run.returncode == 1
    assert run.stderr.strip().startswith(f"error: {tmp_path}: not an OpenIMR corpus folder")


def test_review_prints_a_request_with_brackets_as_written_and_reports_an_unwritable_folder(
    tmp_path: Path,
) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        "format: openimr-case/1\n"
        "utilization_review: {date: 2016-12-01}\n"
        "records: [{id: r1, date: 2016-11-20, type: progress note, text: Low back pain for six weeks.}]\n"
        "disputed_items: [{request: 'Lumbar support [/b] brace'}]\n",
        encoding="utf-8",
    )
    run = openimr("review", case, "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    assert "Lumbar support [/b] brace" in run.stdout
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")
    nested = openimr("review", case, "--out", blocked / "out")
    assert nested.returncode == 1 and "Traceback" not in nested.stderr
    assert len(nested.stderr.strip().splitlines()) == 1


def _commands() -> list[list[str]]:
    """Every command and sub-command of ``openimr``, as the words that name it."""
    import typer

    from openimr.cli import app

    found: list[list[str]] = []

    def walk(command: Any, words: list[str]) -> None:
        found.append(words)
        for name, sub in getattr(command, "commands", {}).items():  # a group's commands
            walk(sub, [*words, name])

    walk(typer.main.get_command(app), [])
    return found


def test_openimr_version_prints_the_installed_version() -> None:
    from importlib.metadata import version

    run = openimr("--version")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"openimr {version('openimr')}"


def test_every_command_shows_its_flags_as_flags_and_fits_80_columns() -> None:
    from typer.testing import CliRunner

    from openimr.cli import app

    runner = CliRunner()
    commands = _commands()
    assert ["guidelines", "coverage"] in commands and ["review"] in commands
    for words in commands:
        run = runner.invoke(app, [*words, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
        assert run.exit_code == 0, (words, run.output)
        assert "<bool>" not in run.output, words
        flags = [line.split() for line in run.output.splitlines() if line.strip().startswith("--")]
        for flag in flags:
            if flag[0] in ("--json", "--force", "--help", "--version"):
                assert not flag[1].startswith("<"), (words, flag)
        long_lines = [line for line in run.output.splitlines() if len(line) > 80]
        assert long_lines == [], words


def test_guidelines_coverage_names_the_letter_of_each_uncovered_item(pdf_dir: Path) -> None:
    run = openimr("guidelines", "coverage", pdf_dir, "--json")
    assert run.returncode == 0, run.stderr
    uncovered = json.loads(run.stdout)["uncovered"]
    letters_read = {path.stem for path in pdf_dir.glob("*.pdf")}
    assert all(set(row) == {"letter", "request"} for row in uncovered)
    assert {row["letter"] for row in uncovered} <= letters_read
    text = openimr("guidelines", "coverage", pdf_dir)
    for row in uncovered:
        assert f"not covered: {row['letter']}: {row['request']}" in text.stdout


def test_a_mistyped_criteria_set_id_gets_did_you_mean() -> None:
    from openimr.guidelines import KnowledgeBase

    real = KnowledgeBase.load().all()[0].id
    typo = real[:-1] + ("x" if real[-1] != "x" else "y")
    run = openimr("guidelines", "show", typo)
    assert run.returncode == 1
    message = run.stderr.strip()
    assert len(message.splitlines()) == 1
    assert message.startswith(f"error: no criteria set '{typo}'; did you mean '{real}'")


def test_guidelines_show_explains_unconfirmed_citations() -> None:
    from openimr.guidelines import KnowledgeBase

    sets = KnowledgeBase.load().all()
    unconfirmed = next(
        c for c in sets if any(not k.citation.confirmed for g in c.guidelines for k in g.criteria)
    )
    confirmed = next(
        (
            c
            for c in sets
            if c.guidelines and all(k.citation.confirmed for g in c.guidelines for k in g.criteria)
        ),
        None,
    )
    run = openimr("guidelines", "show", unconfirmed.id)
    assert run.returncode == 0, run.stderr
    assert "[unconfirmed]" in run.stdout
    assert "[unconfirmed]: no published Final Determination letter yet quotes" in run.stdout
    if confirmed is not None:
        plain = openimr("guidelines", "show", confirmed.id)
        assert "[unconfirmed]" not in plain.stdout


def test_guidelines_list_is_readable_at_80_columns() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "openimr", "guidelines", "list"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert [line for line in lines if len(line) > 80] == []
    assert any(line.startswith("imaging_lumbar_spine: ") for line in lines)


def test_a_count_of_one_is_singular(tmp_path: Path, pdf_dir: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "a.pdf").write_bytes((pdf_dir / "CM16-0219557.pdf").read_bytes())
    (folder / "b.pdf").write_bytes(b"%PDF-1.4 not really")
    run = openimr("guidelines", "coverage", folder)
    assert run.returncode == 1
    assert "1 file could not be read" in run.stderr
