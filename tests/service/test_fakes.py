"""The in-memory unit of work keeps the ports' contracts (so the use-case tests mean something)."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.domain import Case, DisputedItem
from openimr.service.fakes import FakeUnitOfWork, InMemoryStore
from openimr.service.model import AuditEntry, ReviewCase, Reviewer
from openimr.service.ports import ConcurrentUpdate

NOW = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)


def _case(case_id: str = "c1", number: str = "CM24-0001") -> ReviewCase:
    return ReviewCase(
        id=case_id,
        case_number=number,
        application_received=NOW.date(),
        content=Case(items=[DisputedItem(request="Physical therapy x 6")]),
        created_at=NOW,
        updated_at=NOW,
    )


def test_uncommitted_changes_are_rolled_back() -> None:
    store = InMemoryStore()
    with FakeUnitOfWork(store) as uow:
        uow.cases.add(_case())
    with FakeUnitOfWork(store) as uow:
        assert uow.cases.get("c1") is None


def test_committed_changes_are_seen_by_the_next_unit_of_work() -> None:
    store = InMemoryStore()
    with FakeUnitOfWork(store) as uow:
        uow.cases.add(_case())
        uow.commit()
    with FakeUnitOfWork(store) as uow:
        case = uow.cases.get("c1")
        assert case is not None and case.case_number == "CM24-0001"


def test_a_copy_changed_without_save_changes_nothing() -> None:
    store = InMemoryStore()
    with FakeUnitOfWork(store) as uow:
        uow.cases.add(_case())
        uow.commit()
    with FakeUnitOfWork(store) as uow:
        case = uow.cases.get("c1")
        assert case is not None
        case.withdrawn_reason = "changed"
        uow.commit()
    with FakeUnitOfWork(store) as uow:
        again = uow.cases.get("c1")
        assert again is not None and again.withdrawn_reason is None


def test_a_stale_save_is_refused() -> None:
    store = InMemoryStore()
    with FakeUnitOfWork(store) as uow:
        uow.cases.add(_case())
        uow.commit()
    first, second = FakeUnitOfWork(store), FakeUnitOfWork(store)
    with first, second:
        a, b = first.cases.get("c1"), second.cases.get("c1")
        assert a is not None and b is not None
        first.cases.save(a)
        first.commit()
        with pytest.raises(ConcurrentUpdate):
            second.cases.save(b)
        assert store.cases["c1"].revision == 1


def test_a_commit_after_a_concurrent_commit_is_refused() -> None:
    store = InMemoryStore()
    with FakeUnitOfWork(store) as uow:
        uow.cases.add(_case())
        uow.commit()
    first, second = FakeUnitOfWork(store), FakeUnitOfWork(store)
    with first, second:
        a, b = first.cases.get("c1"), second.cases.get("c1")
        assert a is not None and b is not None
        second.cases.save(b)  # saved in second's working copy before first commits
        first.cases.save(a)
        first.commit()
        with pytest.raises(ConcurrentUpdate):
            second.commit()


def test_duplicate_case_numbers_are_refused() -> None:
    with FakeUnitOfWork() as uow:
        uow.cases.add(_case())
        with pytest.raises(ValueError, match="case number"):
            uow.cases.add(_case("c2"))


def test_the_last_slot_is_taken_once() -> None:
    store = InMemoryStore()
    with FakeUnitOfWork(store) as uow:
        uow.reviewers.add(Reviewer(id="r1", name="Dr A", capacity=1))
        uow.commit()
    first, second = FakeUnitOfWork(store), FakeUnitOfWork(store)
    with first, second:
        assert first.reviewers.take_slot("r1") is True
        assert second.reviewers.take_slot("r1") is False
        first.commit()
    assert store.reviewers["r1"].load == 1


def test_a_slot_taken_in_a_rolled_back_unit_of_work_is_given_back() -> None:
    store = InMemoryStore()
    with FakeUnitOfWork(store) as uow:
        uow.reviewers.add(Reviewer(id="r1", name="Dr A", capacity=1))
        uow.commit()
    with FakeUnitOfWork(store) as uow:
        assert uow.reviewers.take_slot("r1")
    assert store.reviewers["r1"].load == 0


def test_the_audit_log_only_grows() -> None:
    store = InMemoryStore()
    with FakeUnitOfWork(store) as uow:
        first = uow.audit.add(AuditEntry(at=NOW, actor="u1", action="receive"))
        uow.commit()
    with FakeUnitOfWork(store) as uow:
        uow.audit.add(AuditEntry(at=NOW, actor="u1", action="withdraw"))
        uow.commit()
        entries = uow.audit.list()
    assert [e.action for e in entries] == ["receive", "withdraw"]
    assert first.id == 1 and entries[1].id == 2
    assert not hasattr(uow.audit, "update") and not hasattr(uow.audit, "delete")


def test_save_keeps_the_documents_named_unchanged_as_stored() -> None:
    store = InMemoryStore()
    with FakeUnitOfWork(store) as uow:
        uow.cases.add(_case())
        uow.commit()
    with FakeUnitOfWork(store) as uow:
        case = uow.cases.get("c1")
        assert case is not None
        case.content = Case(items=[])
        case.withdrawn_reason = "duplicate application"
        uow.cases.save(case, unchanged=("content",))
        uow.commit()
    assert [i.request for i in store.cases["c1"].content.items] == ["Physical therapy x 6"]
    assert store.cases["c1"].withdrawn_reason == "duplicate application"
