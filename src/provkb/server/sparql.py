"""The SPARQL 1.1 Protocol's request handling, shared by ``/sparql`` (:mod:`provkb.server.endpoint`)
and the routes that run queries: query by GET, POST form and POST direct.

Read-only and closed: updates get 403 whatever way they come; every query is parsed and judged
before it reaches the store (:mod:`provkb.server.query_guard`: ``SERVICE``, which pyoxigraph
would send to its IRI, gets 403, and so does ``FROM <file:…>``), and the
workers that run queries cannot open a socket anyway (:mod:`provkb.server.sandbox`); ``FROM`` /
``FROM NAMED`` select graphs of the store and never dereference anything (pyoxigraph's
behaviour, pinned by a test).

Default graph: every triple of the KB sits in a named graph, so a query with no dataset of its
own (no ``FROM``, no ``FROM NAMED``, no ``default-graph-uri`` / ``named-graph-uri``) sees the
union of all named graphs as its default graph. A query that names a dataset gets exactly that
dataset, as SPARQL 1.1 says. Oxigraph's union is a multiset: a triple stated in two graphs
matches twice, so counting queries over the union use ``DISTINCT`` (tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import Request, Response
from starlette.requests import ClientDisconnect

from provkb.server import conneg
from provkb.server.errors import ApiError
from provkb.server.execution import QueryOutcome
from provkb.server.executor import ADHOC, ClientDisconnected
from provkb.server.public_url import public_url
from provkb.server.query_guard import normalise
from provkb.server.query_text import check_limits, looks_like_update
from provkb.server.state import ServerState

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
_UTF8 = ("utf-8", "utf8")


@dataclass(frozen=True)
class ProtocolQuery:
    """A query request, once the protocol's rules have been checked."""

    query: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    # A canned query whose template passed the guard, and whether that template has FROM.
    checked: bool = False
    names_dataset: bool = False


def _read_only() -> ApiError:
    return ApiError(403, "read-only", "this endpoint is read-only: SPARQL Update is refused")


def _media_type(request: Request) -> tuple[str | None, str | None]:
    header = request.headers.get("content-type")
    if header is None:
        return None, None
    parts = [p.strip() for p in header.split(";")]
    charset = None
    for param in parts[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return parts[0].lower(), charset


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is larger than ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "request-too-large", f"the request body is over {limit} bytes")
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ApiError(413, "request-too-large", f"the request body is over {limit} bytes")
            chunks.append(chunk)
    except ClientDisconnect:
        raise ApiError(400, "client-disconnected", "the client closed the connection") from None
    return b"".join(chunks)


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiError(400, "not-utf-8", f"the {what} is not valid UTF-8: {error}") from None


async def parse_protocol(request: Request, limit: int) -> ProtocolQuery | None:
    """Check a request against the SPARQL 1.1 Protocol; ``None`` when it carries no query.

    Raises:
        ApiError: 400 (two queries, bad IRI, not UTF-8), 403 (an update), 413, 415.
    """
    params = list(request.query_params.multi_items())
    queries: list[str] = []
    if request.method == "POST":
        media, charset = _media_type(request)
        if media == UPDATE:
            raise _read_only()
        if media not in (FORM, DIRECT):
            raise ApiError(
                415,
                "unsupported-media-type",
                f"a query POST must be {FORM} or {DIRECT}, not {media or 'untyped'}",
            )
        # A form body is percent-encoded ASCII, so a us-ascii form is UTF-8 too.
        allowed = (*_UTF8, "us-ascii") if media == FORM else _UTF8
        if charset is not None and charset not in allowed:
            raise ApiError(415, "unsupported-charset", f"queries must be UTF-8, not {charset}")
        body = await read_body(request, limit)
        text = _decode(body, "request body")
        if media == FORM:
            try:
                params += parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
            except UnicodeDecodeError as error:
                message = f"a form value is not percent-encoded UTF-8: {error}"
                raise ApiError(400, "not-utf-8", message) from None
        else:
            queries.append(text)
    if any(name == "update" for name, _ in params):
        raise _read_only()
    queries += [value for name, value in params if name == "query"]
    if len(queries) > 1:
        raise ApiError(400, "several-queries", "a request carries exactly one query")
    if not queries:
        if request.method == "POST":
            raise ApiError(400, "no-query", "the request carries no query")
        return None
    query = queries[0]
    # Before any parser reads it (a bomb overflows their stacks), on the text they will read.
    check_limits(normalise(query))
    if looks_like_update(query):
        raise _read_only()
    defaults = [v for n, v in params if n == "default-graph-uri"]
    named = [v for n, v in params if n == "named-graph-uri"]
    for iri in defaults + named:
        try:
            ox.NamedNode(iri)
        except ValueError as error:
            raise ApiError(400, "bad-graph-iri", f"<{iri}> is not an IRI: {error}") from None
    if not defaults and not named:
        return ProtocolQuery(query, None, None)
    return ProtocolQuery(query, tuple(defaults), tuple(named))


def endpoint_url(request: Request, state: ServerState) -> str:
    """The endpoint's own IRI: its path under the public base URL (never the ``Host`` header)."""
    return public_url(request, state.settings.public_url, request.url.path)


def outcome_response(outcome: QueryOutcome) -> Response:
    """The HTTP response of a finished job; results vary by ``Accept``."""
    headers = {"Vary": "Accept", **outcome.headers}
    return Response(
        outcome.body, outcome.status, headers, media_type=conneg.content_type(outcome.media_type)
    )


async def run_protocol_query(
    request: Request,
    state: ServerState,
    parsed: ProtocolQuery,
    lane: str = ADHOC,
    accept: str | None = None,
) -> Response:
    """Run a checked query under the server's limits in ``lane`` (ad-hoc SPARQL by default),
    stopping it if the client goes away; ``accept`` replaces the request's ``Accept`` (a
    download link's ``?format=``)."""
    job = state.job(
        parsed.query,
        accept or request.headers.get("accept"),
        default_graphs=parsed.default_graphs,
        named_graphs=parsed.named_graphs,
        # The worker refines this with the query's parse (FROM gives the query its own dataset).
        union_default=parsed.default_graphs is None and not parsed.names_dataset,
        base_iri=endpoint_url(request, state),
        checked=parsed.checked,
    )
    try:
        outcome = await state.pool.run(job, request.receive, lane)
    except ClientDisconnected:
        # Nobody is listening; the status only shows in the access log.
        return Response(status_code=499)
    return outcome_response(outcome)
