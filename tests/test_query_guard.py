"""The parsed-query guard on its own: what it refuses, what it lets through, and the texts on
which rdflib and Oxigraph would disagree without it.

The differential test runs each text on a bare pyoxigraph store (no guard, no sandbox) with a
listener: every text that makes Oxigraph call the listener must be refused by the guard.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from provkb.query.catalogue import load_catalogue
from provkb.server.errors import ApiError
from provkb.server.query_guard import guard, judge_template, normalise
from provkb_harness.probes import Listener

QUERIES = Path(__file__).parents[1] / "queries"

# Texts on which a guard reading rdflib's parse naively would miss what Oxigraph does.
DISAGREEMENTS = {
    "comment-ended-by-carriage-return": "SELECT * WHERE { # x\rSERVICE <URL> { ?s ?p ?o }\n}",
    "escaped-iri": "SELECT * WHERE { SERVICE <http:\\u002F\\u002FHOSTPORT/> { ?s ?p ?o } }",
    "after-dot": "SELECT * WHERE { BIND(1 AS ?x) .SERVICE <URL> { ?s ?p ?o } }",
}


@pytest.fixture()
def listener() -> Iterator[Listener]:
    """A listener the bare store is pointed at."""
    spy = Listener()
    yield spy
    spy.close()


def _fill(text: str, listener: Listener) -> str:
    return text.replace("URL", listener.url + "/").replace("HOSTPORT", listener.url[7:])


@pytest.mark.parametrize("name", sorted(DISAGREEMENTS))
def test_what_oxigraph_would_call_is_refused(name: str, listener: Listener) -> None:
    """Oxigraph itself calls the listener for the text, and the guard refuses the text."""
    text = _fill(DISAGREEMENTS[name], listener)
    with pytest.raises(ApiError) as refusal:
        guard(text)
    assert (refusal.value.status, refusal.value.code) == (403, "service-refused")
    with pytest.raises(OSError):
        list(ox.Store().query(text))  # type: ignore[arg-type]
    time.sleep(0.2)
    assert listener.received, f"{name}: Oxigraph did not call the listener; drop the case"


def test_service_in_filter_exists_is_refused() -> None:
    """rdflib's translation rewrites the parse tree in place and drops this SERVICE from it:
    the guard reads the tree before the translation (and the algebra after it)."""
    with pytest.raises(ApiError) as refusal:
        guard("SELECT * { BIND(1 AS ?x) FILTER EXISTS { SERVICE <x:y> { ?s ?p ?o } } }")
    assert refusal.value.code == "service-refused"


def test_normalise_expands_escapes_as_the_specification_says() -> None:
    assert normalise("\\u0053ERVICE \\U0001F600") == "SERVICE \U0001f600"
    assert normalise("a\r\nb\rc") == "a\nb\nc"
    # \u takes exactly four hex digits (rdflib's own expansion would take eight here).
    assert normalise('"\\u00e9cafe"') == '"écafe"'
    with pytest.raises(ApiError):
        normalise("\\uD800")


@pytest.mark.parametrize(
    ("text", "names_dataset"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ('SELECT ("SERVICE <x:y> {}" AS ?x) WHERE {}', False),
        ("PREFIX service: <x:> SELECT * WHERE { ?s service:p ?o }", False),
        ("SELECT ?service WHERE { ?service ?p ?o } # SERVICE <x:y> {}", False),
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", True),
        ("ASK FROM NAMED <urn:x:g> { GRAPH ?g { ?s ?p ?o } }", True),
        ("SELECT * FROM <relative> WHERE { ?s ?p ?o }", True),
    ],
)
def test_lets_through(text: str, names_dataset: bool) -> None:
    verdict = guard(text)
    assert verdict.text == text
    assert verdict.names_dataset is names_dataset


def test_every_canned_query_passes() -> None:
    """The catalogue's templates pass the guard as they are, so their runs skip it."""
    catalogue = load_catalogue(QUERIES)
    assert catalogue
    refused = [q.name for q in catalogue if judge_template(q.text) is None]
    assert refused == []


def test_only_texts_that_could_reach_outside_are_parsed() -> None:
    """A text without 'service' or 'from' is not parsed (rdflib would refuse this SPARQL 1.2
    triple term); the same text naming a dataset is, and is refused as rdflib cannot read it."""
    triple_term = "SELECT * WHERE { BIND(<<( <x:s> <x:p> <x:o> )>> AS ?t) }"
    assert guard(triple_term).text == triple_term
    with pytest.raises(ApiError) as refusal:
        guard(triple_term.replace("WHERE", "FROM <x:g> WHERE"))
    assert refusal.value.code == "malformed-query"
    # Case folding, not ASCII lower-casing: the long s folds to s.
    with pytest.raises(ApiError):
        guard("SELECT * WHERE { \u017fERVICE <x:y> { ?s ?p ?o } }")
