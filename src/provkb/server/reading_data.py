"""The reader's index as the server reads it: the JSON files ``provkb build`` wrote under
``build/reading/`` and ``build/annotations/`` (see :mod:`provkb.build.reading_index`).

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

from provkb.build import web_annotations
from provkb.build.reading_index import FOLDER

# A document's slug as the build mints it; anything else is not looked up on disk.
_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]{0,200}")
_CACHED_FILES = 64


class ReadingData:
    """The reading files of one build folder."""

    def __init__(self, build_dir: Path) -> None:
        self.build_dir = build_dir
        self._cache: OrderedDict[tuple[Path, int, int], Any] = OrderedDict()
        self._lock = threading.Lock()

    def _load(self, path: Path) -> Any | None:
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
        return self._load(self.build_dir / FOLDER / "doc" / f"{slug}.json")

    def page(self, slug: str) -> dict[str, Any] | None:
        """What one document's reader page shows (its text and panel already HTML)."""
        if not _SLUG.fullmatch(slug):
            return None
        return self._load(self.build_dir / FOLDER / "page" / f"{slug}.json")

    def annotations(self, slug: str) -> dict[str, Any] | None:
        """One document's Web Annotation collection (every annotation in its first page)."""
        if not _SLUG.fullmatch(slug):
            return None
        return self._load(self.build_dir / web_annotations.FOLDER / f"{slug}.jsonld")

    def network(self, slug: str | None, kind: str | None, edge: str) -> dict[str, Any]:
        """One cut of the network: a document's own (``slug``), or over all documents the links
        of kind ``edge`` with most quotes, of every kind of quote or of ``kind``."""
        empty: dict[str, Any] = {"nodes": [], "edges": [], "total": 0}
        if slug is not None:
            if not _SLUG.fullmatch(slug):
                return empty
            return self._load(self.build_dir / FOLDER / "network" / "doc" / f"{slug}.json") or empty
        if kind is not None and not _SLUG.fullmatch(kind):
            return empty
        path = self.build_dir / FOLDER / "network" / "top" / (kind or "_all") / f"{edge}.json"
        return self._load(path) or empty

    def timeline(self, slug: str | None) -> dict[str, Any]:
        """The dated events of one document, or the earliest of all, with how many there are."""
        empty: dict[str, Any] = {"events": [], "total": 0}
        if slug is None:
            return self._load(self.build_dir / FOLDER / "timeline" / "all.json") or empty
        if not _SLUG.fullmatch(slug):
            return empty
        return self._load(self.build_dir / FOLDER / "timeline" / "doc" / f"{slug}.json") or empty

    def kinds(self) -> list[dict[str, Any]]:
        """The assertion kinds with their hues."""
        return self._load(self.build_dir / FOLDER / "kinds.json") or []

    def documents(self) -> list[dict[str, Any]]:
        """Every document: slug, IRI, title, number of assertions."""
        return self._load(self.build_dir / FOLDER / "documents.json") or []
