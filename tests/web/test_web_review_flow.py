"""A reviewer's day in a real browser: the queue, a case with its evidence, a changed decision,
the signature, the letter read back; and a reviewer kept out of another reviewer's case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from webtools import screenshot, serious_violations, sign_in

from openimr import letters

pytestmark = pytest.mark.slow

REVIEWER = "ada@example.org"  # assigned the physical medicine and medications examples
OTHER_REVIEWERS_CASE = "CM16-9000004"  # the imaging example, assigned to the orthopaedist
NOTE = "Therapy notes from March show the home program was kept up."


def test_the_queue_shows_a_reviewers_own_cases_with_their_deadlines(page: Any) -> None:
    sign_in(page, REVIEWER)
    assert page.url.endswith("/web/queue")
    rows = page.locator("table.queue tbody tr")
    numbers = sorted(rows.locator("th").all_inner_texts())
    assert numbers == ["CM16-9000002", "CM16-9000003"]
    # The medications case's records came in 40 days ago: past its 30-day deadline.
    overdue = page.locator("tr.overdue")
    assert overdue.count() == 1 and "CM16-9000002" in overdue.inner_text()
    assert (
        "Overdue" in overdue.inner_text() and "overdue" in overdue.locator("td").nth(4).inner_text()
    )
    # Sorting by case number puts them in order, and says so to assistive technology.
    page.get_by_role("link", name="Case", exact=True).click()
    assert page.locator("th[aria-sort]").inner_text().strip() == "Case"
    assert page.locator("table.queue tbody tr th").all_inner_texts() == numbers
    assert serious_violations(page) == []
    screenshot(page, "queue-reviewer")


def test_a_reviewer_changes_a_decision_signs_and_reads_the_letter_back(
    page: Any, tmp_path: Path
) -> None:
    sign_in(page, REVIEWER)
    page.get_by_role("link", name="CM16-9000003").click()
    assert page.get_by_role("heading", name="Case CM16-9000003").is_visible()
    case_url = page.url
    page.get_by_role("button", name="Start the review").click()
    assert "Review started" in page.get_by_role("status").inner_text()

    screenshot(page, "case-in-review")
    # The records show the engine's evidence in place; a quote's link brings its sentence up.
    marks = page.locator("mark.evidence")
    assert marks.count() > 0
    link = page.locator("a[data-evidence]").first
    target = link.get_attribute("data-evidence")
    link.click()
    mark = page.locator(f"#{target}")
    assert mark.is_visible()
    quote = link.locator("xpath=ancestor::div[contains(@class,'quote')]").inner_text()
    assert " ".join(mark.inner_text().split())[:40] in " ".join(quote.split())
    assert serious_violations(page) == []
    screenshot(page, "case-evidence", full_page=False)

    # Change item 1's decision, with a reason.
    item = page.locator("#item-1")
    before = item.locator("[data-testid=decision-1]").inner_text()
    after = "Overturned" if before == "Upheld" else "Upheld"
    item.get_by_text("Change item 1").click()
    item.get_by_label(after, exact=True).check()
    item.get_by_label("Reason for the change (kept in the audit log)").fill(
        "Records document a home exercise program and measurable gains."
    )
    item.get_by_role("button", name="Save the change to item 1").click()
    item = page.locator("#item-1")
    assert item.locator("[data-testid=decision-1]").inner_text() == after
    assert "Changed by the reviewer" in item.inner_text()
    # The change is in the audit log, by whom and what, without the text itself.
    audit = page.get_by_role("region", name="Audit log")
    audit.locator("summary").click()
    row = audit.locator("tbody tr", has_text="edit item")
    assert row.count() == 1 and "u-pmr" in row.inner_text()
    assert "item 0: decision changed" in row.inner_text()

    # A note on item 1's first criterion, written with the keyboard alone: saved, shown beside
    # the criterion after a reload with who wrote it, and in the audit log without its words.
    item = page.locator("#item-1")
    criterion = item.locator("ul.criteria > li").first
    criterion.locator("details.note-edit summary").focus()
    page.keyboard.press("Enter")
    note_box = criterion.get_by_label("Note on item 1, criterion 1")
    note_box.focus()
    page.keyboard.type(NOTE)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Save the note on item 1, criterion 1"
    # A key press, unlike a click, does not wait for the navigation it starts: wait for the answer.
    with page.expect_navigation(url=lambda url: "done=noted" in url):
        page.keyboard.press("Enter")
    assert "Your note is saved" in page.get_by_role("status").inner_text()
    page.reload()
    shown = page.locator("[data-testid=note-1-1]")
    assert NOTE in shown.inner_text() and "u-pmr" in shown.inner_text()
    shown.scroll_into_view_if_needed()
    screenshot(page, "case-criterion-note", full_page=False)
    audit = page.get_by_role("region", name="Audit log")
    audit.locator("summary").click()
    row = audit.locator("tbody tr", has_text="note criterion")
    assert row.count() == 1 and "u-pmr" in row.inner_text()
    assert "item 0: note added on" in row.inner_text() and NOTE not in row.inner_text()
    assert serious_violations(page) == []
    # A note is no change to the decision.
    assert page.locator("[data-testid=decision-1]").inner_text() == after

    decisions = [
        page.locator(f"[data-testid=decision-{n}]").inner_text()
        for n in range(1, page.locator("article.item").count() + 1)
    ]

    # Sign, confirming twice (the box and the dialog); the case becomes read-only.
    page.get_by_label("I have reviewed every disputed item").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign the determination").click()
    assert page.locator("#read-only").is_visible()
    assert page.get_by_role("button", name="Save the change to item 1").count() == 0
    assert page.get_by_role("button", name="Sign the determination").count() == 0
    assert page.locator("details.note-edit").count() == 0
    assert NOTE in page.locator("[data-testid=note-1-1]").inner_text()

    # Behind the page too, a signed case takes no edit, and a form without this session's
    # token is refused whatever it asks.
    token = page.locator("input[name=form_token]").first.input_value()
    edit_url = page.url.split("?")[0] + "/items/0/edit"
    fields = {"reason": "late change", "decision": before, "form_token": token}
    assert page.request.post(edit_url, form=fields).status == 409
    assert page.request.post(edit_url, form={**fields, "form_token": "forged"}).status == 403
    note_url = page.url.split("?")[0] + "/items/0/notes"
    late_note = {"criterion": "any", "text": "late note", "form_token": token}
    assert page.request.post(note_url, form=late_note).status == 409
    page.reload()
    assert page.locator("[data-testid=decision-1]").inner_text() == after

    # The letter, downloaded as PDF, reads back to the signed decisions.
    page.get_by_role("link", name="Letter", exact=True).click()
    assert serious_violations(page) == []
    screenshot(page, "letter")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "CM16-9000003-v1.pdf"
    letter = letters.read(saved)
    assert letter.case_number == "CM16-9000003"
    assert [i.decision.value for i in letter.items] == decisions

    # The case manager issues it; it leaves the reviewer's open queue.
    page.context.clear_cookies()
    sign_in(page, "manager@example.org")
    page.goto(case_url)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Issue the letter").click()
    assert page.locator(".case-head .badge-status").inner_text() == "Issued"
    assert "issued" in page.locator("#read-only").inner_text()
    page.context.clear_cookies()
    sign_in(page, REVIEWER)
    assert "CM16-9000003" not in page.locator("table.queue").inner_text()


def test_a_reviewer_cannot_open_another_reviewers_case(
    page: Any, demo_cases: dict[str, str]
) -> None:
    sign_in(page, REVIEWER)
    case_id = demo_cases[OTHER_REVIEWERS_CASE]
    for path in ("", "/letter", "/letter.pdf", "/items/0/precedents"):
        response = page.request.get(f"/web/cases/{case_id}{path}")
        assert response.status == 404, path
    # Nor act on it: signing or editing it reads as a case that does not exist.
    token = page.locator("input[name=form_token]").first.input_value()
    for action, form in (
        ("sign", {"confirm": "yes"}),
        ("start-review", {}),
        ("items/0/edit", {"reason": "r", "decision": "Overturned"}),
    ):
        answer = page.request.post(
            f"/web/cases/{case_id}/{action}", form={"form_token": token, **form}
        )
        assert answer.status == 404, action
    response = page.goto(f"/web/cases/{case_id}")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", name="Not found").is_visible()
    assert OTHER_REVIEWERS_CASE not in page.content()
    # A made-up id reads exactly the same.
    response = page.goto("/web/cases/no-such-case")
    assert response is not None and response.status == 404


def _sign(page: Any) -> None:
    page.get_by_label("I have reviewed every disputed item").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign the determination").click()
    assert page.locator("#read-only").is_visible()


def test_a_correction_after_issue_is_a_new_version_naming_the_old(
    page: Any, demo_cases: dict[str, str]
) -> None:
    case_url = f"/web/cases/{demo_cases['CM16-9000002']}"  # the medications case, in review
    sign_in(page, REVIEWER)
    page.goto(case_url)
    _sign(page)
    page.context.clear_cookies()
    sign_in(page, "manager@example.org")
    page.goto(case_url)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Issue the letter").click()
    page.get_by_label("Reason").fill("The claims administrator's citation for item 2 was wrong.")
    page.get_by_role("button", name="Open a correction").click()
    assert page.locator(".case-head .badge-status").inner_text() == "In review"
    page.context.clear_cookies()
    sign_in(page, REVIEWER)
    page.goto(case_url)
    _sign(page)
    assert "as version 2, replacing version 1" in page.locator("#read-only").inner_text()
    page.get_by_role("link", name="Letter", exact=True).click()
    versions = page.locator("main p", has_text="Signed versions")
    assert (
        "version 1" in versions.inner_text() and "version 2 (replaces 1)" in versions.inner_text()
    )
