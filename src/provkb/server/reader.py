"""The reader's people-facing pages: home, browse lists, search, and entity pages.

Everything here reads the build's reader index (:mod:`provkb.server.reader_db`); nothing scans
the store per request. Pages are Jinja2 templates on ``base.html``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from provkb import layout
from provkb.layout import BuildLayout
from provkb.query.catalogue import CannedQuery
from provkb.server import conneg
from provkb.server.errors import ApiError
from provkb.server.html import environment
from provkb.server.links import Links
from provkb.server.reader_db import ASSERTION_ORDERS, SORTS, ReaderIndex
from provkb.server.routing import add_get
from provkb.server.settings import ServerSettings
from provkb.server.state import ServerState

MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Listing:
    """One browse list: its path, heading, introduction, kind in the index, default sort."""

    path: str
    kind: str
    heading: str
    intro: str
    nav: str
    sort: str = "name"


LISTINGS = (
    Listing(
        "/documents",
        "document",
        "Documents",
        "The source documents: each is kept verbatim, with every statement in it marked.",
        "documents",
        "date",
    ),
    Listing(
        "/people",
        "person",
        "People",
        "Everyone the documents name: open a person to read what they said and what was said "
        "about them.",
        "people",
    ),
    Listing(
        "/organisations",
        "organisation",
        "Organisations",
        "Organisations, media outlets, agencies, states and armed forces the documents name.",
        "organisations",
    ),
    Listing(
        "/collectives",
        "collective",
        "Collective speakers",
        "Groups that speak together without being an organisation (protesters, activists); "
        "they never count as an independent source.",
        "people",
    ),
    Listing("/places", "place", "Places", "Places the documents name.", "places"),
    Listing(
        "/events",
        "event",
        "Events",
        "Events the documents report, at the precision the text gives their dates.",
        "events",
        "date",
    ),
)
KIND_LABELS = {
    "person": "Person",
    "organisation": "Organisation",
    "collective": "Collective speaker",
    "place": "Place",
    "event": "Event",
    "document": "Document",
}
JUDGEMENT_LABELS = {
    "same": "Same entity",
    "distinct": "Different entities",
    "possibly-same": "Possibly the same entity",
}
_COLUMNS = {
    "name": "Name",
    "detail": "Kind",
    "date": "Date",
    "said": "Statements made",
    "about": "Statements about",
    "documents": "Documents",
    "mentions": "Mentions",
}


def reader_index_of(settings: ServerSettings) -> Path | None:
    """The reader's index in the build's state folder, or else in the one of the build whose
    published folder holds the dataset (``--data build/dumps/provkb.trig``); ``None`` for a
    bare TriG."""
    if settings.state_dir is not None:
        return settings.state_dir / layout.READER / layout.READER_INDEX
    if settings.dataset.parent.name == layout.PUBLISHED:
        return BuildLayout(settings.dataset.parent.parent).reader_index
    return None


def page_number(request: Request, name: str = "page") -> int:
    """A page number from the query string (1 without one).

    Raises:
        ApiError: 400 when it is not a whole number from 1.
    """
    value = request.query_params.get(name, "1")
    if not (value.isascii() and value.isdigit() and 0 < int(value) <= MAX_PAGE):
        raise ApiError(400, "bad-page", f"{name} must be a whole number from 1, not {value!r}")
    return int(value)


class Reader:
    """Renders the reader's pages for one app."""

    def __init__(self, state: ServerState, catalogue: Sequence[CannedQuery]) -> None:
        self.state = state
        self.index = ReaderIndex(reader_index_of(state.settings))
        self.links = Links(state.settings)
        self.catalogue = catalogue
        self.size = state.settings.reader_page_size

    def render(self, name: str, **context: Any) -> str:
        """A template with the reader's helpers (links, labels) in its context."""
        context.setdefault("labels", {})
        context.setdefault("search_query", "")
        return environment().get_template(name).render(links=self.links, **context)

    def home(self) -> str:
        """The home page: what the KB holds, the most quoted speakers, the documents."""
        counts = self.index.counts()
        cards = [
            ("/documents", "document", "documents", "Sources, kept verbatim"),
            ("/assertions", "assertion", "statements", "Quotes, each attributed"),
            ("/people", "person", "people", "Speakers and people named"),
            ("/organisations", "organisation", "organisations", "Also outlets and agencies"),
            ("/collectives", "collective", "collective speakers", "Protesters, activists…"),
            ("/places", "place", "places", "Cities, regions, states"),
            ("/events", "event", "events", "Dated as precisely as the text"),
        ]
        speakers = self.index.rows(
            "SELECT * FROM entity WHERE kind IN ('person', 'organisation', 'collective') "
            "AND said > 0 ORDER BY said DESC, sort LIMIT 10"
        )
        documents = self.index.rows(
            "SELECT * FROM entity WHERE kind = 'document' ORDER BY COALESCE(date, '') DESC, sort "
            "LIMIT 10"
        )
        return self.render(
            "home.html",
            title="Home",
            active="home",
            counts=counts,
            cards=[
                {"href": h, "count": counts.get(k, 0), "label": label, "hint": hint}
                for h, k, label, hint in cards
            ],
            speakers=[{**dict(r), "kind": KIND_LABELS[r["kind"]].lower()} for r in speakers],
            documents=documents,
            drafts_in=self.index.drafts_in({r["iri"] for r in documents}),
            queries=self.catalogue,
        )

    def listing(self, listing: Listing, request: Request) -> str:
        """One page of a browse list, sorted by the column the query string names."""
        sort = request.query_params.get("sort", listing.sort)
        if sort not in SORTS:
            raise ApiError(400, "bad-sort", f"cannot sort by {sort!r}", sorts=sorted(SORTS))
        order = request.query_params.get("order", "asc" if sort == "name" else "desc")
        if order not in ("asc", "desc"):
            raise ApiError(400, "bad-order", "order is asc or desc")
        page = page_number(request)
        rows, total = self.index.entities(listing.kind, sort, order == "desc", page, self.size)
        show_detail = listing.kind in ("document", "organisation", "place", "event")
        show_date = listing.kind in ("document", "event")
        keys = ["name", *(["detail"] if show_detail else []), *(["date"] if show_date else [])]
        keys += ["said", "about", "documents", "mentions"]
        columns = [
            {
                "key": k,
                "label": _COLUMNS[k],
                "sortable": k in SORTS,
                "numeric": k in ("said", "about", "documents", "mentions"),
            }
            for k in keys
        ]
        return self.render(
            "list.html",
            title=listing.heading,
            active=listing.nav,
            heading=listing.heading,
            intro=listing.intro,
            rows=rows,
            total=total,
            page=page,
            size=self.size,
            sort=sort,
            sort_label=_COLUMNS[sort].lower(),
            descending=order == "desc",
            columns=columns,
            show_detail=show_detail,
            show_date=show_date,
            extra=f"sort={sort}&order={order}&",
            drafts=self.index.drafts({r["iri"] for r in rows}),
            drafts_in=self.index.drafts_in({r["iri"] for r in rows})
            if listing.kind == "document"
            else {},
        )

    def assertions_page(self, request: Request) -> str:
        """Every statement, paged, in date, speaker or document order (``?sort=``)."""
        page = page_number(request)
        sort = request.query_params.get("sort", "date")
        if sort not in ASSERTION_ORDERS:
            raise ApiError(400, "bad-sort", f"cannot sort by {sort!r}", sorts=[*ASSERTION_ORDERS])
        rows, total = self.index.assertions("1 = 1", (), page, self.size, sort)
        items = [_assertion(r) for r in rows]
        return self.render(
            "assertions.html",
            title="Statements",
            active=None,
            sort=sort,
            sorts=[*ASSERTION_ORDERS],
            rows=items,
            total=total,
            page=page,
            size=self.size,
            labels=self.index.labels(_iris_of(items)),
            drafts=self.index.drafts({a["iri"] for a in items}),
        )

    def search(self, request: Request) -> Response:
        """``/search?q=``: an HTML page, or JSON for a client that asks for it."""
        text = request.query_params.get("q", "")
        if len(text) > 200:
            raise ApiError(400, "query-too-long", "search for at most 200 characters")
        entities, quotes = self.index.search(text)
        drafts = self.index.drafts({h.iri for h in (*entities, *quotes)})
        media = conneg.negotiate(request.headers.get("accept"), ["text/html", "application/json"])
        if media == "application/json":
            labels = self.index.labels({q.detail for q in quotes if q.detail})
            return JSONResponse(
                {
                    "query": text,
                    "entities": [
                        {
                            "iri": h.iri,
                            "href": self.links.href(h.iri),
                            "label": h.label,
                            "kind": h.kind,
                            "matched": h.matched,
                            "draft": h.iri in drafts,
                        }
                        for h in entities
                    ],
                    "quotes": [
                        {
                            "iri": h.iri,
                            "href": self.links.href(h.iri),
                            "quote": h.label,
                            "speaker": h.detail,
                            "speakerLabel": labels.get(h.detail or ""),
                            "draft": h.iri in drafts,
                        }
                        for h in quotes
                    ],
                },
                headers={"Vary": "Accept"},
            )
        if media is None:
            raise ApiError(406, "not-acceptable", "search results are HTML or JSON")
        body = self.render(
            "search.html",
            title=f"Search: {text}" if text else "Search",
            search_query=text,
            entities=entities,
            quotes=quotes,
            labels=self.index.labels({q.detail for q in quotes if q.detail}),
            drafts=drafts,
        )
        return HTMLResponse(body, headers={"Vary": "Accept"})

    def entity_page(self, iri: str, request: Request) -> str | None:
        """The page of a person, organisation, collective, place or event; ``None`` for any
        other IRI (documents and assertions have pages of their own), and when the build has
        no reader index (the generic page of the IRI then serves)."""
        if not self.index.available:
            return None
        entity = self.index.entity(iri)
        if entity is None or entity["kind"] == "document":
            return None
        page = page_number(request)
        about_page = page_number(request, "about_page")
        said_rows, said_total = self.index.assertions("speaker = ?", (iri,), page, self.size)
        about_rows, about_total = self.index.assertions_about(iri, about_page, self.size)
        if (page > 1 and not said_rows) or (about_page > 1 and not about_rows):
            raise ApiError(404, "not-found", "the lists of this page end before that page")
        said = [_assertion(r) for r in said_rows]
        about = [_assertion(r) for r in about_rows]
        groups: list[dict[str, Any]] = []
        for a in said:
            if not groups or groups[-1]["document"] != a["document"]:
                groups.append({"document": a["document"], "date": a["when"], "quotes": []})
            groups[-1]["quotes"].append(a)
        for group in groups:
            # One chain for the group when every statement in it shares it (an interview).
            chains = {json.dumps(a["chain"], sort_keys=True) for a in group["quotes"]}
            group["chain"] = group["quotes"][0]["chain"] if len(chains) == 1 else None
        names, written = self.index.names(iri)
        apart = self.index.apart(iri)
        places = self.index.places_of(iri) if entity["kind"] == "event" else []
        # The other lists of the page, each paged on its own (?documents_page=2…).
        lists: dict[str, Callable[[str, int, int], tuple[Sequence[Any], int]]] = {
            "judgements": self.index.judgements,
            "affiliations": self.index.affiliations,
            "participations": self.index.participations,
            "documents": self.index.documents_of,
        }
        if entity["kind"] == "place":
            lists["events_here"] = self.index.events_at
        paged: dict[str, dict[str, Any]] = {}
        for name, read in lists.items():
            number = page_number(request, f"{name}_page")
            rows, total = read(iri, number, self.size)
            paged[name] = {"rows": rows, "total": total, "page": number, "param": f"{name}_page"}
        judgements = paged["judgements"]["rows"]
        affiliations = paged["affiliations"]["rows"]
        participations = paged["participations"]["rows"]
        iris = _iris_of(said + about) | {w["document"] for w in written}
        iris |= {o for j in judgements for o in j["others"]} | {j["decided_by"] for j in judgements}
        iris |= {a["other"] for a in apart} | set(places)
        iris |= {x for a in affiliations for x in (a["member"], a["organisation"], a["role"])}
        iris |= {x for p in participations for x in (p["event"], p["agent"], p["role"])}
        thing = entity["kind"] in ("place", "event")
        sections = [
            ("said", "What they said", said_total),
            (
                "about",
                "What was said about it" if thing else "What others said about them",
                about_total,
            ),
            (
                "events",
                "Who took part" if entity["kind"] == "event" else "Events",
                paged["participations"]["total"],
            ),
            ("where", "Where", places),
            ("events-here", "Events here", paged.get("events_here", {}).get("total")),
            ("affiliations", "Affiliations", paged["affiliations"]["total"]),
            ("names", "Names", True),
            ("documents", "Documents", paged["documents"]["total"]),
        ]
        kind = entity["kind"]
        nav = {"person": "people", "collective": "people"}.get(kind, kind + "s")
        return self.render(
            "entity.html",
            title=entity["label"],
            active=nav,
            entity=entity,
            kind_label=KIND_LABELS[kind],
            here=self.links.href(iri),
            sections=[(anchor, title) for anchor, title, shown in sections if shown],
            said_groups=groups,
            said_total=said_total,
            about=about,
            about_total=about_total,
            page=page,
            about_page=about_page,
            size=self.size,
            names=names,
            written=written,
            judgement_labels=JUDGEMENT_LABELS,
            apart=apart,
            places=places,
            lists=paged,
            labels=self.index.labels({i for i in iris if i}),
            drafts=self.index.drafts({iri, *(a["iri"] for a in said + about)}),
            drafted=self.index.drafted_statements(iri),
        )


