"""Knowledge-base citations in the form the letters use (``openimr.domain.Citation``)."""

from __future__ import annotations

import datetime as dt

from openimr.domain import Citation, CitationSource
from openimr.guidelines.editions import edition_on
from openimr.guidelines.schema import Citation as SourceCitation

__all__ = ["citation_of"]


def citation_of(source: SourceCitation, on: dt.date | None = None) -> Citation:
    """A knowledge-base citation as a letter's: canonical document name with the year of the
    edition in force on ``on`` (the UR decision date)."""
    edition = edition_on(source.document, on, source.edition)
    document = f"{source.document} {edition}" if edition else source.document
    mtus = document.startswith("MTUS")
    return Citation(
        source=CitationSource.MTUS if mtus else CitationSource.NON_MTUS,
        document=document,
        chapter=source.chapter,
        sections=[source.section] if source.section else [],
        pages=list(source.pages),
    )
