"""A table of sentences per fact: what the clinical rules extract, read through the fact a
criterion names (review/facts/data/facts.yaml).

Each row is one record sentence and the state the fact must have for one request: shown when an
examination finds it on the place the item is for; not shown when it is denied, on another body
region, on the other side, in the worker's complaint or review of systems, or in a utilization
review. The sentences are written here in general clinical wording, not taken from a letter, and
each fact has several wordings of the same finding (a rule written for one letter's phrase fails
the others).
"""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.clinical import extract
from openimr.domain import Assertion, Case, DisputedItem, Record, RecordKind
from openimr.requests import parse
from openimr.review import case_facts
from openimr.review.context import FactIndex, ItemContext
from openimr.review.facts import resolve
from openimr.review.place import item_place

UR_DATE = dt.date(2016, 12, 1)
UR = "ur"  # the sentence is in a utilization review record


def _state(fact: str, request: str, sentence: str, record: str | None = None) -> str:
    kind = RecordKind.UTILIZATION_REVIEW if record == UR else None
    case = Case(
        date_of_injury=dt.date(2015, 1, 5),
        ur_decision_date=UR_DATE,
        records=[
            Record(
                id="r1",
                date=dt.date(2016, 11, 1),
                type="utilization review" if record == UR else "progress note",
                kind=kind,
                text=sentence,
            )
        ],
        items=[DisputedItem(request=request)],
    )
    index = FactIndex(case_facts(case), case)
    parsed = parse(request)
    regions, side = item_place(case.items[0], parsed, case.records, index.sentences)
    context = ItemContext(
        case=case, request=parsed, facts=index, on=UR_DATE, regions=regions, side=side
    )
    return resolve(fact, context).state


LUMBAR_MRI = "MRI of the lumbar spine"
LEFT_LEG_EMG = "EMG of the left lower extremity"
LUMBAR_PT = "Physical therapy 12 sessions for the lumbar spine"
TPI = "Trigger point injections x 3 to the trapezius"
LEFT_KNEE_MRI = "MRI of the left knee"

