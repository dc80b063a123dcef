"""``openimr report``: a corpus's statistics as one self-contained HTML page.

Charts are inline SVG (``openimr.corpus.charts``), styles are inline, and the page loads nothing
from the network, so it can be mailed or archived as one file. Every chart has a table of the
same figures beside it, for screen readers and for copying.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import jinja2

from openimr.corpus.charts import monthly_counts, rate_bars
from openimr.corpus.stats import Breakdown, Filters, Rate, corpus_stats
from openimr.errors import OpenIMRError

__all__ = ["GENERATOR", "render_report", "write_report"]

BARS_PER_CHART = 20

_SECTIONS = (
    ("by_service_family", "Service family"),
    ("by_guideline_document", "Guideline document (review organization's first citation)"),
    ("by_reviewer_specialty", "Reviewer specialty (an item counts once for each specialty)"),
    ("by_service_category", "Service category"),
    ("by_drug", "Drug (generic name)"),
    ("by_year", "Year of decision"),
)


def _is_report(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            return GENERATOR in handle.read(2000)
    except (OSError, UnicodeDecodeError):
        return False


def _template() -> jinja2.Template:
    text = resources.files("openimr.corpus").joinpath("templates/report.html.j2").read_text("utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    environment.filters["percent"] = lambda value: f"{100 * value:.1f}"
    return environment.from_string(text)


def render_report(breakdown: Breakdown, source: str) -> str:
    """The HTML page of a breakdown; ``source`` names the corpus it was computed from."""
    groupings = breakdown.groupings()
    sections = []
    for key, title in _SECTIONS:
        rates: list[Rate] = groupings[key]
        if not rates:
            continue
        sections.append(
            {
                "title": title,
                "chart": rate_bars(rates[:BARS_PER_CHART], f"Overturned rate by {title.lower()}"),
                "rates": rates,
                "shown": min(len(rates), BARS_PER_CHART),
            }
        )
    months = groupings["by_month"]
    return _template().render(
        source=source,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        breakdown=breakdown,
        overall=breakdown.overall,
        sections=sections,
        months=months,
        monthly_chart=monthly_counts(months, "Disputed items by month of decision")
        if months
        else "",
    )


GENERATOR = '<meta name="generator" content="OpenIMR corpus report">'


def write_report(
    corpus: str | os.PathLike[str],
    out: str | os.PathLike[str],
    filters: Filters | None = None,
    *,
    force: bool = False,
) -> Path:
    """Write the report of the corpus at ``corpus`` to ``out`` (under a temporary name, renamed
    when complete).

    Raises:
        OpenIMRError: ``out`` exists and is not an earlier report (unless ``force``), or the
            corpus cannot be read.
    """
    out = Path(out)
    if out.exists() and not force and not _is_report(out):
        raise OpenIMRError(
            f"{out}: this file exists and is not an OpenIMR report; refusing to replace it "
            "(choose another --out, or --force)"
        )
    html = render_report(corpus_stats(corpus, filters), str(corpus))
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(out.name + ".tmp")
    temporary.write_text(html, encoding="utf-8")
    temporary.replace(out)
    return out
