"""Other services: visits and referrals, psychological care, home health and facilities,
equipment, and the diagnoses some of them turn on."""

from __future__ import annotations

import re

from openimr.domain import Assertion
from openimr.review.context import ItemContext
from openimr.review.facts.common import facts, phrase, present_or_absent
from openimr.review.facts.registry import Resolution, resolver


@resolver("clinical_need_for_visit")
def clinical_need_for_visit(context: ItemContext) -> Resolution:
    """An ongoing condition under active treatment that a visit would review."""
    found = (
        facts(context, "current_medication")
        + facts(context, "pain_score")
        + phrase(context, r"persist|ongoing|continued|worsen|follow[- ]up")
    )
    return present_or_absent(found)


@resolver("visit_already_performed_or_authorized", "referral_already_authorized")
def already_authorized(context: ItemContext) -> Resolution:
    """The same visit or referral was already performed or authorized."""
    return present_or_absent(
        phrase(
            context, r"(already|previously) (been )?(authorized|certified|approved|seen|evaluated)"
        )
    )


@resolver(
    "psychological_condition_impacts_recovery",
    "psychological_evaluation_purpose",
    "psychological_diagnoses",
)
def psychological_condition(context: ItemContext) -> Resolution:
    """A psychological condition (depression, anxiety, insomnia, stress) that bears on recovery."""
    found = (
        facts(context, "depression")
        + facts(context, "anxiety")
        + phrase(
            context,
            r"depress|anxiety|post-?traumatic|PTSD|psychiatric|psycholog|stress|fear avoidance|catastrophiz",
        )
    )
    return present_or_absent(found)


@resolver("prior_psychological_evaluation")
def prior_psychological_evaluation(context: ItemContext) -> Resolution:
    """A psychological evaluation was already done."""
    return present_or_absent(
        phrase(
            context,
            r"psycholog\w* (evaluation|assessment|testing) (was|were) (performed|completed|done)|previous(ly)? (had|underwent) (a )?psycholog",
        )
    )


@resolver("home_health_qualifying_situation", "follows_acute_hospital_stay")
def home_health_situation(context: ItemContext) -> Resolution:
    """Home health after major surgery or a hospital stay, or instead of inpatient care."""
    found = facts(
        context, "surgery_done", assertions=(Assertion.PRESENT, Assertion.HISTORICAL)
    ) + phrase(context, r"hospitali[sz]|discharged|inpatient|admitted|post-?operative|status post")
    return present_or_absent(found)


@resolver("homebound", "homebound_status")
def homebound(context: ItemContext) -> Resolution:
    """The worker is confined to the home (leaving it takes a considerable effort)."""
    found = phrase(
        context,
        r"homebound|home-bound|bed-?bound|bedridden|confined to (the )?(home|bed)|unable to leave|wheelchair[- ]bound",
    )
    return present_or_absent(found)


@resolver("skilled_or_personal_care_need")
def skilled_care_need(context: ItemContext) -> Resolution:
    """Skilled care (wound care, dressing changes, IV medicine, therapy) the worker needs at home."""
    if re.search(
        r"wound|dressing|intravenous|\bIV\b|nurs|\bRN\b|\bLVN\b", context.request.text, re.I
    ):
        return Resolution("present", note=f"requested: {context.request.text}")
    return present_or_absent(
        phrase(context, r"wound care|dressing change|intravenous|skilled nursing")
    )


@resolver(
    "work_capacity_question",
    "failed_return_to_work",
    "conflicting_medical_reports",
    "at_or_near_mmi",
    "work_hardening_planned",
)
def work_capacity_question(context: ItemContext) -> Resolution:
    """A question of work capacity a functional capacity evaluation would answer: failed return to
    work, conflicting reports on precautions, or a worker at or near maximum medical improvement."""
    return present_or_absent(
        phrase(
            context,
            r"maximum medical improvement|\bMMI\b|permanent and stationary|failed (attempt to )?return to work|"
            r"conflicting|work hardening|unable to return to (his|her) (usual|regular) (work|job)",
        )
    )


@resolver("home_exercise_failed_equipment_needed", "professionally_monitored_program")
def gym_need(context: ItemContext) -> Resolution:
    """A home program has failed and equipment is needed, under professional supervision."""
    return present_or_absent(
        phrase(
            context,
            r"home exercise (program )?(has )?failed|requires (specialized )?equipment|supervised by a (medical )?professional",
        )
    )


@resolver("medical_need_for_equipment", "meets_medicare_dme_definition", "device_rationale")
def equipment_need(context: ItemContext) -> Resolution:
    """A medical need the equipment meets (primarily medical, durable, for use at home)."""
    return present_or_absent(
        phrase(
            context,
            r"(medically|clinically) (necessary|indicated) (for|to)|to assist (with )?(ambulation|transfers)|fall risk|unable to (walk|ambulate|stand)",
        )
    )


@resolver("diagnosis")
def diagnosis(context: ItemContext) -> Resolution:
    """A working diagnosis is stated."""
    return present_or_absent(phrase(context, r"diagnos|assessment"))


@resolver("exceptional_factors")
def exceptional_factors(context: ItemContext) -> Resolution:
    """Exceptional factors are needed only for visits beyond the guideline's number, and the
    quantity limits judge the number: within them, nothing exceptional has to be shown."""
    return Resolution(
        "present", note="asked only beyond the guideline's visits, which the quantity limits check"
    )
