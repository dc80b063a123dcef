"""Letters per second: parsing text, extracting PDF text, and reading PDFs, on one core and all.

    make bench            # or: .venv/bin/python benchmarks/bench_letters.py [--rounds 5]

Each figure is the median of several rounds over the shared letters (../shared/data/letters),
held in memory so that disk speed does not count. One-core figures are letters per second of this
process's CPU time, so that other work on a shared machine slows them little; the all-core
figures are wall-clock. Compare medians and ratios, not single runs.

Reading a PDF is compared with extracting its text alone round by round: each round extracts
the letters and reads them (extract + parse) back to back, in alternating order, so that a
change in the machine's load between rounds falls on both; the ratio given is the median of the
rounds' ratios, beside the ratio of the two medians. "Extract" is pdf_text: pypdfium2 opening
the PDF and taking each page's text, pages joined with a form feed. "Read" is pdf_text and then
parse_letter of that text.
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


def _paired_rates(
    first: Callable[[], int], second: Callable[[], int], rounds: int
) -> tuple[float, float, float]:
    """Median letters per second (CPU time) of ``first`` and of ``second``, each round running
    both back to back (in turn first-then-second and second-then-first), and the median of the
    rounds' ratios of second's time to first's."""
    clock = time.process_time
    first_rates, second_rates, ratios = [], [], []
    for index in range(rounds):
        spent = {}
        for name, work in (("1", first), ("2", second))[:: 1 if index % 2 == 0 else -1]:
            start = clock()
            count = work()
            spent[name] = (clock() - start) / count
        first_rates.append(1 / spent["1"])
        second_rates.append(1 / spent["2"])
        ratios.append(spent["2"] / spent["1"])
    return (
        statistics.median(first_rates),
        statistics.median(second_rates),
        statistics.median(ratios),
    )


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

    pdf_texts = [pdf_text(data) for data in pdfs]
    cpu = time.process_time
    extract, read, paired_ratio = _paired_rates(
        lambda: _extract_pdfs(pdfs), lambda: _read_pdfs(pdfs), args.rounds
    )
    one = {
        "parse text": _rate(lambda: _parse_texts(texts), args.rounds, cpu),
        "parse PDF text (extracted beforehand)": _rate(
            lambda: _parse_texts(pdf_texts), args.rounds, cpu
        ),
        "extract PDF text (pypdfium2)": extract,
        "read PDF (extract + parse)": read,
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
    print(
        f"\nreading a PDF takes {paired_ratio:.2f}x the time of extracting its text alone "
        f"(median of the rounds' ratios; {extract / read:.2f}x as the ratio of the medians; "
        f"target <= 1.10, 1.16 before): extraction {1000 / extract:.2f} ms a letter, "
        f"read {1000 / read:.2f} ms; parsing the extracted text alone "
        f"{1000 / one['parse PDF text (extracted beforehand)']:.2f} ms."
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
