"""Measuring the engine against real decisions.

Each letter becomes a Case built ONLY from its header, its clinical case summary and its item
requests, never from its decisions, rationales or guideline lines. The engine decides the case
and its decisions are compared with the real ones.
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from openimr.corpus.metrics import Agreement, agreement
from openimr.corpus.reading import read_letters
from openimr.corpus.rows import primary_document
from openimr.domain import (
    Case,
    CitationSource,
    CriterionResult,
    DisputedItem,
    ItemDetermination,
    Letter,
    LetterItem,
    Record,
)
from openimr.review import decide

__all__ = ["Evaluation", "ItemOutcome", "case_from_letter", "evaluate", "same_document"]


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


@dataclass(frozen=True)
class ItemOutcome:
    """One disputed item: the real decision beside the engine's."""

    file: str
    case_number: str | None
    number: int
    request: str
    family: str
    real: str
    real_citation: str
    engine: ItemDetermination
    guideline_agrees: bool | None


@dataclass
class Evaluation:
    """Every item's outcome, the files that could not be read, and the figures."""

    outcomes: list[ItemOutcome] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    letters: int = 0

    @property
    def agreement(self) -> Agreement:
        return agreement(
            [o.real for o in self.outcomes], [o.engine.decision.value for o in self.outcomes]
        )

    def by_family(self) -> dict[str, Agreement]:
        groups: dict[str, list[ItemOutcome]] = defaultdict(list)
        for outcome in self.outcomes:
            groups[outcome.family].append(outcome)
        return {
            family: agreement([o.real for o in items], [o.engine.decision.value for o in items])
            for family, items in sorted(groups.items())
        }

    def figures(self) -> dict[str, float | int]:
        result = self.agreement
        judged = [o.guideline_agrees for o in self.outcomes if o.guideline_agrees is not None]
        covered = [o for o in self.outcomes if o.engine.criteria_set is not None]
        return {
            "letters": self.letters,
            "items": result.items,
            "accuracy": round(result.accuracy, 4),
            "balanced_accuracy": round(result.balanced_accuracy, 4),
            "kappa": round(result.kappa, 4),
            "upheld_recall": round(result.upheld_recall, 4),
            "overturned_recall": round(result.overturned_recall, 4),
            "guideline_agreement": round(sum(judged) / len(judged), 4) if judged else 0.0,
            "coverage": round(len(covered) / result.items, 4) if result.items else 0.0,
        }

    def write_report(self, path: str | os.PathLike[str]) -> Path:
        """One CSV row per item; beside it ``<name>.families.csv``, the confusion matrix per family."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                [
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
                ]
            )
            for o in self.outcomes:
                e = o.engine
                writer.writerow(
                    [
                        o.file,
                        o.case_number,
                        o.number,
                        o.request,
                        o.family,
                        o.real,
                        e.decision.value,
                        o.real == e.decision.value,
                        o.real_citation,
                        e.citations[0].document if e.citations else "",
                        o.guideline_agrees,
                        e.criteria_set or "",
                        e.hierarchy_step,
                        "; ".join(
                            f"{f.criterion} ({f.result.value})"
                            for f in e.findings
                            if f.result is not CriterionResult.MET
                        ),
                        "; ".join(
                            f.criterion for f in e.findings if f.result is CriterionResult.MET
                        ),
                    ]
                )
        families = path.with_name(path.stem + ".families.csv")
        with families.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                [
                    "service_family",
                    "items",
                    "upheld_as_upheld",
                    "upheld_as_overturned",
                    "overturned_as_upheld",
                    "overturned_as_overturned",
                    "accuracy",
                ]
            )
            for family, result in self.by_family().items():
                writer.writerow(
                    [
                        family,
                        result.items,
                        result.upheld_as_upheld,
                        result.upheld_as_overturned,
                        result.overturned_as_upheld,
                        result.overturned_as_overturned,
                        round(result.accuracy, 4),
                    ]
                )
        return families


def evaluate(inputs: Iterable[str | os.PathLike[str]]) -> Evaluation:
    """Decide every letter's case and compare with the real decisions. Unreadable files are listed."""
    from openimr.guidelines import KnowledgeBase

    kb = KnowledgeBase.load()
    result = Evaluation()
    for path, letter, problem in read_letters(inputs):
        if letter is None:
            result.failures.append((str(path), problem or "unreadable"))
            continue
        result.letters += 1
        determination = decide(case_from_letter(letter), kb=kb)
        for number, (real, engine) in enumerate(
            zip(letter.items, determination.items, strict=True), start=1
        ):
            result.outcomes.append(
                ItemOutcome(
                    file=str(path),
                    case_number=letter.case_number,
                    number=number,
                    request=real.request,
                    family=engine.service_family,
                    real=real.decision.value,
                    real_citation=primary_document(real.review_guideline),
                    engine=engine,
                    guideline_agrees=same_document(engine, real),
                )
            )
    return result
