"""The dashboard's figures on real letters: corpus rates, and the engine beside the real decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from openimr.corpus.evaluate import evaluate
from openimr.corpus.ingest import ingest
from openimr.corpus.stats import Filters
from openimr.errors import OpenIMRError
from openimr.web.dashboard import dashboard, read_evaluation


@pytest.fixture(scope="module")
def letters(shared_dir: Path) -> list[Path]:
    return sorted((shared_dir / "data" / "letters" / "txt").glob("*.txt"))[:6]


@pytest.fixture(scope="module")
def corpus(letters: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dashboard") / "corpus"
    ingest(letters, out, workers=1)
    return out


@pytest.fixture(scope="module")
def outcomes(letters: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dashboard") / "evaluation"
    evaluate(letters, out, workers=1)
    return out


def test_the_engine_is_compared_item_by_item(corpus: Path, outcomes: Path) -> None:
    board = dashboard(corpus, evaluation=outcomes)
    assert board.agreement is not None and board.agreement_problem is None
    figures = board.agreement.figures
    # Every disputed item of the corpus is compared once, and the families add up.
    assert figures["items"] == board.stats.overall.items
    assert figures["letters"] == board.stats.letters == 6
    assert sum(a.items for a in board.agreement.by_family.values()) == figures["items"]
    assert sorted(board.agreement.by_family) == sorted(board.families)


def test_sections_chart_every_grouping(corpus: Path) -> None:
    board = dashboard(corpus)
    assert board.agreement is None
    assert [s.id for s in board.sections] == ["family", "document", "specialty", "month"]
    for section in board.sections:
        assert section.chart is not None and section.chart.startswith("<svg")
        assert f"<title>{section.caption}" in section.chart
    assert sum(r.items for r in board.sections[0].rates) == board.stats.overall.items


def test_a_filter_keeps_its_family_and_the_whole_family_list(corpus: Path) -> None:
    whole = dashboard(corpus)
    family = whole.stats.by_service_family[0].group
    only = dashboard(corpus, filters=Filters(family=family))
    assert only.stats.overall.items == whole.stats.by_service_family[0].items
    assert only.families == whole.families


def test_a_folder_that_is_not_an_evaluation_is_said_in_one_line(
    corpus: Path, tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(OpenIMRError, match="empty"):
        read_evaluation(tmp_path / "empty")
    board = dashboard(corpus, evaluation=tmp_path / "empty")
    assert board.agreement is None
    assert board.agreement_problem is not None and "empty" in board.agreement_problem
