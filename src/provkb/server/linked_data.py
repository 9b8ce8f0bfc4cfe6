"""Linked data: every IRI under ``<base>id/`` resolves here, at the path part of the IRI (and
every named graph's IRI, ``<base>graph/…``, redirects to its contents in the Graph Store).

The IRIs name people, organisations, documents and assertions, not web pages, so the IRI itself
answers ``303 See Other`` to a document about it, chosen by ``Accept``: ``<path>.html`` for a
browser, ``.ttl``, ``.jsonld``, ``.nt`` or ``.rdf`` for RDF clients (the httpRange-14 convention).
The documents describe the resource: what the KB says about it (outgoing triples) and what
points to it (incoming triples), over every graph. The RDF documents hold all of it; the HTML page
shows a slice of each list (``page_size`` statements, links and quotes) with the list's length and
links to the next slices (``?page=2``…), so a resource thousands of triples point to costs about
as much as any other. The datasets of the build's VoID (``<base>id/dataset…``), which are not in
the KB, are described from ``void.ttl``, in RDF. Unknown IRIs get 404, HTML or JSON.
"""

from __future__ import annotations

import asyncio
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from typing import Generic, TypeVar
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from provkb.namespaces import PREFIXES
from provkb.server import conneg
from provkb.server.errors import ApiError, error_payload
from provkb.server.executor import LIGHT
from provkb.server.html import page as html_page
from provkb.server.reader import Reader
from provkb.server.routing import add_get
from provkb.server.sparql import outcome_response
from provkb.server.state import Row, ServerState, Term, raise_for
from provkb.server.void import VoidDescriptions

# Representation suffix -> media type; the order is the server's preference for RDF clients.
SUFFIXES = {
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
}
_LABELS = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
    "http://www.w3.org/2000/01/rdf-schema#label",
)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PKB = PREFIXES["pkb"]
OA = PREFIXES["oa"]
Item = TypeVar("Item")


def _iri(value: str) -> str:
    """An IRI as a SPARQL term, validated by pyoxigraph (so it cannot break out of ``<>``)."""
    return str(ox.NamedNode(value))


