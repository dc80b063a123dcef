"""Surgery and the services that go with it: whether the primary procedure is medically
necessary or certified, surgical lesions and candidacy, and perioperative risk."""

from __future__ import annotations

import re

from openimr.domain import Assertion, Decision
from openimr.requests.model import Category
from openimr.review.context import ItemContext
from openimr.review.facts.common import age, facts, in_region, present_or_absent, show
from openimr.review.facts.registry import UNKNOWN, Resolution, resolver
from openimr.review.rationale import NOT_APPLICABLE

_COMPLEX = (
    "repair",
    "reconstruction",
    "fusion",
    "arthroplasty",
    "replacement",
    "laminectomy",
    "discectomy",
    "decompression",
    "osteotomy",
    "bankart",
    "labral",
    "tenodesis",
    "open reduction",
)
# Chronic conditions that raise perioperative risk (ODG preoperative testing), as the clinical
# target rules name them (condition facts).
_COMORBID = {
    "hypertension",
    "diabetes",
    "heart_disease",
    "arrhythmia",
    "kidney_disease",
    "anemia",
    "bleeding_disorder",
    "lung_disease",
    "smoking",
    "obesity",
    "liver_disease",
}
# Operations where significant perioperative blood loss is expected (a reason for a blood count).
_BLOOD_LOSS = re.compile(
    r"arthroplasty|replacement|fusion|laminectomy|osteotomy|open reduction|reconstruction", re.I
)
_RISK_MEDICINES = ("opioid", "nsaid", "anticoagulant", "ace_inhibitor", "arb", "diuretic")
_HAD = (Assertion.PRESENT, Assertion.HISTORICAL)


@resolver("primary_surgery_certified", "surgery_performed_or_certified")
def primary_surgery_certified(context: ItemContext) -> Resolution:
    """The surgery the service goes with is medically necessary (decided in this review), or
    utilization review certified it (presumed to go ahead), or it was performed."""
    primary = context.primary
    if primary is not None:
        if primary.decision is Decision.OVERTURNED:
            return Resolution(
                "present", note=f"the primary procedure ({primary.request}) is medically necessary"
            )
        return Resolution(
            "absent", note=f"the primary procedure ({primary.request}) is not medically necessary"
        )
    surgery = context.surgery
    if surgery is not None and surgery.how == "certified":
        return Resolution(
            "present",
            None,
            (surgery.evidence,) if surgery.evidence else (),
            f"utilization review certified the {surgery.name}, which is presumed to go ahead",
        )
    found = facts(context, "surgery_authorized") + facts(
        context, "surgery_done", assertions=(Assertion.PRESENT, Assertion.HISTORICAL)
    )
    denied = facts(context, "surgery_authorized", assertions=(Assertion.ABSENT,))
    return present_or_absent(found, denied)


def _primary_text(context: ItemContext) -> str:
    if context.primary is not None:
        return context.primary.request.lower()
    if context.surgery is not None:
        return context.surgery.name.lower()
    surgeries = [r for r in context.others if r.category is Category.SURGERY]
    if surgeries:
        return surgeries[0].text.lower()
    plans = facts(context, "surgical_plan") + facts(context, "surgery_authorized")
    return " ".join(str(f.value or "") + " " + f.evidence.sentence for f in plans).lower()


@resolver("complex_surgery")
def complex_surgery(context: ItemContext) -> Resolution:
    """The procedure is complex enough for an assistant (a repair, reconstruction, fusion or joint
    replacement, or several procedures at once)."""
    text = _primary_text(context)
    if not text:
        return UNKNOWN
    named = [word for word in _COMPLEX if word in text]
    several = text.count(",") + text.count(" and ") + text.count(" with ") >= 2
    if named or several:
        return Resolution(
            "present", note=f"the procedure includes {', '.join(named) or 'several procedures'}"
        )
    return Resolution("absent", note="a simple procedure")


@resolver("referral_rationale")
def referral_rationale(context: ItemContext) -> Resolution:
    """Care would benefit from another clinician's expertise: for a pre-operative clearance, a
    patient whose age or chronic disease raises anesthetic risk; for a referral, a diagnosis that
    is uncertain or complex, or symptoms that persist despite treatment."""
    if context.request.family == "preoperative_clearance":
        return _perioperative_risk(context, age_from=65)
    found = facts(
        context,
        "condition",
        values={
            "worsening",
            "surgery_considered",
            "differential_question",
            "treatment_failed",
            "persistent_symptoms",
        },
        assertions=(Assertion.PRESENT, Assertion.POSSIBLE, Assertion.HYPOTHETICAL),
    )
    return present_or_absent(
        [*found, *facts(context, "red_flag"), *facts(context, "surgical_plan")]
    )


