"""A sentence of the clinical case summary, with the records it rests on (a value the case
service keeps with a draft, so this module imports nothing heavy)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SummarySentence"]


@dataclass(frozen=True)
class SummarySentence:
    """One sentence of the summary and the ids of the records (or "case file") it rests on."""

    text: str
    sources: tuple[str, ...]
