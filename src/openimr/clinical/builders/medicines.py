"""Builders for medications and opioid monitoring."""

from __future__ import annotations

import datetime as dt
import re

from openimr.clinical.medications import morphine_equivalents, read_regimen
from openimr.clinical.mentions import Mention
from openimr.clinical.readers import find_date_near
from openimr.domain import Assertion, Fact

# --- medications --------------------------------------------------------------------------

_GI_RISK_CLASSES = {
    "corticosteroid": "corticosteroid",
    "anticoagulant": "anticoagulant",
    "antiplatelet": "anticoagulant",
    "aspirin": "aspirin",
}


def _iso(value: object) -> str:
    """A date read from the text, as ISO 8601."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def current_medication(mention: Mention) -> list[Fact]:
    generic = mention.rule_value or mention.lower
    text = mention.info.text
    limit = mention.clause_bounds()[1]
    following = mention.info.ents
    for other in following:
        if other.start_char >= mention.end and other.label_ == "current_medication":
            limit = min(limit, other.start_char)
            break
    comma = text.find(",", mention.end, limit)
    regimen_limit = (
        comma
        if comma != -1
        and not re.match(r",\s*(?:\d|one|two|#|every|twice|daily)", text[comma:], re.I)
        else limit
    )
    regimen = read_regimen(text, mention.end, regimen_limit)
    name = mention.lower
    brand = mention.span.text if name not in (generic, *generic.split("/")) else None
    drug_class = mention.rule_attributes.get("drug_class")
    attributes = {
        "brand": brand,
        "strength": regimen.strength_text,
        "strength_mg": regimen.strength if regimen.unit == "mg" else None,
        "dose": regimen.dose,
        "quantity": regimen.quantity,
        "frequency": regimen.frequency,
        "doses_per_day": regimen.doses_per_day,
        "as_needed": True if regimen.as_needed else None,
    }
    end = regimen.end if regimen.end > mention.end else None
    # "could not tolerate gabapentin": taken before and stopped, neither current nor never taken
    assertion = None
    if mention.response is not None:
        attributes["response"] = mention.response
        if mention.response == "not tolerated" and mention.assertion is Assertion.PRESENT:
            assertion = Assertion.HISTORICAL
    facts = [
        mention.fact(
            "current_medication", generic, attributes=attributes, assertion=assertion, end=end
        )
    ]
    if drug_class == "opioid" and (mme := morphine_equivalents(generic, regimen)) is not None:
        facts.append(
            mention.fact(
                "morphine_equivalent_daily_dose",
                mme[0],
                unit="mg MME/day",
                attributes={
                    "drug": generic,
                    "conversion_factor": mme[1],
                    "strength": regimen.strength,
                    "doses_per_day": regimen.doses_per_day,
                    "drug_class": None,
                },
                assertion=assertion,
                end=end,
            )
        )
    if drug_class in _GI_RISK_CLASSES:
        facts.append(
            mention.fact(
                "gi_risk_factor",
                _GI_RISK_CLASSES[drug_class],
                attributes={"drug": generic, "drug_class": None},
            )
        )
    return facts


def urine_drug_screen(mention: Mention) -> list[Fact]:
    clause = mention.clause().lower()
    result = (
        "inconsistent"
        if "inconsistent" in clause
        else "consistent"
        if "consistent" in clause
        else None
    )
    found_date = find_date_near(
        mention.info.text, mention.start, mention.end, window=40, pivot_year=mention.info.pivot_year
    )
    return [
        mention.fact(
            "urine_drug_screen",
            None,
            attributes={
                "result": result,
                "date": _iso(found_date.value) if found_date else None,
            },
        )
    ]
