"""Requests: a disputed item's request, as IMR letters write it, turned into a structured Request.

    >>> from openimr import requests
    >>> request = requests.parse("Physical therapy 2 times a week for 4 weeks for the lumbar spine")
    >>> request.family, request.sessions, request.body_parts
    ('physical_therapy', 8, ['lumbar spine'])

The vocabularies (service families, kinds of surgery, body regions, drugs and brands) are one
vocabulary for all of OpenIMR, kept as data in ``openimr.vocab``.
"""

from __future__ import annotations

from openimr.requests.items import parse_item, parse_items
from openimr.requests.model import Category, Laterality, Phase, Request
from openimr.requests.parse import parse

__all__ = [
    "Category",
    "Laterality",
    "Phase",
    "Request",
    "parse",
    "parse_item",
    "parse_items",
]
