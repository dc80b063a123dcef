"""Commands that decide a case file: review, and the JSON Schema of case files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from openimr.cli.app import app, fail, out
from openimr.domain import Decision

schema_app = typer.Typer(help="JSON Schemas of OpenIMR's file formats.", no_args_is_help=True)
app.add_typer(schema_app, name="schema")


@schema_app.command("case")
def schema_case() -> None:
    """Print the JSON Schema of the case file format (openimr-case/1)."""
    from openimr.cases import json_schema

    print(json.dumps(json_schema(), indent=2))


@app.command()
def review(
    case_file: Annotated[
        Path, typer.Argument(metavar="CASE", help="An IMR case file (YAML or JSON).")
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for determination.json and the letter files.")
    ],
    config: Annotated[
        Path | None, typer.Option(help="Settings: review organization and reviewer credentials.")
    ] = None,
) -> None:
    """Review a case: decide each disputed item and draft the Final Determination letter."""
    from openimr import cases
    from openimr.config import load_settings
    from openimr.letters import render
    from openimr.review import case_facts, decide
    from openimr.review.letter import draft_letter
    from openimr.review.summary import summary_text, write_summary

    if out_dir.exists() and not out_dir.is_dir():
        fail(f"--out: {out_dir} exists and is not a folder")
        raise typer.Exit(1)
    settings = load_settings(config)
    case = cases.load(case_file)  # every problem is reported before anything is written
    facts = case_facts(case)
    determination = decide(case, facts=facts)
    sentences = write_summary(case, facts)
    letter = draft_letter(case, determination, summary_text(sentences), settings)
    organization = render.ReviewOrganization(
        name=settings.review_organization.name, short_name=settings.review_organization.short_name
    )
    files = {
        "determination.json": json.dumps(
            {
                "format": "openimr-determination/1",
                "draft": True,
                "case_number": determination.case_number,
                "summary": {
                    "text": summary_text(sentences),
                    "sentences": [{"text": s.text, "sources": list(s.sources)} for s in sentences],
                },
                "items": [item.model_dump(mode="json") for item in determination.items],
            },
            indent=2,
        ),
        "letter.txt": render.to_text(letter, organization=organization),
        "letter.html": render.to_html(letter, organization=organization),
    }
    pdf = render.to_pdf(letter, organization=organization)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    (out_dir / "letter.pdf").write_bytes(pdf)
    table = Table(
        title=escape(
            f"Draft determination {determination.case_number or case_file.name} (not signed)"
        )
    )
    for column in ("item", "decision", "guideline", "criteria set"):
        table.add_column(column)
    for item in determination.items:
        colour = "red" if item.decision is Decision.UPHELD else "green"
        table.add_row(
            escape(item.request),
            f"[{colour}]{item.decision.value}[/{colour}]",
            escape(item.citations[0].document if item.citations else item.hierarchy_step),
            escape(item.criteria_set or "(none)"),
        )
    out.print(table)
    for number, item in enumerate(determination.items, start=1):
        out.print(
            f"\n[bold]{number}. {escape(item.request)}[/bold]: {item.decision.value}",
            highlight=False,
        )
        out.print(f"   {item.hierarchy_reason}", markup=False)
        out.print(f"   {item.rationale}", markup=False)
    out.print(f"\nwritten to {out_dir}/: determination.json, letter.txt, letter.html, letter.pdf")