def _short(iri: str) -> str:
    """A prefixed name for display when a project prefix fits."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


class _Page:
    """The data of one HTML page, gathered with a few SELECT queries through the pool."""

    def __init__(self, state: ServerState, iri: str) -> None:
        self.state = state
        self.iri = iri
        self.local = state.settings.id_prefix
        self.labels: dict[str, str] = {}

    def href(self, iri: str) -> str:
        """Where a link to ``iri`` goes: its path on this server when it is one of ours."""
        if iri.startswith(self.local):
            return urlsplit(iri).path
        return iri

    def link(self, term: ox.NamedNode | ox.Literal | ox.BlankNode) -> str:
        """HTML for one RDF term: a labelled link, or a literal with its language or type."""
        if isinstance(term, ox.NamedNode):
            text = self.labels.get(term.value) or _short(term.value)
            if not term.value.startswith(self.local):
                # Only the KB's own IRIs become links, to their pages here: a vocabulary term
                # would lead off the site, and a "javascript:" IRI in the data must not run.
                return f'<code title="{escape(term.value)}">{escape(text)}</code>'
            href, title = escape(self.href(term.value)), escape(term.value)
            return f'<a href="{href}" title="{title}">{escape(text)}</a>'
        if isinstance(term, ox.BlankNode):
            return f"<code>_:{escape(term.value)}</code>"
        note = ""
        if term.language:
            note = f' <span class="muted">@{escape(term.language)}</span>'
        elif not term.datatype.value.endswith("#string"):
            note = f' <span class="muted">{escape(_short(term.datatype.value))}</span>'
        if len(term.value) > 400:
            return (
                f"<details><summary>{escape(term.value[:200])}…</summary>"
                f'<div style="white-space:pre-wrap">{escape(term.value)}</div></details>{note}'
            )
        return f"{escape(term.value)}{note}"

    async def load_labels(self, iris: set[str]) -> None:
        """One label per IRI: English first, then any; prefLabel before title before label."""
        if not iris:
            return
        # One VALUES of (IRI, predicate) pairs: two VALUES blocks, one of IRIs and one of
        # predicates, made Oxigraph scan every label of the KB (10,000 documents: 8 s for the
        # 929 IRIs of a page instead of 0.2 s).
        pairs = " ".join(f"({_iri(i)} {_iri(p)})" for i in sorted(iris) for p in _LABELS)
        rows = await self.state.select(
            f"SELECT ?x ?p ?l WHERE {{ VALUES (?x ?p) {{ {pairs} }} ?x ?p ?l }}"
        )
        ranked: dict[str, tuple[int, str]] = {}
        for row in rows:
            label = row["l"]
            lang = label.language if isinstance(label, ox.Literal) else None
            rank = _LABELS.index(row["p"].value) * 2 + (0 if lang in (None, "en") else 1)
            x = row["x"].value
            if x not in ranked or rank < ranked[x][0]:
                ranked[x] = (rank, label.value)
        self.labels.update({x: label for x, (_, label) in ranked.items()})

    def quotes_html(self, quotes: _Slice[_Quote], size: int) -> str:
        """The page's quotes, each with its assertion, speakers, document and offsets."""
        if not quotes.total:
            return ""
        parts = [f"<h2>Quotes{_span(quotes, size)}</h2>"]
        for quote in quotes.items:
            who = " — " + ", ".join(self.link(s) for s in quote.speakers) if quote.speakers else ""
            where = f"in {self.link(quote.doc)}" if quote.doc is not None else ""
            parts.append(
                f"<blockquote>{escape(quote.exact)}</blockquote>"
                f'<p class="muted">{self.link(quote.node)}{who}; {where}, characters '
                f"{escape(quote.start)} to {escape(quote.end)}</p>"
            )
        return "".join(parts)

    def statements_html(self, outgoing: _Slice[Row], size: int) -> str:
        """The page's statements about the resource, by predicate (its types are in the
        header)."""
        by_predicate: dict[str, list[str]] = defaultdict(list)
        for row in outgoing.items:
            if row["p"].value != RDF_TYPE:
                by_predicate[row["p"].value].append(
                    f'{self.link(row["o"])} <span class="muted">in {self.link(row["g"])}</span>'
                )
        if not by_predicate and outgoing.total == len(outgoing.items):
            return ""
        rows = "".join(
            f"<tr><th>{self.link(ox.NamedNode(predicate))}</th><td>{'<br>'.join(values)}</td></tr>"
            for predicate, values in by_predicate.items()
        )
        table = f"<table>{rows}</table>" if rows else ""
        return f"<h2>Statements{_span(outgoing, size)}</h2>{table}"

    def links_html(self, incoming: _Slice[Row], size: int) -> str:
        """The page's links to the resource, after how many each predicate makes in all."""
        if not incoming.total:
            return ""
        parts = [f"<h2>Referred to by{_span(incoming, size)}</h2>"]
        if incoming.by_predicate:
            counts = sorted(incoming.by_predicate.items(), key=lambda pn: (-pn[1], pn[0]))
            parts.append(
                '<p class="muted">'
                + " · ".join(f"{self.link(ox.NamedNode(p))} {n:,}" for p, n in counts)
                + "</p>"
            )
        rows = "".join(
            f"<tr><td>{self.link(row['s'])}</td><th>{self.link(row['p'])}</th>"
            f'<td class="muted">in {self.link(row["g"])}</td></tr>'
            for row in incoming.items
        )
        if rows:
            parts.append(f"<table>{rows}</table>")
        return "".join(parts)


@dataclass(frozen=True)
class _Slice(Generic[Item]):
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
class _Quote:
    """One quote on a page: an assertion's span, where it is, and who said it."""

    node: Term
    exact: str
    start: str
    end: str
    doc: Term | None
    speakers: list[Term]


def _term_key(term: Term | None) -> tuple[int, str, str]:
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
) -> _Slice[Row]:
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
        return _Slice(rows, offset, end, end)
    counts = await state.select(count_query)
    by_predicate = {row["p"].value: int(row["n"].value) for row in counts if "p" in row}
    total = sum(int(row["n"].value) for row in counts)
    return _Slice(rows, offset, end, total, by_predicate)


