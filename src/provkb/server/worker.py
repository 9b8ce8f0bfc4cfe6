"""A query worker process: ``python -m provkb.server.worker STORE_PATH FD MEMORY_LIMIT``.

Started by :mod:`provkb.server.executor` as a plain subprocess (not through ``multiprocessing``,
whose spawn method re-imports the parent's ``__main__``: a script that creates the app without
an ``if __name__ == "__main__"`` guard would start servers recursively). It opens the store
read-only and answers the jobs that arrive on the socket ``FD`` until that socket closes, and
exits within a second of its server's death, even mid-query. Before anything else it seals
itself off the network (:mod:`provkb.server.sandbox`) and tells its server which wall is up.
"""

from __future__ import annotations

import dataclasses
import os
import resource
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection

import pyoxigraph as ox

from provkb.server.execution import execute, failure, out_of_memory
from provkb.server.query_text import PARSER_RECURSION_LIMIT
from provkb.server.sandbox import seal_network


def serve(store_path: str, conn: Connection, memory_limit: int, wall: str | None) -> None:
    """Open the store, say ``("ready", wall)``, then answer one job after another."""
    store = ox.Store.read_only(store_path)
    conn.send(("ready", wall))
    while True:
        try:
            job = conn.recv()
        except (EOFError, ConnectionResetError):
            return
        if job is None:
            return
        started = time.process_time()
        try:
            outcome = execute(store, job)
        except MemoryError:
            # The memory cap, reached in Python code (Rust code aborts instead: the parent
            # answers that one). The job's objects are gone once the exception is handled.
            outcome = out_of_memory(memory_limit)
        except Exception as error:  # a bug in one job must not take the worker down
            outcome = failure(500, "internal-error", f"{type(error).__name__}: {error}")
        outcome = dataclasses.replace(outcome, cost=time.process_time() - started)
        try:
            conn.send(outcome)
        except (BrokenPipeError, ConnectionResetError):
            return


def _exit_with(parent: int) -> None:
    """Exit as soon as the server process is gone, even in the middle of a query.

    An orphan would otherwise finish its query (minutes, for a cross product) before it noticed
    the closed socket. The check runs in a thread: pyoxigraph releases the GIL while it computes.
    """
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def main() -> None:
    """Entry point of the worker process: ``STORE_PATH FD MEMORY_LIMIT_BYTES``."""
    # First, while this process has one thread and has opened nothing: a user namespace needs
    # a single thread, and a seccomp filter binds the threads started after it.
    wall = seal_network()
    # The query guard's parser (pyparsing) recurses ~41 frames per nested parenthesis; the
    # limit leaves room for the nesting the server lets through (see query_text.py).
    sys.setrecursionlimit(PARSER_RECURSION_LIMIT)
    # No core file when the wall or a parser bomb kills the worker (it would hold the memory of
    # a query, and the server replaces the worker anyway).
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # Ctrl-C reaches the whole process group; the server decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A cross product under ORDER BY allocates ~400 MB/s (measured on the seed KB); the cap makes
    # such a query fail alone instead of exhausting the machine's memory. RLIMIT_DATA counts the
    # heap and anonymous mappings, not the store's memory-mapped files.
    limit = int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    threading.Thread(target=_exit_with, args=(os.getppid(),), daemon=True).start()
    serve(sys.argv[1], Connection(int(sys.argv[2])), limit, wall)


if __name__ == "__main__":
    main()
