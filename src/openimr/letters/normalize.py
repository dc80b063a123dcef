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
_SPLIT_WORD = re.compile(r"([A-Za-z]+)-\n+([A-Za-z]+)")
# A hyphen at a line end between other characters ("10%-", "11-21-" + "2016") is kept, unspaced.
_OTHER_SPLIT = re.compile(r"(?<=\S)-\n+(?=\S)")
# PDFium marks a hyphen it found at a line end with U+FFFE (and drops the line break); some PDFs
# carry a soft hyphen (U+00AD) or U+0002 there instead. All become a hyphen and a line break.
_LINE_END_HYPHENS = ("\ufffe", "\u00ad", "\u0002")
_PAGE_FOOTER = re.compile(r"Page \d+ of \d+")
# Runs of blanks other than a lone space (which would only be replaced by itself, at a cost).
_SPACES = re.compile(r"[\t\u00a0][ \t\u00a0]*| [ \t\u00a0]+")


def lines_of(raw: str) -> str:
    """The raw text with Windows/Mac line ends and page breaks as plain newlines, lines stripped,
    and page footers ("Page 2 of 4") dropped."""
    text = raw
    for mark in _LINE_END_HYPHENS:  # str.replace: str.translate is slow on non-Latin-1 text
        text = text.replace(mark, "-\n")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = [line.strip() for line in _SPACES.sub(" ", text).split("\n")]
    if "Page " in text:
        lines = [line for line in lines if not _PAGE_FOOTER.fullmatch(line)]
    return "\n".join(lines)


class Normalizer:
    """Normalises fragments of one letter, repairing split words against that letter's vocabulary."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._vocabulary: set[str] | None = None  # built on the first split word: most have none

    def __call__(self, fragment: str) -> str:
        if "-\n" in fragment:
            fragment = _OTHER_SPLIT.sub("-", _SPLIT_WORD.sub(self._join, fragment))
        # A line that ends in a slash goes on without a space: "10/14/" + "2016", "and/" + "or".
        return " ".join(fragment.replace("/\n", "/").split())

    def _join(self, match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        if self._vocabulary is None:
            self._vocabulary = set(_WORD.findall(self._text.lower()))
        if (head + tail).lower() in self._vocabulary:
            return head + tail
        return f"{head}-{tail}"
