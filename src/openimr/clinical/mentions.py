"""A matched phrase in its sentence: its assertion, its clause, its evidence.

``Mention`` wraps one span that the target matcher found (``doc.ents``) with what every fact
builder needs: the rule's value and attributes, the ConText assertion, the sentence and the
clause around it, and a way to make the ``Evidence`` (optionally widened to cover a number read
next to the phrase).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span

from openimr.domain import Assertion, Evidence, Fact

__all__ = ["Mention", "DocumentInfo", "assertion_of"]

# ConText categories in order of precedence: "no family history of" is family; "no ... if" absent.
_PRECEDENCE: tuple[tuple[str, Assertion], ...] = (
    ("FAMILY", Assertion.FAMILY),
    ("NEGATED_EXISTENCE", Assertion.ABSENT),
    ("HYPOTHETICAL", Assertion.HYPOTHETICAL),
    ("POSSIBLE_EXISTENCE", Assertion.POSSIBLE),
    ("HISTORICAL", Assertion.HISTORICAL),
)
_CLAUSE_BREAK = re.compile(
    r";|\bbut\b|\bhowever\b|\balthough\b|\bwhereas\b|\bthough\b", re.IGNORECASE
)


def assertion_of(span: Span) -> Assertion:
    """The assertion ConText gives a span.

    A rule with a fixed assertion ("sensation intact": absent, "not working": present) replaces
    ConText's present or absent, but a hypothetical, possible, historical or family context
    still wins ("whether the applicant was or was not working" is hypothetical).
    """
    categories = {modifier.category.upper() for modifier in span._.modifiers}
    found = next(
        (assertion for category, assertion in _PRECEDENCE if category in categories),
        Assertion.PRESENT,
    )
    fixed = span._.target_rule.metadata.get("assertion") if span._.target_rule else None
    if fixed is not None and found in (Assertion.PRESENT, Assertion.ABSENT):
        return Assertion(fixed)
    return found


@dataclass(frozen=True)
class DocumentInfo:
    """The text and what the caller told us about it."""

    text: str
    document: str | None
    document_date: dt.date | None
    pivot_year: int


@dataclass
class Mention:
    """One span found by the target matcher, with its sentence and rule data."""

    span: Span
    info: DocumentInfo
    assertion: Assertion = field(init=False)

    def __post_init__(self) -> None:
        self.assertion = assertion_of(self.span)

    @property
    def category(self) -> str:
        return str(self.span.label_)

    @property
    def rule_value(self) -> str | None:
        value: str | None = self.span._.target_rule.metadata.get("value")
        return value

    @property
    def rule_attributes(self) -> dict[str, Any]:
        return dict(self.span._.target_rule.metadata.get("attributes") or {})

    @property
    def response(self) -> str | None:
        """What a treatment-response modifier says of this treatment ("no improvement" after
        "failed physical therapy", "not tolerated" after "could not tolerate gabapentin"), or None.
        Such a modifier is not a negation: the treatment was given."""
        for modifier in self.span._.modifiers:
            if modifier.category.upper() == "TREATMENT_RESPONSE":
                response = modifier.rule.metadata.get("response") if modifier.rule else None
                return str(response) if response else None
        return None

    @property
    def fixed_assertion(self) -> bool:
        return self.span._.target_rule.metadata.get("assertion") is not None

    @property
    def start(self) -> int:
        return int(self.span.start_char)

    @property
    def end(self) -> int:
        return int(self.span.end_char)

    @property
    def lower(self) -> str:
        return str(self.span.text).lower()

    @property
    def sentence_start(self) -> int:
        return int(self.span.sent.start_char)

    @property
    def sentence_end(self) -> int:
        return int(self.span.sent.end_char)

    @property
    def sentence(self) -> str:
        return self.info.text[self.sentence_start : self.sentence_end]

    def clause_bounds(self) -> tuple[int, int]:
        """Character bounds of the clause holding the span (the sentence cut at ';', 'but' ...)."""
        text, start, end = self.info.text, self.sentence_start, self.sentence_end
        for match in _CLAUSE_BREAK.finditer(text, start, end):
            if match.end() <= self.start:
                start = match.end()
            elif match.start() >= self.end:
                end = match.start()
                break
        return start, end

    def clause(self) -> str:
        start, end = self.clause_bounds()
        return self.info.text[start:end]

    def before(self, chars: int, *, clause: bool = True) -> str:
        """Up to ``chars`` characters before the span, not leaving the clause (or sentence)."""
        floor = self.clause_bounds()[0] if clause else self.sentence_start
        return self.info.text[max(floor, self.start - chars) : self.start]

    def after(self, chars: int, *, clause: bool = True) -> str:
        """Up to ``chars`` characters after the span, not leaving the clause (or sentence)."""
        ceiling = self.clause_bounds()[1] if clause else self.sentence_end
        return self.info.text[self.end : min(ceiling, self.end + chars)]

    def evidence(self, start: int | None = None, end: int | None = None) -> Evidence:
        """Evidence for the span, widened to ``start``/``end`` (kept inside the sentence)."""
        first = self.start if start is None else max(self.sentence_start, min(start, self.start))
        last = self.end if end is None else min(self.sentence_end, max(end, self.end))
        return Evidence(
            sentence=self.sentence,
            start=first,
            end=last,
            document=self.info.document,
            date=self.info.document_date,
        )

    def fact(
        self,
        kind: str,
        value: str | float | None = None,
        *,
        unit: str | None = None,
        attributes: dict[str, Any] | None = None,
        assertion: Assertion | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> Fact:
        """A fact from this mention: the rule's attributes, then ``attributes`` (None dropped)."""
        merged = {**self.rule_attributes, **(attributes or {})}
        return Fact(
            kind=kind,
            value=value,
            unit=unit,
            attributes={key: item for key, item in merged.items() if item is not None},
            assertion=self.assertion if assertion is None else assertion,
            evidence=self.evidence(start, end),
        )
