"""Commands of the case service: serve the API, migrate the database, list due cases, load
demonstration data, and manage users and their API tokens.

Every command takes ``--db URL`` (PostgreSQL: ``postgresql://user@host/db``); without it the
embedded SQLite database under ``$OPENIMR_DATA_DIR`` (else ``~/.local/share/openimr``) is used,
created and migrated on first use. The command line acts as the system administrator.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from openimr.cli.app import app, out
from openimr.errors import OpenIMRError

if TYPE_CHECKING:
    from openimr.service.context import ServiceContext

db_app = typer.Typer(help="The database: migrate it up or down.", no_args_is_help=True)
users_app = typer.Typer(help="Users and their API tokens.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="Database URL (sqlite:///file.db or postgresql://user@host/db); "
        "default: the embedded SQLite file.",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(help="Settings: review organization and reviewer credentials."),
]
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
# Keep idle client connections open this long (uvicorn's 5 s default drops busy clients' ones).
KEEP_ALIVE_SECONDS = 30


def _context(
    db: str | None, config: Path | None = None, *, knowledge: bool = False
) -> ServiceContext:
    from openimr.bootstrap import bootstrap

    return bootstrap(db_url=db, config=config, load_knowledge=knowledge)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: DbOption = None,
    config: ConfigOption = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    access_log: Annotated[
        bool,
        typer.Option(
            help="A log line per request (method, path, status; never a body). Behind a proxy "
            "that logs requests, --no-access-log saves its cost; the audit log is kept either way."
        ),
    ] = True,
) -> None:
    """Serve the case service's API (OpenAPI at /openapi.json, the web pages at /web)."""
    import uvicorn

    from openimr.db import prepare

    url = prepare(db)  # a one-line error now, not at the first request
    if workers > 1:
        import os

        os.environ["OPENIMR_SERVE_DB"] = url
        if config is not None:
            os.environ["OPENIMR_CONFIG"] = str(config)
        from uvicorn.supervisors import Multiprocess

        settings = uvicorn.Config(
            "openimr.api.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            access_log=access_log,
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
        )
        out.print(f"OpenIMR API on http://{host}:{port}/ ({workers} workers)", markup=False)
        Multiprocess(settings, sockets=[_tcp_listener(host, port)]).run()
        return
    from openimr.api.app import create_app

    out.print(f"OpenIMR API on http://{host}:{port}/ (docs at /docs)", markup=False)
    uvicorn.run(
        create_app(db_url=url, config=config),
        host=host,
        port=port,
        log_level="info",
        access_log=access_log,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )


def _tcp_listener(host: str, port: int) -> socket.socket:
    """The listening socket the worker processes share, made with its protocol named: a socket
    accepted from it then gets TCP_NODELAY from asyncio, as a single worker's does. (uvicorn's
    own shared socket leaves the protocol unnamed, and every response on a kept-alive
    connection then waits about 40 ms for the client's delayed acknowledgement.)"""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )[0]
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
    except OSError as error:
        listener.close()
        raise OpenIMRError(f"--port: cannot listen on {host}:{port} ({error.strerror})") from None
    listener.set_inheritable(True)
    return listener


@db_app.command("upgrade")
def db_upgrade(
    db: DbOption = None,
    revision: Annotated[str, typer.Option(help="Revision to migrate to.")] = "head",
) -> None:
    """Migrate the database up to the newest revision (or --revision)."""
    from openimr.db import current_revision, default_url, normalize_url, upgrade

    url = normalize_url(db) if db else default_url()
    upgrade(url, revision)
    out.print(f"database at revision {current_revision(url)}", markup=False)


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Revision to go back to ('base': empty).")],
    db: DbOption = None,
) -> None:
    """Migrate the database down to REVISION."""
    from openimr.db import current_revision, default_url, downgrade, normalize_url

    url = normalize_url(db) if db else default_url()
    downgrade(url, revision)
    out.print(f"database at revision {current_revision(url) or 'base'}", markup=False)


@db_app.command("current")
def db_current(db: DbOption = None) -> None:
    """Print the database's revision and the newest one this version ships."""
    from openimr.db import current_revision, default_url, head_revision, normalize_url

    url = normalize_url(db) if db else default_url()
    out.print(f"{current_revision(url) or 'base'} (newest: {head_revision()})", markup=False)


@app.command("cases")
def cases_command(
    due: Annotated[bool, typer.Option("--due", help="Only cases overdue or at risk.")] = False,
    today: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="Judge deadlines as of this day.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    db: DbOption = None,
) -> None:
    """List the cases in review; with --due, the open cases overdue or at risk, most urgent first."""
    from openimr.service import usecases
    from openimr.service.context import SYSTEM

    day = _day(today, "--today")
    ctx = _context(db)
    if due:
        rows = [
            {
                "case_number": d.case_number,
                "status": d.status.value,
                "deadline": d.deadline.isoformat(),
                "urgency": d.urgency.value,
                "rule": d.rule,
            }
            for d in usecases.list_due(ctx, SYSTEM, today=day)
        ]
    else:
        rows = [
            {
                "case_number": c.case_number,
                "status": c.status.value,
                "deadline": c.deadline.isoformat() if c.deadline else "",
                "priority": c.priority.value,
                "reviewer": c.reviewer_id or "",
            }
            for c in usecases.list_cases(ctx, SYSTEM)
        ]
    if as_json:
        for row in rows:
            print(json.dumps(row))
        return
    if not rows:
        out.print("no cases overdue or at risk" if due else "no cases", markup=False)
        return
    table = Table(title="Cases overdue or at risk" if due else "Cases in review")
    for column in rows[0]:
        table.add_column(column.replace("_", " "))
    for row in rows:
        table.add_row(*(escape(str(v)) for v in row.values()))
    out.print(table)


