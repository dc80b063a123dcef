"""The domain model: what a Final Determination letter holds, in the letters' own words.

Pure pydantic models; this module imports nothing else of OpenIMR's.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Decision",
    "Priority",
    "CitationSource",
    "Citation",
    "GuidelineLine",
    "ReviewerCredentials",
    "LetterItem",
    "Letter",
    "Assertion",
    "Evidence",
    "Fact",
    "Worker",
    "Record",
    "DisputedItem",
    "Case",
    "CriterionResult",
    "CriterionFinding",
    "ItemDetermination",
    "Determination",
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Decision(str, Enum):
    """The outcome for one disputed item.

    Upheld: the utilization review denial stands; the service is not medically necessary.
    Overturned: the service is medically necessary and must be provided.
    """

    UPHELD = "Upheld"
    OVERTURNED = "Overturned"


class Priority(str, Enum):
    """Standard review (30 days) or expedited review (imminent, serious threat to health)."""

    STANDARD = "standard"
    EXPEDITED = "expedited"


class CitationSource(str, Enum):
    """Where a cited guideline stands in the strength-of-evidence hierarchy."""

    MTUS = "MTUS"
    NON_MTUS = "Non-MTUS"
    NONE_CITED = "none cited"


class Citation(_Model):
    """One guideline document cited for a decision.

    Example: ``MTUS Chronic Pain Medical Treatment Guidelines 2016``, section
    ``Trigger point injections``, page ``122``.
    """

    source: CitationSource
    document: str | None = None
    chapter: str | None = None
    sections: list[str] = Field(default_factory=list)
    pages: list[str] = Field(default_factory=list)
    date: dt.date | None = None


class GuidelineLine(_Model):
    """A letter's guideline line (claims administrator's or review organization's): raw and parsed."""

    raw: str
    citations: list[Citation] = Field(default_factory=list)


class ReviewerCredentials(_Model):
    """What a letter shows of the expert reviewer: never a name, only licensure and specialties."""

    licensure: list[str] = Field(default_factory=list)
    specialties: list[str] = Field(default_factory=list)


class LetterItem(_Model):
    """A disputed item as a Final Determination letter decides it.

    For a partial authorization, ``request`` is the remaining IMR-eligible portion (what is
    decided), ``original_request`` the request as first made and ``authorized`` the part the claims
    administrator approved; for a whole request the three are ``request``, None, None.
    """

    request: str
    original_request: str | None = None
    authorized: str | None = None
    remaining: str | None = None
    decision: Decision
    claims_administrator_guideline: GuidelineLine
    review_guideline: GuidelineLine
    rationale: str


class Letter(_Model):
    """A Final Determination letter: header, reviewer credentials, case summary, decided items."""

    case_number: str | None = None
    date_assigned: dt.date | None = None
    date_of_injury: dt.date | None = None
    decision_date: dt.date | None = None
    ur_denial_date: dt.date | None = None
    priority: Priority | None = None
    received: dt.date | None = None
    reviewer: ReviewerCredentials = Field(default_factory=ReviewerCredentials)
    summary: str
    items: list[LetterItem]


class Assertion(str, Enum):
    """How the record asserts a clinical fact (ConText's categories)."""

    PRESENT = "present"
    ABSENT = "absent"
    POSSIBLE = "possible"
    HISTORICAL = "historical"
    HYPOTHETICAL = "hypothetical"
    FAMILY = "family"


class Evidence(_Model):
    """Where a fact was found: the sentence, its character offsets in the document, the document."""

    sentence: str
    start: int
    end: int
    document: str | None = None
    date: dt.date | None = None


class Fact(_Model):
    """A clinical fact the guideline criteria use, with its assertion and its evidence.

    ``kind`` names the fact in snake case ("radiculopathy", "pain_score", "treatment_tried");
    ``value`` holds its value where it has one (a score, a percent, a drug name), ``unit`` its
    unit, and ``attributes`` further detail ("corroborated_by": "imaging", "count": 12).
    """

    kind: str
    value: str | float | None = None
    unit: str | None = None
    attributes: dict[str, str | float | bool | None] = Field(default_factory=dict)
    assertion: Assertion = Assertion.PRESENT
    evidence: Evidence


