"""The review organization's workflow, as domain values: cases in review, reviewers, users, audit.

Pure pydantic models, no I/O. A :class:`ReviewCase` is the aggregate a unit of work loads and
saves; it wraps the :class:`openimr.domain.Case` a review decides on with what the workflow adds
(status, dates, deadline, reviewer, the engine's draft, the reviewer's edits, letter versions).

Complex parts (``content``, ``draft``, ``edits``, ``letters``, ``eligibility``, ``assignment``)
serialize to JSON with ``model_dump(mode="json")``; status, dates, deadline and reviewer are plain
values for queries.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from openimr.domain import Case, Determination, ItemDetermination, Letter, Priority
from openimr.drafting.sentences import SummarySentence

NOTE_CHARS = 2000
"""The longest note a reviewer may keep on one criterion."""

__all__ = [
    "NOTE_CHARS",
    "CaseStatus",
    "CaseParties",
    "RuleCheck",
    "CriterionNote",
    "ItemEdit",
    "LetterVersion",
    "ReviewerVerdict",
    "AssignmentRecord",
    "ReviewCase",
    "AffiliationKind",
    "Affiliation",
    "Reviewer",
    "Role",
    "ApiToken",
    "User",
    "AuditEntry",
]


class _Value(BaseModel):
    """A value object: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class _Entity(BaseModel):
    """An entity the use cases change in place; every assignment is validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class CaseStatus(str, Enum):
    """Where a case stands in the review organization's workflow (transitions: service.workflow)."""

    RECEIVED = "received"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    RECORDS_REQUESTED = "records_requested"
    RECORDS_RECEIVED = "records_received"
    REVIEWER_ASSIGNED = "reviewer_assigned"
    DRAFTED = "drafted"
    IN_REVIEW = "in_review"
    SIGNED = "signed"
    ISSUED = "issued"
    WITHDRAWN = "withdrawn"


class CaseParties(_Value):
    """Who the case concerns, for conflict-of-interest checks only; never written in a letter
    or a log line. ``employee`` identifies the injured worker (a name or a claim identifier)."""

    employer: str | None = None
    employee: str | None = None
    claims_administrator: str | None = None
    providers: list[str] = Field(default_factory=list)
    provider_groups: list[str] = Field(default_factory=list)


class RuleCheck(_Value):
    """One rule checked (an eligibility rule, a conflict-of-interest rule), passed or not, why."""

    rule: str
    passed: bool
    reason: str
    source: str | None = None


class CriterionNote(_Value):
    """The reviewer's note on one criterion of an item's checklist (``criterion``: the finding's
    id). An empty ``text`` withdraws the note."""

    criterion: str = Field(min_length=1)
    text: str = Field(max_length=NOTE_CHARS)


class ItemEdit(_Value):
    """A reviewer's change to one item's draft decision, with the engine's original beside it.

    An edit carrying a ``note`` is the reviewer's note on a criterion: it changes no decision
    (``edited`` is the item as it stood) and is kept, with who and when, like any other edit.
    """

    index: int = Field(ge=0)
    original: ItemDetermination
    edited: ItemDetermination
    by: str
    at: dt.datetime
    reason: str
    note: CriterionNote | None = None


class LetterVersion(_Value):
    """One signed version of a case's Final Determination letter.

    Signing freezes ``determination`` and ``letter``; the PDF bytes are kept by the unit of work's
    letter store under (case id, version) and ``sha256`` is their digest. A correction after issue
    is a new version whose ``replaces`` names the one it replaces; versions are never edited.
    """

    version: int = Field(ge=1)
    replaces: int | None = None
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    determination: Determination
    letter: Letter
    signed_by: str
    signed_at: dt.datetime
    issued_at: dt.datetime | None = None
    correction_reason: str | None = None


class ReviewerVerdict(_Value):
    """Why one reviewer was kept for a case or excluded from it."""

    reviewer_id: str
    eligible: bool
    checks: list[RuleCheck] = Field(default_factory=list)
    specialty_fit: float = 0.0
    load: int = 0
    rank: int | None = None


class AssignmentRecord(_Value):
    """The outcome of one assignment: every reviewer considered, and the one chosen (or none)."""

    at: dt.datetime
    chosen: str | None = None
    verdicts: list[ReviewerVerdict] = Field(default_factory=list)


