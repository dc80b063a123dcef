"""Commands over the guideline knowledge base: list, show, match, coverage."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from openimr.cli.app import app, err, fail, out, say

if TYPE_CHECKING:
    from openimr.guidelines import KnowledgeBase
    from openimr.guidelines.schema import Citation, Guideline

guidelines_app = typer.Typer(
    help="The guideline knowledge base: criteria sets with citations.", no_args_is_help=True
)
app.add_typer(guidelines_app, name="guidelines")


def _kb() -> KnowledgeBase:
    from openimr.guidelines import KnowledgeBase

    return KnowledgeBase.load()


@guidelines_app.command("list")
def list_sets() -> None:
    """List every criteria set: what it covers and the guidelines that govern it."""
    kb = _kb()
    sets = kb.all()
    rows = [
        (
            criteria_set.id,
            criteria_set.title,
            ", ".join(f.value for f in criteria_set.families),
            ", ".join(r.value for r in criteria_set.body_regions) or "any",
            [
                f"{g.name} ({g.effective_from} to {g.effective_to or 'open'})"
                for g in criteria_set.guidelines
            ],
        )
        for criteria_set in sets
    ]
    if out.width < WIDE:  # a table of five columns is unreadable in a narrow terminal
        out.print(f"{len(sets)} criteria sets", markup=False)
        for set_id, title, families, regions, guidelines in rows:
            out.print()
            say(f"{set_id}: {title}")
            say(f"covers: {families}; body regions: {regions}", indent=2)
            for guideline in guidelines:
                say(guideline, indent=2)
        return
    table = Table(title=f"{len(sets)} criteria sets")
    table.add_column("id", no_wrap=True)
    for column in ("title", "families", "body regions", "guidelines"):
        table.add_column(column, overflow="fold")
    for set_id, title, families, regions, guidelines in rows:
        table.add_row(set_id, title, families, regions, "\n".join(guidelines))
    out.print(table)


# Below this many columns, listings print one block per entry instead of a table.
WIDE = 120


@guidelines_app.command("show")
def show(
    criteria_set_id: Annotated[str, typer.Argument(metavar="ID", help="A criteria set id.")],
) -> None:
    """Show one criteria set: its guidelines, criteria, counting rules, limits and citations."""
    kb = _kb()
    try:
        criteria_set = kb.get(criteria_set_id)
    except KeyError:
        near = _near(criteria_set_id, [c.id for c in kb.all()])
        hint = f"did you mean {_either([repr(i) for i in near])}? " if near else ""
        fail(f"no criteria set '{criteria_set_id}'; {hint}'openimr guidelines list' lists them")
        raise typer.Exit(1) from None
    out.rule(f"[bold]{criteria_set.id}[/bold]: {criteria_set.title}")
    out.print(
        f"covers: {', '.join(f.value for f in criteria_set.families)}"
        f"{'; ' + ', '.join(r.value for r in criteria_set.body_regions) if criteria_set.body_regions else ''}"
        f"{'; follows the primary procedure' if criteria_set.follows_primary else ''}"
    )
    unconfirmed = False
    for guideline in criteria_set.guidelines:
        unconfirmed |= _print_guideline(guideline)
    if unconfirmed:
        out.print(f"\n{UNCONFIRMED}", markup=False)


UNCONFIRMED = (
    "[unconfirmed]: no published Final Determination letter yet quotes or paraphrases this "
    "criterion with this citation; it comes from the research notes and its page or section "
    "should be checked against the guideline before a letter relies on it."
)


def _either(choices: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return " or ".join([", ".join(choices[:-1]), choices[-1]] if len(choices) > 1 else choices)


def _near(wanted: str, ids: list[str]) -> list[str]:
    """The ids closest in spelling to ``wanted``, best first (at most three)."""
    from rapidfuzz import fuzz, process

    found = process.extract(wanted, ids, scorer=fuzz.WRatio, limit=3, score_cutoff=75)
    return [choice for choice, _, _ in found]


def _print_guideline(guideline: Guideline) -> bool:
    """Print a guideline with its criteria; whether any criterion's citation is unconfirmed."""
    c = guideline.citation
    out.print(
        f"\n[bold]{guideline.name}[/bold] ({guideline.step.value}; {guideline.effective_from} to "
        f"{guideline.effective_to or 'open'}): {guideline.recommendation.value.replace('_', ' ')}"
    )
    out.print(f"  cites: {_citation(c)}", markup=False)
    for criterion in guideline.criteria:
        mark = "" if criterion.citation.confirmed else " [unconfirmed]"
        threshold = (
            f" ({criterion.threshold.comparison.value} {criterion.threshold.value:g} "
            f"{criterion.threshold.unit.value})"
            if criterion.threshold
            else ""
        )
        kind = "exclusion" if criterion.kind.value == "exclusion" else "criterion"
        out.print(
            f"  - {kind} {criterion.id}: {criterion.statement}{threshold} [fact: {criterion.fact}] "
            f"- {_citation(criterion.citation)}{mark}",
            markup=False,
        )
    for group in guideline.groups:
        rule = f"at least {group.n} of" if group.n else group.rule.value.replace("_", " ")
        when = f" (when {group.applies_when} is met)" if group.applies_when else ""
        out.print(f"  group {group.id}: {rule} {', '.join(group.criteria)}{when}", markup=False)
    for limit in guideline.quantity_limits:
        out.print(
            f"  limit {limit.id}: at most {limit.max:g} {limit.unit.value} {limit.scope.value.replace('_', ' ')}"
            f" - {limit.statement}",
            markup=False,
        )
    for continuation in guideline.continuation:
        out.print(
            f"  to continue ({continuation.id}): {continuation.statement} "
            f"[fact: {continuation.fact}]",
            markup=False,
        )
    return any(not criterion.citation.confirmed for criterion in guideline.criteria)


