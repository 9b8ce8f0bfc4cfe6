"""The catalogue: header format, typed parameters, binding, and SPARQL injection treated as data."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from provkb.query.catalogue import (
    CannedQuery,
    CatalogueError,
    ParameterError,
    load_catalogue,
    read_query,
)
from provkb.query.select import load_store, select_embedded

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
FIXTURE = Path(__file__).parent / "data" / "fixture-kb.trig"
ID = "https://w3id.org/provkb/id/"

GOOD_HEADER = """\
# title: Sample
# description: A sample query
# description: over two lines.
#
# param: words string "" "Old Bridge" — text the quote contains
# param: actor iri - https://w3id.org/provkb/id/person/ann-lee -- the speaker
# columns: assertion quote
PREFIX pkb: <https://w3id.org/provkb/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
# A comment in the body is free text.
SELECT ?assertion ?quote WHERE {
  GRAPH ?g { ?assertion pkb:speaker ?actor ; pkb:span/oa:exact ?quote }
  FILTER(CONTAINS(?quote, ?words))
}
ORDER BY ?quote
"""


def write(tmp_path: Path, text: str, name: str = "sample-query.rq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def fixture_store() -> ox.Store:
    return load_store(FIXTURE)


@pytest.fixture
def sample(tmp_path: Path) -> CannedQuery:
    return read_query(write(tmp_path, GOOD_HEADER))


def test_header_is_read(sample: CannedQuery) -> None:
    assert sample.name == "sample-query"
    assert sample.title == "Sample"
    assert sample.description == "A sample query over two lines."
    assert sample.columns == ["assertion", "quote"]
    words, actor = sample.parameters
    assert (words.name, words.type, words.default, words.example) == (
        "words",
        "string",
        "",
        "Old Bridge",
    )
    assert words.description == "text the quote contains"
    assert (actor.name, actor.type, actor.default, actor.required) == ("actor", "iri", None, True)
    assert sample.text.startswith("PREFIX pkb:")
    assert "# title" not in sample.text


def test_catalogue_is_sorted_and_named_by_file(tmp_path: Path) -> None:
    write(tmp_path, GOOD_HEADER, "b-query.rq")
    write(tmp_path, GOOD_HEADER, "a-query.rq")
    (tmp_path / "notes.txt").write_text("not a query")
    assert [q.name for q in load_catalogue(tmp_path)] == ["a-query", "b-query"]


MALFORMED = {
    "unknown key": ("# tilte: Sample\n", 8, "header line must be '# key: value'"),
    "free comment": ("# just words\n", 8, "header line must be '# key: value'"),
    "two titles": ("# title: Again\n", 8, "exactly one '# title:'"),
    "unknown type": ("# param: n text 1 2 — d\n", 8, "unknown type 'text'"),
    "no description": ("# param: n string a b\n", 8, "expected 'name type default example"),
    "three fields": ("# param: n string a — d\n", 8, "expected 4 fields"),
    "bad default": ("# param: n integer x 2 — d\n", 8, "default"),
    "bad example": ("# param: n iri - not-an-iri — d\n", 8, "example"),
    "bad name": ("# param: 1n string a b — d\n", 8, "not a SPARQL variable name"),
    "unused": ("# param: limit integer 5 5 — d\n", 8, "the query never uses it"),
    "duplicate": ('# param: words string "" x — d\n', 8, "declared twice"),
    "unclosed quote": ('# param: n string "a b — d\n', 8, "param:"),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed_header_names_file_and_line(tmp_path: Path, case: str) -> None:
    extra, line, message = MALFORMED[case]
    head, body = GOOD_HEADER.split("PREFIX pkb:", 1)
    path = write(tmp_path, head + extra + "PREFIX pkb:" + body)
    with pytest.raises(CatalogueError) as raised:
        read_query(path)
    assert str(raised.value).startswith(f"{path}:{line}: ")
    assert message in str(raised.value)


def test_missing_title_and_short_form_query_are_refused(tmp_path: Path) -> None:
    no_title = GOOD_HEADER.replace("# title: Sample\n", "")
    with pytest.raises(CatalogueError, match="exactly one '# title:'"):
        read_query(write(tmp_path, no_title))
    short_form = GOOD_HEADER.replace("WHERE {", "{")
    with pytest.raises(CatalogueError, match="no 'WHERE \\{'"):
        read_query(write(tmp_path, short_form))


def test_a_file_that_is_not_utf8_is_a_catalogue_error(tmp_path: Path) -> None:
    path = tmp_path / "windows-1252.rq"
    path.write_bytes(GOOD_HEADER.replace("Sample", "Sämple").encode("cp1252"))
    with pytest.raises(CatalogueError, match=f"^{re.escape(str(path))}:1: not UTF-8 text"):
        read_query(path)


def test_file_name_must_be_kebab_case(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="not kebab-case"):
        read_query(write(tmp_path, GOOD_HEADER, "Sample_Query.rq"))


def test_bind_puts_typed_terms_in_a_values_block(sample: CannedQuery) -> None:
    text = sample.bind({"actor": ID + "person/ann-lee", "words": 'say "hi"'})
    assert f'VALUES (?words ?actor) {{ ("say \\"hi\\"" <{ID}person/ann-lee>) }}' in text, text
    # The block opens the top-level WHERE group, so the whole query sees the parameters.
    assert text.index("VALUES") < text.index("GRAPH ?g")


def test_missing_value_takes_the_default(sample: CannedQuery) -> None:
    assert '("" <' in sample.bind({"actor": ID + "person/ann-lee"})


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "parameter 'actor' (iri) is required"),
        ({"actor": ID + "x", "speaker": "y"}, "has no parameter 'speaker'"),
        ({"actor": "not an iri"}, "parameter 'actor' (iri): invalid value"),
        ({"actor": "relative/path"}, "invalid value"),
    ],
    ids=["required", "unknown-name", "spaces", "relative"],
)
def test_bad_values_raise_parameter_error(
    sample: CannedQuery, values: dict[str, str], message: str
) -> None:
    with pytest.raises(ParameterError, match=re.escape(message)):
        sample.bind(values)


TYPED = {
    "integer": ("42", '"42"^^<http://www.w3.org/2001/XMLSchema#integer>', ["4.2", "1e3", "x"]),
    "decimal": ("0.50", '"0.50"^^<http://www.w3.org/2001/XMLSchema#decimal>', ["1e3", "."]),
    "boolean": ("true", '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>', ["yes", "1"]),
    "date": (
        "2020-02-29",
        '"2020-02-29"^^<http://www.w3.org/2001/XMLSchema#date>',
        ["2021-02-29", "2020", "20-01-01"],
    ),
}


@pytest.mark.parametrize("type_", TYPED, ids=list(TYPED))
def test_typed_parameters(tmp_path: Path, type_: str) -> None:
    good, term, bad = TYPED[type_]
    text = GOOD_HEADER.replace(
        '# param: words string "" "Old Bridge" — text the quote contains',
        f"# param: words {type_} {good} {good} — a typed value",
    )
    query = read_query(write(tmp_path, text))
    assert f"({term} <" in query.bind({"actor": ID + "a", "words": good})
    for value in bad:
        with pytest.raises(ParameterError, match=f"parameter 'words' \\({type_}\\)"):
            query.bind({"actor": ID + "a", "words": value})


# Values an attacker would splice into a query: each must stay one string literal.
INJECTIONS = [
    '" } UNION { GRAPH ?g { ?assertion ?p ?quote } } #',
    "') } UNION { ?s ?p ?o } #",
    '""" } UNION { ?s ?p ?o } """',
    "}} UNION {{ ?s ?p ?o }}",
    "bridge\n} UNION { ?s ?p ?o }\n#",
    '\\" } UNION { ?s ?p ?o } #',
    "<https://evil.example/> } ; DROP ALL ; #",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injected_strings_are_data(fixture_store: ox.Store, value: str) -> None:
    """The query still parses, and the value is matched literally (no row has it)."""
    query = next(q for q in load_catalogue(QUERIES) if q.name == "who-said-it")
    rows = select_embedded(fixture_store, query.bind({"words": value})).rows
    assert rows == []


def test_injection_shaped_text_in_the_data_is_found_verbatim(fixture_store: ox.Store) -> None:
    """A quote holding '} UNION {' is matched by exactly those characters."""
    query = next(q for q in load_catalogue(QUERIES) if q.name == "who-said-it")
    rows = select_embedded(fixture_store, query.bind({"words": "} union {"})).rows
    assert [row["assertion"].value for row in rows] == [
        ID + "doc/example-news/assertion/demand-reopen"
    ]


@pytest.mark.parametrize(
    "value",
    [
        ID + "person/ann-lee> } UNION { ?s ?p ?o } #",
        ID + "person/ann lee",
        ID + 'person/"ann"',
        ID + "person/{ann}",
        ID + "person/ann\n",
        "ann-lee",
    ],
    ids=["closing-bracket", "space", "quote", "braces", "newline", "relative"],
)
def test_injected_iris_are_refused(value: str) -> None:
    query = next(q for q in load_catalogue(QUERIES) if q.name == "actor-assertions")
    with pytest.raises(ParameterError, match="parameter 'actor' \\(iri\\): invalid value"):
        query.bind({"actor": value})


def test_where_inside_strings_iris_and_names_is_not_the_keyword(tmp_path: Path) -> None:
    text = GOOD_HEADER.replace(
        "SELECT ?assertion ?quote WHERE {",
        'SELECT ?assertion ?quote (IF(?somewhere < 3, "WHERE {", <http://x/WHERE>) AS ?x)\nWHERE {',
    )
    query = read_query(write(tmp_path, text))
    bound = query.bind({"actor": ID + "a"})
    assert bound.index("VALUES") > bound.index("AS ?x)")
