"""The second wall: a query worker cannot open a network connection even when the guard is
bypassed on purpose. Each mechanism is checked alone in a fresh process, then the real workers
of a pool are checked with a SERVICE job that skips the guard.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from provkb.layout import BuildLayout
from provkb.server.app import query_pool
from provkb.server.execution import QueryJob
from provkb.server.sandbox import NETWORK_NAMESPACE, SECCOMP
from provkb.server.store import prepare_store
from provkb_harness.live_server import LiveServer, settings_for
from provkb_harness.probes import Listener

# Run in a fresh process: the wall cannot be lifted once up. It tries a plain connection or
# pyoxigraph's SERVICE call.
_PROBE = """
import socket, sys
import pyoxigraph as ox
from provkb.server.sandbox import seal_network
mechanism, port, attempt = sys.argv[1:]
print(seal_network((mechanism,)), flush=True)
try:
    if attempt == "socket":
        socket.create_connection(("127.0.0.1", int(port)), timeout=5)
    else:
        list(ox.Store().query(f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/> {{ }} }}"))
    print("reached", flush=True)
except OSError as error:
    print("refused", error, flush=True)
"""


@pytest.fixture()
def listener() -> Iterator[Listener]:
    """The listener nothing may reach; asserted silent at the end."""
    spy = Listener()
    yield spy
    time.sleep(0.3)
    spy.close()
    assert spy.received == [], f"the listener was contacted: {spy.received}"


@pytest.mark.parametrize("attempt", ["socket", "service"])
@pytest.mark.parametrize("mechanism", [SECCOMP, NETWORK_NAMESPACE])
def test_each_wall_alone_blocks_connections(
    mechanism: str, attempt: str, listener: Listener
) -> None:
    """seccomp kills the process at its first socket; a network namespace has no route."""
    port = listener.url.rsplit(":", 1)[1]
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE, mechanism, port, attempt],
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = probe.stdout.splitlines()
    if lines == ["None"]:
        pytest.skip(f"{mechanism} is not available on this machine")
    assert lines[0] == mechanism, probe.stdout + probe.stderr
    if mechanism == SECCOMP:
        assert probe.returncode == -signal.SIGSYS, probe.stdout + probe.stderr
        assert lines == [SECCOMP]
    else:
        assert probe.returncode == 0, probe.stderr
        assert lines[1].startswith("refused"), probe.stdout


def test_the_workers_report_their_wall(
    seed_build: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Every worker of a live server is behind seccomp here, and the server logs it."""
    caplog.set_level(logging.INFO, logger="provkb.server.executor")
    with LiveServer(settings_for(BuildLayout(seed_build).trig, tmp_path)) as server:
        assert server.app.state.provkb.pool.walls == {SECCOMP}
    assert "sealed off the network by: seccomp" in caplog.text


def test_a_job_that_skips_the_guard_still_reaches_nothing(
    seed_build: Path, tmp_path: Path, listener: Listener
) -> None:
    """A SERVICE job marked as checked (the guard bypassed on purpose): the wall kills the
    worker, the pool answers 403 and replaces it."""
    settings = settings_for(BuildLayout(seed_build).trig, tmp_path, max_concurrent_queries=1)
    store = prepare_store(settings.dataset, settings.store_dir)

    async def run() -> tuple[int, bytes, bool]:
        pool = query_pool(settings)
        await pool.start(store)
        before = pool.worker_pids()
        try:
            job = QueryJob(
                query=f"SELECT * WHERE {{ SERVICE <{listener.url}/> {{ ?s ?p ?o }} }}",
                accept=None,
                deadline=time.time() + 10,
                max_rows=10,
                max_bytes=1 << 20,
                checked=True,
            )
            outcome = await pool.run(job)
            await asyncio.sleep(0.5)  # the pool replaces the killed worker meanwhile
            return outcome.status, outcome.body, pool.worker_pids() != before
        finally:
            await pool.close()

    status, body, replaced = asyncio.run(run())
    assert status == 403 and b"network-refused" in body, body
    assert replaced
