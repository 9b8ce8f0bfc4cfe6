"""Canned queries for people: ``/queries/<name>`` in a browser is a form, and its answer a table.

A browser (``Accept`` preferring ``text/html``) without parameters gets the query's form: one
field per parameter, an entity field suggesting names from the search index. Submitted, the page
shows the rows as a table (entities as labelled links to their pages, quotes as quotes, speech
mode as a marker), the SPARQL that ran, and download links (``?format=csv`` or ``json``). An entity
field may hold a name instead of an IRI: the search index reads it (the best match), and the page
says which entity it took. Machines keep getting SPARQL results by content negotiation.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import Request
from fastapi.responses import HTMLResponse

from provkb.query.catalogue import CannedQuery, ParameterError
from provkb.server import conneg
from provkb.server.errors import ApiError
from provkb.server.reader import Reader

# ?format= of the download links, for clients that cannot set Accept (a link in a page).
FORMATS = {
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
}
MAX_SHOWN = 200
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HINTS = {
    "iri": "Type a name and pick from the suggestions (or paste an identifier).",
    "date": "A date.",
    "integer": "A whole number.",
    "decimal": "A number.",
    "boolean": "Yes or no.",
    "string": "Words.",
}
# The columns of the catalogue's queries that hold an item ``provkb add`` may have drafted: an
# assertion (its mark shown on its quote's cell), a mention, an event.
_QUOTE_OF = {"assertion": "quote", "otherAssertion": "otherQuote"}
_ITEM_COLUMNS = ("mention", "event")
# The parameter of the queries that can leave out the unreviewed drafts of ``provkb add``, and its
# choices in plain words (the form shows them as two radio buttons).
INCLUDE_DRAFTS = "include_drafts"
DRAFT_CHOICES = (
    (
        "true",
        "Include drafts: what the drafting program proposed and no person has reviewed yet "
        "(each marked “draft — not reviewed”)",
    ),
    ("false", "Leave drafts out: only what a person has reviewed"),
)


def wants_page(request: Request) -> bool:
    """Whether a canned query's request is a browser's, asking for a page rather than results."""
    offers = [*conneg.SOLUTION_TYPES, "text/html"]
    return conneg.negotiate(request.headers.get("accept"), offers) == "text/html"


def _words(name: str) -> str:
    """A column or parameter name as words: ``agentLabel`` -> ``Agent label``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").replace("-", " ")
    return spaced[:1].upper() + spaced[1:].lower()


