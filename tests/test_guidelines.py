"""The packaged guideline knowledge base: every data file loads, validates and is well formed."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openimr.guidelines import Family, KnowledgeBase, Recommendation, Step, parse_file

DATA = resources.files("openimr.guidelines") / "data"
DATA_FILES = sorted(entry.name for entry in DATA.iterdir() if entry.name.endswith(".yaml"))


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def test_there_are_data_files() -> None:
    assert len(DATA_FILES) >= 10


@pytest.mark.parametrize("name", DATA_FILES)
def test_each_data_file_loads_and_validates(name: str) -> None:
    file = parse_file(name, (DATA / name).read_text(encoding="utf-8"))
    assert file.criteria_sets


def test_load_is_cached_once_per_process() -> None:
    assert KnowledgeBase.load() is KnowledgeBase.load()


def test_criteria_set_ids_are_unique_across_files(kb: KnowledgeBase) -> None:
    ids = [s.id for file in kb.files().values() for s in file.criteria_sets]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_criterion_and_guideline_has_a_citation(name: str) -> None:
    file = parse_file(name, (DATA / name).read_text(encoding="utf-8"))
    for criteria_set in file.criteria_sets:
        for guideline in criteria_set.guidelines:
            assert guideline.citation.document and guideline.citation.source_note
            cited = [*guideline.criteria, *guideline.quantity_limits, *guideline.continuation]
            for item in cited:
                assert item.citation.document, (criteria_set.id, guideline.id, item.id)
                assert item.citation.source_note.strip(), (criteria_set.id, guideline.id, item.id)


def test_confirmed_citations_say_letters_quote_them(kb: KnowledgeBase) -> None:
    for criteria_set in kb.all():
        for guideline in criteria_set.guidelines:
            for criterion in guideline.criteria:
                if criterion.citation.confirmed:
                    note = criterion.citation.source_note
                    assert "letter" in note, (criteria_set.id, criterion.id, note)


@pytest.mark.parametrize("name", DATA_FILES)
def test_dates_of_one_service_neither_overlap_nor_leave_gaps(name: str) -> None:
    file = parse_file(name, (DATA / name).read_text(encoding="utf-8"))
    for criteria_set in file.criteria_sets:
        for step in Step:
            entries = sorted(
                (g for g in criteria_set.guidelines if g.step is step and not g.phases),
                key=lambda g: g.effective_from,
            )
            for before, after in zip(entries, entries[1:], strict=False):
                assert before.effective_to is not None, (criteria_set.id, before.id)
                assert after.effective_from == before.effective_to + dt.timedelta(days=1), (
                    criteria_set.id,
                    before.id,
                    after.id,
                )


def test_every_set_is_governed_on_a_2016_17_letter_date(kb: KnowledgeBase) -> None:
    # The shared letters were decided from December 2016 to February 2017.
    for criteria_set in kb.all():
        assert kb.governing(criteria_set, dt.date(2017, 1, 15)) is not None, criteria_set.id


def test_associated_surgical_services_follow_the_primary_surgery(kb: KnowledgeBase) -> None:
    for set_id in [
        "assistant_surgeon",
        "preoperative_labs",
        "preoperative_ekg",
        "preoperative_clearance",
        "cold_therapy_unit",
        "sling",
        "post_op_physical_therapy",
    ]:
        assert kb.get(set_id).follows_primary


def test_governing_skips_a_silent_mtus_for_the_next_step(kb: KnowledgeBase) -> None:
    cold = kb.get("cold_therapy_unit")
    in_force = kb.in_force(cold, dt.date(2017, 1, 15))
    assert [g.step for g in in_force] == [Step.MTUS, Step.NON_MTUS]
    assert in_force[0].recommendation is Recommendation.NOT_ADDRESSED
    assert kb.governing(cold, dt.date(2017, 1, 15)).step is Step.NON_MTUS


def test_opioid_guidelines_change_when_the_2016_opioid_guideline_takes_effect(
    kb: KnowledgeBase,
) -> None:
    opioid = kb.get("opioid")
    assert kb.governing(opioid, dt.date(2016, 7, 28)).id == "mtus_cpmtg_opioids_2009"
    assert kb.governing(opioid, dt.date(2016, 7, 29)).id == "mtus_opioids_2016"


def test_no_guideline_governs_before_it_took_effect(kb: KnowledgeBase) -> None:
    assert kb.governing(kb.get("opioid"), dt.date(2005, 1, 1)) is None


def test_get_unknown_id_raises_key_error_naming_it(kb: KnowledgeBase) -> None:
    with pytest.raises(KeyError, match="no criteria set with id 'no_such_set'"):
        kb.get("no_such_set")


def test_source_of_names_the_data_file(kb: KnowledgeBase) -> None:
    assert kb.source_of("imaging_lumbar_spine") == "imaging.yaml"


@given(on=st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2021, 12, 31)))
@settings(max_examples=200, deadline=None)
def test_on_any_date_at_most_one_guideline_per_step_is_in_force(on: dt.date) -> None:
    kb = KnowledgeBase.load()
    for criteria_set in kb.all():
        steps = [g.step for g in kb.in_force(criteria_set, on)]
        assert len(steps) == len(set(steps)), (criteria_set.id, on)
        assert steps == sorted(steps, key=lambda step: step.rank)


def test_families_named_in_the_brief_are_known() -> None:
    brief = [
        "mri",
        "ct",
        "x_ray",
        "emg_ncs",
        "physical_therapy",
        "occupational_therapy",
        "post_op_physical_therapy",
        "chiropractic",
        "acupuncture",
        "massage",
        "tens",
        "h_wave",
        "epidural_steroid_injection",
        "facet_injection",
        "medial_branch_block",
        "radiofrequency_ablation",
        "trigger_point_injection",
        "surgery",
        "assistant_surgeon",
        "preoperative_clearance",
        "preoperative_labs",
        "ekg",
        "chest_x_ray",
        "cold_therapy_unit",
        "sling",
        "opioid",
        "nsaid",
        "muscle_relaxant",
        "proton_pump_inhibitor",
        "anticonvulsant",
        "antidepressant",
        "sleep_aid",
        "topical_analgesic",
        "compounded_topical",
        "lidocaine_patch",
        "urine_drug_testing",
        "psychological_evaluation",
        "psychotherapy",
        "biofeedback",
        "functional_restoration_program",
        "functional_capacity_evaluation",
        "home_health",
        "consultation_referral",
        "office_visit",
        "dme_other",
        "gym_membership",
        "hearing_aids",
    ]
    assert set(brief) <= {family.value for family in Family}
