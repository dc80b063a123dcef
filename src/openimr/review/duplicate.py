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

import re

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
        if not _same_kind(request.text, sentence):
            continue
        if _TRIAL.search(sentence) and not _TRIAL.search(request.text):
            continue  # a trial or rental authorized before leads to the purchase asked for now
        return fact.evidence
    return None


# A device's trial or rental is a step before its purchase, not the same service.
_TRIAL = re.compile(r"\b(trial|rental|rent|rented)\b", re.I)
# Words that say what family a request is, not which one of it ("consultation", "MRI").
_GENERIC = re.compile(
    r"^(evaluation|evaluations|consultation|consult|consults|referral|visit|visits|exam|"
    r"examination|office|follow|initial|with|for|the|and|of|to|a|an|one|request|requested|"
    r"specialist|physician|doctor|md|dr|retrospective|outpatient|purchase|unit|rental|"
    r"left|right|bilateral|spine|lumbar|cervical|thoracic|back|neck|low|lower|upper|"
    r"\d+|x)$",
    re.I,
)


def _same_kind(request: str, sentence: str) -> bool:
    """Whether the sentence speaks of the same service as the request, not only of its family:
    a consultation with a neurosurgeon is not one with a pain specialist. The request's own
    distinguishing words (the specialty, the device), if it has any, must be in the sentence."""
    own = {
        w.rstrip("s")
        for w in re.findall(r"[a-z0-9]+", request.lower())
        if len(w) > 2 and not _GENERIC.match(w)
    }
    if not own:
        return True
    said = {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", sentence.lower())}
    return bool(own & said)


def _same_words(sentence: str, text: str) -> bool:
    words = {w for w in text.lower().split() if len(w) > 2}
    return bool(words) and len(words & set(sentence.lower().split())) / len(words) >= 0.7
