"""General faults, each on small hand-written records decided as the engine decides them:
failure of a strengthening program, the shoulder's routine-MRI bar, one-time services already
authorized, authorized care taken for care given, and a set number of office visits."""

from __future__ import annotations

import datetime as dt

from openimr.domain import Case, CriterionResult, Decision, DisputedItem, Record
from openimr.requests import parse
from openimr.review import case_facts, decide
from openimr.review.context import FactIndex, ItemContext
from openimr.review.facts import Resolution, resolve

UR_DATE = dt.date(2016, 12, 1)


def make_case(text: str, *requests: str, injured: dt.date = dt.date(2015, 1, 5)) -> Case:
    """A case with one progress note of this text and these disputed items."""
    record = Record(id="r1", date=dt.date(2016, 11, 1), type="progress note", text=text)
    return Case(
        date_of_injury=injured,
        ur_decision_date=UR_DATE,
        records=[record],
        items=[DisputedItem(request=r) for r in requests],
    )


def resolved(fact: str, text: str, request: str) -> Resolution:
    """What one record shows of a fact for one request, as the engine would see it."""
    case = make_case(text, request)
    context = ItemContext(
        case=case, request=parse(request), facts=FactIndex(case_facts(case), case), on=UR_DATE
    )
    return resolve(fact, context)


SHOULDER_MRI = "MRI of the right shoulder"
THERAPY = "Treatment included physical therapy and a home exercise program."


class TestFailureToProgressInAStrengtheningProgram:
    def test_therapy_with_persistent_symptoms_and_a_deficit_is_failure(self) -> None:
        text = (
            f"{THERAPY} He has persistent right shoulder pain. Examination of the right "
            "shoulder shows decreased range of motion."
        )
        assert resolved("failed_strengthening_program", text, SHOULDER_MRI).state == "present"

    def test_persistent_pain_alone_is_not_failure(self) -> None:
        text = f"{THERAPY} He has persistent right shoulder pain."
        assert resolved("failed_strengthening_program", text, SHOULDER_MRI).state == "unknown"

    def test_a_deficit_of_another_region_does_not_count(self) -> None:
        text = (
            f"{THERAPY} He has persistent right shoulder pain. Examination of the lumbar spine "
            "shows decreased range of motion."
        )
        assert resolved("failed_strengthening_program", text, SHOULDER_MRI).state == "unknown"

    def test_therapy_that_helped_is_not_failure(self) -> None:
        text = (
            "Physical therapy improved his shoulder pain. He has persistent right shoulder pain. "
            "Examination of the right shoulder shows decreased range of motion."
        )
        assert resolved("failed_strengthening_program", text, SHOULDER_MRI).state == "unknown"


def _decision(text: str, *requests: str, injured: dt.date = dt.date(2016, 1, 4)):  # type: ignore[no-untyped-def]
    return decide(make_case(text, *requests, injured=injured)).items


class TestShoulderMriNotRoutine:
    def test_failure_to_progress_is_an_indication_not_routine_imaging(self) -> None:
        (item,) = _decision(
            f"{THERAPY} He has persistent right shoulder pain. Examination of the right "
            "shoulder shows decreased range of motion.",
            SHOULDER_MRI,
        )
        results = {f.criterion: f.result for f in item.findings}
        assert results["failure_to_progress"] is CriterionResult.MET
        assert item.decision is Decision.OVERTURNED

    def test_without_an_indication_the_routine_bar_holds(self) -> None:
        (item,) = _decision(
            f"{THERAPY} Examination of the right shoulder shows tenderness.", SHOULDER_MRI
        )
        assert item.decision is Decision.UPHELD
        unmet = {f.criterion for f in item.findings if f.result is not CriterionResult.MET}
        assert "not_routine_without_surgical_indication" in unmet


REFERRAL = "Orthopedic surgeon consultation for the lumbar spine"
NEED = (
    "He has low back pain that is worsening despite treatment. The orthopedic surgeon "
    "consultation is requested."
)


