"""What a valid case file says that cannot be so: dates out of order, items IMR cannot decide.

Each problem names the path of the field at fault; the loader adds the file's name.
"""

from __future__ import annotations

from openimr.cases.schema import CaseFile
from openimr.domain import RecordKind

__all__ = ["inconsistencies"]


def inconsistencies(case_file: CaseFile) -> list[str]:
    """What a valid case file says that cannot be so, each with the path of the field at fault."""
    return _dates_out_of_order(case_file) + _items_utilization_review_did_not_decide(case_file)


def _dates_out_of_order(case_file: CaseFile) -> list[str]:
    injured = case_file.injury.date
    if injured is None:
        return []
    problems = []
    review = case_file.utilization_review
    if injured > review.date:
        problems.append(
            "injury.date: the date of injury is after the utilization review decision "
            "(utilization_review.date)"
        )
    received = case_file.application.received
    if received is not None and injured > received:
        problems.append(
            "injury.date: the date of injury is after the IMR application was received "
            "(application.received)"
        )
    for index, record in enumerate(case_file.records):
        if (
            record.kind is RecordKind.REQUEST_FOR_AUTHORIZATION
            and record.date is not None
            and record.date < injured
        ):
            problems.append(
                f"records[{index}].date: the request for authorization is dated before the "
                "date of injury (injury.date)"
            )
    return problems


def _items_utilization_review_did_not_decide(case_file: CaseFile) -> list[str]:
    """Disputed items that utilization review certified, or did not decide at all.

    Only what utilization review denied or modified goes to IMR. Which items it decided is
    known from ``utilization_review.items`` or an item's ``ur_decision``; a file that gives
    neither (the first case files) is not checked.
    """
    review = case_file.utilization_review
    decided = {_words(request) for request in review.items}
    certified = {_words(service) for service in review.certified}
    says_which = bool(decided) or any(i.ur_decision for i in case_file.disputed_items)
    problems = []
    for index, item in enumerate(case_file.disputed_items):
        names = {_words(item.request)} | (
            {_words(item.original_request)} if item.original_request else set()
        )
        if names & certified:
            problems.append(
                f"disputed_items[{index}]: utilization review certified this item "
                "(utilization_review.certified); only what it denied or modified goes to IMR"
            )
        elif says_which and not item.ur_decision and not names & decided:
            problems.append(
                f"disputed_items[{index}]: utilization review did not decide this item: it is "
                "not in utilization_review.items and has no ur_decision (denied or modified)"
            )
    return problems


def _words(text: str) -> str:
    return " ".join(text.casefold().split())
