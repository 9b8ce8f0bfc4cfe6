"""The inputs of per-graph validation, prepared once per build under ``build/validation/``.

A unit is one named graph with the small context its shapes need: a document graph with the
registry entries it refers to and the types of what those refer to; any other graph (registry,
decisions, metadata) with the types of the nodes it refers to, wherever they are defined. Finding
those types means reading every graph, so it is done when the graphs are in memory anyway (by
``provkb build``), not by every ``provkb validate``:

- ``graphs/<graph>.nt``: each graph's triples (``graphs/ontology.nt`` is the ontology);
- ``context/<graph>.nt``: the typing context of each graph that is not a document;
- ``SHA256SUMS``: the hash of each of those files, which key the validation cache, so that an
  incremental run reads one small file instead of parsing the whole TriG;
- ``SOURCE``: the SHA-256 of the TriG they were prepared from; a TriG that does not match (one
  copied or edited by hand) is prepared again from the TriG itself.

A document's context is assembled by the validating worker from the registry's files, since it
is a function of the document graph and the registry alone.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from provkb.emit import RDF_TYPE

FOLDER = "validation"
SOURCE = "SOURCE"
SUMS = "SHA256SUMS"
ONTOLOGY = "ontology"
REGISTRY = "entities"
Statement = ox.Triple | ox.Quad


def graph_file(name: str) -> str:
    """The path, inside the validation folder, of a graph's triples."""
    return f"graphs/{name}.nt"


def context_file(name: str) -> str:
    """The path, inside the validation folder, of a graph's typing context."""
    return f"context/{name}.nt"


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def referenced(triples: Iterable[Statement]) -> set[ox.NamedNode]:
    """The IRIs a set of triples uses as subject or object."""
    nodes: set[ox.NamedNode] = set()
    for t in triples:
        nodes.add(t.subject)
        if isinstance(t.object, ox.NamedNode):
            nodes.add(t.object)
    return nodes


def as_triple(statement: ox.Triple | ox.Quad) -> ox.Triple:
    """The triple of a quad (the build's graphs hold quads; files and units hold triples)."""
    return statement.triple if isinstance(statement, ox.Quad) else statement


def sorted_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Distinct triples in N-Triples order, so the files (and the cache keys) are deterministic."""
    return sorted(set(triples), key=str)


def _contexts(graphs: Mapping[str, Sequence[Statement]]) -> dict[str, list[ox.Triple]]:
    """For each graph that is not a document or the ontology, the rdf:type triples (from any graph
    but the ontology) of the nodes it refers to."""
    wanted = {
        name: referenced(triples)
        for name, triples in graphs.items()
        if name != ONTOLOGY and not name.startswith("doc/")
    }
    nodes = set().union(*wanted.values()) if wanted else set()
    types: dict[ox.NamedNode, list[ox.Triple]] = defaultdict(list)
    for name, triples in graphs.items():
        if name == ONTOLOGY:
            continue
        for t in triples:
            if t.predicate == RDF_TYPE and t.subject in nodes:
                types[t.subject].append(as_triple(t))
    return {
        name: sorted_triples(t for node in refs for t in types.get(node, ()))
        for name, refs in wanted.items()
    }


def prepare(graphs: Mapping[str, Sequence[Statement]], source_sha256: str, folder: Path) -> None:
    """Write the validation inputs of ``graphs`` (by short graph name, each sorted in N-Triples
    order and without duplicates) into ``folder``, which must not exist yet.

    The build passes its quads as they are, so millions of them are not copied into triples."""
    sums: list[str] = []

    def write(relative: str, statements: Sequence[Statement]) -> None:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        triples = (as_triple(s) for s in statements)
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        target.write_bytes(data)
        sums.append(f"{hashlib.sha256(data).hexdigest()}  {relative}\n")

    folder.mkdir(parents=True)
    for name in sorted(graphs):
        write(graph_file(name), graphs[name])
    for name, context in sorted(_contexts(graphs).items()):
        write(context_file(name), context)
    (folder / SUMS).write_text("".join(sorted(sums, key=lambda line: line[66:])), "utf-8")
    (folder / SOURCE).write_text(source_sha256 + "\n", "utf-8")


def ensure_prepared(build: Path, trig: Path, base: str) -> Path:
    """The validation folder of ``build``, prepared again from ``trig`` when it is missing or was
    prepared from another TriG (written beside it, then renamed into place)."""
    folder = build / FOLDER
    source = sha256_file(trig)
    recorded = folder / SOURCE
    if recorded.exists() and recorded.read_text("utf-8").strip() == source:
        return folder
    graphs = load_graphs(trig, base)
    staging = Path(tempfile.mkdtemp(prefix=f".{FOLDER}.tmp-", dir=build))
    try:
        prepare(graphs, source, staging / FOLDER)
        if folder.exists():
            shutil.rmtree(folder)
        (staging / FOLDER).rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def load_graphs(trig: Path, base: str) -> dict[str, list[ox.Triple]]:
    """The triples of each named graph of a TriG dump, by short name (``doc/x``, ``entities``),
    each in N-Triples order."""
    prefix = f"{base}graph/"
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    with trig.open("rb") as stream:
        for quad in ox.parse(stream, format=ox.RdfFormat.TRIG):
            name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            graphs[name.removeprefix(prefix)].append(quad.triple)
    return {name: sorted_triples(triples) for name, triples in graphs.items()}


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
    sums = {}
    for line in (folder / SUMS).read_text("utf-8").splitlines():
        digest, relative = line.split("  ", 1)
        sums[relative] = digest
    return sums


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
        self._described: dict[ox.NamedNode, list[ox.Triple]] | None = None
        self._types: dict[ox.NamedNode, list[ox.Triple]] = defaultdict(list)

    def _load(self) -> dict[ox.NamedNode, list[ox.Triple]]:
        described: dict[ox.NamedNode, list[ox.Triple]] = defaultdict(list)
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
        focus = frozenset(t.subject.value for t in own)
    else:
        context = read_triples(folder / context_file(spec.graph))
        # A decision graph's shortcut triples (a1 pkb:contradicts a2) have subjects that other
        # graphs define; only the nodes typed here are this graph's to validate.
        focus = frozenset(t.subject.value for t in own if t.predicate == RDF_TYPE)
    # Unsorted, duplicates and all: the engines read a set, and the cache keys come from the files.
    return [*own, *context], focus
