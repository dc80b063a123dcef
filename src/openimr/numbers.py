"""Numbers written as words, shared by the request parser and the clinical reader."""

from __future__ import annotations

__all__ = ["CARDINALS"]

# "twelve sessions", "three refills", "eight visits": cardinal words as the records write them.
CARDINALS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "twenty-four": 24,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
}
