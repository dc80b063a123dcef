"""Matching a disputed item's request to a criteria set and its governing guideline.

A set is a candidate when one of its families is the request's family (or drug class), its
``drugs`` (if any) include the request's drug, and its ``body_regions`` (if any) include one of
the request's body parts. Among candidates the best is, in order:

1. the one whose ``follows_primary`` agrees with ``request.associated_surgical_service``;
2. a set for the request's own family over one reached through its drug class;
3. a drug-specific set over a class-wide one, a set for the request's kind of surgery over one
   for surgery of the region;
4. a set whose body region matches exactly, then one that matches through the limb
   ("hand" -> "upper extremity"), then one with no body region (family only);
5. the lowest id, so the answer never depends on file order.

The governing guideline depends on the date (the edition in force) and, where the MTUS has a
document for acute and subacute care and another for chronic pain, on the phase of care.

    >>> m = kb.match(request, on=date(2016, 12, 1))   # MRI of the lumbar spine
    >>> m.criteria_set.id, m.guideline.name
    ('imaging_lumbar_spine', 'MTUS ACOEM Low Back Complaints 2004')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from openimr.guidelines.editions import held_through
from openimr.guidelines.schema import BodyRegion, Citation, CriteriaSet, Family, Guideline

if TYPE_CHECKING:
    from openimr.domain import PhaseOfCare
    from openimr.guidelines.kb import KnowledgeBase

__all__ = ["RequestLike", "Match", "match", "body_regions_of"]


class RequestLike(Protocol):
    """What matching reads of a request (``openimr.requests.parse`` returns such an object)."""

    family: str
    body_parts: list[str]
    drug: str | None
    drug_class: str | None
    associated_surgical_service: bool


@dataclass(frozen=True)
class Match:
    """A request's criteria set and the guideline governing it on ``on``.

    ``guideline`` is None when no guideline of the set is in force on that date (for example a
    request after 2017-11-30 for a set only encoded for the 2007-2017 MTUS).
    ``matched_on`` lists what agreed: "family", "drug", "surgery_kind", "body_region", "limb",
    "associated_surgical_service".

    ``phase`` is the phase of care the caller gave; ``phase_reason`` says which document the
    phase chose and why, when the set has documents for different phases (None otherwise).
    ``beyond_editions`` is true when ``on`` falls after ``held_through``, the last day of the
    MTUS editions the knowledge base holds: the dispute must not be judged by an older edition
    in silence.
    """

    criteria_set: CriteriaSet
    guideline: Guideline | None
    on: dt.date
    matched_on: tuple[str, ...]
    phase: PhaseOfCare | None = None
    phase_reason: str | None = None
    beyond_editions: bool = False
    held_through: dt.date | None = None

    @property
    def citation(self) -> Citation | None:
        """The governing guideline's citation."""
        return self.guideline.citation if self.guideline else None


# Words a request uses for a body region, mapped to the region.
_ALIASES: dict[str, BodyRegion] = {
    "low back": BodyRegion.LUMBAR_SPINE,
    "lower back": BodyRegion.LUMBAR_SPINE,
    "lumbar": BodyRegion.LUMBAR_SPINE,
    "lumbosacral": BodyRegion.LUMBAR_SPINE,
    "l-spine": BodyRegion.LUMBAR_SPINE,
    "back": BodyRegion.LUMBAR_SPINE,
    "neck": BodyRegion.CERVICAL_SPINE,
    "cervical": BodyRegion.CERVICAL_SPINE,
    "c-spine": BodyRegion.CERVICAL_SPINE,
    "thoracic": BodyRegion.THORACIC_SPINE,
    "upper back": BodyRegion.THORACIC_SPINE,
    "t-spine": BodyRegion.THORACIC_SPINE,
    "shoulder": BodyRegion.SHOULDER,
    "elbow": BodyRegion.ELBOW,
    "wrist": BodyRegion.WRIST,
    "hand": BodyRegion.HAND,
    "finger": BodyRegion.HAND,
    "thumb": BodyRegion.HAND,
    "hip": BodyRegion.HIP,
    "pelvis": BodyRegion.PELVIS,
    "groin": BodyRegion.HIP,
    "knee": BodyRegion.KNEE,
    "ankle": BodyRegion.ANKLE,
    "foot": BodyRegion.FOOT,
    "feet": BodyRegion.FOOT,
    "toe": BodyRegion.FOOT,
    "head": BodyRegion.HEAD,
    "abdomen": BodyRegion.ABDOMEN,
    "upper extremity": BodyRegion.UPPER_EXTREMITY,
    "upper extremities": BodyRegion.UPPER_EXTREMITY,
    "upper limb": BodyRegion.UPPER_EXTREMITY,
    "arm": BodyRegion.UPPER_EXTREMITY,
    "lower extremity": BodyRegion.LOWER_EXTREMITY,
    "lower extremities": BodyRegion.LOWER_EXTREMITY,
    "lower limb": BodyRegion.LOWER_EXTREMITY,
    "leg": BodyRegion.LOWER_EXTREMITY,
}
_ALIASES.update({region.value: region for region in BodyRegion})

