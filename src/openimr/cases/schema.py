"""The IMR case file format, version 1: what a user gives OpenIMR to review.

A case file is YAML or JSON. ``openimr schema case`` prints its JSON Schema. Example (abridged)::

    format: openimr-case/1
    application:
      case_number: CM24-0000001
      received: 2024-03-04
      priority: standard            # or expedited
    parties:
      injured_worker: {age: 66, sex: male}          # or date_of_birth
      employer: Acme Warehousing
      claims_administrator: Example Claims Services
      treating_provider: {name: ..., specialty: Pain Medicine}
      requesting_provider: {name: ..., specialty: Pain Medicine}
    injury: {date: 2000-03-30, body_parts: [lumbar spine], mechanism: lifting}
    utilization_review:
      date: 2014-07-23
      decision: denied              # denied or modified
      items: [...]
      cited_guidelines: [MTUS ACOEM Low Back Complaints 2004]
      rationale: ...
    records:
      - {id: r1, date: 2014-03-04, type: progress note, author: treating physician, text: ...}
      - {id: r2, date: 2014-06-10, type: MRI report, pdf: records/mri.pdf}
    disputed_items:
      - request: Lumbar facet injection (B) L3-L4 using fluoroscopy
      - request: Physical therapy 2 sessions
        original_request: Physical therapy 8 sessions
        authorized: Physical therapy 6 sessions

Names of people are allowed in the file (a real case file has them) but OpenIMR never logs them
and never writes the reviewer's name into a letter.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["FORMAT", "CaseFile"]

FORMAT = "openimr-case/1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sex(str, Enum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


class Application(_Model):
    """The IMR application as the Division of Workers' Compensation forwarded it."""

    case_number: str | None = Field(None, description="IMR case number, e.g. CM24-0000001")
    received: dt.date | None = Field(None, description="date the application was received")
    priority: Literal["standard", "expedited"] = "standard"


class InjuredWorker(_Model):
    """The injured worker: an age or a date of birth, and sex. A name is optional and never used."""

    name: str | None = None
    age: int | None = Field(None, ge=14, le=110)
    date_of_birth: dt.date | None = None
    sex: Sex = Sex.UNKNOWN


class Provider(_Model):
    name: str | None = None
    specialty: str | None = None


class Parties(_Model):
    injured_worker: InjuredWorker = InjuredWorker()
    employer: str | None = None
    claims_administrator: str | None = None
    treating_provider: Provider | None = None
    requesting_provider: Provider | None = None


class Injury(_Model):
    date: dt.date | None = Field(None, description="date of injury")
    body_parts: list[str] = []
    mechanism: str | None = None


class UtilizationReview(_Model):
    """The utilization review decision that the worker disputes."""

    date: dt.date = Field(description="date of the UR decision; the guidelines in force then apply")
    decision: Literal["denied", "modified"] = "denied"
    items: list[str] = []
    cited_guidelines: list[str] = []
    rationale: str | None = None


class Record(_Model):
    """One medical record: its text, or a PDF (path relative to the case file) whose text is read."""

    id: str
    date: dt.date | None = None
    type: str | None = Field(None, description="progress note, MRI report, operative report, ...")
    author: str | None = None
    text: str | None = None
    pdf: str | None = None

    @model_validator(mode="after")
    def _text_or_pdf(self) -> Record:
        if (self.text is None) == (self.pdf is None):
            raise ValueError("give exactly one of 'text' or 'pdf'")
        if self.text is not None and not self.text.strip():
            raise ValueError("'text' is empty")
        return self


class DisputedItem(_Model):
    """A disputed item as requested; for a partial authorization, ``request`` is the remaining part."""

    request: str = Field(min_length=1)
    original_request: str | None = None
    authorized: str | None = None

    @model_validator(mode="after")
    def _partial_is_complete(self) -> DisputedItem:
        if (self.original_request is None) != (self.authorized is None):
            raise ValueError(
                "a partial authorization needs both 'original_request' and 'authorized'"
            )
        return self


class CaseFile(_Model):
    """An IMR case file, format ``openimr-case/1``."""

    format: Literal["openimr-case/1"] = Field(description="the case file format and its version")
    application: Application = Application()
    parties: Parties = Parties()
    injury: Injury = Injury()
    utilization_review: UtilizationReview
    records: list[Record] = Field(min_length=1)
    disputed_items: list[DisputedItem] = Field(min_length=1)

    @model_validator(mode="after")
    def _record_ids_are_unique(self) -> CaseFile:
        seen: set[str] = set()
        for record in self.records:
            if record.id in seen:
                raise ValueError(f"records: id '{record.id}' is used twice")
            seen.add(record.id)
        return self
