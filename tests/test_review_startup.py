"""``openimr review`` run inside another process (issue 12, start-up): it collects no garbage
while it runs, and leaves garbage collection as it found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openimr.cli import app
from openimr.cli.review import _short_lived

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed-facet-and-trigger-point.yaml"


@pytest.fixture
def collection_restored() -> Iterator[None]:
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    yield
    gc.set_threshold(*threshold)
    gc.enable() if enabled else gc.disable()


def test_no_garbage_is_collected_inside_a_review_and_what_is_left_is_frozen(
    collection_restored: None,
) -> None:
    gc.enable()
    seen: list[str] = []

    def during(phase: str, info: dict[str, int]) -> None:
        seen.append(phase)

    gc.callbacks.append(during)
    try:
        with _short_lived():
            for _ in range(50_000):  # cycles enough for dozens of collections
                cycle: list[object] = []
                cycle.append(cycle)
            inside = gc.isenabled()
        frozen = gc.get_freeze_count()
    finally:
        gc.callbacks.remove(during)
        gc.unfreeze()
    assert seen == [] and inside is False
    assert frozen >= 50_000
    assert gc.isenabled()


@pytest.mark.parametrize("enabled", [True, False])
def test_review_leaves_garbage_collection_as_it_was(
    tmp_path: Path, enabled: bool, collection_restored: None
) -> None:
    gc.enable() if enabled else gc.disable()
    threshold = gc.get_threshold()
    run = CliRunner().invoke(
        app,
        [
            "review",
            str(SEED),
            "--out",
            str(tmp_path / "out"),
            "--config",
            str(ROOT / "examples" / "openimr.yaml"),
        ],
    )
    gc.unfreeze()
    assert run.exit_code == 0, run.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "determination.json",
        "letter.html",
        "letter.pdf",
        "letter.txt",
    ]
    assert gc.isenabled() is enabled and gc.get_threshold() == threshold
