"""Evidence that knows its source and its place, first prescriptions, services around a surgery,
and the flags that tell a reviewer where to look.

Each row of the tables is one sentence in a record: the fact must be shown when an examination
finds it on the place the item is for, and not when it is denied, on another region, on the other
side, in a complaint, or in a utilization review's reasons.
"""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.domain import (
    Case,
    Decision,
    DisputedItem,
    Evidence,
    FlagKind,
    Record,
    RecordKind,
)
from openimr.requests import parse
from openimr.review import case_facts, decide
from openimr.review.context import FactIndex, ItemContext
from openimr.review.facts import resolve
from openimr.review.phase import phase_of_weeks
from openimr.review.place import concerns
from openimr.review.sources import Source, sentence_source

UR_DATE = dt.date(2016, 12, 1)


def _case(
    *texts: str | Record,
    requests: tuple[str | DisputedItem, ...],
    injured: dt.date = dt.date(2015, 1, 5),
    certified: tuple[str, ...] = (),
) -> Case:
    records = [
        t
        if isinstance(t, Record)
        else Record(id=f"r{i + 1}", date=dt.date(2016, 11, 1), type="progress note", text=t)
        for i, t in enumerate(texts)
    ]
    return Case(
        date_of_injury=injured,
        ur_decision_date=UR_DATE,
        ur_certified=list(certified),
        records=records,
        items=[r if isinstance(r, DisputedItem) else DisputedItem(request=r) for r in requests],
    )


def _state(fact: str, request: str | DisputedItem, *texts: str | Record) -> str:
    case = _case(*texts, requests=(request,))
    item = case.items[0]
    from openimr.review.place import item_place

    index = FactIndex(case_facts(case), case)
    parsed = parse(item.request)
    regions, side = item_place(item, parsed, case.records, index.sentences)
    context = ItemContext(
        case=case, request=parsed, facts=index, on=UR_DATE, regions=regions, side=side
    )
    return resolve(fact, context).state


LEFT_KNEE_MRI = "MRI of the left knee"
NECK_MRI = "MRI of the cervical spine"
UR = Record(
    id="ur",
    date=dt.date(2016, 11, 20),
    type="letter",
    kind=RecordKind.UTILIZATION_REVIEW,
    text="The reviewer noted decreased sensation in the left hand and a positive Spurling test.",
)

# (fact, request, sentence, expected state)
TABLE = [
    # a deficit on examination
    (
        "neurologic_dysfunction",
        NECK_MRI,
        "Examination revealed decreased sensation in the left hand.",
        "present",
    ),
    ("neurologic_dysfunction", NECK_MRI, "Sensation is intact in both hands.", "absent"),
    (
        "neurologic_dysfunction",
        NECK_MRI,
        "Examination revealed decreased sensation in the left foot.",
        "unknown",
    ),
    ("neurologic_dysfunction", NECK_MRI, "He complains of weakness in his arms.", "unknown"),
    (
        "neurologic_dysfunction",
        NECK_MRI,
        "SUBJECTIVE: Numbness and weakness of the left hand.",
        "unknown",
    ),
    ("neurologic_dysfunction", NECK_MRI, UR, "unknown"),
    # a lesion a knee study would confirm
    (
        "imaging_question_stated",
        LEFT_KNEE_MRI,
        "Left knee: positive McMurray test, suspected meniscal tear.",
        "present",
    ),
    (
        "imaging_question_stated",
        LEFT_KNEE_MRI,
        "Right knee: positive McMurray test, suspected meniscal tear.",
        "unknown",
    ),
    ("imaging_question_stated", LEFT_KNEE_MRI, "The left shoulder shows instability.", "unknown"),
    (
        "imaging_question_stated",
        LEFT_KNEE_MRI,
        "There is no evidence of instability of the left knee.",
        "unknown",
    ),
    # red flags
    ("red_flags", NECK_MRI, "Red flags: progressive neurologic deficit in the arms.", "present"),
    ("red_flags", NECK_MRI, "There are no red flags.", "absent"),
    # a side given by the case file, not the request
    (
        "imaging_question_stated",
        DisputedItem(request="MRI", body_region="knee", side="left"),
        "Right knee: positive McMurray test, suspected meniscal tear.",
        "unknown",
    ),
]


