"""Soak: light requests under load while heavy ad-hoc queries loop beside them.

    .venv/bin/python -m bench.soak                       # 60 s, 32 connections, 4 heavy clients
    .venv/bin/python -m bench.soak --seconds 20 --connections 16

Self-contained: it builds the seed KB into a temporary folder, starts ``provkb serve`` on a free
port of 127.0.0.1 (the real command: uvicorn and its query workers), and stops it at the end.
First the two light lanes run alone for ``--reference-seconds`` (the reference: what this
machine, with whatever else it is running, gives them), then for ``--seconds`` with the heavy
lane beside them:

- **canned**: ``wrk`` on the canned queries (``/queries/<name>`` with each query's example
  parameters, in turn), half the connections;
- **small SELECT**: ``wrk`` on ``/sparql`` with ``SELECT ?s WHERE { ?s a ?t } LIMIT 10``, the
  other half;
- **heavy**: ``--heavy`` clients, each from its own loopback address (127.0.0.2, .3, ...: the
  server tells clients apart by address), looping cross-product queries that run until their
  deadline or their memory cap.

It prints requests/s, p50 and p99 and the share of errors (any status but 200) of each lane in
both runs, the heavy lane's statuses, the canned lane's p99 with the heavy queries over its p99
alone, and the load average (the machine's other work shows in the light lanes' latency). Exit
status 1 when the canned lane misses its target beside the heavy queries (p99 under
``--target-p99-ms`` with no error).
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

from provkb.build.pipeline import compile_kb, write_build
from provkb.layout import BuildLayout
from provkb.paths import ProjectPaths
from provkb.query.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parents[1]
SMALL_SELECT = "SELECT ?s WHERE { ?s a ?t } LIMIT 10"
# Two kinds of runaway query: one computes until its deadline (COUNT over a cross product), one
# allocates until its memory cap (ORDER BY over a cross product).
HEAVY_QUERIES = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(?c) ?f LIMIT 1",
)
# wrk counts non-2xx answers but not which ones: each lane has its own wrk, which cycles through
# the lane's paths and prints the status of every answer that is not a 200 (a thread's Lua state
# is not the one its done() runs in, so counting happens here, on stdout).
WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Accept"] = "%s"})
end
response = function(status, headers, body)
  if status ~= 200 then io.write(string.format("status %%d\\n", status)) end
end
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_server(trig: Path, port: int, log: Path, extra: list[str]) -> subprocess.Popen[bytes]:
    command = [
        *(sys.executable, "-m", "provkb.cli", "serve", "--root", str(ROOT)),
        *("--data", str(trig), "--port", str(port), *extra),
    ]
    with log.open("wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"provkb serve exited:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D").status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("provkb serve did not start within 180 s")


def _canned_paths() -> list[str]:
    paths = []
    for query in load_catalogue(ROOT / "queries"):
        values = {p.name: p.example for p in query.parameters if p.example is not None}
        paths.append(f"/queries/{query.name}" + (f"?{urlencode(values)}" if values else ""))
    return paths


def _wrk(
    url: str, paths: list[str], accept: str, connections: int, seconds: int, script: Path
) -> subprocess.Popen[str]:
    quoted = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    script.write_text(WRK_SCRIPT % (quoted, accept))
    command = [
        *("wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s"),
        *("-s", str(script), url),
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wrk_figures(output: str) -> dict[str, float]:
    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([0-9.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not match:
            return float("nan")
        return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]

    rate = re.search(r"Requests/sec:\s+([0-9.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    statuses = collections.Counter(int(s) for s in re.findall(r"^status (\d+)$", output, re.M))
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    answered = int(total.group(1)) if total else 0
    statuses[200] = answered - sum(statuses.values())
    # A request that got no answer (a connection reset, wrk's timeout) is an error too.
    count = answered + socket_errors
    failed = count - statuses[200]
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "p50": latency("50"),
        "p99": latency("99"),
        "requests": count,
        "errors": failed,
        "statuses": statuses,  # type: ignore[dict-item]
    }


def _heavy_client(
    url: str, address: str, stop: float, statuses: collections.Counter[str], latencies: list[float]
) -> None:
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=url, transport=transport, timeout=120) as client:
        turn = 0
        while time.monotonic() < stop:
            query = HEAVY_QUERIES[turn % len(HEAVY_QUERIES)]
            turn += 1
            start = time.monotonic()
            try:
                response = client.get("/sparql", params={"query": query})
            except httpx.TransportError as error:
                statuses[type(error).__name__] += 1
                continue
            latencies.append(time.monotonic() - start)
            code = response.status_code
            label = str(code)
            if code != 200 and response.headers.get("content-type") == "application/json":
                label += " " + response.json().get("error", "?")
            statuses[label] += 1
            if code == 429:
                # A refused client waits as it is told (as a well-behaved one would), then goes on.
                time.sleep(min(float(response.headers.get("retry-after", "1")), 5))


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _light_lanes(url: str, connections: int, seconds: int, work: Path) -> dict[str, dict]:
    """Both light lanes at once for ``seconds``: their wrk figures."""
    light = connections // 2
    json_results = "application/sparql-results+json"
    canned = _wrk(url, _canned_paths(), json_results, light, seconds, work / "canned.lua")
    small = _wrk(
        url,
        ["/sparql?" + urlencode({"query": SMALL_SELECT})],
        json_results,
        connections - light,
        seconds,
        work / "small.lua",
    )
    canned_out, _ = canned.communicate()
    small_out, _ = small.communicate()
    return {"canned": _wrk_figures(canned_out), "small SELECT": _wrk_figures(small_out)}


def _heavy_lane(url: str, clients: int, seconds: int, work: Path, connections: int) -> tuple:
    """The light lanes for ``seconds`` while ``clients`` heavy clients loop beside them."""
    stop = time.monotonic() + seconds + 1
    statuses: collections.Counter[str] = collections.Counter()
    latencies: list[float] = []
    threads = [
        threading.Thread(
            target=_heavy_client, args=(url, f"127.0.0.{2 + n}", stop, statuses, latencies)
        )
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    time.sleep(1)  # the heavy queries hold their workers now
    lanes = _light_lanes(url, connections, seconds, work)
    for thread in threads:
        thread.join()
    return lanes, statuses, latencies


def _print_lanes(title: str, lanes: dict[str, dict], load: tuple[float, ...]) -> None:
    print(f"\n{title} (load average at its end: {' '.join(f'{x:.2f}' for x in load)})")
    print(f"{'lane':14} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'requests':>9} {'errors':>8}")
    for name, figures in lanes.items():
        share = figures["errors"] / figures["requests"] if figures["requests"] else float("nan")
        print(
            f"{name:14} {figures['rps']:9.1f} {figures['p50']:9.1f} {figures['p99']:9.1f}"
            f" {figures['requests']:9d} {share:7.1%}  {dict(sorted(figures['statuses'].items()))}"
        )


def main() -> int:
    """Run the soak and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="the run with heavy queries (60)")
    parser.add_argument(
        "--reference-seconds",
        type=int,
        default=20,
        help="a first run of the light lanes alone, the same run's reference (20; 0: none)",
    )
    parser.add_argument("--connections", type=int, default=32, help="light connections (32)")
    parser.add_argument("--heavy", type=int, default=4, help="heavy clients (4)")
    parser.add_argument("--target-p99-ms", type=float, default=300.0)
    parser.add_argument("--serve-arg", action="append", default=[], help="extra serve option")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("soak: wrk is missing (Debian package wrk)")

    with tempfile.TemporaryDirectory(prefix="provkb-soak-") as folder:
        work = Path(folder)
        write_build(compile_kb(ProjectPaths(ROOT)), work / "build")
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = _start_server(
            BuildLayout(work / "build").trig, port, work / "serve.log", args.serve_arg
        )
        try:
            load_before = os.getloadavg()
            reference = None
            if args.reference_seconds:
                reference = _light_lanes(url, args.connections, args.reference_seconds, work)
                load_reference = os.getloadavg()
            lanes, heavy_statuses, heavy_latencies = _heavy_lane(
                url, args.heavy, args.seconds, work, args.connections
            )
            load_end = os.getloadavg()
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    print(
        f"soak: {args.connections} light connections, {args.heavy} heavy clients, {url};"
        f" {os.cpu_count()} cores; load average (1, 5, 15 min) at the start:"
        f" {' '.join(f'{x:.2f}' for x in load_before)}"
    )
    if reference is not None:
        _print_lanes(
            f"reference: the light lanes alone, {args.reference_seconds} s",
            reference,
            load_reference,
        )
    _print_lanes(f"with {args.heavy} heavy clients looping, {args.seconds} s", lanes, load_end)
    heavy_total = sum(heavy_statuses.values())
    heavy_errors = heavy_total - heavy_statuses.get("200", 0)
    print(
        f"{'heavy':14} {heavy_total / args.seconds:9.2f} "
        f"{_percentile(heavy_latencies, 0.5) * 1000:9.1f} "
        f"{_percentile(heavy_latencies, 0.99) * 1000:9.1f} {heavy_total:9d}"
        f" {heavy_errors / heavy_total if heavy_total else float('nan'):7.1%}"
        f"  {dict(sorted(heavy_statuses.items()))}"
    )
    canned_figures = lanes["canned"]
    if reference is not None and reference["canned"]["p99"] > 0:
        print(
            "canned lane p99 with the heavy queries / alone:"
            f" {canned_figures['p99'] / reference['canned']['p99']:.2f}"
        )
    met = canned_figures["errors"] == 0 and canned_figures["p99"] < args.target_p99_ms
    verdict = "met" if met else "MISSED"
    print(f"canned lane target (p99 < {args.target_p99_ms:.0f} ms, 0 errors): {verdict}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
