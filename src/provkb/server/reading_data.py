"""The reading index as the server reads it: the JSON files ``provkb build`` wrote into the
build's state (``reading/``) and published folder (``annotations/``; see
:mod:`provkb.build.reading_index` and :mod:`provkb.layout`).

A request reads one file, parsed once per version of it (its modification time and size) and
kept in a small cache, so the reader pages never query the store.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from provkb import layout
from provkb.layout import BuildLayout
from provkb.server.settings import ServerSettings

# A document's slug as the build mints it; anything else is not looked up on disk.
_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]{0,200}")
_CACHED_FILES = 64


def reading_data_for(settings: ServerSettings) -> ReadingData:
    """The reading files of the build whose published folder holds the dataset
    (``build/dumps/provkb.trig``): its state's ``reading/`` and its published ``annotations/``.
    A bare TriG, outside a build, has no reading folder (its reader pages are 404)."""
    reading = None
    if settings.dataset.parent.name == layout.PUBLISHED:
        reading = BuildLayout(settings.dataset.parent.parent).reading
    return ReadingData(reading, settings.build_dir / layout.ANNOTATIONS)


class ReadingData:
    """The reading files of one build folder."""

    def __init__(self, reading: Path | None, annotations: Path) -> None:
        # No reading folder (a bare TriG served without its build): every page is 404.
        self.reading = reading
        self.annotations_dir = annotations
        self._cache: OrderedDict[tuple[Path, int, int], Any] = OrderedDict()
        self._lock = threading.Lock()

    def _reading(self, *parts: str) -> Path | None:
        """A file of the reading folder (``None`` when there is none)."""
        return self.reading.joinpath(*parts) if self.reading is not None else None

    def _load(self, path: Path | None) -> Any | None:
        if path is None:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        key = (path, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = json.loads(path.read_text(encoding="utf-8"))
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > _CACHED_FILES:
                self._cache.popitem(last=False)
        return value

    def document(self, slug: str) -> dict[str, Any] | None:
        """One document's reading file, ``None`` when the build has none of that name."""
        if not _SLUG.fullmatch(slug):
            return None
        return self._load(self._reading("doc", f"{slug}.json"))

    def page(self, slug: str) -> dict[str, Any] | None:
        """What one document's reader page shows (its text and panel already HTML)."""
        if not _SLUG.fullmatch(slug):
            return None
        return self._load(self._reading("page", f"{slug}.json"))

    def annotations(self, slug: str) -> dict[str, Any] | None:
        """One document's Web Annotation collection (every annotation in its first page)."""
        if not _SLUG.fullmatch(slug):
            return None
        return self._load(self.annotations_dir / f"{slug}.jsonld")

    def network(self, slug: str | None, kind: str | None, edge: str) -> dict[str, Any]:
        """One cut of the network: a document's own (``slug``), or over all documents the links
        of kind ``edge`` with most quotes, of every kind of quote or of ``kind``."""
        empty: dict[str, Any] = {"nodes": [], "edges": [], "total": 0}
        if slug is not None:
            if not _SLUG.fullmatch(slug):
                return empty
            return self._load(self._reading("network", "doc", f"{slug}.json")) or empty
        if kind is not None and not _SLUG.fullmatch(kind):
            return empty
        path = self._reading("network", "top", (kind or "_all"), f"{edge}.json")
        return self._load(path) or empty

    def timeline(self, slug: str | None) -> dict[str, Any]:
        """The dated events of one document, or the earliest of all, with how many there are."""
        empty: dict[str, Any] = {"events": [], "total": 0}
        if slug is None:
            return self._load(self._reading("timeline", "all.json")) or empty
        if not _SLUG.fullmatch(slug):
            return empty
        return self._load(self._reading("timeline", "doc", f"{slug}.json")) or empty

    def kinds(self) -> list[dict[str, Any]]:
        """The assertion kinds with their hues."""
        return self._load(self._reading("kinds.json")) or []

    def documents(self) -> list[dict[str, Any]]:
        """Every document: slug, IRI, title, number of assertions."""
        return self._load(self._reading("documents.json")) or []
