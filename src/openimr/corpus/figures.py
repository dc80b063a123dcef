"""The figures of an evaluation, computed from its outcome shards with DuckDB, and its CSV report.

Nothing here holds every outcome in memory: the counts come from one SQL aggregate, the report
is written shard by shard.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

from openimr.corpus.metrics import Agreement
from openimr.corpus.shards import corpus_parquet_files

__all__ = ["FAMILY_COLUMNS", "REPORT_COLUMNS", "Outcomes"]

REPORT_COLUMNS = [
    "file",
    "case_number",
    "item",
    "request",
    "service_family",
    "real_decision",
    "engine_decision",
    "agree",
    "real_citation",
    "engine_citation",
    "guideline_agrees",
    "criteria_set",
    "hierarchy_step",
    "criteria_not_met",
    "criteria_met",
    "flags",
]
FAMILY_COLUMNS = [
    "service_family",
    "items",
    "upheld_as_upheld",
    "upheld_as_overturned",
    "overturned_as_upheld",
    "overturned_as_overturned",
    "accuracy",
]
UPHELD, OVERTURNED = "Upheld", "Overturned"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _agreement_figures(result: Agreement) -> dict[str, Any]:
    return {
        "accuracy": _round(result.accuracy),
        "balanced_accuracy": _round(result.balanced_accuracy),
        "kappa": _round(result.kappa),
        "upheld_recall": _round(result.upheld_recall),
        "overturned_recall": _round(result.overturned_recall),
    }


class Outcomes:
    """The outcome shards of an evaluation run, read with DuckDB."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.files = corpus_parquet_files(Path(folder))
        self._con = duckdb.connect()
        listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in self.files)
        self._con.execute(f"CREATE VIEW outcomes AS SELECT * FROM read_parquet([{listed}])")

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Outcomes:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _cells(self, where: str = "TRUE") -> dict[tuple[str, str, bool, bool], int]:
        rows = self._con.execute(
            "SELECT real_decision, engine_decision, len(flags) > 0, coalesce(no_criteria_set, false), "
            f"count(*) FROM outcomes WHERE {where} GROUP BY ALL"
        ).fetchall()
        return {(r, e, bool(f), bool(n)): int(c) for r, e, f, n, c in rows}

    @staticmethod
    def _agreement(cells: dict[tuple[str, str, bool, bool], int], keep: Any = None) -> Agreement:
        counts = {(a, b): 0 for a in (UPHELD, OVERTURNED) for b in (UPHELD, OVERTURNED)}
        for (real, engine, flagged, none), count in cells.items():
            if keep is None or keep(flagged, none):
                counts[real, engine] += count
        return Agreement(
            counts[UPHELD, UPHELD],
            counts[UPHELD, OVERTURNED],
            counts[OVERTURNED, UPHELD],
            counts[OVERTURNED, OVERTURNED],
        )

    def figures(self, letters: int, part: str | None = None) -> dict[str, Any]:
        """The figures ``openimr evaluate --json`` prints. A measure the input leaves undefined
        (a recall with no item of its class, say) is None. ``by_part`` gives the same figures
        for each half of the fixed split that the outcomes hold."""
        halves: dict[str, Any] = {}
        for half in ("develop", "holdout"):
            where = f"part = '{half}'"
            row = self._con.execute(f"SELECT count(DISTINCT file) FROM outcomes WHERE {where}")
            count = (row.fetchone() or (0,))[0]
            if count:
                halves[half] = {"letters": count, **self._measures(where)}
        return {"letters": letters, **self._measures(), "part": part, "by_part": halves}

    def _measures(self, where: str = "TRUE") -> dict[str, Any]:
        cells = self._cells(where)
        result = self._agreement(cells)
        items = result.items
        flagged = sum(c for (_, _, f, _), c in cells.items() if f)
        overturned = sum(c for (r, _, _, _), c in cells.items() if r == OVERTURNED)
        captured = sum(
            c for (r, e, f, _), c in cells.items() if r == OVERTURNED and (e == OVERTURNED or f)
        )
        no_set = sum(c for (_, _, _, n), c in cells.items() if n)
        judged, agreeing, covered = self._con.execute(
            "SELECT count(guideline_agrees), count(*) FILTER (guideline_agrees), "
            f"count(criteria_set) FROM outcomes WHERE {where}"
        ).fetchone() or (0, 0, 0)
        with_set = self._agreement(cells, lambda _flagged, none: not none)
        baseline = result.always_upheld()
        return {
            "items": items,
            **_agreement_figures(result),
            "guideline_agreement": _round(_share(agreeing, judged)),
            "coverage": _round(_share(covered, items)),
            "flagged": _round(_share(flagged, items)),
            "overturn_capture": _round(_share(captured, overturned)),
            "no_criteria_set": no_set,
            "with_criteria_set": {"items": with_set.items, **_agreement_figures(with_set)},
            "baseline_always_upheld": {
                "accuracy": _round(baseline.accuracy),
                "balanced_accuracy": _round(baseline.balanced_accuracy),
                "kappa": _round(baseline.kappa),
            },
        }

    def by_family(self) -> dict[str, Agreement]:
        rows = self._con.execute(
            "SELECT service_family, "
            "count(*) FILTER (real_decision = 'Upheld' AND engine_decision = 'Upheld'), "
            "count(*) FILTER (real_decision = 'Upheld' AND engine_decision = 'Overturned'), "
            "count(*) FILTER (real_decision = 'Overturned' AND engine_decision = 'Upheld'), "
            "count(*) FILTER (real_decision = 'Overturned' AND engine_decision = 'Overturned') "
            "FROM outcomes GROUP BY service_family ORDER BY service_family"
        ).fetchall()
        return {str(family): Agreement(*map(int, counts)) for family, *counts in rows}

    def rows(self) -> Iterator[dict[str, Any]]:
        """Every outcome row, shard by shard, in order."""
        for file in self.files:
            for batch in pq.ParquetFile(file).iter_batches(batch_size=2048):
                yield from batch.to_pylist()

    def write_report(self, path: str | os.PathLike[str]) -> Path:
        """One CSV row per item; beside it ``<name>.families.csv``, the confusion matrix per
        family. Each is written under a temporary name and renamed when complete."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        with temporary.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(REPORT_COLUMNS)
            for row in self.rows():
                writer.writerow(
                    [
                        row["file"],
                        row["case_number"],
                        row["item"],
                        row["request"],
                        row["service_family"],
                        row["real_decision"],
                        row["engine_decision"],
                        row["real_decision"] == row["engine_decision"],
                        row["real_citation"],
                        row["engine_citation"],
                        row["guideline_agrees"],
                        row["criteria_set"] or "",
                        row["hierarchy_step"],
                        row["criteria_not_met"],
                        row["criteria_met"],
                        "; ".join(row["flags"] or []),
                    ]
                )
        temporary.replace(path)
        families = path.with_name(path.stem + ".families.csv")
        temporary = families.with_name(families.name + ".tmp")
        with temporary.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(FAMILY_COLUMNS)
            for family, result in self.by_family().items():
                writer.writerow(
                    [
                        family,
                        result.items,
                        result.upheld_as_upheld,
                        result.upheld_as_overturned,
                        result.overturned_as_upheld,
                        result.overturned_as_overturned,
                        _round(result.accuracy),
                    ]
                )
        temporary.replace(families)
        return families
