"""Citations as domain values: built from the knowledge base in the form a letter gives them, so
that a determination's citations, written into a letter's guideline line and read back, are
themselves, for every criteria set the knowledge base holds, on every date it governs."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.domain import Citation, CitationSource
from openimr.drafting.format import guideline_line
from openimr.guidelines import KnowledgeBase
from openimr.guidelines.schema import Citation as SourceCitation
from openimr.guidelines.schema import CriteriaSet, Guideline
from openimr.letters.citations import parse_guideline_line
from openimr.review.citations import citation_of, in_letter_order


def _sources(guideline: Guideline) -> list[SourceCitation]:
    return [
        guideline.citation,
        *(c.citation for c in guideline.criteria),
        *(r.citation for r in guideline.continuation),
        *(limit.citation for limit in guideline.quantity_limits),
    ]


def _dates(guideline: Guideline) -> list[dt.date]:
    """Its first day, its last (or a day in 2017 for one still in force), and one either side of
    the July 2016 Chronic Pain and Opioids editions, inside its period."""
    last = guideline.effective_to or dt.date(2017, 6, 1)
    inside = [
        on
        for on in (dt.date(2016, 6, 1), dt.date(2016, 9, 1))
        if guideline.effective_from <= on <= last
    ]
    return [guideline.effective_from, last, *inside]


def _read_back(citations: list[Citation]) -> list[Citation]:
    return parse_guideline_line(guideline_line(citations, "Expert Reviewer")).citations


_KB = KnowledgeBase.load()


@pytest.mark.parametrize("criteria_set", _KB.all(), ids=lambda s: s.id)
def test_every_criteria_sets_citations_read_back_as_themselves(criteria_set: CriteriaSet) -> None:
    for guideline in criteria_set.guidelines:
        for on in _dates(guideline):
            cited = in_letter_order(citation_of(s, on) for s in _sources(guideline))
            # a guideline that only says the MTUS is silent cites nothing: the line says so
            expected = cited or [Citation(source=CitationSource.NONE_CITED)]
            assert _read_back(cited) == expected, f"{guideline.id} on {on}"


def test_pages_come_only_from_the_edition_in_force() -> None:
    source = SourceCitation(
        document="MTUS Chronic Pain Medical Treatment Guidelines",
        edition="2016",
        section="Facet blocks",
        pages=["82"],
        confirmed=True,
        source_note="for the test",
    )
    before = citation_of(source, dt.date(2016, 6, 1))
    after = citation_of(source, dt.date(2016, 9, 1))
    assert before.document == "MTUS Chronic Pain Medical Treatment Guidelines 2009"
    assert before.pages == []
    assert after.document == "MTUS Chronic Pain Medical Treatment Guidelines 2016"
    assert after.pages == ["82"]


def test_sections_and_chapters_are_as_a_letter_gives_them() -> None:
    def cite(document: str, **fields: object) -> Citation:
        return citation_of(
            SourceCitation(document=document, confirmed=True, source_note="test", **fields),
            dt.date(2017, 3, 1),
        )

    listed = cite(
        "MTUS Chronic Pain Medical Treatment Guidelines",
        section="Antiepilepsy drugs (AEDs), Topiramate",
    )
    assert listed.sections == ["Antiepilepsy drugs (AEDs)", "Topiramate"]
    whole = cite(
        "MTUS Chronic Pain Medical Treatment Guidelines", section="Botulinum toxin (Botox, Myobloc)"
    )
    assert whole.sections == ["Botulinum toxin (Botox, Myobloc)"]
    assert cite("MTUS ACOEM Low Back Complaints", edition="2004").chapter == "12"
    odg = cite("Official Disability Guidelines (ODG)", chapter="Knee & Leg", section="MRI")
    assert (odg.chapter, odg.sections) == ("Knee and Leg", ["MRI"])
    preface = cite(
        "Official Disability Guidelines (ODG)", chapter="Preface", section="Physical therapy"
    )
    assert (preface.chapter, preface.sections) == (None, ["Preface, Physical therapy"])
    acoem = cite("ACOEM Practice Guidelines, 3rd ed.", chapter="Low Back Disorders", pages=["607"])
    assert (acoem.chapter, acoem.sections, acoem.pages) == (None, ["Low Back Disorders"], ["607"])


def test_letter_order_puts_the_mtus_first_and_leaves_a_silent_mtus_out() -> None:
    odg = Citation(source=CitationSource.NON_MTUS, document="Official Disability Guidelines (ODG)")
    mtus = Citation(
        source=CitationSource.MTUS, document="MTUS ACOEM Knee Complaints 2004", chapter="13"
    )
    silent = Citation(source=CitationSource.MTUS, document="MTUS")
    assert in_letter_order([odg, silent, mtus]) == [mtus, odg]
