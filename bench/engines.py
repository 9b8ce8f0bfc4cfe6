"""The canned queries on pyoxigraph, plain rdflib and SPARQL endpoints: same data, same rows.

The embedded engines see the build's TriG with the union of the named graphs as the default graph
(pyoxigraph ``use_default_graph_as_union=True``, rdflib ``Dataset(default_union=True)``); the canned
queries name their graphs, so the union only matters to hand-written queries, and endpoints (whose
default graph is their own) answer the canned ones the same. Rows are compared as multisets of
:class:`provkb.query.select.Term` tuples: ``ORDER BY`` leaves ties in an engine's own order.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from provkb.query.catalogue import XSD, CannedQuery, load_catalogue
from provkb.query.select import XSD_STRING, Term

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


@dataclass
class Forked:
    """What :func:`time_forked` brought back: the timing and rows, or why there are none."""

    timing: Timing | None
    rows: list[Row] | None
    note: str = ""  # the runner's note (rdflib: ran without ORDER BY)
    error: str = ""  # the engine raised: its message; empty on success and on a timeout

    @property
    def timed_out(self) -> bool:
        return self.timing is None and not self.error


def time_forked(
    run: Callable[[str], list[Row]],
    engine: str,
    name: str,
    query: str,
    repeats: int,
    budget: float,
    timeout: float,
) -> Forked:
    """Run ``query`` up to ``repeats`` times in a forked child, stopping once ``budget`` seconds
    are spent (at least one run, so a slow engine still gives its rows and one time); each run
    is abandoned after ``timeout`` seconds.

    A slow engine (rdflib on some queries) can take hours; a thread cannot be stopped, but a
    forked child can, and it shares the parsed data with the parent without parsing it again.
    The child reports each run as it ends: a first run that does not end in time is a timeout
    (no timing), a later one ends the runs (those done are kept). An exception in the child
    comes back as ``error`` at once.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        spent = 0.0
        try:
            for index in range(max(1, repeats)):
                started = time.perf_counter()
                rows = run(query)
                elapsed = time.perf_counter() - started
                note = getattr(run, "note", "")
                sender.send(("run", elapsed, rows if index == 0 else None, note))
                spent += elapsed
                if spent > budget:
                    break
        except Exception as error:  # the parent reports it; the child only carries it back
            message = " ".join(f"{type(error).__name__}: {error}".split())[:400]
            sender.send(("error", message))
        sender.send(("done",))

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()
    seconds: list[float] = []
    rows: list[Row] | None = None
    note = error = ""
    try:
        while receiver.poll(timeout):
            try:
                message = receiver.recv()
            except EOFError:
                error = error or "the engine's process ended without an answer"
                break
            if message[0] == "run":
                seconds.append(message[1])
                rows = message[2] if rows is None else rows
                note = message[3]
            elif message[0] == "error":
                error = message[1]
            else:
                break
    finally:
        process.kill()
        process.join()
        receiver.close()
    if error:
        return Forked(None, None, note, error)
    if rows is None:
        return Forked(None, None, note)
    return Forked(Timing(engine, name, len(rows), seconds), rows, note)


class IncompleteAnswer(RuntimeError):
    """The endpoint said its answer is partial (Virtuoso's anytime timeout)."""


def json_rows(body: bytes) -> list[Row]:
    """The rows of a SPARQL JSON result set."""
    data = json.loads(body)
    names = data["head"]["vars"]
    return [
        tuple(Term.from_json(b[n]) if n in b else None for n in names)
        for b in data["results"]["bindings"]
    ]


class EndpointRunner:
    """Runs SELECTs on a SPARQL endpoint over HTTP, the way a client of a remote store does.

    One protocol request per run: POST form (``query`` plus ``params``), JSON results, a new
    connection each time (as SPARQLWrapper makes); the time includes the round trip, the server's
    serialisation and the parse into rows. An answer the server marks as partial (Virtuoso's
    ``X-SQL-State`` on a timeout) raises :class:`IncompleteAnswer` instead of giving rows.
    """

    def __init__(self, endpoint: str, timeout: float, params: dict[str, str] | None = None):
        self.endpoint = endpoint
        self.timeout = timeout
        self.params = params or {}
        self.note = ""

    def __call__(self, query: str) -> list[Row]:
        body = urllib.parse.urlencode({"query": query, **self.params}).encode()
        request = urllib.request.Request(
            self.endpoint,
            data=body,
            headers={
                "Accept": "application/sparql-results+json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                state = response.headers.get("X-SQL-State")
                answer = response.read()
        except urllib.error.HTTPError as error:  # the server's reason, not only its status
            reason = " ".join(error.read(600).decode("utf-8", "replace").split())
            raise RuntimeError(f"HTTP {error.code} from {self.endpoint}: {reason}") from None
        if state:
            raise IncompleteAnswer(f"{state}: {response.headers.get('X-SQL-Message', '')}")
        return json_rows(answer)


def corpus_parameters(root: Path) -> dict[str, str]:
    """The bench parameters the generator wrote into ``corpus.json``."""
    return json.loads((root / "corpus.json").read_text(encoding="utf-8"))["parameters"]
