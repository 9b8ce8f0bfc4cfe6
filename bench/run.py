"""provkb benchmark: build, validation, canned queries, HTTP and start-up at several KB sizes.

For each size (documents of a synthetic corpus from ``bench/generate_corpus.py``):

- build: ``provkb build`` under ``/usr/bin/time -v`` (wall, CPU, peak memory, quads);
- validation: ``provkb validate`` per graph from an empty cache, ``--whole`` (one pySHACL run,
  up to ``--whole-max-docs``), and again after one document changed (incremental);
- queries: every canned query, median and p95, on pyoxigraph (in-memory store bulk-loaded from the
  TriG) and on plain rdflib (``Dataset(default_union=True)``, up to ``--rdflib-max-docs``), with
  the rows of both compared;
- HTTP (sizes in ``--http-docs``): requests/s, p50 and p99 with ``wrk`` for three canned queries at
  concurrency 1 and 8 on ``provkb serve``, rdflib-endpoint and the bare Oxigraph server, on
  127.0.0.1 only, each answer checked to hold the same rows;
- start-up: ``provkb serve`` until its first answered query, cold (no on-disk store) and warm.

Writes ``results.json``, ``results.md`` and ``latency.png`` into ``--out``. Timings are printed,
never asserted; the exit status is 1 when any engine returned different rows (or failed a check).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import engines  # noqa: E402
import generate_corpus  # noqa: E402

from provkb.sparql import Term  # noqa: E402

BIN = Path(sys.executable).parent
# The catalogue under test is the checkout's, not the copy a corpus was generated with.
REPO_QUERIES = HERE.parent / "queries"
HTTP_QUERIES = ("who-said-it", "actor-assertions", "entity-mentions")
JSON_RESULTS = "application/sparql-results+json"


def log(message: str) -> None:
    """Progress on standard error, with the time."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- measuring commands ----------------------------------------------------------------------------


def timed(command: list[str], timeout: float | None = None) -> dict:
    """Run a command under ``/usr/bin/time -v``: wall and CPU seconds, peak RSS, exit, output."""
    wrapper = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [*wrapper, *command], capture_output=True, text=True, timeout=timeout, check=False
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
    void = (root / "build" / "void.ttl").read_text(encoding="utf-8")
    match = re.search(r"id/dataset> .*?void:triples (\d+)", void, re.DOTALL)
    return int(match.group(1)) if match else 0


def bench_validation(root: Path, whole: bool, whole_timeout: float) -> dict:
    """Full per-graph run from an empty cache, whole run, and incremental after one change."""
    cache = root / "build" / "cache" / "validation"
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


# -- embedded queries ------------------------------------------------------------------------------


def bench_queries(
    root: Path, with_rdflib: bool, repeats: int, rdflib_timeout: float, query_timeout: float
) -> tuple[dict, list[str]]:
    """Every canned query on pyoxigraph and (optionally) rdflib; the rows must agree.

    A query an engine does not answer within its timeout is reported as such, not waited for.
    """
    trig = root / "build" / "provkb.trig"
    queries = engines.bound_queries(REPO_QUERIES, engines.corpus_parameters(root))
    failures: list[str] = []
    out: dict = {"oxigraph": {}, "rdflib": {}, "notes": {}}
    log("load pyoxigraph")
    started = time.perf_counter()
    store = engines.load_oxigraph(trig)
    out["oxigraph_load"] = time.perf_counter() - started
    rows_ox = {}
    for name, text in queries.items():
        log(f"oxigraph {name}")
        timing, rows, _ = engines.time_forked(
            functools.partial(engines.rows_oxigraph, store),
            "oxigraph",
            name,
            text,
            repeats,
            10.0,
            query_timeout,
        )
        if timing is None:
            out["oxigraph"][name] = {"timeout": query_timeout}
            continue
        rows_ox[name] = rows
        out["oxigraph"][name] = _timing(timing)
        log(f"  median {seconds(timing.median)}, p95 {seconds(timing.p95)}, {timing.rows} rows")
    del store
    if not with_rdflib:
        return out, failures
    log("load rdflib")
    started = time.perf_counter()
    dataset = engines.load_rdflib(trig)
    out["rdflib_load"] = time.perf_counter() - started
    for name, text in queries.items():
        log(f"rdflib {name}")
        timing, rows, note = engines.time_forked(
            engines.RdflibRunner(dataset), "rdflib", name, text, 3, 20.0, rdflib_timeout
        )
        if note:
            out["notes"][name] = note
        if timing is None:
            out["rdflib"][name] = {"timeout": rdflib_timeout}
            out["notes"][name] = f"rdflib did not answer within {rdflib_timeout:.0f} s"
            continue
        out["rdflib"][name] = _timing(timing)
        log(f"  median {seconds(timing.median)}, {timing.rows} rows")
        if name in rows_ox and not engines.same_rows(rows_ox[name], rows):
            failures.append(f"{root.name}: {name}: rdflib rows differ from pyoxigraph rows")
    return out, failures


