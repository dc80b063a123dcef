"""Whitespace normalisation of text taken from a PDF or a text file.

Lines are joined with single spaces, page breaks dropped, and a word the PDF split across a line
end with a hyphen is repaired: "Guide-" + "lines" becomes "Guidelines" when the letter itself uses
"guidelines" elsewhere, and keeps its hyphen otherwise ("follow-" + "up" stays "follow-up"), so
a real compound is never broken.
"""

from __future__ import annotations

import re
import string

__all__ = ["Normalizer", "lines_of"]

# A split word is ASCII letters, a hyphen, line ends and ASCII letters; a hyphen at a line end
# between other characters ("10%-", "11-21-" + "2016") is kept, unspaced. As patterns (which
# tests/test_letters_normalize.py checks Normalizer against):
#     _OTHER_SPLIT.sub("-", _SPLIT_WORD.sub(join, fragment)) with
#     _SPLIT_WORD = r"([A-Za-z]+)-\n+([A-Za-z]+)" and _OTHER_SPLIT = r"(?<=\S)-\n+(?=\S)",
# but tried at every character those took about an eighth of a letter's parsing; Normalizer
# looks only at the line-end hyphens.
_LETTERS = frozenset(string.ascii_letters)
_LINE_END_HYPHEN = re.compile(r"-\n+")
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
    if "  " in text or "\t" in text or "\u00a0" in text:  # a run _SPACES would replace
        text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    if "Page " in text:
        lines = [
            line
            for line in lines
            if not (line.startswith("Page ") and _PAGE_FOOTER.fullmatch(line))
        ]
    return "\n".join(lines)


def _single_spaced(text: str) -> str:
    """``" ".join(text.split())``; quicker when, as in most letters, the only blanks are single
    spaces and single line ends (in ASCII text, every other blank is one of those tested here)."""
    text = text.strip()
    if text.isascii() and not (  # an "or" of "in" tests: any() over a tuple costs what it saves
        "  " in text
        or "\n\n" in text
        or " \n" in text
        or "\n " in text
        or "\t" in text
        or "\x0b" in text
        or "\x0c" in text
        or "\r" in text
        or "\x1c" in text
        or "\x1d" in text
        or "\x1e" in text
        or "\x1f" in text
    ):
        return text.replace("\n", " ")
    return " ".join(text.split())


class Normalizer:
    """Normalises fragments of one letter, repairing split words against that letter's vocabulary."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lowered: str | None = None  # made on the first split word: most letters have none

    def __call__(self, fragment: str) -> str:
        if "-\n" in fragment:
            fragment = self._repair(fragment)
        # A line that ends in a slash goes on without a space: "10/14/" + "2016", "and/" + "or".
        return _single_spaced(fragment.replace("/\n", "/"))

    def _repair(self, fragment: str) -> str:
        """Repair the words split at a line end (see _SPLIT_WORD and _OTHER_SPLIT above).

        A hyphen with letters on both sides is a split word ("Guide-" + "lines"); the word's tail
        is never the head of another ("a-" + "b-" + "c": only "a-b" is one). Any other hyphen
        between two characters that are not blanks keeps its hyphen and loses its line break.
        """
        pieces: list[str] = []
        copied = 0  # fragment[:copied] is in pieces
        joined_to = 0  # where the last split word repaired ends
        end = len(fragment)
        for mark in _LINE_END_HYPHEN.finditer(fragment):
            start, stop = mark.span()
            head = start
            while head > joined_to and fragment[head - 1] in _LETTERS:
                head -= 1
            tail = stop
            while tail < end and fragment[tail] in _LETTERS:
                tail += 1
            if head < start and tail > stop:
                pieces.append(fragment[copied:head])
                pieces.append(self._join(fragment[head:start], fragment[stop:tail]))
                copied = joined_to = tail
            elif (
                start > 0
                and stop < end
                and not fragment[start - 1].isspace()
                and not fragment[stop].isspace()
            ):
                pieces.append(fragment[copied:start])
                pieces.append("-")
                copied = stop
        pieces.append(fragment[copied:])
        return "".join(pieces)

    def _join(self, head: str, tail: str) -> str:
        if self._known((head + tail).lower()):
            return head + tail
        return f"{head}-{tail}"

    def _known(self, word: str) -> bool:
        """Whether the letter has ``word`` (lower case) as a whole word anywhere, in any case."""
        if self._lowered is None:
            self._lowered = self._text.lower()
        text = self._lowered
        size = len(word)
        at = text.find(word)
        while at >= 0:
            after = at + size
            if (at == 0 or text[at - 1] not in _LETTERS) and (
                after == len(text) or text[after] not in _LETTERS
            ):
                return True
            at = text.find(word, at + 1)
        return False
