"""Shared fixtures: where the shared data lives (../shared beside the project, or $OPENIMR_SHARED)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from corpus.counts import SharedCounts
from corpus.counts import shared_counts as read_shared_counts

SHARED = Path(
    os.environ.get("OPENIMR_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)
SEED_LETTER = SHARED / "seed" / "000_b862b4705b552a9d.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "data" / "letters").is_dir():
        pytest.fail(f"shared data not found at {SHARED}; set OPENIMR_SHARED")
    return SHARED


@pytest.fixture(scope="session")
def shared_counts(shared_dir: Path) -> SharedCounts:
    """How many letters, items, Upheld and Overturned the shared data holds, as its README says
    (tests compare with these instead of repeating the numbers); checked against the PDFs."""
    counts = read_shared_counts(shared_dir)
    pdfs = len(list((shared_dir / "data" / "letters" / "pdf").glob("*.pdf")))
    assert pdfs == counts.letters, f"the README counts {counts.letters} letters; {pdfs} PDFs found"
    assert counts.upheld + counts.overturned == counts.items
    return counts
