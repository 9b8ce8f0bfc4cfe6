"""Check the built KB against the SHACL shapes, graph by graph, in parallel, incrementally."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from provkb.commands.options import add_project_options, build_of, project_of
from provkb.layout import BuildUnavailable, ensure_current
from provkb.problems import InputError, report_problems
from provkb.validation.reports import FORMATS, render
from provkb.validation.shacl import DEFAULT_ENGINE, ENGINES, print_progress, validate_build

HELP = "validate the built KB with SHACL (exit 0: conforms, 1: violations, 2: cannot run)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``provkb validate``."""
    add_project_options(parser)
    parser.add_argument(
        "--base-iri",
        help="base IRI the KB must be built with (default: the build's; rebuilt when it differs)",
    )
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
    paths = project_of(args)
    build = build_of(args, paths)
    try:
        manifest = ensure_current(paths, build.root, args.base_iri, command="validate")
    except InputError as error:
        summary = f"provkb validate: the build failed with {len(error.problems)} problem(s)"
        return report_problems(error.problems, paths.root, summary)
    except BuildUnavailable as error:
        print(f"provkb validate: {error}", file=sys.stderr)
        return 2
    try:
        report = validate_build(
            build.root,
            paths.shapes,
            manifest.base_iri,
            engine=args.engine,
            whole=args.whole,
            jobs=args.jobs,
            cache=None if args.no_cache or args.whole else build.validation_cache,
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
