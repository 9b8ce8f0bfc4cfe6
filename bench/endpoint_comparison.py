"""provkb serve next to the SPARQL endpoints its users know, on the same checks.

Each server runs on 127.0.0.1 on a free port, with its defaults except what it needs to load the
data and to bind to loopback (the flags are printed with the results); one more column runs the
Oxigraph server with its own switches for a public endpoint (read-only, a timeout), so that
"Oxigraph, configured" is measured too and not only "Oxigraph, as installed". Each runs twice:

1. 1. over the W3C SPARQL 1.1 Protocol test data (``data1-3.nt``, each in the named graph the
   manifest gives it), for the manifest's tests, run by the same code as
   ``tests/test_w3c_protocol.py`` (``provkb_harness/w3c_protocol.py``), re-targeted at each server's
   own query and update URLs. The update tests are held to a read-only endpoint's answer, a refusal
   (4xx): provkb's contract, and the only answer that leaves the other tests' data alone;
2. over the seed KB (built from this checkout into a temporary folder), for the checks of
   ``tests/test_server_protocol.py``, ``tests/test_server_closed.py`` and
   ``tests/test_server_limits.py`` that make sense for any endpoint.

provkb's own extras (JSON error bodies, its error codes) are not asked of the others. Servers:
``provkb serve``; the bare Oxigraph server (PyPI ``oxigraph``); rdflib-endpoint (PyPI); Apache
Jena Fuseki only if Debian packages it here (it says so when it does not, and nothing else is
downloaded). Every request has a client timeout, every loop a bound, and every server is stopped
(its whole process group, by its own id) at the end, on failure too.

Writes a Markdown table (rows: checks; columns: servers) to standard output and to
``build/bench/endpoint-comparison.md``. Exit status 0 whatever the servers do: it measures.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import httpx
import rdflib

# The W3C runner and the probes are the tests' own (one implementation for both).
from provkb.namespaces import DEFAULT_BASE
from provkb_harness.probes import FifoWatch, Listener
from provkb_harness.w3c_protocol import (
    EXPECTED_REFUSALS,
    MISSING,
    SUITE,
    ProtocolCase,
    all_cases,
    dataset_nquads,
    run_case,
)

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
START_LIMIT = 600.0  # seconds for a server to load the seed KB and answer (rdflib parses slowly)
REQUEST_TIMEOUT = 30.0
PERSON = DEFAULT_BASE + "id/person/bulut-alemdar"  # in the seed KB, as in the protocol tests
MARK = "urn:x-provkb-bench:"
RDF_MEDIA = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}
# Runaway queries: cross products of the whole dataset with itself (about 10^8 combinations on
# the seed KB, 10^13 for three copies), in GRAPH patterns because the servers differ on what the
# default graph is (the Oxigraph server's is empty here). The project's limit tests use the same
# shapes: one computes before its first row (COUNT), one streams rows.
RUNAWAY = {
    "runaway COUNT, 2-way cross product → error status within the deadline": (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } }"
    ),
    "runaway COUNT, 3-way cross product → error status within the deadline": (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } "
        "GRAPH ?g3 { ?h ?i ?j } }"
    ),
    "runaway rows, 2-way cross product streaming → error status, not a cut 200": (
        "SELECT * WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } }"
    ),
}
SIMPLE = "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 5"
JSON_RESULTS = {"Accept": "application/sparql-results+json"}


def log(message: str) -> None:
    """Progress on standard error, with the time."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- results ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One cell: passed or not, and why in a few words."""

    ok: bool | None  # None: not run
    reason: str = ""

    def cell(self) -> str:
        """The Markdown table cell."""
        word = {True: "pass", False: "fail", None: "not run"}[self.ok]
        text = re.sub(r"\s+", " ", self.reason).strip().replace("|", "\\|")
        if len(text) > 110:
            text = text[:107] + "…"
        return f"{word}: {text}" if text else word


def passed(reason: str = "") -> Outcome:
    """A passed check."""
    return Outcome(True, reason)


def failed(reason: str) -> Outcome:
    """A failed check."""
    return Outcome(False, reason)


# -- servers ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """Where a running server answers queries and where it takes updates."""

    query_url: str
    update_url: str | None = None  # None: updates go to query_url

    @property
    def update_urls(self) -> list[str]:
        """Every URL an update could be sent to (the query URL, and the update URL if apart)."""
        return list(dict.fromkeys([self.query_url, self.update_url or self.query_url]))


