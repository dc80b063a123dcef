"""The corpus dashboard's figures: the corpus statistics, and the engine's agreement if measured.

The rates come from :func:`openimr.corpus.stats.corpus_stats` (DuckDB over the ingested corpus);
the engine's agreement from the outcome shards ``openimr evaluate LETTERS --out FOLDER`` keeps,
when the deployment names that folder.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from openimr.corpus import charts
from openimr.corpus.figures import Outcomes
from openimr.corpus.metrics import Agreement
from openimr.corpus.stats import Breakdown, Filters, Rate, corpus_stats
from openimr.errors import OpenIMRError
from openimr.web.corpus_reader import signature

__all__ = ["Dashboard", "EngineAgreement", "Section", "dashboard", "read_evaluation"]

CHART_GROUPS = 12


@dataclass(frozen=True)
class EngineAgreement:
    """The engine's decisions beside the real ones: the figures ``openimr evaluate --json``
    prints (None where the input leaves a measure undefined), and the agreement by family."""

    figures: dict[str, Any]
    by_family: dict[str, Agreement] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    """One grouping of the dashboard: its chart (inline SVG, None when empty) and its rates."""

    id: str
    label: str
    caption: str
    rates: list[Rate]
    chart: str | None


@dataclass(frozen=True)
class Dashboard:
    """What the dashboard page shows."""

    stats: Breakdown
    sections: list[Section]
    families: list[str]
    agreement: EngineAgreement | None = None
    agreement_problem: str | None = None


def _sections(stats: Breakdown) -> list[Section]:
    sections = []
    for key, label, rates in (
        ("family", "Service family", stats.by_service_family),
        ("document", "Guideline document", stats.by_guideline_document),
        ("specialty", "Reviewer specialty", stats.by_reviewer_specialty),
    ):
        caption = (
            f"Overturned rate by {label.lower()}, the {min(len(rates), CHART_GROUPS)} largest"
            " groups, with 95% intervals"
        )
        chart = charts.rate_bars(rates[:CHART_GROUPS], caption) if rates else None
        sections.append(Section(key, label, caption, rates, chart))
    caption = "Disputed items by month of decision, upheld and overturned"
    months = stats.by_month
    chart = charts.monthly_counts(months, caption) if months else None
    sections.append(Section("month", "Month", caption, months, chart))
    return sections


def dashboard(
    corpus: str | os.PathLike[str],
    *,
    evaluation: str | os.PathLike[str] | None = None,
    filters: Filters | None = None,
) -> Dashboard:
    """The dashboard of the corpus at ``corpus`` (and of the evaluation report, when it exists).

    Charts take a while to draw, so a dashboard is kept until its corpus or report changes.

    Raises:
        OpenIMRError: no corpus there, or the evaluation report cannot be read.
    """
    corpus, report = Path(corpus), Path(evaluation) if evaluation is not None else None
    return _dashboard(
        corpus,
        signature(corpus),
        report,
        signature(report) if report else None,
        filters or Filters(),
    )


@functools.lru_cache(maxsize=32)
def _dashboard(
    corpus: Path,
    corpus_signature: tuple[int, int],
    evaluation: Path | None,
    evaluation_signature: tuple[int, int] | None,
    filters: Filters,
) -> Dashboard:
    stats = corpus_stats(corpus, filters)
    families = (
        [r.group for r in stats.by_service_family]
        if filters == Filters()
        else [r.group for r in corpus_stats(corpus).by_service_family]
    )
    measured, problem = None, None
    if evaluation is not None and evaluation.exists():
        try:
            measured = read_evaluation(evaluation)
        except OpenIMRError as error:
            problem = str(error)
    return Dashboard(
        stats=stats,
        sections=_sections(stats),
        families=sorted(families),
        agreement=measured,
        agreement_problem=problem,
    )


def read_evaluation(folder: str | os.PathLike[str]) -> EngineAgreement:
    """The engine's agreement with the real decisions, from the outcome shards that
    ``openimr evaluate LETTERS --out FOLDER`` keeps.

    Raises:
        OpenIMRError: the folder holds no evaluation outcomes (one line naming it).
    """
    try:
        with Outcomes(folder) as outcomes:
            listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in outcomes.files)
            con = duckdb.connect()
            try:
                row = con.execute(
                    f"SELECT count(DISTINCT file) FROM read_parquet([{listed}])"
                ).fetchone()
            finally:
                con.close()
            return EngineAgreement(
                figures=outcomes.figures(int(row[0]) if row else 0),
                by_family=outcomes.by_family(),
            )
    except duckdb.Error:
        raise OpenIMRError(f"{folder}: not the outcomes of 'openimr evaluate --out'") from None
