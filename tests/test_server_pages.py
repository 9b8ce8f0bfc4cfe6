"""Everything the server publishes besides /sparql, on a live server over the seed build: dumps,
VoID, the Graph Store read side, linked-data pages for the KB's IRIs, the canned-query routes,
the query UI and the OpenAPI description."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import RDF, VOID

from provkb.layout import BuildLayout
from provkb.namespaces import DEFAULT_BASE, PREFIXES
from provkb.query.catalogue import load_catalogue
from provkb_harness.live_server import LiveServer, settings_for
from tests.conftest import ROOT

PERSON = DEFAULT_BASE + "id/person/bulut-alemdar"
DOCUMENT = DEFAULT_BASE + "id/doc/alemdar-voa-interview"
ENTITIES = DEFAULT_BASE + "graph/entities"
PKB = PREFIXES["pkb"]


@pytest.fixture(scope="module")
def server(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A live server over the seed build, with the project's canned queries."""
    settings = settings_for(
        BuildLayout(seed_build).trig, tmp_path_factory.mktemp("pages"), queries_dir=ROOT / "queries"
    )
    with LiveServer(settings) as live:
        yield live


@pytest.fixture()
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


@pytest.fixture(scope="module")
def reference(seed_build: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(BuildLayout(seed_build).trig), format=ox.RdfFormat.TRIG)
    return store


def _path(iri: str) -> str:
    return urlsplit(iri).path


# ---------------------------------------------------------------- dumps