async def _statements(state: ServerState, term: str, page: int, size: int) -> _Slice[Row]:
    """What the KB says about the resource: its outgoing triples, with their graphs."""
    found = await _slice(
        state,
        f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {term} ?p ?o }} }}",
        f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ {term} ?p ?o }} }} GROUP BY ?p",
        page,
        size,
    )
    found.items.sort(key=lambda r: (r["p"].value, _term_key(r["o"]), r["g"].value))
    return found


async def _links(state: ServerState, term: str, page: int, size: int) -> _Slice[Row]:
    """What points to the resource: its incoming triples, with their graphs."""
    found = await _slice(
        state,
        f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {term} }} }}",
        f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p {term} }} }} GROUP BY ?p",
        page,
        size,
    )
    found.items.sort(key=lambda r: (r["p"].value, _term_key(r["s"]), r["g"].value))
    return found


async def _quotes(state: ServerState, term: str, page: int, size: int) -> _Slice[_Quote]:
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
        return _Slice([], found.offset, found.end, found.total)
    values = " ".join(str(row["node"]) for row in found.items)
    rows = await state.select(
        f"{prologue}SELECT ?node ?span ?exact ?start ?end ?doc ?speaker WHERE {{ "
        f"VALUES ?node {{ {values} }} ?node pkb:span ?span . "
        "?span oa:exact ?exact ; oa:start ?start ; oa:end ?end . "
        "OPTIONAL { ?span pkb:inDocument ?d1 } OPTIONAL { ?node pkb:quotedIn ?d2 } "
        "BIND(COALESCE(?d2, ?d1) AS ?doc) OPTIONAL { ?node pkb:speaker ?speaker } }"
    )
    quotes: dict[tuple[str, str], _Quote] = {}
    for row in rows:
        key = (row["node"].value, str(row["span"]))
        if key not in quotes:
            quotes[key] = _Quote(
                row["node"],
                row["exact"].value,
                row["start"].value,
                row["end"].value,
                row.get("doc"),
                [],
            )
        if "speaker" in row and row["speaker"] not in quotes[key].speakers:
            quotes[key].speakers.append(row["speaker"])
    items = sorted(
        quotes.values(),
        key=lambda q: (_term_key(q.doc), _offset_key(q.start), q.node.value, q.exact),
    )
    for quote in items:
        quote.speakers.sort(key=_term_key)
    return _Slice(items, found.offset, found.end, found.total)


def _span(what: _Slice[Item], size: int) -> str:
    """Which items of a list a page shows, when the list does not fit on one page."""
    if what.total <= size and not what.offset:
        return ""
    if not what.items:
        return f' <span class="muted">all {what.total:,} on earlier pages</span>'
    shown = f"{what.end:,}" if what.end == what.offset + 1 else f"{what.offset + 1:,}–{what.end:,}"
    return f' <span class="muted">{shown} of {what.total:,}</span>'


def _page_number(request: Request) -> int:
    """The ``?page=`` of a request (1 without one).

    Raises:
        ApiError: 400 when it is not a whole number from 1.
    """
    value = request.query_params.get("page", "1")
    if not (value.isascii() and value.isdigit() and 0 < len(value) < 10 and int(value) > 0):
        raise ApiError(400, "bad-page", f"page must be a whole number from 1, not {value!r}")
    return int(value)