class TestOneTimeServiceAlreadyAuthorized:
    def test_a_referral_needed_is_supported(self) -> None:
        (item,) = _decision(NEED, REFERRAL)
        assert item.decision is Decision.OVERTURNED

    def test_the_same_referral_already_authorized_is_a_duplicate(self) -> None:
        (item,) = _decision(
            f"{NEED} The patient was previously approved for the orthopedic consultation.",
            REFERRAL,
        )
        assert item.decision is Decision.UPHELD
        finding = next(f for f in item.findings if f.criterion == "not_already_authorized")
        assert finding.result is CriterionResult.NOT_MET
        assert "previously approved" in finding.evidence[0].sentence
        assert any("already authorized" in flag.detail for flag in item.flags)

    def test_another_service_already_authorized_is_no_duplicate(self) -> None:
        (item,) = _decision(f"{NEED} An MRI of the lumbar spine was previously approved.", REFERRAL)
        assert item.decision is Decision.OVERTURNED

    def test_a_course_authorized_before_is_treatment_had_not_a_duplicate(self) -> None:
        # Sessions authorized before are judged by the rules for continuing therapy.
        items = _decision(
            "Physical therapy was previously authorized for the lumbar spine.",
            "Physical therapy 2 times a week for 3 weeks for the lumbar spine",
        )
        assert all(f.criterion != "not_already_authorized" for f in items[0].findings)

    def test_the_authorized_part_of_this_request_is_no_duplicate(self) -> None:
        case = make_case(
            f"{NEED} The orthopedic consultation was previously certified.",
            REFERRAL,
            injured=dt.date(2016, 1, 4),
        )
        case.items[0] = DisputedItem(
            request=REFERRAL,
            original_request=f"{REFERRAL} and follow-up",
            authorized="The orthopedic consultation was previously certified",
        )
        (item,) = decide(case).items
        assert all(f.criterion != "not_already_authorized" for f in item.findings)


class TestAuthorizedIsNotGiven:
    """Care the claims administrator approved, certified or modified to allow may not have been
    given: it is not treatment already tried (a partial authorization misread)."""

    ACUPUNCTURE = "Acupuncture 2 times a week for 6 weeks for the lumbar spine"

    def test_an_approved_course_is_not_a_course_given(self) -> None:
        text = "She has low back pain. Acupuncture x 6 was approved on 11/20/2016."
        assert resolved("prior_acupuncture", text, self.ACUPUNCTURE).state == "unknown"

    def test_a_course_completed_is_a_course_given(self) -> None:
        text = "She has low back pain. She completed 6 sessions of acupuncture."
        assert resolved("prior_acupuncture", text, self.ACUPUNCTURE).state == "present"

    def test_an_approved_course_leaves_the_request_a_first_trial(self) -> None:
        (item,) = _decision(
            "She has low back pain. Acupuncture x 6 was approved on 11/20/2016.", self.ACUPUNCTURE
        )
        trial = next(f for f in item.findings if f.criterion == "initial_trial")
        assert trial.result is CriterionResult.NOT_MET  # 12 asked for, the trial is 3 to 6


class TestOfficeVisitsOneAtATime:
    NEED = "She has worsening low back pain with spasm on examination."

    def test_one_visit_is_judged_on_its_need(self) -> None:
        (item,) = _decision(self.NEED, "Follow-up visit")
        assert item.decision is Decision.OVERTURNED

    def test_a_set_number_of_visits_in_advance_is_not_supported(self) -> None:
        (item,) = _decision(self.NEED, "Follow-up visits x 6")
        limit = next(f for f in item.findings if f.criterion == "one_visit_at_a_time")
        assert limit.result is CriterionResult.NOT_MET
        assert item.decision is Decision.UPHELD

    def test_a_frequency_and_duration_of_visits_is_a_set_number(self) -> None:
        (item,) = _decision(self.NEED, "Office visits 2 times a week for 4 weeks")
        assert item.decision is Decision.UPHELD


