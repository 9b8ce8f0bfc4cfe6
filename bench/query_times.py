"""Median time of every canned query on the seed KB (embedded Oxigraph, or any endpoint).

    .venv/bin/python -m bench.query_times                    # the build's TriG, built if missing
    .venv/bin/python -m bench.query_times --repeat 50
    .venv/bin/python -m bench.query_times --endpoint http://127.0.0.1:7878/query

Each query runs once with its defaults (required parameters take their example) and, when it has
optional parameters, once more with every example value. One untimed run warms the store up; the
median of ``--repeat`` timed runs is printed, with the fastest and slowest, and the row count.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from provkb.build.pipeline import compile_kb, write_build
from provkb.layout import BuildLayout
from provkb.paths import ProjectPaths
from provkb.query.catalogue import CannedQuery, load_catalogue
from provkb.query.remote import select_endpoint
from provkb.query.select import Table, load_store, select_embedded


def runs(catalogue: list[CannedQuery]) -> list[tuple[str, CannedQuery, dict[str, str]]]:
    """(label, query, values): defaults, and all examples where that differs."""
    out = []
    for query in catalogue:
        required = {p.name: p.example for p in query.parameters if p.required}
        out.append((query.name, query, required))
        if len(required) < len(query.parameters):
            examples = {p.name: p.example for p in query.parameters}
            out.append((f"{query.name} (examples)", query, examples))
    return out


def time_query(execute: Callable[[str], Table], text: str, repeat: int) -> tuple[list[float], int]:
    """Seconds per run over ``repeat`` timed runs after one warm-up, and the row count."""
    rows = len(execute(text).rows)
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        execute(text)
        seconds.append(time.perf_counter() - start)
    return seconds, rows


def main() -> int:
    """Time every canned query and print one line per run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="TriG dump (default: the build's)")
    parser.add_argument("--endpoint", help="time on this SPARQL endpoint instead")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query (20)")
    args = parser.parse_args()

    paths = ProjectPaths.discover()
    if args.endpoint:
        where = args.endpoint

        def execute(text: str) -> Table:
            return select_endpoint(args.endpoint, text, timeout=600)
    else:
        trig = args.data or BuildLayout(paths.build).trig
        if not trig.exists():
            write_build(compile_kb(paths), paths.build)
        store = load_store(trig)
        where = f"embedded pyoxigraph, {trig} ({len(store)} quads)"

        def execute(text: str) -> Table:
            return select_embedded(store, text)

    print(f"{where}; median of {args.repeat} runs after one warm-up")
    print(f"{'query':<36} {'rows':>6} {'median ms':>10} {'min ms':>8} {'max ms':>8}")
    for label, query, values in runs(load_catalogue(paths.queries)):
        seconds, rows = time_query(execute, query.bind(values), args.repeat)
        print(
            f"{label:<36} {rows:>6} {statistics.median(seconds) * 1000:>10.1f} "
            f"{min(seconds) * 1000:>8.1f} {max(seconds) * 1000:>8.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
