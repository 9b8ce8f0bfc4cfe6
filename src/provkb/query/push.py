"""Load the built dumps into an external SPARQL server with the SPARQL 1.1 Graph Store Protocol.

Each named graph of the build's TriG is sent with one ``PUT <graph-store>?graph=<iri>``
(replacing what the server held in that graph) as an N-Triples body, declared ``text/turtle`` since
every Graph Store implementation reads Turtle and N-Triples is a subset of it. The triples the
server then holds in each graph are counted through its SPARQL endpoint, so a server that silently
drops or mangles data is caught.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from provkb.query.remote import select_endpoint

# Where well-known servers put their Graph Store next to their query endpoint.
GRAPH_STORE_NEXT_TO = {
    "/query": "/store",  # Oxigraph server
    "/sparql": "/sparql-graph-crud",  # Virtuoso
}
# Virtuoso's Graph Store that accepts writes with HTTP Digest authentication (the one above
# refuses writes unless the anonymous SPARQL user is granted SPARQL_UPDATE).
VIRTUOSO_AUTHENTICATED = "/sparql-graph-crud-auth"


class PushError(RuntimeError):
    """The server could not be reached or refused a graph."""


@dataclass(frozen=True)
class PushedGraph:
    """What one PUT did: the graph, the triples sent and the triples the server then held."""

    graph: str
    sent: int
    stored: int


def default_graph_store(endpoint: str, authenticated: bool = False) -> str:
    """The Graph Store URL that sits next to ``endpoint`` on a well-known server.

    Args:
        endpoint: the server's SPARQL query endpoint.
        authenticated: whether credentials will be sent (Virtuoso has a Graph Store for that).

    Raises:
        PushError: when the endpoint's path is not one this function knows.
    """
    parts = urllib.parse.urlsplit(endpoint)
    for suffix, replacement in GRAPH_STORE_NEXT_TO.items():
        if parts.path.endswith(suffix):
            path = parts.path[: -len(suffix)] + replacement
            if authenticated and replacement == GRAPH_STORE_NEXT_TO["/sparql"]:
                path = parts.path[: -len(suffix)] + VIRTUOSO_AUTHENTICATED
            return urllib.parse.urlunsplit(parts._replace(path=path, query=""))
    raise PushError(f"cannot tell where the Graph Store of {endpoint} is; give --graph-store URL")


def graphs_of(trig: Path) -> dict[str, list[ox.Triple]]:
    """The triples of each named graph of a TriG dump, by graph IRI, in the dump's order."""
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=trig, format=ox.RdfFormat.TRIG):
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs[quad.graph_name.value].append(quad.triple)
    return dict(graphs)


def _graph_url(graph_store: str, graph: str) -> str:
    """The Graph Store Protocol URL of one named graph (indirect identification, ?graph=)."""
    separator = "&" if "?" in graph_store else "?"
    return f"{graph_store}{separator}{urllib.parse.urlencode({'graph': graph})}"


def _authorise(request: urllib.request.Request, user: str, password: str, timeout: float) -> None:
    """Add an ``Authorization`` header to ``request`` before its body is sent.

    urllib answers a 401 by sending the request again with credentials, but a server may close the
    connection while a large body is still being written (Virtuoso's Digest-protected Graph Store
    does), and the upload fails with a broken pipe. So the challenge is fetched first with a
    body-less HEAD, and the stdlib's own Digest (or Basic) computation signs the real request.
    """
    probe = urllib.request.Request(request.full_url, method="HEAD")
    try:
        with urllib.request.urlopen(probe, timeout=timeout) as response:
            response.read()
        return  # no credentials asked for
    except urllib.error.HTTPError as error:
        challenge = error.headers.get("WWW-Authenticate", "") if error.code == 401 else ""
    scheme, _, params = challenge.partition(" ")
    if scheme.lower() == "digest":
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, request.full_url, user, password)
        fields = urllib.request.parse_keqv_list(
            [part for part in urllib.request.parse_http_list(params) if part]
        )
        value = urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(request, fields)
        if value:
            request.add_unredirected_header("Authorization", f"Digest {value}")
    else:
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        request.add_unredirected_header("Authorization", f"Basic {token}")