async def _html(request: Request, state: ServerState, iri: str) -> Response:
    """The HTML page of ``iri``: page ``?page=`` of its statements, links and quotes; 404 when
    the KB says nothing about it, or its lists end before that page.

    Each list shows ``page_size`` entries (the server's settings) with its length and the
    links to the other pages, so the page costs about the same for any resource.
    """
    page = _page_number(request)
    size = state.settings.page_size
    data = _Page(state, iri)
    term = _iri(iri)
    outgoing = await _statements(state, term, page, size)
    incoming = await _links(state, term, page, size)
    quotes = await _quotes(state, term, page, size)
    if not outgoing.total and not incoming.total:
        return not_found(request, iri)
    last_page = max(outgoing.pages(size), incoming.pages(size), quotes.pages(size), 1)
    if page > last_page:
        message = f"the page of <{iri}> ends on page {last_page}; there is no page {page}"
        return not_found(request, iri, message)
    if page == 1 and outgoing.total == len(outgoing.items):
        types = [row["o"] for row in outgoing.items if row["p"].value == RDF_TYPE]
    else:
        rows = await state.select(
            f"SELECT DISTINCT ?t WHERE {{ GRAPH ?g {{ {term} a ?t }} }} LIMIT {size}"
        )
        types = sorted((row["t"] for row in rows), key=_term_key)

    mentioned: set[str] = {iri, *incoming.by_predicate}
    terms = [*types, *(t for row in (*outgoing.items, *incoming.items) for t in row.values())]
    for quote in quotes.items:
        terms += [quote.node, *quote.speakers] + ([quote.doc] if quote.doc is not None else [])
    mentioned.update(t.value for t in terms if isinstance(t, ox.NamedNode))
    await data.load_labels(mentioned)

    title = data.labels.get(iri) or iri.rsplit("/", 1)[-1]
    here = data.href(iri)
    parts = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="muted"><code>{escape(iri)}</code> · '
        + " ".join(data.link(t) for t in types)
        + " · "
        + " ".join(f'<a href="{escape(here + suffix)}">{suffix[1:]}</a>' for suffix in SUFFIXES)
        + "</p>",
    ]
    # The reader's entity pages link here as ?view=statements: its page links keep the view.
    view = "view=statements&" if request.query_params.get("view") == "statements" else ""
    navigation = _navigation(here, page, last_page, view)
    parts += [
        navigation,
        data.quotes_html(quotes, size),
        data.statements_html(outgoing, size),
        data.links_html(incoming, size),
        navigation,
    ]
    head = "".join(
        f'<link rel="{rel}" href="{escape(here)}.html?{escape(view)}page={number}">'
        for rel, number in (("prev", page - 1), ("next", page + 1))
        if 1 <= number <= last_page
    )
    if page > 1:
        title = f"{title} (page {page})"
    return HTMLResponse(html_page(title, "".join(parts), head=head))


def _navigation(here: str, page: int, last_page: int, view: str = "") -> str:
    """Links between the pages of an IRI's page whose lists are longer than one page."""
    if last_page == 1:
        return ""
    link = escape(here) + ".html?" + escape(view) + "page="
    steps = [
        ("first", 1, page > 2),
        ("previous", page - 1, page > 1),
        ("next", page + 1, page < last_page),
        ("last", last_page, page < last_page - 1),
    ]
    return (
        f'<p class="muted">Page {page:,} of {last_page:,}: '
        + " · ".join(
            f'<a href="{link}{number}">{label}</a>' for label, number, shown in steps if shown
        )
        + f' · every statement and link at once: <a href="{escape(here)}.ttl">Turtle</a></p>'
    )


def _describe_query(iri: str) -> str:
    term = _iri(iri)
    return (
        f"CONSTRUCT {{ {term} ?p ?o . ?s ?q {term} }} "
        f"WHERE {{ {{ {term} ?p ?o }} UNION {{ ?s ?q {term} }} }}"
    )


_SUFFIX_OF = {media: suffix for suffix, media in SUFFIXES.items()}
# RDF first: "*/*" (curl, scripts) gets Turtle; a browser asks for text/html by name.
_OFFERS = [*SUFFIXES.values(), "text/html"]


def _wants_html(request: Request) -> bool:
    return conneg.negotiate(request.headers.get("accept"), _OFFERS) == "text/html"


def not_found(request: Request, iri: str, message: str | None = None) -> Response:
    """404 for an IRI the KB does not know (or ``message``): a page for a browser, JSON for the
    rest."""
    message = message or f"the knowledge base says nothing about <{iri}>"
    if _wants_html(request):
        body = html_page("Not found", f"<h1>Not found</h1><p>{escape(message)}</p>")
        return HTMLResponse(body, 404)
    return JSONResponse(error_payload("not-found", message, iri=iri), 404)


