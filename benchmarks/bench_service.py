"""The case service under load: requests per second and p50/p99 latency for reading a case and
for drafting a determination, 50 concurrent clients on loopback, against PostgreSQL through a
real uvicorn server (``openimr serve``).

    make bench     # or: .venv/bin/python benchmarks/bench_service.py [--db URL] [--workers 2]

The database is ``--db``, else ``$OPENIMR_TEST_POSTGRES_URL``; without either the benchmark says
so and stops (exit 0). It works in a schema of its own, dropped afterwards. The cases are the
seed example's, received, their records added (their clinical facts are extracted then, as the
service does; the time it takes is reported) and taken to an assigned reviewer through the use
cases before the clock starts, in a process of its own. Reads are made by wrk (a C load
generator, Debian package ``wrk``: 50 connections, each sending its next request when the last
is answered, for --read-seconds), drafts by as many asyncio clients in this process (each draft
drafts a fresh case; a case is drafted once). Every client keeps its connection alive. The load
generator runs on the same machine as the server: its CPU, the server's and PostgreSQL's are
reported per request. Any error response fails the run (exit 1).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed-facet-and-trigger-point.yaml"
SETTINGS = ROOT / "examples" / "openimr.yaml"
SOLO_DRAFTS = 5


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    client_cpu: float = 0.0
    server_cpu: float = 0.0
    database_cpu: float = 0.0
    tool: str = "asyncio"
    # Set when the load generator reports its own counts and percentiles (wrk).
    requests: int | None = None
    percentiles: tuple[float, float] | None = None

    def line(self) -> str:
        done = self.requests if self.requests is not None else len(self.latencies)
        if self.percentiles is not None:
            p50, p99 = self.percentiles
        elif self.latencies:
            ordered = sorted(self.latencies)
            p50 = statistics.median(ordered)
            p99 = ordered[min(done - 1, int(0.99 * done))]
        else:
            p50 = p99 = float("nan")
        rate = done / self.seconds if self.seconds else 0.0

        def per(cpu: float) -> str:
            return f"{1000 * cpu / done:,.2f}" if done else "nan"

        return (
            f"| {self.name} | {self.tool} | {done:,} | {rate:,.1f} | {1000 * p50:,.1f} "
            f"| {1000 * p99:,.1f} | {len(self.errors)} | {per(self.server_cpu)} "
            f"| {per(self.database_cpu)} | {per(self.client_cpu)} |"
        )


_TICK = os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: int) -> float:
    """CPU seconds (user and system) a process has used, from /proc; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def _tree(pid: int) -> list[int]:
    """A process and its descendants (the uvicorn supervisor and its workers)."""
    found = [pid]
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        found.extend(_tree(int(child)))
    return found


