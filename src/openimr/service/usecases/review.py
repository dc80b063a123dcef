"""The reviewer's work on a case: the engine's draft, the review, the changes to an item."""

from __future__ import annotations

from openimr.domain import Citation, Decision
from openimr.service.context import Actor, ServiceContext
from openimr.service.errors import InvalidRequest, TransitionNotAllowed
from openimr.service.facts import assemble
from openimr.service.model import NOTE_CHARS, CaseStatus, CriterionNote, ItemEdit, ReviewCase
from openimr.service.ports import AbstractUnitOfWork
from openimr.service.usecases._steps import load, move, save, step

__all__ = ["draft", "start_review", "edit_item", "note_criterion"]

_AS_READ = ("content", "parties", "eligibility", "assignment", "letters")


def draft(ctx: ServiceContext, actor: Actor, case_id: str) -> ReviewCase:
    """Have the engine decide every disputed item (``review.decide``): the draft the assigned
    reviewer checks. The engine's original is kept whatever the reviewer changes later."""
    from openimr.drafting.summary import write_summary
    from openimr.review import decide

    with ctx.uow() as uow:
        case = load(uow, actor, "draft", case_id)
        if case.status is not CaseStatus.REVIEWER_ASSIGNED:
            raise TransitionNotAllowed(f"draft: not allowed for a case that is {case.status.value}")
        kept = uow.facts.of_case(case_id)
    # Deciding takes a while: it runs outside the transaction. The records' facts
    # are those kept when the records arrived; a record without them, or with facts from
    # another extractor or reference date, is extracted now (and its facts kept).
    facts, fresh = assemble(case.content, kept, ctx.extract, ctx.extractor_version)
    determination = decide(case.content, kb=ctx.kb, facts=facts)
    # The letter's clinical case summary is written now, from the same facts, so that reading
    # or signing the letter later never extracts the records again.
    summary = write_summary(case.content, facts)
    with ctx.uow() as uow:
        # The case as read above, saved only if it is still the stored revision: a draft is
        # never saved over a case that changed while it was decided (records added meanwhile,
        # the reviewer taken off); the caller reads it again and retries.
        case.draft = determination
        case.summary = summary
        case.edits = []
        uow.facts.put(case.id, fresh)
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
            # The draft changes the draft, summary and edits (and the status): the content,
            # with its records' text, and the rest are as read, and not written again.
            unchanged=_AS_READ,
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
        case = _in_review(uow, actor, "edit_item", case_id, index)
        assert case.draft is not None and case.determination is not None
        current = case.determination
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


def note_criterion(
    ctx: ServiceContext, actor: Actor, case_id: str, index: int, criterion: str, text: str
) -> ReviewCase:
    """The assigned reviewer writes, changes or (with an empty ``text``) withdraws their note on
    one criterion of an item's checklist, while the case is in review. Each note is kept as an
    edit with who and when; the audit entry names the item and the criterion, never the text."""
    text = text.strip()
    if len(text) > NOTE_CHARS:
        raise InvalidRequest(f"note: at most {NOTE_CHARS} characters (this one has {len(text)})")
    with ctx.uow() as uow:
        case = _in_review(uow, actor, "note_criterion", case_id, index)
        assert case.draft is not None and case.determination is not None
        item = case.determination.items[index]
        if criterion not in {f.criterion for f in item.findings}:
            raise InvalidRequest(f"criterion: item {index} has no criterion {criterion}")
        standing = case.notes(index).get(criterion)
        was = standing.note.text if standing and standing.note else ""
        if text == was:
            raise InvalidRequest(
                "note: unchanged" if text else f"note: no note on criterion {criterion} to remove"
            )
        case.edits = [
            *case.edits,
            ItemEdit(
                index=index,
                original=case.draft.items[index],
                edited=item,
                by=actor.user_id,
                at=ctx.clock(),
                reason=f"note on criterion {criterion}",
                note=CriterionNote(criterion=criterion, text=text),
            ),
        ]
        what = "removed" if not text else "changed" if was else "added"
        save(
            ctx,
            uow,
            actor,
            case,
            "note_criterion",
            detail=f"item {index}: note {what} on {criterion}",
        )
        uow.commit()
    return case


def _in_review(
    uow: AbstractUnitOfWork, actor: Actor, action: str, case_id: str, index: int
) -> ReviewCase:
    """The case the actor changes an item of: in review (a signed case is read-only), drafted,
    with an item ``index``."""
    case = load(uow, actor, action, case_id)
    if case.status is not CaseStatus.IN_REVIEW:
        raise TransitionNotAllowed(f"{action}: not allowed for a case that is {case.status.value}")
    current = case.determination
    assert case.draft is not None and current is not None  # in review means drafted
    if not 0 <= index < len(current.items):
        raise InvalidRequest(f"item: no item {index} (the case has {len(current.items)})")
    return case