def summarise(queries: dict) -> dict:
    """Medians over the catalogue per engine, and the median per-query speed-up of pyoxigraph
    over rdflib. A query rdflib did not finish counts at the timeout, so the speed-up is a lower
    bound; the medians per engine are over the queries that engine answered."""
    summary: dict = {}
    for engine in ("oxigraph", "rdflib"):
        answered = [t["median"] for t in queries[engine].values() if "median" in t]
        if answered:
            summary[f"{engine}_median"] = statistics.median(answered)
    if queries["rdflib"]:
        ratios = [
            queries["rdflib"][n].get("median", queries["rdflib"][n].get("timeout", 0))
            / queries["oxigraph"][n]["median"]
            for n in queries["rdflib"]
            if "median" in queries["oxigraph"][n]
        ]
        summary["speedup"] = statistics.median(ratios)
        summary["timeouts"] = sum("timeout" in t for t in queries["rdflib"].values())
    return summary


def _timing(timing: engines.Timing) -> dict:
    return {
        "rows": timing.rows,
        "runs": len(timing.seconds),
        "median": timing.median,
        "p95": timing.p95,
    }


# -- servers ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def query_url(endpoint: str, query: str) -> str:
    return f"{endpoint}?{urllib.parse.urlencode({'query': query})}"


def json_rows(body: bytes) -> list[engines.Row]:
    data = json.loads(body)
    names = data["head"]["vars"]
    return [
        tuple(Term.from_json(b[n]) if n in b else None for n in names)
        for b in data["results"]["bindings"]
    ]


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
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    timeouts = re.search(r"timeout (\d+)", done.stdout)
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
    }


