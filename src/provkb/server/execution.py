"""What a query worker process does with one job: run it on the store and serialise the result.

Runs inside the worker processes of :mod:`provkb.server.executor`, so it only deals in picklable
jobs and outcomes; the whole response body is produced here, under the deadline and the caps,
before the server sends a single byte (a 200 is never followed by a truncated body).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from provkb.server import conneg
from provkb.server.errors import ApiError, error_bytes
from provkb.server.query_guard import GuardedQuery, guard
from provkb.server.results import (
    LimitExceeded,
    Limits,
    Unrepresentable,
    limited_rows,
    serialise_boolean,
    serialise_graph,
    serialise_quads,
    serialise_solutions,
)

_POSITION = re.compile(r"error at (\d+):(\d+)")
JSON = "application/json"


@dataclass(frozen=True)
class QueryJob:
    """One unit of work for a worker.

    Attributes:
        query: SPARQL query text; ``None`` for a graph read (``graph_iri``).
        accept: the client's ``Accept`` header; the worker negotiates once it knows the result
            form (boolean, solutions or graph).
        deadline: wall-clock time (``time.time()``) past which the job is cancelled.
        max_rows, max_bytes: the row and size caps.
        default_graphs, named_graphs: the protocol dataset (``default-graph-uri`` /
            ``named-graph-uri``); ``None`` when the request gives none.
        union_default: query the union of the named graphs as the default graph, unless the
            query names its own dataset (``FROM``, decided on its parse).
        base_iri: the IRI relative IRIs in the query resolve against (the endpoint URL).
        graph_iri: for a graph read (``query`` is ``None``), the named graph to read; ``None``
            reads the default graph, the union of all graphs.
        checked: the query is known to pass :func:`~provkb.server.query_guard.guard` (a canned
            query whose template passed it, or a query of the server's own built from terms);
            any other query is parsed and judged here, in the process that runs it, before
            Oxigraph sees it.
    """

    query: str | None
    accept: str | None
    deadline: float
    max_rows: int
    max_bytes: int
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    union_default: bool = True
    base_iri: str | None = None
    graph_iri: str | None = None
    checked: bool = False


@dataclass(frozen=True)
class QueryOutcome:
    """A complete response: status, media type and body.

    Attributes:
        code: the error code of an error outcome (``timeout``, ``out-of-memory``…), else "".
        cost: seconds of CPU the job took its worker (0 when it did not run in one).
        verdict: the guard's verdict on the query, when it was judged for this job (the
            server's fast path runs the judged job again without parsing it).
    """

    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    code: str = ""
    cost: float = 0.0
    verdict: GuardedQuery | None = None


def failure(status: int, code: str, message: str, **extra: object) -> QueryOutcome:
    """An error outcome with the server's JSON error body."""
    return QueryOutcome(status, JSON, error_bytes(code, message, **extra), code=code)


def out_of_memory(limit: int) -> QueryOutcome:
    """The 422 of a query that needed more than the ``limit`` bytes its worker may allocate."""
    mib = limit // 2**20
    return failure(
        422,
        "out-of-memory",
        f"the query needed more than the {mib} MiB of memory a query may use; narrow it",
        limit_bytes=limit,
    )


_LIMIT_STATUS = {"timeout": 503, "too-many-rows": 422, "response-too-large": 422}
# The results formats in which pyoxigraph's writer and results.py's give the same bytes (CSV
# is not one: the two write a triple term differently, and an answer must not change with the
# path that served it).
_NATIVE_FORMATS = {"json": ox.QueryResultsFormat.JSON}


def _not_acceptable(offers: list[str]) -> QueryOutcome:
    return failure(
        406,
        "not-acceptable",
        "none of the media types in Accept can represent this result",
        available=offers,
    )


def _query_kwargs(job: QueryJob) -> dict[str, object]:
    kwargs: dict[str, object] = {"base_iri": job.base_iri}
    if job.default_graphs is None and job.named_graphs is None:
        if job.union_default:
            kwargs["use_default_graph_as_union"] = True
        return kwargs
    # A protocol dataset replaces the query's own FROM / FROM NAMED entirely (SPARQL 1.1
    # Protocol §2.1.4); what it leaves out is empty.
    kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or ()]
    kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
    return kwargs


def judged(job: QueryJob, verdict: GuardedQuery) -> QueryJob:
    """``job`` as the guard let it through: its text normalised, and the union of the graphs
    as its default graph only if the query names no dataset of its own (SPARQL 1.1)."""
    return dataclasses.replace(
        job,
        query=verdict.text,
        union_default=job.union_default and not verdict.names_dataset,
        checked=True,
    )


