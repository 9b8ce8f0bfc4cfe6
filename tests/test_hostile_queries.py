"""The regression corpus of hostile queries (``tests/data/hostile/*.yaml``) against a live server:
queries that try to reach outside, and parser bombs.

Every entry is sent every way it lists (GET, POST form, POST direct, or as a canned query's
parameters) and must get its status and JSON error code; a TCP listener on 127.0.0.1 must
receive no connection from any of them, and no query worker may die.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from provkb.layout import BuildLayout
from provkb_harness.live_server import LiveServer, settings_for
from provkb_harness.probes import Listener

CORPUS = Path(__file__).parent / "data" / "hostile"
WAYS = ("get", "form", "direct")


@dataclass(frozen=True)
class Hostile:
    """One entry of the corpus, sent one way."""

    name: str
    via: str
    status: int
    query: str | None = None
    canned: str | None = None
    parameters: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    accept: str | None = None


def load_corpus() -> list[Hostile]:
    """Every entry of every corpus file, once per way it is sent."""
    files = sorted(CORPUS.glob("*.yaml"))
    assert files, f"no corpus files in {CORPUS}"
    cases = []
    for path in files:
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            common: dict[str, Any] = {
                "name": entry["name"],
                "status": entry["status"],
                "error": entry.get("error"),
                "accept": entry.get("accept"),
            }
            if "canned" in entry:
                cases.append(
                    Hostile(
                        via="canned",
                        canned=entry["canned"],
                        parameters=entry["parameters"],
                        **common,
                    )
                )
                continue
            for via in entry.get("via", WAYS):
                cases.append(Hostile(via=via, query=_text(entry["query"]), **common))
    return cases


def _text(query: str | dict[str, Any]) -> str:
    """A query given as text, or as a template (prefix, repeat × times, middle, close × times,
    suffix) for the long ones."""
    if isinstance(query, str):
        return query
    times = query["times"]
    return (
        query.get("prefix", "")
        + query["repeat"] * times
        + query.get("middle", "")
        + query.get("close", "") * times
        + query.get("suffix", "")
    )


CASES = load_corpus()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    """The listener every query of the corpus points at; it must never be contacted."""
    spy = Listener()
    yield spy
    time.sleep(0.3)  # a late connection would have been accepted by now
    spy.close()
    assert spy.received == [], f"the listener was contacted: {spy.received}"


@pytest.fixture(scope="module")
def server(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server over the seed KB (with its canned queries), default settings."""
    settings = settings_for(
        BuildLayout(seed_build).trig,
        tmp_path_factory.mktemp("hostile"),
        queries_dir=Path(__file__).parents[1] / "queries",
    )
    with LiveServer(settings) as live:
        pool = live.app.state.provkb.pool
        before = pool.worker_pids()
        yield live
        assert pool.worker_pids() == before, "a query worker died under the hostile corpus"


def _fill(text: str, listener: Listener) -> str:
    return text.replace("LISTENER", listener.url).replace("HOSTPORT", listener.url[7:])


def send(
    client: httpx.Client, server: LiveServer, case: Hostile, listener: Listener
) -> httpx.Response:
    """Send ``case`` the way it says."""
    if case.via == "canned":
        parameters = {k: _fill(v, listener) for k, v in case.parameters.items()}
        return client.get(f"{server.url}/queries/{case.canned}", params=parameters)
    assert case.query is not None
    query = _fill(case.query, listener)
    accept = {"Accept": case.accept} if case.accept else {}
    if case.via == "get":
        return client.get(server.url + "/sparql", params={"query": query}, headers=accept)
    if case.via == "form":
        return client.post(server.url + "/sparql", data={"query": query}, headers=accept)
    return client.post(
        server.url + "/sparql",
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query", **accept},
    )


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", CASES, ids=[f"{c.name}-{c.via}" for c in CASES])
def test_hostile_query(server: LiveServer, listener: Listener, case: Hostile) -> None:
    contacts = len(listener.received)
    with httpx.Client(timeout=30) as client:
        response = send(client, server, case, listener)
    assert response.status_code == case.status, response.text
    if case.error is not None:
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["error"] == case.error, response.text
    # A query that reached the listener did so before its answer; give the accept loop a moment.
    time.sleep(0.05)
    assert listener.received[contacts:] == [], f"the listener was contacted: {listener.received}"
