"""The knowledge base rests on the guidelines, never on one letter: no text names a case number.

A criterion's source is the guideline (document, section or table, page), or its statement as
letters quote it with the page they give; a development letter's case number in the knowledge
base would tie a rule to one reviewer's application of the guideline to one case.
"""

from __future__ import annotations

import re
from importlib import resources

import pytest

from openimr.guidelines import KnowledgeBase

CASE_NUMBER = re.compile(r"CM\d\d-\d{7}")
PACKAGE = resources.files("openimr.guidelines")


def _knowledge_files() -> list[str]:
    names = [e.name for e in PACKAGE.iterdir() if e.name.endswith((".yaml", ".py"))]
    names += [f"data/{e.name}" for e in (PACKAGE / "data").iterdir() if e.name.endswith(".yaml")]
    return sorted(names)


def test_the_pattern_finds_a_case_number() -> None:
    assert CASE_NUMBER.search("as letter CM16-0219557 quotes it")
    assert not CASE_NUMBER.search("as letters quote it, p. 81")


@pytest.mark.parametrize("name", _knowledge_files())
def test_no_knowledge_file_names_a_case_number(name: str) -> None:
    text = (PACKAGE / name).read_text(encoding="utf-8")
    found = sorted(set(CASE_NUMBER.findall(text)))
    assert found == [], f"{name} names case numbers {found}"


def test_no_loaded_text_names_a_case_number() -> None:
    for name, text in KnowledgeBase.load().dump().items():
        assert not CASE_NUMBER.search(text), name


def test_every_source_note_names_the_guideline_or_the_notes_it_rests_on() -> None:
    for criteria_set in KnowledgeBase.load().all():
        for guideline in criteria_set.guidelines:
            cited = [guideline, *guideline.criteria, *guideline.quantity_limits]
            for item in [*cited, *guideline.continuation]:
                note = item.citation.source_note
                assert "reviewer's application" not in note, (criteria_set.id, item.id)
                rests_on = (item.citation.document in note, "notes" in note, "letters" in note)
                assert any(rests_on), (criteria_set.id, item.id, note)


def test_a_page_of_a_document_with_editions_names_its_edition() -> None:
    """Pages differ between the 2009 and the July 2016 Chronic Pain texts: a page is only
    meaningful with the edition it belongs to."""
    for criteria_set in KnowledgeBase.load().all():
        for guideline in criteria_set.guidelines:
            cited = [guideline, *guideline.criteria, *guideline.quantity_limits]
            for item in [*cited, *guideline.continuation]:
                citation = item.citation
                chronic_pain = citation.document == "MTUS Chronic Pain Medical Treatment Guidelines"
                if chronic_pain and citation.pages:
                    assert citation.edition in {"2009", "2016"}, (criteria_set.id, item.id)
