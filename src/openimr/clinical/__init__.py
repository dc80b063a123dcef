"""Clinical fact extraction: the facts guideline criteria use, found in clinical narrative.

    >>> from openimr import clinical
    >>> facts = clinical.extract(
    ...     "The injured worker is a 66-year-old gentleman with a date of injury of 03/30/2000. "
    ...     "Straight leg raise was positive on the left."
    ... )
    >>> [(f.kind, f.value, f.assertion.value) for f in facts]  # doctest: +NORMALIZE_WHITESPACE
    [('age', 66.0, 'present'), ('gi_risk_factor', 'age_over_65', 'present'),
     ('sex', 'male', 'present'), ('date_of_injury', '2000-03-30', 'present'),
     ('positive_exam_sign', 'straight_leg_raise', 'present')]

Each fact has an ``assertion`` (present, absent, possible, historical, hypothetical, family: a
requested or planned service is hypothetical) and ``evidence``: the sentence, the character
offsets of the phrase in the text, the document and its date. The phrases are rules kept as data
(``clinical/data/targets/*.yaml``), run by medspaCy's TargetMatcher and ConText on a blank English
spaCy pipeline (no model download).
"""

from __future__ import annotations

from openimr.deferred import import_spacy

# before any module of this package imports spaCy: without its command line and langcodes
import_spacy()

from openimr.clinical.extract import extract  # noqa: E402
from openimr.clinical.pipeline import build_pipeline  # noqa: E402
from openimr.clinical.rules import FACT_KINDS, ClinicalRuleError  # noqa: E402

__all__ = ["extract", "build_pipeline", "FACT_KINDS", "ClinicalRuleError"]
