"""Fair sharing on a live server over the seed KB: lanes, per-client limits, refusals, memory.

(The 422 of a query past its memory cap, with the cap in its body, is tested in
tests/test_server_limits.py: it needs a deadline longer than this module's.)

Clients are told apart by address: each test client binds its own loopback address (127.0.0.2,
127.0.0.3…; Linux routes all of 127.0.0.0/8 to the loopback interface), as separate machines
would.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from provkb.layout import BuildLayout
from provkb.server.clients import Penalties, client_key, trusted_networks
from provkb.server.errors import ApiError
from provkb.server.execution import failure, out_of_memory
from provkb.server.executor import client_to_blame
from provkb.server.lanes import Lane
from provkb.server.memory import MINIMUM_QUERY_MEMORY, query_memory_limit
from provkb.server.settings import ServerSettings
from provkb_harness.live_server import LiveServer, settings_for, worker_pids

DEADLINE = 1.0
COUNT_CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON_RESULTS = {"Accept": "application/sparql-results+json"}
CANNED = ("/queries/entity-mentions", {"entity": "https://w3id.org/provkb/id/person/bulut-alemdar"})
ENTITY_PAGE = "/provkb/id/person/bulut-alemdar.html"


def _client(server: LiveServer, address: str, timeout: float = 30) -> httpx.Client:
    """An HTTP client whose connections come from ``address``."""
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(base_url=server.url, transport=transport, timeout=timeout)


def _fresh(query: str) -> str:
    """``query`` with a unique comment: a text no worker has answered, so it needs a worker
    (a job answered fast before runs in the server process)."""
    return f"{query}\n# {uuid.uuid4()}"


@pytest.fixture(scope="module")
def lanes(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Two ad-hoc workers, two light ones, a short deadline, one query per client at a time."""
    settings = settings_for(
        BuildLayout(seed_build).trig,
        tmp_path_factory.mktemp("lanes"),
        queries_dir=Path(__file__).resolve().parents[1] / "queries",
        query_timeout=DEADLINE,
        max_rows=10**12,
        max_response_bytes=10**12,
        max_concurrent_queries=2,
        light_workers=2,
        max_client_queries=1,
        queue_timeout=5,
        strike_limit=3,
        strike_window=60,
        penalty_seconds=30,
        max_query_memory=400 * 2**20,
    )
    with LiveServer(settings) as live:
        yield live


def _heavy(server: LiveServer, address: str, results: list[int]) -> None:
    with _client(server, address) as client:
        response = client.get("/sparql", params={"query": _fresh(COUNT_CROSS)})
        results.append(response.status_code)


def test_light_lane_is_answered_while_heavy_queries_fill_the_adhoc_lane(lanes: LiveServer) -> None:
    """With both ad-hoc workers computing cross products for other clients, a canned query, an
    IRI page and a Graph Store read are still answered, promptly, by the light lane, while one
    more ad-hoc query finds no ad-hoc worker."""
    lanes.wait_for_workers()
    results: list[int] = []
    heavy = [
        threading.Thread(target=_heavy, args=(lanes, f"127.0.0.{n}", results)) for n in (11, 12)
    ]
    for thread in heavy:
        thread.start()
    time.sleep(0.3)  # both ad-hoc workers are computing now
    with _client(lanes, "127.0.0.13") as client:
        start = time.monotonic()
        canned = client.get(CANNED[0], params=CANNED[1], headers=JSON_RESULTS)
        page = client.get(ENTITY_PAGE, headers={"Accept": "text/html"})
        graph = client.get(
            "/graph",
            params={"graph": "https://w3id.org/provkb/graph/ontology"},
            headers={"Accept": "application/n-triples"},
        )
        elapsed = time.monotonic() - start
        adhoc_started = time.monotonic()
        waited = client.get("/sparql", params={"query": _fresh("ASK {}")}, headers=JSON_RESULTS)
        adhoc_waited = time.monotonic() - adhoc_started
    for thread in heavy:
        thread.join()
    assert canned.status_code == 200, canned.text[:300]
    assert canned.json()["results"]["bindings"], "the canned query found nothing"
    assert page.status_code == 200, page.text[:300]
    assert graph.status_code == 200, graph.text[:300]
    assert graph.text.count("\n") > 10, "the ontology graph read came back nearly empty"
    assert elapsed < DEADLINE, f"the light lane took {elapsed:.2f} s behind the heavy queries"
    assert results == [503, 503]
    # Meanwhile an ad-hoc query found the ad-hoc lane full: it waited for a worker until its
    # deadline (which counts from its arrival). The light lane's speed is the lanes' doing.
    assert waited.status_code == 503, waited.text[:300]
    assert waited.json()["error"] == "too-many-queries"
    assert waited.headers["retry-after"] == "1"
    assert adhoc_waited > 0.3


