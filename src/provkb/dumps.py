"""Writing the dumps: byte-identical for identical inputs.

Quads are sorted before serialisation and no blank nodes exist, so each file depends only on the
set of quads; gzip gets a fixed timestamp and no file name for the same reason.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from provkb.namespaces import PREFIXES

TRIG, NQUADS_GZ, UNION_TTL, VOID, SUMS = (
    "provkb.trig",
    "provkb.nq.gz",
    "provkb.ttl",
    "void.ttl",
    "SHA256SUMS",
)


# Concept IRIs (…/vocab/assertion-kind/demand) have a "/" after the vocabulary namespace, which
# Turtle could only write as an escaped local name (pkbv:assertion-kind\/demand); dumps write them
# as full IRIs instead.
DUMP_PREFIXES = {prefix: iri for prefix, iri in PREFIXES.items() if prefix != "pkbv"}


def sort_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    """Graph, subject, predicate, object in their N-Quads forms."""
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def serialize(items: Iterable[ox.Quad] | Iterable[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    """Serialise already-sorted quads or triples with the project's prefix table."""
    prefixed = fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
    data = ox.serialize(items, format=fmt, prefixes=DUMP_PREFIXES if prefixed else None)
    return data or b""


def gzip_bytes(data: bytes) -> bytes:
    """gzip with no file name and a zero timestamp, so equal inputs give equal bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as stream:
        stream.write(data)
    return buffer.getvalue()


def union_triples(quads: Sequence[ox.Quad]) -> list[ox.Triple]:
    """The distinct triples of all graphs, sorted."""
    triples = {q.triple for q in quads}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def write_sums(folder: Path) -> None:
    """``SHA256SUMS`` over every file of ``folder`` (recursively), in ``sha256sum`` format."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != SUMS):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}\n")
    (folder / SUMS).write_text("".join(lines), encoding="utf-8")
