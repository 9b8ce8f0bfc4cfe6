"""provkb benchmark: build, validation, canned queries, HTTP and start-up at several KB sizes.

For each size (documents of a synthetic corpus from ``bench/generate_corpus.py``):

- build: ``provkb build`` under ``/usr/bin/time -v`` (wall, CPU, peak memory, quads);
- validation: ``provkb validate`` per graph from an empty cache, ``--whole`` (one pySHACL run,
  up to ``--whole-max-docs``), and again after one document changed (incremental);
- queries: every canned query, median and p95, on pyoxigraph (in-memory store bulk-loaded from the
  TriG), on plain rdflib (``Dataset(default_union=True)``, up to ``--rdflib-max-docs``) and over
  HTTP on Virtuoso (started as the tests start it, ``provkb_harness/servers.py``, loaded with
  ``provkb push``) and the Oxigraph server (``oxigraph load``), each with a per-query timeout;
  every engine's rows are compared with the embedded store's. A server that is not installed is
  said so and skipped;
- HTTP (sizes in ``--http-docs``): requests/s, p50 and p99 with ``wrk`` for three canned queries at
  concurrency 1 and 8, and ``SELECT ?s WHERE { ?s a ?t } LIMIT 10`` at 1, 8 and 32, on ``provkb
  serve``, rdflib-endpoint and the bare Oxigraph server, on 127.0.0.1 only, each answer checked to
  hold the same rows (the small SELECT: the same number of rows);
- start-up: ``provkb serve`` until its first answered query, cold (no on-disk store) and warm.

Writes ``results.json``, ``results.md`` (the machine, the issue's targets next to the measured
figures, then the tables) and ``latency.png`` into ``--out``. Timings are printed, never asserted;
the exit status is 1 when any engine returned different rows (or failed a check).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.metadata
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench import engines, generate_corpus
from provkb.layout import BuildLayout

# Virtuoso is started as the tests start it (same configuration), from the shared harness.
from provkb_harness.servers import VIRTUOSO_INI, free_ports, virtuoso_command

ROOT = Path(__file__).resolve().parents[1]

BIN = Path(sys.executable).parent
# The catalogue under test is the checkout's, not the copy a corpus was generated with.
REPO_QUERIES = ROOT / "queries"
HTTP_QUERIES = ("who-said-it", "actor-assertions", "entity-mentions")
# Beside the canned queries, the smallest ad-hoc SELECT, where a server's own per-request overhead
# is nearly all there is to measure (issue 11: at 32 connections). Any 10 rows are right (no
# ORDER BY), so only their number is compared across engines.
SMALL_SELECT = ("small SELECT", "SELECT ?s WHERE { ?s a ?t } LIMIT 10")
SMALL_SELECT_CONNECTIONS = (1, 8, 32)
HTTP_ENGINES = ("provkb serve", "oxigraph server", "rdflib-endpoint")
JSON_RESULTS = "application/sparql-results+json"
# Engines of the query comparison: the embedded store first (every other is compared with it).
QUERY_ENGINES = {
    "oxigraph": "embedded pyoxigraph",
    "rdflib": "plain rdflib",
    "virtuoso": "Virtuoso (HTTP)",
    "oxigraph-server": "Oxigraph server (HTTP)",
}
QUERY_SERVERS = ("virtuoso", "oxigraph-server")
SHORT = {
    "oxigraph": "embedded",
    "rdflib": "rdflib",
    "virtuoso": "Virtuoso",
    "oxigraph-server": "Oxigraph server",
    "provkb serve": "provkb serve (wrk)",
    "oxigraph server": "Oxigraph server (wrk)",
    "rdflib-endpoint": "rdflib-endpoint (wrk)",
}
START_LIMIT = 1800.0  # seconds for a server to load and answer
# The targets.
RDFLIB_TARGET = 30.0  # embedded at least 30x faster than plain rdflib ...
RDFLIB_TARGET_QUADS = 1_000_000  # ... at 1M quads (median over the catalogue)
RDFLIB_ENDPOINT_TARGET = 20.0  # provkb serve at least 20x the requests/s of rdflib-endpoint
OXIGRAPH_SERVER_TARGET = 0.5  # and at least half those of the bare Oxigraph server
QUICK_RUN_MINUTES = 10.0  # "make bench runs a quick version in a few minutes"


def log(message: str) -> None:
    """Progress on standard error, with the time."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- measuring commands ----------------------------------------------------------------------------


def timed(
    command: list[str], timeout: float | None = None, env: dict[str, str] | None = None
) -> dict:
    """Run a command under ``/usr/bin/time -v``: wall and CPU seconds, peak RSS, exit, output."""
    wrapper = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [*wrapper, *command],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=env,
        )
    except subprocess.TimeoutExpired:
        return {"wall": time.perf_counter() - started, "timeout": True, "exit": None}
    wall = time.perf_counter() - started
    result: dict = {"wall": wall, "exit": done.returncode, "stdout": done.stdout[-2000:]}

    def field(name: str) -> float | None:
        match = re.search(rf"{re.escape(name)}: ([0-9.]+)", done.stderr)
        return float(match.group(1)) if match else None

    if wrapper:
        result["cpu"] = (field("User time (seconds)") or 0) + (field("System time (seconds)") or 0)
        result["peak_mb"] = (field("Maximum resident set size (kbytes)") or 0) / 1024
    result["stderr"] = done.stderr[-2000:]
    return result


def provkb(*args: str) -> list[str]:
    return [str(BIN / "provkb"), *args]


# -- build and validation --------------------------------------------------------------------------


def ensure_corpus(root: Path, documents: int, seed: int) -> dict:
    """Generate the corpus unless ``root`` already holds this one (same size and seed)."""
    summary_file = root / "corpus.json"
    if summary_file.exists():
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
        if summary["documents"] == documents and summary["seed"] == seed:
            return summary
    log(f"generating {documents} documents into {root}")
    return generate_corpus.generate(root, documents, seed)


def bench_build(root: Path) -> dict:
    log(f"build {root}")
    result = timed(provkb("build", "--root", str(root)))
    if result["exit"] != 0:
        raise RuntimeError(f"provkb build failed: {result.get('stderr')}")
    match = re.search(r"(\d+) quads in (\d+) graphs", result["stdout"])
    result["quads"] = int(match.group(1)) if match else None
    return result


def _quads_of(root: Path) -> int:
    """The quads of an existing build, from its VoID description."""
    void = BuildLayout(root / "build").void.read_text(encoding="utf-8")
    match = re.search(r"id/dataset> .*?void:triples (\d+)", void, re.DOTALL)
    return int(match.group(1)) if match else 0


def bench_validation(root: Path, whole: bool, whole_timeout: float) -> dict:
    """Full per-graph run from an empty cache, whole run, and incremental after one change."""
    cache = BuildLayout(root / "build").validation_cache
    shutil.rmtree(cache, ignore_errors=True)
    log("validate per graph, empty cache")
    out = {"full": timed(provkb("validate", "--root", str(root)))}
    if whole:
        log("validate --whole")
        out["whole"] = timed(provkb("validate", "--root", str(root), "--whole"), whole_timeout)
    # One document changes (a curator's note): its graph and the metadata graph are new.
    annotations = root / "kb" / "documents" / "doc-00001.yaml"
    original = annotations.read_text(encoding="utf-8")
    try:
        annotations.write_text(
            original.replace("document:\n", 'document:\n  note: "Checked again."\n', 1),
            encoding="utf-8",
        )
        log("rebuild after one changed document")
        out["rebuild"] = timed(provkb("build", "--root", str(root)))
        log("validate incrementally")
        out["incremental"] = timed(provkb("validate", "--root", str(root)))
    finally:
        annotations.write_text(original, encoding="utf-8")
    return out


