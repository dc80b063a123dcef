"""API tokens: required on every route, stored only as argon2 hashes, looked up by token id,
revoked at once; roles decide what a token may do."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from openimr.api import accounts
from openimr.service.context import SYSTEM
from openimr.service.errors import InvalidRequest, NotPermitted
from openimr.service.model import Role
from openimr.service.usecases.accounts import authenticate_password

from .conftest import Api


def test_every_api_route_needs_a_token(api: Api) -> None:
    routes = [
        (method, path.replace("{case_id}", "x").replace("{index}", "0"))
        for path, operations in api.client.get("/openapi.json").json()["paths"].items()
        for method in operations
    ]
    assert len(routes) > 25
    for method, path in routes:
        path = (
            path.replace("{reviewer_id}", "rv1")
            .replace("{user_id}", "u")
            .replace("{token_id}", "t")
        )
        response = api.client.request(method.upper(), path)
        assert response.status_code == 401, (method, path)
        assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "oimr_0123456789abcdef_" + "x" * 43,  # well formed, unknown id
    ],
)
def test_a_malformed_or_unknown_token_is_refused(api: Api, token: str) -> None:
    response = api.client.get("/api/cases", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_a_known_token_id_with_a_wrong_secret_is_refused(api: Api) -> None:
    good = api.tokens["manager"]
    wrong = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    response = api.client.get("/api/cases", headers={"Authorization": f"Bearer {wrong}"})
    assert response.status_code == 401
    assert api.ok("manager", "GET", "/cases").status_code == 200


def test_tokens_are_stored_as_argon2_hashes_never_in_clear(api: Api) -> None:
    with api.database.engine.connect() as connection:
        rows = connection.execute(text("SELECT token_id, hash FROM api_tokens")).all()
    assert len(rows) == 4
    for token_id, hashed in rows:
        assert hashed.startswith("$argon2id$")
        secret = next(t for t in api.tokens.values() if f"_{token_id}_" in t).split("_", 2)[2]
        assert secret not in hashed


def test_a_revoked_token_stops_working_at_once(api: Api) -> None:
    me = api.ok("manager", "GET", "/me").json()
    assert me["role"] == "case_manager" and me["email"] == "manager@example.org"
    spare = api.ok("manager", "POST", f"/users/{me['id']}/tokens", json={"label": "cli"}).json()
    headers = {"Authorization": f"Bearer {spare['token']}"}
    assert api.client.get("/api/cases", headers=headers).status_code == 200
    api.ok("manager", "DELETE", f"/tokens/{spare['token_id']}")
    assert api.client.get("/api/cases", headers=headers).status_code == 401
    assert api.ok("manager", "GET", "/cases").status_code == 200  # the other token still works


def test_a_user_may_not_revoke_or_issue_someone_elses_token(api: Api) -> None:
    admin = api.ok("admin", "GET", "/me").json()
    assert api.call("manager", "POST", f"/users/{admin['id']}/tokens", json={}).status_code == 403
    assert api.call("rv1", "DELETE", f"/tokens/{admin['tokens'][0]}").status_code == 404
    assert api.ok("admin", "GET", "/cases").status_code == 200


def test_only_an_administrator_manages_users(api: Api) -> None:
    body = {"email": "new.manager@example.org", "role": "case_manager"}
    for who in ("manager", "rv1"):
        assert api.call(who, "POST", "/users", json=body).status_code == 403
        assert api.call(who, "GET", "/users").status_code == 403
    created = api.ok("admin", "POST", "/users", json=body).json()
    assert created["role"] == "case_manager" and "password_hash" not in created
    emails = [u["email"] for u in api.ok("admin", "GET", "/users").json()]
    assert "new.manager@example.org" in emails
    again = api.call("admin", "POST", "/users", json=body | {"email": "NEW.manager@example.org"})
    assert again.status_code == 422 and "already registered" in again.json()["detail"]
    reviewer_without_entry = {"email": "r@example.org", "role": "reviewer"}
    assert api.call("admin", "POST", "/users", json=reviewer_without_entry).status_code == 422


def test_a_password_is_set_by_its_user_or_an_administrator(api: Api) -> None:
    me = api.ok("rv1", "GET", "/me").json()
    other = api.ok("rv2", "GET", "/me").json()
    path = f"/users/{me['id']}/password"
    assert api.call("rv1", "PUT", path, json={"password": "short"}).status_code == 422
    assert (
        api.call("rv2", "PUT", path, json={"password": "a long enough secret"}).status_code == 403
    )
    assert (
        api.call("rv1", "PUT", path, json={"password": "a long enough secret"}).status_code == 204
    )
    signed_in = authenticate_password(api.ctx, "RV1@example.org", "a long enough secret")
    assert signed_in is not None and signed_in.id == me["id"]
    assert authenticate_password(api.ctx, "rv1@example.org", "a wrong secret here") is None
    assert (
        api.call(
            "admin", "PUT", f"/users/{other['id']}/password", json={"password": "x" * 12}
        ).status_code
        == 204
    )


def test_account_rules_outside_the_api(api: Api) -> None:
    with pytest.raises(InvalidRequest, match="email"):
        accounts.create_user(api.ctx, SYSTEM, email="not an email", role=Role.CASE_MANAGER)
    staff = accounts.authenticate_token(api.ctx, api.tokens["manager"])
    assert staff is not None and staff.role is Role.CASE_MANAGER
    with pytest.raises(NotPermitted):
        accounts.create_user(api.ctx, staff, email="a@example.org", role=Role.ADMINISTRATOR)


def test_a_deactivated_user_is_refused_at_once_and_can_be_reactivated(api: Api) -> None:
    reviewer = api.ok("rv2", "GET", "/me").json()
    path = f"/users/{reviewer['id']}/active"
    assert api.call("manager", "PUT", path, json={"active": False}).status_code == 403
    assert api.ok("admin", "PUT", path, json={"active": False}).json()["active"] is False
    assert api.call("rv2", "GET", "/cases").status_code == 401
    me = api.ok("admin", "GET", "/me").json()
    selfish = api.call("admin", "PUT", f"/users/{me['id']}/active", json={"active": False})
    assert selfish.status_code == 422
    api.ok("admin", "PUT", path, json={"active": True})
    assert api.ok("rv2", "GET", "/cases").json() == []
