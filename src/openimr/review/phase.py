"""The phase of care at the utilization review date, from the weeks since the injury.

ACOEM's body-region chapters govern acute and subacute care; the Chronic Pain Medical Treatment
Guidelines govern pain that has lasted beyond the usual healing time. Acute is under four weeks,
subacute four to twelve weeks, chronic after twelve weeks (about three months).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from openimr.domain import Case, Evidence, PhaseOfCare

__all__ = [
    "ACUTE_WEEKS",
    "CHRONIC_AFTER_WEEKS",
    "item_phase",
    "phase_of_care",
    "phase_of_weeks",
]

ACUTE_WEEKS = 4.0
CHRONIC_AFTER_WEEKS = 12.0


def phase_of_weeks(weeks: float) -> PhaseOfCare:
    """The phase of care this many weeks after the injury."""
    if weeks < ACUTE_WEEKS:
        return PhaseOfCare.ACUTE
    if weeks <= CHRONIC_AFTER_WEEKS:
        return PhaseOfCare.SUBACUTE
    return PhaseOfCare.CHRONIC


def phase_of_care(case: Case, on: dt.date | None = None) -> PhaseOfCare | None:
    """The phase of care on the UR decision date (or ``on``); None when a date is missing."""
    on = on or case.ur_decision_date or case.received
    if case.date_of_injury is None or on is None or on < case.date_of_injury:
        return None
    return phase_of_weeks((on - case.date_of_injury).days / 7)


# A sentence dating the onset of a region's condition: "an acute neck strain in a fall on
# 04/01/2016", "date of onset 04/01/2016", "injured his right knee on 02/03/2017".
_ONSET = re.compile(
    r"\b(date of onset|onset|fell|fall|slipped|tripped|new injury|subsequent injury|"
    r"re-?injur\w*|injured (?:his|her|their|the)\b|motor vehicle accident|compensable consequence)"
    r"\b[^.;]{0,80}?$",
    re.I,
)


def onset_candidates(sentences: Iterable[Evidence]) -> list[OnsetCandidate]:
    """The sentences that date something after an onset word in the same clause ("a fall on
    04/01/2016"), with those dates and the body regions the sentence names, in the order given.
    Found once per case (``FactIndex.onset_candidates``), not once per item."""
    from openimr.clinical.readers import _DATE
    from openimr.review.place import regions_named

    found = []
    for sentence in sentences:
        text = sentence.sentence
        dates = [
            match
            for match in _DATE.finditer(text)
            # the date follows an onset word in the same clause ("a fall on 04/01/2016")
            if _ONSET.search(text[max(0, match.start() - 80) : match.start()])
        ]
        if dates:
            found.append(OnsetCandidate(sentence, dates, frozenset(regions_named(text))))
    return found


@dataclass(frozen=True)
class OnsetCandidate:
    """A sentence dating an onset: the sentence, its dates after an onset word, its regions."""

    sentence: Evidence
    dates: list[re.Match[str]]
    regions: frozenset[str]


def item_phase(
    case: Case,
    regions: frozenset[str],
    sentences: Iterable[Evidence],
    on: dt.date | None = None,
    candidates: list[OnsetCandidate] | None = None,
) -> tuple[PhaseOfCare | None, str | None]:
    """The phase of care of the condition an item treats: from the onset the records date for
    the item's body region when it is later than the case's injury (a new injury to another
    region, a compensable consequence), else from the date of injury. Also says why, when the
    onset was used. ``candidates``, when given, are ``onset_candidates(sentences)`` found once
    for the case."""
    from openimr.clinical.readers import parse_date

    on = on or case.ur_decision_date or case.received
    default = phase_of_care(case, on)
    if not regions or on is None:
        return default, None
    if candidates is None:
        candidates = onset_candidates(sentences)
    onsets: list[tuple[dt.date, Evidence]] = []
    for candidate in candidates:
        if not (regions & candidate.regions):
            continue
        for match in candidate.dates:
            date = parse_date(match, on.year)
            if date is None or date > on:
                continue
            if case.date_of_injury is not None and date <= case.date_of_injury:
                continue
            onsets.append((date, candidate.sentence))
    if not onsets:
        return default, None
    onset, _ = max(onsets, key=lambda pair: pair[0])
    phase = phase_of_weeks((on - onset).days / 7)
    if phase is default:
        return default, None
    return phase, (
        f"The records date the onset of this condition to {onset:%m/%d/%Y}, after the date of "
        f"injury, so it is in the {phase.value} phase of care."
    )
