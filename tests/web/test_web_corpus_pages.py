"""The corpus dashboard and the precedents page, in a real browser, on the shared letters."""

from __future__ import annotations

from typing import Any

import pytest
from webtools import SCREENSHOTS, screenshot, serious_violations, sign_in

pytestmark = pytest.mark.slow


def test_dashboard_shows_rates_as_charts_and_tables(page: Any, shared_counts: Any) -> None:
    sign_in(page, "manager@example.org")
    page.goto("/web/corpus")
    assert page.get_by_role("heading", name="Published decisions").is_visible()
    overall = page.locator("#overall-h + dl")
    # The shared data's own figures: letters, disputed items and the share upheld.
    assert str(shared_counts.letters) in overall.inner_text()
    assert str(shared_counts.items) in overall.inner_text()
    assert f"{100 * shared_counts.upheld / shared_counts.items:.1f}%" in overall.inner_text()
    for name in ("service family", "guideline document", "reviewer specialty", "month"):
        section = page.locator("section", has=page.get_by_role("heading", name=f"By {name}"))
        assert section.locator("figure svg title").count() == 1
    # The data table beside each chart holds the same groups, with 95% intervals.
    family = page.get_by_role("region", name="By service family")
    family.locator("summary", has_text="Data table").click()
    family_table = family.locator("table")
    assert family_table.locator("tbody tr").first.locator("th").inner_text() == "mri"
    engine = page.get_by_role("region", name="The engine beside the real decisions")
    assert "Items compared" in engine.inner_text() and "Cohen's kappa" in engine.inner_text()
    assert serious_violations(page) == []
    screenshot(page, "corpus-dashboard")


def test_dashboard_filters_by_family(page: Any, shared_counts: Any) -> None:
    sign_in(page, "manager@example.org")
    page.goto("/web/corpus")
    page.get_by_label("Service family", exact=True).select_option("physical_therapy")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    overall = page.locator("#overall-h + dl").inner_text()
    assert "30" in overall  # the physical therapy items only
    assert str(shared_counts.items) not in overall


def test_precedents_for_a_request(page: Any) -> None:
    sign_in(page, "ada@example.org")
    page.goto("/web/precedents")
    page.get_by_label("Disputed item, as requested").fill("MRI of the lumbar spine")
    page.get_by_label("Guideline document (optional)").select_option(
        "MTUS ACOEM Low Back Complaints 2004"
    )
    page.get_by_role("button", name="Find precedents").click()
    page.wait_for_load_state()
    rows = page.locator(".precedents tbody tr")
    assert rows.count() == 5
    assert "lumbar" in rows.first.inner_text().lower()
    pool = page.locator(".precedents .pool").inner_text()
    assert "MTUS ACOEM Low Back Complaints 2004" in pool and "were upheld" in pool
    assert serious_violations(page) == []
    screenshot(page, "precedents")


def test_pages_need_a_sign_in(page: Any) -> None:
    page.goto("/web/corpus")
    assert "/web/login" in page.url
    page.get_by_label("Email").fill("manager@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text() == "The email or password is not right."
    assert serious_violations(page) == []
    screenshot(page, "sign-in")


def test_the_keyboard_reaches_the_content_first(page: Any) -> None:
    sign_in(page, "manager@example.org")
    page.goto("/web/queue")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab lands inside the page's own content, not back in the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_precedents_open_beside_a_disputed_item(page: Any, demo_cases: dict[str, str]) -> None:
    sign_in(page, "ada@example.org")
    page.goto(f"/web/cases/{demo_cases['CM16-9000002']}")
    item = page.locator("#item-1")
    item.get_by_text("Precedents: similar published decisions").click()
    body = item.locator(".precedents-body")
    body.locator(".pool").wait_for()
    pool = body.locator(".pool").inner_text()
    assert "published decision" in pool
    rows = body.locator("tbody tr")
    for n in range(rows.count()):
        assert rows.nth(n).locator(".badge").inner_text() in ("Upheld", "Overturned")
    # Beside the draft, never deciding it: the item's decision is the draft's.
    assert "never decide" in body.inner_text()
    item.scroll_into_view_if_needed()
    assert serious_violations(page) == []
    item.screenshot(path=str(SCREENSHOTS / "case-item-precedents.png"))
