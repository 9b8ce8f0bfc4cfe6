"""What a query *is*, decided on its parse before Oxigraph sees it: no ``SERVICE``, no dataset
outside the store's own graph names, no function outside the XSD constructors.

pyoxigraph does not expose its parsed query, so the query is parsed with rdflib's SPARQL 1.1
grammar (:func:`rdflib.plugins.sparql.parser.QueryUnit`) and translated to rdflib's algebra, and
the decision is taken on that. Two parsers reading one text can disagree; the guard is built so
that a disagreement refuses a query rather than lets one through:

- Both parsers read the *same* text. SPARQL 1.1 (§19.2) expands ``\\u``/``\\U`` escapes before
  parsing; Oxigraph decodes them only inside strings and IRIs, rdflib everywhere (and its own
  expansion takes 8 hex digits after ``\\u``). So the guard expands the escapes itself, as the
  specification says, and hands the expanded text to rdflib's grammar (which no longer expands
  anything) *and* to Oxigraph. Without this, ``"\\u005C" SERVICE <…> {…} "`` was one string to
  rdflib and a SERVICE clause to Oxigraph.
- Line ends are normalised to ``\\n``: rdflib's comments run to a line feed only, Oxigraph's to a
  carriage return too, so ``# x\\rSERVICE <…>`` was a comment to rdflib and a SERVICE clause to
  Oxigraph (both measured: tests/test_query_guard.py).
- What rdflib cannot parse is refused (400), even if Oxigraph would have run it (SPARQL 1.2
  syntax, say): the guard never lets through what it did not understand.

Whatever the guard still misses, the query workers cannot open a socket (see
:mod:`provkb.server.sandbox`).

Parsing is slow (pyparsing: tens to hundreds of milliseconds for a canned-size query, measured
in the report of issue 11), so verdicts are cached by text in the process that runs the
queries, and the catalogue's canned queries, whose parameters are bound as terms serialised by
pyoxigraph, are judged once by their template (:func:`judge_template`).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql import algebra
from rdflib.plugins.sparql.parser import QueryUnit, UpdateUnit
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef

XSD = "http://www.w3.org/2001/XMLSchema#"
# The functions a query may call by IRI: the XSD constructor casts SPARQL 1.1 defines (§17.5)
# and the date, time and duration ones Oxigraph evaluates too. This endpoint registers no
# extension function, so any other IRI could only fail; it is refused by name instead.
ALLOWED_FUNCTIONS = frozenset(
    XSD + name
    for name in (
        "string boolean integer decimal float double dateTime date time duration "
        "yearMonthDuration dayTimeDuration"
    ).split()
)
# FROM / FROM NAMED only select graphs of the store by name (pyoxigraph never fetches them,
# pinned by tests/test_server_closed.py). The store's graph names are http(s) or urn IRIs; any
# other scheme (file:, ftp:, …) names nothing here and reads as an attempt to reach outside.
ALLOWED_DATASET_SCHEMES = frozenset({"http", "https", "urn"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# \u is followed by exactly 4 hex digits and \U by exactly 8 (SPARQL 1.1 §19.2).
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Verdicts of texts longer than this are not cached (256 of them at the 256 KiB a request may
# carry would hold 64 MiB); a canned-size query is a few KiB.
_CACHED_LENGTH = 32 * 1024


class QueryRefused(Exception):
    """The query may not run here: ``status`` (400 or 403), an error ``code`` and a message."""

    def __init__(self, status: int, code: str, message: str, **extra: object) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


@dataclass(frozen=True)
class GuardedQuery:
    """A query the guard let through.

    Attributes:
        text: the text to run: the request's, with escapes expanded and line ends normalised
            (the very text the guard judged).
        names_dataset: whether the query has ``FROM`` / ``FROM NAMED`` (then its dataset is
            exactly what it names, rather than the union of the store's graphs).
    """

    text: str
    names_dataset: bool


def normalise(query: str) -> str:
    """The text both parsers read: escapes expanded (SPARQL 1.1 §19.2), line ends as ``\\n``.

    Raises:
        QueryRefused: 400 when an escape names no character (a surrogate or past U+10FFFF).
    """
    if "\\" in query:
        query = _ESCAPE.sub(_expand, query)
    if "\r" in query:
        query = query.replace("\r\n", "\n").replace("\r", "\n")
    return query


def _expand(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise QueryRefused(
            400, "malformed-query", f"{match.group(0)} is not the escape of a Unicode character"
        )
    return chr(code)


def guard(query: str) -> GuardedQuery:
    """Parse ``query`` and let it through only if it stays inside this store.

    Returns:
        The text to run and what the guard learnt from the parse.

    Raises:
        QueryRefused: 400 ``malformed-query`` (not SPARQL 1.1 as rdflib parses it), 403
            ``read-only`` (an update), 403 ``service-refused``, ``dataset-refused`` or
            ``function-refused``.
    """
    if len(query) <= _CACHED_LENGTH:
        return _cached_guard(query)
    return _guard(query)


@functools.lru_cache(maxsize=512)
def _cached_guard(query: str) -> GuardedQuery:
    # A refusal is an exception, which lru_cache does not keep: a client repeating a refused
    # query pays the parse again (the per-client limits of the server bound that).
    return _guard(query)


def judge_template(template: str) -> GuardedQuery | None:
    """The verdict on a canned query's template, if its bound texts may skip the guard: it
    passes the guard and is already the text the guard would run (no escape to expand, no
    carriage return); ``None`` otherwise (then each bound text is judged).

    The parameters are bound in a ``VALUES`` block as terms serialised by pyoxigraph, which
    escapes them, so they cannot add a clause; only the template decides what the query is.
    """
    try:
        verdict = guard(template)
    except QueryRefused:
        return None
    return verdict if verdict.text == template else None


# rdflib's grammar (pyparsing) is not thread-safe: two parses at once in the server's threads
# (canned templates judged by concurrent first requests) failed with TypeErrors from its parse
# actions, a 500 each. One parse at a time.
_PARSING = threading.Lock()


def _guard(query: str) -> GuardedQuery:
    with _PARSING:
        return _guard_alone(query)


def _guard_alone(query: str) -> GuardedQuery:
    text = normalise(query)
    tree = _parse(text)
    # On the parse tree, before the translation rewrites it in place (it drops the SERVICE
    # inside a FILTER EXISTS from the tree), and on the algebra after it.
    service = any(_named(node, "ServiceGraphPattern") for node in _nodes(tree))
    try:
        translated = algebra.translateQuery(tree)
    except RecursionError:
        raise QueryRefused(400, "too-deeply-nested", "the query nests too deeply") from None
    except Exception as error:  # rdflib raises bare Exceptions for what it cannot translate
        message = f"the query is not SPARQL 1.1: {error}"
        raise QueryRefused(400, "malformed-query", message) from None
    if service or any(_named(node, "ServiceGraphPattern") for node in _nodes(translated.algebra)):
        raise QueryRefused(403, "service-refused", "SERVICE (federated query) is refused here")
    query_node = translated.algebra
    for node in _nodes(query_node):
        if _named(node, "Function") and str(dict.get(node, "iri")) not in ALLOWED_FUNCTIONS:
            raise QueryRefused(
                403,
                "function-refused",
                f"<{dict.get(node, 'iri')}> is not a function of this endpoint "
                "(only the XSD constructor functions are)",
            )
    clauses = query_node.get("datasetClause") or []
    for clause in clauses:
        # CompValue.get has a signature of its own; read the clause as the dict it is.
        iri = dict.get(clause, "default") or dict.get(clause, "named")
        scheme = _SCHEME.match(str(iri))
        # A relative IRI resolves against the endpoint's own http(s) URL.
        if isinstance(iri, URIRef) and scheme and scheme[1].lower() not in ALLOWED_DATASET_SCHEMES:
            raise QueryRefused(
                403,
                "dataset-refused",
                f"FROM <{iri}>: a dataset clause selects graphs of this store by name, and "
                f"no graph here is named by a {scheme[1]}: IRI (nothing is ever fetched)",
            )
    return GuardedQuery(text, names_dataset=bool(clauses))


def _parse(text: str) -> Any:
    try:
        return QueryUnit.parse_string(text, parse_all=True)
    except RecursionError:
        raise QueryRefused(400, "too-deeply-nested", "the query nests too deeply") from None
    except ParseBaseException as error:
        query_error = error
    try:
        UpdateUnit.parse_string(text, parse_all=True)
    except (ParseBaseException, RecursionError):
        raise QueryRefused(
            400,
            "malformed-query",
            f"the query is not SPARQL 1.1: {query_error.msg} at line {query_error.lineno}, "
            f"column {query_error.col}",
            line=query_error.lineno,
            column=query_error.col,
        ) from None
    raise QueryRefused(403, "read-only", "this endpoint is read-only: SPARQL Update is refused")


def _named(node: object, name: str) -> bool:
    return isinstance(node, CompValue) and node.name == name


def _nodes(root: object) -> Iterator[object]:
    """Every node under ``root`` (parse results, algebra nodes, lists), without recursion."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)
