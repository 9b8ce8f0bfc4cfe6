"""The one prefix table of the project.

Every serialisation, query and shape uses these forms, and only these (rdflib would otherwise bind
``schema:`` to whichever of http/https it saw first). Tests check that the dumps use them.
"""

from __future__ import annotations

from types import MappingProxyType

ONTOLOGY = "https://w3id.org/provkb/ontology#"
VOCAB = "https://w3id.org/provkb/vocab/"
DEFAULT_BASE = "https://w3id.org/provkb/"

PREFIXES = MappingProxyType(
    {
        "pkb": ONTOLOGY,
        "pkbv": VOCAB,
        "cito": "http://purl.org/spar/cito/",
        "dcterms": "http://purl.org/dc/terms/",
        "oa": "http://www.w3.org/ns/oa#",
        "org": "http://www.w3.org/ns/org#",
        "owl": "http://www.w3.org/2002/07/owl#",
        "prov": "http://www.w3.org/ns/prov#",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "schema": "https://schema.org/",
        "sh": "http://www.w3.org/ns/shacl#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "void": "http://rdfs.org/ns/void#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    }
)


def sparql_prologue() -> str:
    """``PREFIX`` declarations for every namespace of the project, one per line."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
