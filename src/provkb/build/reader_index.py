"""The reader's index: what the people-facing pages show, computed once at build time.

``provkb build`` writes ``state/reader/index.sqlite`` into the build
(``BuildLayout.reader_index``): the counts of the home page, one row per browsable entity (people,
organisations, collectives, places, events, documents) with its label and counts, one row per
assertion with its quote, speech mode and relay chain already turned into names, the names every
entity goes by (labels, aliases, and the names as written in each document), identity judgements,
affiliations and participations, the unreviewed drafts of ``provkb add`` with the rule that
proposed each (:mod:`provkb.build.draft_marks`), and two SQLite FTS5 full-text indexes (names,
quotes) over text with its diacritics folded (:func:`fold`). The server opens it read-only; no
page scans the store to answer.

The index is read from the build's own RDF with SPARQL (an in-memory Oxigraph store), so it
follows the ontology rather than the YAML, and rows are inserted in sorted order so the same
KB gives a byte-identical file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from provkb.build.draft_marks import read_marks
from provkb.namespaces import PREFIXES

# The browsable kinds: the class of each, and the path segment of its list page.
KINDS = {
    "person": "Person",
    "organisation": "Organisation",
    "collective": "CollectiveSpeaker",
    "place": "Place",
    "event": "Event",
    "document": "Document",
}
# Letters that Unicode does not decompose into a base letter and a mark, folded by hand: the
# Turkish and Azerbaijani dotless i (Hacıyeva = Haciyeva), the schwa of Azerbaijani, and a few
# Latin letters with strokes.
_FOLD_EXTRA = str.maketrans(
    {"ı": "i", "ə": "e", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe"}
)
_PROLOGUE = "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items())
_LABEL_PREDICATES = ("skos:prefLabel", "dcterms:title", "rdfs:label")

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE label(iri TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE entity(
  iri TEXT PRIMARY KEY, kind TEXT NOT NULL, label TEXT NOT NULL, sort TEXT NOT NULL,
  description TEXT, detail TEXT, date TEXT, said INTEGER NOT NULL, about INTEGER NOT NULL,
  documents INTEGER NOT NULL, mentions INTEGER NOT NULL);
CREATE INDEX entity_kind_sort ON entity(kind, sort);
CREATE TABLE name(
  id INTEGER PRIMARY KEY, iri TEXT NOT NULL, name TEXT NOT NULL, lang TEXT NOT NULL,
  source TEXT NOT NULL);
CREATE INDEX name_iri ON name(iri);
CREATE VIRTUAL TABLE name_fts USING fts5(text, content='', tokenize='unicode61');
CREATE TABLE assertion(
  id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, document TEXT NOT NULL, speaker TEXT,
  kind TEXT, mode TEXT, quote TEXT NOT NULL, start INTEGER, said_on TEXT, sort_when TEXT,
  speaker_sort TEXT NOT NULL, document_sort TEXT NOT NULL, chain TEXT NOT NULL);
CREATE INDEX assertion_speaker ON assertion(speaker, sort_when, document, start, iri);
CREATE INDEX assertion_document ON assertion(document, start);
CREATE INDEX assertion_by_date ON assertion(sort_when, document, start, iri);
CREATE INDEX assertion_by_speaker ON assertion(speaker_sort, sort_when, document, start, iri);
CREATE INDEX assertion_by_document ON assertion(document_sort, document, start, iri);
CREATE VIRTUAL TABLE quote_fts USING fts5(text, content='', tokenize='unicode61');
CREATE TABLE about(assertion TEXT NOT NULL, entity TEXT NOT NULL, sort_when TEXT NOT NULL,
  document TEXT NOT NULL, start INTEGER);
CREATE INDEX about_entity ON about(entity, sort_when, document, start, assertion);
CREATE TABLE mention(entity TEXT NOT NULL, document TEXT NOT NULL, name TEXT NOT NULL,
  count INTEGER NOT NULL);
CREATE INDEX mention_entity ON mention(entity);
CREATE TABLE entity_document(entity TEXT NOT NULL, document TEXT NOT NULL,
  mentions INTEGER NOT NULL, said INTEGER NOT NULL, date TEXT NOT NULL, sort TEXT NOT NULL);
CREATE INDEX entity_document_entity ON entity_document(entity, date, sort, document);
CREATE TABLE identity(entity TEXT NOT NULL, judgement TEXT NOT NULL, decision TEXT NOT NULL,
  others TEXT NOT NULL, names TEXT NOT NULL, evidence TEXT, confidence TEXT, decided_by TEXT);
CREATE INDEX identity_entity ON identity(entity);
CREATE TABLE apart(entity TEXT NOT NULL, other TEXT NOT NULL, relation TEXT NOT NULL);
CREATE INDEX apart_entity ON apart(entity);
CREATE TABLE affiliation(entity TEXT NOT NULL, member TEXT NOT NULL,
  organisation TEXT NOT NULL, role TEXT,
  document TEXT);
CREATE INDEX affiliation_entity ON affiliation(entity, member, organisation, role, document);
CREATE TABLE participation(entity TEXT NOT NULL, event TEXT NOT NULL, agent TEXT NOT NULL,
  role TEXT, date TEXT NOT NULL);
CREATE INDEX participation_entity ON participation(entity, date, event, agent, role);
CREATE TABLE event_place(event TEXT NOT NULL, place TEXT NOT NULL);
CREATE INDEX event_place_place ON event_place(place);
CREATE TABLE draft(iri TEXT PRIMARY KEY, document TEXT, rule TEXT NOT NULL,
  confidence TEXT NOT NULL, drafter TEXT NOT NULL, speaker_rule TEXT,
  speaker_guess INTEGER NOT NULL);
CREATE INDEX draft_document ON draft(document);
"""


