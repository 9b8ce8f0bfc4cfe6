"""``provkb build``: compile ``kb/`` into validated-ready RDF dumps under ``build/``.

parse → resolve references → locate every quote → emit one named graph per source → write the
dumps into a temporary folder → rename it into place. Any problem in the inputs stops the build
before anything is written, and every problem is reported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from provkb import __version__, layout
from provkb.annotations.decisions import load_decisions
from provkb.annotations.document import AnnotatedDocument
from provkb.annotations.reader import read_document
from provkb.annotations.registry import load_registry
from provkb.annotations.vocabulary import Vocabulary
from provkb.build import reader_index, validation_inputs
from provkb.build.analytics import analytics_quads
from provkb.build.dumps import merge_union, triple_key, write
from provkb.build.emit import (
    GraphWriter,
    decision_graphs,
    document_graph,
    ontology_quads,
    registry_graph,
)
from provkb.build.reading_index import write_reading_index
from provkb.iris import Iris
from provkb.namespaces import DEFAULT_BASE, PREFIXES
from provkb.paths import ProjectPaths
from provkb.problems import InputError, Problems
from provkb.terms import integer, serialize, text, typed


@dataclass
class CompiledKB:
    """The result of compiling ``kb/``: the documents as read and every quad, by graph."""

    iris: Iris
    documents: dict[str, AnnotatedDocument]
    graphs: dict[str, list[ox.Quad]] = field(default_factory=dict)
    sources: dict[str, list[Path]] = field(default_factory=dict)
    # Graphs the build computes from other graphs rather than reads from files: the names of the
    # graphs each is derived from.
    derived_from: dict[str, list[str]] = field(default_factory=dict)
    # What the inputs were when they were read (see provkb.layout.Manifest).
    inputs_sha256: str = ""
    inputs_stamp: str = ""

    @property
    def quads(self) -> list[ox.Quad]:
        """Every quad, sorted by graph, subject, predicate and object (N-Quads forms)."""
        return [q for name in self.sorted_graphs() for q in self.graphs[name]]

    def sorted_graphs(self) -> list[str]:
        """The graph names in the order of their IRIs, each graph's quads sorted in place.

        Sorting graph by graph gives the same order as sorting every quad by (graph, subject,
        predicate, object), without a key tuple per quad of the whole KB in memory at once.
        """
        for quads in self.graphs.values():
            quads.sort(key=lambda q: triple_key(q.triple))
        return sorted(self.graphs, key=lambda name: str(ox.NamedNode(self.iris.graph(name))))


def compile_kb(paths: ProjectPaths, base: str = DEFAULT_BASE) -> CompiledKB:
    """Read and check every input; return the graphs.

    Raises:
        InputError: with every problem found, in file and line order.
    """
    problems = Problems()
    iris = Iris(base)
    # Taken before reading: a file edited meanwhile makes the next command build again.
    stamp = layout.inputs_stamp(paths)
    ontology_files = [paths.ontology / "provkb.ttl", paths.ontology / "vocabularies.ttl"]
    for folder in (paths.documents, paths.registry, paths.ontology):
        if not folder.is_dir():
            problems.add(
                folder, 1, f"missing folder {folder.name}/: is {paths.root} a provkb project?"
            )
    if problems:
        raise InputError(problems.sorted())
    try:
        vocabulary = Vocabulary.load(ontology_files[1])
        ontology = ontology_quads(ontology_files, iris.graph("ontology"))
    except (OSError, SyntaxError) as error:
        problems.add(
            Path(error.filename or ontology_files[1]),
            getattr(error, "lineno", 1) or 1,
            f"cannot read the ontology: {getattr(error, 'msg', error)}",
        )
        raise InputError(problems.sorted()) from error
    registry = load_registry(paths.registry, vocabulary, problems)
    documents: dict[str, AnnotatedDocument] = {}
    texts = sorted(paths.documents.glob("*.txt"))
    for yaml_path in sorted(paths.documents.glob("*.yaml")):
        if not yaml_path.with_suffix(".txt").exists():
            problems.add(
                yaml_path, 1, f"no text {yaml_path.with_suffix('.txt').name} for these annotations"
            )
    for text_path in texts:
        doc = read_document(text_path, registry, vocabulary, problems)
        if doc is not None:
            documents[doc.slug] = doc
    _check_events_declared_once(documents, problems)
    decisions = load_decisions(paths.decisions, registry, documents, vocabulary, problems)
    if problems:
        raise InputError(problems.sorted())

    compiled = CompiledKB(
        iris, documents, inputs_sha256=layout.inputs_sha256(paths), inputs_stamp=stamp
    )
    compiled.graphs["ontology"] = _unique(ontology)
    compiled.sources["ontology"] = ontology_files
    compiled.graphs["entities"] = _unique(registry_graph(registry, iris).quads)
    compiled.sources["entities"] = registry.files
    for slug, doc in documents.items():
        compiled.graphs[f"doc/{slug}"] = _unique(document_graph(doc, iris).quads)
        compiled.sources[f"doc/{slug}"] = [doc.text_path, doc.yaml_path]
    identity, relations = decision_graphs(decisions, iris)
    compiled.graphs["decisions/identity"] = _unique(identity.quads)
    compiled.graphs["decisions/relations"] = _unique(relations.quads)
    compiled.sources["decisions/identity"] = compiled.sources["decisions/relations"] = (
        decisions.files
    )
    # Computed from every graph so far but the ontology, which says nothing about the KB's nodes.
    read = sorted(name for name in compiled.graphs if name != "ontology")
    compiled.graphs["analytics"] = analytics_quads(
        (compiled.graphs[name] for name in read), iris.graph("analytics")
    )
    compiled.derived_from["analytics"] = read
    compiled.graphs["metadata"] = _unique(_metadata_graph(compiled, paths).quads)
    return compiled


def _unique(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads without repeats (two judgements may state the same shortcut triple)."""
    return list(dict.fromkeys(quads))


