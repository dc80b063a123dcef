"""Small helpers the resolvers share: facts by kind and value, phrases in the records, time."""

from __future__ import annotations

from collections.abc import Iterable

from openimr.domain import Assertion, Evidence, Fact
from openimr.review.context import ItemContext
from openimr.review.facts.registry import present_or_absent, show
from openimr.review.place import concerns
from openimr.review.sources import Source

__all__ = [
    "age",
    "facts",
    "in_region",
    "objective",
    "OBJECTIVE_KINDS",
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


def in_region(context: ItemContext, sentence: str) -> bool:
    """Whether a sentence may concern the place the item is for: it names that region (on that
    side), or names no other region (a finding about the knee does not support a neck MRI, nor
    one about the right knee a left knee MRI)."""
    return concerns(sentence, context.regions, context.side)


def treatments_of(family: str) -> set[str]:
    """The treatment names that count as the same treatment as a request's family."""
    return _TREATMENTS.get(family, set())


# Findings only an examination, a study or an operation can make: a complaint of weakness, a
# review of systems or a utilization review's reasons do not show them.
OBJECTIVE_KINDS = frozenset(
    {"neurologic_deficit", "positive_exam_sign", "trigger_points", "exam_finding"}
)
# Plans a utilization review or a request restates are not the treating physician's plan.
_NOT_FROM_REVIEW = frozenset({"surgical_plan"})
_NOT_OBJECTIVE = (Source.COMPLAINT, Source.REVIEW, Source.REQUEST)
_STUDY_KINDS = frozenset({"imaging_result", "electrodiagnostic_result"})


def facts(
    context: ItemContext,
    kind: str,
    *,
    values: Iterable[str] | None = None,
    assertions: tuple[Assertion, ...] = (Assertion.PRESENT,),
) -> list[Fact]:
    """Facts of a kind with one of these assertions (and, if given, one of these values).
    Objective findings come only from examinations, studies and operations; plans not from a
    utilization review."""
    wanted = set(values) if values is not None else None
    found = [
        f
        for f in context.facts.of(kind)
        if f.assertion in assertions and (wanted is None or str(f.value) in wanted)
    ]
    if kind in _STUDY_KINDS:
        # a finding sentence of a study report is about the region and side its report is of
        found = [
            f
            for f in found
            if "report_place" not in f.attributes
            or concerns(str(f.attributes["report_place"]), context.regions, context.side)
        ]
    if kind in OBJECTIVE_KINDS:
        return [f for f in found if context.facts.source(f.evidence) not in _NOT_OBJECTIVE]
    if kind in _NOT_FROM_REVIEW:
        return [
            f
            for f in found
            if context.facts.source(f.evidence) not in (Source.REVIEW, Source.REQUEST)
        ]
    return found


def objective(context: ItemContext, found: Iterable[Evidence]) -> list[Evidence]:
    """The sentences that are examination, study or operative findings (not complaints, a
    review of systems, a utilization review or a request)."""
    return [e for e in found if context.facts.source(e) not in _NOT_OBJECTIVE]


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
