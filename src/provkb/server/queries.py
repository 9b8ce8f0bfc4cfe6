"""The canned queries at ``/queries`` and ``/queries/<name>``, one route per query file.

The routes are generated from the catalogue when the app is created, so each query appears in
the OpenAPI description with its own parameters; they run with the endpoint's content
negotiation, deadline and caps.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from provkb.query.catalogue import CannedQuery, ParameterError
from provkb.server import conneg
from provkb.server.answer_cache import CachedAnswer, etag_matches
from provkb.server.errors import ApiError
from provkb.server.executor import LIGHT, ClientDisconnected
from provkb.server.public_url import route_url
from provkb.server.query_guard import GuardedQuery, judge_template
from provkb.server.query_pages import FORMATS, QueryPages, download_accept, wants_page
from provkb.server.routing import add_get
from provkb.server.sparql import ProtocolQuery, endpoint_url, outcome_response
from provkb.server.state import ServerState

_SCHEMAS: dict[str, dict[str, str]] = {
    "iri": {"type": "string", "format": "uri"},
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
}


def _summary(query: CannedQuery, request: Request, public: str | None) -> dict[str, Any]:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "url": route_url(request, public, f"query-{query.name}"),
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "default": p.default,
                "example": p.example,
                "description": p.description,
                "required": p.required,
            }
            for p in query.parameters
        ],
        "columns": query.columns,
        "text": query.text,
    }


def _openapi_parameters(query: CannedQuery) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "in": "query",
            "required": p.required,
            "description": p.description,
            "schema": {
                **_SCHEMAS.get(p.type, {"type": "string"}),
                **({"default": p.default} if p.default is not None else {}),
            },
            "example": p.example,
        }
        for p in query.parameters
    ]


def make_router(state: ServerState, catalogue: list[CannedQuery], pages: QueryPages) -> APIRouter:
    """``/queries`` and one ``/queries/<name>`` route per canned query."""
    router = APIRouter(tags=["Canned queries"])

    async def listing(request: Request) -> Response:
        """The canned queries, as JSON or as an HTML page."""
        entries = [_summary(q, request, state.settings.public_url) for q in catalogue]
        media = conneg.negotiate(request.headers.get("accept"), ["application/json", "text/html"])
        if media == "text/html":
            body = pages.reader.render(
                "queries.html", title="Questions", active="queries", entries=entries
            )
            return HTMLResponse(body, headers={"Vary": "Accept"})
        if media is None:
            raise ApiError(
                406,
                "not-acceptable",
                "the listing is JSON or HTML",
                available=["application/json", "text/html"],
            )
        return JSONResponse({"queries": entries}, headers={"Vary": "Accept"})

    add_get(
        router,
        "/queries",
        listing,
        summary="List the canned queries",
        description="JSON or HTML by `Accept`.",
        response_class=Response,
    )

    for query in catalogue:
        add_get(
            router,
            f"/queries/{query.name}",
            _runner(state, query, pages),
            name=f"query-{query.name}",
            summary=query.title,
            description=query.description,
            openapi_extra={"parameters": _openapi_parameters(query)},
            response_class=Response,
        )
    return router


def _runner(state: ServerState, query: CannedQuery, pages: QueryPages):
    # The template is judged once, on the first request (a parse takes up to a second); its
    # bound texts then skip the guard, since the parameters are bound as serialised terms.
    verdict: list[GuardedQuery | None] = []
    # Concurrent first requests wait for one judgement rather than each parsing the template.
    judging = asyncio.Lock()

    async def run(request: Request) -> Response:
        """Run the canned query with the parameters of the query string: SPARQL results by
        ``Accept`` (or ``?format=``), or for a browser the query's form and answer."""
        values = dict(request.query_params)
        if len(values) != len(request.query_params.multi_items()):
            raise ApiError(400, "repeated-parameter", "give each parameter once")
        accept = download_accept(query, request)
        if accept is None and wants_page(request):
            return await pages.page(query, request)
        if accept is not None:
            values.pop("format")
        try:
            text = query.bind(values)
        except ParameterError as error:
            raise ApiError(400, "bad-parameter", str(error), query=query.name) from None
        if not verdict:
            async with judging:
                if not verdict:
                    verdict.append(await asyncio.to_thread(judge_template, query.text))
        template = verdict[0]
        checked = ProtocolQuery(
            text,
            None,
            None,
            checked=template is not None,
            names_dataset=template is not None and template.names_dataset,
        )
        response = await _answer(request, state, checked, accept)
        if accept is not None:
            extension = next(k for k, v in FORMATS.items() if v == accept)
            response.headers["Content-Disposition"] = (
                f'attachment; filename="{query.name}.{extension}"'
            )
        return response

    run.__name__ = f"query_{query.name.replace('-', '_')}"
    return run


def _cached_response(request: Request, answer: CachedAnswer, cache: str) -> Response:
    """The response of a kept (or just kept) answer: 304 when the client has these bytes."""
    headers = {"Vary": "Accept", "ETag": answer.etag, "X-Cache": cache}
    if etag_matches(request.headers.get("if-none-match"), answer.etag):
        return Response(status_code=304, headers=headers)
    return Response(answer.body, 200, headers, media_type=conneg.content_type(answer.media_type))


async def _answer(
    request: Request, state: ServerState, parsed: ProtocolQuery, download: str | None
) -> Response:
    """Answer a bound canned query from the answer cache, or run it in the light lane and keep
    a complete 200 answer (:mod:`provkb.server.answer_cache`); ``download`` replaces the
    request's ``Accept`` (a download link's ``?format=``)."""
    base_iri = endpoint_url(request, state)
    accept = download or request.headers.get("accept") or ""
    key = (str(state.pool.store_path), parsed.query, base_iri, accept)
    state.pool.admit()
    kept = state.answers.get(key)
    if kept is not None:
        return _cached_response(request, kept, "hit")
    job = state.job(
        parsed.query,
        accept or None,
        base_iri=base_iri,
        checked=parsed.checked,
        union_default=not parsed.names_dataset,
    )
    try:
        outcome = await state.pool.run(job, request.receive, LIGHT)
    except ClientDisconnected:
        # Nobody is listening; the status only shows in the access log.
        return Response(status_code=499)
    answer = state.answers.put(key, outcome)
    if answer is None:
        return outcome_response(outcome)
    return _cached_response(request, answer, "miss")
