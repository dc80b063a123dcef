"""Schemathesis against the OpenAPI document: generated requests to every operation, sent to a
real uvicorn server on loopback as an administrator and as a reviewer, never get a server
error. Bounded: a few examples per operation, derandomized."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from openimr.api.app import create_app
from openimr.config import Settings
from openimr.service.fakes import FakeUnitOfWork

from .conftest import Api

# The document does not depend on the database: read it from an app over an empty store.
DOCUMENT = create_app(
    uow_factory=FakeUnitOfWork, settings=Settings(), load_knowledge=False
).openapi()
schema = schemathesis.openapi.from_dict(DOCUMENT)


@pytest.fixture
def served(sqlite_api: Api) -> Iterator[tuple[Api, str]]:
    """The API served by uvicorn on a free loopback port, in a thread."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(sqlite_api.client.app, host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield sqlite_api, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


_bounded = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def _call(case: schemathesis.Case, served: tuple[Api, str], who: str) -> None:
    api, base_url = served
    headers = {"Authorization": f"Bearer {api.tokens[who]}"}
    case.call_and_validate(base_url=base_url, headers=headers, checks=[not_a_server_error])


@pytest.mark.slow
@schema.parametrize()
@_bounded
def test_no_generated_request_from_an_administrator_gets_a_server_error(
    case: schemathesis.Case, served: tuple[Api, str]
) -> None:
    _call(case, served, "admin")


@pytest.mark.slow
@schema.parametrize()
@_bounded
def test_no_generated_request_from_a_reviewer_gets_a_server_error(
    case: schemathesis.Case, served: tuple[Api, str]
) -> None:
    _call(case, served, "rv1")