class Worker(_Model):
    """The injured worker, as far as a review needs: never a name here."""

    age: int | None = None
    date_of_birth: dt.date | None = None
    sex: str | None = None


class PhaseOfCare(str, Enum):
    """Where the injury is in its course, which decides between a body-region ACOEM chapter
    (acute and subacute care) and the Chronic Pain guidelines (chronic care)."""

    ACUTE = "acute"
    SUBACUTE = "subacute"
    CHRONIC = "chronic"


class RecordKind(str, Enum):
    """What a record of the case file is. Objective findings come only from examination, study
    and operative records; a utilization review or a request for authorization is never
    clinical evidence."""

    PROGRESS_REPORT = "progress report"
    IMAGING = "imaging"
    ELECTRODIAGNOSTIC_STUDY = "electrodiagnostic study"
    OPERATIVE_REPORT = "operative report"
    UTILIZATION_REVIEW = "utilization review"
    REQUEST_FOR_AUTHORIZATION = "request for authorization"
    OTHER = "other"


class Record(_Model):
    """One medical record of the case file: a dated document with its text.

    ``type`` is the record's own title as the case file gives it ("PR-2", "MRI report");
    ``kind`` is what the record is, when the case file says so.
    """

    id: str
    date: dt.date | None = None
    type: str | None = None
    kind: RecordKind | None = None
    author: str | None = None
    text: str


class DisputedItem(_Model):
    """A treatment in dispute, as requested.

    ``request`` is what is decided: for a partial authorization, the remaining IMR-eligible
    portion, with the original request and the authorized part beside it.
    """

    request: str
    original_request: str | None = None
    authorized: str | None = None
    body_region: str | None = None
    side: str | None = None
    ur_cited_guidelines: list[str] = Field(default_factory=list)


class Case(_Model):
    """What a review decides on: the application, the worker, the records, the disputed items."""

    case_number: str | None = None
    received: dt.date | None = None
    priority: Priority | None = None
    date_of_injury: dt.date | None = None
    request_date: dt.date | None = None  # of the request for authorization the UR decided
    ur_decision_date: dt.date | None = None
    ur_cited_guidelines: list[str] = Field(default_factory=list)
    ur_certified: list[str] = Field(default_factory=list)
    worker: Worker = Field(default_factory=Worker)
    records: list[Record] = Field(default_factory=list)
    items: list[DisputedItem]


class CriterionResult(str, Enum):
    """A criterion as the record shows it: met, not met, or not documented either way."""

    MET = "met"
    NOT_MET = "not met"
    NOT_DOCUMENTED = "not documented"


class CriterionFinding(_Model):
    """One criterion of the governing guideline, judged against the record, with its evidence."""

    criterion: str
    statement: str
    result: CriterionResult
    evidence: list[Evidence] = Field(default_factory=list)
    note: str | None = None
    citation: Citation | None = None


class FlagKind(str, Enum):
    """Why a physician reviewer should look closer at an item's draft decision."""

    NO_CRITERIA_SET = "no criteria set"
    EDITION_NOT_HELD = "guideline edition not held"
    NOT_DOCUMENTED_ONLY = "decided only on not documented"
    ASSUMPTION = "assumption made"
    CONFLICTING_EVIDENCE = "conflicting evidence"
    UNCONFIRMED_CRITERIA = "unconfirmed criteria"


class AttentionFlag(_Model):
    """One reason to look closer, in words a reviewer reads."""

    kind: FlagKind
    detail: str


class ItemDetermination(_Model):
    """The decision on one disputed item, with every reason a reviewer needs to check it."""

    request: str
    original_request: str | None = None
    authorized: str | None = None
    service_family: str
    criteria_set: str | None = None
    hierarchy_step: str
    hierarchy_reason: str
    findings: list[CriterionFinding] = Field(default_factory=list)
    decision: Decision
    citations: list[Citation] = Field(default_factory=list)
    rationale: str
    flags: list[AttentionFlag] = Field(default_factory=list)


class Determination(_Model):
    """A case's determination: one decision per disputed item, in the order requested."""

    case_number: str | None = None
    items: list[ItemDetermination]
