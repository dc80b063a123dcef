"""A record's plan section lists what is to be done, not what was done; an age after a heading."""

from __future__ import annotations

from openimr.clinical import extract
from openimr.domain import Assertion

RECORD = """SUBJECTIVE: 52-year-old injured 01/10/2015 with left knee pain. He had physical therapy.
PLAN: Start ibuprofen 800 mg. MRI of the left knee. Left total knee arthroplasty.
WORK STATUS: Off work."""


def _facts() -> dict[str, tuple[object, Assertion]]:
    return {f.kind: (f.value, f.assertion) for f in extract(RECORD)}


def test_what_the_plan_names_has_not_happened() -> None:
    found = _facts()
    assert found["current_medication"] == ("ibuprofen", Assertion.HYPOTHETICAL)
    assert found["prior_imaging"][1] is Assertion.HYPOTHETICAL
    assert found["surgical_plan"] == ("total knee arthroplasty", Assertion.PRESENT)
    assert "surgery_done" not in found


def test_the_plan_ends_at_the_next_heading() -> None:
    found = _facts()
    assert found["work_status"] == ("off_work", Assertion.PRESENT)
    therapy = [f for f in extract(RECORD) if f.value == "physical_therapy"]
    assert therapy and therapy[0].assertion is Assertion.PRESENT  # before the plan


def test_an_age_right_after_a_heading_is_the_workers() -> None:
    assert _facts()["age"] == (52.0, Assertion.PRESENT)