class TestAMedicationsAimIsItsOwn:
    """CPMTG, Medications for chronic pain: the aim of use of *this* drug is set before it is
    prescribed; a diagnosis stated somewhere in the records does not say why a drug is given."""

    PAIN = "The worker has chronic low back pain. Examination shows tenderness."

    def test_a_drug_without_its_own_section_needs_its_aim(self) -> None:
        (item,) = _decision(self.PAIN, "Prednisone 10mg #21")
        assert item.criteria_set == "other_medication"
        assert item.decision is Decision.UPHELD

    def test_a_drug_named_with_what_it_is_for_has_its_aim(self) -> None:
        (item,) = _decision(
            f"{self.PAIN} Prednisone is prescribed for the acute flare of radicular pain.",
            "Prednisone 10mg #21",
        )
        aim = next(f for f in item.findings if f.criterion == "aim_of_use")
        assert aim.result is CriterionResult.MET
        assert "Prednisone is prescribed" in aim.evidence[0].sentence

    def test_a_time_is_not_an_aim(self) -> None:
        (item,) = _decision(
            f"{self.PAIN} Prednisone was taken for 2 weeks last year.", "Prednisone 10mg #21"
        )
        aim = next(f for f in item.findings if f.criterion == "aim_of_use")
        assert aim.result is CriterionResult.NOT_DOCUMENTED

    def test_a_benzodiazepine_without_its_aim_is_not_supported(self) -> None:
        (item,) = _decision(self.PAIN, "Xanax 1mg #60")
        assert item.decision is Decision.UPHELD

    def test_a_benzodiazepine_for_anxiety_short_term_is_supported(self) -> None:
        (item,) = _decision(
            f"{self.PAIN} He has anxiety. Xanax is prescribed for anxiety.", "Xanax 1mg #60"
        )
        assert item.decision is Decision.OVERTURNED


class TestLaxativesGoWithOpioids:
    def test_a_laxative_with_opioid_therapy_is_supported(self) -> None:
        (item,) = _decision(
            "He takes Norco 10/325 three times a day for low back pain.", "Colace 100mg #60"
        )
        assert (item.criteria_set, item.decision) == ("laxative", Decision.OVERTURNED)

    def test_a_laxative_without_opioids_or_constipation_is_not(self) -> None:
        (item,) = _decision("He has low back pain and takes ibuprofen.", "Senna #60")
        assert (item.criteria_set, item.decision) == ("laxative", Decision.UPHELD)


class TestTheSameServiceNotOnlyItsFamily:
    def test_a_consultation_with_another_specialist_is_no_duplicate(self) -> None:
        (item,) = _decision(
            f"{NEED} A pain management consultation was previously authorized.", REFERRAL
        )
        assert all(f.criterion != "not_already_authorized" for f in item.findings)

    def test_a_trial_authorized_before_is_no_duplicate_of_the_purchase(self) -> None:
        (item,) = _decision(
            "He has chronic low back pain. A 30 day TENS unit trial was previously authorized.",
            "TENS unit purchase",
        )
        assert all(f.criterion != "not_already_authorized" for f in item.findings)


class TestAChapterOfAnotherRegionIsNotCited:
    """A criterion may quote one chapter's table as its example (NSAIDs for neck complaints,
    Table 8-8); a low back item still never rests on the neck chapter."""

    def _documents(self, text: str) -> list[str]:
        (item,) = _decision(text, "Naproxen 550mg #60", injured=dt.date(2016, 10, 20))
        assert item.decision is Decision.OVERTURNED
        return [c.document or "" for c in item.citations]

    def test_a_low_back_item_does_not_cite_the_neck_chapter(self) -> None:
        documents = self._documents(
            "He has low back pain after a lifting injury. He has never taken naproxen."
        )
        assert not any("Neck" in d for d in documents)
        assert "Chronic Pain" in documents[0]

    def test_a_neck_item_rests_on_the_neck_chapter(self) -> None:
        documents = self._documents(
            "Acute cervical strain with neck pain. He has never taken naproxen."
        )
        assert "Neck and Upper Back" in documents[0]


ESI = "Lumbar epidural steroid injection L4-L5"
RADICULAR_EXAM = (
    "She has low back pain radiating down the left leg. Examination shows decreased sensation in "
    "the left L5 dermatome and positive straight leg raise. She failed physical therapy and NSAIDs."
)


