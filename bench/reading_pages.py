"""Server time of the reader's pages (a document with its quotes marked, a quote's page, the
network, the timeline, a Web Annotation page) through HTTP to ``provkb serve``.

    .venv/bin/python bench/reading_pages.py                   # the seed KB, built if missing
    .venv/bin/python bench/reading_pages.py --root /tmp/v1000     # a generated corpus, built first
    .venv/bin/python bench/reading_pages.py --requests 50

It starts ``provkb serve`` itself (the real command) on a free port of 127.0.0.1 and stops it at
the end. The document measured is the one with the most quotes; each request is sent once
untimed, then ``--requests`` times over one keep-alive connection. The table gives the median
and 90th percentile in milliseconds and the median as a multiple of the baseline measured in the
same run (``/static/provkb.css``, a small file: the cost of the server and the connection alone).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import httpx
from http_latency import _free_port, _start_server  # bench/, beside this script

from provkb.build.pipeline import compile_kb, write_build
from provkb.layout import BuildLayout
from provkb.paths import ProjectPaths


def requests_for(built: BuildLayout) -> list[tuple[str, str]]:
    """(label, path) of each measured page, for the build ``built``."""
    documents = json.loads((built.reading / "documents.json").read_text(encoding="utf-8"))
    biggest = max(documents, key=lambda d: (d["assertions"], d["slug"]))
    slug = biggest["slug"]
    document = json.loads((built.reading / "doc" / f"{slug}.json").read_text(encoding="utf-8"))
    assertion = document["assertions"][len(document["assertions"]) // 2]["iri"]
    base_path = "/" + biggest["iri"].split("/", 3)[3].split("id/doc/", 1)[0]
    return [
        ("baseline: /static/provkb.css", "/static/provkb.css"),
        (f"reader: {slug} ({biggest['assertions']} quotes)", f"{base_path}id/doc/{slug}.html"),
        ("assertion page", "/" + assertion.split("/", 3)[3] + ".html"),
        ("annotation page 0", f"{base_path}annotations/{slug}/?page=0"),
        ("network (all documents)", "/network"),
        (f"network ({slug})", f"/network?doc={slug}"),
        ("timeline", "/timeline"),
    ]


def measure(
    url: str, paths: list[tuple[str, str]], count: int
) -> list[tuple[str, list[float], int]]:
    """Seconds per request for each path, after one warm-up each, and body sizes."""
    results = []
    with httpx.Client(base_url=url, timeout=120) as client:
        for label, path in paths:
            warm = client.get(path, headers={"Accept": "text/html"})
            if warm.status_code != 200:
                raise SystemExit(f"{label}: HTTP {warm.status_code}: {warm.text[:200]}")
            seconds = []
            for _ in range(count):
                start = time.perf_counter()
                client.get(path, headers={"Accept": "text/html"}).read()
                seconds.append(time.perf_counter() - start)
            results.append((label, seconds, len(warm.content)))
    return results


def main() -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, help="project folder (default: this checkout)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests each (100)")
    args = parser.parse_args()
    paths = ProjectPaths(args.root) if args.root else ProjectPaths.discover()
    built = BuildLayout(paths.build)
    if not (built.reading / "documents.json").exists():
        write_build(compile_kb(paths), paths.build)
    port = _free_port()
    server = _start_server(built.trig, port)
    url = f"http://127.0.0.1:{port}"
    try:
        results = measure(url, requests_for(built), args.requests)
    finally:
        server.terminate()
        server.wait(30)
    baseline = statistics.median(results[0][1])
    print(f"{args.requests} requests each, one keep-alive connection, {paths.build}")
    print(f"{'page':44} {'median ms':>10} {'p90 ms':>8} {'× base':>7} {'bytes':>9}")
    for label, seconds, size in results:
        ordered = sorted(seconds)
        median = statistics.median(seconds)
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        print(
            f"{label[:44]:44} {median * 1000:10.2f} {p90 * 1000:8.2f} {median / baseline:7.1f} "
            f"{size:9}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
