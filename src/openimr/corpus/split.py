"""The fixed split of the development letters: a half to write rules against, a half to measure on.

The rule is stated in docs/EVALUATION.md: a letter belongs to the *holdout* half when the last
hexadecimal digit of the SHA-256 of its case number (as printed, e.g. ``CM16-0219557``) is odd,
and to the *develop* half otherwise. It depends on nothing but the case number, so it is the
same on every machine and for every letter ever added.
"""

from __future__ import annotations

import hashlib
from enum import Enum

__all__ = ["Part", "part_of"]


class Part(str, Enum):
    DEVELOP = "develop"
    HOLDOUT = "holdout"


def part_of(case_number: str) -> Part:
    """The half of the split a letter belongs to, by its case number."""
    digest = hashlib.sha256(case_number.strip().upper().encode("ascii")).hexdigest()
    return Part.HOLDOUT if int(digest[-1], 16) % 2 else Part.DEVELOP
