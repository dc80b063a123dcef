"""The attention flag "decided only on not documented": raised on an Upheld item whose decisive
unmet criteria are all not documented only when the records speak of one of them (a possible or
historical finding, a finding in the item's region), never for a plain gap or a denial."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.domain import (
    Assertion,
    Case,
    CriterionResult,
    Decision,
    DisputedItem,
    Evidence,
    Fact,
    FlagKind,
    ItemDetermination,
    Record,
)
from openimr.guidelines import KnowledgeBase
from openimr.review import decide
from openimr.review.facts import catalog as catalog_module

_CITATION = (
    "{document: 'MTUS Chronic Pain Medical Treatment Guidelines', edition: '2016', "
    "section: Acupuncture, pages: ['8'], confirmed: false, source_note: written for the flag tests}"
)
_KB = f"""criteria_sets:
  - id: test_flags
    title: Test acupuncture
    families: [acupuncture]
    guidelines:
      - id: test_flags_guide
        step: mtus
        name: Test acupuncture Guidelines
        effective_from: 2010-01-01
        dates_confirmed: false
        dates_note: written for the flag tests
        recommendation: conditionally_recommended
        citation: {_CITATION}
        criteria:
          - {{id: alpha, statement: Alpha sign on examination., fact: alpha_sign, citation: {_CITATION}}}
          - {{id: beta, statement: Beta sign on examination., fact: beta_sign, citation: {_CITATION}}}
"""


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.from_texts({"flag_tests.yaml": _KB})


@pytest.fixture(autouse=True)
def _test_facts_declared(monkeypatch: pytest.MonkeyPatch) -> None:
    """alpha_sign and beta_sign: shown by a present extracted fact of the same kind."""
    shipped = catalog_module.catalog()
    declared = catalog_module.Catalog(
        [
            *shipped.specs,
            *(
                catalog_module.FactSpec(
                    id=name,
                    definition=f"{name} (a fact of the flag tests)",
                    derive=catalog_module.Derivation(kinds=[name]),
                    example=catalog_module.Example(request="x", positive="x", negative="x"),
                )
                for name in ("alpha_sign", "beta_sign")
            ),
        ]
    )
    monkeypatch.setattr(catalog_module, "catalog", lambda: declared)


def _fact(kind: str, assertion: Assertion, sentence: str | None = None) -> Fact:
    sentence = sentence or f"The examination shows {kind.replace('_', ' ')}."
    return Fact(
        kind=kind,
        assertion=assertion,
        evidence=Evidence(
            sentence=sentence, start=0, end=len(sentence), document="r1", date=dt.date(2016, 5, 2)
        ),
    )


def _decide(kb: KnowledgeBase, *facts: Fact, region: str | None = None) -> ItemDetermination:
    case = Case(
        case_number="CM-FLAGS",
        date_of_injury=dt.date(2015, 1, 5),
        ur_decision_date=dt.date(2016, 6, 1),
        records=[Record(id="r1", date=dt.date(2016, 5, 2), type="progress note", text="Note.")],
        items=[DisputedItem(request="Acupuncture x 6", body_region=region)],
    )
    return decide(case, kb=kb, facts=list(facts)).items[0]


def _not_documented_only(item: ItemDetermination) -> bool:
    return FlagKind.NOT_DOCUMENTED_ONLY in {flag.kind for flag in item.flags}


def test_a_possible_finding_the_criterion_asks_for_is_flagged(kb: KnowledgeBase) -> None:
    item = _decide(
        kb, _fact("alpha_sign", Assertion.PRESENT), _fact("beta_sign", Assertion.POSSIBLE)
    )
    assert item.decision is Decision.UPHELD
    assert [f.result for f in item.findings if f.criterion == "beta"] == [
        CriterionResult.NOT_DOCUMENTED
    ]
    assert _not_documented_only(item)
    detail = next(f.detail for f in item.flags if f.kind is FlagKind.NOT_DOCUMENTED_ONLY)
    assert "records speak of beta sign on examination" in detail


def test_a_historical_finding_is_flagged_too(kb: KnowledgeBase) -> None:
    item = _decide(
        kb, _fact("alpha_sign", Assertion.PRESENT), _fact("beta_sign", Assertion.HISTORICAL)
    )
    assert item.decision is Decision.UPHELD
    assert _not_documented_only(item)


def test_a_criterion_the_records_never_mention_is_not_flagged(kb: KnowledgeBase) -> None:
    item = _decide(kb, _fact("alpha_sign", Assertion.PRESENT))
    assert item.decision is Decision.UPHELD
    assert not _not_documented_only(item)


@pytest.mark.parametrize("assertion", [Assertion.HYPOTHETICAL, Assertion.FAMILY])
def test_a_plan_or_a_relative_does_not_point_the_other_way(
    kb: KnowledgeBase, assertion: Assertion
) -> None:
    item = _decide(kb, _fact("alpha_sign", Assertion.PRESENT), _fact("beta_sign", assertion))
    assert item.decision is Decision.UPHELD
    assert not _not_documented_only(item)


def test_a_denied_criterion_is_not_met_and_not_flagged(kb: KnowledgeBase) -> None:
    item = _decide(
        kb,
        _fact("alpha_sign", Assertion.PRESENT),
        _fact("beta_sign", Assertion.ABSENT),
        _fact("beta_sign", Assertion.POSSIBLE),
    )
    assert item.decision is Decision.UPHELD
    assert not _not_documented_only(item)


def test_a_mention_about_another_body_region_is_not_flagged(kb: KnowledgeBase) -> None:
    other = "The knee examination shows a possible beta sign."
    item = _decide(
        kb,
        _fact("alpha_sign", Assertion.PRESENT),
        _fact("beta_sign", Assertion.POSSIBLE, other),
        region="lumbar spine",
    )
    assert item.decision is Decision.UPHELD
    assert not _not_documented_only(item)
    same = "The lumbar examination shows a possible beta sign."
    item = _decide(
        kb,
        _fact("alpha_sign", Assertion.PRESENT),
        _fact("beta_sign", Assertion.POSSIBLE, same),
        region="lumbar spine",
    )
    assert _not_documented_only(item)
