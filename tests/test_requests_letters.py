"""Real requests from the shared Final Determination letters, with their parse checked by hand.

Each row gives only the fields that matter for it; every field not named is left unchecked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from openimr.requests import parse


def _check(text: str, expected: dict[str, Any]) -> None:
    request = parse(text)
    actual = {field: getattr(request, field) for field in expected}
    assert actual == expected, text


SERVICES = [
    # imaging
    ("MRI of the lumbar spine", dict(family="mri", category="imaging")),  # the commonest request
    ("MRI scan of the cervical spine", dict(family="mri", category="imaging")),  # "scan" added
    (  # "single" is no count
        "Single positional MRI of the right hand",
        dict(family="mri", units=None),
    ),
    ("MARS MRI scan of right hip", dict(family="mri")),  # metal artifact reduction sequence
    ("Open MRI of the lumbosacral spine", dict(family="mri")),  # open MRI
    ("MRI (magnetic resonance imaging) of the lumbar spine", dict(family="mri")),  # spelled out too
    (  # spelled out first
        "Magnetic resonance imaging (MRI) of the right shoulder",
        dict(family="mri"),
    ),
    ("MRI/CT of the spine and pelvis", dict(family="mri")),  # two modalities: the first named
    ("Right elbow MRI", dict(family="mri")),  # modality after the body part
    ("CT scan of the head", dict(family="ct", category="imaging")),  # CT
    ("CT scan of abdomen and pelvis with contrast", dict(family="ct")),  # CT with contrast
    ("X-ray of the pelvis", dict(family="x_ray", category="imaging")),  # x-ray
    ("X-rays lumbar spine", dict(family="x_ray")),  # plural, no "of"
    ("Cervical spine x-rays", dict(family="x_ray")),  # x-ray after the body part
    (  # "three phase" is no count
        "Three phase bone scan to the left foot",
        dict(family="bone_scan", units=None),
    ),
    ("Labs to include: Chest X-ray", dict(family="chest_x_ray", category="imaging")),  # not labs
    ("Associated surgical service: Chest x-ray", dict(family="chest_x_ray")),  # pre-op chest film
    # electrodiagnostics
    (  # EMG/NCV
        "EMG/NCV of the lower extremities",
        dict(family="emg_ncs", category="electrodiagnostics"),
    ),
    ("EMG/NCS of the bilateral hand", dict(family="emg_ncs")),  # NCS spelling
    ("NCV/EMG of the bilateral upper extremity", dict(family="emg_ncs")),  # reversed order
    ("Nerve Conduction Studies of the left upper extremity", dict(family="emg_ncs")),  # spelled out
    ("NCS of the left upper extremity", dict(family="emg_ncs")),  # NCS alone
    ("EMG of the right upper extremity", dict(family="emg_ncs")),  # EMG alone
    ("Electroencephalogram", dict(family="eeg", category="electrodiagnostics")),  # EEG spelled out
    # physical medicine
    (  # physical therapy continued
        "Continue physical therapy 3 times a week for 2 weeks",
        dict(family="physical_therapy"),
    ),
    (  # PT named first
        "PT/OT 18 sessions left hand, right lower leg",
        dict(family="physical_therapy"),
    ),
    (  # post-op PT is its own family
        "Post-op physical therapy 2 times a week for 4 weeks",
        dict(family="post_op_physical_therapy"),
    ),
    (  # OT, not PT
        "two occupational therapy sessions for the left wrist and eight occupational therapy sessions for the lumbar spine, left shoulder and left knee",
        dict(family="occupational_therapy"),
    ),
    (  # chiropractic care
        "Chiropractic care to the low back two times a week for four weeks",
        dict(family="chiropractic"),
    ),
    (  # chirophysio is chiropractic
        "Chirophysio therapy two times a week for four weeks for the right elbow and right knee",
        dict(family="chiropractic"),
    ),
    (  # chiro named first
        "Chiropractic physiotherapy treatment 6 visits",
        dict(family="chiropractic"),
    ),
    ("Spinal manipulation 1 times 8", dict(family="chiropractic")),  # manipulation is chiropractic
    (  # the reviewer judged it as manipulation
        "Referral to chiropractor for evaluation of low back pain and left groin pain, twice a week for 3 weeks",
        dict(family="chiropractic"),
    ),
    (  # electro-acupuncture is acupuncture
        "Electro acupuncture to the low back two times a week times six weeks",
        dict(family="acupuncture"),
    ),
    (  # no quantity given
        "Acupuncture treatments (unspecified quantity)",
        dict(family="acupuncture", sessions=None),
    ),
    (  # myofascial release
        "Myofascial release to the low back two times a week times six weeks",
        dict(family="myofascial_release"),
    ),
    (  # infrared heat
        "Infrared heat to the low back two times a week times six weeks",
        dict(family="infrared_heat"),
    ),
    (  # electrical stimulation
        "Electrical stimulation 1 times 8",
        dict(family="electrical_stimulation"),
    ),
    (  # EMS
        "Electrical Muscle Stimulation 2 times a week for 4 weeks",
        dict(family="electrical_stimulation"),
    ),
    ("Ultrasound 1 times 8", dict(family="ultrasound_therapy")),  # therapeutic, in a PT plan
    (  # pulsed ultrasound
        "Pulsed Ultrasound 2 times a week for 4 weeks",
        dict(family="ultrasound_therapy"),
    ),
    ("Spinolator therapy (traction) times 6", dict(family="traction")),  # spinolator is traction
    ("Ice/Heat pads therapy times 6", dict(family="heat_cold_therapy")),  # ice and heat packs
    ("Hot/cold therapy wrap", dict(family="heat_cold_therapy")),  # not a cold therapy unit
    ("Custom touch back heat therapy pad", dict(family="heat_cold_therapy")),  # a heat pad
    ("Unknown shockwave treatments", dict(family="shockwave", sessions=None)),  # no count given
    ("TENS unit", dict(family="tens", category="durable medical equipment")),  # TENS is equipment
    ("Associated surgical service: EMS/TENS unit", dict(family="tens")),  # combined unit is a TENS
    ("Functional capacity evaluation (FCE)", dict(family="functional_capacity_evaluation")),  # FCE
    # injections and surgery
    (  # facet injections
        "Facet joint injections L4-5, L5-S1",
        dict(family="facet_injection", category="injection"),
    ),
    (  # fluoroscopy is how, not what
        "Lumbar Spine Epidural Injection at L4-5 under fluoroscopy",
        dict(family="epidural_steroid_injection"),
    ),
    (  # not a consultation
        "Lumbar epidural steroid injection with pain interventionist consult and treatment",
        dict(family="epidural_steroid_injection"),
    ),
    ("1 platelet rich plasma injection to left foot", dict(family="prp_injection", units=1)),  # PRP
    (  # RCR is the main procedure
        "Right shoulder arthroscopy RCR (rotator cuff repair) and decompression",
        dict(
            family="surgery",
            category="surgery",
            surgery_kind="rotator_cuff_repair",
            procedures=["shoulder_arthroscopy", "rotator_cuff_repair", "subacromial_decompression"],
        ),
    ),
    (  # a Bankart repair
        "Left shoulder arthroscopy with Bankart repair, possible biceps tenodesis",
        dict(
            surgery_kind="bankart_repair",
            procedures=["shoulder_arthroscopy", "bankart_repair", "biceps_tenodesis"],
        ),
    ),
    (  # a SLAP repair
        "Operative arthroscopy, superior labral anterior posterior repair, right shoulder",
        dict(family="surgery", surgery_kind="slap_repair"),
    ),
    (  # five procedures: the repair leads
        "Right shoulder arthroscopy with subacromial decompression, acromioplasty, Mumford, rotator cuff repair and shoulder debridement",
        dict(
            surgery_kind="rotator_cuff_repair",
            procedures=[
                "shoulder_arthroscopy",
                "subacromial_decompression",
                "acromioplasty",
                "distal_clavicle_excision",
                "rotator_cuff_repair",
                "debridement",
            ],
        ),
    ),
    (  # repair vs debridement: the repair leads
        "Right Shoulder Arthroscopy with rotator cuff repair vs debridement, subacromial decompression/acromioplasty and possible proximal biceps tenodynovitis",
        dict(family="surgery", surgery_kind="rotator_cuff_repair"),
    ),
    (  # assistant surgeon
        "Assistant surgeon",
        dict(family="assistant_surgeon", category="associated surgical service"),
    ),
    ("Assistant PA", dict(family="assistant_surgeon")),  # a physician assistant assisting
    ("Medical Clearance", dict(family="preoperative_clearance")),  # clearance
    (  # pre-operative clearance
        "Preoperative Medical Clearance",
        dict(family="preoperative_clearance"),
    ),
    ("Pre-operative EKG", dict(family="ekg")),  # not the clearance
    ("Labs to include: EKG", dict(family="ekg")),  # "labs" is a weak word
    (  # a pre-op lab
        "Pre-operative CBC",
        dict(family="preoperative_labs", category="laboratory and testing"),
    ),
    (  # PT/PTT is a lab, not physical therapy
        "Pre-operative PT/PTT",
        dict(family="preoperative_labs"),
    ),
    (  # chemistry panel
        "Associated surgical service: Labs - Chem panel",
        dict(family="preoperative_labs"),
    ),
    ("Associated surgical service: UA", dict(family="preoperative_labs")),  # urinalysis
    (  # cold therapy unit
        "Associated surgical service: Cold therapy unit",
        dict(family="cold_therapy_unit"),
    ),
    (  # Vascutherm is a cold compression unit
        "Associated surgical service: Vascutherm unit, 14 days rental",
        dict(family="cold_therapy_unit"),
    ),
    (  # cryotherapy unit
        "Associated surgical service: Cryotherapy unit, seven day use",
        dict(family="cold_therapy_unit"),
    ),
    (  # not a pillow
        "Associated surgical service: Shoulder sling with abduction pillow",
        dict(family="sling"),
    ),
    ("Associated surgical service: Slingshot sling", dict(family="sling")),  # Slingshot is a sling
    ("Associated surgical service: Ultrasling", dict(family="sling")),  # Ultrasling
    ("Associated surgical service: Shoulder Brace", dict(family="brace")),  # brace
    ("Associated surgical service: Hip pad", dict(family="dme_other")),  # a pad is other equipment
    (  # wraps are other equipment
        "Associated surgical service: 2 leg wraps",
        dict(family="dme_other", units=2),
    ),
    # equipment
    (  # a back support is a brace
        "Back support",
        dict(family="brace", category="durable medical equipment"),
    ),
    ("Lumbar support", dict(family="brace")),  # lumbar support
    ("Wrist braces #2", dict(family="brace", units=2)),  # #2 of equipment is units
    ("Cervical pillow", dict(family="pillow")),  # cervical pillow
    ("Wedge pillow", dict(family="pillow")),  # wedge pillow
    ("1 knee scooter", dict(family="dme_other", units=1)),  # leading count of equipment
    ("Large gloves", dict(family="dme_other")),  # supplies are other equipment
    ("Hygiene wipes", dict(family="dme_other")),  # wipes
    ("Sit-stand workstation", dict(family="dme_other")),  # workstation
    ("Bilateral hearing aids", dict(family="hearing_aids")),  # hearing aids
    # psychological, evaluation, testing
    (  # psychological testing
        "Comprehensive psychological testing",
        dict(family="psychological_evaluation", category="psychological"),
    ),
    (  # an initial exam is an office visit
        "Initial exam",
        dict(family="office_visit", category="evaluation and consultation"),
    ),
    ("Physical exam 2 times 8", dict(family="office_visit")),  # an exam, though reviewed as PT
    (  # re-exam is a follow-up
        "Re-exam with chiropractor for the lumbar spine flare-up",
        dict(family="follow_up_visit"),
    ),
    (  # not surgery
        "Spine surgery evaluation for the lumbar",
        dict(family="consultation_referral"),
    ),
    (  # specialist evaluation
        "Neurosurgeon evaluation for the Low back/Pelvis",
        dict(family="consultation_referral"),
    ),
    (  # not a medication
        "Medication management consultation",
        dict(family="consultation_referral"),
    ),
    (  # urine test is drug testing
        "Urine Test",
        dict(family="urine_drug_testing", category="laboratory and testing"),
    ),
    ("Urine drug testing", dict(family="urine_drug_testing")),  # urine drug testing
    ("Jamar grip test", dict(family="grip_strength_testing")),  # Jamar dynamometer
    ("Range of motion of test", dict(family="range_of_motion_testing")),  # range of motion testing
    # home health, facility, other
    (  # daily nursing visits
        "Daily RN for 4 weeks for wound care and monitoring of wound healing and home safety, medication management",
        dict(family="home_health", category="home health and facility"),
    ),
    (  # wound care nurse
        "Wound care nurse, 1-2 visits to evaluate right hip incision, treat, and demonstrate treatment",
        dict(family="home_health"),
    ),
    (  # acute rehabilitation unit
        "one week trial of Acute Rehabilitation Unit",
        dict(family="inpatient_rehabilitation"),
    ),
    (  # partial hospitalization
        "Partial Hospitalization day treatment",
        dict(family="partial_hospitalization"),
    ),
    ("Gym membership", dict(family="gym_membership", category="other")),  # gym membership
    (  # transportation
        "Transportation to/from all medical appointments",
        dict(family="transportation"),
    ),
]

WHERE = [
    (  # neck is the cervical spine
        "MRI of neck and right hand without contrast",
        dict(body_parts=["cervical spine", "hand"], laterality="right"),
    ),
    (  # three regions, one side
        "Acupuncture 3 times a week for 2 weeks, neck, right hand and head",
        dict(body_parts=["cervical spine", "hand", "head"], laterality="right"),
    ),
    (  # extremities, no side written
        "EMG/NCV of the upper extremities",
        dict(body_parts=["upper extremity"], laterality=None),
    ),
    (  # capital L
        "MRI of the Left shoulder without contrast",
        dict(body_parts=["shoulder"], laterality="left"),
    ),
    (  # bilateral after the region
        "MRI of the cervical spine bilateral without contrast",
        dict(body_parts=["cervical spine"], laterality="bilateral"),
    ),
    (  # lumbar, and bilateral knees
        "Additional physical therapy two times four visits (8) for the lumbar and bilateral knees",
        dict(body_parts=["lumbar spine", "knee"], laterality="bilateral"),
    ),
    (  # two regions, one side
        "Additional physical therapy three times a week for two weeks of the right hip and foot",
        dict(body_parts=["hip", "foot"], laterality="right"),
    ),
    ("MRI of the lumbar without contrast", dict(body_parts=["lumbar spine"])),  # "lumbar" alone
    ("Open MRI of the lumbosacral spine", dict(body_parts=["lumbar spine"])),  # lumbosacral
    ("MRI/CT of the spine and pelvis", dict(body_parts=["spine", "pelvis"])),  # the whole spine
    (  # "spine" gives way
        "Spine surgery evaluation for the lumbar",
        dict(body_parts=["lumbar spine"]),
    ),
    (  # three spine regions
        "Chirophysio therapy for the cervical spine, thoracic spine, and lumbar spine, 2 sessions",
        dict(body_parts=["cervical spine", "thoracic spine", "lumbar spine"]),
    ),
    (  # spine regions without 'spine'
        "Physical therapy three times a week for two weeks for the cervical, thoracic, and lumbar",
        dict(body_parts=["cervical spine", "thoracic spine", "lumbar spine"]),
    ),
    (  # low back and pelvis
        "Neurosurgeon evaluation for the Low back/Pelvis",
        dict(body_parts=["lumbar spine", "pelvis"]),
    ),
    (  # groin is the hip region
        "Referral to chiropractor for evaluation of low back pain and left groin pain, twice a week for 3 weeks",
        dict(body_parts=["lumbar spine", "hip"], laterality="left"),
    ),
    (  # different sides of different parts
        "PT/OT 18 sessions left hand, right lower leg",
        dict(body_parts=["hand", "lower extremity"], laterality=None),
    ),
    (  # four regions, all left
        "two physical therapy sessions for the lumbar spine, left shoulder and left knee and eight physical therapy sessions for the left wrist",
        dict(body_parts=["lumbar spine", "shoulder", "knee", "wrist"], laterality="left"),
    ),
    (  # wrist/hand: two regions
        "Chiropractic treatment for cervical and lumbar spine, left wrist/hand, 3 times a week for 4 weeks",
        dict(body_parts=["cervical spine", "lumbar spine", "wrist", "hand"], laterality="left"),
    ),
    (  # finger is the hand
        "Two physical therapy visits for the left hand/finger",
        dict(body_parts=["hand"], laterality="left"),
    ),
    (  # three regions, one side
        "Physical therapy treatments for the left shoulder wrist and hip",
        dict(body_parts=["shoulder", "wrist", "hip"], laterality="left"),
    ),
    (  # bilateral upper extremities
        "EMG/NCS of the bilateral upper extremities",
        dict(body_parts=["upper extremity"], laterality="bilateral"),
    ),
    (  # bilateral lower extremities
        "EMG bilateral lower extremities",
        dict(body_parts=["lower extremity"], laterality="bilateral"),
    ),
    ("EMG/NCV of the hip, lumbar", dict(body_parts=["hip", "lumbar spine"])),  # two regions
    ("Left knee MRI without contrast", dict(body_parts=["knee"], laterality="left")),  # side first
    ("Bilateral hearing aids", dict(body_parts=[], laterality="bilateral")),  # a side, no region
    ("Eight physical therapy sessions for the neck", dict(body_parts=["cervical spine"])),  # neck
    (  # low back after the quantity
        "Physical therapy 2 times a week for 6 weeks low back",
        dict(body_parts=["lumbar spine"]),
    ),
    (  # lumbar and cervical
        "Acupuncture of the lumbar and cervical for two sessions",
        dict(body_parts=["lumbar spine", "cervical spine"]),
    ),
    (  # abdomen and pelvis
        "CT scan of abdomen and pelvis with contrast",
        dict(body_parts=["abdomen", "pelvis"]),
    ),
    ("X-rays of the head", dict(body_parts=["head"])),  # head
    (  # thoracic, one x-ray
        "One (1) x-ray of the thoracic spine",
        dict(body_parts=["thoracic spine"], units=1),
    ),
    ("Back support", dict(body_parts=["lumbar spine"])),  # back alone is the low back
    (  # hip incision
        "Wound care nurse, 1-2 visits to evaluate right hip incision, treat, and demonstrate treatment",
        dict(body_parts=["hip"], laterality="right"),
    ),
    (  # two levels
        "Facet joint injections L4-5, L5-S1",
        dict(levels=["L4-5", "L5-S1"], level_count=2),
    ),
    (  # one level
        "Lumbar Spine Epidural Injection at L4-5 under fluoroscopy",
        dict(body_parts=["lumbar spine"], levels=["L4-5"], level_count=1),
    ),
    ("MRI of the lumbar spine", dict(levels=[], level_count=None)),  # no levels named
]

QUANTITIES = [
    (  # N times a week for M weeks
        "Continue physical therapy 3 times a week for 2 weeks",
        dict(sessions=6, frequency_per_week=3, duration_weeks=2),
    ),
    (  # quantity before the regions
        "Acupuncture 3 times a week for 2 weeks, neck, right hand and head",
        dict(sessions=6),
    ),
    (  # words, joined by 'times'
        "Electro acupuncture to the low back two times a week times six weeks",
        dict(sessions=12, frequency_per_week=2, duration_weeks=6),
    ),
    (  # words, joined by 'for'
        "Chiropractic care to the low back two times a week for four weeks",
        dict(sessions=8),
    ),
    ("Physical therapy to the low back two sessions", dict(sessions=2)),  # a count in words
    ("Chiropractic physiotherapy treatment 6 visits", dict(sessions=6)),  # visits
    (  # N times M
        "Physical exam 2 times 8",
        dict(sessions=16, frequency_per_week=2, duration_weeks=8),
    ),
    (  # 1 times 8 is 8
        "Spinal manipulation 1 times 8",
        dict(sessions=8, frequency_per_week=1, duration_weeks=8),
    ),
    (  # twice
        "Referral to chiropractor for evaluation of low back pain and left groin pain, twice a week for 3 weeks",
        dict(sessions=6, frequency_per_week=2),
    ),
    (  # a frequency range gives a range
        "Physical therapy 2-3 times a week for 6 weeks",
        dict(sessions=None, sessions_range=(12, 18), frequency_per_week=None, duration_weeks=6),
    ),
    (  # two times four, with (8)
        "Additional physical therapy two times four visits (8) for the lumbar and bilateral knees",
        dict(sessions=8),
    ),
    ("Post-op physical therapy 2 times a week for 4 weeks", dict(sessions=8)),  # post-op 2 x 4
    (  # a 30-day rental
        "Associated surgical service: Cold compression therapy 30 day rental",
        dict(duration_days=30, rental=True, purchase=False),
    ),
    (  # purchase
        "Associated surgical service: Shoulder wrap for purchase",
        dict(purchase=True, rental=False),
    ),
    (  # three times two
        "Additional physical therapy three times a week for two weeks of the right hip and foot",
        dict(sessions=6),
    ),
    (  # times N
        "Chiropractic spinal manipulation times 6",
        dict(sessions=6, frequency_per_week=None),
    ),
    ("Electrical stimulation times 6", dict(sessions=6)),  # times N
    ("Spinolator therapy (traction) times 6", dict(sessions=6)),  # times N
    ("Ice/Heat pads therapy times 6", dict(sessions=6)),  # times N
    (  # two times three
        "Physical therapy two times a week for three weeks for lumbar",
        dict(sessions=6),
    ),
    ("Three sessions of physical therapy of the right knee", dict(sessions=3)),  # count first
    ("Acupuncture therapy sessions lumbar spine #6", dict(sessions=6)),  # #N for a therapy
    (  # a count after the regions
        "Chirophysio therapy for the cervical spine, thoracic spine, and lumbar spine, 2 sessions",
        dict(sessions=2),
    ),
    (  # quantity after the region
        "Additional physical therapy lumbar spine two times a week for three weeks",
        dict(sessions=6),
    ),
    (  # times 12 after the lead
        "Associated surgical service: Physical therapy, times 12",
        dict(family="physical_therapy", sessions=12),
    ),
    (  # one week, no frequency
        "Associated surgical service: Cold therapy for one week",
        dict(duration_weeks=1, frequency_per_week=None),
    ),
    ("Wrist braces #2", dict(units=2, sessions=None)),  # #N for equipment is units
    ("Elbow braces #2", dict(units=2)),  # #2 of equipment is units
    ("Acupuncture 12 sessions", dict(sessions=12)),  # N sessions
    ("NCV bilateral lower extremities QTY: 2", dict(units=2)),  # QTY
    (  # daily is seven a week
        "Daily RN for 4 weeks for wound care and monitoring of wound healing and home safety, medication management",
        dict(frequency_per_week=7, duration_weeks=4, sessions=28),
    ),
    (  # hours per day are no sessions
        "Home aide 6 hours per day, 5 times a week for 4 weeks to assist with mobility, transfer, ADL's and safety in the home when wife is working",
        dict(sessions=20, frequency_per_week=5, duration_weeks=4),
    ),
    (  # the counts add up
        "two physical therapy sessions for the lumbar spine, left shoulder and left knee and eight physical therapy sessions for the left wrist",
        dict(sessions=10),
    ),
    (  # the count and the plan agree
        "Physical therapy 6 sessions 2 times a week for 3 weeks to the lumbar and cervical spine",
        dict(sessions=6, frequency_per_week=2, duration_weeks=3),
    ),
    (  # quantity after the regions
        "Chiropractic treatment for cervical and lumbar spine, left wrist/hand, 3 times a week for 4 weeks",
        dict(sessions=12),
    ),
    ("Eight (8) physical therapy sessions", dict(sessions=8)),  # word and figure: once
    (  # a range of visits
        "Wound care nurse, 1-2 visits to evaluate right hip incision, treat, and demonstrate treatment",
        dict(sessions=None, sessions_range=(1, 2)),
    ),
    (  # a week is no frequency
        "one week trial of Acute Rehabilitation Unit",
        dict(duration_weeks=1, frequency_per_week=None),
    ),
    (  # count in words after ';'
        "Chiropractic care for the low back; six sessions",
        dict(sessions=6),
    ),
    (  # visits per week
        "Physical therapy additional 3 visits per week for 2 weeks",
        dict(sessions=6, frequency_per_week=3),
    ),
    (  # spinal manipulation 2 x 4
        "Spinal manipulation therapy 2 times a week for 4 weeks",
        dict(sessions=8),
    ),
    (  # days rental
        "Associated surgical service: Vascutherm unit, 14 days rental",
        dict(duration_days=14, rental=True),
    ),
    (  # seven day use, not rented
        "Associated surgical service: Cryotherapy unit, seven day use",
        dict(duration_days=7, rental=False),
    ),
    (  # count after
        "Associated surgical service: Physical Therapy sessions, 12",
        dict(sessions=12),
    ),
    ("PT/OT 18 sessions left hand, right lower leg", dict(sessions=18)),  # PT/OT count
    ("Acupuncture for 2 sessions", dict(sessions=2)),  # for N sessions
    (  # count with a frequency
        "Twelve physical therapy sessions, three times weekly, for the right elbow",
        dict(sessions=12, frequency_per_week=3, duration_weeks=None),
    ),
    (  # for 1 week, singular
        "Physical therapy right knee 3 times a week for 1 week",
        dict(sessions=3, duration_weeks=1),
    ),
    (  # words, joined by 'times'
        "Acupuncture for the cervical and thoracic spine two times a week times three weeks",
        dict(sessions=6),
    ),
    ("Physical therapy 1 times 6 for the head", dict(sessions=6)),  # 1 times 6
    ("Additional physical therapy three times a week over two weeks", dict(sessions=6)),  # "over"
    ("2 sessions of physical therapy", dict(sessions=2)),  # count first
    ("three physical therapy visits for the right shoulder", dict(sessions=3)),  # count in words
    ("Twelve physical therapy visits for the Cervical Spine", dict(sessions=12)),  # twelve visits
    (  # a range of sessions
        "Post-op physical therapy 12-18 sessions",
        dict(sessions=None, sessions_range=(12, 18)),
    ),
    (  # 2 x 6 then region
        "Physical therapy 2 times a week for 6 weeks low back",
        dict(sessions=12),
    ),
    ("One (1) x-ray of the lumbar spine", dict(units=1)),  # one x-ray
    ("1 knee scooter", dict(units=1)),  # one scooter
    ("MRI of the lumbar spine", dict(sessions=None, units=None, duration_days=None)),  # no quantity
]

DRUGS = [
    (  # Ultram is tramadol
        "Ultram 50mg #30",
        dict(
            family="opioid",
            category="medication",
            drug="tramadol",
            brand="Ultram",
            drug_class="opioid",
            strength="50 mg",
            quantity=30,
        ),
    ),
    (  # Flexeril is cyclobenzaprine
        "Flexeril 10mg #60",
        dict(
            family="muscle_relaxant",
            drug="cyclobenzaprine",
            brand="Flexeril",
            strength="10 mg",
            quantity=60,
        ),
    ),
    (  # Norflex is orphenadrine
        "Norflex 100mg #60",
        dict(family="muscle_relaxant", drug="orphenadrine", brand="Norflex"),
    ),
    (  # no quantity
        "Pepcid 20mg",
        dict(family="h2_blocker", drug="famotidine", strength="20 mg", quantity=None),
    ),
    (  # a generic, no brand
        "Baclofen 100mg #3",
        dict(family="muscle_relaxant", drug="baclofen", brand=None, quantity=3),
    ),
    (  # ER is extended release
        "Diclofenac ER 100mg #60",
        dict(family="nsaid", drug="diclofenac", extended_release=True, strength="100 mg"),
    ),
    (  # decimal strength
        "Cyclobenzaprine 7.5mg #27",
        dict(drug="cyclobenzaprine", strength="7.5 mg", quantity=27),
    ),
    (  # ointment, fractional grams
        "Lidocaine ointment 5% 106.32gm",
        dict(
            family="topical_analgesic",
            drug="lidocaine",
            form="ointment",
            strength="5%",
            quantity=106.32,
            quantity_unit="g",
        ),
    ),
    (  # day supply
        "Oxycodone HCL ER 20mg #60 day supply: 30",
        dict(
            family="opioid",
            drug="oxycodone",
            strength="20 mg",
            quantity=60,
            days_supply=30,
            extended_release=True,
        ),
    ),
    (  # gel with sig, grams and refill
        "Voltaren gel apply to affected area 4 times a day, #60 grams with 1 refill, DOS: 11/11/2016",
        dict(
            family="topical_analgesic",
            drug="diclofenac",
            brand="Voltaren",
            form="gel",
            quantity=60,
            quantity_unit="g",
            refills=1,
            sig="apply to affected area 4 times a day",
        ),
    ),
    (  # Lidoderm patch with sig and box
        "Lidoderm patch, 12 hours on 12 hours off to affected area, #1 box with 1 refill, DOS: 11/11/2016",
        dict(
            family="lidocaine_patch",
            drug="lidocaine",
            brand="Lidoderm",
            form="patch",
            quantity=1,
            quantity_unit="box",
            refills=1,
            sig="12 hours on 12 hours off to affected area",
        ),
    ),
    ("Etodolac", dict(family="nsaid", drug="etodolac", drug_class="nsaid")),  # a bare NSAID
    (  # lidocaine patch family
        "Lidocaine patch",
        dict(family="lidocaine_patch", drug="lidocaine", form="patch"),
    ),
    ("Omeprazole", dict(family="proton_pump_inhibitor", drug="omeprazole")),  # a bare PPI
    (  # a bare muscle relaxant
        "Cyclobenzaprine",
        dict(family="muscle_relaxant", drug="cyclobenzaprine"),
    ),
    (  # Flector patch is topical
        "Flector 1.3% transdermal patch",
        dict(
            family="topical_analgesic",
            drug="diclofenac",
            brand="Flector",
            strength="1.3%",
            form="patch",
        ),
    ),
    (  # post-op opioid
        "Post-op Percocet 5/325mg",
        dict(
            family="opioid", drug="oxycodone/acetaminophen", brand="Percocet", strength="5/325 mg"
        ),
    ),
    (  # post-op antiemetic
        "Post-op Zofran",
        dict(family="antiemetic", drug="ondansetron", brand="Zofran"),
    ),
    (  # tabs, ER
        "Orphenadrine Citrate ER 100mg tabs #30",
        dict(
            family="muscle_relaxant",
            drug="orphenadrine",
            form="tablet",
            extended_release=True,
            quantity=30,
        ),
    ),
    (  # lidocaine patch with strength
        "Lidocaine 5% patch #1",
        dict(family="lidocaine_patch", strength="5%", quantity=1),
    ),
    (  # form, sig, days and count
        "Norco 5/325mg oral tablet, one tablet twice daily 14 days #40",
        dict(
            family="opioid",
            drug="hydrocodone/acetaminophen",
            brand="Norco",
            strength="5/325 mg",
            form="tablet",
            sig="one tablet twice daily",
            days_supply=14,
            quantity=40,
        ),
    ),
    (  # retrospective generic
        "Retrospective Cyclobenzaprine 5mg tab #30 DOS: 11/14/16",
        dict(family="muscle_relaxant", strength="5 mg", form="tablet", quantity=30),
    ),
    (  # a compounding kit of ranitidine, judged under "Compound drugs"
        "Deprizine (unknown quantity)",
        dict(
            family="compounded_oral", drug="ranitidine", drug_class="h2_blocker", brand="Deprizine"
        ),
    ),
    (  # a compounding kit of gabapentin
        "Fanatrex (unknown quantity)",
        dict(family="compounded_oral", drug="gabapentin", drug_class="anticonvulsant"),
    ),
    (  # a compounding kit of tramadol
        "Synapryn (unknown quantity)",
        dict(family="compounded_oral", drug="tramadol", drug_class="opioid"),
    ),
    (  # a compounding kit of cyclobenzaprine
        "Tabradol (unknown quantity)",
        dict(family="compounded_oral", drug="cyclobenzaprine", drug_class="muscle_relaxant"),
    ),
    (  # a compounding kit of diphenhydramine
        "Dicopanol (unknown quantity)",
        dict(family="compounded_oral", drug="diphenhydramine", drug_class="sleep_aid"),
    ),
    (  # compounded cream
        "Ketophene (unknown quantity)",
        dict(family="compounded_topical", drug="ketoprofen"),
    ),
    (  # one drug in cream base is compounded
        "Ketoprofen 20% in cream base 240g",
        dict(
            family="compounded_topical",
            drug="ketoprofen",
            strength="20%",
            quantity=240,
            quantity_unit="g",
            ingredients=[("ketoprofen", 20.0)],
        ),
    ),
    (  # cyclobenzaprine cream is compounded
        "Cyclobenzaprine 5% in cream base 240g",
        dict(
            family="compounded_topical",
            drug="cyclobenzaprine",
            ingredients=[("cyclobenzaprine", 5.0)],
        ),
    ),
    (  # HCL is no part of the name
        "Bupropion HCL 150mg #90",
        dict(family="antidepressant", drug="bupropion", strength="150 mg", quantity=90),
    ),
    (  # Prilosec is omeprazole
        "Prilosec 20mg #90",
        dict(family="proton_pump_inhibitor", drug="omeprazole", brand="Prilosec"),
    ),
    (  # sodium salt
        "Pantoprazole sodium 20mg #60",
        dict(family="proton_pump_inhibitor", drug="pantoprazole", quantity=60),
    ),
    ("Celecoxib 200mg #90", dict(family="nsaid", drug="celecoxib", strength="200 mg")),  # celecoxib
    (  # ER antidepressant
        "Venlafaxine HCL ER 37.5mg #90",
        dict(
            family="antidepressant", drug="venlafaxine", strength="37.5 mg", extended_release=True
        ),
    ),
    (  # five-ingredient compound
        "Flurbiprofen 20%, Baclofen 5%, Dexamethasone 2%, Menthol 2%, Capsaicin 0.025% in cream base",
        dict(
            family="compounded_topical",
            drug="flurbiprofen/baclofen/dexamethasone/menthol/capsaicin",
            drug_class=None,
            strength=None,
            ingredients=[
                ("flurbiprofen", 20.0),
                ("baclofen", 5.0),
                ("dexamethasone", 2.0),
                ("menthol", 2.0),
                ("capsaicin", 0.025),
            ],
        ),
    ),
    (  # three-ingredient compound
        "Gabapentin 10%, Cyclobenzaprine 6%, Bupivacaine 5% in cream base",
        dict(
            family="compounded_topical",
            ingredients=[("gabapentin", 10.0), ("cyclobenzaprine", 6.0), ("bupivacaine", 5.0)],
        ),
    ),
    (  # ingredient without a percent
        "One container of Flurbiprofen 10%, Cyclobenzaprine 3%, Gabapentin 6%, Lidocaine 5%/Dextromethorphan",
        dict(
            family="compounded_topical",
            quantity=1,
            quantity_unit="container",
            ingredients=[
                ("flurbiprofen", 10.0),
                ("cyclobenzaprine", 3.0),
                ("gabapentin", 6.0),
                ("lidocaine", 5.0),
                ("dextromethorphan", None),
            ],
        ),
    ),
    (  # one month is 30 days
        "one month supply of Trezix capsule 30.5/30/16mg",
        dict(
            family="opioid",
            drug="acetaminophen/caffeine/dihydrocodeine",
            brand="Trezix",
            strength="30.5/30/16 mg",
            form="capsule",
            days_supply=30,
        ),
    ),
    (  # count after a comma
        "Nortriptyline HCL 25mg, #30",
        dict(family="antidepressant", drug="nortriptyline", quantity=30),
    ),
    (  # retrospective H2 blocker
        "Retrospective Famotidine 20mg #60, per 12/07/2016 order",
        dict(family="h2_blocker", drug="famotidine", quantity=60),
    ),
    (  # Lidopro: three percentages
        "Retrospective Lidopro 4%-27.5%-0.0325% 121gm #1, per 12/07/2016 order",
        dict(
            family="topical_analgesic",
            brand="Lidopro",
            strength="4%/27.5%/0.0325%",
            quantity=1,
            amount="121 g",
        ),
    ),
    (  # oral Voltaren
        "Three refills of Voltaren 75mg #60",
        dict(family="nsaid", drug="diclofenac", refills=3, quantity=60),
    ),
    (  # Ultram ER
        "Ultram ER 100mg #60",
        dict(family="opioid", drug="tramadol", extended_release=True),
    ),
    (  # Fioricet
        "Fioricet #120",
        dict(
            family="barbiturate_analgesic", drug="butalbital/acetaminophen/caffeine", quantity=120
        ),
    ),
    ("Naproxen 500mg #60", dict(family="nsaid", drug="naproxen", strength="500 mg")),  # naproxen
    (  # compound, two without percents
        "Dextromethorphan 5%/Amitriptyline 5%/Lidocaine/Capsaicin 0.025%, 120grams #1",
        dict(
            family="compounded_topical",
            quantity=1,
            amount="120 g",
            ingredients=[
                ("dextromethorphan", 5.0),
                ("amitriptyline", 5.0),
                ("lidocaine", None),
                ("capsaicin", 0.025),
            ],
        ),
    ),
    (  # three-ingredient compound
        "Flurbiprofen 10%/Dextromethorphan 5%/Lidocaine 5%, 120grams #1",
        dict(family="compounded_topical", drug="flurbiprofen/dextromethorphan/lidocaine"),
    ),
    (  # oral suspension in ml; the letter judged it as an opioid, its drug_class
        "Synapryn (10mg/1ml oral suspension) 500ml",
        dict(
            family="compounded_oral",
            drug_class="opioid",
            drug="tramadol",
            strength="10 mg/1 ml",
            form="suspension",
            quantity=500,
            quantity_unit="ml",
        ),
    ),
    (  # Cyclophene is compounded
        "Cyclophene 5% cream 111.2 grams",
        dict(
            family="compounded_topical",
            drug="cyclobenzaprine",
            form="cream",
            quantity=111.2,
            quantity_unit="g",
        ),
    ),
    (  # Ketophene in grams
        "Ketophene 20% cream, 167 grams",
        dict(family="compounded_topical", strength="20%", quantity=167),
    ),
    (  # 'Compound' says so
        "Compound Cyclobenzaprine 5%, 240 grams",
        dict(family="compounded_topical", drug="cyclobenzaprine", quantity=240),
    ),
    (  # 'Compound' ketoprofen
        "Compound Ketoprofen 20%, 240 grams",
        dict(family="compounded_topical", drug="ketoprofen", drug_class="nsaid"),
    ),
    (  # delayed, not extended
        "Pantoprazole sod DR 20mg #60",
        dict(family="proton_pump_inhibitor", extended_release=False),
    ),
    (  # Prevacid is lansoprazole
        "Prevacid 15mg #30",
        dict(family="proton_pump_inhibitor", drug="lansoprazole", brand="Prevacid"),
    ),
    (  # generic tramadol
        "Tramadol 50mg #60",
        dict(family="opioid", drug="tramadol", brand=None, quantity=60),
    ),
    (  # 7.5-325 is 7.5/325
        "Norco 7.5-325mg #112",
        dict(drug="hydrocodone/acetaminophen", strength="7.5/325 mg", quantity=112),
    ),
    (  # generic with brand in brackets
        "Meloxicam (Mobic) 7.5mg #30",
        dict(family="nsaid", drug="meloxicam", brand="Mobic", strength="7.5 mg"),
    ),
]

WHEN_AND_LEAD = [
    (  # two-digit year
        "Retrospective Cyclobenzaprine 5mg tab #30 DOS: 11/14/16",
        dict(retrospective=True, date_of_service=dt.date(2016, 11, 14)),
    ),
    (  # a DOS makes it retrospective
        "Voltaren gel apply to affected area 4 times a day, #60 grams with 1 refill, DOS: 11/11/2016",
        dict(retrospective=True, date_of_service=dt.date(2016, 11, 11)),
    ),
    (  # DOS in brackets
        "Retrospective CT scan of the cervical spine (DOS 11/18/16)",
        dict(family="ct", retrospective=True, date_of_service=dt.date(2016, 11, 18)),
    ),
    (  # the date is no quantity
        "Retrospective Cyclobenzaprine 7.5mg #18, per 12/07/2016 order",
        dict(retrospective=True, date_of_service=dt.date(2016, 12, 7), quantity=18),
    ),
    ("Ultram 50mg #30", dict(retrospective=False, date_of_service=None)),  # prospective
    (  # the lead sets the category
        "Associated surgical service: Shoulder Brace",
        dict(
            associated_surgical_service=True, category="associated surgical service", family="brace"
        ),
    ),
    (  # clearance as associated
        "Associated surgical service: Medical clearance",
        dict(associated_surgical_service=True, family="preoperative_clearance"),
    ),
    (  # EKG as associated
        "Associated surgical service: EKG",
        dict(associated_surgical_service=True, family="ekg"),
    ),
    (  # labs as associated
        "Associated surgical service: Labs - CBC",
        dict(associated_surgical_service=True, family="preoperative_labs"),
    ),
    (  # Arc sling as associated
        "Associated surgical service: Arc sling",
        dict(associated_surgical_service=True, family="sling"),
    ),
    (  # no lead
        "Medical Clearance",
        dict(associated_surgical_service=False, category="evaluation and consultation"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), SERVICES)
def test_names_the_service_family_of_real_requests(text: str, expected: dict[str, Any]) -> None:
    _check(text, expected)


@pytest.mark.parametrize(("text", "expected"), WHERE)
def test_finds_body_parts_side_and_levels_of_real_requests(
    text: str, expected: dict[str, Any]
) -> None:
    _check(text, expected)


@pytest.mark.parametrize(("text", "expected"), QUANTITIES)
def test_reads_the_quantity_of_real_requests(text: str, expected: dict[str, Any]) -> None:
    _check(text, expected)


@pytest.mark.parametrize(("text", "expected"), DRUGS)
def test_reads_the_drug_of_real_requests(text: str, expected: dict[str, Any]) -> None:
    _check(text, expected)


@pytest.mark.parametrize(("text", "expected"), WHEN_AND_LEAD)
def test_reads_dates_and_the_associated_surgical_lead(text: str, expected: dict[str, Any]) -> None:
    _check(text, expected)


def test_the_table_holds_at_least_150_distinct_real_requests() -> None:
    texts = {
        text for table in (SERVICES, WHERE, QUANTITIES, DRUGS, WHEN_AND_LEAD) for text, _ in table
    }
    assert len(texts) >= 150
