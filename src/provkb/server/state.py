"""What the routes of one app share: the settings, the query pool, and the server's own queries.

Nothing about the data is read at start-up: a route that needs a fact (is this IRI known, which
graphs are there) asks the store when it is requested, so start-up costs the same at any size.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from provkb.server.answer_cache import AnswerCache
from provkb.server.errors import ApiError
from provkb.server.execution import QueryJob, QueryOutcome
from provkb.server.executor import LIGHT, QueryPool
from provkb.server.settings import ServerSettings

Term = ox.NamedNode | ox.Literal | ox.BlankNode
# One row of a SELECT of the server's own: variable name -> term (unbound variables are absent).
Row = dict[str, Term]


@dataclass
class ServerState:
    """The state of one app (kept on ``app.state``, never in a module global)."""

    settings: ServerSettings
    pool: QueryPool
    answers: AnswerCache = field(init=False)

    def __post_init__(self) -> None:
        self.answers = AnswerCache(self.settings.canned_cache_bytes)

    def job(self, query: str | None, accept: str | None, **options: Any) -> QueryJob:
        """A job under this server's deadline and caps (``options`` may override the caps)."""
        fields: dict[str, Any] = {
            "deadline": time.time() + self.settings.query_timeout,
            "max_rows": self.settings.max_rows,
            "max_bytes": self.settings.max_response_bytes,
        }
        fields.update(options)
        return QueryJob(query=query, accept=accept, **fields)

    async def select(self, query: str) -> list[Row]:
        """Run a SELECT of the server's own (the HTML pages of IRIs) in the light lane; rows map
        variable names to terms.

        The row cap is not applied: it stops runaway client queries, and the server's own are
        bounded by their ``LIMIT`` or by the data they describe (like a Graph Store read). The
        deadline and the size cap still apply.

        Raises:
            ApiError: with the outcome's status when the query fails (timeout, size cap).
        """
        # The server's own queries are built from terms serialised by pyoxigraph: no guard.
        job = self.job(query, "application/sparql-results+json", max_rows=sys.maxsize, checked=True)
        outcome = await self.pool.run(job, lane=LIGHT)
        raise_for(outcome)
        rows = []
        for binding in json.loads(outcome.body)["results"]["bindings"]:
            rows.append({name: _term(value) for name, value in binding.items()})
        return rows

    async def ask(self, query: str) -> bool:
        """Run an ASK of the server's own (is this IRI or graph in the store?).

        Raises:
            ApiError: with the outcome's status when the query fails (timeout).
        """
        job = self.job(query, "application/sparql-results+json", checked=True)
        outcome = await self.pool.run(job, lane=LIGHT)
        raise_for(outcome)
        return bool(json.loads(outcome.body)["boolean"])


def raise_for(outcome: QueryOutcome) -> None:
    """Turn an error outcome into an :class:`ApiError` (for callers that need the data)."""
    if outcome.status >= 400:
        payload = json.loads(outcome.body)
        extra = {k: v for k, v in payload.items() if k not in ("error", "message")}
        raise ApiError(outcome.status, payload["error"], payload["message"], **extra)


def _term(value: dict[str, str]) -> Term:
    if value["type"] == "uri":
        return ox.NamedNode(value["value"])
    if value["type"] == "bnode":
        return ox.BlankNode(value["value"])
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"])
    if "datatype" in value:
        return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
    return ox.Literal(value["value"])
