"""The canned queries on two embedded engines: pyoxigraph and plain rdflib, same data, same rows.

Both engines see the build's TriG with the union of the named graphs as the default graph
(pyoxigraph ``use_default_graph_as_union=True``, rdflib ``Dataset(default_union=True)``); the canned
queries name their graphs, so the union only matters to hand-written queries. Rows are compared as
multisets of :class:`provkb.sparql.Term` tuples: ``ORDER BY`` leaves ties in an engine's own order.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from provkb.catalogue import XSD, CannedQuery, load_catalogue
from provkb.sparql import XSD_STRING, Term

Row = tuple[Term | None, ...]

# Which corpus parameter (``corpus.json`` → parameters) each query parameter takes; a query's
# own name first, so that ``identity`` asks about a person and ``entity-mentions`` about a place.
PARAMETER_SOURCES = {
    ("identity", "entity"): "actor",
    ("timeline", "from"): "2020-01-01",
    ("timeline", "to"): "2020-12-31",
}


def parameters_for(query: CannedQuery, corpus: dict[str, str]) -> dict[str, str]:
    """Values for the query's parameters: typical entities of the generated corpus."""
    values = {}
    for parameter in query.parameters:
        source = PARAMETER_SOURCES.get((query.name, parameter.name), parameter.name)
        if source in corpus:
            values[parameter.name] = corpus[source]
        elif (query.name, parameter.name) in PARAMETER_SOURCES:
            values[parameter.name] = source
    return values


def bound_queries(queries_dir: Path, corpus: dict[str, str]) -> dict[str, str]:
    """Every canned query, bound to the corpus's parameters, by name."""
    return {q.name: q.bind(parameters_for(q, corpus)) for q in load_catalogue(queries_dir)}


def load_oxigraph(trig: Path) -> ox.Store:
    """An in-memory pyoxigraph store bulk-loaded from the TriG dump."""
    store = ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    return store


def rows_oxigraph(store: ox.Store, query: str) -> list[Row]:
    """The SELECT's rows on pyoxigraph, with the union default graph."""
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [
        tuple(None if (t := s[n]) is None else Term.from_oxigraph(t) for n in names)
        for s in solutions
    ]


def load_rdflib(trig: Path) -> object:
    """A plain rdflib Dataset parsed from the TriG dump, the default graph the union."""
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(str(trig), format="trig")
    return dataset


def _term_rdflib(term: object) -> Term | None:
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return Term("uri", str(term))
    if isinstance(term, rdflib.BNode):
        return Term("bnode", str(term))
    assert isinstance(term, rdflib.Literal)
    if term.language:
        return Term("literal", str(term), language=term.language)
    datatype = str(term.datatype) if term.datatype else None
    return Term("literal", str(term), None if datatype == XSD_STRING else datatype)


def rows_rdflib(dataset: object, query: str) -> list[Row]:
    """The SELECT's rows on rdflib."""
    result = dataset.query(query)  # type: ignore[attr-defined]
    names = [str(v) for v in result.vars]
    return [tuple(_term_rdflib(row[n]) for n in names) for row in result]


_ORDER_BY = re.compile(r"\bORDER\s+BY\b[^{}]*$", re.IGNORECASE)


class RdflibRunner:
    """Runs SELECTs on an rdflib Dataset; ``note`` says when a query had to be changed.

    rdflib 7 cannot sort on a key that is unbound in some rows (``ORDER BY STR(?x)`` with ``?x``
    from an OPTIONAL raises TypeError comparing None); rows are compared as multisets anyway, so
    such a query runs on rdflib without its ORDER BY, and the note says so.
    """

    def __init__(self, dataset: object):
        self.dataset = dataset
        self.note = ""

    def __call__(self, query: str) -> list[Row]:
        try:
            return rows_rdflib(self.dataset, query)
        except TypeError:
            self.note = "rdflib ran it without ORDER BY (rdflib 7 cannot sort on unbound keys)"
            return rows_rdflib(self.dataset, _ORDER_BY.sub("", query))


_NUMERIC = {XSD + name for name in ("decimal", "integer", "double", "float")}


def _canonical(term: Term | None) -> Term | None:
    """Numbers by value: Oxigraph stores ``"0.70"^^xsd:decimal`` as 0.7 and answers ``0.7``,
    rdflib keeps the lexical form; RDF says the two are the same value."""
    if term is None or term.datatype not in _NUMERIC:
        return term
    try:
        value = Decimal(term.value).normalize()
    except InvalidOperation:
        return term
    return Term(term.kind, format(value, "f"), term.datatype)


def same_rows(first: list[Row], second: list[Row]) -> bool:
    """Equal as multisets of rows (ties under ORDER BY may come in either order), numbers
    compared by value."""

    def bag(rows: list[Row]) -> Counter:
        return Counter(tuple(_canonical(t) for t in row) for row in rows)

    return bag(first) == bag(second)


@dataclass
class Timing:
    """Wall times of repeated runs of one query on one engine."""

    engine: str
    query: str
    rows: int
    seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p95(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def time_query(
    run: Callable[[str], list[Row]],
    engine: str,
    name: str,
    query: str,
    repeats: int,
    budget: float,
) -> tuple[Timing, list[Row]]:
    """Run ``query`` up to ``repeats`` times, stopping early once ``budget`` seconds are spent
    (at least one run, so a slow engine still gives its rows and one time)."""
    seconds: list[float] = []
    rows: list[Row] = []
    spent = 0.0
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        rows = run(query)
        seconds.append(time.perf_counter() - started)
        spent += seconds[-1]
        if spent > budget:
            break
    return Timing(engine, name, len(rows), seconds), rows


def time_forked(
    run: Callable[[str], list[Row]],
    engine: str,
    name: str,
    query: str,
    repeats: int,
    budget: float,
    timeout: float,
) -> tuple[Timing | None, list[Row] | None, str]:
    """:func:`time_query` in a forked child, abandoned after ``timeout`` seconds.

    A slow engine (rdflib on some queries) can take hours; a thread cannot be stopped, but a
    forked child can, and it shares the parsed data with the parent without parsing it again.
    Returns the timing, the rows and ``run.note`` if it has one; (None, None, "") on timeout.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        timing, rows = time_query(run, engine, name, query, repeats, budget)
        sender.send((timing, rows, getattr(run, "note", "")))

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()
    try:
        if receiver.poll(timeout):
            return receiver.recv()
        return None, None, ""
    finally:
        process.kill()
        process.join()
        receiver.close()


def corpus_parameters(root: Path) -> dict[str, str]:
    """The bench parameters the generator wrote into ``corpus.json``."""
    return json.loads((root / "corpus.json").read_text(encoding="utf-8"))["parameters"]
