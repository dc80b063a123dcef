"""Reading the letters of a batch: every file named or found, each read or reported, none lost."""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

from openimr import letters
from openimr.domain import Letter
from openimr.errors import OpenIMRError

__all__ = ["find_letters", "internal_error", "letter_files", "read_letter", "read_letters"]

_SUFFIXES = (".pdf", ".txt")


def find_letters(inputs: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Path]]:
    """Every letter file named, or found (recursively) in a directory named, sorted, no repeats;
    and the files found in those directories that are not letters (neither .pdf nor .txt).

    A named file is taken whatever its suffix (so a bad one is reported, not skipped); in a
    directory only .pdf and .txt files are letters.
    """
    found: set[Path] = set()
    skipped: set[Path] = set()
    for entry in map(Path, inputs):
        if entry.is_dir():
            for p in entry.rglob("*"):
                if not p.is_file() or p.name.startswith("."):
                    continue
                (found if p.suffix.lower() in _SUFFIXES else skipped).add(p)
        else:
            found.add(entry)
    return sorted(found), sorted(skipped)


def letter_files(inputs: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Every letter file named, or found (recursively) in a directory named; sorted, no repeats."""
    return find_letters(inputs)[0]


def internal_error(error: Exception, doing: str) -> str:
    """A one-line problem for an unexpected error met while ``doing`` one letter of a batch, so
    the batch goes on: the error's type and where it was raised, never its message (which may
    quote the letter)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"an error in OpenIMR while {doing} ({type(error).__name__}{where}); please report it"


def read_letter(path: Path) -> tuple[Letter | None, str | None]:
    """The letter at ``path``, or None and the problem that kept it from being read."""
    try:
        return letters.read(path), None
    except OpenIMRError as error:
        return None, getattr(error, "problem", str(error))
    except Exception as error:  # a bug must not stop a batch of many letters
        return None, internal_error(error, "reading this letter")


def read_letters(
    inputs: Iterable[str | os.PathLike[str]],
) -> Iterator[tuple[Path, Letter | None, str | None]]:
    """Each letter file of the inputs, in order, with its letter or its problem."""
    for path in letter_files(inputs):
        yield (path, *read_letter(path))