def _perioperative_risk(context: ItemContext, *, age_from: float | None) -> Resolution:
    comorbid = facts(context, "condition", values=_COMORBID, assertions=_HAD)
    if comorbid:
        return show(comorbid[0], note="a chronic condition raising perioperative risk")
    chronic = [
        f
        for f in facts(context, "current_medication", assertions=_HAD)
        if str(f.attributes.get("drug_class", "")) in _RISK_MEDICINES
    ]
    if chronic:
        return show(
            chronic[0],
            note="chronic opioid, NSAID or anticoagulant use bears on anesthesia and bleeding",
        )
    years, fact = age(context)
    if age_from is not None and years is not None and years >= age_from:
        return Resolution(
            "present", years, (fact.evidence,) if fact else (), f"{years:.0f} years old"
        )
    return UNKNOWN


# What each pre-operative test checks, and the medicines and conditions that give a reason for
# it (ODG preoperative lab testing: electrolytes and creatinine with chronic disease or medicines
# that predispose to electrolyte or renal problems; a blood count where anemia or blood loss is a
# risk; coagulation studies with anticoagulants, bleeding disorders or liver disease). The test
# is read from the request; the reasons are facts of the records.
_TESTS = [
    (
        r"\b(bmp|cmp|metabolic panel|chem|electrolyte|creatinine|renal)",
        ("nsaid", "diuretic", "ace_inhibitor", "arb"),
        {"diabetes", "hypertension", "kidney_disease"},
    ),
    (
        r"\b(cbc|blood count|hemoglobin|hematocrit|h&h)",
        ("nsaid", "anticoagulant"),
        {"anemia", "bleeding_disorder"},
    ),
    (
        r"\b(pt|ptt|inr|coagulation|prothrombin)\b",
        ("anticoagulant",),
        {"bleeding_disorder", "liver_disease"},
    ),
]


@resolver("test_specific_risk_factor")
def test_specific_risk_factor(context: ItemContext) -> Resolution:
    """A reason for this laboratory test: a chronic disease, or a medicine, that it would check."""
    import re

    text = context.request.text.lower()
    for test, classes, conditions in _TESTS:
        if re.search(test, text):
            medicines = [
                f
                for kind in ("current_medication", "treatment_tried")
                for f in facts(context, kind, assertions=_HAD)
                if str(f.attributes.get("drug_class", "")) in classes
            ]
            found = facts(context, "condition", values=conditions, assertions=_HAD) + medicines
            if not found and "anemia" in conditions and _BLOOD_LOSS.search(_primary_text(context)):
                return Resolution(
                    "present", note="an operation where significant blood loss is expected"
                )
            return (
                show(*found[:2], note="a condition or medicine this test checks")
                if found
                else UNKNOWN
            )
    return _perioperative_risk(context, age_from=None)


@resolver("sling_type_matches_procedure")
def sling_matches(context: ItemContext) -> Resolution:
    """The sling suits the procedure (a shoulder operation)."""
    text = _primary_text(context)
    if not text:
        return UNKNOWN
    return (
        Resolution("present")
        if "shoulder" in text or "rotator" in text or "bankart" in text
        else Resolution("absent")
    )


@resolver("surgical_lesion_on_imaging_and_exam")
def surgical_lesion(context: ItemContext) -> Resolution:
    """A lesion shown on imaging that matches the examination and is known to benefit from repair."""
    lesion = [
        f.evidence
        for f in facts(context, "tear")
        + facts(context, "instability")
        + facts(context, "fracture")
        + [
            f
            for f in facts(context, "imaging_result")
            if str(f.attributes.get("result", "")) == "abnormal"
        ]
    ]
    lesion += [
        f.evidence
        for f in facts(context, "stenosis")
        + facts(context, "condition", values={"slap_lesion", "ligament_injury"})
        + facts(context, "positive_exam_sign", values={"impingement"})
    ]
    exam = [
        f.evidence
        for f in facts(context, "positive_exam_sign")
        + facts(context, "neurologic_deficit")
        + facts(context, "exam_finding", values={"limited_motion"})
    ]
    lesion = [e for e in lesion if in_region(context, e.sentence)]
    exam = [e for e in exam if in_region(context, e.sentence)]
    levels = {_level_key(level) for level in context.request.levels}
    if levels:
        # a spinal operation at named levels needs its lesion at one of them: stenosis at L4-L5
        # does not show the lesion an L2-L3 laminectomy would treat
        at_level = [e for e in lesion if levels & _levels_in(e.sentence)]
        elsewhere = [e for e in lesion if _levels_in(e.sentence) - levels]
        if not at_level and elsewhere:
            return Resolution(
                "absent",
                None,
                (elsewhere[0],),
                f"the lesion the studies show is not at {', '.join(context.request.levels)}",
            )
        lesion = at_level or lesion
    lesion.sort(key=lambda e: not _SURGICAL_LESION.search(e.sentence))
    if lesion and exam:
        return show(lesion[0], exam[0])
    return UNKNOWN


