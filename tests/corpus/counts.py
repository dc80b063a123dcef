"""How many letters and items the shared data holds, as its own README states them (read once,
so that no test repeats the numbers)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class SharedCounts:
    letters: int
    items: int
    upheld: int
    overturned: int


@cache
def shared_counts(shared: Path) -> SharedCounts:
    """The counts in ``<shared>/data/README.md``; fails loudly if the README no longer says them."""
    text = (shared / "data" / "README.md").read_text(encoding="utf-8")
    letters = re.search(r"(\d+) real, redacted Final Determination Letters", text)
    items = re.search(
        r"(\d+) disputed items in all: (\d+) Upheld \([\d.]+%\), (\d+) Overturned", text
    )
    assert letters and items, "the shared data's README no longer states its counts"
    return SharedCounts(
        letters=int(letters.group(1)),
        items=int(items.group(1)),
        upheld=int(items.group(2)),
        overturned=int(items.group(3)),
    )
