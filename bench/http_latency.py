"""Latency of three typical requests through HTTP to ``provkb serve`` on the seed KB.

    .venv/bin/python -m bench.http_latency                  # the build's TriG, built if missing
    .venv/bin/python -m bench.http_latency --requests 500
    .venv/bin/python -m bench.http_latency --url http://127.0.0.1:8000   # a server already running

Without ``--url`` it starts ``provkb serve`` itself (the real command, its worker processes and
uvicorn) on a free port of 127.0.0.1, and stops it at the end. Each request is sent once untimed,
then ``--requests`` times over one keep-alive connection; the table gives the median, the 90th
percentile and the slowest, in milliseconds, with the size of the response.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from provkb.build.pipeline import compile_kb, write_build
from provkb.layout import BuildLayout
from provkb.paths import ProjectPaths

PKB = "https://w3id.org/provkb/ontology#"
ACTOR_QUERY = f"""PREFIX pkb: <{PKB}>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?assertion ?kind ?quote WHERE {{
  ?assertion pkb:speaker <https://w3id.org/provkb/id/person/bulut-alemdar> ;
    pkb:assertionKind ?kind ; pkb:span/oa:exact ?quote .
}} ORDER BY ?assertion"""

# (label, method, path, request options): a SPARQL SELECT by POST, a canned query, an entity page.
REQUESTS: list[tuple[str, str, str, dict[str, object]]] = [
    (
        "SPARQL SELECT (POST form, JSON)",
        "POST",
        "/sparql",
        {"data": {"query": ACTOR_QUERY}, "headers": {"Accept": "application/sparql-results+json"}},
    ),
    (
        "canned query who-said-it (CSV)",
        "GET",
        "/queries/who-said-it",
        {"params": {"words": "Turkmen"}, "headers": {"Accept": "text/csv"}},
    ),
    (
        "entity page (HTML, 5 queries)",
        "GET",
        "/provkb/id/person/bulut-alemdar.html",
        {"headers": {"Accept": "text/html"}},
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_server(trig: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "provkb.cli", "serve", "--data", str(trig), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D").status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("provkb serve did not start within 120 s")


def measure(url: str, count: int) -> list[tuple[str, list[float], int]]:
    """Seconds per request for each of ``REQUESTS``, after one warm-up each, and body sizes."""
    results = []
    with httpx.Client(base_url=url, timeout=60) as client:
        for label, method, path, options in REQUESTS:
            warm = client.request(method, path, **options)  # type: ignore[arg-type]
            if warm.status_code != 200:
                raise SystemExit(f"{label}: HTTP {warm.status_code}: {warm.text[:200]}")
            seconds = []
            for _ in range(count):
                start = time.perf_counter()
                response = client.request(method, path, **options)  # type: ignore[arg-type]
                response.read()
                seconds.append(time.perf_counter() - start)
            results.append((label, seconds, len(warm.content)))
    return results


def main() -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="TriG dump (default: the build's)")
    parser.add_argument("--url", help="measure this running server instead of starting one")
    parser.add_argument("--requests", type=int, default=200, help="timed requests each (200)")
    args = parser.parse_args()

    server = None
    url = args.url
    if url is None:
        paths = ProjectPaths.discover()
        trig = args.data or BuildLayout(paths.build).trig
        if args.data is None and not trig.exists():
            write_build(compile_kb(paths), paths.build)
        port = _free_port()
        server = _start_server(trig, port)
        url = f"http://127.0.0.1:{port}"
    try:
        results = measure(url.rstrip("/"), args.requests)
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
    print(f"{args.requests} requests each, one keep-alive connection, {url}")
    print(f"{'request':34} {'median ms':>10} {'p90 ms':>8} {'max ms':>8} {'bytes':>8}")
    for label, seconds, size in results:
        ordered = sorted(seconds)
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        print(
            f"{label:34} {statistics.median(seconds) * 1000:10.2f} {p90 * 1000:8.2f} "
            f"{ordered[-1] * 1000:8.2f} {size:8}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