def fold(text: str) -> str:
    """``text`` for matching: lower case, without diacritics, dotless i as i.

    ``Hacıyeva``, ``HACIYEVA`` and ``Haciyeva`` all fold to ``haciyeva``; ``Açıkyıldız`` to
    ``acikyildiz``. Letters of other scripts (Persian, Cyrillic) keep their form, lower-cased.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_FOLD_EXTRA)


def write_index(quads: Iterable[ox.Quad], target: Path) -> Path:
    """Compute the reader's index from the build's quads and write it to ``target``.

    The file is written under a temporary name and renamed when complete.
    """
    store = ox.Store()
    store.bulk_extend(quads)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    try:
        connection.executescript(SCHEMA)
        _fill(connection, _Reader(store))
        connection.commit()
        connection.execute("VACUUM")
    finally:
        connection.close()
    os.replace(partial, target)
    return target


class _Reader:
    """SELECTs over the build's quads, every graph at once."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def rows(self, query: str) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
        """The rows of a SELECT (prefixes of the project declared), as dicts of bound terms."""
        solutions = self.store.query(_PROLOGUE + query, use_default_graph_as_union=True)
        if not isinstance(solutions, ox.QuerySolutions):
            raise TypeError(f"not a SELECT: {query[:60]}")
        names = [v.value for v in solutions.variables]
        return [
            {name: solution[name] for name in names if solution[name] is not None}
            for solution in solutions
        ]


def _value(row: dict, key: str) -> str | None:
    term = row.get(key)
    return None if term is None else term.value


def _labels(reader: _Reader) -> dict[str, str]:
    """One label per IRI: English, then no language, then any; prefLabel before title."""
    ranked: dict[str, tuple[int, str]] = {}
    for order, predicate in enumerate(_LABEL_PREDICATES):
        for row in reader.rows(f"SELECT ?x ?l WHERE {{ ?x {predicate} ?l FILTER(isIRI(?x)) }}"):
            label = row["l"]
            lang = label.language if isinstance(label, ox.Literal) else None
            rank = order * 3 + (0 if lang == "en" else 1 if not lang else 2)
            key = row["x"].value
            if key not in ranked or (rank, label.value) < ranked[key]:
                ranked[key] = (rank, label.value)
    return {iri: label for iri, (_, label) in ranked.items()}


