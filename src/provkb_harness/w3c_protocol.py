"""The W3C SPARQL 1.1 Protocol test suite as a library: read the manifest, send its requests to
any endpoint, check the answers.

One implementation for two users: ``tests/test_w3c_protocol.py`` runs it against ``provkb serve``
under pytest, and ``bench/endpoint_comparison.py`` runs the same cases against other SPARQL
servers. The manifest (``shared/w3c/sparql11-protocol/manifest.ttl``) writes every request for a
service at ``/sparql/``; :meth:`ProtocolRequest.url_for` re-targets it at a server's own query or
update URL (Oxigraph, for one, answers updates at a URL of their own).

Two additions to the manifest:

- The update tests expect 2xx; a read-only endpoint refuses them instead, so here their expected
  result is a refusal (:data:`EXPECTED_REFUSALS`), checked by :func:`refusal_problem`.
- The dataset tests only ASK things that are true; each gets a paired case whose protocol dataset
  leaves ``data2.rdf`` out, which must answer false (an endpoint that ignored
  ``default-graph-uri`` / ``named-graph-uri`` would pass the originals and fail these).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit
from xml.etree import ElementTree

import httpx
import rdflib
from rdflib.collection import Collection

# The suite is not shipped: it sits in shared/ beside the checkout (this package is used from a
# checkout, installed in editable mode).
SUITE = Path(__file__).resolve().parents[3] / "shared" / "w3c" / "sparql11-protocol"
MISSING = f"the W3C test data is not there: {SUITE} (shared/ beside the checkout)"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"

# Tests whose update must be refused by a read-only endpoint (the manifest expects 2xx).
EXPECTED_REFUSALS = frozenset(
    {
        "update_dataset_default_graph",
        "update_dataset_default_graphs",
        "update_dataset_named_graphs",
        "update_dataset_full",
        "update_post_form",
        "update_post_direct",
        "update_base_uri",
    }
)
# The queries of these tests are true only on the dataset the protocol specifies.
DATASET_TESTS = (
    "query_dataset_default_graphs_get",
    "query_dataset_default_graphs_post",
    "query_dataset_named_graphs_post",
    "query_dataset_named_graphs_get",
    "query_dataset_full",
    "query_multiple_dataset",
)
TABULAR = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
BOOLEAN = {"application/sparql-results+json", "application/sparql-results+xml"}
RDF = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt"}
_ENDPOINT_PATH = "/sparql/"


@dataclass(frozen=True)
class ProtocolRequest:
    """One HTTP request of a test and the response it expects.

    ``path`` is the manifest's path re-rooted at ``/sparql`` (provkb's endpoint), query string
    included; :meth:`url_for` puts it on another endpoint. ``is_update``: sent to a server's
    update URL, being a request of an update test that carries no query (a wrongly typed body
    like ``bad_update_wrong_media_type``'s says nothing about itself: the test's name does).
    """

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    status_classes: frozenset[int]
    expected_format: str | None
    expected_boolean: bool | None
    is_update: bool = False

    @property
    def is_query(self) -> bool:
        """Whether this request carries a query, by parameter or by media type."""
        content_type = ""
        for name, value in self.headers.items():
            if name.lower() == "content-type":
                content_type = value.split(";")[0].strip().lower()
        if content_type == "application/sparql-query":
            return True
        form = self.body.decode("utf-8", "replace") if self.body is not None else ""
        if content_type != "application/x-www-form-urlencoded":
            form = ""
        names = {name for name, _ in parse_qsl(urlsplit(self.path).query + "&" + form)}
        return "query" in names

    def url_for(self, query_url: str, update_url: str | None = None) -> str:
        """The request's URL on a server whose endpoint is ``query_url`` (``update_url`` for
        updates, when the server has a separate one), keeping the query string."""
        base = update_url if (update_url and self.is_update) else query_url
        query = urlsplit(self.path).query
        return f"{base}?{query}" if query else base


@dataclass(frozen=True)
class ProtocolCase:
    """One test: its name, its requests in order, and the graphs it loads."""

    name: str
    title: str
    requests: list[ProtocolRequest]
    graphs: dict[str, Path] = field(default_factory=dict)

    @property
    def is_update(self) -> bool:
        """Whether the test's first request is an update (the ones a read-only server refuses
        or, if it accepts them, the ones that change its data)."""
        return self.requests[0].is_update


def _request(graph: rdflib.Graph, node: rdflib.term.Node) -> ProtocolRequest:
    headers = {}
    header_list = graph.value(node, HT.headers)
    if header_list is not None:
        for header in Collection(graph, header_list):
            name, value = graph.value(header, HT.fieldName), graph.value(header, HT.fieldValue)
            headers[str(name)] = str(value)
    body = None
    if (content := graph.value(node, HT.body)) is not None:
        encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(content, CNT.chars)).encode(encoding.lower())
    response = graph.value(node, HT.resp)
    statuses = frozenset(int(str(s)[len(HTS)]) for s in graph.objects(response, MF.expectedStatus))
    expected_boolean = graph.value(response, MF.expectedBoolean)
    expected_format = graph.value(response, MF.expectedFormat)
    path = str(graph.value(node, HT.absolutePath))
    assert path.startswith(_ENDPOINT_PATH), path
    return ProtocolRequest(
        method=str(graph.value(node, HT.methodName)),
        path="/sparql" + path[len(_ENDPOINT_PATH) :],
        headers=headers,
        body=body,
        status_classes=statuses,
        expected_format=str(expected_format) if expected_format is not None else None,
        expected_boolean=(
            bool(expected_boolean.toPython())
            if isinstance(expected_boolean, rdflib.Literal)
            else None
        ),
    )


def _required(node: rdflib.term.Node | None) -> rdflib.term.Node:
    """A node the manifest must have (a list head)."""
    assert node is not None, "the W3C manifest lacks a list it always has"
    return node


def load_cases() -> list[ProtocolCase]:
    """Every test of the manifest, in its order."""
    graph = rdflib.Graph().parse(SUITE / "manifest.ttl", publicID=SUITE.as_uri() + "/manifest.ttl")
    manifest = next(graph.subjects(rdflib.RDF.type, MF.Manifest))
    cases = []
    for entry in Collection(graph, _required(graph.value(manifest, MF.entries))):
        action = graph.value(entry, MF.action)
        listed = Collection(graph, _required(graph.value(action, HT.requests)))
        requests = [_request(graph, r) for r in listed]
        name = str(entry).rsplit("#", 1)[1]
        if "update" in name:
            requests = [replace(r, is_update=not r.is_query) for r in requests]
        graphs = {
            str(graph.value(data, rdflib.RDFS.label)): SUITE
            / str(graph.value(data, UT.graph)).rsplit("/", 1)[1]
            for data in graph.objects(entry, UT.graphData)
        }
        cases.append(ProtocolCase(name, str(graph.value(entry, MF.name)), requests, graphs))
    return cases


def _without_data2(case: ProtocolCase) -> ProtocolCase:
    """The same test with data2.rdf swapped for a graph that does not exist, in the protocol
    dataset only (the query text is unchanged): its ASK must now be false."""
    first = case.requests[0]
    url = urlsplit(first.path)
    params = [
        (k, v.replace("data2.rdf", "data0.rdf") if k.endswith("graph-uri") else v)
        for k, v in parse_qsl(url.query, keep_blank_values=True)
    ]
    assert params != parse_qsl(url.query, keep_blank_values=True), case.name
    request = replace(first, path=f"{url.path}?{urlencode(params)}", expected_boolean=False)
    return replace(case, name=case.name + "__must_be_false", requests=[request])


def all_cases() -> Iterator[ProtocolCase]:
    """The manifest's tests, then one false-expecting twin per dataset test; none without the
    suite."""
    if not SUITE.is_dir():
        return
    cases = load_cases()
    yield from cases
    by_name = {c.name: c for c in cases}
    for name in DATASET_TESTS:
        yield _without_data2(by_name[name])


def dataset_nquads(cases: list[ProtocolCase]) -> str:
    """N-Quads of every graph the cases use (data1-3.nt), each in the named graph the manifest
    names it by: the dataset a server needs to run the suite."""
    graphs: dict[str, Path] = {}
    for case in cases:
        graphs.update(case.graphs)
    lines = []
    for name, source in sorted(graphs.items()):
        for line in source.read_text(encoding="utf-8").splitlines():
            if line.strip():
                lines.append(line.rstrip().removesuffix(".").rstrip() + f" <{name}> .")
    return "\n".join(lines) + "\n"


def _media(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _boolean(response: httpx.Response) -> bool:
    media = _media(response)
    assert media in BOOLEAN, f"a boolean result in {media!r}"
    if media.endswith("json"):
        return json.loads(response.content)["boolean"]
    root = ElementTree.fromstring(response.content)
    return root.find(f"{RESULTS_NS}boolean").text == "true"  # type: ignore[union-attr]


def check(request: ProtocolRequest, response: httpx.Response, *, json_errors: bool) -> None:
    """Raise AssertionError unless ``response`` is what the manifest expects for ``request``.

    ``json_errors`` also requires error responses to carry a JSON body with a ``message``:
    provkb's own promise, not the protocol's, so other servers are checked without it.
    """
    # The URL actually requested: on another server it is not the manifest's /sparql/.
    sent = response.request.url
    assert response.status_code // 100 in request.status_classes, (
        f"{request.method} {sent.raw_path.decode()}: status {response.status_code}, expected "
        f"{sorted(request.status_classes)}xx; body: {response.text[:300]}"
    )
    if response.status_code >= 400:
        if json_errors:
            assert _media(response) == "application/json", "errors have a JSON body"
            assert json.loads(response.content)["message"]
        return
    if request.expected_format == "boolean":
        value = _boolean(response)
        if request.expected_boolean is not None:
            assert value is request.expected_boolean, f"ASK answered {value}"
    elif request.expected_format == "tabular":
        assert _media(response) in TABULAR, _media(response)
        if _media(response).endswith("json"):
            assert "head" in json.loads(response.content)
    elif request.expected_format == "RDF":
        assert _media(response) in RDF, _media(response)
        rdflib.Graph().parse(data=response.content, format=RDF[_media(response)])


def send(
    client: httpx.Client, request: ProtocolRequest, query_url: str, update_url: str | None = None
) -> httpx.Response:
    """Send one manifest request to a server's endpoint."""
    return client.request(
        request.method,
        request.url_for(query_url, update_url),
        headers=request.headers,
        content=request.body,
    )


