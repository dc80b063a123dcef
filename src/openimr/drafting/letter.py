"""A determination as a Final Determination letter (the draft a reviewer checks and signs)."""

from __future__ import annotations

from openimr.config import Settings
from openimr.domain import (
    Case,
    Determination,
    GuidelineLine,
    Letter,
    LetterItem,
    ReviewerCredentials,
)
from openimr.letters.citations import parse_guideline_line
from openimr.letters.format import guideline_line

__all__ = ["draft_letter"]


def _claims_administrator_line(case: Case) -> GuidelineLine:
    if not case.ur_cited_guidelines:
        return parse_guideline_line(
            "The Claims Administrator did not cite any medical evidence for its decision."
        )
    cited = ", and ".join(
        g.removeprefix("MTUS ").strip() for g in case.ur_cited_guidelines if g.startswith("MTUS")
    )
    other = [g for g in case.ur_cited_guidelines if not g.startswith("MTUS")]
    sentences = (
        [f"Decision based on MTUS {cited}."]
        if cited
        else [
            "The Claims Administrator based their decision on recommendation(s) outside of the MTUS Guidelines."
        ]
    )
    sentences += [f"Decision based on Non-MTUS Citation {g}." for g in other]
    return parse_guideline_line(" ".join(sentences))


def draft_letter(
    case: Case, determination: Determination, summary: str, settings: Settings
) -> Letter:
    """The letter of a determination: header from the case, credentials from the settings."""
    claims = _claims_administrator_line(case)
    return Letter(
        case_number=case.case_number,
        date_of_injury=case.date_of_injury,
        ur_denial_date=case.ur_decision_date,
        priority=case.priority,
        received=case.received,
        reviewer=ReviewerCredentials(
            licensure=list(settings.reviewer.licensure),
            specialties=list(settings.reviewer.specialties),
        ),
        summary=summary,
        items=[
            LetterItem(
                request=item.request,
                original_request=item.original_request,
                authorized=item.authorized,
                remaining=item.request if item.original_request else None,
                decision=item.decision,
                claims_administrator_guideline=claims,
                review_guideline=GuidelineLine(
                    raw=guideline_line(item.citations, "Expert Reviewer"), citations=item.citations
                ),
                rationale=item.rationale,
            )
            for item in determination.items
        ],
    )
