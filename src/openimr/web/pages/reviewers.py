"""The reviewer registry, and for one case: who is eligible, who is excluded and why, and the
assignment."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from openimr.service import usecases
from openimr.service.model import Affiliation, AffiliationKind, Reviewer, Role
from openimr.web.context import PREFIX, WebContext
from openimr.web.views import STATUS_NAMES

_STAFF = (Role.ADMINISTRATOR, Role.CASE_MANAGER)


def add_routes(router: APIRouter, ctx: WebContext) -> None:
    def registry_page(request: Request, status_code: int = 200, **values: object) -> Response:
        user = ctx.require(request, _STAFF)
        with ctx.refusals():
            reviewers = usecases.list_reviewers(ctx.service, ctx.actor(user))
        return ctx.render(
            request,
            "reviewers.html",
            user,
            status_code=status_code,
            reviewers=reviewers,
            policy=ctx.service.policy,
            kinds=[k.value for k in AffiliationKind],
            values=values.get("values", {}),
            error=values.get("error"),
        )

    @router.get("/reviewers", response_class=HTMLResponse)
    def registry(request: Request) -> Response:
        return registry_page(request)

    @router.post("/reviewers", response_class=HTMLResponse)
    def register(
        request: Request,
        form_token: Annotated[str, Form()],
        name: Annotated[str, Form()] = "",
        licensure: Annotated[str, Form()] = "",
        certifications: Annotated[str, Form()] = "",
        specialties: Annotated[str, Form()] = "",
        years: Annotated[str, Form()] = "",
        hours: Annotated[str, Form()] = "",
        capacity: Annotated[str, Form()] = "",
        affiliations: Annotated[str, Form()] = "",
    ) -> Response:
        ctx.check_form(request, form_token)
        user = ctx.require(request, (Role.ADMINISTRATOR,))
        values = {
            "name": name,
            "licensure": licensure,
            "certifications": certifications,
            "specialties": specialties,
            "years": years,
            "hours": hours,
            "capacity": capacity,
            "affiliations": affiliations,
        }
        try:
            if not name.strip():
                raise ValueError("Name: give the reviewer's name (for staff screens only).")
            reviewer = Reviewer(
                id=ctx.service.new_id(),
                name=name.strip(),
                licensure_states=_listed(licensure),
                board_certifications=_listed(certifications),
                specialties=_listed(specialties),
                years_in_active_practice=_number(years, "Years in active practice"),
                hours_per_week=_number(hours, "Hours a week in active practice"),
                capacity=int(_number(capacity, "Cases at a time")),
                affiliations=_affiliations(affiliations),
            )
        except ValidationError as error:
            first = error.errors()[0]
            message = f"{first['loc'][0] if first['loc'] else 'reviewer'}: {first['msg']}."
            return registry_page(request, 422, values=values, error=message)
        except ValueError as error:
            return registry_page(request, 422, values=values, error=str(error))
        with ctx.refusals():
            usecases.register_reviewer(ctx.service, ctx.actor(user), reviewer)
        return RedirectResponse(f"{PREFIX}/reviewers", status_code=303)

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


def _listed(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _number(text: str, label: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError(f"{label}: '{text}' is not a number.") from None
    if value < 0:
        raise ValueError(f"{label}: cannot be negative.")
    return value


def _affiliations(text: str) -> list[Affiliation]:
    """One affiliation a line, as ``kind: name`` (kind: employer, employee, claims administrator,
    provider group, provider)."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        kind, _, name = line.partition(":")
        try:
            chosen = AffiliationKind(kind.strip().lower().replace(" ", "_"))
        except ValueError:
            raise ValueError(
                f"Affiliations, line {number}: '{kind.strip()}' is not one of "
                + ", ".join(k.value.replace("_", " ") for k in AffiliationKind)
                + "."
            ) from None
        if not name.strip():
            raise ValueError(
                f"Affiliations, line {number}: name whom the reviewer is affiliated with."
            )
        found.append(Affiliation(kind=chosen, name=name.strip()))
    return found
