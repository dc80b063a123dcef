"""Real sentences from IMR letter summaries and the facts they state, checked by hand.

Each row: a sentence (from /work/shared/data/letters, letter named in the comment), the facts
``extract`` must find in it as (kind, value, assertion), and why. A requested, recommended or
planned service is hypothetical; a utilization review's reason "no evidence of X" makes X absent.
"""

from __future__ import annotations

import pytest

from openimr.clinical import build_pipeline, extract

P, A, H, POS, HIST = "present", "absent", "hypothetical", "possible", "historical"


@pytest.fixture(scope="module", autouse=True)
def pipeline() -> None:
    build_pipeline()


# fmt: off
SENTENCES: list[tuple[str, set[tuple[str, object, str]]]] = [
    # --- demographics and the injury
    ("The injured worker is a 57 year old female, who sustained an industrial injury on 10-14-2016.",  # CM16-0228949
     {("age", 57.0, P), ("sex", "female", P), ("date_of_injury", "2016-10-14", P)}),
    ("The applicant is a 34-year-old male who has filed a claim for chronic low back pain (LBP) reportedly associated with an industrial injury of October 10, 2015.",  # CM16-0219557
     {("age", 34.0, P), ("sex", "male", P), ("date_of_injury", "2015-10-10", P)}),
    ("This case involves a now 36-year-old female with a history of an occupational claim from 10/13/2016.",  # CM16-0230651: "history of a claim" is not a past condition
     {("age", 36.0, P), ("sex", "female", P), ("date_of_injury", "2016-10-13", P)}),
    ("The injured worker is a 53 year old male with a date of injury on 10-17-2016.",  # CM16-0231884
     {("age", 53.0, P), ("sex", "male", P), ("date_of_injury", "2016-10-17", P)}),
    ("The injured worker is a 37 year old female who sustained an industrial-work injury on 10-26-16.",  # CM16-0233904: two-digit year
     {("age", 37.0, P), ("sex", "female", P), ("date_of_injury", "2016-10-26", P)}),
    ("The mechanism of injury is detailed as a slip and fall.",  # CM16-0230651
     {("mechanism_of_injury", "a slip and fall", P)}),
    ("The mechanism of injury was not detailed in the information provided for review.",  # CM16-0238035
     {("mechanism_of_injury", None, A)}),
    ("Mechanism of injury occurred when the injured worker was hit by an object then fell.",  # CM16-0240518
     {("mechanism_of_injury", "the injured worker was hit by an object then fell", P)}),
    # --- diagnoses
    ("On a prior note dated October 27, 2016, the applicant's pain management physician also suggested pursuit of a lumbar epidural steroid injection, stating that the applicant in fact had a radiographically confirmed radiculopathy.",  # CM16-0219557
     {("treatment_tried", "epidural_steroid_injection", H), ("radiculopathy", None, P)}),
    ("Medical records indicate that the injured worker is undergoing treatment for left hip pain, left hip strain and possible lumbar radiculopathy.",  # CM16-0244053
     {("radiculopathy", None, POS)}),
    ("It was noted that the injured worker denied radiculopathy or paresthesias of the lower extremities.",  # CM17-0003890
     {("radiculopathy", None, A), ("radicular_symptoms", "paresthesia", A)}),
    ("Electromyographic indicators of acute cervical radiculopathy were not seen.",  # CM17-0003284: a normal EMG
     {("radiculopathy", None, A), ("electrodiagnostic_result", "EMG", P)}),
    ("The patient complained of intermittent moderate neck pain that radiated into the arms bilaterally.",  # CM16-0234464
     {("radicular_symptoms", None, P)}),
    ("The injured worker is undergoing treatment for left shoulder labral tear, possible rotator cuff tear and impingement syndrome and left thumb closed distal phalanx fracture.",  # CM16-0233794
     {("tear", "labrum", P), ("tear", "rotator_cuff", POS), ("fracture", None, P)}),
    ("The injured worker was diagnosed as having status post rib fracture T9-10.",  # CM16-0239110
     {("fracture", None, HIST)}),
    ("The patient had limited range of motion of shoulder with no evidence of instability.",  # CM16-0238035
     {("instability", None, A)}),
    ("The current diagnosis is documented as dislocation, shoulder.",  # CM16-0246487
     {("instability", "dislocation", P)}),
    ("Medical record review indicates the injured worker is being treated for left foot pain and rule out complex regional pain syndrome.",  # rule out = possible
     {("crps", None, POS)}),
    ("The treatment plan includes EMG/NCV of lower and upper extremities to confirm and rule out possibility of neuropathy.",  # CM16-0230651
     {("electrodiagnostic_result", "EMG/NCS", H), ("neuropathy", None, H)}),
    ("An electrodiagnostic study dated 11/30/2016 revealed electroneurographic findings indicative of moderate bilateral carpal tunnel syndrome.",  # CM17-0003284
     {("electrodiagnostic_result", "EMG/NCS", P), ("carpal_tunnel_syndrome", None, P)}),
    ("The injured worker was diagnosed as having cervical strain, lumbar strain, lumbar disc protrusion, lumbar degenerative disc disease, bilateral shoulder sprain-strain, severe tendonitis on right lateral epicondyle, and insomnia.",  # CM16-0233904
     {("spondylosis", "degenerative_disc_disease", P), ("insomnia", None, P)}),
    ("The injured worker was diagnosed as having headaches, post-traumatic cephalalgia, cervical spine pain, cervical myofascialgia, anxiety, and depression.",  # CM17-0017734
     {("headache", None, P), ("myofascial_pain", None, P), ("anxiety", None, P), ("depression", None, P)}),
    ("The injured worker currently denied headache, dizziness, or vertigo.",  # CM16-0236906
     {("headache", None, A)}),
    ("Past medical history included migraine headaches since 13 years old (approximately every 6 months) and febrile seizures x2 at 2 years old.",  # CM16-0236906
     {("headache", None, HIST)}),
    ("The submitted and reviewed documentation concluded the worker was suffering from post-laminectomy syndrome, arachnoiditis, lumbar radiculopathy/radiculitis, and lumbar spondylosis.",  # seed letter
     {("post_laminectomy_syndrome", None, P), ("radiculopathy", None, P), ("spondylosis", None, P)}),
    ("A review of the medical records shows the injured worker has had diagnoses of multiple trauma.",  # CM16-0249735
     {("red_flag", "trauma", P)}),
    # --- red flags, neurologic deficits, exam signs
    ("The medical records do not reveal any red flags noted by the treating physician or neurological deficits pertaining to the cervical spine.",  # CM17-0003623
     {("red_flag", None, A), ("neurologic_deficit", None, A)}),
    ("The original utilization review dated 12/23/2016 denied the request for imaging studies due to there was no evidence of red flag conditions or trialed and failed conservative care.",  # CM16-0248698
     {("red_flag", None, A), ("failed_conservative_care", None, A)}),
    ("The injured worker denied tinnitus, ear discharge, nausea, vomiting, dizziness, fevers, abdominal pain, chest pain, shortness of breath of any other symptoms.",  # CM17-0002551
     {("red_flag", "fever", A)}),
    ("There were no neurological deficits in the lower extremities.",  # CM16-0232543
     {("neurologic_deficit", None, A)}),
    ("Sensation to light touch and pinprick were intact from C3-T1 dermatomes bilaterally.",  # CM16-0234464
     {("neurologic_deficit", "sensory", A)}),
    ("Objective findings dated 11-8-16 were notable for cervical spine with restricted range of motion and decreased C5 and C6 dermatome sensation.",  # CM16-0235724
     {("neurologic_deficit", "sensory", P)}),
    ("There was decreased sensation in the L4-S1 distribution.",  # CM16-0248698
     {("neurologic_deficit", "sensory", P)}),
    ("Motor strength was 4/5 in the bilateral lower extremities.",  # CM16-0248698
     {("neurologic_deficit", "motor", P)}),
    ("The injured worker had motor weakness bilaterally.",  # CM16-0237163
     {("neurologic_deficit", "motor", P)}),
    ("The patient had 5/5 motor strength in the upper extremities.",  # CM17-0003284
     {("neurologic_deficit", "motor", A)}),
    ("Straight leg raise examination was positive in bilateral legs.",  # CM16-0230651
     {("positive_exam_sign", "straight_leg_raise", P)}),
    ("Straight leg raise tests were negative.",  # CM17-0021791
     {("positive_exam_sign", "straight_leg_raise", A)}),
    ("There was a negative Neer's test, Hawkins' test, and Speed's test.",  # CM16-0232543
     {("positive_exam_sign", "neer", A), ("positive_exam_sign", "hawkins", A), ("positive_exam_sign", "speed", A)}),
    ("The patient had a negative Spurling's test bilaterally.",  # CM17-0003284
     {("positive_exam_sign", "spurling", A)}),
    ("The patient had a positive Phalen test and Tinel test on the left wrist.",  # CM17-0003284
     {("positive_exam_sign", "phalen", P), ("positive_exam_sign", "tinel", P)}),
    ("Drop arm test was positive.",  # CM16-0233794
     {("positive_exam_sign", "drop_arm", P)}),
    ("There was a positive McMurray's sign, P-F compression and Apley's compression test.",  # CM17-0021126
     {("positive_exam_sign", "mcmurray", P), ("positive_exam_sign", "apley", P)}),
    ("Physical exam noted pain with back flexion and extension, 2+ patellar deep tendon reflexes, left ankle deep tendon reflex 2+, right ankle deep tendon reflex 1+, negative seated straight leg raise, intact sensation, and a slow and hunched gait.",  # CM17-0003917
     {("positive_exam_sign", "straight_leg_raise", A), ("neurologic_deficit", "sensory", A)}),
    ("Documented examinations consistently described decreased sensation following the path of the left L5 spinal nerve, painful movement of the lower back joints, and tender trigger points in the muscles of the lower back.",  # seed letter
     {("neurologic_deficit", "sensory", P), ("trigger_points", None, P)}),
    # --- pain, function, work
    ("Pain was rated 3 out of 10 VAS.",  # CM16-0228949
     {("pain_score", 3.0, P)}),
    ("He rates his pain at 5-7 out of 10 on the pain scale.",  # CM16-0233794: a range gives its top
     {("pain_score", 7.0, P)}),
    ("The patient rated the pain with medication 5/10 and without medication 8/10.",  # CM17-0003284: "without" is not a negation here
     {("pain_score", 5.0, P), ("pain_score", 8.0, P)}),
    ("Physician progress notes dated 10-26-16, reported the injured worker presented with hearing loss over the past year that they attribute to loud noises while working around loud machinery.",  # CM17-0002551
     {("symptom_duration_weeks", 52.0, P)}),
    ("The patient reported that the pain medications helped the patient's functional mobility.",  # CM17-0003284
     {("functional_improvement", None, P), ("treatment_tried", "medication", P)}),
    ("The patient was able to grip with less pain and felt more flexible.",  # CM17-0003619
     {("functional_improvement", None, P)}),
    ("Treatment to date has included chiropractic treatment (under private insurance and without documentation of objective functional improvement) and activity modifications.",  # CM16-0232182
     {("treatment_tried", "chiropractic", P), ("functional_improvement", None, A), ("treatment_tried", "activity_modification", P)}),
    # a worker kept off work shows no functional improvement: the work status says so
    # (review/facts/course.py), not a second fact from the same words
    ("The worker continued on temporary total disability.",  # CM17-0003890
     {("work_status", "temporarily_totally_disabled", P)}),
    ("The injured worker has been instructed to remain off work until 11-24-2016.",  # CM17-0003890
     {("work_status", "off_work", P)}),
    ("On a work status report dated October 14, 2016, the applicant was placed off of work, on total temporary disability.",  # CM16-0219557
     {("work_status", "off_work", P), ("work_status", "temporarily_totally_disabled", P)}),
    ("Per the treating physician's progress report, the IW has not returned to work.",  # CM16-0230548
     {("work_status", "off_work", P)}),
    ("The injured worker is not working.",  # CM16-0233794
     {("work_status", "off_work", P)}),
    ("Current work status is working with modified duties.",  # CM17-0021656: "status" is not "status post"
     {("work_status", "working", P), ("work_status", "modified_duty", P)}),
    ("The injured worker is currently able to return to work with restrictions.",  # CM17-0007300: not yet
     {("work_status", "modified_duty", H)}),
    # --- treatments
    ("Treatments to date include activity modification, anti-inflammatory, and at least five (5) physical therapy sessions.",  # CM16-0228949
     {("treatment_tried", "activity_modification", P), ("treatment_tried", "medication", P), ("treatment_tried", "physical_therapy", P)}),
    ("Treatment to date has included no prior chiropractic therapy and medication management.",  # CM16-0231706
     {("treatment_tried", "chiropractic", A)}),
    ("The injured worker had not started physical therapy yet.",  # CM17-0017688
     {("treatment_tried", "physical_therapy", A)}),
    ("The patient has had 5 physical therapy visits.",  # CM16-0238676
     {("treatment_tried", "physical_therapy", P)}),
    ("She noted trying physical therapy in the past with no improvement.",  # CM17-0007886
     {("treatment_tried", "physical_therapy", HIST)}),
    ("On 01/05/2017, it is noted the patient has had multiple events of apprehension and has not seemed to improve with physical therapy.",  # CM16-0246487: tried, did not help
     {("treatment_tried", "physical_therapy", P)}),
    ("The patient continues to have clicking, popping, and instability of his left shoulder despite physical therapy.",  # CM16-0246487
     {("instability", None, P), ("failed_conservative_care", None, P), ("treatment_tried", "physical_therapy", P)}),
    ("The progress report dated 11-28-2016 indicates that the injured worker reported \"minimal improvement\" despite physical therapy.",  # CM17-0003890
     {("failed_conservative_care", None, P), ("treatment_tried", "physical_therapy", P)}),
    ("The patient was also recommended acupuncture, MRI of the lumbar spine, chiropractic treatment, physical therapy, Ultram 50 mg, naproxen 500 mg, and Flexeril 10 mg.",  # CM16-0230651
     {("treatment_tried", "acupuncture", H), ("prior_imaging", "MRI", H), ("treatment_tried", "chiropractic", H), ("treatment_tried", "physical_therapy", H),
      ("current_medication", "tramadol", H), ("current_medication", "naproxen", H), ("current_medication", "cyclobenzaprine", H)}),
    ("Treatment recommendations included oral pain medications, three trigger point injections, injections of spinal facet joints on both sides, and follow up care.",  # seed letter
     {("treatment_tried", "trigger_point_injection", H), ("treatment_tried", "facet_injection", H)}),
    # --- medications
    ("Current medications included Ketoprofen 50mg as needed every six to eight hours daily.",  # CM16-0228949
     {("current_medication", "ketoprofen", P)}),
    ("The applicant's medication list included Flexeril, Norco, Motrin, and Skelaxin, several of which were renewed and/or continued while the applicant was placed off of work until the next visit.",  # CM16-0219557
     {("current_medication", "cyclobenzaprine", P), ("current_medication", "hydrocodone/acetaminophen", P), ("current_medication", "ibuprofen", P),
      ("current_medication", "metaxalone", P), ("work_status", "off_work", P)}),
    ("Medications included Naproxen and Medrol dose pak.",  # CM16-0242667: a corticosteroid with an NSAID
     {("current_medication", "naproxen", P), ("current_medication", "prednisone", P), ("gi_risk_factor", "corticosteroid", P)}),
    ("The treatment plan by the provider includes \"OxyContin 20mg one tablet every 12 hours to reduce the breakthrough pain if certified by insurance; if not, Percocet 5-325mg 1-2 tablets every 4-6 hours which will also help the pain; follow-up in 2 weeks for further evaluation and treatment.",  # CM16-0239110: "if"
     {("current_medication", "oxycodone", H), ("morphine_equivalent_daily_dose", 60.0, H), ("current_medication", "oxycodone/acetaminophen", H)}),
    ("He has night time anxiety and epigastric pain and is given Protonix for bedtime.",  # CM16-0249726
     {("anxiety", None, P), ("gi_risk_factor", "dyspepsia", P), ("current_medication", "pantoprazole", P)}),
    ("The request for urine drug screen was denied, due to the fact there was no clear indication for long-term medication use for a sprain diagnosis.",  # CM17-0001064
     {("urine_drug_screen", None, H)}),
    # --- studies
    ("A CT of the thoracic spine, dated 10/28/2016, revealed unremarkable thoracic spine CT.",  # CM16-0230651
     {("imaging_result", "CT", P)}),
    ("Diagnostic studies included and MRI of the right shoulder dated 10/27/2016, that revealed tendinitis of the supraspinatus tendon and a small supraspinatus tendon tear as well as degenerative changes in the acromioclavicular joint.",  # CM16-0238035
     {("imaging_result", "MRI", P), ("tear", "rotator_cuff", P)}),
    ("Computerized tomography of the brain was documented as showing a right frontal skull fracture, with no intracranial bleeding or hematoma seen.",  # CM16-0236906
     {("imaging_result", "CT", P), ("fracture", None, P)}),
    ("Treatment to date has included x-rays, physical therapy, and medications.",  # CM16-0239607: done, no result given
     {("prior_imaging", "x-ray", P), ("treatment_tried", "physical_therapy", P), ("treatment_tried", "medication", P)}),
    ("On 11-22-2016 Utilization Review non-certified the request for MRI of the right knee without contrast.",  # CM16-0240434 (date as in CM16-0237163)
     {("prior_imaging", "MRI", H)}),
    ("The original Utilization Review (UR) (12-13-2016) denied a request for magnetic resonance imaging of the cervical spine.",  # CM16-0246624
     {("prior_imaging", "MRI", H)}),
    # --- surgery
    ("The patient's treatment plan included surgery and ancillary services.",  # CM16-0238035
     {("surgical_plan", "surgery", P)}),
    ("The provider notes the injured worker has right shoulder pain, impingement syndrome with posterior labral tear; failing treatment and will likely need surgery if not better.",  # CM17-0011517: "if"
     {("tear", "labrum", P), ("surgical_plan", "surgery", P)}),
    ("The treatment plan included a right shoulder arthroscopy, rotator cuff repair versus debridement, subacromial decompression/acromioplasty, possible proximal biceps tenosynovitis, preoperative labs, medical clearance, postoperative physical, and physical therapy, and Flexeril.",  # CM17-0006797
     {("surgical_plan", "arthroscopy", P), ("surgical_plan", "rotator cuff repair", P), ("surgical_plan", "subacromial decompression", P)}),
    ("Past treatment included medications, diagnostics, lumbar spine surgery ×2 in 2011, and anterior cervical fusion in 2014.",  # CM17-0011703
     {("surgery_done", "surgery", P), ("surgery_done", "cervical fusion", P), ("treatment_tried", "surgery", P)}),
    ("A review of the medical records shows the injured worker has diagnosis that include status post crush injury status post exploratory laparotomy with a colon resection now recovering well.",  # CM16-0249726
     {("surgery_done", "exploratory laparotomy", HIST), ("surgery_done", "colon resection", HIST)}),
]
# fmt: on


