"""The fact catalog's examples: for each fact derived from extracted facts, its positive
sentence shows it and its negative sentence does not (review/facts/data/facts.yaml)."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.domain import Case, DisputedItem, Record
from openimr.requests import parse
from openimr.review import case_facts
from openimr.review.context import FactIndex, ItemContext
from openimr.review.facts import resolve
from openimr.review.facts.catalog import FactSpec, catalog

DERIVED = [spec for spec in catalog().specs if spec.derive is not None]


def _state(spec: FactSpec, sentence: str) -> str:
    assert spec.example is not None
    case = Case(
        date_of_injury=dt.date(2015, 1, 5),
        ur_decision_date=dt.date(2016, 12, 1),
        records=[Record(id="r1", date=dt.date(2016, 11, 1), type="progress note", text=sentence)],
        items=[DisputedItem(request=spec.example.request)],
    )
    context = ItemContext(
        case=case,
        request=parse(spec.example.request),
        facts=FactIndex(case_facts(case), case),
        on=case.ur_decision_date,
    )
    return resolve(spec.id, context).state


@pytest.mark.parametrize("spec", DERIVED, ids=[s.id for s in DERIVED])
def test_the_positive_example_shows_the_fact(spec: FactSpec) -> None:
    assert spec.example is not None
    assert _state(spec, spec.example.positive) == "present"


@pytest.mark.parametrize("spec", DERIVED, ids=[s.id for s in DERIVED])
def test_the_negative_example_does_not(spec: FactSpec) -> None:
    assert spec.example is not None
    assert _state(spec, spec.example.negative) != "present"


def test_every_computed_fact_is_defined() -> None:
    computed = [spec for spec in catalog().specs if spec.computed]
    assert computed and all(len(spec.definition) >= 10 for spec in computed)
