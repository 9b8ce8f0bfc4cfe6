"""The on-disk Oxigraph store the server queries, keyed by the SHA-256 of the dataset it holds.

A restart with the same dump reopens the store instead of parsing the dump again; a new dump gets
a new store (the key changes), so a stale store is never served.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pyoxigraph as ox

_READY = "provkb-store-ready"


def file_sha256(path: Path) -> str:
    """The hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def prepare_store(dataset: Path, store_dir: Path) -> Path:
    """Return the folder of an Oxigraph store holding ``dataset``, bulk-loading it if needed.

    The store is built in a temporary folder and renamed into place once complete, so a crash
    mid-load never leaves a half-filled store under the final name. Stores of other digests are
    removed: they hold dumps that no longer exist.
    """
    digest = file_sha256(dataset)
    target = store_dir / digest
    if (target / _READY).is_file():
        return target
    store_dir.mkdir(parents=True, exist_ok=True)
    partial = store_dir / f".{digest}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    store = ox.Store(str(partial))
    store.bulk_load(path=str(dataset), format=ox.RdfFormat.from_extension(dataset.suffix[1:]))
    store.flush()
    # Release RocksDB's lock before the rename; read-only workers open the folder afterwards.
    del store
    (partial / _READY).write_text(digest + "\n", encoding="utf-8")
    if target.exists():
        # Another process finished the same load first; its store is as good as ours.
        shutil.rmtree(partial, ignore_errors=True)
    else:
        os.replace(partial, target)
    for other in store_dir.iterdir():
        if other.name != digest and not other.name.startswith("."):
            shutil.rmtree(other, ignore_errors=True)
    return target
