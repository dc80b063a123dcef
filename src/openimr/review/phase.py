"""The phase of care at the utilization review date, from the weeks since the injury.

ACOEM's body-region chapters govern acute and subacute care; the Chronic Pain Medical Treatment
Guidelines govern pain that has lasted beyond the usual healing time. Acute is under four weeks,
subacute four to twelve weeks, chronic after twelve weeks (about three months).
"""

from __future__ import annotations

import datetime as dt

from openimr.domain import Case, PhaseOfCare

__all__ = ["ACUTE_WEEKS", "CHRONIC_AFTER_WEEKS", "phase_of_care", "phase_of_weeks"]

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