# The limb a region belongs to, for sets written per limb (electrodiagnostics).
_LIMB: dict[BodyRegion, BodyRegion] = {
    BodyRegion.SHOULDER: BodyRegion.UPPER_EXTREMITY,
    BodyRegion.ELBOW: BodyRegion.UPPER_EXTREMITY,
    BodyRegion.WRIST: BodyRegion.UPPER_EXTREMITY,
    BodyRegion.HAND: BodyRegion.UPPER_EXTREMITY,
    BodyRegion.CERVICAL_SPINE: BodyRegion.UPPER_EXTREMITY,
    BodyRegion.HIP: BodyRegion.LOWER_EXTREMITY,
    BodyRegion.KNEE: BodyRegion.LOWER_EXTREMITY,
    BodyRegion.ANKLE: BodyRegion.LOWER_EXTREMITY,
    BodyRegion.FOOT: BodyRegion.LOWER_EXTREMITY,
    BodyRegion.LUMBAR_SPINE: BodyRegion.LOWER_EXTREMITY,
}
_ALIAS_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(a) for a in sorted(_ALIASES, key=len, reverse=True)) + r")s?\b"
)


_LEVEL_REGION = {
    "C": BodyRegion.CERVICAL_SPINE,
    "T": BodyRegion.THORACIC_SPINE,
    "L": BodyRegion.LUMBAR_SPINE,
    "S": BodyRegion.LUMBAR_SPINE,
}


def body_regions_of(body_parts: list[str], levels: list[str] | None = None) -> set[BodyRegion]:
    """The body regions named in a request's body parts ("left knee" -> knee).

    Spinal levels stand in for a region the request does not name: "Facet joint injections
    L4-5, L5-S1" is for the lumbar spine, "C5-6" for the cervical spine.
    """
    found: set[BodyRegion] = set()
    for part in body_parts:
        text = part.lower().replace("_", " ")
        found.update(_ALIASES[m.group(1)] for m in _ALIAS_PATTERN.finditer(text))
    if not found:
        found.update(
            _LEVEL_REGION[level.strip()[0].upper()]
            for level in levels or []
            if level.strip() and level.strip()[0].upper() in _LEVEL_REGION
        )
    return found


def _words(text: str) -> str:
    """A name as its lower-case words between spaces, for a whole-word containment test."""
    return f" {' '.join(re.findall(r'[a-z0-9]+', text.lower()))} "


@dataclass(frozen=True)
class _Prepared:
    """What ``_score`` reads of a criteria set, computed once per set (a pure function of the
    knowledge base) instead of once per request and set."""

    families: frozenset[str]
    names: tuple[str, ...]  # the drugs and synonyms, as ``_words`` writes them
    surgery_kinds: frozenset[str]
    body_regions: frozenset[BodyRegion]


# id of a criteria set -> (the set, kept so its id stays its own; what _score reads of it)
_PREPARED: dict[int, tuple[CriteriaSet, _Prepared]] = {}


def _prepared(criteria_set: CriteriaSet) -> _Prepared:
    entry = _PREPARED.get(id(criteria_set))
    if entry is not None and entry[0] is criteria_set:
        return entry[1]
    prepared = _Prepared(
        families=frozenset(f.value for f in criteria_set.families),
        names=tuple(_words(n) for n in (*criteria_set.drugs, *criteria_set.synonyms)),
        surgery_kinds=frozenset(criteria_set.surgery_kinds),
        body_regions=frozenset(criteria_set.body_regions),
    )
    _PREPARED[id(criteria_set)] = (criteria_set, prepared)
    return prepared


def _names_drug(prepared: _Prepared, drug: str | None) -> bool:
    if not drug:
        return False
    text = _words(drug)
    return any(name in text for name in prepared.names)


