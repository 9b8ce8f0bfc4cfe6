"""Linked data: every IRI under ``<base>id/`` resolves here, at the path part of the IRI (and
every named graph's IRI, ``<base>graph/…``, redirects to its contents in the Graph Store).

The IRIs name people, organisations, documents and assertions, not web pages, so the IRI itself
answers ``303 See Other`` to a document about it, chosen by ``Accept``: ``<path>.html`` for a
browser, ``.ttl``, ``.jsonld``, ``.nt`` or ``.rdf`` for RDF clients (the httpRange-14 convention).
The documents describe the resource: what the KB says about it (outgoing triples) and what
points to it (incoming triples), over every graph. Unknown IRIs get 404, HTML or JSON.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from html import escape
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from provkb.namespaces import PREFIXES
from provkb.server import conneg
from provkb.server.errors import ApiError, error_payload
from provkb.server.html import page
from provkb.server.routing import add_get
from provkb.server.sparql import outcome_response
from provkb.server.state import ServerState, raise_for

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
_INCOMING_LIMIT = 500


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
            if not term.value.startswith(("http://", "https://")):
                # Only web IRIs become links: a "javascript:" IRI in the data must not run.
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
        values = " ".join(_iri(i) for i in sorted(iris))
        rows = await self.state.select(
            f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} "
            f"VALUES ?p {{ {' '.join(_iri(p) for p in _LABELS)} }} ?x ?p ?l }}"
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


async def _html(state: ServerState, iri: str) -> str | None:
    data = _Page(state, iri)
    term = _iri(iri)
    outgoing = await state.select(
        f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {term} ?p ?o }} }} ORDER BY ?p ?o"
    )
    incoming = await state.select(
        f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {term} }} }} ORDER BY ?p ?s "
        f"LIMIT {_INCOMING_LIMIT}"
    )
    if not outgoing and not incoming:
        return None
    quotes = await state.select(
        "PREFIX pkb: <" + PKB + "> PREFIX oa: <" + OA + "> "
        "SELECT ?node ?exact ?start ?end ?doc ?speaker WHERE { "
        f"{{ BIND({term} AS ?node) ?node pkb:span ?span }} UNION "
        f"{{ ?node pkb:speaker {term} ; pkb:span ?span }} "
        "?span oa:exact ?exact ; oa:start ?start ; oa:end ?end . "
        "OPTIONAL { ?span pkb:inDocument ?d1 } OPTIONAL { ?node pkb:quotedIn ?d2 } "
        "BIND(COALESCE(?d2, ?d1) AS ?doc) OPTIONAL { ?node pkb:speaker ?speaker } "
        f"}} ORDER BY ?doc ?start LIMIT {_INCOMING_LIMIT}"
    )
    mentioned: set[str] = {iri}
    for rows in (outgoing, incoming, quotes):
        for row in rows:
            mentioned.update(t.value for t in row.values() if isinstance(t, ox.NamedNode))
    await data.load_labels(mentioned)

    title = data.labels.get(iri) or iri.rsplit("/", 1)[-1]
    types = [row["o"] for row in outgoing if row["p"].value == RDF_TYPE]
    parts = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="muted"><code>{escape(iri)}</code> · '
        + " ".join(data.link(t) for t in types)
        + " · "
        + " ".join(
            f'<a href="{escape(data.href(iri) + suffix)}">{suffix[1:]}</a>' for suffix in SUFFIXES
        )
        + "</p>",
    ]
    if quotes:
        parts.append("<h2>Quotes</h2>")
        for row in quotes:
            node, doc = row["node"], row.get("doc")
            who = f" — {data.link(row['speaker'])}" if "speaker" in row else ""
            where = f"in {data.link(doc)}" if doc is not None else ""
            parts.append(
                f"<blockquote>{escape(row['exact'].value)}</blockquote>"
                f'<p class="muted">{data.link(node)}{who}; {where}, characters '
                f"{escape(row['start'].value)} to {escape(row['end'].value)}</p>"
            )
    by_predicate: dict[str, list[str]] = defaultdict(list)
    for row in outgoing:
        if row["p"].value != RDF_TYPE:
            by_predicate[row["p"].value].append(
                f'{data.link(row["o"])} <span class="muted">in {data.link(row["g"])}</span>'
            )
    if by_predicate:
        parts.append("<h2>Statements</h2><table>")
        for predicate, values in by_predicate.items():
            parts.append(
                f"<tr><th>{data.link(ox.NamedNode(predicate))}</th>"
                f"<td>{'<br>'.join(values)}</td></tr>"
            )
        parts.append("</table>")
    if incoming:
        parts.append("<h2>Referred to by</h2><table>")
        for row in incoming:
            parts.append(
                f"<tr><td>{data.link(row['s'])}</td><th>{data.link(row['p'])}</th>"
                f'<td class="muted">in {data.link(row["g"])}</td></tr>'
            )
        parts.append("</table>")
        if len(incoming) == _INCOMING_LIMIT:
            parts.append(f'<p class="muted">The first {_INCOMING_LIMIT} shown.</p>')
    return page(title, "".join(parts))


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


def not_found(request: Request, iri: str) -> Response:
    """404 for an IRI the KB does not know: a page for a browser, JSON for the rest."""
    message = f"the knowledge base says nothing about <{iri}>"
    if _wants_html(request):
        body = page("Not found", f"<h1>Not found</h1><p>{escape(message)}</p>")
        return HTMLResponse(body, 404)
    return JSONResponse(error_payload("not-found", message, iri=iri), 404)


def make_router(state: ServerState) -> APIRouter:
    """The routes that dereference the KB's IRIs under the path of ``<base>id/``."""
    router = APIRouter(tags=["Linked data"])
    prefix_path = urlsplit(state.settings.id_prefix).path

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
            html = await _html(state, iri)
            if html is None:
                return not_found(request, iri)
            return HTMLResponse(html)
        if suffix:
            return await _representation(request, iri, SUFFIXES[suffix])
        if not await _known(iri):
            return not_found(request, iri)
        media = conneg.negotiate(request.headers.get("accept"), _OFFERS)
        if media is None:
            raise ApiError(
                406, "not-acceptable", "resources are described in HTML or RDF", available=_OFFERS
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
            return not_found(request, iri)
        # No row cap: a description is bounded by what the KB says about one resource, and a
        # popular entity is the object of more triples than a runaway-query cap allows.
        job = state.job(_describe_query(iri), media, max_rows=sys.maxsize)
        outcome = await state.pool.run(job)
        raise_for(outcome)
        return outcome_response(outcome)

    add_get(
        router,
        prefix_path + "{rest:path}",
        resolve,
        summary="Dereference an IRI of the KB",
        description=(
            f"Every IRI under `{state.settings.id_prefix}` resolves here at its path. The bare "
            "IRI answers 303 to `.html`, `.ttl`, `.jsonld`, `.nt` or `.rdf` by `Accept`."
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
