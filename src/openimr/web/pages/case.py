"""The case page: parties, records with the evidence marked, each item's checklist, flags, draft
and request side by side; the reviewer's edits, the letter, signing; staff's workflow steps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from openimr.domain import Citation, CitationSource, Decision, Evidence, ItemDetermination
from openimr.drafting.format import guideline_line
from openimr.errors import OpenIMRError
from openimr.requests import parse as parse_request
from openimr.service import usecases
from openimr.service.model import CaseStatus, ReviewCase, Role, User
from openimr.web.context import PREFIX, PageError, WebContext
from openimr.web.highlight import Segment, anchor, segments
from openimr.web.precedents import precedents
from openimr.web.views import STATUS_NAMES, timing

_SUMMARY_CHARS = 1500


@dataclass(frozen=True)
class RecordView:
    index: int
    id: str
    title: str
    date: object
    segments: list[Segment]
    marks: int


@dataclass(frozen=True)
class ItemView:
    index: int
    request: str
    original_request: str | None
    authorized: str | None
    ur_cited: list[str]
    current: ItemDetermination
    engine: ItemDetermination | None
    edited: bool
    edit_reasons: list[str]
    citation_line: str
    engine_citation_line: str | None


def _evidence(case: ReviewCase) -> list[Evidence]:
    determination = case.determination
    if determination is None:
        return []
    return [e for item in determination.items for f in item.findings for e in f.evidence]


def _records(case: ReviewCase) -> list[RecordView]:
    evidence = _evidence(case)
    views = []
    for index, record in enumerate(case.content.records):
        cut = segments(record, index, evidence)
        views.append(
            RecordView(
                index=index,
                id=record.id,
                title=record.type or (record.kind.value if record.kind else "Record"),
                date=record.date,
                segments=cut,
                marks=sum(s.marked for s in cut),
            )
        )
    return views


def _items(case: ReviewCase) -> list[ItemView]:
    current = case.determination
    if current is None:
        return []
    disputed = case.content.items
    views = []
    for index, item in enumerate(current.items):
        engine = case.draft.items[index] if case.draft else None
        edits = [e for e in case.edits if e.index == index]
        source = disputed[index] if index < len(disputed) else None
        views.append(
            ItemView(
                index=index,
                request=item.request,
                original_request=item.original_request,
                authorized=item.authorized,
                ur_cited=list(source.ur_cited_guidelines if source else [])
                or list(case.content.ur_cited_guidelines),
                current=item,
                engine=engine,
                edited=bool(edits),
                edit_reasons=[e.reason for e in edits],
                citation_line=guideline_line(item.citations, "Expert Reviewer"),
                engine_citation_line=guideline_line(engine.citations, "Expert Reviewer")
                if engine and edits
                else None,
            )
        )
    return views


def _anchors(case: ReviewCase, records: list[RecordView]) -> dict[tuple[str | None, int, int], str]:
    """The mark each evidence is shown in, by (record id, start, end): overlapping evidence
    shares one mark, the one its sentence was merged into."""
    mark_of = {name: s.anchors[0] for r in records for s in r.segments for name in s.anchors}
    index = {r.id: i for i, r in enumerate(case.content.records)}
    found: dict[tuple[str | None, int, int], str] = {}
    for e in _evidence(case):
        if e.document in index:
            name = anchor(index[e.document], e)
            if name in mark_of:
                found[(e.document, e.start, e.end)] = mark_of[name]
    return found


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _citation(source: str, document: str, chapter: str, sections: str, pages: str) -> Citation:
    try:
        kind = CitationSource(source)
    except ValueError:
        raise PageError(
            422, f"Citation source: '{source}' is not one of MTUS, Non-MTUS, none cited."
        ) from None
    if kind is CitationSource.NONE_CITED:
        return Citation(source=kind)
    if not document.strip():
        raise PageError(422, "Guideline document: give the document the decision is based on.")
    return Citation(
        source=kind,
        document=document.strip(),
        chapter=chapter.strip() or None,
        sections=_split(sections),
        pages=_split(pages),
    )


def add_routes(router: APIRouter, ctx: WebContext) -> None:
    def load(request: Request, case_id: str) -> tuple[User, ReviewCase]:
        user = ctx.require(request)
        with ctx.refusals():
            return user, usecases.get_case(ctx.service, ctx.actor(user), case_id)

    def back(case_id: str, note: str | None = None, anchor_id: str = "") -> Response:
        query = f"?done={note}" if note else ""
        return RedirectResponse(f"{PREFIX}/cases/{case_id}{query}{anchor_id}", status_code=303)

    @router.get("/cases/{case_id}", response_class=HTMLResponse)
    def case_page(request: Request, case_id: str, done: str | None = None) -> Response:
        user, case = load(request, case_id)
        actor = ctx.actor(user)
        reviewer_name = None
        audit = []
        with ctx.refusals():
            if user.role is not Role.REVIEWER:
                names = {r.id: r.name for r in usecases.list_reviewers(ctx.service, actor)}
                reviewer_name = names.get(case.reviewer_id or "")
            audit = usecases.audit_trail(ctx.service, actor, case.id)
        mine = user.role is Role.REVIEWER and case.reviewer_id == user.reviewer_id
        records = _records(case)
        return ctx.render(
            request,
            "case.html",
            user,
            case=case,
            status_names=STATUS_NAMES,
            timing=timing(case, ctx.service.clock().date(), ctx.service.deadline_rules),
            reviewer_name=reviewer_name,
            records=records,
            items=_items(case),
            anchors=_anchors(case, records),
            record_titles={r.id: r.title for r in records},
            editable=mine and case.status is CaseStatus.IN_REVIEW,
            mine=mine,
            staff=user.role is not Role.REVIEWER,
            audit=audit,
            done=done,
            sources=[s.value for s in CitationSource],
            decisions=[d.value for d in Decision],
        )

    @router.get("/cases/{case_id}/items/{index}/precedents", response_class=HTMLResponse)
    def item_precedents(
        request: Request, case_id: str, index: int, fragment: bool = False
    ) -> Response:
        user, case = load(request, case_id)
        current = case.determination
        items = current.items if current else []
        if not 0 <= index < len(case.content.items):
            raise PageError(404, f"Case {case.case_number} has no item {index + 1}.")
        request_text = case.content.items[index].request
        cited = items[index].citations if index < len(items) else []
        document = next((c.document for c in cited if c.document), None)
        if ctx.corpus is None:
            return HTMLResponse('<p class="hint">No corpus is configured for precedents.</p>')
        summary = " ".join(r.text for r in case.content.records)[:_SUMMARY_CHARS]
        try:
            found = precedents(
                ctx.corpus,
                family=items[index].service_family
                if index < len(items)
                else parse_request(request_text).family,
                request=request_text,
                document=document,
                summary=summary,
                exclude_case=case.case_number,
            )
        except OpenIMRError as error:
            return HTMLResponse(f'<p class="hint">{escape(str(error))}</p>')
        return ctx.render(request, "_precedents.html", user, found=found, asked_document=document)

    @router.post("/cases/{case_id}/items/{index}/edit")
    def edit(
        request: Request,
        case_id: str,
        index: int,
        form_token: Annotated[str, Form()],
        reason: Annotated[str, Form()] = "",
        decision: Annotated[str, Form()] = "",
        rationale: Annotated[str, Form()] = "",
        source: Annotated[str, Form()] = "",
        document: Annotated[str, Form()] = "",
        chapter: Annotated[str, Form()] = "",
        sections: Annotated[str, Form()] = "",
        pages: Annotated[str, Form()] = "",
    ) -> Response:
        ctx.check_form(request, form_token)
        user, case = load(request, case_id)
        current = case.determination
        if current is None or not 0 <= index < len(current.items):
            raise PageError(404, f"Case {case.case_number} has no drafted item {index + 1}.")
        item = current.items[index]
        if not reason.strip():
            raise PageError(
                422,
                "Reason for the change: say why the draft is changed; it is kept in the audit log.",
            )
        new_decision = None
        if decision:
            try:
                chosen = Decision(decision)
            except ValueError:
                raise PageError(
                    422, f"Decision: '{decision}' is neither Upheld nor Overturned."
                ) from None
            new_decision = chosen if chosen is not item.decision else None
        new_rationale = (
            rationale.strip()
            if rationale.strip() and rationale.strip() != item.rationale.strip()
            else None
        )
        new_citations = None
        if source:
            primary = _citation(source, document, chapter, sections, pages)
            rest = item.citations[1:]
            if not item.citations or primary != item.citations[0]:
                new_citations = [primary, *rest]
        if new_decision is None and new_rationale is None and new_citations is None:
            raise PageError(
                422, "Nothing was changed: change the decision, the citation or the rationale."
            )
        with ctx.refusals():
            usecases.edit_item(
                ctx.service,
                ctx.actor(user),
                case.id,
                index,
                reason=reason,
                decision=new_decision,
                citations=new_citations,
                rationale=new_rationale,
            )
        return back(case.id, "saved", f"#item-{index + 1}")

    def step(name: str, needs_reason: bool = False) -> Callable[..., Response]:
        def handler(
            request: Request,
            case_id: str,
            form_token: Annotated[str, Form()],
            reason: Annotated[str, Form()] = "",
            confirm: Annotated[str, Form()] = "",
        ) -> Response:
            ctx.check_form(request, form_token)
            user = ctx.require(request)
            actor = ctx.actor(user)
            if needs_reason and not reason.strip():
                raise PageError(
                    422, "Reason: this step needs a reason, which is kept in the audit log."
                )
            if name == "sign" and confirm != "yes":
                raise PageError(
                    422,
                    "Confirmation: tick the box to confirm you have reviewed every item before signing.",
                )
            with ctx.refusals():
                match name:
                    case "check_eligibility":
                        usecases.check_eligibility(ctx.service, actor, case_id)
                    case "request_records":
                        usecases.request_records(ctx.service, actor, case_id)
                    case "draft":
                        usecases.draft(ctx.service, actor, case_id)
                    case "start_review":
                        usecases.start_review(ctx.service, actor, case_id)
                    case "sign":
                        usecases.sign(ctx.service, actor, case_id)
                    case "issue":
                        usecases.issue(ctx.service, actor, case_id)
                    case "reopen":
                        usecases.reopen(ctx.service, actor, case_id, reason)
                    case "correct":
                        usecases.correct(ctx.service, actor, case_id, reason)
                    case "reconsider":
                        usecases.reconsider(ctx.service, actor, case_id, reason)
                    case "withdraw":
                        usecases.withdraw(ctx.service, actor, case_id, reason)
            return back(case_id, name)

        return handler

    for name, needs_reason in (
        ("check_eligibility", False),
        ("request_records", False),
        ("draft", False),
        ("start_review", False),
        ("sign", False),
        ("issue", False),
        ("reopen", True),
        ("correct", True),
        ("reconsider", True),
        ("withdraw", True),
    ):
        router.add_api_route(
            f"/cases/{{case_id}}/{name.replace('_', '-')}",
            step(name, needs_reason),
            methods=["POST"],
            name=f"web_{name}",
        )
