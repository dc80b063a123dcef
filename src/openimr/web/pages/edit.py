"""The reviewer's change to one item: decision, citation, rationale, and the reason, saved
through the service's edit use case (which keeps the engine's original and audits it); and
their note on one criterion of the item's checklist."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from openimr.domain import Citation, CitationSource, Decision
from openimr.service import usecases
from openimr.web.context import PageError, WebContext, back_to_case


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
        user, case = ctx.case(request, case_id)
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
        return back_to_case(case.id, "saved", f"#item-{index + 1}")

    @router.post("/cases/{case_id}/items/{index}/notes")
    def note(
        request: Request,
        case_id: str,
        index: int,
        form_token: Annotated[str, Form()],
        criterion: Annotated[str, Form()] = "",
        text: Annotated[str, Form()] = "",
    ) -> Response:
        ctx.check_form(request, form_token)
        user, case = ctx.case(request, case_id)
        if not criterion:
            raise PageError(422, "Criterion: say which criterion the note is on.")
        with ctx.refusals():
            usecases.note_criterion(ctx.service, ctx.actor(user), case.id, index, criterion, text)
        return back_to_case(case.id, "noted", f"#item-{index + 1}")
