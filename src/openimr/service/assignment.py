"""Choosing an expert reviewer for a case: who may review it, and in what order.

Eligibility (each rule recorded per reviewer, kept or excluded): licensed in a state the
deployment requires, board certified, in active clinical practice for more than five years and
currently at least 24 hours a week, and no affiliation with the employer, the employee, the
providers (or their group) or the claims administrator of the case. The eligible are ranked by
specialty fit to the disputed items (``data/specialties.yaml``), then by workload. Pure: the use
case takes the slot.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

from openimr.service.model import (
    AffiliationKind,
    AssignmentRecord,
    ReviewCase,
    Reviewer,
    ReviewerVerdict,
    RuleCheck,
)

__all__ = [
    "AssignmentPolicy",
    "SpecialtyTable",
    "load_specialty_table",
    "judge_reviewer",
    "rank_reviewers",
    "specialty_fit",
    "wanted_specialties",
]


@dataclass(frozen=True)
class AssignmentPolicy:
    """What a deployment requires of its expert reviewers."""

    licensure_states: tuple[str, ...] = ("California",)
    min_years_in_practice: float = 5  # more than this many years
    min_hours_per_week: float = 24  # at least this many hours
    require_board_certification: bool = True


class SpecialtyTable(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    categories: dict[str, list[str]]
    families: dict[str, list[str]] = {}

    def specialties_for(self, family: str, category: str) -> list[str]:
        return self.families.get(family) or self.categories.get(category, [])


@functools.cache
def load_specialty_table() -> SpecialtyTable:
    text = resources.files("openimr.service").joinpath("data/specialties.yaml").read_text("utf-8")
    return SpecialtyTable.model_validate(yaml.safe_load(text))


# Words of a legal form that do not tell two organizations apart ("Sample Claims Services, Inc."
# is "Sample Claims Services"); a licence or state is never dropped.
_LEGAL_FORMS = frozenset(
    {
        "inc",
        "incorporated",
        "llc",
        "llp",
        "lp",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "pc",
        "pllc",
        "the",
    }
)


def _key(text: str) -> str:
    """A name as compared: case, punctuation and legal-form words aside."""
    words = text.casefold().replace(".", " ").replace(",", " ").replace("&", " and ").split()
    kept = [w for w in words if w not in _LEGAL_FORMS]
    return " ".join(kept or words)


@dataclass(frozen=True)
class _Parties:
    by_kind: dict[AffiliationKind, frozenset[str]] = field(default_factory=dict)


def _parties(case: ReviewCase) -> _Parties:
    parties = case.parties
    named: dict[AffiliationKind, list[str | None]] = {
        AffiliationKind.EMPLOYER: [parties.employer],
        AffiliationKind.EMPLOYEE: [parties.employee],
        AffiliationKind.CLAIMS_ADMINISTRATOR: [parties.claims_administrator],
        AffiliationKind.PROVIDER: list(parties.providers),
        AffiliationKind.PROVIDER_GROUP: list(parties.provider_groups),
    }
    return _Parties(
        {
            kind: frozenset(_key(n) for n in names if n and n.strip())
            for kind, names in named.items()
        }
    )


_CONFLICT_RULES = {
    AffiliationKind.EMPLOYER: ("no_affiliation_employer", "the employer"),
    AffiliationKind.EMPLOYEE: ("no_affiliation_employee", "the employee"),
    AffiliationKind.CLAIMS_ADMINISTRATOR: (
        "no_affiliation_claims_administrator",
        "the claims administrator",
    ),
    AffiliationKind.PROVIDER: ("no_affiliation_provider", "a provider of the case"),
    AffiliationKind.PROVIDER_GROUP: (
        "no_affiliation_provider_group",
        "a provider group of the case",
    ),
}


def _conflicts(reviewer: Reviewer, parties: _Parties) -> list[RuleCheck]:
    checks = []
    for kind, (rule, who) in _CONFLICT_RULES.items():
        names = parties.by_kind.get(kind, frozenset())
        # An affiliation with a party counts whatever kind the registry filed it under (an
        # insurer listed as an employer is still the case's claims administrator).
        hit = any(_key(a.name) in names for a in reviewer.affiliations)
        checks.append(
            RuleCheck(
                rule=rule,
                passed=not hit,
                reason=f"affiliated with {who}" if hit else f"no affiliation with {who}",
            )
        )
    return checks


def _qualifications(reviewer: Reviewer, policy: AssignmentPolicy) -> list[RuleCheck]:
    states = {_key(s) for s in reviewer.licensure_states}
    required = [s for s in policy.licensure_states if _key(s) in states]
    checks = [
        RuleCheck(
            rule="licensed",
            passed=bool(required) or not policy.licensure_states,
            reason=(
                f"licensed in {required[0]}"
                if required
                else f"not licensed in {' or '.join(policy.licensure_states)}"
            ),
        ),
        RuleCheck(
            rule="active_practice_years",
            passed=reviewer.years_in_active_practice > policy.min_years_in_practice,
            reason=f"{reviewer.years_in_active_practice:g} years in active practice "
            f"(more than {policy.min_years_in_practice:g} required)",
        ),
        RuleCheck(
            rule="active_practice_hours",
            passed=reviewer.hours_per_week >= policy.min_hours_per_week,
            reason=f"{reviewer.hours_per_week:g} hours a week in active practice "
            f"(at least {policy.min_hours_per_week:g} required)",
        ),
    ]
    if policy.require_board_certification:
        checks.append(
            RuleCheck(
                rule="board_certified",
                passed=bool(reviewer.board_certifications),
                reason=(
                    "board certified in " + ", ".join(reviewer.board_certifications)
                    if reviewer.board_certifications
                    else "no board certification"
                ),
            )
        )
    checks.append(
        RuleCheck(
            rule="capacity",
            passed=reviewer.active and reviewer.load < reviewer.capacity,
            reason=(
                f"{reviewer.load} of {reviewer.capacity} cases"
                if reviewer.active
                else "not taking cases"
            ),
        )
    )
    return checks


def specialty_fit(reviewer: Reviewer, wanted: Sequence[Iterable[str]]) -> float:
    """The share of disputed items (each with the specialties that evaluate or treat it) that
    one of the reviewer's specialties or board certifications covers."""
    if not wanted:
        return 0.0
    held = {_key(s) for s in (*reviewer.specialties, *reviewer.board_certifications)}
    covered = sum(1 for specialties in wanted if held & {_key(s) for s in specialties})
    return covered / len(wanted)


