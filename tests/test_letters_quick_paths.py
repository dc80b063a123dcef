"""The letter reader's quick paths give exactly what their plain definitions give.

The reader repairs words split at a line end by looking only at the hyphens that end a line, drops
runs of blanks only when the text has one, single-spaces a fragment by replacing its line ends when
they and single spaces are its only blanks, finds a rationale's last two sentences from its end, reads an "updated"
date without strptime, tries the
MTUS titles and ODG chapters as one alternation each instead of one pattern after another, and
tidies a citation's rest with string operations. Each is checked here against its definition,
written out as the patterns and library calls it replaces, on generated text full of the awkward
cases (hyphens next to blanks, several line ends in a row, a split word whose tail is split again,
non-ASCII letters that lower-case to ASCII ones, a title after "ACOEM" and "Chapter 8").
"""

from __future__ import annotations

import re
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from openimr.letters import citations
from openimr.letters.citations import _parse_date
from openimr.letters.normalize import Normalizer, lines_of
from openimr.letters.parse import _SENTENCE_BREAK, _last_sentences

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
_PIECES += ["\x0b", "\x1f", "\u2028", "\u3000", " \n", "\n "]
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


_MTUS_ONE_BY_ONE = [
    re.compile(rf"(?:ACOEM\s+)?(?:Chapter\s+(?P<chapter>\d+)\s+)?(?:{pattern})", re.I)
    for pattern, *_ in citations._MTUS_DOCUMENTS
]
# Titles as letters write them, with the words around them that make the patterns backtrack.
_mtus_texts = st.tuples(
    st.sampled_from(["", "ACOEM ", "acoem  ", "ACOEM", "Acupuncture "]),
    st.sampled_from(["", "Chapter 8 ", "Chapter 8", "Chapter ", "chapter 12  ", "8 "]),
    st.sampled_from(
        [
            "Low Back Complaints",
            "Chronic Pain Medical Treatment",
            "Chronic Pain",
            "Eye",
            "Eye Complaints",
            "Elbow Disorders",
            "Forearm, Wrist & Hand Complaints",
            "Knee",
            "Post-surgical Treatment",
            "Opioid Treatment",
            "Stress Related Conditions",
            "",
        ]
    ),
    st.sampled_from(["", " Guidelines", " 2016", "s", ", Section(s): Knee"]),
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_mtus_texts)
def test_mtus_titles_are_found_as_trying_each_pattern_in_turn_finds_them(text: str) -> None:
    expected = next(
        (
            (index, match.end(), match.group("chapter"))
            for index, pattern in enumerate(_MTUS_ONE_BY_ONE)
            if (match := pattern.match(text))
        ),
        None,
    )
    found = citations._MTUS_ANY_DOCUMENT.match(text)
    got = None
    if found:
        index = citations._branch(found)
        got = (index, found.end(), found.group(f"c{index}"))
    assert got == expected


_ODG_PIECES = ["Low Back", " - Lumbar & Thoracic", " (Thoracic and Lumbar (Acute", ")", "Lumbar"]
_ODG_PIECES += ["Neck and Upper Back", "Neck", "Knee", " & Leg", "Pain", " (Chronic)", "Hips"]
_ODG_PIECES += [" and Pelvis", "Head", "Hernia", "s", " ", ",", "Shoulder", "Forearm, Wrist"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_ODG_PIECES), max_size=4).map("".join))
def test_odg_chapters_are_found_as_trying_each_pattern_in_turn_finds_them(text: str) -> None:
    expected = next(
        (
            (name, match.end())
            for pattern, name in citations._ODG_CHAPTERS_COMPILED
            if (match := pattern.match(text))
        ),
        None,
    )
    found = citations._ODG_ANY_CHAPTER.match(text)
    got = (citations._ODG_CHAPTERS[citations._branch(found)][1], found.end()) if found else None
    assert got == expected


def _tidied(text: str) -> str:
    """What citations._tidy(text) is defined to give."""
    text = re.sub(r"\s+", " ", text).strip(" ,.:;/-")
    while text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip(" ,.:;/-")
    if text.startswith(")"):
        text = text[1:].strip(" ,.:;/-")
    if text.count("(") > text.count(")"):
        text += ")"
    return re.sub(r"\s+([,)])", r"\1", text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(list(" \n\t\u2028\u00a0,.:;/-()ab")), max_size=16).map("".join))
def test_citation_rests_are_tidied_as_defined(text: str) -> None:
    assert citations._tidy(text) == _tidied(text)


_SENTENCE_PIECES = ["Word", " ", "  ", "\n", ".", "?", "!", '"', "'", ")", "(", "A", "7", "a"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=40).map("".join), st.integers(1, 30))
def test_the_last_two_sentences_are_those_a_split_of_the_whole_gives(
    text: str, window: int
) -> None:
    assert _last_sentences(text, window) == _SENTENCE_BREAK.split(text)[-2:]
