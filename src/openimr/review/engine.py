"""The determination engine: one decision per disputed item, each with its reasons.

For each item: parse the request, find its criteria set and the guideline that governs it on the
UR decision date (the strength-of-evidence hierarchy: the MTUS where it addresses the service,
else the named fallback), judge the criteria against the facts of the records, and write the
rationale. Associated surgical services follow the primary procedure: the primary is decided
first, and a service attached to a procedure that is not medically necessary is not either.
Deterministic: the same case gives the same determination.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from openimr.domain import (
    AttentionFlag,
    Case,
    Citation,
    CriterionFinding,
    CriterionResult,
    Decision,
    Determination,
    DisputedItem,
    Fact,
    FlagKind,
    ItemDetermination,
)
from openimr.guidelines import KnowledgeBase, Match, Recommendation, Step
from openimr.requests import parse as parse_request
from openimr.requests.model import Category, Request
from openimr.review.citations import citation_of, in_letter_order
from openimr.review.context import FactIndex, ItemContext, is_clinical_record
from openimr.review.duplicate import already_authorized
from openimr.review.facts.catalog import check_facts
from openimr.review.flags import attention_flags, edition_flag
from openimr.review.judge import Verdict, judge
from openimr.review.phase import item_phase
from openimr.review.place import item_place, regions_named
from openimr.review.rationale import conclusion, lower_first, write_rationale
from openimr.review.surgery import (
    after_recent_surgery,
    case_surgeries,
    is_perioperative,
    surgery_of,
)

__all__ = ["decide", "case_facts"]

Extractor = Callable[..., list[Fact]]
_FALLBACK_STEP = "generally accepted standards of medical practice"


def case_facts(case: Case, extract: Extractor | None = None) -> list[Fact]:
    """The clinical facts of every record of a case, in record order."""
    if extract is None:
        from openimr.clinical import extract as extract_text

        extract = extract_text
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
    check_facts(kb)  # an undeclared fact fails before anything is decided
    index = FactIndex(case_facts(case) if facts is None else facts, case)
    requests = [_request(item) for item in case.items]
    on = case.ur_decision_date or case.received
    places = [
        item_place(item, request, case.records, index.sentences)
        for item, request in zip(case.items, requests, strict=True)
    ]
    known = case_surgeries(case, index, requests)
    requests = [
        is_perioperative(request, index, bool(known.certified or known.planned or known.disputed))
        for request in requests
    ]
    for position, request in enumerate(requests):
        done = after_recent_surgery(request, index, case, places[position])
        if done is not None:
            requests[position] = request.model_copy(
                update={
                    "associated_surgical_service": True,
                    "perioperative": "post-operative",
                    "for_surgery": done.kind,
                }
            )
    decided: dict[int, ItemDetermination] = {}
    primaries = [i for i, r in enumerate(requests) if r.category is Category.SURGERY]
    order = primaries + [i for i in range(len(requests)) if i not in primaries]
    for position in order:
        request = requests[position]
        surgery = None
        if position not in primaries:
            surgery = surgery_of(
                request,
                places[position],
                [(requests[i], places[i], decided.get(i)) for i in primaries],
                known,
            )
        context = ItemContext(
            case=case,
            request=request,
            facts=index,
            on=on,
            primary=surgery.decision if surgery else None,
            others=tuple(r for i, r in enumerate(requests) if i != position),
            regions=places[position][0],
            side=places[position][1],
            surgery=surgery,
        )
        phase, phase_reason = item_phase(
            case, places[position][0], index.sentences, on, index.onset_candidates
        )
        # RequestLike asks for settable attributes; a parsed Request is frozen (read-only).
        # A service around a surgery that names no region ("Cold therapy unit 7 day rental") is
        # for the surgery's region: the knee chapter's criteria for a knee operation.
        matched = request
        if not request.body_parts and request.drug:
            # A drug is for the region the records give it ("naproxen for the lumbar strain"), not
            # for a surgery's region: in the acute and subacute phases that region's ACOEM chapter.
            if places[position][0]:
                matched = request.model_copy(update={"body_parts": sorted(places[position][0])})
        elif not request.body_parts and surgery is not None and surgery.regions:
            matched = request.model_copy(update={"body_parts": sorted(surgery.regions)})
        match = kb.match(matched, on, phase=phase)  # type: ignore[arg-type]
        if match is not None and match.phase_reason:
            short = _phase_sentence(match, None if phase_reason else _weeks(case, on))
            match = replace(match, phase_reason=" ".join(p for p in (phase_reason, short) if p))
        decided[position] = _decide_item(context, match, kb)
    return Determination(
        case_number=case.case_number, items=[decided[i] for i in range(len(requests))]
    )


def _request(item: DisputedItem) -> Request:
    request = parse_request(item.request)
    if item.original_request or item.authorized:
        request = request.model_copy(
            update={"original_request": item.original_request, "authorized": item.authorized}
        )
    return request


def _is_associated(context: ItemContext, match: Match | None) -> bool:
    request = context.request
    return request.associated_surgical_service or bool(match and match.criteria_set.follows_primary)


def _base(context: ItemContext) -> dict[str, object]:
    request = context.request
    return {
        "request": request.text,
        "original_request": request.original_request,
        "authorized": request.authorized,
        "service_family": request.family,
    }


def _decide_item(context: ItemContext, match: Match | None, kb: KnowledgeBase) -> ItemDetermination:
    request = context.request
    if (
        _is_associated(context, match)
        and context.primary is not None
        and context.primary.decision is Decision.UPHELD
    ):
        why = (
            f"This is a service that goes with the requested procedure ({context.primary.request}), "
            "which is not medically necessary; a service associated with a procedure follows it."
        )
        return ItemDetermination(
            **_base(context),
            criteria_set=match.criteria_set.id if match else None,
            hierarchy_step="follows the primary procedure",
            hierarchy_reason=why,
            decision=Decision.UPHELD,
            citations=in_letter_order([citation_of(match.guideline.citation, context.on)])
            if match and match.guideline
            else list(context.primary.citations[:1]),
            rationale=f"{why} {conclusion(request.text, Decision.UPHELD)}",
            flags=edition_flag(match),
        )
    if match is None or match.guideline is None:
        return _without_criteria(context, match)
    guideline = match.guideline
    verdict = judge(guideline, context)
    _duplicate(context, verdict)
    decision = Decision.OVERTURNED if verdict.supported else Decision.UPHELD
    preface = _surgery_preface(context, match)
    if match.beyond_editions:
        preface = " ".join(
            p
            for p in (
                preface,
                f"The dispute is dated after the last edition the knowledge base holds; the "
                f"criteria below are those of {guideline.name}, and the reviewer must confirm "
                "them against the edition in force.",
            )
            if p
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
        describe=context.facts.describe,
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
        **_base(context),
        criteria_set=match.criteria_set.id,
        hierarchy_step=guideline.step.value,
        hierarchy_reason=_hierarchy_reason(match, kb),
        findings=verdict.findings,
        decision=decision,
        citations=in_letter_order(
            _governing_first(
                citation.model_copy(update={"pages": pages}),
                [
                    c
                    for c in _other_documents(decisive, citation.document)
                    if _of_this_place(c.document, context, kb)
                ],
                _resting_on(verdict, decision, context, kb),
            )
        ),
        rationale=rationale,
        flags=attention_flags(context, match, verdict, decision),
    )


def _duplicate(context: ItemContext, verdict: Verdict) -> None:
    """A one-time service the records say was already authorized is not supported a second time
    (``review.duplicate``): the verdict gets an unmet finding saying so, with its sentence."""
    said = already_authorized(context)
    if said is None:
        return
    finding = CriterionFinding(
        criterion="not_already_authorized",
        statement=(
            "The same one-time service has not already been authorized; a second authorization "
            "of it would duplicate the first."
        ),
        result=CriterionResult.NOT_MET,
        evidence=[said],
        note="the records say this service was already authorized",
    )
    verdict.findings.append(finding)
    verdict.unmet.append(finding)
    verdict.supported = False
    context.assume(
        "The records say this service was already authorized; the request was judged as a "
        "duplicate of that authorization, presumed still available to the worker."
    )


def _without_criteria(context: ItemContext, match: Match | None) -> ItemDetermination:
    """No criteria set covers the service, or none is in force on the date: decided Upheld by
    the hierarchy's last step, and flagged so that the reviewer decides it."""
    request = context.request
    if match is None:
        first = "No criteria set in the knowledge base covers this service"
    elif match.beyond_editions:
        first = (
            f"The MTUS in force on {match.on:%m/%d/%Y} governs "
            f"{lower_first(match.criteria_set.title)}, but the knowledge base does not hold "
            "that edition and holds no fallback guideline for it on that date"
        )
    else:
        first = (
            f"The knowledge base holds no guideline for {lower_first(match.criteria_set.title)} "
            f"in force on {match.on:%m/%d/%Y}"
        )
    if match is not None and match.beyond_editions:
        why = (
            f"{first}, so the knowledge base supplies no criteria here. The physician reviewer "
            "must decide this item under the MTUS edition in force; until then the draft upholds "
            "the utilization review decision."
        )
    else:
        why = (
            f"{first}, so neither the MTUS nor a named fallback guideline supplies criteria here. "
            "The physician reviewer must decide this item without criteria from the knowledge "
            "base, under generally accepted standards of medical practice; until then the draft "
            "upholds the utilization review decision."
        )
    flags = [
        AttentionFlag(
            kind=FlagKind.NO_CRITERIA_SET,
            detail=f"{first}; the reviewer must decide this item without criteria.",
        ),
        *edition_flag(match),
    ]
    return ItemDetermination(
        **_base(context),
        criteria_set=match.criteria_set.id if match else None,
        hierarchy_step=_FALLBACK_STEP,
        hierarchy_reason=why,
        decision=Decision.UPHELD,
        citations=[],
        rationale=f"{why} {conclusion(request.text, Decision.UPHELD)}",
        flags=flags,
    )


