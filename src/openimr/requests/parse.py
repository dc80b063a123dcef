"""``parse``: a disputed item's request, as a letter writes it, into a Request.

The steps, each in its own module: the partial-authorization sentence and the "Associated
surgical service:" lead are taken off (here); dates are found (dates); body parts, side and levels
(anatomy); the service family (services); then, for a drug, its fields (medication), and for any
other service, its quantity (quantity); words that name two services are settled (disambiguate:
a drug injected into a joint is the injection, an uncounted "ultrasound" a test); the phase
around a surgery is read (perioperative); and a text naming no service but part of one is marked
a fragment (``parse_items`` in items joins it to the request it continues).

The words come from the one vocabulary, ``openimr.vocab``. A parse is cached by its text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import fields
from typing import Any

from openimr.requests.anatomy import Where, implied_region, where
from openimr.requests.course import course
from openimr.requests.dates import When, when
from openimr.requests.disambiguate import procedure_for_drug, test_or_treatment
from openimr.requests.medication import medication
from openimr.requests.model import Category, Request
from openimr.requests.perioperative import phase
from openimr.requests.quantity import Amount, amount
from openimr.requests.services import DRUG, family, identify
from openimr.vocab.phrases import blank

__all__ = ["parse"]

_ASSOCIATED = re.compile(r"^\s*associated\s+surgical\s+services?\s*[:\-]\s*", re.I)
_PARTIAL = re.compile(
    r"^\s*(?P<original>.+?)\s+was\s+the\s+original\s+request\.\s+"
    r"(?P<authorized>.+?)\s+was\s+authorized\s+by\s+the\s+claims\s+administrator\.\s+"
    r"the\s+remaining\s+imr\s+eligible\s+portion\s+of\s+the\s+original\s+request,?\s+"
    r"(?P<remaining>.+?)(?:\s+is)?(?:\s*:\s*(?:upheld|overturned))?\s*\.?\s*$",
    re.I | re.S,
)


@functools.lru_cache(maxsize=2048)  # about 8 MiB when full
def parse(text: str) -> Request:
    """Turn a disputed item's request into a structured Request. Never raises on any text.

    The parse of a text is cached (the same requests recur across letters, and ingest and decide
    parse the same item): the Request returned is shared, and frozen; do not change its lists.

    Args:
        text: the request as written in an IMR letter, e.g. ``"Norco 10/325mg #90"``,
            ``"Associated surgical service: Cold therapy unit"``, or a whole partial-authorization
            sentence ("<original> was the original request. <authorized> was authorized by the
            Claims Administrator. The remaining IMR eligible portion of the original request,
            <remaining> is"), of which the remaining portion is parsed.

    Returns:
        The Request; family "unknown" and category "other" when no service is recognised.

    Example:
        ``parse("Associated surgical service: Vascutherm unit, 14 days rental")`` has family
        ``cold_therapy_unit``, category ``associated surgical service``, ``duration_days`` 14 and
        ``rental`` True.
    """
    body, original_request, authorized = _remaining_portion(text)
    lead = _ASSOCIATED.match(body)
    associated = lead is not None
    if lead is not None:
        body = body[lead.end() :]

    dated = when(body)
    plain = blank(body, dated.spans)
    located = where(plain)
    service = identify(plain, located.body_parts)
    if service.surgery_kind is not None and not located.body_parts:
        located = implied_region(located, service.surgery_kind)

    family_id = service.family
    drug = medication(plain) if family_id == DRUG or _is_medication(family_id) else None
    quantities: dict[str, object]
    if drug is not None:
        family_id = (
            procedure_for_drug(plain, located.body_parts, drug.drug_class)
            if family_id == DRUG
            else None
        ) or drug.family
        quantities = {key: value for key, value in _fields(drug).items() if key != "family"}
    else:
        family_id = "other_medication" if family_id == DRUG else family_id
        counted = amount(plain, counted_in=family(family_id).counted_in)
        family_id = test_or_treatment(plain, family_id, counted=_counted(counted))
        quantities = _fields(counted)

    return Request.model_validate(
        {
            "text": text,
            "family": family_id,
            "category": (
                Category.ASSOCIATED_SURGICAL_SERVICE if associated else family(family_id).category
            ),
            "associated_surgical_service": associated,
            "surgery_kind": service.surgery_kind,
            "procedures": service.procedures,
            "perioperative": phase(
                plain,
                family_id,
                associated=associated,
                names_surgery=service.for_surgery is not None,
            ),
            "for_surgery": service.for_surgery,
            "original_request": original_request,
            "authorized": authorized,
            "authorized_request": parse(authorized) if authorized else None,
            "fragment": _fragment(body, family_id, located, dated, quantities),
            **_fields(located),
            "course": course(plain),
            "retrospective": dated.retrospective,
            "date_of_service": dated.date_of_service,
            **quantities,
        }
    )


_CONTINUATION = re.compile(
    r"^\s*(?:and|or|with|plus|then|followed\s+by|including|to|at|for|of|x|times|[&+,;/])(?!\w)",
    re.I,
)


def _fragment(
    text: str, family_id: str, located: Where, dated: When, quantities: dict[str, object]
) -> bool:
    """Whether a text naming no service is part of another request: it begins with "and",
    "with", ... or holds only an amount, a region, a side, a level or a date."""
    if family_id != "unknown" or not text.strip():
        return False
    if _CONTINUATION.match(text):
        return True
    amounts = any(value not in (None, False) for value in quantities.values())
    where = located.body_parts or located.levels or located.laterality or located.level_count
    return bool(amounts or where or dated.spans)


def _fields(found: Any) -> dict[str, Any]:
    """A dataclass's fields, as they are (``dataclasses.asdict`` copies every value deeply)."""
    return {field.name: getattr(found, field.name) for field in fields(found)}


def _counted(counted: Amount) -> bool:
    return any(
        value is not None
        for value in (counted.sessions, counted.sessions_range, counted.frequency_per_week)
    )


def _is_medication(family_id: str) -> bool:
    return family(family_id).category is Category.MEDICATION


def _remaining_portion(text: str) -> tuple[str, str | None, str | None]:
    """The part of a partial-authorization sentence still in dispute, with the original and the
    authorized part; for any other text, the text itself and None, None."""
    if "original request" not in text.lower():
        return text, None, None
    found = _PARTIAL.match(text)
    if found is None:
        return text, None, None
    return found["remaining"].strip(), found["original"].strip(), found["authorized"].strip()
