"""Signing in and out, over the application create_app builds (no browser): where a sign-in may
lead, what a session needs, what the pages refuse."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from webtools import PASSWORD

from openimr.api.accounts import hash_password
from openimr.api.app import create_app
from openimr.config import Settings
from openimr.service.fakes import FakeUnitOfWork, InMemoryStore
from openimr.service.model import Role, User


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    store = InMemoryStore()
    with FakeUnitOfWork(store) as uow:
        hashed = hash_password(PASSWORD)
        uow.users.add(
            User(id="u1", email="Staff@Example.org", role=Role.CASE_MANAGER, password_hash=hashed)
        )
        uow.users.add(
            User(
                id="u2",
                email="gone@example.org",
                role=Role.CASE_MANAGER,
                password_hash=hashed,
                active=False,
            )
        )
        uow.commit()
    app = create_app(
        uow_factory=lambda: FakeUnitOfWork(store), settings=Settings(), load_knowledge=False
    )
    with TestClient(app) as test_client:
        yield test_client


def _sign_in(client: TestClient, email: str, password: str = PASSWORD, next: str = "") -> object:
    client.cookies.clear()
    return client.post(
        "/web/login",
        data={"email": email, "password": password, "next": next},
        follow_redirects=False,
    )


def test_a_page_asks_for_a_sign_in_and_comes_back(client: TestClient) -> None:
    client.cookies.clear()
    response = client.get("/web/reviewers?x=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/web/login?next=/web/reviewers%3Fx%3D1"
    signed = _sign_in(client, "staff@example.org", next="/web/reviewers?x=1")
    assert signed.status_code == 303 and signed.headers["location"] == "/web/reviewers?x=1"  # type: ignore[attr-defined]
    cookie = signed.headers["set-cookie"]  # type: ignore[attr-defined]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/api/cases", "javascript:alert(1)"]
)
def test_a_sign_in_never_leads_off_the_pages(client: TestClient, target: str) -> None:
    signed = _sign_in(client, "staff@example.org", next=target)
    assert signed.headers["location"] == "/web/queue"  # type: ignore[attr-defined]


def test_wrong_password_unknown_email_and_inactive_user_read_the_same(client: TestClient) -> None:
    answers = [
        _sign_in(client, "staff@example.org", "wrong"),
        _sign_in(client, "nobody@example.org"),
        _sign_in(client, "gone@example.org"),
    ]
    for answer in answers:
        assert answer.status_code == 401  # type: ignore[attr-defined]
        assert "The email or password is not right." in answer.text  # type: ignore[attr-defined]
        assert "set-cookie" not in answer.headers  # type: ignore[attr-defined]


def test_signing_out_needs_the_form_token_and_ends_the_session(client: TestClient) -> None:
    _sign_in(client, "staff@example.org")
    assert client.get("/web/reviewers").status_code == 200
    assert client.post("/web/logout", data={"form_token": "forged"}).status_code == 403
    page = client.get("/web/reviewers").text
    token = page.split('name="form_token" value="')[1].split('"')[0]
    out = client.post("/web/logout", data={"form_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/web/login"
    assert client.get("/web/reviewers", follow_redirects=False).status_code == 303


def test_a_forged_cookie_is_no_session(client: TestClient) -> None:
    client.cookies.clear()
    client.cookies.set("openimr_session", "dTE.9999999999.forged")
    assert client.get("/web/queue", follow_redirects=False).status_code == 303


def test_static_files_are_only_the_pages_own(client: TestClient) -> None:
    assert client.get("/web/static/style.css").headers["content-type"].startswith("text/css")
    assert client.get("/web/static/app.js").status_code == 200
    for name in ("..%2F__init__.py", "router.py", "missing.css"):
        assert client.get(f"/web/static/{name}").status_code == 404


def test_the_pages_are_not_in_the_api_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert paths and not any(p.startswith("/web") or p == "/" for p in paths)
    assert client.get("/", follow_redirects=False).headers["location"] == "/web/"
