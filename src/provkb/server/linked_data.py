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
from urllib.parse import quote as percent_encode
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from provkb import layout
from provkb.namespaces import PREFIXES
from provkb.server import conneg, resource_page
from provkb.server.errors import ApiError, error_payload
from provkb.server.executor import LIGHT
from provkb.server.reader import Reader
from provkb.server.resource_data import iri_term as _iri
from provkb.server.resource_page import SUFFIXES, PageMissing
from provkb.server.routing import add_get
from provkb.server.sparql import outcome_response
from provkb.server.state import ServerState, raise_for
from provkb.server.void import VoidDescriptions


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
    the KB says nothing about it, or its lists end before that page."""
    page = _page_number(request)
    # The reader's entity pages link here as ?view=statements: its page links keep the view.
    view = "view=statements&" if request.query_params.get("view") == "statements" else ""
    try:
        return HTMLResponse(await resource_page.render(state, iri, page, view))
    except PageMissing as missing:
        return not_found(request, iri, str(missing))


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
        return HTMLResponse(resource_page.not_found_page(message), 404)
    return JSONResponse(error_payload("not-found", message, iri=iri), 404)


def make_router(state: ServerState, reader: Reader) -> APIRouter:
    """The routes that dereference the KB's IRIs under the path of ``<base>id/``.

    The HTML page of a person, organisation, collective, place or event is the reader's entity
    page (``?view=statements`` shows every statement instead); other IRIs get the generic page.
    """
    router = APIRouter(tags=["Linked data"])
    prefix_path = urlsplit(state.settings.id_prefix).path
    void = VoidDescriptions(state.settings.build_dir / layout.VOID)

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
            # Percent-encoded: a header is Latin-1, an IRI's path may be any text.
            status_code=303,
            headers={"Location": percent_encode(request.url.path) + target, "Vary": "Accept"},
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
