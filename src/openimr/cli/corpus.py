"""Commands over letters and the corpus: parse, ingest, stats, evaluate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

if TYPE_CHECKING:
    from openimr.corpus.stats import Rate

from openimr import letters
from openimr.cli.app import app, err, fail, out
from openimr.domain import Citation, Decision, Letter
from openimr.errors import OpenIMRError


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="Letters: PDF or text files.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Read Final Determination letters and print what each holds."""
    failed = 0
    for file in files:
        try:
            letter = letters.read(file)
        except OpenIMRError as error:
            fail(str(error))
            failed += 1
            continue
        if as_json:
            print(letter.model_dump_json())
        else:
            _print_letter(file, letter)
    if failed:
        raise typer.Exit(1)


def _print_letter(file: Path, letter: Letter) -> None:
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


@app.command()
def ingest(
    inputs: Annotated[list[Path], typer.Argument(help="Letter files and directories of letters.")],
    out_path: Annotated[Path, typer.Option("--out", help="The Parquet file to write.")],
    workers: Annotated[int, typer.Option(help="Processes to use (default: all cores).")] = 0,
) -> None:
    """Read many letters in parallel into a Parquet table, one row per disputed item."""
    # Imported here: pyarrow and duckdb take a while to load and 'parse' needs neither.
    from openimr.corpus.ingest import failures_file
    from openimr.corpus.ingest import ingest as ingest_letters

    with Progress(
        TextColumn("reading letters"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("letters", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = ingest_letters(inputs, out_path, workers=workers or None, progress=advance)
    out.print(f"{result.letters} letters, {result.items} disputed items written to {out_path}")
    if result.failures:
        err.print(
            f"{len(result.failures)} files could not be read (listed in {failures_file(out_path)}):"
        )
        for name, problem in result.failures:
            fail(f"{name}: {problem}")
        raise typer.Exit(1)


@app.command()
def stats(
    corpus: Annotated[Path, typer.Argument(help="A Parquet file written by 'openimr ingest'.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Uphold and overturn rates overall, by guideline document, specialty and service category."""
    from openimr.corpus.stats import corpus_stats

    breakdown = corpus_stats(corpus)
    if as_json:
        print(json.dumps(breakdown.as_dict(), indent=2))
        return
    out.print(f"{breakdown.letters} letters, {breakdown.overall.items} disputed items")
    for title, rates in [
        ("Overall", [breakdown.overall]),
        (
            "By guideline document (review organization's first citation)",
            breakdown.by_guideline_document,
        ),
        (
            "By reviewer specialty (an item counts once for each specialty)",
            breakdown.by_reviewer_specialty,
        ),
        ("By service category", breakdown.by_service_category),
    ]:
        out.print(_rate_table(title, rates))


def _rate_table(title: str, rates: list[Rate]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("group")
    for column in ("items", "upheld", "overturned", "upheld %", "overturned %"):
        table.add_column(column, justify="right")
    for rate in rates:
        table.add_row(
            rate.group,
            str(rate.items),
            str(rate.upheld),
            str(rate.overturned),
            f"{100 * rate.upheld_rate:.1f}",
            f"{100 * rate.overturned_rate:.1f}",
        )
    return table


@app.command()
def evaluate(
    inputs: Annotated[
        list[Path], typer.Argument(help="Letters (PDF or text) or directories of letters.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    report: Annotated[
        Path | None, typer.Option(help="Write one CSV row per item here (and a per-family CSV).")
    ] = None,
) -> None:
    """Decide each letter's case from its summary and requests only, and compare with the real decisions."""
    from openimr.corpus.evaluate import evaluate as run

    result = run(inputs)
    for name, problem in result.failures:
        fail(f"{name}: {problem}")
    if not result.outcomes:
        fail(
            "no letters to evaluate: " + (", ".join(map(str, inputs)) + " hold no readable letter")
        )
        raise typer.Exit(1)
    figures = result.figures()
    if report:
        families = result.write_report(report)
        err.print(f"report: {report} and {families}")
    if as_json:
        print(json.dumps(figures))
    else:
        table = Table(title=f"{figures['letters']} letters, {figures['items']} disputed items")
        table.add_column("measure")
        table.add_column("value", justify="right")
        for name, value in figures.items():
            if name not in ("letters", "items"):
                table.add_row(name.replace("_", " "), f"{value:.3f}")
        out.print(table)
        families = Table(title="By service family (real decision -> engine decision)")
        for column in ("family", "items", "U->U", "U->O", "O->U", "O->O"):
            families.add_column(column, justify="left" if column == "family" else "right")
        for family, agreement in result.by_family().items():
            families.add_row(
                family,
                str(agreement.items),
                str(agreement.upheld_as_upheld),
                str(agreement.upheld_as_overturned),
                str(agreement.overturned_as_upheld),
                str(agreement.overturned_as_overturned),
            )
        out.print(families)
    if result.failures:
        raise typer.Exit(1)
