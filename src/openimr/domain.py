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
