"""Reading a medication's strength, dose and frequency, and its morphine milligram equivalents.

The reader looks at the text right after the drug name, up to the end of the clause or the next
drug: "Norco 10/325 mg one tablet every 6 hours as needed #120", "Naproxen 500 mg #60 twice a day".
The MME conversion factors are data (``data/opioid_conversion.yaml``, CDC 2016).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openimr.clinical.rules import opioid_conversion

__all__ = ["Regimen", "read_regimen", "morphine_equivalents"]

_STRENGTH = re.compile(
    r"\s*(?:(?:ER|XR|CR|SR|IR|DS|XL|ES|CD|ODT|HCL|HCl|hydrochloride|citrate|sodium|potassium"
    r"|tartrate|"
    r"suspension|tablets?|tabs?|capsules?|caps?|patch(?:es)?|gel|cream|ointment|topical|oral"
    r"|solution)\b\.?\s*"
    r"|\(\w+\)\s*|extended[- ]release\s*)*"
    r"(?P<strength>\d+(?:\.\d+)?)(?:\s*[/-]\s*(?P<second>\d+(?:\.\d+)?))?\s*"
    r"(?P<unit>mcg\s*/\s*h(?:r|our)?|mcg|mg|gm|g|%|ml)?\b",
    re.IGNORECASE,
)
_QUANTITY = re.compile(r"#\s*(?P<quantity>\d+)|\bquantity of (?P<quantity2>\d+)", re.IGNORECASE)
_DOSE = re.compile(
    r"\b(?P<dose>(?:one|two|three|half|1|2|3|1/2)(?:\s+to\s+(?:one|two|three|1|2|3))?\s+"
    r"(?:tablets?|tabs?|capsules?|caps?|pills?|patch(?:es)?|puffs?|applications?))\b",
    re.IGNORECASE,
)
_EVERY_HOURS = re.compile(
    r"\b(?:every|q)\s*(?P<low>\d+|one|two|three|four|six|eight|twelve)(?:\s*(?:to"
    r"|-)\s*(?P<high>\d+|four|six|eight|twelve))?\s*(?:hours?|hrs?|h)\b",
    re.IGNORECASE,
)
_HOUR_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "eight": 8, "twelve": 12}
_PER_DAY = [
    (
        re.compile(r"\b(?:(?:four|4) times (?:a |per |each )?da(?:y|ily)|qid|q\.i\.d\.?)", re.I),
        4.0,
        "four times a day",
    ),
    (
        re.compile(r"\b(?:(?:three|3) times (?:a |per |each )?da(?:y|ily)|tid|t\.i\.d\.?)", re.I),
        3.0,
        "three times a day",
    ),
    (
        re.compile(
            r"\b(?:twice (?:a |per |each )?da(?:y|ily)|(?:two|2) times (?:a |per |each )?da(?:y"
            r"|ily)|bid|b\.i\.d\.?)",
            re.I,
        ),
        2.0,
        "twice a day",
    ),
    (re.compile(r"\b(?P<n>\d) times (?:a |per |each )?da(?:y|ily)\b", re.I), None, None),
    (
        re.compile(
            r"\b(?:once (?:a|per|each) day|once daily|one time (?:a|per) day|daily|qd|q\.d\.?"
            r"|every day|a day|per day|nightly|at bedtime|qhs|q\.h\.s\.?|hs)\b",
            re.I,
        ),
        1.0,
        "once a day",
    ),
]
_PRN = re.compile(r"\b(?:as needed|prn|p\.r\.n\.?)", re.I)


@dataclass(frozen=True)
class Regimen:
    """What is written after a drug name; every field None when not stated."""

    strength: float | None = None
    strength_text: str | None = None
    unit: str | None = None
    dose: str | None = None
    quantity: float | None = None
    frequency: str | None = None
    doses_per_day: float | None = None
    as_needed: bool = False
    end: int = 0


def read_regimen(text: str, position: int, limit: int) -> Regimen:
    """The regimen written in ``text[position:limit]`` (the clause after a drug name).

    >>> read_regimen("Norco 10/325 mg every 6 hours #120", 5, 34).doses_per_day
    4.0
    """
    clause = text[position:limit]
    strength = strength_text = unit = None
    end = position
    match = _STRENGTH.match(clause)
    if match and (match.group("unit") or match.group("second")):
        strength = float(match.group("strength"))
        strength_text = clause[match.start("strength") : match.end()].strip()
        unit = (match.group("unit") or "mg").lower().replace(" ", "")
        if unit == "gm":
            unit = "mg" if strength >= 5 else "g"  # "Ultram 50 gm" is a typing slip for mg
        end = position + match.end()
    quantity = None
    if found := _QUANTITY.search(clause):
        quantity = float(found.group("quantity") or found.group("quantity2"))
    dose = found.group("dose") if (found := _DOSE.search(clause)) else None
    frequency = None
    per_day: float | None = None
    if found := _EVERY_HOURS.search(clause):
        hours = found.group("low")
        hours_value = _HOUR_WORDS.get(hours.lower()) if not hours.isdigit() else int(hours)
        if hours_value:
            per_day = round(24 / hours_value, 2)
            frequency = found.group(0)
    else:
        for pattern, value, name in _PER_DAY:
            if found := pattern.search(clause):
                per_day = value if value is not None else float(found.group("n"))
                frequency = name or found.group(0)
                break
    if per_day is not None and dose:
        first = dose.split()[0].lower()
        multiplier = {"two": 2, "2": 2, "three": 3, "3": 3}.get(first, 1)
        per_day *= multiplier
    return Regimen(
        strength=strength,
        strength_text=strength_text,
        unit=unit,
        dose=dose,
        quantity=quantity,
        frequency=frequency,
        doses_per_day=per_day,
        as_needed=bool(_PRN.search(clause)),
        end=end,
    )


def morphine_equivalents(generic: str, regimen: Regimen) -> tuple[float, float] | None:
    """(MME per day, conversion factor) for an opioid with strength and frequency, else None.

    >>> morphine_equivalents("oxycodone", Regimen(strength=10, unit="mg", doses_per_day=3))
    (45.0, 1.5)
    """
    if regimen.strength is None or regimen.doses_per_day is None:
        return None
    factors, methadone_bands = opioid_conversion()
    if generic == "fentanyl":
        if regimen.unit is None or not regimen.unit.startswith("mcg"):
            return None
        return round(regimen.strength * factors["fentanyl"], 1), factors["fentanyl"]
    if regimen.unit not in ("mg", None):
        return None
    if regimen.strength is None or regimen.doses_per_day is None:
        return None
    daily: float = regimen.strength * regimen.doses_per_day
    if generic == "methadone":
        for upper, factor in methadone_bands:
            if upper is None or daily <= upper:
                return round(daily * factor, 1), factor
        return None
    conversion = factors.get(generic)
    if conversion is None:
        return None
    return round(daily * conversion, 1), conversion