def _day(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"'{text}' is not a date (YYYY-MM-DD)", param_hint=option
        ) from None


@app.command("demo-data")
def demo_data(
    db: DbOption = None,
    config: ConfigOption = None,
    examples: Annotated[
        Path, typer.Option(help="Folder of example case files (openimr-case/1).")
    ] = EXAMPLES,
) -> None:
    """Load fictional reviewers, users (with their passwords and API tokens, printed once) and
    the example cases into the workflow, so that the queue has work in it."""
    from openimr.api.demo import load_demo
    from openimr.errors import OpenIMRError

    # Bytes, not text: a file in the folder that is not UTF-8 is simply not a case file.
    files = sorted(p for p in examples.glob("*.y*ml") if b"openimr-case/" in p.read_bytes())
    if not files:
        raise OpenIMRError(f"{examples}: no case files (format: openimr-case/1) in this folder")
    ctx = _context(db, config, knowledge=True)
    with ctx.uow() as uow:
        if uow.users.list() or uow.reviewers.list(active_only=False):
            raise OpenIMRError("demo-data: the database already has users or reviewers")
    result = load_demo(ctx, files)
    out.print("Demonstration users (fictional); passwords and API tokens are shown this once:")
    for login in result.logins:
        role = login.role.value.replace("_", " ")
        if login.reviewer_id:
            role += f" {login.reviewer_id}"
        out.print(f"  {login.email}  ({role})", markup=False)
        out.print(f"      password: {login.password}", markup=False)
        out.print(f"      API token: {login.token}", markup=False)
    for number, status in result.cases.items():
        out.print(f"case {number}: {status.replace('_', ' ')}", markup=False)
    for problem in result.problems:
        out.print(f"skipped {problem}", markup=False)


class RoleChoice(str, Enum):
    """``service.model.Role``'s values as the option's choices (that module loads the domain
    models, which every other command would then load at start-up)."""

    ADMINISTRATOR = "administrator"
    CASE_MANAGER = "case_manager"
    REVIEWER = "reviewer"


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Argument(help="The user's email (their sign-in name).")],
    role: Annotated[RoleChoice, typer.Option(help="administrator, case_manager or reviewer.")],
    reviewer: Annotated[
        str | None, typer.Option(help="The reviewer's registry id (reviewers only).")
    ] = None,
    password: Annotated[bool, typer.Option(help="Also make a web password (printed once).")] = True,
    db: DbOption = None,
) -> None:
    """Add a user and print their first API token (and web password), shown this once."""
    import secrets

    from openimr.api import accounts
    from openimr.service.context import SYSTEM
    from openimr.service.model import Role

    ctx = _context(db)
    secret = secrets.token_urlsafe(12) if password else None
    user = accounts.create_user(
        ctx, SYSTEM, email=email, role=Role(role.value), reviewer_id=reviewer, password=secret
    )
    token = accounts.issue_token(ctx, SYSTEM, user.id, label="first")
    out.print(f"user {user.id} ({role.value})", markup=False)
    if secret:
        out.print(f"password: {secret}", markup=False)
    out.print(f"API token: {token.token}", markup=False)


@users_app.command("token")
def users_token(
    email: Annotated[str, typer.Argument(help="The user's email.")],
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
    db: DbOption = None,
) -> None:
    """Issue another API token to a user (printed once)."""
    from openimr.api import accounts
    from openimr.errors import OpenIMRError
    from openimr.service.context import SYSTEM

    ctx = _context(db)
    user = next(
        (u for u in accounts.list_users(ctx, SYSTEM) if u.email.casefold() == email.casefold()),
        None,
    )
    if user is None:
        raise OpenIMRError(f"{email}: no such user")
    out.print(
        f"API token: {accounts.issue_token(ctx, SYSTEM, user.id, label=label).token}", markup=False
    )


@users_app.command("list")
def users_list(db: DbOption = None) -> None:
    """List the users with their role and active tokens (ids only)."""
    from openimr.api import accounts
    from openimr.service.context import SYSTEM

    table = Table(title="Users")
    for column in ("email", "role", "reviewer", "tokens"):
        table.add_column(column)
    for user in accounts.list_users(_context(db), SYSTEM):
        tokens = ", ".join(t.token_id for t in user.tokens if not t.revoked)
        table.add_row(escape(user.email), user.role.value, user.reviewer_id or "", tokens)
    out.print(table)