@pytest.mark.parametrize(
    ("fact", "item", "sentence", "expected"),
    TABLE,
    ids=[f"{row[0]}-{i}" for i, row in enumerate(TABLE)],
)
def test_a_fact_is_shown_only_from_its_source_and_place(
    fact: str, item: str | DisputedItem, sentence: str | Record, expected: str
) -> None:
    assert _state(fact, item, sentence) == expected


class TestPlace:
    def test_a_right_knee_sentence_does_not_concern_a_left_knee(self) -> None:
        assert not concerns("MRI of the right knee showed a tear.", {"knee"}, "left")

    def test_both_knees_concern_the_left_knee(self) -> None:
        assert concerns("Tenderness of both knees.", {"knee"}, "left")

    def test_the_plan_says_which_region_a_drug_is_for(self) -> None:
        # "for the acute neck strain": a neck criterion is not met by a low back sentence.
        text = (
            "He has constant low back pain that stays in the low back. "
            "Cervical strain after a fall three weeks ago; neck pain 6/10 with spasm. "
            "Start naproxen 550 mg twice a day for the acute neck strain."
        )
        case = _case(text, requests=("Naproxen 550mg #60",))
        item = decide(case).items[0]
        neck = next(f for f in item.findings if f.criterion == "recommended_for_neck_pain")
        assert neck.evidence and all("low back" not in e.sentence for e in neck.evidence)


class TestFirstPrescription:
    TEXT = "He has never taken ibuprofen. Neck strain with pain 6/10. Plan: ibuprofen 800 mg."

    def test_never_taken_is_a_first_prescription(self) -> None:
        assert _state("taking_requested_drug", "Ibuprofen 800mg #60", self.TEXT) == "absent"

    def test_refilled_is_continuing(self) -> None:
        text = "He continues to take ibuprofen 800 mg twice a day. Refill ibuprofen."
        assert _state("taking_requested_drug", "Ibuprofen 800mg #60", text) == "present"

    def test_a_chronic_case_that_does_not_say_is_not_taken_as_continuing(self) -> None:
        text = "Chronic low back pain for two years. Plan: ibuprofen 800 mg."
        assert _state("taking_requested_drug", "Ibuprofen 800mg #60", text) == "unknown"

    def test_an_assumed_first_prescription_is_flagged(self) -> None:
        case = _case("Chronic neck pain for two years.", requests=("Norco 10/325mg #90",))
        item = decide(case).items[0]
        assert FlagKind.ASSUMPTION in {f.kind for f in item.flags}

    def test_a_first_prescription_is_not_judged_by_continuation_rules(self) -> None:
        case = _case(self.TEXT, requests=("Ibuprofen 800mg #60",))
        item = decide(case).items[0]
        assert FlagKind.ASSUMPTION not in {f.kind for f in item.flags}
        assert not any("continu" in f.criterion for f in item.findings)


SHOULDER_NOTE = (
    "Left shoulder pain after a fall. MRI of the left shoulder showed a full-thickness rotator "
    "cuff tear. Examination revealed weakness of the supraspinatus and a positive drop arm test."
)


class TestServicesAroundASurgery:
    @pytest.mark.parametrize(
        "request_text",
        [
            "Associated surgical service: Post-operative physical therapy x 12",
            "Post-operative physical therapy x 12",
        ],
    )
    def test_a_service_goes_with_a_certified_surgery_with_or_without_the_prefix(
        self, request_text: str
    ) -> None:
        case = _case(
            SHOULDER_NOTE,
            requests=(request_text,),
            certified=("Left shoulder arthroscopic rotator cuff repair",),
        )
        item = decide(case).items[0]
        assert item.criteria_set == "post_op_physical_therapy"
        assert "presumed to go ahead" in item.rationale
        assert "rotator cuff repair" in item.rationale

    def test_pre_operative_labs_follow_an_upheld_surgery_without_the_prefix(self) -> None:
        case = _case(
            "Right knee pain.",
            requests=("Right total knee arthroplasty", "Pre-operative labs: CBC, BMP"),
        )
        surgery, labs = decide(case).items
        assert surgery.decision is Decision.UPHELD
        assert labs.hierarchy_step == "follows the primary procedure"
        assert "Right total knee arthroplasty" in labs.rationale


