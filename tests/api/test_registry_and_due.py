"""The reviewer registry by role, the due list, and the workflow's side roads through the API."""

from __future__ import annotations

from .conftest import Api, reviewer, seed_application
from .flow import assign, open_case


def test_staff_read_the_registry_and_only_an_administrator_changes_it(api: Api) -> None:
    for who in ("rv1", "rv2"):
        assert api.call(who, "GET", "/reviewers").status_code == 403
        assert api.call(who, "GET", "/reviewers/rv1").status_code == 403
    assert [r["id"] for r in api.ok("manager", "GET", "/reviewers").json()] == ["rv1", "rv2"]
    assert api.ok("manager", "GET", "/reviewers/rv2").json()["hours_per_week"] == 32
    assert api.call("manager", "GET", "/reviewers/nobody").status_code == 404

    new = reviewer("rv3", hours_per_week=40).model_dump(mode="json")
    assert api.call("manager", "POST", "/reviewers", json=new).status_code == 403
    assert api.ok("admin", "POST", "/reviewers", json=new).status_code == 201
    assert api.call("admin", "POST", "/reviewers", json=new).status_code == 422  # already there

    changed = new | {"capacity": 9, "load": 5}
    assert api.call("manager", "PUT", "/reviewers/rv3", json=changed).status_code == 403
    assert api.call("admin", "PUT", "/reviewers/rv2", json=changed).status_code == 422
    stored = api.ok("admin", "PUT", "/reviewers/rv3", json=changed).json()
    assert (stored["capacity"], stored["load"]) == (9, 0)  # the load is never set by hand


def test_the_due_list_shows_at_risk_then_overdue_cases_to_staff_only(api: Api) -> None:
    case_id = open_case(api)
    deadline = api.ok("manager", "GET", f"/cases/{case_id}").json()["deadline"]
    assert api.ok("manager", "GET", "/cases?due=any").json() == []
    api.clock.advance(days=27)
    at_risk = api.ok("manager", "GET", "/cases?due=any").json()
    assert [(c["id"], c["urgency"], c["deadline"]) for c in at_risk] == [
        (case_id, "at_risk", deadline)
    ]
    assert at_risk[0]["deadline_rule"] == "standard" and "4610.6" in at_risk[0]["deadline_source"]
    assert api.ok("manager", "GET", "/cases?due=overdue").json() == []
    api.clock.advance(days=10)
    assert [c["urgency"] for c in api.ok("admin", "GET", "/cases?due=overdue").json()] == [
        "overdue"
    ]
    assert api.call("rv1", "GET", "/cases?due=any").status_code == 403
    assert api.call("manager", "GET", "/cases?due=soon").status_code == 422


def test_status_filter(api: Api) -> None:
    case_id = open_case(api)
    assert [c["id"] for c in api.ok("manager", "GET", "/cases?status=records_received").json()] == [
        case_id
    ]
    assert api.ok("manager", "GET", "/cases?status=received&status=eligible").json() == []


def test_an_ineligible_case_is_reconsidered_with_a_reason(api: Api) -> None:
    late = seed_application(received="2014-12-01")  # more than 30 days after the UR decision
    case_id = api.ok("manager", "POST", "/cases", json=late).json()["id"]
    checked = api.ok("manager", "POST", f"/cases/{case_id}/eligibility").json()
    assert checked["status"] == "ineligible"
    assert [c["rule"] for c in checked["eligibility"] if not c["passed"]]
    path = f"/cases/{case_id}/reconsideration"
    assert api.call("manager", "POST", path, json={"reason": ""}).status_code == 422
    assert api.call("rv1", "POST", path, json={"reason": "x"}).status_code == 403
    back = api.ok("manager", "POST", path, json={"reason": "the application was mailed on time"})
    assert back.json()["status"] == "received"


