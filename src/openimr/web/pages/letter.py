"""The letter as it will be issued: an HTML preview in the page, and the PDF to download."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from openimr.service import usecases
from openimr.web.context import WebContext
from openimr.web.views import STATUS_NAMES


def add_routes(router: APIRouter, ctx: WebContext) -> None:
    @router.get("/cases/{case_id}/letter", response_class=HTMLResponse)
    def letter_page(request: Request, case_id: str, version: int | None = None) -> Response:
        user = ctx.require(request)
        with ctx.refusals():
            case = usecases.get_case(ctx.service, ctx.actor(user), case_id)
        return ctx.render(
            request,
            "letter.html",
            user,
            case=case,
            version=version,
            status_names=STATUS_NAMES,
        )

    @router.get("/cases/{case_id}/letter.html", response_class=HTMLResponse)
    def letter_html(request: Request, case_id: str, version: int | None = None) -> Response:
        user = ctx.require(request)
        with ctx.refusals():
            html = usecases.letter_html(ctx.service, ctx.actor(user), case_id, version)
        return HTMLResponse(
            html,
            headers={
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
            },
        )

    @router.get("/cases/{case_id}/letter.pdf")
    def letter_pdf(request: Request, case_id: str, version: int | None = None) -> Response:
        user = ctx.require(request)
        actor = ctx.actor(user)
        with ctx.refusals():
            case = usecases.get_case(ctx.service, actor, case_id)
            pdf = usecases.letter_pdf(ctx.service, actor, case_id, version)
        signed = case.current_letter is not None
        chosen = version or (case.current_letter.version if case.current_letter else None)
        name = f"{case.case_number}-{'v' + str(chosen) if signed else 'draft'}.pdf"
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