@dataclass
class ServerKind:
    """How to start one kind of server on a dataset file; ``flags`` says what was changed."""

    name: str
    flags: str
    start: Callable[[Path, Path, int], tuple[list[list[str]], list[str], Endpoint]]
    versions: list[str] = field(default_factory=list)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _provkb(data: Path, folder: Path, port: int) -> tuple[list[list[str]], list[str], Endpoint]:
    # A copy per run: provkb keeps its on-disk store beside the dataset it serves.
    copy = folder / data.name
    shutil.copyfile(data, copy)
    serve = [str(BIN / "provkb"), "serve", "--data", str(copy), "--port", str(port)]
    return [], serve, Endpoint(f"http://127.0.0.1:{port}/sparql")


def _oxigraph(data: Path, folder: Path, port: int) -> tuple[list[list[str]], list[str], Endpoint]:
    store = folder / "oxigraph-store"
    command = str(BIN / "oxigraph")
    load = [command, "load", "--location", str(store), "--file", str(data)]
    serve = [command, "serve", "--location", str(store), "--bind", f"127.0.0.1:{port}"]
    base = f"http://127.0.0.1:{port}"
    return [load], serve, Endpoint(f"{base}/query", f"{base}/update")


def _oxigraph_hardened(
    data: Path, folder: Path, port: int
) -> tuple[list[list[str]], list[str], Endpoint]:
    # Oxigraph's own switches for a public endpoint, for comparison with its defaults.
    store = folder / "oxigraph-store"
    command = str(BIN / "oxigraph")
    load = [command, "load", "--location", str(store), "--file", str(data)]
    serve = [command, "serve-read-only", "--location", str(store)]
    serve += ["--bind", f"127.0.0.1:{port}", "--timeout-s", "10"]
    base = f"http://127.0.0.1:{port}"
    return [load], serve, Endpoint(f"{base}/query", f"{base}/update")


def _rdflib_endpoint(
    data: Path, folder: Path, port: int
) -> tuple[list[list[str]], list[str], Endpoint]:
    command = str(BIN / "rdflib-endpoint")
    serve = [command, "serve", str(data), "--host", "127.0.0.1", "--port", str(port)]
    return [], serve, Endpoint(f"http://127.0.0.1:{port}/")


def _version(package: str) -> str:
    try:
        return f"{package} {importlib.metadata.version(package)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{package} (not installed)"


SERVERS = [
    ServerKind(
        "provkb serve",
        "`provkb serve --data DATA --port PORT` (127.0.0.1 is its default address); "
        "otherwise its defaults (10 s deadline, 10,000 rows, 4 workers)",
        _provkb,
        ["provkb", "pyoxigraph"],
    ),
    ServerKind(
        "Oxigraph server",
        "`oxigraph load --location DIR --file DATA`, then "
        "`oxigraph serve --location DIR --bind 127.0.0.1:PORT`; otherwise its defaults",
        _oxigraph,
        ["oxigraph"],
    ),
    ServerKind(
        "Oxigraph, read-only + timeout",
        "not its defaults, for comparison: `oxigraph serve-read-only --location DIR "
        "--bind 127.0.0.1:PORT --timeout-s 10` (10 s: provkb's default deadline)",
        _oxigraph_hardened,
        ["oxigraph"],
    ),
    ServerKind(
        "rdflib-endpoint",
        "`rdflib-endpoint serve DATA --host 127.0.0.1 --port PORT`; otherwise its defaults "
        "(updates off)",
        _rdflib_endpoint,
        ["rdflib-endpoint", "rdflib"],
    ),
]


