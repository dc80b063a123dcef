"""``place.concerns`` searches one alternation of the other regions' patterns instead of each
region's pattern: on the shared letters' sentences it finds a region exactly when one does."""

from __future__ import annotations

import itertools

import pytest
from conftest import SHARED

from openimr import letters
from openimr.corpus.evaluate import case_from_letter
from openimr.domain import Evidence
from openimr.review.context import FactIndex
from openimr.review.place import _other_regions_pattern, _region_pattern, _region_words

PDFS = sorted((SHARED / "data" / "letters" / "pdf").glob("*.pdf"))


def _sentences() -> list[Evidence]:
    found = []
    for path in PDFS:
        case = case_from_letter(letters.read(path))
        found += FactIndex([], case).sentences
    return found


@pytest.mark.skipif(not PDFS, reason="the shared letters are not here")
def test_one_alternation_finds_a_region_exactly_when_one_region_pattern_does() -> None:
    regions = sorted(_region_words())
    region_sets = [frozenset(), *(frozenset({r}) for r in regions)]
    region_sets += [frozenset(pair) for pair in itertools.combinations(regions[:3], 2)]
    region_sets.append(frozenset(regions))
    sentences = [e.sentence for e in _sentences()]
    assert len(sentences) > 1000
    # the regions each sentence names, each region's own pattern searched on its own
    named = [{r for r in regions if _region_pattern(r).search(s)} for s in sentences]
    hits = 0
    for chosen in region_sets:
        combined = _other_regions_pattern(chosen)
        for sentence, its_regions in zip(sentences, named, strict=True):
            one_by_one = bool(its_regions - chosen)
            assert bool(combined.search(sentence)) == one_by_one, (sorted(chosen), sentence)
            hits += one_by_one
    assert hits > 0
