"""The queue: a reviewer's own cases, or every case for staff; sortable and filterable, with
overdue and at-risk cases standing out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from openimr.domain import Priority
from openimr.service import usecases
from openimr.service.deadlines import Urgency
from openimr.service.model import CaseStatus, ReviewCase, Role
from openimr.web.context import WebContext
from openimr.web.views import CLOSED, STATUS_NAMES, Timing, timing

PAGE_SIZE = 100
_URGENCY_ORDER = {Urgency.OVERDUE: 0, Urgency.AT_RISK: 1, Urgency.ON_TIME: 2, None: 3}
_FAR = dt.date.max


@dataclass(frozen=True)
class Row:
    case: ReviewCase
    timing: Timing
    reviewer: str | None


_SORTS: dict[str, Any] = {
    "deadline": lambda r: (r.timing.deadline or _FAR, r.case.case_number),
    "urgency": lambda r: (_URGENCY_ORDER[r.timing.urgency], r.timing.deadline or _FAR),
    "case": lambda r: r.case.case_number,
    "status": lambda r: (list(CaseStatus).index(r.case.status), r.case.case_number),
    "priority": lambda r: (r.case.priority is not Priority.EXPEDITED, r.timing.deadline or _FAR),
    "received": lambda r: (r.case.application_received, r.case.case_number),
    "reviewer": lambda r: (r.reviewer or "~", r.case.case_number),
}


def add_routes(router: APIRouter, ctx: WebContext) -> None:
    @router.get("/queue", response_class=HTMLResponse)
    def queue(
        request: Request,
        status: str | None = None,
        attention: str | None = None,
        search: str | None = None,
        show: str = "open",
        sort: str = "urgency",
        order: str = "asc",
        page: int = 1,
    ) -> Response:
        user = ctx.require(request)
        actor = ctx.actor(user)
        today = ctx.service.clock().date()
        with ctx.refusals():
            cases = usecases.list_cases(ctx.service, actor)
            names = (
                {r.id: r.name for r in usecases.list_reviewers(ctx.service, actor)}
                if user.role is not Role.REVIEWER
                else {}
            )
        rows = [
            Row(c, timing(c, today, ctx.service.deadline_rules), names.get(c.reviewer_id or ""))
            for c in cases
        ]
        counts = {
            "overdue": sum(r.timing.urgency is Urgency.OVERDUE for r in rows),
            "at_risk": sum(r.timing.urgency is Urgency.AT_RISK for r in rows),
            "open": sum(r.case.status not in CLOSED for r in rows),
        }
        if show != "all":
            rows = [r for r in rows if r.case.status not in CLOSED]
        if status:
            rows = [r for r in rows if r.case.status.value == status]
        if attention == "overdue":
            rows = [r for r in rows if r.timing.urgency is Urgency.OVERDUE]
        elif attention == "at_risk":
            rows = [r for r in rows if r.timing.urgency in (Urgency.OVERDUE, Urgency.AT_RISK)]
        if search and search.strip():
            wanted = search.strip().casefold()
            rows = [r for r in rows if wanted in r.case.case_number.casefold()]
        sort = sort if sort in _SORTS else "urgency"
        rows.sort(key=_SORTS[sort], reverse=order == "desc")
        matching = len(rows)
        pages = max(1, -(-matching // PAGE_SIZE))
        page = min(max(1, page), pages)
        rows = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        return ctx.render(
            request,
            "queue.html",
            user,
            rows=rows,
            counts=counts,
            statuses=STATUS_NAMES,
            status_names=STATUS_NAMES,
            query={
                "status": status or "",
                "attention": attention or "",
                "search": search or "",
                "show": show,
                "sort": sort,
                "order": "desc" if order == "desc" else "asc",
            },
            today=today,
            matching=matching,
            page=page,
            pages=pages,
            first=(page - 1) * PAGE_SIZE + 1,
        )
