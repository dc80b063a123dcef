"""Every fact the knowledge base's criteria name is declared in the fact catalog.

A criterion whose fact nothing declares would always be "not documented" and silently uphold
every request it governs; the engine refuses such a knowledge base before deciding anything.
"""

from __future__ import annotations

import pytest

from openimr.guidelines import KnowledgeBase
from openimr.review.facts.catalog import UnknownFactError, catalog, check_facts


def test_every_fact_the_shipped_knowledge_names_is_declared() -> None:
    check_facts(KnowledgeBase.load())


def test_a_knowledge_base_naming_an_unknown_fact_fails_before_deciding() -> None:
    text = """criteria_sets:
  - id: unknown_fact_set
    title: Test acupuncture
    families: [acupuncture]
    guidelines:
      - id: unknown_fact_guide
        step: mtus
        name: Test Guidelines
        effective_from: 2010-01-01
        dates_confirmed: false
        dates_note: written for this test
        recommendation: recommended
        citation: {document: Test, confirmed: false, source_note: written for this test}
        criteria:
          - {id: c1, statement: A fact nobody declares., fact: no_such_fact, citation: {document: Test, confirmed: false, source_note: test}}
"""
    with pytest.raises(UnknownFactError, match="no_such_fact"):
        check_facts(KnowledgeBase.from_texts({"t.yaml": text}))


def test_every_declared_fact_is_derived_or_computed_once() -> None:
    names = [n for spec in catalog().specs for n in (spec.id, *spec.aliases)]
    assert len(names) == len(set(names))
