"""Limits that hold, measured on a live server over the seed KB.

Pathological queries of both kinds: a cross product that streams rows (stopped by the worker's
deadline check between rows) and cross products that compute for a long time before their first
row (``COUNT``, ``ORDER BY``: the worker is killed). In every case the client gets 503 with JSON,
never a 200 with a truncated body, and other clients keep being answered meanwhile.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from provkb.layout import BuildLayout
from provkb.server.executor import KILL_GRACE
from provkb_harness.live_server import LiveServer, settings_for, worker_pids

DEADLINE = 1.5
# Everything the server adds to a deadline: the kill grace, respawning, scheduling on 2 CPUs.
SLACK = KILL_GRACE + 1.5
COUNT_CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
ORDER_CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(?c) ?f LIMIT 1"
STREAM_CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
JSON_RESULTS = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def slow(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server with a short deadline and caps high enough never to stop a cross product."""
    settings = settings_for(
        BuildLayout(seed_build).trig,
        tmp_path_factory.mktemp("slow"),
        query_timeout=DEADLINE,
        max_rows=10**12,
        max_response_bytes=10**12,
        max_concurrent_queries=2,
        queue_timeout=10,
        # One client (127.0.0.1) plays several here: it may use both workers.
        max_client_queries=2,
        # Every test here sends runaway queries from 127.0.0.1: no client is refused for it
        # (tests/test_server_lanes.py tests the refusals).
        strike_limit=0,
    )
    with LiveServer(settings) as live:
        yield live


