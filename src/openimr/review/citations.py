"""Knowledge-base citations as domain values in the form the letters give them
(``openimr.domain.Citation``), built directly from the knowledge base.

A determination's citations are what its letter's guideline line says, and reading that line back
(``openimr.letters.citations.parse_guideline_line``) gives the same citations: the canonical
document name with the year of the edition in force, the sections and pages as letters list them
(pages only of the edition in force), the chapter only where a letter's line carries one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from openimr.domain import Citation, CitationSource
from openimr.guidelines.editions import edition_on, pages_on
from openimr.guidelines.schema import Citation as SourceCitation
from openimr.letters.citations import mtus_chapter, odg_chapter, split_sections

__all__ = ["citation_of", "in_letter_order"]

_ODG = "Official Disability Guidelines (ODG)"


def citation_of(source: SourceCitation, on: dt.date | None = None) -> Citation:
    """A knowledge-base citation as a letter's, on ``on`` (the UR decision date).

    MTUS: the document with the year of the edition in force, the ACOEM chapter number the
    title implies, the section split as a letter's list of sections is. Other guidelines: one
    section (a letter writes them as one phrase); an ODG chapter a letter names, or else the
    chapter's name opens the section ("Preface, Physical therapy"); the ACOEM 3rd edition's
    chapters go by name, so the name is the section. Pages only when the citation's edition is
    the one in force.
    """
    edition = edition_on(source.document, on, source.edition)
    pages = pages_on(source.document, source.edition, list(source.pages), on)
    if source.document.startswith("MTUS"):
        return Citation(
            source=CitationSource.MTUS,
            document=f"{source.document} {edition}" if edition else source.document,
            chapter=mtus_chapter(source.document),
            sections=split_sections(source.section) if source.section else [],
            pages=pages,
        )
    phrase = [source.section] if source.section else []
    chapter = source.chapter
    if chapter is not None:
        named = odg_chapter(chapter) if source.document == _ODG else None
        if named is None and not chapter.isdigit():
            phrase.insert(0, chapter)
        chapter = named if source.document == _ODG else chapter if chapter.isdigit() else None
    return Citation(
        source=CitationSource.NON_MTUS,
        document=f"{source.document} {edition}" if edition else source.document,
        chapter=chapter,
        sections=[", ".join(phrase)] if phrase else [],
        pages=pages,
    )


def _silent(citation: Citation) -> bool:
    """ "MTUS" alone: the schedule consulted and found silent, which a letter does not cite."""
    return (citation.document or "MTUS").strip() == "MTUS" and not (
        citation.sections or citation.pages
    )


def in_letter_order(citations: Iterable[Citation]) -> list[Citation]:
    """The citations as a letter's guideline line lists them: the MTUS documents first, then
    the others, each group in the given order; a silent "MTUS" left out."""
    cited = [c for c in citations if not _silent(c)]
    return [c for c in cited if c.source is CitationSource.MTUS] + [
        c for c in cited if c.source is not CitationSource.MTUS
    ]
