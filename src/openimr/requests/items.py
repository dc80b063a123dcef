"""The requests of one case, read together: fragments joined to the request they continue, and a
partial authorization's authorized part parsed beside the portion in dispute.

A letter sometimes splits one request in the wrong place: "Physical therapy for the lumbar spine"
and "2 times a week for 6 weeks", or "Lumbar facet injections L4-5" and "and L5-S1". The second
names no service; judged alone it would match nothing. ``parse_items`` reads such a fragment as
the end of the request before it: both are parsed as the joined text, and the fragment is marked
(``fragment`` True, ``continues`` the text it continues) so that it is decided with that request,
never on its own.

For a partial authorization ("12 sessions requested, 6 authorized, 6 in dispute") the authorized
part is parsed too (``authorized_request``): what the claims administrator authorized is a course
already allowed, not treatment already tried.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from openimr.requests.model import Request
from openimr.requests.parse import parse

__all__ = ["ItemLike", "parse_item", "parse_items"]


class ItemLike(Protocol):
    """What ``parse_items`` reads of a disputed item (``openimr.domain.DisputedItem``, a letter's
    item): its request and, for a partial authorization, the original request and the authorized
    part."""

    @property
    def request(self) -> str: ...

    @property
    def original_request(self) -> str | None: ...

    @property
    def authorized(self) -> str | None: ...


def parse_item(
    request: str, *, original_request: str | None = None, authorized: str | None = None
) -> Request:
    """A disputed item's request with its partial authorization, if any.

    Args:
        request: the request in dispute (for a partial authorization, the remaining portion).
        original_request: the request as first made, when only part of it is in dispute.
        authorized: the part the claims administrator authorized.

    Returns:
        The Request, with ``original_request``, ``authorized`` and ``authorized_request`` (the
        authorized part, parsed) set when given.
    """
    parsed = parse(request)
    if original_request is None and authorized is None:
        return parsed
    return parsed.model_copy(
        update={
            "original_request": original_request or parsed.original_request,
            "authorized": authorized or parsed.authorized,
            "authorized_request": _authorized(authorized or parsed.authorized),
        }
    )


def parse_items(items: Sequence[str | ItemLike]) -> list[Request]:
    """The requests of one case's disputed items, in order, with fragments joined.

    Args:
        items: each item's request text, or the item itself (with its partial authorization).

    Returns:
        One Request per item. A fragment (a text that names no service but only an amount, a
        region, a side, a level or a date, or that begins with "and", "with", ...) that follows
        another item is parsed joined to the last whole request before it; that request is parsed
        joined too, and the fragment is marked ``fragment`` with ``continues`` set.
    """
    parsed = [_one(item) for item in items]
    group: list[int] = []  # the last whole request and the fragments joined to it
    joined_text = ""
    for index, request in enumerate(parsed):
        if not request.fragment:
            group, joined_text = [index], request.text
            continue
        if not group:
            continue
        group.append(index)
        joined_text = f"{joined_text} {request.text}"
        joined = parse(joined_text)
        keep = {"text", "original_request", "authorized", "authorized_request", "fragment"}
        fields = {name: getattr(joined, name) for name in Request.model_fields if name not in keep}
        whole = parsed[group[0]]
        parsed[group[0]] = whole.model_copy(update=fields)
        for member in group[1:]:
            parsed[member] = parsed[member].model_copy(update={**fields, "continues": whole.text})
    return parsed


def _one(item: str | ItemLike) -> Request:
    if isinstance(item, str):
        return parse(item)
    return parse_item(
        item.request,
        original_request=getattr(item, "original_request", None),
        authorized=getattr(item, "authorized", None),
    )


def _authorized(text: str | None) -> Request | None:
    return parse(text) if text else None
