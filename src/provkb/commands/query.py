"""``provkb query``: list the canned queries, or run one on the embedded store or an endpoint."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from provkb.commands.options import add_project_options, build_of, project_of
from provkb.layout import BuildLayout, BuildUnavailable, Manifest, ensure_current
from provkb.namespaces import DEFAULT_BASE, PREFIXES
from provkb.paths import ProjectPaths
from provkb.problems import InputError, report_problems
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

HELP = "list the canned queries, or run one (on the build or a SPARQL endpoint)"

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
        help="TriG dump to query as it is (default: the build's, built first when missing or "
        "stale)",
    )
    add_project_options(parser)
    parser.add_argument(
        "--base-iri",
        help="base that short IRI values such as person/jane-doe expand under "
        "(<base>id/person/jane-doe); the build is rebuilt when it was made with another "
        f"(default: the build's, or {DEFAULT_BASE})",
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


def _target(
    args: argparse.Namespace, paths: ProjectPaths, build: BuildLayout
) -> tuple[Path | None, str]:
    """The TriG to query (None for an endpoint) and the base its IRIs use; the build is made
    current first when the query runs on it."""
    if args.endpoint or args.data:
        manifest = None if args.base_iri else Manifest.read(build)
        return args.data, args.base_iri or (manifest.base_iri if manifest else DEFAULT_BASE)
    manifest = ensure_current(paths, build.root, args.base_iri, command="query")
    return build.trig, manifest.base_iri


def _format(table: Table, fmt: str, max_width: int, base: str) -> str:
    if fmt == "json":
        return to_json(table)
    if fmt == "csv":
        return to_csv(table)
    if fmt == "tsv":
        return to_tsv(table)
    shown = {"id": base + "id/", **PREFIXES}
    return to_text(table, shown, max_width)


def run(args: argparse.Namespace) -> int:
    """List the catalogue, or run one query and print its results; 2 on any user error."""
    paths = project_of(args)
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
    build = build_of(args, paths)
    try:
        trig, base = _target(args, paths, build)
    except InputError as error:
        summary = "provkb query: the build failed; fix the problems above or run provkb build"
        return report_problems(error.problems, paths.root, summary)
    except BuildUnavailable as error:
        return _fail(str(error))
    try:
        query = by_name[args.name]
        text = query.bind(_parse_params(args.param, query, base))
    except ParameterError as error:
        return _fail(str(error))
    try:
        if trig is None:
            table = select_endpoint(args.endpoint, text, args.timeout)
        else:
            if not trig.exists():
                return _fail(f"{trig}: no such file")
            table = select_embedded(load_store(trig), text)
    except EndpointError as error:
        return _fail(f"endpoint: {error}")
    sys.stdout.write(_format(table, args.format, args.max_width, base))
    return 0
