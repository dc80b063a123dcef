"""One case from application to issued letter (and its correction) through the API, every step
tried by every role first: who may not gets 403 (their role) or 404 (a reviewer's case not
assigned to them), and nothing changes; then the one who may does it. The issued PDF reads back
through ``openimr.letters.read`` to the signed decisions."""

from __future__ import annotations

import hashlib

from openimr import letters

from .conftest import Api, seed_application, seed_records
from .flow import assign, upload

ROLES = ("admin", "manager", "rv1", "rv2")


def refused(api: Api, method: str, path: str, expected: dict[str, int], **kwargs: object) -> None:
    """Each role in ``expected`` is refused with its status, and the case did not move."""
    for who, status in expected.items():
        response = api.call(who, method, path, **kwargs)
        assert response.status_code == status, (who, method, path, response.text)


def test_a_whole_case_through_the_api_for_every_role(api: Api) -> None:
    staff_only = {"rv1": 403, "rv2": 403}
    refused(api, "POST", "/cases", staff_only, json=seed_application())
    case = api.ok("manager", "POST", "/cases", json=seed_application()).json()
    case_id = case["id"]
    assert case["status"] == "received"

    # Before assignment no reviewer sees the case at all.
    refused(api, "GET", f"/cases/{case_id}", {"rv1": 404, "rv2": 404})
    for who in ("admin", "manager"):
        assert api.ok(who, "GET", f"/cases/{case_id}").json()["parties"]["employer"]

    refused(api, "POST", f"/cases/{case_id}/eligibility", staff_only)
    checked = api.ok("manager", "POST", f"/cases/{case_id}/eligibility").json()
    assert checked["status"] == "eligible"
    assert checked["eligibility"] and all(c["passed"] for c in checked["eligibility"])

    refused(api, "POST", f"/cases/{case_id}/records-request", staff_only)
    api.ok("manager", "POST", f"/cases/{case_id}/records-request")
    records = seed_records()
    for who in ("rv1", "rv2"):
        assert upload(api, who, case_id, records[0]).status_code == 403
    for record in records:
        assert upload(api, "manager", case_id, record).status_code == 201
    listed = api.ok("manager", "GET", f"/cases/{case_id}/records").json()
    assert [r["id"] for r in listed] == [r["id"] for r in records]
    after_records = api.ok("manager", "GET", f"/cases/{case_id}").json()
    assert after_records["status"] == "records_received" and after_records["deadline"]

    refused(api, "POST", f"/cases/{case_id}/assignment", staff_only)
    mine, other = assign(api, case_id)
    refused(api, "GET", f"/cases/{case_id}/assignment", {mine: 403, other: 403})
    record = api.ok("admin", "GET", f"/cases/{case_id}/assignment").json()
    assert {v["reviewer_id"] for v in record["verdicts"]} == {"rv1", "rv2"}
    assert record["chosen"] == mine

    # The assigned reviewer sees the case, without the parties or the other candidates;
    # the other reviewer still gets 404, exactly as for a case that does not exist.
    seen = api.ok(mine, "GET", f"/cases/{case_id}").json()
    assert seen["parties"] is None and seen["assignment"] is None
    for path in ("", "/records", "/items", "/draft", "/letters", "/audit", "/letter.html"):
        assert api.call(other, "GET", f"/cases/{case_id}{path}").status_code == 404, path
    assert api.call(other, "GET", "/cases/no-such-case").status_code == 404
    assert [c["id"] for c in api.ok(mine, "GET", "/cases").json()] == [case_id]
    assert api.ok(other, "GET", "/cases").json() == []

    refused(api, "POST", f"/cases/{case_id}/draft", {other: 404})
    drafted = api.ok(mine, "POST", f"/cases/{case_id}/draft").json()
    items = drafted["draft"]["items"]
    assert len(items) == 2 and drafted["status"] == "drafted"
    assert api.ok(mine, "GET", f"/cases/{case_id}/items").json()[0]["determination"]

    refused(api, "POST", f"/cases/{case_id}/review", {"admin": 403, "manager": 403, other: 404})
    assert api.ok(mine, "POST", f"/cases/{case_id}/review").json()["status"] == "in_review"

    flipped = "Overturned" if items[1]["decision"] == "Upheld" else "Upheld"
    change = {"decision": flipped, "reason": "the records show the criteria met"}
    path = f"/cases/{case_id}/items/1"
    refused(api, "PATCH", path, {"admin": 403, "manager": 403, other: 404}, json=change)
    assert api.call(mine, "PATCH", f"/cases/{case_id}/items/7", json=change).status_code == 422
    assert api.call(mine, "PATCH", path, json={"decision": flipped}).status_code == 422
    edited = api.ok(mine, "PATCH", path, json=change).json()
    assert edited["determination"]["items"][1]["decision"] == flipped
    assert edited["draft"]["items"][1]["decision"] == items[1]["decision"]  # the engine's, kept
    assert edited["edits"][0]["original"]["decision"] == items[1]["decision"]

    draft_pdf = api.ok(mine, "GET", f"/cases/{case_id}/letter.pdf").content
    assert draft_pdf.startswith(b"%PDF")
    draft_html = api.ok(mine, "GET", f"/cases/{case_id}/letter.html").text
    assert "<title>DRAFT Final Determination" in draft_html

    refused(api, "POST", f"/cases/{case_id}/sign", {"admin": 403, "manager": 403, other: 404})
    signed = api.ok(mine, "POST", f"/cases/{case_id}/sign").json()
    assert signed["status"] == "signed" and signed["letters"][0]["version"] == 1

    refused(api, "POST", f"/cases/{case_id}/issue", {mine: 403, other: 403})
    issued = api.ok("manager", "POST", f"/cases/{case_id}/issue").json()
    assert issued["status"] == "issued" and issued["letters"][0]["issued_at"]

    pdf = api.ok("manager", "GET", f"/cases/{case_id}/letter.pdf").content
    assert hashlib.sha256(pdf).hexdigest() == issued["letters"][0]["sha256"]
    letter = letters.read(pdf)
    assert [i.decision.value for i in letter.items] == [
        items[0]["decision"],
        flipped,
    ]
    assert letter.case_number == seed_application()["case_number"]
    html = api.ok(mine, "GET", f"/cases/{case_id}/letter.html")
    assert html.headers["content-type"].startswith("text/html")
    assert "<title>Final Determination" in html.text  # signed: no DRAFT mark
    assert "Appeals Board" in html.text

    # A correction after issue is a new version naming the one it replaces, never an edit.
    refused(api, "POST", f"/cases/{case_id}/correction", {mine: 403}, json={"reason": "typo"})
    api.ok("manager", "POST", f"/cases/{case_id}/correction", json={"reason": "wrong page cited"})
    api.ok(mine, "POST", f"/cases/{case_id}/sign")
    versions = api.ok("manager", "GET", f"/cases/{case_id}/letters").json()
    assert [(v["version"], v["replaces"]) for v in versions] == [(1, None), (2, 1)]
    assert api.ok("manager", "GET", f"/cases/{case_id}/letter.pdf?version=1").content == pdf
    api.ok("manager", "POST", f"/cases/{case_id}/issue")
    assert (
        api.call("manager", "POST", f"/cases/{case_id}/withdrawal", json={"reason": "x"})
    ).status_code == 409

    trail = api.ok(mine, "GET", f"/cases/{case_id}/audit").json()
    actions = [e["action"] for e in trail]
    assert actions[:4] == [
        "receive_application",
        "check_eligibility",
        "request_records",
        "add_records",
    ]
    assert {
        "assign_reviewer",
        "draft",
        "start_review",
        "edit_item",
        "sign",
        "issue",
        "correct",
    } <= set(actions)
    assert [e["id"] for e in trail] == sorted(e["id"] for e in trail)
