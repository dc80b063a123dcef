"""The case service under load: requests per second and p50/p99 latency for reading a case and
for drafting a determination, 50 concurrent clients on loopback, against PostgreSQL through a
real uvicorn server (``openimr serve``).

    make bench     # or: .venv/bin/python benchmarks/bench_service.py [--db URL] [--workers 2]

The database is ``--db``, else ``$OPENIMR_TEST_POSTGRES_URL``; without either the benchmark says
so and stops (exit 0). It works in a schema of its own, dropped afterwards. The cases are the
seed example's, received and taken to an assigned reviewer through the use cases before the
clock starts; each draft request drafts a fresh case (a case is drafted once). Counts and time
are bounded (--reads, --drafts, --max-seconds); any error response fails the run (exit 1).
The load generator runs on the same machine as the server: its CPU counts against the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
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

    def line(self) -> str:
        done = len(self.latencies)
        ordered = sorted(self.latencies)
        p50 = statistics.median(ordered) if ordered else float("nan")
        p99 = ordered[min(done - 1, int(0.99 * done))] if ordered else float("nan")
        rate = done / self.seconds if self.seconds else 0.0
        client = 1000 * self.client_cpu / done if done else float("nan")
        return (
            f"| {self.name} | {done} | {rate:,.1f} | {1000 * p50:,.1f} | {1000 * p99:,.1f} "
            f"| {len(self.errors)} | {client:,.2f} |"
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _schema_url(url: str, schema: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}"


def _prepare(url: str, cases: int) -> tuple[str, list[str]]:
    """Migrate, register a reviewer and a user, and take ``cases`` cases to an assigned
    reviewer; the reviewer's token and the case ids."""
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
        uow_factory=uow_factory(url), settings=load_settings(SETTINGS), load_knowledge=False
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
        usecases.add_records(ctx, staff, case.id, records)
        outcome = usecases.assign_reviewer(ctx, staff, case.id)
        if not outcome.assigned:
            raise SystemExit(f"benchmark set-up: case {case.id} found no reviewer")
        ids.append(case.id)
    return token, ids


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
    each path once), stopping early after ``max_seconds``."""
    headers = {"Authorization": f"Bearer {token}"}
    sent = 0
    stop = time.perf_counter() + max_seconds

    async def one_client() -> None:
        """One client: its own connection, kept alive, one request at a time."""
        nonlocal sent
        one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(
            base_url=base, headers=headers, limits=one, timeout=120
        ) as client:
            while time.perf_counter() < stop:
                if sent >= total or (not cycle and sent >= len(paths)):
                    return
                path = paths[sent % len(paths)]
                sent += 1
                started = time.perf_counter()
                try:
                    response = await client.request(method, path)
                except httpx.HTTPError as error:
                    phase.errors.append(f"{path}: {type(error).__name__}")
                    continue
                phase.latencies.append(time.perf_counter() - started)
                if response.status_code >= 300:
                    phase.errors.append(f"{path}: {response.status_code} {response.text[:200]}")

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    phase.seconds = time.perf_counter() - started
    phase.client_cpu = time.process_time() - cpu


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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("OPENIMR_TEST_POSTGRES_URL"))
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--reads", type=int, default=3000)
    parser.add_argument("--drafts", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-seconds", type=float, default=120.0, help="per phase")
    args = parser.parse_args(argv)
    if not args.db or not args.db.startswith("postgres"):
        print(
            "bench_service: skipped, no PostgreSQL server named (--db or OPENIMR_TEST_POSTGRES_URL)"
        )
        return 0

    import psycopg

    from openimr.db import normalize_url

    plain = args.db.replace("postgresql+psycopg://", "postgresql://")
    schema = f"openimr_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    url = _schema_url(normalize_url(args.db), schema)
    server: subprocess.Popen[bytes] | None = None
    try:
        prepared = time.perf_counter()
        token, ids = _prepare(url, cases=args.drafts + SOLO_DRAFTS)
        print(f"set-up: {len(ids)} cases assigned in {time.perf_counter() - prepared:.0f} s")
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
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_until_up(base, server)
        reads = [f"/api/cases/{case_id}" for case_id in ids]
        drafts = [f"{path}/draft" for path in reads]
        warm = Phase("warm-up")
        asyncio.run(
            _run(
                warm,
                base,
                token,
                "GET",
                reads,
                clients=args.workers * 4,
                total=200,
                max_seconds=60,
                cycle=True,
            )
        )
        alone = Phase("read a case, 1 client")
        asyncio.run(
            _run(
                alone,
                base,
                token,
                "GET",
                reads,
                clients=1,
                total=200,
                max_seconds=args.max_seconds,
                cycle=True,
            )
        )
        reading = Phase(f"read a case, {args.clients} clients")
        asyncio.run(
            _run(
                reading,
                base,
                token,
                "GET",
                reads,
                clients=args.clients,
                total=args.reads,
                max_seconds=args.max_seconds,
                cycle=True,
            )
        )
        drafting_alone = Phase("draft a determination, 1 client")
        asyncio.run(
            _run(
                drafting_alone,
                base,
                token,
                "POST",
                drafts[:SOLO_DRAFTS],
                clients=1,
                total=SOLO_DRAFTS,
                max_seconds=args.max_seconds,
                cycle=False,
            )
        )
        drafting = Phase(f"draft a determination, {args.clients} clients")
        asyncio.run(
            _run(
                drafting,
                base,
                token,
                "POST",
                drafts[SOLO_DRAFTS:],
                clients=args.clients,
                total=args.drafts,
                max_seconds=args.max_seconds,
                cycle=False,
            )
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
    print(f"\n{args.clients} concurrent clients, {args.workers} uvicorn worker(s), PostgreSQL\n")
    print(
        "| measure (GET /api/cases/{id}, POST /api/cases/{id}/draft) | requests | requests/s "
        "| p50 ms | p99 ms | errors | load generator's CPU ms/request |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    phases = (alone, reading, drafting_alone, drafting)
    for phase in phases:
        print(phase.line())
    print(f"\nload average while it ran (1, 5, 15 min): {os.getloadavg()}")
    errors = [error for phase in (warm, *phases) for error in phase.errors]
    for error in errors[:10]:
        print(f"error: {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