def make_router(state: ServerState, reader: Reader) -> APIRouter:
    """The routes that dereference the KB's IRIs under the path of ``<base>id/``.

    The HTML page of a person, organisation, collective, place or event is the reader's entity
    page (``?view=statements`` shows every statement instead); other IRIs get the generic page.
    """
    router = APIRouter(tags=["Linked data"])
    prefix_path = urlsplit(state.settings.id_prefix).path
    void = VoidDescriptions(state.settings.build_dir / "void.ttl")

    async def resolve(request: Request, rest: str) -> Response:
        """Dereference an IRI of the KB: 303 to a description, or the description."""
        stem, suffix = rest, ""
        for candidate in (*SUFFIXES, ".html"):
            if rest.endswith(candidate):
                stem, suffix = rest[: -len(candidate)], candidate
                break
        iri = state.settings.id_prefix + stem
        try:
            ox.NamedNode(iri)
        except ValueError:
            return not_found(request, iri)
        if suffix == ".html":
            if request.query_params.get("view") != "statements":
                body = await asyncio.to_thread(reader.entity_page, iri, request)
                if body is not None:
                    return HTMLResponse(body)
            return await _html(request, state, iri)
        if suffix:
            return await _representation(request, iri, SUFFIXES[suffix])
        offers = _OFFERS
        if not await _known(iri):
            if not await asyncio.to_thread(void.describe, iri):
                return not_found(request, iri)
            # A dataset of the VoID: described in RDF only.
            offers = list(SUFFIXES.values())
        media = conneg.negotiate(request.headers.get("accept"), offers)
        if media is None:
            raise ApiError(
                406, "not-acceptable", "resources are described in HTML or RDF", available=offers
            )
        target = ".html" if media == "text/html" else _SUFFIX_OF[media]
        return Response(
            status_code=303, headers={"Location": request.url.path + target, "Vary": "Accept"}
        )

    async def _known(iri: str) -> bool:
        # Two index lookups (subject, then object); stops at the first match.
        term = _iri(iri)
        return await state.ask(f"ASK {{ {{ {term} ?p ?o }} UNION {{ ?s ?p {term} }} }}")

    async def _representation(request: Request, iri: str, media: str) -> Response:
        if not await _known(iri):
            triples = await asyncio.to_thread(void.describe, iri)
            if not triples:
                return not_found(request, iri)
            body = ox.serialize(triples, format=conneg.GRAPH_TYPES[media], prefixes=dict(PREFIXES))
            return Response(body, 200, media_type=conneg.content_type(media))
        # No row cap: a description is bounded by what the KB says about one resource, and a
        # popular entity is the object of more triples than a runaway-query cap allows.
        job = state.job(_describe_query(iri), media, max_rows=sys.maxsize, checked=True)
        outcome = await state.pool.run(job, lane=LIGHT)
        raise_for(outcome)
        return outcome_response(outcome)

    add_get(
        router,
        prefix_path + "{rest:path}",
        resolve,
        summary="Dereference an IRI of the KB",
        description=(
            f"Every IRI under `{state.settings.id_prefix}` resolves here at its path. The bare "
            "IRI answers 303 to `.html`, `.ttl`, `.jsonld`, `.nt` or `.rdf` by `Accept`; the "
            "HTML page takes `?page=N` for the next slices of long lists."
        ),
        response_class=Response,
    )

    async def named_graph(request: Request, rest: str) -> Response:
        """A named graph's IRI: 303 to its contents in the Graph Store."""
        iri = state.settings.base_iri + "graph/" + rest
        try:
            term = _iri(iri)
        except ValueError:
            return not_found(request, iri)
        if not await state.ask(f"ASK {{ GRAPH {term} {{ }} }}"):
            return not_found(request, iri)
        location = f"/graph?{urlencode({'graph': iri})}"
        return Response(status_code=303, headers={"Location": location})

    add_get(
        router,
        urlsplit(state.settings.base_iri).path + "graph/{rest:path}",
        named_graph,
        summary="Dereference a named graph's IRI",
        description=(
            f"Every graph IRI under `{state.settings.base_iri}graph/` answers 303 to "
            "`/graph?graph=<IRI>`, its contents by `Accept`."
        ),
        response_class=Response,
    )
    return router
