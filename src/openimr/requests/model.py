"""The structured form of a disputed item's request: what service, where, how much, which drug.

A request as a letter writes it ("Norco 10/325mg #90 with 1 refill", "Physical therapy 2 times a
week for 4 weeks for the lumbar spine") becomes a Request whose fields a criteria set can test.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from openimr.requests.course import Course
from openimr.vocab.schema import Category, Phase, Side

__all__ = ["Category", "Laterality", "Phase", "Request"]


Laterality = Side


class Request(BaseModel):
    """A disputed item's request, parsed.

    Fields left None (or empty) were not written in the request: "MRI of the lumbar spine" has no
    laterality and no sessions, which is not the same as zero.

    Example: ``Physical therapy 2-3 times a week for 6 weeks`` has family ``physical_therapy``,
    category ``physical medicine``, ``sessions_range`` (12, 18) and ``sessions`` None, because the
    request does not fix one number.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    # what was asked for
    text: str
    family: str = "unknown"
    category: Category = Category.OTHER
    associated_surgical_service: bool = False
    surgery_kind: str | None = None
    procedures: list[str] = Field(default_factory=list)
    # a service around a surgery: its phase, and the surgery the request names, if it names one
    # (a kind of surgery such as "knee_arthroscopy", or "surgery" when it does not say which)
    perioperative: Phase | None = None
    for_surgery: str | None = None
    # partial authorization: the request as first made, and the part the claims administrator
    # approved (the request parsed is then the remaining portion)
    original_request: str | None = None
    authorized: str | None = None
    authorized_request: Request | None = None
    # a fragment of a request split in the wrong place ("2 times a week for 6 weeks" after
    # "Physical therapy for the lumbar spine"): it names no service of its own; read with
    # ``parse_items`` it carries the request it continues, whose text is ``continues``
    fragment: bool = False
    continues: str | None = None

    # where
    body_parts: list[str] = Field(default_factory=list)
    laterality: Laterality | None = None
    # the side written for each body part that has one: "PT/OT left hand, right lower leg" has
    # laterality None but sides {"hand": "left", "lower extremity": "right"}
    sides: dict[str, Laterality] = Field(default_factory=dict)
    levels: list[str] = Field(default_factory=list)
    level_count: int | None = None

    # what the request's own words say of the course ("Continue ...", "Additional ..." continue
    # one; "Trial of ...", "Initial ..." begin one); None when they say neither
    course: Course | None = None

    # when
    retrospective: bool = False
    date_of_service: dt.date | None = None

    # how much (services)
    sessions: int | None = None
    sessions_range: tuple[int, int] | None = None
    frequency_per_week: int | None = None
    duration_weeks: int | None = None
    duration_days: int | None = None
    rental: bool = False
    purchase: bool = False
    units: int | None = None

    # which drug (medications)
    drug: str | None = None
    brand: str | None = None
    drug_class: str | None = None
    strength: str | None = None
    form: str | None = None
    extended_release: bool = False
    quantity: int | float | None = None
    quantity_unit: str | None = None
    amount: str | None = None
    refills: int | None = None
    days_supply: int | None = None
    sig: str | None = None
    ingredients: list[tuple[str, float | None]] = Field(default_factory=list)
