"""Which service a request is for: its family and, for surgery, the kind of surgery.

The family is named by the strongest phrase of service_families.yaml, or by a drug of drugs.yaml; among
equals the phrase written first wins, then the longer ("Post-op physical therapy" is post-op
physical therapy, "Labs to include: EKG" is an EKG, "Trigger point injection with lidocaine" a
trigger point injection, "Lidocaine patch" a lidocaine patch).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from openimr.requests.disambiguate import INJECTATES
from openimr.requests.medication import drug_index
from openimr.vocab import Category, Family, drug_class_of, load_vocabulary
from openimr.vocab.phrases import Mention, PhraseIndex, blank

__all__ = ["DRUG", "Service", "family", "identify"]

DRUG = "drug"
_WEAK = -1


@dataclass(frozen=True)
class Service:
    """The family a request names (or DRUG, for a named drug) and, for surgery, its kinds.

    For a service that is not surgery, ``for_surgery`` is the kind of the surgery it names ("Cold
    therapy unit after right knee arthroscopy": ``knee_arthroscopy``), or "surgery" when it names
    a surgery but not which ("Labs for surgery").
    """

    family: str
    surgery_kind: str | None = None
    procedures: list[str] = field(default_factory=list)
    for_surgery: str | None = None


# "for", "after", "prior to" ... before a surgery: the surgery a service is for, not the service.
_FOR_SURGERY = re.compile(
    r"\b(?:for|after|following|prior\s+to|before|pending|s/p|status\s+post|post[\s-]?op\w*|"
    r"pre[\s-]?op\w*|associated\s+with|related\s+to|in\s+conjunction\s+with|with\s+planned)"
    r"(?:\s+[\w/\-]+){0,4}?\s*$",
    re.I,
)


@functools.cache
def _families() -> dict[str, Family]:
    return {family.id: family for family in load_vocabulary().services.families}


def family(family_id: str) -> Family:
    """The service family with this id, or the ``unknown`` family."""
    return _families().get(family_id) or _families()["unknown"]


@functools.cache
def _service_index() -> PhraseIndex:
    vocabulary = load_vocabulary()
    entries: list[tuple[str, str, int]] = []
    for family in vocabulary.services.families:
        entries += [(synonym, family.id, 0) for synonym in family.synonyms]
        entries += [(synonym, family.id, _WEAK) for synonym in family.weak_synonyms]
    entries += [
        (synonym, "surgery", 0) for kind in vocabulary.surgery.kinds for synonym in kind.synonyms
    ]
    return PhraseIndex(entries)


@functools.cache
def _ignored_index() -> PhraseIndex:
    phrases = load_vocabulary().services.ignored_phrases
    return PhraseIndex((phrase, "ignored", 0) for phrase in phrases)


@functools.cache
def _kind_index() -> PhraseIndex:
    kinds = load_vocabulary().surgery.kinds
    return PhraseIndex((synonym, kind.id, 0) for kind in kinds for synonym in kind.synonyms)


def identify(text: str, body_parts: list[str]) -> Service:
    """The service a request names.

    Args:
        text: the request (without an "Associated surgical service:" lead).
        body_parts: the regions it names, for kinds of surgery tied to a joint.

    Returns:
        The Service; family "unknown" when nothing in the request names one.
    """
    text = blank(
        text, [(mention.start, mention.end) for mention in _ignored_index().mentions(text)]
    )
    candidates = _service_index().mentions(text)
    drugs = drug_index().scan(text)
    if drugs and not _injected_by(candidates, drugs):
        candidates.append(Mention(drugs[0].start, drugs[0].end, DRUG, 0))
    services = [
        mention
        for mention in candidates
        if not (mention.key == "surgery" and _FOR_SURGERY.search(text, 0, mention.start))
    ]
    linked = [mention for mention in candidates if mention not in services]
    if services:
        candidates = services
    if not candidates:
        return Service("unknown")
    best = min(candidates, key=lambda mention: (-mention.strength, mention.start, -mention.length))
    if best.key != "surgery":
        kinds = _surgery(text, body_parts)
        return Service(best.key, for_surgery=kinds[0] if kinds else "surgery" if linked else None)
    # "Hardware removal after lumbar fusion" is a hardware removal
    kinds = _surgery(blank(text, [(m.start, m.end) for m in linked]), body_parts)
    if not kinds:
        return Service("surgery")
    return Service("surgery", kinds[0], list(dict.fromkeys(kinds[1:])))


def _injected_by(candidates: list[Mention], drugs: list[Mention]) -> bool:
    """Whether every drug named is what an injection procedure also named injects ("Lidocaine
    trigger point injections", "Depo-Medrol epidural injection"): the procedure is requested."""
    procedures = [
        c for c in candidates if c.strength >= 0 and family(c.key).category is Category.INJECTION
    ]
    return bool(procedures) and all(
        drug_class_of(mention.key.partition(":")[2]) in INJECTATES for mention in drugs
    )


@functools.cache
def _kind_order() -> tuple[dict[str, int], dict[str, str | None]]:
    """Each kind's place in surgeries.yaml (the most specific first) and the region it needs."""
    kinds = load_vocabulary().surgery.kinds
    return (
        {kind.id: index for index, kind in enumerate(kinds)},
        {kind.id: kind.body_part for kind in kinds},
    )


def _surgery(text: str, body_parts: list[str]) -> list[str]:
    """The kinds of surgery named: the most specific first, then every kind in the order written."""
    mentions = _kind_index().mentions(text)
    if not mentions:
        return []
    order, region_of = _kind_order()
    found = sorted(
        (m for m in mentions if region_of[m.key] is None or region_of[m.key] in body_parts),
        key=lambda mention: (order[mention.key], mention.start),
    )
    taken: list[Mention] = []
    for mention in found:
        if not any(mention.start < other.end and other.start < mention.end for other in taken):
            taken.append(mention)
    if not taken:
        return []
    return [taken[0].key] + [mention.key for mention in sorted(taken, key=lambda m: m.start)]