# (fact, request, sentence, record, expected state)
TABLE: list[tuple[str, str, str, str | None, str]] = [
    # a motor deficit: any grade below 5, written N/5, N+/5, N out of 5, N minus out of 5
    ("neurologic_dysfunction", LUMBAR_MRI, "Examination revealed 4/5 strength of the left extensor hallucis longus.", None, "present"),
    ("neurologic_dysfunction", LUMBAR_MRI, "Motor strength is 4 out of 5 in the left quadriceps.", None, "present"),
    ("neurologic_dysfunction", LUMBAR_MRI, "On examination, ankle dorsiflexion strength was 4+/5 on the right.", None, "present"),
    ("neurologic_dysfunction", LUMBAR_MRI, "Strength testing showed 3 minus out of 5 in the left tibialis anterior.", None, "present"),
    ("neurologic_dysfunction", LUMBAR_MRI, "Motor strength was 5/5 in both lower extremities.", None, "absent"),
    ("neurologic_dysfunction", LUMBAR_MRI, "Examination revealed 4/5 strength of the left deltoid and biceps in the upper extremity.", None, "unknown"),
    ("neurologic_dysfunction", LUMBAR_MRI, "Waddell signs were 3/5.", None, "unknown"),
    # a sensory deficit named by its level, any level and side
    ("neurologic_dysfunction", LUMBAR_MRI, "Decreased left L5 dermatomal sensation.", None, "present"),
    ("neurologic_dysfunction", LUMBAR_MRI, "Examination showed diminished right S1 dermatome sensation.", None, "present"),
    ("neurologic_dysfunction", LUMBAR_MRI, "There was hypoesthesia in the L4 distribution of the left leg.", None, "present"),
    ("neurologic_dysfunction", LUMBAR_MRI, "Sensation was intact in both lower extremities.", None, "absent"),
    ("neurologic_dysfunction", LUMBAR_MRI, "Examination revealed decreased sensation in the left C6 dermatome of the arm.", None, "unknown"),
    ("neurologic_dysfunction", LEFT_LEG_EMG, "Examination revealed decreased sensation in the left L5 dermatome.", None, "present"),
    ("neurologic_dysfunction", LEFT_LEG_EMG, "Examination revealed decreased sensation in the right L5 dermatome.", None, "unknown"),
    # a complaint or a review of systems is not an examination
    ("neurologic_dysfunction", LUMBAR_MRI, "He complains of weakness and numbness in the left leg.", None, "unknown"),
    ("neurologic_dysfunction", LUMBAR_MRI, "Review of systems is positive for weakness and numbness.", None, "unknown"),
    ("neurologic_dysfunction", LUMBAR_MRI, "ROS: positive for leg weakness.", None, "unknown"),
    ("neurologic_dysfunction", LUMBAR_MRI, "The patient notes weakness in the left leg.", None, "unknown"),
    ("neurologic_dysfunction", LUMBAR_MRI, "She reports decreased sensation in her left foot.", None, "unknown"),
    ("neurologic_dysfunction", LUMBAR_MRI, "He reports leg weakness; on examination there is 4/5 strength of the left extensor hallucis longus.", None, "present"),
    ("neurologic_dysfunction", LUMBAR_MRI, "Progress notes showed 4/5 strength of the left extensor hallucis longus.", None, "present"),
    ("neurologic_dysfunction", LUMBAR_MRI, "Decreased sensation in the left L5 dermatome.", UR, "unknown"),
    # objective deficits therapy can address
    ("objective_deficits", LUMBAR_PT, "Examination of the lumbar spine revealed paraspinal muscle spasm.", None, "present"),
    ("objective_deficits", LUMBAR_PT, "Review of systems is positive for muscle spasms.", None, "unknown"),
    ("objective_deficits", LUMBAR_PT, "He complains of muscle spasms in the low back.", None, "unknown"),
    ("objective_deficits", LUMBAR_PT, "Examination of the right shoulder revealed 4/5 strength of the supraspinatus.", None, "unknown"),
    # trigger points: any muscle, trigger points or taut bands
    ("trigger_points_documented", TPI, "Examination revealed triggering of the bilateral trapezius muscles with a twitch response.", None, "present"),
    ("trigger_points_documented", TPI, "There was triggering of the left rhomboid muscles on palpation.", None, "present"),
    ("trigger_points_documented", TPI, "Palpation revealed taut bands in the upper trapezius.", None, "present"),
    ("trigger_points_documented", TPI, "No trigger points were palpated.", None, "absent"),
    ("trigger_points_documented", TPI, "She complains of trigger points in her neck.", None, "unknown"),
    ("trigger_points_documented", TPI, "Trigger points were noted in the trapezius.", UR, "unknown"),
    # mechanical symptoms: the lesion a knee study would confirm
    ("imaging_question_stated", LEFT_KNEE_MRI, "The left knee locks and gives way.", None, "present"),
    ("imaging_question_stated", LEFT_KNEE_MRI, "She has catching and buckling of the left knee.", None, "present"),
    ("imaging_question_stated", LEFT_KNEE_MRI, "Left knee: mechanical symptoms with clicking.", None, "present"),
    ("imaging_question_stated", LEFT_KNEE_MRI, "He denies locking or giving way of the left knee.", None, "unknown"),
    ("imaging_question_stated", LEFT_KNEE_MRI, "The right knee locks and gives way.", None, "unknown"),
    ("imaging_question_stated", LEFT_KNEE_MRI, "The left shoulder catches with overhead reaching.", None, "unknown"),
    ("imaging_question_stated", LEFT_KNEE_MRI, "The left knee locks and gives way.", UR, "unknown"),
    ("imaging_question_stated", LEFT_KNEE_MRI, "Her left thumb locks when she grips.", None, "unknown"),
    # obesity from a stated body mass index
    ("complex_hernia_obese_patient", "CT of the abdomen", "Suspected incisional hernia. Her BMI is 41.", None, "present"),
    ("complex_hernia_obese_patient", "CT of the abdomen", "Suspected incisional hernia. Body mass index: 33.5 kg/m2.", None, "present"),
    ("complex_hernia_obese_patient", "CT of the abdomen", "Suspected incisional hernia. Her BMI is 24.", None, "unknown"),
    # "no functional improvement" in its many wordings
    ("functional_improvement", LUMBAR_PT, "Physical therapy was completed without significant improvement.", None, "absent"),
    ("functional_improvement", LUMBAR_PT, "He had six sessions of therapy without lasting improvement.", None, "absent"),
    ("functional_improvement", LUMBAR_PT, "There has been no improvement in function.", None, "absent"),
    ("functional_improvement", LUMBAR_PT, "His function did not improve with therapy.", None, "absent"),
    ("functional_improvement", LUMBAR_PT, "Therapy failed to improve his function.", None, "absent"),
    ("functional_improvement", LUMBAR_PT, "He reports minimal benefit from therapy.", None, "absent"),
    ("functional_improvement", LUMBAR_PT, "Therapy gave no benefit.", None, "absent"),
    ("functional_improvement", LUMBAR_PT, "There has been no change in function.", None, "absent"),
    ("functional_improvement", LUMBAR_PT, "His functional status remains limited.", None, "absent"),
    ("functional_improvement", LUMBAR_PT, "There was minimal functional improvement.", None, "absent"),
    ("functional_improvement", LUMBAR_PT, "His progress in therapy has plateaued.", None, "absent"),
    ("functional_improvement", LUMBAR_PT, "He has been placed off of work.", None, "absent"),
    ("functional_improvement", LUMBAR_PT, "He remains off-work.", None, "absent"),
    ("functional_improvement", LUMBAR_PT, "Therapy improved his walking tolerance from 10 to 30 minutes.", None, "present"),
    ("functional_improvement", LUMBAR_PT, "There was no improvement in pain, but his function improved with therapy.", None, "present"),
    ("functional_improvement", LUMBAR_PT, "Her activity level has improved.", None, "present"),
    # a locked knee: a red flag for knee imaging, and a lesion the study would look for
    ("red_flags", LEFT_KNEE_MRI, "She presents with a locked left knee.", None, "present"),
    ("red_flags", LEFT_KNEE_MRI, "The left knee locks and she is unable to fully extend it.", None, "present"),
    ("red_flags", LEFT_KNEE_MRI, "Left knee locking with inability to fully extend.", None, "present"),
    ("red_flags", LEFT_KNEE_MRI, "The left knee is locked in flexion.", None, "present"),
    ("red_flags", LEFT_KNEE_MRI, "There is no locked knee.", None, "absent"),
    ("red_flags", LEFT_KNEE_MRI, "The right knee is locked in flexion.", None, "unknown"),
    ("red_flags", LEFT_KNEE_MRI, "The left knee clicks and locks occasionally.", None, "unknown"),
    ("red_flags", LUMBAR_MRI, "He also has a locked right knee.", None, "unknown"),
    ("imaging_question_stated", LEFT_KNEE_MRI, "The left knee is locked in flexion.", None, "present"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fact", "request_text", "sentence", "record", "expected"),
    TABLE,
    ids=[f"{row[0]}-{i}" for i, row in enumerate(TABLE)],
)
def test_a_fact_is_shown_only_from_its_source_and_place(
    fact: str, request_text: str, sentence: str, record: str | None, expected: str
) -> None:
    assert _state(fact, request_text, sentence, record) == expected


def _found(text: str, kind: str) -> list[tuple[object, Assertion]]:
    return [(f.value, f.assertion) for f in extract(text) if f.kind == kind]


class TestStrengthGrades:
    @pytest.mark.parametrize(
        "text",
        [
            "Strength was 4/5 in the left deltoid.",
            "Strength was 4-/5 in the left deltoid.",
            "Strength was 4+/5 in the left deltoid.",
            "Strength was 2/5 in the left deltoid.",
            "Strength was 4.5/5 in the left deltoid.",
            "Strength was 5-/5 in the left deltoid.",
            "Strength was 4 out of 5 in the left deltoid.",
            "Strength was 4 minus out of 5 in the left deltoid.",
            "Strength was 5 minus out of 5 in the left deltoid.",
        ],
    )
    def test_a_grade_below_full_is_a_motor_deficit(self, text: str) -> None:
        assert _found(text, "neurologic_deficit") == [("motor", Assertion.PRESENT)]

    @pytest.mark.parametrize(
        "text", ["Strength was 5/5 in the left deltoid.", "5/5 motor strength throughout."]
    )
    def test_full_strength_denies_one(self, text: str) -> None:
        assert _found(text, "neurologic_deficit") == [("motor", Assertion.ABSENT)]

    @pytest.mark.parametrize(
        "text", ["Waddell signs were 3/5.", "He scored 4/5 on the questionnaire."]
    )
    def test_a_grade_without_a_muscle_is_not_strength(self, text: str) -> None:
        assert _found(text, "neurologic_deficit") == []


class TestDermatomes:
    @pytest.mark.parametrize(
        ("text", "dermatome", "side"),
        [
            ("Decreased C5 and C6 dermatome sensation on the left.", "C5-C6", "left"),
            ("Diminished right L5 dermatomal sensation.", "L5", "right"),
            ("Reduced C5-6 dermatome sensation.", "C5-C6", None),
            ("Decreased sensation in the left S1 dermatome.", "S1", "left"),
            ("Hypoesthesia in the right L4 distribution.", "L4", "right"),
        ],
    )
    def test_decreased_sensation_at_any_level(
        self, text: str, dermatome: str, side: str | None
    ) -> None:
        facts = [f for f in extract(text) if f.kind == "neurologic_deficit"]
        assert [
            (f.value, f.attributes.get("dermatome"), f.attributes.get("side")) for f in facts
        ] == [("sensory", dermatome, side)]


class TestBodyMassIndex:
    @pytest.mark.parametrize(
        ("text", "bmi"),
        [("Her BMI is 42.3.", 42.3), ("Body mass index: 27.", 27.0), ("BMI of 35", 35.0)],
    )
    def test_a_stated_body_mass_index(self, text: str, bmi: float) -> None:
        assert _found(text, "body_mass_index") == [(bmi, Assertion.PRESENT)]
        obese = _found(text, "condition")
        assert obese == ([("obesity", Assertion.PRESENT)] if bmi >= 30 else [])

    def test_a_body_part_is_not_a_body_mass_index(self) -> None:
        assert _found("Body weight 250 pounds, body temperature 37.", "body_mass_index") == []


class TestNightPainAndSleep:
    @pytest.mark.parametrize(
        "text",
        [
            "She has night pain in the right hip.",
            "Knee pain at night.",
            "The knee pain wakes him up at night.",
        ],
    )
    def test_night_pain(self, text: str) -> None:
        assert ("night_pain", Assertion.PRESENT) in _found(text, "condition")

    def test_waking_to_urinate_is_not_night_pain(self) -> None:
        assert ("night_pain", Assertion.PRESENT) not in _found(
            "He wakes at night to urinate.", "condition"
        )

    def test_a_mechanism_of_injury_is_not_a_mechanical_symptom(self) -> None:
        text = "He was injured while catching a falling patient when the ladder gave out."
        assert ("mechanical_symptoms", Assertion.PRESENT) not in _found(text, "condition")

    def test_denied_night_pain(self) -> None:
        assert _found("He denies night pain.", "condition") == [("night_pain", Assertion.ABSENT)]

    @pytest.mark.parametrize(
        "text",
        [
            "She has difficulty sleeping.",
            "He has trouble falling asleep.",
            "Sleep disturbances due to pain.",
            "He reports poor sleep.",
            "Difficulty with sleep.",
        ],
    )
    def test_insomnia_in_its_usual_words(self, text: str) -> None:
        assert _found(text, "insomnia") == [(None, Assertion.PRESENT)]


class TestOffWork:
    @pytest.mark.parametrize(
        "text",
        [
            "He was placed off of work.",
            "She remains off work.",
            "He has been kept off-work since the injury.",
            "The worker is off from work.",
        ],
    )
    def test_any_off_work_wording_is_the_work_status(self, text: str) -> None:
        assert ("off_work", Assertion.PRESENT) in _found(text, "work_status")


class TestSignsTheCriteriaName:
    """Exam signs facts.yaml names (neurologic_dysfunction, entrapment_signs_on_exam,
    imaging_question_stated) that no rule found before."""

    @pytest.mark.parametrize(
        ("text", "sign"),
        [
            ("Positive crossed straight leg raise on the left.", "crossed_straight_leg_raise"),
            ("Slump test was positive.", "slump"),
            ("Positive Lasegue's sign.", "lasegue"),
            ("Positive carpal compression test at the right wrist.", "carpal_compression"),
            ("Positive elbow flexion test on the left.", "elbow_flexion"),
            ("Positive FADIR test of the right hip.", "fadir"),
            ("Flexion, adduction and internal rotation test was positive.", "fadir"),
        ],
    )
    def test_a_positive_sign(self, text: str, sign: str) -> None:
        assert _found(text, "positive_exam_sign") == [(sign, Assertion.PRESENT)]

    def test_a_negative_sign(self) -> None:
        assert _found("Slump test was negative.", "positive_exam_sign") == [
            ("slump", Assertion.ABSENT)
        ]

    def test_a_tension_sign_corroborates_radiculopathy_on_examination(self) -> None:
        facts = extract("Lumbar radiculopathy. Positive slump test on the left.")
        radiculopathy = [f for f in facts if f.kind == "radiculopathy"]
        assert [f.attributes.get("corroborated_by") for f in radiculopathy] == ["exam"]


class TestAuthorizedIsNotGiven:
    """A service utilization review certified, approved or authorized (in full or in part) has
    been allowed, not given: it is not treatment already tried."""

    @pytest.mark.parametrize(
        "text",
        [
            "Utilization review certified 6 sessions of physical therapy.",
            "Six sessions of physical therapy were authorized on 10/12/2016.",
            "The claims administrator partially approved physical therapy, approving 4 of 8 sessions.",
            "Physical therapy was authorized but has not yet started.",
        ],
    )
    def test_an_authorized_service_is_not_tried(self, text: str) -> None:
        found = [f for f in extract(text) if f.kind == "treatment_tried"]
        assert found and all(f.assertion is Assertion.HYPOTHETICAL for f in found)

    @pytest.mark.parametrize(
        ("text", "count"),
        [
            ("He has completed 6 of 12 authorized physical therapy sessions.", 6.0),
            ("She attended eight of twelve sessions of physical therapy.", 8.0),
            ("He had 12 sessions of physical therapy in 2015.", 12.0),
        ],
    )
    def test_sessions_given_are_tried_and_counted(self, text: str, count: float) -> None:
        found = [f for f in extract(text) if f.kind == "treatment_tried"]
        assert [(f.assertion, f.attributes.get("count")) for f in found] == [
            (Assertion.PRESENT, count)
        ]


def test_no_improvement_names_the_treatments_it_is_said_of() -> None:
    facts = extract("Physical therapy and acupuncture were completed without lasting benefit.")
    denied = [f for f in facts if f.kind == "functional_improvement"]
    assert [(f.assertion, f.attributes.get("said_of")) for f in denied] == [
        (Assertion.ABSENT, "physical_therapy, acupuncture")
    ]


class TestSpinalInstability:
    """The lumbar fusion criterion (ACOEM Ch. 12 p. 307): increased spinal instability, for
    example at a level of spondylolisthesis; the value tells slippage from shown motion."""

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("MRI showed grade 1 spondylolisthesis at L4-5.", "spondylolisthesis"),
            ("Anterolisthesis of L5 on S1.", "spondylolisthesis"),
            ("There is segmental instability at L4-L5.", "segmental"),
            ("There is 5 mm of translation on flexion-extension views.", "segmental"),
        ],
    )
    def test_instability_of_the_spine(self, text: str, value: str) -> None:
        assert (value, Assertion.PRESENT) in _found(text, "instability")

    def test_a_study_that_shows_no_instability_is_normal(self) -> None:
        facts = extract("Flexion-extension x-rays showed no instability.")
        assert [f.attributes.get("result") for f in facts if f.kind == "imaging_result"] == [
            "normal"
        ]
        assert _found("Flexion-extension x-rays showed no instability.", "instability") == [
            (None, Assertion.ABSENT)
        ]
