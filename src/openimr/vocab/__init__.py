"""One vocabulary for OpenIMR: body regions, sides, service families, kinds of surgery and drugs.

Defined once, as data, in ``openimr/vocab/data/`` (``body_regions.yaml``,
``service_families.yaml``, ``surgeries.yaml``, ``drugs.yaml``), validated when first loaded (a
malformed file raises VocabularyError naming the file and the field), and asked through a small
typed API:

    >>> from openimr import vocab
    >>> vocab.body_region_of("low back")
    'lumbar spine'
    >>> vocab.generic_name("Norco")
    'hydrocodone/acetaminophen'
    >>> "physical_therapy" in vocab.family_ids()
    True

The request parser (``openimr.requests``) reads its words from here; the knowledge base and the
clinical reader can ask the same questions rather than keep their own word lists.
"""

from __future__ import annotations

from openimr.errors import VocabularyError
from openimr.vocab.load import load_vocabulary, parse_vocabulary_file
from openimr.vocab.lookup import (
    body_region_of,
    body_regions_in,
    drug_class_of,
    families,
    family,
    family_ids,
    generic_name,
    limb_of,
    region_of_level,
    regions,
    regions_of,
    side_of,
    surgery_kind,
    surgery_kinds,
)
from openimr.vocab.schema import Category, Family, Phase, Side, SurgeryKind, Vocabulary

__all__ = [
    "Category",
    "Family",
    "Phase",
    "Side",
    "SurgeryKind",
    "Vocabulary",
    "VocabularyError",
    "body_region_of",
    "body_regions_in",
    "drug_class_of",
    "families",
    "family",
    "family_ids",
    "generic_name",
    "limb_of",
    "load_vocabulary",
    "parse_vocabulary_file",
    "region_of_level",
    "regions",
    "regions_of",
    "side_of",
    "surgery_kind",
    "surgery_kinds",
]
