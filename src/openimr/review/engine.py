"""The determination engine: one decision per disputed item, each with its reasons.

For each item: parse the request, find its criteria set and the guideline that governs it on the
UR decision date (the strength-of-evidence hierarchy: the MTUS where it addresses the service,
else the named fallback), judge the criteria against the facts of the records, and write the
rationale. Associated surgical services follow the primary procedure: the primary is decided
first, and a service attached to a procedure that is not medically necessary is not either.
Deterministic: the same case gives the same determination.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from openimr.domain import (
    Case,
    Citation,
    CriterionFinding,
    CriterionResult,
    Decision,
    Determination,
    Fact,
    ItemDetermination,
)
from openimr.guidelines import KnowledgeBase, Match, Recommendation, Step, body_regions_of
from openimr.letters.citations import canonical
from openimr.requests import parse as parse_request
from openimr.requests.model import Category, Request
from openimr.review.citations import citation_of
from openimr.review.context import FactIndex, ItemContext, is_clinical_record
from openimr.review.judge import judge
from openimr.review.rationale import conclusion, lower_first, write_rationale

__all__ = ["decide", "case_facts"]

Extractor = Callable[..., list[Fact]]
_FALLBACK_STEP = "generally accepted standards of medical practice"


def case_facts(case: Case, extract: Extractor | None = None) -> list[Fact]:
    """The clinical facts of every record of a case, in record order."""
    if extract is None:
        from openimr.clinical import extract
    facts: list[Fact] = []
    for record in filter(is_clinical_record, case.records):
        facts.extend(
            extract(
                record.text,
                document=record.id,
                document_date=record.date,
                reference_date=case.ur_decision_date,
            )
        )
    return facts


def decide(
    case: Case, *, kb: KnowledgeBase | None = None, facts: Sequence[Fact] | None = None
) -> Determination:
    """Decide every disputed item of a case.

    Args:
        case: the case: its records and its disputed items.
        kb: the knowledge base (default: the one shipped with OpenIMR).
        facts: the case's clinical facts, if already extracted (default: extract them).
    """
    kb = kb or KnowledgeBase.load()
    index = FactIndex(case_facts(case) if facts is None else facts, case)
    requests = [
        _request(item.request, item.original_request, item.authorized) for item in case.items
    ]
    on = case.ur_decision_date or case.received
    decided: dict[int, ItemDetermination] = {}
    primaries = [i for i, r in enumerate(requests) if r.category is Category.SURGERY]
    order = primaries + [i for i in range(len(requests)) if i not in primaries]
    for position in order:
        request = requests[position]
        primary = None
        if position not in primaries:
            linked = _primary_of(request, [(i, requests[i]) for i in primaries])
            primary = decided.get(linked) if linked is not None else None
        context = ItemContext(
            case=case,
            request=request,
            facts=index,
            on=on,
            primary=primary,
            others=tuple(r for i, r in enumerate(requests) if i != position),
        )
        decided[position] = _decide_item(context, kb.match(request, on), kb)
    return Determination(
        case_number=case.case_number, items=[decided[i] for i in range(len(requests))]
    )


def _primary_of(request: Request, surgeries: list[tuple[int, Request]]) -> int | None:
    """The surgery an associated service goes with: the only one, or the one on the same body
    region (and side); None when that cannot be told, so the service is judged on its own."""
    if len(surgeries) == 1:
        return surgeries[0][0]
    regions = body_regions_of(list(request.body_parts))
    same = [
        i
        for i, surgery in surgeries
        if regions & body_regions_of(list(surgery.body_parts))
        and (request.laterality is None or surgery.laterality in (None, request.laterality))
    ]
    return same[0] if len(same) == 1 else None


def _request(text: str, original: str | None, authorized: str | None) -> Request:
    request = parse_request(text)
    if original or authorized:
        request = request.model_copy(
            update={"original_request": original, "authorized": authorized}
        )
    return request


def _is_associated(context: ItemContext, match: Match | None) -> bool:
    request = context.request
    return request.associated_surgical_service or bool(match and match.criteria_set.follows_primary)


def _decide_item(context: ItemContext, match: Match | None, kb: KnowledgeBase) -> ItemDetermination:
    request = context.request
    base = {
        "request": request.text,
        "original_request": request.original_request,
        "authorized": request.authorized,
        "service_family": request.family,
    }
    if (
        _is_associated(context, match)
        and context.primary is not None
        and context.primary.decision is Decision.UPHELD
    ):
        why = (
            f"This is a service associated with the requested procedure ({context.primary.request}), "
            "which is not medically necessary; an associated service follows the primary procedure."
        )
        return ItemDetermination(
            **base,
            criteria_set=match.criteria_set.id if match else None,
            hierarchy_step="follows the primary procedure",
            hierarchy_reason=why,
            decision=Decision.UPHELD,
            citations=canonical([citation_of(match.guideline.citation, context.on)])
            if match and match.guideline
            else list(context.primary.citations[:1]),
            rationale=f"{why} {conclusion(request.text, Decision.UPHELD)}",
        )
    if match is None or match.guideline is None:
        first = (
            "No criteria set in the knowledge base covers this service"
            if match is None
            else f"The knowledge base encodes no guideline for {lower_first(match.criteria_set.title)} in force on "
            f"{match.on:%Y-%m-%d}"
        )
        why = (
            f"{first}, so neither the MTUS nor a named fallback guideline supplies criteria; under generally "
            "accepted standards of medical practice the records do not establish medical necessity. "
            "A physician reviewer should confirm this item."
        )
        return ItemDetermination(
            **base,
            criteria_set=match.criteria_set.id if match else None,
            hierarchy_step=_FALLBACK_STEP,
            hierarchy_reason=why,
            decision=Decision.UPHELD,
            citations=[],
            rationale=f"{why} {conclusion(request.text, Decision.UPHELD)}",
        )
    guideline = match.guideline
    verdict = judge(guideline, context)
    decision = Decision.OVERTURNED if verdict.supported else Decision.UPHELD
    preface = None
    if _is_associated(context, match) and context.primary is not None:
        preface = (
            f"The primary procedure ({context.primary.request}) is medically necessary, so this associated "
            "service is judged on its own criteria."
        )
    rationale = write_rationale(
        guideline_name=guideline.name,
        recommendation=guideline.recommendation,
        service=lower_first(match.criteria_set.title),
        request=request.text,
        decision=decision,
        findings=verdict.findings,
        unmet=verdict.unmet,
        preface=preface,
    )
    citation = citation_of(guideline.citation, context.on)
    pages = sorted(
        {
            p
            for f in verdict.unmet or verdict.findings
            if f.citation and f.citation.document == citation.document
            for p in f.citation.pages
        }
        | set(citation.pages),
        key=lambda p: (len(p), p),
    )
    decisive = (
        verdict.unmet
        if decision is Decision.UPHELD
        else [f for f in verdict.findings if f.result is CriterionResult.MET]
    )
    return ItemDetermination(
        **base,
        criteria_set=match.criteria_set.id,
        hierarchy_step=guideline.step.value,
        hierarchy_reason=_hierarchy_reason(match, kb),
        findings=verdict.findings,
        decision=decision,
        citations=canonical(
            [
                citation.model_copy(update={"pages": pages}),
                *_other_documents(decisive, citation.document),
            ]
        ),
        rationale=rationale,
    )


def _other_documents(findings: list[CriterionFinding], governing: str | None) -> list[Citation]:
    """Citations of the decisive criteria that come from other documents, one per document, in
    the order the criteria give them (the letters list each document a decision rests on)."""
    merged: dict[str, Citation] = {}
    for finding in findings:
        cited = finding.citation
        if cited is None or not cited.document or cited.document == governing:
            continue
        if cited.document in merged:
            before = merged[cited.document]
            cited = before.model_copy(
                update={
                    "sections": list(dict.fromkeys([*before.sections, *cited.sections])),
                    "pages": list(dict.fromkeys([*before.pages, *cited.pages])),
                }
            )
        merged[cited.document] = cited
    return list(merged.values())


def _hierarchy_reason(match: Match, kb: KnowledgeBase) -> str:
    guideline = match.guideline
    assert guideline is not None
    if guideline.step is Step.MTUS:
        return f"The MTUS addresses this service: {guideline.name} governs (in force on {match.on:%Y-%m-%d})."
    silent = [
        g.name
        for g in kb.in_force(match.criteria_set, match.on)
        if g.step is Step.MTUS and g.recommendation is Recommendation.NOT_ADDRESSED
    ]
    first = (
        f"The MTUS ({', '.join(silent)}) does not address this service"
        if silent
        else "No MTUS guideline addressing this service is in force"
    )
    return f"{first}; the next step of the hierarchy applies: {guideline.name}."