def _surgery_preface(context: ItemContext, match: Match) -> str | None:
    """What the rationale says of the surgery a service goes with."""
    surgery = context.surgery
    if surgery is None or not (
        _is_associated(context, match) or context.request.associated_surgical_service
    ):
        return None
    if surgery.how == "disputed":
        return (
            f"The primary procedure ({surgery.name}) is medically necessary, so this associated "
            "service is judged on its own criteria."
        )
    if surgery.how == "certified":
        return (
            f"Utilization review certified the {lower_first(surgery.name)}; it is presumed to go "
            "ahead, and this service is judged as one that goes with it."
        )
    return (
        f"The records plan the {lower_first(surgery.name)}; this service is judged as one that "
        "goes with it."
    )


def _resting_on(
    verdict: Verdict, decision: Decision, context: ItemContext, kb: KnowledgeBase
) -> str | None:
    """The one document every met requirement of an overturned item cites, if there is one: the
    decision rests on it ("NSAIDs are recommended for neck complaints", ACOEM Table 8-8). A
    body-region chapter of another region never comes first: a low back item does not rest on
    the neck chapter, whatever example a criterion quotes."""
    if decision is not Decision.OVERTURNED:
        return None
    documents = {
        f.citation.document
        for f in verdict.findings
        if f.result is CriterionResult.MET and f.criterion in verdict.requirements and f.citation
    }
    if len(documents) != 1:
        return None
    document = documents.pop()
    return document if _of_this_place(document, context, kb) else None


