"""The Typer application and the consoles every command writes to."""

from __future__ import annotations

import typer
from rich.console import Console

__all__ = ["app", "err", "fail", "out", "warn"]

app = typer.Typer(
    help="OpenIMR: Independent Medical Review for California workers' compensation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str) -> None:
    """Print one problem on stderr."""
    err.print(f"error: {message}", markup=False)


def warn(message: str) -> None:
    """Print a warning on stderr: the command goes on and exits 0."""
    err.print(f"warning: {message}", markup=False)
