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

The workers are split into lanes (:mod:`provkb.server.lanes`): ad-hoc SPARQL runs in its own
lane, at a lower CPU priority, so that however heavy it is, the workers and the CPU that the
server's own queries (canned queries, IRI pages, Graph Store reads) need are never taken. A
client whose queries keep failing expensively is refused for a while (:mod:`provkb.server.clients`).

A query that has already run once, fast and well, in a worker runs in the server process itself
the next time (:class:`FastPath`): the store is read-only and never changes while it is served, so
the same job does the same work every time, and for a query of a millisecond the two process hops
cost more than the query.
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
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from provkb.server.clients import Penalties, current_client
from provkb.server.execution import (
    QueryJob,
    QueryOutcome,
    execute,
    failure,
    judged,
    out_of_memory,
)
from provkb.server.lanes import Lane
from provkb.server.query_guard import GuardedQuery, repeatable
from provkb.server.sandbox import KILLING_WALLS

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
ADHOC = "ad-hoc"
LIGHT = "light"
# A job that took its worker less CPU than this may run in the server process the next time:
# it holds up the event loop about as long as the two process hops it saves.
FAST_COST = 0.002
# Wall-clock time past which a job run in the server process is no longer trusted to be cheap.
FAST_WALL = 0.05
# Only short texts take the fast path: their verdicts are remembered, and a short text cannot
# nest deep enough to overflow the parser's stack (thousands of levels; see query_text.py).
_FAST_TEXT = 4096
_FAST_REMEMBERED = 1024
# A client that disconnects from a query that has run this long (seconds) gets a strike.
DISCONNECT_STRIKE = 1.0
# Outcomes of these errors cost the server a killed worker or a long computation: strikes
# against their client.
_STRIKES = {
    (503, "timeout"),
    (503, "worker-died"),
    (422, "out-of-memory"),
    (403, "network-refused"),
}


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

    def __init__(self, process: subprocess.Popen[bytes], sock: socket.socket) -> None:
        self.process = process
        self.sock = sock
        # Which wall keeps the worker off the network (provkb.server.sandbox), or None.
        self.wall: str | None = None

    @classmethod
    async def start(cls, store_path: Path, memory_limit: int, niceness: int) -> _Worker:
        """Start a worker and wait, on the event loop, until it has opened the store.

        No thread waits for it: a crash loop that replaces workers one after another must not
        take the threads (and the event loop's turns) that serving needs.
        """
        ours, theirs = socket.socketpair()
        with theirs:
            process = subprocess.Popen(
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
        if niceness:
            # Set from here, at once, so that the worker's start-up (imports, opening the store:
            # a crash loop replaces workers one after another) runs at its lane's priority too.
            # Anyone may lower the priority of their own processes; a refusal changes nothing.
            with contextlib.suppress(OSError):
                mine = os.getpriority(os.PRIO_PROCESS, 0)
                os.setpriority(os.PRIO_PROCESS, process.pid, mine + niceness)
        ours.setblocking(False)
        worker = cls(process, ours)
        try:
            ready = await asyncio.wait_for(worker.receive(), _SPAWN_TIMEOUT)
        except (OSError, EOFError, pickle.UnpicklingError, TimeoutError):
            ready = None
        except asyncio.CancelledError:
            # The server is stopping while this worker starts: no worker may outlive it.
            worker.kill()
            raise
        if not (isinstance(ready, tuple) and ready[0] == "ready"):
            await asyncio.to_thread(worker.kill)
            raise RuntimeError(f"a query worker did not start on {store_path}")
        worker.wall = ready[1]
        return worker

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


@dataclass(frozen=True)
class LaneConfig:
    """The size of a lane, how many of its workers one client may hold, how long a query waits
    for one (never past its deadline), the lane's CPU priority, and whether a query whose client
    disconnects is stopped (its worker killed and replaced) or left to finish."""

    workers: int
    per_client: int
    queue_timeout: float
    niceness: int = 0
    stop_on_disconnect: bool = True


class FastPath:
    """Jobs known to be cheap, run in the server process on its own read-only store handle.

    A job is known to be cheap when the very same job (text, dataset, base IRI, ``Accept``,
    caps) ran in a worker, succeeded, and took it less than :data:`FAST_COST` of CPU: the store
    is read-only and unchanged while served, so it does the same work again, and it cannot crash
    or exhaust memory here when it did not there. The same code runs it (deadline, caps); the
    verdicts of the most recent :data:`_FAST_REMEMBERED` jobs are kept.
    """

    def __init__(self) -> None:
        self._store: ox.Store | None = None
        # Each job's verdict of the query guard, when a worker judged it.
        self._cheap: OrderedDict[tuple[object, ...], GuardedQuery | None] = OrderedDict()

    def open(self, store_path: Path) -> None:
        """Open the store the workers serve, read-only."""
        self._store = ox.Store.read_only(str(store_path))

    @staticmethod
    def _key(job: QueryJob) -> tuple[object, ...] | None:
        if job.query is not None and len(job.query) > _FAST_TEXT:
            return None
        return (
            job.query,
            job.accept,
            job.max_rows,
            job.max_bytes,
            job.default_graphs,
            job.named_graphs,
            job.union_default,
            job.base_iri,
            job.graph_iri,
        )

    def run(self, job: QueryJob) -> QueryOutcome | None:
        """The outcome of a job known to be cheap, run here; ``None`` for any other job.

        A second wall behind :meth:`learn`'s: a job that took here more than
        :data:`FAST_WALL` of wall-clock time, or whose answer went past its caps, is forgotten,
        so that whatever made it costly runs in a worker, under its limits, from then on.
        """
        key = self._key(job)
        if key is None or self._store is None or key not in self._cheap:
            return None
        self._cheap.move_to_end(key)
        # Judged in the worker already: not parsed again here, on the event loop.
        verdict = self._cheap[key]
        began = time.perf_counter()
        outcome = execute(self._store, job if verdict is None else judged(job, verdict), True)
        if time.perf_counter() - began > FAST_WALL or outcome.status != 200:
            self._cheap.pop(key, None)
        return outcome

    def learn(self, job: QueryJob, outcome: QueryOutcome) -> None:
        """Remember a job a worker answered cheaply and well, if running it again does the same
        work (:func:`~provkb.server.query_guard.repeatable`: no ``NOW()``, ``RAND()``...)."""
        key = self._key(job)
        if key is None or outcome.status != 200 or outcome.cost >= FAST_COST:
            return
        text = outcome.verdict.text if outcome.verdict is not None else job.query
        if text is not None and not repeatable(text):
            return
        self._cheap[key] = outcome.verdict
        while len(self._cheap) > _FAST_REMEMBERED:
            self._cheap.popitem(last=False)


class QueryPool:
    """Worker processes in lanes; at most as many queries run in a lane as it has workers.

    A query that finds no free worker of its lane within the lane's ``queue_timeout`` gets 503
    with ``Retry-After``; a client refused by ``penalties`` gets 429 before it takes any.
    """

    def __init__(
        self,
        lanes: dict[str, LaneConfig],
        memory_limit: int,
        max_waiting: int,
        penalties: Penalties,
    ) -> None:
        self._memory_limit = memory_limit
        self._store_path: Path | None = None
        self._configs = lanes
        self._lanes: dict[str, Lane[_Worker]] = {
            name: Lane(name, config.workers, config.per_client, max_waiting)
            for name, config in lanes.items()
        }
        self._penalties = penalties
        self._workers: dict[_Worker, str] = {}
        self._respawns: set[asyncio.Task[None]] = set()
        self._closing = False
        self.fast = FastPath()

    @property
    def memory_limit(self) -> int:
        """Bytes one worker may allocate."""
        return self._memory_limit

    @property
    def store_path(self) -> Path | None:
        """The store the workers serve (named by its data digest); ``None`` before start."""
        return self._store_path

    def admit(self) -> None:
        """Refuse the current client if it is serving a penalty (for answers that need no
        worker, such as kept canned answers: a refused client is refused in every lane).

        Raises:
            ApiError: 429 for a client serving a penalty.
        """
        self._penalties.check(current_client.get())

    def started(self, lane: str) -> int:
        """How many workers of ``lane`` are running (busy or idle), not dead or starting."""
        return sum(1 for name in self._workers.values() if name == lane)

    @property
    def walls(self) -> set[str | None]:
        """The network walls of the live workers (``None``: a worker has none)."""
        return {worker.wall for worker in self._workers}

    def worker_pids(self) -> set[int]:
        """The process ids of the live workers (a test checks that none died)."""
        return {worker.process.pid for worker in self._workers}

    async def _spawn(self, lane: str) -> _Worker:
        assert self._store_path is not None, "start() names the store"
        config = self._configs[lane]
        worker = await _Worker.start(self._store_path, self._memory_limit, config.niceness)
        self._workers[worker] = lane
        return worker

    async def start(self, store_path: Path) -> None:
        """Start every worker on ``store_path`` (in parallel); return once each has opened it."""
        self._store_path = store_path
        await asyncio.to_thread(self.fast.open, store_path)
        names = [name for name, config in self._configs.items() for _ in range(config.workers)]
        workers = await asyncio.gather(*(self._spawn(name) for name in names))
        for name, worker in zip(names, workers, strict=True):
            self._lanes[name].add(worker)
        walls = self.walls
        if None in walls:
            log.warning(
                "query workers can open network connections: neither seccomp (libseccomp) nor "
                "a network namespace is available here, so the query guard is the only wall"
            )
        else:
            sealed = sorted(wall for wall in walls if wall is not None)
            log.info("query workers are sealed off the network by: %s", ", ".join(sealed))

    async def close(self) -> None:
        """Stop every worker, busy or idle."""
        self._closing = True
        for task in list(self._respawns):
            task.cancel()
        for worker in list(self._workers):
            await asyncio.to_thread(worker.stop)
        self._workers.clear()

    async def _respawn(self, old: _Worker, lane: str) -> None:
        await asyncio.to_thread(old.kill)
        if self._closing:
            return
        try:
            worker = await self._spawn(lane)
        except RuntimeError:
            log.exception("could not replace a query worker; the pool is one worker smaller")
            return
        self._lanes[lane].add(worker)

    def _replace(self, worker: _Worker) -> None:
        task = asyncio.create_task(self._respawn(worker, self._workers.pop(worker)))
        self._respawns.add(task)
        task.add_done_callback(self._respawns.discard)

    async def run(
        self, job: QueryJob, receive: Receive | None = None, lane: str = ADHOC
    ) -> QueryOutcome:
        """Run a job for the current client (:data:`current_client`) in ``lane``: in this
        process when it is known to be cheap, otherwise on a free worker of the lane; 503 past
        its deadline; :class:`ClientDisconnected` when the client of ``receive`` (its ASGI
        channel) disconnects first. Either way the worker is killed and replaced.

        Raises:
            ApiError: 429 for a client serving a penalty or with too many queries waiting; 503
                when no worker of the lane came free in time.
        """
        client = current_client.get()
        self._penalties.check(client)
        fast = self.fast.run(job)
        if fast is not None:
            return fast
        lanes = self._lanes[lane]
        arrived = time.time()
        wait = min(self._configs[lane].queue_timeout, max(0.0, job.deadline - arrived))
        worker = await lanes.acquire(client, wait)
        began = time.time()
        healthy = False
        try:
            watched = receive if self._configs[lane].stop_on_disconnect else None
            outcome, healthy = await self._exchange(worker, job, watched)
        except ClientDisconnected:
            # The killed worker and the work thrown away cost the client in proportion: a
            # whole strike for a query abandoned after DISCONNECT_STRIKE seconds (or half its
            # deadline), a share of one for less. A client that stops waiting for a quick
            # answer (a load generator that stops with requests in flight) pays next to
            # nothing; one that abandons heavy queries just before a second earns strikes.
            ran = time.time() - began
            self._penalties.strike(
                client, ran / min(DISCONNECT_STRIKE, (job.deadline - arrived) / 2)
            )
            raise
        finally:
            if healthy:
                lanes.release(client, worker)
            else:
                lanes.release(client, None)
                self._replace(worker)
        if (outcome.status, outcome.code) in _STRIKES and client_to_blame(
            outcome, job.deadline - arrived, time.time() - began
        ):
            self._penalties.strike(client)
        elif worker.wall in KILLING_WALLS:
            # Behind another wall a query that tried to connect (SERVICE SILENT the guard
            # missed) could succeed, and would then run here, in the unsealed server.
            self.fast.learn(job, outcome)
        return outcome

    async def _death(self, worker: _Worker, job: QueryJob) -> QueryOutcome:
        """The outcome of a job whose worker died under it."""
        try:
            status = await asyncio.to_thread(worker.process.wait, 5)
        except subprocess.TimeoutExpired:
            status = None
        if status == -signal.SIGABRT:
            # Rust aborts when an allocation fails: the query hit the worker's memory cap.
            return out_of_memory(self._memory_limit)
        if status == -signal.SIGSYS:
            # The seccomp wall (provkb.server.sandbox): the query tried to open a socket, so the
            # query guard missed something. A bug to fix, hence the warning.
            log.warning("the network wall stopped a query the guard let through: %r", job.query)
            return failure(
                403,
                "network-refused",
                "the query tried to open a network connection, which this endpoint never does",
            )
        return failure(503, "worker-died", "the query worker stopped unexpectedly")

    async def _exchange(
        self, worker: _Worker, job: QueryJob, receive: Receive | None
    ) -> tuple[QueryOutcome, bool]:
        try:
            await worker.send(job)
        except OSError:
            # The worker died while idle (the system's OOM killer, say).
            return await self._death(worker, job), False
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
                return await self._death(worker, job), False
            assert isinstance(outcome, QueryOutcome)
            return outcome, True
        if watcher is not None and watcher in done:
            raise ClientDisconnected
        message = "the query ran past its deadline and was cancelled"
        return failure(503, "timeout", message, cancelled_by="killing its worker process"), False


def client_to_blame(outcome: QueryOutcome, budget: float, ran: float) -> bool:
    """Whether a failed query's client is to blame: a crash or the memory cap always is; a
    timeout only when the query ran for at least half its time (one that waited for a worker
    most of it, on a busy server, timed out through no fault of its client's)."""
    return outcome.code != "timeout" or ran >= budget / 2


async def wait_for_disconnect(receive: Receive) -> None:
    """Return when the client closes the connection (to be called once the body is read).

    After the request body, the next ASGI message a server delivers is ``http.disconnect``.
    """
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
