"""Evidence sentences marked in place in the records, on the engine's own output."""

from __future__ import annotations

from pathlib import Path

import pytest

from openimr.cases import load
from openimr.domain import Evidence, Record
from openimr.review import decide
from openimr.web.highlight import anchor, locate, segments

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def seed() -> tuple[list[Record], list[Evidence]]:
    case = load(EXAMPLES / "seed-facet-and-trigger-point.yaml")
    determination = decide(case)
    evidence = [e for item in determination.items for f in item.findings for e in f.evidence]
    assert evidence, "the seed case's draft quotes the records"
    return case.records, evidence


def test_every_evidence_sentence_is_marked_where_it_stands(
    seed: tuple[list[Record], list[Evidence]],
) -> None:
    records, evidence = seed
    by_id = {r.id: (i, r) for i, r in enumerate(records)}
    for item in evidence:
        index, record = by_id[str(item.document)]
        cut = segments(record, index, [item])
        # Nothing of the record is lost or repeated.
        assert "".join(s.text for s in cut) == record.text
        marked = [s for s in cut if s.marked]
        assert len(marked) == 1 and marked[0].anchors == [anchor(index, item)]
        assert " ".join(marked[0].text.split()) == " ".join(item.sentence.split())
        # The mark covers what the engine found.
        start = record.text.index(marked[0].text)
        assert start <= item.start and item.end <= start + len(marked[0].text)


def test_overlapping_evidence_is_one_mark_with_both_anchors() -> None:
    record = Record(id="r1", text="Pain 7/10.  She tried  physical therapy for 6 weeks. No relief.")
    first = Evidence(
        sentence="She tried physical therapy for 6 weeks.", start=22, end=38, document="r1"
    )
    second = Evidence(
        sentence="She tried physical therapy for 6 weeks.", start=43, end=50, document="r1"
    )
    other = Evidence(sentence="No relief.", start=0, end=3, document="r2")
    cut = segments(record, 0, [first, second, other])
    assert [s.text for s in cut] == [
        "Pain 7/10.  ",
        "She tried  physical therapy for 6 weeks.",
        " No relief.",
    ]
    assert cut[1].anchors == [anchor(0, first), anchor(0, second)]


def test_a_sentence_not_in_the_text_falls_back_to_the_offsets() -> None:
    text = "Lumbar MRI shows L4-5 disc protrusion."
    evidence = Evidence(sentence="Something else entirely.", start=7, end=10, document="r1")
    assert locate(text, evidence) == (7, 10)
    assert locate(text, evidence.model_copy(update={"start": 50, "end": 60})) is None
