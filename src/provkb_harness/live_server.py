"""A real provkb server for the tests: uvicorn on 127.0.0.1, a random port, in a thread.

The socket is bound before uvicorn starts (port 0), so two servers never race for a port; the
query workers are real processes; clients talk to it over real TCP.
"""

from __future__ import annotations

import dataclasses
import os
import socket
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn

from provkb.server.app import create_app
from provkb.server.executor import ADHOC, LIGHT
from provkb.server.http_protocol import http_protocol
from provkb.server.settings import ServerSettings

_START_TIMEOUT = 120.0


class LiveServer:
    """``with LiveServer(settings) as server:`` serves until the block ends; ``server.url``."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(settings)
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            lifespan="on",
            http=http_protocol(settings.request_read_timeout),
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    def __enter__(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the server stopped while starting (see the log above)")
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start in time")
            time.sleep(0.05)
        return self

    def wait_for_workers(self, timeout: float = 60.0) -> None:
        """Wait until every query worker killed earlier (at a deadline, say) has been replaced:
        on a busy machine a new worker takes seconds to start."""
        pool = self.app.state.provkb.pool
        wanted = {
            ADHOC: self.settings.max_concurrent_queries,
            LIGHT: self.settings.light_workers,
        }
        deadline = time.monotonic() + timeout
        while any(pool.started(lane) != count for lane, count in wanted.items()):
            if time.monotonic() > deadline:
                raise RuntimeError("the query workers did not come back")
            time.sleep(0.1)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._server.should_exit = True
        self._thread.join(60)
        self._socket.close()


def worker_pids(server: LiveServer, niceness: int | None = None) -> list[int]:
    """The process ids of ``server``'s query workers; with ``niceness``, of those running at it
    (the ad-hoc lane's workers run at ``settings.adhoc_niceness``, the light lane's at 0)."""
    store = str(server.settings.store_dir)
    base = os.nice(0)
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().decode(errors="replace")
            stat = (cmdline.parent / "stat").read_text()
        except OSError:
            continue
        if "provkb.server.worker" not in text or store not in text:
            continue
        # Field 19 of /proc/PID/stat, counted after the command name in parentheses.
        nice = int(stat.rsplit(")", 1)[1].split()[16])
        if niceness is None or nice == base + niceness:
            pids.append(int(cmdline.parent.name))
    return pids


def settings_for(dataset: Path, tmp: Path, **overrides: Any) -> ServerSettings:
    """Settings serving ``dataset``, with its dumps and store under ``tmp``."""
    base = ServerSettings(dataset=dataset, build_dir=dataset.parent, store_dir=tmp / "store")
    return dataclasses.replace(base, **overrides)
