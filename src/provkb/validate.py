"""``provkb validate``: SHACL validation of the built KB with pySHACL, graph by graph.

Whole-graph pySHACL grows slow and memory-hungry with the KB, so the KB is validated in units: each
named graph with the small context its shapes need (the registry entries and the types of what it
refers to), the decision graphs with the types of the mentions and assertions they judge (the
cross-graph checks). Units run in parallel across cores and are cached by the hash of their
content, the shapes and the ontology, so an unchanged graph is not validated twice. ``whole=True``
validates the union in one pySHACL run instead; tests check that both find the same violations.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from provkb.dumps import TRIG
from provkb.namespaces import PREFIXES

ONTOLOGY_GRAPH = "ontology"
_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_SH = PREFIXES["sh"]


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL validation result, with the named graph it was found in."""

    graph: str
    focus: str
    path: str
    severity: str
    component: str
    message: str
    value: str = ""
    shape: str = ""


@dataclass
class ValidationReport:
    """The results of validating every unit."""

    results: list[Violation] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)
    cached: int = 0

    @property
    def conforms(self) -> bool:
        """True when no result has the severity sh:Violation."""
        return not any(r.severity == "Violation" for r in self.results)

    def by_graph(self) -> dict[str, list[Violation]]:
        grouped: dict[str, list[Violation]] = defaultdict(list)
        for result in self.results:
            grouped[result.graph].append(result)
        return grouped


@dataclass(frozen=True)
class Unit:
    """One pySHACL run: the graph it reports on, its data (the graph and its context) as sorted
    N-Triples, and the nodes it validates (the subjects of the graph; None for every node).

    Only the graph's own nodes are focus nodes: the context is there so that ``sh:class`` and
    labels can be checked, and is validated in the unit of the graph that defines it.
    """

    graph: str
    data: bytes
    focus: tuple[str, ...] | None = None

    def key(self, rules: bytes) -> str:
        sha = hashlib.sha256(rules + b"\0" + self.data)
        for node in self.focus or ():
            sha.update(node.encode() + b"\0")
        return sha.hexdigest()


def load_graphs(trig: Path, base: str) -> dict[str, list[ox.Triple]]:
    """The triples of each named graph of a TriG dump, by short name (``doc/x``, ``entities``)."""
    prefix = f"{base}graph/"
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    with trig.open("rb") as stream:
        for quad in ox.parse(stream, format=ox.RdfFormat.TRIG):
            name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            graphs[name.removeprefix(prefix)].append(quad.triple)
    return dict(graphs)


def _ntriples(triples: Iterable[ox.Triple]) -> bytes:
    unique = sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(unique, format=ox.RdfFormat.N_TRIPLES) or b""


def _referenced(triples: list[ox.Triple]) -> set[ox.NamedNode]:
    nodes: set[ox.NamedNode] = set()
    for t in triples:
        nodes.add(t.subject)
        if isinstance(t.object, ox.NamedNode):
            nodes.add(t.object)
    return nodes


def make_units(graphs: dict[str, list[ox.Triple]], *, whole: bool = False) -> list[Unit]:
    """Split the KB into validation units (or one unit with everything, when ``whole``)."""
    if whole:
        union = [t for name, ts in graphs.items() if name != ONTOLOGY_GRAPH for t in ts]
        return [Unit("*", _ntriples(union))]
    entities = graphs.get("entities", [])
    entity_triples: dict[ox.NamedNode, list[ox.Triple]] = defaultdict(list)
    for t in entities:
        entity_triples[t.subject].append(t)
    types: dict[ox.NamedNode, list[ox.Triple]] = defaultdict(list)
    for name, triples in graphs.items():
        if name != ONTOLOGY_GRAPH:
            for t in triples:
                if t.predicate == _RDF_TYPE:
                    types[t.subject].append(t)
    units = []
    for name, triples in sorted(graphs.items()):
        if name == ONTOLOGY_GRAPH:
            continue
        context: list[ox.Triple] = []
        if name.startswith("doc/"):
            # The registry entries a document refers to, and the types of what those refer to.
            described = [t for node in _referenced(triples) for t in entity_triples.get(node, [])]
            context = described + [t for n in _referenced(described) for t in types.get(n, [])]
        elif name != "entities":
            context = [t for node in _referenced(triples) for t in types.get(node, [])]
        if name.startswith("doc/"):
            # A document graph also describes registry events (their date, place, participants).
            focus = tuple(sorted({t.subject.value for t in triples}))
        else:
            # A decision graph's shortcut triples (a1 pkb:contradicts a2) have subjects that
            # other graphs define; only the nodes typed here are this graph's to validate.
            focus = tuple(sorted({t.subject.value for t in triples if t.predicate == _RDF_TYPE}))
        units.append(Unit(name, _ntriples([*triples, *context]), focus))
    return units


# Each worker process parses the shapes and the ontology once, then validates many units.
_worker_rules: tuple[object, object] | None = None


def _init_worker(shapes: bytes, ontology: bytes) -> None:
    global _worker_rules
    import rdflib

    _worker_rules = (
        rdflib.Graph().parse(data=shapes, format="turtle"),
        rdflib.Graph().parse(data=ontology, format="nt"),
    )


def _validate_unit(unit: Unit) -> list[Violation]:
    assert _worker_rules is not None, "worker not initialised"
    return validate_unit(unit, *_worker_rules)


