"""Whether the records speak of a criterion's subject at all.

A criterion "not documented" may be a true gap (the records never mention it) or a near miss:
the records speak of it, but not as the criterion asks (a possible or historical finding, a
finding without the measure the guideline asks for, a treatment without its response). Only
the near misses are worth a physician's second look before a draft is signed (the attention flag
``decided only on not documented``).

The subject of a derived fact is its derivation's kinds and values; a computed fact names its
own (``subject`` in ``facts.yaml``). Mentions count when they are asserted present, historical or
possible (a denial or a plan does not point towards the criterion), concern the item's body
region and side, and, for objective findings, come from an examination, a study or an operation.
"""

from __future__ import annotations

from openimr.domain import Assertion, Evidence
from openimr.review.context import ItemContext
from openimr.review.facts import catalog as declared
from openimr.review.facts.catalog import Clause
from openimr.review.facts.common import facts, in_region

__all__ = ["subject_mentions"]

_POINTING = (Assertion.PRESENT, Assertion.HISTORICAL, Assertion.POSSIBLE)


def _clauses(fact_id: str) -> list[Clause]:
    known = declared.catalog()
    if fact_id not in known:
        return []
    spec = known.get(fact_id)
    if spec.derive is not None:
        return spec.derive.clauses()
    return [spec.subject] if spec.subject is not None else []


def subject_mentions(fact_id: str, context: ItemContext) -> list[Evidence]:
    """The sentences in which the records speak of the fact's subject (first three), in the
    item's region, asserted present, historical or possible."""
    found: list[Evidence] = []
    for clause in _clauses(fact_id):
        for kind in clause.kinds:
            for fact in facts(context, kind, values=clause.values, assertions=_POINTING):
                if (
                    declared._matches(fact, clause, _POINTING)
                    and in_region(context, fact.evidence.sentence)
                    and fact.evidence not in found
                ):
                    found.append(fact.evidence)
    return found[:3]
