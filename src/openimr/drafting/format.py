"""How a letter writes its values: guideline lines from citations, dates, values not given.

``guideline_line`` is the inverse of ``letters.citations.parse_guideline_line`` for the canonical
forms it produces: ``parse_guideline_line(guideline_line(citations, ...)).citations == citations``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from openimr.domain import Citation, CitationSource

__all__ = ["NOT_STATED", "guideline_line", "or_not_stated", "us_date"]

NOT_STATED = "Not stated"
"""What a letter prints for a value the case does not give (a field is never left blank)."""


def us_date(value: dt.date | None) -> str:
    """A date as the letters write it (MM/DD/YYYY); empty when there is none."""
    return value.strftime("%m/%d/%Y") if value else ""


def or_not_stated(value: str | None) -> str:
    """The value, or "Not stated" when it is missing or blank."""
    return value if value and value.strip() else NOT_STATED


def guideline_line(citations: Sequence[Citation], who: str) -> str:
    """The guideline line for ``citations``, as ``who`` ("Claims Administrator", "Expert Reviewer") cited them."""
    cited = [c for c in citations if c.source is not CitationSource.NONE_CITED]
    if not cited:
        return f"The {who} did not cite any medical evidence for its decision."
    # "MTUS" alone is the schedule consulted and found silent, not a document to cite by name.
    mtus = [c for c in cited if c.source is CitationSource.MTUS and not _silent(c)]
    other = [c for c in cited if c.source is CitationSource.NON_MTUS]
    sentences = []
    if mtus:
        sentences.append("Decision based on MTUS " + ", and ".join(_mtus(c) for c in mtus) + ".")
    elif not other:
        sentences.append("Decision based on MTUS.")
    else:
        sentences.append(
            f"The {who} based their decision on recommendation(s) outside of the MTUS Guidelines."
        )
    if other:
        sentences.append(
            "Decision based on Non-MTUS Citation "
            + " and Other Medical Treatment Guidelines ".join(_other(c) for c in other)
            + "."
        )
    return " ".join(sentences)


def _silent(citation: Citation) -> bool:
    return (citation.document or "MTUS").strip() == "MTUS" and not (
        citation.sections or citation.pages
    )


def _mtus(citation: Citation) -> str:
    title = (citation.document or "").removeprefix("MTUS ").strip()
    text = title
    if citation.sections:
        text += ", Section(s): " + ", ".join(citation.sections)
    if citation.pages:
        text += " Page(s): " + ", ".join(citation.pages)
    return text


def _other(citation: Citation) -> str:
    parts = [citation.document or ""]
    if citation.chapter:
        odg = (citation.document or "").startswith("Official Disability Guidelines")
        parts.append(citation.chapter if odg else f"Chapter {citation.chapter}")
    if citation.date:
        parts[-1] += f" (updated {citation.date:%m/%d/%Y})"
    parts.extend(citation.sections)
    text = parts[0] + (" " + ", ".join(parts[1:]) if len(parts) > 1 else "")
    if citation.pages:
        text += ", page " + ", ".join(citation.pages)
    return text
