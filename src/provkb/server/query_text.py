"""Cheap lexical checks on SPARQL text, made in the server before a query goes to a worker.

They decide nothing about what a query may do (that is :mod:`provkb.server.query_guard`, on the
parse): one answers an update sent as a query with 403 at once, the other protects the parsers
themselves from input that would overflow their stacks (see :func:`nesting_depth`). Strings,
IRIs and comments are masked first, so brackets or keywords inside them never count.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TypeVar

_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_PROLOGUE = re.compile(r"\s*(?:(?:BASE\s*)|(?:PREFIX\s+[^\s:]*:\s*))", re.IGNORECASE)
_UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


_WORD = re.compile(r"[A-Za-z]+")


# Everything the checks must not read, in one alternation: a comment (to the end of its line), a
# long string (to its closing quotes or the end of the text), a short string (to its closing
# quote, or the end of its line when unterminated), an IRI. A backslash escape is skipped whole
# (a trailing one too). re.sub takes the leftmost match each time, as a left-to-right scan does,
# so a "#" inside a string or an IRI never starts a comment.
_OPAQUE = re.compile(
    r"#[^\r\n]*"
    r"|'''(?:[^'\\]|\\[\s\S]?|'(?!''))*(?:'''|\Z)"
    r'|"""(?:[^"\\]|\\[\s\S]?|"(?!""))*(?:"""|\Z)'
    r"|'(?:[^'\\\r\n]|\\[\s\S]?)*'?"
    r'|"(?:[^"\\\r\n]|\\[\s\S]?)*"?'
    r"|" + _IRIREF.pattern
)


# Texts longer than this are not cached: 256 cached texts (and masks) of up to the 256 KiB a
# request may carry would hold over 100 MiB; the canned queries are a few KiB each.
_CACHED_LENGTH = 16 * 1024
_Result = TypeVar("_Result")


def _cached(check: Callable[[str], _Result]) -> Callable[[str], _Result]:
    """``check`` with its answers for the 256 most recent short texts remembered."""
    remembered = functools.lru_cache(maxsize=256)(check)

    @functools.wraps(check)
    def cached(text: str) -> _Result:
        return remembered(text) if len(text) <= _CACHED_LENGTH else check(text)

    return cached


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


# The four checks of one request read the same text, and canned queries arrive again and again,
# so each distinct text is masked once (a per-character Python scan of a few kilobytes of
# commented SPARQL took about 0.3 ms, four times per request), and each check below is cached
# too (nesting_depth alone still walks the text in Python: 0.1 ms for a canned query).
@_cached
def mask_opaque(text: str) -> str:
    """The query with every comment, string literal and IRI replaced by spaces (same length)."""
    return _OPAQUE.sub(_blank, text)


@_cached
def nesting_depth(query: str) -> int:
    """How deep brackets, braces and parentheses nest, outside strings, IRIs and comments.

    Oxigraph's parser recurses once per level: a few thousand levels overflow its stack and kill
    the process (measured: 2,000 parse, 5,000 crash), so the endpoint refuses deep queries first.
    """
    depth = deepest = 0
    for char in mask_opaque(query):
        if char in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")}]":
            depth -= 1
    return deepest


@_cached
def looks_like_update(text: str) -> bool:
    """Whether the text is a SPARQL Update request (its first keyword after the prologue)."""
    masked = mask_opaque(text)
    position = 0
    while match := _PROLOGUE.match(masked, position):
        if match.end() == position:
            break
        position = match.end()
    word = _WORD.match(masked, len(masked) - len(masked[position:].lstrip()))
    return bool(word) and word.group(0).upper() in _UPDATE_KEYWORDS
