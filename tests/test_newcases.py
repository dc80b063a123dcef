"""New case files, written as a new user would from the guideline criteria (never from a letter),
reviewed end to end: each item's decision is the one the file's header gives, with the guideline
reason for it. Then the faults these files showed, each fixed in a general way, with sentences
that show the fix and sentences that must not be taken for it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import pytest

from openimr.cases import load
from openimr.clinical import extract
from openimr.domain import (
    Assertion,
    Case,
    CriterionResult,
    Determination,
    DisputedItem,
    Fact,
    FlagKind,
    ItemDetermination,
    Record,
)
from openimr.requests import parse
from openimr.review import case_facts, decide
from openimr.review.context import FactIndex, ItemContext
from openimr.review.facts import Resolution, resolve

CASES = Path(__file__).parent / "fixtures" / "newcases"
_EXPECTED = re.compile(r"^#\s{3}(?P<request>\S.*?): (?P<decision>Upheld|Overturned)\s*$", re.M)


def _expected(path: Path) -> dict[str, str]:
    """The decisions the file's header gives, by request."""
    return {
        m.group("request"): m.group("decision")
        for m in _EXPECTED.finditer(path.read_text(encoding="utf-8"))
    }


@functools.cache
def _reviewed(name: str) -> Determination:
    return decide(load(CASES / name))


def _item(name: str, request: str) -> ItemDetermination:
    return next(i for i in _reviewed(name).items if i.request == request)


def _finding(item: ItemDetermination, criterion: str):  # type: ignore[no-untyped-def]
    return next(f for f in item.findings if f.criterion == criterion)


# -- the case files -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(CASES.glob("*.yaml")), ids=lambda p: p.name)
def test_each_item_gets_the_decision_the_file_gives(path: Path) -> None:
    expected = _expected(path)
    determination = _reviewed(path.name)
    assert sorted(expected) == sorted(i.request for i in determination.items), "header lists all"
    assert {i.request: i.decision.value for i in determination.items} == expected


def test_opioid_continuation_rests_on_the_four_as_and_work() -> None:
    norco = _item("opioid.yaml", "Norco 10/325mg #120")
    assert _finding(norco, "four_as_documented").result is CriterionResult.MET
    assert _finding(norco, "functional_improvement_or_return_to_work").result is (
        CriterionResult.MET
    )


def test_ppi_efficacy_is_the_control_of_the_gi_symptom() -> None:
    omeprazole = _item("opioid.yaml", "Omeprazole 20mg #60")
    efficacy = _finding(omeprazole, "lowest_dose_shortest_time")
    assert efficacy.result is CriterionResult.MET
    assert any("controlled with omeprazole" in e.sentence for e in efficacy.evidence)


def test_temporary_relief_only_is_failed_conservative_care() -> None:
    mri = _item("pt.yaml", "MRI lumbar spine")
    assert _finding(mri, "failed_conservative_care").result is CriterionResult.MET


def test_the_device_trial_is_judged_on_the_device_sentence() -> None:
    tens = _item("pt.yaml", "TENS unit purchase")
    trial = _finding(tens, "successful_trial_before_purchase")
    assert trial.result is CriterionResult.NOT_MET
    assert [e.sentence for e in trial.evidence] == [
        "He used a TENS unit in therapy, which helped briefly."
    ]


def test_an_adjunct_is_shown_alongside_the_current_rehabilitation() -> None:
    acupuncture = _item("pt.yaml", "Acupuncture x 6 sessions")
    adjunct = _finding(acupuncture, "adjunct_to_rehabilitation")
    assert "home exercise program" in adjunct.evidence[0].sentence


def test_the_phase_of_care_reason_is_one_short_sentence() -> None:
    therapy = _item("pt.yaml", "Physical therapy 2x6 lumbar spine")
    reason = therapy.hierarchy_reason
    phase = reason[reason.index("Chronic phase of care") :]
    assert phase.count(". ") == 0 and len(phase) < 250, phase
    assert "weeks after the injury" in phase and "9792.23.5(c)" in phase
    assert "Letters" not in reason


