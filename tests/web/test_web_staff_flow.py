"""A case manager's work in a real browser: the whole queue, a new case from an uploaded PDF,
eligibility problems where they are, the reviewer assignment with its reasons, the registry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from webtools import screenshot, serious_violations, sign_in

pytestmark = pytest.mark.slow

MANAGER = "manager@example.org"

PROGRESS_NOTE = """PROGRESS REPORT (PR-2), 10/02/2026
SUBJECTIVE: Low back pain for 10 weeks after lifting a pallet, radiating to the left calf.
She completed 6 sessions of physical therapy with a home exercise program.
OBJECTIVE: Straight leg raise positive on the left at 40 degrees. Diminished left ankle reflex.
PLAN: MRI of the lumbar spine without contrast."""


def _pdf(text: str) -> bytes:
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines())
    return HTML(string=f"<html><body>{paragraphs}</body></html>").write_pdf()  # type: ignore[no-any-return]


def test_the_manager_sees_every_case_and_what_is_late(page: Any) -> None:
    sign_in(page, MANAGER)
    assert page.get_by_role("heading", name="Case queue").is_visible()
    rows = page.locator("table.queue tbody tr")
    listed = rows.locator("th").all_inner_texts()
    # Every reviewer's open cases, and those no reviewer has yet.
    for number in ("CM16-9000002", "CM16-9000004", "CM16-9000005"):
        assert number in listed
    assert page.locator("tr.overdue").count() >= 1 and page.locator("tr.at-risk").count() >= 1
    # The most urgent first: overdue, then at risk.
    assert "overdue" in rows.first.get_attribute("class")
    # Filtering to the late cases leaves only overdue and at-risk rows.
    page.get_by_label("Deadline").select_option("at_risk")
    page.get_by_role("button", name="Filter").click()
    late = page.locator("table.queue tbody tr")
    assert late.count() == page.locator("tr.overdue, tr.at-risk").count() >= 2
    page.goto("/web/queue")
    assert serious_violations(page) == []
    screenshot(page, "queue-manager")


def test_a_case_manager_creates_a_case_with_an_uploaded_pdf_record(page: Any) -> None:
    sign_in(page, MANAGER)
    page.get_by_role("link", name="New case").click()
    # A fresh form: nothing to correct, nothing filled in but today's date.
    assert page.locator(".field-error").count() == 0
    assert page.get_by_label("Disputed items, one per line").input_value() == ""
    today = dt.date.today()
    assert page.get_by_label("Application received").input_value() == today.isoformat()
    page.get_by_label("Case number").fill("CM26-0000101")
    page.get_by_label("Application received").fill(today.isoformat())
    page.get_by_label("Date of injury").fill((today - dt.timedelta(days=80)).isoformat())
    page.get_by_label("Request for authorization").fill((today - dt.timedelta(days=20)).isoformat())
    page.get_by_label("UR decision date").fill((today - dt.timedelta(days=12)).isoformat())
    page.get_by_label("Guidelines UR cited").fill(
        "MTUS ACOEM Low Back Complaints 2004, Special Studies"
    )
    page.get_by_label("Disputed items, one per line").fill(
        "MRI of the lumbar spine without contrast"
    )
    page.get_by_label("UR decision (PDF or text)").set_input_files(
        {
            "name": "ur-decision.txt",
            "mimeType": "text/plain",
            "buffer": b"The request for MRI of the lumbar spine is non-certified.",
        }
    )
    page.get_by_label("Records (PDF or text, one or more)").set_input_files(
        {"name": "pr2-2026-10-02.pdf", "mimeType": "application/pdf", "buffer": _pdf(PROGRESS_NOTE)}
    )
    page.get_by_label("Kind of records").select_option("progress report")
    page.get_by_label("Employer").fill("Example Warehouse (fictional)")
    page.get_by_label("Claims administrator").fill("Example Claims (fictional)")
    assert serious_violations(page) == []
    screenshot(page, "intake")
    page.get_by_role("button", name="Create the case and check eligibility").click()

    assert page.get_by_role("heading", name="Case CM26-0000101").is_visible()
    assert "Case created" in page.get_by_role("status").inner_text()
    assert page.locator(".case-head .badge-status").inner_text() == "Records received"
    # The PDF's text is the record's; the deadline runs from its receipt.
    records = page.get_by_role("region", name="Medical records")
    records.get_by_text("pr2-2026-10-02").click()
    assert "Straight leg raise positive on the left" in records.inner_text()
    assert "30 days" in page.get_by_role("region", name="Case").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "case-created")


def test_an_application_filed_too_late_says_so_where_the_date_is(page: Any) -> None:
    sign_in(page, MANAGER)
    page.goto("/web/intake")
    today = dt.date.today()
    page.get_by_label("Case number").fill("CM26-0000102")
    page.get_by_label("Application received").fill(today.isoformat())
    page.get_by_label("UR decision date").fill((today - dt.timedelta(days=45)).isoformat())
    page.get_by_label("Disputed items, one per line").fill(
        "Physical therapy 2 times a week for 4 weeks"
    )
    page.get_by_role("button", name="Create the case and check eligibility").click()
    assert page.locator(".case-head .badge-status").inner_text() == "Ineligible"
    facts = page.get_by_role("region", name="Case")
    received = facts.locator("dt:text-is('Application received') + dd")
    assert (
        "Not eligible: application received 45 days after the UR decision" in received.inner_text()
    )


def test_a_file_that_is_neither_pdf_nor_text_is_refused_next_to_its_field(page: Any) -> None:
    sign_in(page, MANAGER)
    page.goto("/web/intake")
    page.get_by_label("Case number").fill("CM26-0000103")
    page.get_by_label("Disputed items, one per line").fill("Acupuncture 6 sessions")
    page.get_by_label("Records (PDF or text, one or more)").set_input_files(
        {
            "name": "scan.png",
            "mimeType": "image/png",
            "buffer": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        }
    )
    page.get_by_role("button", name="Create the case and check eligibility").click()
    error = page.locator("#records-error")
    assert "scan.png" in error.inner_text() and "neither a PDF nor UTF-8 text" in error.inner_text()
    assert (
        page.get_by_label("Records (PDF or text, one or more)").get_attribute("aria-invalid")
        == "true"
    )
    # What was typed is kept.
    assert page.get_by_label("Case number").input_value() == "CM26-0000103"
    assert page.get_by_role("alert").is_visible()
    page.goto("/web/queue?search=CM26-0000103&show=all")
    assert page.locator("table.queue").count() == 0  # no case was opened


def test_assignment_keeps_the_eligible_and_says_why_others_are_excluded(
    page: Any, demo_cases: dict[str, str]
) -> None:
    sign_in(page, MANAGER)
    page.goto(f"/web/cases/{demo_cases['CM14-9000001']}")
    page.get_by_role("link", name="Assign a reviewer").click()
    page.get_by_role("button", name="Assign the best eligible reviewer").click()
    outcome = page.get_by_role("heading", name="Assigned:")
    assert outcome.is_visible()
    table = page.get_by_role("table", name="Every reviewer considered, kept or excluded, and why")
    newcomer = table.locator("tr", has_text="Dr. Cy Newcomer")
    assert "Excluded" in newcomer.inner_text() and "years" in newcomer.inner_text()
    conflicted = table.locator("tr", has_text="Dr. Di Conflicted")
    assert "Excluded" in conflicted.inner_text()
    assert "affiliated with the claims administrator" in conflicted.inner_text()
    assert serious_violations(page) == []
    screenshot(page, "assignment")
    # Then the engine drafts every item for the reviewer to check.
    page.get_by_role("link", name="Back to case CM14-9000001").click()
    page.get_by_role("button", name="Draft with the engine").click()
    assert page.locator(".case-head .badge-status").inner_text() == "Drafted"
    items = page.locator("article.item")
    assert items.count() == 2
    for n in range(items.count()):
        assert items.nth(n).locator(".badge").first.inner_text() in ("Upheld", "Overturned")


def test_the_registry_lists_every_reviewer(page: Any) -> None:
    sign_in(page, MANAGER)
    page.get_by_role("link", name="Reviewers").click()
    rows = page.locator("table.data tbody tr")
    for name in ("Dr. Ada Example", "Dr. Bo Sample", "Dr. Cy Newcomer", "Dr. Di Conflicted"):
        assert rows.filter(has_text=name).count() == 1
    assert "Sample Claims Services" in rows.filter(has_text="Dr. Di Conflicted").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "reviewers")


def test_reviewers_do_not_see_staff_pages(page: Any) -> None:
    sign_in(page, "ada@example.org")
    assert page.get_by_role("link", name="New case").count() == 0
    for path in ("/web/intake", "/web/reviewers"):
        response = page.goto(path)
        assert response is not None and response.status == 403, path


def test_an_administrator_registers_a_reviewer(page: Any) -> None:
    sign_in(page, "admin@example.org")
    page.goto("/web/reviewers")
    page.get_by_label("Name (staff screens only; never in a letter)").fill("Dr. Eve Registered")
    page.get_by_label("Board certifications").fill("Psychiatry")
    page.get_by_label("Specialties").fill("Psychiatry, Psychology")
    page.get_by_label("Years in active practice").fill("9")
    page.get_by_label("Hours a week in active practice").fill("30")
    page.get_by_label("Cases at a time").fill("4")
    page.get_by_label("Affiliations, one a line as kind: name").fill("insurer: Example Mutual")
    page.get_by_role("button", name="Register the reviewer").click()
    # An unknown kind of affiliation is named, and nothing typed is lost.
    assert "'insurer' is not one of" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Specialties").input_value() == "Psychiatry, Psychology"
    page.get_by_label("Affiliations, one a line as kind: name").fill(
        "claims administrator: Example Mutual"
    )
    page.get_by_role("button", name="Register the reviewer").click()
    row = page.locator("table.data tbody tr", has_text="Dr. Eve Registered")
    assert "Psychiatry" in row.inner_text() and "0 / 4" in row.inner_text()
    assert "Example Mutual" in row.inner_text()
    assert serious_violations(page) == []


def test_a_case_is_withdrawn_with_a_reason(page: Any, demo_cases: dict[str, str]) -> None:
    sign_in(page, MANAGER)
    page.goto(f"/web/cases/{demo_cases['CM16-9000005']}")
    page.get_by_text("Withdraw the case").click()
    page.get_by_role("button", name="Withdraw", exact=True).click()
    # The reason is required: the browser asks for it before anything is sent.
    assert page.locator(".case-head .badge-status").inner_text() == "Received"
    page.get_by_label("Reason").fill("The employee withdrew the application by letter.")
    page.get_by_role("button", name="Withdraw", exact=True).click()
    assert page.locator(".case-head .badge-status").inner_text() == "Withdrawn"
    audit = page.get_by_role("region", name="Audit log")
    audit.locator("summary").click()
    assert (
        "reason: The employee withdrew"
        in audit.locator("tbody tr", has_text="withdraw").inner_text()
    )
