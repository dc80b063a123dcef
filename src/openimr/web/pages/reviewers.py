"""The reviewer registry, and for one case: who is eligible, who is excluded and why, and the
assignment."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from openimr.service import usecases
from openimr.service.model import Role
from openimr.web.context import PREFIX, WebContext
from openimr.web.views import STATUS_NAMES

_STAFF = (Role.ADMINISTRATOR, Role.CASE_MANAGER)


def add_routes(router: APIRouter, ctx: WebContext) -> None:
    @router.get("/reviewers", response_class=HTMLResponse)
    def registry(request: Request) -> Response:
        user = ctx.require(request, _STAFF)
        with ctx.refusals():
            reviewers = usecases.list_reviewers(ctx.service, ctx.actor(user))
        return ctx.render(
            request, "reviewers.html", user, reviewers=reviewers, policy=ctx.service.policy
        )

    @router.get("/cases/{case_id}/assignment", response_class=HTMLResponse)
    def assignment(request: Request, case_id: str) -> Response:
        user = ctx.require(request, _STAFF)
        actor = ctx.actor(user)
        with ctx.refusals():
            case = usecases.get_case(ctx.service, actor, case_id)
            reviewers = {r.id: r for r in usecases.list_reviewers(ctx.service, actor)}
        return ctx.render(
            request,
            "assignment.html",
            user,
            case=case,
            reviewers=reviewers,
            status_names=STATUS_NAMES,
        )

    @router.post("/cases/{case_id}/assign")
    def assign(request: Request, case_id: str, form_token: Annotated[str, Form()]) -> Response:
        ctx.check_form(request, form_token)
        user = ctx.require(request, _STAFF)
        with ctx.refusals():
            usecases.assign_reviewer(ctx.service, ctx.actor(user), case_id)
        return RedirectResponse(f"{PREFIX}/cases/{case_id}/assignment", status_code=303)
