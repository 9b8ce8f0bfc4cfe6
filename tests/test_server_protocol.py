"""The SPARQL 1.1 Protocol endpoint of ``provkb serve``, driven over real HTTP on the seed KB:
raw httpx for the protocol's edge cases, SPARQLWrapper and rdflib's SPARQLStore as real clients.
Every result format is parsed back by an independent parser and compared with what pyoxigraph
answers in-process on the same dump."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import DCTERMS, RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from provkb.layout import BuildLayout
from provkb.namespaces import DEFAULT_BASE, sparql_prologue
from provkb_harness.live_server import LiveServer, settings_for
from tests.conftest import ROOT

PERSON = DEFAULT_BASE + "id/person/bulut-alemdar"
ENTITIES = DEFAULT_BASE + "graph/entities"
SELECT_QUOTES = sparql_prologue() + (
    "SELECT ?a ?quote WHERE { ?a a pkb:Assertion ; pkb:speaker <" + PERSON + "> ; "
    "pkb:span/oa:exact ?quote } ORDER BY ?a"
)
# Terms a serialiser gets wrong first: escapes, markup characters, non-BMP, language, datatype,
# an IRI, an unbound variable, a blank node.
TRICKY = (
    "SELECT ?text ?number ?iri ?unbound ?node WHERE { VALUES (?text ?number ?iri ?unbound) { "
    '("tab\\there, \\"quoted\\" <b> & é 😀\\nsecond line; a,b"@en-GB 42 '
    "<http://example.org/x?a=1&b=2> UNDEF) } BIND(BNODE() AS ?node) }"
)


@pytest.fixture(scope="module")
def server(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A live server over the seed KB, with the project's canned queries."""
    tmp = tmp_path_factory.mktemp("protocol")
    settings = settings_for(BuildLayout(seed_build).trig, tmp, queries_dir=ROOT / "queries")
    with LiveServer(settings) as live:
        yield live


