"""The server's CPU per draft, in one process: the seed example's cases taken to an assigned
reviewer in a PostgreSQL schema of their own (as ``bench_service.py`` does), then drafted one by
one through the ASGI application (httpx.ASGITransport), each a fresh case; CPU time
(time.process_time) per draft, and the share of it that is the engine's decision.

    OPENIMR_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test \\
        PYTHONPATH=src .venv/bin/python benchmarks/profile_draft.py [--drafts 40] [--profile]

``--dump FILE`` writes every draft's response body and stored rows (ids made positional) as JSON
lines, to compare two versions of the code.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_service


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.environ.get("OPENIMR_TEST_POSTGRES_URL"))
    parser.add_argument("--drafts", type=int, default=40)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--dump")
    parser.add_argument(
        "--direct", action="store_true", help="call the route's function, not the ASGI app"
    )
    args = parser.parse_args(argv)
    if not args.db:
        print("profile_draft: no PostgreSQL server named")
        return 0
    import httpx
    import psycopg

    from openimr import review
    from openimr.api.app import create_app
    from openimr.config import load_settings
    from openimr.db import normalize_url

    plain = args.db.replace("postgresql+psycopg://", "postgresql://")
    schema = f"openimr_prof_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    url = bench_service._schema_url(normalize_url(args.db), schema)
    warm = 3
    try:
        token, ids, _ = bench_service._prepare(url, args.drafts + warm)
        app = create_app(db_url=url, settings=load_settings(bench_service.SETTINGS))
        decide_cpu = [0.0]
        original = review.decide

        def timed(*a: object, **k: object) -> object:
            started = time.process_time()
            try:
                return original(*a, **k)  # type: ignore[arg-type]
            finally:
                decide_cpu[0] += time.process_time() - started

        review.decide = timed  # type: ignore[assignment]
        profiler = cProfile.Profile(time.process_time) if args.profile else None
        bodies: list[bytes] = []

        async def run() -> list[float]:
            cpu: list[float] = []
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport,
                base_url="http://test",
                headers={"Authorization": f"Bearer {token}"},
            ) as client:
                for number, case_id in enumerate(ids):
                    if number == warm and profiler is not None:
                        profiler.enable()
                    if number == warm:
                        decide_cpu[0] = 0.0
                    started = time.process_time()
                    response = await client.post(f"/api/cases/{case_id}/draft")
                    spent = time.process_time() - started
                    if response.status_code != 200:
                        raise SystemExit(f"draft {case_id}: {response.status_code}")
                    if number >= warm:
                        cpu.append(spent)
                        bodies.append(response.content)
            return cpu

        def direct() -> list[float]:
            from openimr.api.accounts import authenticate_token
            from openimr.api.routes import workflow

            ctx = app.state.service
            actor = authenticate_token(ctx, token)
            assert actor is not None
            cpu: list[float] = []
            for number, case_id in enumerate(ids):
                if number == warm and profiler is not None:
                    profiler.enable()
                if number == warm:
                    decide_cpu[0] = 0.0
                started = time.process_time()
                response = workflow.draft(case_id, ctx, actor)
                spent = time.process_time() - started
                if number >= warm:
                    cpu.append(spent)
                    bodies.append(bytes(response.body))
            return cpu

        cpu = direct() if args.direct else asyncio.run(run())
        if profiler is not None:
            profiler.disable()
        print(
            f"{len(cpu)} drafts: CPU per draft median {1000 * statistics.median(cpu):.2f} ms, "
            f"mean {1000 * statistics.mean(cpu):.2f} ms; decide mean "
            f"{1000 * decide_cpu[0] / len(cpu):.2f} ms (includes httpx client)"
        )
        if args.dump:
            _dump(args.dump, plain, schema, ids[warm:], bodies)
        if profiler is not None:
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(60)
            stats.sort_stats("tottime").print_stats(40)
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
    return 0


def _dump(path: str, url: str, schema: str, ids: list[str], bodies: list[bytes]) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection, open(path, "w") as out:
        connection.execute(f'SET search_path TO "{schema}"')
        for position, (case_id, body) in enumerate(zip(ids, bodies, strict=True)):
            text = body.decode().replace(case_id, f"CASE{position}")
            row = connection.execute("SELECT * FROM cases WHERE id = %s", (case_id,)).fetchone()
            audit = connection.execute(
                "SELECT * FROM audit_entries WHERE case_id = %s ORDER BY 1", (case_id,)
            ).fetchall()
            facts = connection.execute(
                "SELECT * FROM record_facts WHERE case_id = %s ORDER BY 1", (case_id,)
            ).fetchall()
            out.write(
                json.dumps(
                    {
                        "body": text,
                        "case": str(row).replace(case_id, f"CASE{position}"),
                        "audit": str(audit).replace(case_id, f"CASE{position}"),
                        "facts": str(facts).replace(case_id, f"CASE{position}"),
                    }
                )
                + "\n"
            )


if __name__ == "__main__":
    raise SystemExit(main())
