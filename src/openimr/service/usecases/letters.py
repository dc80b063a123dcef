"""Signing, issuing and correcting the Final Determination, and its letters.

Signing freezes the determination: the letter, laid out as it will be mailed (with the notice of
appeal rights), is stored as PDF with its SHA-256. Issuing stamps the signed version; a
correction after issue goes back to review and is signed as a new version naming the one it
replaces. No version is ever edited. The reviewer's identity never enters a letter: the
credentials shown come from the deployment's settings.
"""

from __future__ import annotations

import hashlib

from openimr.config import ReviewerSettings, Settings
from openimr.domain import Determination, Letter
from openimr.drafting import render
from openimr.drafting.letter import draft_letter
from openimr.drafting.summary import summary_text, write_summary
from openimr.service.context import Actor, ServiceContext
from openimr.service.errors import (
    InvalidRequest,
    NotFound,
    SettingsMissing,
    TransitionNotAllowed,
)
from openimr.service.model import CaseStatus, LetterVersion, ReviewCase, Reviewer
from openimr.service.ports import AbstractUnitOfWork, ConcurrentUpdate
from openimr.service.usecases._steps import load, move, step

__all__ = ["sign", "issue", "correct", "reopen", "letter_pdf", "letter_html"]


def _settings_for(ctx: ServiceContext, reviewer: Reviewer | None) -> Settings:
    """The settings a case's letter is written with: the assigned reviewer's licensure and
    certifications (never their name) where the registry gives them, else the deployment's."""
    if reviewer is None:
        return ctx.settings
    shown = ctx.settings.reviewer
    return ctx.settings.model_copy(
        update={
            "reviewer": ReviewerSettings(
                licensure=list(reviewer.licensure_states) or list(shown.licensure),
                specialties=list(reviewer.board_certifications or reviewer.specialties)
                or list(shown.specialties),
            )
        }
    )


def _require_settings(settings: Settings, action: str) -> None:
    missing = settings.missing()
    if missing:
        raise SettingsMissing(
            f"{action}: the settings do not give {', '.join(missing)}, which a letter must show"
        )


def _letter(
    ctx: ServiceContext,
    case: ReviewCase,
    determination: Determination,
    settings: Settings,
    *,
    decided: bool,
) -> Letter:
    from openimr.review import case_facts

    facts = case_facts(case.content, ctx.extract)
    summary = summary_text(write_summary(case.content, facts))
    return draft_letter(
        case.content,
        determination,
        summary,
        settings,
        date_assigned=case.assignment.at.date() if case.assignment else None,
        decision_date=ctx.clock().date() if decided else None,
    )


def sign(ctx: ServiceContext, actor: Actor, case_id: str) -> ReviewCase:
    """The assigned reviewer signs: the determination and its letter are frozen as a new
    version (PDF stored with its SHA-256), replacing the previous version if there is one."""
    with ctx.uow() as uow:
        case = load(uow, actor, "sign", case_id)
        if case.status is not CaseStatus.IN_REVIEW:
            raise TransitionNotAllowed(f"sign: not allowed for a case that is {case.status.value}")
        determination = case.determination
        assert determination is not None  # in review means drafted
        settings = _settings_for(ctx, uow.reviewers.get(case.reviewer_id or ""))
    _require_settings(settings, "sign")
    letter = _letter(ctx, case, determination, settings, decided=True)
    pdf = render.to_pdf(
        letter, organization=render.ReviewOrganization.of(ctx.settings), stage=render.Stage.ISSUED
    )
    with ctx.uow() as uow:
        case = load(uow, actor, "sign", case_id)
        if case.status is not CaseStatus.IN_REVIEW or case.determination != determination:
            # changed while the letter was laid out: what was rendered is not what is signed
            raise ConcurrentUpdate(f"case {case.id} changed while it was being signed; sign again")
        previous = case.current_letter
        correction = _pending_correction(uow, case)
        version = LetterVersion(
            version=(previous.version + 1) if previous else 1,
            replaces=previous.version if previous else None,
            sha256=hashlib.sha256(pdf).hexdigest(),
            determination=determination,
            letter=letter,
            signed_by=actor.user_id,
            signed_at=ctx.clock(),
            correction_reason=correction,
        )
        uow.letters.add(case.id, version.version, pdf)
        case.letters = [*case.letters, version]
        move(
            ctx,
            uow,
            actor,
            case,
            CaseStatus.SIGNED,
            "sign",
            detail=f"version {version.version} sha256 {version.sha256}"
            + (f" replaces version {version.replaces}" if version.replaces else ""),
        )
        uow.commit()
    return case