def _fill(db: sqlite3.Connection, reader: _Reader) -> None:
    labels = _labels(reader)
    db.executemany("INSERT INTO label VALUES (?, ?)", sorted(labels.items()))
    label_of = labels.get

    # Assertions: quote, speaker, document, kind, speech mode, date, relay chain as names.
    assertions: dict[str, dict] = {}
    for row in reader.rows(
        "SELECT ?a ?doc ?speaker ?kind ?mode ?quote ?start ?saidOn ?published WHERE { "
        "?a a pkb:Assertion ; pkb:quotedIn ?doc . "
        "OPTIONAL { ?a pkb:speaker ?speaker } OPTIONAL { ?a pkb:assertionKind ?kind } "
        "OPTIONAL { ?a pkb:speechMode ?mode } "
        "OPTIONAL { ?a pkb:span ?span . ?span oa:exact ?quote ; oa:start ?start } "
        "OPTIONAL { ?a pkb:quoteText ?text } "
        "OPTIONAL { ?a pkb:saidOn ?saidOn } OPTIONAL { ?doc dcterms:date ?published } }"
    ):
        iri = row["a"].value
        if iri in assertions:
            continue
        said_on = _value(row, "saidOn")
        assertions[iri] = {
            "document": row["doc"].value,
            "speaker": _value(row, "speaker"),
            "kind": _value(row, "kind"),
            "mode": (_value(row, "mode") or "").rsplit("/", 1)[-1] or None,
            "quote": _value(row, "quote") or "",
            "start": int(row["start"].value) if "start" in row else None,
            "said_on": said_on,
            "when": said_on or _value(row, "published") or "",
        }
    publishers = {
        r["doc"].value: r["p"].value
        for r in reader.rows("SELECT ?doc ?p WHERE { ?doc a pkb:Document ; dcterms:publisher ?p }")
    }
    hops: dict[str, list[tuple[int, str | None, str | None, str | None]]] = defaultdict(list)
    for row in reader.rows(
        "SELECT ?a ?order ?role ?agent ?written WHERE { ?a pkb:relayHop ?h . "
        "?h pkb:hopOrder ?order . OPTIONAL { ?h pkb:hopRole ?role } "
        "OPTIONAL { ?h prov:agent ?agent } OPTIONAL { ?h pkb:agentAsWritten ?written } }"
    ):
        hops[row["a"].value].append(
            (
                int(row["order"].value),
                _value(row, "role"),
                _value(row, "agent"),
                _value(row, "written"),
            )
        )
    for iri in sorted(assertions):
        a = assertions[iri]
        chain = [{"role": "document", "iri": a["document"], "name": label_of(a["document"])}]
        publisher = publishers.get(a["document"])
        if publisher:
            chain.append({"role": "publisher", "iri": publisher, "name": label_of(publisher)})
        for _, role, agent, written in sorted(hops.get(iri, []), key=lambda h: h[0]):
            chain.append(
                {
                    "role": label_of(role) if role else "relay",
                    "iri": agent,
                    "name": (label_of(agent) if agent else None) or written or "unnamed",
                }
            )
        speaker = a["speaker"]
        chain.append({"role": "speaker", "iri": speaker, "name": label_of(speaker) or speaker})
        a["chain"] = chain
        cursor = db.execute(
            "INSERT INTO assertion(iri, document, speaker, kind, mode, quote, start, said_on, "
            "sort_when, speaker_sort, document_sort, chain) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                iri,
                a["document"],
                speaker,
                a["kind"],
                a["mode"],
                a["quote"],
                a["start"],
                a["said_on"],
                a["when"],
                fold(label_of(speaker) or speaker or ""),
                fold(label_of(a["document"]) or a["document"]),
                json.dumps(chain, ensure_ascii=False, sort_keys=True),
            ),
        )
        db.execute(
            "INSERT INTO quote_fts(rowid, text) VALUES (?, ?)", (cursor.lastrowid, fold(a["quote"]))
        )
    about = sorted(
        {
            (r["a"].value, r["x"].value)
            for r in reader.rows("SELECT ?a ?x WHERE { ?a a pkb:Assertion ; pkb:about ?x }")
            if isinstance(r["x"], ox.NamedNode)
        }
    )
    db.executemany(
        "INSERT INTO about VALUES (?, ?, ?, ?, ?)",
        [
            (a, x, assertions[a]["when"], assertions[a]["document"], assertions[a]["start"])
            for a, x in about
            if a in assertions
        ],
    )

    # Mentions: the names as written, by entity and document.
    mention_counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for row in reader.rows(
        "SELECT ?m ?x ?doc ?name WHERE { ?m a pkb:Mention ; pkb:refersTo ?x ; "
        "pkb:inDocument ?doc ; pkb:span/oa:exact ?name }"
    ):
        mention_counts[(row["x"].value, row["doc"].value, row["name"].value)] += 1
    db.executemany(
        "INSERT INTO mention VALUES (?, ?, ?, ?)",
        [(*key, n) for key, n in sorted(mention_counts.items())],
    )

    per_document: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (entity, document, _), n in mention_counts.items():
        per_document[(entity, document)][0] += n
    for a in assertions.values():
        if a["speaker"]:
            per_document[(a["speaker"], a["document"])][1] += 1
    _entities(db, reader, labels, assertions, about, mention_counts)
    documents = {
        iri: (date, sort)
        for iri, date, sort in db.execute(
            "SELECT iri, COALESCE(date, ''), sort FROM entity WHERE kind = 'document'"
        )
    }
    db.executemany(
        "INSERT INTO entity_document VALUES (?, ?, ?, ?, ?, ?)",
        [
            (*key, m, n, *documents[key[1]])
            for key, (m, n) in sorted(per_document.items())
            if key[1] in documents
        ],
    )
    _judgements(db, reader)
    _relations(db, reader)
    marks = read_marks(reader.store)
    db.executemany(
        "INSERT INTO draft VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (iri, m.document, m.rule, m.confidence, m.drafter, m.speaker_rule, int(m.speaker_guess))
            for iri, m in sorted(marks.items())
        ],
    )
    counts = {
        kind: db.execute("SELECT COUNT(*) FROM entity WHERE kind = ?", (kind,)).fetchone()[0]
        for kind in KINDS
    }
    counts["assertion"] = len(assertions)
    counts["mention"] = sum(mention_counts.values())
    counts["draft"] = len(marks)
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)", sorted((f"count.{k}", str(n)) for k, n in counts.items())
    )


