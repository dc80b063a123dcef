"""Matching a request to a criteria set and the guideline that governs it on a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from openimr.guidelines import BodyRegion, KnowledgeBase, Step, body_regions_of


@dataclass
class FakeRequest:
    """Stands in for what ``openimr.requests.parse`` returns."""

    family: str
    body_parts: list[str] = field(default_factory=list)
    drug: str | None = None
    drug_class: str | None = None
    associated_surgical_service: bool = False


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def test_lumbar_mri_matches_lumbar_imaging_governed_by_acoem_low_back_2004(
    kb: KnowledgeBase,
) -> None:
    match = kb.match(FakeRequest("mri", ["lumbar spine"]), on=dt.date(2016, 12, 1))
    assert match is not None
    assert match.criteria_set.id == "imaging_lumbar_spine"
    assert match.guideline.name == "MTUS ACOEM Low Back Complaints 2004"
    assert match.guideline.step is Step.MTUS
    assert match.citation.document == "MTUS ACOEM Low Back Complaints"
    assert match.citation.section == "Special Studies"
    assert match.matched_on == ("family", "body_region")


def test_opioid_matches_the_opioid_set_governed_by_the_2016_opioid_guideline(
    kb: KnowledgeBase,
) -> None:
    match = kb.match(FakeRequest("opioid", drug="Norco 10/325mg #60"), on=dt.date(2017, 1, 20))
    assert match.criteria_set.id == "opioid"
    assert match.guideline.name == "MTUS Opioids Treatment Guidelines 2016"
    assert match.citation.document == "MTUS Opioids Treatment Guidelines"


def test_opioid_before_july_2016_is_governed_by_the_chronic_pain_guidelines(
    kb: KnowledgeBase,
) -> None:
    match = kb.match(FakeRequest("opioid", drug="oxycodone"), on=dt.date(2015, 3, 1))
    assert match.guideline.citation.document == "MTUS Chronic Pain Medical Treatment Guidelines"


def test_unknown_family_matches_nothing(kb: KnowledgeBase) -> None:
    assert kb.match(FakeRequest("teleportation", ["knee"]), on=dt.date(2017, 1, 1)) is None


def test_region_specific_set_is_preferred_to_a_family_only_set(kb: KnowledgeBase) -> None:
    match = kb.match(FakeRequest("chiropractic", ["right knee"]), on=dt.date(2017, 1, 1))
    assert match.criteria_set.id == "chiropractic_extremities"


def test_family_only_set_is_used_when_no_region_specific_set_fits(kb: KnowledgeBase) -> None:
    match = kb.match(FakeRequest("chiropractic", ["low back"]), on=dt.date(2017, 1, 1))
    assert match.criteria_set.id == "chiropractic"
    assert match.matched_on == ("family",)


def test_region_limited_sets_do_not_match_other_regions(kb: KnowledgeBase) -> None:
    # X-ray sets are all limited to regions, and none covers the elbow.
    assert kb.match(FakeRequest("x_ray", ["right elbow"]), on=dt.date(2017, 1, 1)) is None


def test_neck_imaging_matches_the_cervical_set(kb: KnowledgeBase) -> None:
    match = kb.match(FakeRequest("x_ray", ["neck"]), on=dt.date(2017, 1, 1))
    assert match.criteria_set.id == "imaging_cervical_thoracic_spine"


def test_lumbar_x_ray_has_its_own_set(kb: KnowledgeBase) -> None:
    match = kb.match(FakeRequest("x_ray", ["lumbar spine"]), on=dt.date(2017, 1, 1))
    assert match.criteria_set.id == "imaging_lumbar_x_ray"


def test_drug_specific_set_is_preferred_to_the_class_set(kb: KnowledgeBase) -> None:
    match = kb.match(
        FakeRequest("muscle_relaxant", drug="Flexeril 10mg #60"), on=dt.date(2017, 1, 1)
    )
    assert match.criteria_set.id == "cyclobenzaprine"
    assert "drug" in match.matched_on


def test_other_drugs_of_the_class_use_the_class_set(kb: KnowledgeBase) -> None:
    match = kb.match(
        FakeRequest("muscle_relaxant", drug="Norflex 100mg #60"), on=dt.date(2017, 1, 1)
    )
    assert match.criteria_set.id == "muscle_relaxant"


def test_drug_class_is_matched_when_the_family_is_generic(kb: KnowledgeBase) -> None:
    match = kb.match(
        FakeRequest("medication", drug="Naproxen 500mg", drug_class="nsaid"), on=dt.date(2017, 1, 1)
    )
    assert match.criteria_set.id == "nsaid"


def test_associated_surgical_therapy_matches_post_operative_therapy(kb: KnowledgeBase) -> None:
    match = kb.match(
        FakeRequest("physical_therapy", ["shoulder"], associated_surgical_service=True),
        on=dt.date(2017, 1, 31),
    )
    assert match.criteria_set.id == "post_op_physical_therapy"
    assert match.criteria_set.follows_primary
    assert "associated_surgical_service" in match.matched_on


def test_plain_therapy_does_not_match_post_operative_therapy(kb: KnowledgeBase) -> None:
    match = kb.match(FakeRequest("physical_therapy", ["shoulder"]), on=dt.date(2017, 1, 31))
    assert match.criteria_set.id == "physical_therapy"


def test_post_operative_opioid_matches_the_post_operative_set(kb: KnowledgeBase) -> None:
    match = kb.match(
        FakeRequest("opioid", drug="Percocet 5/325mg", associated_surgical_service=True),
        on=dt.date(2017, 1, 31),
    )
    assert match.criteria_set.id == "opioid_postoperative"


@pytest.mark.parametrize(
    ("body_parts", "expected"),
    [
        (["bilateral hands"], "electrodiagnostics_upper_extremity"),  # hand, exact region
        (["left upper extremity"], "electrodiagnostics_upper_extremity"),  # limb named outright
        (["bilateral lower extremities"], "electrodiagnostics_lower_extremity"),
        (["hip", "lumbar"], "electrodiagnostics_lower_extremity"),  # through the limb
    ],
)
def test_electrodiagnostics_match_by_limb(
    kb: KnowledgeBase, body_parts: list[str], expected: str
) -> None:
    match = kb.match(FakeRequest("emg_ncs", body_parts), on=dt.date(2017, 1, 1))
    assert match.criteria_set.id == expected


def test_a_silent_mtus_hands_over_to_odg(kb: KnowledgeBase) -> None:
    match = kb.match(
        FakeRequest("cold_therapy_unit", ["shoulder"], associated_surgical_service=True),
        on=dt.date(2017, 2, 13),
    )
    assert match.guideline.step is Step.NON_MTUS
    assert match.citation.section == "Continuous-flow cryotherapy"


def test_without_a_date_the_latest_encoded_period_governs(kb: KnowledgeBase) -> None:
    match = kb.match(FakeRequest("opioid", drug="tramadol"))
    assert match.on == dt.date(2016, 7, 29)
    assert match.guideline.id == "mtus_opioids_2016"


def test_after_the_encoded_period_the_set_matches_without_a_guideline(kb: KnowledgeBase) -> None:
    match = kb.match(FakeRequest("mri", ["lumbar spine"]), on=dt.date(2018, 3, 1))
    assert match.criteria_set.id == "imaging_lumbar_spine"
    assert match.guideline is None
    assert match.citation is None


def test_matching_is_deterministic(kb: KnowledgeBase) -> None:
    request = FakeRequest("heat_cold_therapy", ["lumbar spine"])
    first = kb.match(request, on=dt.date(2017, 1, 1))
    assert all(kb.match(request, on=dt.date(2017, 1, 1)) == first for _ in range(5))


@pytest.mark.parametrize(
    ("parts", "regions"),
    [
        (["left knee"], {BodyRegion.KNEE}),
        (["low back"], {BodyRegion.LUMBAR_SPINE}),
        (["lumbosacral spine"], {BodyRegion.LUMBAR_SPINE}),
        (["neck", "right hand"], {BodyRegion.CERVICAL_SPINE, BodyRegion.HAND}),
        (["bilateral upper extremities"], {BodyRegion.UPPER_EXTREMITY}),
        (["cervical_spine"], {BodyRegion.CERVICAL_SPINE}),
        ([], set()),
    ],
)
def test_body_regions_are_read_from_request_words(
    parts: list[str], regions: set[BodyRegion]
) -> None:
    assert body_regions_of(parts) == regions


@dataclass
class FakeRequestWithLevels(FakeRequest):
    levels: list[str] = field(default_factory=list)


def test_spinal_levels_stand_in_for_an_unnamed_region(kb: KnowledgeBase) -> None:
    request = FakeRequestWithLevels("facet_injection", levels=["L4-5", "L5-S1"])
    match = kb.match(request, on=dt.date(2016, 12, 19))
    assert match.criteria_set.id == "facet_injection_lumbar"
    assert match.citation.pages == ["300", "309"]


def test_cervical_levels_do_not_match_the_lumbar_facet_set(kb: KnowledgeBase) -> None:
    request = FakeRequestWithLevels("facet_injection", levels=["C5-6"])
    assert kb.match(request, on=dt.date(2016, 12, 19)) is None


def test_a_back_brace_matches_the_lumbar_support_set(kb: KnowledgeBase) -> None:
    match = kb.match(FakeRequest("brace", ["lumbar spine"]), on=dt.date(2017, 2, 2))
    assert match.criteria_set.id == "lumbar_support"
