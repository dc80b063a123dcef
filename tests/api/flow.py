"""Taking a case along the workflow through the API, as the tests need it."""

from __future__ import annotations

from typing import Any

from .conftest import Api, seed_application, seed_records


def upload(api: Api, who: str, case_id: str, record: dict[str, Any]) -> Any:
    form = {
        key: str(record[key])
        for key in ("date", "type", "kind", "author")
        if record.get(key) is not None
    }
    form["record_id"] = record["id"]
    files = {"file": (f"{record['id']}.txt", record["text"].encode(), "text/plain")}
    return api.call(who, "POST", f"/cases/{case_id}/records", data=form, files=files)


def open_case(api: Api, **changes: object) -> str:
    """Receive the seed application, find it eligible, request and upload its records."""
    case_id: str = api.ok("manager", "POST", "/cases", json=seed_application(**changes)).json()[
        "id"
    ]
    api.ok("manager", "POST", f"/cases/{case_id}/eligibility")
    api.ok("manager", "POST", f"/cases/{case_id}/records-request")
    for record in seed_records():
        response = upload(api, "manager", case_id, record)
        assert response.status_code == 201, response.text
    return case_id


def assign(api: Api, case_id: str) -> tuple[str, str]:
    """Assign a reviewer; (the assigned reviewer, the other one)."""
    outcome = api.ok("manager", "POST", f"/cases/{case_id}/assignment").json()
    assert outcome["assigned"], outcome
    chosen = outcome["reviewer_id"]
    return chosen, ({"rv1", "rv2"} - {chosen}).pop()