def _database_pids() -> list[int]:
    """The PostgreSQL server's processes on this machine (its CPU is shared with other users of
    the server, so the figure is an upper bound)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


@dataclass
class CpuMeter:
    """CPU used by the server's processes and by PostgreSQL's across a phase."""

    server: int
    start: tuple[float, float] = (0.0, 0.0)

    def _now(self) -> tuple[float, float]:
        server = sum(_process_cpu(pid) for pid in _tree(self.server))
        database = sum(_process_cpu(pid) for pid in _database_pids())
        return server, database

    def begin(self) -> None:
        self.start = self._now()

    def end(self, phase: Phase) -> None:
        server, database = self._now()
        phase.server_cpu = server - self.start[0]
        phase.database_cpu = database - self.start[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _schema_url(url: str, schema: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}"


@dataclass
class Intake:
    """Seconds each case's add-records use case took (its records' facts are extracted then)."""

    seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p99(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def _prepare(url: str, cases: int) -> tuple[str, list[str], Intake]:
    """Migrate, register a reviewer and a user, and take ``cases`` cases to an assigned
    reviewer; the reviewer's token, the case ids and the time adding the records took."""
    import datetime as dt

    from openimr.api import accounts
    from openimr.api.demo import application_from_file
    from openimr.bootstrap import bootstrap
    from openimr.config import load_settings
    from openimr.db import uow_factory, upgrade
    from openimr.service import usecases
    from openimr.service.context import SYSTEM, Actor
    from openimr.service.model import Reviewer, Role

    upgrade(url)
    ctx = bootstrap(
        uow_factory=uow_factory(url), settings=load_settings(SETTINGS), load_knowledge=True
    )
    usecases.register_reviewer(
        ctx,
        SYSTEM,
        Reviewer(
            id="bench-reviewer",
            name="Dr Benchmark (fictional)",
            licensure_states=["California"],
            board_certifications=["Physical Medicine & Rehabilitation"],
            specialties=["Pain Medicine"],
            years_in_active_practice=15,
            hours_per_week=40,
            capacity=cases + 10,
        ),
    )
    user = accounts.create_user(
        ctx, SYSTEM, email="bench@example.org", role=Role.REVIEWER, reviewer_id="bench-reviewer"
    )
    token = accounts.issue_token(ctx, SYSTEM, user.id).token
    staff = Actor(user_id="bench", role=Role.CASE_MANAGER)
    seed = application_from_file(SEED)
    records = seed.case.records
    bare = seed.case.model_copy(update={"records": []})
    received = dt.date.today() - dt.timedelta(days=3)
    ids = []
    intake = Intake([])
    for number in range(cases):
        application = seed.model_copy(
            update={
                "case_number": f"CM99-{number:07d}",
                "received": received,
                "case": bare.model_copy(
                    update={
                        "received": received,
                        "ur_decision_date": received - dt.timedelta(days=10),
                    }
                ),
            }
        )
        case = usecases.receive_application(ctx, staff, application)
        usecases.check_eligibility(ctx, staff, case.id)
        usecases.request_records(ctx, staff, case.id)
        started = time.perf_counter()
        usecases.add_records(ctx, staff, case.id, records)
        intake.seconds.append(time.perf_counter() - started)
        outcome = usecases.assign_reviewer(ctx, staff, case.id)
        if not outcome.assigned:
            raise SystemExit(f"benchmark set-up: case {case.id} found no reviewer")
        ids.append(case.id)
    return token, ids, intake


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes]:
    """One request and its response on a kept-alive HTTP/1.1 connection (the server's
    responses carry a Content-Length)."""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = next(
        (
            int(v)
            for n, _, v in (x.partition(b":") for x in lines[1:])
            if n.lower() == b"content-length"
        ),
        None,
    )
    if length is None:
        raise ValueError(f"status {status} without a Content-Length")
    return status, await reader.readexactly(length)


async def _run(
    phase: Phase,
    base: str,
    token: str,
    method: str,
    paths: list[str],
    *,
    clients: int,
    total: int,
    max_seconds: float,
    cycle: bool,
) -> None:
    """``clients`` concurrent clients send ``total`` requests (cycling through ``paths``, or
    each path once), stopping early after ``max_seconds``. Each client has its own kept-alive
    connection and sends its next request when the last is answered. A plain asyncio HTTP/1.1
    client: httpx spent 12 to 30 ms of CPU a request here, on the cores the server needs."""
    host, port = base.removeprefix("http://").split(":")
    sent = 0
    stop = time.perf_counter() + max_seconds

    async def one_client() -> None:
        nonlocal sent
        connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        try:
            while time.perf_counter() < stop:
                if sent >= total or (not cycle and sent >= len(paths)):
                    return
                path = paths[sent % len(paths)]
                sent += 1
                request = (
                    f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                    f"Authorization: Bearer {token}\r\nContent-Length: 0\r\n\r\n"
                ).encode()
                started = time.perf_counter()
                try:
                    if connection is None:
                        connection = await asyncio.open_connection(host, int(port))
                    status, body = await _exchange(*connection, request)
                except (OSError, ValueError, asyncio.IncompleteReadError) as error:
                    phase.errors.append(f"{path}: {type(error).__name__}")
                    if connection is not None:
                        connection[1].close()
                    connection = None
                    continue
                phase.latencies.append(time.perf_counter() - started)
                if status >= 300:
                    phase.errors.append(f"{path}: {status} {body[:200]!r}")
        finally:
            if connection is not None:
                connection[1].close()

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    phase.seconds = time.perf_counter() - started
    phase.client_cpu = time.process_time() - cpu


