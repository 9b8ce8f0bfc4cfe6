"""Compile kb/ into RDF dumps under build/ (TriG, N-Quads, Turtle, per-document Turtle, VoID)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from provkb.build.pipeline import compile_kb, count_kinds, write_build
from provkb.namespaces import DEFAULT_BASE
from provkb.paths import ProjectPaths
from provkb.problems import InputError

HELP = "compile kb/ into RDF dumps under build/"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``provkb build``."""
    parser.add_argument(
        "--root", type=Path, help="project folder (default: found from the working directory)"
    )
    parser.add_argument("--out", type=Path, help="output folder (default: <root>/build)")
    parser.add_argument(
        "--base-iri", default=DEFAULT_BASE, help=f"base of minted IRIs (default {DEFAULT_BASE})"
    )


def run(args: argparse.Namespace) -> int:
    """Build; print every input problem as file:line: message and exit 2 if there is any."""
    paths = ProjectPaths.discover(args.root)
    out = args.out or paths.build
    if not args.base_iri.endswith(("/", "#")):
        print(f"provkb build: --base-iri must end with / or #: {args.base_iri}", file=sys.stderr)
        return 2
    try:
        compiled = compile_kb(paths, args.base_iri)
    except InputError as error:
        for problem in error.problems:
            print(problem.render(paths.root), file=sys.stderr)
        print(
            f"provkb build: {len(error.problems)} problem(s); nothing written to {out}",
            file=sys.stderr,
        )
        return 2
    counts = write_build(compiled, out)
    kinds = count_kinds(compiled)
    shown = ", ".join(
        f"{kinds[k]} {k}"
        for k in ("Document", "Assertion", "Mention", "Event", "Citation")
        if kinds[k]
    )
    print(f"built {out}: {counts['quads']} quads in {counts['graphs']} graphs ({shown})")
    return 0
