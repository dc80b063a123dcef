"""The service's commands: db upgrade/downgrade/current, demo-data, cases (--due), users, and
one-line errors for bad input."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from openimr.db import head_revision


def openimr(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPENIMR_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "openimr", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_db_upgrade_and_downgrade_on_the_embedded_database(tmp_path: Path) -> None:
    up = openimr(tmp_path, "db", "upgrade")
    assert up.returncode == 0 and f"revision {head_revision()}" in up.stdout
    assert (tmp_path / "openimr.db").is_file()
    down = openimr(tmp_path, "db", "downgrade", "base")
    assert down.returncode == 0 and "revision base" in down.stdout
    assert openimr(tmp_path, "db", "current").stdout.startswith(f"base (newest: {head_revision()})")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["db", "upgrade", "--db", "nonsense"], "error: --db: 'nonsense' is not a database URL"),
        (["db", "downgrade", "nope"], "error: migration: "),
        (["cases", "--db", "postgresql://nobody@127.0.0.1:1/x"], "error: database: cannot connect"),
        (["users", "add", "a@example.org", "--role", "reviewer"], "error: reviewer_id: "),
        (["users", "token", "nobody@example.org"], "error: nobody@example.org: no such user"),
        (["demo-data", "--examples", "."], "no case files"),
    ],
)
def test_bad_input_is_a_one_line_error(tmp_path: Path, args: list[str], message: str) -> None:
    run = openimr(tmp_path, *args)
    assert run.returncode == 1
    assert message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "Traceback" not in run.stderr


def test_demo_data_gives_a_working_queue_and_users_who_can_sign_in(tmp_path: Path) -> None:
    run = openimr(tmp_path, "demo-data")
    assert run.returncode == 0, run.stderr
    tokens = re.findall(r"API token: (oimr_\S+)", run.stdout)
    assert len(tokens) == 5
    assert len(re.findall(r"password: \S{12,}", run.stdout)) == 5
    statuses = re.findall(r"case (CM\d\d-\d+): (.+)", run.stdout)
    assert len(statuses) == 5 and "drafted" in {s for _, s in statuses}

    again = openimr(tmp_path, "demo-data")
    assert again.returncode == 1 and "already has users" in again.stderr

    listed = openimr(tmp_path, "cases", "--json")
    assert listed.returncode == 0
    assert sorted(re.findall(r'"case_number": "([^"]+)"', listed.stdout)) == sorted(
        n for n, _ in statuses
    )
    due = openimr(tmp_path, "cases", "--due", "--json", "--today", "2099-01-01")
    assert due.returncode == 0
    assert '"urgency": "overdue"' in due.stdout and "received" not in due.stdout

    from fastapi.testclient import TestClient

    from openimr.api.app import create_app

    app = create_app(db_url=f"sqlite:///{tmp_path / 'openimr.db'}", load_knowledge=False)
    with TestClient(app) as client:
        seen = client.get("/api/cases", headers={"Authorization": f"Bearer {tokens[1]}"})
        assert seen.status_code == 200 and len(seen.json()) == 5


def test_users_add_prints_a_token_once_and_users_list_shows_only_its_id(tmp_path: Path) -> None:
    added = openimr(tmp_path, "users", "add", "Pat@Example.org", "--role", "case_manager")
    assert added.returncode == 0, added.stderr
    token = re.search(r"API token: oimr_([0-9a-f]{16})_(\S+)", added.stdout)
    assert token and "password: " in added.stdout
    listed = openimr(tmp_path, "users", "list")
    assert token.group(1) in listed.stdout and token.group(2) not in listed.stdout
    more = openimr(tmp_path, "users", "token", "pat@example.org", "--label", "laptop")
    assert more.returncode == 0 and "API token: oimr_" in more.stdout


@pytest.mark.parametrize("access_log", [True, False], ids=["access-log", "no-access-log"])
def test_serve_answers_on_the_embedded_database_and_stops(tmp_path: Path, access_log: bool) -> None:
    import socket
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "OPENIMR_DATA_DIR": str(tmp_path)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "openimr",
            "serve",
            "--port",
            str(port),
            *([] if access_log else ["--no-access-log"]),
        ],
        env=env,
        stdout=subprocess.PIPE,  # uvicorn's access lines go to standard output
        stderr=subprocess.PIPE,
    )
    try:
        document = None
        deadline = time.monotonic() + 180
        while document is None and time.monotonic() < deadline and server.poll() is None:
            try:
                document = httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2).json()
            except httpx.HTTPError:
                time.sleep(0.5)
        assert document is not None, server.stderr.read() if server.stderr else ""
        assert "/api/cases/{case_id}/draft" in document["paths"]
        assert httpx.get(f"http://127.0.0.1:{port}/api/cases").status_code == 401
        assert (tmp_path / "openimr.db").is_file()  # created and migrated on first run
    finally:
        server.terminate()
        server.wait(timeout=30)
    logged = server.stdout.read().decode() if server.stdout else ""
    # uvicorn's access line names the request ('"GET /api/cases HTTP/1.1" 401'), never a body
    assert ('"GET /api/cases HTTP/1.1" 401' in logged) is access_log


def test_demo_data_from_a_folder_without_case_files_is_a_one_line_error(tmp_path: Path) -> None:
    folder = tmp_path / "examples"
    folder.mkdir()
    (folder / "binary.yaml").write_bytes(b"\xff\xfe\x00 not text")
    (folder / "other.yaml").write_text("just: a mapping\n", encoding="utf-8")
    run = openimr(tmp_path, "demo-data", "--examples", str(folder))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines() == [
        f"error: {folder}: no case files (format: openimr-case/1) in this folder"
    ]