@pytest.fixture(scope="module")
def reference(seed_build: Path) -> ox.Store:
    """The same dump in an in-memory pyoxigraph store: the answers to compare with."""
    store = ox.Store()
    store.load(path=str(BuildLayout(seed_build).trig), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture()
def client(server: LiveServer) -> Iterator[httpx.Client]:
    """An HTTP client bound to the live server."""
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


def _rows(store: ox.Store, query: str) -> list[tuple[str | None, ...]]:
    return [
        tuple(None if t is None else str(t) for t in row)
        for row in store.query(query, use_default_graph_as_union=True)
    ]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ],
)
def test_select_round_trips_through_pyoxigraph(
    client: httpx.Client, reference: ox.Store, accept: str, fmt: ox.QueryResultsFormat
) -> None:
    """SELECT results in JSON, XML and TSV parse back to exactly the rows pyoxigraph computes."""
    response = client.post("/sparql", data={"query": SELECT_QUOTES}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    parsed = ox.parse_query_results(response.content, fmt)
    got = [tuple(None if t is None else str(t) for t in row) for row in parsed]
    expected = _rows(reference, SELECT_QUOTES)
    assert len(expected) >= 5, "the seed KB quotes Bulut Alemdar several times"
    assert got == expected


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/tab-separated-values", "tsv"),
        ("text/csv", "csv"),
    ],
)
def test_tricky_terms_survive_every_format(client: httpx.Client, accept: str, fmt: str) -> None:
    """Escapes, markup characters, emoji, language tags, datatypes, unbound variables and blank
    nodes come back intact (rdflib parses the result, an implementation independent of ours)."""
    response = client.get("/sparql", params={"query": TRICKY}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    result = rdflib.query.Result.parse(io.BytesIO(response.content), format=fmt)
    assert [str(v) for v in result.vars] == ["text", "number", "iri", "unbound", "node"]
    (row,) = list(result)
    text = 'tab\there, "quoted" <b> & é 😀\nsecond line; a,b'
    assert str(row[0]) == text
    assert str(row[1]) == "42"
    assert str(row[2]) == "http://example.org/x?a=1&b=2"
    assert row[3] is None or str(row[3]) == ""
    if fmt != "csv":  # CSV keeps lexical forms only, by design of the format
        assert row[0].language.lower() == "en-gb"
        assert row[1].datatype == rdflib.XSD.integer
        assert isinstance(row[2], rdflib.URIRef)
        assert isinstance(row[4], rdflib.BNode)


def test_csv_is_rfc4180(client: httpx.Client) -> None:
    """CSV quotes fields with commas, quotes and newlines, and ends lines with CRLF."""
    response = client.get("/sparql", params={"query": TRICKY}, headers={"Accept": "text/csv"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"text,number,iri,unbound,node\r\n")
    rows = list(csv.reader(io.StringIO(response.text, newline="")))
    assert rows[1][0] == 'tab\there, "quoted" <b> & é 😀\nsecond line; a,b'


@pytest.mark.parametrize(
    "accept", ["application/sparql-results+json", "application/sparql-results+xml"]
)
@pytest.mark.parametrize(
    ("query", "expected"), [("ASK { ?s a ?t }", True), ("ASK { <x:no> ?p ?o }", False)]
)
def test_ask(client: httpx.Client, accept: str, query: str, expected: bool) -> None:
    """ASK answers true and false, in both boolean formats."""
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert (
        bool(
            ox.parse_query_results(response.content, ox.QueryResultsFormat.from_media_type(accept))
        )
        is expected
    )


CONSTRUCT = "CONSTRUCT { <" + PERSON + "> ?p ?o } WHERE { <" + PERSON + "> ?p ?o }"


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/trig", "trig"),
        ("application/n-quads", "nquads"),
    ],
)
def test_construct_in_every_rdf_format(
    client: httpx.Client, reference: ox.Store, accept: str, rdflib_format: str
) -> None:
    """CONSTRUCT results in six RDF formats parse (rdflib) to the triples pyoxigraph computes."""
    response = client.post(
        "/sparql",
        content=CONSTRUCT.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == accept
    dataset = rdflib.Dataset()
    dataset.parse(data=response.content, format=rdflib_format)
    got = {(str(s), str(p), str(o)) for s, p, o, _ in dataset.quads((None, None, None, None))}
    expected = {
        (t.subject.value, t.predicate.value, t.object.value)
        for t in reference.query(CONSTRUCT, use_default_graph_as_union=True)
    }
    assert len(expected) >= 3
    assert got == expected


def test_describe_answers_rdf(client: httpx.Client) -> None:
    """DESCRIBE gets an RDF media type (rdflib-endpoint answered it with the wrong one)."""
    response = client.get("/sparql", params={"query": f"DESCRIBE <{PERSON}>"})
    assert response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    assert (
        rdflib.URIRef(PERSON),
        rdflib.SKOS.prefLabel,
        rdflib.Literal("Bulut Alemdar", lang="en"),
    ) in graph


def test_relative_iris_resolve_against_the_endpoint(
    client: httpx.Client, server: LiveServer
) -> None:
    """The service's base IRI is the endpoint URL (the W3C suite's update_base_uri idea)."""
    response = client.get(
        "/sparql",
        params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
        headers={"Accept": "application/n-triples"},
    )
    assert response.text.startswith(f"<{server.url}/s> <{server.url}/p> ")


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/turtle"),
        ("ASK {}", "text/csv"),
        ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "application/sparql-results+json"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "image/png, text/html;q=0.5"),
    ],
)
def test_406_when_nothing_acceptable(client: httpx.Client, query: str, accept: str) -> None:
    """Nothing in Accept fits the result form: 406 with a JSON list of what is available."""
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/json"
    assert response.json()["available"]


def test_accept_quality_values_are_honoured(client: httpx.Client) -> None:
    """q-values pick the format, not the order of the header."""
    response = client.get(
        "/sparql",
        params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"},
        headers={"Accept": "application/sparql-results+json;q=0.2, text/csv;q=0.9, */*;q=0.1"},
    )
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["vary"].startswith("Accept")


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", None])
def test_415_for_an_unsupported_request_type(
    client: httpx.Client, content_type: str | None
) -> None:
    """A POST that is neither a form nor application/sparql-query gets 415 with JSON."""
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/sparql", content=b"ASK {}", headers=headers)
    assert response.status_code == 415
    assert response.json()["error"] == "unsupported-media-type"


def test_415_for_a_charset_other_than_utf8(client: httpx.Client) -> None:
    response = client.post(
        "/sparql",
        content="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
    )
    assert response.status_code == 415


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_malformed_query_gets_400_with_line_and_column(client: httpx.Client, how: str) -> None:
    """The parser's message, line and column, in JSON; never a 500."""
    query = "SELECT ?s\nWHERE {\n  ?s ?p \n}"
    if how == "get":
        response = client.get("/sparql", params={"query": query})
    elif how == "form":
        response = client.post("/sparql", data={"query": query})
    else:
        response = client.post(
            "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}
        )
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "malformed-query"
    # Oxigraph's position: the line of the stray "}" and the column just past it.
    assert (body["line"], body["column"]) == (4, 2), body
    assert "4:2" in body["message"]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"ASK { \xff }", "application/sparql-query"),
        (b"query=%FF", "application/x-www-form-urlencoded"),
    ],
)
def test_non_utf8_body_gets_400(client: httpx.Client, body: bytes, content_type: str) -> None:
    """Bytes that are not UTF-8, raw or percent-encoded: 400, not a 500."""
    response = client.post("/sparql", content=body, headers={"Content-Type": content_type})
    assert response.status_code == 400
    assert response.json()["error"] == "not-utf-8"