# A spinal level as written ("L4-L5", "L4-5", "L5/S1"), as one key ("L4-5", "L5-S1").
_LEVEL = re.compile(r"\b([CTL])(\d{1,2})\s*[-/]\s*([CTLS]?)(\d)\b", re.I)
_SURGICAL_LESION = re.compile(
    r"\b(?:tear|herniat\w*|extrusion|protrusion|stenosis|compress\w*|fracture"
    r"|spondylolisthesis|anterolisthesis|instability)\b",
    re.I,
)


def _level_key(level: str) -> str:
    found = _LEVEL.search(level)
    if not found:
        return level.upper()
    region, upper, lower_region, lower = found.groups()
    lower_region = (lower_region or region).upper()
    return (
        f"{region.upper()}{upper}-{'' if lower_region == region.upper() else lower_region}{lower}"
    )


def _levels_in(sentence: str) -> set[str]:
    """The spinal levels a sentence names, as keys; only the clause before the next level."""
    return {_level_key(m.group(0)) for m in _LEVEL.finditer(sentence)}


@resolver("invasive_procedure_planned")
def invasive_procedure_planned(context: ItemContext) -> Resolution:
    """A surgery or injection is planned, so anatomy must be clarified first."""
    planned = [r for r in context.others if r.category in (Category.SURGERY, Category.INJECTION)]
    if planned:
        return Resolution("present", note=f"requested with this item: {planned[0].text}")
    return present_or_absent(facts(context, "surgical_plan"))


@resolver("postoperative_elbow")
def postoperative_elbow(context: ItemContext) -> Resolution:
    """Immobilization after elbow surgery."""
    return present_or_absent(
        [
            f
            for f in facts(context, "surgery_done")
            if "elbow" in str(f.attributes.get("body_part", ""))
        ]
    )


# Procedures on their own lesion: with one of them, a decompression is part of a repair whose own
# criteria decide, not a decompression for impingement.
_REPAIRS = frozenset({"rotator_cuff_repair", "slap_repair", "labral_repair", "bankart_repair"})
_DECOMPRESSIONS = frozenset({"subacromial_decompression", "acromioplasty"})


@resolver("impingement_conservative_care")
def impingement_conservative_care(context: ItemContext) -> Resolution:
    """A decompression for impingement comes after three to six months of conservative care that
    included a cortisone injection (ACOEM Shoulder ch. 9, Surgical Considerations; ODG Shoulder,
    Surgery for impingement syndrome). Met for any other shoulder operation."""
    from openimr.review.facts.common import TRIED, weeks_since_injury

    procedures = set(context.request.procedures) | {context.request.surgery_kind or ""}
    if not procedures & _DECOMPRESSIONS or procedures & _REPAIRS:
        return Resolution(
            "present", note=f"{NOT_APPLICABLE}: not a decompression for impingement alone"
        )
    injections = [
        f
        for f in facts(context, "treatment_tried", values={"injection"}, assertions=TRIED)
        if in_region(context, f.evidence.sentence)
    ]
    none_given = [
        f
        for f in facts(
            context, "treatment_tried", values={"injection"}, assertions=(Assertion.ABSENT,)
        )
        if in_region(context, f.evidence.sentence)
    ]
    weeks, _ = weeks_since_injury(context)
    if weeks is not None and weeks < 12:
        return Resolution(
            "absent",
            weeks,
            tuple(f.evidence for f in none_given[:1]),
            f"{weeks:.0f} weeks after the injury, short of three months of conservative care",
        )
    if injections:
        return show(injections[0], value=weeks)
    if none_given:
        return Resolution("absent", weeks, (none_given[0].evidence,), "no injection was given")
    return UNKNOWN
