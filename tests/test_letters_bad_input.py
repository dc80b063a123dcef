"""Bad input gives the reader's own error, with a one-line message naming the file and the problem."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openimr import letters
from openimr.errors import LetterFormatError

FIXTURES = Path(__file__).parent / "fixtures"
A_LETTER = "CM16-0219557"


@pytest.fixture(scope="module")
def letter_pdf(shared_dir: Path) -> bytes:
    return (shared_dir / "data" / "letters" / "pdf" / f"{A_LETTER}.pdf").read_bytes()


@pytest.fixture(scope="module")
def letter_text(shared_dir: Path) -> str:
    return (shared_dir / "data" / "letters" / "txt" / f"{A_LETTER}.txt").read_text()


def _problem(source: object) -> str:
    with pytest.raises(LetterFormatError) as caught:
        letters.read(source)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.pdf", b"", "empty file"),
        ("spaces.txt", b"   \n\n", "empty file"),
        ("junk.bin", bytes(range(256)) * 4, "not a PDF or text file"),
        ("corrupt.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50, "corrupt or truncated PDF"),
        (
            "notes.txt",
            b"Progress note: back pain, continue PT.",
            "not a Final Determination letter",
        ),
    ],
)
def test_a_bad_file_is_named_with_its_problem(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    message = _problem(path)
    assert message.startswith(f"{path}: ")
    assert expected in message


def test_a_missing_file_is_reported_as_missing(tmp_path: Path) -> None:
    assert (
        _problem(tmp_path / "CM99-0000000.pdf") == f"{tmp_path / 'CM99-0000000.pdf'}: no such file"
    )


def test_a_truncated_pdf_is_reported_as_truncated(tmp_path: Path, letter_pdf: bytes) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(letter_pdf[: len(letter_pdf) // 3])
    assert _problem(path) == f"{path}: corrupt or truncated PDF"


def test_a_pdf_with_a_real_password_is_reported_as_protected() -> None:
    message = _problem(FIXTURES / "password.pdf")
    assert "password-protected" in message


def test_a_pdf_without_a_text_layer_is_reported() -> None:
    assert "no text layer" in _problem(FIXTURES / "blank.pdf")


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (
            "IMR ISSUES, DECISIONS AND RATIONALES",
            "missing section 'IMR ISSUES, DECISIONS AND RATIONALES'",
        ),
        ("CLINICAL CASE SUMMARY", "missing section 'CLINICAL CASE SUMMARY'"),
        ("Decision rationale:", "item 1 has no 'Decision rationale:'"),
        ("MAXIMUS guideline:", "no review organization's guideline line"),
    ],
)
def test_a_letter_missing_a_section_names_the_section(
    letter_text: str, section: str, expected: str
) -> None:
    assert expected in _problem(letter_text.replace(section, "Something else:"))


def test_an_item_without_a_decision_is_reported(letter_text: str) -> None:
    assert "item 1 has no decision" in _problem(re.sub(r":\s+Upheld", ".", letter_text, count=1))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_raise_nothing_but_the_readers_error(data: bytes) -> None:
    with contextlib.suppress(LetterFormatError):
        letters.read(data)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=3000))
def test_arbitrary_text_raises_nothing_but_the_readers_error(text: str) -> None:
    with contextlib.suppress(LetterFormatError):
        letters.read(text + "\n")


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_pdf_cut_anywhere_raises_nothing_but_the_readers_error(
    letter_pdf: bytes, data: st.DataObject
) -> None:
    cut = data.draw(st.integers(min_value=0, max_value=len(letter_pdf) - 1))
    with contextlib.suppress(LetterFormatError):
        letters.read(letter_pdf[:cut])


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_a_letter_text_cut_or_spliced_raises_nothing_but_the_readers_error(
    letter_text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(letter_text)))
    end = data.draw(st.integers(min_value=start, max_value=len(letter_text)))
    junk = data.draw(st.text(max_size=50))
    try:
        letter = letters.read(letter_text[:start] + junk + letter_text[end:] + "\n")
    except LetterFormatError:
        return
    assert letter.items and all(item.request and item.rationale for item in letter.items)


def _mid_word_cuts(text: str, count: int) -> list[int]:
    """``count`` places from the clinical case summary to the end where a cut splits a word."""
    start = text.index("CLINICAL CASE SUMMARY")
    end = len(text.rstrip())
    places = []
    for k in range(count):
        place = start + (end - start) * k // count
        while place < end and not (text[place - 1].isalpha() and text[place].isalpha()):
            place += 1
        if place < end:
            places.append(place)
    return places


def test_a_letter_cut_in_its_first_rationale_is_an_error_naming_the_file(
    tmp_path: Path, letter_text: str
) -> None:
    # The report: a letter cut in the middle read as one item with a truncated rationale.
    place = letter_text.index("Decision rationale:") + 200
    while not (letter_text[place - 1].isalpha() and letter_text[place].isalpha()):
        place += 1
    path = tmp_path / "cut.txt"
    path.write_text(letter_text[:place], encoding="utf-8")
    message = _problem(path)
    assert message.startswith(f"{path}: the letter ends early: item 1")


@pytest.fixture(scope="module")
def several_items(shared_dir: Path) -> str:
    """The text of the first shared letter (by name) with three or more disputed items."""
    for path in sorted((shared_dir / "data" / "letters" / "txt").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if text.count("Decision rationale:") >= 3:
            return text
    pytest.fail("no shared letter has three disputed items")


def test_a_letter_cut_before_its_last_rationale_names_the_item(several_items: str) -> None:
    last = several_items.rindex("Decision rationale:")
    items = several_items.count("Decision rationale:")
    assert _problem(several_items[:last]) == (
        f"the letter ends early: item {items} has no 'Decision rationale:'"
    )


def test_a_letter_cut_in_the_heading_of_an_item_is_an_error(several_items: str) -> None:
    claims = [m.start() for m in re.finditer("Claims Administrator guideline:", several_items)]
    for claim in claims[1:]:
        # The heading's last line ends in ": Upheld" or ": Overturned": cut two words into it.
        decision = list(re.finditer(r"[^\n]*:\s*(Upheld|Overturned)", several_items[:claim]))[-1]
        words = decision.group(0).split()
        place = several_items.index(words[1], decision.start()) + len(words[1])
        assert "the letter ends early" in _problem(several_items[:place]), words[:2]


def test_a_letter_cut_after_a_sentence_that_gives_no_conclusion_is_an_error(
    several_items: str,
) -> None:
    # Every sentence end of the last rationale that has no conclusion (no "necessary") in it or
    # in the sentence before it: a letter cut there ends early.
    start = several_items.rindex("Decision rationale:")
    ends = [start + m.end() for m in re.finditer(r"[.?!]\s", several_items[start:])]
    bounds = [start, start, *ends]  # where the last two sentences begin, for a cut at each end
    cuts = [
        end for k, end in enumerate(ends) if "necess" not in several_items[bounds[k] : end].lower()
    ]
    assert cuts
    for place in cuts:
        assert "the letter ends early" in _problem(several_items[:place])


@pytest.mark.slow
def test_a_letter_cut_after_the_first_sentences_of_a_partial_authorization_is_an_error(
    shared_dir: Path,
) -> None:
    partial = re.compile(r"was the original request\.|was authorized by the Claims Administrator\.")
    cut_letters = 0
    for path in sorted((shared_dir / "data" / "letters" / "txt").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        first_rationale = text.find("Decision rationale:")
        for mark in partial.finditer(text, first_rationale):
            assert "the letter ends early" in _problem(text[: mark.end()]), path.name
            cut_letters += 1
    assert cut_letters, "no shared letter has a partial authorization after its first item"


@pytest.mark.slow
def test_every_shared_letter_cut_in_the_middle_of_a_word_is_an_error(shared_dir: Path) -> None:
    read_whole, read_cut = [], []
    for path in sorted((shared_dir / "data" / "letters" / "txt").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        letters.read(text)  # the whole letter reads
        read_whole.append(path.name)
        for place in _mid_word_cuts(text, 60):
            with contextlib.suppress(LetterFormatError):
                letters.read(text[:place] + "\n")
                read_cut.append(f"{path.name}[:{place}]")
    assert read_whole and read_cut == []
