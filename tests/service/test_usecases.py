"""The use cases one by one: what each refuses, what each records, and that none skips a step."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.domain import Decision, Priority
from openimr.service import usecases
from openimr.service.context import ServiceContext
from openimr.service.errors import InvalidRequest, NotFound, NotPermitted, TransitionNotAllowed
from openimr.service.model import CaseStatus
from openimr.service.ports import ConcurrentUpdate

from .builders import (
    ADMIN,
    STAFF,
    Clock,
    Registry,
    advance_to_records_received,
    application,
    record,
    reviewer,
    reviewer_actor,
)

ME = reviewer_actor("rv1")


def _actions(ctx: ServiceContext, case_id: str) -> list[str]:
    return [e.action for e in usecases.audit_trail(ctx, STAFF, case_id)]


def _in_review(ctx: ServiceContext, registry: Registry) -> str:
    registry.add(reviewer("rv1"))
    case_id = advance_to_records_received(ctx)
    usecases.assign_reviewer(ctx, STAFF, case_id)
    usecases.draft(ctx, STAFF, case_id)
    usecases.start_review(ctx, ME, case_id)
    return case_id


def test_a_case_number_is_received_once(ctx: ServiceContext) -> None:
    usecases.receive_application(ctx, STAFF, application("CM24-0000001"))
    with pytest.raises(InvalidRequest, match="already open"):
        usecases.receive_application(ctx, STAFF, application("CM24-0000001"))


def test_the_application_sets_the_case_content_header(ctx: ServiceContext) -> None:
    case = usecases.receive_application(ctx, STAFF, application("CM24-0000007"))
    assert case.status is CaseStatus.RECEIVED
    assert case.content.case_number == "CM24-0000007"
    assert case.content.received == case.application_received == dt.date(2024, 2, 20)
    assert case.ur_decision_date == dt.date(2024, 2, 1)
    assert _actions(ctx, case.id) == ["receive_application"]


def test_no_use_case_skips_a_step(ctx: ServiceContext, registry: Registry) -> None:
    registry.add(reviewer("rv1"))
    case = usecases.receive_application(ctx, STAFF, application())
    with pytest.raises(TransitionNotAllowed):
        usecases.request_records(ctx, STAFF, case.id)  # eligibility not checked
    with pytest.raises(TransitionNotAllowed):
        usecases.add_records(ctx, STAFF, case.id, [record()])  # records not requested
    with pytest.raises(TransitionNotAllowed):
        usecases.assign_reviewer(ctx, STAFF, case.id)
    with pytest.raises(TransitionNotAllowed):
        usecases.draft(ctx, STAFF, case.id)
    with pytest.raises(TransitionNotAllowed):
        usecases.issue(ctx, STAFF, case.id)
    assert _actions(ctx, case.id) == ["receive_application"]
    assert usecases.get_case(ctx, STAFF, case.id).status is CaseStatus.RECEIVED


def test_an_ineligible_case_is_reconsidered_only_with_a_reason(ctx: ServiceContext) -> None:
    case = usecases.receive_application(
        ctx,
        STAFF,
        application(received=dt.date(2024, 3, 4)),  # 32 days after the UR decision
    )
    assert usecases.check_eligibility(ctx, STAFF, case.id).status is CaseStatus.INELIGIBLE
    with pytest.raises(TransitionNotAllowed, match="needs a reason"):
        usecases.reconsider(ctx, STAFF, case.id, " ")
    again = usecases.reconsider(ctx, STAFF, case.id, "proof of timely filing received")
    assert again.status is CaseStatus.RECEIVED
    last = usecases.audit_trail(ctx, STAFF, case.id)[-1]
    assert (last.action, last.from_status, last.to_status) == (
        "reconsider",
        CaseStatus.INELIGIBLE,
        CaseStatus.RECEIVED,
    )
    assert "proof of timely filing" in last.detail


def test_records_received_start_the_deadline_and_later_records_do_not_move_it(
    ctx: ServiceContext, clock: Clock
) -> None:
    case_id = advance_to_records_received(ctx)
    case = usecases.get_case(ctx, STAFF, case_id)
    assert case.records_received == dt.date(2024, 3, 4)
    assert case.deadline == dt.date(2024, 4, 3)
    clock.advance(days=10)
    later = usecases.add_records(ctx, STAFF, case_id, [record("r2")])
    assert later.deadline == dt.date(2024, 4, 3) and len(later.content.records) == 2
    assert later.status is CaseStatus.RECORDS_RECEIVED
    with pytest.raises(InvalidRequest, match="r2"):
        usecases.add_records(ctx, STAFF, case_id, [record("r2")])
    with pytest.raises(InvalidRequest):
        usecases.add_records(ctx, STAFF, case_id, [])
    assert _actions(ctx, case_id)[-2:] == ["add_records", "add_records"]


def test_edits_are_refused_without_a_reason_a_change_or_a_real_item(
    ctx: ServiceContext, registry: Registry
) -> None:
    case_id = _in_review(ctx, registry)
    with pytest.raises(InvalidRequest, match="reason"):
        usecases.edit_item(ctx, ME, case_id, 0, reason="", decision=Decision.OVERTURNED)
    with pytest.raises(InvalidRequest, match="give a decision"):
        usecases.edit_item(ctx, ME, case_id, 0, reason="because")
    with pytest.raises(InvalidRequest, match="no item 5"):
        usecases.edit_item(ctx, ME, case_id, 5, reason="because", rationale="New rationale.")
    case = usecases.edit_item(
        ctx, ME, case_id, 0, reason="records show improvement", rationale="A new rationale."
    )
    assert case.determination is not None
    assert case.determination.items[0].rationale == "A new rationale."
    assert case.draft is not None and case.draft.items[0].rationale != "A new rationale."
    trail = usecases.audit_trail(ctx, STAFF, case_id)
    assert trail[-1].action == "edit_item" and trail[-1].detail == "item 0: rationale changed"


def test_a_signed_determination_reopened_is_signed_again_as_a_new_version(
    ctx: ServiceContext, registry: Registry
) -> None:
    case_id = _in_review(ctx, registry)
    usecases.sign(ctx, ME, case_id)
    with pytest.raises(TransitionNotAllowed):
        usecases.edit_item(ctx, ME, case_id, 0, reason="late", decision=Decision.OVERTURNED)
    usecases.reopen(ctx, ME, case_id, "a record was overlooked")
    usecases.edit_item(ctx, ME, case_id, 0, reason="the record", decision=Decision.OVERTURNED)
    case = usecases.sign(ctx, ME, case_id)
    assert [(v.version, v.replaces, v.issued_at) for v in case.letters] == [
        (1, None, None),
        (2, 1, None),
    ]
    assert case.letters[1].determination.items[0].decision is Decision.OVERTURNED
    assert usecases.letter_pdf(ctx, STAFF, case_id, version=1) != usecases.letter_pdf(
        ctx, STAFF, case_id, version=2
    )
    with pytest.raises(NotFound):
        usecases.letter_pdf(ctx, STAFF, case_id, version=3)


def test_withdrawal_records_its_reason_and_gives_the_reviewers_slot_back(
    ctx: ServiceContext, registry: Registry
) -> None:
    registry.add(reviewer("rv1", capacity=1))
    case_id = advance_to_records_received(ctx)
    usecases.assign_reviewer(ctx, STAFF, case_id)
    assert usecases.list_reviewers(ctx, STAFF)[0].load == 1
    with pytest.raises(TransitionNotAllowed, match="needs a reason"):
        usecases.withdraw(ctx, STAFF, case_id, "")
    case = usecases.withdraw(ctx, STAFF, case_id, "the parties settled")
    assert case.status is CaseStatus.WITHDRAWN and case.withdrawn_reason == "the parties settled"
    assert usecases.list_reviewers(ctx, STAFF)[0].load == 0
    last = usecases.audit_trail(ctx, STAFF, case_id)[-1]
    assert last.action == "withdraw" and last.from_status is CaseStatus.REVIEWER_ASSIGNED
    with pytest.raises(TransitionNotAllowed):
        usecases.check_eligibility(ctx, STAFF, case_id)


def test_updating_a_reviewer_never_sets_their_load(ctx: ServiceContext, registry: Registry) -> None:
    registry.add(reviewer("rv1", capacity=2))
    case_id = advance_to_records_received(ctx)
    usecases.assign_reviewer(ctx, STAFF, case_id)
    updated = usecases.update_reviewer(ctx, ADMIN, reviewer("rv1", capacity=5, load=0))
    assert (updated.capacity, updated.load) == (5, 1)
    with pytest.raises(NotFound):
        usecases.update_reviewer(ctx, ADMIN, reviewer("rv9"))
    with ctx.uow() as uow:
        assert [e.action for e in uow.audit.list() if e.case_id is None] == [
            "register_reviewer",
            "update_reviewer",
        ]


def test_a_case_saved_by_someone_else_meanwhile_is_not_overwritten(ctx: ServiceContext) -> None:
    case = usecases.receive_application(ctx, STAFF, application())
    first, second = ctx.uow(), ctx.uow()
    with first, second:
        mine, theirs = first.cases.get(case.id), second.cases.get(case.id)
        assert mine is not None and theirs is not None
        mine.status = CaseStatus.ELIGIBLE
        first.cases.save(mine)
        first.commit()
        theirs.status = CaseStatus.INELIGIBLE
        with pytest.raises(ConcurrentUpdate):
            second.cases.save(theirs)
    assert usecases.get_case(ctx, STAFF, case.id).status is CaseStatus.ELIGIBLE


def test_expediting_a_case_recomputes_its_deadline_with_a_reason(ctx: ServiceContext) -> None:
    case_id = advance_to_records_received(ctx)
    assert usecases.get_case(ctx, STAFF, case_id).deadline == dt.date(2024, 4, 3)
    with pytest.raises(InvalidRequest, match="reason"):
        usecases.set_priority(ctx, STAFF, case_id, reason=" ", priority=Priority.EXPEDITED)
    case = usecases.set_priority(
        ctx, STAFF, case_id, reason="imminent threat certified", priority=Priority.EXPEDITED
    )
    assert case.priority is Priority.EXPEDITED and case.content.priority is Priority.EXPEDITED
    assert case.deadline == dt.date(2024, 3, 7)
    last = usecases.audit_trail(ctx, STAFF, case_id)[-1]
    assert last.action == "set_priority" and "2024-04-03 -> 2024-03-07" in last.detail
    with pytest.raises(NotPermitted):
        usecases.set_priority(ctx, ME, case_id, reason="x", priority=Priority.STANDARD)


def test_a_signature_over_a_determination_changed_meanwhile_is_refused(
    ctx: ServiceContext, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _in_review(ctx, registry)
    from openimr.drafting import render

    real = render.to_pdf

    def edit_while_laying_out(*args: object, **kwargs: object) -> bytes:
        usecases.edit_item(ctx, ME, case_id, 0, reason="second thoughts", rationale="Changed.")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "to_pdf", edit_while_laying_out)
    with pytest.raises(ConcurrentUpdate):
        usecases.sign(ctx, ME, case_id)
    case = usecases.get_case(ctx, STAFF, case_id)
    assert case.status is CaseStatus.IN_REVIEW and case.letters == []


def test_while_a_signed_case_is_reopened_its_letter_is_the_draft_again(
    ctx: ServiceContext, registry: Registry
) -> None:
    case_id = _in_review(ctx, registry)
    assert 'class="draft"' in usecases.letter_html(ctx, STAFF, case_id)
    usecases.sign(ctx, ME, case_id)
    assert 'class="draft"' not in usecases.letter_html(ctx, STAFF, case_id)
    usecases.reopen(ctx, ME, case_id, "a record was overlooked")
    assert 'class="draft"' in usecases.letter_html(ctx, STAFF, case_id)
    # The signed version stays readable by its number.
    assert 'class="draft"' not in usecases.letter_html(ctx, STAFF, case_id, version=1)


def test_a_cases_revision_is_read_with_the_same_rights_as_the_case(
    ctx: ServiceContext, registry: Registry
) -> None:
    registry.add(reviewer("rv1"), reviewer("rv2"))
    case_id = advance_to_records_received(ctx)
    revision = usecases.case_revision(ctx, STAFF, case_id)
    assert revision == usecases.get_case(ctx, STAFF, case_id).revision
    outcome = usecases.assign_reviewer(ctx, STAFF, case_id)
    chosen = outcome.case.reviewer_id
    assert outcome.assigned and chosen is not None
    assert usecases.case_revision(ctx, STAFF, case_id) == revision + 1
    assert usecases.case_revision(ctx, reviewer_actor(chosen), case_id) == revision + 1
    other = reviewer_actor(({"rv1", "rv2"} - {chosen}).pop())
    for actor, wanted in ((other, case_id), (STAFF, "no-such-case")):
        with pytest.raises(NotFound):
            usecases.case_revision(ctx, actor, wanted)
        with pytest.raises(NotFound):
            usecases.get_case(ctx, actor, wanted)