def _entities(
    db: sqlite3.Connection,
    reader: _Reader,
    labels: dict[str, str],
    assertions: dict[str, dict],
    about: list[tuple[str, str]],
    mentions: dict[tuple[str, str, str], int],
) -> None:
    said: dict[str, int] = defaultdict(int)
    docs: dict[str, set[str]] = defaultdict(set)
    for a in assertions.values():
        if a["speaker"]:
            said[a["speaker"]] += 1
            docs[a["speaker"]].add(a["document"])
    about_count: dict[str, int] = defaultdict(int)
    for assertion, entity in about:
        about_count[entity] += 1
        docs[entity].add(assertions[assertion]["document"] if assertion in assertions else "")
    mention_count: dict[str, int] = defaultdict(int)
    for (entity, document, _), n in mentions.items():
        mention_count[entity] += n
        docs[entity].add(document)
    doc_assertions: dict[str, int] = defaultdict(int)
    for a in assertions.values():
        doc_assertions[a["document"]] += 1

    rows = []
    for kind, cls in KINDS.items():
        found = reader.rows(
            f"SELECT DISTINCT ?x ?description ?detail ?date ?start WHERE {{ ?x a pkb:{cls} "
            "OPTIONAL { ?x dcterms:description ?description FILTER(LANGMATCHES(LANG(?description), "
            '"en") || LANG(?description) = "") } '
            "OPTIONAL { ?x pkb:organisationKind|pkb:placeKind|pkb:eventType|pkb:genre ?detail } "
            "OPTIONAL { ?x pkb:date|dcterms:date ?date } OPTIONAL { ?x pkb:startDate ?start } }"
        )
        seen: set[str] = set()
        for row in found:
            iri = row["x"].value
            if iri in seen or not isinstance(row["x"], ox.NamedNode):
                continue
            seen.add(iri)
            label = labels.get(iri) or iri.rsplit("/", 1)[-1]
            detail = _value(row, "detail")
            date = _value(row, "date") or _value(row, "start")
            n_said = doc_assertions[iri] if kind == "document" else said[iri]
            rows.append(
                (
                    iri,
                    kind,
                    label,
                    fold(label),
                    _value(row, "description"),
                    labels.get(detail) if detail else None,
                    date,
                    n_said,
                    about_count[iri],
                    len(docs[iri] - {""}),
                    mention_count[iri],
                )
            )
    rows.sort(key=lambda r: (r[1], r[3], r[0]))
    db.executemany("INSERT INTO entity VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    entity_iris = {r[0] for r in rows}

    # Every name of every entity: labels and aliases in every language, names as written.
    names: set[tuple[str, str, str, str]] = set()
    for row in reader.rows(
        "SELECT ?x ?p ?l WHERE { VALUES ?p { skos:prefLabel skos:altLabel dcterms:title "
        "rdfs:label } ?x ?p ?l }"
    ):
        iri = row["x"].value
        if iri in entity_iris:
            source = (
                "label" if row["p"].value.endswith(("prefLabel", "title", "label")) else "alias"
            )
            term = row["l"]
            lang = term.language if isinstance(term, ox.Literal) else None
            names.add((iri, term.value, lang or "", source))
    for entity, _, written in mentions:
        if entity in entity_iris:
            names.add((entity, written, "", "as written"))
    for iri, name, lang, source in sorted(names):
        cursor = db.execute(
            "INSERT INTO name(iri, name, lang, source) VALUES (?, ?, ?, ?)",
            (iri, name, lang, source),
        )
        db.execute(
            "INSERT INTO name_fts(rowid, text) VALUES (?, ?)", (cursor.lastrowid, fold(name))
        )


def _judgements(db: sqlite3.Connection, reader: _Reader) -> None:
    """Identity judgements, one row per entity they concern, with the names as written."""
    decisions: dict[str, dict] = {}
    for row in reader.rows(
        "SELECT ?d ?judgement ?entity ?mentioned ?evidence ?confidence ?by WHERE { "
        "?d a pkb:IdentityJudgement ; pkb:judgement ?judgement . "
        "OPTIONAL { ?d pkb:concernsEntity ?entity } "
        "OPTIONAL { ?d pkb:concernsMention/pkb:span/oa:exact ?mentioned } "
        "OPTIONAL { ?d pkb:evidence ?evidence } OPTIONAL { ?d pkb:confidence ?confidence } "
        "OPTIONAL { ?d prov:wasAttributedTo ?by } }"
    ):
        d = decisions.setdefault(
            row["d"].value,
            {
                "judgement": row["judgement"].value.rsplit("/", 1)[-1],
                "entities": set(),
                "names": set(),
                "evidence": _value(row, "evidence"),
                "confidence": _value(row, "confidence"),
                "by": _value(row, "by"),
            },
        )
        if "entity" in row:
            d["entities"].add(row["entity"].value)
        if "mentioned" in row:
            d["names"].add(row["mentioned"].value)
    rows = []
    for iri, d in sorted(decisions.items()):
        for entity in sorted(d["entities"]):
            others = sorted(d["entities"] - {entity})
            rows.append(
                (
                    entity,
                    d["judgement"],
                    iri,
                    json.dumps(others),
                    json.dumps(sorted(d["names"]), ensure_ascii=False),
                    d["evidence"],
                    d["confidence"],
                    d["by"],
                )
            )
    db.executemany("INSERT INTO identity VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    apart = sorted(
        {
            (r["x"].value, r["y"].value, r["p"].value.rsplit("#", 1)[-1])
            for r in reader.rows(
                "SELECT ?x ?p ?y WHERE { VALUES ?p { pkb:distinctFrom pkb:possiblySameAs } "
                "?x ?p ?y }"
            )
        }
    )
    db.executemany("INSERT INTO apart VALUES (?, ?, ?)", apart)


def _relations(db: sqlite3.Connection, reader: _Reader) -> None:
    """Affiliations (member, organisation, role, document) and event participations."""
    affiliations = sorted(
        {
            (r["m"].value, r["o"].value, _value(r, "role") or "", _value(r, "doc") or "")
            for r in reader.rows(
                "SELECT ?m ?o ?role ?doc WHERE { ?x a pkb:Affiliation ; org:member ?m ; "
                "org:organization ?o OPTIONAL { ?x pkb:affiliationRole ?role } "
                "OPTIONAL { ?x pkb:inDocument ?doc } }"
            )
        }
    )
    # One row for each side, so a person's and an organisation's lists are one index range.
    db.executemany(
        "INSERT INTO affiliation VALUES (?, ?, ?, NULLIF(?, ''), NULLIF(?, ''))",
        sorted({(side, *row) for row in affiliations for side in (row[0], row[1])}),
    )
    participations = sorted(
        {
            (r["e"].value, r["agent"].value, _value(r, "role") or "")
            for r in reader.rows(
                "SELECT ?e ?agent ?role WHERE { { ?e pkb:participation ?p . ?p prov:agent ?agent "
                "OPTIONAL { ?p pkb:participantRole ?role } } UNION { ?e a pkb:Event ; "
                "pkb:participant ?agent FILTER NOT EXISTS { ?e pkb:participation/prov:agent "
                "?agent } } }"
            )
        }
    )
    dates = dict(db.execute("SELECT iri, COALESCE(date, '') FROM entity WHERE kind = 'event'"))
    db.executemany(
        "INSERT INTO participation VALUES (?, ?, ?, NULLIF(?, ''), ?)",
        sorted(
            {
                (side, event, agent, role, dates.get(event, ""))
                for event, agent, role in participations
                for side in (event, agent)
            }
        ),
    )
    places = sorted(
        {
            (r["e"].value, r["p"].value)
            for r in reader.rows("SELECT ?e ?p WHERE { ?e a pkb:Event ; pkb:place ?p }")
        }
    )
    db.executemany("INSERT INTO event_place VALUES (?, ?)", places)
