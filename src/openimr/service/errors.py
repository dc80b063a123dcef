"""What a use case refuses, as errors the command line and the API turn into one line / a status.

None of these messages carries protected health information: they name cases and items by id
and position, rules by name.
"""

from __future__ import annotations

from openimr.errors import OpenIMRError

__all__ = [
    "ServiceError",
    "NotFound",
    "NotPermitted",
    "TransitionNotAllowed",
    "InvalidRequest",
    "SettingsMissing",
]


class ServiceError(OpenIMRError):
    """Anything a use case refuses on purpose."""


class NotFound(ServiceError):
    """No such case, reviewer, user or letter version (or not one the actor may see)."""


class NotPermitted(ServiceError):
    """The actor's role (or assignment) does not allow this action."""


class TransitionNotAllowed(ServiceError):
    """The workflow does not allow this step from the case's current state."""


class InvalidRequest(ServiceError):
    """The input names something that does not exist or is malformed (an item index, a field)."""


class SettingsMissing(ServiceError):
    """A letter cannot be issued: the deployment's settings leave out what a letter must show."""
