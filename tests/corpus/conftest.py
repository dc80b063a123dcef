"""Fixtures of the corpus tests: small folders of the shared letters, and a way to run the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .counts import SharedCounts, shared_counts


def openimr(*args: str | Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run ``openimr`` as a user does, in its own process, on an 80-column terminal."""
    return subprocess.run(
        [sys.executable, "-m", "openimr", *map(str, args)],
        env={**os.environ, "COLUMNS": "80"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def counts(shared_dir: Path) -> SharedCounts:
    """How many letters and items the shared data holds (from its README)."""
    return shared_counts(shared_dir)


@pytest.fixture(scope="session")
def letters_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "letters"


@pytest.fixture
def some_letters(letters_dir: Path, tmp_path: Path) -> Path:
    """A folder of links to 24 of the shared text letters."""
    folder = tmp_path / "some"
    folder.mkdir()
    for letter in sorted((letters_dir / "txt").glob("*.txt"))[:24]:
        (folder / letter.name).symlink_to(letter)
    return folder
