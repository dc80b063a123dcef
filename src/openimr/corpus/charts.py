"""Charts of corpus statistics as inline SVG strings (matplotlib, Agg backend, nothing loaded
from the network), for ``openimr report`` and the web dashboard.

The API is small and stable:

- ``rate_bars(rates, title, measure="overturned") -> str``: one horizontal bar per group, its
  overturned (or upheld) rate with the 95% Wilson interval as a whisker, items counted on the
  label;
- ``monthly_counts(rates, title) -> str``: items per month, stacked upheld and overturned (the
  groups are months, ``YYYY-MM``, as ``Breakdown.by_month`` gives them).

``rates`` are ``openimr.corpus.stats.Rate`` objects (group, items, upheld, overturned). Each SVG
starts with a ``<title>`` (and an ``aria-label``) naming the chart, for screen readers; place the
string in a page as it is (it holds no script).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from openimr.corpus.stats import Rate

__all__ = ["monthly_counts", "rate_bars"]

UPHELD_COLOUR = "#8c2d04"
OVERTURNED_COLOUR = "#1b7837"
MAX_BARS = 25


def _figure(width: float, height: float) -> Figure:
    # Imported here: matplotlib takes a while to load and only the charts need it.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=96)


def _svg(figure: Figure, title: str) -> str:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "openimr"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # no XML prolog or DOCTYPE: the string goes inside a page
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.DOTALL)
    # Ids unique to this chart, so that several charts can share one page.
    prefix = "c" + hashlib.sha256(svg.encode("utf-8")).hexdigest()[:8]
    svg = re.sub(r'\bid="', f'id="{prefix}-', svg)
    svg = re.sub(r'(url\(#|href="#)', rf"\1{prefix}-", svg)
    label = escape(title, quote=True)
    svg = re.sub(r"<svg\b", f'<svg role="img" aria-label="{label}"', svg, count=1)
    return re.sub(r"(<svg\b[^>]*>)", rf"\1<title>{label}</title>", svg, count=1)


def rate_bars(
    rates: Sequence[Rate],
    title: str,
    measure: Literal["overturned", "upheld"] = "overturned",
) -> str:
    """A horizontal bar chart of each group's rate with its 95% confidence interval, as SVG."""
    shown = list(rates)[:MAX_BARS]
    figure = _figure(7.5, 0.9 + 0.32 * max(1, len(shown)))
    axes = figure.add_subplot()
    labels = [f"{_short(r.group)} (n={r.items:,})" for r in shown]
    values, low, high = [], [], []
    for r in shown:
        value = r.overturned_rate if measure == "overturned" else r.upheld_rate
        ci = r.overturned_ci if measure == "overturned" else r.upheld_ci
        values.append(100 * value)
        low.append(100 * (value - ci[0]) if ci else 0.0)
        high.append(100 * (ci[1] - value) if ci else 0.0)
    positions = list(range(len(shown)))
    axes.barh(
        positions,
        values,
        xerr=[low, high],
        color=OVERTURNED_COLOUR if measure == "overturned" else UPHELD_COLOUR,
        error_kw={"ecolor": "#333333", "capsize": 3, "linewidth": 1},
    )
    axes.set_yticks(positions, labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel(f"{measure} rate, % (whiskers: 95% Wilson interval)", fontsize=8)
    axes.set_title(title, fontsize=10, loc="left")
    axes.tick_params(axis="x", labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure, title)


def monthly_counts(rates: Sequence[Rate], title: str) -> str:
    """A bar chart of items per month, upheld and overturned stacked, as SVG."""
    months = list(rates)
    figure = _figure(7.5, 3.2)
    axes = figure.add_subplot()
    positions = list(range(len(months)))
    upheld = [r.upheld for r in months]
    axes.bar(positions, upheld, color=UPHELD_COLOUR, label="upheld")
    axes.bar(
        positions,
        [r.overturned for r in months],
        bottom=upheld,
        color=OVERTURNED_COLOUR,
        label="overturned",
    )
    step = max(1, len(months) // 12)
    axes.set_xticks(
        positions[::step], [r.group for r in months][::step], rotation=45, ha="right", fontsize=8
    )
    axes.set_ylabel("disputed items", fontsize=8)
    axes.set_title(title, fontsize=10, loc="left")
    axes.tick_params(axis="y", labelsize=8)
    axes.legend(fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure, title)


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
