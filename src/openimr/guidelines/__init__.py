"""The guideline knowledge base: criteria sets as data, their schema, loading and matching.

    >>> from openimr.guidelines import KnowledgeBase
    >>> kb = KnowledgeBase.load()
    >>> m = kb.match(request, on=date(2016, 12, 1))
    >>> m.criteria_set.title, m.guideline.name, m.citation.section
    ('MRI and CT of the lumbar spine', 'MTUS ACOEM Low Back Complaints 2004', 'Special Studies')

Criteria live in ``data/*.yaml`` (one file per topic); ``schema`` says what a file may hold.
"""

from __future__ import annotations

from openimr.guidelines.errors import GuidelineDataError
from openimr.guidelines.kb import KnowledgeBase, parse_file
from openimr.guidelines.matching import Match, RequestLike, body_regions_of
from openimr.guidelines.schema import (
    BodyRegion,
    Citation,
    ContinuationRule,
    CountingRule,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    Family,
    Guideline,
    GuidelineFile,
    QuantityLimit,
    Recommendation,
    Step,
    Threshold,
)

__all__ = [
    "BodyRegion",
    "Citation",
    "ContinuationRule",
    "CountingRule",
    "CriteriaGroup",
    "CriteriaSet",
    "Criterion",
    "Family",
    "Guideline",
    "GuidelineDataError",
    "GuidelineFile",
    "KnowledgeBase",
    "Match",
    "QuantityLimit",
    "Recommendation",
    "RequestLike",
    "Step",
    "Threshold",
    "body_regions_of",
    "parse_file",
]