def test_a_client_runs_its_share_of_the_adhoc_lane(lanes: LiveServer) -> None:
    """A client may run one ad-hoc query at a time here: its second waits, and another client's
    query takes the other worker at once."""
    lanes.wait_for_workers()
    results: list[int] = []
    greedy = [
        threading.Thread(target=_heavy, args=(lanes, "127.0.0.21", results)) for _ in range(2)
    ]
    for thread in greedy:
        thread.start()
    time.sleep(0.3)
    with _client(lanes, "127.0.0.22") as client:
        start = time.monotonic()
        other = client.get("/sparql", params={"query": _fresh("ASK {}")}, headers=JSON_RESULTS)
        elapsed = time.monotonic() - start
    for thread in greedy:
        thread.join()
    assert other.status_code == 200
    assert elapsed < DEADLINE / 2, f"the other client waited {elapsed:.2f} s"
    assert results == [503, 503]


def test_repeated_timeouts_get_429_and_other_clients_are_served(lanes: LiveServer) -> None:
    """A client whose queries run to their deadline three times is refused for a while (429,
    ``Retry-After``, JSON), in every lane, whatever X-Forwarded-For it sends; another client's
    canned query is answered meanwhile."""
    lanes.wait_for_workers()
    with _client(lanes, "127.0.0.31") as abuser:
        for _ in range(3):
            lanes.wait_for_workers()  # each timeout costs a worker; on a busy machine it is slow
            timed_out = abuser.get("/sparql", params={"query": _fresh(COUNT_CROSS)})
            assert timed_out.status_code == 503
            assert timed_out.json()["error"] == "timeout"
        refused = abuser.get("/sparql", params={"query": _fresh(COUNT_CROSS)})
        also_canned = abuser.get(CANNED[0], params=CANNED[1], headers=JSON_RESULTS)
        # Only a trusted proxy's X-Forwarded-For names a client; none is trusted here.
        disguised = abuser.get(
            CANNED[0], params=CANNED[1], headers={"X-Forwarded-For": "203.0.113.9"}
        )
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/json"
    body = refused.json()
    assert body["error"] == "too-many-failed-queries"
    retry = int(refused.headers["retry-after"])
    assert 0 < retry <= 30
    assert body["retry_after"] == retry
    assert also_canned.status_code == 429
    assert disguised.status_code == 429
    with _client(lanes, "127.0.0.32") as other:
        canned = other.get(CANNED[0], params=CANNED[1], headers=JSON_RESULTS)
        adhoc = other.get("/sparql", params={"query": _fresh("ASK {}")}, headers=JSON_RESULTS)
    assert canned.status_code == 200
    assert adhoc.status_code == 200


def test_abandoning_heavy_queries_just_before_a_strike_still_earns_refusal(
    lanes: LiveServer,
) -> None:
    """A client that drops each heavy query a little before it would count as a strike (the
    server kills its worker every time) pays for the share of the work thrown away: after a
    handful it is refused like a client whose queries run to their deadline."""
    lanes.wait_for_workers()
    abandoned = 0
    with _client(lanes, "127.0.0.33", timeout=0.4) as dropper:
        while abandoned < 8:
            lanes.wait_for_workers()
            try:
                refused = dropper.get("/sparql", params={"query": _fresh(COUNT_CROSS)})
            except httpx.TimeoutException:
                abandoned += 1
                continue
            break
    # Each dropped query had run 0.4 s, 0.8 of a strike on this server (half its 1 s deadline
    # makes a whole one): the fifth crosses three strikes.
    assert 3 <= abandoned <= 6
    assert refused.status_code == 429
    assert refused.json()["error"] == "too-many-failed-queries"


