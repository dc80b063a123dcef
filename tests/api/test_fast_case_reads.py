"""The short way to read a case (:class:`openimr.api.fastread.CaseReads`): it answers only what
the route would answer from the process's copy, with the route's exact response, and hands
everything else to the FastAPI route (unknown or revoked tokens, other reviewers' cases,
unknown cases, copies not kept, other methods and paths)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from starlette.types import Receive, Scope, Send

from openimr.api import accounts
from openimr.api.fastread import CaseReads
from openimr.service.context import SYSTEM

from .conftest import Api
from .flow import assign, open_case


class Recorder:
    """The application behind the short way: counts the requests reaching it, answers 599."""

    def __init__(self) -> None:
        self.reached: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        self.reached.append(f"{scope['method']} {scope['path']}")
        await send({"type": "http.response.start", "status": 599, "headers": []})
        await send({"type": "http.response.body", "body": b""})


@contextmanager
def short_way(api: Api) -> Iterator[tuple[TestClient, Recorder]]:
    """A client of the short way in front of a recorder, over the API's state (one event loop
    for all its requests, as a server process has)."""
    recorder = Recorder()
    owner: Any = api.client.app
    with TestClient(CaseReads(recorder, owner=owner)) as client:
        yield client, recorder


def test_a_kept_copy_is_answered_byte_for_byte_as_the_route_answers_it(api: Api) -> None:
    case_id = open_case(api)
    chosen, _ = assign(api, case_id)
    with short_way(api) as (client, recorder):
        for who in ("manager", chosen):
            headers = {"Authorization": f"Bearer {api.tokens[who]}"}
            routed = api.call(who, "GET", f"/cases/{case_id}")  # verifies, keeps a copy
            assert routed.status_code == 200
            short = client.get(f"/api/cases/{case_id}", headers=headers)
            assert recorder.reached == []  # answered without the route
            assert short.status_code == 200 and short.content == routed.content
            assert short.headers.raw == routed.headers.raw
            # A current copy named in If-None-Match: the route's 304, headers and all.
            etag = {"If-None-Match": routed.headers["etag"]}
            routed_304 = api.call(who, "GET", f"/cases/{case_id}", headers=etag)
            short_304 = client.get(f"/api/cases/{case_id}", headers=headers | etag)
            assert routed_304.status_code == short_304.status_code == 304
            assert short_304.headers.raw == routed_304.headers.raw and short_304.content == b""
            assert recorder.reached == []


def test_what_the_copy_cannot_answer_goes_to_the_route(api: Api) -> None:
    case_id = open_case(api)
    chosen, other = assign(api, case_id)
    for who in ("manager", chosen, other):
        api.call(who, "GET", f"/cases/{case_id}")  # tokens verified lately, copies kept
    bearer = {"Authorization": f"Bearer {api.tokens['manager']}"}
    asks = [
        ("GET", f"/api/cases/{case_id}", {}),  # no token
        ("GET", f"/api/cases/{case_id}", {"Authorization": f"Basic {api.tokens['manager']}"}),
        ("GET", f"/api/cases/{case_id}", {"Authorization": "Bearer oimr_0000000000000000_x" * 2}),
        ("GET", f"/api/cases/{case_id}", {"Authorization": f"Bearer {api.tokens[other]}"}),
        ("GET", "/api/cases/no-such-case", bearer),
        ("GET", f"/api/cases/{case_id}/items", bearer),
        ("GET", f"/api/cases/{case_id}/", bearer),
        ("POST", f"/api/cases/{case_id}", bearer),
    ]
    with short_way(api) as (client, recorder):
        for method, path, headers in asks:
            answer = client.request(method, path, headers=headers)
            assert answer.status_code == 599, (path, headers)
        assert len(recorder.reached) == len(asks)
        # The case saved again: the process's copy is of an older revision; the route answers.
        api.ok("manager", "POST", f"/cases/{case_id}/draft")
        assert client.get(f"/api/cases/{case_id}", headers=bearer).status_code == 599
        fresh = api.ok("manager", "GET", f"/cases/{case_id}")
        assert fresh.json()["status"] == "drafted"
        short = client.get(f"/api/cases/{case_id}", headers=bearer)
        assert short.status_code == 200 and short.content == fresh.content


def test_a_revoked_token_stops_reading_at_once(api: Api) -> None:
    case_id = open_case(api)
    assert api.call("manager", "GET", f"/cases/{case_id}").status_code == 200
    bearer = {"Authorization": f"Bearer {api.tokens['manager']}"}
    with short_way(api) as (client, _):
        assert client.get(f"/api/cases/{case_id}", headers=bearer).status_code == 200
        token_id = api.tokens["manager"].split("_")[1]
        accounts.revoke_token(api.ctx, SYSTEM, token_id)
        assert client.get(f"/api/cases/{case_id}", headers=bearer).status_code == 599
    assert api.call("manager", "GET", f"/cases/{case_id}").status_code == 401
