"""The letter reader's quick paths give exactly what their plain definitions give.

The reader repairs words split at a line end by looking only at the hyphens that end a line, drops
runs of blanks only when the text has one, and reads an "updated" date without strptime. Each is
checked here against its definition, written out as the patterns and library calls it replaces, on
generated text full of the awkward cases (hyphens next to blanks, several line ends in a row, a
split word whose tail is split again, non-ASCII letters that lower-case to ASCII ones).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from openimr.letters.citations import _parse_date
from openimr.letters.normalize import Normalizer, lines_of

_WORD = re.compile(r"[A-Za-z]+")
_SPLIT_WORD = re.compile(r"([A-Za-z]+)-\n+([A-Za-z]+)")
_OTHER_SPLIT = re.compile(r"(?<=\S)-\n+(?=\S)")
_SPACES = re.compile(r"[\t\u00a0][ \t\u00a0]*| [ \t\u00a0]+")
_PAGE_FOOTER = re.compile(r"Page \d+ of \d+")


def _normalized(text: str, fragment: str) -> str:
    """What Normalizer(text)(fragment) is defined to give."""
    vocabulary = set(_WORD.findall(text.lower()))

    def join(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        return head + tail if (head + tail).lower() in vocabulary else f"{head}-{tail}"

    if "-\n" in fragment:
        fragment = _OTHER_SPLIT.sub("-", _SPLIT_WORD.sub(join, fragment))
    return " ".join(fragment.replace("/\n", "/").split())


def _lines(raw: str) -> str:
    """What lines_of(raw) is defined to give."""
    text = raw
    for mark in ("\ufffe", "\u00ad", "\u0002"):
        text = text.replace(mark, "-\n")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = [line.strip() for line in _SPACES.sub(" ", text).split("\n")]
    return "\n".join(line for line in lines if not _PAGE_FOOTER.fullmatch(line))


# Pieces that make the hard cases likely: letters on both sides of a line-end hyphen, hyphens and
# blanks beside line ends, non-ASCII letters ("İ" and the Kelvin sign lower-case to ASCII).
_PIECES = ["a", "b", "Gu", "ide", "lines", "-", "\n", " ", "/", "1", "%", "é", "İ", "\u212a"]
_PIECES += ["-\n", "-\n\n", "\t", "\u00a0", "  ", "\r\n", "\f", "\ufffe", "Page 2 of 3"]
_texts = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_texts, _texts)
def test_split_words_are_repaired_as_the_patterns_define(text: str, fragment: str) -> None:
    whole = text + fragment  # the letter's text holds the fragment
    assert Normalizer(whole)(fragment) == _normalized(whole, fragment)


@settings(max_examples=1000, deadline=None)
@given(_texts)
def test_lines_are_made_as_defined(raw: str) -> None:
    assert lines_of(raw) == _lines(raw)


def test_a_split_words_tail_is_not_the_head_of_the_next() -> None:
    clean = Normalizer("ab abc abcd")
    assert clean("a-\nb-\ncd") == "ab-cd"
    assert clean("10%-\n20 and 11-21-\n2016, a -\nb") == "10%-20 and 11-21-2016, a - b"


def _strptime_date(text: str) -> date | None:
    for fmt in ("%m/%d/%Y", "%m/%d/%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


_numbers = st.sampled_from(["0", "1", "2", "9", "00", "01", "12", "13", "28", "29", "30", "31"])
_years = st.sampled_from(["00", "15", "68", "69", "99", "201", "0000", "1999", "2016", "20160"])
_odd = st.sampled_from(["٢", " 1", "1 ", "+1", "", "x"])  # other digits, blanks, signs, nothing
_dates = st.tuples(
    st.one_of(_numbers, _odd), st.one_of(_numbers, _odd), st.one_of(_years, _odd)
).map("/".join)


@settings(max_examples=1500, deadline=None)
@given(_dates)
def test_updated_dates_are_read_as_strptime_reads_them(text: str) -> None:
    assert _parse_date(text) == _strptime_date(text)
