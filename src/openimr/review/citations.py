"""Knowledge-base citations in the form the letters use (``openimr.domain.Citation``)."""

from __future__ import annotations

from openimr.domain import Citation, CitationSource
from openimr.guidelines.schema import Citation as SourceCitation

__all__ = ["citation_of"]


def citation_of(source: SourceCitation) -> Citation:
    """A knowledge-base citation as a letter's: canonical document name with its edition year."""
    document = source.title
    mtus = document.startswith("MTUS")
    return Citation(
        source=CitationSource.MTUS if mtus else CitationSource.NON_MTUS,
        document=document,
        chapter=source.chapter,
        sections=[source.section] if source.section else [],
        pages=list(source.pages),
    )
