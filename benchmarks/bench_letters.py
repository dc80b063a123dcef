"""Letters per second: parsing text, extracting PDF text, and reading PDFs, on one core and all.

    make bench            # or: .venv/bin/python benchmarks/bench_letters.py [--rounds 5]

Each figure is the median of several rounds over the shared letters (../shared/data/letters),
held in memory so that disk speed does not count. One-core figures are letters per second of this
process's CPU time, so that other work on a shared machine slows them little; the all-core
figures are wall-clock. Compare medians and ratios, not single runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from openimr.corpus.rows import letter_rows
from openimr.letters.parse import parse_letter
from openimr.letters.source import pdf_text
from openimr.requests import parse as parse_request


def clear_request_cache() -> None:
    """Forget the request parser's cache, if it keeps one."""
    getattr(parse_request, "cache_clear", lambda: None)()


SHARED = Path(
    os.environ.get("OPENIMR_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)
LETTERS = SHARED / "data" / "letters"


def _rate(
    work: Callable[[], int], rounds: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    """Median letters per second of ``work`` (which returns how many letters it handled)."""
    rates = []
    for _ in range(rounds):
        start = clock()
        count = work()
        rates.append(count / (clock() - start))
    return statistics.median(rates)


def _rows_uncached(texts: Sequence[str]) -> int:
    """Letters to corpus rows as ingest makes them, every request parsed afresh (no cache)."""
    for text in texts:
        clear_request_cache()
        letter_rows(parse_letter(text), "letter.txt")
    return len(texts)


def _parse_texts(texts: Sequence[str]) -> int:
    for text in texts:
        parse_letter(text)
    return len(texts)


def _extract_pdfs(pdfs: Sequence[bytes]) -> int:
    for data in pdfs:
        pdf_text(data)
    return len(pdfs)


def _read_pdfs(pdfs: Sequence[bytes]) -> int:
    for data in pdfs:
        parse_letter(pdf_text(data))
    return len(pdfs)


def _parallel(
    function: Callable[[Sequence], int], batches: list[Sequence], workers: int
) -> Callable[[], int]:
    pool = ProcessPoolExecutor(max_workers=workers)
    list(pool.map(function, batches))  # warm the workers

    def work() -> int:
        return sum(pool.map(function, batches))

    work.pool = pool  # type: ignore[attr-defined]
    return work


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=4, help="passes over the letters per round")
    args = parser.parse_args()

    pdf_paths = sorted((LETTERS / "pdf").glob("*.pdf"))
    pdfs = [p.read_bytes() for p in pdf_paths] * args.repeat
    texts = [(LETTERS / "txt" / f"{p.stem}.txt").read_text() for p in pdf_paths] * args.repeat
    cores = os.cpu_count() or 1
    print(
        f"{len(pdf_paths)} letters x {args.repeat} passes, median of {args.rounds} rounds, {cores} cores\n"
    )

    cpu = time.process_time
    one = {
        "parse text": _rate(lambda: _parse_texts(texts), args.rounds, cpu),
        "extract PDF text (pypdfium2)": _rate(lambda: _extract_pdfs(pdfs), args.rounds, cpu),
        "read PDF (extract + parse)": _rate(lambda: _read_pdfs(pdfs), args.rounds, cpu),
        "text letter to corpus rows (parse + requests, no cache)": _rate(
            lambda: _rows_uncached(texts), args.rounds, cpu
        ),
    }
    every = {}
    for name, function, data in (
        ("parse text", _parse_texts, texts),
        ("extract PDF text (pypdfium2)", _extract_pdfs, pdfs),
        ("read PDF (extract + parse)", _read_pdfs, pdfs),
    ):
        batches = [data[i :: cores * 4] for i in range(cores * 4)]
        work = _parallel(function, batches, cores)
        every[name] = _rate(work, args.rounds)
        work.pool.shutdown()  # type: ignore[attr-defined]

    print(f"| measure | one core (CPU time), letters/s | {cores} cores (wall), letters/s |")
    print("|---|---:|---:|")
    for name, rate in one.items():
        wall = f"{every[name]:,.0f}" if name in every else "—"
        print(f"| {name} | {rate:,.0f} | {wall} |")
    extract, read = one["extract PDF text (pypdfium2)"], one["read PDF (extract + parse)"]
    print(
        f"\nreading a PDF takes {extract / read:.2f}x the time of extracting its text alone "
        f"(target <= 1.10; 1.19-1.25 before); of each PDF letter's time, extraction is {100 * read / extract:.0f}% "
        f"and parsing {100 - 100 * read / extract:.0f}%."
    )
    print(f"parsing text: {one['parse text']:,.0f} letters/s on one core (target >= 500).")
    rows = one["text letter to corpus rows (parse + requests, no cache)"]
    print(
        f"a text letter to corpus rows, every request parsed afresh: {rows:,.0f} letters/s on "
        f"one core ({1000 / rows:.2f} ms a letter; ingest before: 230 letters/s a core)."
    )
    print(
        f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
