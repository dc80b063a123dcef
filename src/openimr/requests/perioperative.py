"""Services around a surgery: whether a request is pre-, intra- or post-operative.

A service is peri-operative when the request says so ("Post-op Zofran", "Pre-operative EKG",
"Cold therapy unit after shoulder surgery"), when it follows an "Associated surgical service:"
lead, when it names the surgery it is for ("EKG prior to the lumbar fusion"), or when the service
is only ever done for a surgery (medical clearance, continuous passive motion). Its phase is the
one the request writes, else the phase of its family in service_families.yaml ("Associated surgical
service: Labs - CBC" is pre-operative), else post-operative (equipment, therapy and drugs that
follow a surgery).
"""

from __future__ import annotations

import re

from openimr.requests.model import Category
from openimr.requests.services import family
from openimr.vocab import Phase

__all__ = ["phase"]

_SURGERY = r"(?:surgery|surgical\s+procedure|procedure|operation)"
_CUES: list[tuple[re.Pattern[str], Phase]] = [
    (
        re.compile(
            rf"\b(?:pre[\s-]?op(?:erative(?:ly)?)?|pre[\s-]?surg(?:ical|ery)|pre[\s-]?procedur\w*|"
            rf"(?:prior\s+to|before)\s+(?:the\s+|her\s+|his\s+)?(?:\w+\s+){{0,3}}?{_SURGERY})\b",
            re.I,
        ),
        "pre-operative",
    ),
    (
        re.compile(r"\bintra[\s-]?op(?:erative(?:ly)?)?\b", re.I),
        "intra-operative",
    ),
    (
        re.compile(
            rf"\b(?:post[\s-]?op(?:erative(?:ly)?)?|post[\s-]?surg(?:ical|ery)|post[\s-]?procedur\w*|"
            rf"(?:after|following)\s+(?:the\s+|her\s+|his\s+)?(?:\w+\s+){{0,3}}?{_SURGERY})(?!\w)",
            re.I,
        ),
        "post-operative",
    ),
]


# "status post" and "s/p" name a past event, a surgery or an injury ("s/p fall"): post-operative
# only when the request names a surgery; "peri-operative" says only that a surgery is around.
_STATUS_POST = re.compile(r"\b(?:status\s+post|s/p)(?!\w)", re.I)
_PERIOPERATIVE = re.compile(r"\bperi[\s-]?op(?:erative(?:ly)?)?\b", re.I)


def phase(text: str, family_id: str, *, associated: bool, names_surgery: bool) -> Phase | None:
    """The phase of care around a surgery a request is for, or None when it is not peri-operative.

    Args:
        text: the request (without an "Associated surgical service:" lead).
        family_id: the request's service family.
        associated: whether the request had an "Associated surgical service:" lead.
        names_surgery: whether the request names the surgery it is for.

    Returns:
        "pre-operative", "intra-operative" or "post-operative"; None for a surgery itself and for
        a service that is not said or known to go with one.
    """
    service = family(family_id)
    if service.category is Category.SURGERY:
        return None
    written = [(found.start(), cue) for pattern, cue in _CUES if (found := pattern.search(text))]
    if written:
        return min(written)[1]
    if names_surgery and _STATUS_POST.search(text):
        return "post-operative"
    if associated or names_surgery or service.surgical_only or _PERIOPERATIVE.search(text):
        return service.perioperative or "post-operative"
    return None
