"""Each chapter keeps its own thresholds and indication paths, and a drug with its own rule in
the guideline is judged by that rule rather than by its class."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.guidelines import CountingRule, KnowledgeBase
from openimr.requests import parse

ON = dt.date(2016, 12, 1)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def _observation_weeks(kb: KnowledgeBase, request_text: str) -> float:
    found = kb.match(parse(request_text), ON)
    assert found is not None and found.guideline is not None
    weeks = [
        c.threshold.value
        for c in found.guideline.criteria
        if c.fact == "failed_conservative_care" and c.threshold is not None
    ]
    assert len(weeks) == 1, (request_text, weeks)
    return weeks[0]


@pytest.mark.parametrize(
    ("request_text", "weeks"),
    [
        ("MRI of the cervical spine", 3),  # three to four weeks (chapter 8)
        ("MRI of the lumbar spine", 4),  # about a month (chapter 12)
        ("MRI of the left shoulder", 4),  # four to six weeks (chapter 9)
        ("MRI of the right wrist", 4),  # four to six weeks (chapter 11)
    ],
)
def test_each_chapter_has_its_own_observation_period(
    kb: KnowledgeBase, request_text: str, weeks: float
) -> None:
    assert _observation_weeks(kb, request_text) == weeks


@pytest.mark.parametrize(
    "request_text",
    ["MRI of the cervical spine", "MRI of the left shoulder", "MRI of the lumbar spine"],
)
def test_imaging_has_every_indication_path_of_its_chapter(
    kb: KnowledgeBase, request_text: str
) -> None:
    found = kb.match(parse(request_text), ON)
    assert found is not None and found.guideline is not None
    one_of = [g for g in found.guideline.groups if g.rule is CountingRule.ONE_OF]
    assert one_of and len(one_of[0].criteria) >= 3


def test_the_surgery_gate_of_low_back_imaging_gives_way_to_a_red_flag(kb: KnowledgeBase) -> None:
    found = kb.match(parse("MRI of the lumbar spine"), ON)
    assert found is not None and found.guideline is not None
    gate = next(g for g in found.guideline.groups if "surgery_considered" in g.criteria)
    assert gate.applies_unless == ["red_flags"]


@pytest.mark.parametrize(
    ("request_text", "criteria_set", "fact"),
    [
        ("Sertraline 50mg #30", "ssri", "depression"),
        ("Celebrex 200mg #30", "celecoxib", "gi_risk_factors"),
        ("Toradol 10mg #20", "ketorolac", "acute_phase"),
        ("Topamax 25mg", "topiramate", "failed_antidepressant_or_anticonvulsant"),
    ],
)
def test_a_drug_with_its_own_rule_is_not_judged_by_its_class(
    kb: KnowledgeBase, request_text: str, criteria_set: str, fact: str
) -> None:
    found = kb.match(parse(request_text), ON)
    assert found is not None and found.guideline is not None
    assert found.criteria_set.id == criteria_set
    assert "drug" in found.matched_on
    assert fact in {c.fact for c in found.guideline.criteria}


def test_other_drugs_of_the_class_keep_the_class_rule(kb: KnowledgeBase) -> None:
    found = kb.match(parse("Naproxen 550mg #60"), ON)
    assert found is not None and found.criteria_set.id == "nsaid"


def test_foot_imaging_has_the_ankle_and_foot_chapter(kb: KnowledgeBase) -> None:
    found = kb.match(parse("MRI of the right foot"), ON)
    assert found is not None and found.guideline is not None
    assert found.guideline.citation.chapter == "14"


@pytest.mark.parametrize(
    ("request_text", "chapter"),
    [
        ("Cold pack for the knee", "13"),
        ("Infrared heat to the shoulder", "9"),
        ("Hot/cold therapy wrap for the low back", "12"),
        ("Cervical traction unit", "8"),
        ("Lumbar traction", "12"),
    ],
)
def test_a_passive_modality_is_judged_by_the_chapter_of_its_region(
    kb: KnowledgeBase, request_text: str, chapter: str
) -> None:
    found = kb.match(parse(request_text), ON)
    assert found is not None and found.guideline is not None
    assert found.guideline.citation.chapter == chapter


@pytest.mark.parametrize("request_text", ["MRI of the right knee", "X-rays of the right wrist"])
def test_the_observation_period_alone_is_not_an_indication(
    kb: KnowledgeBase, request_text: str
) -> None:
    found = kb.match(parse(request_text), ON)
    assert found is not None and found.guideline is not None
    family = found.criteria_set.families[0]
    for group in found.guideline.groups:
        if group.rule is CountingRule.ONE_OF:
            facts = {c.fact for c in found.guideline.criteria if c.id in group.criteria}
            assert "failed_conservative_care" not in facts, (family, group.id)


def test_electrodiagnostics_for_the_neck_take_the_neck_chapters_period(kb: KnowledgeBase) -> None:
    assert _observation_weeks(kb, "EMG/NCV of the cervical spine") == 3
    assert _observation_weeks(kb, "NCS of the bilateral wrists") == 4
