"""What the routes of one app share: the settings, the query pool and facts read at start-up."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from provkb.server.errors import ApiError
from provkb.server.execution import QueryJob, QueryOutcome
from provkb.server.executor import QueryPool
from provkb.server.settings import ServerSettings


@dataclass
class ServerState:
    """The state of one app (kept on ``app.state``, never in a module global)."""

    settings: ServerSettings
    pool: QueryPool
    graphs: list[str] = field(default_factory=list)

    def job(self, query: str | None, accept: str | None, **options: Any) -> QueryJob:
        """A job under this server's deadline and caps (``options`` may override the caps)."""
        fields: dict[str, Any] = {
            "deadline": time.time() + self.settings.query_timeout,
            "max_rows": self.settings.max_rows,
            "max_bytes": self.settings.max_response_bytes,
        }
        fields.update(options)
        return QueryJob(query=query, accept=accept, **fields)

    async def select(self, query: str) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
        """Run a SELECT for the server's own pages; rows map variable names to terms.

        Raises:
            ApiError: with the outcome's status when the query fails (timeout, caps).
        """
        outcome = await self.pool.run(self.job(query, "application/sparql-results+json"))
        raise_for(outcome)
        rows = []
        for binding in json.loads(outcome.body)["results"]["bindings"]:
            rows.append({name: _term(value) for name, value in binding.items()})
        return rows


def raise_for(outcome: QueryOutcome) -> None:
    """Turn an error outcome into an :class:`ApiError` (for callers that need the data)."""
    if outcome.status >= 400:
        payload = json.loads(outcome.body)
        extra = {k: v for k, v in payload.items() if k not in ("error", "message")}
        raise ApiError(outcome.status, payload["error"], payload["message"], **extra)


def _term(value: dict[str, str]) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if value["type"] == "uri":
        return ox.NamedNode(value["value"])
    if value["type"] == "bnode":
        return ox.BlankNode(value["value"])
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"])
    if "datatype" in value:
        return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
    return ox.Literal(value["value"])
