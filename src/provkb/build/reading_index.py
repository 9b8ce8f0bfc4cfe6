"""The reader's index, written by the build beside the dumps: what the reader pages, the network
and the timeline show, computed once from the KB's graphs so a request reads one small JSON file
instead of querying the store.

``reading/doc/<slug>.json`` holds one document: its text cut into blocks of segments (see
:mod:`provkb.build.text_layout`), its assertions in reading order with their speaker, kind,
speech mode, relay chain as names, what they are about and the judgements that relate them to
other quotes, its mentions and citations, and for each assertion and mention that is an
unreviewed draft of ``provkb add`` its draft mark (:mod:`provkb.build.draft_marks`).
``reading/network.json`` is the actor network (who speaks about whom, relay edges, corroboration
and contradiction edges) and ``reading/timeline.json`` the events with their dates at their
stated precision. Everything is read from the RDF with SPARQL (the graphs are the contract, not
the YAML they came from), and every list is sorted, so equal inputs give equal bytes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from provkb.build import reading_html, web_annotations
from provkb.build.draft_marks import DraftMark, read_marks
from provkb.build.text_layout import Markup, read_markup, segment, visible_text
from provkb.layout import BuildLayout
from provkb.namespaces import PREFIXES

FOLDER = "reading"
# The kinds of link of the network, as its page names them.
EDGE_KINDS = {
    "about": "speaks about",
    "relay": "relayed the words of",
    "corroborates": "corroborates",
    "contradicts": "contradicts",
}
# Links the network draws at most over all documents: a drawing of thousands of links says
# nothing, and its layout would take the browser seconds. A document's own network is whole.
MAX_DRAWN_EDGES = 150
# Dated reports the timeline draws at most over all documents (one row per event).
MAX_DRAWN_EVENTS = 300
_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*(?=\s)")
# How far the context of a quote reaches at most, each side (characters).
_CONTEXT = 400


@dataclass
class _Doc:
    iri: str
    slug: str
    text: str = ""
    title: str = ""
    date: dict[str, str] | None = None
    publisher: str | None = None
    creators: list[str] = field(default_factory=list)
    assertions: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)


def _rows(store: ox.Store, query: str) -> Iterable[dict[str, Any]]:
    """The solutions of a SELECT over the union of every graph, as variable -> term."""
    solutions = store.query(_PROLOGUE + query, use_default_graph_as_union=True)
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query: {query[:60]}")
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {name: solution[name] for name in names if solution[name] is not None}


def _date(literal: ox.Literal) -> dict[str, str]:
    """A date with its precision: ``{"value": "2020", "precision": "year"}``."""
    kind = literal.datatype.value.rsplit("#", 1)[-1]
    names = {"gYear": "year", "gYearMonth": "month", "gMonthDay": "day of the year"}
    precision = names.get(kind, "day")
    return {"value": literal.value, "precision": precision}


class _Labels:
    """One display name per IRI: an English ``skos:prefLabel`` first, then any prefLabel, then
    ``dcterms:title``, ``rdfs:label``; the IRI's last path segment when it has none."""

    def __init__(self, store: ox.Store) -> None:
        ranked: dict[str, tuple[int, str]] = {}
        order = {PREFIXES["skos"] + "prefLabel": 0, PREFIXES["dcterms"] + "title": 2}
        order[PREFIXES["rdfs"] + "label"] = 4
        query = (
            "SELECT ?x ?p ?l WHERE { VALUES ?p { skos:prefLabel dcterms:title rdfs:label } "
            "?x ?p ?l }"
        )
        for row in _rows(store, query):
            label = row["l"]
            if not isinstance(label, ox.Literal) or not isinstance(row["x"], ox.NamedNode):
                continue
            rank = order[row["p"].value] + (0 if label.language in (None, "", "en") else 1)
            key = row["x"].value
            if key not in ranked or (rank, label.value) < ranked[key]:
                ranked[key] = (rank, label.value)
        self._labels = {iri: label for iri, (_, label) in ranked.items()}

    def __call__(self, iri: str) -> str:
        return self._labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]

    def ref(self, iri: str) -> dict[str, str]:
        """``{"iri": …, "name": …}`` for one node."""
        return {"iri": iri, "name": self(iri)}