def test_dump_listing_json_and_html(client: httpx.Client, seed_build: Path) -> None:
    """/dumps/ lists every file the build wrote, with sizes and digests; HTML for browsers."""
    listing = client.get("/dumps/", headers={"Accept": "application/json"}).json()["dumps"]
    names = {d["name"] for d in listing}
    built = BuildLayout(seed_build)
    documents = {f"documents/{p.name}" for p in built.documents.glob("*.ttl")}
    documents |= {f"annotations/{p.name}" for p in built.annotations.glob("*.jsonld")}
    assert len(documents) == 8, "a Turtle file and a Web Annotation file per seed document"
    assert {
        "provkb.trig",
        "provkb.nq.gz",
        "provkb.ttl",
        "void.ttl",
        "SHA256SUMS",
    } | documents == names
    sums = dict(
        reversed(line.split("  ", 1))
        for line in BuildLayout(seed_build).sums.read_text(encoding="utf-8").splitlines()
    )
    for entry in listing:
        if entry["name"] in sums:
            assert entry["sha256"] == sums[entry["name"]], entry["name"]
    html = client.get("/dumps/", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html")
    assert 'href="http' in html.text and "provkb.nq.gz" in html.text


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("provkb.trig", "application/trig"),
        ("provkb.ttl", "text/turtle; charset=utf-8"),
        ("provkb.nq.gz", "application/gzip"),
        ("void.ttl", "text/turtle; charset=utf-8"),
        ("SHA256SUMS", "text/plain; charset=utf-8"),
        ("documents/alemdar-voa-interview.ttl", "text/turtle; charset=utf-8"),
    ],
)
def test_dump_files(client: httpx.Client, seed_build: Path, name: str, media_type: str) -> None:
    """Each dump: its media type, its exact bytes, a strong ETag and Last-Modified; 304 when
    revalidated by ETag or by date."""
    response = client.get(f"/dumps/{name}", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.content == (BuildLayout(seed_build).published / name).read_bytes()
    etag = response.headers["etag"]
    assert etag == f'"{hashlib.sha256(response.content).hexdigest()}"'
    again = client.get(
        f"/dumps/{name}", headers={"If-None-Match": etag, "Accept-Encoding": "identity"}
    )
    assert again.status_code == 304 and again.content == b""
    by_date = client.get(
        f"/dumps/{name}",
        headers={
            "If-Modified-Since": response.headers["last-modified"],
            "Accept-Encoding": "identity",
        },
    )
    assert by_date.status_code == 304


def test_gzip_when_asked_and_never_twice(client: httpx.Client, seed_build: Path) -> None:
    """Text dumps are gzipped for clients that accept it (their own ETag, 304 on it); the
    .nq.gz is already gzip and comes as it is."""
    with httpx.Client(base_url=str(client.base_url)) as raw:
        request = raw.build_request("GET", "/dumps/provkb.ttl", headers={"Accept-Encoding": "gzip"})
        response = raw.send(request, stream=True)
        compressed = response.read() if False else b"".join(response.iter_raw())
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["vary"].startswith("Accept-Encoding")
    assert gzip.decompress(compressed) == BuildLayout(seed_build).union_turtle.read_bytes()
    assert len(compressed) < BuildLayout(seed_build).union_turtle.stat().st_size / 2
    etag = response.headers["etag"]
    assert etag.endswith('-gzip"')
    assert (
        client.get(
            "/dumps/provkb.ttl", headers={"Accept-Encoding": "gzip", "If-None-Match": etag}
        ).status_code
        == 304
    )
    nq = client.get("/dumps/provkb.nq.gz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in nq.headers
    assert nq.content == BuildLayout(seed_build).nquads.read_bytes()
    quads = list(ox.parse(gzip.decompress(nq.content), format=ox.RdfFormat.N_QUADS))
    assert len(quads) > 10_000


def test_unknown_dumps_are_404_and_paths_stay_inside(client: httpx.Client) -> None:
    for name in ("nope.ttl", "%2E%2E/pyproject.toml", "store", "documents/%2E%2E/provkb.trig"):
        response = client.get(f"/dumps/{name}")
        assert response.status_code == 404, name
        assert response.headers["content-type"] == "application/json"


def test_void(client: httpx.Client, seed_build: Path) -> None:
    """/.well-known/void serves the build's VoID; other RDF formats by Accept; the dump IRIs
    it names redirect to /dumps/."""
    turtle = client.get("/.well-known/void")
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert turtle.content == BuildLayout(seed_build).void.read_bytes()
    nt = client.get("/.well-known/void", headers={"Accept": "application/n-triples"})
    graph = rdflib.Graph().parse(data=nt.text, format="nt")
    assert len(graph) == len(rdflib.Graph().parse(BuildLayout(seed_build).void))
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dump = next(graph.objects(None, void.dataDump))
    redirect = client.get(_path(str(dump)), follow_redirects=False)
    assert redirect.status_code == 301
    assert client.get(redirect.headers["location"]).status_code == 200


# ---------------------------------------------------------------- graph store


def test_graph_store_named_graph(client: httpx.Client, reference: ox.Store) -> None:
    """?graph=IRI returns exactly that graph: triples in Turtle, quads with its name in TriG."""
    expected = {
        (q.subject.value, q.predicate.value, str(q.object))
        for q in reference.quads_for_pattern(None, None, None, ox.NamedNode(ENTITIES))
    }
    turtle = client.get("/graph", params={"graph": ENTITIES}, headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    got = {
        (t.subject.value, t.predicate.value, str(t.object))
        for t in ox.parse(turtle.content, format=ox.RdfFormat.TURTLE)
    }
    assert got == expected
    trig = client.get("/graph", params={"graph": ENTITIES}, headers={"Accept": "application/trig"})
    names = {q.graph_name.value for q in ox.parse(trig.content, format=ox.RdfFormat.TRIG)}
    assert names == {ENTITIES}


def test_graph_store_default_is_the_union(client: httpx.Client, reference: ox.Store) -> None:
    response = client.get("/graph?default", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    triples = set(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == len({q.triple for q in reference})


def test_graph_store_errors(client: httpx.Client) -> None:
    assert client.get("/graph").status_code == 400
    assert client.get("/graph", params={"graph": DEFAULT_BASE + "graph/none"}).status_code == 404
    assert (
        client.get(
            "/graph", params={"graph": ENTITIES}, headers={"Accept": "image/png"}
        ).status_code
        == 406
    )
    for method in ("PUT", "POST", "DELETE", "PATCH"):
        response = client.request(
            method,
            "/graph",
            params={"graph": ENTITIES},
            content=b"<x:a> <x:b> <x:c> .",
            headers={"Content-Type": "text/turtle"},
        )
        assert response.status_code == 405, method
        assert response.json()["error"] == "read-only"
        assert "GET" in response.headers["allow"]


# ---------------------------------------------------------------- linked data


def _kb_iris(reference: ox.Store) -> list[str]:
    """One IRI of each kind the KB mints: entities, a document, an assertion, a span, a hop."""
    query = """PREFIX pkb: <https://w3id.org/provkb/ontology#>
    SELECT ?type (MIN(STR(?x)) AS ?first) WHERE { GRAPH ?g { ?x a ?type } VALUES ?type {
      pkb:Person pkb:Organisation pkb:CollectiveSpeaker pkb:Place pkb:Event pkb:Document
      pkb:Assertion pkb:TextSpan pkb:RelayHop pkb:Mention } } GROUP BY ?type"""
    return sorted(row["first"].value for row in reference.query(query))


def test_every_kind_of_kb_iri_resolves(client: httpx.Client, reference: ox.Store) -> None:
    """Entities, documents, assertions, spans, hops: each IRI answers 303 to a page that names
    it, and to RDF that describes it, at the path part of the IRI."""
    iris = _kb_iris(reference)
    assert len(iris) == 10, "one IRI of each of the ten kinds"
    for iri in iris:
        see_other = client.get(_path(iri), headers={"Accept": "text/html"})
        assert see_other.status_code == 303, iri
        page = client.get(see_other.headers["location"])
        assert page.status_code == 200 and iri in page.text, iri
        rdf = client.get(_path(iri), headers={"Accept": "text/turtle"}, follow_redirects=True)
        graph = rdflib.Graph().parse(data=rdf.text, format="turtle")
        assert (rdflib.URIRef(iri), None, None) in graph, iri


def test_all_entity_document_and_assertion_iris_resolve(
    client: httpx.Client, reference: ox.Store
) -> None:
    """Not a sample: every entity, document and assertion of the KB answers 303 at its path (four
    clients at once, as many as the server has workers)."""
    query = """PREFIX pkb: <https://w3id.org/provkb/ontology#>
    SELECT DISTINCT ?x WHERE { GRAPH ?g { ?x a ?type } VALUES ?type { pkb:Person
      pkb:Organisation pkb:CollectiveSpeaker pkb:Place pkb:Event pkb:Document pkb:Assertion } }"""
    iris = [row["x"].value for row in reference.query(query)]
    assert len(iris) > 200
    assert all(iri.startswith(DEFAULT_BASE + "id/") for iri in iris)

    def status(iri: str) -> tuple[str, int, str]:
        response = client.get(_path(iri), headers={"Accept": "text/turtle"})
        return iri, response.status_code, response.headers.get("location", "")

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(status, iris))
    wrong = [
        (iri, code)
        for iri, code, location in answers
        if code != 303 or location != _path(iri) + ".ttl"
    ]
    assert wrong == []


def test_person_page(client: httpx.Client) -> None:
    """A person's page answers what they said (direct and reported speech marked, the relay
    chain as names), linking other entities as local paths; ``?view=statements`` keeps the page
    of every statement, with quotes, document and span."""
    page = client.get(_path(PERSON) + ".html").text
    assert "<h1>Bulut Alemdar</h1>" in page
    assert "What Bulut Alemdar said" in page
    assert "direct speech" in page and "reported speech" in page
    assert "Voice of America, Azerbaijani section" in page
    assert 'href="/provkb/id/doc/alemdar-voa-interview"' in page
    assert 'href="/provkb/id/person/bulut-alemdar.ttl"' in page
    statements = client.get(_path(PERSON) + ".html", params={"view": "statements"}).text
    assert "<blockquote>" in statements and "characters" in statements


def test_assertion_page_shows_quote_document_and_span(
    client: httpx.Client, reference: ox.Store
) -> None:
    row = next(
        iter(
            reference.query(
                "PREFIX pkb: <https://w3id.org/provkb/ontology#> "
                "PREFIX oa: <http://www.w3.org/ns/oa#> "
                "SELECT ?a ?exact ?start ?end WHERE { GRAPH ?g { "
                "?a a pkb:Assertion ; pkb:span ?s . "
                "?s oa:exact ?exact ; oa:start ?start ; oa:end ?end } } ORDER BY ?a LIMIT 1"
            )
        )
    )
    page = client.get(_path(row["a"].value) + ".html").text
    from markupsafe import escape

    assert f'<blockquote class="quote-exact">{escape(row["exact"].value)}</blockquote>' in page
    assert f"Characters {row['start'].value}–{row['end'].value} of the document" in page


@pytest.mark.parametrize(
    ("accept", "suffix", "media_type"),
    [
        ("application/ld+json", ".jsonld", "application/ld+json"),
        ("application/n-triples", ".nt", "application/n-triples"),
        ("application/rdf+xml", ".rdf", "application/rdf+xml"),
        ("*/*", ".ttl", "text/turtle; charset=utf-8"),
    ],
)
def test_rdf_by_accept(client: httpx.Client, accept: str, suffix: str, media_type: str) -> None:
    response = client.get(_path(PERSON), headers={"Accept": accept})
    assert response.status_code == 303
    assert response.headers["location"] == _path(PERSON) + suffix
    assert "Accept" in response.headers["vary"]
    document = client.get(response.headers["location"])
    assert document.headers["content-type"] == media_type


def test_graph_iris_resolve_to_their_contents(client: httpx.Client, reference: ox.Store) -> None:
    """Each named graph's IRI answers 303 to that graph in the Graph Store."""
    graphs = [g.value for g in reference.named_graphs()]
    assert ENTITIES in graphs
    for graph in graphs:
        response = client.get(_path(graph))
        assert response.status_code == 303, graph
        contents = client.get(response.headers["location"], headers={"Accept": "application/trig"})
        names = {q.graph_name.value for q in ox.parse(contents.content, format=ox.RdfFormat.TRIG)}
        assert names == {graph}
    assert client.get("/provkb/graph/none").status_code == 404


def test_unknown_iris_are_404(client: httpx.Client) -> None:
    for accept, media in (("text/html", "text/html"), ("application/json", "application/json")):
        for path in (
            "/provkb/id/person/nobody",
            "/provkb/id/person/nobody.ttl",
            "/provkb/id/person/no%20body",
        ):
            response = client.get(path, headers={"Accept": accept})
            assert response.status_code == 404, path
            assert response.headers["content-type"].startswith(media)


def test_pages_escape_the_data(tmp_path: Path) -> None:
    """Labels and IRIs from the data are text on the page: markup is escaped and an IRI that is
    not a web address (javascript:) is never a link."""
    trig = tmp_path / "hostile.trig"
    trig.write_text(
        "<https://w3id.org/provkb/graph/entities> { <https://w3id.org/provkb/id/person/x> "
        "<http://www.w3.org/2004/02/skos/core#prefLabel> "
        '"<script>alert(1)</script>"@en ; <http://www.w3.org/2000/01/rdf-schema#seeAlso> '
        "<javascript:alert(2)> . }\n",
        encoding="utf-8",
    )
    with (
        LiveServer(settings_for(trig, tmp_path)) as other,
        httpx.Client(base_url=other.url) as http,
    ):
        page = http.get("/provkb/id/person/x.html").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    assert "javascript:alert(2)" in page


def _section(page: str, heading: str) -> str:
    """The HTML of one section of an IRI's page, from its heading to the next."""
    return page.split(f"<h2>{heading}", 1)[1].split("<h2>", 1)[0]


def _titles(html: str) -> tuple[str, ...]:
    """The IRIs of the links in some HTML of a page (each link's title is its full IRI)."""
    return tuple(unescape(t) for t in re.findall(r'title="([^"]*)"', html))


def _links_on(page: str) -> list[tuple[str, ...]]:
    """(subject, predicate, graph) of each row of a page's "Referred to by" table."""
    rows = _section(page, "Referred to by").split("<tr>")[1:]
    return [_titles(row.split("</tr>", 1)[0]) for row in rows]


def _quotes_on(page: str) -> list[str]:
    """The assertion of each quote on a page."""
    return [_titles(quote)[0] for quote in _section(page, "Quotes").split("</blockquote>")[1:]]


def test_long_lists_are_paged(seed_build: Path, tmp_path: Path, reference: ox.Store) -> None:
    """A resource more triples point to than a page holds: its page shows the first slice of
    each list with the list's length, and links to the next page and to the complete RDF;
    following the pages to the last shows every link and every quote exactly once."""
    size = 5
    links = sorted(
        (q.subject.value, q.predicate.value, q.graph_name.value)
        for q in reference.quads_for_pattern(None, None, ox.NamedNode(PERSON), None)
    )
    said = sorted(
        {
            q.subject.value
            for q in reference.quads_for_pattern(None, ox.NamedNode(PKB + "speaker"), None)
            if q.object.value == PERSON
        }
    )
    assert len(links) > 5 * size and len(said) > 3 * size
    pages = -(-max(len(links), len(said)) // size)
    settings = settings_for(BuildLayout(seed_build).trig, tmp_path, page_size=size)
    here = _path(PERSON) + ".html"
    # The page of every statement (the reader's entity page is the default view).
    view = {"view": "statements"}
    with LiveServer(settings) as other, httpx.Client(base_url=other.url, timeout=30) as http:
        first = http.get(here, params=view).text
        assert f'<h2>Referred to by <span class="muted">1–{size} of {len(links)}</span>' in first
        assert f'<h2>Quotes <span class="muted">1–{size} of {len(said)}</span>' in first
        assert len(_links_on(first)) == size
        assert len(_quotes_on(first)) == size
        assert f'<link rel="next" href="{here}?view=statements&amp;page=2">' in first
        assert f'<a href="{here}?view=statements&amp;page=2">next</a>' in first
        assert f'<a href="{here}?view=statements&amp;page={pages}">last</a>' in first
        assert f'<a href="{_path(PERSON)}.ttl">Turtle</a>' in first
        seen_links: list[tuple[str, ...]] = []
        seen_quotes: list[str] = []
        for number in range(1, pages + 1):
            page = http.get(here, params={**view, "page": number})
            assert page.status_code == 200, number
            seen_links += _links_on(page.text)
            seen_quotes += _quotes_on(page.text)
        assert sorted(seen_links) == links
        assert sorted(seen_quotes) == said
        past = http.get(here, params={**view, "page": pages + 1}, headers={"Accept": "text/html"})
        assert past.status_code == 404
        for bad in ("0", "-1", "two", "1" * 12):
            assert http.get(here, params={**view, "page": bad}).status_code == 400, bad
            assert http.get(here, params={"page": bad}).status_code == 400, bad


def test_void_dataset_iris_resolve(client: httpx.Client, seed_build: Path) -> None:
    """The datasets of the VoID (the KB, a subset per graph) are not in the KB, yet their IRIs
    answer 303 to RDF (a browser gets Turtle too: there is no HTML page) that says what
    void.ttl says about them."""
    void = rdflib.Graph().parse(BuildLayout(seed_build).void)
    datasets = set(void.subjects(RDF.type, VOID.Dataset))
    kb = rdflib.URIRef(DEFAULT_BASE + "id/dataset")
    assert kb in datasets and len(datasets) > 3
    for dataset in datasets:
        see_other = client.get(_path(dataset), headers={"Accept": "text/html,*/*;q=0.8"})
        assert see_other.status_code == 303, dataset
        assert see_other.headers["location"] == _path(dataset) + ".ttl"
        described = rdflib.Graph().parse(
            data=client.get(see_other.headers["location"]).text, format="turtle"
        )
        expected = set(void.triples((dataset, None, None))) | set(
            void.triples((None, None, dataset))
        )
        assert set(described) == expected, dataset
    subset = next(iter(void.objects(kb, VOID.subset)))
    nt = client.get(_path(subset), headers={"Accept": "application/n-triples"})
    assert nt.headers["location"] == _path(subset) + ".nt"
    triples = rdflib.Graph().parse(data=client.get(nt.headers["location"]).text, format="nt")
    assert (kb, VOID.subset, subset) in triples
    for path in ("/provkb/id/dataset/none", "/provkb/id/dataset/none.ttl"):
        assert client.get(path).status_code == 404, path


def test_linked_data_prefix_follows_the_base_iri(seed_build: Path, tmp_path: Path) -> None:
    """The pages live at the path of the configured base IRI, never a hard-coded one."""
    trig = tmp_path / "other.trig"
    trig.write_text(
        "<https://kb.example.org/data/id/person/x> "
        '<http://www.w3.org/2004/02/skos/core#prefLabel> "X"@en .\n',
        encoding="utf-8",
    )
    settings = settings_for(trig, tmp_path, base_iri="https://kb.example.org/data/")
    with LiveServer(settings) as other, httpx.Client(base_url=other.url) as http:
        assert http.get("/data/id/person/x", headers={"Accept": "text/turtle"}).status_code == 303
        assert http.get("/provkb/id/person/x").status_code == 404


def test_the_row_cap_binds_clients_not_the_server(
    seed_build: Path, tmp_path: Path, reference: ox.Store
) -> None:
    """With fewer rows allowed than the KB has named graphs (as at 10,000 documents under the
    default cap of 10,000), the server still starts, and its pages, graph IRIs and service
    description work; only client queries are held to the cap."""
    graphs = {g.value for g in reference.named_graphs()}
    cap = 2
    assert len(graphs) > cap
    settings = settings_for(BuildLayout(seed_build).trig, tmp_path, max_rows=cap)
    with LiveServer(settings) as other, httpx.Client(base_url=other.url, timeout=30) as http:
        see_other = http.get(_path(PERSON), headers={"Accept": "text/html"})
        assert see_other.status_code == 303
        page = http.get(see_other.headers["location"])
        assert page.status_code == 200 and "<h1>Bulut Alemdar</h1>" in page.text
        # The document is the object of hundreds of triples, far past the cap.
        rdf = http.get(_path(DOCUMENT) + ".ttl")
        assert rdf.status_code == 200
        assert len(rdflib.Graph().parse(data=rdf.text, format="turtle")) > 100
        assert http.get("/provkb/id/person/nobody.ttl").status_code == 404
        for graph in graphs:
            assert http.get(_path(graph)).status_code == 303, graph
        for path in ("/provkb/graph/none", "/provkb/graph/no%20body"):
            missing = http.get(path, headers={"Accept": "application/json"})
            assert missing.status_code == 404, path
            assert missing.json()["error"] == "not-found"
        description = http.get("/sparql", headers={"Accept": "text/turtle"})
        assert description.status_code == 200
        over = http.get("/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 3"})
        assert over.status_code == 422
        assert over.json()["error"] == "too-many-rows"


# ---------------------------------------------------------------- canned queries


def test_query_listing(client: httpx.Client) -> None:
    catalogue = load_catalogue(ROOT / "queries")
    listing = client.get("/queries", headers={"Accept": "application/json"}).json()["queries"]
    assert [q["name"] for q in listing] == [q.name for q in catalogue]
    html = client.get("/queries", headers={"Accept": "text/html"}).text
    assert all(q.title in unescape(html) for q in catalogue)


@pytest.mark.parametrize("name", [q.name for q in load_catalogue(ROOT / "queries")])
def test_every_canned_query_runs_with_its_example(client: httpx.Client, name: str) -> None:
    """Each route runs its query with the example values, and honours Accept."""
    query = next(q for q in load_catalogue(ROOT / "queries") if q.name == name)
    params = {p.name: p.example for p in query.parameters}
    response = client.get(
        f"/queries/{name}", params=params, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["head"]["vars"] == query.columns
    csv = client.get(f"/queries/{name}", params=params, headers={"Accept": "text/csv"})
    assert csv.text.split("\r\n", 1)[0] == ",".join(query.columns)
    assert query.example_text()  # the UI shows the same bound text


def test_canned_query_parameter_errors_are_400(client: httpx.Client) -> None:
    catalogue = load_catalogue(ROOT / "queries")
    with_iri = next(q for q in catalogue if any(p.type == "iri" for p in q.parameters))
    iri_param = next(p for p in with_iri.parameters if p.type == "iri")
    bad = client.get(f"/queries/{with_iri.name}", params={iri_param.name: "not an iri"})
    assert bad.status_code == 400 and bad.json()["error"] == "bad-parameter"
    unknown = client.get(f"/queries/{with_iri.name}", params={"no_such_parameter": "1"})
    assert unknown.status_code == 400
    # A value full of SPARQL syntax is data, not query text.
    with_string = next(q for q in catalogue if any(p.type == "string" for p in q.parameters))
    param = next(p for p in with_string.parameters if p.type == "string")
    injected = client.get(
        f"/queries/{with_string.name}", params={param.name: '"} UNION { ?s ?p ?o } #'}
    )
    assert injected.status_code == 200
    assert client.get("/queries/no-such-query").status_code == 404


def test_openapi_lists_every_query_with_its_parameters(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    for query in load_catalogue(ROOT / "queries"):
        operation = spec["paths"][f"/queries/{query.name}"]["get"]
        assert operation["summary"] == query.title
        assert [p["name"] for p in operation.get("parameters", [])] == [
            p.name for p in query.parameters
        ]
    assert "/sparql" in spec["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert '<script src="/static/swagger-ui-bundle.js">' in docs.text
    assert "cdn." not in docs.text and "https://" not in docs.text


# ---------------------------------------------------------------- UI


def test_ui_is_self_contained(client: httpx.Client) -> None:
    """The UI loads YASGUI from this server (no CDN), with every canned query as a tab and links
    to the dumps and the API docs."""
    page = client.get("/query").text
    assert '<script src="/static/yasgui.min.js">' in page
    assert '<link rel="stylesheet" href="/static/yasgui.min.css">' in page
    assert "https://cdn" not in page and "unpkg" not in page
    assert 'href="/dumps/"' in page and 'href="/docs"' in page
    tabs = json.loads(page.split("const tabs = ", 1)[1].split(";\n", 1)[0].replace("<\\/", "</"))
    assert [t["name"] for t in tabs] == [q.title for q in load_catalogue(ROOT / "queries")]
    for asset, least in (
        ("yasgui.min.js", 500_000),
        ("yasgui.min.css", 10_000),
        ("YASGUI-LICENSE.txt", 500),
        ("swagger-ui-bundle.js", 500_000),
        ("swagger-ui.css", 10_000),
        ("SWAGGER-UI-LICENSE.txt", 5_000),
    ):
        response = client.get(f"/static/{asset}")
        assert response.status_code == 200, asset
        assert len(response.content) > least, asset
