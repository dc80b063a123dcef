"""OpenIMR: Independent Medical Review for California workers' compensation.

>>> from openimr import letters
>>> letter = letters.read("CM16-0219557.pdf")
"""

from __future__ import annotations

from importlib.metadata import version

__all__ = ["__version__"]

__version__ = version("openimr")
