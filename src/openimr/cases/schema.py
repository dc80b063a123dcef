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
      items: [...]                  # the requests UR denied or modified
      certified: [...]              # services UR certified (not in dispute)
      cited_guidelines: [MTUS ACOEM Low Back Complaints 2004]
      rationale: ...
    records:
      - {id: r1, date: 2014-03-04, type: progress note, kind: progress report, text: ...}
      - {id: r2, date: 2014-06-10, type: MRI report, kind: imaging, pdf: records/mri.pdf}
    disputed_items:
      - request: Lumbar facet injection (B) L3-L4 using fluoroscopy
        body_region: lumbar spine
        side: bilateral
        ur_decision: denied
        ur_cited_guidelines: [MTUS ACOEM Low Back Complaints 2004, page 300]
      - request: Physical therapy 2 sessions
        original_request: Physical therapy 8 sessions
        authorized: Physical therapy 6 sessions
        ur_decision: modified

Everything but ``format``, ``utilization_review.date``, the records and the disputed items is
optional, and every field added since the first files (record ``kind``, the per-item ``ur_*``
fields, ``body_region`` and ``side``, ``utilization_review.certified``) is optional too, so every
``openimr-case/1`` file keeps loading. When the file says which items utilization review decided
(``utilization_review.items`` or an item's ``ur_decision``), every disputed item must be one of
them: IMR decides only what utilization review denied or modified.

Names of people are allowed in the file (a real case file has them) but OpenIMR never logs them
and never writes the reviewer's name into a letter.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from openimr.domain import RecordKind

__all__ = ["FORMAT", "CaseFile"]

FORMAT = "openimr-case/1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sex(str, Enum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


class Side(str, Enum):
    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"


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
    items: list[str] = Field([], description="the requests utilization review denied or modified")
    certified: list[str] = Field(
        [], description="services utilization review certified: they are not in dispute"
    )
    cited_guidelines: list[str] = []
    rationale: str | None = None


class Record(_Model):
    """One medical record: its text, or a PDF (path relative to the case file) whose text is read."""

    id: str
    date: dt.date | None = None
    type: str | None = Field(
        None, description="the record's own title: progress note, MRI report, PR-2, ..."
    )
    kind: RecordKind | None = Field(
        None,
        description="what the record is; a utilization review or a request for authorization "
        "is never clinical evidence",
    )
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
    body_region: str | None = Field(
        None, description="the body region the request treats, e.g. lumbar spine, shoulder"
    )
    side: Side | None = None
    ur_decision: Literal["denied", "modified"] | None = Field(
        None, description="what utilization review decided on this item"
    )
    ur_cited_guidelines: list[str] = Field(
        [], description="the guidelines utilization review cited for this item"
    )

    @model_validator(mode="after")
    def _partial_is_complete(self) -> DisputedItem:
        if (self.original_request is None) != (self.authorized is None):
            raise ValueError(
                "a partial authorization needs both 'original_request' and 'authorized'"
            )
        if self.authorized is not None and self.ur_decision == "denied":
            raise ValueError(
                "ur_decision: a partial authorization is a modification, so 'modified', "
                "not 'denied'"
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
