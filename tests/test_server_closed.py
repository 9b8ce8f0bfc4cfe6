"""The endpoint is closed: nothing a query says makes the server reach the network or the file
system. A listener on 127.0.0.1 records every connection it receives and must receive none; a
FIFO detects any attempt to open it for reading.

The first two tests pin pyoxigraph's own behaviour, which is why the server refuses SERVICE
(pyoxigraph would call the IRI) and lets FROM through (pyoxigraph never dereferences it).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from provkb.layout import BuildLayout
from provkb_harness.live_server import LiveServer, settings_for
from provkb_harness.probes import FifoWatch, Listener


@pytest.fixture()
def listener() -> Iterator[Listener]:
    """A listener that must stay silent (asserted by each test)."""
    spy = Listener()
    yield spy
    spy.close()


@pytest.fixture(scope="module")
def server(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server over the seed KB with default settings."""
    with LiveServer(
        settings_for(BuildLayout(seed_build).trig, tmp_path_factory.mktemp("closed"))
    ) as s:
        yield s


def _settle(listener: Listener) -> None:
    time.sleep(0.3)  # a stray connection would have been accepted by now
    assert listener.received == [], f"the listener was contacted: {listener.received}"


def test_pyoxigraph_itself_would_call_a_service(listener: Listener) -> None:
    """Why SERVICE is refused before the store sees it: pyoxigraph sends the HTTP request."""
    store = ox.Store()
    with pytest.raises(OSError):
        list(store.query(f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"))
    time.sleep(0.3)
    assert listener.received and listener.received[0].startswith(b"POST /sparql")
    listener.received.clear()


def test_pyoxigraph_never_dereferences_from(listener: Listener, tmp_path: Path) -> None:
    """FROM / FROM NAMED only select graphs of the store: no request, no file read."""
    secret = tmp_path / "secret.nt"
    secret.write_text("<x:s> <x:p> <x:o> .\n", encoding="utf-8")
    store = ox.Store()
    query = (
        f"SELECT * FROM <{listener.url}/data> FROM <{secret.as_uri()}> "
        f"FROM NAMED <{listener.url}/named> WHERE {{ {{ ?s ?p ?o }} UNION "
        "{ GRAPH ?g { ?s ?p ?o } } }"
    )
    assert list(store.query(query)) == []
    _settle(listener)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ VALUES ?e {{ <{url}/sparql> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ # a comment\n  SERVICE\n<{url}/sparql> {{ ?s ?p ?o }} }}",
    ],
    ids=["plain", "silent-lowercase", "variable", "comment-and-newlines"],
)
def test_service_is_refused(server: LiveServer, listener: Listener, query: str) -> None:
    response = httpx.get(server.url + "/sparql", params={"query": query.format(url=listener.url)})
    assert response.status_code == 403
    assert response.json()["error"] == "service-refused"
    _settle(listener)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ("SERVICE <x:y> { }" AS ?x) WHERE {}',
        "SELECT ?service WHERE { BIND(1 AS ?service) }",
        "PREFIX service: <x:> SELECT * WHERE { ?s service:p ?o } LIMIT 1",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o } # SERVICE",
    ],
)
def test_the_word_service_elsewhere_is_fine(server: LiveServer, query: str) -> None:
    """Only the keyword is refused: in a string, a variable, a prefix, an IRI or a comment it is
    just text."""
    response = httpx.get(server.url + "/sparql", params={"query": query})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("how", ["direct", "form", "as-query"])
def test_load_is_refused(server: LiveServer, listener: Listener, how: str) -> None:
    update = f"LOAD <{listener.url}/data.ttl>"
    if how == "direct":
        response = httpx.post(
            server.url + "/sparql",
            content=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        )
    elif how == "form":
        response = httpx.post(server.url + "/sparql", data={"update": update})
    else:
        response = httpx.post(server.url + "/sparql", data={"query": update})
    assert response.status_code == 403
    _settle(listener)


def test_from_iris_are_never_fetched(server: LiveServer, listener: Listener) -> None:
    """FROM and FROM NAMED naming a URL give an empty dataset; nothing is requested."""
    query = (
        f"SELECT * FROM <{listener.url}/a> FROM NAMED <{listener.url}/b> "
        "WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    )
    response = httpx.get(
        server.url + "/sparql",
        params={"query": query},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200
    assert response.json()["results"]["bindings"] == []
    graphs = httpx.get(
        server.url + "/sparql",
        params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": f"{listener.url}/c"},
    )
    assert graphs.json()["boolean"] is False
    _settle(listener)


def test_from_file_is_never_read(server: LiveServer, tmp_path: Path) -> None:
    """A FROM <file:...> is refused (403), and a FIFO in its place is never opened for reading
    (opening a FIFO's write end without blocking succeeds only while a reader has it open, so a
    poller would catch any read)."""
    secret = tmp_path / "secret.nt"
    secret.write_text("<x:secret> <x:p> <x:o> .\n", encoding="utf-8")
    with FifoWatch(tmp_path / "pipe.nt") as fifo:
        for source in (secret, fifo.path):
            query = f"SELECT * FROM <{source.as_uri()}> WHERE {{ ?s ?p ?o }}"
            response = httpx.get(
                server.url + "/sparql",
                params={"query": query},
                headers={"Accept": "application/sparql-results+json"},
            )
            assert response.status_code == 403
            assert response.json()["error"] == "dataset-refused"
        time.sleep(0.3)
    assert not fifo.opened.is_set(), "the server opened the FIFO named in FROM"
