"""Whitespace normalisation of text taken from a PDF or a text file.

Lines are joined with single spaces, page breaks dropped, and a word the PDF split across a line
end with a hyphen is repaired: "Guide-" + "lines" becomes "Guidelines" when the letter itself uses
"guidelines" elsewhere, and keeps its hyphen otherwise ("follow-" + "up" stays "follow-up"), so
a real compound is never broken.
"""

from __future__ import annotations

import re

__all__ = ["Normalizer", "lines_of"]

_WORD = re.compile(r"[A-Za-z]+")
_SPLIT_WORD = re.compile(r"([A-Za-z]+)-\n([a-z]+)")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BREAKS = re.compile(r"\s*\n\s*")


def lines_of(raw: str) -> str:
    """The raw text with Windows/Mac line ends and page breaks as plain newlines, lines stripped."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


class Normalizer:
    """Normalises fragments of one letter, repairing split words against that letter's vocabulary."""

    def __init__(self, text: str) -> None:
        self._vocabulary = {word.lower() for word in _WORD.findall(text)}

    def __call__(self, fragment: str) -> str:
        fragment = _SPLIT_WORD.sub(self._join, fragment)
        return _BREAKS.sub(" ", fragment).strip()

    def _join(self, match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        if (head + tail).lower() in self._vocabulary:
            return head + tail
        return f"{head}-{tail}"
