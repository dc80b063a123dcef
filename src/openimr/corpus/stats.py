"""Uphold and overturn counts and rates over an ingested corpus (DuckDB over Parquet)."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from openimr.errors import OpenIMRError

__all__ = ["Breakdown", "Rate", "corpus_stats"]


@dataclass(frozen=True)
class Rate:
    """Counts and rates for one group of disputed items."""

    group: str
    items: int
    upheld: int
    overturned: int

    @property
    def upheld_rate(self) -> float:
        return self.upheld / self.items if self.items else 0.0

    @property
    def overturned_rate(self) -> float:
        return self.overturned / self.items if self.items else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            **asdict(self),
            "upheld_rate": round(self.upheld_rate, 4),
            "overturned_rate": round(self.overturned_rate, 4),
        }


@dataclass(frozen=True)
class Breakdown:
    """Overall figures, then the same figures by guideline document, specialty and category."""

    letters: int
    overall: Rate
    by_guideline_document: list[Rate]
    by_reviewer_specialty: list[Rate]
    by_service_category: list[Rate]

    def as_dict(self) -> dict[str, object]:
        return {
            "letters": self.letters,
            "overall": self.overall.as_dict(),
            "by_guideline_document": [r.as_dict() for r in self.by_guideline_document],
            "by_reviewer_specialty": [r.as_dict() for r in self.by_reviewer_specialty],
            "by_service_category": [r.as_dict() for r in self.by_service_category],
        }


_COUNTS = (
    "count(*), count(*) FILTER (decision = 'Upheld'), count(*) FILTER (decision = 'Overturned')"
)


def corpus_stats(path: str | os.PathLike[str]) -> Breakdown:
    """Compute the breakdown of a corpus Parquet file written by ``ingest``.

    Raises:
        OpenIMRError: the file is missing or is not a corpus table.
    """
    path = Path(path)
    if path.is_dir():
        raise OpenIMRError(f"{path}: is a folder; give the Parquet file 'openimr ingest' wrote")
    if not path.is_file():
        raise OpenIMRError(f"{path}: no such file")
    con = duckdb.connect()
    try:
        # A view cannot take a prepared parameter: quote the path as an SQL string literal.
        quoted = str(path).replace("'", "''")
        con.execute(f"CREATE VIEW items AS SELECT * FROM read_parquet('{quoted}')")
        columns = {row[0] for row in con.execute("DESCRIBE items").fetchall()}
    except duckdb.Error:
        raise OpenIMRError(f"{path}: not a Parquet file") from None
    needed = {"file", "decision", "review_document", "reviewer_specialties", "service_category"}
    if not needed <= columns:
        raise OpenIMRError(
            f"{path}: not an OpenIMR corpus (missing columns: {', '.join(sorted(needed - columns))})"
        )

    try:
        return _breakdown(con)
    except duckdb.Error:
        raise OpenIMRError(
            f"{path}: not an OpenIMR corpus (its columns have other types)"
        ) from None
    finally:
        con.close()


def _breakdown(con: duckdb.DuckDBPyConnection) -> Breakdown:
    def grouped(expression: str, source: str = "items") -> list[Rate]:
        rows = con.execute(
            f"SELECT {expression} AS g, {_COUNTS} FROM {source} GROUP BY g ORDER BY 2 DESC, g"
        ).fetchall()
        return [Rate(str(g), n, u, o) for g, n, u, o in rows]

    overall = con.execute(f"SELECT {_COUNTS} FROM items").fetchone()
    letters = con.execute("SELECT count(DISTINCT file) FROM items").fetchone()
    assert overall is not None and letters is not None
    return Breakdown(
        letters=letters[0],
        overall=Rate("all", *overall),
        by_guideline_document=grouped("review_document"),
        by_reviewer_specialty=grouped(
            "specialty", "(SELECT unnest(reviewer_specialties) AS specialty, decision FROM items)"
        ),
        by_service_category=grouped("service_category"),
    )