# wrk's script: each connection's next request reads the next case in turn; an answer other
# than 200 is counted; at the end, the counts and percentiles as one JSON line.
WRK_SCRIPT = """
local paths = {PATH_LIST}
local threads = {}
local offset = 0
function setup(thread)
  thread:set("start", offset)
  offset = offset + 17
  table.insert(threads, thread)
end
function init(args)
  position = start
  not_ok = 0
end
function request()
  position = position + 1
  return wrk.format("GET", paths[(position % #paths) + 1])
end
function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
    if not_ok < 3 then io.write("STATUS " .. status .. " " .. body:sub(1, 200) .. "\\n") end
  end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("not_ok") end
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "microseconds": %d, "p50": %d, "p99": %d, "not_200": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    bad, e.connect, e.read, e.write, e.timeout))
end
"""


def _wrk(
    phase: Phase,
    base: str,
    token: str,
    paths: list[str],
    *,
    clients: int,
    seconds: float,
    script: Path,
) -> None:
    """``clients`` connections (two wrk threads), each sending its next GET when the last is
    answered, for ``seconds``; wrk's own percentiles and counts."""
    listed = ", ".join(json.dumps(path) for path in paths)
    script.write_text(WRK_SCRIPT.replace("PATH_LIST", listed))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [
            "wrk",
            "--threads",
            str(min(2, clients)),
            "--connections",
            str(clients),
            "--duration",
            f"{seconds:.0f}s",
            "--timeout",
            "60s",
            "--latency",
            "--header",
            f"Authorization: Bearer {token}",
            "--script",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    phase.tool = "wrk"
    phase.client_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK ")), None)
    if done.returncode != 0 or line is None:
        phase.errors.append(f"wrk failed ({done.returncode}): {done.stderr.strip()[:300]}")
        return
    counts = json.loads(line[4:])
    phase.requests = counts["requests"]
    phase.seconds = counts["microseconds"] / 1e6
    phase.percentiles = (counts["p50"] / 1e6, counts["p99"] / 1e6)
    phase.errors.extend(x[7:] for x in done.stdout.splitlines() if x.startswith("STATUS "))
    for kind in ("not_200", "connect", "read", "write", "timeout"):
        if counts[kind]:
            phase.errors.append(f"wrk: {counts[kind]} {kind.replace('_', ' ')}")


def _wait_until_up(base: str, server: subprocess.Popen[bytes], seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("benchmark: the server stopped while starting")
        try:
            if httpx.get(f"{base}/openapi.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("benchmark: the server did not start")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--prepare"]:
        token, ids, intake = _prepare(argv[1], cases=int(argv[2]))
        print(json.dumps({"token": token, "ids": ids, "seconds": intake.seconds}))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("OPENIMR_TEST_POSTGRES_URL"))
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument(
        "--load-generator",
        choices=("wrk", "asyncio"),
        default="wrk",
        help="for the reads: wrk (C, little CPU; Debian package wrk) or asyncio clients (Python)",
    )
    parser.add_argument("--reads", type=int, default=3000, help="reads by asyncio clients")
    parser.add_argument("--read-seconds", type=float, default=20.0, help="reads by wrk")
    parser.add_argument("--drafts", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--no-access-log",
        action="store_true",
        help="serve with --no-access-log (as behind a proxy that logs requests)",
    )
    parser.add_argument("--max-seconds", type=float, default=120.0, help="per phase")
    args = parser.parse_args(argv)
    if not args.db or not args.db.startswith("postgres"):
        print(
            "bench_service: skipped, no PostgreSQL server named (--db or OPENIMR_TEST_POSTGRES_URL)"
        )
        return 0
    if args.load_generator == "wrk" and shutil.which("wrk") is None:
        print(
            "bench_service: wrk is not installed (apt-get install wrk, or --load-generator asyncio)"
        )
        return 1

    import psycopg

    from openimr.db import normalize_url

    plain = args.db.replace("postgresql+psycopg://", "postgresql://")
    schema = f"openimr_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    url = _schema_url(normalize_url(args.db), schema)
    server: subprocess.Popen[bytes] | None = None
    phases: list[Phase] = []
    try:
        warm = 4 * args.workers  # drafts before the clock starts (a process's first is slower)
        # In a process of its own: the use cases load the clinical pipeline and the knowledge
        # base, and a load generator holding them spends its CPU in the garbage collector.
        prepared = subprocess.run(
            [sys.executable, __file__, "--prepare", url, str(args.drafts + SOLO_DRAFTS + warm)],
            capture_output=True,
            text=True,
            check=False,
        )
        if prepared.returncode != 0:
            raise SystemExit(f"benchmark set-up failed: {prepared.stderr.strip()[-500:]}")
        ready = json.loads(prepared.stdout.strip().splitlines()[-1])
        token, ids, intake = ready["token"], ready["ids"], Intake(ready["seconds"])
        print(
            f"set-up: {len(ids)} cases assigned; adding their records took {intake.median:.3f} s "
            f"a case (median; p99 {intake.p99:.3f} s), their clinical facts extracted then"
        )
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "openimr",
                "serve",
                "--db",
                url,
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--config",
                str(SETTINGS),
                *(["--no-access-log"] if args.no_access_log else []),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_until_up(base, server)
        meter = CpuMeter(server.pid)
        reads = [f"/api/cases/{case_id}" for case_id in ids]
        drafts = [f"{path}/draft" for path in reads]

        def client_phase(
            name: str, method: str, paths: list[str], clients: int, total: int, cycle: bool
        ) -> Phase:
            phase = Phase(name)
            meter.begin()
            asyncio.run(
                _run(
                    phase,
                    base,
                    token,
                    method,
                    paths,
                    clients=clients,
                    total=total,
                    max_seconds=args.max_seconds,
                    cycle=cycle,
                )
            )
            meter.end(phase)
            return phase

        def wrk_phase(name: str, clients: int, seconds: float) -> Phase:
            phase = Phase(name)
            meter.begin()
            _wrk(
                phase,
                base,
                token,
                reads,
                clients=clients,
                seconds=seconds,
                script=ROOT / f".bench-{schema}.lua",
            )
            meter.end(phase)
            return phase

        try:
            phases.append(client_phase("warm-up", "GET", reads, args.workers * 4, 400, True))
            if args.load_generator == "wrk":
                phases.append(wrk_phase("read a case, 1 client", 1, 5))
                phases.append(
                    wrk_phase(
                        f"read a case, {args.clients} clients", args.clients, args.read_seconds
                    )
                )
            else:
                phases.append(client_phase("read a case, 1 client", "GET", reads, 1, 200, True))
                phases.append(
                    client_phase(
                        f"read a case, {args.clients} clients",
                        "GET",
                        reads,
                        args.clients,
                        args.reads,
                        True,
                    )
                )
        finally:
            (ROOT / f".bench-{schema}.lua").unlink(missing_ok=True)
        if args.drafts:
            phases.append(
                client_phase("draft warm-up", "POST", drafts[-warm:], 2 * args.workers, warm, False)
            )
            phases.append(
                client_phase(
                    "draft a determination, 1 client",
                    "POST",
                    drafts[:SOLO_DRAFTS],
                    1,
                    SOLO_DRAFTS,
                    False,
                )
            )
            phases.append(
                client_phase(
                    f"draft a determination, {args.clients} clients",
                    "POST",
                    drafts[SOLO_DRAFTS : SOLO_DRAFTS + args.drafts],
                    args.clients,
                    args.drafts,
                    False,
                )
            )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
    log = "no access log" if args.no_access_log else "access log on"
    print(
        f"\n{args.clients} concurrent clients, {args.workers} uvicorn worker(s), {log}, "
        "PostgreSQL\n"
    )
    print(
        "| measure (GET /api/cases/{id}, POST /api/cases/{id}/draft) | load generator "
        "| requests | requests/s | p50 ms | p99 ms | errors | server CPU ms/request "
        "| PostgreSQL CPU ms/request | load generator CPU ms/request |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for phase in phases:
        if "warm-up" not in phase.name:
            print(phase.line())
    print(f"\nload average at the end (1, 5, 15 min): {os.getloadavg()}")
    errors = [error for phase in phases for error in phase.errors]
    for error in errors[:10]:
        print(f"error: {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
