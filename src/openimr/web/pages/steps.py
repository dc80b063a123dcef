"""The workflow's steps as buttons on the case page: each posts to the use case of the same
name, and comes back to the case with what was done."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from openimr.service import usecases
from openimr.web.context import PageError, WebContext, back_to_case


def add_routes(router: APIRouter, ctx: WebContext) -> None:
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
            return back_to_case(case_id, name)

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
