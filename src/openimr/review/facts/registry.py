"""From the facts of a record to the facts a criterion names.

A criterion names the fact it needs (``red_flags``, ``functional_improvement``,
``failed_conservative_care`` ...). The fact catalog (``facts/data/facts.yaml``) declares each:
most are derived from the clinical extractor's facts as data; the others are computed here, each
by a small named function registered with ``@resolver``. A fact the record does not show is
``unknown``: the criterion is then "not documented", never guessed; a fact nobody declares is an
error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from openimr.domain import Evidence, Fact
from openimr.review.context import ItemContext

__all__ = [
    "resolve_declared",
    "Resolution",
    "present_or_absent",
    "resolve",
    "resolver",
    "show",
    "RESOLVERS",
    "UNKNOWN",
]

State = Literal["present", "absent", "unknown"]


@dataclass(frozen=True)
class Resolution:
    """Whether the record shows a fact (present, absent or unknown), its value, and the evidence."""

    state: State
    value: float | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None
    denied: tuple[Evidence, ...] = ()  # what the records say against a present fact


UNKNOWN = Resolution("unknown")


def show(
    *evidence: Evidence | Fact, value: float | None = None, note: str | None = None
) -> Resolution:
    """A present fact shown by these facts or sentences."""
    return Resolution(
        "present", value, tuple(e.evidence if isinstance(e, Fact) else e for e in evidence), note
    )


def present_or_absent(
    present: Sequence[Fact | Evidence],
    absent: Sequence[Fact | Evidence] | None = None,
    *,
    value: float | None = None,
    note: str | None = None,
) -> Resolution:
    """Present if anything shows it, else absent if the record denies it, else unknown."""
    if present:
        shown = show(*present, value=value, note=note)
        # The records conflict only where they deny the very thing they show elsewhere (the same
        # kind and value): "progressive weakness" beside "denies fever" is no conflict.
        said = {(p.kind, p.value) for p in present if isinstance(p, Fact)}
        denied = tuple(
            a.evidence for a in absent or () if isinstance(a, Fact) and (a.kind, a.value) in said
        )
        if denied:
            return Resolution(shown.state, shown.value, shown.evidence, shown.note, denied)
        return shown
    if absent:
        return Resolution(
            "absent", None, tuple(e.evidence if isinstance(e, Fact) else e for e in absent), note
        )
    return UNKNOWN


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
    """What the record shows of a fact, as the fact catalog (``facts/data/facts.yaml``) says:
    derived from the extracted facts, or computed by its resolver.

    Raises:
        UnknownFactError: the fact is not declared.
    """
    from openimr.review.facts import catalog as declared

    spec = declared.catalog().get(fact_id)
    if spec.derive is not None:
        return declared.derive(spec, context)
    return RESOLVERS[fact_id](context)


def resolve_declared(fact_id: str, context: ItemContext) -> Resolution:
    """``resolve`` for a fact name the engine composes (``prior_<family>``): unknown when the
    catalog does not declare it, since no criterion can name it."""
    from openimr.review.facts import catalog as declared

    return resolve(fact_id, context) if fact_id in declared.catalog() else UNKNOWN


def _number(facts: list[Fact]) -> float | None:
    for fact in facts:
        if isinstance(fact.value, (int, float)) and not isinstance(fact.value, bool):
            return float(fact.value)
    return None
