"""The datasets of the build's VoID (``void.ttl``), so that their IRIs can be dereferenced.

``provkb build`` names the whole KB ``<base>id/dataset`` and each named graph's subset
``<base>id/dataset/<graph name>``. Those IRIs are under ``<base>id/``, which this server
dereferences, but their description is a file of the build, not part of the KB in the store. The
file is read into an in-memory store when a dataset is first looked up, and again when it
changes (10,000 documents: 40,000 lines, 0.6 s and 30 MB once).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox


class VoidDescriptions:
    """What ``void.ttl`` says about each IRI; nothing when the build wrote none."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int, int] | None = None
        self._store = ox.Store()

    def describe(self, iri: str) -> list[ox.Triple]:
        """The triples of the VoID with ``iri`` as subject or object (blocking: the first call,
        and the first after the file changes, parse it)."""
        node = ox.NamedNode(iri)
        with self._lock:
            self._refresh()
            quads = [
                *self._store.quads_for_pattern(node, None, None),
                *self._store.quads_for_pattern(None, None, node),
            ]
        return list(dict.fromkeys(q.triple for q in quads))

    def _refresh(self) -> None:
        """Read the file again if it is not the version read last (or has gone)."""
        try:
            stat = self._path.stat()
        except FileNotFoundError:
            stamp = None
        else:
            stamp = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        if stamp == self._stamp:
            return
        store = ox.Store()
        if stamp is not None:
            store.bulk_load(path=str(self._path), format=ox.RdfFormat.TURTLE)
        self._store, self._stamp = store, stamp
