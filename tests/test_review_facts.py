"""The fact resolvers on small hand-written records: what counts as the record showing a fact.

Each test writes a record or two, extracts its clinical facts as the engine does
(``openimr.review.case_facts``), and asks one resolver what the record shows for one request.
Known engine bugs are listed as strict xfails, so that fixing one is noticed.
"""

from __future__ import annotations

import datetime as dt

from openimr.domain import Case, CriterionResult, DisputedItem, Record
from openimr.requests import parse
from openimr.review import case_facts, decide
from openimr.review.context import FactIndex, ItemContext, is_clinical_record
from openimr.review.facts import Resolution, resolve

# -- builders ---------------------------------------------------------------------------------

UR_DATE = dt.date(2016, 12, 1)


def make_case(
    text: str,
    *requests: str,
    record_type: str = "progress note",
    injured: dt.date = dt.date(2015, 1, 5),
    extra: tuple[Record, ...] = (),
) -> Case:
    """A case with one record of this text (and any extra records) and these disputed items."""
    record = Record(id="r1", date=dt.date(2016, 11, 1), type=record_type, text=text)
    return Case(
        date_of_injury=injured,
        ur_decision_date=UR_DATE,
        records=[record, *extra],
        items=[DisputedItem(request=r) for r in requests],
    )


def context_for(case: Case, position: int = 0) -> ItemContext:
    """The engine's view of one disputed item, built as ``review.engine`` builds it."""
    requests = [parse(item.request) for item in case.items]
    return ItemContext(
        case=case,
        request=requests[position],
        facts=FactIndex(case_facts(case), case),
        on=UR_DATE,
        others=tuple(r for i, r in enumerate(requests) if i != position),
    )


def resolved(fact: str, text: str, *requests: str, **case_options: object) -> Resolution:
    """What one record shows of a fact, for the first request."""
    return resolve(fact, context_for(make_case(text, *requests, **case_options)))  # type: ignore[arg-type]


SHOULDER = "Right shoulder arthroscopy"


# -- negation -----------------------------------------------------------------------------------


class TestNegatedPhrases:
    def test_a_stated_finding_counts(self) -> None:
        assert (
            resolved(
                "recurrent_dislocation_with_apprehension",
                "The right shoulder shows instability.",
                SHOULDER,
            ).state
            == "present"
        )

    def test_no_evidence_of_instability_does_not_count_as_instability(self) -> None:
        assert (
            resolved(
                "recurrent_dislocation_with_apprehension",
                "There is no evidence of instability of the right shoulder.",
                SHOULDER,
            ).state
            == "absent"
        )

    def test_no_evidence_of_instability_does_not_raise_a_question_for_imaging(self) -> None:
        assert (
            resolved(
                "imaging_question_stated",
                "There is no evidence of instability of the right shoulder.",
                "MRI of the right shoulder",
            ).state
            != "present"
        )

    def test_a_denial_of_one_finding_does_not_hide_a_later_statement_of_it(self) -> None:
        found = resolved(
            "recurrent_dislocation_with_apprehension",
            "No instability on the left; the right shoulder shows instability.",
            SHOULDER,
        )
        assert found.state == "present"

    def test_a_denied_radiculopathy_is_evidence_against_radicular_pain(self) -> None:
        found = resolved(
            "radicular_pain",
            "The worker denies radicular symptoms. There is no radiculopathy.",
            "Lumbar epidural steroid injection L4-5",
        )
        assert found.state == "absent"


# -- body regions -------------------------------------------------------------------------------


class TestFindingsInAnotherBodyRegion:
    def test_a_leg_deficit_does_not_support_a_neck_study(self) -> None:
        assert (
            resolved(
                "neurologic_dysfunction",
                "Decreased sensation in the left foot.",
                "MRI of the cervical spine",
            ).state
            == "unknown"
        )

    def test_a_leg_deficit_supports_a_low_back_study(self) -> None:
        assert (
            resolved(
                "neurologic_dysfunction",
                "Decreased sensation in the left foot.",
                "MRI of the lumbar spine",
            ).state
            == "present"
        )

    def test_a_hand_deficit_supports_a_neck_study(self) -> None:
        assert (
            resolved(
                "neurologic_dysfunction",
                "Decreased sensation in the left hand.",
                "MRI of the cervical spine",
            ).state
            == "present"
        )

    def test_knee_instability_does_not_raise_a_question_for_shoulder_imaging(self) -> None:
        assert (
            resolved(
                "imaging_question_stated",
                "The left knee shows instability.",
                "MRI of the right shoulder",
            ).state
            == "unknown"
        )


