"""The database tables (SQLAlchemy 2 declarative models).

Status, dates, deadline and reviewer are real columns for queries; the complex parts of a case
(its content, the engine's draft, the reviewer's edits, letter versions, eligibility and
assignment reasons) are JSON documents written by the service's pydantic models. The audit table
is append-only: the code has no path that updates or deletes it, and the database refuses both
(a trigger on PostgreSQL and on SQLite, created by the migrations).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "metadata",
    "Base",
    "CaseRow",
    "ReviewerRow",
    "UserRow",
    "TokenRow",
    "AuditRow",
    "LetterPdfRow",
    "RecordFactsRow",
]

# Stable constraint names, so migrations can drop what they created on every backend.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Document = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A moment stored in UTC and read back timezone-aware on every backend (SQLite keeps none)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = metadata


class ReviewerRow(Base):
    __tablename__ = "reviewers"
    __table_args__ = (CheckConstraint("load >= 0 AND capacity >= 0", name="slots_not_negative"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    load: Mapped[int] = mapped_column(Integer, default=0)
    years_in_active_practice: Mapped[float] = mapped_column(Float, default=0)
    hours_per_week: Mapped[float] = mapped_column(Float, default=0)
    licensure_states: Mapped[Any] = mapped_column(Document)
    board_certifications: Mapped[Any] = mapped_column(Document)
    specialties: Mapped[Any] = mapped_column(Document)
    affiliations: Mapped[Any] = mapped_column(Document)


class CaseRow(Base):
    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_number: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    priority: Mapped[str] = mapped_column(String(16))
    formulary_drug_dispute: Mapped[bool] = mapped_column(Boolean, default=False)
    application_received: Mapped[dt.date] = mapped_column(Date)
    records_received: Mapped[dt.date | None] = mapped_column(Date)
    ur_decision_date: Mapped[dt.date | None] = mapped_column(Date)
    reviewer_id: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("reviewers.id"), index=True
    )
    deadline: Mapped[dt.date | None] = mapped_column(Date, index=True)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[Any] = mapped_column(Document)
    parties: Mapped[Any] = mapped_column(Document)
    eligibility: Mapped[Any] = mapped_column(Document)
    draft: Mapped[Any] = mapped_column(Document, nullable=True)
    summary: Mapped[Any] = mapped_column(Document, nullable=True)
    edits: Mapped[Any] = mapped_column(Document)
    assignment: Mapped[Any] = mapped_column(Document, nullable=True)
    letters: Mapped[Any] = mapped_column(Document)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    # The email folded to lower case: what log-in and uniqueness compare.
    email_key: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    reviewer_id: Mapped[str | None] = mapped_column(String(64), ForeignKey("reviewers.id"))
    password_hash: Mapped[str | None] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class TokenRow(Base):
    """An API token: the public id is the lookup key; only the secret's argon2 hash is kept."""

    __tablename__ = "api_tokens"

    token_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), ForeignKey("users.id"), index=True)
    hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    label: Mapped[str | None] = mapped_column(String(200))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditRow(Base):
    """One audit entry; rows are inserted, never updated or deleted."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    case_id: Mapped[str | None] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(64))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")


class LetterPdfRow(Base):
    """A signed letter's PDF, by case and version; written once."""

    __tablename__ = "letter_pdfs"

    case_id: Mapped[str] = mapped_column(String(64), ForeignKey("cases.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)


class RecordFactsRow(Base):
    """The clinical facts extracted from one record of a case, under the digest of what they
    were extracted from (record, reference date, extractor version); replaced, never edited."""

    __tablename__ = "record_facts"

    case_id: Mapped[str] = mapped_column(String(64), ForeignKey("cases.id"), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    facts: Mapped[Any] = mapped_column(Document, nullable=False)
