"""Compile kb/ into a build folder: published dumps (TriG, N-Quads, Turtle, per-document Turtle,
VoID) and the internal state the other commands read (see :mod:`provkb.layout`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from provkb.build.pipeline import compile_kb, count_kinds, write_build
from provkb.commands.options import add_project_options, build_of, project_of
from provkb.namespaces import DEFAULT_BASE
from provkb.problems import InputError, report_problems

HELP = "compile kb/ into RDF dumps under build/"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``provkb build``."""
    add_project_options(parser, build=False)
    # --out: the option's name before every command took --build.
    parser.add_argument(
        "--build",
        "--out",
        dest="build",
        type=Path,
        metavar="DIR",
        help="build folder (default: <root>/build)",
    )
    parser.add_argument(
        "--base-iri", default=DEFAULT_BASE, help=f"base of minted IRIs (default {DEFAULT_BASE})"
    )


def run(args: argparse.Namespace) -> int:
    """Build; print every input problem as file:line: message and exit 2 if there is any."""
    paths = project_of(args)
    out = build_of(args, paths).root
    if not args.base_iri.endswith(("/", "#")):
        print(f"provkb build: --base-iri must end with / or #: {args.base_iri}", file=sys.stderr)
        return 2
    try:
        compiled = compile_kb(paths, args.base_iri)
    except InputError as error:
        summary = f"provkb build: {len(error.problems)} problem(s); nothing written to {out}"
        return report_problems(error.problems, paths.root, summary)
    counts = write_build(compiled, out)
    kinds = count_kinds(compiled)
    shown = ", ".join(
        f"{kinds[k]} {k}"
        for k in ("Document", "Assertion", "Mention", "Event", "Citation")
        if kinds[k]
    )
    print(f"built {out}: {counts['quads']} quads in {counts['graphs']} graphs ({shown})")
    return 0
