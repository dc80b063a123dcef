"""Cases: receiving an application, reading cases and the due list, records, disputed items."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Header, Query, Request, Response, UploadFile
from pydantic import BaseModel

from openimr import __version__
from openimr.api.cache import CaseDocuments
from openimr.api.deps import ActorDep, ServiceDep, is_staff
from openimr.api.schemas import CaseDetail, CaseSummary
from openimr.api.uploads import UploadRejected, check_upload
from openimr.domain import DisputedItem, ItemDetermination, Record, RecordKind
from openimr.errors import OpenIMRError
from openimr.service import usecases
from openimr.service.context import Actor, ServiceContext
from openimr.service.deadlines import Urgency
from openimr.service.model import CaseStatus

router = APIRouter(tags=["cases"])


@router.post("/cases", status_code=201, response_model=CaseDetail)
def receive_application(
    application: usecases.Application, ctx: ServiceDep, actor: ActorDep
) -> CaseDetail:
    """Open a case for an IMR application (staff)."""
    case = usecases.receive_application(ctx, actor, application)
    return CaseDetail.of_case(case, staff=True)


@router.get("/cases", response_model=list[CaseSummary])
def list_cases(
    ctx: ServiceDep,
    actor: ActorDep,
    status: Annotated[list[CaseStatus] | None, Query()] = None,
    due: Annotated[
        Literal["overdue", "at_risk", "any"] | None,
        Query(description="only open cases overdue, at risk, or either (staff)"),
    ] = None,
) -> list[CaseSummary]:
    """The cases the caller may see (a reviewer: their own), oldest application first; with
    ``due``, the open cases overdue or at risk of it, most urgent first, with the rule their
    deadline follows."""
    if due is None:
        return [CaseSummary.of(c) for c in usecases.list_cases(ctx, actor, statuses=status)]
    due_cases = usecases.list_due(ctx, actor)
    wanted = {"overdue": {Urgency.OVERDUE}, "at_risk": {Urgency.AT_RISK}}.get(
        due, {Urgency.OVERDUE, Urgency.AT_RISK}
    )
    cases = {c.id: c for c in usecases.list_cases(ctx, actor, statuses=status)}
    return [
        CaseSummary.of(
            cases[d.case_id], urgency=d.urgency, deadline_rule=d.rule, deadline_source=d.source
        )
        for d in due_cases
        if d.urgency in wanted and d.case_id in cases
    ]


@router.get(
    "/cases/{case_id}",
    response_model=CaseDetail,
    responses={304: {"description": "the case is unchanged since the copy with that ETag"}},
)
def get_case(
    request: Request,
    case_id: str,
    ctx: ServiceDep,
    actor: ActorDep,
    if_none_match: Annotated[
        str | None,
        Header(description="the ETag of a copy the client holds: 304 if the case is unchanged"),
    ] = None,
) -> Response:
    """One case (a reviewer: only a case assigned to them; any other is not found). The ETag
    names the case's revision: with ``If-None-Match`` the answer is 304 while it is current."""
    documents: CaseDocuments = request.app.state.case_documents
    kept = answer_from_copy(ctx, documents, actor, case_id, if_none_match)
    if kept is not None:
        return kept
    staff = is_staff(actor)
    case = usecases.get_case(ctx, actor, case_id)
    revision = case.revision  # the case may have been saved again since
    # Serialized once, straight from the model (no second validation).
    body = CaseDetail.of_case(case, staff=staff).model_dump_json().encode()
    documents.put(case_id, staff, revision, body)
    return Response(body, media_type="application/json", headers={"ETag": _etag(revision, staff)})


def answer_from_copy(
    ctx: ServiceContext,
    documents: CaseDocuments,
    actor: Actor,
    case_id: str,
    if_none_match: str | None,
) -> Response | None:
    """The answer to reading a case when it needs no more than the case's revision (see
    :func:`answer_for_revision`); None when the case must be loaded. Raises what
    :func:`usecases.case_revision` raises (a case the actor may not see is not found)."""
    # The most read route: the case's revision first (one indexed query, which also checks the
    # reader may see it), then the JSON this process sent for that revision, if it has it.
    revision = usecases.case_revision(ctx, actor, case_id)
    return answer_for_revision(documents, actor, case_id, revision, if_none_match)


