"""The ontology: terms labelled, commented, aligned; every pkb: term the build emits declared."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from provkb.layout import BuildLayout
from provkb.namespaces import ONTOLOGY, VOCAB

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = ROOT / "ontology" / "provkb.ttl"
VOCABULARY_FILE = ROOT / "ontology" / "vocabularies.ttl"


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_FILE).parse(VOCABULARY_FILE)


def _terms(graph: rdflib.Graph) -> set[rdflib.URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {
        s for kind in kinds for s in graph.subjects(RDF.type, kind) if str(s).startswith(ONTOLOGY)
    }


def test_ontology_has_a_version(ontology: rdflib.Graph) -> None:
    [onto] = [
        s for s in ontology.subjects(RDF.type, OWL.Ontology) if str(s).startswith(ONTOLOGY[:-1])
    ]
    assert ontology.value(onto, OWL.versionInfo) is not None


def test_every_term_has_a_label_and_a_comment(ontology: rdflib.Graph) -> None:
    terms = _terms(ontology)
    assert len(terms) > 60
    missing = [
        t for t in terms if not ontology.value(t, RDFS.label) or not ontology.value(t, RDFS.comment)
    ]
    assert not missing


def test_every_class_is_aligned_to_an_established_vocabulary(ontology: rdflib.Graph) -> None:
    external = (
        "http://www.w3.org/ns/prov#",
        "https://schema.org/",
        "http://www.w3.org/ns/oa#",
        "http://www.w3.org/ns/org#",
    )

    def aligned(cls: rdflib.URIRef, seen: frozenset = frozenset()) -> bool:
        parents = set(ontology.objects(cls, RDFS.subClassOf))
        return any(str(p).startswith(external) for p in parents) or any(
            aligned(p, seen | {cls}) for p in parents if p not in seen
        )

    classes = [c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(ONTOLOGY)]
    assert [c for c in classes if not aligned(c)] == []


def test_every_concept_is_in_a_labelled_scheme(ontology: rdflib.Graph) -> None:
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 100
    for concept in concepts:
        scheme = ontology.value(concept, SKOS.inScheme)
        assert scheme is not None and str(concept).startswith(f"{scheme}/"), concept
        assert ontology.value(concept, SKOS.prefLabel) and ontology.value(concept, SKOS.definition)
    schemes = {str(s).removeprefix(VOCAB) for s in ontology.subjects(RDF.type, SKOS.ConceptScheme)}
    assert {"assertion-kind", "event-type", "hop-role"} <= schemes


def test_every_pkb_term_the_seed_build_uses_is_declared(
    seed_build: Path, ontology: rdflib.Graph
) -> None:
    declared = {str(t) for t in _terms(ontology)}
    used = set()
    with BuildLayout(seed_build).trig.open("rb") as stream:
        for quad in ox.parse(stream, format=ox.RdfFormat.TRIG):
            if quad.predicate.value.startswith(ONTOLOGY):
                used.add(quad.predicate.value)
            if quad.predicate.value == str(RDF.type) and quad.object.value.startswith(ONTOLOGY):
                used.add(quad.object.value)
    assert used, "the seed build uses no pkb: term"
    assert sorted(used - declared) == []
