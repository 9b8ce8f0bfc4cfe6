"""Query execution off the event loop, with deadlines that hold: a pool of worker processes.

Why processes and not threads: pyoxigraph releases the GIL while it evaluates, so a thread pool
keeps the event loop responsive, but a running Oxigraph query cannot be cancelled from Python. A
query that computes for a long time before its first row (``ORDER BY`` or ``COUNT`` over a cross
product) would keep its thread, and a CPU, busy long after its client got its 503. A worker
process can be killed at the deadline, and that frees everything at once (the processes are started
fresh rather than forked: the server runs threads, and a fork can copy a held lock into the
child). Each worker opens the
on-disk store read-only, so workers share the data through the page cache; a killed worker is
replaced in the background.

Workers also check the deadline between result rows themselves, which ends a query that produces
rows slowly with a clean 503 before the parent has to kill anything. Both paths are measured in
the tests (tests/test_server_limits.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from provkb.server.errors import ApiError
from provkb.server.execution import QueryJob, QueryOutcome, failure

log = logging.getLogger(__name__)

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
_SPAWN_TIMEOUT = 120.0
# A worker checks the deadline between rows and answers 503 itself, staying alive; the parent
# kills it only if it has not answered this long after the deadline (it is computing before its
# first row, where no check can run).
KILL_GRACE = 0.5


class ClientDisconnected(Exception):
    """The client went away while its query ran; the query was stopped."""


def _python_path() -> str:
    # The worker must import this very provkb, installed or not.
    here = str(Path(__file__).resolve().parents[2])
    return os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)


class _Worker:
    """One worker process (:mod:`provkb.server.worker`) and the parent's end of its socket."""

    def __init__(self, store_path: Path, memory_limit: int) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "provkb.server.worker",
                    str(store_path),
                    str(theirs.fileno()),
                    str(memory_limit),
                ],
                pass_fds=[theirs.fileno()],
                env={**os.environ, "PYTHONPATH": _python_path()},
            )
        self.conn = Connection(ours.detach())
        if not self.conn.poll(_SPAWN_TIMEOUT) or self.conn.recv() != "ready":
            self.kill()
            raise RuntimeError(f"a query worker did not start on {store_path}")

    def kill(self) -> None:
        """Stop the process at once, whatever it is doing."""
        self.process.kill()
        self.process.wait()
        self.conn.close()

    def stop(self) -> None:
        """Ask an idle worker to exit, killing it if it does not."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(2)
        self.kill()


class QueryPool:
    """A fixed number of worker processes; at most ``size`` queries run at once.

    A query that finds no free worker within ``queue_timeout`` seconds gets 503 with
    ``Retry-After``.
    """

    def __init__(self, size: int, queue_timeout: float, memory_limit: int) -> None:
        self._memory_limit = memory_limit
        self._store_path: Path | None = None
        self._size = size
        self._queue_timeout = queue_timeout
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._respawns: set[asyncio.Task[None]] = set()
        self._closing = False

    def _spawn(self) -> _Worker:
        assert self._store_path is not None, "start() names the store"
        worker = _Worker(self._store_path, self._memory_limit)
        self._workers.add(worker)
        return worker

    async def start(self, store_path: Path) -> None:
        """Start every worker on ``store_path`` (in parallel); return once each has opened it."""
        self._store_path = store_path
        workers = await asyncio.gather(*(asyncio.to_thread(self._spawn) for _ in range(self._size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        """Stop every worker, busy or idle."""
        self._closing = True
        for task in list(self._respawns):
            task.cancel()
        for worker in list(self._workers):
            await asyncio.to_thread(worker.stop)
        self._workers.clear()

    async def _respawn(self, old: _Worker) -> None:
        await asyncio.to_thread(old.kill)
        self._workers.discard(old)
        if self._closing:
            return
        try:
            worker = await asyncio.to_thread(self._spawn)
        except RuntimeError:
            log.exception("could not replace a query worker; the pool is one worker smaller")
            return
        self._idle.put_nowait(worker)

    def _replace(self, worker: _Worker) -> None:
        task = asyncio.create_task(self._respawn(worker))
        self._respawns.add(task)
        task.add_done_callback(self._respawns.discard)

    async def run(self, job: QueryJob, receive: Receive | None = None) -> QueryOutcome:
        """Run a job on a free worker; 503 past its deadline; :class:`ClientDisconnected` when
        the client of ``receive`` (its ASGI channel) disconnects first. Either way the worker is
        killed and replaced."""
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=self._queue_timeout)
        except TimeoutError:
            raise ApiError(
                503,
                "too-many-queries",
                f"all {self._size} query workers are busy; retry shortly",
                headers={"Retry-After": "1"},
            ) from None
        healthy = False
        try:
            outcome, healthy = await self._exchange(worker, job, receive)
            return outcome
        finally:
            if healthy:
                self._idle.put_nowait(worker)
            else:
                self._replace(worker)

    async def _death(self, worker: _Worker) -> QueryOutcome:
        """The outcome of a job whose worker died under it."""
        try:
            status = await asyncio.to_thread(worker.process.wait, 5)
        except subprocess.TimeoutExpired:
            status = None
        if status == -signal.SIGABRT:
            # Rust aborts when an allocation fails: the query hit the worker's memory cap.
            mib = self._memory_limit // 2**20
            return failure(
                422,
                "out-of-memory",
                f"the query needed more than the {mib} MiB a query may use; narrow it",
            )
        return failure(503, "worker-died", "the query worker stopped unexpectedly")

    async def _exchange(
        self, worker: _Worker, job: QueryJob, receive: Receive | None
    ) -> tuple[QueryOutcome, bool]:
        loop = asyncio.get_running_loop()
        try:
            worker.conn.send(job)
        except OSError:
            # The worker died while idle (the system's OOM killer, say).
            return await self._death(worker), False
        readable: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()
        loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
        watcher = asyncio.ensure_future(wait_for_disconnect(receive)) if receive else None
        try:
            waiters: set[asyncio.Future[Any]] = {readable}
            if watcher is not None:
                waiters.add(watcher)
            done, _ = await asyncio.wait(
                waiters,
                timeout=max(0.0, job.deadline - time.time()) + KILL_GRACE,
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            loop.remove_reader(fd)
            if watcher is not None and not watcher.done():
                watcher.cancel()
        if readable in done:
            try:
                # The body can be megabytes: read it off the event loop.
                return await asyncio.to_thread(worker.conn.recv), True
            except (EOFError, OSError):
                return await self._death(worker), False
        if watcher is not None and watcher in done:
            raise ClientDisconnected
        message = "the query ran past its deadline and was cancelled"
        return failure(503, "timeout", message, cancelled_by="killing its worker process"), False


async def wait_for_disconnect(receive: Receive) -> None:
    """Return when the client closes the connection (to be called once the body is read).

    After the request body, the next ASGI message a server delivers is ``http.disconnect``.
    """
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