def test_no_worker_is_lost(lanes: LiveServer) -> None:
    """After the timeouts and kills above, every lane has all its workers again,
    and no dead worker is left unreaped."""
    settings = lanes.settings
    lanes.wait_for_workers()
    assert len(worker_pids(lanes)) == settings.max_concurrent_queries + settings.light_workers
    assert len(worker_pids(lanes, settings.adhoc_niceness)) == settings.max_concurrent_queries
    assert len(worker_pids(lanes, 0)) == settings.light_workers
    zombies = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{os.getpid()}\n" in text and "\nState:\tZ" in text:
            zombies.append(status.parent.name)
    assert not zombies, f"unreaped children: {zombies}"


def test_concurrent_first_requests_of_a_canned_query_are_answered(
    seed_build: Path, tmp_path: Path
) -> None:
    """Twelve clients ask for the same canned query at once on a fresh server: each gets 200
    (the template's first judgement by rdflib's parser, which is not thread-safe, once failed
    with a 500 for every request but one under such a burst)."""
    settings = settings_for(
        BuildLayout(seed_build).trig,
        tmp_path,
        queries_dir=Path(__file__).resolve().parents[1] / "queries",
        max_concurrent_queries=1,
        light_workers=1,
        queue_timeout=30,
    )
    statuses: list[int] = []
    with LiveServer(settings) as live:

        def ask(n: int) -> None:
            with _client(live, f"127.0.0.{50 + n}") as client:
                response = client.get("/queries/who-said-it", params={"words": "Turkmen"})
                statuses.append(response.status_code)

        threads = [threading.Thread(target=ask, args=(n,)) for n in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [200] * 12


def test_worker_memory_cap_is_derived_from_the_machine(seed_build: Path, tmp_path: Path) -> None:
    """Without ``max_query_memory``, each worker may allocate the memory share over all the
    workers, and the workers really run under that cap (``RLIMIT_DATA``)."""
    settings = settings_for(
        BuildLayout(seed_build).trig,
        tmp_path,
        max_concurrent_queries=2,
        light_workers=1,
        query_memory_share=0.3,
    )
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    assert settings.query_memory <= max(MINIMUM_QUERY_MEMORY, int(total * 0.3) // 3)
    assert settings.query_memory * 3 <= max(3 * MINIMUM_QUERY_MEMORY, total * 0.3)
    with LiveServer(settings) as live:
        pids = worker_pids(live)
        assert len(pids) == 3
        for pid in pids:
            limits = Path(f"/proc/{pid}/limits").read_text()
            line = next(x for x in limits.splitlines() if x.startswith("Max data size"))
            assert line.split()[3] == str(settings.query_memory), line


def test_query_memory_limit_shares_the_machine() -> None:
    """The cap times the workers stays within the share; tiny machines get the floor."""
    assert query_memory_limit(0.5, 8, memory=16 * 2**30) == 2**30
    assert query_memory_limit(0.5, 6, memory=8 * 2**30) * 6 <= 4 * 2**30
    assert query_memory_limit(0.5, 4, memory=2**30) == MINIMUM_QUERY_MEMORY


def test_client_key_trusts_forwarded_for_only_from_trusted_proxies() -> None:
    """X-Forwarded-For is ignored unless the connection comes from a trusted proxy; then the
    rightmost address that is not a trusted proxy is the client."""
    none = trusted_networks([])
    proxy = trusted_networks(["10.0.0.0/8"])
    assert client_key("198.51.100.7", ["203.0.113.1"], none) == "198.51.100.7"
    assert client_key("198.51.100.7", ["203.0.113.1"], proxy) == "198.51.100.7"
    assert client_key("10.0.0.2", ["203.0.113.1"], proxy) == "203.0.113.1"
    # The client wrote the left entry itself; the proxies appended the right ones.
    assert client_key("10.0.0.2", ["1.2.3.4, 203.0.113.1, 10.0.0.3"], proxy) == "203.0.113.1"
    assert client_key("10.0.0.2", ["not-an-address"], proxy) == "10.0.0.2"
    assert client_key("10.0.0.2", [], proxy) == "10.0.0.2"
    # An IPv6 host holds a whole /64; an IPv4-mapped address is its IPv4 address.
    assert client_key("2001:db8:1:2::5", [], none) == "2001:db8:1:2::/64"
    assert client_key("::ffff:192.0.2.1", [], none) == "192.0.2.1"
    assert client_key(None, [], none) == "local"
    with pytest.raises(ValueError):
        trusted_networks(["not-a-network"])


def test_penalties_grow_and_end() -> None:
    """Three strikes within the window earn a refusal, which ends; a repeat refusal is longer."""
    now = [1000.0]
    penalties = Penalties(3, window=60, penalty=30, max_penalty=100, clock=lambda: now[0])
    for _ in range(2):
        penalties.strike("a")
    penalties.check("a")
    penalties.strike("a")
    with pytest.raises(ApiError) as refused:
        penalties.check("a")
    assert refused.value.status == 429
    assert refused.value.headers["Retry-After"] == "30"
    penalties.check("b")
    now[0] += 31
    penalties.check("a")
    for _ in range(3):
        penalties.strike("a")
    with pytest.raises(ApiError) as again:
        penalties.check("a")
    assert again.value.headers["Retry-After"] == "60"
    # Strikes further apart than the window never add up.
    now[0] += 1000
    for _ in range(5):
        penalties.strike("c")
        now[0] += 61
    penalties.check("c")
    assert Penalties(0, 60, 30, 100).strike("x") is None
    # Shares of strikes add up: four of 0.8 are more than three; two hundred of 0.01 are not.
    for _ in range(4):
        penalties.strike("d", 0.8)
    with pytest.raises(ApiError):
        penalties.check("d")
    for _ in range(200):
        penalties.strike("e", 0.01)
    penalties.check("e")


def test_lane_takes_clients_in_turn() -> None:
    """One worker, a client with three queries waiting and another with one: the other client's
    query runs second, not fourth; a client past its waiting limit gets 429."""

    async def scenario() -> list[str]:
        lane: Lane[str] = Lane("test", size=1, per_client=1, max_waiting=3)
        lane.add("worker")
        order: list[str] = []

        async def job(client: str, name: str) -> None:
            worker = await lane.acquire(client, timeout=5)
            order.append(name)
            await asyncio.sleep(0.01)
            lane.release(client, worker)

        first = asyncio.create_task(job("a", "a1"))
        await asyncio.sleep(0)
        tasks = [asyncio.create_task(job("a", f"a{n}")) for n in (2, 3, 4)]
        await asyncio.sleep(0)
        tasks.append(asyncio.create_task(job("b", "b1")))
        await asyncio.sleep(0)
        with pytest.raises(ApiError) as full:
            await lane.acquire("a", timeout=5)
        assert full.value.status == 429
        await asyncio.gather(first, *tasks)
        return order

    assert asyncio.run(scenario()) == ["a1", "a2", "b1", "a3", "a4"]


def test_lane_times_out_with_503() -> None:
    """No worker within the queue timeout: 503 with Retry-After, and the lane forgets the
    waiter (the next worker is not handed to it)."""

    async def scenario() -> str:
        lane: Lane[str] = Lane("test", size=1, per_client=1, max_waiting=3)
        with pytest.raises(ApiError) as busy:
            await lane.acquire("a", timeout=0.05)
        assert busy.value.status == 503
        assert busy.value.headers["Retry-After"] == "1"
        lane.add("worker")
        return await lane.acquire("b", timeout=1)

    assert asyncio.run(scenario()) == "worker"


def test_settings_share_the_adhoc_lane() -> None:
    """By default a client may hold half the ad-hoc workers."""
    base = ServerSettings(Path(), Path(), Path())
    assert base.client_query_limit == 2
    assert ServerSettings(Path(), Path(), Path(), max_concurrent_queries=1).client_query_limit == 1


def test_a_timeout_is_blamed_on_its_client_only_when_the_query_ran() -> None:
    """A query that waited for a worker most of its time and then timed out is no strike; one
    that computed for half its time or more is; a crash or the memory cap always is."""
    timeout = failure(503, "timeout", "the query ran past its deadline")
    assert client_to_blame(timeout, budget=10.0, ran=6.0)
    assert not client_to_blame(timeout, budget=10.0, ran=1.0)
    assert client_to_blame(out_of_memory(2**30), budget=10.0, ran=0.1)
