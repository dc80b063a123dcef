"""Final Determination letters: reading them (PDF or text, every known format).

>>> from openimr import letters
>>> letter = letters.read("CM16-0219557.pdf")
>>> letter.items[0].decision
<Decision.UPHELD: 'Upheld'>
"""

from __future__ import annotations

import os

from openimr.domain import Letter
from openimr.letters.parse import parse_letter
from openimr.letters.source import raw_text

__all__ = ["read"]


def read(source: str | os.PathLike[str] | bytes) -> Letter:
    """Read a Final Determination letter from a PDF or text file, its bytes, or its text.

    Raises:
        LetterFormatError: the input is not a readable Final Determination letter; the message
            names the file and what is wrong.
    """
    text, name = raw_text(source)
    return parse_letter(text, name)
