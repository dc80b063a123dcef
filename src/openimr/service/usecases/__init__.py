"""The use cases: each one business transaction over a unit of work, audited, with ids only in
its log lines. The command line, the API and the web pages call these and nothing below them."""

from openimr.service.usecases.accounts import authenticate_password
from openimr.service.usecases.assign import AssignmentOutcome, assign_reviewer, unassign_reviewer
from openimr.service.usecases.cases import (
    DueCase,
    audit_trail,
    case_revision,
    get_case,
    list_cases,
    list_due,
    revision_seen,
    withdraw,
)
from openimr.service.usecases.intake import (
    Application,
    add_records,
    check_eligibility,
    receive_application,
    reconsider,
    request_records,
    set_priority,
)
from openimr.service.usecases.letter_files import letter_html, letter_pdf
from openimr.service.usecases.letters import correct, issue, reopen, sign
from openimr.service.usecases.review import draft, edit_item, note_criterion, start_review
from openimr.service.usecases.reviewers import list_reviewers, register_reviewer, update_reviewer

__all__ = [
    "Application",
    "AssignmentOutcome",
    "DueCase",
    "add_records",
    "assign_reviewer",
    "authenticate_password",
    "audit_trail",
    "case_revision",
    "revision_seen",
    "check_eligibility",
    "correct",
    "draft",
    "edit_item",
    "get_case",
    "issue",
    "letter_html",
    "letter_pdf",
    "list_cases",
    "list_due",
    "list_reviewers",
    "note_criterion",
    "receive_application",
    "reconsider",
    "register_reviewer",
    "reopen",
    "request_records",
    "set_priority",
    "sign",
    "start_review",
    "unassign_reviewer",
    "update_reviewer",
    "withdraw",
]
