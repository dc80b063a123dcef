"""Phase of care and dated editions choose the guideline a request is judged by."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources

import pytest

from openimr.domain import PhaseOfCare
from openimr.guidelines import CriteriaSet, Guideline, KnowledgeBase, parse_file
from openimr.guidelines.editions import held_through
from openimr.requests import parse

ON = dt.date(2016, 12, 1)
PACKAGE = resources.files("openimr.guidelines")


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
        ("TENS unit for the low back", "Low Back"),
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


def test_therapy_in_the_subacute_phase_is_judged_by_the_chronic_pain_guidelines(
    kb: KnowledgeBase,
) -> None:
    found = kb.match(Request("physical_therapy", ["neck"]), ON, phase=PhaseOfCare.SUBACUTE)
    assert found is not None and found.guideline is not None
    assert found.guideline.name == "MTUS Chronic Pain Medical Treatment Guidelines"


def test_acute_low_back_tens_is_not_recommended_by_the_chapter(kb: KnowledgeBase) -> None:
    found = kb.match(Request("tens", ["low back"]), ON, phase=PhaseOfCare.ACUTE)
    assert found is not None and found.guideline is not None
    assert found.guideline.recommendation.value == "not_recommended"
    chronic = kb.match(Request("tens", ["low back"]), ON, phase=PhaseOfCare.CHRONIC)
    assert chronic is not None and chronic.guideline is not None
    assert chronic.guideline.recommendation.value == "conditionally_recommended"


def test_phase_limited_guidelines_of_one_step_may_not_overlap() -> None:
    text = (PACKAGE / "data" / "physical_medicine.yaml").read_text(encoding="utf-8")
    file = parse_file("physical_medicine.yaml", text)
    limited = [g for s in file.criteria_sets for g in s.guidelines if g.phases]
    assert limited
    bad = limited[0].model_dump()
    bad["id"] = "second_acute_document"
    criteria_set = next(s for s in file.criteria_sets if limited[0] in s.guidelines)
    data = criteria_set.model_dump()
    data["guidelines"].append(bad)
    with pytest.raises(ValueError, match="overlap for the acute phase"):
        CriteriaSet.model_validate(data)


def test_a_phase_limited_guideline_must_say_why() -> None:
    text = (PACKAGE / "data" / "physical_medicine.yaml").read_text(encoding="utf-8")
    file = parse_file("physical_medicine.yaml", text)
    limited = next(g for s in file.criteria_sets for g in s.guidelines if g.phases)
    data = limited.model_dump()
    data["phase_note"] = None
    with pytest.raises(ValueError, match="needs a phase_note"):
        Guideline.model_validate(data)


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


def test_a_later_dispute_is_marked_even_where_odg_still_governs(kb: KnowledgeBase) -> None:
    later = kb.match(Request("assistant_surgeon"), dt.date(2019, 5, 1))
    assert later is not None and later.guideline is not None
    assert later.guideline.step.value == "non_mtus"
    assert later.beyond_editions


def test_each_chronic_pain_edition_cites_its_own_page_for_epidural_injections(
    kb: KnowledgeBase,
) -> None:
    esi = kb.get("epidural_steroid_injection")
    before = kb.governing(esi, dt.date(2016, 7, 28))
    after = kb.governing(esi, dt.date(2016, 7, 29))
    assert before is not None and after is not None
    assert (before.citation.edition, before.citation.pages) == ("2009", ["46"])
    assert (after.citation.edition, after.citation.pages) == ("2016", ["81"])
    assert [c.fact for c in before.criteria] == [c.fact for c in after.criteria]


@pytest.mark.parametrize("on", [dt.date(2016, 3, 1), dt.date(2016, 12, 1)])
def test_both_opioid_editions_separate_starting_from_continuing(
    kb: KnowledgeBase, on: dt.date
) -> None:
    found = kb.match(Request("opioid", drug="hydrocodone", drug_class="opioid"), on)
    assert found is not None and found.guideline is not None
    groups = {g.id: g for g in found.guideline.groups}
    switch = groups["maintenance"].applies_when
    assert switch is not None
    assert next(c for c in found.guideline.criteria if c.id == switch).fact == "on_opioid_therapy"
    assert switch in groups["initiation"].applies_unless


# -- drugs for a recent injury: the region's ACOEM chapter in the acute and subacute phases ----


@pytest.mark.parametrize("phase", [PhaseOfCare.ACUTE, PhaseOfCare.SUBACUTE])
@pytest.mark.parametrize(
    ("request_text", "region", "chapter", "recommendation"),
    [
        ("Naproxen 550mg #60", "low back", "Low Back", "recommended"),
        ("Acetaminophen 500mg #100", "lumbar spine", "Low Back", "recommended"),
        ("Methocarbamol 750mg #60", "low back", "Low Back", "conditionally_recommended"),
        ("Cyclobenzaprine 7.5mg #20", "neck", "Neck and Upper Back", "conditionally_recommended"),
        (
            "Tizanidine 4mg #30",
            "cervical spine",
            "Neck and Upper Back",
            "conditionally_recommended",
        ),
        ("Ibuprofen 800mg #60", "neck", "Neck and Upper Back", "recommended"),
        ("Ibuprofen 800mg #60", "right shoulder", "Shoulder", "recommended"),
        ("Cyclobenzaprine 7.5mg #20", "left shoulder", "Shoulder", "not_recommended"),
        ("Tylenol 500mg #60", "left knee", "Knee", "recommended"),
    ],
)
def test_a_drug_for_a_recent_injury_is_judged_by_the_region_chapter(
    kb: KnowledgeBase,
    request_text: str,
    region: str,
    chapter: str,
    recommendation: str,
    phase: PhaseOfCare,
) -> None:
    request = parse(request_text).model_copy(update={"body_parts": [region]})
    found = kb.match(request, ON, phase=phase)
    assert found is not None and found.guideline is not None
    assert found.guideline.name == f"MTUS ACOEM {chapter} Complaints 2004"
    assert found.guideline.citation.document == f"MTUS ACOEM {chapter} Complaints"
    assert found.guideline.citation.chapter and found.guideline.citation.pages
    assert found.guideline.recommendation.value == recommendation
    assert found.phase_reason is not None and "9792.23" in found.phase_reason


@pytest.mark.parametrize(
    ("request_text", "region"),
    [
        ("Naproxen 550mg #60", "low back"),
        ("Methocarbamol 750mg #60", "low back"),
        ("Cyclobenzaprine 7.5mg #20", "neck"),
        ("Cyclobenzaprine 7.5mg #20", "shoulder"),
        ("Tylenol 500mg #60", "knee"),
    ],
)
def test_the_same_drug_for_chronic_pain_keeps_the_class_chronic_pain_guideline(
    kb: KnowledgeBase, request_text: str, region: str
) -> None:
    """Six months on, the Chronic Pain guidelines govern, with the very guideline (criteria,
    section) the drug's set without a region gives, so chronic decisions do not change."""
    request = parse(request_text)
    with_region = request.model_copy(update={"body_parts": [region]})
    chronic = kb.match(with_region, ON, phase=PhaseOfCare.CHRONIC)
    without = kb.match(request, ON, phase=PhaseOfCare.CHRONIC)
    assert chronic is not None and chronic.guideline is not None
    assert without is not None and without.guideline is not None
    assert chronic.criteria_set.id != without.criteria_set.id
    assert chronic.guideline.name == "MTUS Chronic Pain Medical Treatment Guidelines"
    assert chronic.guideline == without.guideline
    assert chronic.phase_reason is not None and "not MTUS ACOEM" in chronic.phase_reason