# -- servers ---------------------------------------------------------------------------------------


class Unavailable(Exception):
    """A server or tool of the comparison is not installed here: said so, and skipped."""


def free_port() -> int:
    return free_ports(1)[0]


def get(url: str, timeout: float = 60.0) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": JSON_RESULTS})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def wait_until_answering(url: str, limit: float, process: subprocess.Popen) -> float:
    """Seconds until ``url`` answers 200, polling; raises if the server dies or ``limit`` passes."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering")
        with contextlib.suppress(OSError):
            get(url, timeout=5)
            return time.perf_counter() - started
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer within {limit} s")


@contextlib.contextmanager
def server(command: list[str], log_file: Path) -> Iterator[subprocess.Popen]:
    """A server process, stopped (by its own pid) when the block ends."""
    with log_file.open("w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def query_url(endpoint: str, query: str) -> str:
    return f"{endpoint}?{urllib.parse.urlencode({'query': query})}"


def oxigraph_command() -> str:
    """The ``oxigraph`` server command of the PyPI package ``oxigraph``."""
    beside_python = BIN / "oxigraph"
    command = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    if command is None:
        raise Unavailable("the oxigraph server command is missing: pip install -e '.[bench]'")
    return command


@dataclass
class Remote:
    """A SPARQL server holding a corpus, ready to be timed over HTTP."""

    endpoint: str
    load_s: float  # loading the corpus into it
    params: dict[str, str]  # protocol parameters sent with every query
    how: str  # how it was configured and loaded, for the notes


def virtuoso_buffers() -> tuple[int, int]:
    """NumberOfBuffers and MaxDirtyBuffers: virtuoso.ini's own line for 4 GB of free memory
    (340,000 pages of 8 kB, 2.6 GiB), less on a machine with under 16 GB. The tests' 10,000
    (80 MB) would make Virtuoso read a 1M-quad store from disk."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    buffers = max(10_000, min(340_000, memory // 6 // 8192))
    return buffers, buffers * 3 // 4


def virtuoso_ini(db: Path, http_port: int, sql_port: int) -> str:
    """The tests' configuration (provkb_harness/servers.py: result limits lifted), with the
    bench's buffers."""
    text = VIRTUOSO_INI.format(db=db, http_port=http_port, sql_port=sql_port)
    buffers, dirty = virtuoso_buffers()
    for key, value in (("NumberOfBuffers", buffers), ("MaxDirtyBuffers", dirty)):
        text, found = re.subn(rf"(?m)^{key}\s*=.*$", f"{key} = {value}", text)
        if found != 1:
            raise RuntimeError(f"provkb_harness/servers.py's VIRTUOSO_INI no longer sets {key}")
    return text


@contextlib.contextmanager
def virtuoso(root: Path, work: Path, timeout: float) -> Iterator[Remote]:
    """Virtuoso on a fresh database, loaded with ``provkb push`` as its administrator."""
    command = virtuoso_command()
    if command is None:
        raise Unavailable(
            "virtuoso-t is not installed here (Debian package virtuoso-opensource, which"
            " make bench installs when run as root)"
        )
    db = work / f"virtuoso-{root.name}"
    shutil.rmtree(db, ignore_errors=True)
    db.mkdir(parents=True)
    http_port, sql_port = free_ports(2)
    (db / "virtuoso.ini").write_text(virtuoso_ini(db, http_port, sql_port))
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    try:
        serve = [command, "+foreground", "+configfile", str(db / "virtuoso.ini")]
        with server(serve, work / f"virtuoso-{root.name}.log") as process:
            wait_until_answering(query_url(endpoint, "ASK {}"), START_LIMIT, process)
            log("virtuoso: provkb push")
            trig = BuildLayout(root / "build").trig
            pushed = timed(
                [
                    *provkb("push", "--endpoint", endpoint, "--data", str(trig)),
                    *("--root", str(root), "--user", "dba"),
                ],
                env={**os.environ, "PROVKB_PUSH_PASSWORD": "dba"},
            )
            if pushed["exit"] != 0:
                raise RuntimeError(f"provkb push to Virtuoso failed: {pushed['stderr'][-500:]}")
            buffers, _ = virtuoso_buffers()
            how = (
                f"loaded with `provkb push` (Graph Store PUT per graph) in"
                f" {seconds(pushed['wall'])}; the tests' configuration (result limits lifted)"
                f", NumberOfBuffers {buffers:,}; Virtuoso's `timeout` parameter set to"
                f" the per-query timeout"
            )
            yield Remote(endpoint, pushed["wall"], {"timeout": str(int(timeout * 1000))}, how)
    finally:
        shutil.rmtree(db, ignore_errors=True)


@contextlib.contextmanager
def oxigraph_server(root: Path, work: Path, timeout: float) -> Iterator[Remote]:
    """The bare Oxigraph server (read-only, with a query timeout) on a store from
    ``oxigraph load``."""
    command = oxigraph_command()
    location = work / f"oxigraph-queries-{root.name}"
    shutil.rmtree(location, ignore_errors=True)
    log("oxigraph load")
    loaded = timed(
        [
            command,
            "load",
            "--location",
            str(location),
            "--file",
            str(BuildLayout(root / "build").trig),
        ]
    )
    if loaded["exit"] != 0:
        raise RuntimeError(f"oxigraph load failed: {loaded['stderr'][-500:]}")
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}/query"
    serve = [command, "serve-read-only", "--location", str(location)]
    serve += ["--bind", f"127.0.0.1:{port}", "--timeout-s", str(int(timeout))]
    try:
        with server(serve, work / f"oxigraph-queries-{root.name}.log") as process:
            wait_until_answering(query_url(endpoint, "ASK {}"), START_LIMIT, process)
            how = (
                f"`oxigraph load` in {seconds(loaded['wall'])}, then `serve-read-only"
                f" --timeout-s {int(timeout)}`: the embedded store's engine behind HTTP, so its"
                f" ratio is the cost of the protocol round trip and the JSON"
            )
            yield Remote(endpoint, loaded["wall"], {}, how)
    finally:
        shutil.rmtree(location, ignore_errors=True)


QUERY_SERVER_STARTERS = {"virtuoso": virtuoso, "oxigraph-server": oxigraph_server}
GRACE = 30.0  # seconds past a server's own timeout before its answer is given up on


# -- canned queries --------------------------------------------------------------------------------


def _timing(timing: engines.Timing) -> dict:
    return {
        "rows": timing.rows,
        "runs": len(timing.seconds),
        "median": timing.median,
        "p95": timing.p95,
    }


