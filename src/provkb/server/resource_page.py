"""The HTML page of an IRI of the KB (``templates/resource.html``): its types, its quotes, what the
KB says about it and what points to it, a page of each list at a time.

The data comes from :mod:`provkb.server.resource_data`; here it becomes what the template shows.
RDF terms are shown through :class:`TermView`: an IRI of the web is a link (to its page on this
server when it is one of the KB's), any other IRI is code, so a ``javascript:`` IRI in the data
never becomes a link.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox
from jinja2 import Environment
from markupsafe import Markup

from provkb.namespaces import PREFIXES
from provkb.server import resource_data as data
from provkb.server.html import environment
from provkb.server.state import Row, ServerState, Term

# Representation suffix -> media type; the order is the server's preference for RDF clients.
SUFFIXES = {
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
}
# Literals longer than this fold into a <details> showing their first _FOLDED characters.
_LONG = 400
_FOLDED = 200


def _escaped(value: Any) -> Markup:
    # html.escape's entities (&quot;, &#x27;), which these pages have always used, rather than
    # markupsafe's (&#34;, &#39;): bookmarked fragments and the tests compare the exact text.
    # Markup of text html.escape has just escaped: the one place a value becomes HTML.
    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))  # noqa: S704


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """The pages' environment, escaping values as :func:`html.escape` does."""
    return environment().overlay(finalize=_escaped)


def short(iri: str) -> str:
    """A prefixed name for display when a project prefix fits."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


@dataclass(frozen=True)
class TermView:
    """How one RDF term is shown.

    Attributes:
        text: the label, prefixed name or literal value shown.
        href: where a link goes (None: not a link).
        title: the full IRI, shown on hover.
        code: shown as code (an IRI that is not a link, a blank node).
        note: a literal's language (``@en``) or datatype, shown after it.
        folded: a long literal, shown folded after its first characters.
    """

    text: str
    href: str | None = None
    title: str | None = None
    code: bool = False
    note: str = ""
    folded: bool = False

    @property
    def summary(self) -> str:
        """The start of a folded literal."""
        return self.text[:_FOLDED]


class Terms:
    """Turns the terms of one page into :class:`TermView`, with the labels of its IRIs."""

    def __init__(self, local: str, labels: dict[str, str]) -> None:
        self.local = local
        self.labels = labels

    def href(self, iri: str) -> str:
        """Where a link to ``iri`` goes: its path on this server when it is one of ours."""
        return urlsplit(iri).path if iri.startswith(self.local) else iri

    def view(self, term: Term) -> TermView:
        """The view of one term."""
        if isinstance(term, ox.NamedNode):
            text = self.labels.get(term.value) or short(term.value)
            if not term.value.startswith(self.local):
                # Only the KB's own IRIs become links, to their pages here: a vocabulary term
                # would lead off the site, and a "javascript:" IRI in the data must not run.
                return TermView(text, title=term.value, code=True)
            return TermView(text, href=self.href(term.value), title=term.value)
        if isinstance(term, ox.BlankNode):
            return TermView(f"_:{term.value}", code=True)
        note = ""
        if term.language:
            note = f"@{term.language}"
        elif not term.datatype.value.endswith("#string"):
            note = short(term.datatype.value)
        return TermView(term.value, note=note, folded=len(term.value) > _LONG)


def span(what: data.Slice[Any], size: int) -> str:
    """Which items of a list a page shows, when the list does not fit on one page ("" when it
    does)."""
    if what.total <= size and not what.offset:
        return ""
    if not what.items:
        return f"all {what.total:,} on earlier pages"
    if what.end == what.offset + 1:
        return f"{what.end:,} of {what.total:,}"
    return f"{what.offset + 1:,}–{what.end:,} of {what.total:,}"


@dataclass(frozen=True)
class PageLink:
    """A link between the pages of an IRI's page (first, previous, next, last)."""

    label: str
    number: int


def page_links(page: int, last_page: int) -> list[PageLink]:
    """The links from page ``page`` to the others, when there are others."""
    steps = [
        ("first", 1, page > 2),
        ("previous", page - 1, page > 1),
        ("next", page + 1, page < last_page),
        ("last", last_page, page < last_page - 1),
    ]
    return [PageLink(label, number) for label, number, shown in steps if shown]


