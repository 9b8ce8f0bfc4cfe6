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

from provkb.server.errors import ApiError

_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_PROLOGUE = re.compile(r"\s*(?:(?:BASE\s*)|(?:PREFIX\s+[^\s:]*:\s*))", re.IGNORECASE)
_UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


_WORD = re.compile(r"[A-Za-z]+")
# Variables, keywords, prefixed names (with their escapes), blank node labels, language tags.
_NAME = re.compile(
    r"[?$]\w+"  # variables (a VARNAME has no '-' or '.')
    r"|@[A-Za-z]+(?:-[A-Za-z0-9]+)*"  # language tags
    r"|(?:[A-Za-z_][\w.\-]*)?:(?:[\w.\-:%]|\\.)*"  # prefixed names, blank node labels
    r"|[A-Za-z_]\w*"  # keywords, 'a', booleans
)
_OPERATOR = re.compile(r"[-+*/|&=!<>^]")
# The datatype marker of a typed literal; a longer run of ^ is inverse paths, and counts.
_DATATYPE_MARK = re.compile(r"(?<!\^)\^\^(?!\^)")

# The parsers' limits, measured (pyoxigraph 0.5.13, rdflib 7.6, Python 3.11, 8 MiB main-thread
# stack; the figures and the script are in the report of issue 11):
# - Oxigraph's parser overflows its stack and kills the process (SIGSEGV) at 2,200 nested braces
#   (2,176 parse), 4,672 nested parentheses, a chain of 6,880 '+' (6,784 parse) or 9,376 '&&' /
#   '||' terms.
# - rdflib's pyparsing grammar recurses about 41 Python frames per parenthesis and 27 per brace:
#   under Python's default limit of 1,000 frames it fails (cleanly, RecursionError) at 25 nested
#   parentheses, 38 braces, 71 brackets. The workers raise the limit to PARSER_RECURSION_LIMIT
#   (Python 3.11 keeps Python frames off the C stack: 800 nested parentheses parse with no
#   limit at all). Its time is the tighter bound: 128 nested braces took 3.8 s, over 10 s on a
#   loaded machine; a chain of 200 '+' 10.8 s (the guard parses only texts that could name a
#   SERVICE or a dataset, see query_guard.py).
# So: nesting 4.5 times the deepest canned query (7), which rdflib parses in about a second
# even on a loaded machine; operators 6.8 times fewer than Oxigraph's first crash (the most a
# canned query has is 55).
# - Oxigraph's evaluation of a property path sequence grows with about the fourth power of its
#   length, even on an empty store: 100 steps 0.27 s, 200 steps 3 s, 298 steps over 60 s. A
#   '/' (a path step or a division) is the one operator bounded on its own.
MAX_NESTING = 32
MAX_OPERATORS = 1_000
MAX_SLASHES = 64
PARSER_RECURSION_LIMIT = 20_000


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

    Both parsers recurse once per level (see :data:`MAX_NESTING`), so deep queries are refused
    before either sees them.
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
def operator_count(query: str) -> int:
    """How many operator characters the query has outside strings, IRIs, comments and names.

    Counted: ``+ - * / | & = ! < > ^`` (a two-character operator counts twice), except the
    ``^^`` of a typed literal; names (variables, prefixed names, keywords, blank node labels,
    language tags) are masked first, so the ``-`` of ``ex:foo-bar`` or ``@en-GB`` is not one.
    Every operator chain, unary run and property path is bounded by this count.
    """
    masked = _NAME.sub(_blank, mask_opaque(query))
    return len(_OPERATOR.findall(_DATATYPE_MARK.sub("  ", masked)))


@_cached
def _slash_count(query: str) -> int:
    return mask_opaque(query).count("/")


def check_limits(query: str) -> None:
    """Refuse a query that would overflow a parser's stack, before any parser reads it.

    Raises:
        ApiError: 400 ``too-deeply-nested``, ``too-many-path-steps`` or
            ``too-many-operators``, naming the limit.
    """
    depth = nesting_depth(query)
    if depth > MAX_NESTING:
        raise ApiError(
            400,
            "too-deeply-nested",
            f"the query nests brackets {depth} deep; the limit is {MAX_NESTING}",
            limit=MAX_NESTING,
        )
    slashes = _slash_count(query)
    if slashes > MAX_SLASHES:
        raise ApiError(
            400,
            "too-many-path-steps",
            f"the query has {slashes} '/' (property path steps or divisions); the limit is "
            f"{MAX_SLASHES}",
            limit=MAX_SLASHES,
        )
    operators = operator_count(query)
    if operators > MAX_OPERATORS:
        raise ApiError(
            400,
            "too-many-operators",
            f"the query has {operators} operators (+ - * / | & = ! < > ^); the limit is "
            f"{MAX_OPERATORS}",
            limit=MAX_OPERATORS,
        )


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
    return word is not None and word.group(0).upper() in _UPDATE_KEYWORDS
