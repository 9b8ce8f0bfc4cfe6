"""``provkb push``: load the build's TriG into an external SPARQL server, graph by graph."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from provkb.commands.options import add_project_options, build_of, project_of
from provkb.layout import BuildUnavailable, ensure_current
from provkb.problems import InputError, report_problems
from provkb.query.push import PushError, push
from provkb.query.remote import EndpointError

HELP = "load the built dumps into a SPARQL server (Graph Store Protocol PUT per named graph)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``provkb push``."""
    parser.add_argument(
        "--endpoint", required=True, metavar="URL", help="the server's SPARQL query endpoint"
    )
    parser.add_argument(
        "--graph-store",
        metavar="URL",
        help="its Graph Store Protocol URL (default: next to the endpoint on Oxigraph "
        "(/query → /store) and Virtuoso (/sparql → /sparql-graph-crud, or "
        "/sparql-graph-crud-auth with --user))",
    )
    parser.add_argument(
        "--data",
        type=Path,
        metavar="TRIG",
        help="dump to push as it is (default: the build's, built first when missing or stale)",
    )
    add_project_options(parser)
    parser.add_argument(
        "--user",
        help="user for HTTP Basic/Digest authentication; the password is read from "
        "$PROVKB_PUSH_PASSWORD (never from the command line, where other users could see it)",
    )
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds to wait per request (default 120)"
    )
    parser.add_argument(
        "--prune",
        action="store_true",
        help="also delete the server's graphs in the build's <base>graph/ namespace that the "
        "dump does not have (documents removed since the last push)",
    )


def run(args: argparse.Namespace) -> int:
    """Push every named graph; print one line per graph and a total; 2 on any error."""
    trig = args.data
    if trig is None:
        paths = project_of(args)
        build = build_of(args, paths)
        try:
            ensure_current(paths, build.root, command="push")
        except InputError as error:
            summary = f"provkb push: the build failed with {len(error.problems)} problem(s)"
            return report_problems(error.problems, paths.root, summary)
        except BuildUnavailable as error:
            print(f"provkb push: {error}", file=sys.stderr)
            return 2
        trig = build.trig
    if not trig.exists():
        print(f"provkb push: {trig}: no such file; run provkb build first", file=sys.stderr)
        return 2
    password = os.environ.get("PROVKB_PUSH_PASSWORD")
    try:
        pushed, pruned = push(
            trig, args.endpoint, args.graph_store, args.user, password, args.timeout, args.prune
        )
    except (PushError, EndpointError) as error:
        print(f"provkb push: {error}", file=sys.stderr)
        return 2
    width = max(len(p.graph) for p in pushed) if pushed else 0
    for graph in pushed:
        note = "" if graph.stored == graph.sent else f"  (server holds {graph.stored})"
        print(f"PUT {graph.graph.ljust(width)}  {graph.sent:>7} triples{note}")
    for name in pruned:
        print(f"DELETE {name}")
    total = sum(p.sent for p in pushed)
    removed = f"; deleted {len(pruned)} graphs the dump does not have" if args.prune else ""
    print(f"pushed {len(pushed)} graphs, {total} triples, to {args.endpoint}{removed}")
    mismatched = [p.graph for p in pushed if p.stored != p.sent]
    if mismatched:
        print(
            f"provkb push: the server holds a different number of triples in {len(mismatched)} "
            f"graph(s): {', '.join(mismatched)}",
            file=sys.stderr,
        )
        return 1
    return 0