def _pending_correction(uow: AbstractUnitOfWork, case: ReviewCase) -> str | None:
    """The reason of the correction this signature answers: the last 'correct' step recorded
    since the previous version was issued."""
    previous = case.current_letter
    if previous is None or previous.issued_at is None:
        return None
    corrections = [
        e
        for e in uow.audit.list(case_id=case.id)
        if e.action == "correct" and e.at >= previous.issued_at
    ]
    if not corrections:
        return None
    return corrections[-1].detail.partition("reason: ")[2] or None


def issue(ctx: ServiceContext, actor: Actor, case_id: str) -> ReviewCase:
    """Issue the signed letter (refused while the settings leave out what a letter shows); the
    reviewer's slot is given back."""
    with ctx.uow() as uow:
        case = load(uow, actor, "issue", case_id)
        _require_settings(_settings_for(ctx, uow.reviewers.get(case.reviewer_id or "")), "issue")
        current = case.current_letter
        if case.status is CaseStatus.SIGNED and current is None:
            raise TransitionNotAllowed("issue: the case has no signed letter")
        if current is not None:
            case.letters = [
                *case.letters[:-1],
                current.model_copy(update={"issued_at": ctx.clock()}),
            ]
        move(
            ctx,
            uow,
            actor,
            case,
            CaseStatus.ISSUED,
            "issue",
            detail=f"version {current.version}" if current else "",
        )
        if case.reviewer_id:
            uow.reviewers.release_slot(case.reviewer_id)
        uow.commit()
    return case


def correct(ctx: ServiceContext, actor: Actor, case_id: str, reason: str) -> ReviewCase:
    """Open an issued determination for correction (with a reason): back to review by the same
    reviewer; signing again makes a new version that names the one it replaces."""
    with ctx.uow() as uow:
        case = load(uow, actor, "correct", case_id)
        current = case.current_letter
        move(
            ctx,
            uow,
            actor,
            case,
            CaseStatus.IN_REVIEW,
            "correct",
            reason=reason,
            detail=f"of version {current.version}" if current else "",
        )
        # The correction is the same reviewer's work again: it takes one of their slots (so that
        # a reviewer's load is always the number of their open cases).
        if case.reviewer_id and not uow.reviewers.take_slot(case.reviewer_id):
            raise InvalidRequest(
                f"correct: reviewer {case.reviewer_id} has no free slot; raise their capacity first"
            )
        uow.commit()
    return case


def reopen(ctx: ServiceContext, actor: Actor, case_id: str, reason: str) -> ReviewCase:
    """Take a signed, not yet issued determination back to review (with a reason). The signed
    version stays on record; the next signature replaces it."""
    return step(ctx, actor, case_id, CaseStatus.IN_REVIEW, "reopen", reason=reason)


def _version(case: ReviewCase, version: int | None) -> LetterVersion | None:
    if version is None:
        return case.current_letter
    found = next((v for v in case.letters if v.version == version), None)
    if found is None:
        raise NotFound(f"case {case.id} has no letter version {version}")
    return found


def letter_pdf(
    ctx: ServiceContext, actor: Actor, case_id: str, version: int | None = None
) -> bytes:
    """A signed version's stored PDF (the latest by default); before the first signature, the
    draft letter, marked DRAFT on every page."""
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
        settings = _settings_for(ctx, uow.reviewers.get(case.reviewer_id or ""))
    return _letter(ctx, case, determination, settings, decided=False)
