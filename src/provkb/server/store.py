"""The on-disk Oxigraph store the server queries, keyed by the SHA-256 of the dataset it holds.

A restart with the same dump reopens the store instead of parsing the dump again; a new dump gets
a new store (the key changes), so a stale store is never served.

A restart does not even hash the dump (over half a second per 10,000 documents, and a read of the
whole file from disk after a reboot) when the file is the very one the store was made from,
unchanged: each store records the file's device, inode, size, modification and status-change
times. Writing to the file or replacing it changes its status-change time or its inode, and
unlike the modification time, no program can set the status-change time back.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
from pathlib import Path

import pyoxigraph as ox

_READY = "provkb-store-ready"
_SOURCE = "provkb-store-source"
_PARTIAL = re.compile(r"\.[0-9a-f]{64}\.partial-([0-9]+)")


def file_sha256(path: Path) -> str:
    """The hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _stamp(dataset: Path) -> str:
    """What identifies one version of a file without reading it (see the module docstring)."""
    stat = dataset.stat()
    return f"{stat.st_dev} {stat.st_ino} {stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns}\n"


def _stamped(store_dir: Path, stamp: str) -> Path | None:
    """The ready store last prepared from the file version ``stamp``, if there is one."""
    if not store_dir.is_dir():
        return None
    for store in store_dir.iterdir():
        source = store / _SOURCE
        if (store / _READY).is_file() and source.is_file() and source.read_text() == stamp:
            return store
    return None


def prepare_store(dataset: Path, store_dir: Path) -> Path:
    """Return the folder of an Oxigraph store holding ``dataset``, bulk-loading it if needed.

    The store is built in a temporary folder and renamed into place once complete, so a crash
    mid-load never leaves a half-filled store under the final name. Stores of other digests are
    removed: they hold dumps that no longer exist.
    """
    remove_abandoned(store_dir)
    # Taken before hashing: a file written meanwhile no longer matches it, and is hashed again.
    stamp = _stamp(dataset)
    if (known := _stamped(store_dir, stamp)) is not None:
        return known
    digest = file_sha256(dataset)
    target = store_dir / digest
    if not (target / _READY).is_file():
        _load(dataset, store_dir, digest)
    with contextlib.suppress(OSError):
        # Only saves the next start a hash; a store on a read-only disk is still served.
        _write(target / _SOURCE, stamp)
    return target


def remove_abandoned(store_dir: Path) -> list[Path]:
    """Remove the half-built stores (``.<digest>.partial-<pid>``) of processes that are gone.

    A load killed midway (``kill -9``, a power cut) leaves its partial folder behind, as large
    as the part of the store it wrote. One whose process still runs is another server loading
    the same dump right now, and is left alone.

    Returns:
        The folders removed.
    """
    removed: list[Path] = []
    if not store_dir.is_dir():
        return removed
    for entry in store_dir.iterdir():
        match = _PARTIAL.fullmatch(entry.name)
        if match and entry.is_dir() and not _running(int(match[1])):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _load(dataset: Path, store_dir: Path, digest: str) -> None:
    """Bulk-load ``dataset`` into ``store_dir/digest`` and remove the stores of other digests."""
    target = store_dir / digest
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


def _write(path: Path, text: str) -> None:
    """Replace a small file atomically: a reader sees the old text or the new, never a part."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