class PageMissing(Exception):
    """The KB says nothing about the IRI, or its lists end before the page asked for."""


async def render(state: ServerState, iri: str, page: int, view: str = "") -> str:
    """The HTML of page ``page`` (from 1) of ``iri``'s page; its page links start their query
    strings with ``view`` (``view=statements&`` when the reader's entity page links here).

    Raises:
        PageMissing: with the message of the 404.
    """
    size = state.settings.page_size
    term = data.iri_term(iri)
    outgoing = await data.statements(state, term, page, size)
    incoming = await data.links(state, term, page, size)
    quotes = await data.quotes(state, term, page, size)
    if not outgoing.total and not incoming.total:
        raise PageMissing(f"the knowledge base says nothing about <{iri}>")
    last_page = max(outgoing.pages(size), incoming.pages(size), quotes.pages(size), 1)
    if page > last_page:
        raise PageMissing(f"the page of <{iri}> ends on page {last_page}; there is no page {page}")
    types = await data.types(state, term, outgoing, size)
    draft = await data.draft_mark(state, term)

    mentioned: set[str] = {iri, *incoming.by_predicate}
    shown = [*types, *(t for row in (*outgoing.items, *incoming.items) for t in row.values())]
    for quote in quotes.items:
        shown += [quote.node, *quote.speakers] + ([quote.doc] if quote.doc is not None else [])
    mentioned.update(t.value for t in shown if isinstance(t, ox.NamedNode))
    terms = Terms(state.settings.id_prefix, await data.labels(state, mentioned))

    title = terms.labels.get(iri) or iri.rsplit("/", 1)[-1]
    return (
        _environment()
        .get_template("resource.html")
        .render(
            title=f"{title} (page {page})" if page > 1 else title,
            heading=title,
            draft=draft,
            iri=iri,
            here=terms.href(iri),
            suffixes=list(SUFFIXES),
            types=[terms.view(t) for t in types],
            page=page,
            last_page=last_page,
            page_links=page_links(page, last_page),
            view=view,
            quotes=_quotes(quotes, terms),
            quotes_span=span(quotes, size),
            statements=_statements(outgoing, terms),
            statements_span=span(outgoing, size),
            links=_links(incoming, terms),
            links_span=span(incoming, size),
            link_counts=[
                (terms.view(ox.NamedNode(p)), n)
                for p, n in sorted(incoming.by_predicate.items(), key=lambda pn: (-pn[1], pn[0]))
            ],
        )
    )


def _quotes(quotes: data.Slice[data.Quote], terms: Terms) -> dict[str, Any] | None:
    if not quotes.total:
        return None
    return {
        "items": [
            {
                "exact": quote.exact,
                "node": terms.view(quote.node),
                "speakers": [terms.view(s) for s in quote.speakers],
                "doc": terms.view(quote.doc) if quote.doc is not None else None,
                "start": quote.start,
                "end": quote.end,
            }
            for quote in quotes.items
        ]
    }


def _statements(outgoing: data.Slice[Row], terms: Terms) -> dict[str, Any] | None:
    """The statements by predicate (the types are in the header); None when there are none to
    show on any page."""
    by_predicate: dict[str, list[tuple[TermView, TermView]]] = {}
    for row in outgoing.items:
        if row["p"].value != data.RDF_TYPE:
            by_predicate.setdefault(row["p"].value, []).append(
                (terms.view(row["o"]), terms.view(row["g"]))
            )
    if not by_predicate and outgoing.total == len(outgoing.items):
        return None
    return {
        "rows": [
            (terms.view(ox.NamedNode(predicate)), values)
            for predicate, values in by_predicate.items()
        ]
    }


def _links(incoming: data.Slice[Row], terms: Terms) -> dict[str, Any] | None:
    if not incoming.total:
        return None
    return {
        "rows": [
            (terms.view(row["s"]), terms.view(row["p"]), terms.view(row["g"]))
            for row in incoming.items
        ]
    }


def not_found_page(message: str) -> str:
    """The HTML of a 404 page."""
    return _environment().get_template("not_found.html").render(title="Not found", message=message)
