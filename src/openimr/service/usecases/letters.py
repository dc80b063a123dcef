"""Signing, issuing and correcting the Final Determination, and its letters.

Signing freezes the determination: the letter, laid out as it will be mailed (with the notice of
appeal rights), is stored as PDF with its SHA-256. Issuing stamps the signed version; a
correction after issue goes back to review and is signed as a new version naming the one it
replaces. No version is ever edited. The reviewer's identity never enters a letter: only their
licensure and certifications (see ``_letter``).
"""

from __future__ import annotations

import hashlib

from openimr.drafting import render
from openimr.service.context import Actor, ServiceContext
from openimr.service.errors import (
    InvalidRequest,
    TransitionNotAllowed,
)
from openimr.service.model import CaseStatus, LetterVersion, ReviewCase
from openimr.service.ports import AbstractUnitOfWork, ConcurrentUpdate
from openimr.service.usecases._letter import compose_letter, require_settings, settings_for
from openimr.service.usecases._steps import load, move, step

__all__ = ["sign", "issue", "correct", "reopen"]


def sign(ctx: ServiceContext, actor: Actor, case_id: str) -> ReviewCase:
    """The assigned reviewer signs: the determination and its letter are frozen as a new
    version (PDF stored with its SHA-256), replacing the previous version if there is one."""
    with ctx.uow() as uow:
        case = load(uow, actor, "sign", case_id)
        if case.status is not CaseStatus.IN_REVIEW:
            raise TransitionNotAllowed(f"sign: not allowed for a case that is {case.status.value}")
        determination = case.determination
        assert determination is not None  # in review means drafted
        settings = settings_for(ctx, uow.reviewers.get(case.reviewer_id or ""))
    require_settings(settings, "sign")
    letter = compose_letter(ctx, case, determination, settings, decided=True)
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
        require_settings(settings_for(ctx, uow.reviewers.get(case.reviewer_id or "")), "issue")
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