class ReviewCase(_Entity):
    """A case in review: the aggregate the use cases change and the repositories store.

    ``content`` is what the review decides on (its ``items`` are the disputed items, its
    ``records`` the medical records); ``draft`` is the engine's determination as drafted and
    ``edits`` the reviewer's changes to it, each keeping the engine's original. ``summary`` is
    the letter's clinical case summary, written with the draft (None for a case drafted before
    summaries were kept: its letter writes the summary again).
    """

    id: str
    case_number: str
    status: CaseStatus = CaseStatus.RECEIVED
    priority: Priority = Priority.STANDARD
    formulary_drug_dispute: bool = False
    application_received: dt.date
    records_received: dt.date | None = None
    ur_decision_date: dt.date | None = None
    content: Case
    parties: CaseParties = Field(default_factory=CaseParties)
    eligibility: list[RuleCheck] = Field(default_factory=list)
    draft: Determination | None = None
    summary: list[SummarySentence] | None = None
    edits: list[ItemEdit] = Field(default_factory=list)
    reviewer_id: str | None = None
    assignment: AssignmentRecord | None = None
    deadline: dt.date | None = None
    letters: list[LetterVersion] = Field(default_factory=list)
    withdrawn_reason: str | None = None
    created_at: dt.datetime
    updated_at: dt.datetime
    revision: int = 0

    @property
    def determination(self) -> Determination | None:
        """The draft with the reviewer's edits applied (the latest edit of each item wins)."""
        if self.draft is None:
            return None
        items = list(self.draft.items)
        for edit in self.edits:
            items[edit.index] = edit.edited
        return self.draft.model_copy(update={"items": items})

    @property
    def changes(self) -> list[ItemEdit]:
        """The reviewer's changes to decisions, citations or rationales (not their notes)."""
        return [e for e in self.edits if e.note is None]

    def notes(self, index: int) -> dict[str, ItemEdit]:
        """Item ``index``'s criterion notes as they stand, by criterion: the latest edit of each
        note, with who wrote it and when (a withdrawn note is left out)."""
        latest: dict[str, ItemEdit] = {}
        for edit in self.edits:
            if edit.index == index and edit.note is not None:
                latest[edit.note.criterion] = edit
        return {c: e for c, e in latest.items() if e.note is not None and e.note.text}

    @property
    def current_letter(self) -> LetterVersion | None:
        """The latest signed version, if any."""
        return self.letters[-1] if self.letters else None


class AffiliationKind(str, Enum):
    """With whom a reviewer may be affiliated (what the conflict-of-interest rules look at)."""

    EMPLOYER = "employer"
    EMPLOYEE = "employee"
    CLAIMS_ADMINISTRATOR = "claims_administrator"
    PROVIDER_GROUP = "provider_group"
    PROVIDER = "provider"


class Affiliation(_Value):
    """One affiliation of a reviewer: an insurer or claims administrator, an employer, a provider
    group, an individual provider (or an injured worker)."""

    kind: AffiliationKind
    name: str


class Reviewer(_Entity):
    """An expert reviewer in the registry. The name is for staff; it never appears in a letter."""

    id: str
    name: str
    licensure_states: list[str] = Field(default_factory=list)
    board_certifications: list[str] = Field(default_factory=list)
    specialties: list[str] = Field(default_factory=list)
    years_in_active_practice: float = Field(0, ge=0)
    hours_per_week: float = Field(0, ge=0)
    affiliations: list[Affiliation] = Field(default_factory=list)
    capacity: int = Field(0, ge=0)
    load: int = Field(0, ge=0)
    active: bool = True


class Role(str, Enum):
    ADMINISTRATOR = "administrator"
    CASE_MANAGER = "case_manager"
    REVIEWER = "reviewer"


class ApiToken(_Value):
    """An API token as stored: its public id (the lookup prefix) and the argon2 hash of the secret."""

    token_id: str
    hash: str
    created_at: dt.datetime
    label: str | None = None
    revoked: bool = False


class User(_Entity):
    """Someone who signs in: staff (administrator, case manager) or an expert reviewer."""

    id: str
    email: str
    role: Role
    reviewer_id: str | None = None
    password_hash: str | None = None
    tokens: list[ApiToken] = Field(default_factory=list)
    active: bool = True


class AuditEntry(_Value):
    """One line of the append-only audit log. ``detail`` carries ids and rule names, never PHI."""

    id: int | None = None
    at: dt.datetime
    actor: str
    case_id: str | None = None
    action: str
    from_status: CaseStatus | None = None
    to_status: CaseStatus | None = None
    detail: str = ""