def test_a_later_dispute_says_the_mtus_edition_is_not_held() -> None:
    for item in _reviewed("pt2019.yaml").items:
        assert "does not hold that edition" in item.hierarchy_reason, item.hierarchy_reason
        assert "No MTUS guideline addressing this service is in force" not in item.hierarchy_reason
        assert "neither the MTUS" not in item.hierarchy_reason
        assert FlagKind.EDITION_NOT_HELD in {f.kind for f in item.flags}


def test_a_first_opioid_in_the_subacute_weeks_is_not_called_chronic_pain_treatment() -> None:
    tramadol = _item("knee.yaml", "Tramadol 50mg #60")
    assert "opioids for chronic pain" not in tramadol.rationale


# -- the facts, sentence by sentence ------------------------------------------------------------


def _facts(sentence: str, kind: str) -> list[Fact]:
    return [f for f in extract(sentence) if f.kind == kind]


@pytest.mark.parametrize(
    "sentence",
    [
        "With medication she walks 30 minutes and does her household chores.",
        "With the medications, he is able to work.",
        "With his pain medication he can walk two blocks.",
        "She is able to perform ADLs with medication.",
        "He is able to do his activities of daily living with the medications.",
        "The medication allows her to work part time.",
        "With medication she\nwalks 30 minutes.",  # a line break inside the sentence
    ],
)
def test_function_credited_to_the_medication_is_functional_improvement(sentence: str) -> None:
    assert [f.assertion for f in _facts(sentence, "functional_improvement")] == [Assertion.PRESENT]


@pytest.mark.parametrize(
    "sentence",
    [
        "With medication he cannot walk more than a block.",
        "With medication she is unable to work.",
        "Without medication she stays in bed.",
        "She is able to walk.",
        "He is able to perform ADLs with assistance.",
    ],
)
def test_other_sentences_about_medication_and_activity_are_not(sentence: str) -> None:
    assert not [
        f for f in _facts(sentence, "functional_improvement") if f.assertion is Assertion.PRESENT
    ]


@pytest.mark.parametrize(
    ("sentence", "scores"),
    [
        ("Low back pain 8/10 without and 4/10 with medication.", [8.0, 4.0]),
        ("Pain is 7/10 without medications.", [7.0]),
        ("Without her medication pain is 9 out of 10.", [9.0]),
    ],
)
def test_a_pain_score_is_a_measurement_never_negated(sentence: str, scores: list[float]) -> None:
    found = _facts(sentence, "pain_score")
    assert [f.value for f in found] == scores
    assert {f.assertion for f in found} == {Assertion.PRESENT}


def test_no_pain_score_where_the_record_gives_none() -> None:
    assert _facts("No pain scores were documented.", "pain_score") == []


@pytest.mark.parametrize(
    ("sentence", "assertion"),
    [
        ("No side effects other than mild constipation.", Assertion.PRESENT),
        ("No complaints apart from constipation.", Assertion.PRESENT),
        ("No nausea, no constipation.", Assertion.ABSENT),
        ("She denies constipation.", Assertion.ABSENT),
    ],
)
def test_what_follows_other_than_is_not_denied(sentence: str, assertion: Assertion) -> None:
    [fact] = _facts(sentence, "opioid_side_effects")
    assert fact.assertion is assertion


@pytest.mark.parametrize(
    ("sentence", "value", "response"),
    [
        (
            "He completed 24 sessions of physical therapy since 2013, with temporary relief only.",
            "physical_therapy",
            "temporary",
        ),
        ("He used a TENS unit in therapy, which helped briefly.", "tens", "temporary"),
        ("Acupuncture gave only transient relief.", "acupuncture", "temporary"),
        ("Physical therapy helped.", "physical_therapy", "improved"),
        ("Acupuncture relieved her pain for three months.", "acupuncture", "improved"),
    ],
)
def test_relief_that_did_not_last_is_not_improvement(
    sentence: str, value: str, response: str
) -> None:
    [fact] = [f for f in _facts(sentence, "treatment_tried") if f.value == value]
    assert fact.assertion is Assertion.PRESENT
    assert fact.attributes["response"] == response


