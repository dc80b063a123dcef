"""The records with the engine's evidence sentences marked in place.

An :class:`~openimr.domain.Evidence` names its record (``document``), the character offsets of
what it found, and the whole sentence. The page marks the sentence where it stands in the
record's text (found around the offsets, whitespace as the record has it), or the offsets alone
when the sentence cannot be found there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from openimr.domain import Evidence, Record

__all__ = ["Segment", "anchor", "locate", "segments"]


@dataclass
class Segment:
    """A run of a record's text: plain, or marked as evidence with the anchors that point to it."""

    text: str
    anchors: list[str] = field(default_factory=list)

    @property
    def marked(self) -> bool:
        return bool(self.anchors)


def anchor(record_index: int, evidence: Evidence) -> str:
    """The id of the mark for this evidence in the record at ``record_index``."""
    return f"ev-{record_index}-{evidence.start}-{evidence.end}"


def locate(text: str, evidence: Evidence) -> tuple[int, int] | None:
    """Where the evidence's sentence stands in ``text``: the occurrence nearest its offsets."""
    words = evidence.sentence.split()
    if words:
        pattern = re.compile(r"\s+".join(map(re.escape, words)))
        found = [m.span() for m in pattern.finditer(text)]
        covering = [
            s for s in found if s[0] <= evidence.start < s[1] or s[0] <= evidence.end <= s[1]
        ]
        if covering:
            return covering[0]
        if found:
            return min(found, key=lambda s: abs(s[0] - evidence.start))
    if 0 <= evidence.start < evidence.end <= len(text):
        return evidence.start, evidence.end
    return None


def segments(record: Record, record_index: int, evidence: Iterable[Evidence]) -> list[Segment]:
    """The record's text cut into plain and marked runs; overlapping evidence is merged."""
    spans: list[tuple[int, int, str]] = []
    for item in evidence:
        if item.document != record.id:
            continue
        place = locate(record.text, item)
        if place is not None:
            spans.append((place[0], place[1], anchor(record_index, item)))
    spans.sort()
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, name in spans:
        if merged and start < merged[-1][1]:
            last_start, last_end, names = merged[-1]
            merged[-1] = (
                last_start,
                max(last_end, end),
                names + [name] if name not in names else names,
            )
        else:
            merged.append((start, end, [name]))
    result: list[Segment] = []
    at = 0
    for start, end, names in merged:
        if start > at:
            result.append(Segment(record.text[at:start]))
        result.append(Segment(record.text[start:end], names))
        at = end
    if at < len(record.text):
        result.append(Segment(record.text[at:]))
    return result
