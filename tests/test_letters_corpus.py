"""Every shared letter reads, from its PDF and from its text, to the same disputed items."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus.counts import shared_counts

from openimr import letters


def _pdfs(shared: Path) -> list[Path]:
    return sorted((shared / "data" / "letters" / "pdf").glob("*.pdf"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "letter_pdf" in metafunc.fixturenames:
        from conftest import SHARED

        pdfs = _pdfs(SHARED)
        metafunc.parametrize("letter_pdf", pdfs, ids=[p.stem for p in pdfs])


def test_the_shared_letters_are_all_there(shared_dir: Path) -> None:
    assert len(_pdfs(shared_dir)) == shared_counts(shared_dir).letters


def test_every_letter_reads_from_its_pdf_with_one_item_per_decision_rationale(
    letter_pdf: Path,
) -> None:
    letter = letters.read(letter_pdf)
    text = letter_pdf.parent.parent.joinpath("txt", letter_pdf.stem + ".txt").read_text()
    assert len(letter.items) == text.count("Decision rationale:")
    assert letter.case_number == letter_pdf.stem
    assert letter.summary
    for item in letter.items:
        assert item.request.strip()
        assert item.decision.value in ("Upheld", "Overturned")
        assert item.rationale.strip()
        assert item.review_guideline.citations, "the review organization's line yields a citation"
        assert "Decision rationale" not in item.rationale


def test_pdf_and_text_of_a_letter_give_the_same_letter(letter_pdf: Path) -> None:
    from_pdf = letters.read(letter_pdf)
    from_text = letters.read(letter_pdf.parent.parent / "txt" / (letter_pdf.stem + ".txt"))
    assert from_pdf.items == from_text.items
    assert from_pdf.model_dump(exclude={"items"}) == from_text.model_dump(exclude={"items"})


def test_the_shared_letters_hold_the_items_their_readme_states(shared_dir: Path) -> None:
    counts = shared_counts(shared_dir)
    items = [item for pdf in _pdfs(shared_dir) for item in letters.read(pdf).items]
    assert len(items) == counts.items
    assert sum(item.decision.value == "Upheld" for item in items) == counts.upheld


def test_a_word_split_across_a_line_end_is_joined_when_the_letter_uses_it_whole() -> None:
    from openimr.letters.normalize import Normalizer

    clean = Normalizer("the guidelines say\nGuide-\nlines and a follow-\nup visit")
    assert clean("Guide-\nlines and a follow-\nup visit") == "Guidelines and a follow-up visit"