def build_reading_index(store: ox.Store, base: str) -> dict[str, Any]:
    """Everything the reader shows, by file name under the build folder: one JSON value per
    file (``reading/…`` and the Web Annotation collections ``annotations/<slug>.jsonld``)."""
    labels = _Labels(store)
    marks = read_marks(store)
    docs = _documents(store, labels)
    assertions = _assertions(store, docs, labels, marks)
    _relations(store, assertions, labels)
    _mentions_and_citations(store, docs, labels, marks)
    files: dict[str, Any] = {}
    titles = {slug: doc.title for slug, doc in docs.items()}
    for slug, doc in sorted(docs.items()):
        data, blocks = _document_file(doc)
        files[f"{FOLDER}/doc/{slug}.json"] = data
        files[f"{FOLDER}/page/{slug}.json"] = _page_file(data, blocks, titles)
        files[f"{web_annotations.FOLDER}/{slug}.jsonld"] = web_annotations.collection(
            base, data, doc.text
        )
    kinds = _kinds(store, labels)
    files.update(_network_files(docs, labels, [k["key"] for k in kinds], marks))
    files.update(_timeline_files(_timeline(store, labels, marks), docs))
    files[f"{FOLDER}/kinds.json"] = kinds
    files[f"{FOLDER}/documents.json"] = [
        {"slug": d.slug, "iri": d.iri, "title": d.title, "assertions": len(d.assertions)}
        for d in sorted(docs.values(), key=lambda d: d.slug)
    ]
    return files


def write_reading_index(store: ox.Store, base: str, built: BuildLayout) -> None:
    """Write :func:`build_reading_index` into a (staging) build: ``reading/…`` into its state,
    ``annotations/…`` into its published folder."""
    for name, value in build_reading_index(store, base).items():
        folder, rest = name.split("/", 1)
        path = (built.reading if folder == FOLDER else built.annotations) / rest
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        path.write_text(data + "\n", encoding="utf-8")


def _documents(store: ox.Store, labels: _Labels) -> dict[str, _Doc]:
    docs: dict[str, _Doc] = {}
    query = """SELECT ?doc ?text ?date ?publisher ?creator WHERE {
      ?doc a pkb:Document ; pkb:fullText ?text .
      OPTIONAL { ?doc dcterms:date ?date } OPTIONAL { ?doc dcterms:publisher ?publisher }
      OPTIONAL { ?doc dcterms:creator ?creator } }"""
    for row in _rows(store, query):
        iri = row["doc"].value
        doc = docs.setdefault(iri, _Doc(iri, iri.rsplit("/", 1)[-1], row["text"].value))
        doc.title = labels(iri)
        if "date" in row:
            doc.date = _date(row["date"])
        if "publisher" in row:
            doc.publisher = row["publisher"].value
        if "creator" in row and row["creator"].value not in doc.creators:
            doc.creators.append(row["creator"].value)
    return {doc.slug: doc for doc in docs.values()}