def fuseki_absent() -> str | None:
    """Why Fuseki is not run here, or None if Debian offers a package named ``fuseki``.

    Only Debian's package index is asked (``apt-cache``); nothing is downloaded from elsewhere.
    """
    if shutil.which("apt-cache") is None:
        return "no apt-cache on this machine, so no Debian package to install Fuseki from"
    try:
        policy = subprocess.run(
            ["apt-cache", "policy", "fuseki"], capture_output=True, text=True, timeout=60
        ).stdout
        search = subprocess.run(
            ["apt-cache", "search", "fuseki"], capture_output=True, text=True, timeout=60
        ).stdout
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"apt-cache did not answer ({error})"
    candidate = re.search(r"Candidate:\s*(\S+)", policy)
    if candidate and candidate.group(1) != "(none)":
        return (
            f"Debian offers fuseki {candidate.group(1)}, but this bench does not drive it yet: "
            "add a ServerKind for it"
        )
    found = ", ".join(line.split(" - ")[0] for line in search.splitlines()) or "nothing"
    return (
        "Debian has no package named fuseki here (`apt-cache policy fuseki`: no candidate; "
        f"`apt-cache search fuseki`: {found}); Debian's Jena package, libapache-jena-java, holds "
        "the Jena library jars (ARQ, TDB2, …) and no Fuseki server. Nothing is downloaded from "
        "elsewhere, so Fuseki is not in the table"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server and everything it started: its own process group (it leads it), by id."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)
    # provkb's query workers are in the group too: make sure none outlives its server.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _wait_until_answering(
    endpoint: Endpoint, process: subprocess.Popen[bytes], log_file: Path
) -> None:
    deadline = time.monotonic() + START_LIMIT
    with httpx.Client(timeout=10) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                tail = log_file.read_text(errors="replace")[-1500:]
                raise RuntimeError(f"exited with {process.returncode} before answering: {tail}")
            with contextlib.suppress(httpx.HTTPError):
                response = client.get(endpoint.query_url, params={"query": "ASK {}"})
                if response.status_code == 200:
                    return
            time.sleep(0.3)
    raise RuntimeError(f"no answer within {START_LIMIT:.0f} s")


@contextlib.contextmanager
def running(kind: ServerKind, data: Path, folder: Path) -> Iterator[Endpoint]:
    """``kind`` serving ``data`` on a free port of 127.0.0.1 until the block ends."""
    folder.mkdir(parents=True)
    port = free_port()
    preparations, serve, endpoint = kind.start(data, folder, port)
    for step in preparations:
        done = subprocess.run(step, capture_output=True, text=True, timeout=START_LIMIT)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(step[:2])} failed: {done.stderr[-1500:]}")
    log_file = folder / "server.log"
    with log_file.open("wb") as output:
        # Its own session: the server and any children it spawns can be stopped as one group.
        process = subprocess.Popen(
            serve, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True
        )
    try:
        _wait_until_answering(endpoint, process, log_file)
        yield endpoint
    finally:
        _stop(process)


# -- the W3C protocol suite ------------------------------------------------------------------------


def run_w3c(endpoint: Endpoint, cases: list[ProtocolCase]) -> dict[str, Outcome]:
    """Every manifest case against one server; updates last, since a server that accepts
    ``CLEAR ALL`` would otherwise empty the data of the tests after it. Each case on a connection
    of its own: a server that drops a kept-alive connection after an error (uvicorn after a 500)
    would otherwise fail the next case for it."""
    outcomes: dict[str, Outcome] = {}
    for case in sorted(cases, key=lambda c: c.is_update):
        try:
            with httpx.Client(timeout=REQUEST_TIMEOUT) as client:
                run_case(client, case, endpoint.query_url, endpoint.update_url, json_errors=False)
        except AssertionError as error:
            outcomes[case.name] = failed(str(error) or "assertion failed")
        except httpx.HTTPError as error:
            outcomes[case.name] = failed(f"{type(error).__name__}: {error}")
        except Exception as error:  # a body that does not parse, for one
            outcomes[case.name] = failed(f"{type(error).__name__}: {error}")
        else:
            outcomes[case.name] = passed()
    return outcomes


# -- checks on the seed KB -------------------------------------------------------------------------


