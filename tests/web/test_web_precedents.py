"""Precedents on a corpus of real letters: same family and guideline, nearest first."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from rapidfuzz import utils

from openimr.corpus.ingest import ingest
from openimr.errors import OpenIMRError
from openimr.web.precedents import precedents


@pytest.fixture(scope="module")
def small_corpus(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    letters = sorted((shared_dir / "data" / "letters" / "txt").glob("*.txt"))[:40]
    out = tmp_path_factory.mktemp("precedents") / "corpus"
    ingest(letters, out, workers=1)
    return out


def _rows(corpus: Path, where: str, *values: object) -> list[tuple[object, ...]]:
    con = duckdb.connect()
    try:
        return con.execute(
            f"SELECT case_number, decision, review_document FROM read_parquet('{corpus}/**/*.parquet') WHERE {where}",
            list(values),
        ).fetchall()
    finally:
        con.close()


def _commonest(corpus: Path) -> tuple[str, str]:
    con = duckdb.connect()
    try:
        row = con.execute(
            f"SELECT service_family, review_document FROM read_parquet('{corpus}/**/*.parquet')"
            " GROUP BY ALL ORDER BY count(*) DESC, 1, 2 LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    return str(row[0]), str(row[1])


def test_the_pool_is_the_family_under_the_guideline(small_corpus: Path) -> None:
    family, document = _commonest(small_corpus)
    found = precedents(small_corpus, family=family, request=family, document=document)
    expected = _rows(small_corpus, "service_family = ? AND review_document = ?", family, document)
    assert found.same_document and found.document == document
    assert found.pool.items == len(expected)
    assert found.pool.upheld == sum(r[1] == "Upheld" for r in expected)
    assert 0 < len(found.nearest) <= 5
    assert all(p.document == document for p in found.nearest)
    # One item per letter, nearest first.
    assert len({p.case_number for p in found.nearest}) == len(found.nearest)
    scores = [p.similarity for p in found.nearest]
    assert scores == sorted(scores, reverse=True)


def test_an_unknown_guideline_falls_back_to_the_family(small_corpus: Path) -> None:
    family, _ = _commonest(small_corpus)
    found = precedents(small_corpus, family=family, request=family, document="No Such Guideline")
    assert not found.same_document and found.document is None
    assert found.pool.items == len(_rows(small_corpus, "service_family = ?", family))


def test_the_nearest_request_comes_first_and_the_case_itself_is_left_out(
    small_corpus: Path,
) -> None:
    family, document = _commonest(small_corpus)
    con = duckdb.connect()
    case, request = con.execute(
        f"SELECT case_number, request FROM read_parquet('{small_corpus}/**/*.parquet')"
        " WHERE service_family = ? AND review_document = ? ORDER BY case_number LIMIT 1",
        [family, document],
    ).fetchone()  # type: ignore[misc]
    con.close()
    found = precedents(small_corpus, family=family, request=request, document=document)
    assert found.nearest[0].similarity == 100.0
    # Full marks only for the same words: a request merely inside a longer one ranks below.
    for p in found.nearest:
        same_words = sorted(utils.default_process(p.request).split()) == sorted(
            utils.default_process(request).split()
        )
        assert (p.similarity == 100.0) == same_words
    assert any(p.case_number == case for p in found.nearest if p.similarity == 100.0)
    without = precedents(
        small_corpus, family=family, request=request, document=document, exclude_case=case
    )
    assert case not in {p.case_number for p in without.nearest}
    assert without.pool.items == found.pool.items - len(
        _rows(
            small_corpus,
            "service_family = ? AND review_document = ? AND case_number = ?",
            family,
            document,
            case,
        )
    )


def test_a_family_with_no_decisions_finds_none(small_corpus: Path) -> None:
    found = precedents(small_corpus, family="no_such_family", request="something")
    assert found.pool.items == 0 and found.nearest == []


def test_a_missing_corpus_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(OpenIMRError, match="no-corpus"):
        precedents(tmp_path / "no-corpus", family="mri", request="MRI")


def test_a_guideline_matches_whatever_its_editions_year(small_corpus: Path) -> None:
    family, document = _commonest(small_corpus)
    words = document.split()
    assert words[-1].isdigit(), "the commonest document names its edition's year"
    other_edition = " ".join([*words[:-1], str(int(words[-1]) - 7)])
    exact = precedents(small_corpus, family=family, request=family, document=document)
    found = precedents(small_corpus, family=family, request=family, document=other_edition)
    assert found.same_document and found.pool.items == exact.pool.items
