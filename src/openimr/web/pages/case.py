"""The case page: parties, records with the evidence marked, each item's checklist (with the
reviewer's notes on its criteria), flags, draft and request side by side; the reviewer's edits,
the letter, signing; staff's workflow steps."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from openimr.domain import CitationSource, Decision, Evidence, ItemDetermination
from openimr.drafting.format import guideline_line
from openimr.errors import OpenIMRError
from openimr.requests import parse as parse_request
from openimr.service import usecases
from openimr.service.model import NOTE_CHARS, CaseStatus, ItemEdit, ReviewCase, Role
from openimr.web.context import PageError, WebContext
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
    notes: dict[str, ItemEdit]
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
        edits = [e for e in case.changes if e.index == index]
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
                notes=case.notes(index),
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


def add_routes(router: APIRouter, ctx: WebContext) -> None:
    @router.get("/cases/{case_id}", response_class=HTMLResponse)
    def case_page(request: Request, case_id: str, done: str | None = None) -> Response:
        user, case = ctx.case(request, case_id)
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
            note_chars=NOTE_CHARS,
        )

    @router.get("/cases/{case_id}/items/{index}/precedents", response_class=HTMLResponse)
    def item_precedents(
        request: Request, case_id: str, index: int, fragment: bool = False
    ) -> Response:
        user, case = ctx.case(request, case_id)
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
