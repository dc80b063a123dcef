"""Imaging and tests: what earlier studies showed, what question a new study would answer."""

from __future__ import annotations

import re

from openimr.domain import Assertion
from openimr.review.context import ItemContext
from openimr.review.facts.common import facts, in_region, present_or_absent, show
from openimr.review.facts.registry import UNKNOWN, Resolution, resolver

_MODALITY = {"mri": {"MRI"}, "ct": {"CT"}, "x_ray": {"x-ray"}, "bone_scan": {"bone scan"}}


def _same_region(context: ItemContext, body_part: object) -> bool:
    if not context.request.body_parts or not body_part:
        return True
    part = str(body_part).lower()
    return any(p.lower() in part or part in p.lower() for p in context.request.body_parts)


@resolver("prior_imaging", "prior_mri", "prior_ct", "prior_x_ray")
def prior_imaging(context: ItemContext) -> Resolution:
    """The same study of the same region was already done."""
    modalities = _MODALITY.get(context.request.family, set().union(*_MODALITY.values()))
    done = [
        f
        for kind in ("imaging_result", "prior_imaging")
        for f in facts(context, kind, assertions=(Assertion.PRESENT, Assertion.HISTORICAL))
        if str(f.value) in modalities
        and _same_region(context, f.attributes.get("body_part"))
        and in_region(context, f.evidence.sentence)  # the same side too
    ]
    return present_or_absent(done)


@resolver("imaging_report", "imaging_or_electrodiagnostics")
def imaging_report(context: ItemContext) -> Resolution:
    """An imaging (or electrodiagnostic) report is in the record."""
    return present_or_absent(
        facts(context, "imaging_result") + facts(context, "electrodiagnostic_result")
    )


@resolver("nondiagnostic_plain_films")
def nondiagnostic_plain_films(context: ItemContext) -> Resolution:
    """Plain films of the region were taken and did not explain the symptoms."""
    films = [
        f
        for f in facts(
            context, "imaging_result", assertions=(Assertion.PRESENT, Assertion.HISTORICAL)
        )
        if str(f.value) == "x-ray" and _same_region(context, f.attributes.get("body_part"))
    ]
    normal = [
        f
        for f in films
        if str(f.attributes.get("result", "")) in ("normal", "negative", "unremarkable")
    ]
    return present_or_absent(normal or films)


@resolver("severe_injury_or_oa_risk")
def severe_injury_or_oa_risk(context: ItemContext) -> Resolution:
    """A severe injury (fall, fracture suspected) or a risk of osteoarthritis in the joint."""
    found = facts(context, "fracture", assertions=(Assertion.PRESENT, Assertion.POSSIBLE)) + facts(
        context, "osteoarthritis"
    )
    return present_or_absent([f for f in found if in_region(context, f.evidence.sentence)])


@resolver("ct_unavailable")
def ct_unavailable(context: ItemContext) -> Resolution:
    """CT cannot be had (the only case where skull films are considered)."""
    return UNKNOWN


@resolver("fluoroscopic_guidance")
def fluoroscopic_guidance(context: ItemContext) -> Resolution:
    """The injection is to be done under fluoroscopy. The guideline says how the injection is
    done, not what a record must prove before it: a request that names fluoroscopy has it, one
    the records say is done blind or without it does not, and one that does not say is presumed
    done as the guideline requires (an assumption the item states)."""
    text = context.request.text.lower()
    if "fluoro" in text and not _WITHOUT_FLUOROSCOPY.search(text):
        return Resolution("present", note="requested")
    blind = [e for e in context.facts.sentences if _WITHOUT_FLUOROSCOPY.search(e.sentence)]
    if _WITHOUT_FLUOROSCOPY.search(text) or blind:
        return Resolution("absent", None, tuple(blind[:1]), "to be done without fluoroscopy")
    context.assume(
        "The request does not say how the injection is guided; it was presumed done under "
        "fluoroscopy, as the guideline requires."
    )
    return Resolution("present", note="presumed: the guideline's standard technique")


_WITHOUT_FLUOROSCOPY = re.compile(
    r"\bwithout (?:\w+ ){0,2}fluoro\w*|\bno fluoro\w*|\bblind (?:injection|technique)\b", re.I
)


@resolver("positive_medial_branch_block")
def positive_medial_branch_block(context: ItemContext) -> Resolution:
    """A diagnostic medial branch block gave the required relief."""
    found = [
        f
        for f in facts(
            context, "treatment_tried", assertions=(Assertion.PRESENT, Assertion.HISTORICAL)
        )
        if f.attributes.get("procedure") == "medial_branch_block"
    ]
    relief = [
        float(f.value) for f in facts(context, "pain_relief_percent") if isinstance(f.value, float)
    ]
    return show(found[0], value=relief[0] if relief else None) if found else UNKNOWN


@resolver("surgery_planned_or_fused_level")
def surgery_planned_or_fused(context: ItemContext) -> Resolution:
    """A fusion at the level, or surgery planned there."""
    fused = [
        f
        for f in facts(
            context, "surgery_done", assertions=(Assertion.PRESENT, Assertion.HISTORICAL)
        )
        if "fusion" in str(f.value or "") or "arthrodesis" in str(f.value or "")
    ]
    return present_or_absent([*fused, *facts(context, "surgical_plan")])
