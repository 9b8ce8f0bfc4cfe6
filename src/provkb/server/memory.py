"""How much memory one query may use: the machine's share for queries over the worker count.

Every worker process can run one query, so the per-query cap times the number of workers is
what queries can take together; deriving the cap from the machine (and from the cgroup limit a
container sets, when it is lower) keeps that sum within what the machine can give, where a
fixed cap would not (four 2 GiB workers took 7 GB together on a machine of 8).
"""

from __future__ import annotations

import os
from pathlib import Path

# No cap below this: a worker needs about 100 MiB (Python, pyoxigraph, the store's caches) before
# its first query.
MINIMUM_QUERY_MEMORY = 256 * 2**20
_CGROUP_ROOT = Path("/sys/fs/cgroup")


def _cgroup_limit() -> int | None:
    """The memory limit of this process's cgroup (v2), if one is set."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("0::"):
            try:
                text = (_CGROUP_ROOT / line[3:].lstrip("/") / "memory.max").read_text().strip()
            except OSError:
                return None
            return int(text) if text.isdigit() else None
    return None


def machine_memory() -> int:
    """Bytes of memory this process's machine (or its container) has."""
    physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    limit = _cgroup_limit()
    return min(physical, limit) if limit else physical


def query_memory_limit(share: float, workers: int, memory: int | None = None) -> int:
    """Bytes one worker may allocate so that ``workers`` of them together stay within
    ``share`` of the machine's memory (``memory``, measured when ``None``)."""
    total = machine_memory() if memory is None else memory
    return max(MINIMUM_QUERY_MEMORY, int(total * share) // max(1, workers))
