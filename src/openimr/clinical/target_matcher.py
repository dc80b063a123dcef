"""The target matcher component, ``openimr_target_matcher``: medspaCy's, its entities set at once.

medspaCy's ``TargetMatcher`` (the longest of overlapping matches kept) adds its matches to
``doc.ents`` one at a time (``doc.ents += (span,)``), which reads and writes all the entities
for each one: quadratic in the entities of a record (about a tenth of the clinical pipeline's
time on the letters' summaries). This component asks it for the spans and sets them in one
assignment; the entities are the same. Should a span conflict with an entity already in the
document (none does in this pipeline, which has no other entity component), the matcher adds
them its own way, one at a time, skipping the conflicting one with its warning.
"""

# No "from __future__ import annotations": spaCy resolves the factory signature at runtime.

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["EntsAtOnce"]


@Language.factory("openimr_target_matcher")
class EntsAtOnce:
    """medspaCy's ``TargetMatcher`` (``prune=True``) whose matches become ``doc.ents`` at once."""

    def __init__(self, nlp: Language, name: str = "openimr_target_matcher") -> None:
        from medspacy.target_matcher import TargetMatcher

        self.name = name
        self.matcher = TargetMatcher(nlp, name=name, prune=True, result_type=None)

    def add(self, rules: Any) -> None:
        self.matcher.add(rules)

    def __call__(self, doc: Doc) -> Doc:
        spans = self.matcher(doc)
        try:
            doc.ents = (*doc.ents, *spans)
        except ValueError:  # a conflict: medspaCy's own way, one span at a time
            self.matcher.result_type = "ents"
            try:
                self.matcher(doc)
            finally:
                self.matcher.result_type = None
        return doc
