"""Moving a case along the workflow: eligibility, records, assignment, draft, review, edits,
sign, issue, correction, withdrawal. Each route is one use case."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response
from pydantic import BaseModel

from openimr.api.deps import ActorDep, ServiceDep, is_staff
from openimr.api.schemas import CaseDetail, DraftView, ItemEditIn, NoteIn, ReasonIn
from openimr.service import usecases
from openimr.service.model import AssignmentRecord, ReviewCase
from openimr.service.permissions import require

router = APIRouter(tags=["workflow"])


def _detail(case: ReviewCase, actor: ActorDep) -> CaseDetail:
    return CaseDetail.of_case(case, staff=is_staff(actor))


@router.post("/cases/{case_id}/eligibility", response_model=CaseDetail)
def check_eligibility(case_id: str, ctx: ServiceDep, actor: ActorDep) -> CaseDetail:
    """Check every eligibility rule: eligible if all pass, else ineligible (each rule recorded)."""
    return _detail(usecases.check_eligibility(ctx, actor, case_id), actor)


@router.post("/cases/{case_id}/reconsideration", response_model=CaseDetail)
def reconsider(case_id: str, body: ReasonIn, ctx: ServiceDep, actor: ActorDep) -> CaseDetail:
    """Send an ineligible case back to received, with a reason."""
    return _detail(usecases.reconsider(ctx, actor, case_id, body.reason), actor)


@router.post("/cases/{case_id}/records-request", response_model=CaseDetail)
def request_records(case_id: str, ctx: ServiceDep, actor: ActorDep) -> CaseDetail:
    """Ask the claims administrator for the medical records of an eligible case."""
    return _detail(usecases.request_records(ctx, actor, case_id), actor)


class AssignmentOut(BaseModel):
    """The outcome of an assignment: every reviewer kept or excluded and why, and the chosen."""

    assigned: bool
    reviewer_id: str | None
    record: AssignmentRecord
    case: CaseDetail


@router.post("/cases/{case_id}/assignment", response_model=AssignmentOut)
def assign_reviewer(case_id: str, ctx: ServiceDep, actor: ActorDep) -> AssignmentOut:
    """Assign the best-ranked eligible reviewer with a free slot. No eligible reviewer is an
    outcome (``assigned`` false, with the reasons), not an error."""
    outcome = usecases.assign_reviewer(ctx, actor, case_id)
    return AssignmentOut(
        assigned=outcome.assigned,
        reviewer_id=outcome.record.chosen,
        record=outcome.record,
        case=_detail(outcome.case, actor),
    )


@router.get("/cases/{case_id}/assignment", response_model=AssignmentRecord)
def get_assignment(case_id: str, ctx: ServiceDep, actor: ActorDep) -> AssignmentRecord:
    """The last assignment's record: who was kept, who excluded, and why (staff)."""
    require(actor, "read_reviewers")
    case = usecases.get_case(ctx, actor, case_id)
    if case.assignment is None:
        raise HTTPException(404, f"case {case_id} has not been through assignment")
    return case.assignment


@router.post("/cases/{case_id}/assignment/release", response_model=CaseDetail)
def unassign_reviewer(case_id: str, body: ReasonIn, ctx: ServiceDep, actor: ActorDep) -> CaseDetail:
    """Take the reviewer off a case not yet drafted, with a reason (their slot is given back)."""
    return _detail(usecases.unassign_reviewer(ctx, actor, case_id, body.reason), actor)


def _draft_view(case: ReviewCase) -> DraftView:
    if case.draft is None or case.determination is None:
        raise HTTPException(404, f"case {case.id} has no draft yet")
    return DraftView(
        case_id=case.id,
        status=case.status,
        draft=case.draft,
        determination=case.determination,
        edits=case.edits,
    )


@router.post("/cases/{case_id}/draft", response_model=DraftView)
def draft(case_id: str, ctx: ServiceDep, actor: ActorDep) -> Response:
    """Have the engine decide every disputed item: the draft the reviewer checks."""
    view = _draft_view(usecases.draft(ctx, actor, case_id))
    # Serialized once, straight from the model (no second validation of the determinations).
    return Response(view.model_dump_json(), media_type="application/json")


@router.get("/cases/{case_id}/draft", response_model=DraftView)
def get_draft(case_id: str, ctx: ServiceDep, actor: ActorDep) -> DraftView:
    """The engine's draft, the determination with the reviewer's changes, and the changes."""
    return _draft_view(usecases.get_case(ctx, actor, case_id))


@router.post("/cases/{case_id}/review", response_model=CaseDetail)
def start_review(case_id: str, ctx: ServiceDep, actor: ActorDep) -> CaseDetail:
    """The assigned reviewer opens the draft for review."""
    return _detail(usecases.start_review(ctx, actor, case_id), actor)


@router.patch("/cases/{case_id}/items/{index}", response_model=DraftView)
def edit_item(
    case_id: str, index: int, body: ItemEditIn, ctx: ServiceDep, actor: ActorDep
) -> DraftView:
    """The assigned reviewer changes an item's decision, citations or rationale, with a
    reason; the engine's original is kept beside the change."""
    case = usecases.edit_item(
        ctx,
        actor,
        case_id,
        index,
        reason=body.reason,
        decision=body.decision,
        citations=body.citations,
        rationale=body.rationale,
    )
    return _draft_view(case)


@router.put("/cases/{case_id}/items/{index}/notes/{criterion}", response_model=DraftView)
def note_criterion(
    case_id: str, index: int, criterion: str, body: NoteIn, ctx: ServiceDep, actor: ActorDep
) -> DraftView:
    """The assigned reviewer writes, changes or (with an empty text) withdraws their note on
    one criterion of an item's checklist; kept with who and when, audited without its words."""
    return _draft_view(usecases.note_criterion(ctx, actor, case_id, index, criterion, body.text))


@router.post("/cases/{case_id}/sign", response_model=CaseDetail)
def sign(case_id: str, ctx: ServiceDep, actor: ActorDep) -> CaseDetail:
    """The assigned reviewer signs: the determination and its letter PDF are frozen as a new
    version with its SHA-256."""
    return _detail(usecases.sign(ctx, actor, case_id), actor)


@router.post("/cases/{case_id}/reopen", response_model=CaseDetail)
def reopen(case_id: str, body: ReasonIn, ctx: ServiceDep, actor: ActorDep) -> CaseDetail:
    """Take a signed, not yet issued determination back to review, with a reason."""
    return _detail(usecases.reopen(ctx, actor, case_id, body.reason), actor)


@router.post("/cases/{case_id}/issue", response_model=CaseDetail)
def issue(case_id: str, ctx: ServiceDep, actor: ActorDep) -> CaseDetail:
    """Issue the signed letter (staff)."""
    return _detail(usecases.issue(ctx, actor, case_id), actor)


@router.post("/cases/{case_id}/correction", response_model=CaseDetail)
def correct(case_id: str, body: ReasonIn, ctx: ServiceDep, actor: ActorDep) -> CaseDetail:
    """Open an issued determination for correction: signed again, it becomes a new version
    naming the one it replaces."""
    return _detail(usecases.correct(ctx, actor, case_id, body.reason), actor)


@router.post("/cases/{case_id}/withdrawal", response_model=CaseDetail)
def withdraw(case_id: str, body: ReasonIn, ctx: ServiceDep, actor: ActorDep) -> CaseDetail:
    """Withdraw a case not yet issued, with a reason."""
    return _detail(usecases.withdraw(ctx, actor, case_id, body.reason), actor)