def measure(
    out: dict,
    failures: list[str],
    engine: str,
    run: object,
    queries: dict[str, str],
    budget: tuple[int, float],
    limit: float,
    grace: float,
    reference: dict[str, list] | None,
) -> dict[str, list]:
    """Time every query on one engine into ``out[engine]``, rows checked against ``reference``.

    ``budget`` is (runs, seconds): up to that many runs while under that many seconds. A query
    not answered within ``limit`` (+ ``grace`` for a server's own timeout to answer) is recorded
    as stopped; an engine error is a failed check. Returns the rows of the answered queries.
    """
    where = out["where"]
    results = out.setdefault(engine, {})
    answered: dict[str, list] = {}
    for name, text in queries.items():
        log(f"{engine} {name}")
        started = time.perf_counter()
        forked = engines.time_forked(run, engine, name, text, *budget, limit + grace)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - started
        if forked.note:
            out["notes"].setdefault(name, []).append(f"{QUERY_ENGINES[engine]}: {forked.note}")
        # A server's own timeout ends in a partial answer (Virtuoso) or a cut or refused one.
        stopped = forked.timed_out or (
            forked.error
            and (forked.error.startswith(engines.IncompleteAnswer.__name__) or elapsed >= limit)
        )
        if stopped:
            results[name] = {"timeout": limit}
            log(f"  stopped: no answer within {limit:.0f} s")
            continue
        if forked.error or forked.timing is None or forked.rows is None:
            results[name] = {"error": forked.error}
            failures.append(f"{where}: {name}: {QUERY_ENGINES[engine]} failed: {forked.error}")
            log(f"  FAILED: {forked.error}")
            continue
        results[name] = _timing(forked.timing)
        answered[name] = forked.rows
        log(
            f"  median {seconds(forked.timing.median)}, p95 {seconds(forked.timing.p95)},"
            f" {forked.timing.rows} rows"
        )
        if reference is not None and name in reference:
            if not engines.same_rows(reference[name], forked.rows):
                results[name]["rows_differ"] = True
                failures.append(
                    f"{where}: {name}: {QUERY_ENGINES[engine]} rows differ from the embedded"
                    f" store's ({forked.timing.rows} rows, embedded {len(reference[name])})"
                )
            else:
                out["compared"] = out.get("compared", 0) + 1
    return answered


def bench_queries(
    root: Path,
    work: Path,
    with_rdflib: bool,
    servers: list[str],
    repeats: int,
    rdflib_timeout: float,
    query_timeout: float,
    rdflib_budget: float = 20.0,
) -> tuple[dict, list[str]]:
    """Every canned query on pyoxigraph, the servers and (optionally) rdflib; the rows of each
    must be the embedded store's. A server not installed here is skipped, and the report says so.
    """
    trig = BuildLayout(root / "build").trig
    queries = engines.bound_queries(REPO_QUERIES, engines.corpus_parameters(root))
    failures: list[str] = []
    out: dict = {"where": f"{root.name}", "notes": {}, "skipped": {}, "load": {}, "how": {}}
    out["timeouts"] = {"oxigraph": query_timeout, "rdflib": rdflib_timeout}
    out["budgets"] = {"oxigraph": 10.0, "rdflib": rdflib_budget}
    log("load pyoxigraph")
    started = time.perf_counter()
    store = engines.load_oxigraph(trig)
    out["load"]["oxigraph"] = time.perf_counter() - started
    reference = measure(
        out,
        failures,
        "oxigraph",
        functools.partial(engines.rows_oxigraph, store),
        queries,
        (repeats, 10.0),
        query_timeout,
        0.0,
        None,
    )
    del store
    for name in servers:
        out["timeouts"][name] = query_timeout
        try:
            with QUERY_SERVER_STARTERS[name](root, work, query_timeout) as remote:
                out["load"][name] = remote.load_s
                out["how"][name] = remote.how
                runner = engines.EndpointRunner(
                    remote.endpoint, query_timeout + GRACE, remote.params
                )
                measure(
                    out,
                    failures,
                    name,
                    runner,
                    queries,
                    (repeats, 10.0),
                    query_timeout,
                    GRACE,
                    reference,
                )
        except Unavailable as reason:
            log(f"{name}: skipped: {reason}")
            out["skipped"][name] = str(reason)
        except (RuntimeError, OSError) as error:
            log(f"{name}: FAILED: {error}")
            out["skipped"][name] = f"failed: {error}"
            failures.append(f"{root.name}: {QUERY_ENGINES[name]}: {error}")
    if not with_rdflib:
        out["skipped"]["rdflib"] = "not run at this size (--rdflib-max-docs)"
        return out, failures
    log("load rdflib")
    started = time.perf_counter()
    dataset = engines.load_rdflib(trig)
    out["load"]["rdflib"] = time.perf_counter() - started
    measure(
        out,
        failures,
        "rdflib",
        engines.RdflibRunner(dataset),
        queries,
        (3, rdflib_budget),
        rdflib_timeout,
        0.0,
        reference,
    )
    return out, failures


def ratios(queries: dict, engine: str, base: str = "oxigraph") -> dict[str, tuple[float, bool]]:
    """Per query, ``engine``'s median over ``base``'s, and whether it is a lower bound (``engine``
    stopped at its timeout, which counts as its time). Queries ``base`` did not answer, or
    ``engine`` failed, are left out."""
    out = {}
    for name, timing in (queries.get(engine) or {}).items():
        reference = (queries.get(base) or {}).get(name, {})
        if "median" not in reference:
            continue
        if "median" in timing:
            out[name] = (timing["median"] / reference["median"], False)
        elif "timeout" in timing:
            out[name] = (timing["timeout"] / reference["median"], True)
    return out


def summarise(queries: dict) -> dict:
    """Per engine, the median over the catalogue of its per-query medians and (other engines)
    of its per-query ratio to the embedded store. A query an engine did not finish counts at the
    timeout, so figures with ``<engine>_stopped`` > 0 are bounds (lower for times and ratios)."""
    summary: dict = {}
    for engine in QUERY_ENGINES:
        timings = queries.get(engine) or {}
        values = [t.get("median", t.get("timeout")) for t in timings.values()]
        values = [v for v in values if v is not None]
        if not values:
            continue
        summary[f"{engine}_median"] = statistics.median(values)
        summary[f"{engine}_stopped"] = sum("timeout" in t for t in timings.values())
        if engine != "oxigraph" and (per_query := ratios(queries, engine)):
            summary[f"{engine}_ratio"] = statistics.median(r for r, _ in per_query.values())
    return summary


# -- HTTP ------------------------------------------------------------------------------------------


def wrk(url: str, connections: int, seconds: int) -> dict:
    """requests/s, p50 and p99 (ms) from ``wrk --latency``; one thread per connection up to 2."""
    threads = min(connections, 2)
    done = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "60s",
            "--latency",
            "-H",
            f"Accept: {JSON_RESULTS}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 120,
    )

    def latency(percent: str) -> float | None:
        match = re.search(rf"^\s+{percent}%\s+([0-9.]+)(us|ms|s)\s*$", done.stdout, re.MULTILINE)
        if not match:
            return None
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
        return float(match.group(1)) * scale

    rate = re.search(r"Requests/sec:\s+([0-9.]+)", done.stdout)
    requests = re.search(r"(\d+) requests in", done.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    timeouts = re.search(r"timeout (\d+)", done.stdout)
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "requests": int(requests.group(1)) if requests else 0,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
    }


