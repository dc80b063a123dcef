"""Counts in plain English, for the messages of the corpus commands ("1 file", "2 files")."""

from __future__ import annotations

__all__ = ["plural"]


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 file``, ``2 files``, ``1,500 letters``: a count with its noun in plain English."""
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"
