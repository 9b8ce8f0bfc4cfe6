"""What an IRI's HTML page shows, read from the store: one page of its statements, of the links to
it and of its quotes, and the labels of every IRI on the page.

Each list is read a page at a time (``page_size`` entries, the server's settings) with its length,
so the page of a resource thousands of triples point to costs about as much as any other.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import pyoxigraph as ox

from provkb.namespaces import PREFIXES
from provkb.server.state import Row, ServerState, Term

LABELS = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
    "http://www.w3.org/2000/01/rdf-schema#label",
)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PKB = PREFIXES["pkb"]
OA = PREFIXES["oa"]
Item = TypeVar("Item")


def iri_term(value: str) -> str:
    """An IRI as a SPARQL term, validated by pyoxigraph (so it cannot break out of ``<>``).

    Raises:
        ValueError: when ``value`` is not an IRI.
    """
    return str(ox.NamedNode(value))


@dataclass(frozen=True)
class Slice(Generic[Item]):
    """One page of one of the lists an IRI's page shows (statements, links to it, quotes).

    Attributes:
        items: what this page shows, sorted for display.
        offset: how many entries of the list come before this page.
        end: how many entries of the list this page and the pages before it hold.
        total: how many entries the whole list has, over every page.
        by_predicate: for a list longer than a page, how many entries each predicate has.
    """

    items: list[Item]
    offset: int
    end: int
    total: int
    by_predicate: dict[str, int] = field(default_factory=dict)

    def pages(self, size: int) -> int:
        """How many pages of ``size`` items the list fills."""
        return -(-self.total // size)


@dataclass(frozen=True)
class Quote:
    """One quote on a page: an assertion's span, where it is, and who said it."""

    node: Term
    exact: str
    start: str
    end: str
    doc: Term | None
    speakers: list[Term]


def term_key(term: Term | None) -> tuple[int, str, str]:
    """Sort key of a term, in the spirit of SPARQL's ORDER BY: unbound, blank nodes, IRIs,
    literals; then by text."""
    if term is None:
        return (0, "", "")
    if isinstance(term, ox.BlankNode):
        return (1, term.value, "")
    if isinstance(term, ox.NamedNode):
        return (2, term.value, "")
    return (3, term.value, term.language or term.datatype.value)


def _offset_key(start: str) -> tuple[int, str]:
    """Sort key of a character offset: numerically (an offset is an integer), else by text."""
    return (int(start), "") if start.isdigit() else (sys.maxsize, start)


async def _slice(
    state: ServerState, query: str, count_query: str, page: int, size: int
) -> Slice[Row]:
    """Page ``page`` (from 1) of the rows of ``query``, which has neither ORDER BY nor LIMIT.

    No ORDER BY: Oxigraph sorts by the terms' strings, which it reads from disk for each
    comparison (the 30,803 links to the most-cited person at 10,000 documents: 24 s). Without
    it the rows come in the order of the store's index (by the terms' encodings, hashes of
    their strings), the same at every request and in every worker, so the pages of a list
    neither overlap nor leave rows out; each page is sorted for display by the caller.

    ``count_query`` counts the whole list (``?n``, per ``?p`` when it groups by predicate); it
    runs only when the list does not end on this page, or ends before it.
    """
    offset = (page - 1) * size
    rows = await state.select(f"{query} LIMIT {size + 1} OFFSET {offset}")
    rows, more = rows[:size], len(rows) > size
    end = offset + len(rows)
    if not more and (rows or not offset):
        return Slice(rows, offset, end, end)
    counts = await state.select(count_query)
    by_predicate = {row["p"].value: int(row["n"].value) for row in counts if "p" in row}
    total = sum(int(row["n"].value) for row in counts)
    return Slice(rows, offset, end, total, by_predicate)


async def statements(state: ServerState, term: str, page: int, size: int) -> Slice[Row]:
    """What the KB says about the resource: its outgoing triples, with their graphs."""
    found = await _slice(
        state,
        f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {term} ?p ?o }} }}",
        f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ {term} ?p ?o }} }} GROUP BY ?p",
        page,
        size,
    )
    found.items.sort(key=lambda r: (r["p"].value, term_key(r["o"]), r["g"].value))
    return found


async def links(state: ServerState, term: str, page: int, size: int) -> Slice[Row]:
    """What points to the resource: its incoming triples, with their graphs."""
    found = await _slice(
        state,
        f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {term} }} }}",
        f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p {term} }} }} GROUP BY ?p",
        page,
        size,
    )
    found.items.sort(key=lambda r: (r["p"].value, term_key(r["s"]), r["g"].value))
    return found