def validate_unit(unit: Unit, shapes: object, ontology: object) -> list[Violation]:
    """Run pySHACL on one unit, with parsed rdflib graphs of the shapes and the ontology."""
    import pyshacl
    import rdflib

    data = rdflib.Graph().parse(data=unit.data, format="nt")
    # The ontology's axioms and the SKOS schemes sit next to the data: sh:class needs the
    # subclass axioms, the vocabulary shapes need skos:inScheme, and no inference is run.
    data += ontology
    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        allow_warnings=True,
        abort_on_first=False,
        meta_shacl=False,
    )
    found = _read_results(results, unit.graph)
    if unit.focus is None:
        return found
    # The context (registry entries, types of judged nodes) is validated in its own unit; results
    # about it are dropped here. Filtering the results, not pySHACL's focus_nodes option, because
    # that option also filters the value nodes of sh:node and sh:or, which would silently switch
    # off the vocabulary and date checks.
    own = set(unit.focus)
    return [r for r in found if r.focus in own]


def _read_results(results: object, graph: str) -> list[Violation]:
    import rdflib

    sh = rdflib.Namespace(_SH)
    out = []
    # pySHACL nests the results that explain an sh:node failure under sh:detail; they are the
    # same mistake, already reported on the node that uses the value.
    nested = set(results.objects(None, sh.detail))
    for node in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        if node in nested:
            continue

        def one(predicate: rdflib.URIRef, node: rdflib.term.Node = node) -> str:
            value = results.value(node, predicate)
            if value is None:
                return ""
            if isinstance(value, rdflib.BNode):
                # Our shapes use plain IRI paths; a blank node is an anonymous shape or path.
                return "(anonymous)"
            return str(value)

        severity = one(sh.resultSeverity).removeprefix(_SH)
        component = one(sh.sourceConstraintComponent).removeprefix(_SH)
        out.append(
            Violation(
                graph,
                one(sh.focusNode),
                one(sh.resultPath),
                severity,
                component,
                one(sh.resultMessage),
                one(sh.value),
                one(sh.sourceShape),
            )
        )
    return out


def _rules(shapes_dir: Path, graphs: dict[str, list[ox.Triple]]) -> tuple[bytes, bytes]:
    shape_files = sorted(shapes_dir.glob("*.shacl.ttl"))
    if not shape_files:
        raise FileNotFoundError(f"no *.shacl.ttl shape files in {shapes_dir}")
    shapes = b"\n".join(p.read_bytes() for p in shape_files)
    ontology = _ntriples(graphs.get(ONTOLOGY_GRAPH, []))
    return shapes, ontology


def validate_build(
    build: Path,
    shapes_dir: Path,
    base: str,
    *,
    whole: bool = False,
    jobs: int | None = None,
    cache: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ValidationReport:
    """Validate ``build/provkb.trig`` against ``shapes_dir`` and the ontology graph it contains.

    Args:
        build: the build folder.
        shapes_dir: folder of ``*.shacl.ttl`` files.
        base: the base IRI the KB was built with.
        whole: one pySHACL run over the union instead of per-graph units.
        jobs: worker processes (default: the number of cores).
        cache: folder for cached unit results; None disables the cache.
        progress: called with (done, total) as units finish.
    """
    graphs = load_graphs(build / TRIG, base)
    shapes, ontology = _rules(shapes_dir, graphs)
    rules = hashlib.sha256(shapes + b"\0" + ontology).digest()
    units = make_units(graphs, whole=whole)
    report = ValidationReport(graphs=[u.graph for u in units])
    pending: list[Unit] = []
    for unit in units:
        hit = cache / f"{unit.key(rules)}.json" if cache else None
        if hit and hit.exists():
            report.results.extend(Violation(**r) for r in json.loads(hit.read_text("utf-8")))
            report.cached += 1
        else:
            pending.append(unit)
    done = report.cached
    if progress:
        progress(done, len(units))
    if pending:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
        with ProcessPoolExecutor(
            workers, initializer=_init_worker, initargs=(shapes, ontology)
        ) as pool:
            for unit, results in zip(pending, pool.map(_validate_unit, pending), strict=True):
                report.results.extend(results)
                if cache:
                    cache.mkdir(parents=True, exist_ok=True)
                    target = cache / f"{unit.key(rules)}.json"
                    tmp = target.with_suffix(".tmp")
                    tmp.write_text(json.dumps([asdict(r) for r in results]), "utf-8")
                    tmp.replace(target)
                done += 1
                if progress:
                    progress(done, len(units))
    if whole:
        report.results = _attribute_graphs(report.results, graphs)
    report.results.sort()
    return report


def _attribute_graphs(
    results: list[Violation], graphs: dict[str, list[ox.Triple]]
) -> list[Violation]:
    """In a whole-KB run, name the graph that describes each result's focus node."""
    owner: dict[str, str] = {}
    for name, triples in sorted(graphs.items()):
        for t in triples:
            if t.predicate == _RDF_TYPE:
                owner.setdefault(t.subject.value, name)
    return [replace(r, graph=owner.get(r.focus, r.graph)) for r in results]


def print_progress(done: int, total: int) -> None:
    """A one-line progress bar on standard error, when it is a terminal."""
    if not sys.stderr.isatty():
        return
    width = 30
    filled = width * done // max(total, 1)
    print(
        f"\rvalidating [{'#' * filled}{'.' * (width - filled)}] {done}/{total} graphs",
        end="\n" if done == total else "",
        file=sys.stderr,
        flush=True,
    )