def _assertions(
    store: ox.Store, docs: dict[str, _Doc], labels: _Labels, marks: dict[str, DraftMark]
) -> dict[str, dict[str, Any]]:
    """Every assertion by IRI, each also appended to its document in reading order."""
    by_iri: dict[str, dict[str, Any]] = {}
    doc_of = {doc.iri: doc for doc in docs.values()}
    query = """SELECT ?a ?doc ?speaker ?kind ?mode ?start ?end ?exact ?saidOn ?behalf WHERE {
      ?a a pkb:Assertion ; pkb:quotedIn ?doc ; pkb:span ?span .
      ?span oa:start ?start ; oa:end ?end ; oa:exact ?exact .
      OPTIONAL { ?a pkb:speaker ?speaker } OPTIONAL { ?a pkb:assertionKind ?kind }
      OPTIONAL { ?a pkb:speechMode ?mode } OPTIONAL { ?a pkb:saidOn ?saidOn }
      OPTIONAL { ?a pkb:onBehalfOf ?behalf } }"""
    for row in _rows(store, query):
        doc = doc_of.get(row["doc"].value)
        if doc is None:
            continue
        iri = row["a"].value
        kind = row["kind"].value if "kind" in row else ""
        mode = row["mode"].value.rsplit("/", 1)[-1] if "mode" in row else ""
        item = by_iri.setdefault(
            iri,
            {
                "iri": iri,
                "id": iri.rsplit("/", 1)[-1],
                "doc": doc.slug,
                "start": int(row["start"].value),
                "end": int(row["end"].value),
                "exact": row["exact"].value,
                "speakers": [],
                "kind": {"iri": kind, "name": labels(kind), "key": kind.rsplit("/", 1)[-1]},
                "mode": mode,
                "said_on": _date(row["saidOn"]) if "saidOn" in row else None,
                "on_behalf_of": labels.ref(row["behalf"].value) if "behalf" in row else None,
                "about": [],
                "relay": [],
                "relations": [],
                "draft": _draft(marks, iri),
            },
        )
        if "speaker" in row and labels.ref(row["speaker"].value) not in item["speakers"]:
            item["speakers"].append(labels.ref(row["speaker"].value))
    for row in _rows(store, "SELECT ?a ?x WHERE { ?a a pkb:Assertion ; pkb:about ?x }"):
        if (found := by_iri.get(row["a"].value)) is not None:
            found["about"].append(labels.ref(row["x"].value))
    hops: dict[str, list[dict[str, Any]]] = defaultdict(list)
    query = """SELECT ?a ?order ?role ?agent ?written ?via WHERE {
      ?a pkb:relayHop ?h . ?h pkb:hopOrder ?order .
      OPTIONAL { ?h pkb:hopRole ?role } OPTIONAL { ?h prov:agent ?agent }
      OPTIONAL { ?h pkb:agentAsWritten ?written } OPTIONAL { ?h pkb:via ?via } }"""
    for row in _rows(store, query):
        role = row["role"].value if "role" in row else ""
        agent = labels.ref(row["agent"].value) if "agent" in row else None
        written = row["written"].value if "written" in row else ""
        hops[row["a"].value].append(
            {
                "order": int(row["order"].value),
                "role": labels(role) if role else "",
                "agent": agent,
                "name": agent["name"] if agent else written,
                "via": labels.ref(row["via"].value) if "via" in row else None,
            }
        )
    for iri, item in by_iri.items():
        item["about"].sort(key=lambda r: (r["name"], r["iri"]))
        item["speakers"].sort(key=lambda r: (r["name"], r["iri"]))
        doc = docs[item["doc"]]
        item["relay"] = _chain(
            doc, labels, sorted(hops.get(iri, []), key=lambda h: h["order"]), item
        )
    for item in sorted(by_iri.values(), key=lambda a: (a["start"], -a["end"], a["iri"])):
        docs[item["doc"]].assertions.append(item)
    return by_iri


def _chain(
    doc: _Doc, labels: _Labels, hops: list[dict[str, Any]], item: dict[str, Any]
) -> list[dict[str, Any]]:
    """The relay chain as names, from the reader's side: the document, its publisher (the
    outlet), each hop from nearest the document outwards, the speaker."""
    chain = [_link("document", doc.title, doc.iri)]
    if doc.publisher:
        chain.append(_link("published by", labels(doc.publisher), doc.publisher))
    for hop in hops:
        agent = hop["agent"]["iri"] if hop["agent"] else None
        chain.append(
            _link(hop["role"] or "relayed by", hop["name"] or "unnamed", agent, hop["via"])
        )
    for speaker in item["speakers"]:
        chain.append(_link("speaker", speaker["name"], speaker["iri"]))
    return chain


def _link(
    role: str, name: str, iri: str | None, via: dict[str, str] | None = None
) -> dict[str, Any]:
    """One link of a relay chain: its role, the name shown, the node's IRI (``None`` when the
    document names it but the KB does not know it) and the work or citation it came through."""
    return {"role": role, "name": name, "iri": iri, "via": via}


