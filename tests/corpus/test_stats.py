"""Corpus statistics: groupings that add up, filters, one count per case number, Wilson
intervals, tables that fit 80 columns, and a legacy single Parquet file read as well."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openimr.corpus.ingest import ingest
from openimr.corpus.shards import corpus_parquet_files
from openimr.corpus.stats import Filters, Rate, corpus_stats, wilson
from openimr.errors import OpenIMRError

from .conftest import openimr
from .counts import SharedCounts


@pytest.fixture(scope="module")
def corpus(letters_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stats") / "corpus"
    ingest([letters_dir / "txt"], out, workers=2)
    return out


def test_wilson_intervals_match_worked_values() -> None:
    assert wilson(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    low, high = wilson(0, 10) or (None, None)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    assert wilson(0, 0) is None
    rate = Rate("x", 10, 5, 5)
    assert rate.as_dict()["overturned_rate_ci95"] == [0.2366, 0.7634]


def test_every_grouping_accounts_for_every_item(corpus: Path, counts: SharedCounts) -> None:
    breakdown = corpus_stats(corpus)
    assert breakdown.letters == counts.letters
    assert breakdown.overall.overturned == counts.overturned
    overall = breakdown.overall
    assert overall.items == overall.upheld + overall.overturned
    for name in (
        "by_guideline_document",
        "by_service_category",
        "by_service_family",
        "by_year",
        "by_month",
    ):
        rates = breakdown.groupings()[name]
        assert sum(r.items for r in rates) == overall.items, name
        assert sum(r.overturned for r in rates) == overall.overturned, name
    assert all(len(r.group) == 7 and r.group[4] == "-" for r in breakdown.by_month)
    assert sum(r.items for r in breakdown.by_drug) < overall.items  # drugs only


def test_filters_choose_the_items_they_name(corpus: Path) -> None:
    whole = corpus_stats(corpus)
    family = whole.by_service_family[0]
    only = corpus_stats(corpus, Filters(family=family.group))
    assert (only.overall.items, only.overall.overturned) == (family.items, family.overturned)
    upheld = corpus_stats(corpus, Filters(decision="upheld"))
    assert upheld.overall.items == upheld.overall.upheld == whole.overall.upheld
    months = whole.by_month
    since = date.fromisoformat(months[-1].group + "-01")
    recent = corpus_stats(corpus, Filters(since=since))
    assert recent.overall.items == months[-1].items
    halves = [corpus_stats(corpus, Filters(part=p)).overall.items for p in ("develop", "holdout")]
    assert sum(halves) == whole.overall.items and all(halves)


def test_a_legacy_file_with_a_letter_read_twice_counts_it_once(
    corpus: Path, tmp_path: Path, counts: SharedCounts
) -> None:
    table = pa.concat_tables(pq.read_table(f) for f in corpus_parquet_files(corpus))
    first = table.filter(pa.compute.equal(table["file"], table["file"][0]))
    repeated = first.set_column(0, "file", pa.array(["copy.pdf"] * first.num_rows))
    # an old corpus: one Parquet file, without the columns added since, holding a repeat
    legacy = pa.concat_tables([table, repeated]).drop_columns(["drug", "part"])
    pq.write_table(legacy, tmp_path / "old.parquet")
    breakdown = corpus_stats(tmp_path / "old.parquet")
    assert breakdown.letters == counts.letters and breakdown.duplicate_files == 1
    assert breakdown.overall.items == table.num_rows
    assert breakdown.by_drug == []


def test_what_is_not_a_corpus_gets_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "folder").mkdir()
    for path, message in [
        (tmp_path / "notes.txt", "not a Parquet file"),
        (tmp_path / "folder", "not an OpenIMR corpus folder"),
        (tmp_path / "missing", "no such file or folder"),
    ]:
        with pytest.raises(OpenIMRError, match=message):
            corpus_stats(path)
        run = openimr("stats", path)
        assert run.returncode == 1 and run.stderr.count("\n") == 1, run.stderr


def test_stats_tables_fit_eighty_columns(corpus: Path, counts: SharedCounts) -> None:
    run = openimr("stats", corpus)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"{counts.letters} letters, {counts.items} disputed items")
    for title in ("By service family", "By drug", "By month of decision", "95% interval"):
        assert title in run.stdout
    assert max(len(line) for line in run.stdout.splitlines()) <= 80


def test_stats_json_carries_intervals_and_filters(corpus: Path) -> None:
    run = openimr("stats", corpus, "--json", "--decision", "Overturned")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["filters"] == "decision Overturned"
    assert data["overall"]["upheld"] == 0 and data["overall"]["overturned_rate"] == 1.0
    assert data["overall"]["overturned_rate_ci95"][1] == 1.0
    assert set(data) >= {"by_service_family", "by_drug", "by_year", "by_month"}


def test_an_unknown_grouping_is_named(corpus: Path) -> None:
    run = openimr("stats", corpus, "--by", "colour")
    assert run.returncode == 1
    assert "--by colour: not a grouping" in run.stderr