@pytest.fixture(scope="module")
def capped(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server with small caps, one worker and a long deadline."""
    settings = settings_for(
        BuildLayout(seed_build).trig,
        tmp_path_factory.mktemp("capped"),
        query_timeout=60,
        max_rows=50,
        max_response_bytes=20_000,
        max_request_bytes=2_000,
        max_concurrent_queries=1,
        queue_timeout=0.5,
        max_query_memory=400 * 2**20,
        strike_limit=0,
    )
    with LiveServer(settings) as live:
        yield live


def _timed(url: str, query: str, timeout: float = 60) -> tuple[httpx.Response, float]:
    start = time.monotonic()
    response = httpx.get(
        url + "/sparql", params={"query": query}, headers=JSON_RESULTS, timeout=timeout
    )
    return response, time.monotonic() - start


@pytest.mark.parametrize(
    ("query", "cancelled_by"),
    [
        (COUNT_CROSS, "killing its worker process"),
        (ORDER_CROSS, "killing its worker process"),
        (STREAM_CROSS, "the deadline check between rows"),
    ],
    ids=["count-before-first-row", "order-by-before-first-row", "rows-streaming"],
)
def test_pathological_queries_get_503_at_their_deadline(
    slow: LiveServer, query: str, cancelled_by: str
) -> None:
    """Each kind of runaway query ends at its deadline with a JSON 503, whichever way it is
    stopped; the body is the error, not a truncated result."""
    slow.wait_for_workers()
    response, elapsed = _timed(slow.url, query)
    assert response.status_code == 503, response.text[:300]
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["error"] == "timeout"
    assert body["cancelled_by"] == cancelled_by
    assert DEADLINE <= elapsed < DEADLINE + SLACK, f"answered after {elapsed:.2f}s"


def test_other_requests_are_answered_while_a_cross_product_runs(slow: LiveServer) -> None:
    """While one query computes a cross product up to its deadline, other clients' queries come
    back promptly and complete."""
    slow.wait_for_workers()
    results: dict[str, object] = {}

    def pathological() -> None:
        results["slow"] = _timed(slow.url, COUNT_CROSS)

    thread = threading.Thread(target=pathological)
    thread.start()
    time.sleep(0.2)  # the cross product is running now
    latencies = []
    with httpx.Client(base_url=slow.url, timeout=10) as client:
        while thread.is_alive() and len(latencies) < 40:
            start = time.monotonic()
            response = client.get(
                "/sparql",
                params={"query": "SELECT ?s WHERE { ?s a ?t } LIMIT 5"},
                headers=JSON_RESULTS,
            )
            latencies.append(time.monotonic() - start)
            assert response.status_code == 200
            assert len(response.json()["results"]["bindings"]) == 5
    thread.join()
    slow_response, _ = results["slow"]  # type: ignore[misc]
    assert slow_response.status_code == 503
    assert len(latencies) >= 5, "the short queries were held up"
    assert max(latencies) < 1.0, f"slowest short query: {max(latencies):.2f}s"


def test_a_query_cheap_once_and_costly_later_still_meets_its_deadline(slow: LiveServer) -> None:
    """A query that asks the clock (or a random number) does different work from one run to
    the next: cheap before a moment, a cross product after it. Answered cheaply once, it must
    not be trusted to run in the server process (which no deadline can stop before its first
    row) the next time: after the moment it ends at its deadline in a worker, and the server
    keeps answering others meanwhile."""
    slow.wait_for_workers()
    moment = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3))
    bomb = (
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT ?x WHERE { BIND(IF(NOW() > "
        f'"{moment}"^^xsd:dateTime, EXISTS {{ ?a ?b ?c . ?d ?e ?f FILTER(STR(?a) = "zz") }},'
        " false) AS ?x) }"
    )
    first, _ = _timed(slow.url, bomb)
    assert first.status_code == 200, first.text[:300]
    time.sleep(4)
    results: dict[str, tuple[httpx.Response, float]] = {}
    thread = threading.Thread(target=lambda: results.setdefault("bomb", _timed(slow.url, bomb)))
    thread.start()
    time.sleep(0.3)
    bystander = httpx.get(slow.url + "/sparql", params={"query": "ASK {}"}, timeout=30)
    thread.join()
    response, elapsed = results["bomb"]
    assert response.status_code == 503 and response.json()["error"] == "timeout"
    assert elapsed < DEADLINE + SLACK, f"answered after {elapsed:.2f}s"
    assert bystander.status_code == 200


def test_row_cap(capped: LiveServer) -> None:
    """More rows (or triples) than the cap: 422 with JSON; at the cap: the full result."""
    with httpx.Client(base_url=capped.url, timeout=30) as client:
        over = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert over.status_code == 422
        assert over.json()["error"] == "too-many-rows"
        at = client.get(
            "/sparql",
            params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"},
            headers=JSON_RESULTS,
        )
        assert at.status_code == 200
        assert len(at.json()["results"]["bindings"]) == 50
        graph = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
        assert graph.status_code == 422


def test_response_size_cap(capped: LiveServer) -> None:
    """A result that serialises past the size cap (full document texts) gets 422."""
    query = "SELECT ?t WHERE { ?d <https://w3id.org/provkb/ontology#fullText> ?t }"
    response = httpx.get(capped.url + "/sparql", params={"query": query}, timeout=30)
    assert response.status_code == 422
    assert response.json()["error"] == "response-too-large"


def test_request_body_cap(capped: LiveServer) -> None:
    """A body over the cap gets 413, whether it declares its length or streams in chunks."""
    query = "ASK {}" + " " * 3_000
    declared = httpx.post(
        capped.url + "/sparql",
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert declared.status_code == 413
    assert declared.json()["error"] == "request-too-large"

    def chunks() -> Iterator[bytes]:
        yield query.encode()

    streamed = httpx.post(
        capped.url + "/sparql",
        content=chunks(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert streamed.status_code == 413
    small = httpx.post(
        capped.url + "/sparql",
        content=b"ASK {}",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert small.status_code == 200


def test_memory_cap(capped: LiveServer) -> None:
    """ORDER BY over a cross product allocates hundreds of MB a second: the worker's memory cap
    stops it within seconds with 422, long before its 60-second deadline, and a new worker takes
    over."""
    response, elapsed = _timed(capped.url, ORDER_CROSS)
    assert response.status_code == 422, response.text[:300]
    assert response.json()["error"] == "out-of-memory"
    assert response.json()["limit_bytes"] == capped.settings.max_query_memory
    assert "400 MiB" in response.json()["message"]
    assert elapsed < 10
    start = time.monotonic()
    while httpx.get(capped.url + "/sparql", params={"query": _fresh_ask()}).status_code != 200:
        assert time.monotonic() - start < 15, "no worker came back"
        time.sleep(0.1)


def _fresh_ask() -> str:
    """An ASK no worker has answered yet: one that has been answered fast runs in the server
    process the next time, and these tests need a worker."""
    return f"ASK {{}} # {uuid.uuid4()}"


def test_a_worker_killed_from_outside_is_replaced(capped: LiveServer) -> None:
    """A worker that dies while idle (the system's OOM killer, say) costs one 503 with JSON,
    never a 500, and is replaced."""
    (pid,) = worker_pids(capped, capped.settings.adhoc_niceness)
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    response = httpx.get(capped.url + "/sparql", params={"query": _fresh_ask()}, timeout=30)
    assert response.status_code == 503
    assert response.json()["error"] == "worker-died"
    start = time.monotonic()
    while httpx.get(capped.url + "/sparql", params={"query": _fresh_ask()}).status_code != 200:
        assert time.monotonic() - start < 15, "no worker came back"
        time.sleep(0.1)
    assert worker_pids(capped, capped.settings.adhoc_niceness) != [pid]


def test_concurrency_cap_and_disconnect(capped: LiveServer) -> None:
    """With the one worker busy, another query gets 503 and Retry-After; when the busy query's
    client disconnects, its query is stopped and the worker serves others again long before the
    query's 60-second deadline."""

    def abandoned() -> None:
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(capped.url + "/sparql", params={"query": COUNT_CROSS}, timeout=2.0)

    thread = threading.Thread(target=abandoned)
    thread.start()
    time.sleep(0.5)
    busy = httpx.get(capped.url + "/sparql", params={"query": _fresh_ask()}, timeout=10)
    assert busy.status_code == 503
    assert busy.json()["error"] == "too-many-queries"
    assert busy.headers["retry-after"] == "1"
    thread.join()
    # The client of the cross product gave up after 2 s; its worker is killed and replaced.
    start = time.monotonic()
    while True:
        again = httpx.get(capped.url + "/sparql", params={"query": _fresh_ask()}, timeout=10)
        if again.status_code == 200 or time.monotonic() - start > 15:
            break
        time.sleep(0.2)
    assert again.status_code == 200, again.text
    assert time.monotonic() - start < 10
