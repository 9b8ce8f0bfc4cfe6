"""The ``/sparql`` routes: the SPARQL 1.1 Protocol endpoint and its service description.

The protocol itself (reading a request, running its query under the server's limits) is
:mod:`provkb.server.sparql`, which other routes use too.
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from starlette.routing import Route

from provkb import layout
from provkb.namespaces import PREFIXES
from provkb.server import conneg
from provkb.server.errors import ApiError
from provkb.server.public_url import route_url
from provkb.server.routing import add_get
from provkb.server.sparql import DIRECT, FORM, endpoint_url, parse_protocol, run_protocol_query
from provkb.server.state import ServerState

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
# The result formats the service description announces (W3C format IRIs).
_FORMAT_IRIS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
    "TriG",
    "N-Quads",
)


def sd(name: str) -> ox.NamedNode:
    """A term of the service description vocabulary."""
    return ox.NamedNode(SD + name)


def service_description(endpoint: str, dataset_iri: str, void: str | None) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of this endpoint, for the URL it was reached at.

    The default dataset is the KB, under the IRI its VoID gives it (``dataset_iri``), and the
    named graphs are left to the VoID description at ``void`` (one subset per graph, its
    ``dcterms:source`` the graph's name) rather than listed here: the KB has a graph per
    document, and the list would grow with it.
    """
    service = ox.NamedNode(endpoint)
    dataset = ox.NamedNode(dataset_iri)
    default_graph = ox.BlankNode("defaultGraph")
    triples = [
        ox.Triple(service, RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(
            service,
            sd("defaultEntailmentRegime"),
            ox.NamedNode("http://www.w3.org/ns/entailment/Simple"),
        ),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default_graph),
        ox.Triple(dataset, ox.NamedNode(PREFIXES["void"] + "sparqlEndpoint"), service),
        ox.Triple(default_graph, RDF_TYPE, sd("Graph")),
    ]
    if void is not None:
        triples.append(
            ox.Triple(dataset, ox.NamedNode(PREFIXES["rdfs"] + "seeAlso"), ox.NamedNode(void))
        )
    triples += [
        ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS + f)) for f in _FORMAT_IRIS
    ]
    return triples


def make_router(state: ServerState) -> APIRouter:
    """The ``/sparql`` routes of one app."""
    router = APIRouter(tags=["SPARQL"])

    async def sparql(request: Request) -> Response:
        """Answer a SPARQL 1.1 Protocol request."""
        parsed = await parse_protocol(request, state.settings.max_request_bytes)
        if parsed is None:
            return await _describe_service(request, state)
        return await run_protocol_query(request, state, parsed)

    description = (
        "SPARQL 1.1 Protocol query endpoint (read-only). Pass `query` (and optionally "
        "`default-graph-uri`, `named-graph-uri`) in the URL, in a form body, or send the query "
        "as an `application/sparql-query` body. Results follow `Accept`: SPARQL JSON, XML, CSV, "
        "TSV; Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads. Without a query, GET returns "
        "the service description."
    )
    # The handler reads the request itself (the protocol's rules are not FastAPI's), so it is
    # served by a plain Starlette route, matched first: FastAPI's request handling (dependency
    # solving, response wrapping) cost a few hundred microseconds per query for nothing. The
    # FastAPI routes below only describe the endpoint in the OpenAPI document, parameters and
    # bodies by hand; they are never reached.
    router.routes.append(Route("/sparql", sparql, methods=["GET", "POST"], include_in_schema=False))
    dataset_parameters = [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": text,
            "schema": {"type": "array", "items": {"type": "string", "format": "uri"}},
            "style": "form",
            "explode": True,
        }
        for name, text in (
            ("default-graph-uri", "a graph of the default graph (repeatable)"),
            ("named-graph-uri", "a named graph of the dataset (repeatable)"),
        )
    ]
    query_parameter = {
        "name": "query",
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": "the SPARQL query; without it, the service description",
        "example": "SELECT * WHERE { ?s ?p ?o } LIMIT 10",
    }
    add_get(
        router,
        "/sparql",
        sparql,
        summary="SPARQL query (GET)",
        description=description,
        response_class=Response,
        openapi_extra={"parameters": [query_parameter, *dataset_parameters]},
    )
    router.add_api_route(
        "/sparql",
        sparql,
        methods=["POST"],
        summary="SPARQL query (POST)",
        description=description,
        response_class=Response,
        openapi_extra={
            "parameters": dataset_parameters,
            "requestBody": {
                "required": True,
                "content": {
                    DIRECT: {"schema": {"type": "string"}},
                    FORM: {
                        "schema": {
                            "type": "object",
                            "required": ["query"],
                            "properties": {"query": {"type": "string"}},
                        }
                    },
                },
            },
        },
    )
    return router


async def _describe_service(request: Request, state: ServerState) -> Response:
    # RDF first: "*/*" gets Turtle; only a client that prefers HTML (a browser) gets the UI.
    offers = [*conneg.GRAPH_TYPES, "text/html"]
    media = conneg.negotiate(request.headers.get("accept"), offers)
    if media == "text/html":
        return Response(status_code=303, headers={"Location": request.app.url_path_for("ui")})
    if media is None:
        raise ApiError(406, "not-acceptable", "no acceptable RDF format", available=offers[:-1])
    rdf_format = conneg.GRAPH_TYPES[media]
    has_void = (state.settings.build_dir / layout.VOID).is_file()
    triples = service_description(
        endpoint_url(request, state),
        state.settings.dataset_iri,
        route_url(request, state.settings.public_url, "void") if has_void else None,
    )
    items: list[ox.Triple] | list[ox.Quad] = triples
    if rdf_format.supports_datasets:
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    body = ox.serialize(items, format=rdf_format, prefixes={"sd": SD, **PREFIXES})
    return Response(body, 200, {"Vary": "Accept"}, media_type=conneg.content_type(media))
