"""OpenIMR: Independent Medical Review for California workers' compensation.

>>> from openimr import letters
>>> letter = letters.read("CM16-0219557.pdf")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["__version__"]

if TYPE_CHECKING:
    __version__: str


def __getattr__(name: str) -> Any:
    # The installed version, read when first asked for: reading package metadata imports
    # importlib.metadata (0.05 to 0.1 s), which most commands do not otherwise need early.
    if name == "__version__":
        from importlib.metadata import version

        globals()["__version__"] = found = version("openimr")
        return found
    raise AttributeError(f"module 'openimr' has no attribute {name!r}")
