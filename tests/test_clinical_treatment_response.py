"""A treatment that failed or was not tolerated was given: ConText's treatment-response modifiers
(data/context_rules.yaml, category TREATMENT_RESPONSE) keep it present with its response, where a
plain negation ("not", "no", "without") would have said it was never given."""

from __future__ import annotations

import pytest

from openimr.clinical import extract
from openimr.clinical.rules import ContextRuleData, context_rules
from openimr.domain import Assertion, Fact


def _one(sentence: str, kind: str, value: str) -> Fact:
    found = [fact for fact in extract(sentence) if fact.kind == kind and fact.value == value]
    assert len(found) == 1, f"{sentence!r}: {kind} {value}: {found}"
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "value", "response"),
    [
        ("No relief with acupuncture.", "acupuncture", "no improvement"),
        ("She failed physical therapy.", "physical_therapy", "no improvement"),
        ("He did not respond to physical therapy.", "physical_therapy", "no improvement"),
        ("He has had no significant benefit from acupuncture.", "acupuncture", "no improvement"),
        ("She has had injections without benefit from them.", "injection", "no improvement"),
        ("He failed to improve with chiropractic care.", "chiropractic", "no improvement"),
        ("Her pain is refractory to physical therapy.", "physical_therapy", "no improvement"),
        ("She could not tolerate physical therapy.", "physical_therapy", "not tolerated"),
    ],
)
def test_a_failed_treatment_was_tried(sentence: str, value: str, response: str) -> None:
    fact = _one(sentence, "treatment_tried", value)
    assert fact.assertion is Assertion.PRESENT
    assert fact.attributes["response"] == response


@pytest.mark.parametrize(
    ("sentence", "drug"),
    [
        ("The patient could not tolerate gabapentin.", "gabapentin"),
        ("The worker is intolerant of naproxen.", "naproxen"),
        ("He was unable to tolerate tramadol.", "tramadol"),
        ("Cyclobenzaprine was not tolerated.", "cyclobenzaprine"),
    ],
)
def test_a_medicine_not_tolerated_was_taken_and_stopped(sentence: str, drug: str) -> None:
    fact = _one(sentence, "current_medication", drug)
    assert fact.assertion is Assertion.HISTORICAL
    assert fact.attributes["response"] == "not tolerated"


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The patient denies any physical therapy.", "physical_therapy"),
        ("No physical therapy has been done.", "physical_therapy"),
        ("He has not had acupuncture.", "acupuncture"),
        ("She has never had chiropractic care.", "chiropractic"),
    ],
)
def test_a_treatment_never_given_stays_negated(sentence: str, value: str) -> None:
    fact = _one(sentence, "treatment_tried", value)
    assert fact.assertion is Assertion.ABSENT
    assert "response" not in fact.attributes


def test_a_medicine_not_taken_stays_negated() -> None:
    fact = _one("She is not taking gabapentin.", "current_medication", "gabapentin")
    assert fact.assertion is Assertion.ABSENT
    assert "response" not in fact.attributes


def test_the_response_reaches_only_its_own_clause() -> None:
    """'could not tolerate gabapentin; she takes naproxen': naproxen is current, tolerated."""
    naproxen = _one(
        "She could not tolerate gabapentin; she takes naproxen daily.",
        "current_medication",
        "naproxen",
    )
    assert naproxen.assertion is Assertion.PRESENT
    assert "response" not in naproxen.attributes


def test_every_treatment_response_rule_names_its_response() -> None:
    responses = {rule.response for rule in context_rules() if rule.category == "TREATMENT_RESPONSE"}
    assert responses == {"no improvement", "not tolerated", "temporary"}
    with pytest.raises(ValueError, match="needs a response"):
        ContextRuleData(literal="failed", category="TREATMENT_RESPONSE", direction="FORWARD")
    with pytest.raises(ValueError, match="needs a response"):
        ContextRuleData(
            literal="not",
            category="NEGATED_EXISTENCE",
            direction="FORWARD",
            response="no improvement",
        )