def refusal_problem(response: httpx.Response, *, json_errors: bool) -> str | None:
    """Why ``response`` is not a read-only endpoint's refusal of an update, or None if it is.

    provkb promises 403 with ``{"error": "read-only"}``; any 4xx refuses for other servers.
    """
    if json_errors:
        if response.status_code != 403:
            return f"status {response.status_code}, expected 403: {response.text[:200]}"
        if _media(response) != "application/json" or response.json().get("error") != "read-only":
            return f"403 without the JSON read-only error: {response.text[:200]}"
        return None
    if response.status_code // 100 != 4:
        return f"status {response.status_code}: the update was not refused"
    return None


def run_case(
    client: httpx.Client,
    case: ProtocolCase,
    query_url: str,
    update_url: str | None = None,
    *,
    json_errors: bool,
) -> None:
    """Run one case against a server; AssertionError (with the reason) when it fails.

    The update tests (:data:`EXPECTED_REFUSALS`) send only their update, which must be refused:
    their follow-up queries check what the update wrote.
    """
    if case.name in EXPECTED_REFUSALS:
        response = send(client, case.requests[0], query_url, update_url)
        problem = refusal_problem(response, json_errors=json_errors)
        assert problem is None, problem
        return
    for request in case.requests:
        check(request, send(client, request, query_url, update_url), json_errors=json_errors)
