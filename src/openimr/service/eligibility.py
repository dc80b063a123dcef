"""Whether a case may go to Independent Medical Review: each rule checked on its own, with its
reason and its source, so that staff see every failed rule at once.

Pure: the use case gathers what the rules need (the items already decided for the same request)
and records the checks on the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from openimr.service.model import ReviewCase, RuleCheck

__all__ = ["FILING_PERIOD_DAYS", "check_eligibility", "same_request"]

FILING_PERIOD_DAYS = 30
_LC_4610_5 = "Labor Code 4610.5"


def same_request(text: str) -> str:
    """A request as compared between cases: case, spacing and final punctuation aside."""
    return " ".join(text.casefold().split()).rstrip(" .")


def _ur_decision(case: ReviewCase) -> RuleCheck:
    certified = {same_request(c) for c in case.content.ur_certified}
    rule = "ur_denied_or_modified"
    if case.ur_decision_date is None:
        return RuleCheck(
            rule=rule,
            passed=False,
            reason="no utilization review decision date: IMR reviews a UR decision",
            source=_LC_4610_5,
        )
    approved = [
        number
        for number, item in enumerate(case.content.items, start=1)
        if same_request(item.request) in certified
    ]
    if approved:
        listed = ", ".join(map(str, approved))
        return RuleCheck(
            rule=rule,
            passed=False,
            reason=f"item(s) {listed} were certified by utilization review, not denied or modified",
            source=_LC_4610_5,
        )
    return RuleCheck(
        rule=rule,
        passed=True,
        reason="utilization review denied or modified every disputed item",
        source=_LC_4610_5,
    )


def _filed_in_time(case: ReviewCase) -> RuleCheck:
    rule = "filed_within_30_days"
    if case.ur_decision_date is None:
        return RuleCheck(
            rule=rule,
            passed=False,
            reason="the filing period cannot be checked without the UR decision date",
            source=_LC_4610_5,
        )
    days = (case.application_received - case.ur_decision_date).days
    return RuleCheck(
        rule=rule,
        passed=0 <= days <= FILING_PERIOD_DAYS,
        reason=(
            f"application received {days} days after the UR decision "
            f"(at most {FILING_PERIOD_DAYS} allowed)"
            if days >= 0
            else "application received before the UR decision it disputes"
        ),
        source=f"{_LC_4610_5}(h)(1)",
    )


def _items_present(case: ReviewCase, decided: Collection[str]) -> RuleCheck:
    rule = "items_present_and_undecided"
    items = case.content.items
    if not items or any(not item.request.strip() for item in items):
        return RuleCheck(
            rule=rule,
            passed=False,
            reason="the application names no disputed item (or a blank one)",
        )
    seen: set[str] = set()
    repeated = []
    for number, item in enumerate(items, start=1):
        key = same_request(item.request)
        if key in seen:
            repeated.append(number)
        seen.add(key)
    if repeated:
        return RuleCheck(
            rule=rule,
            passed=False,
            reason=f"item(s) {', '.join(map(str, repeated))} repeat an earlier item",
        )
    already = [
        number
        for number, item in enumerate(items, start=1)
        if same_request(item.request) in {same_request(d) for d in decided}
    ]
    if already:
        return RuleCheck(
            rule=rule,
            passed=False,
            reason=f"item(s) {', '.join(map(str, already))} already decided by IMR for the same "
            "request",
        )
    return RuleCheck(
        rule=rule, passed=True, reason=f"{len(items)} disputed item(s), none decided before"
    )


def _dates_make_sense(case: ReviewCase, today: dt.date) -> RuleCheck:
    rule = "dates_consistent"
    content = case.content
    problems = []
    request = content.request_date
    if content.date_of_injury and content.date_of_injury > today:
        problems.append("the date of injury is in the future")
    if request and content.date_of_injury and content.date_of_injury > request:
        problems.append("the injury is dated after the request for authorization")
    if request and case.ur_decision_date and case.ur_decision_date < request:
        problems.append("the UR decision is dated before the request it decides")
    if case.ur_decision_date and case.ur_decision_date > case.application_received:
        problems.append("the UR decision is dated after the application")
    if case.application_received > today:
        problems.append("the application is dated in the future")
    if problems:
        return RuleCheck(rule=rule, passed=False, reason="; ".join(problems))
    return RuleCheck(
        rule=rule, passed=True, reason="injury, request, UR decision and application in order"
    )


def check_eligibility(
    case: ReviewCase, *, today: dt.date, decided_requests: Collection[str] = ()
) -> list[RuleCheck]:
    """Every eligibility rule's check, in a fixed order. ``decided_requests`` are the requests
    IMR has already decided for the same request for authorization (other cases' items)."""
    return [
        _ur_decision(case),
        _filed_in_time(case),
        _items_present(case, decided_requests),
        _dates_make_sense(case, today),
    ]