# -- the resolvers ------------------------------------------------------------------------------

UR_DATE = dt.date(2016, 12, 1)


def _resolved(fact: str, request: str, *texts: str) -> Resolution:
    """What the records (one a month, in order) show of a fact for a request."""
    records = [
        Record(id=f"r{n}", date=dt.date(2016, 8 + n, 1), type="progress note", text=text)
        for n, text in enumerate(texts, start=1)
    ]
    case = Case(
        date_of_injury=dt.date(2014, 1, 5),
        ur_decision_date=UR_DATE,
        records=records,
        items=[DisputedItem(request=request)],
    )
    context = ItemContext(
        case=case,
        request=parse(request),
        facts=FactIndex(case_facts(case), case),
        on=UR_DATE,
        others=(),
    )
    return resolve(fact, context)


NORCO = "Norco 10/325mg #90"


@pytest.mark.parametrize(
    "text",
    [
        "She works modified duty four hours a day.",
        "He continues modified work with no lifting over 20 pounds.",
        "He has returned to work with restrictions.",
    ],
)
def test_working_modified_duty_is_returned_to_work(text: str) -> None:
    assert _resolved("functional_improvement", NORCO, text).state == "present"


@pytest.mark.parametrize(
    "texts",
    [
        ("Work status: modified duty; the employer is unable to accommodate it.",),
        ("Modified duty restrictions were given.",),
        ("He works modified duty.", "He is now off work."),
    ],
)
def test_restrictions_without_work_are_not(texts: tuple[str, ...]) -> None:
    assert _resolved("functional_improvement", NORCO, *texts).state != "present"


OMEPRAZOLE = "Omeprazole 20mg #30"


@pytest.mark.parametrize(
    ("text", "drug", "state"),
    [
        ("Mild dyspepsia from naproxen, controlled with omeprazole.", OMEPRAZOLE, "present"),
        ("Her reflux improved on omeprazole.", OMEPRAZOLE, "present"),
        ("Omeprazole relieves her heartburn.", OMEPRAZOLE, "present"),
        ("Dyspepsia is not controlled with omeprazole.", OMEPRAZOLE, "absent"),
        ("Dyspepsia controlled with omeprazole.", "Pantoprazole 20mg #30", "unknown"),
        ("Pain is controlled with Norco. She takes omeprazole.", OMEPRAZOLE, "unknown"),
        ("She walks 30 minutes with medication and takes omeprazole.", OMEPRAZOLE, "unknown"),
    ],
)
def test_a_ppi_works_when_the_symptom_it_is_for_is_controlled(
    text: str, drug: str, state: str
) -> None:
    assert _resolved("symptom_control", drug, text).state == state


def test_a_device_trial_that_helped_briefly_was_not_successful() -> None:
    found = _resolved(
        "successful_device_trial",
        "TENS unit purchase",
        "Physical therapy gave no change in function. He used a TENS unit, which helped briefly.",
    )
    assert found.state == "absent"
    assert [e.sentence for e in found.evidence] == ["He used a TENS unit, which helped briefly."]


def test_without_a_trial_of_the_device_function_decides() -> None:
    found = _resolved(
        "successful_device_trial",
        "TENS unit purchase",
        "With the TENS unit she is able to walk longer.",
    )
    assert found.state == "present"


MRI = "MRI of the lumbar spine"


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Physical therapy gave temporary relief only. Low back pain persists.", "present"),
        ("Chiropractic care helped only briefly.", "present"),
        ("Physical therapy helped a great deal.", "absent"),
    ],
)
def test_conservative_care_with_relief_that_did_not_last_has_failed(text: str, state: str) -> None:
    assert _resolved("failed_conservative_care", MRI, text).state == state


def test_current_rehabilitation_is_shown_before_a_finished_course() -> None:
    found = _resolved(
        "concurrent_rehabilitation",
        "Acupuncture x 6",
        "He completed 12 sessions of physical therapy in 2015. He continues a home exercise program.",
    )
    assert found.state == "present"
    assert found.evidence[0].sentence == "He continues a home exercise program."
