"""The W3C SPARQL 1.1 Protocol test suite, run against a live provkb server.

The manifest (``shared/w3c/sparql11-protocol/manifest.ttl``) describes each HTTP request and the
response expected; this module turns every entry into one pytest case, sends the request over
real HTTP and checks the status class, the result format and the boolean. Two additions:

- The update tests expect 2xx; this endpoint is read-only, so their expected result here is a
  refusal (403, JSON ``read-only``), listed by name in ``EXPECTED_REFUSALS`` below, not skipped.
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
import pytest
import rdflib
from rdflib.collection import Collection

from tests.conftest import SHARED
from tests.live_server import LiveServer, settings_for

SUITE = SHARED / "w3c" / "sparql11-protocol"
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


@dataclass(frozen=True)
class ProtocolRequest:
    """One HTTP request of a test and the response it expects."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    status_classes: frozenset[int]
    expected_format: str | None
    expected_boolean: bool | None


@dataclass(frozen=True)
class ProtocolCase:
    """One test: its name, its requests in order, and the graphs it loads."""

    name: str
    title: str
    requests: list[ProtocolRequest]
    graphs: dict[str, Path] = field(default_factory=dict)


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
    assert path.startswith("/sparql/"), path
    return ProtocolRequest(
        method=str(graph.value(node, HT.methodName)),
        path="/sparql" + path[len("/sparql/") :],
        headers=headers,
        body=body,
        status_classes=statuses,
        expected_format=str(expected_format) if expected_format is not None else None,
        expected_boolean=None if expected_boolean is None else bool(expected_boolean.toPython()),
    )


def load_cases() -> list[ProtocolCase]:
    """Every test of the manifest, in its order."""
    graph = rdflib.Graph().parse(SUITE / "manifest.ttl", publicID=SUITE.as_uri() + "/manifest.ttl")
    manifest = next(graph.subjects(rdflib.RDF.type, MF.Manifest))
    cases = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(entry, MF.action)
        requests = [_request(graph, r) for r in Collection(graph, graph.value(action, HT.requests))]
        graphs = {
            str(graph.value(data, rdflib.RDFS.label)): SUITE
            / str(graph.value(data, UT.graph)).rsplit("/", 1)[1]
            for data in graph.objects(entry, UT.graphData)
        }
        name = str(entry).rsplit("#", 1)[1]
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
    """The manifest's tests, then one false-expecting twin per dataset test."""
    if not SUITE.is_dir():
        return
    cases = load_cases()
    yield from cases
    by_name = {c.name: c for c in cases}
    for name in DATASET_TESTS:
        yield _without_data2(by_name[name])


CASES = list(all_cases())
MISSING = f"the W3C test data is not there: {SUITE} (shared/ beside the checkout)"
# Without the suite, one visible skipped case says why, instead of an empty parametrisation.
PARAMS = [pytest.param(c, id=c.name) for c in CASES] or [
    pytest.param(None, id="w3c-suite-missing", marks=pytest.mark.skip(reason=MISSING))
]


@pytest.fixture(scope="module")
def w3c_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server over data1-3.nt, each in the named graph the manifest gives it."""
    if not SUITE.is_dir():
        pytest.skip(MISSING)
    tmp = tmp_path_factory.mktemp("w3c")
    graphs: dict[str, Path] = {}
    for case in CASES:
        graphs.update(case.graphs)
    lines = []
    for name, source in sorted(graphs.items()):
        for line in source.read_text(encoding="utf-8").splitlines():
            if line.strip():
                lines.append(line.rstrip().removesuffix(".").rstrip() + f" <{name}> .")
    dataset = tmp / "protocol.nq"
    dataset.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with LiveServer(settings_for(dataset, tmp)) as server:
        yield server


def _media(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _boolean(response: httpx.Response) -> bool:
    media = _media(response)
    assert media in BOOLEAN, f"a boolean result in {media!r}"
    if media.endswith("json"):
        return json.loads(response.content)["boolean"]
    root = ElementTree.fromstring(response.content)
    return root.find(f"{RESULTS_NS}boolean").text == "true"  # type: ignore[union-attr]


def _check(request: ProtocolRequest, response: httpx.Response) -> None:
    assert response.status_code // 100 in request.status_classes, (
        f"{request.method} {request.path}: status {response.status_code}, expected "
        f"{sorted(request.status_classes)}xx; body: {response.text[:300]}"
    )
    if response.status_code >= 400:
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


@pytest.mark.parametrize("case", PARAMS)
def test_protocol(case: ProtocolCase, w3c_server: LiveServer) -> None:
    """Each manifest test (and each must-be-false twin) against the live server."""
    with httpx.Client(base_url=w3c_server.url, timeout=30) as client:
        if case.name in EXPECTED_REFUSALS:
            first = case.requests[0]
            response = client.request(
                first.method, first.path, headers=first.headers, content=first.body
            )
            assert response.status_code == 403, response.text
            assert response.json()["error"] == "read-only"
            return
        for request in case.requests:
            response = client.request(
                request.method, request.path, headers=request.headers, content=request.body
            )
            _check(request, response)


def test_suite_is_complete() -> None:
    """The manifest has the 34 tests its README announces, and every refusal is one of them."""
    if not SUITE.is_dir():
        pytest.skip(MISSING)
    names = {c.name for c in load_cases()}
    assert len(names) == 34
    assert names >= EXPECTED_REFUSALS
    assert set(DATASET_TESTS) <= names