def _run_query(store: ox.Store, job: QueryJob, limits: Limits, proven: bool) -> QueryOutcome:
    assert job.query is not None
    try:
        result = store.query(job.query, **_query_kwargs(job))  # type: ignore[arg-type]
    except SyntaxError as error:
        message = str(error)
        position = _POSITION.search(message)
        extra = {"line": int(position[1]), "column": int(position[2])} if position else {}
        return failure(400, "malformed-query", message, **extra)
    if isinstance(result, ox.QueryBoolean):
        offers = list(conneg.BOOLEAN_TYPES)
        media = conneg.negotiate(job.accept, offers)
        if media is None:
            return _not_acceptable(offers)
        body = serialise_boolean(bool(result), conneg.BOOLEAN_TYPES[media])
        return QueryOutcome(200, media, body)
    if isinstance(result, ox.QuerySolutions):
        offers = list(conneg.SOLUTION_TYPES)
        media = conneg.negotiate(job.accept, offers)
        if media is None:
            return _not_acceptable(offers)
        kind = conneg.SOLUTION_TYPES[media]
        if proven and kind in _NATIVE_FORMATS:
            # Without an output file pyoxigraph returns the bytes (typed as optional).
            body = result.serialize(format=_NATIVE_FORMATS[kind]) or b""
            # The one-call writer has no hook for the size cap: checked on what it wrote.
            limits.check_size(len(body))
        else:
            body = serialise_solutions(result, kind, limits)
        return QueryOutcome(200, media, body)
    offers = list(conneg.GRAPH_TYPES)
    media = conneg.negotiate(job.accept, offers)
    if media is None:
        return _not_acceptable(offers)
    return QueryOutcome(200, media, serialise_graph(result, conneg.GRAPH_TYPES[media], limits))


def _read_graph(store: ox.Store, job: QueryJob, limits: Limits) -> QueryOutcome:
    graph = ox.NamedNode(job.graph_iri) if job.graph_iri is not None else None
    if graph is not None and not store.contains_named_graph(graph):
        return failure(404, "no-such-graph", f"there is no graph <{job.graph_iri}>")
    offers = list(conneg.GRAPH_TYPES)
    media = conneg.negotiate(job.accept, offers)
    if media is None:
        return _not_acceptable(offers)
    rdf_format = conneg.GRAPH_TYPES[media]
    # graph None reads the union of every graph, which this server uses as the default graph.
    quads = store.quads_for_pattern(None, None, None, graph)
    if graph is not None and rdf_format.supports_datasets:
        return QueryOutcome(200, media, serialise_quads(quads, rdf_format, limits))
    # The union holds a triple stated in several graphs once.
    triples = dict.fromkeys(
        ox.Triple(q.subject, q.predicate, q.object) for q in limited_rows(quads, limits)
    )
    return QueryOutcome(200, media, serialise_graph(triples, rdf_format, limits))


def execute(store: ox.Store, job: QueryJob, proven: bool = False) -> QueryOutcome:
    """Run one job to a complete response; client mistakes become 4xx outcomes, never raise.

    A query not known to be safe is judged first (:func:`~provkb.server.query_guard.guard`),
    here, in the process that runs it; the outcome carries the verdict.

    Args:
        store: the store to query.
        job: the job.
        proven: the very same job has already run to a 200 within its caps on this unchanging
            store (the server's fast path), so it will again: SELECT results in JSON or CSV are
            then written by pyoxigraph in one call, which has no hook for the row cap or the
            clock but writes them several times faster than the row-by-row writers.
    """
    if job.query is None or job.checked:
        return _execute(store, job, proven)
    try:
        verdict = guard(job.query)
    except ApiError as refusal:
        return failure(refusal.status, refusal.code, refusal.message, **refusal.extra)
    return dataclasses.replace(_execute(store, judged(job, verdict), proven), verdict=verdict)


def _execute(store: ox.Store, job: QueryJob, proven: bool) -> QueryOutcome:
    limits = Limits(job.deadline, job.max_rows, job.max_bytes)
    try:
        limits.check_time()
        if job.query is None:
            return _read_graph(store, job, limits)
        return _run_query(store, job, limits, proven)
    except LimitExceeded as error:
        extra = (
            {"cancelled_by": "the deadline check between rows"} if error.code == "timeout" else {}
        )
        return failure(_LIMIT_STATUS[error.code], error.code, error.message, **extra)
    except Unrepresentable as error:
        # The client asked for a format that cannot carry this result: another one can.
        return failure(
            406,
            "unrepresentable-result",
            f"the requested format cannot represent this result: {error}; ask for another "
            "(N-Triples, Turtle or SPARQL JSON carry every result)",
        )
    except OSError as error:
        # A storage failure is the server's fault, not the client's.
        return failure(500, "storage-error", str(error))
    except (ValueError, TypeError, RuntimeError) as error:
        # Evaluation errors pyoxigraph raises for a query it parsed (e.g. an invalid regex).
        return failure(400, "query-evaluation-failed", str(error))