class QueryPages:
    """Renders the form and the answer of a canned query."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def _resolve(self, query: CannedQuery, values: dict[str, str]) -> tuple[dict, dict, str]:
        """Entity fields given as names, read through the search index."""
        resolved: dict[str, str] = {}
        bound = dict(values)
        for parameter in query.parameters:
            value = values.get(parameter.name)
            if parameter.type != "iri" or not value or _SCHEME.match(value):
                continue
            entities, _ = self.reader.index.search(value, limit=1)
            if not entities:
                return bound, resolved, f"{parameter.name}: nothing in the KB is named “{value}”"
            resolved[parameter.name] = bound[parameter.name] = entities[0].iri
        return bound, resolved, ""

    async def page(self, query: CannedQuery, request: Request) -> HTMLResponse:
        """The form, and the answer when the form was submitted."""
        submitted = bool(request.query_params) or not query.parameters
        values = {k: v.strip() for k, v in request.query_params.items() if v.strip()}
        bound, resolved, error = self._resolve(query, values)
        results = sparql = None
        status = 200
        if submitted and not error:
            try:
                sparql = query.bind(bound)
            except ParameterError as problem:
                error = str(problem).split(": ", 1)[-1]
            else:
                results = await self._results(query, sparql)
        if error:
            status = 400
        fields = [
            {
                "name": p.name,
                "label": _words(p.name),
                "hint": f"{p.description[:1].upper()}{p.description[1:]}. {_HINTS[p.type]}"
                if p.description
                else _HINTS[p.type],
                "type": p.type,
                "required": p.required,
                "value": values.get(p.name, ""),
                "resolved": resolved.get(p.name),
                "choices": DRAFT_CHOICES if p.name == INCLUDE_DRAFTS else (),
                "chosen": values.get(p.name, p.default or ""),
            }
            for p in query.parameters
        ]
        downloads = {
            name: f"/queries/{query.name}?" + urlencode({**bound, "format": name})
            for name in ("csv", "json")
        }
        labels = results.pop("labels") if results else {}
        labels.update(self.reader.index.labels(set(resolved.values())))
        body = self.reader.render(
            "query.html",
            title=query.title,
            active="queries",
            query=query,
            fields=fields,
            error=error,
            results=results,
            sparql=sparql,
            downloads=downloads,
            labels=labels,
            chosen_drafts=next((f["chosen"] for f in fields if f["choices"]), ""),
        )
        return HTMLResponse(body, status, headers={"Vary": "Accept"})

    async def _results(self, query: CannedQuery, text: str) -> dict[str, Any]:
        """The rows as cells typed for display: links, quotes, speech modes, text."""
        rows = await self.reader.state.select(text)
        columns = list(query.columns)
        quote_columns = {c for c in columns if "quote" in c.lower() or c in ("exact", "text")}
        index = self.reader.index
        modes: dict[str, str] = {}
        has_mode = any("speech" in c.lower() or c.lower() == "mode" for c in columns)
        if quote_columns and not has_mode and "assertion" in columns:
            # The query gives no speech mode: the index knows it for every assertion.
            assertions = sorted({r["assertion"].value for r in rows if "assertion" in r})
            for start in range(0, len(assertions), 500):
                chunk = assertions[start : start + 500]
                marks = ",".join("?" * len(chunk))
                found = index.rows(
                    f"SELECT iri, mode FROM assertion WHERE iri IN ({marks})",  # noqa: S608
                    (*chunk,),
                )
                modes.update({r["iri"]: r["mode"] for r in found if r["mode"]})
        shown = rows[:MAX_SHOWN]
        iris = {t.value for r in shown for t in r.values() if isinstance(t, ox.NamedNode)}
        labels = index.labels(iris)
        drafts = index.drafts(iris)
        table = []
        drafted = 0
        for row in shown:
            cells = [
                self._cell(column, row.get(column), quote_columns, labels) for column in columns
            ]
            drafted += _mark_draft(cells, columns, row, drafts)
            if modes:
                assertion = row.get("assertion")
                mode = modes.get(assertion.value) if assertion is not None else None
                cells.append({"kind": "speech", "text": mode or ""})
            table.append(cells)
        headings = [{"label": _words(c)} for c in columns]
        if modes:
            headings.append({"label": "Speech"})
        # Columns no row has a value in are left out of the table (the downloads keep them).
        kept = [i for i in range(len(headings)) if any(row[i]["text"] for row in table)]
        empty = [headings[i]["label"] for i in range(len(headings)) if i not in kept]
        return {
            "columns": [headings[i] for i in kept],
            "rows": [[row[i] for i in kept] for row in table],
            "empty": empty if table else [],
            "total": len(rows),
            "shown": len(shown),
            "drafted": drafted,
            "labels": labels,
        }

    def _cell(
        self, column: str, term: Any, quote_columns: set[str], labels: dict[str, str]
    ) -> dict[str, Any]:
        if term is None:
            return {"kind": "text", "text": ""}
        if isinstance(term, ox.NamedNode):
            if "/speech-mode/" in term.value:
                return {"kind": "speech", "text": term.value.rsplit("/", 1)[-1]}
            text = labels.get(term.value) or term.value.rstrip("/").rsplit("/", 1)[-1]
            if self.reader.links.href(term.value):
                return {"kind": "link", "iri": term.value, "text": text}
            return {"kind": "iri", "iri": term.value, "text": text}
        if isinstance(term, ox.BlankNode):
            return {"kind": "text", "text": ""}
        if column in quote_columns:
            return {"kind": "quote", "text": term.value}
        return {"kind": "text", "text": term.value}


def _mark_draft(
    cells: list[dict[str, Any]], columns: list[str], row: Any, drafts: dict[str, dict[str, Any]]
) -> bool:
    """Put the draft mark of each drafted item of a row on its cell: an assertion's on its quote
    when the row shows it, a mention's or an event's on its own; whether the row has any."""
    marked = False
    for column in (*_QUOTE_OF, *_ITEM_COLUMNS):
        term = row.get(column)
        mark = drafts.get(term.value) if isinstance(term, ox.NamedNode) else None
        if mark is None or column not in columns:
            continue
        quote = _QUOTE_OF.get(column)
        cells[columns.index(quote if quote in columns else column)]["draft"] = mark
        marked = True
    return marked


def download_accept(query: CannedQuery, request: Request) -> str | None:
    """The media type a ``?format=`` download link asks for (``None`` without one).

    ``format`` is read only when the query has no parameter of that name.

    Raises:
        ApiError: 400 for a format that is not offered.
    """
    if any(p.name == "format" for p in query.parameters):
        return None
    value = request.query_params.get("format")
    if value is None:
        return None
    if value not in FORMATS:
        raise ApiError(400, "bad-format", f"format is one of {', '.join(FORMATS)}, not {value!r}")
    return FORMATS[value]
