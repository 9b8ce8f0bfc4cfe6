"""What the parsed-query guard costs a query: rdflib's parse and translation of each canned
query (median of a few runs), against Oxigraph's own parse and evaluation of it on an empty
store, and whether the guard would parse it at all (only texts that say ``service`` or
``from`` are parsed; see ``provkb/server/query_guard.py``).

    .venv/bin/python bench/guard_cost.py
"""

from __future__ import annotations

import statistics
import time
import warnings
from pathlib import Path

import pyoxigraph as ox
from rdflib.plugins.sparql import algebra
from rdflib.plugins.sparql.parser import QueryUnit

from provkb.query.catalogue import load_catalogue

QUERIES = Path(__file__).resolve().parents[1] / "queries"
RUNS = 3


def _median_ms(action: object) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    """Print one line per canned query: parse times and the ratio."""
    warnings.simplefilter("ignore")
    store = ox.Store()
    print(f"{'query':28} {'rdflib ms':>10} {'oxigraph ms':>12} {'ratio':>7}  parsed by the guard")
    for query in load_catalogue(QUERIES):
        text = query.bind({p.name: p.example for p in query.parameters})
        rdflib_ms = _median_ms(
            lambda text=text: algebra.translateQuery(QueryUnit.parse_string(text, parse_all=True))
        )
        oxigraph_ms = _median_ms(lambda text=text: list(store.query(text)))
        folded = text.casefold()
        parsed = "yes" if "service" in folded or "from" in folded else "no"
        ratio = rdflib_ms / oxigraph_ms
        print(f"{query.name:28} {rdflib_ms:10.1f} {oxigraph_ms:12.2f} {ratio:7.0f}  {parsed}")


if __name__ == "__main__":
    main()