# -- first prescriptions ------------------------------------------------------------------------

NORCO = "Norco 10/325mg #60"
FIRST = "Norco 10/325 mg was newly prescribed at this visit."
TAKING = "The worker is taking Norco 10/325 mg twice daily."


class TestFirstPrescription:
    def test_is_not_taking_the_requested_drug(self) -> None:
        found = resolved("taking_requested_drug", FIRST, NORCO)
        assert found.state == "absent"
        assert found.note == "a first prescription"

    def test_a_drug_the_worker_takes_is_a_continuation(self) -> None:
        assert resolved("taking_requested_drug", TAKING, NORCO).state == "present"

    def test_is_not_judged_by_the_rules_for_continuing_opioids(self) -> None:
        first = decide(make_case(FIRST, NORCO)).items[0]
        assert "face_to_face_visits" not in {f.criterion for f in first.findings}

    def test_a_refill_is_judged_by_the_rules_for_continuing_opioids(self) -> None:
        refill = decide(make_case(TAKING, NORCO)).items[0]
        assert "face_to_face_visits" in {f.criterion for f in refill.findings}

    def test_a_new_prescription_of_another_drug_does_not_make_a_refill_a_first_prescription(
        self,
    ) -> None:
        found = resolved(
            "taking_requested_drug", TAKING + " Gabapentin was newly prescribed.", NORCO
        )
        assert found.state == "present"

    def test_a_first_prescription_is_not_already_on_opioid_therapy(self) -> None:
        first = decide(make_case(FIRST, NORCO)).items[0]
        on_opioids = next(f for f in first.findings if f.criterion == "on_chronic_opioid_therapy")
        assert on_opioids.result is not CriterionResult.MET


# -- the utilization review record ---------------------------------------------------------------


class TestUtilizationReviewRecord:
    def test_is_not_clinical_evidence(self) -> None:
        assert not is_clinical_record(
            Record(id="ur", type="Utilization Review determination", text="x")
        )
        assert is_clinical_record(Record(id="pn", type="progress note", text="x"))

    def test_its_findings_are_not_extracted(self) -> None:
        case = make_case(
            "The worker has lumbar radiculopathy.",
            "Lumbar epidural steroid injection L4-5",
            record_type="utilization review",
        )
        assert case_facts(case) == []

    def test_its_diagnosis_does_not_show_radicular_pain(self) -> None:
        assert (
            resolved(
                "radicular_pain",
                "The worker has lumbar radiculopathy.",
                "Lumbar epidural steroid injection L4-5",
                record_type="utilization review",
            ).state
            == "unknown"
        )

    def test_the_same_diagnosis_in_a_progress_note_shows_radicular_pain(self) -> None:
        assert (
            resolved(
                "radicular_pain",
                "The worker has lumbar radiculopathy.",
                "Lumbar epidural steroid injection L4-5",
            ).state
            == "present"
        )

    def test_its_sentences_are_not_read_for_phrases(self) -> None:
        assert (
            resolved(
                "recurrent_dislocation_with_apprehension",
                "The right shoulder shows instability.",
                SHOULDER,
                record_type="utilization review",
            ).state
            == "unknown"
        )


# -- plan lines and requests --------------------------------------------------------------------

ACUPUNCTURE = "Acupuncture 2x3 lumbar spine"
PLAN = "Plan: acupuncture 2 times a week for 3 weeks for the lumbar spine."
GIVEN = "She completed 6 sessions of acupuncture for the low back with no improvement."


