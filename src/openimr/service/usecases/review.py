"""The reviewer's work on a case: the engine's draft, the review, the changes to an item."""

from __future__ import annotations

from openimr.domain import Citation, Decision
from openimr.service.context import Actor, ServiceContext
from openimr.service.errors import InvalidRequest, TransitionNotAllowed
from openimr.service.model import CaseStatus, ItemEdit, ReviewCase
from openimr.service.usecases._steps import load, move, save, step

__all__ = ["draft", "start_review", "edit_item"]


def draft(ctx: ServiceContext, actor: Actor, case_id: str) -> ReviewCase:
    """Have the engine decide every disputed item (``review.decide``): the draft the assigned
    reviewer checks. The engine's original is kept whatever the reviewer changes later."""
    from openimr.review import case_facts, decide

    with ctx.uow() as uow:
        case = load(uow, actor, "draft", case_id)
        if case.status is not CaseStatus.REVIEWER_ASSIGNED:
            raise TransitionNotAllowed(f"draft: not allowed for a case that is {case.status.value}")
    # Deciding takes a while: it runs outside the transaction, then the case is saved only if
    # nobody moved it in the meantime (the repository's optimistic save).
    facts = case_facts(case.content, ctx.extract)
    determination = decide(case.content, kb=ctx.kb, facts=facts)
    with ctx.uow() as uow:
        case = load(uow, actor, "draft", case_id)
        case.draft = determination
        case.edits = []
        counts = {d: sum(1 for i in determination.items if i.decision is d) for d in Decision}
        flags = sum(len(i.flags) for i in determination.items)
        move(
            ctx,
            uow,
            actor,
            case,
            CaseStatus.DRAFTED,
            "draft",
            detail=f"{counts[Decision.UPHELD]} upheld, {counts[Decision.OVERTURNED]} overturned, "
            f"{flags} attention flag(s)",
        )
        uow.commit()
    return case


def start_review(ctx: ServiceContext, actor: Actor, case_id: str) -> ReviewCase:
    """The assigned reviewer opens the draft for review."""
    return step(ctx, actor, case_id, CaseStatus.IN_REVIEW, "start_review")


def edit_item(
    ctx: ServiceContext,
    actor: Actor,
    case_id: str,
    index: int,
    *,
    reason: str,
    decision: Decision | None = None,
    citations: list[Citation] | None = None,
    rationale: str | None = None,
) -> ReviewCase:
    """The assigned reviewer changes an item's decision, citations or rationale (at least one),
    with a reason; the change is recorded with the engine's original beside it."""
    if not reason.strip():
        raise InvalidRequest("reason: a change to the draft needs a reason")
    if decision is None and citations is None and rationale is None:
        raise InvalidRequest("edit: give a decision, citations or a rationale")
    if rationale is not None and not rationale.strip():
        raise InvalidRequest("rationale: empty")
    with ctx.uow() as uow:
        case = load(uow, actor, "edit_item", case_id)
        if case.status is not CaseStatus.IN_REVIEW:
            raise TransitionNotAllowed(
                f"edit_item: not allowed for a case that is {case.status.value}"
            )
        current = case.determination
        assert case.draft is not None and current is not None  # in review means drafted
        if not 0 <= index < len(current.items):
            raise InvalidRequest(f"item: no item {index} (the case has {len(current.items)})")
        changes: dict[str, object] = {}
        if decision is not None:
            changes["decision"] = decision
        if citations is not None:
            changes["citations"] = citations
        if rationale is not None:
            changes["rationale"] = rationale.strip()
        case.edits = [
            *case.edits,
            ItemEdit(
                index=index,
                original=case.draft.items[index],
                edited=current.items[index].model_copy(update=changes),
                by=actor.user_id,
                at=ctx.clock(),
                reason=reason.strip(),
            ),
        ]
        save(
            ctx,
            uow,
            actor,
            case,
            "edit_item",
            detail=f"item {index}: {', '.join(sorted(changes))} changed",
        )
        uow.commit()
    return case
