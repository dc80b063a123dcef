"""Charts as inline SVG with a title, and a report page that loads nothing from the network."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import pytest

from openimr.corpus.charts import monthly_counts, rate_bars
from openimr.corpus.ingest import ingest
from openimr.corpus.stats import Rate, corpus_stats

from .conftest import openimr

SVG = "{http://www.w3.org/2000/svg}"
RATES = [Rate("mri", 40, 36, 4), Rate("physical_therapy", 20, 19, 1), Rate("opioid", 3, 3, 0)]


def _svg(text: str) -> ElementTree.Element:
    assert text.startswith("<svg")
    return ElementTree.fromstring(text)


def test_rate_bars_are_an_svg_titled_for_screen_readers_with_one_bar_per_group() -> None:
    svg = _svg(rate_bars(RATES, "Overturned rate by family"))
    assert svg.attrib["role"] == "img"
    assert svg.attrib["aria-label"] == "Overturned rate by family"
    assert svg.find(f"{SVG}title").text == "Overturned rate by family"  # type: ignore[union-attr]
    text = ElementTree.tostring(svg, encoding="unicode")
    for rate in RATES:
        assert f"{rate.group} (n={rate.items})" in text
    bars = svg.findall(f".//{SVG}g[@id]")
    assert len([g for g in bars if "-patch_" in g.attrib["id"]]) >= len(RATES)


def test_a_title_is_escaped_and_nothing_is_fetched_from_anywhere() -> None:
    text = rate_bars(RATES, 'Rates <by> "family" & more')
    assert "<title>Rates &lt;by&gt; &quot;family&quot; &amp; more</title>" in text
    assert "<script" not in text
    assert not re.search(r"(?:href|src)=\"https?:", text)


def test_monthly_counts_show_every_month() -> None:
    months = [Rate(f"2017-{m:02d}", 10 * m, 9 * m, m) for m in range(1, 7)]
    text = monthly_counts(months, "Items by month")
    _svg(text)
    assert "<title>Items by month</title>" in text
    assert all(month.group in text for month in months)


@pytest.fixture(scope="module")
def report(letters_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("report")
    ingest([letters_dir / "txt"], folder / "corpus", workers=2)
    run = openimr("report", folder / "corpus", "--out", folder / "report.html")
    assert run.returncode == 0, run.stderr
    return folder / "corpus", (folder / "report.html").read_text(encoding="utf-8")


def test_the_report_is_one_self_contained_page(report: tuple[Path, str]) -> None:
    _, page = report
    html5lib.HTMLParser(strict=True).parse(page)
    assert not re.search(r"<(?:script|link|img|iframe)\b", page)
    assert not re.search(r"(?:href|src)=[\"']?(?:https?:)?//", page)
    assert "@import" not in page and not re.search(r"url\((?!#)", page)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "ids repeat across charts"


def test_the_report_charts_and_tabulates_each_grouping(report: tuple[Path, str]) -> None:
    corpus, page = report
    breakdown = corpus_stats(corpus)
    assert page.count("<svg") == 1 + sum(
        bool(rates) for name, rates in breakdown.groupings().items() if name != "by_month"
    )
    assert "<title>Overturned rate by service family</title>" in page
    assert "<title>Disputed items by month of decision</title>" in page
    for rate in breakdown.by_service_family:
        assert f"<td>{rate.group}</td><td>{rate.items}</td>" in page
    assert f"<td>{breakdown.letters}</td><td>{breakdown.overall.items}</td>" in page


def test_the_report_replaces_an_earlier_report_but_never_another_file(
    report: tuple[Path, str], tmp_path: Path
) -> None:
    corpus, _ = report
    page = tmp_path / "page.html"
    page.write_text("<p>my own page</p>")
    run = openimr("report", corpus, "--out", page)
    assert run.returncode == 1
    assert "page.html: this file exists and is not an OpenIMR report" in run.stderr
    assert page.read_text() == "<p>my own page</p>"
    assert openimr("report", corpus, "--out", page, "--force").returncode == 0
    assert openimr("report", corpus, "--out", page).returncode == 0  # now an earlier report
    assert "<svg" in page.read_text()
