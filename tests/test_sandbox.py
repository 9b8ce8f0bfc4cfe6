"""The second wall: a query worker cannot open a network connection even when the guard is
bypassed on purpose. Each mechanism is checked alone in a fresh process, then the real workers
of a pool are checked with a SERVICE job that skips the guard.
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from provkb.server.execution import QueryJob
from provkb.server.executor import QueryPool
from provkb.server.sandbox import NETWORK_NAMESPACE, SECCOMP
from provkb.server.store import prepare_store
from tests.live_server import LiveServer, settings_for
from tests.probes import Listener

# Run in a fresh process: the wall cannot be lifted once up.
_PROBE = """
import socket, sys
import pyoxigraph as ox
from provkb.server.sandbox import seal_network
print(seal_network((sys.argv[1],)))
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=5)
    print("socket: connected")
except OSError as error:
    print("socket: refused", error.errno)
try:
    list(ox.Store().query(f"SELECT * {{ SERVICE <http://127.0.0.1:{sys.argv[2]}/> {{ }} }}"))
    print("service: answered")
except OSError as error:
    print("service: refused")
"""


@pytest.fixture()
def listener() -> Iterator[Listener]:
    """The listener nothing may reach; asserted silent at the end."""
    spy = Listener()
    yield spy
    time.sleep(0.3)
    spy.close()
    assert spy.received == [], f"the listener was contacted: {spy.received}"


@pytest.mark.parametrize("mechanism", [SECCOMP, NETWORK_NAMESPACE])
def test_each_wall_alone_blocks_connections(mechanism: str, listener: Listener) -> None:
    port = listener.url.rsplit(":", 1)[1]
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE, mechanism, port],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    wall, socket_line, service_line = probe.stdout.splitlines()
    if wall == "None":
        pytest.skip(f"{mechanism} is not available on this machine")
    assert wall == mechanism
    assert socket_line.startswith("socket: refused"), probe.stdout
    assert service_line == "service: refused", probe.stdout


def test_the_workers_report_their_wall(
    seed_build: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Every worker of a live server is behind seccomp here, and the server logs it."""
    caplog.set_level(logging.INFO, logger="provkb.server.executor")
    with LiveServer(settings_for(seed_build / "provkb.trig", tmp_path)) as server:
        assert server.app.state.provkb.pool.walls == {SECCOMP}
    assert "sealed off the network by: seccomp" in caplog.text


def test_a_job_that_skips_the_guard_still_reaches_nothing(
    seed_build: Path, tmp_path: Path, listener: Listener
) -> None:
    """A SERVICE job marked as checked (the guard bypassed on purpose) fails in the worker."""
    store = prepare_store(seed_build / "provkb.trig", tmp_path / "store")

    async def run() -> tuple[int, bytes]:
        pool = QueryPool(1, 5.0, 2 * 1024**3)
        await pool.start(store)
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
            return outcome.status, outcome.body
        finally:
            await pool.close()

    status, body = asyncio.run(run())
    assert status == 500 and b"Permission denied" in body, body