def test_two_queries_get_400(client: httpx.Client) -> None:
    response = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert response.status_code == 400
    assert response.json()["error"] == "several-queries"


def test_a_bad_graph_iri_gets_400(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert response.status_code == 400
    assert response.json()["error"] == "bad-graph-iri"


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {
            "method": "POST",
            "content": b"INSERT DATA { <x:a> <x:b> <x:c> }",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {"method": "POST", "data": {"update": "INSERT DATA { <x:a> <x:b> <x:c> }"}},
        {"method": "GET", "params": {"update": "CLEAR ALL"}},
        {"method": "GET", "params": {"query": "INSERT DATA { <x:a> <x:b> <x:c> }"}},
        {"method": "POST", "data": {"query": "PREFIX x: <x:> # a comment\nDROP ALL"}},
    ],
    ids=["direct", "form", "get", "update-as-query", "drop-after-prologue"],
)
def test_updates_are_refused(client: httpx.Client, request_kwargs: dict) -> None:
    """However an update comes, it gets 403 and the data does not change."""
    kwargs = dict(request_kwargs)
    response = client.request(kwargs.pop("method"), "/sparql", **kwargs)
    assert response.status_code == 403
    assert response.json()["error"] == "read-only"
    after = client.get(
        "/sparql",
        params={"query": "ASK { <x:a> <x:b> <x:c> }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert after.json()["boolean"] is False
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def _count(client: httpx.Client, query: str, **params: str | list[str]) -> int:
    response = client.get(
        "/sparql",
        params={"query": query, **params},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_default_graph_is_the_union_of_the_named_graphs(
    client: httpx.Client, reference: ox.Store
) -> None:
    """With no dataset of its own, a query sees every named graph as its default graph: all
    the KB's triples (each lives in a named graph; the store's real default graph is empty)."""
    quads = len(reference)
    distinct = len({(q.subject, q.predicate, q.object) for q in reference})
    assert quads > 10_000
    assert not list(reference.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    # Oxigraph's union is a multiset: a triple stated in two graphs is matched twice.
    assert _count(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == quads
    distinct_query = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
    assert _count(client, distinct_query) == distinct
    # Assertions (document graphs) and labels (entity graph) meet in one pattern.
    joined = _count(
        client,
        sparql_prologue() + "SELECT (COUNT(*) AS ?n) WHERE { ?a pkb:speaker ?s . "
        "?s skos:prefLabel ?l }",
    )
    assert joined > 0


def test_a_query_dataset_replaces_the_union(client: httpx.Client, reference: ox.Store) -> None:
    """FROM, FROM NAMED and default-graph-uri give exactly the dataset they name."""
    assertions = sparql_prologue() + "SELECT (COUNT(*) AS ?n) {} WHERE { ?a a pkb:Assertion }"
    assertions = assertions.replace(" {} WHERE", " WHERE")
    assert _count(client, assertions) > 50
    from_entities = assertions.replace(" WHERE", f" FROM <{ENTITIES}> WHERE")
    assert _count(client, from_entities) == 0
    assert _count(client, assertions, **{"default-graph-uri": ENTITIES}) == 0
    # FROM NAMED alone leaves the default graph empty (SPARQL 1.1 §13.2).
    only_named = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{ENTITIES}> WHERE {{ ?s ?p ?o }}"
    assert _count(client, only_named) == 0
    named = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{ENTITIES}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    in_entities = len(list(reference.quads_for_pattern(None, None, None, ox.NamedNode(ENTITIES))))
    assert _count(client, named) == in_entities > 100


def test_service_description_names_the_real_endpoint(
    client: httpx.Client, server: LiveServer
) -> None:
    """GET without a query describes the service at the address it serves, whatever ``Host``
    the client sends; its default dataset is the KB under its VoID IRI, whose VoID description
    (linked) names the graphs."""
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = rdflib.URIRef(DEFAULT_BASE + "id/dataset")
    for host, base in [(None, server.url), ("evil.example:8443", server.url)]:
        headers = {"Accept": "text/turtle"} | ({"Host": host} if host else {})
        response = client.get("/sparql", headers=headers)
        assert response.status_code == 200
        graph = rdflib.Graph().parse(data=response.text, format="turtle")
        assert set(graph.objects(None, sd.endpoint)) == {rdflib.URIRef(f"{base}/sparql")}
        assert (None, sd.feature, sd.UnionDefaultGraph) in graph
        assert set(graph.objects(None, sd.defaultDataset)) == {dataset}
        assert (dataset, void.sparqlEndpoint, rdflib.URIRef(f"{base}/sparql")) in graph
        assert set(graph.objects(dataset, RDFS.seeAlso)) == {
            rdflib.URIRef(f"{base}/.well-known/void")
        }
        assert not set(graph.objects(None, sd.namedGraph)), "the graphs are VoID's to list"
    described = rdflib.Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
    sources = {str(s) for s in described.objects(None, DCTERMS.source)}
    assert ENTITIES in sources


def test_a_browser_asking_the_endpoint_gets_the_ui(client: httpx.Client) -> None:
    """The SPARQL editor is at /query (the home page is the reader's)."""
    response = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 303
    assert response.headers["location"] == "/query"


def test_sparqlwrapper_select_ask_construct(server: LiveServer, reference: ox.Store) -> None:
    """SPARQLWrapper, a real client, by GET and by POST."""
    for method in ("GET", "POST"):
        wrapper = SPARQLWrapper(server.url + "/sparql")
        wrapper.setMethod(method)
        wrapper.setQuery(SELECT_QUOTES)
        wrapper.setReturnFormat(JSON)
        bindings = wrapper.query().convert()["results"]["bindings"]
        assert [b["quote"]["value"] for b in bindings] == [
            r[1].value for r in reference.query(SELECT_QUOTES, use_default_graph_as_union=True)
        ]
        wrapper.setQuery(f"ASK {{ <{PERSON}> ?p ?o }}")
        assert wrapper.query().convert()["boolean"] is True
        wrapper.setQuery(CONSTRUCT)
        wrapper.setReturnFormat(TURTLE)
        graph = rdflib.Graph().parse(data=wrapper.query().convert(), format="turtle")
        assert (rdflib.URIRef(PERSON), rdflib.RDF.type, None) in graph


def test_rdflib_sparqlstore(server: LiveServer) -> None:
    """rdflib's SPARQLStore queries the endpoint like any SPARQL 1.1 server."""
    store = SPARQLStore(query_endpoint=server.url + "/sparql", returnFormat="json")
    graph = rdflib.Graph(store=store)
    rows = list(
        graph.query(f"SELECT ?label WHERE {{ <{PERSON}> <{rdflib.SKOS.prefLabel}> ?label }}")
    )
    assert [str(r[0]) for r in rows] == ["Bulut Alemdar"]
    assert (rdflib.URIRef(PERSON), rdflib.RDF.type, None) in graph


def test_cors_for_get_and_post(client: httpx.Client) -> None:
    """Browsers on other origins may query, including the preflighted direct POST."""
    origin = {"Origin": "https://elsewhere.example"}
    response = client.get("/sparql", params={"query": "ASK {}"}, headers=origin)
    assert response.headers["access-control-allow-origin"] in ("*", origin["Origin"])
    preflight = client.options(
        "/sparql",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"].lower()


def test_method_other_than_get_or_post_gets_405_json(client: httpx.Client) -> None:
    response = client.put("/sparql", content=b"ASK {}")
    assert response.status_code == 405
    assert json.loads(response.content)["error"] == "method-not-allowed"


def test_cors_origins_are_configurable(seed_build: Path, tmp_path: Path) -> None:
    """With an allow-list, listed origins are granted and others are not."""
    settings = settings_for(
        BuildLayout(seed_build).trig, tmp_path, cors_origins=("https://allowed.example",)
    )
    with LiveServer(settings) as live, httpx.Client(base_url=live.url) as http:
        allowed = http.get(
            "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://allowed.example"}
        )
        assert allowed.headers["access-control-allow-origin"] == "https://allowed.example"
        other = http.get(
            "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://other.example"}
        )
        assert other.status_code == 200
        assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
        "SELECT * " + "{" * 5000 + "}" * 5000,
    ],
    ids=["parentheses", "groups"],
)
def test_deep_nesting_is_refused_before_it_crashes_the_parser(
    client: httpx.Client, query: str
) -> None:
    """5,000 levels overflow Oxigraph's parser stack (its process dies): a 400 instead, and the
    workers keep answering."""
    response = client.post(
        "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "too-deeply-nested"
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_every_get_route_answers_head_too(server: LiveServer) -> None:
    # HEAD is GET without the body (RFC 9110 §9.3.2): the home page, the lists, the search,
    # the query UI and the canned queries answered it 405. Every path the API documents for GET
    # answers HEAD with GET's status and no body.
    spec = httpx.get(server.url + "/openapi.json").json()
    paths = [p for p, ops in spec["paths"].items() if "get" in ops and "{" not in p]
    assert {"/", "/search", "/queries", "/query", "/people"} <= set(paths)
    assert any(path.startswith("/queries/") for path in paths)
    for path in [*paths, "/docs"]:
        get = httpx.get(server.url + path, timeout=30)
        head = httpx.head(server.url + path, timeout=30)
        assert head.status_code == get.status_code, path
        assert head.content == b"", path
