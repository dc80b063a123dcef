"""A case's letter as the use cases compose it: the assigned reviewer's credentials (never their
name), the clinical case summary kept with the draft, the workflow's dates."""

from __future__ import annotations

from openimr.config import ReviewerSettings, Settings
from openimr.domain import Determination, Letter
from openimr.drafting.letter import draft_letter
from openimr.drafting.sentences import SummarySentence
from openimr.drafting.summary import summary_text, write_summary
from openimr.service.context import ServiceContext
from openimr.service.errors import SettingsMissing
from openimr.service.model import ReviewCase, Reviewer

__all__ = ["case_summary", "compose_letter", "require_settings", "settings_for"]


def settings_for(ctx: ServiceContext, reviewer: Reviewer | None) -> Settings:
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


def require_settings(settings: Settings, action: str) -> None:
    missing = settings.missing()
    if missing:
        raise SettingsMissing(
            f"{action}: the settings do not give {', '.join(missing)}, which a letter must show"
        )


def case_summary(ctx: ServiceContext, case: ReviewCase) -> list[SummarySentence]:
    """The clinical case summary kept with the draft; written again from the records only for a
    case drafted before summaries were kept."""
    if case.summary is not None:
        return case.summary
    from openimr.review import case_facts

    return write_summary(case.content, case_facts(case.content, ctx.extract))


def compose_letter(
    ctx: ServiceContext,
    case: ReviewCase,
    determination: Determination,
    settings: Settings,
    *,
    decided: bool,
) -> Letter:
    return draft_letter(
        case.content,
        determination,
        summary_text(case_summary(ctx, case)),
        settings,
        date_assigned=case.assignment.at.date() if case.assignment else None,
        decision_date=ctx.clock().date() if decided else None,
    )