def _of_this_place(document: str | None, context: ItemContext, kb: KnowledgeBase) -> bool:
    """Whether a document may be cited for this item: any document but a body-region chapter
    of another region than the item's (or, for a drug written with no place, than every region
    the records name)."""
    regions = _chapter_regions(kb).get(_without_year(document or ""))
    if not regions:
        return True
    place = set(context.regions) or {
        r for e in context.facts.sentences for r in regions_named(e.sentence)
    }
    return bool(regions & place)


def _without_year(document: str) -> str:
    words = document.split()
    return " ".join(words[:-1]) if words and words[-1].isdigit() else document


def _chapter_regions(kb: KnowledgeBase) -> dict[str, set[str]]:
    """For each document that governs criteria sets written for body regions, those regions (the
    ACOEM chapters: Neck and Upper Back for the cervical and thoracic spine, and so on); a
    document that also governs a set for no region is not a region's chapter."""
    cached = getattr(kb, "_chapter_regions", None)
    if cached is not None:
        return cached
    regions: dict[str, set[str]] = {}
    general: set[str] = set()
    for criteria_set in kb.all():
        for guideline in criteria_set.guidelines:
            document = guideline.citation.document
            if not document:
                continue
            if criteria_set.body_regions:
                regions.setdefault(document, set()).update(
                    str(getattr(r, "value", r)) for r in criteria_set.body_regions
                )
            else:
                general.add(document)
    found = {d: r for d, r in regions.items() if d not in general}
    object.__setattr__(kb, "_chapter_regions", found)
    return found


