"""Functional improvement, and the many ways a record says there was none."""

from __future__ import annotations

import pytest

from openimr.clinical import extract
from openimr.domain import Assertion

NONE = [
    "No functional improvement has been documented.",
    "His function is unchanged.",
    "Activities of daily living remain unchanged.",
    "Her activities are the same.",
    "There has been no change in function.",
    "Function has not changed with Norco.",
    "Physical therapy failed to improve function.",
    "Therapy did not improve his function.",
]
SOME = [
    "She has improved walking tolerance.",
    "The medication allows him to improve his function.",
    "Improvement in activities of daily living with therapy.",
]


def _said(text: str) -> set[Assertion]:
    return {f.assertion for f in extract(text) if f.kind == "functional_improvement"}


@pytest.mark.parametrize("text", NONE)
def test_a_paraphrase_of_no_functional_improvement_denies_it(text: str) -> None:
    assert _said(text) == {Assertion.ABSENT}


@pytest.mark.parametrize("text", SOME)
def test_a_statement_of_improvement_asserts_it(text: str) -> None:
    assert _said(text) == {Assertion.PRESENT}