def _media(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _snippet(response: httpx.Response, size: int = 70) -> str:
    return re.sub(r"\s+", " ", response.text[:size])


def check_malformed(client: httpx.Client, endpoint: Endpoint) -> Outcome:
    """A syntax error (a stray ``}`` on line 4, column 1): 400 whose body gives the parser's
    message with a position; the cell quotes it, so how exact each parser is can be seen."""
    query = "SELECT ?s\nWHERE {\n  ?s ?p \n}"
    response = client.get(endpoint.query_url, params={"query": query})
    if response.status_code != 400:
        return failed(f"status {response.status_code}: {_snippet(response)}")
    try:
        body = response.json()
    except ValueError:
        body = None
    message = str(body.get("message", response.text)) if isinstance(body, dict) else response.text
    # Line and column where given (rdflib also gives a character offset, first).
    position = None
    for pattern in (r"line\W{0,3}\d+\W{1,3}col(umn)?\W{0,3}\d+", r"\b\d+:\d+\b", r"at char \d+"):
        position = position or re.search(pattern, message, re.IGNORECASE)
    if position is None:
        return failed(f"400 without a position: {message[:70]}")
    start, end = max(0, position.start() - 40), position.end() + 25
    return passed(f"400, “…{message[start:end].strip()}…”")


def check_406(client: httpx.Client, endpoint: Endpoint) -> Outcome:
    """Accept that no format of the result fits: 406."""
    query = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1"
    answers = []
    for accept in ("image/png", "text/turtle"):
        response = client.get(
            endpoint.query_url, params={"query": query}, headers={"Accept": accept}
        )
        answers.append((accept, response.status_code, _media(response)))
    if all(status == 406 for _, status, _ in answers):
        return passed("406 for image/png and for text/turtle on a SELECT")
    return failed("; ".join(f"{a} → {s} {m}" for a, s, m in answers if s != 406))


def check_415(client: httpx.Client, endpoint: Endpoint) -> Outcome:
    """A POST body that is neither a form nor ``application/sparql-query``: 415."""
    response = client.post(
        endpoint.query_url, content=b"ASK {}", headers={"Content-Type": "text/plain"}
    )
    if response.status_code == 415:
        return passed("415")
    return failed(f"text/plain → {response.status_code}: {_snippet(response, 50)}")


def check_describe(client: httpx.Client, endpoint: Endpoint) -> Outcome:
    """DESCRIBE (with the client's default ``Accept: */*``) comes back in an RDF media type."""
    response = client.get(endpoint.query_url, params={"query": f"DESCRIBE <{PERSON}>"})
    media = _media(response)
    if response.status_code != 200:
        return failed(f"status {response.status_code}: {_snippet(response)}")
    if media not in RDF_MEDIA:
        return failed(f"answered as {media or 'no media type'}")
    try:
        graph = rdflib.Dataset().parse(data=response.content, format=RDF_MEDIA[media])
    except Exception as error:
        return failed(f"{media} that does not parse: {error}")
    return passed(f"{media}, {len(graph)} triples")


def check_update(client: httpx.Client, endpoint: Endpoint) -> Outcome:
    """An update, direct and by form, at the query URL and at the update URL (when the server
    has one): each refused (4xx), and the data unchanged."""
    update = f'INSERT DATA {{ <{MARK}s> <{MARK}p> "written" }}'
    answers = []
    for url in endpoint.update_urls:
        direct = client.post(
            url, content=update.encode(), headers={"Content-Type": "application/sparql-update"}
        )
        form = client.post(url, data={"update": update})
        path = httpx.URL(url).path
        answers += [(f"{path} direct", direct.status_code), (f"{path} form", form.status_code)]
    ask = client.get(
        endpoint.query_url, params={"query": f"ASK {{ <{MARK}s> ?p ?o }}"}, headers=JSON_RESULTS
    )
    written = ask.status_code == 200 and ask.json().get("boolean") is True
    accepted = [f"{where} → {status}" for where, status in answers if status // 100 != 4]
    if accepted or written:
        return failed(", ".join(accepted) + ("; the triple was written" if written else ""))
    return passed(", ".join(f"{w} → {s}" for w, s in answers))


def _settle() -> None:
    time.sleep(0.5)  # a stray connection would have been accepted by now


def check_service(client: httpx.Client, endpoint: Endpoint) -> Outcome:
    """SERVICE naming a listener on 127.0.0.1: the listener receives nothing."""
    with Listener() as listener:
        query = f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"
        try:
            status = str(client.get(endpoint.query_url, params={"query": query}).status_code)
        except httpx.TimeoutException:
            status = "no answer"
        _settle()
        if listener.received:
            first = listener.received[0].split(b"\r\n", 1)[0].decode(errors="replace")
            return failed(f"the listener got “{first}” (status {status})")
        return passed(f"status {status}, listener untouched")


def check_from_url(client: httpx.Client, endpoint: Endpoint) -> Outcome:
    """FROM, FROM NAMED and ``default-graph-uri`` naming a listener's URLs: nothing fetched."""
    with Listener() as listener:
        query = (
            f"SELECT * FROM <{listener.url}/a> FROM NAMED <{listener.url}/b> "
            "WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        )
        statuses = []
        for params in (
            {"query": query},
            {"query": "ASK { ?s ?p ?o }", "default-graph-uri": f"{listener.url}/c"},
        ):
            try:
                statuses.append(str(client.get(endpoint.query_url, params=params).status_code))
            except httpx.TimeoutException:
                statuses.append("no answer")
        _settle()
        if listener.received:
            first = listener.received[0].split(b"\r\n", 1)[0].decode(errors="replace")
            return failed(f"the listener got “{first}”")
        return passed(f"statuses {', '.join(statuses)}, listener untouched")


def check_from_file(client: httpx.Client, endpoint: Endpoint, folder: Path) -> Outcome:
    """FROM <file:…>: neither a file's triple shows up nor a FIFO in its place is opened."""
    secret = folder / "secret.nt"
    secret.write_text(f"<{MARK}secret> <{MARK}p> <{MARK}o> .\n", encoding="utf-8")
    problems = []
    with FifoWatch(folder / "pipe.nt") as fifo:
        for source in (secret, fifo.path):
            query = f"SELECT * FROM <{source.as_uri()}> WHERE {{ ?s ?p ?o }}"
            try:
                response = client.get(
                    endpoint.query_url, params={"query": query}, headers=JSON_RESULTS
                )
            except httpx.TimeoutException:
                problems.append(f"{source.name}: no answer")
                continue
            if f"{MARK}secret" in response.text:
                problems.append(f"{source.name}: its triple came back")
        time.sleep(0.3)
    if fifo.opened.is_set():
        problems.append("the FIFO was opened for reading")
    return failed("; ".join(problems)) if problems else passed("file not read, FIFO not opened")


NESTING_CHECK = "5,000 nested groups and parentheses → 4xx, and the server lives on"


def check_deep_nesting(endpoint: Endpoint) -> Outcome:
    """Queries nested 5,000 deep (Oxigraph's parser overflows its stack on them, which is why
    provkb refuses them first): each must get a 4xx, and the server must answer afterwards.
    Run last on its server instance, since it may end that server."""
    queries = {
        "groups": "SELECT * " + "{" * 5000 + "}" * 5000,
        "parentheses": "SELECT * { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    }
    answers = []
    with httpx.Client(timeout=REQUEST_TIMEOUT) as client:
        for name, query in queries.items():
            try:
                response = client.post(
                    endpoint.query_url,
                    content=query.encode(),
                    headers={"Content-Type": "application/sparql-query"},
                )
                answers.append((name, str(response.status_code)))
            except httpx.HTTPError as error:
                answers.append((name, type(error).__name__))
        try:
            alive = client.get(endpoint.query_url, params={"query": "ASK {}"}).status_code == 200
        except httpx.HTTPError:
            alive = False
    text = ", ".join(f"{name} → {answer}" for name, answer in answers)
    if not alive:
        return failed(f"{text}; the server no longer answers")
    if all(answer.startswith("4") for _, answer in answers):
        return passed(f"{text}; still answering")
    return failed(f"{text}; still answering")


_KEPT = 64 * 1024  # bytes kept of each end of a runaway answer (it may be gigabytes)


@dataclass
class Timed:
    """What a request bounded by a total deadline came to: the head and tail of its body."""

    status: int | None = None
    media: str = ""
    head: bytes = b""
    tail: bytes = b""
    size: int = 0
    seconds: float = 0.0
    complete: bool = False  # the server ended the body before the deadline
    error: str = ""

    def whole_json(self) -> bool:
        """Whether the body is a whole JSON document: parsed when small; when large, its last
        bytes must close a SPARQL JSON result (a cut one ends mid-row or with an error text)."""
        if self.size <= _KEPT:
            try:
                json.loads(self.head)
            except ValueError:
                return False
            return True
        return self.tail.rstrip().endswith(b"]}}")


def bounded_get(url: str, params: dict[str, str], deadline: float) -> Timed:
    """GET with a total deadline (headers and body), streaming the body so that a server that
    answers 200 and then keeps sending is caught; only the ends of the body are kept."""
    result = Timed()
    start = time.monotonic()
    try:
        with (
            httpx.Client(timeout=deadline) as client,
            client.stream("GET", url, params=params, headers=JSON_RESULTS) as response,
        ):
            result.status, result.media = response.status_code, _media(response)
            for chunk in response.iter_bytes():
                if len(result.head) < _KEPT:
                    result.head += chunk[: _KEPT - len(result.head)]
                result.tail = (result.tail + chunk)[-_KEPT:]
                result.size += len(chunk)
                if time.monotonic() - start > deadline:
                    break
            else:
                result.complete = True
    except httpx.TimeoutException:
        result.error = "timeout"
    except httpx.HTTPError as error:
        result.error = f"{type(error).__name__}: {error}"
    result.seconds = time.monotonic() - start
    return result


def judge_runaway(answer: Timed, deadline: float) -> Outcome:
    """An error status with a whole body within the deadline passes (a full, correct answer
    would too); silence, a body still coming, or a cut 200 fail."""
    megabytes = f"{answer.size / 1e6:.1f} MB"
    if answer.error == "timeout":
        where = "mid-body" if answer.status else "no status line"
        return failed(f"no answer within {deadline:.0f} s ({where}; the client gave up)")
    if answer.error:
        return failed(answer.error)
    if not answer.complete:
        return failed(f"{answer.status}, still sending after {deadline:.0f} s ({megabytes} so far)")
    if answer.status is not None and answer.status >= 400:
        return passed(f"{answer.status} after {answer.seconds:.1f} s")
    if not answer.whole_json():
        end = answer.tail[-40:].decode(errors="replace")
        return failed(f"{answer.status} with a cut body after {answer.seconds:.1f} s, ends “{end}”")
    return passed(f"{answer.status}, whole answer in {answer.seconds:.1f} s ({megabytes})")


def check_runaways(endpoint: Endpoint, deadline: float) -> dict[str, Outcome]:
    """Each runaway query in turn, bounded by ``deadline``; during the first, a simple query
    (sent 1 s in, up to 5 times) must come back promptly."""
    outcomes: dict[str, Outcome] = {}
    for index, (name, query) in enumerate(RUNAWAY.items()):
        holder: dict[str, Timed] = {}

        def runaway(query: str = query, holder: dict[str, Timed] = holder) -> None:
            holder["answer"] = bounded_get(endpoint.query_url, {"query": query}, deadline)

        thread = threading.Thread(target=runaway, daemon=True)
        thread.start()
        if index == 0:
            outcomes[MEANWHILE_CHECK] = _meanwhile(endpoint, thread)
        # bounded_get ends by itself at the deadline; the margin is for a stuck connection.
        thread.join(deadline + 30)
        outcomes[name] = judge_runaway(
            holder.get("answer", Timed(error="the client thread did not finish")), deadline
        )
    return outcomes


def _meanwhile(endpoint: Endpoint, runaway: threading.Thread) -> Outcome:
    time.sleep(1.0)  # the runaway query is running now
    still_running = runaway.is_alive()
    latencies: list[float] = []
    problems: list[str] = []
    with httpx.Client(timeout=5.0) as client:
        for _ in range(5):
            start = time.monotonic()
            try:
                response = client.get(
                    endpoint.query_url, params={"query": SIMPLE}, headers=JSON_RESULTS
                )
            except httpx.TimeoutException:
                problems.append("no answer within 5 s")
                break
            latencies.append(time.monotonic() - start)
            if response.status_code != 200:
                problems.append(f"status {response.status_code}: {_snippet(response, 40)}")
            if not runaway.is_alive():
                break
            time.sleep(0.5)
    slowest = max(latencies, default=0.0)
    when = "while it ran" if still_running else "after it had ended"
    if problems:
        return failed(f"{'; '.join(problems)} ({when})")
    if slowest >= 2.0:
        return failed(f"slowest of {len(latencies)}: {slowest:.2f} s ({when})")
    return passed(f"{len(latencies)} answered, slowest {slowest:.2f} s ({when})")


SEED_CHECKS = [
    "malformed query → 400 with the parser's message and position",
    "unsupported Accept → 406",
    "unsupported Content-Type → 415",
    "UPDATE refused (4xx, data unchanged)",
    "SERVICE <http://127.0.0.1:…> never reaches the listener",
    "FROM <http://127.0.0.1:…> / default-graph-uri never fetched",
    "FROM <file:…> never reads the file",
    "DESCRIBE answered in an RDF media type",
]
MEANWHILE_CHECK = "a simple query, sent while the 2-way COUNT runs, answered in < 2 s"


ALL_SEED_CHECKS = [*SEED_CHECKS, *RUNAWAY, MEANWHILE_CHECK]
# In the order of the summary table.
SUMMARY_CHECKS = [*SEED_CHECKS, NESTING_CHECK, *RUNAWAY, MEANWHILE_CHECK]


def run_seed_checks(endpoint: Endpoint, folder: Path, deadline: float) -> dict[str, Outcome]:
    """The protocol and limit checks on one server over the seed KB; the runaway queries last,
    since they may leave a server busy."""
    checks: list[Callable[[httpx.Client], Outcome]] = [
        lambda c: check_malformed(c, endpoint),
        lambda c: check_406(c, endpoint),
        lambda c: check_415(c, endpoint),
        lambda c: check_update(c, endpoint),
        lambda c: check_service(c, endpoint),
        lambda c: check_from_url(c, endpoint),
        lambda c: check_from_file(c, endpoint, folder),
        lambda c: check_describe(c, endpoint),
    ]
    outcomes: dict[str, Outcome] = {}
    with httpx.Client(timeout=REQUEST_TIMEOUT) as client:
        for name, check in zip(SEED_CHECKS, checks, strict=True):
            try:
                outcomes[name] = check(client)
            except Exception as error:
                outcomes[name] = failed(f"{type(error).__name__}: {error}")
    outcomes.update(check_runaways(endpoint, deadline))
    return outcomes


# -- the whole run ---------------------------------------------------------------------------------


def build_seed(folder: Path) -> Path:
    """The seed KB of this checkout, built into ``folder``; its TriG."""
    from provkb.build.pipeline import compile_kb, write_build
    from provkb.layout import BuildLayout
    from provkb.paths import ProjectPaths

    write_build(compile_kb(ProjectPaths(ROOT)), folder)
    return BuildLayout(folder).trig


def markdown(
    results: dict[str, dict[str, Outcome]],
    cases: list[ProtocolCase],
    notes: list[str],
    deadline: float,
) -> str:
    """The report: a summary table, the W3C tests one by one, and how the servers ran."""
    names = list(results)
    lines = ["# SPARQL endpoints compared on the same checks", ""]
    lines += [
        f"{', '.join(names)}: each on 127.0.0.1, over the same data, through the same checks "
        f"(`make bench-endpoints`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}). "
        "“pass”/“fail” and why; the flags each server ran with are at the end.",
        "",
    ]

    def row(check: str, cells: list[str]) -> str:
        return "| " + " | ".join([check, *cells]) + " |"

    header = [row("check", names), "| --- " * (len(names) + 1) + "|"]
    lines += ["## Summary", "", *header]
    query_cases = [c.name for c in cases if c.name not in EXPECTED_REFUSALS]
    for label, group in (
        ("W3C protocol: query and error tests (with the 6 must-be-false twins)", query_cases),
        ("W3C protocol: update tests refused (read-only)", sorted(EXPECTED_REFUSALS)),
    ):
        cells = []
        for server in names:
            outcomes = [results[server].get(n, Outcome(None)) for n in group]
            good = sum(o.ok is True for o in outcomes)
            if all(o.ok is None for o in outcomes):
                cells.append(outcomes[0].cell() if outcomes else "not run")
                continue
            failing = [n for n, o in zip(group, outcomes, strict=True) if o.ok is not True]
            shown = ", ".join(failing[:4]) + (" …" if len(failing) > 4 else "")
            word = "pass" if not failing else "fail"
            cells.append(
                f"{word}: {good}/{len(group)}" + (f" (failing: {shown})" if failing else "")
            )
        lines.append(row(label, cells))
    for check in SUMMARY_CHECKS:
        lines.append(row(check, [results[s].get(check, Outcome(None)).cell() for s in names]))
    lines += ["", "## W3C SPARQL 1.1 Protocol tests, one by one", "", *header]
    for case in cases:
        label = f"{case.name} (read-only: refused)" if case.name in EXPECTED_REFUSALS else case.name
        lines.append(row(label, [results[s].get(case.name, Outcome(None)).cell() for s in names]))
    lines += ["", "## How they ran", ""]
    for kind in SERVERS:
        if kind.name in results:
            versions = ", ".join(_version(p) for p in kind.versions)
            lines.append(f"- **{kind.name}** ({versions}): {kind.flags}.")
    lines += [f"- {note}" for note in notes]
    lines += [
        f"- Runaway queries, one after the other, each with a client deadline of "
        f"{deadline:.0f} s (headers and body): "
        + "; ".join(f"`{q}`" for q in RUNAWAY.values())
        + f". The simple query `{SIMPLE}` is sent 1 s into the first, up to 5 times, with a 5 s "
        "timeout each. A server that goes on computing after the client gave up goes on busy "
        "into the next one.",
        "- W3C update tests: each server's own update URL (Oxigraph: `/update`); a refusal (4xx) "
        "passes, as for provkb, which is read-only; the manifest itself expects a writable "
        "endpoint to accept them. They run after the query tests.",
        "- The seed KB is all named graphs. provkb and rdflib-endpoint query their union by "
        "default; the Oxigraph server's default graph is its real one, empty here, hence its "
        "empty DESCRIBE (`--union-default-graph` would change that; the checks use GRAPH "
        "patterns where it matters).",
        "- The deep-nesting check runs last on the W3C-data instance of each server, since it "
        "may end the server.",
        "- provkb's own extras (JSON error bodies, its error names, the W3C suite's JSON check) "
        "are not asked of the others; the pytest suite holds provkb to them.",
        "",
    ]
    return "\n".join(lines)


def _terminate(signum: int, frame: FrameType | None) -> None:
    # SIGTERM becomes SystemExit, so that every ``finally`` stops its server.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    """Run every server through every check; print and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "build" / "bench" / "endpoint-comparison.md",
        help="Markdown report (default: %(default)s)",
    )
    parser.add_argument(
        "--deadline", type=float, default=15.0, help="seconds the cross product may take (15)"
    )
    parser.add_argument(
        "--servers",
        nargs="+",
        choices=[k.name for k in SERVERS],
        default=[k.name for k in SERVERS],
        help="which servers to run (default: all)",
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    if not SUITE.is_dir():
        print(f"endpoint_comparison: {MISSING}", file=sys.stderr)
        return 2
    cases = list(all_cases())
    notes = []
    if (reason := fuseki_absent()) is not None:
        notes.append(f"**Apache Jena Fuseki**: not run. {reason}.")
        log(f"Fuseki: {reason}")
    results: dict[str, dict[str, Outcome]] = {}
    with tempfile.TemporaryDirectory(prefix="provkb-endpoints-") as tmp:
        work = Path(tmp)
        w3c_data = work / "protocol.nq"
        w3c_data.write_text(dataset_nquads(cases), encoding="utf-8")
        log("building the seed KB")
        seed = build_seed(work / "seed")
        for kind in SERVERS:
            if kind.name not in args.servers:
                continue
            slug = re.sub(r"\W+", "-", kind.name.lower())
            outcomes = results.setdefault(kind.name, {})
            try:
                log(f"{kind.name}: W3C protocol tests")
                with running(kind, w3c_data, work / f"{slug}-w3c") as endpoint:
                    outcomes.update(run_w3c(endpoint, cases))
                    outcomes[NESTING_CHECK] = check_deep_nesting(endpoint)
            except Exception as error:
                log(f"{kind.name}: {error}")
                outcomes.update({c.name: Outcome(None, f"server: {error}") for c in cases})
                outcomes.setdefault(NESTING_CHECK, Outcome(None, f"server: {error}"))
            try:
                log(f"{kind.name}: checks on the seed KB")
                folder = work / f"{slug}-seed"
                with running(kind, seed, folder) as endpoint:
                    outcomes.update(run_seed_checks(endpoint, folder, args.deadline))
            except Exception as error:
                log(f"{kind.name}: {error}")
                for check in ALL_SEED_CHECKS:
                    outcomes.setdefault(check, Outcome(None, f"server: {error}"))
    report = markdown(results, cases, notes, args.deadline)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    log(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
