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
import pickle
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
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
# Outcomes larger than this are unpickled off the event loop (a copy of many megabytes).
_LARGE_MESSAGE = 1 << 20
_LENGTH = struct.Struct("!i")
_LONG_LENGTH = struct.Struct("!Q")


class ClientDisconnected(Exception):
    """The client went away while its query ran; the query was stopped."""


def _python_path() -> str:
    # The worker must import this very provkb, installed or not.
    here = str(Path(__file__).resolve().parents[2])
    return os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)


def _frame(message: object) -> bytes:
    """``message`` pickled and framed as :class:`multiprocessing.connection.Connection` does.

    The worker reads and writes its socket with a ``Connection``; the parent speaks the same
    framing (a big-endian length, ``-1`` then an 8-byte length past 2 GiB) on a non-blocking
    socket instead, so that it can wait for and read answers on the event loop itself: handing
    the blocking ``Connection.recv`` to a thread cost a thread hop on every query.
    """
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    if len(body) > 0x7FFFFFFF:
        return _LENGTH.pack(-1) + _LONG_LENGTH.pack(len(body)) + body
    return _LENGTH.pack(len(body)) + body


async def _read_exactly(
    loop: asyncio.AbstractEventLoop, sock: socket.socket, size: int
) -> bytearray:
    buffer = bytearray(size)
    view = memoryview(buffer)
    done = 0
    while done < size:
        count = await loop.sock_recv_into(sock, view[done:])
        if count == 0:
            raise EOFError("the worker closed its socket")
        done += count
    return buffer


async def _read_message(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> object:
    """One framed, pickled message from a worker, read on the event loop."""
    (size,) = _LENGTH.unpack(await _read_exactly(loop, sock, _LENGTH.size))
    if size == -1:
        (size,) = _LONG_LENGTH.unpack(await _read_exactly(loop, sock, _LONG_LENGTH.size))
    body = await _read_exactly(loop, sock, size)
    if size > _LARGE_MESSAGE:
        return await asyncio.to_thread(pickle.loads, body)
    return pickle.loads(body)


class _Worker:
    """One worker process (:mod:`provkb.server.worker`) and the parent's end of its socket.

    The socket is kept open for the worker's whole life (one per worker, not per query) and is
    non-blocking once the worker has said it is ready.
    """

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
        self.sock = ours
        try:
            # Blocking, in the thread that spawns the worker: opening a large store takes a while.
            ours.settimeout(_SPAWN_TIMEOUT)
            ready = self._read_blocking()
        except (OSError, EOFError, pickle.UnpicklingError):
            ready = None
        if not (isinstance(ready, tuple) and ready[0] == "ready"):
            self.kill()
            raise RuntimeError(f"a query worker did not start on {store_path}")
        # Which wall keeps the worker off the network (provkb.server.sandbox), or None.
        self.wall: str | None = ready[1]
        ours.setblocking(False)

    def _read_blocking(self) -> object:
        def exactly(size: int) -> bytes:
            data = b""
            while len(data) < size:
                chunk = self.sock.recv(size - len(data))
                if not chunk:
                    raise EOFError("the worker closed its socket")
                data += chunk
            return data

        (size,) = _LENGTH.unpack(exactly(_LENGTH.size))
        return pickle.loads(exactly(size))

    async def send(self, message: object) -> None:
        """Send one message (a job, or ``None`` to stop) without blocking the event loop."""
        await asyncio.get_running_loop().sock_sendall(self.sock, _frame(message))

    async def receive(self) -> object:
        """The worker's next message, read on the event loop."""
        return await _read_message(asyncio.get_running_loop(), self.sock)

    def kill(self) -> None:
        """Stop the process at once, whatever it is doing."""
        self.process.kill()
        self.process.wait()
        self.sock.close()

    def stop(self) -> None:
        """Ask an idle worker to exit, killing it if it does not."""
        # A few bytes into the idle socket's empty buffer: a non-blocking send cannot fall short.
        with contextlib.suppress(OSError):
            self.sock.send(_frame(None))
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

    @property
    def walls(self) -> set[str | None]:
        """The network walls of the live workers (``None``: a worker has none)."""
        return {worker.wall for worker in self._workers}

    def worker_pids(self) -> set[int]:
        """The process ids of the live workers (a test checks that none died)."""
        return {worker.process.pid for worker in self._workers}

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
        walls = self.walls
        if None in walls:
            log.warning(
                "query workers can open network connections: neither seccomp (libseccomp) nor "
                "a network namespace is available here, so the query guard is the only wall"
            )
        else:
            log.info("query workers are sealed off the network by: %s", ", ".join(sorted(walls)))

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
            # A free worker is taken at once; wait_for would wrap even that in a task.
            worker = self._idle.get_nowait()
        except asyncio.QueueEmpty:
            worker = None
        try:
            if worker is None:
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
        try:
            await worker.send(job)
        except OSError:
            # The worker died while idle (the system's OOM killer, say).
            return await self._death(worker), False
        answer = asyncio.ensure_future(worker.receive())
        watcher = asyncio.ensure_future(wait_for_disconnect(receive)) if receive else None
        try:
            waiters: set[asyncio.Future[Any]] = {answer}
            if watcher is not None:
                waiters.add(watcher)
            done, _ = await asyncio.wait(
                waiters,
                timeout=max(0.0, job.deadline - time.time()) + KILL_GRACE,
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            for task in (answer, watcher):
                if task is not None and not task.done():
                    task.cancel()
        if answer in done:
            try:
                outcome = answer.result()
            except (EOFError, OSError, pickle.UnpicklingError):
                return await self._death(worker), False
            assert isinstance(outcome, QueryOutcome)
            return outcome, True
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
