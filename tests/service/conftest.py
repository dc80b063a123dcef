"""Fixtures of the use-case tests: an in-memory unit of work, a clock the test moves, the
service's context and a reviewer registry."""

from __future__ import annotations

import itertools

import pytest

from openimr.bootstrap import bootstrap
from openimr.service.context import ServiceContext
from openimr.service.fakes import FakeUnitOfWork, InMemoryStore

from .builders import SETTINGS, Clock, Registry


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def ctx(store: InMemoryStore, clock: Clock) -> ServiceContext:
    counter = itertools.count(1)
    context = bootstrap(
        uow_factory=lambda: FakeUnitOfWork(store),
        settings=SETTINGS,
        clock=clock,
        load_knowledge=False,
    )
    context.new_id = lambda: f"case-{next(counter)}"
    return context


@pytest.fixture
def registry(ctx: ServiceContext) -> Registry:
    return Registry(ctx)
