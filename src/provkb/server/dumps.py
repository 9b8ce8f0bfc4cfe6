"""The dumps ``provkb build`` publishes, served under ``/dumps/`` and VoID at ``/.well-known/void``.

``/dumps/`` serves exactly the build's published folder: the files its ``SHA256SUMS`` lists, and
that file itself, so a download verifies with ``sha256sum -c``. A folder without one (a TriG served
with ``--data``) publishes the whole-KB dumps it holds.

Each file is served with its media type, a strong ``ETag`` (its SHA-256) and ``Last-Modified``;
a revalidation that matches gets 304. Text dumps are gzip-compressed when the client accepts it
(with their own ETag, since the bytes differ); ``provkb.nq.gz`` is already gzip and is served as
``application/gzip`` untouched, never compressed twice.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from provkb import layout
from provkb.namespaces import PREFIXES
from provkb.server import conneg
from provkb.server.errors import ApiError
from provkb.server.html import environment
from provkb.server.public_url import route_url
from provkb.server.routing import add_get
from provkb.server.state import ServerState

_TOP_LEVEL = (*layout.DATASET_DUMPS, layout.VOID, layout.SUMS)
_COMPRESSED = {"application/gzip"}
# Compressing tiny files costs more than it saves.
_GZIP_MIN_BYTES = 1024


@dataclass(frozen=True)
class Dump:
    """One published file."""

    name: str
    path: Path
    media_type: str


def media_type(name: str) -> str:
    """The media type of a published file, from its name."""
    if name == layout.SUMS:
        return "text/plain"
    if name.endswith(".gz"):
        return "application/gzip"
    if name.endswith(".trig"):
        return "application/trig"
    if name.endswith(".ttl"):
        return "text/turtle"
    if name.endswith(".jsonld"):
        return "application/ld+json"
    return "application/octet-stream"


def list_dumps(published: Path) -> list[Dump]:
    """The files of the published folder: the whole-KB dumps, VoID and checksums first, then the
    rest (per-document Turtle) in name order."""
    sums = published / layout.SUMS
    if sums.is_file():
        names = [*layout.read_sums(sums), layout.SUMS]
    else:
        names = [name for name in _TOP_LEVEL if name != layout.SUMS]
    order = {name: i for i, name in enumerate(_TOP_LEVEL)}
    names.sort(key=lambda name: (order.get(name, len(order)), name))
    return [
        Dump(name, published / name, media_type(name))
        for name in names
        if (published / name).is_file()
    ]


class _FileCache:
    """Digests and compressed copies of the dumps, recomputed when a file changes."""

    def __init__(self) -> None:
        self._digests: dict[tuple[Path, int, int], str] = {}
        self._gzipped: dict[str, bytes] = {}

    def digest(self, path: Path) -> str:
        """The SHA-256 of a file, computed once per version of it."""
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
        if key not in self._digests:
            self._digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        return self._digests[key]

    def gzipped(self, path: Path, digest: str) -> bytes:
        """The gzip-compressed bytes of a file, compressed once per digest."""
        if digest not in self._gzipped:
            # mtime=0: the same file always compresses to the same bytes (stable ETag).
            self._gzipped[digest] = gzip.compress(path.read_bytes(), mtime=0)
        return self._gzipped[digest]


def _accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            name, _, value = params.strip().partition("=")
            if name.strip().lower() != "q":
                return True
            try:
                return float(value) > 0
            except ValueError:
                return False
    return False


def _not_modified(request: Request, etag: str, modified: float) -> bool:
    if (match := request.headers.get("if-none-match")) is not None:
        tags = {t.strip().removeprefix("W/") for t in match.split(",")}
        return etag in tags or "*" in tags
    if (since := request.headers.get("if-modified-since")) is not None:
        try:
            return int(modified) <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False
    return False


def file_response(request: Request, dump: Dump, cache: _FileCache) -> Response:
    """Serve one dump with validators, revalidation and optional gzip."""
    digest = cache.digest(dump.path)
    modified = dump.path.stat().st_mtime
    compress = (
        dump.media_type not in _COMPRESSED
        and dump.path.stat().st_size >= _GZIP_MIN_BYTES
        and _accepts_gzip(request)
    )
    etag = f'"{digest}-gzip"' if compress else f'"{digest}"'
    headers = {
        "ETag": etag,
        "Last-Modified": formatdate(modified, usegmt=True),
        "Cache-Control": "no-cache",
        "Vary": "Accept-Encoding",
    }
    if _not_modified(request, etag, modified):
        return Response(status_code=304, headers=headers)
    if compress:
        headers["Content-Encoding"] = "gzip"
        body = cache.gzipped(dump.path, digest)
    else:
        body = dump.path.read_bytes()
    if dump.name == layout.NQUADS_GZ:
        headers["Content-Disposition"] = f'attachment; filename="{layout.NQUADS_GZ}"'
    return Response(body, 200, headers, media_type=conneg.content_type(dump.media_type))


def make_router(state: ServerState) -> APIRouter:
    """The ``/dumps/`` listing, the dump files and ``/.well-known/void``."""
    router = APIRouter(tags=["Dumps"])
    cache = _FileCache()
    build_dir = state.settings.build_dir

    async def listing(request: Request) -> Response:
        """The dumps, as JSON or as an HTML page."""
        dumps = list_dumps(build_dir)
        entries = [
            {
                "name": d.name,
                "url": route_url(request, state.settings.public_url, "dump", name=d.name),
                "media_type": d.media_type,
                "bytes": d.path.stat().st_size,
                "sha256": cache.digest(d.path),
                "modified": formatdate(d.path.stat().st_mtime, usegmt=True),
            }
            for d in dumps
        ]
        media = conneg.negotiate(request.headers.get("accept"), ["application/json", "text/html"])
        if media == "text/html":
            body = environment().get_template("dumps.html").render(title="Dumps", entries=entries)
            return HTMLResponse(body, headers={"Vary": "Accept"})
        if media is None:
            raise ApiError(
                406,
                "not-acceptable",
                "the listing is JSON or HTML",
                available=["application/json", "text/html"],
            )
        return JSONResponse({"dumps": entries}, headers={"Vary": "Accept"})

    async def dump(request: Request, name: str) -> Response:
        # Only names of the listing are served: no path from the URL ever reaches the disk.
        """One dump file."""
        for candidate in list_dumps(build_dir):
            if candidate.name == name:
                return file_response(request, candidate, cache)
        raise ApiError(404, "no-such-dump", f"there is no dump called {name!r}")

    async def dump_iri(request: Request, name: str) -> Response:
        # VoID names the dumps <base>dumps/<name>; on this server they live at /dumps/<name>.
        """Redirect a dump IRI of VoID to the file."""
        # Percent-encoded: a header is Latin-1, a name may be any text (found by the fuzz run).
        return Response(status_code=301, headers={"Location": f"/dumps/{quote(name, safe='')}"})

    async def void(request: Request) -> Response:
        """The VoID description of the KB, in any RDF format."""
        source = Dump(layout.VOID, build_dir / layout.VOID, media_type(layout.VOID))
        if not source.path.is_file():
            raise ApiError(404, "no-void", f"the build wrote no {layout.VOID}")
        media = conneg.negotiate(request.headers.get("accept"), list(conneg.GRAPH_TYPES))
        if media is None:
            raise ApiError(
                406,
                "not-acceptable",
                "VoID is served in RDF formats only",
                available=list(conneg.GRAPH_TYPES),
            )
        if conneg.GRAPH_TYPES[media] == ox.RdfFormat.TURTLE:
            return file_response(request, source, cache)
        rdf_format = conneg.GRAPH_TYPES[media]
        triples = [q.triple for q in ox.parse(path=str(source.path), format=ox.RdfFormat.TURTLE)]
        items: list[ox.Triple] | list[ox.Quad] = triples
        if rdf_format.supports_datasets:
            items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        body = ox.serialize(items, format=rdf_format, prefixes=dict(PREFIXES))
        return Response(body, 200, {"Vary": "Accept"}, media_type=conneg.content_type(media))

    add_get(
        router,
        "/dumps/",
        listing,
        summary="List the dumps",
        description="JSON or HTML by `Accept`.",
        response_class=Response,
    )
    add_get(
        router,
        "/dumps/{name:path}",
        dump,
        name="dump",
        summary="Download a dump",
        description="ETag / Last-Modified, 304 on revalidation, gzip on "
        "`Accept-Encoding` (never for the .nq.gz).",
        response_class=Response,
    )
    add_get(
        router,
        "/.well-known/void",
        void,
        name="void",
        summary="VoID description",
        response_class=Response,
    )
    base_path = urlsplit(state.settings.base_iri).path
    if base_path != "/":
        add_get(
            router,
            base_path + "dumps/{name:path}",
            dump_iri,
            summary="The dump IRIs of VoID, redirected to /dumps/",
            response_class=Response,
        )
    return router
