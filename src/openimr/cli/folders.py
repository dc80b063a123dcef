"""The output folder of a command that writes several files: refused when it holds other files,
filled through a temporary folder beside it so that it is never left half written."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["output_problem", "write_folder"]


def output_problem(out_dir: Path, *, force: bool, writes: Iterable[str]) -> str | None:
    """Why a command that ``writes`` these file names may not write into ``out_dir``, or None.

    A folder that holds anything is refused, so that an earlier run's output is never
    overwritten by mistake; ``--force`` allows replacing an earlier run's files, never a
    folder that holds other files.
    """
    if not out_dir.exists():
        return None
    if not out_dir.is_dir():
        return f"{out_dir} exists and is not a folder"
    held = sorted(path.name for path in out_dir.iterdir())
    if not held:
        return None
    if not force:
        return f"{out_dir} is not empty; give --force to replace what an earlier run wrote there"
    others = [name for name in held if name not in set(writes)]
    if others:
        return (
            f"{out_dir} holds {others[0]}, which this command does not write; "
            "give an empty folder or one holding only an earlier run's files"
        )
    return None


def write_folder(out_dir: Path, files: dict[str, str | bytes]) -> None:
    """Write ``files`` into a temporary folder beside ``out_dir``, then move it into place.

    The user sees either the earlier folder or the whole new one, never a mix; if anything
    fails, the earlier folder is left as it was and the temporary one is removed.
    """
    out_dir = out_dir.absolute()  # "--out ." names the folder itself, with a parent to stage in
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        for name, content in files.items():
            if isinstance(content, bytes):
                (staging / name).write_bytes(content)
            else:
                (staging / name).write_text(content, encoding="utf-8")
        if not out_dir.exists() or not any(out_dir.iterdir()):
            os.replace(staging, out_dir)  # an empty folder is replaced in one step
            return
        earlier = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.earlier.", dir=out_dir.parent))
        try:
            os.replace(out_dir, earlier / "review")
            try:
                os.replace(staging, out_dir)
            except OSError:
                os.replace(earlier / "review", out_dir)
                raise
        finally:
            shutil.rmtree(earlier, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
