"""Letters (signed versions, PDF and HTML) and the audit trail: read only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from openimr.api.deps import ActorDep, ServiceDep
from openimr.api.schemas import LetterInfo
from openimr.service import usecases
from openimr.service.model import AuditEntry

router = APIRouter(tags=["letters and audit"])

Version = Annotated[
    int | None, Query(ge=1, description="a signed version (the latest, else the draft)")
]


@router.get("/cases/{case_id}/letters", response_model=list[LetterInfo])
def list_letters(case_id: str, ctx: ServiceDep, actor: ActorDep) -> list[LetterInfo]:
    """The signed versions of the case's letter, oldest first, each with its PDF's SHA-256."""
    return [LetterInfo.of(v) for v in usecases.get_case(ctx, actor, case_id).letters]


@router.get(
    "/cases/{case_id}/letter.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def letter_pdf(case_id: str, ctx: ServiceDep, actor: ActorDep, version: Version = None) -> Response:
    """A signed version's PDF exactly as stored, or the draft's (marked DRAFT on every page)."""
    pdf = usecases.letter_pdf(ctx, actor, case_id, version)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="letter-{case_id}.pdf"'},
    )


@router.get("/cases/{case_id}/letter.html", response_class=HTMLResponse)
def letter_html(
    case_id: str, ctx: ServiceDep, actor: ActorDep, version: Version = None
) -> HTMLResponse:
    """A signed version's letter as HTML, or the draft's."""
    return HTMLResponse(usecases.letter_html(ctx, actor, case_id, version))


@router.get("/cases/{case_id}/audit", response_model=list[AuditEntry])
def audit_trail(case_id: str, ctx: ServiceDep, actor: ActorDep) -> list[AuditEntry]:
    """The case's audit entries in order. Read only: the API has no way to change or delete one."""
    return usecases.audit_trail(ctx, actor, case_id)
