"""spaCy and medspaCy imported without the modules of theirs that OpenIMR never runs.

A short command (``openimr review`` of one case) pays for every module it imports, and these
packages import, for everyone, modules that only some users need (measured on the second
machine, CPU of one import):

- spaCy's package imports its own command line for ``spacy.info`` (``from .cli.info import
  info``): Typer commands, ``requests``, ``weasel``, Jinja2, and a YAML file of training
  recommendations read with a pure-Python loader; 0.2 to 0.3 s. :func:`import_spacy` gives
  spaCy a ``spacy.info`` that imports the real one when it is first called.
- ``spacy.util`` imports ``langcodes``, whose data module compiles one regular expression of
  about 40,000 characters (0.1 to 0.2 s); spaCy uses it only to find a language it has no
  module for (``spacy.blank("en")`` does not).
- medspaCy imports QuickUMLS, whose module imports NLTK (250 modules, 0.15 to 0.25 s) and uses
  it only when a QuickUMLS matcher is made, which OpenIMR's pipeline never does.

In each case the module that imports the unused one is given a stand-in
(:class:`ImportedOnFirstUse`, or a ``spacy.cli.info`` whose ``info`` imports the real function)
that is in ``sys.modules`` only while that import runs; so any later ``import`` of the module,
by OpenIMR or anyone, is the ordinary import of the real module, and the stand-in kept by the
importing module imports the real one the first time a name is read from it. None of their code
is changed. Nothing is done for a package that is imported already.

``import_spacy`` must run before anything imports spaCy (the command line calls it first).
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["ImportedOnFirstUse", "import_medspacy", "import_spacy"]


class ImportedOnFirstUse(types.ModuleType):
    """Stands for a module in the namespace of a module that imported it: the first name read
    from it imports the real module (the ordinary import) and is read from that."""

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get(self.__name__) is self:  # read while still standing in sys.modules
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: imports spaCy's command line and runs its ``info``."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


@contextmanager
def _standing_in(stand_ins: dict[str, types.ModuleType]) -> Iterator[None]:
    """``stand_ins`` in ``sys.modules`` (those names not imported already) during the block."""
    placed = {name: module for name, module in stand_ins.items() if name not in sys.modules}
    sys.modules.update(placed)
    try:
        yield
    finally:
        for name, module in placed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


def import_spacy() -> None:
    """Import spaCy without its command line and without ``langcodes`` (see the module)."""
    if "spacy" in sys.modules:
        return
    cli_info = types.ModuleType("spacy.cli.info")
    cli_info.info = _spacy_info  # type: ignore[attr-defined]
    with _standing_in({"spacy.cli.info": cli_info, "langcodes": ImportedOnFirstUse("langcodes")}):
        import spacy  # noqa: F401


def import_medspacy() -> None:
    """Import medspaCy (and spaCy, as :func:`import_spacy`) without NLTK (see the module)."""
    import_spacy()
    if "medspacy" in sys.modules:
        return
    with _standing_in({"nltk": ImportedOnFirstUse("nltk")}):
        import medspacy  # noqa: F401
