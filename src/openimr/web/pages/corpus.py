"""The corpus dashboard and the precedents search."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from openimr.corpus.stats import Filters
from openimr.errors import OpenIMRError
from openimr.requests import parse as parse_request
from openimr.web.context import WebContext
from openimr.web.corpus_reader import cursor
from openimr.web.dashboard import dashboard
from openimr.web.precedents import precedents


def _choices(ctx: WebContext, column: str) -> list[str]:
    assert ctx.corpus is not None
    con = cursor(ctx.corpus)
    try:
        rows = con.execute(
            f"SELECT DISTINCT {column} FROM items WHERE {column} IS NOT NULL ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    return [str(r[0]) for r in rows]


def add_routes(router: APIRouter, ctx: WebContext) -> None:
    @router.get("/corpus", response_class=HTMLResponse)
    def corpus_page(
        request: Request,
        family: str | None = None,
        since: Annotated[str | None, Query()] = None,
        until: Annotated[str | None, Query()] = None,
    ) -> Response:
        user = ctx.require(request)
        filters = Filters(family=family or None, since=_day(since), until=_day(until))
        if ctx.corpus is None:
            return ctx.render(
                request, "corpus.html", user, problem="No corpus is configured for this server."
            )
        try:
            board = dashboard(ctx.corpus, evaluation=ctx.evaluation, filters=filters)
        except OpenIMRError as error:
            return ctx.render(request, "corpus.html", user, problem=str(error))
        return ctx.render(
            request,
            "corpus.html",
            user,
            board=board,
            filters=filters,
        )

    def precedents_page(
        request: Request,
        request_text: str | None = None,
        document: str | None = None,
        summary: str | None = None,
    ) -> Response:
        user = ctx.require(request)
        values: dict[str, Any] = {
            "request_text": request_text,
            "asked_document": document or None,
            "summary": summary,
            "documents": [],
        }
        if ctx.corpus is None:
            return ctx.render(
                request,
                "precedents.html",
                user,
                problem="No corpus is configured for this server.",
                **values,
            )
        try:
            values["documents"] = _choices(ctx, "review_document")
            if request_text and request_text.strip():
                values["found"] = precedents(
                    ctx.corpus,
                    family=parse_request(request_text).family,
                    request=request_text,
                    document=document or None,
                    summary=summary,
                )
        except OpenIMRError as error:
            values["problem"] = str(error)
        return ctx.render(request, "precedents.html", user, **values)

    @router.get("/precedents", response_class=HTMLResponse)
    def precedents_form(request: Request) -> Response:
        return precedents_page(request)

    # A search is posted, not put in the address: a clinical summary must not reach access logs.
    @router.post("/precedents", response_class=HTMLResponse)
    def precedents_search(
        request: Request,
        form_token: Annotated[str, Form()],
        request_text: Annotated[str, Form(alias="request")] = "",
        document: Annotated[str, Form()] = "",
        summary: Annotated[str, Form()] = "",
    ) -> Response:
        ctx.check_form(request, form_token)
        return precedents_page(request, request_text, document, summary)


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
