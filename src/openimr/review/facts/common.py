"""Small helpers the resolvers share: facts by kind and value, phrases in the records, time."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from openimr.domain import Assertion, Evidence, Fact
from openimr.review.context import ItemContext
from openimr.review.facts.registry import present_or_absent, show

__all__ = [
    "age",
    "facts",
    "in_region",
    "phrase",
    "present_or_absent",
    "show",
    "weeks_since_injury",
    "TRIED",
    "treatments_of",
]

# Asserted as having happened: present, or in the past ("history of physical therapy").
TRIED = (Assertion.PRESENT, Assertion.HISTORICAL)

# Which treatments the clinical extractor names for a request's service family.
_TREATMENTS = {
    "physical_therapy": {"physical_therapy", "occupational_therapy"},
    "occupational_therapy": {"physical_therapy", "occupational_therapy"},
    "chiropractic": {"chiropractic"},
    "acupuncture": {"acupuncture"},
    "massage": {"massage"},
    "myofascial_release": {"massage"},
    "tens": {"tens"},
    "epidural_steroid_injection": {"epidural_steroid_injection"},
    "facet_injection": {"facet_injection"},
    "medial_branch_block": {"facet_injection"},
    "trigger_point_injection": {"trigger_point_injection"},
    "psychotherapy": {"psychotherapy"},
    "functional_restoration_program": {"functional_restoration"},
}


# Words that place a sentence in a body region, for findings that must concern the region asked about.
_REGION_WORDS = {
    "cervical spine": r"neck|cervical|upper extremit|\barms?\b|\bhands?\b|fingers?|thumb|forearm|triceps|biceps reflex|"
    r"brachioradialis|deltoid|\bgrip\b|radiat\w* (in)?to the (shoulder|arm)|\bC[2-8]\b",
    "thoracic spine": r"thoracic|mid[- ]back|upper back|\bT\d{1,2}\b",
    "lumbar spine": r"low(er)? back|lumbar|lumbosacral|lower extremit|\blegs?\b|\bfeet\b|\bfoot\b|buttock|sciatic|thigh|calf|"
    r"quadriceps|hamstring|dorsiflex|plantar ?flex|tibialis|extensor hallucis|\bEHL\b|gastrocnemius|"
    r"patellar reflex|achilles reflex|ankle reflex|\bL[1-5]\b|\bS1\b",
    "shoulder": r"shoulder|rotator|glenohumeral|acromi|labr|biceps|deltoid",
    "elbow": r"elbow|cubital|epicondyl|forearm|olecranon",
    "wrist": r"wrist|carpal|radial|ulnar|hand|de ?quervain",
    "hand": r"\bhands?\b|finger|thumb|carpal|wrist|palm",
    "hip": r"\bhips?\b|groin|pelvi|acetabul|femoral head|labr",
    "pelvis": r"pelvi|\bhips?\b|sacroiliac|groin",
    "knee": r"knee|patell|menisc|cruciate|\bACL\b|\bMCL\b|tibi",
    "ankle": r"ankle|achilles|talus|malleol|foot",
    "foot": r"\bfoot\b|\bfeet\b|toes?|plantar|heel|ankle|metatars",
    "head": r"\bhead\b|concussion|headache|skull|brain",
    "upper extremity": r"upper extremit|\barms?\b|\bhands?\b|wrist|elbow|forearm|fingers?|thumb|shoulder|neck|cervical|"
    r"carpal|cubital|ulnar|median|radial|\bC[5-8]\b",
    "lower extremity": r"lower extremit|\blegs?\b|\bfoot\b|\bfeet\b|ankle|knee|\bhips?\b|thigh|calf|toes?|lumbar|"
    r"low(er)? back|sciatic|peroneal|tarsal|\bL[1-5]\b|\bS1\b",
}


@functools.cache
def _region_pattern(region: str) -> re.Pattern[str]:
    return re.compile(_REGION_WORDS[region], re.I)


def in_region(context: ItemContext, sentence: str) -> bool:
    """Whether a sentence may concern the region the request is for: it names that region, or
    names no other region (a finding about the knee does not support a neck MRI)."""
    from openimr.guidelines.matching import body_regions_of

    regions = {r.value for r in body_regions_of(list(context.request.body_parts))} & set(
        _REGION_WORDS
    )
    if not regions:
        return True
    sentence = " ".join(sentence.split())
    if any(_region_pattern(r).search(sentence) for r in regions):
        return True
    return not any(_region_pattern(r).search(sentence) for r in _REGION_WORDS if r not in regions)


def treatments_of(family: str) -> set[str]:
    """The treatment names that count as the same treatment as a request's family."""
    return _TREATMENTS.get(family, set())


def facts(
    context: ItemContext,
    kind: str,
    *,
    values: Iterable[str] | None = None,
    assertions: tuple[Assertion, ...] = (Assertion.PRESENT,),
) -> list[Fact]:
    """Facts of a kind with one of these assertions (and, if given, one of these values)."""
    wanted = set(values) if values is not None else None
    return [
        f
        for f in context.facts.of(kind)
        if f.assertion in assertions and (wanted is None or str(f.value) in wanted)
    ]


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# A cue in the few words before a phrase that denies it ("no evidence of instability"), as
# ConText's negation rules do for the extracted facts.
_NEGATION = re.compile(
    r"\b(no|not|without|denie[sd]|deny|negative for|free of|absence of|absent|nor|lack of|"
    r"rule[sd]? out|no evidence of|unremarkable for)\b[^.;:]{0,60}$",
    re.I,
)


def phrase(context: ItemContext, pattern: str) -> list[Evidence]:
    """Sentences of the records that say something (a regular expression, case-insensitive),
    leaving out those where the phrase is denied ("no evidence of instability")."""
    compiled = _compiled(pattern)
    found = []
    for sentence in context.facts.find(compiled):
        text = sentence.sentence
        if any(
            not _NEGATION.search(text[max(0, m.start() - 80) : m.start()])
            for m in compiled.finditer(text)
        ):
            found.append(sentence)
    return found


def weeks_since_injury(context: ItemContext) -> tuple[float | None, Fact | None]:
    """Weeks from the date of injury to the UR decision, from the case or the records."""
    found = facts(context, "time_since_injury_weeks")
    if context.case.date_of_injury and context.case.ur_decision_date:
        return (context.case.ur_decision_date - context.case.date_of_injury).days / 7, (
            found[0] if found else None
        )
    for fact in found:
        if isinstance(fact.value, float):
            return fact.value, fact
    return None, None


def age(context: ItemContext) -> tuple[float | None, Fact | None]:
    """The worker's age, from the case or the records."""
    if context.case.worker.age is not None:
        return float(context.case.worker.age), None
    for fact in facts(context, "age"):
        if isinstance(fact.value, float):
            return fact.value, fact
    return None, None
