"""Decisions per second: the engine on the shared letters' cases, fact extraction included.

    make bench            # or: .venv/bin/python benchmarks/bench_decisions.py [--rounds 5]

Each letter becomes a case (header, clinical case summary, requests) as ``openimr evaluate``
builds it; a round decides every case in one process. Figures are medians over the rounds, in
items per second of this process's CPU time (the machines are shared: other work slows the wall
clock, much less the CPU time); the knowledge base and the clinical pipeline are loaded before
timing starts.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from pathlib import Path

from openimr import letters
from openimr.corpus.evaluate import case_from_letter
from openimr.guidelines import KnowledgeBase
from openimr.review import case_facts, decide

SHARED = Path(
    os.environ.get("OPENIMR_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)

# decide, fact extraction included: main (fcd4cf8) on the afternoon's machine, 2026-12-02 13:31 UTC,
# --rounds 3, load average 1.5-3 (230 on the first, faster machine on 2026-11-27)
BEFORE_ITEMS_PER_S = 68


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cases = [
        case_from_letter(letters.read(p))
        for p in sorted((SHARED / "data" / "letters" / "pdf").glob("*.pdf"))
    ]
    items = sum(len(case.items) for case in cases)
    kb = KnowledgeBase.load()
    decide(cases[0], kb=kb)  # load the clinical pipeline

    def timed(work) -> float:  # type: ignore[no-untyped-def]
        rates = []
        for _ in range(args.rounds):
            start = time.process_time()
            work()
            rates.append(items / (time.process_time() - start))
        return statistics.median(rates)

    facts = [case_facts(case) for case in cases]
    whole = timed(lambda: [decide(case, kb=kb) for case in cases])
    extract = timed(lambda: [case_facts(case) for case in cases])
    judge = timed(
        lambda: [decide(case, kb=kb, facts=f) for case, f in zip(cases, facts, strict=False)]
    )
    print(
        f"{len(cases)} cases, {items} disputed items, median of {args.rounds} rounds, one process\n"
    )
    print("| measure | items/s |")
    print("|---|---:|")
    print(f"| decide, fact extraction included | {whole:,.0f} |")
    print(f"| fact extraction alone | {extract:,.0f} |")
    print(f"| judging alone (facts given) | {judge:,.0f} |")
    print(
        f"\ndecisions: {whole:,.0f} items/s on one core (target >= 100; before: "
        f"{BEFORE_ITEMS_PER_S} items/s, "
        + ("improved" if whole > BEFORE_ITEMS_PER_S else "not improved")
        + ")."
    )
    print(
        f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
