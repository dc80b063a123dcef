"""The clinical case summary of each example case file: every sentence traceable to its sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from openimr import cases
from openimr.domain import Case
from openimr.drafting.summary import SummarySentence, write_summary
from openimr.review import case_facts

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# file -> (age, sex, date of injury as the letters write it, UR decision date), from each file's header.
WORKERS = {
    "imaging.yaml": (47, "male", "01/05/2016", "04/05/2016"),
    "medications.yaml": (44, "male", "09/15/2014", "04/29/2016"),
    "physical-medicine.yaml": (38, "female", "02/08/2016", "03/16/2016"),
    "seed-facet-and-trigger-point.yaml": (66, "male", "03/30/2000", "07/23/2014"),
    "shoulder-surgery.yaml": (52, "male", "10/12/2015", "03/24/2016"),
}
QUOTE = re.compile(
    r"^The (?P<kind>.+?) dated (?P<date>\d\d/\d\d/\d{4}|an undated visit) "
    r"documented: (?P<quoted>.*)$",
    re.S,
)


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _fragments(quoted: str) -> list[str]:
    """The quoted text in pieces that must each appear in the record.

    The summary joins whole record sentences and ends each with a period if it had none, so
    splitting at ". " and dropping the trailing period leaves substrings of the record."""
    return [
        piece.rstrip(".").strip()
        for piece in _collapsed(quoted).split(". ")
        if piece.rstrip(".").strip()
    ]


@pytest.fixture(scope="module", params=sorted(WORKERS))
def reviewed(request: pytest.FixtureRequest) -> tuple[str, Case, list[SummarySentence]]:
    case = cases.load(EXAMPLES / request.param)
    return request.param, case, write_summary(case, case_facts(case))


def test_every_example_case_file_has_a_row_in_the_table() -> None:
    case_files = [
        path.name
        for path in EXAMPLES.glob("*.yaml")
        if "format: openimr-case/1" in path.read_text()
    ]
    assert sorted(case_files) == sorted(WORKERS)


def test_every_sentence_has_sources(reviewed: tuple[str, Case, list[SummarySentence]]) -> None:
    _, _, sentences = reviewed
    assert sentences
    assert [s.text for s in sentences if not s.sources] == []


def test_every_source_is_a_record_of_the_case_the_case_file_or_the_utilization_review(
    reviewed: tuple[str, Case, list[SummarySentence]],
) -> None:
    _, case, sentences = reviewed
    allowed = {record.id for record in case.records} | {"case file", "utilization review"}
    assert {
        (s.text[:60], source) for s in sentences for source in s.sources if source not in allowed
    } == set()


def test_a_sentence_quoting_a_record_quotes_text_found_in_that_record(
    reviewed: tuple[str, Case, list[SummarySentence]],
) -> None:
    _, case, sentences = reviewed
    records = {record.id: record for record in case.records}
    quoting = [s for s in sentences if QUOTE.match(s.text)]
    assert quoting, "the summary quotes no record"
    for sentence in quoting:
        assert len(sentence.sources) == 1, sentence.text
        record = records[sentence.sources[0]]
        found = QUOTE.match(sentence.text)
        assert found is not None
        assert found["kind"] == (record.type or "record")
        assert found["date"] == (
            record.date.strftime("%m/%d/%Y") if record.date else "an undated visit"
        )
        text = _collapsed(record.text)
        missing = [piece for piece in _fragments(found["quoted"]) if piece not in text]
        assert missing == [], f"{record.id}: quoted text not in the record"


def test_a_quoted_record_sentence_ends_once_without_a_stray_period(
    reviewed: tuple[str, Case, list[SummarySentence]],
) -> None:
    # A record sentence that ends in a blank line ("no fracture.\n\n") must not become
    # "no fracture. ." in the letter.
    _, _, sentences = reviewed
    stray = [_collapsed(s.text) for s in sentences if re.search(r"[.!?]\s+\.", s.text)]
    assert stray == []


def test_the_diagnoses_are_named_in_words(
    reviewed: tuple[str, Case, list[SummarySentence]],
) -> None:
    name, _, sentences = reviewed
    diagnoses = [
        s.text for s in sentences if s.text.startswith("The documented diagnoses included")
    ]
    assert [text for text in diagnoses if "_" in text] == []


def test_the_summary_opens_with_the_workers_age_and_sex_and_the_date_of_injury(
    reviewed: tuple[str, Case, list[SummarySentence]],
) -> None:
    name, _, sentences = reviewed
    age, sex, injured, _ = WORKERS[name]
    assert (
        sentences[0].text
        == f"The injured worker is a {age}-year-old {sex} with a date of injury of {injured}."
    )
    assert sentences[0].sources == ("case file",)


def test_the_summary_ends_with_the_utilization_review_naming_every_disputed_item(
    reviewed: tuple[str, Case, list[SummarySentence]],
) -> None:
    name, case, sentences = reviewed
    last = sentences[-1]
    assert last.sources == ("utilization review",)
    assert last.text.startswith(
        f"A Utilization Review decision dated {WORKERS[name][3]} did not certify"
    )
    assert [item.request for item in case.items if item.request not in last.text] == []


def test_a_finding_the_record_negates_is_not_listed_as_a_diagnosis() -> None:
    # medications.yaml r4: "X-RAYS, CERVICAL SPINE, 3 VIEWS: No fracture or malalignment."
    case = cases.load(EXAMPLES / "medications.yaml")
    sentences = write_summary(case, case_facts(case))
    diagnoses = [
        s.text for s in sentences if s.text.startswith("The documented diagnoses included")
    ]
    assert [text for text in diagnoses if "fracture" in text] == []
