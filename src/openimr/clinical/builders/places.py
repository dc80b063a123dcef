"""Where in the body: body part, side and spinal level named in a stretch of text."""

from __future__ import annotations

import functools
import re

from openimr.clinical.rules import body_parts

__all__ = ["body_part_in", "side_in", "dermatome_in"]

_SIDE = re.compile(r"\b(bilateral(?:ly)?|both|left|right)\b", re.IGNORECASE)
_DERMATOME = re.compile(r"\b([CLTS][1-8])(?:\s*(?:-|to|and|,)\s*([CLTS]?[1-8]))?\b")


@functools.cache
def _body_part_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in body_parts())


def body_part_in(text: str) -> str | None:
    """The first body part named in ``text`` (by position), from ``data/body_parts.yaml``."""
    best: tuple[int, str] | None = None
    for name, pattern in _body_part_patterns():
        found = pattern.search(text)
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), name)
    return best[1] if best else None


def side_in(text: str) -> str | None:
    """left / right / bilateral, as first written in ``text``."""
    found = _SIDE.search(text)
    if not found:
        return None
    word = found.group(1).lower()
    return "bilateral" if word.startswith("bilateral") or word == "both" else word


def dermatome_in(text: str) -> str | None:
    """'L5', 'C5-C6' (a spinal level written in ``text``)."""
    found = _DERMATOME.search(text)
    if not found:
        return None
    if found.group(2):
        second = found.group(2)
        second = second if second[0].isalpha() else found.group(1)[0] + second
        return f"{found.group(1)}-{second}"
    return found.group(1)
