"""Reading a case: the ETag names the case's revision, If-None-Match answers 304 while it is
current, and the copy a server process keeps of a case's JSON is never sent once the case has
changed, nor to a reader with another view or no right to see it."""

from __future__ import annotations

from .conftest import Api
from .flow import assign, open_case


def test_a_case_read_carries_an_etag_and_an_unchanged_case_answers_304(api: Api) -> None:
    case_id = open_case(api)
    first = api.ok("manager", "GET", f"/cases/{case_id}")
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = api.call("manager", "GET", f"/cases/{case_id}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    # A weak form of the tag, a list holding it, and '*' match too; another tag does not.
    for header in (f"W/{etag}", f'"other", {etag}', "*"):
        matched = api.call("manager", "GET", f"/cases/{case_id}", headers={"If-None-Match": header})
        assert matched.status_code == 304, header
    other = api.call("manager", "GET", f"/cases/{case_id}", headers={"If-None-Match": '"1-s-0"'})
    assert other.status_code == 200 and other.json() == first.json()


def test_a_changed_case_is_read_in_full_with_a_new_etag(api: Api) -> None:
    case_id = open_case(api)
    before = api.ok("manager", "GET", f"/cases/{case_id}")
    assert before.json()["status"] == "records_received"
    assign(api, case_id)
    response = api.call(
        "manager", "GET", f"/cases/{case_id}", headers={"If-None-Match": before.headers["etag"]}
    )
    assert response.status_code == 200
    after = response.json()
    assert after["status"] == "reviewer_assigned" and after["revision"] > before.json()["revision"]
    assert response.headers["etag"] != before.headers["etag"]
    # Read again (now from the process's copy): the same document, the same tag.
    again = api.ok("manager", "GET", f"/cases/{case_id}")
    assert again.json() == after and again.headers["etag"] == response.headers["etag"]


def test_the_kept_copy_keeps_each_view_and_each_readers_rights(api: Api) -> None:
    case_id = open_case(api)
    chosen, other = assign(api, case_id)
    staff = api.ok("manager", "GET", f"/cases/{case_id}")
    seen = api.ok(chosen, "GET", f"/cases/{case_id}")
    assert staff.json()["parties"]["employer"] and staff.json()["assignment"]
    assert seen.json()["parties"] is None and seen.json()["assignment"] is None
    assert seen.headers["etag"] != staff.headers["etag"]
    # The staff's tag does not give the reviewer a 304 for a document they never had.
    response = api.call(
        chosen, "GET", f"/cases/{case_id}", headers={"If-None-Match": staff.headers["etag"]}
    )
    assert response.status_code == 200 and response.json()["parties"] is None
    # The other reviewer gets 404, copy kept or not, tag or not.
    for headers in ({}, {"If-None-Match": seen.headers["etag"]}, {"If-None-Match": "*"}):
        assert api.call(other, "GET", f"/cases/{case_id}", headers=headers).status_code == 404
    # Unassigned, the reviewer who saw it sees it no more.
    api.ok("manager", "POST", f"/cases/{case_id}/assignment/release", json={"reason": "conflict"})
    assert api.call(chosen, "GET", f"/cases/{case_id}").status_code == 404


def test_an_unknown_case_is_not_found_with_or_without_a_tag(api: Api) -> None:
    for headers in ({}, {"If-None-Match": "*"}):
        assert api.call("manager", "GET", "/cases/nope", headers=headers).status_code == 404
