"""The corpus jobs at scale: ingest and evaluate on a generated corpus of many letters.

    make bench            # or: .venv/bin/python benchmarks/bench_corpus.py [--letters 20000]

The corpus is generated from the shared text letters: renamed copies in a temporary folder, each
given its own case number (in its name and its text), so that every copy is a distinct letter and
none is left out as a repeat. Each job runs as ``openimr`` does, in a child process; memory is
the peak resident memory of the whole process tree (the job and its workers), sampled every
20 ms, and of the biggest single process. Two sizes (``--small`` and ``--letters``) show whether
memory stays flat; evaluate runs on one worker and on all cores to give the speed-up.

The machines are shared: the ratios (memory large/small, speed-up) are measured within one run
and are the figures to compare.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

SHARED = Path(
    os.environ.get("OPENIMR_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)
LETTERS = SHARED / "data" / "letters"
CASE_NUMBER = re.compile(r"CM\d\d-\d{7}")

# The figures before the streaming jobs (issue 12, measured on this machine, 2 cores).
BEFORE = {
    "ingest_letters_per_s": 459.0,  # 20,000 text letters, 2 cores
    "ingest_peak_mib": 641.0,
    "evaluate_items_per_s_one_core": 149.0,
}


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    peak_tree_mib: float
    peak_process_mib: float
    output: str


def steady_rate(folder: Path) -> float:
    """Rows per second between the first and the last shard written (start-up left out)."""
    lines = [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]
    shards = [line for line in lines if "shard" in line and line["files"]]
    if len(shards) < 3:
        return float("nan")
    rows = sum(line["items"] for line in shards[1:])
    return rows / (shards[-1]["at"] - shards[0]["at"])


def generate(count: int, folder: Path) -> None:
    """``count`` distinct text letters in ``folder``, copies of the shared ones renamed."""
    sources = [p.read_text(encoding="utf-8") for p in sorted((LETTERS / "txt").glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        number = f"CM{90 + i // 10_000_000:02d}-{i % 10_000_000:07d}"
        text = CASE_NUMBER.sub(number, sources[i % len(sources)])
        (folder / f"{number}.txt").write_text(text, encoding="utf-8")


def measure(command: list[str]) -> Run:
    """Run ``command``, sampling the resident memory of its process tree."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks = {"tree": 0, "one": 0}
    done = threading.Event()

    def sample() -> None:
        root = psutil.Process(process.pid)
        while not done.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                sizes = []
                for member in tree:
                    with contextlib.suppress(psutil.Error):
                        sizes.append(member.memory_info().rss)
                peaks["tree"] = max(peaks["tree"], sum(sizes))
                peaks["one"] = max(peaks["one"], max(sizes, default=0))
            except psutil.Error:
                pass
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{stderr}")
    return Run(seconds, cpu, peaks["tree"] / 2**20, peaks["one"] / 2**20, stdout)


