"""openimr parse: folders like the other commands, JSON lines that name their file, --json shown
as a flag."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import openimr


def test_parse_reads_a_folder_and_each_json_line_names_its_file(some_letters: Path) -> None:
    run = openimr("parse", some_letters, "--json")
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["file"] for line in lines] == sorted(str(p) for p in some_letters.iterdir())
    assert all(Path(line["file"]).stem == line["case_number"] for line in lines)
    assert all(line["items"] for line in lines)


def test_parse_reports_a_bad_file_and_goes_on(some_letters: Path) -> None:
    (some_letters / "broken.txt").write_text("nothing like a letter")
    (some_letters / "scan.png").write_bytes(b"\x89PNG")
    run = openimr("parse", some_letters, "--json")
    assert run.returncode == 1
    assert len(run.stdout.splitlines()) == 24
    assert f"error: {some_letters / 'broken.txt'}" in run.stderr
    assert "skipped 1 file that is not a letter" in run.stderr
    assert "Traceback" not in run.stderr


def test_flags_are_shown_as_flags_in_help() -> None:
    for command in ("parse", "stats", "evaluate", "ingest"):
        run = openimr(command, "--help")
        assert run.returncode == 0
        for line in run.stdout.splitlines():
            if "--json" in line or "--resume" in line or "--force" in line:
                assert "<bool>" not in line and "BOOLEAN" not in line, line
        assert max(len(line) for line in run.stdout.splitlines()) <= 80