def _relations(store: ox.Store, assertions: dict[str, dict[str, Any]], labels: _Labels) -> None:
    """Each assertion's corroborations and contradictions: the other quotes of the judgement,
    with its evidence, confidence, curator and date."""
    judgements: dict[str, dict[str, Any]] = {}
    query = """SELECT ?r ?relation ?a ?evidence ?confidence ?by ?on WHERE {
      ?r a pkb:AssertionRelation ; pkb:relation ?relation ; pkb:concernsAssertion ?a .
      OPTIONAL { ?r pkb:evidence ?evidence } OPTIONAL { ?r pkb:confidence ?confidence }
      OPTIONAL { ?r prov:wasAttributedTo ?by } OPTIONAL { ?r pkb:decidedOn ?on } }"""
    for row in _rows(store, query):
        judgement = judgements.setdefault(
            row["r"].value,
            {
                "iri": row["r"].value,
                "relation": row["relation"].value.rsplit("/", 1)[-1],
                "assertions": set(),
                "evidence": row["evidence"].value if "evidence" in row else "",
                "confidence": row["confidence"].value if "confidence" in row else "",
                "judged_by": labels.ref(row["by"].value) if "by" in row else None,
                "decided_on": row["on"].value if "on" in row else "",
            },
        )
        judgement["assertions"].add(row["a"].value)
    for judgement in sorted(judgements.values(), key=lambda j: j["iri"]):
        for iri in sorted(judgement["assertions"]):
            if iri not in assertions:
                continue
            others = [
                _quote_ref(assertions[o])
                for o in sorted(judgement["assertions"])
                if o != iri and o in assertions
            ]
            entry = {k: v for k, v in judgement.items() if k != "assertions"}
            assertions[iri]["relations"].append({**entry, "others": others})


def _quote_ref(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "iri": item["iri"],
        "exact": item["exact"],
        "doc": item["doc"],
        "speakers": item["speakers"],
        "mode": item["mode"],
        "kind": item["kind"],
    }


def _draft(marks: dict[str, DraftMark], iri: str) -> dict[str, Any] | None:
    """An item's draft mark as the reading files hold it (``None``: reviewed, or curated)."""
    mark = marks.get(iri)
    return mark.as_json() if mark is not None else None


def _mentions_and_citations(
    store: ox.Store, docs: dict[str, _Doc], labels: _Labels, marks: dict[str, DraftMark]
) -> None:
    doc_of = {doc.iri: doc for doc in docs.values()}
    query = """SELECT ?m ?doc ?entity ?start ?end WHERE {
      ?m a pkb:Mention ; pkb:inDocument ?doc ; pkb:refersTo ?entity ; pkb:span ?span .
      ?span oa:start ?start ; oa:end ?end }"""
    for row in _rows(store, query):
        if (doc := doc_of.get(row["doc"].value)) is not None:
            doc.mentions.append(
                {
                    "iri": row["m"].value,
                    "start": int(row["start"].value),
                    "end": int(row["end"].value),
                    **{"entity": labels.ref(row["entity"].value)},
                    "draft": _draft(marks, row["m"].value),
                }
            )
    query = """SELECT ?c ?doc ?start ?end ?number ?work WHERE {
      ?c a pkb:Citation ; pkb:inDocument ?doc ; pkb:span ?span .
      ?span oa:start ?start ; oa:end ?end .
      OPTIONAL { ?c pkb:footnoteNumber ?number } OPTIONAL { ?c pkb:citedWork ?work } }"""
    for row in _rows(store, query):
        if (doc := doc_of.get(row["doc"].value)) is not None:
            doc.citations.append(
                {
                    "iri": row["c"].value,
                    "id": row["c"].value.rsplit("/", 1)[-1],
                    "start": int(row["start"].value),
                    "end": int(row["end"].value),
                    "footnote": row["number"].value if "number" in row else "",
                    "work": labels.ref(row["work"].value) if "work" in row else None,
                }
            )
    for doc in docs.values():
        doc.mentions.sort(key=lambda m: (m["start"], m["end"], m["iri"], m["entity"]["iri"]))
        doc.citations.sort(key=lambda c: (c["start"], c["end"], c["iri"]))