class TestFlags:
    def test_an_item_without_criteria_says_the_reviewer_must_decide_it(self) -> None:
        item = decide(_case("Back pain.", requests=("Hyperbaric oxygen chamber rental",))).items[0]
        assert item.decision is Decision.UPHELD
        assert [f.kind for f in item.flags][:1] == [FlagKind.NO_CRITERIA_SET]
        assert "must decide this item without criteria" in item.rationale

    def test_a_dispute_after_the_editions_held_is_flagged(self) -> None:
        case = _case("Back pain.", requests=("Physical therapy x 6 for the lumbar spine",))
        case = case.model_copy(update={"ur_decision_date": dt.date(2019, 3, 1)})
        item = decide(case).items[0]
        assert FlagKind.EDITION_NOT_HELD in {f.kind for f in item.flags}

    def test_the_rationale_names_records_by_type_and_date(self) -> None:
        text = "Examination revealed lumbar radiculopathy with decreased sensation at L5."
        item = decide(_case(text, requests=("Trigger point injections x 3",))).items[0]
        assert "the progress note of 11/01/2016 states:" in item.rationale
        assert "r1" not in item.rationale and "2016-11-01" not in item.rationale
        assert "which the guideline excludes)" not in item.rationale


@pytest.mark.parametrize(
    ("weeks", "phase"), [(1, "acute"), (6, "subacute"), (12, "subacute"), (30, "chronic")]
)
def test_the_phase_of_care_follows_the_weeks_since_injury(weeks: float, phase: str) -> None:
    assert phase_of_weeks(weeks).value == phase


def test_limits_written_for_one_kind_of_surgery_apply_only_after_it() -> None:
    # A post-operative course written per operation (the knowledge base may give a limit
    # ``surgery_kinds``): after a rotator cuff repair, the Bankart course is set aside.
    from types import SimpleNamespace

    from openimr.review.context import Surgery
    from openimr.review.judge import _limits_for_the_surgery

    bankart = SimpleNamespace(id="bankart", surgery_kinds=["bankart_repair"])
    cuff = SimpleNamespace(id="cuff", surgery_kinds=["rotator_cuff_repair"])
    general = SimpleNamespace(id="general", surgery_kinds=[])
    case = _case("Shoulder pain.", requests=("Post-operative physical therapy x 12",))
    context = ItemContext(
        case=case,
        request=parse(case.items[0].request),
        facts=FactIndex([], case),
        on=UR_DATE,
        surgery=Surgery(name="rotator cuff repair", how="certified", kind="rotator_cuff_repair"),
    )
    kept = _limits_for_the_surgery([bankart, cuff, general], context)  # type: ignore[list-item]
    assert [limit.id for limit in kept] == ["cuff", "general"]


class TestPhaseOfTheItem:
    def test_a_later_injury_to_another_region_has_its_own_phase(self) -> None:
        from openimr.review.phase import item_phase

        text = (
            "Chronic low back pain since the injury. "
            "He sustained an acute neck strain in a fall on 11/10/2016 at the clinic."
        )
        case = _case(text, requests=("Naproxen 550mg #60",), injured=dt.date(2014, 9, 15))
        index = FactIndex(case_facts(case), case)
        neck, why = item_phase(case, frozenset({"cervical spine"}), index.sentences)
        back, _ = item_phase(case, frozenset({"lumbar spine"}), index.sentences)
        assert (neck.value if neck else None, back.value if back else None) == ("acute", "chronic")
        assert why is not None and "11/10/2016" in why


