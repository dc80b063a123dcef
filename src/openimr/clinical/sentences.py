"""The sentence splitter component, ``openimr_sentence_splitter``.

A sentence ends at ".", "!" or "?" (and any closing quote or bracket) followed by white space
and a capital letter, digit, quote or bracket, or followed directly by a capital letter and a
lower-case one ("...2016.In a utilization review"); never after an abbreviation from
``data/sentence_splitting.yaml`` ("Tylenol No. 3", "Dr. Smith") or an initial ("J. Doe").
A blank line always ends a sentence.

medspaCy's PyRuSH splitter is pure Python here and runs at about 30 letter summaries a second;
this one keeps the whole pipeline above 100 a second.
"""

# No "from __future__ import annotations": spaCy resolves the factory signature at runtime.

import re
from typing import Any, cast

import numpy
from spacy.attrs import LENGTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from openimr.clinical.rules import sentence_abbreviations

__all__ = ["SentenceSplitter", "sentence_starts", "token_offsets"]

_END = re.compile(
    r"""(?P<word>[\w.]*?)(?P<stop>[.!?])["')\]]*"""
    r"""(?:(?P<space>\s+)(?=["'(\[]?[A-Z0-9])|(?=[A-Z][a-z]))"""
)
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def sentence_starts(text: str, abbreviations: frozenset[str]) -> list[int]:
    """Character offsets where a sentence starts, after the first; sorted, no duplicates.

    >>> sentence_starts("Pain 8/10. MRI was done.", frozenset())
    [11]
    """
    starts: set[int] = set()
    for match in _END.finditer(text):
        word = match.group("word").rstrip(".")
        before_word = text[match.start() - 1 : match.start()] if match.start() else " "
        is_initial = (
            len(word) == 1 and word.isupper() and (before_word.isspace() or before_word in '("')
        )
        if match.group("stop") == "." and (word.lower() in abbreviations or is_initial):
            continue
        if match.group("space") is None:
            # "2016.In": only after a lower-case letter or a digit, never inside "U.S.A"
            before = text[match.start("stop") - 1 : match.start("stop")]
            if not (before.islower() or before.isdigit()):
                continue
        starts.add(match.end())
    starts.update(match.end() for match in _BLANK_LINE.finditer(text))
    return sorted(start for start in starts if 0 < start < len(text))


@Language.factory("openimr_sentence_splitter")
class SentenceSplitter:
    """Sets ``token.is_sent_start`` for every token from the character-level rules above."""

    def __init__(self, nlp: Language, name: str = "openimr_sentence_splitter") -> None:
        self.name = name
        self.abbreviations = sentence_abbreviations()

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        offsets = token_offsets(doc)
        # a token starts a sentence when a start falls after the previous token's offset and at or
        # before its own: the first token at or after each start
        flags = numpy.full(len(doc), -1, dtype=numpy.int64)
        at = numpy.searchsorted(
            offsets, numpy.asarray(sentence_starts(doc.text, self.abbreviations), dtype=numpy.int64)
        )
        flags[at[at < len(doc)]] = 1
        flags[0] = 1
        # one array for the whole document, as ``token.is_sent_start = True/False`` would set
        # each token (1 starts a sentence, -1 does not), without a Python call per token
        doc.from_array([SENT_START], cast(Any, flags.astype(numpy.uint64).reshape(-1, 1)))
        return doc


def token_offsets(doc: Doc) -> numpy.ndarray:
    """Each token's character offset in the text (``token.idx``), for the whole document at once:
    the lengths and trailing spaces of the tokens before it add up to it."""
    lengths = doc.to_array([LENGTH, SPACY]).astype(numpy.int64).sum(axis=1)
    offsets: numpy.ndarray = numpy.zeros(len(doc), dtype=numpy.int64)
    numpy.cumsum(lengths[:-1], out=offsets[1:])
    return offsets
