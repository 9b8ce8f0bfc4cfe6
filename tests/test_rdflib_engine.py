"""Every canned query on a third engine, rdflib's SPARQL over a ``Dataset``: the same rows.

rdflib is the engine of rdflib-endpoint and of many Python users of the dumps; the queries are
written so that it gives the rows the embedded Oxigraph store gives (see queries/README.md for what
that took: COALESCEd sort keys, no FILTER NOT EXISTS inside OPTIONAL).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Literal, URIRef

from provkb.query.catalogue import CannedQuery, load_catalogue
from provkb.query.select import Table, Term, load_store, select_embedded
from tests.rows import Case, Cell, compact
from tests.test_queries_fixture import CASES

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "data" / "fixture-kb.trig"
CATALOGUE: dict[str, CannedQuery] = {q.name: q for q in load_catalogue(ROOT / "queries")}
XSD = "http://www.w3.org/2001/XMLSchema#"


def term(node: URIRef | BNode | Literal) -> Term:
    """An rdflib term as a :class:`provkb.query.select.Term`."""
    if isinstance(node, URIRef):
        return Term("uri", str(node))
    if isinstance(node, BNode):
        return Term("bnode", str(node))
    if node.language:
        return Term("literal", str(node), language=node.language)
    datatype = str(node.datatype) if node.datatype else None
    return Term("literal", str(node), None if datatype == XSD + "string" else datatype)


def select_rdflib(dataset: Dataset, query: str) -> Table:
    """Run a SELECT query with rdflib (its default graph is not the union of the named graphs)."""
    result = dataset.query(query)
    variables = [str(v) for v in result.vars or []]
    rows = [
        {name: term(row[name]) for name in variables if row[name] is not None} for row in result
    ]
    return Table(variables, rows)


def canonical_decimals(rows: list[tuple[Cell, ...]]) -> list[tuple[Cell, ...]]:
    """Decimals in canonical form. The build writes confidences as "0.40"; Oxigraph and Virtuoso
    return the canonical "0.4", rdflib the lexical form it read."""

    def canonical(cell: Cell) -> Cell:
        if isinstance(cell, str) and cell.endswith("^^xsd:decimal"):
            value = Decimal(cell.removesuffix("^^xsd:decimal")).normalize()
            return f"{value:f}^^xsd:decimal"
        return cell

    return [tuple(canonical(cell) for cell in row) for row in rows]


@pytest.fixture(scope="module")
def fixture_dataset() -> Dataset:
    dataset = Dataset()
    dataset.parse(FIXTURE, format="trig")
    return dataset


@pytest.fixture(scope="module")
def seed_dataset(seed_build: Path) -> Dataset:
    dataset = Dataset()
    dataset.parse(seed_build / "provkb.trig", format="trig")
    return dataset


@pytest.fixture(scope="module")
def seed_store(seed_build: Path) -> ox.Store:
    return load_store(seed_build / "provkb.trig")


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_fixture_rows_on_rdflib(fixture_dataset: Dataset, case: Case) -> None:
    table = select_rdflib(fixture_dataset, CATALOGUE[case.query].bind(case.values()))
    assert table.variables == CATALOGUE[case.query].columns
    assert case.select(table) == case.rows


def seed_runs() -> list[tuple[str, dict[str, str]]]:
    """Every canned query with its required parameters set to their examples."""
    return [
        (q.name, {p.name: p.example for p in q.parameters if p.required})
        for q in CATALOGUE.values()
    ]


@pytest.mark.parametrize("run", seed_runs(), ids=[name for name, _ in seed_runs()])
def test_seed_rows_on_rdflib_equal_the_embedded_stores(
    seed_dataset: Dataset, seed_store: ox.Store, run: tuple[str, dict[str, str]]
) -> None:
    text = CATALOGUE[run[0]].bind(run[1])
    expected = compact(select_embedded(seed_store, text))
    got = compact(select_rdflib(seed_dataset, text))
    assert canonical_decimals(got) == canonical_decimals(expected)