def _citation(c: Citation) -> str:
    parts = [c.document + (f" {c.edition}" if c.edition else "")]
    if c.chapter:
        parts.append(f"ch. {c.chapter}")
    if c.section:
        parts.append(c.section)
    if c.pages:
        parts.append("p. " + ", ".join(c.pages))
    return ", ".join(parts)


@guidelines_app.command("match")
def match(
    request_text: Annotated[
        str, typer.Argument(metavar="REQUEST", help='A request, e.g. "Norco 10/325mg #90".')
    ],
    on: Annotated[
        str | None, typer.Option("--date", help="Date whose guidelines apply (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Parse a request and show the criteria set and guideline that govern it."""
    from openimr.requests import parse

    try:
        date = dt.date.fromisoformat(on) if on else None
    except ValueError:
        fail(f"--date: '{on}' is not a date (YYYY-MM-DD)")
        raise typer.Exit(1) from None
    if not request_text.strip():
        fail(
            'REQUEST is empty; give the request as a letter writes it, e.g. "MRI of the lumbar spine"'
        )
        raise typer.Exit(1)
    request = parse(request_text)
    out.print("[bold]Request[/bold]")
    out.print(
        json.dumps(request.model_dump(mode="json", exclude_defaults=True), indent=2), markup=False
    )
    # RequestLike declares settable attributes; the frozen Request has read-only ones (as in
    # review/engine.py, until guidelines.matching declares them as properties).
    found = _kb().match(request, date)  # type: ignore[arg-type]
    if found is None:
        out.print(
            "\nNo criteria set covers this request: it would be decided by the hierarchy's fallback."
        )
        raise typer.Exit(0)
    out.print(
        f"\n[bold]Criteria set[/bold]: {found.criteria_set.id} ({found.criteria_set.title}), "
        f"matched on {', '.join(found.matched_on)}"
    )
    if found.guideline is None:
        out.print(f"No guideline of this set is in force on {found.on}.")
        return
    out.print(f"[bold]Governing guideline on {found.on}[/bold]:")
    if _print_guideline(found.guideline):
        out.print(f"\n{UNCONFIRMED}", markup=False)


@guidelines_app.command("coverage")
def coverage(
    inputs: Annotated[
        list[Path], typer.Argument(help="Letters (PDF or text) or directories of letters.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """For every disputed item of the letters, whether its request matches a criteria set."""
    from openimr.corpus.reading import read_letters
    from openimr.requests import parse

    kb = _kb()
    items, failed = 0, 0
    uncovered: list[dict[str, str]] = []
    for path, letter, problem in read_letters(inputs):
        if letter is None:
            fail(f"{path}: {problem}")
            failed += 1
            continue
        for item in letter.items:
            items += 1
            request = parse(item.request)
            if kb.match(request, letter.ur_denial_date) is None:  # type: ignore[arg-type]
                uncovered.append(
                    {"letter": letter.case_number or Path(path).name, "request": item.request}
                )
    covered = items - len(uncovered)
    result = {
        "items": items,
        "covered": covered,
        "coverage": round(covered / items, 4) if items else None,
        "uncovered": uncovered,
    }
    if as_json:
        print(json.dumps(result, indent=2))
    else:
        share = f" ({100 * covered / items:.1f}%)" if items else ""
        out.print(
            f"{covered} of {_count(items, 'disputed item')} match a criteria set{share}",
            markup=False,
        )
        for row in uncovered:
            out.print(f"  not covered: {row['letter']}: {row['request']}", markup=False)
    if failed:
        err.print(f"{_count(failed, 'file')} could not be read", markup=False)
        raise typer.Exit(1)


def _count(number: int, noun: str) -> str:
    """ "1 file", "2 files": a count with its noun in the right number."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