def put_graph(
    graph_store: str,
    graph: str,
    triples: list[ox.Triple],
    credentials: tuple[str, str] | None,
    timeout: float,
) -> None:
    """Replace ``graph`` on the server with ``triples`` (Graph Store Protocol PUT).

    Raises:
        PushError: on a network error or an HTTP status other than 2xx.
    """
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    url = _graph_url(graph_store, graph)
    request = urllib.request.Request(
        url, data=body, method="PUT", headers={"Content-Type": "text/turtle; charset=utf-8"}
    )
    try:
        if credentials is not None:
            _authorise(request, *credentials, timeout)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        detail = " ".join(error.read().decode("utf-8", "replace").split()[:40])
        raise PushError(
            f"PUT {graph} to {graph_store}: HTTP {error.code} {error.reason}"
            + (f": {detail}" if detail else "")
        ) from error
    except (urllib.error.URLError, OSError) as error:
        raise PushError(f"PUT {graph} to {graph_store}: {error}") from error


def delete_graph(
    graph_store: str, graph: str, credentials: tuple[str, str] | None, timeout: float
) -> None:
    """Remove ``graph`` from the server (Graph Store Protocol DELETE).

    Raises:
        PushError: on a network error or an HTTP status other than 2xx.
    """
    url = _graph_url(graph_store, graph)
    request = urllib.request.Request(url, method="DELETE")
    try:
        if credentials is not None:
            _authorise(request, *credentials, timeout)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        raise PushError(f"DELETE {graph} at {graph_store}: HTTP {error.code}") from error
    except (urllib.error.URLError, OSError) as error:
        raise PushError(f"DELETE {graph} at {graph_store}: {error}") from error


def graphs_on_server(endpoint: str, namespace: str, timeout: float) -> list[str]:
    """The named graphs the endpoint holds whose IRI starts with ``namespace``."""
    prefix = str(ox.Literal(namespace))
    table = select_endpoint(
        endpoint,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(STRSTARTS(STR(?g), {prefix})) }}",
        timeout,
    )
    return sorted(row["g"].value for row in table.rows)


def graph_namespace(graphs: list[str]) -> str:
    """The ``<base>graph/`` namespace the build names its graphs in (from its metadata graph).

    Raises:
        PushError: when the dump has no ``…/graph/metadata`` graph to tell the base by.
    """
    for graph in graphs:
        if graph.endswith("/graph/metadata"):
            return graph[: -len("metadata")]
    raise PushError("the dump has no …/graph/metadata graph; is it a provkb build?")


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
    prune: bool = False,
) -> tuple[list[PushedGraph], list[str]]:
    """PUT every named graph of ``trig`` to the server, then count what it holds.

    Args:
        trig: the TriG dump (the build's, :attr:`provkb.layout.BuildLayout.trig`).
        endpoint: the server's SPARQL query endpoint, used to count the stored triples.
        graph_store: its Graph Store Protocol URL (default: :func:`default_graph_store`).
        user: user name for HTTP Basic or Digest authentication, if the Graph Store needs it.
        password: the user's password.
        timeout: seconds to wait for each request.
        prune: also DELETE the server's graphs in the build's ``<base>graph/`` namespace that the
            dump does not have (the graphs of documents removed since the last push).

    Returns:
        What each PUT did, and the graphs pruned.

    Raises:
        PushError: on a URL that is not http(s), or on the first graph the server refuses
            (graphs already sent stay sent).
        provkb.query.remote.EndpointError: when the endpoint cannot count the triples.
    """
    store_url = graph_store or default_graph_store(endpoint, authenticated=user is not None)
    for url in (endpoint, store_url):
        # urllib would also open file: and ftp: URLs; a push only ever speaks HTTP.
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise PushError(f"{url}: not an http:// or https:// URL")
    credentials = None if user is None else (user, password or "")
    graphs = graphs_of(trig)
    pushed = []
    for graph, triples in sorted(graphs.items()):
        put_graph(store_url, graph, triples, credentials, timeout)
        pushed.append(PushedGraph(graph, len(triples), count_triples(endpoint, graph, timeout)))
    pruned = []
    if prune:
        namespace = graph_namespace(list(graphs))
        for graph in graphs_on_server(endpoint, namespace, timeout):
            if graph not in graphs:
                delete_graph(store_url, graph, credentials, timeout)
                pruned.append(graph)
    return pushed, pruned
