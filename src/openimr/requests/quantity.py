"""How much of a service a request asks for: sessions, frequency × duration, days, units.

The forms the letters use, and what they give:

=====================================================  =========================================
"2 times a week for 4 weeks", "2x/week x 4 weeks"      8 sessions, 2 a week, 4 weeks
"two times a week times six weeks"                     12 sessions
"2x4", "1 times 8", "two times four visits (8)"        N × M sessions
"2-3 times a week for 6 weeks"                         sessions_range (12, 18)
"#6", "x 3", "times 12", "(8 sessions)", "six visits"  that many sessions (or units for equipment)
"Twelve physical therapy visits", "sessions, 12"       12 sessions
"two ... sessions ... and eight ... sessions"          10 sessions (the counts add up)
"30 day rental", "seven day use", "for one week"       duration_days 30 / 7, duration_weeks 1
=====================================================  =========================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openimr.numbers import CARDINALS
from openimr.vocab.phrases import blank

__all__ = ["NUMBER_WORDS", "Amount", "amount", "number"]

NUMBER_WORDS = {
    **CARDINALS,
    "once": 1,
    "twice": 2,
    "thrice": 3,
}

_WORDS = "|".join(sorted((re.escape(word) for word in NUMBER_WORDS), key=len, reverse=True))
_CORE = rf"(?:\d{{1,3}}(?!\d)|(?:{_WORDS})\b)"
_NUM = rf"(?<![\w./\-]){_CORE}"


def _range(name: str, *, bounded: bool = True) -> str:
    first = _NUM if bounded else _CORE
    return rf"(?P<{name}>{first})(?:\s*(?:-|–|to|or)\s*(?P<{name}_to>{_CORE}))?"


_PER_WEEK = (
    r"(?:\s*(?:(?:x|times|visits?|sessions?|treatments?|days?)\s*(?:a|per|/|each|every|an)?"
    r"|a|per|/|each|every|an)\s*(?:weeks?|wks?)\b|\s*(?:x|times)?\s*weekly\b)"
)
_WEEKS = r"\s*(?:-\s*)?(?:weeks?|wks?)\b"
_THEN = r"\s*,?\s*(?:for\s+a\s+total\s+of|for\s+a\s+period\s+of|for|x|times|over|×|\*)?\s*"
_FREQUENCY_BY_DURATION = re.compile(_range("f") + _PER_WEEK + _THEN + _range("d") + _WEEKS, re.I)
_N_BY_M = re.compile(
    rf"(?P<f>{_NUM})\s*(?:x|times|×|\*)\s*(?P<d>{_CORE})"
    rf"(?!\s*(?:%|mg|days?|hours?|a\b|an\b|per\b|weekly\b|/))(?:{_WEEKS})?",
    re.I,
)
_DAILY = re.compile(
    rf"\b(?:daily|every\s+day|7\s+days\s+a\s+week)\b[^.;]*?\bfor\s+(?P<d>{_CORE}){_WEEKS}", re.I
)
_FREQUENCY = re.compile(_range("f") + _PER_WEEK, re.I)
_DURATION = re.compile(_range("d") + _WEEKS, re.I)
_DAYS = re.compile(rf"(?P<n>{_NUM})\s*(?:-\s*)?days?\b", re.I)
_MONTHS = re.compile(rf"(?P<n>{_NUM})\s*(?:-\s*)?months?\b", re.I)
_SESSION_WORD = r"(?:sessions?|visits?|treatments?|appointments?)\b"
_NOT_A_LINK = r"(?!(?:times|x|per|a|an|week|weeks|for|of|to|and|or)\b)"
_COUNTS = [
    # "Twelve physical therapy visits", "Eight (8) physical therapy sessions", "12-18 sessions"
    re.compile(
        _range("c")
        + rf"\s*(?:\(\s*\d+\s*\)\s*)?(?:{_NOT_A_LINK}[a-z/\-]+\s+){{0,3}}?{_SESSION_WORD}",
        re.I,
    ),
    # "Physical Therapy sessions, 12"
    re.compile(rf"{_SESSION_WORD}\s*[,:]\s*(?P<c>{_CORE})(?!\s*(?:x|times|weeks?|days?)\b)", re.I),
    # "x 3", "times 12", "#6", "QTY: 2"
    re.compile(
        rf"(?:(?<!\w)x|\btimes|#|\bqty\.?:?|\bquantity:?)\s*(?P<c>{_CORE})"
        rf"(?!\s*(?:weeks?|wks?|days?|hours?|hrs?|%|mg|/))",
        re.I,
    ),
    # "series of 3"
    re.compile(rf"\bseries\s+of\s+(?P<c>{_CORE})", re.I),
    # "(8)", "(8 sessions)"
    re.compile(rf"\(\s*(?P<c>\d{{1,3}})\s*(?:{_SESSION_WORD})?\s*\)", re.I),
]
_LEADING_COUNT = re.compile(
    rf"^\s*(?P<c>{_CORE})(?:\s*\(\s*\d+\s*\))?\s+"
    r"(?!(?:phase|level|view|position|day|week|month|hour|time|x)s?\b)(?=[a-z])",
    re.I,
)
_ANY_NUMBER = re.compile(rf"\d|\b(?:{_WORDS})\b", re.I)
_RENTAL = re.compile(r"\brent(?:al|ed|ing)?\b", re.I)
_PURCHASE = re.compile(r"\b(?:purchase[ds]?|buy)\b", re.I)


def number(word: str) -> int:
    """The value of a number as written: "12", "twelve", "twice"."""
    word = word.strip().lower()
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


@dataclass(frozen=True)
class Amount:
    """How much of a service: what the quantity fields of a Request hold."""

    sessions: int | None = None
    sessions_range: tuple[int, int] | None = None
    frequency_per_week: int | None = None
    duration_weeks: int | None = None
    duration_days: int | None = None
    rental: bool = False
    purchase: bool = False
    units: int | None = None


def amount(text: str, *, counted_in: str = "sessions") -> Amount:
    """The quantity a service request asks for.

    Args:
        text: the request, with dates already blanked out.
        counted_in: "sessions" or "units": what a bare count ("#2", "x 3") means for this family.

    Returns:
        The Amount; fields the request does not give are None.
    """
    rental, purchase = bool(_RENTAL.search(text)), bool(_PURCHASE.search(text))
    if not _ANY_NUMBER.search(text):
        # every amount is written with a number: "MRI of the lumbar spine" asks for none
        return Amount(rental=rental, purchase=purchase)
    spans: list[tuple[int, int]] = []
    plans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for pattern in (_FREQUENCY_BY_DURATION, _N_BY_M):
        for match in pattern.finditer(blank(text, spans)):
            plans.append((_bounds(match, "f"), _bounds(match, "d")))
            spans.append(match.span())
    for match in _DAILY.finditer(blank(text, spans)):
        plans.append(((7, 7), _bounds(match, "d")))
        spans.append(match.span())

    frequency = duration = None
    if plans:
        frequency = _single(plans[0][0]) if len(plans) == 1 else None
        duration = _single(plans[0][1]) if len(plans) == 1 else None
    else:
        rest = blank(text, spans)
        if found := _FREQUENCY.search(rest):
            frequency = _single(_bounds(found, "f"))
            spans.append(found.span())
        if found := _DURATION.search(blank(text, spans)):
            duration = _single(_bounds(found, "d"))
            spans.append(found.span())

    days = None
    for pattern, scale in ((_DAYS, 1), (_MONTHS, 30)):
        if days is None and (found := pattern.search(blank(text, spans))):
            days = number(found["n"]) * scale
            spans.append(found.span())

    counts: list[tuple[int, int]] = []
    if counted_in == "units" and (found := _LEADING_COUNT.match(blank(text, spans))):
        counts.append(_bounds(found, "c"))
        spans.append(found.span())
    for pattern in _COUNTS:
        for match in pattern.finditer(blank(text, spans)):
            counts.append(_bounds(match, "c"))
            spans.append(match.span())

    planned = _total(plans)
    counted = _total([(count, (1, 1)) for count in counts])
    sessions: int | None = None
    sessions_range: tuple[int, int] | None = None
    units: int | None = None
    if counted_in == "units" and counted is not None:
        units = _single(counted)
        counted = None
    if counted is not None:
        sessions = _single(counted)
        if sessions is None:
            sessions_range = counted
        elif planned is not None and _single(planned) is None:
            sessions_range = planned
    elif planned is not None:
        sessions = _single(planned)
        sessions_range = planned if sessions is None else None
    return Amount(
        sessions=sessions,
        sessions_range=sessions_range,
        frequency_per_week=frequency,
        duration_weeks=duration,
        duration_days=days,
        rental=rental,
        purchase=purchase,
        units=units,
    )


def _bounds(match: re.Match[str], name: str) -> tuple[int, int]:
    low = number(match[name])
    high_word = match.groupdict().get(f"{name}_to")
    high = number(high_word) if high_word else low
    return (low, high) if low <= high else (high, low)


def _single(bounds: tuple[int, int]) -> int | None:
    return bounds[0] if bounds[0] == bounds[1] else None


def _total(plans: list[tuple[tuple[int, int], tuple[int, int]]]) -> tuple[int, int] | None:
    if not plans:
        return None
    low = sum(frequency[0] * duration[0] for frequency, duration in plans)
    high = sum(frequency[1] * duration[1] for frequency, duration in plans)
    return low, high
