"""From application to records: receive an application, check its eligibility, request and add
the medical records (which starts the deadline)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from openimr.domain import Case, Priority, Record
from openimr.service.context import Actor, ServiceContext
from openimr.service.deadlines import deadline_of
from openimr.service.eligibility import check_eligibility as eligibility_checks
from openimr.service.eligibility import same_request
from openimr.service.errors import InvalidRequest, TransitionNotAllowed
from openimr.service.facts import RecordFacts, extract_records
from openimr.service.model import CaseParties, CaseStatus, ReviewCase
from openimr.service.permissions import require
from openimr.service.usecases._steps import load, move, record, save, step

__all__ = [
    "Application",
    "receive_application",
    "check_eligibility",
    "reconsider",
    "request_records",
    "add_records",
    "set_priority",
]


class Application(BaseModel):
    """An application for Independent Medical Review as the review organization receives it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case_number: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9\-]*$")
    received: dt.date
    priority: Priority = Priority.STANDARD
    formulary_drug_dispute: bool = False
    case: Case
    parties: CaseParties = Field(default_factory=CaseParties)


def receive_application(ctx: ServiceContext, actor: Actor, application: Application) -> ReviewCase:
    """Open a case for an application (status received)."""
    require(actor, "receive_application")
    now = ctx.clock()
    content = application.case.model_copy(
        update={
            "case_number": application.case_number,
            "received": application.received,
            "priority": application.priority,
        }
    )
    case = ReviewCase(
        id=ctx.new_id(),
        case_number=application.case_number,
        priority=application.priority,
        formulary_drug_dispute=application.formulary_drug_dispute,
        application_received=application.received,
        ur_decision_date=content.ur_decision_date,
        content=content,
        parties=application.parties,
        created_at=now,
        updated_at=now,
    )
    with ctx.uow() as uow:
        if uow.cases.get_by_number(case.case_number) is not None:
            raise InvalidRequest(f"case_number: {case.case_number} is already open")
        uow.cases.add(case)
        record(
            ctx,
            uow,
            actor,
            case,
            "receive_application",
            target=CaseStatus.RECEIVED,
            detail=f"{len(content.items)} disputed item(s), {len(content.records)} record(s)",
        )
        uow.commit()
    return case


_DECIDED = (CaseStatus.SIGNED, CaseStatus.ISSUED)


def _decided_requests(case: ReviewCase, others: list[ReviewCase]) -> list[str]:
    """Requests other cases already decided for the same request for authorization: the same
    injured worker with the same claims administrator, and the same request date (else UR
    decision date). Without an identified worker nothing is matched: a claims administrator
    decides many workers' requests on one day."""

    def key(c: ReviewCase) -> tuple[str, str, dt.date | None]:
        return (
            same_request(c.parties.employee or ""),
            same_request(c.parties.claims_administrator or ""),
            c.content.request_date or c.ur_decision_date,
        )

    mine = key(case)
    if not mine[0] or mine[2] is None:
        return []
    return [
        item.request
        for other in others
        if other.id != case.id and key(other) == mine
        for item in other.content.items
    ]


def check_eligibility(ctx: ServiceContext, actor: Actor, case_id: str) -> ReviewCase:
    """Check every eligibility rule; the case becomes eligible if all pass, else ineligible.
    Every check is recorded on the case with its reason."""
    with ctx.uow() as uow:
        case = load(uow, actor, "check_eligibility", case_id)
        others = uow.cases.find(statuses=_DECIDED)
        checks = eligibility_checks(
            case, today=ctx.clock().date(), decided_requests=_decided_requests(case, others)
        )
        case.eligibility = checks
        failed = [c.rule for c in checks if not c.passed]
        target = CaseStatus.INELIGIBLE if failed else CaseStatus.ELIGIBLE
        move(
            ctx,
            uow,
            actor,
            case,
            target,
            "check_eligibility",
            detail=f"failed: {', '.join(failed)}" if failed else "all rules passed",
        )
        uow.commit()
    return case


def reconsider(ctx: ServiceContext, actor: Actor, case_id: str, reason: str) -> ReviewCase:
    """Send an ineligible case back to received (with a reason), to be checked again."""
    return step(ctx, actor, case_id, CaseStatus.RECEIVED, "reconsider", reason=reason)


