"""Real SPARQL servers for the tests: Oxigraph server and Virtuoso, on 127.0.0.1, random ports.

Each runs as a child process with its own temporary database folder and is stopped (by its own
process id) when the ``with`` block ends.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_START_TIMEOUT = 120.0


@dataclass(frozen=True)
class Server:
    """Where a running server answers, and how to write to it."""

    name: str
    endpoint: str
    graph_store: str
    user: str | None = None
    password: str | None = None


def free_ports(count: int) -> list[int]:
    """``count`` distinct TCP ports nobody listens on right now (the server binds them a moment
    later); the probes stay open together so that the system cannot hand out one port twice."""
    with contextlib.ExitStack() as stack:
        probes = [
            stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            for _ in range(count)
        ]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    return free_ports(1)[0]


def _wait_until_answering(endpoint: str, process: subprocess.Popen[bytes], log: Path) -> None:
    query = urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{endpoint}: the server exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{endpoint}?{query}", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"{endpoint}: no answer in {_START_TIMEOUT} s:\n{log.read_text()[-3000:]}")


@contextmanager
def _running(command: list[str], endpoint: str, log: Path) -> Iterator[None]:
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_answering(endpoint, process, log)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def oxigraph_command() -> str | None:
    """The ``oxigraph`` server command of the PyPI package ``oxigraph``, if installed."""
    beside_python = Path(sys.executable).parent / "oxigraph"
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[Server]:
    """``oxigraph serve`` on a fresh on-disk store (default graph: only the default graph)."""
    command = oxigraph_command()
    if command is None:
        raise RuntimeError("the oxigraph command is missing: pip install -e '.[test]'")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    (folder / "oxigraph").mkdir()
    serve = [
        command,
        "serve",
        "--location",
        str(folder / "oxigraph"),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    with _running(serve, f"{base}/query", folder / "oxigraph.log"):
        yield Server("oxigraph", f"{base}/query", f"{base}/store")


# Virtuoso's defaults cut results silently: ResultSetMaxRows=10000 truncates a result set without
# an error, and MaxQueryExecutionTime turns a slow query into a partial ("anytime") answer. Both
# are lifted, as is the cost-estimate refusal, so that its answers can be compared with Oxigraph's.
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {db}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 4

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
"""


def virtuoso_command() -> str | None:
    """The Virtuoso server binary (Debian package virtuoso-opensource), if installed."""
    return shutil.which("virtuoso-t")


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[Server]:
    """``virtuoso-t +foreground`` with its own ini and database under ``folder``.

    The Graph Store used is ``/sparql-graph-crud-auth`` with Digest authentication as the
    database administrator (a fresh database's dba/dba): the anonymous ``/sparql-graph-crud``
    refuses writes unless the SPARQL user is granted SPARQL_UPDATE.
    """
    command = virtuoso_command()
    if command is None:
        raise RuntimeError("virtuoso-t is missing: run .ci/install-system-deps as root")
    db = folder / "virtuoso"
    db.mkdir()
    http_port, sql_port = free_ports(2)
    ini = db / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=db, http_port=http_port, sql_port=sql_port))
    base = f"http://127.0.0.1:{http_port}"
    serve = [command, "+foreground", "+configfile", str(ini)]
    with _running(serve, f"{base}/sparql", folder / "virtuoso.out"):
        yield Server("virtuoso", f"{base}/sparql", f"{base}/sparql-graph-crud-auth", "dba", "dba")
