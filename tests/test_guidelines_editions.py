"""The edition of a guideline document a determination cites follows the date of the dispute."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.guidelines.editions import edition_on, pages_on

CPMTG = "MTUS Chronic Pain Medical Treatment Guidelines"


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(2014, 7, 23), "2009"),  # the seed letter's dispute
        (dt.date(2016, 7, 28), "2009"),  # the last day before the amended guidelines
        (
            dt.date(2016, 7, 29),
            "2016",
        ),  # requests from 2016-07-29 fall under the July 28, 2016 text
        (dt.date(2016, 12, 1), "2016"),
    ],
)
def test_the_chronic_pain_guidelines_edition_depends_on_the_date(
    on: dt.date, expected: str
) -> None:
    assert edition_on(CPMTG, on, "2016") == expected


def test_a_document_without_editions_keeps_its_own() -> None:
    assert edition_on("MTUS ACOEM Low Back Complaints", dt.date(2016, 12, 1), "2004") == "2004"


def test_without_a_date_the_citations_own_edition_stands() -> None:
    assert edition_on(CPMTG, None, "2016") == "2016"


def test_a_page_is_cited_only_in_the_edition_it_belongs_to() -> None:
    document = "MTUS Chronic Pain Medical Treatment Guidelines"
    assert pages_on(document, "2009", ["46"], dt.date(2016, 1, 4)) == ["46"]
    assert pages_on(document, "2009", ["46"], dt.date(2016, 12, 1)) == []
    assert pages_on(document, "2016", ["81"], dt.date(2016, 12, 1)) == ["81"]
    assert pages_on("MTUS ACOEM Low Back Complaints", "2004", ["303"], dt.date(2016, 12, 1)) == [
        "303"
    ]
