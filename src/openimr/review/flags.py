"""Attention flags: why a physician reviewer should look closer at an item's draft decision.

- the dispute is dated after the last edition the knowledge base holds;
- an Upheld decision rests only on criteria the records do not document, AND the records speak
  of at least one of them (a near miss: a possible finding, a finding without the measure asked
  for, a treatment without its response), so fuller records or a closer reading may change it.
  A criterion the records never mention at all is an ordinary gap, not flagged;
- an assumption the engine made (first course or continuing);
- evidence that both shows and denies a decisive criterion;
- a decision resting only on criteria whose wording is not confirmed against the guideline.
"""

from __future__ import annotations

from openimr.domain import AttentionFlag, CriterionFinding, CriterionResult, Decision, FlagKind
from openimr.guidelines import Match
from openimr.review.context import ItemContext
from openimr.review.facts.subject import subject_mentions
from openimr.review.judge import Verdict
from openimr.review.rationale import lower_first

__all__ = ["attention_flags", "edition_flag", "near_misses"]


def edition_flag(match: Match | None) -> list[AttentionFlag]:
    """The flag for a dispute dated after the last edition the knowledge base holds."""
    if match is None or not match.beyond_editions:
        return []
    held = f" (held through {match.held_through:%m/%d/%Y})" if match.held_through else ""
    return [
        AttentionFlag(
            kind=FlagKind.EDITION_NOT_HELD,
            detail=f"The dispute is dated {match.on:%m/%d/%Y}, after the last MTUS edition the "
            f"knowledge base holds{held}; the reviewer must apply the edition in force on that date.",
        )
    ]


def near_misses(match: Match, verdict: Verdict, context: ItemContext) -> list[CriterionFinding]:
    """The decisive unmet criteria, all "not documented", that the records nonetheless speak of:
    the finding has evidence (documented without the measure asked for), or the records mention
    the criterion's subject (``subject_mentions``). Empty unless every decisive unmet criterion
    is not documented."""
    if not verdict.unmet or any(
        f.result is not CriterionResult.NOT_DOCUMENTED for f in verdict.unmet
    ):
        return []
    guideline = match.guideline
    fact_of = (
        {c.id: c.fact for c in guideline.criteria} | {r.id: r.fact for r in guideline.continuation}
        if guideline
        else {}
    )
    return [
        f
        for f in verdict.unmet
        if f.evidence
        or (f.criterion in fact_of and subject_mentions(fact_of[f.criterion], context))
    ]


def attention_flags(
    context: ItemContext, match: Match, verdict: Verdict, decision: Decision
) -> list[AttentionFlag]:
    """Why a physician should look closer at this item."""
    flags = edition_flag(match)
    pointing = near_misses(match, verdict, context) if decision is Decision.UPHELD else []
    if pointing:
        flags.append(
            AttentionFlag(
                kind=FlagKind.NOT_DOCUMENTED_ONLY,
                detail="Decided only on criteria the records do not document ("
                + "; ".join(lower_first(f.statement.rstrip(".")) for f in verdict.unmet[:3])
                + "), though the records speak of "
                + "; ".join(lower_first(f.statement.rstrip(".")) for f in pointing[:2])
                + ": a closer reading or fuller records may change the decision.",
            )
        )
    flags.extend(context.assumptions)
    if verdict.conflicts:
        flags.append(
            AttentionFlag(
                kind=FlagKind.CONFLICTING_EVIDENCE,
                detail="The records both show and deny: "
                + "; ".join(lower_first(s.rstrip(".")) for s in verdict.conflicts[:3])
                + ".",
            )
        )
    if verdict.unconfirmed:
        flags.append(
            AttentionFlag(
                kind=FlagKind.UNCONFIRMED_CRITERIA,
                detail="The decision rests only on criteria whose wording is not confirmed "
                "against the guideline text: "
                + "; ".join(lower_first(s.rstrip(".")) for s in verdict.unconfirmed[:3])
                + ".",
            )
        )
    return flags
