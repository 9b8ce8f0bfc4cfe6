"""What a query *is*, decided on its parse before Oxigraph sees it: no ``SERVICE``, and no
``FROM`` / ``FROM NAMED`` naming anything but the store's own graphs.

pyoxigraph does not expose its parsed query, so the query is parsed with rdflib's SPARQL 1.1
grammar (:data:`rdflib.plugins.sparql.parser.QueryUnit`) and translated to rdflib's algebra, and
the decision is taken on both. Two parsers reading one text can disagree; the guard is built so
that a disagreement refuses a query rather than lets one through:

- Both parsers read the *same* text. SPARQL 1.1 (§19.2) expands ``\\u``/``\\U`` escapes before
  parsing; Oxigraph decodes them only inside strings and IRIs, rdflib everywhere (and its own
  expansion takes 8 hex digits after ``\\u``). So the guard expands the escapes itself, as the
  specification says, and hands the expanded text to rdflib's grammar (which no longer expands
  anything) *and* to Oxigraph. Without this, ``"\\u005C" SERVICE <…> {…} "`` was one string to
  rdflib and a SERVICE clause to Oxigraph.
- Line ends are normalised to ``\\n``: rdflib's comments run to a line feed only, Oxigraph's to
  a carriage return too, so ``# x\\rSERVICE <…>`` was a comment to rdflib and a SERVICE clause to
  Oxigraph (tests/test_query_guard.py shows Oxigraph calling out on both).
- What rdflib cannot parse is refused (400), even if Oxigraph would have run it (SPARQL 1.2
  syntax, say): the guard never lets through what it did not understand.
- The parse tree is read before the algebra translation, which rewrites it in place (it drops
  a SERVICE inside ``FILTER EXISTS`` from the tree), and the algebra after it.

**When the parse is skipped.** rdflib's parser is slow: 0.1 to 1 s for a canned-size query, and
about 50 ms per term of an arithmetic chain (``1+1+…``: 25 terms 2.8 s, 200 terms 10.8 s, on
this project's shared 2-core machine). So the guard parses only a text that *could* do one of
the two things it refuses: Oxigraph reads keywords as they are spelled (it expands no escape
outside strings and IRIs, and the guard hands it the expanded text anyway), so a text whose
case-folded form contains neither ``service`` nor ``from`` has no SERVICE and no dataset
clause, whatever its structure. Any other text is parsed in full. Functions need no check:
this endpoint registers no extension function, so Oxigraph answers an unknown function IRI with
an evaluation error (400) and calls nothing (the hostile corpus has the cases).

Whatever the guard still misses, the query workers cannot open a socket (see
:mod:`provkb.server.sandbox`). Verdicts are cached by text in the process that runs the
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

from provkb.server.errors import ApiError
from provkb.server.query_text import check_limits

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
        ApiError: 400 when an escape names no character (a surrogate or past U+10FFFF).
    """
    if "\\" in query:
        query = _ESCAPE.sub(_expand, query)
    if "\r" in query:
        query = query.replace("\r\n", "\n").replace("\r", "\n")
    return query


def _expand(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise ApiError(
            400, "malformed-query", f"{match.group(0)} is not the escape of a Unicode character"
        )
    return chr(code)


# The built-in functions whose value changes from one run to the next (SPARQL 1.1 §17.4): a
# query that calls one may do different work each time it runs. Oxigraph reads a function name
# as it is spelled (no escape outside strings and IRIs, and it gets the expanded text), so a text
# with none of these words standing alone calls none of them; a word inside a string or an IRI
# ("<…/now>") only makes the check refuse more.
_CHANGING_CALL = re.compile(r"(?<![\w?$:])(?:now|rand|uuid|struuid|bnode)(?![\w])", re.IGNORECASE)


def repeatable(query: str) -> bool:
    """Whether running ``query`` again on the unchanged store does the very same work: it calls
    none of the built-ins whose value changes between runs (``NOW``, ``RAND``, ``UUID``,
    ``STRUUID``, ``BNODE``). Decided on the text Oxigraph runs (escapes expanded)."""
    try:
        text = normalise(query)
    except ApiError:
        return False
    return _CHANGING_CALL.search(text) is None


def guard(query: str) -> GuardedQuery:
    """Parse ``query`` and let it through only if it stays inside this store.

    Returns:
        The text to run and what the guard learnt from the parse.

    Raises:
        ApiError: 400 ``malformed-query`` (not SPARQL 1.1 as rdflib parses it), 400
            ``too-deeply-nested`` / ``too-many-operators``, 403 ``read-only`` (an update),
            403 ``service-refused`` or ``dataset-refused``.
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
    except ApiError:
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
    # The server checked these already; a job may come from elsewhere (a test, a script).
    check_limits(text)
    folded = text.casefold()
    if "service" not in folded and "from" not in folded:
        return GuardedQuery(text, names_dataset=False)
    tree = _parse(text)
    # On the parse tree, before the translation rewrites it in place (it drops the SERVICE
    # inside a FILTER EXISTS from the tree), and on the algebra after it.
    service = any(_named(node, "ServiceGraphPattern") for node in _nodes(tree))
    try:
        translated = algebra.translateQuery(tree)
    except RecursionError:
        raise ApiError(400, "too-deeply-nested", "the query nests too deeply") from None
    except Exception as error:  # rdflib raises bare Exceptions for what it cannot translate
        message = f"the query is not SPARQL 1.1: {error}"
        raise ApiError(400, "malformed-query", message) from None
    if service or any(_named(node, "ServiceGraphPattern") for node in _nodes(translated.algebra)):
        raise ApiError(403, "service-refused", "SERVICE (federated query) is refused here")
    query_node = translated.algebra
    clauses = query_node.get("datasetClause") or []
    for clause in clauses:
        # CompValue.get has a signature of its own; read the clause as the dict it is.
        iri = dict.get(clause, "default") or dict.get(clause, "named")
        scheme = _SCHEME.match(str(iri))
        # A relative IRI resolves against the endpoint's own http(s) URL.
        if isinstance(iri, URIRef) and scheme and scheme[1].lower() not in ALLOWED_DATASET_SCHEMES:
            raise ApiError(
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
        raise ApiError(400, "too-deeply-nested", "the query nests too deeply") from None
    except ParseBaseException as error:
        query_error = error
    try:
        UpdateUnit.parse_string(text, parse_all=True)
    except (ParseBaseException, RecursionError):
        raise ApiError(
            400,
            "malformed-query",
            f"the query is not SPARQL 1.1: {query_error.msg} at line {query_error.lineno}, "
            f"column {query_error.col}",
            line=query_error.lineno,
            column=query_error.col,
        ) from None
    raise ApiError(403, "read-only", "this endpoint is read-only: SPARQL Update is refused")


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
