"""The read side of the SPARQL 1.1 Graph Store HTTP Protocol at ``/graph`` (indirect naming).

``?graph=IRI`` reads one named graph; ``?default`` reads the default graph, which on this server
is the union of all named graphs (see :mod:`provkb.server.sparql`). Triple formats get the
triples; TriG and N-Quads keep the graph name of a named graph. Writes get 405.

A graph read is bounded by the dataset itself (which the dumps publish whole anyway), so the row
cap, meant for runaway queries, does not apply; the deadline and the response-size cap do.
"""

from __future__ import annotations

import sys

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response

from provkb.server.errors import ApiError
from provkb.server.executor import LIGHT, ClientDisconnected
from provkb.server.routing import add_get
from provkb.server.sparql import outcome_response
from provkb.server.state import ServerState

_ALLOWED = "GET, HEAD, OPTIONS"


def make_router(state: ServerState) -> APIRouter:
    """The ``/graph`` routes of one app."""
    router = APIRouter(tags=["Graph Store"])

    async def read(request: Request) -> Response:
        """One named graph, or the default graph (the union)."""
        graphs = request.query_params.getlist("graph")
        default = "default" in request.query_params
        if len(graphs) + int(default) != 1:
            raise ApiError(400, "graph-required", "give exactly one of ?graph=<IRI> or ?default")
        graph_iri = None
        if graphs:
            try:
                graph_iri = ox.NamedNode(graphs[0]).value
            except ValueError as error:
                message = f"<{graphs[0]}> is not an IRI: {error}"
                raise ApiError(400, "bad-graph-iri", message) from None
        job = state.job(
            None, request.headers.get("accept"), graph_iri=graph_iri, max_rows=sys.maxsize
        )
        try:
            outcome = await state.pool.run(job, request.receive, LIGHT)
        except ClientDisconnected:
            return Response(status_code=499)
        return outcome_response(outcome)

    async def refuse(request: Request) -> Response:
        """Refuse a write: the store is read-only."""
        raise ApiError(
            405,
            "read-only",
            "the graph store is read-only: PUT, POST, DELETE and PATCH are refused",
            headers={"Allow": _ALLOWED},
        )

    add_get(
        router,
        "/graph",
        read,
        summary="Read a graph",
        description="`?graph=IRI` for a named graph, `?default` for the default graph (the "
        "union of all graphs). Formats by `Accept`.",
        response_class=Response,
    )

    async def options(request: Request) -> Response:
        """What /graph allows: reading."""
        return Response(status_code=204, headers={"Allow": _ALLOWED})

    # Answered, but not described: an operation that always fails is no operation of the API,
    # and OPTIONS says the same as the 405's Allow.
    router.add_api_route(
        "/graph",
        refuse,
        methods=["PUT", "POST", "DELETE", "PATCH"],
        include_in_schema=False,
        response_class=Response,
    )
    router.add_api_route(
        "/graph", options, methods=["OPTIONS"], include_in_schema=False, response_class=Response
    )
    return router