class TestCountsBelongToTheirPlace:
    def test_sessions_given_to_another_region_are_not_this_course(self) -> None:
        text = "He completed 12 sessions of physical therapy for the right knee."
        knee = _state("prior_physical_therapy", "Physical therapy x 6 for the right knee", text)
        neck = _state("prior_physical_therapy", "Physical therapy x 6 for the cervical spine", text)
        assert (knee, neck) == ("present", "unknown")

    def test_an_mri_of_the_other_knee_is_not_a_prior_study_of_this_one(self) -> None:
        text = "An MRI of the right knee on 03/01/2016 showed a meniscal tear."
        assert _state("prior_imaging", "MRI of the right knee", text) == "present"
        assert _state("prior_imaging", LEFT_KNEE_MRI, text) != "present"


def test_an_overturn_resting_on_another_documents_criterion_cites_that_document_first() -> None:
    # NSAIDs for an acute neck strain: the Chronic Pain guidelines' NSAID section governs the
    # drug, but the decision rests on the neck chapter's recommendation, which a letter cites.
    text = (
        "Acute cervical strain after a fall, neck pain 6/10 with spasm. He takes no other NSAID. "
        "Start naproxen 550 mg twice a day for the neck strain."
    )
    case = _case(text, requests=("Naproxen 550mg #60",))
    item = decide(case).items[0]
    assert item.decision is Decision.OVERTURNED
    assert item.citations[0].document is not None
    assert item.citations[0].document.startswith("MTUS ACOEM Neck and Upper Back Complaints")


def test_a_post_operative_drug_is_judged_by_the_post_operative_rules() -> None:
    case = _case(
        "Right knee pain. Norco 5/325 mg after the surgery for post-operative pain.",
        requests=("Right knee arthroscopy with partial meniscectomy", "Norco 5/325mg #30"),
        injured=dt.date(2016, 6, 1),
    )
    case = case.model_copy(update={"ur_decision_date": dt.date(2016, 11, 1)})
    _, drug = decide(case).items
    assert drug.criteria_set == "opioid_postoperative"


def _source_of(sentence: str, phrase: str) -> Source:
    """Where one phrase of a one-sentence record without headings comes from."""
    record = Record(id="r1", date=dt.date(2016, 11, 1), type="progress note", text=sentence)
    start = sentence.index(phrase)
    evidence = Evidence(
        sentence=sentence, start=start, end=start + len(phrase), document="r1", date=record.date
    )
    return sentence_source(evidence, record)


class TestReviewOfSystems:
    @pytest.mark.parametrize(
        ("sentence", "phrase"),
        [
            ("Review of systems is positive for numbness in the left hand.", "numbness"),
            ("ROS: negative for fever, positive for weakness of the legs.", "weakness"),
            ("Positive for tingling in the right foot on review of systems.", "tingling"),
        ],
    )
    def test_a_review_of_systems_is_the_workers_account(self, sentence: str, phrase: str) -> None:
        assert _source_of(sentence, phrase) is Source.COMPLAINT

    @pytest.mark.parametrize(
        ("sentence", "phrase"),
        [
            ("Examination shows decreased sensation; ROS positive for numbness.", "decreased"),
            ("Straight leg raise testing is positive on the left.", "positive"),
            ("Spurling test is positive for radiating pain.", "radiating"),
        ],
    )
    def test_an_examination_before_the_finding_is_still_objective(
        self, sentence: str, phrase: str
    ) -> None:
        assert _source_of(sentence, phrase) is Source.OBJECTIVE


class TestFirstCourseAssumption:
    """Not knowing whether a service was given before matters where continuing it has its own
    rules (a course of treatment, a medicine), not for a study asked for once."""

    NOTE = (
        "Low back pain for eight months radiating to the left leg with numbness. Examination "
        "revealed decreased sensation in the left L5 dermatome."
    )

    @staticmethod
    def _given_before_flags(request: str, text: str) -> list[str]:
        item = decide(_case(text, requests=(request,))).items[0]
        return [
            f.detail
            for f in item.flags
            if f.kind is FlagKind.ASSUMPTION and "given before" in f.detail
        ]

    def test_a_first_imaging_study_is_not_flagged(self) -> None:
        assert self._given_before_flags("MRI of the lumbar spine without contrast", self.NOTE) == []

    def test_a_course_of_therapy_is_still_flagged(self) -> None:
        assert self._given_before_flags("Physical therapy x 6 lumbar spine", self.NOTE) != []
