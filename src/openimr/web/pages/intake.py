"""Intake: a case manager opens a case from an application (the disputed items, the UR decision,
the medical records), its eligibility is checked at once, and eligible records are added."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from openimr.domain import Case, DisputedItem, Priority, Record, RecordKind
from openimr.service import usecases
from openimr.service.model import CaseParties, CaseStatus, Role
from openimr.web.context import PREFIX, PageError, WebContext
from openimr.web.uploads import UploadProblem, read_record

_STAFF = (Role.ADMINISTRATOR, Role.CASE_MANAGER)
_KINDS = [k.value for k in RecordKind if k is not RecordKind.UTILIZATION_REVIEW]


def _day(value: str, label: str, errors: dict[str, str], field: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        errors[field] = f"{label}: '{value}' is not a date (YYYY-MM-DD)."
        return None


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _files(uploads: list[UploadFile] | None) -> list[UploadFile]:
    return [u for u in uploads or [] if u.filename]


def add_routes(router: APIRouter, ctx: WebContext) -> None:
    def form(request: Request, status_code: int = 200, **values: Any) -> Response:
        user = ctx.require(request, _STAFF)
        return ctx.render(
            request,
            "intake.html",
            user,
            status_code=status_code,
            kinds=_KINDS,
            values=values.pop("values", {}),
            errors=values.pop("errors", {}),
            **values,
        )

    @router.get("/intake", response_class=HTMLResponse)
    def intake_page(request: Request) -> Response:
        return form(request, values={"received": ctx.service.clock().date().isoformat()})

    @router.post("/intake", response_class=HTMLResponse)
    async def intake(
        request: Request,
        form_token: Annotated[str, Form()],
        case_number: Annotated[str, Form()] = "",
        received: Annotated[str, Form()] = "",
        priority: Annotated[str, Form()] = "standard",
        formulary: Annotated[str, Form()] = "",
        date_of_injury: Annotated[str, Form()] = "",
        request_date: Annotated[str, Form()] = "",
        ur_decision_date: Annotated[str, Form()] = "",
        ur_cited: Annotated[str, Form()] = "",
        items: Annotated[str, Form()] = "",
        employee: Annotated[str, Form()] = "",
        employer: Annotated[str, Form()] = "",
        claims_administrator: Annotated[str, Form()] = "",
        providers: Annotated[str, Form()] = "",
        record_kind: Annotated[str, Form()] = "",
        ur_decision: Annotated[UploadFile | None, File()] = None,
        records: Annotated[list[UploadFile] | None, File()] = None,
    ) -> Response:
        ctx.check_form(request, form_token)
        user = ctx.require(request, _STAFF)
        actor = ctx.actor(user)
        values = {
            "case_number": case_number.strip(),
            "received": received,
            "priority": priority,
            "formulary": formulary,
            "date_of_injury": date_of_injury,
            "request_date": request_date,
            "ur_decision_date": ur_decision_date,
            "ur_cited": ur_cited,
            "items": items,
            "employee": employee,
            "employer": employer,
            "claims_administrator": claims_administrator,
            "providers": providers,
            "record_kind": record_kind,
        }
        errors: dict[str, str] = {}
        if not values["case_number"]:
            errors["case_number"] = (
                "Case number: give the DWC case number (for example CM17-0123456)."
            )
        received_on = _day(received, "Application received", errors, "received")
        if received_on is None and "received" not in errors:
            errors["received"] = "Application received: give the date the application came in."
        injury = _day(date_of_injury, "Date of injury", errors, "date_of_injury")
        requested = _day(request_date, "Request for authorization", errors, "request_date")
        ur_date = _day(ur_decision_date, "UR decision date", errors, "ur_decision_date")
        requests = [line.strip(" \t-•") for line in items.splitlines() if line.strip(" \t-•")]
        if not requests:
            errors["items"] = "Disputed items: enter each disputed treatment on its own line."
        try:
            urgency = Priority(priority)
        except ValueError:
            errors["priority"] = f"Priority: '{priority}' is neither standard nor expedited."
            urgency = Priority.STANDARD
        kind = None
        if record_kind:
            try:
                kind = RecordKind(record_kind)
            except ValueError:
                errors["record_kind"] = (
                    f"Kind of records: '{record_kind}' is not one OpenIMR knows."
                )
        content_records: list[Record] = []
        medical: list[Record] = []
        if ur_decision is not None and ur_decision.filename:
            try:
                content_records.append(
                    await read_record(
                        ur_decision,
                        record_id="ur-decision",
                        kind=RecordKind.UTILIZATION_REVIEW,
                        date=ur_date,
                        title="Utilization review decision",
                    )
                )
            except UploadProblem as problem:
                errors["ur_decision"] = f"UR decision: {problem}"
        record_problems = []
        for number, upload in enumerate(_files(records), start=1):
            try:
                medical.append(await read_record(upload, record_id=f"record-{number}", kind=kind))
            except UploadProblem as problem:
                record_problems.append(str(problem))
        if record_problems:
            errors["records"] = "Records: " + "; ".join(record_problems)
        if errors:
            return form(request, status_code=422, values=values, errors=errors)
        assert received_on is not None
        try:
            application = usecases.Application(
                case_number=values["case_number"],
                received=received_on,
                priority=urgency,
                formulary_drug_dispute=bool(formulary),
                case=Case(
                    date_of_injury=injury,
                    request_date=requested,
                    ur_decision_date=ur_date,
                    ur_cited_guidelines=[c.strip() for c in ur_cited.split(";") if c.strip()],
                    records=content_records,
                    items=[DisputedItem(request=r) for r in requests],
                ),
                parties=CaseParties(
                    employee=employee.strip() or None,
                    employer=employer.strip() or None,
                    claims_administrator=claims_administrator.strip() or None,
                    providers=_names(providers),
                ),
            )
        except ValidationError as error:
            first = error.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else "case_number"
            errors[field if field in values else "case_number"] = (
                f"{field.replace('_', ' ').capitalize()}: {first['msg']}."
            )
            return form(request, status_code=422, values=values, errors=errors)
        try:
            with ctx.refusals():
                case = usecases.receive_application(ctx.service, actor, application)
        except PageError as refused:
            errors["case_number"] = refused.message
            return form(request, status_code=422, values=values, errors=errors)
        with ctx.refusals():
            case = usecases.check_eligibility(ctx.service, actor, case.id)
            if case.status is CaseStatus.ELIGIBLE and medical:
                usecases.request_records(ctx.service, actor, case.id)
                usecases.add_records(ctx.service, actor, case.id, medical)
        done = (
            "created" if case.status is CaseStatus.ELIGIBLE or not medical else "created-ineligible"
        )
        return RedirectResponse(f"{PREFIX}/cases/{case.id}?done={done}", status_code=303)

    @router.post("/cases/{case_id}/records")
    async def add_records(
        request: Request,
        case_id: str,
        form_token: Annotated[str, Form()],
        records: Annotated[list[UploadFile] | None, File()] = None,
        received: Annotated[str, Form()] = "",
    ) -> Response:
        ctx.check_form(request, form_token)
        user = ctx.require(request, _STAFF)
        actor = ctx.actor(user)
        with ctx.refusals():
            case = usecases.get_case(ctx.service, actor, case_id)
        errors: dict[str, str] = {}
        received_on = _day(received, "Received on", errors, "received")
        held = {r.id for r in case.content.records}
        added: list[Record] = []
        problems = []
        number = len(held)
        for upload in _files(records):
            number += 1
            while f"record-{number}" in held:
                number += 1
            try:
                added.append(await read_record(upload, record_id=f"record-{number}"))
            except UploadProblem as problem:
                problems.append(str(problem))
        if errors or problems or not added:
            raise PageError(
                422,
                "; ".join([*errors.values(), *problems])
                or "Records: choose at least one PDF or text file.",
            )
        with ctx.refusals():
            if case.status is CaseStatus.ELIGIBLE:
                usecases.request_records(ctx.service, actor, case.id)
            usecases.add_records(ctx.service, actor, case.id, added, received=received_on)
        return RedirectResponse(f"{PREFIX}/cases/{case.id}?done=records", status_code=303)
