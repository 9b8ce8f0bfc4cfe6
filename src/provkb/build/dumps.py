"""Writing the dumps: byte-identical for identical inputs.

Quads are sorted before serialisation and no blank nodes exist, so each file depends only on the
set of quads; gzip gets a fixed timestamp and no file name for the same reason.
"""

from __future__ import annotations

import gzip
import heapq
import itertools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox

from provkb.terms import DUMP_PREFIXES


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
            # A binary file object, which pyoxigraph writes to; typeshed's IO[bytes] is narrower.
            ox.serialize(items, cast("IO[bytes]", gz), format=fmt, prefixes=prefixes)


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
