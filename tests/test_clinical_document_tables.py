"""The per-document tables fact extraction reads instead of asking spaCy for each mention.

The sentence splitter sets every token's sentence start from one array, ``Sentences`` gives each
mention its sentence from one table, and each sentence's clause breaks are found once: on the
records of the example and new case files, each must give what spaCy (``token.idx``,
``span.sent``) and the plain rules (a token starts a sentence when a sentence start falls
between the previous token and it; a clause ends at the first break after the phrase) give.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc

from openimr.cases import load
from openimr.clinical import build_pipeline
from openimr.clinical.extract import _join_wrapped_lines
from openimr.clinical.mentions import _CLAUSE_BREAK, DocumentInfo, Mention, Sentences
from openimr.clinical.rules import sentence_abbreviations
from openimr.clinical.sentences import sentence_starts, token_offsets

ROOT = Path(__file__).resolve().parents[1]
CASE_FILES = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "fixtures" / "newcases").glob("*.yaml")
)
CASE_FILES = [path for path in CASE_FILES if path.name != "openimr.yaml"]  # a config file


def _texts() -> list[str]:
    texts = []
    for path in CASE_FILES:
        texts.extend(_join_wrapped_lines(record.text) for record in load(path).records)
    return [text for text in texts if text.strip()]


TEXTS = _texts()


@pytest.fixture(scope="module")
def docs() -> list[Doc]:
    nlp = build_pipeline()
    return [nlp(text) for text in TEXTS]


def test_there_are_records_to_check() -> None:
    assert len(TEXTS) >= 10
    assert sum(len(text) for text in TEXTS) > 20_000


def test_token_offsets_are_spacys(docs: list[Doc]) -> None:
    for doc in docs:
        assert token_offsets(doc).tolist() == [token.idx for token in doc]


@pytest.mark.parametrize(
    "text",
    [
        "  Pain 8/10.  MRI was done.\n\n\nNo fracture.",
        "Dr. Smith saw him on 10-26-16.He is 5.5 ft tall. J. Doe agreed!",
        "x",
        " ",
    ],
)
def test_sentence_starts_are_set_on_the_token_at_or_after_each_start(text: str) -> None:
    _check_sentence_starts(build_pipeline()(text))


def test_sentence_starts_on_the_records(docs: list[Doc]) -> None:
    for doc in docs:
        _check_sentence_starts(doc)


def _check_sentence_starts(doc: Doc) -> None:
    starts = sentence_starts(doc.text, sentence_abbreviations())
    for token in doc:
        previous = doc[token.i - 1].idx if token.i else -1
        expected = token.i == 0 or any(previous < start <= token.idx for start in starts)
        assert token.is_sent_start is expected, (token.i, token.idx)


def test_sentence_bounds_are_those_of_span_sent(docs: list[Doc]) -> None:
    for doc in docs:
        table = Sentences.of(doc)
        for token in doc:
            sentence = doc[token.i : token.i + 1].sent
            assert table.bounds(token.i) == (sentence.start_char, sentence.end_char)
        for span in doc.ents:  # a phrase's sentence is the one of its first token
            assert table.bounds(span.start) == (span.sent.start_char, span.sent.end_char)


def test_mentions_read_the_span_and_its_clause(docs: list[Doc]) -> None:
    checked = 0
    for doc in docs:
        info = DocumentInfo(
            text=doc.text,
            document=None,
            document_date=None,
            pivot_year=2035,
            ents=doc.ents,
            sentences=Sentences.of(doc),
        )
        for span in doc.ents:
            mention = Mention(span, info)
            assert (mention.start, mention.end) == (span.start_char, span.end_char)
            assert mention.lower == span.text.lower()
            assert mention.category == span.label_
            assert mention.sentence == span.sent.text
            start, end = span.sent.start_char, span.sent.end_char
            for found in _CLAUSE_BREAK.finditer(doc.text, start, end):
                if found.end() <= span.start_char:
                    start = found.end()
                elif found.start() >= span.end_char:
                    end = found.start()
                    break
            assert mention.clause_bounds() == (start, end)
            assert mention.clause_bounds() == (start, end)  # the second read, kept
            checked += 1
    assert checked > 100
