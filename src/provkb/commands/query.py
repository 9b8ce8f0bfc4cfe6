"""``provkb query``: list the canned queries, or run one on the embedded store or an endpoint."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from provkb.build.pipeline import compile_kb, write_build
from provkb.namespaces import DEFAULT_BASE, PREFIXES
from provkb.paths import ProjectPaths
from provkb.problems import InputError
from provkb.query.catalogue import CannedQuery, CatalogueError, ParameterError, load_catalogue
from provkb.query.remote import EndpointError, select_endpoint
from provkb.query.select import (
    Table,
    load_store,
    select_embedded,
    to_csv,
    to_json,
    to_text,
    to_tsv,
)

HELP = "list the canned queries, or run one (on build/provkb.trig or a SPARQL endpoint)"

FORMATS = ("table", "json", "csv", "tsv")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``provkb query``."""
    parser.add_argument("name", nargs="?", help="the query to run (omit to list the catalogue)")
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter value; repeat for several",
    )
    parser.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format")
    parser.add_argument(
        "--endpoint", metavar="URL", help="run on this SPARQL 1.1 endpoint instead of the dump"
    )
    parser.add_argument(
        "--data",
        type=Path,
        metavar="TRIG",
        help="TriG dump to query (default: <root>/build/provkb.trig, built first if missing)",
    )
    parser.add_argument(
        "--root", type=Path, help="project folder (default: found from the working directory)"
    )
    parser.add_argument(
        "--base-iri",
        default=DEFAULT_BASE,
        help=f"base that short IRI values such as person/jane-doe expand under "
        f"(<base>id/person/jane-doe; default {DEFAULT_BASE})",
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds to wait for an endpoint (default 60)"
    )
    parser.add_argument(
        "--max-width",
        type=int,
        default=60,
        metavar="N",
        help="widest table cell before it is cut with … (0: no limit; default 60)",
    )


def _fail(message: str) -> int:
    print(f"provkb query: {message}", file=sys.stderr)
    return 2


def _parse_params(pairs: list[str], query: CannedQuery, base: str) -> dict[str, str]:
    """KEY=VALUE pairs as a dict; an IRI value without a scheme (``person/jane-doe``, the
    references of kb/) is expanded to the KB's IRI ``<base>id/person/jane-doe``."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key:
            raise ParameterError(f"--param {pair!r}: expected KEY=VALUE")
        if key in values:
            raise ParameterError(f"--param {key} given twice")
        if query.parameter(key).type == "iri" and ":" not in value:
            value = f"{base}id/{value}"
        values[key] = value
    return values


def _listing(catalogue: list[CannedQuery]) -> str:
    lines = []
    for query in catalogue:
        lines.append(f"{query.name}  —  {query.title}")
        for p in query.parameters:
            default = "required" if p.required else f"default {p.default!r}"
            example = p.example.removeprefix(f"{DEFAULT_BASE}id/") if p.type == "iri" else p.example
            lines.append(f"    --param {p.name}=<{p.type}>  ({default}; e.g. {example})")
    lines.append("")
    lines.append("Run one: provkb query NAME [--param KEY=VALUE ...] [--format table|json|csv|tsv]")
    lines.append("IRI values may be written as in kb/ (person/jane-doe) or in full.")
    return "\n".join(lines) + "\n"


def _ensure_dump(paths: ProjectPaths) -> Path:
    """The project's TriG dump, built first when there is none (as ``provkb build`` would)."""
    trig = paths.build / "provkb.trig"
    if not trig.exists():
        print(f"provkb query: {trig} is missing; building it first", file=sys.stderr)
        write_build(compile_kb(paths, DEFAULT_BASE), paths.build)
    return trig


def _format(table: Table, fmt: str, max_width: int) -> str:
    if fmt == "json":
        return to_json(table)
    if fmt == "csv":
        return to_csv(table)
    if fmt == "tsv":
        return to_tsv(table)
    shown = {"id": DEFAULT_BASE + "id/", **PREFIXES}
    return to_text(table, shown, max_width)


def run(args: argparse.Namespace) -> int:
    """List the catalogue, or run one query and print its results; 2 on any user error."""
    paths = ProjectPaths.discover(args.root)
    try:
        catalogue = load_catalogue(paths.queries)
    except CatalogueError as error:
        return _fail(str(error))
    if args.name is None:
        sys.stdout.write(_listing(catalogue))
        return 0
    by_name = {query.name: query for query in catalogue}
    if args.name not in by_name:
        return _fail(f"no query {args.name!r}; known: {', '.join(by_name) or 'none'}")
    try:
        query = by_name[args.name]
        text = query.bind(_parse_params(args.param, query, args.base_iri))
    except ParameterError as error:
        return _fail(str(error))
    try:
        if args.endpoint:
            table = select_endpoint(args.endpoint, text, args.timeout)
        else:
            trig = args.data or _ensure_dump(paths)
            if not trig.exists():
                return _fail(f"{trig}: no such file")
            table = select_embedded(load_store(trig), text)
    except EndpointError as error:
        return _fail(f"endpoint: {error}")
    except InputError as error:
        for problem in error.problems:
            print(problem.render(paths.root), file=sys.stderr)
        return _fail("the build failed; fix the problems above or run provkb build")
    sys.stdout.write(_format(table, args.format, args.max_width))
    return 0
