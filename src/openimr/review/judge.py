"""Judging a request against its governing guideline: criteria, counting rules, limits, continuation.

The guideline's own combination rule (see ``guidelines.schema.Guideline``): criteria that do not
apply to the request's family are set aside; each group counts the criteria it names (one of,
all of, at least N), a group with ``applies_when`` only when that criterion is met; a criterion
in no group must hold on its own. Then the request must stay within the quantity limits, and a
treatment already tried must meet the rules for continuing it. IMR decides the request as
submitted: a request beyond a limit is not partly approved.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field

from openimr.domain import Citation, CriterionFinding, CriterionResult
from openimr.guidelines.schema import (
    Comparison,
    CountingRule,
    CriteriaGroup,
    Criterion,
    CriterionKind,
    Guideline,
    LimitScope,
    QuantityLimit,
    Recommendation,
    Threshold,
    Unit,
)
from openimr.requests.model import Category
from openimr.review.citations import citation_of
from openimr.review.context import ItemContext
from openimr.review.facts import Resolution, resolve, resolve_declared
from openimr.review.rationale import EXCLUDED

__all__ = ["Verdict", "judge"]

_COMPARISON_WORDS = {
    Comparison.GTE: "at least",
    Comparison.GT: "more than",
    Comparison.LTE: "at most",
    Comparison.LT: "less than",
    Comparison.EQ: "exactly",
}
_COMPARE = {
    Comparison.GTE: operator.ge,
    Comparison.GT: operator.gt,
    Comparison.LTE: operator.le,
    Comparison.LT: operator.lt,
    Comparison.EQ: operator.eq,
}
# A request that says it continues a course: "Additional physical therapy", "Continue PT",
# "Repeat MRI", "6 more sessions", "refill of". Not a complaint word ("for ongoing back pain").
_CONTINUING = re.compile(
    r"^\s*(?:retrospective\s+)?(?:additional|continued?|continuing|further|repeat|renewal|refills?)\b"
    r"|\b(?:additional|further|more)\s+(?:\d+|one|two|three|four|five|six|eight|ten|twelve)\b"
    r"|\b\d+\s+(?:more|additional|further)\b|\brefills? of\b",
    re.I,
)


@dataclass
class Verdict:
    """The findings, and whether they establish medical necessity."""

    findings: list[CriterionFinding] = field(default_factory=list)
    supported: bool = False
    unmet: list[CriterionFinding] = field(default_factory=list)
    #: decisive criteria the records both show and deny
    conflicts: list[str] = field(default_factory=list)
    #: the decisive criteria, when every one of them is unconfirmed
    unconfirmed: list[str] = field(default_factory=list)
    #: ids of the criteria that must be met (not exclusions)
    requirements: set[str] = field(default_factory=set)


def judge(guideline: Guideline, context: ItemContext) -> Verdict:
    """Judge the request in ``context`` against ``guideline``."""
    family = context.request.family
    applicable = [
        c
        for c in guideline.criteria
        if not c.applies_to or family in {f.value for f in c.applies_to}
    ]
    conflicting: set[str] = set()
    confirmed: dict[str, bool] = {}
    results = {c.id: _criterion(c, context, conflicting) for c in applicable}
    for c in applicable:
        confirmed[c.id] = c.citation.confirmed
    verdict = Verdict(
        findings=list(results.values()),
        requirements={c.id for c in applicable if c.kind is CriterionKind.REQUIREMENT},
    )
    switches = {g.applies_when for g in guideline.groups if g.applies_when} | {
        i for g in guideline.groups for i in g.applies_unless
    }
    grouped: set[str] = set(switches)
    for group in guideline.groups:
        members = [results[i] for i in group.criteria if i in results]
        grouped.update(group.criteria)
        if not members or not _group_applies(group, results):
            continue
        met = sum(f.result is CriterionResult.MET for f in members)
        needed = {
            CountingRule.ONE_OF: 1,
            CountingRule.ALL_OF: len(members),
            CountingRule.AT_LEAST_N: group.n or 1,
        }[group.rule]
        if met < needed:
            verdict.unmet.extend(f for f in members if f.result is not CriterionResult.MET)
    verdict.unmet.extend(
        f for i, f in results.items() if i not in grouped and f.result is not CriterionResult.MET
    )
    tried = _already_tried(context, guideline)
    for limit in _limits_for_the_surgery(guideline.quantity_limits, context):
        finding = _limit(limit, context, tried)
        if finding:
            verdict.findings.append(finding)
            if finding.result is CriterionResult.NOT_MET:
                verdict.unmet.append(finding)
    if tried:
        for rule in guideline.continuation:
            if any(
                i in results and results[i].result is CriterionResult.MET
                for i in rule.applies_unless
            ):
                continue
            finding = _criterion_like(
                rule.id,
                rule.statement,
                rule.fact,
                rule.threshold,
                CriterionKind.REQUIREMENT,
                context,
                citation_of(rule.citation, context.on),
                conflicting,
            )
            confirmed[rule.id] = rule.citation.confirmed
            verdict.findings.append(finding)
            if finding.result is not CriterionResult.MET:
                verdict.unmet.append(finding)
    # What the guideline expects the record to hold is reported for the reviewer; the decision
    # itself turns on the criteria, the limits and the continuation rules.
    for fact in guideline.documentation_required:
        if resolve(fact, context).state != "present":
            verdict.findings.append(
                CriterionFinding(
                    criterion=fact,
                    statement=f"Documentation of {fact.replace('_', ' ')}.",
                    result=CriterionResult.NOT_DOCUMENTED,
                    note="expected documentation; not itself decisive",
                )
            )
    supports = guideline.recommendation in (
        Recommendation.RECOMMENDED,
        Recommendation.CONDITIONALLY_RECOMMENDED,
    )
    verdict.supported = supports and not verdict.unmet
    decisive = (
        [
            f
            for f in verdict.findings
            if f.result is CriterionResult.MET and f.criterion in confirmed
        ]
        if verdict.supported
        else [f for f in verdict.unmet if f.criterion in confirmed]
    )
    verdict.conflicts = [f.statement for f in decisive if f.criterion in conflicting]
    if decisive and not any(confirmed[f.criterion] for f in decisive):
        verdict.unconfirmed = [f.statement for f in decisive]
    return verdict


def _group_applies(group: CriteriaGroup, results: dict[str, CriterionFinding]) -> bool:
    """Whether a group's switches turn it on: its ``applies_when`` criterion met (if any), and
    none of its ``applies_unless`` criteria met."""

    def met(criterion_id: str) -> bool:
        return criterion_id in results and results[criterion_id].result is CriterionResult.MET

    if group.applies_when and not met(group.applies_when):
        return False
    return not any(met(i) for i in group.applies_unless)


def _criterion(
    criterion: Criterion, context: ItemContext, conflicting: set[str]
) -> CriterionFinding:
    return _criterion_like(
        criterion.id,
        criterion.statement,
        criterion.fact,
        criterion.threshold,
        criterion.kind,
        context,
        citation_of(criterion.citation, context.on),
        conflicting,
    )


def _criterion_like(
    id: str,
    statement: str,
    fact: str,
    threshold: Threshold | None,
    kind: CriterionKind,
    context: ItemContext,
    citation: Citation,
    conflicting: set[str],
) -> CriterionFinding:
    resolution = resolve(fact, context)
    if resolution.state == "present" and resolution.denied:
        conflicting.add(id)
    result, note = _result(resolution, threshold, kind)
    return CriterionFinding(
        criterion=id,
        statement=statement,
        result=result,
        evidence=list(resolution.evidence[:3]),
        note=note or resolution.note,
        citation=citation,
    )


def _result(
    resolution: Resolution, threshold: Threshold | None, kind: CriterionKind
) -> tuple[CriterionResult, str | None]:
    if kind is CriterionKind.EXCLUSION:
        if resolution.state == "present":
            return CriterionResult.NOT_MET, EXCLUDED
        return (
            CriterionResult.MET,
            None if resolution.state == "absent" else "not found in the record",
        )
    if resolution.state == "absent":
        return CriterionResult.NOT_MET, None
    if resolution.state == "unknown":
        return CriterionResult.NOT_DOCUMENTED, None
    if threshold is None:
        return CriterionResult.MET, None
    if resolution.value is None:
        return (
            CriterionResult.NOT_DOCUMENTED,
            "documented, but without the measure the guideline asks for",
        )
    if _COMPARE[threshold.comparison](resolution.value, threshold.value):
        return CriterionResult.MET, None
    return (
        CriterionResult.NOT_MET,
        f"{_amount(resolution.value)} {threshold.unit.value}, where the guideline asks for "
        f"{_COMPARISON_WORDS[threshold.comparison]} {threshold.value:g}",
    )


def _amount(value: float) -> str:
    """A measure as a reviewer writes it: 1.44665 months is "1.4 months", 12.0 weeks "12"."""
    return f"{round(value, 1):g}" if abs(value) < 100 else f"{round(value):g}"


# A study or a consultation is asked for once, on the findings of the day: whether there was an
# earlier one is a repeat study's question (which the records answer when they name it), not a
# first course against a continued one, so not knowing is no assumption worth a reviewer's look.
_ONE_TIME_DIAGNOSTICS = frozenset(
    {Category.IMAGING, Category.ELECTRODIAGNOSTICS, Category.EVALUATION_AND_CONSULTATION}
)


def _already_tried(context: ItemContext, guideline: Guideline) -> bool:
    """Whether the request continues a treatment the worker has had (so continuation rules apply).

    Continuing only when the request says so ("additional", "refill") or the records show the
    same treatment given before; a part of the request that the claims administrator authorized
    is not treatment already tried. When the records do not say, the request is judged as a
    first course or prescription, and the item says so (an assumption) wherever it matters: for
    courses of treatment and medicines, whose continuation rules differ, not for a one-time study.
    """
    request = context.request
    if _CONTINUING.search(request.text):
        return True
    if (
        request.associated_surgical_service
        or request.category is Category.ASSOCIATED_SURGICAL_SERVICE
    ):
        return False  # post-operative care starts a new course; earlier care was before surgery
    fact = (
        "taking_requested_drug"
        if request.category is Category.MEDICATION
        else f"prior_{request.family}"
    )
    state = resolve_declared(fact, context).state
    if (
        state == "unknown"
        and request.category not in _ONE_TIME_DIAGNOSTICS
        and (
            guideline.continuation
            or any(limit.scope is LimitScope.INITIAL_TRIAL for limit in guideline.quantity_limits)
        )
    ):
        what = (
            f"whether the worker has taken {request.drug or 'this medication'} before"
            if request.category is Category.MEDICATION
            else "whether this treatment was given before"
        )
        kind = "prescription" if request.category is Category.MEDICATION else "course"
        context.assume(
            f"The records do not say {what}; the request was judged as a first {kind}, not as "
            "continuing treatment."
        )
    return state == "present"


def _requested_amount(limit: QuantityLimit, context: ItemContext) -> float | None:
    request = context.request
    if limit.unit in (Unit.VISITS, Unit.SESSIONS, Unit.TREATMENTS):
        if request.sessions is not None:
            return request.sessions
        return request.sessions_range[1] if request.sessions_range else None
    if limit.unit is Unit.INJECTIONS:
        return request.units or (
            request.quantity if request.category is Category.INJECTION else None
        )
    if limit.unit is Unit.LEVELS:
        return request.level_count
    if limit.unit is Unit.DAYS:
        return request.duration_days or (
            request.duration_weeks * 7 if request.duration_weeks else None
        )
    if limit.unit is Unit.WEEKS:
        return request.duration_weeks or (
            request.duration_days / 7 if request.duration_days else None
        )
    if limit.unit is Unit.TIMES_PER_WEEK:
        return request.frequency_per_week
    return None


def _limits_for_the_surgery(
    limits: list[QuantityLimit], context: ItemContext
) -> list[QuantityLimit]:
    """The limits that apply: a limit written for some kinds of surgery (post-operative therapy
    after a rotator cuff repair, after a knee arthroscopy) applies only after those; when the
    surgery's kind is known and some limit names it, the limits for other kinds are set aside."""
    kind = context.surgery.kind if context.surgery else context.request.for_surgery
    kinds_of = {id(limit): set(getattr(limit, "surgery_kinds", None) or ()) for limit in limits}
    if kind is None or not any(kind in kinds for kinds in kinds_of.values()):
        return [limit for limit in limits if not kinds_of[id(limit)]]
    return [limit for limit in limits if not kinds_of[id(limit)] or kind in kinds_of[id(limit)]]


