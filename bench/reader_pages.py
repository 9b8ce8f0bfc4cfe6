"""Server times of the reader's pages (home, lists, search, entity pages, a canned query's form and
answer) through HTTP to ``provkb serve``, as ratios to the cheapest request of the same run.

    .venv/bin/python -m bench.reader_pages                      # the seed KB (build/)
    .venv/bin/python -m bench.reader_pages --build /tmp/c1000/build --requests 50

The build folder must hold ``dumps/provkb.trig`` and the reader's index (``provkb build`` writes
both). The script starts ``provkb serve --data <build>/dumps/provkb.trig`` on a free port of
127.0.0.1 and stops it at the end. The pages it asks for are chosen from the reader's index: the
most quoted speaker, the organisation with the most statements, the place and the event most
mentioned, so the same script measures the seed KB and a generated corpus. Each request is sent
once untimed, then ``--requests`` times over one keep-alive connection (on loopback the time is the
server's); the table gives the median (p50) and p90 in milliseconds and the median's ratio to the
baseline, ``GET /sparql?query=ASK{}``, measured in the same run.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx

from provkb.layout import BuildLayout
from provkb.paths import ProjectPaths

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(trig: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "provkb.cli", "serve", "--data", str(trig), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D").status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("provkb serve did not start within 300 s")


def _top(db: sqlite3.Connection, kind: str, column: str) -> str:
    row = db.execute(
        f"SELECT iri FROM entity WHERE kind = ? ORDER BY {column} DESC, iri LIMIT 1", (kind,)
    ).fetchone()
    if row is None:
        raise SystemExit(f"the reader's index has no {kind}")
    return row[0]


def requests_for(build: Path) -> list[tuple[str, str]]:
    """(label, path) of each page measured, chosen from the build's reader index."""
    db = sqlite3.connect(BuildLayout(build).reader_index)
    speaker = db.execute(
        "SELECT iri, label FROM entity WHERE kind IN ('person', 'organisation') "
        "ORDER BY said DESC, iri LIMIT 1"
    ).fetchone()
    pages = {
        "person": _top(db, "person", "said"),
        "organisation": _top(db, "organisation", "said"),
        "place": _top(db, "place", "mentions"),
        "event": _top(db, "event", "mentions"),
    }
    word = speaker[1].split()[-1]
    return [
        ("baseline: ASK {}", "/sparql?query=ASK%7B%7D"),
        ("home", "/"),
        ("people, by statements", "/people?sort=said&order=desc"),
        ("people, page 3 by name", "/people?page=3"),
        ("statements, page 2", "/assertions?page=2"),
        (f"search '{word}'", f"/search?q={quote(word)}"),
        *(
            (f"{kind} page (most quoted)", urlsplit(iri).path + ".html")
            for kind, iri in pages.items()
        ),
        ("query form", "/queries/actor-assertions"),
        (
            "query answer (top speaker)",
            f"/queries/actor-assertions?actor={quote(speaker[0], safe='')}",
        ),
    ]


def measure(url: str, requests: list[tuple[str, str]], count: int) -> list[tuple[str, list[float]]]:
    """Seconds per request, after one warm-up each."""
    results = []
    with httpx.Client(base_url=url, timeout=120, headers={"Accept": BROWSER}) as client:
        for label, path in requests:
            warm = client.get(path)
            if warm.status_code != 200:
                raise SystemExit(f"{label}: HTTP {warm.status_code}: {warm.text[:200]}")
            seconds = []
            for _ in range(count):
                start = time.perf_counter()
                client.get(path).read()
                seconds.append(time.perf_counter() - start)
            results.append((label, seconds))
    return results


def main() -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, help="build folder (default: <project>/build)")
    parser.add_argument("--requests", type=int, default=50, help="timed requests each (50)")
    args = parser.parse_args()
    build = args.build or ProjectPaths.discover().build
    trig = BuildLayout(build).trig
    if not trig.is_file() or not BuildLayout(build).reader_index.is_file():
        raise SystemExit(f"{build}: no provkb.trig or reader index; run provkb build first")
    requests = requests_for(build)
    port = _free_port()
    server = _start(trig, port)
    try:
        results = measure(f"http://127.0.0.1:{port}", requests, args.requests)
    finally:
        server.terminate()
        server.wait(30)
    baseline = statistics.median(results[0][1])
    print(f"{args.requests} requests each, one keep-alive connection, {build}")
    print(f"{'page':34} {'p50 ms':>8} {'p90 ms':>8} {'p50 / baseline':>15}")
    for label, seconds in results:
        ordered = sorted(seconds)
        p50 = statistics.median(seconds)
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        print(f"{label[:34]:34} {p50 * 1000:8.2f} {p90 * 1000:8.2f} {p50 / baseline:15.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