def _assertion(row: Any) -> dict[str, Any]:
    """An assertion row for the templates, its relay chain parsed."""
    return {**dict(row), "chain": json.loads(row["chain"]), "when": row["sort_when"]}


def _iris_of(assertions: list[dict[str, Any]]) -> set[str]:
    return {
        x for a in assertions for x in (a["document"], a["speaker"], a["kind"]) if x is not None
    }


def make_router(reader: Reader) -> APIRouter:
    """The home page, the browse lists, the statements list and ``/search``."""
    router = APIRouter(tags=["Reader"])

    async def home() -> HTMLResponse:
        """What the KB holds, with links to everything."""
        return HTMLResponse(reader.home())

    add_get(router, "/", home, name="home", summary="Home page")
    for listing in LISTINGS:

        async def browse(request: Request, listing: Listing = listing) -> HTMLResponse:
            return HTMLResponse(reader.listing(listing, request))

        add_get(
            router,
            listing.path,
            browse,
            name=f"list-{listing.kind}",
            summary=f"Browse: {listing.heading.lower()}",
            description="`?sort=name|said|about|documents|mentions|date`, `order=asc|desc`, "
            "`page=N`.",
        )

    async def assertions(request: Request) -> HTMLResponse:
        return HTMLResponse(reader.assertions_page(request))

    add_get(router, "/assertions", assertions, summary="Browse: every statement")

    async def search(request: Request) -> Response:
        return reader.search(request)

    add_get(
        router,
        "/search",
        search,
        summary="Search names and quotes",
        description="`?q=` words; HTML, or JSON with `Accept: application/json` (autocomplete).",
        response_class=Response,
    )
    return router
