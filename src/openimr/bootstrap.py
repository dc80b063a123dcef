"""Wiring: one place that builds what the use cases run with.

The command line, the API and the web pages call :func:`bootstrap` once and pass the
:class:`ServiceContext` to the use cases. Tests pass a factory of in-memory units of work::

    from openimr.service.fakes import FakeUnitOfWork, InMemoryStore
    store = InMemoryStore()
    ctx = bootstrap(uow_factory=lambda: FakeUnitOfWork(store), settings=Settings())

Without a factory, the database named by ``db_url`` (else the embedded SQLite file) is used,
through ``openimr.db``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from openimr.config import Settings, load_settings
from openimr.service.assignment import AssignmentPolicy
from openimr.service.context import ServiceContext
from openimr.service.ports import AbstractUnitOfWork

if TYPE_CHECKING:
    from openimr.guidelines import KnowledgeBase
    from openimr.review.engine import Extractor

__all__ = ["bootstrap"]


def bootstrap(
    *,
    uow_factory: Callable[[], AbstractUnitOfWork] | None = None,
    db_url: str | None = None,
    settings: Settings | None = None,
    config: str | os.PathLike[str] | Path | None = None,
    kb: KnowledgeBase | None = None,
    extract: Extractor | None = None,
    extractor_version: str | None = None,
    policy: AssignmentPolicy | None = None,
    clock: Callable[[], dt.datetime] | None = None,
    load_knowledge: bool = True,
) -> ServiceContext:
    """The service's context: units of work, settings (given, else read from ``config`` or
    ``$OPENIMR_CONFIG``), the knowledge base and the clinical extractor (the shipped ones unless
    given; loaded now when ``load_knowledge``, so that the first draft is not the slow one), the
    extractor's version (the shipped one's when it is loaded here; with a version, records'
    facts are extracted as the records arrive and kept for the draft), the reviewer policy (licensure as the settings require) and a clock.

    Raises:
        OpenIMRError: the settings file or the database cannot be used (one line).
    """
    settings = settings if settings is not None else load_settings(config)
    if uow_factory is None:
        from openimr.db import prepare
        from openimr.db import uow_factory as sql_uow_factory

        uow_factory = sql_uow_factory(prepare(db_url))
    if kb is None and load_knowledge:
        from openimr.guidelines import KnowledgeBase

        kb = KnowledgeBase.load()
    if extract is None and load_knowledge:
        from openimr.deferred import import_spacy

        import_spacy()  # before anything imports spaCy: without its command line
        from openimr.clinical import extract as clinical_extract
        from openimr.service.facts import shipped_extractor_version

        extract = clinical_extract
        extract("Warm-up sentence.")  # builds the clinical pipeline now, not in the first draft
        extractor_version = shipped_extractor_version()
    if policy is None:
        states = tuple(settings.reviewer.licensure) or AssignmentPolicy().licensure_states
        policy = AssignmentPolicy(licensure_states=states)
    context = ServiceContext(
        uow=uow_factory,
        settings=settings,
        kb=kb,
        extract=extract,
        extractor_version=extractor_version,
        policy=policy,
    )
    if clock is not None:
        context.clock = clock
    return context
