"""What each fact a criterion names means, as data (``review/facts/data/facts.yaml``).

Every fact the knowledge base's criteria, continuation rules and documentation lists name is
declared once, with its definition and how the record shows it:

- ``derive``: from the clinical extractor's facts (``openimr.clinical``) — which ``kinds``, which
  ``values``, which ``assertions`` show it, which ``attributes`` it must carry, whether it must
  concern the item's body region and side (``region``), and a time window (``within_weeks`` of
  the utilization review). ``any_of`` / ``all_of`` combine several such clauses. A fact not shown
  is *absent* when the records deny it (the same clauses asserted absent, or ``denied_by``), else
  *unknown*. The phrases themselves live in the clinical target rules, so that ConText decides
  negation, history and hypotheticals.
- ``computed``: a Python resolver (``@resolver``) for what needs arithmetic or the request itself
  (morphine equivalents, weeks since injury, sessions already given, the surgery a service goes
  with, what a compound contains).

Each derived fact carries one positive and one negative example sentence, tested
(``tests/test_review_facts_catalog.py``). A fact name that is not declared, a derivation that
names an unknown fact kind, and a computed fact without its resolver fail when the catalog loads.
"""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources
from typing import TYPE_CHECKING, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from openimr.domain import Assertion, Evidence, Fact
from openimr.errors import ClinicalRuleError

if TYPE_CHECKING:
    from openimr.review.context import ItemContext
    from openimr.review.facts.registry import Resolution

__all__ = [
    "Catalog",
    "Clause",
    "Derivation",
    "Example",
    "FactSpec",
    "UnknownFactError",
    "catalog",
    "check_facts",
    "derive",
]


class UnknownFactError(ClinicalRuleError):
    """A criterion names a fact the catalog does not declare."""


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


AssertionName = Literal["present", "absent", "possible", "historical", "hypothetical"]


class Clause(_Data):
    """Extracted facts that show (or deny) a fact: kinds, values, assertions, attributes, place."""

    kinds: list[str] = Field(min_length=1)
    values: list[str] | None = None
    assertions: list[AssertionName] = Field(
        default_factory=lambda: list[AssertionName](["present"])
    )
    #: attribute -> accepted values; the attribute's text must contain one of them
    attributes: dict[str, list[str]] = Field(default_factory=dict)
    region: bool = False
    within_weeks: float | None = None


class Derivation(Clause):
    """One clause, or ``any_of`` / ``all_of`` several; ``denied_by`` says what denies it."""

    kinds: list[str] = Field(default_factory=list)
    any_of: list[Clause] = Field(default_factory=list)
    all_of: list[Clause] = Field(default_factory=list)
    denied_by: Clause | None = None
    #: false when denying one of the clauses does not deny the fact ("no instability" does not
    #: deny every lesion a study could show): the fact is then present or unknown
    deniable: bool = True

    @model_validator(mode="after")
    def _one_form(self) -> Derivation:
        forms = [bool(self.kinds), bool(self.any_of), bool(self.all_of)]
        if sum(forms) != 1:
            raise ValueError("give exactly one of: kinds, any_of, all_of")
        return self

    def clauses(self) -> list[Clause]:
        if self.kinds:
            return [Clause(**self.model_dump(include=set(Clause.model_fields)))]
        return list(self.any_of or self.all_of)


class Example(_Data):
    """A request and two sentences: one shows the fact, one does not."""

    request: str
    positive: str
    negative: str


class FactSpec(_Data):
    """One fact a criterion may name."""

    id: str
    definition: str = Field(min_length=10)
    derive: Derivation | None = None
    computed: bool = False
    aliases: list[str] = Field(default_factory=list)
    example: Example | None = None
    #: for a computed fact, the extracted facts that show the records speak of it at all (a
    #: derived fact's subject is its derivation's kinds and values); see ``subject_mentions``
    subject: Clause | None = None

    @model_validator(mode="after")
    def _how(self) -> FactSpec:
        if (self.derive is None) == (not self.computed):
            raise ValueError("a fact is either derived (derive) or computed (computed: true)")
        if self.derive is not None and self.subject is not None:
            raise ValueError(
                "a derived fact's subject is its derivation; give subject only when computed"
            )
        if self.derive is not None and self.example is None:
            raise ValueError("a derived fact needs an example (a positive and a negative sentence)")
        return self


class _File(_Data):
    source: str
    facts: list[FactSpec]


class Catalog:
    """The declared facts, by id and alias."""

    def __init__(self, specs: list[FactSpec]) -> None:
        self.specs = specs
        self._by_id: dict[str, FactSpec] = {}
        for spec in specs:
            for name in (spec.id, *spec.aliases):
                if name in self._by_id:
                    raise ClinicalRuleError(f"facts.yaml: fact '{name}' is declared twice")
                self._by_id[name] = spec

    def __contains__(self, name: object) -> bool:
        return name in self._by_id

    def get(self, name: str) -> FactSpec:
        spec = self._by_id.get(name)
        if spec is None:
            raise UnknownFactError(f"fact '{name}' is not declared in review/facts/data/facts.yaml")
        return spec

    def names(self) -> set[str]:
        return set(self._by_id)


