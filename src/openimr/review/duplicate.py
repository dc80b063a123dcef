"""A one-time service the records say was already authorized: the request duplicates it.

An evaluation, a consultation, a study or a piece of equipment is given once; when the records
say that the same service was previously authorized, certified or approved ("the patient was
previously approved for the neurosurgeon evaluation"), a second authorization of it adds
nothing, and the request is not medically necessary as a duplicate (Labor Code 4610.5(c)(2):
medical necessity is of the service requested; an authorized service is already available to
the worker). This is a reading of the case, not a guideline criterion, so it stands apart from
the criteria sets and the item says so.

A course of treatment is different: sessions or a prescription authorized before are treatment
the worker has had, judged by the rules for continuing it (``judge._already_tried``), not a
duplicate; and a part of this very request that the claims administrator authorized (a partial
authorization, ``Request.authorized``) is never read as a duplicate of the rest.

The phrase ("previously authorized", "already certified") is a clinical target rule
(``condition: already_authorized``), so ConText decides negation and hypotheticals; the sentence
must name the same service family (read by the request parser) and, where it names a body
region, one of the item's.
"""

from __future__ import annotations

from openimr.domain import Assertion, Evidence
from openimr.requests import parse as parse_request
from openimr.requests.model import Category
from openimr.review.context import ItemContext
from openimr.review.place import regions_named

__all__ = ["ONE_TIME", "already_authorized"]

#: Kinds of service given once rather than as a course.
ONE_TIME = frozenset(
    {
        Category.EVALUATION_AND_CONSULTATION,
        Category.IMAGING,
        Category.ELECTRODIAGNOSTICS,
        Category.DURABLE_MEDICAL_EQUIPMENT,
    }
)


def already_authorized(context: ItemContext) -> Evidence | None:
    """The sentence saying this one-time service was already authorized, if the records have one."""
    request = context.request
    if request.category not in ONE_TIME or request.family == "unknown" or request.rental:
        return None
    for fact in context.facts.of("condition", assertion=Assertion.PRESENT):
        if str(fact.value) != "already_authorized":
            continue
        sentence = fact.evidence.sentence
        if request.authorized and _same_words(sentence, request.authorized):
            continue  # the authorized part of this request, not an earlier authorization
        said = parse_request(sentence)
        if said.family != request.family:
            continue
        named = regions_named(sentence)
        if named and context.regions and not (named & context.regions):
            continue
        return fact.evidence
    return None


def _same_words(sentence: str, text: str) -> bool:
    words = {w for w in text.lower().split() if len(w) > 2}
    return bool(words) and len(words & set(sentence.lower().split())) / len(words) >= 0.7