async def quotes(state: ServerState, term: str, page: int, size: int) -> Slice[Quote]:
    """The quotes of the resource: its own span when it is an assertion, and the spans of the
    assertions it is the speaker of; paged by assertion.

    The assertions of the page are found first and their spans fetched for just those: joined
    in one query with the spans, the union of the two kinds made Oxigraph read every span of the
    KB (7 s for the most-cited person at 10,000 documents).
    """
    nodes = f"{{ BIND({term} AS ?node) {term} pkb:span [] }} UNION {{ ?node pkb:speaker {term} }}"
    prologue = f"PREFIX pkb: <{PKB}> PREFIX oa: <{OA}> "
    found = await _slice(
        state,
        f"{prologue}SELECT DISTINCT ?node WHERE {{ {nodes} }}",
        f"{prologue}SELECT (COUNT(DISTINCT ?node) AS ?n) WHERE {{ {nodes} }}",
        page,
        size,
    )
    if not found.items:
        return Slice([], found.offset, found.end, found.total)
    values = " ".join(str(row["node"]) for row in found.items)
    rows = await state.select(
        f"{prologue}SELECT ?node ?span ?exact ?start ?end ?doc ?speaker WHERE {{ "
        f"VALUES ?node {{ {values} }} ?node pkb:span ?span . "
        "?span oa:exact ?exact ; oa:start ?start ; oa:end ?end . "
        "OPTIONAL { ?span pkb:inDocument ?d1 } OPTIONAL { ?node pkb:quotedIn ?d2 } "
        "BIND(COALESCE(?d2, ?d1) AS ?doc) OPTIONAL { ?node pkb:speaker ?speaker } }"
    )
    found_quotes: dict[tuple[str, str], Quote] = {}
    for row in rows:
        key = (row["node"].value, str(row["span"]))
        if key not in found_quotes:
            found_quotes[key] = Quote(
                row["node"],
                row["exact"].value,
                row["start"].value,
                row["end"].value,
                row.get("doc"),
                [],
            )
        if "speaker" in row and row["speaker"] not in found_quotes[key].speakers:
            found_quotes[key].speakers.append(row["speaker"])
    items = sorted(
        found_quotes.values(),
        key=lambda q: (term_key(q.doc), _offset_key(q.start), q.node.value, q.exact),
    )
    for quote in items:
        quote.speakers.sort(key=term_key)
    return Slice(items, found.offset, found.end, found.total)


async def draft_mark(state: ServerState, term: str) -> dict[str, str | bool] | None:
    """The draft mark of an unreviewed draft of ``provkb add`` (its rule, confidence, speaker
    rule and whether the speaker was guessed, the drafting activity's label); ``None`` for any
    other resource. One lookup by subject, like the page's statements."""
    prov, rdfs = PREFIXES["prov"], PREFIXES["rdfs"]
    rows = await state.select(
        f"PREFIX pkb: <{PKB}> PREFIX prov: <{prov}> PREFIX rdfs: <{rdfs}> "
        "SELECT ?rule ?confidence ?speakerRule ?guess ?drafter WHERE { "
        f"GRAPH ?g {{ {term} pkb:draftRule ?rule ; pkb:draftConfidence ?confidence ; "
        "prov:wasGeneratedBy ?activity } "
        f"OPTIONAL {{ GRAPH ?g {{ {term} pkb:draftSpeakerRule ?speakerRule }} }} "
        f"OPTIONAL {{ GRAPH ?g {{ {term} pkb:draftSpeakerGuess ?guess }} }} "
        "OPTIONAL { GRAPH ?h { ?activity rdfs:label ?drafter } } } "
        "ORDER BY STR(?rule) STR(?drafter) LIMIT 1"
    )
    if not rows:
        return None
    row = rows[0]
    return {
        "rule": row["rule"].value,
        "confidence": row["confidence"].value,
        "drafter": row["drafter"].value if "drafter" in row else "",
        "speaker_rule": row["speakerRule"].value if "speakerRule" in row else "",
        "speaker_guess": "guess" in row and row["guess"].value in ("true", "1"),
    }


async def types(state: ServerState, term: str, outgoing: Slice[Row], size: int) -> list[Term]:
    """The resource's types: from its statements when they all fit on the page, else asked."""
    if not outgoing.offset and outgoing.total == len(outgoing.items):
        return [row["o"] for row in outgoing.items if row["p"].value == RDF_TYPE]
    rows = await state.select(
        f"SELECT DISTINCT ?t WHERE {{ GRAPH ?g {{ {term} a ?t }} }} LIMIT {size}"
    )
    return sorted((row["t"] for row in rows), key=term_key)


async def labels(state: ServerState, iris: set[str]) -> dict[str, str]:
    """One label per IRI: English first, then any; prefLabel before title before label."""
    if not iris:
        return {}
    # One VALUES of (IRI, predicate) pairs: two VALUES blocks, one of IRIs and one of
    # predicates, made Oxigraph scan every label of the KB (10,000 documents: 8 s for the
    # 929 IRIs of a page instead of 0.2 s).
    pairs = " ".join(f"({iri_term(i)} {iri_term(p)})" for i in sorted(iris) for p in LABELS)
    rows = await state.select(f"SELECT ?x ?p ?l WHERE {{ VALUES (?x ?p) {{ {pairs} }} ?x ?p ?l }}")
    ranked: dict[str, tuple[int, str]] = {}
    for row in rows:
        label = row["l"]
        lang = label.language if isinstance(label, ox.Literal) else None
        rank = LABELS.index(row["p"].value) * 2 + (0 if lang in (None, "en") else 1)
        x = row["x"].value
        if x not in ranked or rank < ranked[x][0]:
            ranked[x] = (rank, label.value)
    return {x: label for x, (_, label) in ranked.items()}
