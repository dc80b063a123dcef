"""What the API takes and gives, beside the service's own models (which it reuses as they are:
``Application``, ``Reviewer``, ``AuditEntry``, ``AssignmentRecord``, the domain's ``Case`` and
``Determination``)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from openimr.domain import Case, Citation, Decision, Determination, Priority
from openimr.service.deadlines import Urgency
from openimr.service.model import (
    NOTE_CHARS,
    AssignmentRecord,
    CaseParties,
    CaseStatus,
    ItemEdit,
    LetterVersion,
    ReviewCase,
    Role,
    RuleCheck,
    User,
)

__all__ = [
    "CaseSummary",
    "CaseDetail",
    "LetterInfo",
    "DraftView",
    "ReasonIn",
    "ItemEditIn",
    "NoteIn",
    "UserIn",
    "UserOut",
    "TokenIn",
    "TokenOut",
    "PasswordIn",
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CaseSummary(BaseModel):
    """A case in a list: where it stands and when it is due."""

    id: str
    case_number: str
    status: CaseStatus
    priority: Priority
    formulary_drug_dispute: bool
    application_received: dt.date
    records_received: dt.date | None
    ur_decision_date: dt.date | None
    deadline: dt.date | None
    reviewer_id: str | None
    disputed_items: int
    urgency: Urgency | None = None
    deadline_rule: str | None = None
    deadline_source: str | None = None

    @classmethod
    def of(cls, case: ReviewCase, **extra: object) -> CaseSummary:
        return cls(
            id=case.id,
            case_number=case.case_number,
            status=case.status,
            priority=case.priority,
            formulary_drug_dispute=case.formulary_drug_dispute,
            application_received=case.application_received,
            records_received=case.records_received,
            ur_decision_date=case.ur_decision_date,
            deadline=case.deadline,
            reviewer_id=case.reviewer_id,
            disputed_items=len(case.content.items),
            **extra,
        )


class LetterInfo(BaseModel):
    """A signed letter version, without its content (the PDF and HTML have their own routes)."""

    version: int
    replaces: int | None
    sha256: str
    signed_by: str
    signed_at: dt.datetime
    issued_at: dt.datetime | None
    correction_reason: str | None

    @classmethod
    def of(cls, version: LetterVersion) -> LetterInfo:
        return cls.model_validate(version.model_dump(exclude={"letter", "determination"}))


class CaseDetail(CaseSummary):
    """A whole case. ``parties`` and ``assignment`` (who else was considered) are staff-only:
    a reviewer receives them empty."""

    content: Case
    parties: CaseParties | None
    eligibility: list[RuleCheck]
    assignment: AssignmentRecord | None
    draft: Determination | None
    determination: Determination | None
    edits: list[ItemEdit]
    letters: list[LetterInfo]
    withdrawn_reason: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    revision: int

    @classmethod
    def of_case(cls, case: ReviewCase, *, staff: bool) -> CaseDetail:
        summary = CaseSummary.of(case)
        return cls(
            **summary.model_dump(),
            content=case.content,
            parties=case.parties if staff else None,
            eligibility=case.eligibility,
            assignment=case.assignment if staff else None,
            draft=case.draft,
            determination=case.determination,
            edits=case.edits,
            letters=[LetterInfo.of(v) for v in case.letters],
            withdrawn_reason=case.withdrawn_reason,
            created_at=case.created_at,
            updated_at=case.updated_at,
            revision=case.revision,
        )


class DraftView(BaseModel):
    """The engine's draft, the determination as the reviewer has changed it, and each change."""

    case_id: str
    status: CaseStatus
    draft: Determination
    determination: Determination
    edits: list[ItemEdit]


class ReasonIn(_In):
    reason: str = Field(min_length=1, max_length=2000)


class ItemEditIn(_In):
    """A change to one item: at least one of decision, citations, rationale, and a reason."""

    reason: str = Field(min_length=1, max_length=2000)
    decision: Decision | None = None
    citations: list[Citation] | None = None
    rationale: str | None = Field(None, max_length=20000)


class NoteIn(_In):
    """The reviewer's note on one criterion; an empty text withdraws it."""

    text: str = Field(max_length=NOTE_CHARS)


class UserIn(_In):
    email: str = Field(min_length=3, max_length=320)
    role: Role
    reviewer_id: str | None = None
    password: str | None = Field(None, min_length=12, max_length=200)


class UserOut(BaseModel):
    """A user as the API shows one: never a hash."""

    id: str
    email: str
    role: Role
    reviewer_id: str | None
    active: bool
    tokens: list[str]

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            id=user.id,
            email=user.email,
            role=user.role,
            reviewer_id=user.reviewer_id,
            active=user.active,
            tokens=[t.token_id for t in user.tokens if not t.revoked],
        )


class TokenIn(_In):
    label: str | None = Field(None, max_length=200)


class TokenOut(BaseModel):
    """A new API token: shown this once; only its hash is kept."""

    token_id: str
    token: str
    user_id: str


class PasswordIn(_In):
    password: str = Field(min_length=12, max_length=200)
