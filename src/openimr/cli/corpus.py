"""Commands over letters and the corpus: parse, ingest, stats, evaluate, report."""

from __future__ import annotations

import json
import tempfile
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from openimr.corpus.metrics import Agreement
    from openimr.corpus.stats import Filters, Rate
    from openimr.domain import Citation, Letter

# Only what the commands' options need is imported here: the letter reader and the domain
# models are imported by the commands that use them, so that other commands start sooner.
from openimr.cli.app import app, err, fail, out
from openimr.corpus.split import Part
from openimr.corpus.words import plural
from openimr.errors import OpenIMRError


@app.command()
def parse(
    files: Annotated[
        list[Path], typer.Argument(help="Letters: PDF or text files, or folders of them.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", metavar="", help="One JSON object per line, with its file.")
    ] = False,
) -> None:
    """Read Final Determination letters and print what each holds."""
    from openimr import letters
    from openimr.corpus.reading import find_letters

    found, skipped = find_letters(files)
    failed = 0
    for file in found:
        try:
            letter = letters.read(file)
        except OpenIMRError as error:
            fail(str(error))
            failed += 1
            continue
        if as_json:
            print(json.dumps({"file": str(file), **letter.model_dump(mode="json")}))
        else:
            _print_letter(file, letter)
    _report_skipped([str(s) for s in skipped])
    if failed:
        raise typer.Exit(1)


def _report_skipped(skipped: list[str]) -> None:
    if skipped:
        err.print(
            f"skipped {plural(len(skipped), 'file')} that "
            + ("is not a letter" if len(skipped) == 1 else "are not letters")
            + f" (neither .pdf nor .txt): {_some(skipped)}",
            markup=False,
        )


def _some(names: list[str], shown: int = 3) -> str:
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more:,} more" if more > 0 else "")


def _print_letter(file: Path, letter: Letter) -> None:
    from openimr.domain import Decision

    out.rule(f"[bold]{escape(letter.case_number or file.name)}")
    header = Table.grid(padding=(0, 2))
    for label, value in [
        ("File", str(file)),
        ("Date assigned", letter.date_assigned),
        ("Date of injury", letter.date_of_injury),
        ("Decision date", letter.decision_date),
        ("UR denial date", letter.ur_denial_date),
        ("Priority", letter.priority.value if letter.priority else None),
        ("Received", letter.received),
        ("Licensure", ", ".join(letter.reviewer.licensure)),
        ("Specialties", ", ".join(letter.reviewer.specialties)),
    ]:
        header.add_row(f"[dim]{label}[/dim]", escape(str(value)) if value else "—")
    out.print(header)
    out.print(f"\n[bold]Clinical case summary[/bold]\n{escape(letter.summary)}\n")
    for number, item in enumerate(letter.items, start=1):
        colour = "red" if item.decision is Decision.UPHELD else "green"
        out.print(
            f"[bold]{number}. {_escape(item.request)}[/bold]: [{colour}]{item.decision.value}[/{colour}]"
        )
        if item.original_request:
            out.print(
                f"   original request: {_escape(item.original_request)}; authorized: {_escape(item.authorized or '')}"
            )
        for label, line in (
            ("Claims administrator", item.claims_administrator_guideline),
            ("Review organization", item.review_guideline),
        ):
            cited = "; ".join(_cite(c) for c in line.citations) or "—"
            out.print(f"   [dim]{label}:[/dim] {_escape(cited)}")
        out.print(f"   [dim]Rationale:[/dim] {_escape(item.rationale)}\n")


def _escape(text: str) -> str:
    return escape(text)


def _cite(citation: Citation) -> str:
    parts = [citation.source.value if not citation.document else citation.document]
    if citation.chapter:
        parts.append(f"ch. {citation.chapter}")
    if citation.sections:
        parts.append(", ".join(citation.sections))
    if citation.pages:
        parts.append("p. " + ", ".join(citation.pages))
    return ", ".join(parts)


# -- batch jobs -----------------------------------------------------------------------------------

Workers = Annotated[
    int | None,
    typer.Option(min=1, metavar="N", help="Processes to use, at least 1 (default: all cores)."),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        metavar="ADDRESS",
        help="Run on an existing Dask cluster (e.g. tcp://10.0.0.5:8786) instead of local processes.",
    ),
]
BatchSize = Annotated[
    int | None,
    typer.Option(
        "--batch-size",
        min=1,
        metavar="N",
        help="Files per Parquet shard (default: a few batches per worker).",
    ),
]
Resume = Annotated[
    bool,
    typer.Option("--resume", metavar="", help="Continue an interrupted run where it stopped."),
]
Force = Annotated[
    bool,
    typer.Option(
        "--force",
        metavar="",
        help="Start over from an interrupted run; let an empty result replace a corpus.",
    ),
]


