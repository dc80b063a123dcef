"""What the record shows of each fact a criterion names.

``data/facts.yaml`` declares every fact (``catalog``): its definition, and either how it is
derived from the extracted facts, with a positive and a negative example sentence, or that a
resolver computes it. ``registry`` holds the mechanism (``Resolution``, ``resolve``,
``@resolver``); the modules beside it hold the computed facts by theme.
"""

from openimr.review.facts import course, diagnostics, medication, neurology, services, surgery  # noqa: F401  (registers)
from openimr.review.facts.registry import (
    RESOLVERS,
    Resolution,
    resolve,
    resolve_declared,
    resolver,
)

__all__ = ["RESOLVERS", "Resolution", "resolve", "resolve_declared", "resolver"]
