"""The service's repositories on SQL: pydantic values in, pydantic values out.

Each repository works inside the unit of work's session (one transaction); nothing here commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import (
    Engine,
    Integer,
    Table,
    Text,
    bindparam,
    cast,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from openimr.db.tables import (
    AuditRow,
    CaseRow,
    LetterPdfRow,
    RecordFactsRow,
    ReviewerRow,
    TokenRow,
    UserRow,
)
from openimr.domain import Case, Determination, Fact, Priority
from openimr.drafting.sentences import SummarySentence
from openimr.service.facts import RecordFacts
from openimr.service.model import (
    Affiliation,
    ApiToken,
    AssignmentRecord,
    AuditEntry,
    CaseParties,
    CaseStatus,
    ItemEdit,
    LetterVersion,
    ReviewCase,
    Reviewer,
    Role,
    RuleCheck,
    User,
)
from openimr.service.ports import CaseStamp, ConcurrentUpdate

__all__ = [
    "SqlCaseRepository",
    "SqlReviewerRepository",
    "SqlUserRepository",
    "SqlAuditLog",
    "SqlLetterStore",
    "SqlFactStore",
]


def _dump_list(values: list[Any]) -> list[Any]:
    return [v.model_dump(mode="json") for v in values]


# --- cases -------------------------------------------------------------------------------------


def _scalar_values(case: ReviewCase) -> dict[str, Any]:
    return {
        "case_number": case.case_number,
        "status": case.status.value,
        "priority": case.priority.value,
        "formulary_drug_dispute": case.formulary_drug_dispute,
        "application_received": case.application_received,
        "records_received": case.records_received,
        "ur_decision_date": case.ur_decision_date,
        "reviewer_id": case.reviewer_id,
        "deadline": case.deadline,
        "withdrawn_reason": case.withdrawn_reason,
        "created_at": case.created_at,
        "updated_at": case.updated_at,
    }


def _case_values(case: ReviewCase) -> dict[str, Any]:
    return {
        **_scalar_values(case),
        "content": case.content.model_dump(mode="json"),
        "parties": case.parties.model_dump(mode="json"),
        "eligibility": _dump_list(case.eligibility),
        "draft": case.draft.model_dump(mode="json") if case.draft else None,
        "summary": case.model_dump(mode="json", include={"summary"})["summary"],
        "edits": _dump_list(case.edits),
        "assignment": case.assignment.model_dump(mode="json") if case.assignment else None,
        "letters": _dump_list(case.letters),
    }


def _case(row: Any) -> ReviewCase:
    """A case from a row of :data:`_CASE_COLUMNS`: its JSON documents arrive as JSON text and
    pydantic validates them from it (no Python dicts built first, then walked again)."""
    return ReviewCase(
        id=row.id,
        case_number=row.case_number,
        status=CaseStatus(row.status),
        priority=Priority(row.priority),
        formulary_drug_dispute=row.formulary_drug_dispute,
        application_received=row.application_received,
        records_received=row.records_received,
        ur_decision_date=row.ur_decision_date,
        content=Case.model_validate_json(row.content),
        parties=CaseParties.model_validate_json(row.parties),
        eligibility=_RULE_CHECKS.validate_json(row.eligibility),
        draft=Determination.model_validate_json(row.draft) if _given(row.draft) else None,
        summary=_SUMMARY.validate_json(row.summary) if _given(row.summary) else None,
        edits=_EDITS.validate_json(row.edits),
        reviewer_id=row.reviewer_id,
        assignment=(
            AssignmentRecord.model_validate_json(row.assignment) if _given(row.assignment) else None
        ),
        deadline=row.deadline,
        letters=_LETTERS.validate_json(row.letters),
        withdrawn_reason=row.withdrawn_reason,
        created_at=row.created_at,
        updated_at=row.updated_at,
        revision=row.revision,
    )


def _given(document: str | None) -> bool:
    """Whether a nullable JSON document holds a value (a missing one is stored as JSON null,
    as SQLAlchemy's JSON type writes None, or as SQL NULL)."""
    return document is not None and document != "null"


_RULE_CHECKS = TypeAdapter(list[RuleCheck])
_EDITS = TypeAdapter(list[ItemEdit])
_LETTERS = TypeAdapter(list[LetterVersion])
_SUMMARY = TypeAdapter(list[SummarySentence] | None)
_DOCUMENTS = (
    "content",
    "parties",
    "eligibility",
    "draft",
    "summary",
    "edits",
    "assignment",
    "letters",
)
_CASE_TABLE: Table = CaseRow.__table__  # type: ignore[assignment]
# Every column of a case; its JSON documents read as text (a JSON value's text on PostgreSQL,
# the stored text on SQLite), so that pydantic parses them itself.
_CASE_COLUMNS = [
    cast(column, Text).label(column.name) if column.name in _DOCUMENTS else column
    for column in _CASE_TABLE.columns
]


_GET_CASE = select(*_CASE_COLUMNS).where(_CASE_TABLE.c.id == bindparam("case_id"))


_JSON_DUMPS: dict[str, Any] = {
    "content": lambda case: case.content.model_dump_json(),
    "parties": lambda case: case.parties.model_dump_json(),
    "eligibility": lambda case: _RULE_CHECKS.dump_json(case.eligibility).decode(),
    "draft": lambda case: case.draft.model_dump_json() if case.draft else "null",
    "summary": lambda case: _SUMMARY.dump_json(case.summary).decode(),
    "edits": lambda case: _EDITS.dump_json(case.edits).decode(),
    "assignment": lambda case: case.assignment.model_dump_json() if case.assignment else "null",
    "letters": lambda case: _LETTERS.dump_json(case.letters).decode(),
}
assert set(_JSON_DUMPS) == set(_DOCUMENTS)


def _json_values(case: ReviewCase, skipped: frozenset[str] = frozenset()) -> dict[str, str]:
    """A case's JSON documents (but ``skipped``) as JSON text, serialized by pydantic (a
    missing one as JSON null, as SQLAlchemy's JSON type stores None)."""
    unknown = skipped - _JSON_DUMPS.keys()
    if unknown:
        raise ValueError(f"not a case document: {', '.join(sorted(unknown))}")
    return {name: dump(case) for name, dump in _JSON_DUMPS.items() if name not in skipped}


_save_statements: dict[tuple[str, frozenset[str]], Any] = {}


def _save_statement(dialect: str, skipped: frozenset[str] = frozenset()) -> Any:
    """The conditional UPDATE of a case, built once per dialect and set of documents left
    alone, its values bound by name; the JSON documents bound as text (PostgreSQL casts them
    to JSONB; SQLite stores the text)."""
    made = _save_statements.get((dialect, skipped))
    if made is None:
        values: dict[str, Any] = {"revision": bindparam("new_revision", type_=Integer)}
        for column in _CASE_TABLE.columns:
            if column.name in ("id", "revision") or column.name in skipped:
                continue
            if column.name in _DOCUMENTS:
                text = bindparam(f"v_{column.name}", type_=Text)
                values[column.name] = cast(text, JSONB) if dialect == "postgresql" else text
            else:
                values[column.name] = bindparam(f"v_{column.name}", type_=column.type)
        made = _save_statements[(dialect, skipped)] = (
            update(_CASE_TABLE)
            .where(
                _CASE_TABLE.c.id == bindparam("case_id"),
                _CASE_TABLE.c.revision == bindparam("old_revision"),
            )
            .values(values)
        )
    return made


_CASES = CaseRow.__table__
_STAMP = select(_CASES.c.revision, _CASES.c.reviewer_id).where(_CASES.c.id == bindparam("case_id"))
# The stamp query compiled for each engine's dialect: its SQL and how to pass the case id.
_stamp_sql: dict[Engine, tuple[str, bool, bool]] = {}


def _stamp_now(engine: Engine, case_id: str) -> CaseStamp | None:
    """The case's revision and reviewer by one statement on a pooled connection, outside any
    transaction (on PostgreSQL the connection is in autocommit mode for the statement; SQLite's
    driver opens no transaction for a SELECT)."""
    compiled = _stamp_sql.get(engine)
    if compiled is None:
        query = _STAMP.compile(dialect=engine.dialect)
        compiled = _stamp_sql[engine] = (
            query.string,
            bool(query.positional),
            engine.dialect.driver == "psycopg",
        )
    sql, positional, psycopg = compiled
    params: Any = (case_id,) if positional else {"case_id": case_id}
    pooled = engine.raw_connection()
    try:
        driver: Any = pooled.driver_connection
        if psycopg:
            driver.autocommit = True  # set on the client only: no round trip
        cursor = pooled.cursor()
        try:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        finally:
            cursor.close()
        if psycopg:
            driver.autocommit = False
    except Exception:
        # A connection the server dropped, or any other driver error: this connection is not
        # reused, and the statement goes once more through SQLAlchemy, which reconnects and
        # raises its own errors as every other query does.
        pooled.invalidate()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            found = connection.execute(_STAMP, {"case_id": case_id}).one_or_none()
        return CaseStamp(found.revision, found.reviewer_id) if found is not None else None
    finally:
        pooled.close()  # back to the pool (its rollback on return sends nothing when idle)
    return CaseStamp(int(row[0]), row[1]) if row is not None else None


class SqlCaseRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, case: ReviewCase) -> None:
        if self.get(case.id) is not None:
            raise ValueError(f"case id {case.id} already stored")
        if self._exists_number(case.case_number):
            raise ValueError(f"case number {case.case_number} already stored")
        self._session.execute(
            insert(CaseRow).values(id=case.id, revision=case.revision, **_case_values(case))
        )

    def _exists_number(self, case_number: str) -> bool:
        found = self._session.scalar(select(CaseRow.id).where(CaseRow.case_number == case_number))
        return found is not None

    def get(self, case_id: str) -> ReviewCase | None:
        # A Core statement built once, on the session's connection: the ORM's execution layer
        # and a fresh statement's cache key cost more than the query's own client-side work.
        row = self._session.connection().execute(_GET_CASE, {"case_id": case_id}).one_or_none()
        return _case(row) if row is not None else None

    def stamp(self, case_id: str) -> CaseStamp | None:
        bind = self._session.get_bind()
        if self._session.in_transaction() or not isinstance(bind, Engine):
            row = self._session.connection().execute(_STAMP, {"case_id": case_id}).one_or_none()
            return CaseStamp(row.revision, row.reviewer_id) if row is not None else None
        # Nothing read or written yet in this unit of work: one statement on its own (no BEGIN
        # and ROLLBACK around it) sees what a transaction starting now would. The API's most
        # read route asks only this before answering from its copy of the case, so it goes
        # straight to the driver: SQLAlchemy's connection, result and row layers cost four
        # times the query's own client-side work.
        return _stamp_now(bind, case_id)

    def get_by_number(self, case_number: str) -> ReviewCase | None:
        row = self._session.execute(
            select(*_CASE_COLUMNS).where(_CASE_TABLE.c.case_number == case_number)
        ).one_or_none()
        return _case(row) if row is not None else None

    def save(self, case: ReviewCase, *, unchanged: Collection[str] = ()) -> None:
        """One conditional UPDATE: only if the stored revision is the one read. The JSON
        documents named in ``unchanged`` are neither serialized nor written (a case's content
        holds its records' text: a draft rewrote it, and PostgreSQL parsed it again, each time)."""
        skipped = frozenset(unchanged)
        values: dict[str, Any] = _scalar_values(case)
        values.update(_json_values(case, skipped))
        params = {f"v_{name}": value for name, value in values.items()}
        params.update(case_id=case.id, old_revision=case.revision, new_revision=case.revision + 1)
        connection = self._session.connection()
        result = connection.execute(_save_statement(connection.dialect.name, skipped), params)
        if result.rowcount != 1:
            if self._session.scalar(select(CaseRow.id).where(CaseRow.id == case.id)) is None:
                raise KeyError(case.id)
            raise ConcurrentUpdate(case.id)
        case.revision += 1

    def find(
        self,
        *,
        statuses: Collection[CaseStatus] | None = None,
        reviewer_id: str | None = None,
        deadline_before: dt.date | None = None,
    ) -> list[ReviewCase]:
        query = select(*_CASE_COLUMNS)
        if statuses is not None:
            query = query.where(CaseRow.status.in_([s.value for s in statuses]))
        if reviewer_id is not None:
            query = query.where(CaseRow.reviewer_id == reviewer_id)
        if deadline_before is not None:
            query = query.where(CaseRow.deadline.is_not(None), CaseRow.deadline <= deadline_before)
        query = query.order_by(CaseRow.application_received, CaseRow.case_number)
        return [_case(row) for row in self._session.execute(query)]


