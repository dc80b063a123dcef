"""An in-memory unit of work keeping the ports' contracts, for tests of the use cases.

Not a mock: it stores what it is given, hands back copies, keeps uncommitted changes apart from
committed ones (a rollback discards them) and refuses what the SQL implementation refuses. One
:class:`InMemoryStore` can be shared by several units of work, as a database is.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TypeVar

from openimr.service.facts import RecordFacts
from openimr.service.model import AuditEntry, CaseStatus, ReviewCase, Reviewer, User
from openimr.service.ports import AbstractUnitOfWork, CaseStamp, ConcurrentUpdate

__all__ = ["InMemoryStore", "FakeUnitOfWork"]


@dataclass
class InMemoryStore:
    """What a database holds, in memory."""

    cases: dict[str, ReviewCase] = field(default_factory=dict)
    reviewers: dict[str, Reviewer] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    letters: dict[tuple[str, int], bytes] = field(default_factory=dict)
    facts: dict[tuple[str, str], RecordFacts] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def copy(self) -> InMemoryStore:
        return InMemoryStore(
            cases=dict(self.cases),
            reviewers=dict(self.reviewers),
            users=dict(self.users),
            audit=list(self.audit),
            letters=dict(self.letters),
            facts=dict(self.facts),
            lock=self.lock,
        )


_M = TypeVar("_M", ReviewCase, Reviewer, User)


def _copy(model: _M) -> _M:
    return model.model_copy(deep=True)


class _Cases:
    def __init__(self, data: InMemoryStore, shared: InMemoryStore | None = None) -> None:
        self._data = data
        self._shared = shared

    def add(self, case: ReviewCase) -> None:
        if case.id in self._data.cases:
            raise ValueError(f"case id {case.id} already stored")
        if self.get_by_number(case.case_number) is not None:
            raise ValueError(f"case number {case.case_number} already stored")
        self._data.cases[case.id] = _copy(case)

    def get(self, case_id: str) -> ReviewCase | None:
        case = self._data.cases.get(case_id)
        return _copy(case) if case else None

    def stamp(self, case_id: str) -> CaseStamp | None:
        case = self._data.cases.get(case_id)
        return CaseStamp(case.revision, case.reviewer_id) if case else None

    def get_by_number(self, case_number: str) -> ReviewCase | None:
        for case in self._data.cases.values():
            if case.case_number == case_number:
                return _copy(case)
        return None

    def save(self, case: ReviewCase, *, unchanged: Collection[str] = ()) -> None:
        stored = self._data.cases.get(case.id)
        if stored is None:
            raise KeyError(case.id)
        committed = self._shared.cases.get(case.id) if self._shared else None
        if stored.revision != case.revision or (
            committed is not None and committed.revision > case.revision
        ):
            raise ConcurrentUpdate(case.id)
        case.revision += 1
        # What the caller said it left alone is kept as stored, as the database does.
        kept = {name: getattr(stored, name) for name in unchanged}
        self._data.cases[case.id] = _copy(case.model_copy(update=kept) if kept else case)

    def find(
        self,
        *,
        statuses: Collection[CaseStatus] | None = None,
        reviewer_id: str | None = None,
        deadline_before: dt.date | None = None,
    ) -> list[ReviewCase]:
        found = [
            _copy(c)
            for c in self._data.cases.values()
            if (statuses is None or c.status in statuses)
            and (reviewer_id is None or c.reviewer_id == reviewer_id)
            and (
                deadline_before is None
                or (c.deadline is not None and c.deadline <= deadline_before)
            )
        ]
        return sorted(found, key=lambda c: (c.application_received, c.case_number))


class _Reviewers:
    def __init__(self, data: InMemoryStore) -> None:
        self._data = data

    def add(self, reviewer: Reviewer) -> None:
        if reviewer.id in self._data.reviewers:
            raise ValueError(f"reviewer id {reviewer.id} already stored")
        self._data.reviewers[reviewer.id] = _copy(reviewer)

    def get(self, reviewer_id: str) -> Reviewer | None:
        reviewer = self._data.reviewers.get(reviewer_id)
        return _copy(reviewer) if reviewer else None

    def save(self, reviewer: Reviewer) -> None:
        stored = self._data.reviewers.get(reviewer.id)
        if stored is None:
            raise KeyError(reviewer.id)
        self._data.reviewers[reviewer.id] = reviewer.model_copy(
            deep=True, update={"load": stored.load}
        )

    def list(self, *, active_only: bool = True) -> list[Reviewer]:
        return [
            _copy(r)
            for r in sorted(self._data.reviewers.values(), key=lambda r: r.id)
            if r.active or not active_only
        ]

    def take_slot(self, reviewer_id: str) -> bool:
        with self._data.lock:
            stored = self._data.reviewers.get(reviewer_id)
            if stored is None or not stored.active or stored.load >= stored.capacity:
                return False
            self._data.reviewers[reviewer_id] = stored.model_copy(update={"load": stored.load + 1})
            return True

    def release_slot(self, reviewer_id: str) -> None:
        with self._data.lock:
            stored = self._data.reviewers.get(reviewer_id)
            if stored is not None:
                self._data.reviewers[reviewer_id] = stored.model_copy(
                    update={"load": max(0, stored.load - 1)}
                )


class _Users:
    def __init__(self, data: InMemoryStore) -> None:
        self._data = data

    def add(self, user: User) -> None:
        if user.id in self._data.users:
            raise ValueError(f"user id {user.id} already stored")
        if self.get_by_email(user.email) is not None:
            raise ValueError("email already registered")
        self._data.users[user.id] = _copy(user)

    def get(self, user_id: str) -> User | None:
        user = self._data.users.get(user_id)
        return _copy(user) if user else None

    def get_by_email(self, email: str) -> User | None:
        for user in self._data.users.values():
            if user.email.casefold() == email.casefold():
                return _copy(user)
        return None

    def get_by_token_id(self, token_id: str) -> User | None:
        for user in self._data.users.values():
            if any(t.token_id == token_id for t in user.tokens):
                return _copy(user)
        return None

    def save(self, user: User) -> None:
        if user.id not in self._data.users:
            raise KeyError(user.id)
        self._data.users[user.id] = _copy(user)

    def list(self) -> list[User]:
        return [_copy(u) for u in sorted(self._data.users.values(), key=lambda u: u.email)]


class _Audit:
    def __init__(self, data: InMemoryStore) -> None:
        self._data = data

    def add(self, entry: AuditEntry) -> AuditEntry:
        stored = entry.model_copy(update={"id": len(self._data.audit) + 1})
        self._data.audit.append(stored)
        return stored

    def list(self, *, case_id: str | None = None) -> list[AuditEntry]:
        return [e for e in self._data.audit if case_id is None or e.case_id == case_id]


class _Letters:
    def __init__(self, data: InMemoryStore) -> None:
        self._data = data

    def add(self, case_id: str, version: int, pdf: bytes) -> None:
        if (case_id, version) in self._data.letters:
            raise ValueError(f"letter version {version} of case {case_id} already stored")
        self._data.letters[(case_id, version)] = bytes(pdf)

    def get(self, case_id: str, version: int) -> bytes | None:
        return self._data.letters.get((case_id, version))


class _Facts:
    def __init__(self, data: InMemoryStore) -> None:
        self._data = data

    def put(self, case_id: str, facts: dict[str, RecordFacts]) -> None:
        for record_id, kept in facts.items():
            self._data.facts[(case_id, record_id)] = kept.model_copy(deep=True)

    def of_case(self, case_id: str) -> dict[str, RecordFacts]:
        return {
            record_id: kept.model_copy(deep=True)
            for (case, record_id), kept in self._data.facts.items()
            if case == case_id
        }


class FakeUnitOfWork(AbstractUnitOfWork):
    """A unit of work over an :class:`InMemoryStore`: changes go to a working copy that
    ``commit`` publishes and ``rollback`` drops. Reviewer slots are taken on the shared store
    at once, as the SQL ``UPDATE`` is (and given back on rollback, as the database would)."""

    def __init__(self, store: InMemoryStore | None = None) -> None:
        self.store = store if store is not None else InMemoryStore()
        self.commits = 0
        self._begin()

    def _begin(self) -> None:
        self._snapshot = self.store.copy()
        self._working = self.store.copy()
        self._slots_taken: list[str] = []
        self.cases = _Cases(self._working, self.store)
        self.reviewers = _SlotReviewers(self._working, self)
        self.users = _Users(self._working)
        self.audit = _Audit(self._working)
        self.letters = _Letters(self._working)
        self.facts = _Facts(self._working)

    def __enter__(self) -> FakeUnitOfWork:
        self._begin()
        return self

    def commit(self) -> None:
        """Publish what this unit of work changed; a case another unit of work committed in
        the meantime raises :class:`ConcurrentUpdate` and nothing is published."""
        with self.store.lock:
            changed_cases = _changed(self._snapshot.cases, self._working.cases)
            for case_id in changed_cases:
                before = self._snapshot.cases.get(case_id)
                if self.store.cases.get(case_id) is not before:
                    raise ConcurrentUpdate(case_id)
            for case_id in changed_cases:
                self.store.cases[case_id] = self._working.cases[case_id]
            for reviewer_id in _changed(self._snapshot.reviewers, self._working.reviewers):
                reviewer = self._working.reviewers[reviewer_id]
                shared = self.store.reviewers.get(reviewer_id)
                load = shared.load if shared is not None else reviewer.load
                self.store.reviewers[reviewer_id] = reviewer.model_copy(update={"load": load})
            for user_id in _changed(self._snapshot.users, self._working.users):
                self.store.users[user_id] = self._working.users[user_id]
            for entry in self._working.audit[len(self._snapshot.audit) :]:
                self.store.audit.append(entry.model_copy(update={"id": len(self.store.audit) + 1}))
            for key in self._working.letters.keys() - self._snapshot.letters.keys():
                self.store.letters[key] = self._working.letters[key]
            for fact_key, kept in self._working.facts.items():
                if self._snapshot.facts.get(fact_key) is not kept:
                    self.store.facts[fact_key] = kept
        self.commits += 1
        self._slots_taken = []
        self._begin()

    def rollback(self) -> None:
        for reviewer_id in self._slots_taken:
            _Reviewers(self.store).release_slot(reviewer_id)
        self._begin()


def _changed(before: dict[str, _M], after: dict[str, _M]) -> list[str]:
    return [key for key, value in after.items() if before.get(key) is not value]


class _SlotReviewers(_Reviewers):
    """Reviewers whose slots are taken on the shared store (atomic across units of work)."""

    def __init__(self, data: InMemoryStore, uow: FakeUnitOfWork) -> None:
        super().__init__(data)
        self._uow = uow

    def get(self, reviewer_id: str) -> Reviewer | None:
        reviewer = super().get(reviewer_id)
        shared = self._uow.store.reviewers.get(reviewer_id)
        if reviewer is not None and shared is not None:
            reviewer.load = shared.load
        return reviewer

    def list(self, *, active_only: bool = True) -> list[Reviewer]:
        reviewers = super().list(active_only=active_only)
        for reviewer in reviewers:
            shared = self._uow.store.reviewers.get(reviewer.id)
            if shared is not None:
                reviewer.load = shared.load
        return reviewers

    def take_slot(self, reviewer_id: str) -> bool:
        taken = _Reviewers(self._uow.store).take_slot(reviewer_id)
        if taken:
            self._uow._slots_taken.append(reviewer_id)
        return taken

    def release_slot(self, reviewer_id: str) -> None:
        _Reviewers(self._uow.store).release_slot(reviewer_id)
