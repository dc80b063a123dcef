"""A cache, in the user's cache folder, of work done on OpenIMR's packaged data files.

Reading the YAML of the packaged rule, guideline and vocabulary files takes about 0.3 s of a
short command's CPU (``openimr review`` of one case), almost all of it PyYAML building Python
objects, even with libyaml's C parser; the same files give the same objects every time. So
:func:`load_yaml` keeps what a text gave, and :func:`checked` remembers that a check passed.

- Where: ``$OPENIMR_CACHE_DIR``, else ``$XDG_CACHE_HOME/openimr``, else ``~/.cache/openimr``
  (``%LOCALAPPDATA%\\openimr\\cache`` on Windows). ``OPENIMR_CACHE_DIR=off`` turns it off.
- Keyed by the bytes of what was read and of what read it: an entry's name is a BLAKE2b digest
  of the text, of the loader's identity (PyYAML's version, and the bytes of the module that
  defines the loader class, so a changed loader never reads an old entry) and of the cache's
  format. A changed file is a new key; an old entry is simply not read again, and entries not
  written for 30 days are removed when a new one is written.
- Written atomically (a temporary file in the same folder, then renamed over the entry), so a
  reader sees a whole entry or none, however many processes write at once.
- Only plain data is kept (what ``yaml.safe_load`` makes: dicts, lists, strings, numbers,
  booleans, None, dates and times), and entries are read with an unpickler that refuses any
  other class, so an entry cannot make Python run code.
- Never in the way: an entry that cannot be read, is truncated or corrupt, or holds anything
  else is ignored and made again; a folder that cannot be written leaves the command to work
  without the cache. Errors in the data (invalid YAML) are raised as without the cache, and
  nothing is kept for them.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "checked", "load_yaml"]

#: Changes whenever what an entry holds changes meaning.
_FORMAT = b"openimr-datacache/1"
_SUFFIX = ".pickle"
_MAX_AGE_S = 30 * 24 * 3600
# The only classes an entry may hold besides pickle's own types (what safe YAML makes).
_ALLOWED = {
    ("datetime", "date"): dt.date,
    ("datetime", "datetime"): dt.datetime,
    ("datetime", "timedelta"): dt.timedelta,
    ("datetime", "timezone"): dt.timezone,
}


def cache_dir() -> Path | None:
    """The cache folder (not created here), or None when the cache is turned off."""
    named = os.environ.get("OPENIMR_CACHE_DIR")
    if named:
        return None if named.lower() == "off" else Path(named)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "openimr" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "openimr"


def load_yaml(text: str, loader: type[Any]) -> Any:
    """``yaml.load(text, Loader=loader)``, from the cache when this text was loaded before.

    Raises:
        yaml.YAMLError: as ``yaml.load`` (nothing is cached then).
    """
    import yaml

    identity = _loader_identity(loader.__module__, loader.__qualname__)
    key = _digest(b"yaml", identity, text.encode("utf-8"))
    return _cached(key, lambda: yaml.load(text, Loader=loader))


def checked(what: bytes, check: Callable[[], None]) -> None:
    """Run ``check`` unless it passed before for the same ``what``.

    ``what`` must name everything the check depends on (the data checked and the version of
    the code that checks it). The check passing is remembered; a check that raises is not.
    """

    def passed() -> bool:
        check()
        return True

    _cached(_digest(b"checked", what), passed)


def _cached(key: str, make: Callable[[], Any]) -> Any:
    folder = cache_dir()
    if folder is None:
        return make()
    path = folder / f"{key}{_SUFFIX}"
    try:
        with open(path, "rb") as entry:
            return _SafeUnpickler(entry).load()
    except Exception:  # missing, unreadable, truncated, corrupt or refused: made again
        pass
    value = make()
    _write(folder, path, value)
    return value


def _write(folder: Path, path: Path, value: Any) -> None:
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        _SafeUnpickler(io.BytesIO(data)).load()  # never keep what could not be read back
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(descriptor, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(folder, keep=path)
    except Exception:  # a folder that cannot be written: work without the cache
        return


def _prune(folder: Path, keep: Path) -> None:
    """Remove entries (and temporary files left by killed writers) older than 30 days."""
    oldest = time.time() - _MAX_AGE_S
    for entry in folder.iterdir():
        if entry != keep and entry.name.endswith((_SUFFIX, ".tmp")):
            try:
                if entry.stat().st_mtime < oldest:
                    entry.unlink()
            except OSError:
                pass


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[module, name]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache") from None


def _digest(*parts: bytes) -> str:
    digest = hashlib.blake2b(_FORMAT, digest_size=20)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


@functools.cache
def _loader_identity(module: str, name: str) -> bytes:
    """PyYAML's version, the loader's name and the bytes of the module that defines it."""
    import yaml

    source = getattr(sys.modules[module], "__file__", None)
    code = Path(source).read_bytes() if source else b""
    return b"\0".join((yaml.__version__.encode(), f"{module}.{name}".encode(), code))
