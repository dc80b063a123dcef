"""The reviewer's notes on an item's criteria: kept with who and when, audited without their
words, changed or removed only while the case is in review, and stored by the SQL database."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from openimr.bootstrap import bootstrap
from openimr.service import usecases
from openimr.service.context import ServiceContext
from openimr.service.errors import InvalidRequest, NotFound, NotPermitted, TransitionNotAllowed
from openimr.service.model import NOTE_CHARS, CaseStatus

from .builders import SETTINGS, STAFF, Clock, Registry, advance_to_records_received, reviewer
from .builders import reviewer_actor as actor_of

ME = actor_of("rv1")
NOTE = "Home exercise log in the 03/2024 report supports this; confirm with the therapist."


def _in_review(ctx: ServiceContext, registry: Registry) -> tuple[str, int, str]:
    """A case in review by rv1; an item with criteria, and the id of its first criterion."""
    registry.add(reviewer("rv1"))
    case_id = advance_to_records_received(ctx)
    usecases.assign_reviewer(ctx, STAFF, case_id)
    usecases.draft(ctx, STAFF, case_id)
    case = usecases.start_review(ctx, ME, case_id)
    assert case.determination is not None
    index = next(i for i, item in enumerate(case.determination.items) if item.findings)
    return case_id, index, case.determination.items[index].findings[0].criterion


def test_a_note_is_kept_with_who_and_when_and_audited_without_its_words(
    ctx: ServiceContext, registry: Registry, clock: Clock
) -> None:
    case_id, index, criterion = _in_review(ctx, registry)
    before = usecases.get_case(ctx, STAFF, case_id).determination
    clock.advance(minutes=7)
    case = usecases.note_criterion(ctx, ME, case_id, index, criterion, f"  {NOTE}\n")
    kept = case.notes(index)[criterion]
    assert kept.note is not None and kept.note.text == NOTE
    assert (kept.by, kept.at) == (ME.user_id, clock.now)
    # A note changes no decision, and is no change to the draft.
    assert case.determination == before
    assert case.changes == []
    stored = usecases.get_case(ctx, STAFF, case_id)
    assert stored.notes(index)[criterion].note == kept.note
    last = usecases.audit_trail(ctx, STAFF, case_id)[-1]
    assert (last.action, last.actor) == ("note_criterion", ME.user_id)
    assert last.detail == f"item {index}: note added on {criterion}"
    assert "exercise" not in last.detail


def test_a_note_is_changed_or_removed_and_its_history_stays(
    ctx: ServiceContext, registry: Registry
) -> None:
    case_id, index, criterion = _in_review(ctx, registry)
    usecases.note_criterion(ctx, ME, case_id, index, criterion, "First reading.")
    changed = usecases.note_criterion(ctx, ME, case_id, index, criterion, "Second reading.")
    assert changed.notes(index)[criterion].note.text == "Second reading."  # type: ignore[union-attr]
    with pytest.raises(InvalidRequest, match="unchanged"):
        usecases.note_criterion(ctx, ME, case_id, index, criterion, "Second reading. ")
    removed = usecases.note_criterion(ctx, ME, case_id, index, criterion, "   ")
    assert removed.notes(index) == {}
    assert [e.note.text for e in removed.edits if e.note] == [
        "First reading.",
        "Second reading.",
        "",
    ]
    with pytest.raises(InvalidRequest, match="no note"):
        usecases.note_criterion(ctx, ME, case_id, index, criterion, "")
    details = [e.detail for e in usecases.audit_trail(ctx, STAFF, case_id)[-3:]]
    assert [d.split(": ")[1].split(" on ")[0] for d in details] == [
        "note added",
        "note changed",
        "note removed",
    ]


def test_a_note_names_a_real_criterion_of_a_real_item_and_is_not_too_long(
    ctx: ServiceContext, registry: Registry
) -> None:
    case_id, index, criterion = _in_review(ctx, registry)
    with pytest.raises(InvalidRequest, match="no criterion"):
        usecases.note_criterion(ctx, ME, case_id, index, "no-such-criterion", "A note.")
    with pytest.raises(InvalidRequest, match="no item 9"):
        usecases.note_criterion(ctx, ME, case_id, 9, criterion, "A note.")
    with pytest.raises(InvalidRequest, match=f"at most {NOTE_CHARS}"):
        usecases.note_criterion(ctx, ME, case_id, index, criterion, "x" * (NOTE_CHARS + 1))
    assert usecases.get_case(ctx, STAFF, case_id).edits == []


def test_only_the_assigned_reviewer_notes_and_only_before_signing(
    ctx: ServiceContext, registry: Registry
) -> None:
    case_id, index, criterion = _in_review(ctx, registry)
    registry.add(reviewer("rv2"))
    with pytest.raises(NotFound):
        usecases.note_criterion(ctx, actor_of("rv2"), case_id, index, criterion, "Mine.")
    with pytest.raises(NotPermitted):
        usecases.note_criterion(ctx, STAFF, case_id, index, criterion, "Staff's.")
    usecases.note_criterion(ctx, ME, case_id, index, criterion, NOTE)
    signed = usecases.sign(ctx, ME, case_id)
    assert signed.status is CaseStatus.SIGNED
    with pytest.raises(TransitionNotAllowed, match="signed"):
        usecases.note_criterion(ctx, ME, case_id, index, criterion, "After signing.")
    # The note stays on the signed case, and the letter does not carry it.
    assert signed.notes(index)[criterion].note.text == NOTE  # type: ignore[union-attr]
    assert "Home exercise log" not in usecases.letter_html(ctx, ME, case_id)


def test_notes_are_stored_by_the_sql_database(tmp_path: Path) -> None:
    counter = itertools.count(1)
    clock = Clock(dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC))
    ctx = bootstrap(
        db_url=f"sqlite:///{tmp_path / 'openimr.db'}",
        settings=SETTINGS,
        clock=clock,
        load_knowledge=False,
    )
    ctx.new_id = lambda: f"case-{next(counter)}"
    case_id, index, criterion = _in_review(ctx, Registry(ctx))
    usecases.note_criterion(ctx, ME, case_id, index, criterion, NOTE)
    stored = usecases.get_case(ctx, STAFF, case_id)
    kept = stored.notes(index)[criterion]
    assert kept.note is not None and kept.note.text == NOTE
    assert (kept.by, kept.at) == (ME.user_id, clock.now)