_COUNTED = (Unit.VISITS, Unit.SESSIONS, Unit.TREATMENTS)


def _authorized_amount(limit: QuantityLimit, context: ItemContext) -> float:
    """What the claims administrator already authorized of the same course (a partial
    authorization): it counts toward the course's limits, though it is not treatment given."""
    authorized = context.request.authorized
    if not authorized or limit.scope in (LimitScope.PER_SESSION, LimitScope.PER_REQUEST):
        return 0.0
    from dataclasses import replace

    from openimr.requests import parse as parse_request

    part = parse_request(authorized)
    if part.family != context.request.family:
        return 0.0
    return _requested_amount(limit, replace(context, request=part)) or 0.0


def _limit(limit: QuantityLimit, context: ItemContext, tried: bool) -> CriterionFinding | None:
    if limit.scope is LimitScope.INITIAL_TRIAL and tried:
        return None
    amount = _requested_amount(limit, context)
    if amount is None:
        return None
    prior = 0.0
    if limit.scope in (LimitScope.TOTAL_COURSE, LimitScope.PER_INJURY) and limit.unit in _COUNTED:
        prior = resolve_declared(f"prior_{context.request.family}", context).value or 0.0
    authorized = _authorized_amount(limit, context)
    total = amount + prior + authorized
    within = total <= limit.max
    said = [f"{amount:g} {limit.unit.value} requested"]
    if authorized:
        said.append(f"{authorized:g} of the same course already authorized")
    if prior:
        said.append(f"{prior:g} already given")
    return CriterionFinding(
        criterion=limit.id,
        statement=limit.statement,
        result=CriterionResult.MET if within else CriterionResult.NOT_MET,
        note=", ".join(said)
        + f"; the guideline allows at most {limit.max:g}"
        + (
            ""
            if limit.scope is LimitScope.PER_SESSION
            else f" ({limit.scope.value.replace('_', ' ')})"
        ),
        citation=citation_of(limit.citation, context.on),
    )
