"""Other services: visits and referrals, psychological care, home health and facilities,
equipment, and the diagnoses some of them turn on."""

from __future__ import annotations

import re

from openimr.review.context import ItemContext
from openimr.review.facts.common import facts, present_or_absent
from openimr.review.facts.registry import Resolution, resolver


@resolver("skilled_or_personal_care_need")
def skilled_care_need(context: ItemContext) -> Resolution:
    """Skilled care (wound care, dressing changes, IV medicine, therapy) the worker needs at home."""
    if re.search(
        r"wound|dressing|intravenous|\bIV\b|nurs|\bRN\b|\bLVN\b", context.request.text, re.I
    ):
        return Resolution("present", note=f"requested: {context.request.text}")
    return present_or_absent(facts(context, "condition", values={"skilled_care"}))


@resolver("exceptional_factors")
def exceptional_factors(context: ItemContext) -> Resolution:
    """Exceptional factors are needed only for visits beyond the guideline's number, and the
    quantity limits judge the number: within them, nothing exceptional has to be shown."""
    return Resolution(
        "present", note="asked only beyond the guideline's visits, which the quantity limits check"
    )
