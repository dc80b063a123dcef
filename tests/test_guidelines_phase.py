"""Phase of care and dated editions choose the guideline a request is judged by."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from openimr.domain import PhaseOfCare
from openimr.guidelines import KnowledgeBase
from openimr.guidelines.editions import held_through
from openimr.requests import parse

ON = dt.date(2016, 12, 1)


@dataclass
class Request:
    family: str
    body_parts: list[str] = field(default_factory=list)
    drug: str | None = None
    drug_class: str | None = None
    associated_surgical_service: bool = False


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.mark.parametrize(
    ("request_text", "chapter"),
    [
        ("Physical therapy 2 times a week for 4 weeks for the lumbar spine", "Low Back"),
        ("Physical therapy x 6 for the cervical spine", "Neck and Upper Back"),
    ],
)
def test_an_acute_injury_is_judged_by_the_body_region_chapter(
    kb: KnowledgeBase, request_text: str, chapter: str
) -> None:
    found = kb.match(parse(request_text), ON, phase=PhaseOfCare.ACUTE)
    assert found is not None and found.guideline is not None
    assert found.guideline.name == f"MTUS ACOEM {chapter} Complaints 2004"
    assert found.phase is PhaseOfCare.ACUTE
    assert found.phase_reason is not None and "9792.23" in found.phase_reason


@pytest.mark.parametrize("phase", [PhaseOfCare.CHRONIC, None])
def test_chronic_pain_or_no_phase_is_judged_by_the_chronic_pain_guidelines(
    kb: KnowledgeBase, phase: PhaseOfCare | None
) -> None:
    request = parse("Physical therapy 2 times a week for 4 weeks for the lumbar spine")
    found = kb.match(request, ON, phase=phase)
    assert found is not None and found.guideline is not None
    assert found.guideline.name == "MTUS Chronic Pain Medical Treatment Guidelines"
    if phase is None:
        assert found.phase_reason is None
    else:
        assert found.phase_reason is not None
        assert "not MTUS ACOEM Low Back Complaints 2004" in found.phase_reason


def test_the_subacute_phase_also_takes_the_chapter(kb: KnowledgeBase) -> None:
    found = kb.match(Request("physical_therapy", ["neck"]), ON, phase=PhaseOfCare.SUBACUTE)
    assert found is not None and found.guideline is not None
    assert found.guideline.citation.chapter == "8"


def test_a_set_with_one_document_has_no_phase_reason(kb: KnowledgeBase) -> None:
    found = kb.match(Request("mri", ["lumbar spine"]), ON, phase=PhaseOfCare.ACUTE)
    assert found is not None and found.guideline is not None
    assert found.guideline.name == "MTUS ACOEM Low Back Complaints 2004"
    assert found.phase_reason is None


def test_every_phase_limited_guideline_says_why(kb: KnowledgeBase) -> None:
    limited = [g for s in kb.all() for g in s.guidelines if g.phases]
    assert limited
    assert all(g.phase_note and "9792" in g.phase_note for g in limited)


def test_the_editions_held_end_in_november_2017() -> None:
    assert held_through() == dt.date(2017, 11, 30)


def test_a_dispute_after_the_editions_held_is_marked(kb: KnowledgeBase) -> None:
    later = kb.match(Request("mri", ["lumbar spine"]), dt.date(2018, 2, 1))
    assert later is not None
    assert later.beyond_editions and later.held_through == dt.date(2017, 11, 30)
    assert later.guideline is None  # the 2004 chapter is not applied to a 2018 dispute


def test_a_dispute_within_the_editions_held_is_not_marked(kb: KnowledgeBase) -> None:
    for on in (dt.date(2016, 12, 1), held_through()):
        found = kb.match(Request("mri", ["lumbar spine"]), on)
        assert found is not None and not found.beyond_editions


def test_without_a_date_nothing_is_marked(kb: KnowledgeBase) -> None:
    found = kb.match(Request("mri", ["lumbar spine"]))
    assert found is not None and not found.beyond_editions