# --- reviewers ---------------------------------------------------------------------------------


def _reviewer_values(reviewer: Reviewer) -> dict[str, Any]:
    return {
        "name": reviewer.name,
        "active": reviewer.active,
        "capacity": reviewer.capacity,
        "years_in_active_practice": reviewer.years_in_active_practice,
        "hours_per_week": reviewer.hours_per_week,
        "licensure_states": list(reviewer.licensure_states),
        "board_certifications": list(reviewer.board_certifications),
        "specialties": list(reviewer.specialties),
        "affiliations": _dump_list(reviewer.affiliations),
    }


def _reviewer(row: ReviewerRow) -> Reviewer:
    return Reviewer(
        id=row.id,
        name=row.name,
        licensure_states=list(row.licensure_states),
        board_certifications=list(row.board_certifications),
        specialties=list(row.specialties),
        years_in_active_practice=row.years_in_active_practice,
        hours_per_week=row.hours_per_week,
        affiliations=[Affiliation.model_validate(a) for a in row.affiliations],
        capacity=row.capacity,
        load=row.load,
        active=row.active,
    )


class SqlReviewerRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, reviewer: Reviewer) -> None:
        if self.get(reviewer.id) is not None:
            raise ValueError(f"reviewer id {reviewer.id} already stored")
        self._session.execute(
            insert(ReviewerRow).values(
                id=reviewer.id, load=reviewer.load, **_reviewer_values(reviewer)
            )
        )

    def get(self, reviewer_id: str) -> Reviewer | None:
        row = self._session.scalars(
            select(ReviewerRow)
            .where(ReviewerRow.id == reviewer_id)
            .execution_options(populate_existing=True)
        ).one_or_none()
        return _reviewer(row) if row is not None else None

    def save(self, reviewer: Reviewer) -> None:
        result = self._session.execute(
            update(ReviewerRow)
            .where(ReviewerRow.id == reviewer.id)
            .values(**_reviewer_values(reviewer))
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise KeyError(reviewer.id)

    def list(self, *, active_only: bool = True) -> list[Reviewer]:
        query = select(ReviewerRow).execution_options(populate_existing=True)
        if active_only:
            query = query.where(ReviewerRow.active.is_(True))
        return [_reviewer(row) for row in self._session.scalars(query.order_by(ReviewerRow.id))]

    def take_slot(self, reviewer_id: str) -> bool:
        """One conditional UPDATE: the database serializes racing transactions on the row, and
        the loser re-reads ``load`` after the winner commits, so the last slot goes once."""
        result = self._session.execute(
            update(ReviewerRow)
            .where(
                ReviewerRow.id == reviewer_id,
                ReviewerRow.active.is_(True),
                ReviewerRow.load < ReviewerRow.capacity,
            )
            .values(load=ReviewerRow.load + 1)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    def release_slot(self, reviewer_id: str) -> None:
        self._session.execute(
            update(ReviewerRow)
            .where(ReviewerRow.id == reviewer_id, ReviewerRow.load > 0)
            .values(load=ReviewerRow.load - 1)
            .execution_options(synchronize_session=False)
        )


# --- users and their API tokens ----------------------------------------------------------------


class SqlUserRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, user: User) -> None:
        if self._session.get(UserRow, user.id) is not None:
            raise ValueError(f"user id {user.id} already stored")
        if self.get_by_email(user.email) is not None:
            raise ValueError("email already registered")
        self._session.execute(insert(UserRow).values(id=user.id, **self._values(user)))
        self._save_tokens(user)

    @staticmethod
    def _values(user: User) -> dict[str, Any]:
        return {
            "email": user.email,
            "email_key": user.email.casefold(),
            "role": user.role.value,
            "reviewer_id": user.reviewer_id,
            "password_hash": user.password_hash,
            "active": user.active,
        }

    def _save_tokens(self, user: User) -> None:
        stored = {
            row.token_id: row
            for row in self._session.scalars(
                select(TokenRow)
                .where(TokenRow.user_id == user.id)
                .execution_options(populate_existing=True)
            )
        }
        for token in user.tokens:
            row = stored.get(token.token_id)
            if row is None:
                self._session.execute(
                    insert(TokenRow).values(user_id=user.id, **token.model_dump())
                )
            elif row.revoked != token.revoked or row.label != token.label:
                self._session.execute(
                    update(TokenRow)
                    .where(TokenRow.token_id == token.token_id)
                    .values(revoked=token.revoked, label=token.label)
                    .execution_options(synchronize_session=False)
                )

    def _user(self, row: UserRow) -> User:
        tokens = self._session.scalars(
            select(TokenRow)
            .where(TokenRow.user_id == row.id)
            .order_by(TokenRow.created_at, TokenRow.token_id)
            .execution_options(populate_existing=True)
        )
        return User(
            id=row.id,
            email=row.email,
            role=Role(row.role),
            reviewer_id=row.reviewer_id,
            password_hash=row.password_hash,
            active=row.active,
            tokens=[
                ApiToken(
                    token_id=t.token_id,
                    hash=t.hash,
                    created_at=t.created_at,
                    label=t.label,
                    revoked=t.revoked,
                )
                for t in tokens
            ],
        )

    def _one(self, *where: Any) -> User | None:
        row = self._session.scalars(
            select(UserRow).where(*where).execution_options(populate_existing=True)
        ).one_or_none()
        return self._user(row) if row is not None else None

    def get(self, user_id: str) -> User | None:
        return self._one(UserRow.id == user_id)

    def get_by_email(self, email: str) -> User | None:
        return self._one(UserRow.email_key == email.casefold())

    def get_by_token_id(self, token_id: str) -> User | None:
        owner = select(TokenRow.user_id).where(TokenRow.token_id == token_id).scalar_subquery()
        return self._one(UserRow.id == owner)

    def save(self, user: User) -> None:
        result = self._session.execute(
            update(UserRow)
            .where(UserRow.id == user.id)
            .values(**self._values(user))
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise KeyError(user.id)
        self._save_tokens(user)

    def list(self) -> list[User]:
        rows = self._session.scalars(
            select(UserRow).order_by(UserRow.email_key).execution_options(populate_existing=True)
        )
        return [self._user(row) for row in rows]


# --- the audit log and the signed letters ------------------------------------------------------


_AUDIT_TABLE: Table = AuditRow.__table__  # type: ignore[assignment]
# One INSERT statement, its values bound by name at each call (no statement built per entry).
_AUDIT_INSERT = (
    insert(_AUDIT_TABLE)
    .values(
        {
            column.name: bindparam(column.name, type_=column.type)
            for column in _AUDIT_TABLE.columns
            if column.name != "id"
        }
    )
    .returning(_AUDIT_TABLE.c.id)
)


class SqlAuditLog:
    """Append-only: an INSERT and a SELECT, nothing else (and the database refuses the rest)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, entry: AuditEntry) -> AuditEntry:
        values = entry.model_dump(mode="python", exclude={"id"})
        for key in ("from_status", "to_status"):
            values[key] = values[key].value if values[key] is not None else None
        new_id = self._session.connection().execute(_AUDIT_INSERT, values).scalar_one()
        return entry.model_copy(update={"id": new_id})

    def list(self, *, case_id: str | None = None) -> list[AuditEntry]:
        query = select(AuditRow).order_by(AuditRow.id)
        if case_id is not None:
            query = query.where(AuditRow.case_id == case_id)
        return [
            AuditEntry(
                id=row.id,
                at=row.at,
                actor=row.actor,
                case_id=row.case_id,
                action=row.action,
                from_status=CaseStatus(row.from_status) if row.from_status else None,
                to_status=CaseStatus(row.to_status) if row.to_status else None,
                detail=row.detail,
            )
            for row in self._session.scalars(query)
        ]

    def count(self) -> int:
        return int(self._session.scalar(select(func.count()).select_from(AuditRow)) or 0)


class SqlLetterStore:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, case_id: str, version: int, pdf: bytes) -> None:
        if self.get(case_id, version) is not None:
            raise ValueError(f"letter version {version} of case {case_id} already stored")
        self._session.execute(
            insert(LetterPdfRow).values(case_id=case_id, version=version, pdf=pdf)
        )

    def get(self, case_id: str, version: int) -> bytes | None:
        pdf = self._session.scalar(
            select(LetterPdfRow.pdf).where(
                LetterPdfRow.case_id == case_id, LetterPdfRow.version == version
            )
        )
        return bytes(pdf) if pdf is not None else None


_FACTS = TypeAdapter(list[Fact])
_FACTS_TABLE: Table = RecordFactsRow.__table__  # type: ignore[assignment]
_FACTS_OF_CASE = select(
    _FACTS_TABLE.c.record_id, _FACTS_TABLE.c.key, cast(_FACTS_TABLE.c.facts, Text)
).where(_FACTS_TABLE.c.case_id == bindparam("case_id"))


class SqlFactStore:
    def __init__(self, session: Session) -> None:
        self._session = session

    def put(self, case_id: str, facts: dict[str, RecordFacts]) -> None:
        if not facts:
            return
        self._session.execute(
            delete(RecordFactsRow).where(
                RecordFactsRow.case_id == case_id, RecordFactsRow.record_id.in_(list(facts))
            )
        )
        self._session.execute(
            insert(RecordFactsRow),
            [
                {
                    "case_id": case_id,
                    "record_id": record_id,
                    "key": kept.key,
                    "facts": [f.model_dump(mode="json") for f in kept.facts],
                }
                for record_id, kept in facts.items()
            ],
        )

    def of_case(self, case_id: str) -> dict[str, RecordFacts]:
        # The facts as JSON text, parsed and validated by pydantic at once; a Core statement
        # built once, on the session's connection.
        rows = self._session.connection().execute(_FACTS_OF_CASE, {"case_id": case_id})
        return {
            record_id: RecordFacts(key=key, facts=_FACTS.validate_json(facts))
            for record_id, key, facts in rows
        }