def _score(
    criteria_set: CriteriaSet, request: RequestLike, regions: set[BodyRegion]
) -> tuple[tuple[int, int, int, int, int], tuple[str, ...]] | None:
    prepared = _prepared(criteria_set)
    families = {request.family, getattr(request, "drug_class", None)} - {None}
    if not families & prepared.families:
        return None
    matched = ["family"]
    drug_score = 0
    if criteria_set.drugs:
        if not _names_drug(prepared, getattr(request, "drug", None)):
            return None
        drug_score = 1
        matched.append("drug")
    kind_score = 0
    if criteria_set.surgery_kinds:
        kinds = {
            getattr(request, "surgery_kind", None),
            *(getattr(request, "procedures", None) or []),
        }
        if kinds & prepared.surgery_kinds:
            kind_score = 1
            matched.append("surgery_kind")
        elif request.family == Family.SURGERY.value:
            # A request only for "surgery" reaches a procedure's set through its kind.
            return None
    region_score = 0
    if criteria_set.body_regions:
        wanted = prepared.body_regions
        if regions & wanted:
            region_score = 2
            matched.append("body_region")
        elif {_LIMB[r] for r in regions if r in _LIMB} & wanted:
            region_score = 1
            matched.append("limb")
        else:
            return None
    associated = bool(getattr(request, "associated_surgical_service", False))
    agrees = criteria_set.follows_primary == associated
    if agrees and associated:
        matched.append("associated_surgical_service")
    # A set for the request's own family beats one reached only through its drug class (a
    # compounded kit of gabapentin is judged as a compound, not as an anticonvulsant).
    own_family = int(request.family in prepared.families)
    return (int(agrees), own_family, drug_score, kind_score, region_score), tuple(matched)


def _phase_reason(
    kb: KnowledgeBase, criteria_set: CriteriaSet, on: dt.date, phase: PhaseOfCare | None
) -> str | None:
    """Which document the phase of care chose, and why (None when the set has one document)."""
    limited = [g for g in criteria_set.guidelines if g.phases and g.in_force(on)]
    if phase is None or not limited:
        return None
    governing = kb.governing(criteria_set, on, phase)
    if governing is None:
        return None
    if phase in governing.phases:
        return f"{phase.value} phase of care: {governing.name} governs ({governing.phase_note})"
    others = ", ".join(f"{g.name} ({'/'.join(p.value for p in g.phases)})" for g in limited)
    return (
        f"{phase.value} phase of care: {governing.name} governs, not {others} "
        f"({limited[0].phase_note})"
    )


def match(
    kb: KnowledgeBase,
    request: RequestLike,
    on: dt.date | None = None,
    phase: PhaseOfCare | None = None,
) -> Match | None:
    """The best criteria set for a request, with the guideline governing it on ``on``.

    Args:
        kb: the knowledge base.
        request: the structured request (family, body parts, drug, drug class, whether it is an
            associated surgical service).
        on: the date that decides which guideline is in force (the request or UR date). None
            means the latest period the set is encoded for.
        phase: the phase of care at that date; it chooses between an ACOEM chapter (acute and
            subacute care) and the Chronic Pain guidelines (chronic pain) where a set has both.
            None keeps the document without phases.

    Returns:
        The match, or None when no criteria set covers the request's family (and body region or
        drug, where the set is limited to them).
    """
    regions = body_regions_of(
        list(getattr(request, "body_parts", None) or []),
        list(getattr(request, "levels", None) or []),
    )
    best: tuple[tuple[int, int, int, int, int], str, CriteriaSet, tuple[str, ...]] | None = None
    for criteria_set in kb.all():
        scored = _score(criteria_set, request, regions)
        if scored is None:
            continue
        score, matched = scored
        # Higher score wins; on a tie the lower id wins (compare negated via ordering below).
        if best is None or score > best[0] or (score == best[0] and criteria_set.id < best[1]):
            best = (score, criteria_set.id, criteria_set, matched)
    if best is None:
        return None
    criteria_set, matched = best[2], best[3]
    date = on if on is not None else max(g.effective_from for g in criteria_set.guidelines)
    last = held_through()
    return Match(
        criteria_set=criteria_set,
        guideline=kb.governing(criteria_set, date, phase),
        on=date,
        matched_on=matched,
        phase=phase,
        phase_reason=_phase_reason(kb, criteria_set, date, phase),
        beyond_editions=on is not None and on > last,
        held_through=last,
    )
