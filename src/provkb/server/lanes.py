"""A lane: a set of query workers handed out fairly among the clients waiting for one.

The server runs two lanes (see :mod:`provkb.server.executor`): ad-hoc SPARQL, and the requests
whose queries the project wrote (canned queries, IRI pages, Graph Store reads), so that ad-hoc
queries, however heavy, never hold the workers the others need.

Within a lane, a client runs at most ``per_client`` queries at once; its further queries wait.
A free worker goes to the waiting clients in turn (round robin), not to whoever asked first, so a
client that sends a hundred queries at once delays each other client by one query, not a hundred.
A client may have ``max_waiting`` queries waiting; past that it gets 429 at once.
"""

from __future__ import annotations

import asyncio
from collections import Counter, OrderedDict, deque
from typing import Generic, TypeVar

from provkb.server.errors import ApiError

Worker = TypeVar("Worker")


class Lane(Generic[Worker]):
    """Workers of one lane, their clients, and the queue of those waiting."""

    def __init__(self, name: str, size: int, per_client: int, max_waiting: int) -> None:
        self.name = name
        self.size = size
        self.per_client = per_client
        self.max_waiting = max_waiting
        self._idle: list[Worker] = []
        self._running: Counter[str] = Counter()
        self._waiting: OrderedDict[str, deque[asyncio.Future[Worker]]] = OrderedDict()

    def add(self, worker: Worker) -> None:
        """A worker ready for a job: a new one, or one back from a job."""
        self._idle.append(worker)
        self._dispatch()

    def release(self, client: str, worker: Worker | None) -> None:
        """``client``'s job is over; ``worker`` is free again (``None`` when it is being
        replaced: its successor comes through :meth:`add`)."""
        self._running[client] -= 1
        if self._running[client] <= 0:
            del self._running[client]
        if worker is not None:
            self._idle.append(worker)
        self._dispatch()

    async def acquire(self, client: str, timeout: float) -> Worker:
        """A worker for one of ``client``'s jobs, once its turn comes.

        Raises:
            ApiError: 429 when the client already has ``max_waiting`` queries waiting; 503 with
                ``Retry-After`` when no worker came within ``timeout`` seconds.
        """
        if self._idle and not self._waiting and self._running[client] < self.per_client:
            self._running[client] += 1
            return self._idle.pop()
        queue = self._waiting.get(client)
        if queue is not None and len(queue) >= self.max_waiting:
            raise ApiError(
                429,
                "too-many-concurrent-queries",
                f"you have {self.per_client} queries running and {self.max_waiting} waiting; "
                "wait for their answers",
                headers={"Retry-After": "1"},
            )
        turn: asyncio.Future[Worker] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(client, deque()).append(turn)
        # An idle worker may be waiting only for a client under its limit: this one, perhaps.
        self._dispatch()
        try:
            await asyncio.wait((turn,), timeout=timeout)
        except BaseException:
            # Cancelled while waiting (the server is stopping): give back a worker it was given.
            self._forget(client, turn)
            raise
        if turn.done():
            return turn.result()
        self._forget(client, turn)
        raise ApiError(
            503,
            "too-many-queries",
            f"all {self.size} query workers of the {self.name} lane are busy; retry shortly",
            headers={"Retry-After": "1"},
        )

    def _forget(self, client: str, turn: asyncio.Future[Worker]) -> None:
        if turn.done() and not turn.cancelled():
            self.release(client, turn.result())
            return
        turn.cancel()
        queue = self._waiting.get(client)
        if queue is not None:
            queue.remove(turn)
            if not queue:
                del self._waiting[client]

    def _dispatch(self) -> None:
        """Hand idle workers to waiting clients, in turn, within their per-client limit."""
        while self._idle and self._waiting:
            client = next((c for c in self._waiting if self._running[c] < self.per_client), None)
            if client is None:
                return
            queue = self._waiting[client]
            turn = queue.popleft()
            if queue:
                # Its next query waits behind every other waiting client's.
                self._waiting.move_to_end(client)
            else:
                del self._waiting[client]
            self._running[client] += 1
            turn.set_result(self._idle.pop())
