"""Where the two SPARQL parsers of the endpoint break: the figures behind the parser-bomb limits
of ``provkb/server/query_text.py`` (``MAX_NESTING``, ``MAX_OPERATORS``).

For each construct (nested brackets, operator chains, unary runs, long paths), the size is
doubled until the parser fails, then bisected: each attempt runs in a fresh process, so a stack
overflow (SIGSEGV) is seen as a return code. ``oxigraph`` runs ``Store.query`` on an empty store;
``rdflib`` runs the guard's grammar and algebra under Python's default recursion limit (it
fails with RecursionError, cleanly) or, with ``--recursion N``, under that limit.

    .venv/bin/python bench/parser_limits.py oxigraph plus-chain braces
    .venv/bin/python bench/parser_limits.py rdflib
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Callable

CONSTRUCTS: dict[str, Callable[[int], str]] = {
    "parens": lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "braces": lambda n: "SELECT * WHERE " + "{" * n + "}" * n,
    "brackets": lambda n: "SELECT * WHERE { ?s ?p " + "[ ?p " * n + "1" + " ]" * n + " }",
    "plus-chain": lambda n: "SELECT (" + "+".join(["1"] * n) + " AS ?x) WHERE {}",
    "and-chain": lambda n: "SELECT * WHERE { FILTER(" + " && ".join(["true"] * n) + ") }",
    "or-chain": lambda n: "SELECT * WHERE { FILTER(" + " || ".join(["true"] * n) + ") }",
    "path-sequence": lambda n: "SELECT * WHERE { ?s " + "/".join(["<x:p>"] * n) + " ?o }",
    "not-run": lambda n: "SELECT * WHERE { FILTER(" + "!" * n + "true) }",
    "inverse-run": lambda n: "SELECT * WHERE { ?s " + "^" * n + "<x:p> ?o }",
}
_RUN = """
import sys, warnings
warnings.simplefilter("ignore")
engine, path, recursion = sys.argv[1], sys.argv[2], int(sys.argv[3])
query = open(path, encoding="utf-8").read()
if engine == "oxigraph":
    import pyoxigraph as ox
    try:
        result = ox.Store().query(query)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (SyntaxError, ValueError, OSError, RuntimeError, TypeError):
        pass
else:
    sys.setrecursionlimit(recursion)
    from rdflib.plugins.sparql import algebra
    from rdflib.plugins.sparql.parser import QueryUnit
    try:
        algebra.translateQuery(QueryUnit.parse_string(query, parse_all=True))
    except RecursionError:
        sys.exit(3)
    except Exception:
        pass
"""
_LARGEST = 200_000


def survives(engine: str, query: str, recursion: int, timeout: float) -> tuple[bool, str]:
    """Whether the parser takes ``query`` (its process exits 0), and how it ended."""
    with tempfile.NamedTemporaryFile("w", suffix=".rq", encoding="utf-8") as file:
        file.write(query)
        file.flush()
        try:
            done = subprocess.run(
                [sys.executable, "-c", _RUN, engine, file.name, str(recursion)],
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return False, f"over {timeout:.0f} s"
    return done.returncode == 0, f"exit {done.returncode}"


def limit(engine: str, build: Callable[[int], str], recursion: int, timeout: float) -> str:
    """The largest size that parses and the smallest that fails (within 2 %)."""
    good, size = 0, 1
    while size <= _LARGEST:
        ok, how = survives(engine, build(size), recursion, timeout)
        if not ok:
            break
        good, size = size, size * 2
    else:
        return f"parses {good:,} (the largest tried)"
    bad = size
    while bad - good > max(1, good // 50):
        middle = (good + bad) // 2
        ok, middle_how = survives(engine, build(middle), recursion, timeout)
        if ok:
            good = middle
        else:
            bad, how = middle, middle_how
    return f"parses {good:,}, fails at {bad:,} ({how})"


def main() -> None:
    """Print each construct's limit for the engine named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("engine", choices=["oxigraph", "rdflib"])
    parser.add_argument("constructs", nargs="*", choices=[[], *CONSTRUCTS], default=[])
    parser.add_argument("--recursion", type=int, default=1000, help="rdflib's recursion limit")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per attempt")
    args = parser.parse_args()
    for name in args.constructs or CONSTRUCTS:
        result = limit(args.engine, CONSTRUCTS[name], args.recursion, args.timeout)
        print(f"{args.engine} {name}: {result}", flush=True)


if __name__ == "__main__":
    main()
