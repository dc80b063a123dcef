"""The audit trail is read only through the API, and no log line carries protected health
information, through a whole case."""

from __future__ import annotations

import logging

import pytest

from .conftest import PARTIES, REVIEWER_NAMES, Api, seed_application, seed_records
from .flow import assign, open_case


def test_the_api_offers_no_way_to_change_or_delete_an_audit_entry(api: Api) -> None:
    case_id = open_case(api)
    before = api.ok("manager", "GET", f"/cases/{case_id}/audit").json()
    assert len(before) >= 4

    paths = api.client.get("/openapi.json").json()["paths"]
    audit_paths = {path: set(ops) for path, ops in paths.items() if "audit" in path}
    assert audit_paths == {"/api/cases/{case_id}/audit": {"get"}, "/api/audit": {"get"}}
    for route in api.client.app.routes:  # type: ignore[attr-defined]
        if "audit" in getattr(route, "path", ""):
            assert getattr(route, "methods", set()) <= {"GET", "HEAD"}

    entry = before[0]["id"]
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for who in ("admin", "manager"):
            for path in (
                f"/cases/{case_id}/audit",
                f"/cases/{case_id}/audit/{entry}",
                "/audit",
                f"/audit/{entry}",
            ):
                response = api.call(who, method, path, json={"detail": "changed"})
                assert response.status_code in (404, 405), (method, path)
    assert api.ok("admin", "GET", f"/cases/{case_id}/audit").json() == before


def test_the_whole_audit_log_is_for_administrators(api: Api) -> None:
    case_id = open_case(api)
    for who in ("manager", "rv1"):
        assert api.call(who, "GET", "/audit").status_code == 403
    entries = api.ok("admin", "GET", "/audit").json()
    actions = [e["action"] for e in entries]
    assert actions.count("create_user") == 4 and actions.count("issue_token") == 4
    assert {e["case_id"] for e in entries if e["action"] == "receive_application"} == {case_id}


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def logs() -> list[str]:
    capture = _Capture()
    root = logging.getLogger()
    level = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    yield capture.lines
    root.removeHandler(capture)
    root.setLevel(level)


def test_no_log_line_carries_names_or_record_text_through_a_whole_case(
    api: Api, logs: list[str]
) -> None:
    case_id = open_case(api)
    mine, _ = assign(api, case_id)
    api.ok(mine, "POST", f"/cases/{case_id}/draft")
    api.ok(mine, "POST", f"/cases/{case_id}/review")
    api.ok(
        mine,
        "PATCH",
        f"/cases/{case_id}/items/0",
        json={"rationale": "Rewritten by the reviewer.", "reason": "clearer"},
    )
    api.ok(mine, "POST", f"/cases/{case_id}/sign")
    api.ok("manager", "POST", f"/cases/{case_id}/issue")
    api.ok("manager", "GET", f"/cases/{case_id}/letter.pdf")
    api.call("rv2", "GET", f"/cases/{case_id}")  # a refusal is logged too

    text = "\n".join(logs)
    assert case_id in text  # the capture saw the service's lines: ids only
    secrets = [
        PARTIES.employer,
        PARTIES.employee,
        PARTIES.claims_administrator,
        *PARTIES.providers,
        *REVIEWER_NAMES.values(),
        *(record["text"][:60] for record in seed_records()),
        *(item["request"] for item in seed_application()["case"]["items"]),
    ]
    for secret in secrets:
        assert secret and secret not in text, secret
