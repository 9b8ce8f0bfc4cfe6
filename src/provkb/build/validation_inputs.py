"""The inputs of per-graph validation, written by the build (:mod:`provkb.layout` says where).

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

The validator reads them with :mod:`provkb.validation.units`.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from provkb import layout
from provkb.terms import RDF_TYPE, Subject, referenced

ONTOLOGY = "ontology"
REGISTRY = "entities"
Statement = ox.Triple | ox.Quad


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
    types: dict[Subject, list[ox.Triple]] = defaultdict(list)
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
        write(layout.validation_graph_file(name), graphs[name])
    for name, context in sorted(_contexts(graphs).items()):
        write(layout.validation_context_file(name), context)
    sums_text = "".join(sorted(sums, key=lambda line: line[66:]))
    (folder / layout.VALIDATION_SUMS).write_text(sums_text, "utf-8")
    (folder / layout.VALIDATION_SOURCE).write_text(source_sha256 + "\n", "utf-8")


def ensure_prepared(build: layout.BuildLayout, base: str) -> Path:
    """The validation folder of ``build``, prepared again from its TriG when it is missing or was
    prepared from another TriG (one copied or edited by hand), written beside it and renamed into
    place."""
    folder = build.validation
    source = layout.sha256_file(build.trig)
    recorded = folder / layout.VALIDATION_SOURCE
    if recorded.exists() and recorded.read_text("utf-8").strip() == source:
        return folder
    graphs = load_graphs(build.trig, base)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.tmp-", dir=folder.parent))
    try:
        prepare(graphs, source, staging / folder.name)
        if folder.exists():
            shutil.rmtree(folder)
        (staging / folder.name).rename(folder)
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
