"""What the use cases need from storage: repositories and a unit of work (ports).

The SQL implementation lives in ``openimr.db`` (``SqlAlchemyUnitOfWork(url)``); an in-memory one
in ``openimr.service.fakes`` serves the tests of the use cases.

Conventions every implementation keeps:

- ``get`` returns an independent copy: changing it changes nothing stored until ``save`` and
  the unit of work's ``commit``.
- ``save`` of a case whose ``revision`` is not the stored one raises :class:`ConcurrentUpdate`
  (someone else saved the case since it was read); a successful ``save`` stores
  ``revision + 1`` and sets it on the object passed.
- ``take_slot`` takes one unit of a reviewer's capacity atomically (the SQL implementation: one
  ``UPDATE reviewers SET load = load + 1 WHERE id = :id AND active AND load < capacity``), so two
  racing assignments never both win the last slot.
- The audit log is append-only: ``add`` and ``list``, nothing else.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Collection
from types import TracebackType
from typing import NamedTuple, Protocol

from openimr.service.errors import ServiceError
from openimr.service.facts import RecordFacts
from openimr.service.model import AuditEntry, CaseStatus, ReviewCase, Reviewer, User

__all__ = [
    "CaseStamp",
    "ConcurrentUpdate",
    "CaseRepository",
    "ReviewerRepository",
    "UserRepository",
    "AuditLog",
    "LetterStore",
    "FactStore",
    "AbstractUnitOfWork",
]


class ConcurrentUpdate(ServiceError):
    """A case was saved by someone else after it was read; reload and try again."""


class CaseStamp(NamedTuple):
    """What a reader needs to know of a case before its content: its revision (one more at
    every save) and its reviewer (who besides staff may see it)."""

    revision: int
    reviewer_id: str | None


class CaseRepository(Protocol):
    def add(self, case: ReviewCase) -> None:
        """Store a new case (its ``id`` and ``case_number`` must be new)."""

    def get(self, case_id: str) -> ReviewCase | None: ...

    def stamp(self, case_id: str) -> CaseStamp | None:
        """The case's revision and reviewer, without reading its content."""

    def get_by_number(self, case_number: str) -> ReviewCase | None: ...

    def save(self, case: ReviewCase, *, unchanged: Collection[str] = ()) -> None:
        """Store the changes to a case read from this repository (optimistic: see module).
        ``unchanged`` names JSON documents of the case (``content``, ``parties``, ...) the
        caller left as read: they are not written again (a draft leaves the records alone)."""

    def find(
        self,
        *,
        statuses: Collection[CaseStatus] | None = None,
        reviewer_id: str | None = None,
        deadline_before: dt.date | None = None,
    ) -> list[ReviewCase]:
        """Cases with any of ``statuses``, assigned to ``reviewer_id``, with a deadline on or
        before ``deadline_before`` (each filter only when given), oldest application first."""


class ReviewerRepository(Protocol):
    def add(self, reviewer: Reviewer) -> None: ...

    def get(self, reviewer_id: str) -> Reviewer | None: ...

    def save(self, reviewer: Reviewer) -> None:
        """Store a reviewer's registry details. Never changes ``load`` (see take/release_slot)."""

    def list(self, *, active_only: bool = True) -> list[Reviewer]: ...

    def take_slot(self, reviewer_id: str) -> bool:
        """Add one to the reviewer's load if the reviewer is active and below capacity, in one
        atomic step; False when there was no slot (or no such reviewer)."""

    def release_slot(self, reviewer_id: str) -> None:
        """Give one slot back (never below zero)."""


class UserRepository(Protocol):
    def add(self, user: User) -> None: ...

    def get(self, user_id: str) -> User | None: ...

    def get_by_email(self, email: str) -> User | None:
        """Case-insensitive on the email."""

    def get_by_token_id(self, token_id: str) -> User | None:
        """The user owning the API token with this public id (revoked or not)."""

    def save(self, user: User) -> None: ...

    def list(self) -> list[User]: ...


class AuditLog(Protocol):
    def add(self, entry: AuditEntry) -> AuditEntry:
        """Append an entry; returns it with its ``id`` set. There is no update and no delete."""

    def list(self, *, case_id: str | None = None) -> list[AuditEntry]:
        """Entries (of one case when given) in the order they were added."""


class LetterStore(Protocol):
    """The signed letters' PDF bytes, kept by (case id, version); written once, never replaced."""

    def add(self, case_id: str, version: int, pdf: bytes) -> None:
        """Raises ValueError if that version is already stored."""

    def get(self, case_id: str, version: int) -> bytes | None: ...


class FactStore(Protocol):
    """The clinical facts of a case's records (see :mod:`openimr.service.facts`), by case and
    record id; what is put for a record replaces what was kept for it."""

    def put(self, case_id: str, facts: dict[str, RecordFacts]) -> None: ...

    def of_case(self, case_id: str) -> dict[str, RecordFacts]: ...


class AbstractUnitOfWork(abc.ABC):
    """One business transaction: ``with uow: ...; uow.commit()``. Leaving the block without a
    commit rolls back; an exception inside the block rolls back too."""

    cases: CaseRepository
    reviewers: ReviewerRepository
    users: UserRepository
    audit: AuditLog
    letters: LetterStore
    facts: FactStore

    def __enter__(self) -> AbstractUnitOfWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    @abc.abstractmethod
    def commit(self) -> None: ...

    @abc.abstractmethod
    def rollback(self) -> None:
        """Discard what was not committed (a no-op after a commit)."""