class TestRadiculopathyCorroborated:
    """CPMTG, Epidural steroid injections: radiculopathy documented on examination and
    corroborated by imaging or electrodiagnostic testing, whether or not the word is written."""

    def test_exam_signs_and_a_root_lesion_on_imaging_corroborate(self) -> None:
        text = f"{RADICULAR_EXAM} MRI showed a disc herniation at L4-5 compressing the left L5 nerve root."
        assert resolved("radiculopathy_corroborated", text, ESI).state == "present"

    def test_imaging_without_a_root_lesion_does_not(self) -> None:
        text = f"{RADICULAR_EXAM} MRI showed mild facet arthropathy at L4-5."
        assert resolved("radiculopathy_corroborated", text, ESI).state != "present"

    def test_a_root_lesion_without_exam_signs_does_not(self) -> None:
        text = (
            "She has low back pain. Sensation is intact. MRI showed a disc herniation at L4-5 "
            "compressing the left L5 nerve root."
        )
        assert resolved("radiculopathy_corroborated", text, ESI).state != "present"

    def test_another_regions_study_does_not(self) -> None:
        text = (
            f"{RADICULAR_EXAM} Cervical MRI showed a disc protrusion compressing the C6 nerve root."
        )
        assert resolved("radiculopathy_corroborated", text, ESI).state != "present"


class TestFluoroscopyIsHowNotWhetherDocumented:
    LESION = " MRI showed a disc herniation at L4-5 compressing the left L5 nerve root."

    def test_a_request_silent_on_guidance_is_presumed_fluoroscopic_and_says_so(self) -> None:
        (item,) = _decision(RADICULAR_EXAM + self.LESION, ESI, injured=dt.date(2016, 1, 4))
        guidance = next(f for f in item.findings if f.criterion == "fluoroscopic_guidance")
        assert guidance.result is CriterionResult.MET
        assert any("fluoroscopy" in flag.detail for flag in item.flags)
        assert item.decision is Decision.OVERTURNED

    def test_an_injection_without_fluoroscopy_does_not_meet_it(self) -> None:
        (item,) = _decision(
            RADICULAR_EXAM + self.LESION,
            f"{ESI} without fluoroscopy",
            injured=dt.date(2016, 1, 4),
        )
        guidance = next(f for f in item.findings if f.criterion == "fluoroscopic_guidance")
        assert guidance.result is CriterionResult.NOT_MET
        assert item.decision is Decision.UPHELD


KNEE_THERAPY = "Physical therapy 2 times a week for 3 weeks for the right knee"
KNEE_EXAM = (
    " Examination of the right knee shows decreased range of motion and quadriceps weakness."
)


class TestTherapyAfterAnOperationDone:
    """Therapy in the postsurgical period of a named operation follows the Postsurgical
    Treatment Guidelines and that operation's course, with or without "post-operative"."""

    def test_a_recent_named_operation_gives_its_course(self) -> None:
        (item,) = _decision(
            "He underwent right knee arthroscopy with partial medial meniscectomy on 10/20/2016."
            + KNEE_EXAM,
            KNEE_THERAPY,
            injured=dt.date(2012, 1, 2),
        )
        assert item.criteria_set == "post_op_physical_therapy"
        assert any(f.criterion == "knee_meniscectomy_initial_course" for f in item.findings)

    def test_an_operation_years_ago_does_not(self) -> None:
        (item,) = _decision(
            "He underwent right knee arthroscopy with partial medial meniscectomy on 10/20/2013."
            + KNEE_EXAM,
            KNEE_THERAPY,
            injured=dt.date(2012, 1, 2),
        )
        assert item.criteria_set != "post_op_physical_therapy"

    def test_an_operation_on_another_region_does_not(self) -> None:
        (item,) = _decision(
            "He underwent a left shoulder arthroscopy on 10/20/2016." + KNEE_EXAM,
            KNEE_THERAPY,
            injured=dt.date(2016, 9, 1),
        )
        assert item.criteria_set != "post_op_physical_therapy"

    def test_an_unnamed_operation_gives_no_course_to_count(self) -> None:
        (item,) = _decision(
            "Prior treatment included surgery." + KNEE_EXAM,
            KNEE_THERAPY,
            injured=dt.date(2016, 9, 1),
        )
        assert item.criteria_set != "post_op_physical_therapy"