def bench_http(root: Path, seconds: int, work: Path) -> tuple[dict, list[str]]:
    """The three HTTP engines on the same TriG, the same queries, the same load."""
    trig = root / "build" / "provkb.trig"
    queries = engines.bound_queries(REPO_QUERIES, engines.corpus_parameters(root))
    chosen = {name: queries[name] for name in HTTP_QUERIES}
    failures: list[str] = []
    results: dict = {}
    oxigraph_store = work / f"oxigraph-{root.name}"
    shutil.rmtree(oxigraph_store, ignore_errors=True)
    log("oxigraph load")
    subprocess.run(
        [str(BIN / "oxigraph"), "load", "--location", str(oxigraph_store), "--file", str(trig)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    setups = {
        "provkb serve": (
            provkb("serve", "--data", str(trig), "--port", str(port), "--root", str(root)),
            f"http://127.0.0.1:{port}/sparql",
        ),
        "oxigraph server": (
            [
                str(BIN / "oxigraph"),
                "serve-read-only",
                "--location",
                str(oxigraph_store),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            f"http://127.0.0.1:{port}/query",
        ),
        "rdflib-endpoint": (
            [
                str(BIN / "rdflib-endpoint"),
                "serve",
                str(trig),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            f"http://127.0.0.1:{port}/",
        ),
    }
    expected: dict[str, list] = {}
    for engine, (command, endpoint) in setups.items():
        log(f"HTTP {engine}")
        with server(command, work / f"{engine.replace(' ', '-')}.log") as process:
            ready = query_url(endpoint, "ASK { ?s ?p ?o }")
            started = wait_until_answering(ready, 1800, process)
            results.setdefault(engine, {})["startup_s"] = started
            for name, text in chosen.items():
                url = query_url(endpoint, text)
                rows = json_rows(get(url))
                if name not in expected:
                    expected[name] = rows
                elif not engines.same_rows(expected[name], rows):
                    failures.append(f"{root.name}: HTTP {name}: {engine} rows differ")
                for connections in (1, 8):
                    point = wrk(url, connections, seconds)
                    results[engine][f"{name}@{connections}"] = point
                    log(f"  {name} c{connections}: {point['rps']:.1f} req/s")
    shutil.rmtree(oxigraph_store, ignore_errors=True)
    return results, failures


def bench_startup(root: Path) -> dict:
    """``provkb serve`` until its first answered query: cold (store built) and warm (reopened)."""
    trig = root / "build" / "provkb.trig"
    shutil.rmtree(root / "build" / "store", ignore_errors=True)
    out = {}
    for phase in ("cold", "warm"):
        port = free_port()
        command = provkb("serve", "--data", str(trig), "--port", str(port), "--root", str(root))
        log(f"start-up {phase}")
        with server(command, root / f"serve-{phase}.log") as process:
            url = query_url(
                f"http://127.0.0.1:{port}/sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
            )
            out[phase] = wait_until_answering(url, 1800, process)
    return out


# -- report ----------------------------------------------------------------------------------------


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()[0]
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, Python {platform.python_version()},"
        f" load average {load:.1f} at the start"
    )


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.1f} s"


def markdown(results: dict) -> str:
    sizes = results["sizes"]
    lines = [f"# provkb benchmark\n\nMachine: {results['machine']}\n"]
    lines.append("## Build and validation\n")
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
    lines.append("\n## Canned queries, embedded (median / p95)\n")
    header = "| query |" + "".join(
        f" oxigraph {s['documents']} | rdflib {s['documents']} |" for s in sizes
    )
    lines.append(header)
    lines.append("|---|" + "---|---|" * len(sizes))
    names = list(sizes[0]["queries"]["oxigraph"])
    for name in names:
        row = f"| {name} |"
        for s in sizes:
            ox = s["queries"]["oxigraph"].get(name)
            rd = s["queries"]["rdflib"].get(name)
            if "timeout" in ox:
                row += f" > {ox['timeout']:.0f} s (stopped) |"
            else:
                row += f" {seconds(ox['median'])} / {seconds(ox['p95'])} ({ox['rows']} rows) |"
            if rd and "timeout" in rd:
                row += f" > {rd['timeout']:.0f} s (stopped) |"
            else:
                row += f" {seconds(rd['median'])} / {seconds(rd['p95'])} |" if rd else " – |"
        lines.append(row)
    row = "| **median over the catalogue** |"
    for s in sizes:
        summary = s["queries"]["summary"]
        speedup = summary.get("speedup")
        row += f" {seconds(summary.get('oxigraph_median'))} |"
        row += f" {seconds(summary.get('rdflib_median'))} (×{speedup:.0f}) |" if speedup else " – |"
    lines.append(row)
    notes = {n: t for s in sizes for n, t in s["queries"].get("notes", {}).items()}
    for name, note in sorted(notes.items()):
        lines.append(f"\n{name}: {note}.")
    http_sizes = [s for s in sizes if "http" in s]
    if http_sizes:
        lines.append("\n## HTTP (wrk, 127.0.0.1): requests/s, p50 / p99\n")
        lines.append("| documents | engine | query | c=1 | c=8 |")
        lines.append("|---|---|---|---|---|")
        for s in http_sizes:
            for engine, points in s["http"].items():
                for name in HTTP_QUERIES:
                    cells = []
                    for c in (1, 8):
                        p = points[f"{name}@{c}"]
                        cells.append(
                            f"{p['rps']:.1f} req/s, {p['p50_ms']} / {p['p99_ms']} ms"
                            + (f" ({p['timeouts']} timeouts)" if p["timeouts"] else "")
                        )
                    lines.append(
                        f"| {s['documents']} | {engine} | {name} | {cells[0]} | {cells[1]} |"
                    )
    lines.append("\n## Start-up of provkb serve (to the first answered query)\n")
    lines.append("| documents | cold (store loaded) | warm (store reopened) |")
    lines.append("|---|---|---|")
    for s in sizes:
        if "startup" in s:
            st = s["startup"]
            lines.append(f"| {s['documents']} | {seconds(st['cold'])} | {seconds(st['warm'])} |")
    if results["failures"]:
        lines.append("\n## FAILED CHECKS\n")
        lines.extend(f"- {f}" for f in results["failures"])
    return "\n".join(lines) + "\n"


def plot(results: dict, target: Path) -> None:
    """Median canned-query latency (over the catalogue) per engine against KB size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = results["sizes"]
    figure, axis = plt.subplots(figsize=(7, 4.5))
    for engine in ("oxigraph", "rdflib"):
        points = [
            (s["build"]["quads"], s["queries"]["summary"][f"{engine}_median"] * 1000)
            for s in sizes
            if s["queries"]["summary"].get(f"{engine}_median") is not None
        ]
        if points:
            axis.plot(*zip(*points, strict=True), marker="o", label=f"{engine} (embedded)")
    for engine in ("provkb serve", "oxigraph server", "rdflib-endpoint"):
        points = []
        for s in sizes:
            if engine in s.get("http", {}):
                p50s = [s["http"][engine][f"{n}@1"]["p50_ms"] for n in HTTP_QUERIES]
                points.append((s["build"]["quads"], statistics.median(p50s)))
        if points:
            axis.plot(
                *zip(*points, strict=True),
                marker="s",
                linestyle="--",
                label=f"{engine} (HTTP p50, c=1)",
            )
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("KB size (quads)")
    axis.set_ylabel("median latency over the queries (ms)")
    axis.set_title("provkb canned queries: latency vs KB size")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(target, dpi=120)


def merge(files: list[Path], out: Path) -> int:
    """One report from runs made separately (say, each size in its own process)."""
    runs = [json.loads(path.read_text(encoding="utf-8")) for path in files]
    sizes = sorted((s for run in runs for s in run["sizes"]), key=lambda s: s["documents"])
    failures = [f for run in runs for f in run["failures"]]
    machines = sorted({run["machine"] for run in runs})
    results = {"machine": "; ".join(machines), "sizes": sizes, "failures": failures}
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (out / "results.md").write_text(markdown(results), encoding="utf-8")
    plot(results, out / "latency.png")
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
    parser.add_argument("--repeats", type=int, default=20, help="runs per query on pyoxigraph")
    parser.add_argument("--rdflib-max-docs", type=int, default=1000)
    parser.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds per query")
    parser.add_argument(
        "--query-timeout", type=float, default=300.0, help="seconds per query on pyoxigraph"
    )
    parser.add_argument("--whole-max-docs", type=int, default=1000)
    parser.add_argument("--whole-timeout", type=float, default=1800.0)
    parser.add_argument("--http-docs", type=int, nargs="*", default=[100])
    parser.add_argument("--http-seconds", type=int, default=10)
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
    results: dict = {"machine": machine(), "sizes": [], "failures": []}
    for documents in args.docs:
        root = (args.work / f"corpus-{documents}").resolve()
        size: dict = {"documents": documents, "corpus": ensure_corpus(root, documents, args.seed)}
        if "build" in args.skip and (root / "build" / "provkb.trig").exists():
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
                documents <= args.rdflib_max_docs,
                args.repeats,
                args.rdflib_timeout,
                args.query_timeout,
            )
            results["failures"].extend(failures)
            size["queries"]["summary"] = summarise(size["queries"])
        if "http" not in args.skip and documents in args.http_docs:
            size["http"], failures = bench_http(root, args.http_seconds, args.work)
            results["failures"].extend(failures)
        if "startup" not in args.skip:
            size["startup"] = bench_startup(root)
        results["sizes"].append(size)
        # Written after every size, so a long run that is stopped keeps what it measured.
        (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
        if "queries" not in args.skip:
            (args.out / "results.md").write_text(markdown(results), encoding="utf-8")
            plot(results, args.out / "latency.png")
    for failure in results["failures"]:
        log(f"FAILED: {failure}")
    log(f"wrote {args.out / 'results.md'} and {args.out / 'latency.png'}")
    return 1 if results["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
