"""The Typer application and the consoles every command writes to."""

from __future__ import annotations

import textwrap
from typing import Annotated

import typer
from rich.console import Console

__all__ = ["app", "err", "fail", "out", "say", "warn"]

app = typer.Typer(
    help="OpenIMR: Independent Medical Review for California workers' compensation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: a flag reads as a flag ("--json", not "--json <bool>") and fits 80 columns.
    rich_markup_mode=None,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _print_version(wanted: bool) -> None:
    if wanted:
        from openimr import __version__

        print(f"openimr {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_print_version, is_eager=True
        ),
    ] = False,
) -> None:
    """OpenIMR: Independent Medical Review for California workers' compensation."""


def fail(message: str) -> None:
    """Print one problem on stderr."""
    err.print(f"error: {message}", markup=False)


def warn(message: str) -> None:
    """Print a warning on stderr: the command goes on and exits 0."""
    err.print(f"warning: {message}", markup=False)


def say(text: str, indent: int = 0) -> None:
    """Print plain text (no markup) wrapped to the terminal's width, every line indented."""
    margin = " " * indent
    out.print(
        textwrap.fill(
            text, width=max(out.width, 40), initial_indent=margin, subsequent_indent=margin
        ),
        markup=False,
    )
