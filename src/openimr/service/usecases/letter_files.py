"""A case's letter as a file: a signed version's stored PDF or its HTML, else the draft's."""

from __future__ import annotations

from openimr.domain import Letter
from openimr.drafting import render
from openimr.service.context import Actor, ServiceContext
from openimr.service.errors import NotFound
from openimr.service.model import CaseStatus, LetterVersion, ReviewCase
from openimr.service.usecases._letter import compose_letter, settings_for
from openimr.service.usecases._steps import load

__all__ = ["letter_pdf", "letter_html"]


_IN_WORK = (CaseStatus.DRAFTED, CaseStatus.IN_REVIEW)


def _version(case: ReviewCase, version: int | None) -> LetterVersion | None:
    """The version asked for; by default the latest signed one, unless the case is being
    worked on again (drafted or in review: then None, the draft)."""
    if version is None:
        return None if case.status in _IN_WORK else case.current_letter
    found = next((v for v in case.letters if v.version == version), None)
    if found is None:
        raise NotFound(f"case {case.id} has no letter version {version}")
    return found


def letter_pdf(
    ctx: ServiceContext, actor: Actor, case_id: str, version: int | None = None
) -> bytes:
    """A signed version's stored PDF (the latest by default); while the case is drafted or in
    review, the draft letter, marked DRAFT on every page."""
    with ctx.uow() as uow:
        case = load(uow, actor, "read_case", case_id)
        chosen = _version(case, version)
        if chosen is not None:
            pdf = uow.letters.get(case.id, chosen.version)
            if pdf is None:
                raise NotFound(f"case {case.id}: letter version {chosen.version} not stored")
            return pdf
    return render.to_pdf(
        _draft_letter(ctx, case), organization=render.ReviewOrganization.of(ctx.settings)
    )


def letter_html(ctx: ServiceContext, actor: Actor, case_id: str, version: int | None = None) -> str:
    """A signed version's letter as HTML (from the frozen letter), else the draft's."""
    organization = render.ReviewOrganization.of(ctx.settings)
    with ctx.uow() as uow:
        case = load(uow, actor, "read_case", case_id)
        chosen = _version(case, version)
    if chosen is not None:
        return render.to_html(chosen.letter, organization=organization, stage=render.Stage.ISSUED)
    return render.to_html(_draft_letter(ctx, case), organization=organization)


def _draft_letter(ctx: ServiceContext, case: ReviewCase) -> Letter:
    determination = case.determination
    if determination is None:
        raise NotFound(f"case {case.id} has no draft yet")
    with ctx.uow() as uow:
        settings = settings_for(ctx, uow.reviewers.get(case.reviewer_id or ""))
    return compose_letter(ctx, case, determination, settings, decided=False)
