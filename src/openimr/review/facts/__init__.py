"""What the record shows of each fact a criterion names.

``registry`` holds the mechanism (``Resolution``, ``resolve``, ``@resolver``); the modules beside
it hold the resolvers by theme, each a small named function whose docstring says what the
guideline means by the fact and how the record shows it.
"""

from openimr.review.facts import course, diagnostics, medication, neurology, services, surgery  # noqa: F401  (registers)
from openimr.review.facts.registry import RESOLVERS, Resolution, resolve, resolver

__all__ = ["RESOLVERS", "Resolution", "resolve", "resolver"]
