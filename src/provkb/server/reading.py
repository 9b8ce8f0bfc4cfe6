"""The pages for people who read: a document with its quotes marked (the reader), one quote in
its context (the assertion page), the actor network and the event timeline.

Each page is rendered from the reader index the build wrote (:mod:`provkb.server.reading_data`),
never from queries over the store: a document's page costs one file read at any size of the KB.
The reader works without JavaScript (every quote is a link, the side panel lists them with their
details); ``reader.js`` adds selection: a click or Enter on a quote opens its details beside the
text. The network and the timeline are drawn by Cytoscape.js and vis-timeline, shipped in
``static/``; without JavaScript the same data is shown as tables.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from markupsafe import Markup

from provkb.build.reading_html import kind_styles, mode_label, quote_label
from provkb.build.reading_index import EDGE_KINDS, MAX_DRAWN_EDGES
from provkb.server.errors import ApiError
from provkb.server.linked_data import not_found
from provkb.server.reading_data import ReadingData
from provkb.server.routing import add_get
from provkb.server.state import ServerState
from provkb.server.templating import make_environment

# Reading files written before the build recorded drafts would show every draft as reviewed.
_STALE = (
    "the reading files of this build were written by an older provkb, before drafts were "
    "recorded: run `provkb build` to write them again"
)
# Documents the network's and the timeline's filter lists at most (a longer list is a field).
MAX_LISTED_DOCUMENTS = 200


class _Links:
    """Where a link to an IRI of the KB goes: its path on this server."""

    def __init__(self, base_iri: str) -> None:
        self.base_iri = base_iri

    def __call__(self, iri: str) -> str:
        if iri.startswith(self.base_iri):
            parts = urlsplit(iri)
            return parts.path + (f"#{parts.fragment}" if parts.fragment else "")
        return iri


def make_router(state: ServerState, data: ReadingData) -> APIRouter:
    """The reader's routes: a document's and an assertion's HTML page (registered before the
    generic linked-data pages, which they replace for those IRIs), ``/network`` and
    ``/timeline`` with their JSON."""
    router = APIRouter(tags=["Reader"])
    environment = make_environment()
    href = _Links(state.settings.base_iri)
    id_path = urlsplit(state.settings.id_prefix).path

    def render(name: str, active: str | None = None, **values: Any) -> HTMLResponse:
        template = environment.get_template(name)
        values.setdefault("kind_css", kind_styles(data.kinds()))
        return HTMLResponse(template.render(href=href, active=active, **values))

    async def document_page(request: Request, slug: str) -> Response:
        """A document's text with its quotes marked, mentions linked and the quotes listed
        (text and list rendered by the build: the request reads one file)."""
        page = data.page(slug)
        if page is None:
            return not_found(request, f"{state.settings.id_prefix}doc/{slug}")
        if "draft_quotes" not in page:
            raise ApiError(503, "stale-reading-index", _STALE)
        return render(
            "reader_document.html",
            document=page,
            # HTML the build wrote (provkb.build.reading_html), every text in it escaped there.
            body=Markup(page["body"]),  # noqa: S704
            panel=Markup(page["panel"]),  # noqa: S704
            kinds=page["kinds"],
            active="documents",
            annotations=urlsplit(state.settings.base_iri).path + f"annotations/{slug}/",
        )

    async def assertion_page(request: Request, slug: str, assertion: str) -> Response:
        """One quote: in its sentence, its relay chain, the quotes it agrees or disagrees with."""
        document = data.document(slug)
        iri = f"{state.settings.id_prefix}doc/{slug}/assertion/{assertion}"
        if document is None:
            return not_found(request, iri)
        found = [(i, a) for i, a in enumerate(document["assertions"]) if a["id"] == assertion]
        if not found:
            return not_found(request, iri)
        index, item = found[0]
        if "draft" not in item:
            raise ApiError(503, "stale-reading-index", _STALE)
        titles = {d["slug"]: d["title"] for d in data.documents()}
        return render(
            "reader_assertion.html",
            document=document,
            item=item,
            number=index + 1,
            titles=titles,
            quote_label=quote_label,
            mode_label=mode_label,
            corroborations=[r for r in item["relations"] if r["relation"] == "corroborates"],
            contradictions=[r for r in item["relations"] if r["relation"] == "contradicts"],
            active="documents",
        )

    add_get(
        router,
        id_path + "doc/{slug}.html",
        document_page,
        summary="Read a document with its quotes marked",
        response_class=HTMLResponse,
    )
    add_get(
        router,
        id_path + "doc/{slug}/assertion/{assertion}.html",
        assertion_page,
        summary="One quote in its context, relay chain and judgements",
        response_class=HTMLResponse,
    )

    async def network_page(request: Request) -> Response:
        """The actor network, filtered by ``?doc=``, ``?kind=`` and ``?edge=``."""
        network = _filtered_network(data, request)
        return render(
            "reader_network.html",
            network=network,
            names={n["id"]: n["name"] for n in network["nodes"]},
            # Whether the legend explains the dashed amber of a drafted name or link.
            drafted=any(n["draft"] for n in network["nodes"])
            or any(e["drafts"] and e["drafts"] == e["weight"] for e in network["edges"]),
            documents=_listed(data.documents()),
            kinds=data.kinds(),
            edge_kinds=EDGE_KINDS,
            chosen=network_filters(request),
            query_string=urlencode(list(request.query_params.multi_items())),
            active="network",
        )

    async def network_json(request: Request) -> Response:
        """The actor network as JSON (nodes and edges, each with the documents and kinds it
        comes from), filtered like the page."""
        return JSONResponse(_filtered_network(data, request))

    async def timeline_page(request: Request) -> Response:
        """The events, with their dates at their stated precision (``?doc=`` for one
        document's)."""
        timeline = _filtered_timeline(data, request)
        return render(
            "reader_timeline.html",
            events=timeline["events"],
            truncated=timeline["truncated"],
            total=timeline["total"],
            documents=_listed(data.documents()),
            chosen_doc=request.query_params.get("doc", ""),
            query_string=urlencode(list(request.query_params.multi_items())),
            active="timeline",
        )

    async def timeline_json(request: Request) -> Response:
        """The events as JSON: each as one document reports it, filtered like the page."""
        return JSONResponse(_filtered_timeline(data, request))

    add_get(
        router, "/network", network_page, summary="The actor network", response_class=HTMLResponse
    )
    add_get(router, "/network.json", network_json, summary="The actor network as JSON")
    add_get(
        router,
        "/timeline",
        timeline_page,
        summary="The event timeline",
        response_class=HTMLResponse,
    )
    add_get(router, "/timeline.json", timeline_json, summary="The event timeline as JSON")
    return router


def _listed(documents: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """The documents a filter lists, or ``None`` when there are too many to list (a field for
    the document's name is offered instead)."""
    return documents if len(documents) <= MAX_LISTED_DOCUMENTS else None


def _filtered_timeline(data: ReadingData, request: Request) -> dict[str, Any]:
    """The dated reports of events of one document (``?doc=``), or the earliest of all."""
    found = data.timeline(request.query_params.get("doc") or None)
    return {**found, "truncated": len(found["events"]) < found["total"]}


def network_filters(request: Request) -> dict[str, Any]:
    """The network's filters a request asks for: ``doc``, ``kind`` and each ``edge`` kind once.

    Raises:
        ApiError: 400 for an edge kind the network does not have.
    """
    params = request.query_params
    # Each kind once, whatever the client repeats: one cut is read per kind.
    edges = list(dict.fromkeys(e for e in params.getlist("edge") if e))
    for value in edges:
        if value not in EDGE_KINDS:
            raise ApiError(
                400, "bad-edge", f"edge must be one of {sorted(EDGE_KINDS)}, not {value!r}"
            )
    return {"doc": params.get("doc", ""), "kind": params.get("kind", ""), "edges": edges}


def _filtered_network(data: ReadingData, request: Request) -> dict[str, Any]:
    """The network the filters ask for, from the cuts the build wrote: a document's own network
    filtered here, or the links with most quotes of each chosen kind of link."""
    chosen = network_filters(request)
    edge_kinds = chosen["edges"] or list(EDGE_KINDS)
    kind = chosen["kind"] or None
    if chosen["doc"]:
        cut = data.network(chosen["doc"], None, "")
        edges = [
            e
            for e in cut["edges"]
            if e["kind"] in edge_kinds and (kind is None or kind in e["kinds"])
        ]
        nodes = {n["id"]: n for n in cut["nodes"]}
        total = len(edges)
    else:
        edges, nodes, total = [], {}, 0
        for edge_kind in edge_kinds:
            cut = data.network(None, kind, edge_kind)
            edges += cut["edges"]
            nodes.update((n["id"], n) for n in cut["nodes"])
            total += cut["total"]
        edges = sorted(edges, key=lambda e: (-e["weight"], e["id"]))[:MAX_DRAWN_EDGES]
    used = {e["source"] for e in edges} | {e["target"] for e in edges}
    if any("draft" not in nodes[n] for n in used):
        raise ApiError(503, "stale-reading-index", _STALE)
    return {
        "nodes": [nodes[n] for n in sorted(used)],
        "edges": edges,
        "truncated": len(edges) < total,
        "total_edges": total,
    }
