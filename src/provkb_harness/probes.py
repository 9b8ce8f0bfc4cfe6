"""Probes that notice a SPARQL server reaching out: a TCP listener that records every connection
and a FIFO that notices being opened for reading.

Shared by ``tests/test_server_closed.py`` (provkb) and ``bench/endpoint_comparison.py`` (any
server), so both hold servers to the same evidence.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path
from types import TracebackType


class Listener:
    """A TCP listener on 127.0.0.1 that accepts and records every connection."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        # A short accept timeout lets close() stop the loop promptly.
        self._socket.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.received.append(conn.recv(4096) or b"(connected)")
                except OSError:
                    self.received.append(b"(connected)")

    def close(self) -> None:
        """Stop accepting and release the port."""
        self._stop.set()
        self._thread.join()
        self._socket.close()

    def __enter__(self) -> Listener:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


class FifoWatch:
    """A FIFO at ``path`` and a thread that notices any reader opening it.

    Opening a FIFO's write end without blocking succeeds only while a reader has it open, so a
    poller catches any read; it then closes its end at once, so the reader sees an empty file
    instead of blocking.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path)
        self.opened = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._done.is_set():
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: nobody is reading
                time.sleep(0.01)
                continue
            self.opened.set()
            os.close(fd)
            return

    def close(self) -> None:
        """Stop watching (``opened`` keeps its state)."""
        self._done.set()
        self._thread.join()

    def __enter__(self) -> FifoWatch:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
