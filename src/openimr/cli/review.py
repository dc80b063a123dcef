"""Commands that decide: evaluate against real letters, and the JSON Schema of case files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from openimr.cli.app import app, err, fail, out

schema_app = typer.Typer(help="JSON Schemas of OpenIMR's file formats.", no_args_is_help=True)
app.add_typer(schema_app, name="schema")


@schema_app.command("case")
def schema_case() -> None:
    """Print the JSON Schema of the case file format (openimr-case/1)."""
    from openimr.cases import json_schema

    print(json.dumps(json_schema(), indent=2))


@app.command()
def evaluate(
    inputs: Annotated[list[Path], typer.Argument(help="Letters (PDF or text) or directories of letters.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    report: Annotated[Path | None, typer.Option(help="Write one CSV row per item here (and a per-family CSV).")] = None,
) -> None:
    """Decide each letter's case from its summary and requests only, and compare with the real decisions."""
    from openimr.corpus.evaluate import evaluate as run

    result = run(inputs)
    for name, problem in result.failures:
        fail(f"{name}: {problem}")
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
            families.add_row(family, str(agreement.items), str(agreement.upheld_as_upheld),
                             str(agreement.upheld_as_overturned), str(agreement.overturned_as_upheld),
                             str(agreement.overturned_as_overturned))
        out.print(families)
    if result.failures:
        raise typer.Exit(1)
