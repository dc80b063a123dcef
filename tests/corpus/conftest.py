"""Fixtures of the corpus tests: small folders of the shared letters, and a way to run the CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
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


def kill_midway(args: list[str | Path], partial: Path, after: int, timeout: float = 300) -> int:
    """Run ``openimr *args`` and SIGKILL it once ``after`` shards are recorded in the manifest of
    ``partial``; the number of shards recorded when it died."""
    manifest = partial / "manifest.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "openimr", *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if manifest.exists() and manifest.read_text().count('"shard"') >= after:
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.005)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the run ended before it could be interrupted"
    return manifest.read_text().count('"shard"')


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
