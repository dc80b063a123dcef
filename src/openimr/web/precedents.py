"""Precedents: the published decisions most like a disputed item, for the reviewer to compare.

Candidates are the corpus items of the same service family, under the same guideline document
(whatever its edition's year) when the corpus has any (else the family under any guideline, and the page says so). They are
ranked by how near their request is to the item's, and their clinical case summary to the
case's (rapidfuzz), one item per letter. Precedents inform the reviewer; they never decide.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

import duckdb
from rapidfuzz import fuzz, utils

from openimr.corpus.stats import Rate
from openimr.errors import OpenIMRError
from openimr.web.corpus_reader import cursor

__all__ = ["Precedent", "Precedents", "precedents"]

_REQUEST_WEIGHT = 0.7
# A guideline compared without its edition's year: the 2009 and the 2016 Chronic Pain guidelines
# are one document to compare decisions by.
_SAME_DOCUMENT = "lower(regexp_replace(review_document, '\\s+\\d{4}$', '')) = ?"


def _edition_free(document: str) -> str:
    words = document.split()
    return " ".join(words[:-1] if words and words[-1].isdigit() else words).lower()


_SUMMARY_CHARS = 1500


@dataclass(frozen=True)
class Precedent:
    """One published decision and how near it is to the disputed item (0-100)."""

    case_number: str
    decision_date: dt.date | None
    request: str
    decision: str
    document: str
    specialties: list[str]
    rationale: str
    similarity: float


@dataclass
class Precedents:
    """The nearest published decisions and the pool they were chosen from."""

    family: str
    document: str | None
    same_document: bool
    pool: Rate
    nearest: list[Precedent] = field(default_factory=list)

    @property
    def nearest_upheld(self) -> int:
        return sum(p.decision == "Upheld" for p in self.nearest)


def precedents(
    corpus: str | os.PathLike[str],
    *,
    family: str,
    request: str,
    document: str | None = None,
    summary: str | None = None,
    exclude_case: str | None = None,
    limit: int = 5,
) -> Precedents:
    """The ``limit`` published decisions nearest to a disputed item.

    Args:
        corpus: the ingested corpus (a Parquet file or a folder of shards).
        family: the item's service family (``requests.parse(request).family``).
        request: the item's request as written.
        document: the guideline document the draft cites, if any.
        summary: the case's clinical summary, to compare with the letters' summaries.
        exclude_case: a case number to leave out (the case itself, when it is in the corpus).

    Raises:
        OpenIMRError: there is no corpus at that path.
    """
    con = cursor(corpus)
    try:
        same_document = bool(
            document
            and con.execute(
                f"SELECT count(*) FROM items WHERE service_family = ? AND {_SAME_DOCUMENT}",
                [family, _edition_free(document or "")],
            ).fetchone()
            != (0,)
        )
        where = "service_family = ? AND coalesce(case_number, '') <> ?"
        parameters: list[object] = [family, exclude_case or ""]
        if same_document:
            where += f" AND {_SAME_DOCUMENT}"
            parameters.append(_edition_free(document or ""))
        rows = con.execute(
            "SELECT coalesce(case_number, file), decision_date, request, decision, review_document,"
            f" reviewer_specialties, rationale, summary FROM items WHERE {where}",
            parameters,
        ).fetchall()
    except duckdb.Error:
        raise OpenIMRError(f"{corpus}: not an OpenIMR corpus (its columns differ)") from None
    finally:
        con.close()

    wanted_request = utils.default_process(request)
    wanted_summary = utils.default_process((summary or "")[:_SUMMARY_CHARS])
    best: dict[str, Precedent] = {}
    for case, date, text, decision, doc, specialties, rationale, letter_summary in rows:
        theirs = utils.default_process(text or "")
        # Shared words (set) and the same words overall (sort): a request inside a longer one
        # is near, the same request nearer.
        score = (
            fuzz.token_set_ratio(wanted_request, theirs)
            + fuzz.token_sort_ratio(wanted_request, theirs)
        ) / 2
        if wanted_summary:
            near = fuzz.token_sort_ratio(
                wanted_summary, utils.default_process((letter_summary or "")[:_SUMMARY_CHARS])
            )
            score = _REQUEST_WEIGHT * score + (1 - _REQUEST_WEIGHT) * near
        if case in best and best[case].similarity >= score:
            continue
        best[case] = Precedent(
            case_number=case,
            decision_date=date,
            request=text or "",
            decision=decision,
            document=doc or "none cited",
            specialties=list(specialties or []),
            rationale=rationale or "",
            similarity=round(score, 1),
        )
    nearest = sorted(best.values(), key=lambda p: (-p.similarity, p.case_number))[:limit]
    pool = Rate(
        family,
        len(rows),
        sum(r[3] == "Upheld" for r in rows),
        sum(r[3] == "Overturned" for r in rows),
    )
    return Precedents(
        family=family,
        document=document if same_document else None,
        same_document=same_document,
        pool=pool,
        nearest=nearest,
    )