def _check_inputs(inputs: list[Path]) -> None:
    """Stop before any work when an input named does not exist (a mistyped path)."""
    missing = [path for path in inputs if not path.exists()]
    for path in missing:
        fail(f"{path}: no such file or folder")
    if missing:
        raise typer.Exit(1)


@contextmanager
def _progress(what: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on a terminal; nothing in a log or a pipe."""
    if not err.is_terminal:
        yield lambda done, total: None
        return
    with Progress(
        TextColumn(what),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(what, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _report_run(
    failures: list[tuple[str, str]],
    duplicates: list[tuple[str, str, str]],
    skipped: list[str],
    resumed: int,
    manifest: Path,
) -> None:
    if resumed:
        err.print(f"resumed: {plural(resumed, 'file')} already done", markup=False)
    if duplicates:
        err.print(
            f"{plural(len(duplicates), 'file')} repeated a case number already read and "
            f"{'was' if len(duplicates) == 1 else 'were'} left out (each letter is kept once, "
            f"from the first file by name): "
            + _some([f"{file} (as {kept})" for file, _, kept in duplicates]),
            markup=False,
        )
    _report_skipped(skipped)
    if failures:
        err.print(
            f"{plural(len(failures), 'file')} could not be read (listed in {manifest}):",
            markup=False,
        )
        for name, problem in failures:
            fail(f"{name}: {problem}")


@app.command()
def ingest(
    inputs: Annotated[list[Path], typer.Argument(help="Letter files and folders of letters.")],
    out_path: Annotated[
        Path,
        typer.Option("--out", help="The corpus folder to write (Parquet shards and a manifest)."),
    ],
    workers: Workers = None,
    scheduler: Scheduler = None,
    batch_size: BatchSize = None,
    resume: Resume = False,
    force: Force = False,
) -> None:
    """Read many letters in parallel into a corpus folder, one row per disputed item."""
    # Imported here: pyarrow and duckdb take a while to load and 'parse' needs neither.
    from openimr.corpus.ingest import ingest as ingest_letters
    from openimr.corpus.shards import MANIFEST

    _check_inputs(inputs)
    with _progress("reading letters") as advance:
        result = ingest_letters(
            inputs,
            out_path,
            workers=workers,
            scheduler=scheduler,
            batch_size=batch_size,
            resume=resume,
            force=force,
            progress=advance,
        )
    out.print(
        f"{plural(result.letters, 'letter')}, {plural(result.items, 'disputed item')} "
        f"written to {out_path}",
        markup=False,
    )
    _report_run(
        result.failures, result.duplicates, result.skipped, result.resumed, out_path / MANIFEST
    )
    if result.failures:
        raise typer.Exit(1)


# -- statistics -----------------------------------------------------------------------------------

_GROUPINGS = {
    "document": ("by_guideline_document", "By guideline document (review organization's first)"),
    "specialty": ("by_reviewer_specialty", "By reviewer specialty (an item counts once for each)"),
    "category": ("by_service_category", "By service category"),
    "family": ("by_service_family", "By service family"),
    "drug": ("by_drug", "By drug (generic name)"),
    "year": ("by_year", "By year of decision"),
    "month": ("by_month", "By month of decision"),
}


class DecisionChoice(str, Enum):
    UPHELD = "Upheld"
    OVERTURNED = "Overturned"


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


Since = Annotated[
    datetime | None,
    typer.Option(
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Only letters decided on or after this day.",
    ),
]
Until = Annotated[
    datetime | None,
    typer.Option(
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Only letters decided on or before this day.",
    ),
]
FamilyFilter = Annotated[
    str | None,
    typer.Option("--family", metavar="FAMILY", help="Only items of this service family."),
]
DecisionFilter = Annotated[
    DecisionChoice | None,
    typer.Option("--decision", case_sensitive=False, help="Only items with this decision."),
]
PartFilter = Annotated[
    Part | None,
    typer.Option("--part", case_sensitive=False, help="Only letters of this half of the split."),
]


def _filters(
    family: str | None,
    since: datetime | None,
    until: datetime | None,
    decision: DecisionChoice | None,
    part: Part | None,
) -> Filters:
    from openimr.corpus.stats import Filters

    return Filters(
        family=family,
        since=_day(since),
        until=_day(until),
        decision=decision.value if decision else None,
        part=part.value if part else None,
    )


@app.command()
def stats(
    corpus: Annotated[
        Path, typer.Argument(help="A corpus folder (or Parquet file) written by 'openimr ingest'.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", metavar="", help="Print JSON instead of tables.")
    ] = False,
    by: Annotated[
        list[str] | None,
        typer.Option(
            metavar="GROUPING",
            help="Groupings to show (repeat): " + ", ".join(_GROUPINGS) + " (default: all).",
        ),
    ] = None,
    top: Annotated[int, typer.Option(min=1, metavar="N", help="Rows shown per grouping.")] = 15,
    family: FamilyFilter = None,
    since: Since = None,
    until: Until = None,
    decision: DecisionFilter = None,
    part: PartFilter = None,
) -> None:
    """Uphold and overturn rates with 95% confidence intervals, overall and grouped (guideline
    document, specialty, service category and family, drug, year, month); each letter once."""
    from openimr.corpus.stats import corpus_stats

    unknown = [name for name in by or [] if name not in _GROUPINGS]
    if unknown:
        fail(f"--by {unknown[0]}: not a grouping; choose from {', '.join(_GROUPINGS)}")
        raise typer.Exit(1)
    breakdown = corpus_stats(corpus, _filters(family, since, until, decision, part))
    if as_json:
        print(json.dumps(breakdown.as_dict(), indent=2))
        return
    described = f" ({breakdown.filters})" if breakdown.filters else ""
    out.print(
        f"{plural(breakdown.letters, 'letter')}, "
        f"{plural(breakdown.overall.items, 'disputed item')}{described}",
        markup=False,
    )
    if breakdown.duplicate_files:
        err.print(
            f"{plural(breakdown.duplicate_files, 'file')} repeated a case number and counted once",
            markup=False,
        )
    out.print(_rate_table("Overall", [breakdown.overall], top))
    groupings = breakdown.groupings()
    for name in by or list(_GROUPINGS):
        key, title = _GROUPINGS[name]
        if groupings[key]:
            out.print(_rate_table(title, groupings[key], top))


def _rate_table(title: str, rates: list[Rate], top: int) -> Table:
    """At most ``top`` rows, five columns narrow enough for an 80-column terminal."""
    table = Table(title=title, title_justify="left", pad_edge=False)
    table.add_column("group", overflow="fold", max_width=30)
    for column in ("items", "upheld", "overturned %", "95% interval"):
        table.add_column(column, justify="right", no_wrap=True)
    for rate in rates[:top]:
        ci = rate.overturned_ci
        table.add_row(
            rate.group,
            f"{rate.items:,}",
            f"{rate.upheld:,}",
            f"{100 * rate.overturned_rate:.1f}",
            f"{100 * ci[0]:.1f}-{100 * ci[1]:.1f}" if ci else "—",
        )
    if len(rates) > top:
        table.caption = f"{len(rates) - top:,} more (see --top, --json)"
    return table


@app.command()
def report(
    corpus: Annotated[
        Path, typer.Argument(help="A corpus folder (or Parquet file) written by 'openimr ingest'.")
    ],
    out_path: Annotated[Path, typer.Option("--out", help="The HTML file to write.")],
    family: FamilyFilter = None,
    since: Since = None,
    until: Until = None,
    decision: DecisionFilter = None,
    part: PartFilter = None,
    force: Annotated[
        bool,
        typer.Option("--force", metavar="", help="Replace --out even if it is not a report."),
    ] = False,
) -> None:
    """Write a self-contained HTML report of a corpus: rates with confidence intervals and charts
    (nothing is loaded from the network)."""
    from openimr.corpus.report import write_report

    written = write_report(
        corpus, out_path, _filters(family, since, until, decision, part), force=force
    )
    out.print(f"report written to {written}", markup=False)


# -- evaluation -----------------------------------------------------------------------------------


@app.command()
def evaluate(
    inputs: Annotated[
        list[Path], typer.Argument(help="Letters (PDF or text) or folders of letters.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", metavar="", help="Print the figures as JSON.")
    ] = False,
    report: Annotated[
        Path | None, typer.Option(help="Write one CSV row per item here (and a per-family CSV).")
    ] = None,
    part: Annotated[
        Part | None,
        typer.Option(
            "--part",
            case_sensitive=False,
            help="Only the letters of this half of the fixed split (docs/EVALUATION.md).",
        ),
    ] = None,
    out_path: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Keep the outcomes here as Parquet shards (needed for --resume)."
        ),
    ] = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    batch_size: BatchSize = None,
    resume: Resume = False,
    force: Force = False,
) -> None:
    """Decide each letter's case from its summary and requests only, and compare with the real
    decisions."""
    from openimr.corpus.evaluate import evaluate as run
    from openimr.corpus.figures import Outcomes
    from openimr.corpus.shards import MANIFEST

    _check_inputs(inputs)
    if resume and out_path is None:
        fail("--resume needs --out, the folder of the run to continue")
        raise typer.Exit(1)
    with tempfile.TemporaryDirectory(prefix="openimr-evaluate-") as scratch:
        folder = out_path or Path(scratch) / "outcomes"
        with _progress("deciding letters") as advance:
            result = run(
                inputs,
                folder,
                part=part,
                workers=workers,
                scheduler=scheduler,
                batch_size=batch_size,
                resume=resume,
                force=force,
                progress=advance,
            )
        _report_run(
            result.failures,
            result.duplicates,
            result.skipped,
            result.resumed,
            folder / MANIFEST,
        )
        if not result.items:
            fail(
                "no letters to evaluate: "
                + ", ".join(map(str, inputs))
                + (
                    f" hold no readable letter of the {part.value} part"
                    if part
                    else " hold no readable letter"
                )
            )
            raise typer.Exit(1)
        with Outcomes(folder) as outcomes:
            figures = outcomes.figures(result.letters, part.value if part else None)
            if report:
                families = outcomes.write_report(report)
                err.print(f"report: {report} and {families}", markup=False)
            by_family = outcomes.by_family()
    if as_json:
        print(json.dumps(figures))
    else:
        _print_figures(figures, by_family)
    if result.failures:
        raise typer.Exit(1)


def _value(value: object) -> str:
    return (
        "undefined" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
    )


_BASELINE = ("accuracy", "balanced_accuracy", "kappa")
_BY_PART = (
    "items",
    "accuracy",
    "balanced_accuracy",
    "kappa",
    "upheld_recall",
    "overturned_recall",
    "flagged",
    "overturn_capture",
    "no_criteria_set",
)


def _print_figures(figures: dict[str, Any], by_family: dict[str, Agreement]) -> None:
    part = f", {figures['part']} part" if figures["part"] else ""
    table = Table(
        title=f"{plural(figures['letters'], 'letter')}, "
        f"{plural(figures['items'], 'disputed item')}{part}",
        title_justify="left",
    )
    table.add_column("measure")
    table.add_column("engine", justify="right")
    table.add_column("always Upheld", justify="right")
    table.add_column("items with a criteria set", justify="right")
    baseline, with_set = figures["baseline_always_upheld"], figures["with_criteria_set"]
    for name, value in figures.items():
        if isinstance(value, dict) or name in ("letters", "items", "part", "no_criteria_set"):
            continue
        table.add_row(
            name.replace("_", " "),
            _value(value),
            _value(baseline[name]) if name in _BASELINE else "",
            _value(with_set[name]) if name in with_set else "",
        )
    table.caption = (
        f"{plural(figures['no_criteria_set'], 'item')} had no criteria set "
        "(the reviewer decides those without criteria)"
    )
    out.print(table)
    halves = figures["by_part"]
    if len(halves) > 1:
        split = Table(title="By half of the fixed split (docs/EVALUATION.md)", title_justify="left")
        split.add_column("measure")
        for half, measures in halves.items():
            split.add_column(f"{half} ({plural(measures['letters'], 'letter')})", justify="right")
        for name in _BY_PART:
            split.add_row(name.replace("_", " "), *(_value(halves[half][name]) for half in halves))
        out.print(split)
    families = Table(title="By service family (real decision -> engine decision)")
    for column in ("family", "items", "U->U", "U->O", "O->U", "O->O"):
        families.add_column(column, justify="left" if column == "family" else "right")
    for family, agreement in by_family.items():
        families.add_row(
            family,
            str(agreement.items),
            str(agreement.upheld_as_upheld),
            str(agreement.upheld_as_overturned),
            str(agreement.overturned_as_upheld),
            str(agreement.overturned_as_overturned),
        )
    out.print(families)
