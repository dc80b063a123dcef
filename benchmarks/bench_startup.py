"""Start-up: ``openimr review`` of the seed example beside ``openimr --help`` (issue 12).

Each command is a whole process, timed from outside: wall time, and CPU time (user + system)
of the process and of the processes it waited for (the PDF process of ``review``), from
``os.wait4``. Runs alternate (review, --help, review, ...; with ``--before SRC``, the review of
that source tree too, in turn), after one warm-up round that is not counted; medians and ranges
are printed with the load average before and after. The user cache of parsed data files
(``openimr.datacache``) is warm after the warm-up round; ``--cold`` gives each review a new,
empty cache folder instead.

    .venv/bin/python benchmarks/bench_startup.py --runs 7
    .venv/bin/python benchmarks/bench_startup.py --runs 7 --before /tmp/old/src

Target (issue 12): review under 2 s on this machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPENIMR = Path(sys.executable).with_name("openimr")
CASE = "examples/seed-facet-and-trigger-point.yaml"
CONFIG = "examples/openimr.yaml"


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one command (CPU of it and of the processes it waited for)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{errors[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="counted runs of each command")
    parser.add_argument("--before", type=Path, help="also review with this source tree (its src)")
    parser.add_argument("--cold", action="store_true", help="an empty data cache for each review")
    args = parser.parse_args()
    sources = {"review": ROOT / "src"}
    if args.before:
        sources = {"review, before": args.before.resolve(), **sources}
    work = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    base_env = dict(os.environ)
    if not args.cold:
        base_env["OPENIMR_CACHE_DIR"] = str(work / "cache")
    helps = {"--help": ROOT / "src"}
    if args.before:
        helps = {"--help, before": args.before.resolve(), **helps}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in (*sources, *helps)}
    load_before = os.getloadavg()
    started = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    try:
        for round_ in range(args.runs + 1):
            for name, source in sources.items():
                out = work / "out"
                shutil.rmtree(out, ignore_errors=True)
                env = dict(base_env, PYTHONPATH=str(source))
                if args.cold:
                    env["OPENIMR_CACHE_DIR"] = tempfile.mkdtemp(dir=work)
                measured = run(
                    [str(OPENIMR), "review", CASE, "--out", str(out), "--config", CONFIG], env
                )
                if round_:
                    times[name].append(measured)
            for name, source in helps.items():
                measured = run([str(OPENIMR), "--help"], dict(base_env, PYTHONPATH=str(source)))
                if round_:
                    times[name].append(measured)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()
    print(
        f"{started} UTC, {args.runs} runs each after a warm-up, alternating; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after; "
        f"data cache {'cold' if args.cold else 'warm'}"
    )
    help_walls = {
        name: statistics.median(wall for wall, _ in measured)
        for name, measured in times.items()
        if name.startswith("--help")
    }
    print(
        f"{'command':17} {'wall s (median, range)':>26} {'CPU s (median, range)':>26} {'/ --help':>9}"
    )
    for name, measured in times.items():
        walls = sorted(wall for wall, _ in measured)
        cpus = sorted(cpu for _, cpu in measured)
        wall = statistics.median(walls)
        print(
            f"{name:17} {wall:8.2f} ({walls[0]:.2f}-{walls[-1]:.2f}) {'':6}"
            f"{statistics.median(cpus):8.2f} ({cpus[0]:.2f}-{cpus[-1]:.2f}) {'':6}"
            # each tree's review against its own --help
            f"{wall / help_walls['--help, before' if 'before' in name else '--help']:6.1f}x"
        )
    if args.before:
        pairs = zip(times["review, before"], times["review"], strict=True)
        ratios = sorted(after[0] / before[0] for before, after in pairs)
        print(f"after / before, run by run: wall median {statistics.median(ratios):.2f}x")
    review_wall = statistics.median(wall for wall, _ in times["review"])
    print(
        f"target: review under 2 s: {'met' if review_wall < 2 else 'not met'} ({review_wall:.2f} s)"
    )


if __name__ == "__main__":
    main()