def _context(text: str, markup: Markup, start: int, end: int) -> dict[str, str]:
    """The sentence (or sentences) a quote stands in, as visible text around it."""
    block = next((b for b in markup.blocks if b.start <= start < b.end), None)
    low = max(block.start if block else 0, start - _CONTEXT)
    high = min(block.end if block and block.end >= end else len(text), end + _CONTEXT)
    before_ends = [m.end() for m in _SENTENCE_END.finditer(text, low, start)]
    left = before_ends[-1] if before_ends else low
    after = _SENTENCE_END.search(text, end, high)
    right = after.end() if after else high
    return {
        "before": visible_text(text, markup, left, start).lstrip(),
        "quote": visible_text(text, markup, start, end),
        "after": visible_text(text, markup, end, right).rstrip(),
    }


def _path(iri: str) -> str:
    """Where the reader links an IRI of the KB: its path on the server that serves the KB (the
    KB's IRIs are ``scheme://host/path`` without query or fragment)."""
    return "/" + iri.split("/", 3)[3]


def _page_file(
    data: dict[str, Any], blocks: list[dict[str, Any]], titles: dict[str, str]
) -> dict[str, Any]:
    """What the reader's page of a document shows, its text and side panel already HTML."""
    kinds = {a["kind"]["key"]: a["kind"] for a in data["assertions"]}
    return {
        "iri": data["iri"],
        "slug": data["slug"],
        "title": data["title"],
        "date": data["date"],
        "quotes": len(data["assertions"]),
        "mentions": len(data["mentions"]),
        # How many of them are still unreviewed drafts of `provkb add`.
        "draft_quotes": sum(1 for a in data["assertions"] if a["draft"]),
        "draft_mentions": sum(1 for m in data["mentions"] if m["draft"]),
        "kinds": sorted(kinds.values(), key=lambda k: (k["name"], k["key"])),
        "body": str(reading_html.document_body(data, blocks, _path)),
        "panel": str(reading_html.panel(data, titles, _path)),
    }


def _document_file(doc: _Doc) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A document's reading data, and its text as blocks of segments (for its page)."""
    markup = read_markup(doc.text)
    spans = [(a["start"], a["end"]) for a in doc.assertions]
    blocks = segment(
        doc.text,
        markup,
        spans,
        [(m["start"], m["end"]) for m in doc.mentions],
        [(c["start"], c["end"]) for c in doc.citations],
    )
    footnotes = {c["footnote"]: c["id"] for c in doc.citations if c["footnote"]}
    for item in doc.assertions:
        item["context"] = _context(doc.text, markup, item["start"], item["end"])
    data = {
        "iri": doc.iri,
        "slug": doc.slug,
        "title": doc.title,
        "date": doc.date,
        "text_length": len(doc.text),
        "assertions": doc.assertions,
        "mentions": doc.mentions,
        "citations": doc.citations,
        "footnote_citations": footnotes,
    }
    return data, [
        {
            "kind": block.kind,
            "level": block.level,
            "footnote": block.footnote,
            "start": block.start,
            "segments": [
                {
                    "t": s.text,
                    "o": s.start,
                    "a": s.assertions,
                    "m": s.mentions,
                    "c": s.citations,
                    "b": s.bold,
                    "i": s.italic,
                    "sup": s.sup,
                    "br": s.break_before,
                }
                for s in segments
            ],
        }
        for block, segments in blocks
    ]