def http_setups(root: Path, work: Path, port: int) -> dict[str, tuple[list[str], str]]:
    """Command and SPARQL endpoint of each HTTP engine, all serving the build's TriG."""
    trig = BuildLayout(root / "build").trig
    out = {
        "provkb serve": (
            provkb("serve", "--data", str(trig), "--port", str(port), "--root", str(root)),
            f"http://127.0.0.1:{port}/sparql",
        )
    }
    with contextlib.suppress(Unavailable):
        out["oxigraph server"] = (
            [
                *(oxigraph_command(), "serve-read-only"),
                *("--location", str(work / f"oxigraph-{root.name}"), "--bind", f"127.0.0.1:{port}"),
            ],
            f"http://127.0.0.1:{port}/query",
        )
    endpoint = BIN / "rdflib-endpoint"
    if endpoint.exists():
        out["rdflib-endpoint"] = (
            [str(endpoint), "serve", str(trig), "--host", "127.0.0.1", "--port", str(port)],
            f"http://127.0.0.1:{port}/",
        )
    return out


def measure_point(
    endpoint: str,
    url: str,
    name: str,
    connections: int,
    wrk_seconds: int,
    where: str,
    points: dict,
    failures: list[str],
) -> None:
    """One wrk point (``name`` at ``connections``) into ``points``; non-2xx answers into
    ``failures``, named by ``where`` (size and engine)."""
    key = f"{name}@{connections}"
    if connections > 1 and points.get(f"{name}@1", {}).get("requests") == 0:
        # It answered nothing in the whole run with one connection; more would queue that much
        # more work and measure nothing more.
        points[key] = {"skipped": "none answered at c=1"}
        log(f"  {name} c{connections}: not run, none answered at c=1")
        return
    point = wrk(url, connections, wrk_seconds)
    # wrk stops at its deadline, the server does not: the requests it left running are finished
    # before the next point, or they would slow it.
    drained = time.perf_counter()
    get(query_url(endpoint, "ASK {}"), timeout=START_LIMIT)
    point["drain_s"] = time.perf_counter() - drained
    points[key] = point
    log(
        f"  {name} c{connections}: {point['rps']:.1f} req/s"
        f" (then {seconds(point['drain_s'])} to finish what wrk left)"
    )
    if point["non_2xx"]:
        failures.append(
            f"{where} {name} c={connections}:"
            f" {point['non_2xx']} of {point['requests']} answers not 2xx"
        )


def bench_http(root: Path, wrk_seconds: int, work: Path) -> tuple[dict, list[str]]:
    """The three HTTP engines on the same TriG, the same queries, the same load."""
    if shutil.which("wrk") is None:
        raise Unavailable(
            "wrk is not installed (Debian package wrk, which make bench installs as root)"
        )
    queries = engines.bound_queries(REPO_QUERIES, engines.corpus_parameters(root))
    chosen = {name: queries[name] for name in HTTP_QUERIES}
    failures: list[str] = []
    results: dict = {}
    setups = http_setups(root, work, free_port())
    oxigraph_store = work / f"oxigraph-{root.name}"
    if "oxigraph server" in setups:
        shutil.rmtree(oxigraph_store, ignore_errors=True)
        log("oxigraph load")
        loaded = timed(
            [
                *(oxigraph_command(), "load", "--location", str(oxigraph_store)),
                *("--file", str(BuildLayout(root / "build").trig)),
            ]
        )
        if loaded["exit"] != 0:
            raise RuntimeError(f"oxigraph load failed: {loaded['stderr'][-500:]}")
        results["oxigraph server"] = {"load_s": loaded["wall"]}
    expected: dict[str, list] = {}
    for engine in HTTP_ENGINES:
        if engine not in setups:
            results[engine] = {"skipped": f"{engine} is not installed: pip install -e '.[bench]'"}
            log(f"HTTP {engine}: skipped, not installed")
            continue
        command, endpoint = setups[engine]
        log(f"HTTP {engine}")
        points = results.setdefault(engine, {})
        where = f"{root.name}: HTTP {engine}"
        try:
            with server(command, work / f"{engine.replace(' ', '-')}.log") as process:
                ready = query_url(endpoint, "ASK { ?s ?p ?o }")
                points["startup_s"] = wait_until_answering(ready, START_LIMIT, process)
                for name, text in chosen.items():
                    url = query_url(endpoint, text)
                    rows = engines.json_rows(get(url, timeout=START_LIMIT))
                    if name not in expected:
                        expected[name] = rows
                    elif not engines.same_rows(expected[name], rows):
                        failures.append(
                            f"{root.name}: HTTP {name}: {engine} rows differ from"
                            f" {HTTP_ENGINES[0]}'s"
                        )
                    for connections in (1, 8):
                        measure_point(
                            endpoint, url, name, connections, wrk_seconds, where, points, failures
                        )
                small_name, small_text = SMALL_SELECT
                url = query_url(endpoint, small_text)
                count = len(engines.json_rows(get(url, timeout=START_LIMIT)))
                if count != 10:
                    failures.append(f"{where} {small_name}: {count} rows, not 10")
                for connections in SMALL_SELECT_CONNECTIONS:
                    measure_point(
                        endpoint, url, small_name, connections, wrk_seconds, where, points, failures
                    )
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            points["skipped"] = f"failed: {error}"
            failures.append(f"{root.name}: HTTP {engine}: {error}")
            log(f"  FAILED: {error}")
    shutil.rmtree(oxigraph_store, ignore_errors=True)
    return results, failures


def bench_startup(root: Path) -> dict:
    """``provkb serve`` until its first answered query: cold (store built) and warm (reopened)."""
    trig = BuildLayout(root / "build").trig
    shutil.rmtree(BuildLayout(root / "build").store, ignore_errors=True)
    out = {}
    for phase in ("cold", "warm"):
        port = free_port()
        command = provkb("serve", "--data", str(trig), "--port", str(port), "--root", str(root))
        log(f"start-up {phase}")
        with server(command, root / f"serve-{phase}.log") as process:
            url = query_url(
                f"http://127.0.0.1:{port}/sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
            )
            out[phase] = wait_until_answering(url, START_LIMIT, process)
    return out


# -- report ----------------------------------------------------------------------------------------

LIBRARIES = (
    "pyoxigraph",
    "oxigraph",
    "rdflib",
    "rdflib-endpoint",
    "pyshacl",
    "fastapi",
    "uvicorn",
    "matplotlib",
)


def _output(command: list[str]) -> str:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
        return done.stdout + done.stderr
    return ""


