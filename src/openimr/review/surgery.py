"""Surgery and the services around it: which surgery of the case a pre-, peri- or post-operative
service belongs to.

A case knows of a surgery in three ways: it is disputed in this review, utilization review
certified it (``Case.ur_certified``, or a record saying so), or the records plan it. A service is
recognised as one that goes with a surgery by what it is (pre-operative labs, an EKG, a chest
x-ray, a medical clearance, an assistant surgeon, a cold therapy unit, a sling, post-operative
therapy or drugs), whether or not its request starts with "Associated surgical service:". A
surgery utilization review certified is presumed to go ahead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from openimr.domain import Assertion, Case, Evidence, ItemDetermination
from openimr.requests import parse as parse_request
from openimr.requests.model import Category, Request
from openimr.review.context import FactIndex, Surgery
from openimr.review.place import item_place, regions_named, side_named
from openimr.review.sources import Source

__all__ = [
    "KnownSurgeries",
    "PERIOPERATIVE_FAMILIES",
    "case_surgeries",
    "is_perioperative",
    "surgery_of",
]

#: Services that exist only around an operation, by request family.
PERIOPERATIVE_FAMILIES = frozenset(
    {
        "assistant_surgeon",
        "preoperative_clearance",
        "preoperative_labs",
        "ekg",
        "chest_x_ray",
        "cold_therapy_unit",
        "sling",
        "post_op_physical_therapy",
        "inpatient_stay",
        "dvt_prophylaxis",
        "continuous_passive_motion",
        "crutches_walker",
    }
)
# Services that exist anyway, but go with a surgery when the request says so.
_AROUND_SURGERY = re.compile(
    r"\b(?:pre|post|peri)[- ]?op(?:erative(?:ly)?)?\b|\b(?:after|following|before|prior to) "
    r"(?:the )?(?:surgery|operation|procedure)\b|\bpost[- ]?surgical\b",
    re.I,
)
_POST_OP_SENTENCE = re.compile(
    r"\bpost[- ]?op(?:erative(?:ly)?)?\b|\b(?:after|following) (?:the |his |her )?(?:surgery|operation|procedure)\b",
    re.I,
)


@dataclass
class KnownSurgeries:
    """The surgeries a case knows of besides the disputed ones."""

    disputed: bool = False
    certified: list[Surgery] = field(default_factory=list)
    planned: list[Surgery] = field(default_factory=list)


def _surgery(name: str, how: str, evidence: Evidence | None = None) -> Surgery:
    request = parse_request(name)
    regions, side = item_place(None, request)
    if not regions:
        regions = frozenset(regions_named(name) - {"upper extremity", "lower extremity"})
    return Surgery(
        name=name,
        how=how,
        evidence=evidence,
        regions=regions,
        side=side or side_named(name),
        kind=request.surgery_kind,
    )


def case_surgeries(case: Case, index: FactIndex, requests: Sequence[Request]) -> KnownSurgeries:
    """The surgeries of a case: disputed, certified by utilization review, planned in the records."""
    known = KnownSurgeries(disputed=any(r.category is Category.SURGERY for r in requests))
    for text in case.ur_certified:
        if parse_request(text).category is Category.SURGERY:
            known.certified.append(_surgery(text, "certified"))
    for fact in index.of("surgery_authorized", assertion=Assertion.PRESENT):
        name = f"{fact.evidence.sentence}"
        if not any(s.evidence == fact.evidence for s in known.certified):
            surgery = _surgery(str(fact.value or "surgery"), "certified", fact.evidence)
            known.certified.append(
                Surgery(
                    name=str(fact.value or "surgery"),
                    how="certified",
                    evidence=fact.evidence,
                    regions=surgery.regions or frozenset(regions_named(name)),
                    side=surgery.side or side_named(name),
                    kind=surgery.kind,
                )
            )
    for fact in index.of("surgical_plan", assertion=Assertion.PRESENT):
        if index.source(fact.evidence) in (Source.REVIEW, Source.REQUEST):
            continue
        body_part = str(fact.attributes.get("body_part") or "")
        name = " ".join(p for p in (body_part, str(fact.value or "surgery")) if p)
        surgery = _surgery(name, "planned", fact.evidence)
        known.planned.append(
            Surgery(
                name=name,
                how="planned",
                evidence=fact.evidence,
                regions=surgery.regions,
                side=surgery.side or side_named(fact.evidence.sentence),
                kind=surgery.kind,
            )
        )
    return known


def is_perioperative(request: Request, index: FactIndex, has_surgery: bool) -> Request:
    """The request, marked as a service that goes with a surgery when it is one by what it is
    (with or without "Associated surgical service:"), and the case has a surgery."""
    if request.associated_surgical_service or not has_surgery:
        return request
    around = (
        request.perioperative is not None  # the request parser's reading of what it is
        or request.family in PERIOPERATIVE_FAMILIES
        or bool(_AROUND_SURGERY.search(request.text))
    )
    if not around and request.category is Category.MEDICATION:
        names = [n.lower() for n in (request.drug, request.brand) if n]
        around = any(
            any(n in s.sentence.lower() for n in names) and _POST_OP_SENTENCE.search(s.sentence)
            for s in index.sentences
            if index.source(s) not in (Source.REVIEW, Source.REQUEST)
        )
    if not around:
        return request
    return request.model_copy(update={"associated_surgical_service": True})


def _fits(place: tuple[frozenset[str], str | None], surgery: Surgery) -> bool:
    regions, side = place
    if not regions or not surgery.regions:
        return False
    other = {"left": "right", "right": "left"}.get(side or "")
    return bool(regions & surgery.regions) and (other is None or surgery.side != other)


def surgery_of(
    request: Request,
    place: tuple[frozenset[str], str | None],
    disputed: Sequence[tuple[Request, tuple[frozenset[str], str | None], ItemDetermination | None]],
    known: KnownSurgeries,
) -> Surgery | None:
    """The surgery a service goes with: the one on its body region (and side), else the only one
    the case knows of (disputed first, then certified, then planned); None when that cannot be
    told, so the service is judged on its own."""
    candidates = [
        Surgery(
            name=primary.text,
            how="disputed",
            decision=decision,
            regions=primary_place[0],
            side=primary_place[1],
            kind=primary.surgery_kind,
        )
        for primary, primary_place, decision in disputed
    ]
    for group in (candidates, known.certified, known.planned):
        if not group:
            continue
        if len(group) == 1 and not place[0]:
            return group[0]
        same = [s for s in group if _fits(place, s)]
        if len(same) >= 1 and len({(s.name, s.how) for s in same}) == 1:
            return same[0]
        if len(group) == 1 and (not group[0].regions or not place[0]):
            return group[0]
        if len(group) == 1 and group is candidates:
            return group[0]
        if same or group is candidates:
            return None
    return None


#: The postsurgical physical medicine period the Postsurgical Treatment Guidelines give most
#: operations (8 CCR 9792.24.3: four to six months; six months is the longest of the common ones).
POSTSURGICAL_MONTHS = 6
_THERAPY = frozenset({"physical_therapy", "occupational_therapy"})


def after_recent_surgery(
    request: Request, index: FactIndex, case: Case, place: tuple[frozenset[str], str | None]
) -> Surgery | None:
    """The operation this therapy request follows, if it falls in a postsurgical period: the
    records name an operation done (not planned, requested or reviewed) for this injury, of a
    kind the Postsurgical Treatment Guidelines give a course for, on the item's region or on no
    region named, and the utilization review came within the postsurgical physical medicine
    period of the injury, so the operation was within it too. Therapy then follows the
    Postsurgical Treatment Guidelines (8 CCR 9792.24.3) and that operation's course, not the
    Chronic Pain guidelines' course for myalgia. An operation the records do not name ("prior
    treatment included surgery") gives no course to count against, so it changes nothing."""
    if request.family not in _THERAPY or request.associated_surgical_service:
        return None
    injured, on = case.date_of_injury, case.ur_decision_date
    if on is None:
        return None
    period = POSTSURGICAL_MONTHS * 30.4
    recent_injury = injured is not None and (on - injured).days <= period
    regions, side = place
    for fact in index.of("surgery_done"):
        if fact.assertion not in (Assertion.PRESENT, Assertion.HISTORICAL):
            continue
        if index.source(fact.evidence) in (Source.REVIEW, Source.REQUEST):
            continue
        if not recent_injury and not _dated_within(fact.evidence.sentence, on, period):
            continue
        named = regions_named(fact.evidence.sentence)
        if named and regions and not (named & regions):
            continue
        done = _surgery(fact.evidence.sentence, "done", fact.evidence)
        if done.kind is None:
            continue
        return done
    return None


def _dated_within(sentence: str, on: dt.date, days: float) -> bool:
    """Whether the sentence dates its event within this many days before ``on``."""
    from openimr.clinical.readers import _DATE, parse_date

    for match in _DATE.finditer(sentence):
        date = parse_date(match, on.year)
        if date is not None and date <= on and (on - date).days <= days:
            return True
    return False