def answer_for_revision(
    documents: CaseDocuments,
    actor: Actor,
    case_id: str,
    revision: int,
    if_none_match: str | None,
) -> Response | None:
    """Given the current revision of a case the actor may see: 304 if the client's copy is
    current, else the JSON this process already sent for that revision and view; else None."""
    staff = is_staff(actor)
    etag = _etag(revision, staff)
    if if_none_match is not None and _etags(if_none_match) & {"*", etag}:
        return Response(status_code=304, headers={"ETag": etag})
    body = documents.get(case_id, staff, revision)
    if body is None:
        return None
    return Response(body, media_type="application/json", headers={"ETag": etag})


def _etag(revision: int, staff: bool) -> str:
    """A case's ETag: its revision and the view (staff or reviewer), as the body depends on
    both, and the release, as the body's shape may change with it."""
    return f'"{revision}-{"s" if staff else "r"}-{__version__}"'


def _etags(header: str) -> set[str]:
    """The entity tags an If-None-Match header lists, ``*`` included (a weak tag compares as
    its strong form: RFC 9110 has If-None-Match use the weak comparison)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}


class RecordInfo(BaseModel):
    id: str
    date: dt.date | None
    type: str | None
    kind: RecordKind | None
    author: str | None
    characters: int


def _info(record: Record) -> RecordInfo:
    return RecordInfo(
        id=record.id,
        date=record.date,
        type=record.type,
        kind=record.kind,
        author=record.author,
        characters=len(record.text),
    )


@router.get("/cases/{case_id}/records", response_model=list[RecordInfo])
def list_records(case_id: str, ctx: ServiceDep, actor: ActorDep) -> list[RecordInfo]:
    """The case's medical records (their text is in the case's ``content``)."""
    return [_info(r) for r in usecases.get_case(ctx, actor, case_id).content.records]


@router.post("/cases/{case_id}/records", status_code=201, response_model=RecordInfo)
def upload_record(
    request: Request,
    case_id: str,
    ctx: ServiceDep,
    actor: ActorDep,
    file: Annotated[UploadFile, File(description="a PDF or a UTF-8 text file")],
    record_id: Annotated[str | None, Form(max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")] = None,
    date: Annotated[dt.date | None, Form()] = None,
    type: Annotated[str | None, Form(max_length=200)] = None,
    kind: Annotated[RecordKind | None, Form()] = None,
    author: Annotated[str | None, Form(max_length=200)] = None,
    received: Annotated[dt.date | None, Form(description="when the records arrived")] = None,
) -> RecordInfo:
    """Add one medical record, a PDF or text checked by its content (staff). The first records
    of a case whose records were requested mark them received and set the deadline."""
    limit: int = request.app.state.upload_limit
    checked = check_upload(file.file.read(limit + 1), limit=limit)
    text = checked.text
    if text is None:
        from openimr.letters.source import pdf_text

        try:
            text = pdf_text(checked.data, "upload")
        except OpenIMRError as error:
            raise UploadRejected(str(error), 422) from None
    if not text.strip():
        raise UploadRejected("file: no text could be read from it", 422)
    record = Record(
        id=record_id or f"upload-{ctx.new_id()[:12]}",
        date=date,
        type=type,
        kind=kind,
        author=author,
        text=text,
    )
    usecases.add_records(ctx, actor, case_id, [record], received=received)
    return _info(record)


class ItemView(BaseModel):
    """A disputed item and its determination as it stands (the draft with the reviewer's edits)."""

    index: int
    item: DisputedItem
    determination: ItemDetermination | None
    edited: bool


@router.get("/cases/{case_id}/items", response_model=list[ItemView])
def list_items(case_id: str, ctx: ServiceDep, actor: ActorDep) -> list[ItemView]:
    """The disputed items, each with its current determination once drafted."""
    case = usecases.get_case(ctx, actor, case_id)
    determination = case.determination
    edited = {e.index for e in case.changes}  # a criterion note changes no decision
    return [
        ItemView(
            index=index,
            item=item,
            determination=determination.items[index]
            if determination and index < len(determination.items)
            else None,
            edited=index in edited,
        )
        for index, item in enumerate(case.content.items)
    ]
