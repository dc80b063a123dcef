"""Neurologic findings, radiculopathy and red flags: what imaging, electrodiagnostics and
injections turn on."""

from __future__ import annotations

import re

from openimr.domain import Assertion, Fact
from openimr.review.context import ItemContext
from openimr.review.facts.common import facts, in_region, present_or_absent, show
from openimr.review.facts.registry import UNKNOWN, Resolution, resolve, resolver


def _corroborated(fact: Fact, *by: str) -> bool:
    return any(b in str(fact.attributes.get("corroborated_by", "")) for b in by)


@resolver("shoulder_red_flags")
def shoulder_red_flags(context: ItemContext) -> Resolution:
    """Red flags for a serious shoulder condition (ACOEM shoulder chapter): besides the general
    ones, a glenohumeral dislocation or instability, a fracture, or an acute full-thickness
    rotator cuff tear (within about three months of the injury)."""
    from openimr.review.facts.common import weeks_since_injury

    general = resolve("red_flags", context)
    if general.state == "present":
        return general
    dislocation = [
        f
        # a dislocation or instability of the joint, not a subluxing tendon
        for f in facts(context, "instability", assertions=(Assertion.PRESENT, Assertion.HISTORICAL))
        + facts(context, "positive_exam_sign", values={"apprehension"})
        if in_region(context, f.evidence.sentence) and str(f.value) != "subluxation"
    ]
    if dislocation:
        return show(*dislocation[:2], note="glenohumeral dislocation or instability")
    weeks, _ = weeks_since_injury(context)
    full_tear = [
        f
        for f in facts(context, "tear")
        if f.attributes.get("thickness") == "full" and in_region(context, f.evidence.sentence)
    ]
    if full_tear and weeks is not None and weeks <= 13:
        return show(full_tear[0], value=weeks, note="an acute full-thickness rotator cuff tear")
    return general


@resolver("physiologic_evidence_nerve_dysfunction")
def physiologic_evidence(context: ItemContext) -> Resolution:
    """Physiologic evidence of nerve dysfunction: abnormal electrodiagnostic studies."""
    found = [
        f
        for f in facts(context, "electrodiagnostic_result")
        if f.attributes.get("result") != "normal"
    ]
    found += [f for f in facts(context, "radiculopathy") if _corroborated(f, "electrodiagnostic")]
    return present_or_absent(found)


@resolver("differential_diagnosis_nerve_entrapment")
def differential_diagnosis(context: ItemContext) -> Resolution:
    """Limb symptoms whose source is in question: entrapment versus radiculopathy or neuropathy."""
    entrapment = resolve("entrapment_signs_on_exam", context)
    limb = facts(context, "radicular_symptoms") + facts(
        context, "radiculopathy", assertions=(Assertion.PRESENT, Assertion.POSSIBLE)
    )
    versus = facts(context, "condition", values={"differential_question"}) + facts(
        context, "radiculopathy", assertions=(Assertion.POSSIBLE,)
    )
    if entrapment.state == "present" and (limb or versus):
        return show(*(limb[:1] or versus[:1]), *entrapment.evidence[:1])
    if any(str(f.value) == "paresthesia" for f in limb):
        return show(limb[0], note="limb numbness or tingling of uncertain source")
    return UNKNOWN


@resolver("prior_electrodiagnostics")
def prior_electrodiagnostics(context: ItemContext) -> Resolution:
    """Electrodiagnostic studies already done for this problem."""
    return present_or_absent(
        facts(
            context,
            "electrodiagnostic_result",
            assertions=(Assertion.PRESENT, Assertion.HISTORICAL),
        ),
        facts(context, "electrodiagnostic_result", assertions=(Assertion.ABSENT,)),
    )


@resolver("crps_suspected_on_exam")
def crps_suspected(context: ItemContext) -> Resolution:
    """Complex regional pain syndrome suspected on examination."""
    return present_or_absent(
        facts(context, "crps", assertions=(Assertion.PRESENT, Assertion.POSSIBLE))
    )


def _asks(context: ItemContext, *tests: str) -> bool:
    text = context.request.text.lower()
    return any(test in text for test in tests)


@resolver("lower_extremity_ncs_justified")
def lower_extremity_ncs_justified(context: ItemContext) -> Resolution:
    """Leg nerve conduction studies only where a peripheral neuropathy or entrapment is suspected
    (not for presumed radicular symptoms); met when no leg NCS is asked for."""
    if not _asks(context, "ncs", "ncv", "nerve conduction"):
        return Resolution("present", note="no nerve conduction study is requested")
    return resolve("peripheral_neuropathy_suspected", context)


@resolver("emg_component_justified")
def emg_component_justified(context: ItemContext) -> Resolution:
    """EMG in the arm adds value only where nerve conduction alone cannot settle the question
    (entrapment versus radiculopathy); met when no EMG is asked for."""
    if not _asks(context, "emg", "electromyogra"):
        return Resolution("present", note="no EMG is requested")
    return differential_diagnosis(context)


# What a study of the spine shows of a nerve root: a disc or stenosis reaching the root.
_ROOT_LESION = re.compile(
    r"\b(herniat\w*|protrusion|extrusion|stenosis|impinge\w*|compress\w*|abut\w*|contact\w*"
    r"|narrow\w*|effac\w*|displac\w*)",
    re.I,
)
_ROOT = re.compile(r"\b(nerve root|root|radicul\w*|foramen|foraminal|lateral recess)\b", re.I)


@resolver("radiculopathy_corroborated")
def radiculopathy_corroborated(context: ItemContext) -> Resolution:
    """Radiculopathy documented on examination and corroborated by imaging or electrodiagnostic
    studies (CPMTG, Epidural steroid injections, criterion 1): said so in the records, or the
    region's examination shows radicular signs and a study of the region shows the root's lesion
    (a herniation or stenosis reaching a nerve root, an electrodiagnostic radiculopathy)."""
    stated = [
        f
        for f in facts(context, "radiculopathy")
        if _corroborated(f, "imaging", "electrodiagnostic")
    ]
    denied = facts(context, "radiculopathy", assertions=(Assertion.ABSENT,))
    if stated:
        return present_or_absent(stated, denied)
    exam = resolve("neurologic_dysfunction", context)
    if exam.state != "present":
        return present_or_absent([], denied)
    studies = [
        f
        for f in facts(
            context, "imaging_result", assertions=(Assertion.PRESENT, Assertion.HISTORICAL)
        )
        if str(f.attributes.get("result", "")) != "normal"
        and _ROOT.search(str(f.attributes.get("finding", "")))
        and _ROOT_LESION.search(str(f.attributes.get("finding", "")))
        and in_region(context, f.evidence.sentence)
    ] + [
        f
        for f in facts(
            context,
            "electrodiagnostic_result",
            assertions=(Assertion.PRESENT, Assertion.HISTORICAL),
        )
        if re.search(r"radicul", f"{f.value} {f.attributes.get('finding', '')}", re.I)
        and in_region(context, f.evidence.sentence)
    ]
    if studies:
        return show(
            *exam.evidence[:1],
            studies[0],
            note="radicular signs on examination, and a study showing the nerve root's lesion",
        )
    return present_or_absent([], denied)
