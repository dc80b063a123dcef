"""Requests: a disputed item's request, as IMR letters write it, turned into a structured Request.

    >>> from openimr import requests
    >>> request = requests.parse("Physical therapy 2 times a week for 4 weeks for the lumbar spine")
    >>> request.family, request.sessions, request.body_parts
    ('physical_therapy', 8, ['lumbar spine'])

The vocabularies (service families, kinds of surgery, body parts, drugs and brands) are YAML data
in ``openimr/requests/data/``, validated when first loaded: see ``vocabulary``.
"""

from __future__ import annotations

from openimr.requests.model import Category, Laterality, Request
from openimr.requests.parse import parse
from openimr.requests.vocabulary import Vocabulary, VocabularyError, load_vocabulary

__all__ = [
    "Category",
    "Laterality",
    "Request",
    "Vocabulary",
    "VocabularyError",
    "load_vocabulary",
    "parse",
]