def test_a_reviewer_is_released_and_a_case_withdrawn_with_reasons(api: Api) -> None:
    case_id = open_case(api)
    mine, _ = assign(api, case_id)
    load = {r["id"]: r["load"] for r in api.ok("manager", "GET", "/reviewers").json()}
    assert load[mine] == 1
    path = f"/cases/{case_id}/assignment/release"
    assert api.call(mine, "POST", path, json={"reason": "conflict"}).status_code == 403
    released = api.ok("manager", "POST", path, json={"reason": "a conflict came to light"})
    assert released.json()["status"] == "records_received"
    assert released.json()["reviewer_id"] is None
    load = {r["id"]: r["load"] for r in api.ok("manager", "GET", "/reviewers").json()}
    assert load[mine] == 0
    assert api.call(mine, "GET", f"/cases/{case_id}").status_code == 404

    withdraw = f"/cases/{case_id}/withdrawal"
    assert api.call("rv1", "POST", withdraw, json={"reason": "x"}).status_code == 403
    done = api.ok("manager", "POST", withdraw, json={"reason": "the worker withdrew"}).json()
    assert done["status"] == "withdrawn" and done["withdrawn_reason"] == "the worker withdrew"
    trail = api.ok("manager", "GET", f"/cases/{case_id}/audit").json()
    assert "reason: the worker withdrew" in trail[-1]["detail"]


def test_no_eligible_reviewer_is_an_outcome_with_reasons_not_an_error(api: Api) -> None:
    for reviewer_id in ("rv1", "rv2"):
        part_time = reviewer(reviewer_id, hours_per_week=8).model_dump(mode="json")
        api.ok("admin", "PUT", f"/reviewers/{reviewer_id}", json=part_time)
    case_id = open_case(api)
    outcome = api.ok("manager", "POST", f"/cases/{case_id}/assignment").json()
    assert outcome["assigned"] is False and outcome["reviewer_id"] is None
    assert outcome["case"]["status"] == "records_received"
    for verdict in outcome["record"]["verdicts"]:
        assert not verdict["eligible"]
        assert any(not c["passed"] and "hour" in c["reason"] for c in verdict["checks"])


def test_a_signed_case_is_reopened_with_a_reason(api: Api) -> None:
    case_id = open_case(api)
    mine, other = assign(api, case_id)
    api.ok(mine, "POST", f"/cases/{case_id}/draft")
    api.ok(mine, "POST", f"/cases/{case_id}/review")
    api.ok(mine, "POST", f"/cases/{case_id}/sign")
    path = f"/cases/{case_id}/reopen"
    assert api.call(other, "POST", path, json={"reason": "x"}).status_code == 404
    assert api.ok(mine, "POST", path, json={"reason": "one more record"}).json()["status"] == (
        "in_review"
    )
    assert api.call(mine, "POST", f"/cases/{case_id}/issue").status_code == 403
    assert api.call("manager", "POST", f"/cases/{case_id}/issue").status_code == 409


def test_the_reviewer_keeps_a_note_on_a_criterion_without_its_words_in_the_audit(
    api: Api,
) -> None:
    case_id = open_case(api)
    mine, other = assign(api, case_id)
    drafted = api.ok(mine, "POST", f"/cases/{case_id}/draft").json()
    index, item = next(
        (i, item) for i, item in enumerate(drafted["draft"]["items"]) if item["findings"]
    )
    criterion = item["findings"][0]["criterion"]
    path = f"/cases/{case_id}/items/{index}/notes/{criterion}"
    note = {"text": "The May exam documents this; the engine missed the abbreviation."}
    assert api.call(mine, "PUT", path, json=note).status_code == 409  # not yet in review
    api.ok(mine, "POST", f"/cases/{case_id}/review")
    assert api.call(other, "PUT", path, json=note).status_code == 404
    assert api.call("manager", "PUT", path, json=note).status_code == 403
    unknown = f"/cases/{case_id}/items/{index}/notes/no-such-criterion"
    assert api.call(mine, "PUT", unknown, json=note).status_code == 422
    kept = api.ok(mine, "PUT", path, json=note).json()
    assert kept["edits"][-1]["note"] == {"criterion": criterion, "text": note["text"]}
    assert kept["determination"] == kept["draft"]  # a note changes no decision
    trail = api.ok("manager", "GET", f"/cases/{case_id}/audit").json()
    assert trail[-1]["action"] == "note_criterion"
    assert note["text"] not in " ".join(e["detail"] for e in trail)
    withdrawn = api.ok(mine, "PUT", path, json={"text": ""}).json()
    assert withdrawn["edits"][-1]["note"]["text"] == ""