@functools.cache
def catalog() -> Catalog:
    """The fact catalog, validated: every derivation names fact kinds the extractor gives, and
    every computed fact has its resolver."""
    from openimr.clinical.rules import FACT_KINDS
    from openimr.review.facts.registry import RESOLVERS

    text = resources.files("openimr.review.facts").joinpath("data/facts.yaml").read_text("utf-8")
    try:
        parsed = _File.model_validate(yaml.load(text, Loader=yaml.CSafeLoader))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ClinicalRuleError(f"facts.yaml: {where}: {first['msg']}") from None
    problems = []
    for spec in parsed.facts:
        if spec.derive is not None:
            twice = [n for n in (spec.id, *spec.aliases) if n in RESOLVERS]
            if twice:
                problems.append(f"{spec.id}: derived, but also has a resolver ({', '.join(twice)})")
            clauses = spec.derive.clauses() + (
                [spec.derive.denied_by] if spec.derive.denied_by else []
            )
            unknown = {k for c in clauses for k in c.kinds if k not in FACT_KINDS}
            if unknown:
                problems.append(f"{spec.id}: unknown fact kind {', '.join(sorted(unknown))}")
        else:
            subject_kinds = spec.subject.kinds if spec.subject else []
            unknown_subject = {k for k in subject_kinds if k not in FACT_KINDS}
            if unknown_subject:
                problems.append(
                    f"{spec.id}: unknown fact kind {', '.join(sorted(unknown_subject))} in subject"
                )
            missing = [n for n in (spec.id, *spec.aliases) if n not in RESOLVERS]
            if missing:
                problems.append(f"{spec.id}: computed, but no resolver for {', '.join(missing)}")
    if problems:
        raise ClinicalRuleError("facts.yaml: " + "; ".join(problems))
    return Catalog(parsed.facts)


_CHECKED: dict[int, object] = {}  # knowledge bases already checked (kept, so ids stay theirs)


def check_facts(knowledge: object) -> None:
    """Fail when a criterion, continuation rule or documentation list of a knowledge base names a
    fact the catalog does not declare (each named with where it is used). Each knowledge base is
    checked once."""
    declared = catalog()
    if _CHECKED.get(id(knowledge)) is knowledge:
        return
    unknown: dict[str, str] = {}
    for criteria_set in knowledge.all():  # type: ignore[attr-defined]
        for guideline in criteria_set.guidelines:
            named = [
                *((c.fact, c.id) for c in guideline.criteria),
                *((r.fact, r.id) for r in guideline.continuation),
                *((f, "documentation_required") for f in guideline.documentation_required),
            ]
            for fact, where in named:
                if fact not in declared:
                    unknown.setdefault(fact, f"{criteria_set.id}/{guideline.id}/{where}")
    if unknown:
        raise UnknownFactError(
            "facts not declared in review/facts/data/facts.yaml: "
            + "; ".join(f"{fact} ({where})" for fact, where in sorted(unknown.items()))
        )
    if len(_CHECKED) < 64:
        _CHECKED[id(knowledge)] = knowledge


def _matches(fact: Fact, clause: Clause, assertions: tuple[Assertion, ...]) -> bool:
    if fact.assertion not in assertions:
        return False
    if clause.values is not None and str(fact.value) not in clause.values:
        return False
    for name, accepted in clause.attributes.items():
        said = str(fact.attributes.get(name) or "")
        if not any(a in said for a in accepted):
            return False
    return True


def _within(evidence: Evidence, weeks: float | None, on: dt.date | None) -> bool:
    if weeks is None or on is None or evidence.date is None:
        return True
    return (on - evidence.date).days / 7 <= weeks


def _found(context: ItemContext, clause: Clause, assertions: tuple[Assertion, ...]) -> list[Fact]:
    from openimr.review.facts.common import facts, in_region

    found = [
        f
        for kind in clause.kinds
        for f in facts(context, kind, assertions=assertions)
        if _matches(f, clause, assertions)
        and _within(f.evidence, clause.within_weeks, context.on)
        and (not clause.region or in_region(context, f.evidence.sentence))
    ]
    return found


def derive(spec: FactSpec, context: ItemContext) -> Resolution:
    """What the record shows of a derived fact (present, absent or unknown)."""
    from openimr.review.facts.registry import UNKNOWN, present_or_absent, show

    derivation = spec.derive
    assert derivation is not None
    clauses = derivation.clauses()
    shown = [_found(context, c, tuple(Assertion(a) for a in c.assertions)) for c in clauses]
    denial_clauses = (
        []
        if not derivation.deniable
        else [derivation.denied_by]
        if derivation.denied_by
        else clauses
    )
    denied = [
        f
        for c in denial_clauses
        for f in _found(
            context,
            c,
            tuple(Assertion(a) for a in c.assertions)
            if derivation.denied_by is not None
            else (Assertion.ABSENT,),
        )
    ]
    if derivation.all_of:
        if all(shown):
            return show(*(group[0] for group in shown))
        return present_or_absent([], denied) if denied else UNKNOWN
    present = [f for group in shown for f in group]
    number = next(
        (
            float(f.value)
            for f in present
            if isinstance(f.value, (int, float)) and not isinstance(f.value, bool)
        ),
        None,
    )
    return present_or_absent(present, denied, value=number)