def _found(sentence: str) -> set[tuple[str, object, str]]:
    return {(fact.kind, fact.value, fact.assertion.value) for fact in extract(sentence)}


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES, ids=[s[:60] for s, _ in SENTENCES])
def test_finds_the_facts_a_real_sentence_states(
    sentence: str, expected: set[tuple[str, object, str]]
) -> None:
    missing = expected - _found(sentence)
    assert not missing, (
        f"not found: {sorted(missing, key=str)}; found: {sorted(_found(sentence), key=str)}"
    )


def test_the_table_has_at_least_sixty_sentences_with_every_assertion() -> None:
    assert len(SENTENCES) >= 60
    assertions = {assertion for _, expected in SENTENCES for _, _, assertion in expected}
    assert assertions >= {P, A, H, POS, HIST}


# fmt: off
NOT_FACTS: list[tuple[str, tuple[str, object]]] = [
    # an age of something else, not of the worker
    ("Past medical history included migraine headaches since 13 years old (approximately every 6 months) and febrile seizures x2 at 2 years old.", ("age", 13.0)),
    # a date is not a pain score
    ("A report of MRI imaging of the lower back dated 06/10/2014 described a moderate L3 spinal stenosis.", ("pain_score", 6.0)),
    # a strength grade is not a pain score
    ("Objective findings included positive straight leg raise in the bilateral legs, decreased lumbar range of motion and 5 minus out of 5 motor strength.", ("pain_score", 5.0)),
    # named but not said to be positive
    ("Hawkin's and impingement sign was difficult to assess.", ("positive_exam_sign", "hawkins")),
    # trigger finger is a tendon disorder, not a myofascial trigger point
    ("Diagnoses include jammed interphalangeal joint of the finger of the right hand and trigger finger of the right thumb.", ("trigger_points", None)),
    # "work status" is not a surgical status
    ("Work status was regular work on 01-05-2017.", ("surgery_done", None)),
    # "regular duties" in a complaint is not a work status
    ("A physician progress note dated 11-11-2016 documents the injured worker complains of left shoulder pain that is giving him difficulty with regular duties and overhead activities.", ("work_status", "full_duty")),
]
# fmt: on


@pytest.mark.parametrize(("sentence", "fact"), NOT_FACTS, ids=[s[:60] for s, _ in NOT_FACTS])
def test_does_not_find_a_fact_the_sentence_does_not_state(
    sentence: str, fact: tuple[str, object]
) -> None:
    assert fact not in {(found.kind, found.value) for found in extract(sentence)}