def _check_events_declared_once(
    documents: dict[str, AnnotatedDocument], problems: Problems
) -> None:
    declared: dict[str, AnnotatedDocument] = {}
    for doc in documents.values():
        for event in doc.events:
            if not event.declared:
                continue
            if event.id in declared:
                problems.add(
                    doc.yaml_path,
                    event.line,
                    f"event/{event.id} is also declared in {declared[event.id].yaml_path.name}; "
                    "an event reported by several documents belongs in kb/registry/",
                )
            else:
                declared[event.id] = doc


def _digest(files: list[Path]) -> str:
    sha = hashlib.sha256()
    for path in files:
        sha.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def _metadata_graph(compiled: CompiledKB, paths: ProjectPaths) -> GraphWriter:
    """The provenance of every named graph: its sources, their hash, the build that made it."""
    iris = compiled.iris
    out = GraphWriter(iris.graph("metadata"))
    every_source = sorted({p for files in compiled.sources.values() for p in files})
    build = iris.build(_digest(every_source)[:16])
    out.add_type(build, "pkb:Build")
    out.add(build, "rdfs:label", text(f"provkb {__version__} build", "en"))
    out.add(build, "schema:softwareVersion", text(__version__))
    # Reproducible builds: a timestamp only when the caller pins one.
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        when = dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.add(build, "prov:endedAtTime", typed(when, PREFIXES["xsd"] + "dateTime"))
    for name, quads in compiled.graphs.items():
        graph = iris.graph(name)
        out.add_type(graph, "pkb:NamedGraph")
        out.add(graph, "rdfs:label", text(f"provkb graph {name}", "en"))
        out.add(graph, "prov:wasGeneratedBy", build)
        out.add(graph, "void:triples", integer(len(quads)))
        if name in compiled.derived_from:
            # Computed from other graphs, not read from files: its sources are those graphs.
            for source in compiled.derived_from[name]:
                out.add(graph, "prov:wasDerivedFrom", iris.graph(source))
            continue
        files = compiled.sources[name]
        for path in files:
            relative = path.resolve().relative_to(paths.root.resolve()).as_posix()
            out.add(graph, "pkb:sourceFile", text(relative))
        out.add(graph, "pkb:sourceSha256", typed(_digest(files), PREFIXES["xsd"] + "hexBinary"))
        if name.startswith("doc/"):
            out.add(graph, "prov:wasDerivedFrom", iris.document(name[4:]))
    graph = iris.graph("metadata")
    out.add_type(graph, "pkb:NamedGraph")
    out.add(graph, "rdfs:label", text("provkb graph metadata", "en"))
    out.add(graph, "prov:wasGeneratedBy", build)
    return out