def request_records(ctx: ServiceContext, actor: Actor, case_id: str) -> ReviewCase:
    """Ask the claims administrator for the medical records of an eligible case."""
    return step(ctx, actor, case_id, CaseStatus.RECORDS_REQUESTED, "request_records")


_MORE_RECORDS = (
    CaseStatus.RECORDS_RECEIVED,
    CaseStatus.REVIEWER_ASSIGNED,
    CaseStatus.DRAFTED,
    CaseStatus.IN_REVIEW,
)


def add_records(
    ctx: ServiceContext,
    actor: Actor,
    case_id: str,
    records: list[Record],
    *,
    received: dt.date | None = None,
) -> ReviewCase:
    """Add medical records. The first records of a case whose records were requested mark them
    received (on ``received``, default today) and set the deadline; records that come later are
    added without changing either (a new draft takes them in)."""
    if not records:
        raise InvalidRequest("records: none given")
    kept: dict[str, RecordFacts] = {}
    if ctx.extract is not None and ctx.extractor_version is not None:
        # The records' clinical facts, extracted now and kept for the draft (which then only
        # decides): outside the transaction, as it takes a while, once the records are known
        # to be acceptable.
        with ctx.uow() as uow:
            case = load(uow, actor, "add_records", case_id)
            _check_new_records(case, records)
        kept = extract_records(
            records, case.content.ur_decision_date, ctx.extract, ctx.extractor_version
        )
    with ctx.uow() as uow:
        case = load(uow, actor, "add_records", case_id)
        _check_new_records(case, records)
        case.content = case.content.model_copy(
            update={"records": [*case.content.records, *records]}
        )
        # The summary kept with a draft no longer covers every record: the letter writes it
        # again from all of them (as the draft's letter always did), until the next draft.
        case.summary = None
        detail = f"{len(records)} record(s) added"
        if case.status is CaseStatus.RECORDS_REQUESTED:
            case.records_received = received or ctx.clock().date()
            case.deadline = deadline_of(case, ctx.deadline_rules)
            move(
                ctx,
                uow,
                actor,
                case,
                CaseStatus.RECORDS_RECEIVED,
                "add_records",
                detail=f"{detail}; deadline {case.deadline}",
            )
        else:
            save(ctx, uow, actor, case, "add_records", detail=detail)
        uow.facts.put(case.id, kept)
        uow.commit()
    return case


def _check_new_records(case: ReviewCase, records: list[Record]) -> None:
    held = {r.id for r in case.content.records}
    clash = next((r.id for r in records if r.id in held), None)
    if clash is not None or len({r.id for r in records}) != len(records):
        raise InvalidRequest(f"records: id {clash or 'repeated'} is already in the case")
    if case.status not in (CaseStatus.RECORDS_REQUESTED, *_MORE_RECORDS):
        raise TransitionNotAllowed(
            f"add_records: not allowed for a case that is {case.status.value}"
        )


_SETTLED = (CaseStatus.SIGNED, CaseStatus.ISSUED, CaseStatus.WITHDRAWN, CaseStatus.INELIGIBLE)


def set_priority(
    ctx: ServiceContext,
    actor: Actor,
    case_id: str,
    *,
    reason: str,
    priority: Priority | None = None,
    formulary_drug_dispute: bool | None = None,
) -> ReviewCase:
    """Change what a case's deadline follows (expedited on a certified imminent and serious
    threat, or a formulary drug dispute) before it is signed, with a reason; the deadline is
    computed again."""
    if not reason.strip():
        raise InvalidRequest("reason: a change of priority needs a reason")
    with ctx.uow() as uow:
        case = load(uow, actor, "set_priority", case_id)
        if case.status in _SETTLED:
            raise TransitionNotAllowed(
                f"set_priority: not allowed for a case that is {case.status.value}"
            )
        before = (case.priority, case.formulary_drug_dispute, case.deadline)
        if priority is not None:
            case.priority = priority
            case.content = case.content.model_copy(update={"priority": priority})
        if formulary_drug_dispute is not None:
            case.formulary_drug_dispute = formulary_drug_dispute
        case.deadline = deadline_of(case, ctx.deadline_rules)
        save(
            ctx,
            uow,
            actor,
            case,
            "set_priority",
            detail=f"{before[0].value} -> {case.priority.value}; formulary {before[1]} -> "
            f"{case.formulary_drug_dispute}; deadline {before[2]} -> {case.deadline}; "
            f"reason: {reason.strip()}",
        )
        uow.commit()
    return case
