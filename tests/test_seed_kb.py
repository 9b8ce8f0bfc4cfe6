"""The seed KB: the four documents build, conform to the shapes, and use the whole ontology."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest

from provkb.annotations.coverage import document_coverage
from provkb.build.pipeline import compile_kb
from provkb.layout import BuildLayout
from provkb.namespaces import DEFAULT_BASE, ONTOLOGY, sparql_prologue
from provkb.paths import ProjectPaths
from provkb.validation.shacl import ENGINES, validate_build

from .conftest import ROOT, SHARED

SEEDS = {
    "alemdar-voa-interview": "000_768ac03ab27c95fd.txt",
    "haciyeva-2025-karabakh-article": "001_d9745c53d0d39d1a.txt",
    "anro-letter-to-president": "002_b7c0805e3e75e4b8.txt",
    "eurasia-news-brussels-rally": "003_5d882dd95debacdb.txt",
}
# Abstract classes: used through their subclasses.
ABSTRACT = {"Actor", "DocumentPart", "Judgement"}
# The seed KB is all reviewed: the drafting terms appear only while `provkb add` drafts await
# review (tests/test_draft_add.py builds one).
DRAFT_CLASSES = {"DraftingActivity"}
DRAFT_PROPERTIES = ["draftConfidence", "draftRule", "draftSpeakerGuess", "draftSpeakerRule"]


@pytest.fixture(scope="module")
def store(seed_build: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(BuildLayout(seed_build).trig), format=ox.RdfFormat.TRIG)
    return store


def _ask(store: ox.Store, where: str) -> list:
    return list(store.query(sparql_prologue() + where, use_default_graph_as_union=True))


@pytest.mark.parametrize("slug", sorted(SEEDS))
def test_documents_are_the_seeds_byte_for_byte(slug: str) -> None:
    text = (ROOT / "kb" / "documents" / f"{slug}.txt").read_bytes()
    if SHARED.exists():
        assert text == (SHARED / "seeds" / SEEDS[slug]).read_bytes()
    yaml_text = (ROOT / "kb" / "documents" / f"{slug}.yaml").read_text("utf-8")
    assert f"source_file: {SEEDS[slug]}" in yaml_text
    assert hashlib.sha256(text).hexdigest() in yaml_text


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_seed_kb_conforms(seed_build: Path, engine: str) -> None:
    """Every engine ``provkb validate`` offers (pySHACL the reference) finds the seed KB valid."""
    report = validate_build(seed_build, ROOT / "shapes", DEFAULT_BASE, engine=engine)
    assert report.results == []
    assert {"entities", "metadata", "decisions/identity", "decisions/relations"} <= set(
        report.graphs
    )
    assert {f"doc/{slug}" for slug in SEEDS} <= set(report.graphs)


def test_every_ontology_class_has_instances(store: ox.Store) -> None:
    rows = _ask(store, "SELECT DISTINCT ?c WHERE { ?x a ?c }")
    used = {r[0].value.removeprefix(ONTOLOGY) for r in rows if r[0].value.startswith(ONTOLOGY)}
    declared = {
        r[0].value.removeprefix(ONTOLOGY)
        for r in _ask(store, "SELECT ?c WHERE { GRAPH ?g { ?c a owl:Class } }")
        if r[0].value.startswith(ONTOLOGY)
    }
    assert sorted(declared - ABSTRACT - DRAFT_CLASSES - used) == []


def test_every_ontology_property_is_used(store: ox.Store) -> None:
    declared = {
        r[0].value
        for r in _ask(
            store,
            "SELECT ?p WHERE { GRAPH ?g { ?p a ?k FILTER (?k IN (owl:ObjectProperty, "
            "owl:DatatypeProperty)) } }",
        )
        if r[0].value.startswith(ONTOLOGY)
    }
    used = {r[0].value for r in _ask(store, "SELECT DISTINCT ?p WHERE { ?s ?p ?o }")}
    # pkb:inGraph annotates validation reports, not the KB.
    unused = sorted(p.removeprefix(ONTOLOGY) for p in declared - used)
    assert unused == sorted(["inGraph", *DRAFT_PROPERTIES])


def test_a_quote_relayed_through_two_hops(store: ox.Store) -> None:
    rows = _ask(
        store,
        "SELECT ?a WHERE { ?a pkb:relayHop ?h1 , ?h2 . ?h1 pkb:hopOrder 1 . ?h2 pkb:hopOrder 2 }",
    )
    assert rows


def test_identity_distinctness_and_citations_are_recorded(store: ox.Store) -> None:
    assert _ask(
        store,
        "SELECT ?j WHERE { ?j pkb:judgement <https://w3id.org/provkb/vocab/"
        "identity-judgement/same> ; pkb:concernsMention ?m }",
    )
    gamoh_gamac = _ask(
        store,
        "SELECT ?a ?b WHERE { ?a pkb:distinctFrom ?b . "
        "?a skos:prefLabel ?la . ?b skos:prefLabel ?lb "
        "FILTER (CONTAINS(STR(?a), 'gamoh') && CONTAINS(STR(?b), 'gamac')) }",
    )
    assert gamoh_gamac, "GAMOH and GAMAC must be kept apart"
    assert _ask(store, "SELECT ?a WHERE { ?a pkb:supportedBy ?c . ?c pkb:citedWork ?w }")


@pytest.mark.parametrize("slug", sorted(SEEDS))
def test_coverage_is_reported_and_complete(slug: str) -> None:
    compiled = compile_kb(ProjectPaths(ROOT))
    report = document_coverage(compiled.documents[slug])
    assert report.sentences > 0
    assert 0 < report.share <= 1
    unexplained = [f"{i.line}: {i.kind} {i.text!r}" for i in report.items]
    assert unexplained == [], f"{len(unexplained)} unexplained item(s) in {slug}"
