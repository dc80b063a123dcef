"""The queue over many cases (no browser): pages of a hundred, sorting and filters kept."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from webtools import PASSWORD

from openimr.api.accounts import hash_password
from openimr.api.app import create_app
from openimr.config import Settings
from openimr.domain import Case, DisputedItem
from openimr.service import usecases
from openimr.service.context import SYSTEM, ServiceContext
from openimr.service.fakes import FakeUnitOfWork, InMemoryStore
from openimr.service.model import Role, User

CASES = 230


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    store = InMemoryStore()
    with FakeUnitOfWork(store) as uow:
        uow.users.add(
            User(
                id="m",
                email="m@example.org",
                role=Role.CASE_MANAGER,
                password_hash=hash_password(PASSWORD),
            )
        )
        uow.commit()
    service = ServiceContext(uow=lambda: FakeUnitOfWork(store), settings=Settings())
    start = dt.date(2026, 1, 1)
    for number in range(CASES):
        usecases.receive_application(
            service,
            SYSTEM,
            usecases.Application(
                case_number=f"CM26-{number:07d}",
                received=start + dt.timedelta(days=number % 300),
                case=Case(items=[DisputedItem(request="Acupuncture 6 sessions")]),
            ),
        )
    with TestClient(create_app(context=service)) as test_client:
        test_client.post("/web/login", data={"email": "m@example.org", "password": PASSWORD})
        yield test_client


def _numbers(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/web/cases/[0-9a-f]+">(CM26-\d+)</a></th>', html)


def test_the_queue_comes_in_pages_of_a_hundred(client: TestClient) -> None:
    first = client.get("/web/queue?sort=case")
    assert first.status_code == 200
    assert _numbers(first.text) == [f"CM26-{n:07d}" for n in range(100)]
    assert f"Cases 1–100 of {CASES}." in first.text
    assert "Previous page" not in first.text and 'rel="next"' in first.text
    last = client.get("/web/queue?sort=case&page=3")
    assert _numbers(last.text) == [f"CM26-{n:07d}" for n in range(200, CASES)]
    assert 'rel="prev"' in last.text and "Next page" not in last.text
    # A page past the end shows the last one.
    assert _numbers(client.get("/web/queue?sort=case&page=99").text) == _numbers(last.text)


def test_pages_keep_the_sort_and_the_filters(client: TestClient) -> None:
    query = "sort=case&order=desc&search=CM26-00001"
    one_page = client.get(f"/web/queue?{query}")
    # CM26-0000100 to CM26-0000199: exactly a hundred, one page, no pager.
    assert _numbers(one_page.text) == [f"CM26-{n:07d}" for n in range(199, 99, -1)]
    assert 'aria-label="Pages of the queue"' not in one_page.text
    first = client.get("/web/queue?sort=case&order=desc&search=CM26-0000")
    assert _numbers(first.text)[:2] == [f"CM26-{CASES - 1:07d}", f"CM26-{CASES - 2:07d}"]
    link = re.search(r'href="\?([^"]+)" rel="next"', first.text)
    assert link is not None
    following = link.group(1).replace("&amp;", "&")
    assert {"sort=case", "order=desc", "search=CM26-0000", "page=2"} <= set(following.split("&"))
    second = client.get(f"/web/queue?{following}")
    assert _numbers(second.text) == [f"CM26-{n:07d}" for n in range(CASES - 101, CASES - 201, -1)]
