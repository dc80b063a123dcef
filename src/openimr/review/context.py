"""What the engine knows while it decides one disputed item: the case, the request, the facts."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from openimr.domain import Assertion, Case, Evidence, Fact, ItemDetermination, Record
from openimr.requests.model import Request

__all__ = ["FactIndex", "ItemContext", "is_clinical_record", "is_request_record"]

# The utilization review decision is what is disputed, not evidence about the worker; its
# reasons are not clinical findings.
_REVIEW_RECORD = re.compile(
    r"utilization review|\bUR\b|non-?certification|denial of (authori[sz]ation|treatment)", re.I
)
_REQUEST_RECORD = re.compile(r"request for authori[sz]ation|\bRFA\b", re.I)


def is_clinical_record(record: Record) -> bool:
    """Whether a record is clinical evidence (not the utilization review decision under dispute)."""
    return not _REVIEW_RECORD.search(record.type or "")


def is_request_record(record_type: str | None) -> bool:
    """Whether a record is a request for authorization (it says what is asked, not what was done)."""
    return bool(_REQUEST_RECORD.search(record_type or ""))


class FactIndex:
    """The facts of a case by kind, and the records' sentences for the few rules that read text."""

    def __init__(self, facts: Iterable[Fact], case: Case) -> None:
        self._facts: dict[str, list[Fact]] = defaultdict(list)
        for fact in facts:
            self._facts[fact.kind].append(fact)
        self._case = case

    def of(self, kind: str, *, assertion: Assertion | None = None) -> list[Fact]:
        """Facts of a kind, optionally only those with one assertion."""
        facts = self._facts.get(kind, [])
        return [f for f in facts if assertion is None or f.assertion is assertion]

    def present(self, *kinds: str) -> list[Fact]:
        """Facts of these kinds that the record asserts as present."""
        return [f for kind in kinds for f in self.of(kind, assertion=Assertion.PRESENT)]

    def absent(self, *kinds: str) -> list[Fact]:
        """Facts of these kinds that the record explicitly negates."""
        return [f for kind in kinds for f in self.of(kind, assertion=Assertion.ABSENT)]

    @cached_property
    def sentences(self) -> list[Evidence]:
        """Every sentence of every clinical record, as evidence (for rules that read a phrase
        directly), split as the clinical pipeline splits them ("Dr. Smith" is not two sentences)."""
        from openimr.clinical.rules import sentence_abbreviations
        from openimr.clinical.sentences import sentence_starts

        abbreviations = sentence_abbreviations()
        found = []
        for record in self._case.records:
            if not is_clinical_record(record):
                continue
            starts = sorted({0, *sentence_starts(record.text, abbreviations)})
            for start, end in zip(starts, [*starts[1:], len(record.text)], strict=True):
                raw = record.text[start:end]
                text = " ".join(raw.split())
                if text:
                    lead = len(raw) - len(raw.lstrip())
                    found.append(
                        Evidence(
                            sentence=text,
                            start=start + lead,
                            end=start + len(raw.rstrip()),
                            document=record.id,
                            date=record.date,
                        )
                    )
        return found

    def find(self, pattern: re.Pattern[str]) -> list[Evidence]:
        """Sentences of the records that match a pattern."""
        return [sentence for sentence in self.sentences if pattern.search(sentence.sentence)]


@dataclass(frozen=True)
class ItemContext:
    """One disputed item under review.

    ``on`` is the date whose guidelines apply (the UR decision date, else the date the
    application was received; None when the case gives neither). ``primary`` is the decision
    on the primary procedure, for an associated surgical service.
    """

    case: Case
    request: Request
    facts: FactIndex
    on: dt.date | None
    primary: ItemDetermination | None = None
    others: tuple[Request, ...] = field(default_factory=tuple)
