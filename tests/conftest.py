"""Shared fixtures: where the shared data lives (../shared beside the project, or $OPENIMR_SHARED)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(
    os.environ.get("OPENIMR_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)
SEED_LETTER = SHARED / "seed" / "000_b862b4705b552a9d.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "data" / "letters").is_dir():
        pytest.fail(f"shared data not found at {SHARED}; set OPENIMR_SHARED")
    return SHARED