def _network_files(
    docs: dict[str, _Doc], labels: _Labels, kinds: list[str], marks: dict[str, DraftMark]
) -> dict[str, Any]:
    """The network cut as the page asks for it, so that a request reads one small file at any
    size of the KB: each document's own network (``network/doc/<slug>.json``), and for each kind
    of link, over all documents and for each kind of quote, the ``MAX_DRAWN_EDGES`` links with
    most quotes (``network/top/<kind of quote or _all>/<kind of link>.json``, with the number of
    links there are in all)."""
    files: dict[str, Any] = {}
    for slug, doc in docs.items():
        files[f"{FOLDER}/network/doc/{slug}.json"] = _network([doc], labels, marks)
    whole = _network(list(docs.values()), labels, marks)
    names = {n["id"]: n for n in whole["nodes"]}
    for kind in [None, *kinds]:
        for edge_kind in EDGE_KINDS:
            edges = [
                e
                for e in whole["edges"]
                if e["kind"] == edge_kind and (kind is None or kind in e["kinds"])
            ]
            top = sorted(edges, key=lambda e: (-e["weight"], e["id"]))[:MAX_DRAWN_EDGES]
            top.sort(key=lambda e: e["id"])
            used = sorted({e["source"] for e in top} | {e["target"] for e in top})
            files[f"{FOLDER}/network/top/{kind or '_all'}/{edge_kind}.json"] = {
                "nodes": [names[n] for n in used],
                "edges": top,
                "total": len(edges),
            }
    return files


def _timeline_files(items: list[dict[str, Any]], docs: dict[str, _Doc]) -> dict[str, Any]:
    """The timeline as the page asks for it: each document's dated events, and the
    ``MAX_DRAWN_EVENTS`` earliest of all (with how many there are)."""
    by_doc: dict[str, list[dict[str, Any]]] = {slug: [] for slug in docs}
    for item in items:
        slug = item["doc"]["iri"].rsplit("/", 1)[-1]
        if slug in by_doc:
            by_doc[slug].append(item)
    files: dict[str, Any] = {
        f"{FOLDER}/timeline/doc/{slug}.json": {"events": found, "total": len(found)}
        for slug, found in by_doc.items()
    }
    files[f"{FOLDER}/timeline/all.json"] = {
        "events": items[:MAX_DRAWN_EVENTS],
        "total": len(items),
    }
    return files


