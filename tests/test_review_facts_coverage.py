"""Every fact the knowledge base's criteria name can be shown by a record.

A criterion whose fact nothing resolves would always be "not documented" and silently uphold
every request it governs.
"""

from __future__ import annotations

from openimr.clinical import FACT_KINDS
from openimr.guidelines import KnowledgeBase
from openimr.review.facts import RESOLVERS


def test_every_fact_a_criterion_names_has_a_resolver_or_is_extracted() -> None:
    named: dict[str, str] = {}
    for criteria_set in KnowledgeBase.load().all():
        for guideline in criteria_set.guidelines:
            for criterion in guideline.criteria:
                named.setdefault(criterion.fact, f"{criteria_set.id}/{guideline.id}/{criterion.id}")
            for rule in guideline.continuation:
                named.setdefault(rule.fact, f"{criteria_set.id}/{guideline.id}/{rule.id}")
            for fact in guideline.documentation_required:
                named.setdefault(fact, f"{criteria_set.id}/{guideline.id}/documentation")
    unresolvable = {
        fact: where
        for fact, where in named.items()
        if fact not in RESOLVERS and fact not in FACT_KINDS
    }
    assert unresolvable == {}
