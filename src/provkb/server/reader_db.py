"""The server's read-only view of the reader's index (``build/reader/index.sqlite``).

Every people-facing list, the search and the entity pages read from here: SQLite lookups on
indexed columns, bounded by ``LIMIT``, never a scan of the store per request.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provkb.build.reader_index import KINDS, fold
from provkb.server.errors import ApiError

# SQL text here is assembled only from this module's constants (column lists, orders, "?" marks);
# every value from a request is a bound parameter (hence the S608 exemptions below).
# The sortable columns of a list, by the name the page's links use.
SORTS = {
    "name": "sort",
    "said": "said",
    "about": "about",
    "documents": "documents",
    "mentions": "mentions",
    "date": "COALESCE(date, '')",
}
# The orders of an assertion list, each served by an index of the build.
ASSERTION_ORDERS = {
    "date": "sort_when, document, start, iri",
    "speaker": "speaker_sort, sort_when, document, start, iri",
    "document": "document_sort, document, start, iri",
}
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    """One search result: an entity by one of its names, or an assertion by its quote."""

    iri: str
    kind: str
    label: str
    matched: str
    detail: str | None


class ReaderIndex:
    """A read-only connection to the reader's index, shared by the requests of one app."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        """Whether the build has a reader index (a bare TriG served with ``--data`` has none)."""
        return self.path is not None and self.path.is_file()

    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            if self.path is None or not self.path.is_file():
                raise ApiError(
                    503,
                    "no-reader-index",
                    f"the reader's index ({self.path}) is missing: run `provkb build` to write it",
                )
            # mode=ro: the server never writes the build; immutable: nothing else does either
            # while it serves, so SQLite may skip its locks.
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            connection.row_factory = sqlite3.Row
            # An index written before the build recorded drafts would show every unreviewed
            # draft as reviewed: refuse it rather than mislead.
            if not connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'draft'"
            ).fetchone():
                connection.close()
                raise ApiError(
                    503,
                    "stale-reader-index",
                    f"the reader's index ({self.path}) was written by an older provkb, before "
                    "drafts were recorded: run `provkb build` to write it again",
                )
            self._connection = connection
        return self._connection

    def rows(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """The rows of one read query."""
        with self._lock:
            return self._db().execute(sql, parameters).fetchall()

    def close(self) -> None:
        """Close the connection (the app's shutdown)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def counts(self) -> dict[str, int]:
        """How many of each kind the KB holds (computed by the build)."""
        return {
            row["key"].removeprefix("count."): int(row["value"])
            for row in self.rows("SELECT key, value FROM meta WHERE key LIKE 'count.%'")
        }

    def labels(self, iris: set[str]) -> dict[str, str]:
        """The label of each of ``iris`` that has one."""
        found: dict[str, str] = {}
        items = sorted(i for i in iris if i)
        for start in range(0, len(items), 500):
            chunk = items[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found_rows = self.rows(
                f"SELECT iri, label FROM label WHERE iri IN ({marks})",  # noqa: S608
                (*chunk,),
            )
            for row in found_rows:
                found[row["iri"]] = row["label"]
        return found

    def drafts(self, iris: set[str]) -> dict[str, dict[str, Any]]:
        """The draft mark of each of ``iris`` that is an unreviewed draft of ``provkb add``
        (rule, confidence, drafter, speaker rule, whether the speaker was guessed)."""
        found: dict[str, dict[str, Any]] = {}
        items = sorted(i for i in iris if i)
        for start in range(0, len(items), 500):
            chunk = items[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.rows(
                "SELECT iri, rule, confidence, drafter, speaker_rule, speaker_guess "  # noqa: S608
                f"FROM draft WHERE iri IN ({marks})",
                (*chunk,),
            ):
                found[row["iri"]] = {**dict(row), "speaker_guess": bool(row["speaker_guess"])}
        return found

    def drafts_in(self, documents: set[str]) -> dict[str, int]:
        """How many unreviewed drafts (quotes, name links, events) each of ``documents`` holds,
        for those that hold any."""
        items = sorted(d for d in documents if d)
        if not items:
            return {}
        marks = ",".join("?" * len(items))
        return {
            row["document"]: row["n"]
            for row in self.rows(
                "SELECT document, COUNT(*) AS n FROM draft "  # noqa: S608
                f"WHERE document IN ({marks}) GROUP BY document",
                (*items,),
            )
        }

    def drafted_statements(self, entity: str) -> tuple[int, int]:
        """How many of the statements ``entity`` made, and of those about it, are unreviewed
        drafts."""
        said = self.rows(
            "SELECT COUNT(*) AS n FROM assertion a JOIN draft d ON d.iri = a.iri "
            "WHERE a.speaker = ?",
            (entity,),
        )
        about = self.rows(
            "SELECT COUNT(*) AS n FROM about b JOIN draft d ON d.iri = b.assertion "
            "WHERE b.entity = ?",
            (entity,),
        )
        return said[0]["n"], about[0]["n"]

    def entity(self, iri: str) -> sqlite3.Row | None:
        """The entity row of ``iri`` (people, organisations, places, events, documents)."""
        found = self.rows("SELECT * FROM entity WHERE iri = ?", (iri,))
        return found[0] if found else None

    def entities(
        self, kind: str, sort: str, descending: bool, page: int, size: int
    ) -> tuple[list[sqlite3.Row], int]:
        """One page of a kind's list, and the list's length."""
        if kind not in KINDS or sort not in SORTS:
            raise ApiError(400, "bad-sort", f"cannot sort by {sort!r}", sorts=sorted(SORTS))
        order = f"{SORTS[sort]} {'DESC' if descending else 'ASC'}, sort, iri"
        rows = self.rows(
            f"SELECT * FROM entity WHERE kind = ? ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608
            (kind, size, (page - 1) * size),
        )
        total = self.rows("SELECT COUNT(*) AS n FROM entity WHERE kind = ?", (kind,))[0]["n"]
        return rows, total

    def assertions(
        self, where: str, parameters: tuple[Any, ...], page: int, size: int, order: str = "date"
    ):
        """One page of assertions matching ``where`` (in date, speaker or document order), with
        the total."""
        rows = self.rows(
            f"SELECT * FROM assertion WHERE {where} "  # noqa: S608
            f"ORDER BY {ASSERTION_ORDERS[order]} LIMIT ? OFFSET ?",
            (*parameters, size, (page - 1) * size),
        )
        total = self.rows(
            f"SELECT COUNT(*) AS n FROM assertion WHERE {where}",  # noqa: S608
            parameters,
        )
        return rows, total[0]["n"]

    def assertions_about(self, entity: str, page: int, size: int):
        """One page of the assertions about ``entity``, with the total."""
        rows = self.rows(
            "SELECT a.* FROM about b JOIN assertion a ON a.iri = b.assertion WHERE b.entity = ? "
            "ORDER BY b.sort_when, b.document, b.start, b.assertion LIMIT ? OFFSET ?",
            (entity, size, (page - 1) * size),
        )
        total = self.rows("SELECT COUNT(*) AS n FROM about WHERE entity = ?", (entity,))
        return rows, total[0]["n"]

    def search(self, text: str, limit: int = 20) -> tuple[list[Hit], list[Hit]]:
        """Entities whose names match ``text``, then quotes whose words do; best first.

        Every word of ``text`` must match (as a word prefix), after the same folding as the
        index (so ``Hacıyeva`` finds ``Haciyeva``); entities rank by how close the best name
        is to the whole query, then by BM25, then by how much the KB says about them.
        """
        words = _WORD.findall(fold(text))
        if not words:
            return [], []
        # Each word quoted as an FTS5 string: the query is data, never FTS5 syntax.
        match = " ".join('"' + w.replace('"', '""') + '"*' for w in words[:12])
        folded = " ".join(words)
        names = self.rows(
            "SELECT e.iri, e.kind, e.label, e.detail, n.name, bm25(name_fts) AS score "
            "FROM name_fts JOIN name n ON n.id = name_fts.rowid JOIN entity e ON e.iri = n.iri "
            "WHERE name_fts MATCH ? ORDER BY score LIMIT 400",
            (match,),
        )
        best: dict[str, tuple[tuple, Hit]] = {}
        for row in names:
            exact = fold(row["name"]) == folded
            rank = (0 if exact else 1, row["score"])
            hit = Hit(row["iri"], row["kind"], row["label"], row["name"], row["detail"])
            if row["iri"] not in best or rank < best[row["iri"]][0]:
                best[row["iri"]] = (rank, hit)
        weights = {
            r["iri"]: r["said"] + r["about"] + r["mentions"]
            for r in self.rows(
                "SELECT iri, said, about, mentions FROM entity WHERE iri IN "  # noqa: S608
                f"({','.join('?' * len(best))})",
                (*best,),
            )
        }
        entities = [
            hit
            for _, hit in sorted(
                best.values(), key=lambda rh: (rh[0][0], -weights.get(rh[1].iri, 0), rh[0][1])
            )
        ][:limit]
        quotes = [
            Hit(row["iri"], "assertion", row["quote"], row["quote"], row["speaker"])
            for row in self.rows(
                "SELECT a.iri, a.quote, a.speaker FROM quote_fts JOIN assertion a "
                "ON a.id = quote_fts.rowid WHERE quote_fts MATCH ? "
                "ORDER BY bm25(quote_fts), a.iri LIMIT ?",
                (match, limit),
            )
        ]
        return entities, quotes

    def paged(
        self, select: str, parameters: tuple[Any, ...], page: int, size: int
    ) -> tuple[list[sqlite3.Row], int]:
        """One page of the rows of ``select`` (which has its ORDER BY), and how many in all."""
        rows = self.rows(f"{select} LIMIT ? OFFSET ?", (*parameters, size, (page - 1) * size))
        if page == 1 and len(rows) < size:
            return rows, len(rows)
        total = self.rows(f"SELECT COUNT(*) AS n FROM ({select})", parameters)  # noqa: S608
        return rows, total[0]["n"]

    def names(self, entity: str, limit: int = 100) -> tuple[list[sqlite3.Row], list[sqlite3.Row]]:
        """An entity's labels and aliases, and its names as written in the documents: each
        name with how many documents write it, how often, and one of those documents."""
        labels = self.rows(
            "SELECT name, lang, source FROM name WHERE iri = ? AND source != 'as written' "
            "ORDER BY source DESC, lang, name LIMIT ?",
            (entity, limit),
        )
        written = self.rows(
            "SELECT name, COUNT(*) AS documents, SUM(count) AS count, MIN(document) AS document "
            "FROM mention WHERE entity = ? GROUP BY name ORDER BY count DESC, name LIMIT ?",
            (entity, limit),
        )
        return labels, written

    def judgements(self, entity: str, page: int, size: int) -> tuple[list[dict[str, Any]], int]:
        """One page of the identity judgements about an entity, with the other entities and
        names, and how many there are."""
        rows, total = self.paged(
            "SELECT * FROM identity WHERE entity = ? ORDER BY judgement, decision",
            (entity,),
            page,
            size,
        )
        found = [
            {**dict(row), "others": json.loads(row["others"]), "names": json.loads(row["names"])}
            for row in rows
        ]
        return found, total

    def apart(self, entity: str, limit: int = 100) -> list[sqlite3.Row]:
        """Look-alikes kept apart from ``entity``, and those it may be the same as."""
        return self.rows(
            "SELECT other, relation FROM apart WHERE entity = ? ORDER BY relation, other LIMIT ?",
            (entity, limit),
        )

    def affiliations(self, entity: str, page: int, size: int) -> tuple[list[sqlite3.Row], int]:
        """Memberships and roles, on either side (a person's organisations, an organisation's
        members): one page, and how many."""
        return self.paged(
            "SELECT member, organisation, role, document FROM affiliation "
            "WHERE entity = ? ORDER BY member, organisation, role, document",
            (entity,),
            page,
            size,
        )

    def participations(self, entity: str, page: int, size: int) -> tuple[list[sqlite3.Row], int]:
        """Events the entity took part in (or, for an event, who took part), with roles."""
        return self.paged(
            "SELECT event, agent, role, NULLIF(date, '') AS date FROM participation "
            "WHERE entity = ? ORDER BY date, event, agent, role",
            (entity,),
            page,
            size,
        )

    def documents_of(self, entity: str, page: int, size: int) -> tuple[list[sqlite3.Row], int]:
        """The documents that mention or quote ``entity``, with how often, in date order."""
        return self.paged(
            "SELECT d.iri, d.label, d.date, x.mentions, x.said FROM entity_document x "
            "JOIN entity d ON d.iri = x.document WHERE x.entity = ? "
            "ORDER BY x.date, x.sort, x.document",
            (entity,),
            page,
            size,
        )

    def events_at(self, place: str, page: int, size: int) -> tuple[list[sqlite3.Row], int]:
        """The events the KB places at ``place``, in date order."""
        return self.paged(
            "SELECT e.iri, e.label, e.date FROM event_place p JOIN entity e ON e.iri = p.event "
            "WHERE p.place = ? ORDER BY COALESCE(e.date, ''), e.sort, e.iri",
            (place,),
            page,
            size,
        )

    def places_of(self, event: str) -> list[str]:
        """Where an event happened."""
        return [
            r["place"]
            for r in self.rows(
                "SELECT place FROM event_place WHERE event = ? ORDER BY place", (event,)
            )
        ]
