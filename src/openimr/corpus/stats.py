"""Uphold and overturn counts and rates over an ingested corpus (DuckDB over Parquet).

A corpus is what ``openimr ingest`` writes: a folder of Parquet shards with a manifest, or (from
earlier versions) one Parquet file. Either is opened with :func:`connect`, which gives a DuckDB
connection holding a view ``items``: one row per disputed item, each letter once (a case number
read from two files, say its PDF and its text, counts once: the first file by name).

Rates carry a 95% Wilson score interval, which stays inside [0, 1] and is honest for small
groups, where a plain ``p +- 1.96 sqrt(p(1-p)/n)`` is not.
"""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from openimr.corpus.shards import corpus_parquet_files
from openimr.errors import OpenIMRError

__all__ = ["Breakdown", "Filters", "Rate", "connect", "corpus_stats", "wilson"]

Z95 = 1.959964

# Columns a corpus must have; newer columns a legacy corpus may lack are added as NULL.
_NEEDED = {"file", "case_number", "decision", "review_document", "reviewer_specialties"}
_OPTIONAL = {
    "service_category": "VARCHAR",
    "service_family": "VARCHAR",
    "drug": "VARCHAR",
    "part": "VARCHAR",
    "decision_date": "DATE",
}


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion; None when there are no trials."""
    if trials <= 0:
        return None
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


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

    @property
    def overturned_ci(self) -> tuple[float, float] | None:
        """The 95% Wilson interval of the overturned rate (None for an empty group)."""
        return wilson(self.overturned, self.items)

    @property
    def upheld_ci(self) -> tuple[float, float] | None:
        return wilson(self.upheld, self.items)

    def as_dict(self) -> dict[str, object]:
        def interval(ci: tuple[float, float] | None) -> list[float] | None:
            return [round(ci[0], 4), round(ci[1], 4)] if ci else None

        return {
            **asdict(self),
            "upheld_rate": round(self.upheld_rate, 4),
            "overturned_rate": round(self.overturned_rate, 4),
            "upheld_rate_ci95": interval(self.upheld_ci),
            "overturned_rate_ci95": interval(self.overturned_ci),
        }


@dataclass(frozen=True)
class Filters:
    """Which items to count: a service family, a decision date range, a decision, a split half."""

    family: str | None = None
    since: date | None = None
    until: date | None = None
    decision: str | None = None
    part: str | None = None

    def where(self) -> str:
        """The SQL condition choosing the items (values quoted here: DuckDB cannot take prepared
        parameters in a view)."""
        clauses: list[str] = []
        if self.family:
            clauses.append(f"lower(service_family) = lower({_literal(self.family)})")
        if self.since:
            clauses.append(f"decision_date >= DATE '{self.since.isoformat()}'")
        if self.until:
            clauses.append(f"decision_date <= DATE '{self.until.isoformat()}'")
        if self.decision:
            clauses.append(f"lower(decision) = lower({_literal(self.decision)})")
        if self.part:
            clauses.append(f"lower(part) = lower({_literal(self.part)})")
        return " AND ".join(clauses) or "TRUE"

    def describe(self) -> str:
        said = [
            f"{name} {value}"
            for name, value in (
                ("family", self.family),
                ("since", self.since),
                ("until", self.until),
                ("decision", self.decision),
                ("part", self.part),
            )
            if value
        ]
        return ", ".join(said)


@dataclass(frozen=True)
class Breakdown:
    """Overall figures, then the same figures grouped several ways."""

    letters: int
    overall: Rate
    by_guideline_document: list[Rate]
    by_reviewer_specialty: list[Rate]
    by_service_category: list[Rate]
    by_service_family: list[Rate] = field(default_factory=list)
    by_drug: list[Rate] = field(default_factory=list)
    by_year: list[Rate] = field(default_factory=list)
    by_month: list[Rate] = field(default_factory=list)
    duplicate_files: int = 0
    filters: str = ""

    def groupings(self) -> dict[str, list[Rate]]:
        return {
            "by_guideline_document": self.by_guideline_document,
            "by_reviewer_specialty": self.by_reviewer_specialty,
            "by_service_category": self.by_service_category,
            "by_service_family": self.by_service_family,
            "by_drug": self.by_drug,
            "by_year": self.by_year,
            "by_month": self.by_month,
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "letters": self.letters,
            "filters": self.filters,
            "duplicate_files": self.duplicate_files,
            "overall": self.overall.as_dict(),
            **{name: [r.as_dict() for r in rates] for name, rates in self.groupings().items()},
        }


def _literal(text: str) -> str:
    """``text`` as an SQL string literal (a view cannot take a prepared parameter)."""
    return "'" + text.replace("'", "''") + "'"


def connect(path: str | os.PathLike[str]) -> tuple[duckdb.DuckDBPyConnection, int]:
    """A DuckDB connection with a view ``items`` over the corpus at ``path``, each letter once,
    and the number of files left out because their case number was read from another file.

    Raises:
        OpenIMRError: the path is missing, or is not a corpus.
    """
    path = Path(path)
    files = corpus_parquet_files(path)
    con = duckdb.connect()
    try:
        listed = "[" + ", ".join(_literal(str(f)) for f in files) + "]"
        con.execute(f"CREATE VIEW raw AS SELECT * FROM read_parquet({listed}, union_by_name=true)")
        columns = {row[0] for row in con.execute("DESCRIBE raw").fetchall()}
    except duckdb.Error:
        con.close()
        raise OpenIMRError(f"{path}: not a Parquet file") from None
    if not columns >= _NEEDED:
        con.close()
        raise OpenIMRError(
            f"{path}: not an OpenIMR corpus (missing columns: {', '.join(sorted(_NEEDED - columns))})"
        )
    extra = ", ".join(
        f"NULL::{kind} AS {name}" for name, kind in _OPTIONAL.items() if name not in columns
    )
    try:
        con.execute(
            "CREATE VIEW firsts AS SELECT coalesce(case_number, file) AS letter, min(file) AS file "
            "FROM raw GROUP BY letter"
        )
        con.execute(
            "CREATE VIEW items AS SELECT raw.*" + (f", {extra}" if extra else "") + " FROM raw "
            "WHERE file IN (SELECT file FROM firsts)"
        )
        row = con.execute(
            "SELECT count(DISTINCT file) - (SELECT count(*) FROM firsts) FROM raw"
        ).fetchone()
    except duckdb.Error:
        con.close()
        raise OpenIMRError(
            f"{path}: not an OpenIMR corpus (its columns have other types)"
        ) from None
    return con, int(row[0]) if row else 0


_COUNTS = (
    "count(*), count(*) FILTER (decision = 'Upheld'), count(*) FILTER (decision = 'Overturned')"
)


def corpus_stats(path: str | os.PathLike[str], filters: Filters | None = None) -> Breakdown:
    """Compute the breakdown of a corpus written by ``ingest``.

    Raises:
        OpenIMRError: the path is missing or is not a corpus.
    """
    filters = filters or Filters()
    con, duplicates = connect(path)
    try:
        con.execute(f"CREATE VIEW chosen AS SELECT * FROM items WHERE {filters.where()}")
        return _breakdown(con, duplicates, filters.describe())
    except duckdb.Error as error:
        raise OpenIMRError(f"{path}: could not compute statistics ({error})") from None
    finally:
        con.close()


def _breakdown(con: duckdb.DuckDBPyConnection, duplicates: int, described: str) -> Breakdown:
    def grouped(expression: str, source: str = "chosen", order: str = "2 DESC, g") -> list[Rate]:
        rows = con.execute(
            f"SELECT coalesce(CAST({expression} AS VARCHAR), 'unknown') AS g, {_COUNTS} "
            f"FROM {source} GROUP BY g ORDER BY {order}"
        ).fetchall()
        return [Rate(str(g), n, u, o) for g, n, u, o in rows]

    overall = con.execute(f"SELECT {_COUNTS} FROM chosen").fetchone()
    letters = con.execute("SELECT count(DISTINCT file) FROM chosen").fetchone()
    assert overall is not None and letters is not None
    return Breakdown(
        letters=letters[0],
        overall=Rate("all", *overall),
        by_guideline_document=grouped("review_document"),
        by_reviewer_specialty=grouped(
            "specialty",
            "(SELECT unnest(reviewer_specialties) AS specialty, decision FROM chosen)",
        ),
        by_service_category=grouped("service_category"),
        by_service_family=grouped("service_family"),
        by_drug=grouped("drug", "(SELECT * FROM chosen WHERE drug IS NOT NULL)"),
        by_year=grouped("year(decision_date)", order="g"),
        by_month=grouped("strftime(decision_date, '%Y-%m')", order="g"),
        duplicate_files=duplicates,
        filters=described,
    )
