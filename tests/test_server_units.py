"""The server's pure functions: the lexical checks on SPARQL text and content negotiation."""

from __future__ import annotations

import pytest

from provkb.server.conneg import BOOLEAN_TYPES, GRAPH_TYPES, SOLUTION_TYPES, negotiate
from provkb.server.errors import ApiError
from provkb.server.query_text import (
    MAX_NESTING,
    MAX_OPERATORS,
    check_limits,
    looks_like_update,
    mask_opaque,
    nesting_depth,
    operator_count,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("INSERT DATA { <x:a> <x:b> <x:c> }", True),
        ("PREFIX ex: <x:> BASE <http://b/>\n# note\nDELETE WHERE { ?s ?p ?o }", True),
        ("  load <http://x/>", True),
        ("WITH <x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
        ("PREFIX insert: <x:> SELECT * { ?s insert:p ?o }", False),
        ("SELECT * { ?s ?p ?o }", False),
        ("", False),
    ],
)
def test_looks_like_update(text: str, expected: bool) -> None:
    assert looks_like_update(text) is expected


def test_mask_keeps_positions() -> None:
    """Masking keeps the length, so positions in the masked text are positions in the query."""
    query = 'SELECT * { <x:a> ?p "s\\"q" } # c\nLIMIT 1'
    masked = mask_opaque(query)
    assert len(masked) == len(query)
    assert masked.index("LIMIT") == query.index("LIMIT")
    assert "x:a" not in masked and '"' not in masked and "#" not in masked


@pytest.mark.parametrize(
    ("accept", "offers", "expected"),
    [
        (None, list(SOLUTION_TYPES), "application/sparql-results+json"),
        ("*/*", list(GRAPH_TYPES), "text/turtle"),
        (
            "text/csv;q=0.5, application/sparql-results+xml",
            list(SOLUTION_TYPES),
            "application/sparql-results+xml",
        ),
        ("text/*;q=0.3, text/csv;q=0", list(SOLUTION_TYPES), "text/tab-separated-values"),
        ("application/*", list(GRAPH_TYPES), "application/n-triples"),
        ("text/csv", list(BOOLEAN_TYPES), None),
        (
            "application/rdf+xml;q=0.9, application/ld+json",
            list(GRAPH_TYPES),
            "application/ld+json",
        ),
        ("TEXT/TURTLE", list(GRAPH_TYPES), "text/turtle"),
        ("garbage", list(GRAPH_TYPES), "text/turtle"),
    ],
)
def test_negotiate(accept: str | None, offers: list[str], expected: str | None) -> None:
    assert negotiate(accept, offers) == expected


def test_nesting_depth() -> None:
    assert nesting_depth("SELECT * { ?s ?p ?o FILTER((1 + 2) > 0) }") == 3
    assert nesting_depth('SELECT * { ?s ?p "((((((" } # {{{{{{') == 1
    assert nesting_depth("SELECT * " + "{" * 3000 + "}" * 3000) == 3000


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * WHERE { ?s ex:foo-bar ?o FILTER(?o > 1 && ?o != 2) }", 6),
        ('SELECT * { ?s ?p "2020-01-01"^^xsd:date , "x"@en-GB }', 1),
        ("SELECT (?x-1-1-1 AS ?y) {}", 3),
        ("SELECT * { ?s ^^^^<x:p> ?o }", 5),
        ("SELECT * { _:b-1 ex:a-1-1 ?o } # + + +", 1),
        ('SELECT * { ?s ?p "+++" }', 1),
    ],
)
def test_operator_count(query: str, expected: int) -> None:
    """Operators outside strings, IRIs, comments and names; a typed literal's ^^ is none."""
    assert operator_count(query) == expected


def test_check_limits_names_the_limit() -> None:
    check_limits("SELECT * WHERE " + "{" * MAX_NESTING + "}" * MAX_NESTING)
    with pytest.raises(ApiError) as deep:
        check_limits("SELECT * WHERE " + "{" * (MAX_NESTING + 1) + "}" * (MAX_NESTING + 1))
    assert (deep.value.code, deep.value.extra["limit"]) == ("too-deeply-nested", MAX_NESTING)
    with pytest.raises(ApiError) as chain:
        check_limits("SELECT (1" + "+1" * (MAX_OPERATORS + 1) + " AS ?x) {}")
    assert chain.value.code == "too-many-operators"
    assert str(MAX_OPERATORS) in chain.value.message
