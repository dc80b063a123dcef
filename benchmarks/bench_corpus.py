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


def worker_cpu_ms(folder: Path) -> float:
    """The workers' CPU milliseconds a letter, from the manifest (start-up of each worker in)."""
    lines = [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]
    shards = [line for line in lines if "shard" in line and line["files"]]
    files = sum(len(line["files"]) for line in shards)
    return 1000 * sum(line.get("cpu", 0.0) for line in shards) / files if files else float("nan")


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
    parser.add_argument(
        "--jobs",
        default="ingest,evaluate,speedup",
        help="which measurements to make (comma-separated: ingest, evaluate, speedup)",
    )
    args = parser.parse_args()
    jobs = set(args.jobs.split(","))
    cores = len(os.sched_getaffinity(0))
    evaluate_large = args.evaluate_letters or args.letters

    with tempfile.TemporaryDirectory(prefix="openimr-bench-") as scratch:
        root = Path(scratch)
        sizes = sorted(
            {args.small}
            | ({args.letters} if "ingest" in jobs else set())
            | ({evaluate_large} if "evaluate" in jobs else set())
            | ({args.speedup_letters} if "speedup" in jobs else set())
        )
        for size in sizes:
            generate(size, root / f"letters-{size}")
        print(
            f"corpora of {', '.join(f'{s:,}' for s in sizes)} text letters generated from the "
            f"{len(list((LETTERS / 'txt').glob('*.txt')))} shared ones; {cores} cores\n"
        )
        print(
            "| job | letters | workers | rate (wall) | per CPU-second | worker CPU a letter | "
            "peak memory, all processes | biggest process |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|", flush=True)

        def row(
            job: str, size: int, workers: int, count: int, unit: str, run: Run, out: Path
        ) -> None:
            print(
                f"| {job} | {size:,} | {workers} | {count / run.seconds:,.0f} {unit} | "
                f"{count / run.cpu_seconds:,.0f} | {worker_cpu_ms(out):.2f} ms | "
                f"{run.peak_tree_mib:,.0f} MiB | {run.peak_process_mib:,.0f} MiB |",
                flush=True,
            )

        verdicts: list[str] = []
        if "ingest" in jobs:
            ingest: dict[int, Run] = {}
            for size in (args.small, args.letters):
                out = root / f"c-{size}"
                ingest[size] = measure(openimr("ingest", root / f"letters-{size}", "--out", out))
                row("ingest", size, cores, size, "letters/s", ingest[size], out)
            ratio = ingest[args.letters].peak_tree_mib / ingest[args.small].peak_tree_mib
            verdicts.append(
                f"ingest peak memory, {args.letters:,} vs {args.small:,} letters: {ratio:.2f}x "
                f"(target <= 1.25; before: {BEFORE['ingest_peak_mib']:.0f} MiB on 20,000, "
                "growing ~26 KiB a letter)"
            )
            large = ingest[args.letters]
            per_core = args.letters / large.seconds / cores
            before_per_core = BEFORE["ingest_letters_per_s"] / 2
            per_cpu = args.letters / large.cpu_seconds
            verdicts.append(
                f"ingest of text letters: {per_core:,.0f} letters/s a core (wall, {cores} cores): "
                f"{per_core / before_per_core:.2f}x the {before_per_core:.0f} a core before; "
                f"{per_cpu:,.0f} letters per CPU-second: {per_cpu / before_per_core:.2f}x "
                "(target >= 3x) - " + ("improved" if per_core > before_per_core else "not improved")
            )
        if "evaluate" in jobs:
            evaluate: dict[int, Run] = {}
            for size in sorted({args.small, evaluate_large}):
                out = root / f"e-{size}"
                run = measure(openimr("evaluate", root / f"letters-{size}", "--json", "--out", out))
                evaluate[size] = run
                items = json.loads(run.output)["items"]
                row("evaluate", size, cores, items, "items/s", run, out)
            if evaluate_large != args.small:
                ratio = evaluate[evaluate_large].peak_tree_mib / evaluate[args.small].peak_tree_mib
                verdicts.append(
                    f"evaluate peak memory, {evaluate_large:,} vs {args.small:,} letters: "
                    f"{ratio:.2f}x (target <= 1.25)"
                )
        if "speedup" in jobs:
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
                row("evaluate", args.speedup_letters, workers, count, "items/s", run, out)
            before = BEFORE["evaluate_items_per_s_one_core"]
            verdicts.append(
                f"evaluate: {steady[1]:,.0f} items/s on one worker once started (before "
                f"{before:.0f}: "
                + ("improved" if steady[1] > before else "not improved")
                + f"), {steady[cores]:,.0f} on {cores}: speed-up "
                f"{steady[cores] / steady[1]:.2f}x (target >= 1.8 from 1 to 2 workers); "
                f"start-up included: {speed[1]:,.0f} and {speed[cores]:,.0f} items/s, "
                f"{speed[cores] / speed[1]:.2f}x"
            )
    print()
    for verdict in verdicts:
        print(verdict)


if __name__ == "__main__":
    main()
