"""The requests of one case read together: a fragment of a request split in the wrong place is
never judged alone, and a partial authorization keeps its authorized part apart from the part in
dispute."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from openimr.domain import DisputedItem
from openimr.requests import parse, parse_item, parse_items


@pytest.mark.parametrize(
    "text",
    [
        "2 times a week for 6 weeks",  # only an amount
        "and L5-S1",  # a connective and a level
        "for the left knee",  # a region and a side
        "with 2 refills",
        "x 6",
    ],
)
def test_a_text_naming_no_service_but_part_of_one_is_a_fragment(text: str) -> None:
    request = parse(text)
    assert (request.family, request.fragment) == ("unknown", True)


@pytest.mark.parametrize(
    "text",
    [
        "MRI of the lumbar spine",  # a whole request
        "and eight physical therapy sessions for the left wrist",  # its own service
        "Request for authorization",  # nothing that belongs to a request
        "",
    ],
)
def test_a_whole_request_or_an_unreadable_text_is_no_fragment(text: str) -> None:
    assert parse(text).fragment is False


def test_a_fragment_is_read_with_the_request_it_continues() -> None:
    first, fragment, other = parse_items(
        ["Physical therapy for the lumbar spine", "2 times a week for 6 weeks", "Norco 10/325 #90"]
    )
    assert (fragment.family, fragment.sessions, fragment.body_parts) == (
        "physical_therapy",
        12,
        ["lumbar spine"],
    )
    assert (fragment.fragment, fragment.continues) == (
        True,
        "Physical therapy for the lumbar spine",
    )
    assert fragment.text == "2 times a week for 6 weeks"  # its own words kept
    # the request it continues gains what the fragment says
    assert (first.sessions, first.fragment, first.continues) == (12, False, None)
    assert (other.family, other.fragment) == ("opioid", False)


def test_several_fragments_join_the_same_request() -> None:
    items = parse_items(["Lumbar facet injections L4-5", "and L5-S1", "left side"])
    assert [r.levels for r in items] == [["L4-5", "L5-S1"]] * 3
    assert [r.laterality for r in items] == ["left"] * 3
    assert [r.fragment for r in items] == [False, True, True]


def test_a_fragment_first_in_the_list_has_nothing_to_join_and_stays_unknown() -> None:
    (request,) = parse_items(["2 times a week for 6 weeks"])
    assert (request.family, request.fragment, request.continues) == ("unknown", True, None)


def test_requests_that_are_whole_are_read_as_parse_reads_them() -> None:
    texts = ["MRI of the left knee", "Physical therapy 2x6 lumbar", "Norco 10/325mg #90"]
    assert parse_items(texts) == [parse(text) for text in texts]


def test_a_partial_authorization_keeps_the_authorized_part_parsed_beside_the_disputed_one() -> None:
    request = parse_item(
        "Physical therapy to the low back two sessions",
        original_request="Physical therapy to the low back eight sessions",
        authorized="Physical therapy to the low back six sessions",
    )
    assert request.sessions == 2  # in dispute
    assert request.authorized_request is not None
    assert (request.authorized_request.family, request.authorized_request.sessions) == (
        "physical_therapy",
        6,
    )  # already allowed: a course authorized, not treatment already tried
    assert request.original_request == "Physical therapy to the low back eight sessions"


def test_the_whole_partial_authorization_sentence_parses_its_authorized_part_too() -> None:
    request = parse(
        "Norco 10/325mg #120 was the original request. Norco 10/325mg #60 was authorized by the "
        "Claims Administrator. The remaining IMR eligible portion of the original request, Norco "
        "10/325mg #60 is"
    )
    assert request.quantity == 60
    assert request.authorized_request is not None
    assert (request.authorized_request.drug, request.authorized_request.quantity) == (
        "hydrocodone/acetaminophen",
        60,
    )


def test_items_of_a_case_are_read_with_their_partial_authorization() -> None:
    @dataclass
    class LetterItem:
        request: str
        original_request: str | None = None
        authorized: str | None = None

    items = [
        DisputedItem(
            request="Acupuncture 4 sessions",
            original_request="Acupuncture 10 sessions",
            authorized="Acupuncture 6 sessions",
        ),
        LetterItem(request="MRI of the lumbar spine"),
    ]
    acupuncture, mri = parse_items(items)
    assert acupuncture.authorized_request is not None
    assert (acupuncture.sessions, acupuncture.authorized_request.sessions) == (4, 6)
    assert (mri.family, mri.authorized_request) == ("mri", None)
