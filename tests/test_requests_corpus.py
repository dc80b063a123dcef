"""Every disputed item of the shared Final Determination letters, parsed.

The letters live outside the repository (``/work/shared/data/letters/pdf``, or the folder named by
``OPENIMR_LETTERS``); without them these tests are skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openimr import letters
from openimr.requests import parse

LETTERS = Path(os.environ.get("OPENIMR_LETTERS", "/work/shared/data/letters/pdf"))
COVERAGE_FLOOR = 0.95


def _requests() -> list[str]:
    if not LETTERS.is_dir():
        return []
    return [
        item.request for path in sorted(LETTERS.glob("*.pdf")) for item in letters.read(path).items
    ]


@pytest.fixture(scope="module")
def requests() -> list[str]:
    found = _requests()
    if not found:
        pytest.skip(f"no letters in {LETTERS}")
    return found


def test_at_least_95_percent_of_letter_requests_have_a_known_family(requests: list[str]) -> None:
    unknown = [text for text in requests if parse(text).family == "unknown"]
    coverage = 1 - len(unknown) / len(requests)
    assert coverage >= COVERAGE_FLOOR, (
        f"{coverage:.1%} of {len(requests)} requests have a family; unknown:\n" + "\n".join(unknown)
    )


def test_every_letter_request_parses_to_a_request_that_keeps_its_text(requests: list[str]) -> None:
    for text in requests:
        assert parse(text).text == text