def _network(docs: list[_Doc], labels: _Labels, marks: dict[str, DraftMark]) -> dict[str, Any]:
    """The actor network: nodes are actors and what they speak about; edges say who speaks about
    whom, who relayed whose words to whom, and whose quotes corroborate or contradict whose.
    Each edge keeps the documents and kinds it comes from, for the page's filters; a node the
    drafter proposed to the registry keeps its draft mark."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}

    def node(iri: str) -> None:
        if iri not in nodes:
            nodes[iri] = {
                "id": iri,
                "name": labels(iri),
                "type": _node_type(iri),
                "draft": _draft(marks, iri),
            }

    def edge(kind: str, source: str, target: str, item: dict[str, Any]) -> None:
        if source == target:
            return
        node(source)
        node(target)
        found = edges.setdefault(
            (kind, source, target),
            {
                "kind": kind,
                "source": source,
                "target": target,
                "docs": set(),
                "kinds": set(),
                "assertions": set(),
                "drafts": set(),
            },
        )
        found["docs"].add(item["doc"])
        found["kinds"].add(item["kind"]["key"])
        found["assertions"].add(item["iri"])
        if item["draft"]:
            found["drafts"].add(item["iri"])

    for doc in docs:
        for item in doc.assertions:
            speakers = [s["iri"] for s in item["speakers"]]
            for speaker in speakers:
                for about in item["about"]:
                    edge("about", speaker, about["iri"], item)
            chain = [link["iri"] for link in item["relay"][1:] if link.get("iri")]
            for source, target in itertools.pairwise(chain):
                edge("relay", source, target, item)
            for relation in item["relations"]:
                for other in relation["others"]:
                    for speaker in speakers:
                        for other_speaker in other["speakers"]:
                            # Each pair once: from the quote whose IRI sorts first.
                            if item["iri"] < other["iri"]:
                                edge(relation["relation"], speaker, other_speaker["iri"], item)
    out_edges = []
    for (kind, source, target), found in sorted(edges.items()):
        out_edges.append(
            {
                "id": f"{kind}:{source}->{target}",
                "kind": kind,
                "source": source,
                "target": target,
                "docs": sorted(found["docs"]),
                "kinds": sorted(found["kinds"]),
                "assertions": sorted(found["assertions"]),
                "weight": len(found["assertions"]),
                # How many of its quotes are unreviewed drafts of `provkb add`.
                "drafts": len(found["drafts"]),
            }
        )
    return {"nodes": [nodes[k] for k in sorted(nodes)], "edges": out_edges}


def _node_type(iri: str) -> str:
    parts = iri.split("/id/", 1)[-1].split("/")
    return parts[0] if parts else "other"


def _timeline(
    store: ox.Store, labels: _Labels, marks: dict[str, DraftMark]
) -> list[dict[str, Any]]:
    """Each event as each document reports it: the date at its stated precision (a year stays a
    year), or a start and an end."""
    items: dict[tuple[str, str], dict[str, Any]] = {}
    # Per graph: two documents may give one event different dates.
    query = """SELECT ?e ?doc ?date ?start ?end ?type WHERE {
      GRAPH ?g { ?e pkb:reportedIn ?doc .
        OPTIONAL { ?e pkb:date ?date } OPTIONAL { ?e pkb:startDate ?start }
        OPTIONAL { ?e pkb:endDate ?end } }
      OPTIONAL { ?e pkb:eventType ?type } }"""
    for row in _rows(store, query):
        if not any(k in row for k in ("date", "start", "end")):
            continue
        key = (row["e"].value, row["doc"].value)
        items[key] = {
            "event": labels.ref(row["e"].value),
            "doc": labels.ref(row["doc"].value),
            "type": labels(row["type"].value) if "type" in row else "",
            "date": _date(row["date"]) if "date" in row else None,
            "start": _date(row["start"]) if "start" in row else None,
            "end": _date(row["end"]) if "end" in row else None,
            "draft": _draft(marks, row["e"].value),
        }
    for item in items.values():
        first = item["date"] or item["start"] or item["end"]
        last = item["date"] or item["end"] or item["start"]
        # A day of the year (--03-25, every year) has no place on a line of years.
        item["from"] = _bounds(first)[0] if first["precision"] != "day of the year" else None
        item["to"] = _bounds(last)[1] if last["precision"] != "day of the year" else None
    # In time order (undated-by-year reports last), so the timeline's rows read down in time.
    return sorted(
        items.values(), key=lambda i: (i["from"] or "~", i["event"]["iri"], i["doc"]["iri"])
    )


def _bounds(date: dict[str, str]) -> tuple[str, str]:
    """The first day of a date and the day after its last, at its precision: a year runs from
    1 January to the next 1 January, not just its first day."""
    value = date["value"]
    negative, digits = value.startswith("-"), value.lstrip("-")
    year = int(digits[:4]) * (-1 if negative else 1)
    if date["precision"] == "year":
        return f"{year:04d}-01-01", f"{year + 1:04d}-01-01"
    month = int(digits[5:7])
    if date["precision"] == "month":
        after = (year + 1, 1) if month == 12 else (year, month + 1)
        return f"{year:04d}-{month:02d}-01", f"{after[0]:04d}-{after[1]:02d}-01"
    day = dt.date(year, month, int(digits[8:10]))
    return day.isoformat(), (day + dt.timedelta(days=1)).isoformat()


def _kinds(store: ox.Store, labels: _Labels) -> list[dict[str, Any]]:
    """The assertion kinds of the vocabulary, each with a hue of its own for the reader's marks
    (spread round the colour wheel in the vocabulary's order, so a kind keeps its colour)."""
    query = (
        "SELECT DISTINCT ?k WHERE { ?k skos:inScheme ?s "
        'FILTER(STRENDS(STR(?s), "/assertion-kind")) }'
    )
    kinds = sorted(row["k"].value for row in _rows(store, query))
    return [
        {
            "iri": k,
            "key": k.rsplit("/", 1)[-1],
            "name": labels(k),
            "hue": round(i * 360 / len(kinds)),
        }
        for i, k in enumerate(kinds)
    ]