def _governing_first(
    governing: Citation, others: list[Citation], resting_on: str | None
) -> list[Citation]:
    """The governing guideline first, then the other documents the decisive criteria cite;
    an overturned item whose met requirements all cite one other document lists that first."""
    first = [c for c in others if resting_on and c.document == resting_on]
    return [*first, governing, *(c for c in others if c not in first)]


def _other_documents(findings: list[CriterionFinding], governing: str | None) -> list[Citation]:
    """Citations of the decisive criteria that come from other documents, one per document, in
    the order the criteria give them (the letters list each document a decision rests on)."""
    merged: dict[str, Citation] = {}
    for finding in findings:
        cited = finding.citation
        if cited is None or not cited.document or cited.document == governing:
            continue
        document = cited.document
        if document in merged:
            before = merged[document]
            cited = before.model_copy(
                update={
                    "sections": list(dict.fromkeys([*before.sections, *cited.sections])),
                    "pages": list(dict.fromkeys([*before.pages, *cited.pages])),
                }
            )
        merged[document] = cited
    return list(merged.values())


def _hierarchy_reason(match: Match, kb: KnowledgeBase) -> str:
    guideline = match.guideline
    assert guideline is not None
    if guideline.step is Step.MTUS:
        reason = f"The MTUS addresses this service: {guideline.name} governs (in force on {match.on:%m/%d/%Y})."
        phase_reason = getattr(match, "phase_reason", None)
        return f"{reason} {phase_reason[:1].upper()}{phase_reason[1:]}" if phase_reason else reason
    silent = [
        g.name
        for g in kb.in_force(match.criteria_set, match.on)
        if g.step is Step.MTUS
        and g.recommendation is Recommendation.NOT_ADDRESSED
        and "address" not in g.name.lower()
    ]
    if silent:
        verb = "are" if len(silent) > 1 else "is"
        first = f"The MTUS does not address this service (the {' and the '.join(silent)} {verb} silent on it)"
    elif any(
        g.step is Step.MTUS and g.recommendation is Recommendation.NOT_ADDRESSED
        for g in kb.in_force(match.criteria_set, match.on)
    ):
        first = "The MTUS does not address this service"
    elif match.beyond_editions:
        return _beyond_editions(match, guideline.name)
    else:
        first = "No MTUS guideline addressing this service is in force"
    return f"{first}; the next step of the hierarchy applies: {guideline.name}."


def _beyond_editions(match: Match, fallback: str) -> str:
    """Why a later dispute is judged on a fallback: the MTUS is in force on its date, but the
    knowledge base does not hold that edition."""
    held = (
        f" (it holds editions through {match.held_through:%m/%d/%Y})" if match.held_through else ""
    )
    return (
        f"The MTUS in force on {match.on:%m/%d/%Y} governs this service, but the knowledge base "
        f"does not hold that edition{held}; the criteria below are those of {fallback}, the "
        "next step of the hierarchy, until the reviewer applies the MTUS edition in force."
    )


def _weeks(case: Case, on: dt.date | None) -> float | None:
    """Weeks from the date of injury to ``on``."""
    if case.date_of_injury is None or on is None:
        return None
    return (on - case.date_of_injury).days / 7


def _phase_sentence(match: Match, weeks: float | None) -> str | None:
    """The phase of care in one sentence: the phase, the time since the injury, the document
    that governs and the regulation that says so. The guideline data's ``phase_note`` keeps the
    full justification."""
    governing = match.guideline
    if match.phase is None or governing is None:
        return None
    limited = [g for g in match.criteria_set.guidelines if g.phases and g.in_force(match.on)]
    if not limited:
        return None
    since = f" ({weeks:.0f} weeks after the injury)" if weeks is not None else ""
    others = [g.name for g in limited if g is not governing and g.name != governing.name]
    instead = f", not {' or '.join(others)}" if others else ""
    rule = next((g.phase_rule for g in limited if g.phase_rule), None)
    return (
        f"{match.phase.value.capitalize()} phase of care{since}: {governing.name} governs"
        f"{instead}{f' ({rule})' if rule else ''}."
    )
