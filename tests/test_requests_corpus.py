"""Every disputed item of the shared Final Determination letters, parsed.

The letters are read from the shared data (the ``shared_dir`` fixture); without them the tests
fail, naming where they looked. Both halves of the split are parsed here: this measures the
parser, it writes no rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from openimr import letters, vocab
from openimr.requests import parse, parse_items

COVERAGE_FLOOR = 0.95

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def items(shared_dir: Path) -> list[list[str]]:
    """Each letter's request strings, letter by letter."""
    folder = shared_dir / "data" / "letters" / "txt"
    found = [
        [item.request for item in letters.read(path).items] for path in sorted(folder.glob("*.txt"))
    ]
    assert found, f"no letters in {folder}"
    return found


def test_at_least_95_percent_of_letter_requests_have_a_known_family(
    items: list[list[str]],
) -> None:
    texts = [text for letter in items for text in letter]
    unknown = [text for text in texts if parse(text).family == "unknown"]
    coverage = 1 - len(unknown) / len(texts)
    assert coverage >= COVERAGE_FLOOR, f"{coverage:.1%} of {len(texts)} requests have a family"


def test_every_letter_request_parses_to_a_request_that_keeps_its_text(
    items: list[list[str]],
) -> None:
    for letter in items:
        assert [request.text for request in parse_items(letter)] == letter


def test_every_family_and_kind_of_surgery_the_letters_give_is_in_the_vocabulary(
    items: list[list[str]],
) -> None:
    parsed = [parse(text) for letter in items for text in letter]
    kinds = {kind.id for kind in vocab.surgery_kinds()}
    assert {request.family for request in parsed} - vocab.family_ids() == set()
    assert {request.surgery_kind for request in parsed} - kinds - {None} == set()


def test_no_letter_request_is_left_a_fragment_with_nothing_to_join(
    items: list[list[str]],
) -> None:
    for letter in items:
        for request in parse_items(letter):
            assert not request.fragment or request.continues is not None, request.text


def test_the_vocabulary_places_every_letter_request_where_the_knowledge_base_does(
    items: list[list[str]],
) -> None:
    """The knowledge base can switch its own region words for the vocabulary's: on every request
    of the letters, ``vocab.regions_of`` gives the regions ``guidelines.body_regions_of`` gives."""
    from openimr.guidelines import BodyRegion, body_regions_of

    known = {region.value for region in BodyRegion}
    for letter in items:
        for text in letter:
            request = parse(text)
            theirs = {r.value for r in body_regions_of(request.body_parts, request.levels)}
            ours = vocab.regions_of(request.body_parts, request.levels) & known
            assert ours == theirs, text
