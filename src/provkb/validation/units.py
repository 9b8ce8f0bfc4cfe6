"""Reading the validation inputs the build prepared (:mod:`provkb.build.validation_inputs`):
the units to validate, their cache keys and their data.

A document's context is assembled by the validating worker from the registry's files, since it
is a function of the document graph and the registry alone.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from provkb import layout
from provkb.build.validation_inputs import ONTOLOGY, REGISTRY
from provkb.layout import validation_context_file as context_file
from provkb.layout import validation_graph_file as graph_file
from provkb.terms import RDF_TYPE, Subject, node_value, referenced


@dataclass(frozen=True)
class UnitSpec:
    """One validation unit: the graph it reports on and the files its data is read from."""

    graph: str
    files: tuple[str, ...]

    @property
    def is_document(self) -> bool:
        return self.graph.startswith("doc/")

    def key(self, rules: str, sums: Mapping[str, str]) -> str:
        """The cache key: the rules (shapes, ontology, engine) and the hash of every input file."""
        digest = hashlib.sha256(rules.encode())
        for relative in self.files:
            digest.update(f"\0{relative}\0{sums[relative]}".encode())
        return digest.hexdigest()


def read_sums(folder: Path) -> dict[str, str]:
    """The hash of each prepared file, by its path inside the validation folder."""
    return layout.read_sums(folder / layout.VALIDATION_SUMS)


def plan(sums: Mapping[str, str]) -> list[UnitSpec]:
    """Every unit of a prepared folder, in graph-name order (the ontology is a rule, not a unit)."""
    names = sorted(
        relative[len("graphs/") : -len(".nt")]
        for relative in sums
        if relative.startswith("graphs/")
    )
    units = []
    for name in names:
        if name == ONTOLOGY:
            continue
        if name.startswith("doc/"):
            # A document's context comes from the registry graph and the registry's context.
            files = [graph_file(name)] + [
                f for f in (graph_file(REGISTRY), context_file(REGISTRY)) if f in sums
            ]
        else:
            files = [graph_file(name), context_file(name)]
        units.append(UnitSpec(name, tuple(files)))
    return units


def read_triples(path: Path) -> list[ox.Triple]:
    """The triples of an N-Triples file."""
    with path.open("rb") as stream:
        return [q.triple for q in ox.parse(stream, format=ox.RdfFormat.N_TRIPLES)]


class RegistryIndex:
    """The registry's triples and its typing context by subject, to assemble documents' contexts;
    read when the first document asks (an incremental run may have no document to validate)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._described: dict[Subject, list[ox.Triple]] | None = None
        self._types: dict[Subject, list[ox.Triple]] = defaultdict(list)

    def _load(self) -> dict[Subject, list[ox.Triple]]:
        described: dict[Subject, list[ox.Triple]] = defaultdict(list)
        if (self.folder / graph_file(REGISTRY)).exists():
            for t in read_triples(self.folder / graph_file(REGISTRY)):
                described[t.subject].append(t)
            for t in read_triples(self.folder / context_file(REGISTRY)):
                self._types[t.subject].append(t)
        return described

    def context(self, document: Sequence[ox.Triple]) -> list[ox.Triple]:
        """The registry entries a document refers to, and the types of what those refer to."""
        if self._described is None:
            self._described = self._load()
        described = [t for node in referenced(document) for t in self._described.get(node, ())]
        return described + [t for node in referenced(described) for t in self._types.get(node, ())]


def unit_data(
    spec: UnitSpec, folder: Path, registry: RegistryIndex
) -> tuple[list[ox.Triple], frozenset[str]]:
    """A unit's triples (its graph and its context) and its focus nodes.

    Only the graph's own nodes are focus nodes: the context is there so that ``sh:class`` and
    labels can be checked, and is validated in the unit of the graph that defines it.
    """
    own = read_triples(folder / graph_file(spec.graph))
    if spec.is_document:
        context = registry.context(own)
        # A document graph also describes registry events (their date, place, participants).
        focus = frozenset(node_value(t.subject) for t in own)
    else:
        context = read_triples(folder / context_file(spec.graph))
        # A decision graph's shortcut triples (a1 pkb:contradicts a2) have subjects that other
        # graphs define; only the nodes typed here are this graph's to validate.
        focus = frozenset(node_value(t.subject) for t in own if t.predicate == RDF_TYPE)
    # Unsorted, duplicates and all: the engines read a set, and the cache keys come from the files.
    return [*own, *context], focus