def openimr(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "openimr", *map(str, args)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--letters", type=int, default=20_000, help="the large corpus")
    parser.add_argument("--small", type=int, default=2_000, help="the small corpus")
    parser.add_argument(
        "--evaluate-letters",
        type=int,
        default=None,
        help="evaluate on this many letters for the large run (default: --letters)",
    )
    parser.add_argument(
        "--speedup-letters", type=int, default=400, help="letters for the 1 vs all cores run"
    )
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    evaluate_large = args.evaluate_letters or args.letters

    with tempfile.TemporaryDirectory(prefix="openimr-bench-") as scratch:
        root = Path(scratch)
        sizes = sorted({args.small, args.letters, evaluate_large, args.speedup_letters})
        for size in sizes:
            generate(size, root / f"letters-{size}")
        print(
            f"corpora of {', '.join(f'{s:,}' for s in sizes)} text letters generated from the "
            f"{len(list((LETTERS / 'txt').glob('*.txt')))} shared ones; {cores} cores\n"
        )

        rows = []
        ingest: dict[int, Run] = {}
        for size in (args.small, args.letters):
            run = measure(openimr("ingest", root / f"letters-{size}", "--out", root / f"c-{size}"))
            ingest[size] = run
            rows.append(("ingest", size, cores, size / run.seconds, "letters/s", run))
        evaluate: dict[int, Run] = {}
        items: dict[int, int] = {}
        for size in (args.small, evaluate_large):
            if size in evaluate:
                continue
            folder = root / f"letters-{size}"
            run = measure(openimr("evaluate", folder, "--json", "--out", root / f"e-{size}"))
            evaluate[size] = run
            items[size] = json.loads(run.output)["items"]
            rows.append(("evaluate", size, cores, items[size] / run.seconds, "items/s", run))
        speed: dict[int, float] = {}
        steady: dict[int, float] = {}
        for workers in (1, cores):
            folder = root / f"letters-{args.speedup_letters}"
            out = root / f"s-{workers}"
            run = measure(
                openimr("evaluate", folder, "--json", "--workers", str(workers))
                + ["--out", str(out), "--batch-size", "8"]
            )
            count = json.loads(run.output)["items"]
            speed[workers] = count / run.seconds
            steady[workers] = steady_rate(out)
            rows.append(("evaluate", args.speedup_letters, workers, speed[workers], "items/s", run))

    print(
        "| job | letters | workers | rate (wall) | per CPU-second | "
        "peak memory, all processes | biggest process |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for job, size, workers, rate, unit, run in rows:
        print(
            f"| {job} | {size:,} | {workers} | {rate:,.0f} {unit} | "
            f"{rate * run.seconds / run.cpu_seconds:,.0f} | "
            f"{run.peak_tree_mib:,.0f} MiB | {run.peak_process_mib:,.0f} MiB |"
        )

    def ratio(runs: dict[int, Run], large: int) -> float:
        return runs[large].peak_tree_mib / runs[args.small].peak_tree_mib

    print()
    ingest_ratio = ratio(ingest, args.letters)
    print(
        f"ingest peak memory, {args.letters:,} vs {args.small:,} letters: {ingest_ratio:.2f}x "
        f"(target <= 1.25; before: {BEFORE['ingest_peak_mib']:.0f} MiB on 20,000, growing "
        "~26 KiB a letter)"
    )
    if evaluate_large != args.small:
        print(
            f"evaluate peak memory, {evaluate_large:,} vs {args.small:,} letters: "
            f"{ratio(evaluate, evaluate_large):.2f}x (target <= 1.25)"
        )
    large = ingest[args.letters]
    ingest_rate = args.letters / large.seconds
    per_core, before_per_core = ingest_rate / cores, BEFORE["ingest_letters_per_s"] / 2
    per_cpu = args.letters / large.cpu_seconds
    print(
        f"ingest of text letters: {ingest_rate:,.0f} letters/s on {cores} cores (wall), "
        f"{per_core:,.0f} a core: {per_core / before_per_core:.2f}x the {before_per_core:.0f} "
        f"a core before; {per_cpu:,.0f} letters per CPU-second: "
        f"{per_cpu / before_per_core:.2f}x (target >= 3x) - "
        + ("improved" if per_core > before_per_core else "not improved")
    )
    print(
        f"evaluate: {steady[1]:,.0f} items/s on one worker once started "
        f"(before {BEFORE['evaluate_items_per_s_one_core']:.0f}: "
        + ("improved" if steady[1] > BEFORE["evaluate_items_per_s_one_core"] else "not improved")
        + f"), {steady[cores]:,.0f} on {cores}: speed-up {steady[cores] / steady[1]:.2f}x "
        f"(target >= 1.8 from 1 to 2 workers); start-up included: {speed[1]:,.0f} and "
        f"{speed[cores]:,.0f} items/s, {speed[cores] / speed[1]:.2f}x"
    )


if __name__ == "__main__":
    main()
