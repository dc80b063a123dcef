"""Who may do what: each action's roles, as a table. A reviewer acts only on the cases assigned
to them, and sees no other case (it is reported as not found, not as forbidden)."""

from __future__ import annotations

from openimr.service.context import Actor
from openimr.service.errors import NotFound, NotPermitted
from openimr.service.model import ReviewCase, Role

__all__ = ["ROLES", "REVIEWER_ACTIONS", "may_see", "require", "require_case"]

_STAFF = frozenset({Role.ADMINISTRATOR, Role.CASE_MANAGER})
_REVIEWER = frozenset({Role.REVIEWER})
_ANYONE = frozenset(Role)

ROLES: dict[str, frozenset[Role]] = {
    "receive_application": _STAFF,
    "check_eligibility": _STAFF,
    "reconsider": _STAFF,
    "request_records": _STAFF,
    "add_records": _STAFF,
    "assign_reviewer": _STAFF,
    "unassign_reviewer": _STAFF,
    "draft": _STAFF | _REVIEWER,
    "start_review": _REVIEWER,
    "edit_item": _REVIEWER,
    "note_criterion": _REVIEWER,
    "sign": _REVIEWER,
    "reopen": _REVIEWER | _STAFF,
    "issue": _STAFF,
    "correct": _STAFF,
    "withdraw": _STAFF,
    "set_priority": _STAFF,
    "read_case": _ANYONE,
    "list_due": _STAFF,
    "manage_reviewers": frozenset({Role.ADMINISTRATOR}),
    "read_reviewers": _STAFF,
}
"""The roles allowed each action."""

REVIEWER_ACTIONS = frozenset({"start_review", "edit_item", "note_criterion", "sign"})
"""Actions only the reviewer assigned to the case may take (whatever their role)."""


def require(actor: Actor, action: str) -> None:
    """:class:`NotPermitted` unless the actor's role may take ``action``."""
    if actor.role not in ROLES[action]:
        raise NotPermitted(f"{action}: not permitted to a {actor.role.value.replace('_', ' ')}")


def may_see(actor: Actor, reviewer_id: str | None) -> bool:
    """Whether the actor may see a case assigned to ``reviewer_id``: staff every case, a
    reviewer only their own."""
    return actor.role is not Role.REVIEWER or reviewer_id == actor.reviewer_id


def require_case(actor: Actor, action: str, case: ReviewCase | None, case_id: str) -> ReviewCase:
    """The case if the actor may take ``action`` on it. A reviewer not assigned to it gets
    :class:`NotFound`, exactly as for a case that does not exist."""
    require(actor, action)
    if case is None or not may_see(actor, case.reviewer_id):
        raise NotFound(f"no case {case_id}")
    if action in REVIEWER_ACTIONS and (
        actor.reviewer_id is None or case.reviewer_id != actor.reviewer_id
    ):
        raise NotPermitted(f"{action}: only the reviewer assigned to case {case_id} may do this")
    return case
