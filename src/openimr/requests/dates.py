"""When a request is for: a retrospective request and its date of service.

"Retrospective Cyclobenzaprine 5mg tab #30 DOS: 11/14/16" is retrospective, for 2016-11-14;
"Voltaren gel ..., DOS: 11/11/2016" names a date of service, so it is retrospective too;
"Retrospective Famotidine 20mg #60, per 12/07/2016 order" was ordered on 2016-12-07.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["When", "when"]

_DATE = r"(?P<month>\d{1,2})(?P<sep>[/\-.])(?P<day>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![\d.])"
_SERVICE_DATE = re.compile(
    rf"\b(?:DOS|D\.O\.S\.?|dates?\s+of\s+service|service\s+date|rendered(?:\s+on)?)\s*[:#-]?\s*"
    rf"(?:on\s+)?{_DATE}",
    re.I,
)
_ORDER_DATE = re.compile(
    rf"\b(?:per|dated|ordered(?:\s+on)?|prescribed(?:\s+on)?|from)\s+(?:the\s+)?{_DATE}", re.I
)
_ANY_DATE = re.compile(rf"(?<![\w/.]){_DATE}")
_RETROSPECTIVE = re.compile(r"\bretro(?:spective(?:ly)?|active)?\b|\bDOS\b", re.I)


@dataclass(frozen=True)
class When:
    """Whether a request is retrospective, its date of service, and where dates are written."""

    retrospective: bool = False
    date_of_service: dt.date | None = None
    spans: tuple[tuple[int, int], ...] = ()


def when(text: str) -> When:
    """Whether a request is retrospective and the date of service it names, if any.

    The date of service is the date after "DOS"/"date of service", else the order date ("per
    12/07/2016 order"), else, for a retrospective request, the first date written. ``spans`` are
    every date's place in the text, so that quantities are not read from them.
    """
    service = _SERVICE_DATE.search(text)
    retrospective = service is not None or _RETROSPECTIVE.search(text) is not None
    found = service or _ORDER_DATE.search(text)
    if found is None and retrospective:
        found = _ANY_DATE.search(text)
    return When(
        retrospective=retrospective,
        date_of_service=_date(found) if found else None,
        spans=tuple(match.span() for match in _ANY_DATE.finditer(text) if _date(match)),
    )


def _date(match: re.Match[str]) -> dt.date | None:
    year = int(match["year"])
    if year < 100:
        year += 2000
    try:
        return dt.date(year, int(match["month"]), int(match["day"]))
    except ValueError:
        return None
