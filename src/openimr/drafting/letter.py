"""A determination as a Final Determination letter (the draft a reviewer checks and signs).

Both guideline lines are built from citations as domain values: the review organization's from
the determination's citations, the claims administrator's from the utilization review's
citations of that item (the case's when the item gives none). Nothing is written out to be
parsed back.
"""

from __future__ import annotations

import datetime as dt

from openimr.config import Settings
from openimr.domain import (
    Case,
    Citation,
    CitationSource,
    Determination,
    DisputedItem,
    GuidelineLine,
    Letter,
    LetterItem,
    ReviewerCredentials,
)
from openimr.drafting.format import guideline_line

__all__ = ["claims_administrator_line", "draft_letter"]

CLAIMS_ADMINISTRATOR = "Claims Administrator"
EXPERT_REVIEWER = "Expert Reviewer"


def _ur_citation(cited: str) -> Citation:
    """A utilization review's citation as the case file names it ("MTUS ACOEM Low Back
    Complaints 2004", "Official Disability Guidelines (ODG)")."""
    name = " ".join(cited.split())
    if name.startswith("MTUS"):
        return Citation(source=CitationSource.MTUS, document=name)
    return Citation(source=CitationSource.NON_MTUS, document=name)


def claims_administrator_line(item: DisputedItem | None, case: Case) -> GuidelineLine:
    """The claims administrator's guideline line of one item: the utilization review's
    citations of that item, else of the case; "did not cite" when there are none."""
    cited = (item.ur_cited_guidelines if item else None) or case.ur_cited_guidelines
    citations = [_ur_citation(c) for c in cited if c.strip()]
    if not citations:
        citations = [Citation(source=CitationSource.NONE_CITED)]
    return GuidelineLine(raw=guideline_line(citations, CLAIMS_ADMINISTRATOR), citations=citations)


def _review_line(citations: list[Citation]) -> GuidelineLine:
    shown = citations or [Citation(source=CitationSource.NONE_CITED)]
    return GuidelineLine(raw=guideline_line(citations, EXPERT_REVIEWER), citations=shown)


def _disputed_item(case: Case, index: int, request: str) -> DisputedItem | None:
    """The case's disputed item a determination's item decides: same place, else same request."""
    if index < len(case.items) and case.items[index].request == request:
        return case.items[index]
    return next((item for item in case.items if item.request == request), None)


def draft_letter(
    case: Case,
    determination: Determination,
    summary: str,
    settings: Settings,
    *,
    date_assigned: dt.date | None = None,
    decision_date: dt.date | None = None,
) -> Letter:
    """The letter of a determination: header from the case (and the workflow's dates when
    given), credentials from the settings, never the reviewer's name."""
    return Letter(
        case_number=case.case_number,
        date_assigned=date_assigned,
        date_of_injury=case.date_of_injury,
        decision_date=decision_date,
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
                claims_administrator_guideline=claims_administrator_line(
                    _disputed_item(case, index, item.request), case
                ),
                review_guideline=_review_line(item.citations),
                rationale=item.rationale,
            )
            for index, item in enumerate(determination.items)
        ],
    )
