"""``render.PdfProcess``: the letter's PDF from WeasyPrint loaded in a process of its own (so that
``openimr review`` loads it while deciding), the same bytes as ``render.to_pdf``, and rendered here
instead when that process cannot give it. Each case runs in a fresh interpreter, where WeasyPrint
is not loaded yet (a process that has it loaded renders in place)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from openimr import letters
from openimr.drafting import render

SCRIPT = """
import hashlib, json, sys
from openimr import letters
from openimr.drafting import render
letter = letters.read(sys.argv[1])
{setup}
process = render.PdfProcess()
pdf = process.to_pdf(letter, stage=render.Stage.ISSUED)
unused = render.PdfProcess()
child = unused._process
unused.close()
print(json.dumps([process.separate, hashlib.sha256(pdf).hexdigest(),
                  child is None or child.poll() is not None]))
"""


def _run(letter: Path, setup: str = "") -> list[object]:
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(setup=setup), str(letter)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    result: list[object] = json.loads(run.stdout)
    return result


@pytest.fixture(scope="module")
def letter_and_pdf(shared_dir: Path) -> tuple[Path, str]:
    path = shared_dir / "data" / "letters" / "pdf" / "CM16-0246487.pdf"
    pdf = render.to_pdf(letters.read(path), stage=render.Stage.ISSUED)
    return path, hashlib.sha256(pdf).hexdigest()


def test_the_other_process_gives_the_same_pdf_and_an_unused_one_is_ended(
    letter_and_pdf: tuple[Path, str],
) -> None:
    path, expected = letter_and_pdf
    assert _run(path) == [True, expected, True]


@pytest.mark.parametrize(
    ("setup", "separate"),
    [
        ("render._PDF_PROCESS = 'import sys; sys.exit(3)'", True),  # it fails
        ("render._PDF_PROCESS = 'import sys; sys.stdin.read()'", True),  # it gives no PDF
        ("sys.executable = '/nonexistent/python'", False),  # it cannot start
    ],
)
def test_a_process_that_cannot_give_the_pdf_leaves_it_rendered_here_the_same(
    letter_and_pdf: tuple[Path, str], setup: str, separate: bool
) -> None:
    path, expected = letter_and_pdf
    assert _run(path, setup) == [separate, expected, True]
