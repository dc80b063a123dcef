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
        ("Decision rationale:", "no disputed item found"),
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
