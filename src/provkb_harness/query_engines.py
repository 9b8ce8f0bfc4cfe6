"""The engines the canned queries are checked on: the embedded pyoxigraph store (what ``provkb
query`` and ``provkb serve`` use), rdflib's SPARQL over a ``Dataset`` (the engine of
rdflib-endpoint and of many Python users of the dumps), and SPARQL servers over HTTP (Oxigraph
server, Virtuoso) that ``provkb push`` loaded.

Every engine answers :meth:`QueryEngine.select` for a KB given as a TriG dump; each loads a KB
once and keeps it while the same KB is asked for again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from decimal import Decimal
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef

from provkb.query.push import PushedGraph, push
from provkb.query.remote import select_endpoint
from provkb.query.select import Table, Term, load_store, select_embedded
from provkb_harness.cases import Cell, Row
from provkb_harness.servers import Server, oxigraph_server, virtuoso_server

XSD = "http://www.w3.org/2001/XMLSchema#"
DECIMAL_SUFFIX = "^^xsd:decimal"


class QueryEngine:
    """A SPARQL engine that runs SELECT queries on a KB."""

    name = ""

    def select(self, trig: Path, text: str) -> Table:
        """The answer to the SELECT query ``text`` on the KB dumped in ``trig``."""
        raise NotImplementedError

    def comparable(self, rows: list[Row]) -> list[Row]:
        """``rows`` in the form this engine's answers are compared in (as they are, by default)."""
        return rows


class EmbeddedEngine(QueryEngine):
    """pyoxigraph's in-memory store, loaded from the dump."""

    name = "embedded"

    def __init__(self) -> None:
        self._stores: dict[Path, ox.Store] = {}

    def select(self, trig: Path, text: str) -> Table:
        if trig not in self._stores:
            self._stores[trig] = load_store(trig)
        return select_embedded(self._stores[trig], text)


def rdflib_term(node: object) -> Term:
    """An rdflib term of a result row as a :class:`provkb.query.select.Term`."""
    if isinstance(node, URIRef):
        return Term("uri", str(node))
    if isinstance(node, BNode):
        return Term("bnode", str(node))
    if not isinstance(node, Literal):
        raise TypeError(f"not an RDF term of a result row: {node!r}")
    if node.language:
        return Term("literal", str(node), language=node.language)
    datatype = str(node.datatype) if node.datatype else None
    return Term("literal", str(node), None if datatype == XSD + "string" else datatype)


def canonical_decimals(rows: list[Row]) -> list[Row]:
    """Decimals in canonical form. The build writes confidences as "0.40"; Oxigraph and Virtuoso
    return the canonical "0.4", rdflib the lexical form it read."""

    def canonical(cell: Cell) -> Cell:
        if isinstance(cell, str) and cell.endswith(DECIMAL_SUFFIX):
            value = Decimal(cell.removesuffix(DECIMAL_SUFFIX)).normalize()
            return f"{value:f}{DECIMAL_SUFFIX}"
        return cell

    return [{column: canonical(cell) for column, cell in row.items()} for row in rows]


class RdflibEngine(QueryEngine):
    """rdflib's SPARQL over a ``Dataset`` parsed from the dump (its default graph is not the
    union of the named graphs: the queries name their graphs)."""

    name = "rdflib"

    def __init__(self) -> None:
        self._datasets: dict[Path, Dataset] = {}

    def select(self, trig: Path, text: str) -> Table:
        if trig not in self._datasets:
            dataset = Dataset()
            dataset.parse(trig, format="trig")
            self._datasets[trig] = dataset
        result = self._datasets[trig].query(text)
        variables = list(result.vars or [])
        rows = [
            {
                str(name): rdflib_term(binding[name])
                for name in variables
                if binding.get(name) is not None
            }
            for binding in result.bindings
        ]
        return Table([str(name) for name in variables], rows)

    def comparable(self, rows: list[Row]) -> list[Row]:
        return canonical_decimals(rows)


class RemoteEngine(QueryEngine):
    """A SPARQL server over HTTP, given a KB through ``provkb push`` (the Graph Store Protocol),
    which replaces what it held."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.name = server.name
        self.holding: Path | None = None
        self.pushed: list[PushedGraph] = []

    def hold(self, trig: Path) -> list[PushedGraph]:
        """Make the server hold exactly the graphs of ``trig`` (pushing only when it holds
        another KB); what the push reported."""
        if self.holding != trig:
            server = self.server
            self.holding = None
            self.pushed, _ = push(
                trig, server.endpoint, server.graph_store, server.user, server.password, prune=True
            )
            self.holding = trig
        return self.pushed

    def select(self, trig: Path, text: str) -> Table:
        self.hold(trig)
        return select_endpoint(self.server.endpoint, text)


STARTERS: dict[str, Callable[[Path], AbstractContextManager[Server]]] = {
    "oxigraph": oxigraph_server,
    "virtuoso": virtuoso_server,
}


class RemoteEngines:
    """The SPARQL servers of a test session, each started when first asked for (in a folder of
    its own under ``folder``) and stopped when the ``with`` block ends."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._stack = contextlib.ExitStack()
        self._engines: dict[str, RemoteEngine] = {}

    def __enter__(self) -> RemoteEngines:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stack.close()

    def get(self, name: str) -> RemoteEngine:
        """The server called ``name`` (a key of :data:`STARTERS`), running."""
        if name not in self._engines:
            folder = self.folder / name
            folder.mkdir(parents=True, exist_ok=True)
            server = self._stack.enter_context(STARTERS[name](folder))
            self._engines[name] = RemoteEngine(server)
        return self._engines[name]
