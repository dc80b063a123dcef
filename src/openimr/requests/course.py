"""What a request's own words say of the course of treatment: new or continuing.

"Continue physical therapy 3 times a week for 2 weeks", "Additional acupuncture x 6" and
"Refill of Norco" continue a course already given; "Trial of Lyrica", "TENS unit 30 day trial" and
"Initial evaluation" begin one. Most requests say neither ("Norco 10/325mg #90"): then the record,
not the request, decides whether the treatment was given before. Refills *granted* with a
prescription ("#90 with 1 refill") say nothing of the past.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["Course", "course"]

Course = Literal["new", "continuing"]

_CONTINUING = re.compile(
    r"\b(?:continu(?:e|ed|es|ing|ation)|additional|further|ongoing|extension|extend(?:ed)?|"
    r"repeat(?:ed)?|renew(?:al|ed)?|resum(?:e|ed|ption)|more)\b|^\s*refills?\b|\brefills?\s+of\b",
    re.I,
)
_NEW = re.compile(r"\b(?:trial|initial|new|start(?:ing)?|begin(?:ning)?)\b", re.I)


def course(text: str) -> Course | None:
    """ "continuing", "new", or None when the request's words say neither (the first written
    wins when they say both: "Continue the trial of acupuncture" continues)."""
    continuing = _CONTINUING.search(text)
    new = _NEW.search(text)
    if continuing and (new is None or continuing.start() <= new.start()):
        return "continuing"
    return "new" if new else None
