"""Behaviours of ``parse`` beyond the letters' own requests: the forms the brief and the guidelines
use, the partial-authorization sentence, and the Request model itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pydantic
import pytest

from openimr.requests import Request, parse


def _check(text: str, expected: dict[str, Any]) -> None:
    request = parse(text)
    assert {field: getattr(request, field) for field in expected} == expected, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Physical therapy 2 times a week for 4 weeks", dict(sessions=8)),  # the plain form
        ("PT 2x4", dict(sessions=8, frequency_per_week=2, duration_weeks=4)),  # N x M, no spaces
        ("Physical therapy two times a week times six weeks", dict(sessions=12)),  # words, "times"
        ("Physical therapy #6 sessions", dict(sessions=6)),  # "#N sessions"
        ("Acupuncture x 3", dict(sessions=3)),  # "x N"
        ("PT (8 sessions)", dict(sessions=8)),  # count in brackets
        ("Massage therapy 2x/wk x 3 wks", dict(sessions=6)),  # abbreviated week
        ("Physical therapy 3/week for 4 weeks", dict(sessions=12)),  # N/week
        ("Aquatic therapy twice weekly for 6 weeks", dict(sessions=12, frequency_per_week=2)),
        (
            "Physical therapy two to three times a week for six to eight weeks",
            dict(sessions=None, sessions_range=(12, 24)),
        ),
        (
            "Synvisc injection right knee series of 3",
            dict(family="joint_injection", units=3),
        ),  # series
        ("Functional restoration program x 80 hours", dict(sessions=None)),  # hours are no sessions
        ("TENS unit 30 day rental", dict(family="tens", duration_days=30, rental=True)),
        ("H-wave unit purchase", dict(family="h_wave", purchase=True, rental=False)),
    ],
)
def test_reads_quantities_in_every_written_form(text: str, expected: dict[str, Any]) -> None:
    _check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Knee brace (B)", dict(laterality="bilateral")),  # (B) is both sides
        ("X-rays of both knees", dict(laterality="bilateral", body_parts=["knee"])),
        ("left and right knee x-rays", dict(laterality="bilateral")),  # both sides of one part
        ("x-ray R knee", dict(laterality="right")),  # a one-letter side before a body part
        ("MRI rt shoulder", dict(laterality="right")),
        ("Lumbar ESI L4-L5 and L5-S1 bilateral", dict(levels=["L4-5", "L5-S1"], level_count=2)),
        ("Radiofrequency ablation bilateral L3-L5", dict(levels=["L3-4", "L4-5"], level_count=2)),
        (
            "Cervical fusion C5-C6 and C6-7",
            dict(levels=["C5-6", "C6-7"], surgery_kind="spinal_fusion"),
        ),
        ("Two level lumbar fusion", dict(levels=[], level_count=2)),  # counted, not named
        ("L4-5 facet injection", dict(laterality=None)),  # L of L4 is no side
    ],
)
def test_reads_sides_and_levels(text: str, expected: dict[str, Any]) -> None:
    _check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gabapentin 600mg #90 with 2 refills", dict(refills=2, quantity=90)),
        ("Tizanidine 4mg #30, 30 day supply", dict(days_supply=30)),
        (
            "Percocet 10/325 mg 1 tablet every 6 hours as needed for pain #120",
            dict(strength="10/325 mg", sig="1 tablet every 6 hours as needed for pain"),
        ),
        (
            "Hydrocodone/APAP 10/325mg #90",
            dict(drug="hydrocodone/acetaminophen", brand=None, family="opioid"),
        ),
        (
            "Butrans 10mcg/hr patch #4",
            dict(family="opioid", strength="10 mcg/hr", form="patch"),
        ),  # an opioid patch is no topical analgesic
        ("Voltaren gel 1%", dict(family="topical_analgesic", strength="1%")),
        ("Gabapentin cream", dict(family="compounded_topical")),  # only made by compounding
        ("Xanax 1mg #60", dict(family="benzodiazepine", drug="alprazolam")),
        ("Theramine #120", dict(family="medical_food", quantity=120)),
        (
            "Trigger point injection with lidocaine",
            dict(family="trigger_point_injection", drug=None),
        ),
        ("Naproxen 500mg #60 no refills", dict(refills=0)),
        ("Lidocaine injection", dict(family="other_medication", form="injection")),  # not topical
        ("Lidocaine 5%", dict(family="topical_analgesic")),  # a percentage is a topical strength
        ("Menthoderm gel", dict(family="topical_analgesic", drug="methyl salicylate/menthol")),
        ("Genicin", dict(family="medical_food", drug="glucosamine")),  # glucosamine capsules
        ("Compounded gabapentin oral suspension", dict(family="compounded_oral")),  # by its form
        ("Vitamin D 50000 IU", dict(family="other_medication", drug="vitamin d")),
    ],
)
def test_reads_drug_fields(text: str, expected: dict[str, Any]) -> None:
    _check(text, expected)


def test_reads_the_remaining_portion_of_a_partial_authorization() -> None:
    request = parse(
        "Physical therapy to the low back eight sessions was the original request. Physical "
        "therapy to the low back six sessions was authorized by the Claims Administrator. The "
        "remaining IMR eligible portion of the original request, Physical therapy to the low back "
        "two sessions is"
    )
    assert request.sessions == 2
    assert request.original_request == "Physical therapy to the low back eight sessions"
    assert request.authorized == "Physical therapy to the low back six sessions"


def test_an_impossible_date_of_service_is_left_out() -> None:
    request = parse("Retrospective MRI of the knee DOS: 13/45/2016")
    assert request.retrospective
    assert request.date_of_service is None


def test_a_date_of_service_is_no_quantity() -> None:
    request = parse("Physical therapy 6 sessions DOS 11/14/16")
    assert (request.sessions, request.date_of_service) == (6, dt.date(2016, 11, 14))


@pytest.mark.parametrize(
    "text",
    [
        "",  # nothing
        "   ",  # blanks
        "Request for authorization",  # words, no service
        "1234",  # a bare number
    ],
)
def test_text_naming_no_service_is_unknown_and_other(text: str) -> None:
    request = parse(text)
    assert (request.family, request.category) == ("unknown", "other")


def test_a_request_is_frozen_and_refuses_unknown_fields() -> None:
    request = parse("MRI of the lumbar spine")
    with pytest.raises(pydantic.ValidationError):
        request.family = "ct"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        Request(text="MRI", colour="red")  # type: ignore[call-arg]


def test_a_request_round_trips_through_json() -> None:
    request = parse("Retrospective Norco 10/325mg #90 with 1 refill DOS: 11/11/2016")
    assert Request.model_validate_json(request.model_dump_json()) == request


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Opioid weaning program", "detoxification"),  # not an opioid request
        ("Bone density scan", "bone_density_scan"),
        ("Ergonomic evaluation", "ergonomic_evaluation"),
        ("QFCE", "functional_capacity_evaluation"),  # quantified FCE
        ("Cortisone injection ultrasound guided", "joint_injection"),  # guidance ignored
        ("Spinal cord stimulator trial", "spinal_cord_stimulator"),
        ("Right carpal tunnel release", "surgery"),
        ("Pain management consultation", "consultation_referral"),
        ("Post-op CPM 21 days", "continuous_passive_motion"),
    ],
)
def test_names_families_the_letters_do_not_use(text: str, family: str) -> None:
    assert parse(text).family == family


@pytest.mark.parametrize(
    ("text", "kind", "regions"),
    [
        ("Right knee arthroscopy", "knee_arthroscopy", ["knee"]),
        (  # the meniscectomy leads the arthroscopy
            "Left knee arthroscopy with partial medial meniscectomy",
            "meniscectomy",
            ["knee"],
        ),
        ("Knee arthroscopic chondroplasty", "chondroplasty", ["knee"]),
        ("Right TKA", "total_knee_arthroplasty", ["knee"]),  # region implied
        ("Left total knee replacement", "total_knee_arthroplasty", ["knee"]),
        ("Right THA", "total_hip_arthroplasty", ["hip"]),
        ("Left total hip arthroplasty", "total_hip_arthroplasty", ["hip"]),
        ("Right CTR", "carpal_tunnel_release", ["wrist"]),
        ("L4-5 microdiscectomy", "discectomy", ["lumbar spine"]),
        ("Lumbar laminectomy", "laminectomy", ["lumbar spine"]),
        ("L4-5 decompression", "lumbar_decompression", ["lumbar spine"]),
        ("L4-S1 posterior lumbar fusion", "spinal_fusion", ["lumbar spine"]),
        ("ACDF C5-6", "spinal_fusion", ["cervical spine"]),
        (
            "Right shoulder arthroscopy",
            "shoulder_arthroscopy",
            ["shoulder"],
        ),
        (
            "Left shoulder arthroscopic subacromial decompression",
            "subacromial_decompression",
            ["shoulder"],
        ),
        ("Right shoulder RCR", "rotator_cuff_repair", ["shoulder"]),
        (
            "Left ankle arthroscopy",
            "ankle_arthroscopy",
            ["ankle"],
        ),
    ],
)
def test_names_the_kind_of_the_common_surgeries(text: str, kind: str, regions: list[str]) -> None:
    request = parse(text)
    assert (request.family, request.category, request.surgery_kind) == ("surgery", "surgery", kind)
    assert request.body_parts == regions
    assert request.perioperative is None


@pytest.mark.parametrize(
    ("text", "family", "phase", "for_surgery"),
    [
        # recognised by what they are, with no lead
        ("Pre-operative labs: CBC, BMP", "preoperative_labs", "pre-operative", None),
        ("Pre-op EKG", "ekg", "pre-operative", None),
        ("Chest x-ray prior to the lumbar fusion", "chest_x_ray", "pre-operative", "spinal_fusion"),
        ("Medical clearance", "preoperative_clearance", "pre-operative", None),  # only for surgery
        (
            "Internal medicine clearance for right TKA",
            "preoperative_clearance",
            "pre-operative",
            "total_knee_arthroplasty",
        ),
        ("Assistant surgeon", "assistant_surgeon", "intra-operative", None),
        ("Post-op Percocet 5/325mg #40", "opioid", "post-operative", None),
        ("Keflex 500mg #28 post-operatively", "antibiotic", "post-operative", None),
        (
            "Cold therapy unit after right knee arthroscopy",
            "cold_therapy_unit",
            "post-operative",
            "knee_arthroscopy",
        ),
        ("CPM for 21 days", "continuous_passive_motion", "post-operative", None),
        ("Hinged knee brace post-op", "brace", "post-operative", None),
        ("Crutches following the knee surgery", "crutches_walker", "post-operative", "surgery"),
        ("Ultrasling", "sling", None, None),  # a sling alone may be for an injury
        (
            "Post-operative physical therapy after right knee arthroscopy, 12 sessions",
            "post_op_physical_therapy",
            "post-operative",
            "knee_arthroscopy",
        ),
        # with the lead, the family's own phase
        ("Associated surgical service: Labs - CBC", "preoperative_labs", "pre-operative", None),
        ("Associated surgical service: EKG", "ekg", "pre-operative", None),
        (
            "Associated surgical service: Physical therapy, times 12",
            "physical_therapy",
            "post-operative",
            None,
        ),
        ("Associated surgical service: Slingshot sling", "sling", "post-operative", None),
        # not around a surgery
        ("EKG", "ekg", None, None),
        ("Physical therapy 2 times a week for 4 weeks", "physical_therapy", None, None),
        ("Norco 10/325mg #90", "opioid", None, None),
    ],
)
def test_a_service_around_a_surgery_is_recognised_by_what_it_is(
    text: str, family: str, phase: str | None, for_surgery: str | None
) -> None:
    request = parse(text)
    assert (request.family, request.perioperative, request.for_surgery) == (
        family,
        phase,
        for_surgery,
    )


def test_a_service_naming_its_surgery_is_not_that_surgery() -> None:
    request = parse("Pre-operative EKG for L4-5 microdiscectomy")
    assert (request.family, request.category) == ("ekg", "laboratory and testing")
    assert request.for_surgery == "discectomy"
    assert request.surgery_kind is None


@pytest.mark.parametrize(
    ("text", "family", "kind", "phase", "for_surgery"),
    [
        # "status post" names a past event: a surgery, or an injury
        ("Physical therapy for the knee s/p fall", "physical_therapy", None, None, None),
        (
            "Physical therapy s/p right knee arthroscopy",
            "physical_therapy",
            None,
            "post-operative",
            "knee_arthroscopy",
        ),
        (
            "Labs status post lumbar fusion",
            "preoperative_labs",
            None,
            "post-operative",
            "spinal_fusion",
        ),
        ("Perioperative antibiotics", "antibiotic", None, "post-operative", None),
        ("Intra-operative neuromonitoring", "neuromonitoring", None, "intra-operative", None),
        # a surgery named as what came before is not the surgery requested
        ("Hardware removal after lumbar fusion", "surgery", "hardware_removal", None, None),
    ],
)
def test_the_surgery_a_request_names_as_past_or_around_it(
    text: str, family: str, kind: str | None, phase: str | None, for_surgery: str | None
) -> None:
    request = parse(text)
    assert (request.family, request.surgery_kind, request.perioperative, request.for_surgery) == (
        family,
        kind,
        phase,
        for_surgery,
    )


@pytest.mark.parametrize(
    ("text", "laterality", "sides"),
    [
        (  # different sides of different regions: no one laterality, a side for each
            "PT/OT 18 sessions left hand, right lower leg",
            None,
            {"hand": "left", "lower extremity": "right"},
        ),
        (  # a region with no side written has none
            "Physical therapy for the lumbar spine, left shoulder and left knee",
            "left",
            {"shoulder": "left", "knee": "left"},
        ),
        ("Right shoulder and knee x-rays", "right", {"shoulder": "right", "knee": "right"}),
        ("MRI of the left and right knee", "bilateral", {"knee": "bilateral"}),
        ("MRI knee, left", "left", {"knee": "left"}),  # the side after the region
        ("L knee MRI", "left", {"knee": "left"}),  # an abbreviation before a region
        ("Left L4-5 facet injection", "left", {"lumbar spine": "left"}),  # region by its level
        ("Right TKA", "right", {"knee": "right"}),  # region by the kind of surgery
        ("MRI of the lumbar spine", None, {}),
    ],
)
def test_reads_the_side_of_each_region(
    text: str, laterality: str | None, sides: dict[str, str]
) -> None:
    request = parse(text)
    assert (request.laterality, request.sides) == (laterality, sides)


@pytest.mark.parametrize(
    ("text", "course"),
    [
        ("Continue physical therapy 3 times a week for 2 weeks", "continuing"),
        ("Additional physical therapy lumbar spine two times a week for three weeks", "continuing"),
        ("Acupuncture 6 more sessions", "continuing"),
        ("Refill of Norco", "continuing"),
        ("Trial of Lyrica 75mg", "new"),
        ("TENS unit 30 day trial", "new"),
        ("Initial exam", "new"),
        ("Continue the trial of acupuncture", "continuing"),  # the first written wins
        ("Norco 10/325mg #90 with 1 refill", None),  # refills granted say nothing of the past
        ("Physical therapy 2 times a week for 6 weeks", None),  # the record decides
    ],
)
def test_reads_what_the_request_says_of_the_course(text: str, course: str | None) -> None:
    assert parse(text).course == course


@pytest.mark.parametrize(
    ("text", "strength", "quantity"),
    [
        ("Norco 10/325 #90", "10/325 mg", 90),  # tablets: milligrams
        ("Hydrocodone/APAP 10/325 #90", "10/325 mg", 90),
        ("Tramadol 50 #60", "50 mg", 60),
        ("Ultram ER 100 #30", "100 mg", 30),
        ("Butrans 10 #4", None, 4),  # a patch: no unit to assume
        ("Norco 2 tabs daily", None, None),  # a count of tablets, no strength
        ("Vitamin D 50000 IU", None, None),  # its own unit
    ],
)
def test_a_tablet_strength_written_without_its_unit_is_in_milligrams(
    text: str, strength: str | None, quantity: int | None
) -> None:
    request = parse(text)
    assert (request.strength, request.quantity) == (strength, quantity)


@pytest.mark.parametrize(
    ("text", "family", "ingredients"),
    [
        (  # generics of different classes mixed in a cream are compounded
            "Flurbiprofen/Cyclobenzaprine/Lidocaine 10%/2%/5% cream 180g",
            "compounded_topical",
            [("flurbiprofen", 10.0), ("cyclobenzaprine", 2.0), ("lidocaine", 5.0)],
        ),
        (
            "Flurbiprofen/Lidocaine cream",
            "compounded_topical",
            [("flurbiprofen", None), ("lidocaine", None)],
        ),
        ("Menthol/Methyl salicylate cream", "topical_analgesic", []),  # counterirritants only
        ("Lidopro ointment", "topical_analgesic", []),  # a brand's own mix
    ],
)
def test_a_topical_mix_of_drug_classes_is_compounded(
    text: str, family: str, ingredients: list[tuple[str, float | None]]
) -> None:
    request = parse(text)
    assert (request.family, request.ingredients) == (family, ingredients)
