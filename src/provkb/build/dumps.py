"""Writing the dumps: byte-identical for identical inputs.

Quads are sorted before serialisation and no blank nodes exist, so each file depends only on the
set of quads; gzip gets a fixed timestamp and no file name for the same reason.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import itertools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from provkb.terms import DUMP_PREFIXES

TRIG, NQUADS_GZ, UNION_TTL, VOID, SUMS = (
    "provkb.trig",
    "provkb.nq.gz",
    "provkb.ttl",
    "void.ttl",
    "SHA256SUMS",
)


def write(items: Iterable[ox.Quad] | Iterable[ox.Triple], fmt: ox.RdfFormat, target: Path) -> None:
    """Stream already-sorted quads or triples into ``target`` (gzip-compressed for ``.gz``),
    so a dump of millions of quads is never held in memory as bytes."""
    prefixes = DUMP_PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    with target.open("wb") as raw:
        if target.suffix != ".gz":
            ox.serialize(items, raw, format=fmt, prefixes=prefixes)
            return
        # No file name and a zero timestamp, so equal inputs give equal bytes. Level 6, not 9:
        # on millions of quads 9 takes about three times as long for a file a few % smaller.
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz:
            ox.serialize(items, gz, format=fmt, prefixes=prefixes)


def triple_key(triple: ox.Triple) -> str:
    """The N-Triples form of a triple, which sorts like (subject, predicate, object).

    Subjects and predicates are IRIs written ``<…>``; ``>`` cannot occur inside an IRI, so two
    different IRIs differ before either one ends and the separating space never decides.
    """
    return str(triple)


def merge_union(graphs: Iterable[Sequence[ox.Quad]]) -> Iterator[ox.Triple]:
    """The distinct triples of graphs whose quads are each sorted by :func:`triple_key`, in
    that order: a k-way merge that holds one triple per graph instead of a set of them all."""
    # The counter breaks ties between equal keys, so triples themselves are never compared.
    counter = itertools.count()
    streams = [((triple_key(q.triple), next(counter), q.triple) for q in quads) for quads in graphs]
    previous = None
    for key, _, triple in heapq.merge(*streams):
        if key != previous:
            previous = key
            yield triple


def write_sums(folder: Path) -> None:
    """``SHA256SUMS`` over every file of ``folder`` (recursively), in ``sha256sum`` format."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p != folder / SUMS):
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            for chunk in iter(lambda stream=stream: stream.read(1 << 20), b""):
                digest.update(chunk)
        lines.append(f"{digest.hexdigest()}  {path.relative_to(folder).as_posix()}\n")
    (folder / SUMS).write_text("".join(lines), encoding="utf-8")