def machine() -> dict:
    """The machine and software the figures were measured with."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    libraries = {}
    for name in LIBRARIES:
        try:
            libraries[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            libraries[name] = "not installed"
    tools = {}
    command = virtuoso_command()
    found = re.search(r"Version (\S+)", _output([command, "-?"])) if command else None
    tools["Virtuoso"] = found.group(1) if found else "not installed"
    found = re.search(r"wrk (\S+)", _output(["wrk", "-v"])) if shutil.which("wrk") else None
    tools["wrk"] = found.group(1) if found else "not installed"
    commit = _output(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]).strip() or "?"
    if _output(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"]).strip():
        commit += " with uncommitted changes"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "memory_gib": memory,
        "load_average": list(os.getloadavg()),
        "os": platform.platform(),
        "python": platform.python_version(),
        "libraries": libraries,
        "tools": tools,
        "commit": commit,
        "started": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


def machine_lines(description: dict | str) -> list[str]:
    if isinstance(description, str):  # results.json of an older bench
        return [f"- {description}"]
    d = description
    load = ", ".join(f"{v:.2f}" for v in d["load_average"])
    cores = f"{d['cores']} cores"
    if d["usable_cores"] != d["cores"]:
        cores += f" ({d['usable_cores']} usable by this process)"
    libraries = ", ".join(f"{name} {version}" for name, version in d["libraries"].items())
    tools = ", ".join(f"{name} {version}" for name, version in d["tools"].items())
    return [
        f"- CPU: {d['cpu']}, {cores}; memory {d['memory_gib']:.1f} GiB",
        f"- load average at the start: {load} (1, 5, 15 min), run started {d['started']}",
        f"- {d['os']}; Python {d['python']}",
        f"- libraries: {libraries}",
        f"- servers and tools: {tools}",
        f"- provkb checkout: {d['commit']}",
    ]


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.1f} s"


def times(ratio: float) -> str:
    if math.isinf(ratio):
        return "∞ (the other answered none)"
    return f"×{ratio:.2f}" if ratio < 1 else f"×{ratio:.1f}" if ratio < 10 else f"×{ratio:.0f}"


def time_cell(timing: dict | None) -> str:
    if not timing:
        return "–"
    if "timeout" in timing:
        return f"> {timing['timeout']:.0f} s (stopped)"
    if "error" in timing:
        return "**error**"
    cell = f"{seconds(timing['median'])} / {seconds(timing['p95'])}"
    return cell + (" **rows differ**" if timing.get("rows_differ") else "")


def ratio_cell(ratio: tuple[float, bool] | None) -> str:
    if ratio is None:
        return "–"
    value, lower_bound = ratio
    return f"≥ {times(value)}" if lower_bound else times(value)


def verdict(value: float, target: float, lower_bound: bool = False) -> str:
    """met, or missed by how much (a ratio that must be at least ``target``)."""
    if value >= target:
        return "**met**"
    missed = f"missed by {1 - value / target:.0%} ({times(value)} of {times(target)})"
    return f"**{missed}**" + (" (a lower bound: rdflib stopped on some queries)" * lower_bound)


def quads(size: dict) -> str:
    return f"{size['build']['quads']:,} quads" if size["build"].get("quads") else "? quads"


def target_lines(results: dict) -> list[str]:
    """The issue's targets, each next to what this run measured, at every size it measured."""
    sizes = results["sizes"]
    rows: list[tuple[str, str, str, str]] = []
    with_queries = [s for s in sizes if "queries" in s]
    rdflib_sizes = [s for s in with_queries if s["queries"]["summary"].get("rdflib_ratio")]
    if rdflib_sizes:
        nearest = min(rdflib_sizes, key=lambda s: abs(math.log(s["build"]["quads"] / 1e6)))
        for s in rdflib_sizes:
            summary = s["queries"]["summary"]
            stopped = summary.get("rdflib_stopped", 0)
            measured = f"{times(summary['rdflib_ratio'])} (median of rdflib ÷ embedded per query)"
            if stopped:
                measured = (
                    "≥ " + measured + f"; rdflib stopped on {stopped} (counted at its timeout)"
                )
            judged = verdict(summary["rdflib_ratio"], RDFLIB_TARGET, stopped > 0)
            if not 0.5e6 <= s["build"]["quads"] <= 2e6:
                judged += " at this size; the target is for 1M quads (`make bench-full`)"
            elif s is nearest:
                judged += " at ~1M quads"
            rows.append(
                ("embedded ≥ 30× faster than plain rdflib at 1M quads", quads(s), measured, judged)
            )
    else:
        rows.append(("embedded ≥ 30× faster than plain rdflib at 1M quads", "–", "not run", "–"))
    for s in with_queries:
        queries = s["queries"]
        if "virtuoso" in queries.get("skipped", {}):
            rows.append(
                (
                    "embedded no slower than Virtuoso on the same queries",
                    quads(s),
                    f"not measured: {queries['skipped']['virtuoso']}",
                    "–",
                )
            )
            continue
        per_query = ratios(queries, "virtuoso")
        if not per_query:
            continue
        median = statistics.median(r for r, _ in per_query.values())
        slower = {n: r for n, (r, _) in per_query.items() if r < 1}
        measured = f"{times(median)} (median of Virtuoso ÷ embedded per query, over HTTP)"
        same_path = ratios(queries, "virtuoso", "oxigraph-server")
        if same_path:
            measured += (
                f"; both over HTTP, Virtuoso ÷ Oxigraph server"
                f" {times(statistics.median(r for r, _ in same_path.values()))}"
            )
        judged = verdict(median, 1.0) + " on the median"
        if slower:
            listed = ", ".join(f"{n} {times(r)}" for n, r in sorted(slower.items()))
            judged += f"; slower than Virtuoso on {len(slower)} of {len(per_query)}: {listed}"
        else:
            judged += f", and on each of the {len(per_query)} queries"
        rows.append(
            ("embedded no slower than Virtuoso on the same queries", quads(s), measured, judged)
        )
    for s in sizes:
        http = s.get("http")
        if not http:
            continue
        for other, target, label in (
            (
                "rdflib-endpoint",
                RDFLIB_ENDPOINT_TARGET,
                "provkb serve ≥ 20× the requests/s of rdflib-endpoint",
            ),
            (
                "oxigraph server",
                OXIGRAPH_SERVER_TARGET,
                "provkb serve ≥ ½ the requests/s of the bare Oxigraph server",
            ),
        ):
            points = http_ratios(http, other)
            if not points:
                reason = http.get(other, {}).get("skipped") or http.get("provkb serve", {}).get(
                    "skipped", "not measured"
                )
                rows.append((label, quads(s), f"not measured: {reason}", "–"))
                continue
            values = sorted(points.values())
            finite = [v for v in values if not math.isinf(v)]
            low_point, low = min(points.items(), key=lambda item: item[1])
            measured = (
                f"{times(finite[0])} to {times(finite[-1])}, median"
                f" {times(statistics.median(finite))}"
                if finite
                else "–"
            )
            total = 2 * len(HTTP_QUERIES)
            measured += (
                f", all {total} points ({len(HTTP_QUERIES)} queries × c=1, 8)"
                if len(values) == total
                else f", {len(values)} of the {total} points measured"
            )
            if len(finite) < len(values):
                measured += f"; {other} answered none on {len(values) - len(finite)} (∞)"
            missed = [p for p, r in points.items() if r < target]
            if not missed:
                judged = f"**met** on all {len(values)}"
            else:
                judged = (
                    f"**missed on {len(missed)} of {len(values)}**; worst {low_point}:"
                    f" {verdict(low, target).strip('*')}"
                )
            rows.append(
                (label, f"{quads(s)}, wrk {s.get('http_seconds', '?')} s", measured, judged)
            )
        wrk_seconds = s.get("http_seconds")
        if wrk_seconds is not None:
            rows.append(
                (
                    "HTTP load: wrk, 30 s per point",
                    quads(s),
                    f"{wrk_seconds} s per point",
                    "**met**"
                    if wrk_seconds >= 30
                    else "shorter on purpose in the quick run (`make bench`);"
                    " `make bench-full` runs 30 s",
                )
            )
    compared = sum(s["queries"].get("compared", 0) for s in with_queries)
    differing = sum(
        "rows_differ" in t
        for s in with_queries
        for e in QUERY_ENGINES
        for t in (s["queries"].get(e) or {}).values()
    )
    errors = sum(
        "error" in t
        for s in with_queries
        for e in QUERY_ENGINES
        for t in (s["queries"].get(e) or {}).values()
    )
    rows.append(
        (
            "same rows from every engine (multisets, compared with the embedded store's)",
            "all sizes",
            f"{compared + differing} answers compared, {differing} differ; engine errors"
            f" (no rows to compare): {errors}",
            "**met**" if not differing and not errors else "**FAILED** (see the failed checks)",
        )
    )
    if results.get("wall_s") is not None and results.get("quick"):
        minutes = results["wall_s"] / 60
        rows.append(
            (
                "`make bench` (100 documents) runs in a few minutes",
                ", ".join(f"{s['documents']:,} documents" for s in sizes),
                f"{minutes:.1f} min for `python -m bench.run` (installing the bench extra not"
                " counted)",
                "**met**"
                if minutes <= QUICK_RUN_MINUTES
                else f"**missed** (> {QUICK_RUN_MINUTES:.0f} min)",
            )
        )
    lines = ["| target (from the issue) | KB size | measured here | verdict |", "|---|---|---|---|"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return lines


def http_ratios(http: dict, other: str) -> dict[str, float]:
    """provkb serve's requests/s over ``other``'s, per query and concurrency."""
    ours, theirs = http.get("provkb serve", {}), http.get(other, {})
    out = {}
    for name in HTTP_QUERIES:
        for c in (1, 8):
            key = f"{name}@{c}"
            measured = "rps" in ours.get(key, {}) and "rps" in theirs.get(key, {})
            if measured and (theirs[key]["rps"] or ours[key]["rps"]):
                # The other answering none within the run counts as infinitely slower.
                rate = theirs[key]["rps"]
                out[f"{name} c={c}"] = ours[key]["rps"] / rate if rate else math.inf
    return out


def milliseconds(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def http_cell(point: dict | None, duration: object) -> str:
    if not point:
        return "–"
    if "skipped" in point:
        return f"not run: {point['skipped']}"
    if not point["requests"]:
        return f"none answered in {duration} s"
    p50, p99 = (milliseconds(v) for v in (point["p50_ms"], point["p99_ms"]))
    cell = f"{point['rps']:,.1f} req/s, {p50} / {p99} ms"
    if point.get("timeouts"):
        cell += f" ({point['timeouts']} timeouts)"
    if point.get("non_2xx"):
        cell += f" (**{point['non_2xx']} not 2xx**)"
    return cell


def query_lines(size: dict, engines_run: list[str]) -> list[str]:
    """One table for one size: per query, median / p95 per engine and the ratios."""
    queries = size["queries"]
    lines = [f"\n## Canned queries at {size['documents']:,} documents ({quads(size)})\n"]
    header = "| query | rows |"
    rule = "|---|---|"
    for engine in engines_run:
        header += f" {QUERY_ENGINES[engine]} |"
        rule += "---|"
        if engine != "oxigraph":
            header += f" {SHORT[engine]} ÷ embedded |"
            rule += "---|"
    lines += [header, rule]
    per_engine = {e: ratios(queries, e) for e in engines_run if e != "oxigraph"}
    for name, embedded in queries["oxigraph"].items():
        row = f"| {name} | {embedded.get('rows', '–')} |"
        for engine in engines_run:
            row += f" {time_cell(queries.get(engine, {}).get(name))} |"
            if engine != "oxigraph":
                row += f" {ratio_cell(per_engine[engine].get(name))} |"
        lines.append(row)
    summary = queries["summary"]
    row = "| **median over the catalogue** | |"
    for engine in engines_run:
        median = summary.get(f"{engine}_median")
        bound = "≥ " if summary.get(f"{engine}_stopped") else ""
        row += f" {bound}{seconds(median)} |" if median is not None else " – |"
        if engine != "oxigraph":
            ratio = summary.get(f"{engine}_ratio")
            row += f" **{bound}{times(ratio)}** |" if ratio else " – |"
    lines.append(row)
    timeouts = queries.get("timeouts", {})
    budgets = queries.get("budgets", {})
    lines.append("\nCells: median / p95 of the runs. How each engine was measured:\n")
    lines.append(
        f"- embedded pyoxigraph: in-process `Store` bulk-loaded from the TriG in"
        f" {seconds(queries.get('load', {}).get('oxigraph', queries.get('oxigraph_load')))},"
        f" up to {runs_of(queries, 'oxigraph')} runs per query (10 s budget), rows converted to"
        f" Python terms; timeout {timeouts.get('oxigraph', 300):.0f} s per query."
    )
    if "rdflib" in engines_run:
        lines.append(
            f"- plain rdflib: `Dataset(default_union=True)` parsed from the TriG in"
            f" {seconds(queries.get('load', {}).get('rdflib', queries.get('rdflib_load')))}, up"
            f" to 3 runs per query while under {budgets.get('rdflib', 20):.0f} s (so its p95 is"
            " the slowest run); timeout"
            f" {timeouts.get('rdflib', 120):.0f} s per query (a stopped query counts at the"
            " timeout: its ratio is a lower bound)."
        )
    servers = [e for e in QUERY_SERVERS if e in engines_run]
    if servers:
        lines.append(
            f"- {' and '.join(QUERY_ENGINES[e] for e in servers)}: timed from the client, up to"
            f" {runs_of(queries, servers[0])} runs per query (10 s budget), each a POST to"
            " 127.0.0.1 (SPARQL protocol, JSON results, a new connection per request as"
            " SPARQLWrapper makes): each time includes the HTTP round trip, the server's"
            " serialisation and the parse of the JSON, which is what a user of a remote store"
            f" pays and the embedded store does not. Timeout {timeouts.get(servers[0], 300):.0f} s"
            " per query."
        )
    for engine in servers:
        lines.append(f"- {QUERY_ENGINES[engine]}: {queries['how'][engine]}.")
    for engine, reason in queries.get("skipped", {}).items():
        lines.append(f"- {QUERY_ENGINES[engine]}: **skipped**: {reason}.")
    lines.append(
        "- Every engine's rows are compared with the embedded store's as multisets (numbers by"
        " value); a difference is a failed check (below) and exits 1."
    )
    for name, notes in sorted(queries.get("notes", {}).items()):
        for note in [notes] if isinstance(notes, str) else notes:
            lines.append(f"- {name}: {note}.")
    return lines


def runs_of(queries: dict, engine: str) -> int:
    return max((t.get("runs", 0) for t in queries.get(engine, {}).values()), default=0)


def http_lines(size: dict) -> list[str]:
    http = size["http"]
    wrk_seconds = size.get("http_seconds", "?")
    lines = [
        f"\n## HTTP at {size['documents']:,} documents ({quads(size)}): wrk, {wrk_seconds} s per"
        " point\n",
        "| query | connections | provkb serve | Oxigraph server | rdflib-endpoint"
        f" | provkb ÷ rdflib-endpoint (target ≥ {RDFLIB_ENDPOINT_TARGET:.0f}) | provkb ÷ Oxigraph"
        f" server (target ≥ {OXIGRAPH_SERVER_TARGET}) |",
        "|---|---|---|---|---|---|---|",
    ]
    to_rdflib, to_oxigraph = (
        http_ratios(http, "rdflib-endpoint"),
        http_ratios(http, "oxigraph server"),
    )
    for name in HTTP_QUERIES:
        for c in (1, 8):
            cells = [
                http_cell(http.get(engine, {}).get(f"{name}@{c}"), wrk_seconds)
                for engine in HTTP_ENGINES
            ]
            key = f"{name} c={c}"
            lines.append(
                f"| {name} | {c} | {' | '.join(cells)}"
                f" | {ratio_cell((to_rdflib[key], False)) if key in to_rdflib else '–'}"
                f" | {ratio_cell((to_oxigraph[key], False)) if key in to_oxigraph else '–'} |"
            )
    small_name = SMALL_SELECT[0]
    for c in SMALL_SELECT_CONNECTIONS:
        measured = [http.get(engine, {}).get(f"{small_name}@{c}") for engine in HTTP_ENGINES]
        if not any(measured):
            continue
        cells = [http_cell(point, wrk_seconds) for point in measured]
        ratios = []
        for other in measured[1:]:
            ours = measured[0]
            rates = ours and other and "rps" in ours and "rps" in other and other["rps"]
            ratios.append(ratio_cell((ours["rps"] / other["rps"], False)) if rates else "–")
        lines.append(f"| {small_name} | {c} | {' | '.join(cells)} | {ratios[1]} | {ratios[0]} |")
    ready = []
    for engine in HTTP_ENGINES:
        points = http.get(engine, {})
        if "skipped" in points:
            ready.append(f"{engine} **skipped** ({points['skipped']})")
        elif "startup_s" in points:
            load = (
                f" after `oxigraph load` {seconds(points['load_s'])}" if "load_s" in points else ""
            )
            ready.append(f"{engine} {seconds(points['startup_s'])}{load}")
    drains = []
    for engine in HTTP_ENGINES:
        waits = [p.get("drain_s", 0) for p in http.get(engine, {}).values() if isinstance(p, dict)]
        if waits and max(waits) > 1:
            drains.append(f"{engine} {seconds(max(waits))}")
    quick = (
        " (the quick run, `make bench`; `make bench-full` runs 30 s per point as the issue asks)"
        if isinstance(wrk_seconds, int) and wrk_seconds < 30
        else ""
    )
    lines += [
        "",
        f"Cells: requests/s, then p50 / p99 latency. `wrk --latency`, {wrk_seconds} s per"
        f" point{quick}, 1 thread at c=1 and 2 at c=8, the same GET (query in the URL,"
        " `Accept: application/sparql-results+json`) on 127.0.0.1; wrk shares the machine's cores"
        " with the server. Each engine's answer to each query was checked to hold the same rows"
        " first. All three serve the same TriG: provkb serve (its defaults), the Oxigraph server"
        " (`serve-read-only`, defaults), rdflib-endpoint (`serve`, defaults).",
        "",
        "Ready (first answered query) after start: " + "; ".join(ready) + ".",
        "",
        "wrk stops at its deadline but a server goes on with the requests it left running:"
        " before the next point the bench waits until the server answers `ASK {}`"
        + (
            " (the longest waits: " + ", ".join(drains) + ")."
            if drains
            else " (never more than a second here)."
        ),
    ]
    return lines


def markdown(results: dict) -> str:
    sizes = results["sizes"]
    machines = results["machine"] if isinstance(results["machine"], list) else [results["machine"]]
    lines = ["# provkb benchmark\n", "## Machine\n"]
    for description in machines:
        lines += machine_lines(description)
    if results.get("command"):
        took = f", {results['wall_s'] / 60:.1f} min" if results.get("wall_s") else ""
        lines.append(f"- run: `{results['command']}`{took}")
    lines.append(
        "\nThe machine is shared: timings are noisy, printed and never asserted; the rows are"
        " checked.\n"
    )
    lines.append("## Targets\n")
    lines += target_lines(results)
    lines.append("\n## Build and validation\n")
    lines.append(
        "| documents | quads | build wall | build CPU | build peak | validate (per graph) "
        "| validate --whole | rebuild after 1 change | incremental validate |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        b, v = size["build"], size.get("validation", {})
        whole = v.get("whole")
        whole_text = (
            "timeout"
            if whole and whole.get("timeout")
            else seconds(whole["wall"])
            if whole
            else "–"
        )
        lines.append(
            f"| {size['documents']} | {b['quads']:,} | {seconds(b['wall'])}"
            f" | {seconds(b.get('cpu'))}"
            f" | {b.get('peak_mb', 0):,.0f} MB | {seconds(v.get('full', {}).get('wall'))}"
            f" | {whole_text} | {seconds(v.get('rebuild', {}).get('wall'))}"
            f" | {seconds(v.get('incremental', {}).get('wall'))} |"
        )
    for size in sizes:
        if "queries" in size:
            run = [e for e in QUERY_ENGINES if size["queries"].get(e)]
            lines += query_lines(size, run)
    for size in sizes:
        if size.get("http"):
            lines += http_lines(size)
        elif size.get("http_skipped"):
            lines.append(
                f"\n## HTTP at {size['documents']:,} documents\n\n"
                f"**Skipped**: {size['http_skipped']}."
            )
    lines.append("\n## Start-up of provkb serve (to the first answered query)\n")
    lines.append("| documents | quads | cold (store loaded) | warm (store reopened) |")
    lines.append("|---|---|---|---|")
    for s in sizes:
        if "startup" in s:
            st = s["startup"]
            lines.append(
                f"| {s['documents']} | {quads(s)} | {seconds(st['cold'])} | {seconds(st['warm'])} |"
            )
    if results["failures"]:
        lines.append("\n## FAILED CHECKS\n")
        lines.extend(f"- {f}" for f in results["failures"])
    return "\n".join(lines) + "\n"


MARKERS = {
    "oxigraph": "o",
    "rdflib": "D",
    "virtuoso": "^",
    "oxigraph-server": "v",
    "provkb serve": "s",
    "oxigraph server": "P",
    "rdflib-endpoint": "X",
}


def label_values(axis: object, ends: list[tuple[float, float, str, str]]) -> None:
    """Each line's value at its largest size, written to its right; labels beside the same size
    pushed apart so that close values stay legible (a thin line leads to each point)."""
    low, high = (math.log10(v) for v in axis.get_ylim())  # type: ignore[attr-defined]
    gap = (high - low) / 28
    for x in sorted({end[0] for end in ends}):
        column = sorted((end for end in ends if end[0] == x), key=lambda end: end[1])
        position = -math.inf
        for _, y, colour, name in column:
            position = max(math.log10(y), position + gap)
            axis.annotate(  # type: ignore[attr-defined]
                f"{name} {milliseconds(y)} ms",
                (x, y),
                xytext=(x * 1.35, 10**position),
                va="center",
                fontsize=7,
                color=colour,
                arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.5},
            )


def plot(results: dict, target: Path) -> None:
    """Median canned-query latency (over the catalogue) per engine against KB size, and the
    HTTP engines' p50 under wrk at c=1; each line's value at the largest size written beside it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullLocator

    sizes = [s for s in results["sizes"] if s["build"].get("quads")]
    figure, axis = plt.subplots(figsize=(9, 5.5))

    ends: list[tuple[float, float, str, str]] = []  # each line's last point, colour, name

    def line(points: list[tuple[float, float]], engine: str, style: str, label: str) -> None:
        drawn = axis.plot(
            *zip(*points, strict=True),
            marker=MARKERS[engine],
            markersize=8,
            linestyle=style,
            fillstyle="full" if style == "-" else "none",
            markeredgewidth=1.5,
            label=label,
        )
        ends.append((*points[-1], drawn[0].get_color(), SHORT[engine]))

    for engine, label in QUERY_ENGINES.items():
        points, stopped = [], 0
        for s in sizes:
            summary = s.get("queries", {}).get("summary", {})
            if summary.get(f"{engine}_median") is not None:
                points.append((s["build"]["quads"], summary[f"{engine}_median"] * 1000))
                stopped += summary.get(f"{engine}_stopped", 0)
        if points:
            bound = f" (a lower bound: {stopped} stopped at the timeout)" if stopped else ""
            style = "--" if engine in QUERY_SERVERS else "-"
            line(points, engine, style, f"{label}: median over the canned queries{bound}")
    for engine in HTTP_ENGINES:
        points, unanswered = [], 0
        for s in sizes:
            measured = s.get("http", {}).get(engine, {})
            # A query answered by none in the run counts at the run's length (a lower bound).
            p50s = [
                measured[f"{n}@1"]["p50_ms"]
                if measured[f"{n}@1"].get("requests")
                else s.get("http_seconds", 0) * 1000.0
                for n in HTTP_QUERIES
                if f"{n}@1" in measured
            ]
            if len(p50s) == len(HTTP_QUERIES) and all(p50s):
                points.append((s["build"]["quads"], statistics.median(p50s)))
                unanswered += sum(not measured[f"{n}@1"].get("requests") for n in HTTP_QUERIES)
        if points:
            label = f"{engine} under wrk: p50 at c=1, median over {len(HTTP_QUERIES)} queries"
            if unanswered:
                label += f" (a lower bound: {unanswered} answered none, counted at wrk's length)"
            line(points, engine, ":", label)
    axis.set_xscale("log")
    axis.set_yscale("log")
    label_values(axis, ends)
    if sizes:
        all_quads = [s["build"]["quads"] for s in sizes]
        axis.set_xlim(min(all_quads) / 2, max(all_quads) * 2.5)
        axis.set_xticks(
            all_quads, [f"{s['build']['quads']:,}\n({s['documents']:,} docs)" for s in sizes]
        )
        axis.xaxis.set_minor_locator(NullLocator())
    axis.set_xlabel("KB size (quads, log scale)")
    axis.set_ylabel("latency (ms, log scale)")
    axis.set_title("provkb canned queries: latency vs KB size, per engine")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=8, loc="upper left", bbox_to_anchor=(0, -0.2), frameon=False)
    figure.tight_layout()
    figure.savefig(target, dpi=120, bbox_inches="tight")
    plt.close(figure)


def write_report(results: dict, out: Path) -> None:
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (out / "results.md").write_text(markdown(results), encoding="utf-8")
    plot(results, out / "latency.png")


def merge(files: list[Path], out: Path) -> int:
    """One report from runs made separately (say, each size in its own process)."""
    runs = [json.loads(path.read_text(encoding="utf-8")) for path in files]
    sizes = sorted((s for run in runs for s in run["sizes"]), key=lambda s: s["documents"])
    for size in sizes:
        if "queries" in size:
            size["queries"]["summary"] = summarise(size["queries"])
    failures = [f for run in runs for f in run["failures"]]
    machines = []
    for run in runs:
        described = run["machine"] if isinstance(run["machine"], list) else [run["machine"]]
        machines += [m for m in described if m not in machines]
    results = {"machine": machines, "sizes": sizes, "failures": failures}
    write_report(results, out)
    log(f"wrote {out / 'results.md'} and {out / 'latency.png'}")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[100], help="corpus sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--work",
        type=Path,
        default=Path("build/bench/corpora"),
        help="where corpora are generated and kept between runs",
    )
    parser.add_argument("--out", type=Path, default=Path("build/bench"))
    parser.add_argument(
        "--repeats", type=int, default=20, help="runs per query on pyoxigraph and the servers"
    )
    parser.add_argument("--rdflib-max-docs", type=int, default=1000)
    parser.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds per query")
    parser.add_argument(
        "--rdflib-budget",
        type=float,
        default=20.0,
        help="seconds per query on rdflib after which it is not run again (up to 3 runs)",
    )
    parser.add_argument(
        "--query-timeout",
        type=float,
        default=300.0,
        help="seconds per query on pyoxigraph and the servers",
    )
    parser.add_argument(
        "--query-servers",
        nargs="*",
        default=list(QUERY_SERVERS),
        choices=QUERY_SERVERS,
        help="servers in the canned-query comparison (over HTTP)",
    )
    parser.add_argument("--whole-max-docs", type=int, default=1000)
    parser.add_argument("--whole-timeout", type=float, default=1800.0)
    parser.add_argument("--http-docs", type=int, nargs="*", default=[100])
    parser.add_argument("--http-seconds", type=int, default=10, help="wrk seconds per point")
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=("build", "validation", "queries", "http", "startup"),
    )
    parser.add_argument(
        "--merge",
        type=Path,
        nargs="+",
        metavar="RESULTS_JSON",
        help="measure nothing: combine earlier results.json files (one size each) into one report",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.merge:
        return merge(args.merge, args.out)
    args.work.mkdir(parents=True, exist_ok=True)
    work = args.work.resolve()
    started = time.perf_counter()
    results: dict = {
        "machine": [machine()],
        "command": " ".join(["python -m bench.run", *(sys.argv[1:] if argv is None else argv)]),
        "quick": max(args.docs) <= 100,
        "sizes": [],
        "failures": [],
    }
    for documents in args.docs:
        root = (work / f"corpus-{documents}").resolve()
        size: dict = {"documents": documents, "corpus": ensure_corpus(root, documents, args.seed)}
        if "build" in args.skip and BuildLayout(root / "build").trig.exists():
            size["build"] = {"quads": _quads_of(root), "wall": None}
        else:
            size["build"] = bench_build(root)
        log(f"{documents} documents: {size['build']['quads']} quads")
        if "validation" not in args.skip:
            size["validation"] = bench_validation(
                root, documents <= args.whole_max_docs, args.whole_timeout
            )
            if size["validation"]["full"]["exit"] != 0:
                results["failures"].append(f"{documents}: the generated corpus does not conform")
        if "queries" not in args.skip:
            size["queries"], failures = bench_queries(
                root,
                work,
                documents <= args.rdflib_max_docs,
                args.query_servers,
                args.repeats,
                args.rdflib_timeout,
                args.query_timeout,
                args.rdflib_budget,
            )
            results["failures"].extend(failures)
            size["queries"]["summary"] = summarise(size["queries"])
        if "http" not in args.skip and documents in args.http_docs:
            try:
                size["http"], failures = bench_http(root, args.http_seconds, work)
                size["http_seconds"] = args.http_seconds
                results["failures"].extend(failures)
            except Unavailable as reason:
                log(f"HTTP skipped: {reason}")
                size["http_skipped"] = str(reason)
        if "startup" not in args.skip:
            size["startup"] = bench_startup(root)
        results["sizes"].append(size)
        # Written after every size, so a long run that is stopped keeps what it measured.
        results["wall_s"] = time.perf_counter() - started
        write_report(results, args.out)
    for failure in results["failures"]:
        log(f"FAILED: {failure}")
    log(f"wrote {args.out / 'results.md'} and {args.out / 'latency.png'}")
    return 1 if results["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
