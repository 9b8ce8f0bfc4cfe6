"""``provkb serve``: build the KB if needed, then serve it over HTTP (SPARQL, dumps, pages)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from provkb.commands.options import add_project_options, build_of, project_of
from provkb.layout import BuildLayout, BuildUnavailable, ensure_current, store_beside
from provkb.namespaces import DEFAULT_BASE
from provkb.problems import InputError, report_problems
from provkb.server.clients import trusted_networks
from provkb.server.settings import ServerSettings

HELP = "serve the KB: SPARQL endpoint, canned queries, dumps, linked data and a query UI"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``provkb serve``."""
    defaults = ServerSettings(Path(), Path(), Path())
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    add_project_options(parser)
    parser.add_argument(
        "--data",
        type=Path,
        metavar="TRIG",
        help="serve this TriG file as it is, without building (default: the build's, rebuilt "
        "first when missing or stale)",
    )
    parser.add_argument(
        "--base-iri",
        help=f"base IRI the KB uses (default: the build's; with --data, {DEFAULT_BASE}); the "
        "build is rebuilt when it was made with another",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=defaults.query_timeout,
        help="seconds before a query is cancelled with 503 (default %(default)s)",
    )
    parser.add_argument(
        "--max-rows",
        type=int,
        default=defaults.max_rows,
        help="rows past which a result is refused (default %(default)s)",
    )
    parser.add_argument(
        "--max-response-bytes",
        type=int,
        default=defaults.max_response_bytes,
        help="result size past which it is refused (default %(default)s)",
    )
    parser.add_argument(
        "--max-concurrent",
        type=int,
        default=defaults.max_concurrent_queries,
        help="queries run at once, one worker process each (default %(default)s)",
    )
    parser.add_argument(
        "--light-workers",
        type=int,
        default=defaults.light_workers,
        help="worker processes reserved for canned queries, IRI pages and Graph Store reads,"
        " which ad-hoc SPARQL never takes (default %(default)s)",
    )
    parser.add_argument(
        "--canned-cache-mb",
        type=int,
        default=defaults.canned_cache_bytes // 2**20,
        help="MiB of canned-query answers kept and served again without a worker"
        " (the store never changes while served; 0 disables; default %(default)s)",
    )
    parser.add_argument(
        "--max-client-queries",
        type=int,
        default=defaults.max_client_queries,
        help="ad-hoc queries one client may run at once (default: half of --max-concurrent)",
    )
    parser.add_argument(
        "--max-query-memory",
        type=int,
        default=defaults.max_query_memory,
        help="bytes one query's worker may allocate (default: --query-memory-share of the"
        " machine's memory over all the workers)",
    )
    parser.add_argument(
        "--query-memory-share",
        type=float,
        default=defaults.query_memory_share,
        help="share of the machine's memory all the workers may use together (default %(default)s)",
    )
    parser.add_argument(
        "--strike-limit",
        type=int,
        default=defaults.strike_limit,
        help="queries past their deadline or memory cap, or crashing their worker, within"
        f" {defaults.strike_window:g} s after which a client gets 429 for a while"
        " (0: never; default %(default)s)",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the base URL clients reach the server at (e.g. https://kb.example/), for the"
        " service description, links and the pages' permalinks (default: the address each"
        " connection reached; never the client's Host header)",
    )
    parser.add_argument(
        "--trusted-proxy",
        action="append",
        dest="trusted_proxies",
        metavar="ADDRESS",
        help="a reverse proxy (address or network) whose X-Forwarded-For names the client;"
        " repeat (default: none, the connection's address is the client)",
    )
    parser.add_argument(
        "--max-request-bytes",
        type=int,
        default=defaults.max_request_bytes,
        help="largest request body accepted (default %(default)s)",
    )
    parser.add_argument(
        "--request-read-timeout",
        type=float,
        default=defaults.request_read_timeout,
        help="seconds a client has to send a whole request once it starts one; a connection"
        " still sending after that is closed (default %(default)s)",
    )
    parser.add_argument(
        "--access-log",
        action="store_true",
        help="log a line per request on standard error (default: off; start-up and errors are"
        " always logged)",
    )
    parser.add_argument(
        "--cors-origin",
        action="append",
        dest="cors_origins",
        metavar="ORIGIN",
        help="origin allowed to query from a browser; repeat (default: any)",
    )


def settings_from_args(
    args: argparse.Namespace, build: BuildLayout, base_iri: str, queries_dir: Path | None
) -> ServerSettings:
    """The server settings the command line asks for: the build's published folder and store,
    or, with ``--data``, that file with its store beside it."""
    state: Path | None
    if args.data is not None:
        dataset = args.data.resolve()
        published, store, state = dataset.parent, store_beside(dataset), None
    else:
        dataset, published, store, state = build.trig, build.published, build.store, build.state
    return ServerSettings(
        dataset=dataset,
        build_dir=published,
        store_dir=store,
        state_dir=state,
        queries_dir=queries_dir,
        base_iri=base_iri,
        query_timeout=args.timeout,
        max_rows=args.max_rows,
        max_response_bytes=args.max_response_bytes,
        max_concurrent_queries=args.max_concurrent,
        light_workers=args.light_workers,
        canned_cache_bytes=max(0, args.canned_cache_mb) * 2**20,
        max_client_queries=args.max_client_queries,
        max_query_memory=args.max_query_memory,
        query_memory_share=args.query_memory_share,
        strike_limit=args.strike_limit,
        trusted_proxies=tuple(args.trusted_proxies or ()),
        public_url=args.public_url,
        max_request_bytes=args.max_request_bytes,
        request_read_timeout=args.request_read_timeout,
        cors_origins=tuple(args.cors_origins or ("*",)),
    )


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; 2 when there is nothing valid to serve."""
    paths = project_of(args)
    if args.base_iri is not None and not args.base_iri.endswith("/"):
        # The server dereferences <base>id/...: a base ending in '#' has no such paths.
        print(f"provkb serve: --base-iri must end with /: {args.base_iri}", file=sys.stderr)
        return 2
    build = build_of(args, paths)
    base = args.base_iri or DEFAULT_BASE
    if args.data is None:
        try:
            base = ensure_current(paths, build.root, args.base_iri, command="serve").base_iri
        except InputError as error:
            summary = f"provkb serve: {len(error.problems)} problem(s) in kb/; not serving"
            return report_problems(error.problems, paths.root, summary)
        except BuildUnavailable as error:
            print(f"provkb serve: {error}", file=sys.stderr)
            return 2
    queries = paths.queries if paths.queries.is_dir() else None
    settings = settings_from_args(args, build, base, queries)
    public = urlsplit(settings.public_url or "http://localhost/")
    if public.scheme not in ("http", "https") or not public.netloc:
        print(
            f"provkb serve: --public-url must be an http(s) URL: {args.public_url}", file=sys.stderr
        )
        return 2
    try:
        trusted_networks(settings.trusted_proxies)
    except ValueError as error:
        print(f"provkb serve: --trusted-proxy: {error}", file=sys.stderr)
        return 2
    if not settings.dataset.is_file():
        print(f"provkb serve: {settings.dataset}: no such file", file=sys.stderr)
        return 2
    print(f"provkb serve: http://{args.host}:{args.port}/ (SPARQL at /sparql)", file=sys.stderr)
    # Imported here: FastAPI takes half a second to import, which every other command would pay
    # when the command line registers this one.
    import uvicorn

    from provkb.server.app import create_app
    from provkb.server.http_protocol import http_protocol

    # The access log is opt-in: a line per request took a tenth of the server's time at
    # 1,000 requests a second.
    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        log_level="info",
        http=http_protocol(settings.request_read_timeout),
        access_log=args.access_log,
    )
    return 0
