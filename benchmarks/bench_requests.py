"""Requests per second: ``openimr.requests.parse`` on every request string of the shared letters.

    .venv/bin/python benchmarks/bench_requests.py [--rounds 5]

Two figures, each the median of several rounds over all disputed items' request strings of the
shared letters (../shared/data/letters/txt, or $OPENIMR_SHARED), parsed on one core:

- *uncached*: every string parsed afresh (the parse cache cleared before each round), which is
  the cost of a request never seen before;
- *cached*: the same strings again, as in a corpus where the same requests recur;

and, for the share of ingest they are, the text letters read and turned into corpus rows (what
``openimr ingest`` does per text letter, without writing), per CPU second, with the parse cache
cleared before each round and warm.

Times are CPU time of this process (time.process_time), so that other work on a shared machine
counts less; still, compare medians and ratios, not single runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from openimr import letters, requests
from openimr.corpus.rows import letter_rows
from openimr.letters.parse import parse_letter

SHARED = Path(
    os.environ.get("OPENIMR_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)
LETTERS = SHARED / "data" / "letters" / "txt"


def _strings() -> list[str]:
    """Every disputed item's request string of the shared letters, in file order."""
    return [
        item.request for path in sorted(LETTERS.glob("*.txt")) for item in letters.read(path).items
    ]


def _clear() -> None:
    clear = getattr(requests.parse, "cache_clear", None)
    if clear is not None:
        clear()


def _rate(texts: list[str], rounds: int, before: Callable[[], None]) -> float:
    rates = []
    for _ in range(rounds):
        before()
        start = time.process_time()
        for text in texts:
            requests.parse(text)
        rates.append(len(texts) / (time.process_time() - start))
    return statistics.median(rates)


def _ingest_rate(texts: list[str], rounds: int, before: Callable[[], None]) -> float:
    rates = []
    for _ in range(rounds):
        before()
        start = time.process_time()
        for number, text in enumerate(texts):
            letter_rows(parse_letter(text), f"letter-{number}.txt")
        rates.append(len(texts) / (time.process_time() - start))
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    texts = _strings()
    start = time.process_time()
    requests.parse("MRI of the lumbar spine")  # vocabularies loaded and compiled once
    load = time.process_time() - start
    uncached = _rate(texts, rounds, _clear)
    cached = _rate(texts, rounds, lambda: None)
    print(f"request strings:         {len(texts)}")
    print(f"vocabulary load:         {load * 1000:.0f} ms")
    print(f"parse, uncached:         {uncached:,.0f} requests/s ({1e6 / uncached:,.0f} µs each)")
    print(f"parse, cached:           {cached:,.0f} requests/s ({1e6 / cached:,.2f} µs each)")
    letter_texts = [path.read_text(encoding="utf-8") for path in sorted(LETTERS.glob("*.txt"))]
    print(f"ingest rows, uncached:   {_ingest_rate(letter_texts, rounds, _clear):,.0f} letters/s")
    print(
        f"ingest rows, cached:     {_ingest_rate(letter_texts, rounds, lambda: None):,.0f} letters/s"
    )


if __name__ == "__main__":
    main()
