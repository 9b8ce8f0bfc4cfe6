"""Check the built KB against the SHACL shapes, graph by graph, in parallel, incrementally."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from provkb.build.dumps import TRIG
from provkb.build.pipeline import compile_kb, write_build
from provkb.namespaces import DEFAULT_BASE
from provkb.paths import ProjectPaths
from provkb.problems import InputError
from provkb.validation.reports import FORMATS, render
from provkb.validation.shacl import DEFAULT_ENGINE, ENGINES, print_progress, validate_build

HELP = "validate the built KB with SHACL (exit 0: conforms, 1: violations, 2: cannot run)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``provkb validate``."""
    parser.add_argument(
        "--root", type=Path, help="project folder (default: found from the working directory)"
    )
    parser.add_argument(
        "--build", type=Path, help="build folder (default: <root>/build; built first if missing)"
    )
    parser.add_argument("--base-iri", default=DEFAULT_BASE, help="base IRI the KB was built with")
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="report format (default: text)"
    )
    parser.add_argument(
        "--output", type=Path, help="write the report to this file instead of standard output"
    )
    parser.add_argument(
        "--engine",
        choices=sorted(ENGINES),
        default=DEFAULT_ENGINE,
        help="SHACL engine: turbo (pyshacl-turbo, fast; the tests check it gives pySHACL's "
        "verdicts) or pyshacl (the reference) (default: %(default)s)",
    )
    parser.add_argument(
        "--whole", action="store_true", help="one engine run over the union of all graphs"
    )
    parser.add_argument("--jobs", type=int, help="worker processes (default: number of cores)")
    parser.add_argument(
        "--no-cache", action="store_true", help="validate every graph, even unchanged ones"
    )


def run(args: argparse.Namespace) -> int:
    """Validate; write the report; exit 0 when it conforms and 1 when it does not."""
    paths = ProjectPaths.discover(args.root)
    build = args.build or paths.build
    if not (build / TRIG).exists():
        try:
            write_build(compile_kb(paths, args.base_iri), build)
        except InputError as error:
            for problem in error.problems:
                print(problem.render(paths.root), file=sys.stderr)
            print(
                f"provkb validate: the build failed with {len(error.problems)} problem(s)",
                file=sys.stderr,
            )
            return 2
    try:
        report = validate_build(
            build,
            paths.shapes,
            args.base_iri,
            engine=args.engine,
            whole=args.whole,
            jobs=args.jobs,
            cache=None if args.no_cache or args.whole else build / "cache" / "validation",
            progress=print_progress,
        )
    except (FileNotFoundError, SyntaxError) as error:
        print(f"provkb validate: {error}", file=sys.stderr)
        return 2
    text = render(report, args.format)
    if args.output:
        tmp = args.output.with_name(args.output.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(args.output)
        if args.format != "text":
            print(render(report, "text").splitlines()[-1])
    else:
        sys.stdout.write(text)
    return 0 if report.conforms else 1
