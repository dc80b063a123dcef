"""What every use case runs with: a unit of work factory, settings, the engine's parts, a clock.

Built once by :func:`openimr.bootstrap.bootstrap`; tests build it with the in-memory unit of work
and a fixed clock.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from openimr.config import Settings
from openimr.service.assignment import AssignmentPolicy, SpecialtyTable, load_specialty_table
from openimr.service.deadlines import DeadlineRules, load_deadline_rules
from openimr.service.model import Role
from openimr.service.ports import AbstractUnitOfWork

if TYPE_CHECKING:
    from openimr.guidelines import KnowledgeBase
    from openimr.review.engine import Extractor

__all__ = ["Actor", "SYSTEM", "ServiceContext"]


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user (by id), their role, and their reviewer id if a reviewer."""

    user_id: str
    role: Role
    reviewer_id: str | None = None


SYSTEM = Actor(user_id="system", role=Role.ADMINISTRATOR)
"""The actor of work no person started (loading demonstration data, migrations)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _new_id() -> str:
    return uuid.uuid4().hex


@dataclass
class ServiceContext:
    """The dependencies of the use cases. ``kb`` and ``extract`` default to the shipped
    knowledge base and clinical extractor (loaded on first use by the engine)."""

    uow: Callable[[], AbstractUnitOfWork]
    settings: Settings = field(default_factory=Settings)
    kb: KnowledgeBase | None = None
    extract: Extractor | None = None
    # The version of ``extract`` (see :mod:`openimr.service.facts`): when both are set, the
    # facts of records are extracted as they arrive and kept for the draft.
    extractor_version: str | None = None
    policy: AssignmentPolicy = field(default_factory=AssignmentPolicy)
    deadline_rules: DeadlineRules = field(default_factory=load_deadline_rules)
    specialties: SpecialtyTable = field(default_factory=load_specialty_table)
    clock: Callable[[], dt.datetime] = _now
    new_id: Callable[[], str] = _new_id
