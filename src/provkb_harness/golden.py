"""``make golden``: rewrite the expected rows of the query cases from what the queries give now.

Run it after a person has reviewed why the rows changed (a failing case prints the difference),
then review ``git diff tests/queries``. Each case keeps its query, KB, parameters and ``only``;
its rows become the embedded store's answer on its KB: the fixture
(``tests/data/fixture-kb.trig``) or the seed KB, built from this checkout's ``kb/`` into a
temporary folder (so a stale ``build/`` is never the reference). The same KB gives the same bytes.

    python -m provkb_harness.golden [--root DIR] [CASE_FILE_OR_FOLDER ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from provkb.build.pipeline import compile_kb, write_build
from provkb.layout import BuildLayout
from provkb.paths import ProjectPaths
from provkb.problems import InputError
from provkb.query.catalogue import CannedQuery, CatalogueError, ParameterError, load_catalogue
from provkb_harness.cases import CaseError, QueryCase, load_case, load_cases, with_rows, write_case
from provkb_harness.query_engines import EmbeddedEngine

FIXTURE = Path("tests") / "data" / "fixture-kb.trig"
CASES = Path("tests") / "queries"


def build_seed(root: Path, out: Path) -> Path:
    """Build the ``kb/`` of the project at ``root`` into the folder ``out``; the TriG dump."""
    write_build(compile_kb(ProjectPaths(root)), out)
    return BuildLayout(out).trig


def regenerate(
    cases: Iterable[QueryCase], catalogue: dict[str, CannedQuery], kbs: dict[str, Path]
) -> list[QueryCase]:
    """Every case with the rows the embedded store gives now (those matching ``only``).

    Raises:
        CaseError: a case's parameters do not bind (the message names its file).
    """
    engine = EmbeddedEngine()
    fresh = []
    for case in cases:
        try:
            text = catalogue[case.query].bind(case.values())
        except ParameterError as error:
            raise CaseError(f"{case.path}: params: {error}") from error
        table = engine.select(kbs[case.kb], text)
        fresh.append(with_rows(case, case.select(table)))
    return fresh


def _selected(root: Path, targets: list[Path]) -> list[QueryCase]:
    if not targets:
        return load_cases(root / CASES)
    cases: list[QueryCase] = []
    for target in targets:
        cases.extend(load_cases(target) if target.is_dir() else [load_case(target)])
    return cases


def main(argv: list[str] | None = None) -> int:
    """Command line; exit 0 when done (changed or not), 2 when a case file cannot be read."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the checkout (default: .)")
    parser.add_argument(
        "targets", nargs="*", type=Path, help="case files or folders (default: every case)"
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        cases = _selected(root, [t.resolve() for t in args.targets])
        catalogue = {query.name: query for query in load_catalogue(root / "queries")}
        unknown = sorted({case.query for case in cases} - set(catalogue))
        if unknown:
            raise CaseError(f"no query in {root / 'queries'} called {', '.join(unknown)}")
        with tempfile.TemporaryDirectory(prefix="provkb-golden-") as tmp:
            kbs = {"fixture": root / FIXTURE}
            if any(case.kb == "seed" for case in cases):
                kbs["seed"] = build_seed(root, Path(tmp) / "build")
            changed = [case.path for case in regenerate(cases, catalogue, kbs) if write_case(case)]
    except (CaseError, CatalogueError) as error:
        print(f"golden: {error}", file=sys.stderr)
        return 2
    except InputError as error:
        for problem in error.problems:
            print(problem.render(root), file=sys.stderr)
        print(f"golden: kb/ does not build ({len(error.problems)} problem(s))", file=sys.stderr)
        return 2
    for path in changed:
        print(f"rewrote {path.relative_to(root) if path.is_relative_to(root) else path}")
    print(f"golden: {len(cases)} case(s), {len(changed)} rewritten; review `git diff {CASES}`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
