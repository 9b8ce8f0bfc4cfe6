"""Small RDF helpers shared by the stages: project terms by CURIE, literals, serialising.

They depend on the prefix table alone, so the validator and the analytics can name terms without
importing the build's emitter (and, through it, the YAML readers).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import pyoxigraph as ox

from provkb.namespaces import PREFIXES

_NS = dict(PREFIXES)

# Concept IRIs (…/vocab/assertion-kind/demand) have a "/" after the vocabulary namespace, which
# Turtle could only write as an escaped local name (pkbv:assertion-kind\/demand); dumps write them
# as full IRIs instead.
DUMP_PREFIXES = {prefix: iri for prefix, iri in PREFIXES.items() if prefix != "pkbv"}


# A build makes millions of triples from a few dozen predicates: make each NamedNode once.
@functools.cache
def term(curie: str) -> ox.NamedNode:
    """``pkb:speaker`` → the NamedNode of the project prefix table."""
    prefix, local = curie.split(":", 1)
    return ox.NamedNode(_NS[prefix] + local)


RDF_TYPE = term("rdf:type")
# What pyoxigraph types a subject as (RDF 1.2 allows a quoted triple; provkb never makes one).
Subject = ox.NamedNode | ox.BlankNode | ox.Triple


def node_value(node: Subject) -> str:
    """The IRI or blank-node label of a subject (a quoted triple: its N-Triples form)."""
    return str(node) if isinstance(node, ox.Triple) else node.value


def text(value: str, language: str | None = None) -> ox.Literal:
    """A plain or language-tagged literal."""
    return ox.Literal(value, language=language) if language else ox.Literal(value)


def typed(value: object, datatype: str) -> ox.Literal:
    """A literal of ``datatype`` (a full IRI) written from ``str(value)``."""
    return ox.Literal(str(value), datatype=ox.NamedNode(datatype))


def integer(value: int) -> ox.Literal:
    """An ``xsd:integer`` literal."""
    return typed(value, _NS["xsd"] + "integer")


def referenced(triples: Iterable[ox.Triple | ox.Quad]) -> set[ox.NamedNode]:
    """The IRIs a set of triples uses as subject or object."""
    nodes: set[ox.NamedNode] = set()
    for t in triples:
        if isinstance(t.subject, ox.NamedNode):
            nodes.add(t.subject)
        if isinstance(t.object, ox.NamedNode):
            nodes.add(t.object)
    return nodes


def serialize(items: Iterable[ox.Quad] | Iterable[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    """Serialise already-sorted quads or triples with the project's prefix table."""
    prefixed = fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
    data = ox.serialize(items, format=fmt, prefixes=DUMP_PREFIXES if prefixed else None)
    return data or b""
