"""Commands that decide a case file: review, and the JSON Schema of case files."""

from __future__ import annotations

import gc
import json
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from openimr.cli.app import app, fail, out, say, warn
from openimr.cli.folders import output_problem, write_folder

if TYPE_CHECKING:
    from openimr.drafting import render

REVIEW_FILES = ("determination.json", "letter.txt", "letter.html", "letter.pdf")

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
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace an earlier review's files in --out (nothing else is touched)."
        ),
    ] = False,
) -> None:
    """Review a case: decide each disputed item and draft the Final Determination letter."""
    from openimr.drafting import render

    problem = output_problem(out_dir, force=force, writes=REVIEW_FILES)
    if problem:
        fail(f"--out: {problem}")
        raise typer.Exit(1)
    # WeasyPrint loads in a process of its own while this one builds the clinical pipeline and
    # decides (imported below, after the process has started).
    pdf = render.PdfProcess()
    with _short_lived():
        _review(case_file, out_dir, config, pdf)


@contextmanager
def _short_lived() -> Iterator[None]:
    """No garbage collection while a review runs, then what is left frozen.

    A review is a short process that makes many objects living to its end (modules, rules, the
    clinical pipeline): collecting every 700 allocations ran about 550 collections (0.3 s) and
    every 10,000 still 22 (0.2 s), freeing next to nothing; without collection the peak memory
    is 3.5 MB higher (122 MB). What is left is then frozen, so that neither a later collection
    nor the one at exit goes through it (0.15 s). Collection is as it was afterwards (for a
    review run inside another process, as in tests).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _review(case_file: Path, out_dir: Path, config: Path | None, pdf: render.PdfProcess) -> None:
    from openimr.deferred import import_spacy
    from openimr.domain import Decision
    from openimr.drafting import render

    import_spacy()  # first: spaCy without its command line (openimr.deferred)
    from openimr import cases
    from openimr.config import load_settings
    from openimr.drafting.letter import draft_letter
    from openimr.drafting.summary import summary_text, write_summary
    from openimr.review import case_facts, decide

    settings = load_settings(config)
    case = cases.load(case_file)  # every problem is reported before anything is written
    facts = case_facts(case)
    determination = decide(case, facts=facts)
    sentences = write_summary(case, facts)
    letter = draft_letter(case, determination, summary_text(sentences), settings)
    organization = render.ReviewOrganization(
        name=settings.review_organization.name, short_name=settings.review_organization.short_name
    )
    files: dict[str, str | bytes] = {
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
        "letter.pdf": pdf.to_pdf(letter, organization=organization),
    }
    write_folder(out_dir, files)
    table = Table(
        title=escape(
            f"Draft determination {determination.case_number or case_file.name} (not signed)"
        )
    )
    table.add_column("item")
    table.add_column("decision", no_wrap=True)
    table.add_column("guideline")
    table.add_column("criteria set", overflow="fold")
    for item in determination.items:
        colour = "red" if item.decision is Decision.UPHELD else "green"
        table.add_row(
            escape(item.request),
            f"[{colour}]{item.decision.value}[/{colour}]",
            escape((item.citations[0].document if item.citations else None) or item.hierarchy_step),
            escape(item.criteria_set or "(none)"),
        )
    out.print(table)
    for number, item in enumerate(determination.items, start=1):
        heading = textwrap.fill(
            f"{number}. {item.request}", width=max(out.width - len(item.decision.value) - 2, 40)
        )
        out.print(f"\n[bold]{escape(heading)}[/bold]: {item.decision.value}")
        for line in (
            item.hierarchy_reason,
            item.rationale,
            *(f"to check: {flag.kind.value}: {flag.detail}" for flag in item.flags),
        ):
            say(line, indent=3)
    out.print(f"\nwritten to {out_dir}/: {', '.join(files)}", markup=False)
    missing = settings.missing()
    if missing:
        warn(
            f"the draft leaves out {', '.join(missing)}: the settings file does not give "
            f"{'it' if len(missing) == 1 else 'them'} (--config or $OPENIMR_CONFIG; "
            "see examples/openimr.yaml)"
        )
