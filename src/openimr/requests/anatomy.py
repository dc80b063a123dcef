"""Where a request is for: body regions, side, and spinal levels.

"Chiropractic treatment for cervical and lumbar spine, left wrist/hand" names the cervical spine,
the lumbar spine, the wrist and the hand, on the left; "Facet joint injections L4-5, L5-S1" names
two levels.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import cast

from openimr.requests.model import Laterality
from openimr.vocab import load_vocabulary, region_of_level
from openimr.vocab.phrases import Mention, PhraseIndex, phrase_pattern

__all__ = ["Where", "implied_region", "where"]

_SPINE_PARTS = {"lumbar spine", "cervical spine", "thoracic spine", "sacroiliac joint", "coccyx"}
_LEVEL = re.compile(
    r"(?<![A-Za-z0-9])(?P<upper>[CTL])\s*(?P<first>\d{1,2})\s*(?:-|to|/|–)\s*"
    r"(?P<lower>(?:[CTLS]\s*)?\d{1,2}|S\s*1?)(?![0-9])",
    re.IGNORECASE,
)
_COUNTED_LEVELS = re.compile(
    r"\b(?P<count>one|two|three|four|single|\d)[\s\-]+levels?\b", re.IGNORECASE
)
_LEVEL_WORDS = {"one": 1, "single": 1, "two": 2, "three": 3, "four": 4}


@dataclass(frozen=True)
class Where:
    """The regions, the side and the spinal levels a request names."""

    body_parts: list[str] = field(default_factory=list)
    laterality: Laterality | None = None
    sides: dict[str, Laterality] = field(default_factory=dict)
    levels: list[str] = field(default_factory=list)
    level_count: int | None = None


@functools.cache
def _regions() -> PhraseIndex:
    anatomy = load_vocabulary().anatomy
    return PhraseIndex(
        (word, region.region, 0) for region in anatomy.regions for word in region.words
    )


@functools.cache
def _sides() -> PhraseIndex:
    anatomy = load_vocabulary().anatomy
    return PhraseIndex((word, side, 0) for side, words in anatomy.sides.items() for word in words)


@functools.cache
def _side_abbreviations() -> list[tuple[re.Pattern[str], str]]:
    anatomy = load_vocabulary().anatomy
    return [
        (re.compile(phrase_pattern(word).replace(r"(?:e?s)?", "") + r"\.?(?=\s*\S)", re.I), side)
        for side, words in anatomy.side_abbreviations.items()
        for word in words
    ]


def where(text: str) -> Where:
    """The body regions, side and spinal levels named in a request.

    Laterality is "bilateral" when the request says so ("bilateral", "both", "(B)") or names both
    sides of the same regions ("left and right knee"); None when it names no side, or different
    sides of different regions ("left hand, right lower leg").
    """
    parts = _regions().scan(text)
    body_parts = _unique(mention.key for mention in parts)
    if "spine" in body_parts and _SPINE_PARTS.intersection(body_parts):
        body_parts.remove("spine")
    levels = _levels(text)
    if not body_parts:
        # "L4-5 decompression" is for the lumbar spine
        body_parts = _unique(region for level in levels if (region := region_of_level(level)))
    side_mentions = _side_mentions(text, parts)
    laterality = _laterality(side_mentions, parts)
    sides = {
        region: side
        for region, side in _sides_by_region(side_mentions, parts).items()
        if region in body_parts
    }
    if laterality is not None and len(body_parts) == 1 and not sides:
        sides = {body_parts[0]: laterality}  # "Left L4-5 facet injection"
    return Where(
        body_parts=body_parts,
        laterality=laterality,
        sides=sides,
        levels=levels,
        level_count=len(levels) if levels else _counted_levels(text),
    )


def implied_region(located: Where, surgery_kind: str) -> Where:
    """``located`` with the region a kind of surgery is always done on, when it names none."""
    kind = next(k for k in load_vocabulary().surgery.kinds if k.id == surgery_kind)
    if kind.region is None:
        return located
    sides = {kind.region: located.laterality} if located.laterality else {}
    return replace(located, body_parts=[kind.region], sides=sides)


def _unique(keys: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for key in keys:
        if key not in seen:
            seen.append(key)
    return seen


def _side_mentions(text: str, parts: list[Mention]) -> list[Mention]:
    """The side words of a request, and the abbreviations written right before a body part."""
    sides = _sides().scan(text)
    for pattern, side in _side_abbreviations():
        for match in pattern.finditer(text):
            if any(part.start == _skip_space(text, match.end()) for part in parts):
                sides.append(Mention(match.start(), match.end(), side))
    return sorted(sides, key=lambda mention: mention.start)


def _laterality(side_mentions: list[Mention], parts: list[Mention]) -> Laterality | None:
    sides = [(mention.key, mention.end) for mention in side_mentions]
    named = {side for side, _ in sides}
    if "bilateral" in named:
        return "bilateral"
    if named == {"left"}:
        return "left"
    if named == {"right"}:
        return "right"
    if not named:
        return None
    regions_by_side = {
        side: {_region_after(end, parts) for named_side, end in sides if named_side == side}
        for side in ("left", "right")
    }
    return "bilateral" if regions_by_side["left"] == regions_by_side["right"] else None


def _sides_by_region(side_mentions: list[Mention], parts: list[Mention]) -> dict[str, Laterality]:
    """The side written for each region: a side word goes with the regions after it until the
    next side word ("left shoulder and knee, right wrist"); sides written together go with the
    regions after them ("left and right knee": both); a side after the last region goes with it
    ("MRI knee, left")."""
    events = sorted(
        [(m.start, 0, m.key) for m in side_mentions] + [(p.start, 1, p.key) for p in parts]
    )
    found: dict[str, Laterality] = {}
    current: Laterality | None = None
    previous_was_side = False
    last_region: str | None = None
    for _, is_region, key in events:
        if is_region:
            if current is not None:
                found[key] = _together(found.get(key), current)
            last_region, previous_was_side = key, False
            continue
        side = cast(Laterality, key)
        current = _together(current, side) if previous_was_side else side
        previous_was_side = True
    if previous_was_side and current is not None and last_region and last_region not in found:
        found[last_region] = current
    return found


def _together(first: Laterality | None, second: Laterality) -> Laterality:
    return second if first is None or first == second else "bilateral"


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _region_after(end: int, parts: list[Mention]) -> str | None:
    """The region a side word goes with: the first body part after it ("left and right knee")."""
    following = [part for part in parts if part.start >= end]
    return following[0].key if following else None


def _levels(text: str) -> list[str]:
    levels: list[str] = []
    for match in _LEVEL.finditer(text):
        upper = match["upper"].upper()
        first = int(match["first"])
        lower = re.sub(r"\s+", "", match["lower"]).upper()
        if lower.startswith("S"):
            level = f"{upper}{first}-{lower if lower != 'S' else 'S1'}"
        else:
            digits = lower.lstrip("CTL")
            region = lower[0] if lower[0] in "CTL" else upper
            if region == upper and int(digits) == first + 1:
                level = f"{upper}{first}-{digits}"
            elif region == upper and int(digits) > first + 1:
                # "L3-L5" spans two levels: L3-4 and L4-5
                for top in range(first, int(digits)):
                    _add(levels, f"{upper}{top}-{top + 1}")
                continue
            else:
                level = f"{upper}{first}-{region}{digits}"
        _add(levels, level)
    return levels


def _add(levels: list[str], level: str) -> None:
    if level not in levels:
        levels.append(level)


def _counted_levels(text: str) -> int | None:
    match = _COUNTED_LEVELS.search(text)
    if match is None:
        return None
    count = match["count"].lower()
    return int(count) if count.isdigit() else _LEVEL_WORDS[count]
