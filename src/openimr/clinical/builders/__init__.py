"""Fact builders: one function per target category, from a ``Mention`` to zero or more facts.

``BUILDERS`` maps a category (``data/targets/*.yaml``) to its builder; a category without a
special builder gets ``simple`` (kind = category, value = the rule's value). Builders read the
numbers next to the phrase (:mod:`openimr.clinical.readers`, :mod:`openimr.clinical.medications`)
and drop a mention that turns out not to be the fact ("06/10/2014" is not a pain score of 6/10).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from openimr.clinical.builders.care import (
    failed_conservative_care,
    functional_improvement,
    pain_relief_percent,
    pain_score,
    treatment_tried,
)
from openimr.clinical.builders.findings import (
    age,
    body_mass_index,
    date_of_injury,
    diagnosis,
    mechanism_of_injury,
    neurologic_deficit,
    positive_exam_sign,
    radicular_symptoms,
    sex,
    symptom_duration,
    tear,
    trigger_points,
)
from openimr.clinical.builders.medicines import current_medication, urine_drug_screen
from openimr.clinical.builders.studies import (
    study,
    surgery_authorized,
    surgery_done,
    surgical_procedure,
)
from openimr.clinical.mentions import Mention
from openimr.clinical.rules import DIAGNOSES
from openimr.domain import Fact

__all__ = ["BUILDERS", "Builder", "simple"]

Builder = Callable[[Mention], list[Fact]]


def simple(mention: Mention) -> list[Fact]:
    """kind = category, value = the rule's value, the rule's attributes."""
    return [mention.fact(mention.category, mention.rule_value)]


# What the worker says, not what an examination found: "he complains of weakness", "review of
# systems is positive for weakness", "she reports decreased sensation". "reports" and "notes" are
# verbs only after the person ("progress notes showed 4/5 strength" is an examination's record,
# "examinations described decreased sensation" an examination's finding).
_COMPLAINT = re.compile(
    r"\b(?:complain\w*|c/o|endors\w*|subjective\w*|review of systems|ROS|feels|felt"
    r"|(?:he|she|patient|worker|employee|applicant|claimant|IW)\s+(?:\w+\s+){0,2}?"
    r"(?:reports?|reported|reporting|states?|stated|notes?|noted|says|said|describes|described"
    r"|denies|denied))\b",
    re.IGNORECASE,
)
_EXAMINED = re.compile(
    r"\b(?:exam\w*|physical(?:ly)?|palpat\w*|objective\w*|reveal\w*|demonstrat\w*|showed|shows"
    r"|found|findings?|testing|tested|noted on|observed|evaluation)\b",
    re.IGNORECASE,
)


def examined(builder: Builder) -> Builder:
    """A finding only an examination makes (a deficit, a sign, a trigger point), dropped where the
    sentence gives it as the worker's complaint or review of systems: the words before it say so
    and no examination is named between ("he reports weakness; on examination 4/5 strength"
    keeps the grade)."""

    def build(mention: Mention) -> list[Fact]:
        before = mention.before(160, clause=False)
        complaints = list(_COMPLAINT.finditer(before))
        if complaints and not _EXAMINED.search(before, complaints[-1].end()):
            return []
        return builder(mention)

    build.__name__ = builder.__name__
    build.__doc__ = builder.__doc__
    return build


_AT_NIGHT = re.compile(r"\b(?:night|nighttime|night-time|nocturnal)\s*$", re.IGNORECASE)


def condition(mention: Mention) -> list[Fact]:
    """A condition; "night pain in the right hip" is both hip pain and night pain (the longer
    phrase wins the match, so the night is read before it)."""
    facts = simple(mention)
    before = mention.before(12)
    night = _AT_NIGHT.search(before) if mention.rule_value == "musculoskeletal" else None
    if night is not None:
        start = mention.start - len(before) + night.start()
        facts.append(mention.fact("condition", "night_pain", start=start))
    return facts


BUILDERS: dict[str, Builder] = {
    "age": age,
    "sex": sex,
    "body_mass_index": body_mass_index,
    "date_of_injury": date_of_injury,
    "mechanism_of_injury": mechanism_of_injury,
    "tear": tear,
    "radicular_symptoms": radicular_symptoms,
    "trigger_points": examined(trigger_points),
    "neurologic_deficit": examined(neurologic_deficit),
    "positive_exam_sign": examined(positive_exam_sign),
    "exam_finding": examined(simple),
    "condition": condition,
    "symptom_duration_weeks": symptom_duration,
    "treatment_tried": treatment_tried,
    "failed_conservative_care": failed_conservative_care,
    "functional_improvement": functional_improvement,
    "pain_score": pain_score,
    "pain_relief_percent": pain_relief_percent,
    "current_medication": current_medication,
    "urine_drug_screen": urine_drug_screen,
    "imaging_result": study,
    "electrodiagnostic_result": study,
    "surgical_procedure": surgical_procedure,
    "surgery_done": surgery_done,
    "surgery_authorized": surgery_authorized,
    **dict.fromkeys(DIAGNOSES, diagnosis),
}
