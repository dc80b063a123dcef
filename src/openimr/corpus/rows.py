"""One row per disputed item, with its letter's fields: the corpus table's shape."""

from __future__ import annotations

import pyarrow as pa

from openimr.corpus.split import part_of
from openimr.domain import Citation, GuidelineLine, Letter
from openimr.requests import parse as parse_request

__all__ = ["SCHEMA", "letter_rows", "primary_document"]

_CITATION = pa.struct(
    [
        ("source", pa.string()),
        ("document", pa.string()),
        ("chapter", pa.string()),
        ("sections", pa.list_(pa.string())),
        ("pages", pa.list_(pa.string())),
        ("date", pa.date32()),
    ]
)

SCHEMA = pa.schema(
    [
        ("file", pa.string()),
        ("case_number", pa.string()),
        ("date_assigned", pa.date32()),
        ("date_of_injury", pa.date32()),
        ("decision_date", pa.date32()),
        ("ur_denial_date", pa.date32()),
        ("priority", pa.string()),
        ("received", pa.date32()),
        ("reviewer_licensure", pa.list_(pa.string())),
        ("reviewer_specialties", pa.list_(pa.string())),
        ("summary", pa.string()),
        ("item_number", pa.int16()),
        ("item_count", pa.int16()),
        ("request", pa.string()),
        ("original_request", pa.string()),
        ("authorized", pa.string()),
        ("remaining", pa.string()),
        ("decision", pa.string()),
        ("service_family", pa.string()),
        ("service_category", pa.string()),
        ("claims_administrator_guideline", pa.string()),
        ("claims_administrator_citations", pa.list_(_CITATION)),
        ("review_guideline", pa.string()),
        ("review_citations", pa.list_(_CITATION)),
        ("review_document", pa.string()),
        ("rationale", pa.string()),
        ("drug", pa.string()),
        ("part", pa.string()),
    ]
)


def primary_document(line: GuidelineLine) -> str:
    """The first document a guideline line cites, or "none cited"."""
    for citation in line.citations:
        if citation.document:
            return citation.document
    return "none cited"


def _citation(citation: Citation) -> dict[str, object]:
    return {
        "source": citation.source.value,
        "document": citation.document,
        "chapter": citation.chapter,
        "sections": list(citation.sections),
        "pages": list(citation.pages),
        "date": citation.date,
    }


def letter_rows(letter: Letter, file: str) -> list[dict[str, object]]:
    """The corpus rows of one letter, in item order."""
    shared = {
        "file": file,
        "case_number": letter.case_number,
        "date_assigned": letter.date_assigned,
        "date_of_injury": letter.date_of_injury,
        "decision_date": letter.decision_date,
        "ur_denial_date": letter.ur_denial_date,
        "priority": letter.priority.value if letter.priority else None,
        "received": letter.received,
        "reviewer_licensure": list(letter.reviewer.licensure),
        "reviewer_specialties": list(letter.reviewer.specialties),
        "summary": letter.summary,
        "item_count": len(letter.items),
    }
    part = part_of(letter.case_number).value if letter.case_number else None
    rows: list[dict[str, object]] = []
    for number, item in enumerate(letter.items, start=1):
        request = parse_request(item.request)
        rows.append(
            {
                **shared,
                "item_number": number,
                "request": item.request,
                "original_request": item.original_request,
                "authorized": item.authorized,
                "remaining": item.remaining,
                "decision": item.decision.value,
                "service_family": request.family,
                "service_category": request.category.value,
                "claims_administrator_guideline": item.claims_administrator_guideline.raw,
                "claims_administrator_citations": [
                    _citation(c) for c in item.claims_administrator_guideline.citations
                ],
                "review_guideline": item.review_guideline.raw,
                "review_citations": [_citation(c) for c in item.review_guideline.citations],
                "review_document": primary_document(item.review_guideline),
                "rationale": item.rationale,
                "drug": request.drug,
                "part": part,
            }
        )
    return rows