def test_every_region_drug_set_keeps_its_class_sets_chronic_guideline(kb: KnowledgeBase) -> None:
    drug_families = {"nsaid", "muscle_relaxant", "other_medication"}
    region_sets = [
        s
        for s in kb.all()
        if s.body_regions
        and {f.value for f in s.families} & drug_families
        and any(g.phases for g in s.guidelines)
    ]
    assert len(region_sets) >= 10
    for criteria_set in region_sets:
        chronic = kb.governing(criteria_set, ON, PhaseOfCare.CHRONIC)
        family = criteria_set.families[0].value
        drug = criteria_set.drugs[0] if criteria_set.drugs else None
        alone = kb.match(Request(family, drug=drug, drug_class=family), ON)
        assert alone is not None and not alone.criteria_set.body_regions
        assert chronic == alone.guideline, criteria_set.id
        acute = kb.governing(criteria_set, ON, PhaseOfCare.ACUTE)
        assert acute is not None and acute.name.startswith("MTUS ACOEM"), criteria_set.id
        assert acute.phases == [PhaseOfCare.ACUTE, PhaseOfCare.SUBACUTE]


@pytest.mark.parametrize(
    ("request_text", "criteria_set"),
    [
        ("Naproxen 550mg #60", "nsaid"),  # no region: no chapter to choose
        ("Celecoxib 200mg #30", "celecoxib"),  # the drug's own section, not the class advice
        ("Baclofen 10mg #60", "baclofen"),
    ],
)
def test_a_drug_without_a_region_or_with_its_own_section_keeps_its_set(
    kb: KnowledgeBase, request_text: str, criteria_set: str
) -> None:
    request = parse(request_text)
    if criteria_set != "nsaid":
        request = request.model_copy(update={"body_parts": ["low back"]})
    found = kb.match(request, ON, phase=PhaseOfCare.ACUTE)
    assert found is not None and found.guideline is not None
    assert found.criteria_set.id == criteria_set
    assert found.guideline.name == "MTUS Chronic Pain Medical Treatment Guidelines"
