"""Small readers for the numbers next to a matched phrase: dates, counts, durations, percents.

Each reader looks at a short stretch of text just before or just after a span the target matcher
found, and returns the value with its character offsets (so the evidence can cover it), or None.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from openimr.numbers import CARDINALS

__all__ = [
    "Found",
    "number_value",
    "parse_date",
    "find_date_after",
    "find_date_near",
    "count_before",
    "count_after",
    "duration_weeks",
    "percent_near",
    "first_integer",
]

_WORDS = {
    **CARDINALS,
    "a": 1,
    "an": 1,
    "single": 1,
    "several": None,
    "few": None,
}
_NUMBER = (
    r"(?:\d+(?:\.\d+)?|"
    + "|".join(sorted((w for w in _WORDS if len(w) > 2), key=len, reverse=True))
    + r")"
)

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    r"(?<![\d/-])(?P<m>\d{1,2})\s?[/-]\s?(?P<d>\d{1,2})\s?[/-]\s?(?P<y>\d{4}|\d{2})(?![\d/-])"
    r"|\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s*(?P<year>\d{4})\b",
    re.IGNORECASE,
)
# Words allowed between a trigger ("date of injury") and its date: "of", "on", "reported", ":".
_DATE_GAP = re.compile(
    r"^(?:[\s,:;()-]|\b(?:of|on|from|dated|date|was|is|reportedly|reported|approximately|about"
    r"|in|the|an?|claimed|listed|as|at)\b)*$",
    re.IGNORECASE,
)


class Found(NamedTuple):
    """A value read from the text and where it is (character offsets)."""

    value: float | str | dt.date
    start: int
    end: int


def number_value(word: str) -> float | None:
    """'12' -> 12.0, 'five' -> 5.0, 'a' -> 1.0, 'several' -> None."""
    word = word.lower().strip()
    if word in _WORDS:
        found = _WORDS[word]
        return None if found is None else float(found)
    try:
        return float(word)
    except ValueError:
        return None


def first_integer(text: str) -> int | None:
    """The first whole number in ``text`` ('66-year-old' -> 66)."""
    match = re.search(r"\d+", text)
    return int(match.group()) if match else None


def _year(two_or_four: str, pivot: int) -> int:
    year = int(two_or_four)
    if len(two_or_four) == 2:
        year += 2000 if year <= pivot % 100 else 1900
    return year


def parse_date(match: re.Match[str], pivot_year: int = 2030) -> dt.date | None:
    """The date of a ``_DATE`` match, or None when it is not a real date (13/45/2016)."""
    try:
        if match.group("m"):
            return dt.date(
                _year(match.group("y"), pivot_year), int(match.group("m")), int(match.group("d"))
            )
        month = _MONTHS[match.group("month")[:3].lower()]
        return dt.date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:
        return None


def find_date_after(
    text: str, position: int, *, max_gap: int = 40, pivot_year: int = 2030
) -> Found | None:
    """The date that follows ``position`` with only connecting words between.

    >>> find_date_after("date of injury of 03/30/2000.", 14).value
    datetime.date(2000, 3, 30)
    """
    for match in _DATE.finditer(text, position, min(len(text), position + max_gap + 30)):
        if match.start() - position > max_gap or not _DATE_GAP.match(
            text[position : match.start()]
        ):
            return None
        found = parse_date(match, pivot_year)
        return Found(found, match.start(), match.end()) if found else None
    return None


def find_date_near(
    text: str, start: int, end: int, *, window: int = 60, pivot_year: int = 2030
) -> Found | None:
    """The date closest to ``text[start:end]`` within ``window`` characters either side."""
    best: tuple[int, Found] | None = None
    for match in _DATE.finditer(text, max(0, start - window), min(len(text), end + window)):
        found = parse_date(match, pivot_year)
        if found is None:
            continue
        distance = start - match.end() if match.end() <= start else max(0, match.start() - end)
        if best is None or distance < best[0]:
            best = (distance, Found(found, match.start(), match.end()))
    return best[1] if best else None


_COUNT_BEFORE = re.compile(
    r"(?P<n>"
    + _NUMBER
    + r")\s*(?:\(\d+\)\s*)?(?:of\s+(?:"
    + _NUMBER
    + r")\s+)?(?:(?:prior|previous|additional|authorized|completed|"
    r"total|sessions?|visits?|treatments?|of|the|more|initial|separate|weekly)\s+)*$",
    re.IGNORECASE,
)
_COUNT_AFTER = re.compile(
    r"\s*(?:x\s*(?P<x>\d+)\s*(?:sessions?|visits?|treatments?)?|(?P<f>\d+)\s*x\s*(?P<w>\d+)"
    r"|(?:sessions?|visits?|treatments?)\s*(?:#|x|number\s+of)?\s*(?P<n>\d+)"
    r"|(?:\(|,)?\s*(?P<m>\d+)\s*(?:sessions?|visits?|treatments?|injections?))\b",
    re.IGNORECASE,
)


def count_before(text: str, position: int) -> Found | None:
    """A session/visit/injection count just before ``position``.

    "12 sessions of physical therapy", "at least five (5) physical therapy sessions",
    "three trigger point injections", "completed 6 of 6 visits physical therapy", "6 of 12
    authorized physical therapy sessions" (6: those given of those allowed).
    """
    window_start = max(0, position - 40)
    match = _COUNT_BEFORE.search(text, window_start, position)
    if not match:
        return None
    start = match.start("n")
    if start > 0 and (text[start - 1].isdigit() or text[start - 1] in "/-.:"):
        return None
    value = number_value(match.group("n"))
    if value is None or value <= 0 or value > 100 or value != int(value):
        return None
    return Found(value, start, match.end("n"))


def count_after(text: str, position: int) -> Found | None:
    """A count just after ``position``: "x 12 sessions", "2x6" (12), "12 visits", "sessions #6"."""
    match = _COUNT_AFTER.match(text, position, min(len(text), position + 30))
    if not match:
        return None
    if match.group("f"):
        value = float(int(match.group("f")) * int(match.group("w")))
        return Found(value, match.start("f"), match.end("w"))
    for group in ("x", "n", "m"):
        if match.group(group):
            value = float(match.group(group))
            if 0 < value <= 100:
                return Found(value, match.start(group), match.end(group))
    return None


_UNIT_WEEKS = {
    "day": 1 / 7,
    "week": 1.0,
    "wk": 1.0,
    "month": 52 / 12,
    "mo": 52 / 12,
    "year": 52.0,
    "yr": 52.0,
}
_DURATION = re.compile(
    r"(?:(?P<n>" + _NUMBER + r")\s*[- ]?\s*)?(?P<unit>day|week|wk|month|mo|year|yr)s?\b",
    re.IGNORECASE,
)


def duration_weeks(text: str) -> float | None:
    """'6 months' -> 26.0, 'the past year' -> 52.0, 'two weeks' -> 2.0 (rounded to 0.1 week)."""
    match = _DURATION.search(text)
    if not match:
        return None
    amount = number_value(match.group("n")) if match.group("n") else 1.0
    if amount is None:
        return None
    unit = match.group("unit").lower()
    return round(amount * _UNIT_WEEKS[unit], 1)


_PERCENT = re.compile(r"(?P<n>\d{1,3})(?:\s*-\s*(?P<hi>\d{1,3}))?\s*(?:%|percent\b)", re.IGNORECASE)


def percent_near(text: str, start: int, end: int, *, window: int = 60) -> Found | None:
    """A percentage ("50%", "50-60 percent") in the same clause, closest to the span."""
    best: tuple[int, Found] | None = None
    for match in _PERCENT.finditer(text, max(0, start - window), min(len(text), end + window)):
        value = float(match.group("hi") or match.group("n"))
        if value > 100:
            continue
        distance = start - match.end() if match.end() <= start else max(0, match.start() - end)
        if best is None or distance < best[0]:
            best = (distance, Found(value, match.start(), match.end()))
    return best[1] if best else None
