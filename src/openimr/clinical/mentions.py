"""A matched phrase in its sentence: its assertion, its clause, its evidence.

``Mention`` wraps one span that the target matcher found (``doc.ents``) with what every fact
builder needs: the rule's value and attributes, the ConText assertion, the sentence and the
clause around it, and a way to make the ``Evidence`` (optionally widened to cover a number read
next to the phrase).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import LENGTH, SENT_START
from spacy.tokens import Doc, Span

from openimr.clinical.sentences import token_offsets
from openimr.domain import Assertion, Evidence, Fact

__all__ = ["Mention", "DocumentInfo", "Sentences", "assertion_of"]

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
    return _assertion(span._.modifiers, span._.target_rule)


def _assertion(modifiers: Any, target_rule: Any) -> Assertion:
    categories = {modifier.category.upper() for modifier in modifiers}
    found = next(
        (assertion for category, assertion in _PRECEDENCE if category in categories),
        Assertion.PRESENT,
    )
    fixed = target_rule.metadata.get("assertion") if target_rule else None
    if fixed is not None and found in (Assertion.PRESENT, Assertion.ABSENT):
        return Assertion(fixed)
    return found


@dataclass(frozen=True)
class Sentences:
    """A document's sentences, read once for all its mentions: the token where each starts and
    the character bounds of each, as ``span.sent`` gives them (the sentence holding the span's
    first token, from its first token's offset to the end of its last token)."""

    first_tokens: tuple[int, ...]
    start_chars: tuple[int, ...]
    end_chars: tuple[int, ...]

    @classmethod
    def of(cls, doc: Doc) -> Sentences:
        if len(doc) == 0:
            return cls((), (), ())
        flags = doc.to_array([SENT_START]).astype(numpy.int64)
        flags[0] = 1  # spaCy's span.sent goes back no further than the first token
        firsts = numpy.flatnonzero(flags == 1)
        offsets = token_offsets(doc)
        lengths = doc.to_array([LENGTH]).astype(numpy.int64)
        lasts = numpy.append(firsts[1:], len(doc)) - 1
        return cls(
            first_tokens=tuple(firsts.tolist()),
            start_chars=tuple(offsets[firsts].tolist()),
            end_chars=tuple((offsets[lasts] + lengths[lasts]).tolist()),
        )

    def bounds(self, token: int) -> tuple[int, int]:
        """The character bounds of the sentence holding the token at ``token``."""
        index = bisect_right(self.first_tokens, token) - 1
        return self.start_chars[index], self.end_chars[index]


@dataclass(frozen=True)
class DocumentInfo:
    """The text and what the caller told us about it, and what every mention of the document
    reads: its entities (``doc.ents``, made once) and its sentences."""

    text: str
    document: str | None
    document_date: dt.date | None
    pivot_year: int
    ents: Sequence[Span] = ()
    sentences: Sentences = field(default_factory=lambda: Sentences((), (), ()))
    # the clause breaks of each sentence, by the sentence's character bounds, found once
    clause_breaks: dict[tuple[int, int], list[tuple[int, int]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def breaks(self, start: int, end: int) -> list[tuple[int, int]]:
        """The clause breaks (';', 'but' ...) in ``text[start:end]``, as (start, end) offsets."""
        found = self.clause_breaks.get((start, end))
        if found is None:
            found = [match.span() for match in _CLAUSE_BREAK.finditer(self.text, start, end)]
            self.clause_breaks[(start, end)] = found
        return found


@dataclass
class Mention:
    """One span found by the target matcher, with its sentence and rule data."""

    span: Span
    info: DocumentInfo
    assertion: Assertion = field(init=False)
    # read once from the span: the spaCy attributes cost a call each time
    category: str = field(init=False)
    start: int = field(init=False)
    end: int = field(init=False)
    sentence_start: int = field(init=False)
    sentence_end: int = field(init=False)
    modifiers: tuple[Any, ...] = field(init=False, repr=False)
    target_rule: Any = field(init=False, repr=False)
    _clause_bounds: tuple[int, int] | None = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        span = self.span
        underscore = span._
        self.modifiers = tuple(underscore.modifiers)
        self.target_rule = underscore.target_rule
        self.assertion = _assertion(self.modifiers, self.target_rule)
        self.category = str(span.label_)
        self.start = int(span.start_char)
        self.end = int(span.end_char)
        self.sentence_start, self.sentence_end = self.info.sentences.bounds(span.start)

    @property
    def rule_value(self) -> str | None:
        value: str | None = self.target_rule.metadata.get("value")
        return value

    @property
    def rule_attributes(self) -> dict[str, Any]:
        return dict(self.target_rule.metadata.get("attributes") or {})

    @property
    def response(self) -> str | None:
        """What a treatment-response modifier says of this treatment ("no improvement" after
        "failed physical therapy", "not tolerated" after "could not tolerate gabapentin"), or None.
        Such a modifier is not a negation: the treatment was given."""
        for modifier in self.modifiers:
            if modifier.category.upper() == "TREATMENT_RESPONSE":
                response = modifier.rule.metadata.get("response") if modifier.rule else None
                return str(response) if response else None
        return None

    @property
    def fixed_assertion(self) -> bool:
        return self.target_rule.metadata.get("assertion") is not None

    @property
    def lower(self) -> str:
        return self.info.text[self.start : self.end].lower()

    @property
    def sentence(self) -> str:
        return self.info.text[self.sentence_start : self.sentence_end]

    def clause_bounds(self) -> tuple[int, int]:
        """Character bounds of the clause holding the span (the sentence cut at ';', 'but' ...)."""
        if self._clause_bounds is not None:
            return self._clause_bounds
        start, end = self.sentence_start, self.sentence_end
        for break_start, break_end in self.info.breaks(start, end):
            if break_end <= self.start:
                start = break_end
            elif break_start >= self.end:
                end = break_start
                break
        self._clause_bounds = (start, end)
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