def _void_quads(compiled: CompiledKB, total: int) -> list[ox.Triple]:
    iris = compiled.iris
    out = GraphWriter(iris.graph("metadata"))  # graph ignored: VoID is written as triples
    dataset = f"{iris.base}id/dataset"
    out.add_type(dataset, "void:Dataset")
    out.add(dataset, "dcterms:title", text("provkb", "en"))
    out.add(
        dataset,
        "dcterms:description",
        text(
            "Who said what, where, when and via whom: attributed assertions with verbatim quotes, "
            "spans and relay chains. Nothing in the documents' graphs is stated as fact.",
            "en",
        ),
    )
    out.add(dataset, "void:triples", integer(total))
    out.add(dataset, "void:uriSpace", text(f"{iris.base}id/"))
    out.add(dataset, "void:vocabulary", PREFIXES["pkb"].rstrip("#"))
    for dump in layout.DATASET_DUMPS:
        out.add(dataset, "void:dataDump", layout.dump_url(iris.base, dump))
    for name, quads in sorted(compiled.graphs.items()):
        subset = f"{iris.base}id/dataset/{name}"
        out.add(dataset, "void:subset", subset)
        out.add_type(subset, "void:Dataset")
        out.add(subset, "void:triples", integer(len(quads)))
        out.add(subset, "dcterms:source", iris.graph(name))
        if name.startswith("doc/"):
            dump = layout.document_dump(name[4:])
            out.add(subset, "void:dataDump", layout.dump_url(iris.base, dump))
    return sorted(
        (q.triple for q in out.quads),
        key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
    )


def write_build(compiled: CompiledKB, out: Path) -> dict[str, int]:
    """Write every dump, the validation inputs and the manifest into a temporary folder beside
    ``out``, then swap it into place (see :mod:`provkb.layout` for what goes where).

    Dumps are streamed to their files graph by graph, so memory holds the quads once.
    Returns counts for the summary line.
    """
    names = compiled.sorted_graphs()
    graphs = [compiled.graphs[name] for name in names]
    total = sum(len(quads) for quads in graphs)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    built = layout.BuildLayout(staging)
    try:
        built.published.mkdir()
        write((q for quads in graphs for q in quads), ox.RdfFormat.TRIG, built.trig)
        data_sha256 = layout.sha256_file(built.trig)
        # The inputs of per-graph validation, while every graph is in memory (see
        # validation_inputs): `provkb validate` then never has to parse the whole TriG.
        validation_inputs.prepare(
            {name: compiled.graphs[name] for name in names}, data_sha256, built.validation
        )
        # The people-facing pages' counts, lists, search and entity pages (see reader_index).
        reader_index.write_index((q for quads in graphs for q in quads), built.reader_index)
        write((q for quads in graphs for q in quads), ox.RdfFormat.N_QUADS, built.nquads)
        union = _Counted(merge_union(graphs))
        write(union, ox.RdfFormat.TURTLE, built.union_turtle)
        built.documents.mkdir()
        for slug in sorted(compiled.documents):
            triples = (q.triple for q in compiled.graphs[f"doc/{slug}"])
            write(triples, ox.RdfFormat.TURTLE, built.document_turtle(slug))
        # What the reader's document, quote, network and timeline pages show (internal state),
        # and the Web Annotation collections (published); see reading_index.
        reading_store = ox.Store()
        reading_store.bulk_extend(q for quads in graphs for q in quads)
        write_reading_index(reading_store, compiled.iris.base, built)
        del reading_store
        built.void.write_bytes(serialize(_void_quads(compiled, total), ox.RdfFormat.TURTLE))
        layout.write_sums(built.published)
        layout.Manifest(
            provkb_version=__version__,
            base_iri=compiled.iris.base,
            graphs={name: compiled.iris.graph(name) for name in names},
            data_sha256=data_sha256,
            inputs_sha256=compiled.inputs_sha256,
            inputs_stamp=compiled.inputs_stamp,
        ).write(built)
        _swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {
        "quads": total,
        "triples": union.count,
        "graphs": len(compiled.graphs),
        "documents": len(compiled.documents),
    }


class _Counted:
    """An iterator that counts what passes through it (the union's triples, as they stream)."""

    def __init__(self, items: Iterator[ox.Triple]):
        self.items, self.count = items, 0

    def __iter__(self) -> Iterator[ox.Triple]:
        for item in self.items:
            self.count += 1
            yield item


def _swap_into_place(staging: Path, out: Path) -> None:
    if out.exists():
        for name in layout.KEPT:
            if (out / name).is_dir():
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                (out / name).rename(staging / name)
        retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        out.rename(retired / out.name)
        staging.rename(out)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(out)


def count_kinds(compiled: CompiledKB) -> Counter:
    """How many nodes of each pkb class the build emitted (for the summary)."""
    counts: Counter = Counter()
    rdf_type = ox.NamedNode(PREFIXES["rdf"] + "type")
    for name, quads in compiled.graphs.items():
        if name == "ontology":
            continue
        for q in quads:
            kind = q.object
            if (
                q.predicate == rdf_type
                and isinstance(kind, ox.NamedNode)
                and kind.value.startswith(PREFIXES["pkb"])
            ):
                counts[kind.value[len(PREFIXES["pkb"]) :]] += 1
    return counts
