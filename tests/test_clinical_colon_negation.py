"""A finding written after "Heading: no" is negated, as one written before ": no" is."""

from __future__ import annotations

import pytest

from openimr.clinical import extract


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("X-RAYS: No fracture.", "fracture"),  # the finding after the colon
        ("Impression: no fracture.", "fracture"),
        ("Fever: no.", "red_flag"),  # medspaCy's own form: the finding before it
    ],
)
def test_a_finding_beside_colon_no_is_absent(text: str, kind: str) -> None:
    found = [fact for fact in extract(text) if fact.kind == kind]
    assert found and all(fact.assertion.value == "absent" for fact in found)


def test_a_positive_finding_after_a_heading_stays_present() -> None:
    found = [
        fact
        for fact in extract("Impression: compression fracture of L1.")
        if fact.kind == "fracture" or fact.value == "fracture"
    ]
    assert found and all(fact.assertion.value == "present" for fact in found)
