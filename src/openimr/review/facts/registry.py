"""From the facts of a record to the facts a criterion names.

A criterion names the fact it needs (``red_flags``, ``functional_improvement``,
``failed_conservative_care`` ...). Most are facts the clinical extractor finds under the same
name; others are derived here, each by a small named function registered with ``@resolver``.
A fact nothing resolves is ``unknown``: the criterion is then "not documented", never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from openimr.domain import Evidence, Fact
from openimr.review.context import ItemContext

__all__ = ["Resolution", "resolve", "resolver", "RESOLVERS"]

State = Literal["present", "absent", "unknown"]


@dataclass(frozen=True)
class Resolution:
    """Whether the record shows a fact (present, absent or unknown), its value, and the evidence."""

    state: State
    value: float | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None

    @classmethod
    def of(cls, present: list[Fact], absent: list[Fact] | None = None, *, value: float | None = None,
           note: str | None = None) -> Resolution:
        """Present if any fact is present, else absent if any is negated, else unknown."""
        if present:
            return cls("present", value if value is not None else _number(present), tuple(f.evidence for f in present), note)
        if absent:
            return cls("absent", None, tuple(f.evidence for f in absent), note)
        return UNKNOWN


UNKNOWN = Resolution("unknown")
Resolver = Callable[[ItemContext], Resolution]
RESOLVERS: dict[str, Resolver] = {}


def resolver(*fact_ids: str) -> Callable[[Resolver], Resolver]:
    """Register a function as the resolver of these fact ids."""

    def register(function: Resolver) -> Resolver:
        for fact_id in fact_ids:
            if fact_id in RESOLVERS:
                raise ValueError(f"fact '{fact_id}' already has a resolver")
            RESOLVERS[fact_id] = function
        return function

    return register


def resolve(fact_id: str, context: ItemContext) -> Resolution:
    """What the record shows of a fact: through its resolver, or the extracted facts of that kind."""
    function = RESOLVERS.get(fact_id)
    if function is not None:
        return function(context)
    return Resolution.of(context.facts.present(fact_id), context.facts.absent(fact_id))


def _number(facts: list[Fact]) -> float | None:
    for fact in facts:
        if isinstance(fact.value, (int, float)) and not isinstance(fact.value, bool):
            return float(fact.value)
    return None
