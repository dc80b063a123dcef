"""Decisions per second of two versions of the code, measured side by side (A/B).

    .venv/bin/python benchmarks/bench_decisions_ab.py OLD_SRC NEW_SRC [--rounds 10]

e.g. ``git archive main src | tar -x -C /tmp/old`` then ``... /tmp/old/src src``. Each version
runs in its own process (its directory first on ``sys.path``), loads the letters' cases, the
knowledge base and the clinical pipeline, then waits; the rounds alternate between the two (A B
B A A B ...), so that both see the same load on a shared machine. A round decides every case
(fact extraction included), or only extracts the facts (``--measure extract``), or only judges with the facts extracted
before timing (``--measure judge``), and reports the
CPU time of its process. Figures: the medians, in disputed items per second, and the median of
the per-pair ratios new/old.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

_CHILD = r"""
import sys, time
from pathlib import Path
from openimr import letters
from openimr.corpus.evaluate import case_from_letter
from openimr.guidelines import KnowledgeBase
from openimr.review import case_facts, decide
cases = [case_from_letter(letters.read(p)) for p in sorted(Path(sys.argv[1]).glob("*.pdf"))]
kb = KnowledgeBase.load()
decide(cases[0], kb=kb)
items = sum(len(case.items) for case in cases)
facts = [case_facts(case) for case in cases] if sys.argv[2] == "judge" else []
work = {
    "decide": lambda: [decide(case, kb=kb) for case in cases],
    "extract": lambda: [case_facts(case) for case in cases],
    "judge": lambda: [decide(case, kb=kb, facts=f) for case, f in zip(cases, facts)],
}[sys.argv[2]]
print(items, flush=True)
for line in sys.stdin:
    start = time.process_time()
    work()
    print(time.process_time() - start, flush=True)
"""

SHARED = Path(
    os.environ.get("OPENIMR_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("old", type=Path, help="source directory of the first version (A)")
    parser.add_argument("new", type=Path, help="source directory of the second version (B)")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--measure", choices=("decide", "extract", "judge"), default="decide")
    args = parser.parse_args()
    for source in (args.old, args.new):
        if not (source / "openimr").is_dir():
            sys.exit(f"error: {source}: no openimr package in this directory")
    pdfs = str(SHARED / "data" / "letters" / "pdf")
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, pdfs, args.measure],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(source.resolve())},
        )
        for source in (args.old, args.new)
    ]
    items = [int(child.stdout.readline()) for child in children]  # type: ignore[union-attr]
    if items[0] != items[1]:
        sys.exit(f"error: the versions see {items[0]} and {items[1]} items")
    seconds: list[list[float]] = [[], []]
    for round_ in range(args.rounds):
        order = (0, 1) if round_ % 2 == 0 else (1, 0)
        for which in order:
            child = children[which]
            child.stdin.write("go\n")  # type: ignore[union-attr]
            child.stdin.flush()  # type: ignore[union-attr]
            seconds[which].append(float(child.stdout.readline()))  # type: ignore[union-attr]
    for child in children:
        child.stdin.close()  # type: ignore[union-attr]
        child.wait()
    rates = [[items[0] / s for s in runs] for runs in seconds]
    ratios = [old / new for old, new in zip(seconds[0], seconds[1], strict=True)]
    print(f"{args.measure}: {items[0]} items, {args.rounds} alternating rounds, CPU time")
    print("| version | median items/s | min | max |")
    print("|---|---:|---:|---:|")
    for name, runs in (("A " + str(args.old), rates[0]), ("B " + str(args.new), rates[1])):
        print(f"| {name} | {statistics.median(runs):.0f} | {min(runs):.0f} | {max(runs):.0f} |")
    print(f"median ratio B/A of the rounds: {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