def wanted_specialties(case: ReviewCase, table: SpecialtyTable | None = None) -> list[list[str]]:
    """For each disputed item, the specialties that evaluate or treat its service."""
    from openimr import requests

    table = table or load_specialty_table()
    wanted = []
    for item in case.content.items:
        request = requests.parse(item.request)
        wanted.append(table.specialties_for(request.family, request.category.value))
    return wanted


def judge_reviewer(
    reviewer: Reviewer,
    case: ReviewCase,
    policy: AssignmentPolicy,
    wanted: Sequence[Iterable[str]],
) -> ReviewerVerdict:
    """One reviewer's verdict for a case: every check, kept or excluded, fit and load."""
    checks = [*_qualifications(reviewer, policy), *_conflicts(reviewer, _parties(case))]
    return ReviewerVerdict(
        reviewer_id=reviewer.id,
        eligible=all(check.passed for check in checks),
        checks=checks,
        specialty_fit=round(specialty_fit(reviewer, wanted), 4),
        load=reviewer.load,
    )


def rank_reviewers(
    case: ReviewCase,
    reviewers: Iterable[Reviewer],
    *,
    policy: AssignmentPolicy,
    at: dt.datetime,
    table: SpecialtyTable | None = None,
) -> AssignmentRecord:
    """Every reviewer's verdict; the eligible ranked 1, 2, ... by specialty fit (higher first),
    then the share of capacity in use (lower first), then id. ``chosen`` is left to the use case
    (it must win the reviewer's slot)."""
    wanted = wanted_specialties(case, table)
    pool = list(reviewers)
    capacity = {r.id: r.capacity for r in pool}
    verdicts = [judge_reviewer(r, case, policy, wanted) for r in pool]
    eligible = sorted(
        (v for v in verdicts if v.eligible),
        key=lambda v: (-v.specialty_fit, v.load / max(capacity[v.reviewer_id], 1), v.reviewer_id),
    )
    ranked = [v.model_copy(update={"rank": n}) for n, v in enumerate(eligible, start=1)]
    excluded = sorted((v for v in verdicts if not v.eligible), key=lambda v: v.reviewer_id)
    return AssignmentRecord(at=at, chosen=None, verdicts=[*ranked, *excluded])
