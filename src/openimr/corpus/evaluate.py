"""Measuring the engine against real decisions.

Each letter becomes a Case built ONLY from its header, its clinical case summary and its item
requests, never from its decisions, rationales or guideline lines. The engine decides the case
and its decisions are compared with the real ones.

The run is a streaming batch job like ``ingest``: batches of letters are decided in a process pool
(or on a Dask cluster), each batch's outcomes, one row per disputed item, become a Parquet shard as
soon as they are ready, and the figures are computed from the shards with DuckDB, so memory stays
flat however many letters there are and an interrupted run resumes (see ``openimr.corpus.shards``).
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa

from openimr.corpus.rows import primary_document
from openimr.corpus.runs import JobResult, run_job
from openimr.corpus.shards import Batch
from openimr.corpus.split import Part, part_of
from openimr.domain import (
    Case,
    CitationSource,
    CriterionResult,
    DisputedItem,
    FlagKind,
    ItemDetermination,
    Letter,
    LetterItem,
    Record,
)
from openimr.errors import OpenIMRError

__all__ = [
    "OUTCOMES",
    "EvaluationRun",
    "case_from_letter",
    "decide_batch",
    "evaluate",
    "outcome_rows",
    "same_document",
]


def case_from_letter(letter: Letter) -> Case:
    """A case holding only what a reviewer would have had: header, summary, requests."""
    return Case(
        case_number=letter.case_number,
        received=letter.received,
        priority=letter.priority,
        date_of_injury=letter.date_of_injury,
        ur_decision_date=letter.ur_denial_date,
        records=[
            Record(
                id="clinical case summary",
                date=letter.decision_date,
                type="clinical case summary",
                text=letter.summary,
            )
        ],
        items=[
            DisputedItem(
                request=item.request,
                original_request=item.original_request,
                authorized=item.authorized,
            )
            for item in letter.items
        ],
    )


def _document_key(document: str) -> str:
    """A document name without its year, so the 2009 and 2016 Chronic Pain guidelines compare equal."""
    words = document.split()
    return " ".join(words[:-1] if words and words[-1].isdigit() else words).lower()


def same_document(engine: ItemDetermination, real: LetterItem) -> bool | None:
    """Whether the engine's primary citation names a document the review organization's line names;
    None when that line cites no document."""
    named = {
        _document_key(c.document)
        for c in real.review_guideline.citations
        if c.source is not CitationSource.NONE_CITED and c.document
    }
    if not named:
        return None
    return bool(
        engine.citations
        and engine.citations[0].document
        and _document_key(engine.citations[0].document) in named
    )


OUTCOMES = pa.schema(
    [
        ("file", pa.string()),
        ("case_number", pa.string()),
        ("part", pa.string()),
        ("item", pa.int16()),
        ("request", pa.string()),
        ("service_family", pa.string()),
        ("real_decision", pa.string()),
        ("engine_decision", pa.string()),
        ("real_citation", pa.string()),
        ("engine_citation", pa.string()),
        ("guideline_agrees", pa.bool_()),
        ("criteria_set", pa.string()),
        ("hierarchy_step", pa.string()),
        ("criteria_not_met", pa.string()),
        ("criteria_met", pa.string()),
        ("flags", pa.list_(pa.string())),
        ("no_criteria_set", pa.bool_()),
    ]
)


def outcome_rows(
    letter: Letter, file: str, decided: list[ItemDetermination]
) -> list[dict[str, object]]:
    """One row per disputed item: the real decision beside the engine's."""
    part = part_of(letter.case_number).value if letter.case_number else None
    rows: list[dict[str, object]] = []
    for number, (real, engine) in enumerate(zip(letter.items, decided, strict=True), start=1):
        kinds = [flag.kind for flag in engine.flags]
        rows.append(
            {
                "file": file,
                "case_number": letter.case_number,
                "part": part,
                "item": number,
                "request": real.request,
                "service_family": engine.service_family,
                "real_decision": real.decision.value,
                "engine_decision": engine.decision.value,
                "real_citation": primary_document(real.review_guideline),
                "engine_citation": engine.citations[0].document if engine.citations else "",
                "guideline_agrees": same_document(engine, real),
                "criteria_set": engine.criteria_set,
                "hierarchy_step": engine.hierarchy_step,
                "criteria_not_met": "; ".join(
                    f"{f.criterion} ({f.result.value})"
                    for f in engine.findings
                    if f.result is not CriterionResult.MET
                ),
                "criteria_met": "; ".join(
                    f.criterion for f in engine.findings if f.result is CriterionResult.MET
                ),
                "flags": [kind.value for kind in kinds],
                "no_criteria_set": FlagKind.NO_CRITERIA_SET in kinds,
            }
        )
    return rows


def decide_batch(files: list[str], part: Part | None = None) -> Batch:
    """Decide the letters of one batch of files (runs in a worker; the knowledge base and the
    clinical pipeline are built once per worker process, on its first batch)."""
    from openimr.corpus.reading import internal_error, read_letter
    from openimr.guidelines import KnowledgeBase
    from openimr.review import decide

    started = time.process_time()
    kb = KnowledgeBase.load()
    batch = Batch(files=files, table=OUTCOMES.empty_table())
    rows: list[dict[str, object]] = []
    for name in files:
        letter, problem = read_letter(Path(name))
        if letter is None:
            batch.failures.append((name, problem or "unreadable"))
            continue
        if part is not None and (
            letter.case_number is None or part_of(letter.case_number) is not part
        ):
            continue
        try:
            determination = decide(case_from_letter(letter), kb=kb)
        except OpenIMRError:  # the knowledge or rule data is broken: no letter can be decided
            raise
        except Exception as error:  # a bug on one letter must not stop a batch of many
            batch.failures.append((name, internal_error(error, "deciding this letter's case")))
            continue
        batch.letters.append((name, letter.case_number))
        rows.extend(outcome_rows(letter, name, determination.items))
    batch.cpu_seconds = time.process_time() - started
    batch.table = pa.Table.from_pylist(rows, schema=OUTCOMES)
    return batch


EvaluationRun = JobResult


def evaluate(
    inputs: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    part: Part | None = None,
    **options: Any,
) -> JobResult:
    """Decide every letter's case and write the outcomes, one row per item, to the folder ``out``
    (read them with ``openimr.corpus.figures.Outcomes``). Unreadable files are listed; a case
    number read from two files is decided once. ``part`` keeps only the letters of one half of
    the fixed split; the other options are those of ``openimr.corpus.runs.run_job`` (workers,
    scheduler, batch_size, resume, force, progress).
    """
    function = functools.partial(decide_batch, part=part)
    return run_job(function, inputs, out, job="evaluate", schema=OUTCOMES, **options)