class TestTreatmentAlreadyGiven:
    def test_a_plan_line_that_restates_the_request_is_not_a_treatment_given(self) -> None:
        assert resolved("prior_acupuncture", PLAN, ACUPUNCTURE).state == "unknown"

    def test_a_plan_line_for_physical_therapy_is_not_therapy_given(self) -> None:
        assert (
            resolved(
                "prior_physical_therapy",
                "Plan: physical therapy 2 times a week for 6 weeks for the lumbar spine.",
                "Physical therapy 2x6 lumbar spine",
            ).state
            == "unknown"
        )

    def test_sessions_completed_are_a_treatment_given_with_their_count(self) -> None:
        found = resolved("prior_acupuncture", GIVEN, ACUPUNCTURE)
        assert found.state == "present"
        assert found.value == 6

    def test_a_request_for_authorization_is_not_a_treatment_given(self) -> None:
        assert (
            resolved(
                "prior_acupuncture", GIVEN, ACUPUNCTURE, record_type="Request for Authorization"
            ).state
            == "unknown"
        )

    def test_a_request_restated_in_the_plan_is_judged_as_an_initial_trial(self) -> None:
        item = decide(make_case(PLAN, ACUPUNCTURE)).items[0]
        criteria = {f.criterion for f in item.findings}
        assert "initial_trial" in criteria
        assert "functional_improvement_9792_20" not in criteria

    def test_a_request_after_sessions_given_is_judged_by_the_continuation_rule(self) -> None:
        item = decide(make_case(GIVEN, ACUPUNCTURE)).items[0]
        criteria = {f.criterion for f in item.findings}
        assert "initial_trial" not in criteria
        assert "functional_improvement_9792_20" in criteria

    def test_sessions_completed_count_for_a_short_request(self) -> None:
        assert resolved("prior_acupuncture", GIVEN, "Acupuncture x 6").state == "present"

    def test_sessions_completed_count_when_another_item_names_the_same_treatment(self) -> None:
        found = resolved(
            "prior_physical_therapy",
            "She has had 12 sessions of physical therapy for the low back.",
            "Physical therapy 2x6 lumbar spine",
            "Physical therapy x 6",
        )
        assert found.state == "present"


# -- functional improvement: what a denial is said of -------------------------------------------

NORCO = "Norco 10/325mg #60"


class TestFunctionalImprovementSaidOf:
    def test_a_failed_other_treatment_does_not_deny_an_opioids_benefit(self) -> None:
        text = "She had acupuncture with no improvement. She takes Norco 10/325 mg for pain."
        assert resolved("functional_improvement", text, NORCO).state == "unknown"

    def test_the_same_failure_denies_the_treatment_it_is_said_of(self) -> None:
        text = "She had acupuncture with no improvement. She takes Norco 10/325 mg for pain."
        assert resolved("functional_improvement", text, "Acupuncture x 6").state == "absent"

    def test_a_failure_said_of_the_requested_drug_among_others_counts(self) -> None:
        text = "Norco and physical therapy gave no improvement."
        assert resolved("functional_improvement", text, NORCO).state == "absent"

    def test_a_denial_naming_no_treatment_still_counts(self) -> None:
        text = "She has no functional improvement."
        assert resolved("functional_improvement", text, NORCO).state == "absent"

    def test_the_denial_said_of_the_request_comes_first(self) -> None:
        text = "Her function has not improved. Physical therapy gave no improvement."
        found = resolved("functional_improvement", text, "Physical therapy x 6 lumbar spine")
        assert found.state == "absent"
        assert "Physical therapy" in found.evidence[0].sentence


# -- joint replacement: the ODG indications --------------------------------------------------------


def _findings(text: str, request: str) -> tuple[str, dict[str, str]]:
    item = decide(make_case(text, request)).items[0]
    return item.decision.value, {f.criterion: f.result.value for f in item.findings}


def _replacement_note(joint: str) -> str:
    return (
        "The injured worker is a 62 year old male. "
        f"Standing x-rays of the right {joint} show severe osteoarthritis with joint space narrowing. "
        "Physical therapy, NSAIDs and a cortisone injection gave no relief. "
        f"Examination revealed decreased range of motion of the right {joint}. "
    )


class TestJointReplacementIndications:
    def test_a_knee_meeting_every_indication_is_overturned(self) -> None:
        text = _replacement_note("knee") + "He has night pain in the right knee. His BMI is 31."
        decision, found = _findings(text, "Right total knee arthroplasty")
        assert decision == "Overturned"
        assert found["night_pain"] == found["body_mass_index_under_40"] == "met"
        assert found["limited_motion"] == "met"

    def test_a_body_mass_index_of_40_or_more_is_not_met(self) -> None:
        text = _replacement_note("knee") + "He has night pain in the right knee. His BMI is 44."
        decision, found = _findings(text, "Right total knee arthroplasty")
        assert decision == "Upheld"
        assert found["body_mass_index_under_40"] == "not met"

    def test_a_hip_without_night_pain_does_not_meet_it(self) -> None:
        text = _replacement_note("hip") + "He denies night pain. His BMI is 29."
        decision, found = _findings(text, "Right total hip arthroplasty")
        assert found["night_pain"] == "not met"
        assert found["body_mass_index_under_40"] == found["limited_motion"] == "met"
        assert decision == "Upheld"

    def test_motion_limited_in_the_other_knee_is_not_this_knees(self) -> None:
        text = _replacement_note("knee").replace(
            "motion of the right knee", "motion of the left knee"
        )
        _, found = _findings(text + "His BMI is 31.", "Right total knee arthroplasty")
        assert found["limited_motion"] != "met"
