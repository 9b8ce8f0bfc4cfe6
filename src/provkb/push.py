"""Load the built dumps into an external SPARQL server with the SPARQL 1.1 Graph Store Protocol.

Each named graph of ``build/provkb.trig`` is sent with one ``PUT <graph-store>?graph=<iri>``
(replacing what the server held in that graph) as an N-Triples body, declared ``text/turtle`` since
every Graph Store implementation reads Turtle and N-Triples is a subset of it. The triples the
server then holds in each graph are counted through its SPARQL endpoint, so a server that silently
drops or mangles data is caught.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from provkb.sparql import select_endpoint

# Where well-known servers put their Graph Store next to their query endpoint.
GRAPH_STORE_NEXT_TO = {
    "/query": "/store",  # Oxigraph server
    "/sparql": "/sparql-graph-crud",  # Virtuoso (its authenticated variant ends with -auth)
}


class PushError(RuntimeError):
    """The server could not be reached or refused a graph."""


@dataclass(frozen=True)
class PushedGraph:
    """What one PUT did: the graph, the triples sent and the triples the server then held."""

    graph: str
    sent: int
    stored: int


def default_graph_store(endpoint: str) -> str:
    """The Graph Store URL that sits next to ``endpoint`` on a well-known server.

    Raises:
        PushError: when the endpoint's path is not one this function knows.
    """
    parts = urllib.parse.urlsplit(endpoint)
    for suffix, replacement in GRAPH_STORE_NEXT_TO.items():
        if parts.path.endswith(suffix):
            path = parts.path[: -len(suffix)] + replacement
            return urllib.parse.urlunsplit(parts._replace(path=path, query=""))
    raise PushError(f"cannot tell where the Graph Store of {endpoint} is; give --graph-store URL")


def graphs_of(trig: Path) -> dict[str, list[ox.Triple]]:
    """The triples of each named graph of a TriG dump, by graph IRI, in the dump's order."""
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=trig, format=ox.RdfFormat.TRIG):
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs[quad.graph_name.value].append(quad.triple)
    return dict(graphs)


def _opener(url: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    if user is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, user, password or "")
    # Both schemes: the server's challenge picks one (Virtuoso's -auth endpoint asks for Digest).
    return urllib.request.build_opener(
        urllib.request.HTTPDigestAuthHandler(passwords),
        urllib.request.HTTPBasicAuthHandler(passwords),
    )


def put_graph(
    graph_store: str,
    graph: str,
    triples: list[ox.Triple],
    opener: urllib.request.OpenerDirector,
    timeout: float,
) -> None:
    """Replace ``graph`` on the server with ``triples`` (Graph Store Protocol PUT).

    Raises:
        PushError: on a network error or an HTTP status other than 2xx.
    """
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    separator = "&" if "?" in graph_store else "?"
    url = f"{graph_store}{separator}{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(
        url, data=body, method="PUT", headers={"Content-Type": "text/turtle; charset=utf-8"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip().splitlines()[:3]
        raise PushError(
            f"PUT {graph} to {graph_store}: HTTP {error.code} {error.reason}: {' '.join(detail)}"
        ) from error
    except (urllib.error.URLError, OSError) as error:
        raise PushError(f"PUT {graph} to {graph_store}: {error}") from error


def count_triples(endpoint: str, graph: str, timeout: float) -> int:
    """How many triples the endpoint holds in ``graph``."""
    iri = str(ox.NamedNode(graph))
    table = select_endpoint(
        endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri} {{ ?s ?p ?o }} }}", timeout
    )
    return int(table.rows[0]["n"].value)


def push(
    trig: Path,
    endpoint: str,
    graph_store: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 120.0,
) -> list[PushedGraph]:
    """PUT every named graph of ``trig`` to the server, then count what it holds.

    Args:
        trig: the TriG dump (``build/provkb.trig``).
        endpoint: the server's SPARQL query endpoint, used to count the stored triples.
        graph_store: its Graph Store Protocol URL (default: :func:`default_graph_store`).
        user: user name for HTTP Basic or Digest authentication, if the Graph Store needs it.
        password: the user's password.
        timeout: seconds to wait for each request.

    Raises:
        PushError: on the first graph the server refuses (graphs already sent stay sent).
        provkb.sparql.EndpointError: when the endpoint cannot count the triples.
    """
    store_url = graph_store or default_graph_store(endpoint)
    opener = _opener(store_url, user, password)
    pushed = []
    for graph, triples in sorted(graphs_of(trig).items()):
        put_graph(store_url, graph, triples, opener, timeout)
        pushed.append(PushedGraph(graph, len(triples), count_triples(endpoint, graph, timeout)))
    return pushed
