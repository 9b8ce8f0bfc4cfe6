"""A bounded cache of canned-query answers, for the light lane.

The store never changes under a running server (it is rebuilt only at start-up), so a canned
query bound to the same parameters and asked with the same ``Accept`` gives the same bytes
every time: its answer is kept and served again without a worker. The key holds the store's
identity (its digest-named folder) so that no answer outlives the data it was computed on.

Only complete 200 answers are kept; the cache is bounded by the total size of the bodies and
evicts the least recently used. It lives on the event loop (no threads touch it), so two
concurrent misses of one key both compute and the second simply replaces the first.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from provkb.server.execution import QueryOutcome

# store identity, bound query text, base IRI, the client's Accept header.
CacheKey = tuple[str, str, str | None, str]


@dataclass(frozen=True)
class CachedAnswer:
    """A complete answer and its strong entity tag."""

    media_type: str
    body: bytes
    etag: str


def strong_etag(body: bytes) -> str:
    """A strong ETag for ``body``: a quoted hash of its bytes."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header matches ``etag`` (weak comparison, RFC 9110 §13.1.2)."""
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False


class AnswerCache:
    """Answers of canned queries, least recently used first out, at most ``max_bytes`` of bodies.

    Attributes:
        hits, misses: lookups answered and not answered (observable in tests and logs).
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._size = 0
        self._answers: OrderedDict[CacheKey, CachedAnswer] = OrderedDict()

    def __len__(self) -> int:
        return len(self._answers)

    @property
    def size(self) -> int:
        """Bytes of bodies held."""
        return self._size

    def get(self, key: CacheKey) -> CachedAnswer | None:
        """The answer kept under ``key``, or ``None``."""
        answer = self._answers.get(key)
        if answer is None:
            self.misses += 1
            return None
        self.hits += 1
        self._answers.move_to_end(key)
        return answer

    def put(self, key: CacheKey, outcome: QueryOutcome) -> CachedAnswer | None:
        """Keep a complete 200 answer (a larger one than the whole bound is not kept).

        Returns:
            The kept answer, or ``None`` when the outcome is not cacheable.
        """
        if outcome.status != 200 or self.max_bytes <= 0 or len(outcome.body) > self.max_bytes:
            return None
        answer = CachedAnswer(outcome.media_type, outcome.body, strong_etag(outcome.body))
        previous = self._answers.pop(key, None)
        if previous is not None:
            self._size -= len(previous.body)
        self._answers[key] = answer
        self._size += len(answer.body)
        while self._size > self.max_bytes:
            _, evicted = self._answers.popitem(last=False)
            self._size -= len(evicted.body)
        return answer
