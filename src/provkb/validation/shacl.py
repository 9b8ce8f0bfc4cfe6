"""``provkb validate``: SHACL validation of the built KB, graph by graph.

Whole-graph validation grows slow and memory-hungry with the KB, so the KB is validated in units:
each named graph with the small context its shapes need (the registry entries and the types of
what it refers to), the decision graphs with the types of the mentions and assertions they judge
(the cross-graph checks). The build prepares those inputs
(:mod:`provkb.build.validation_inputs`); this module reads them (:mod:`provkb.validation.units`).
Units run in parallel across cores and are cached by the hashes of their input files, the shapes,
the ontology and the engine, so an unchanged graph is not validated twice and an unchanged KB is
not even read. ``whole=True`` validates the union in one run instead; tests check that both find the
same violations, and that the fast engine (pyshacl-turbo) finds what pySHACL finds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from provkb import layout
from provkb.build import validation_inputs as inputs
from provkb.namespaces import PREFIXES
from provkb.terms import RDF_TYPE, node_value
from provkb.validation import units

if TYPE_CHECKING:
    # Imported when an engine runs: a cached validation needs none of rdflib.
    import rdflib

ONTOLOGY_GRAPH = "ontology"
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
    """One SHACL run: the graph it reports on, its data (the graph and its context) as N-Triples,
    and the nodes whose results it keeps (None: every node)."""

    graph: str
    data: bytes
    focus: frozenset[str] | None = None


class Engine:
    """A SHACL engine with the shapes and the ontology loaded once, run on many units."""

    name = ""

    def __init__(self, shapes: bytes, ontology: bytes) -> None:
        """Load the shapes (Turtle) and the ontology (N-Triples)."""
        raise NotImplementedError

    def report(self, data: bytes, focus: frozenset[str] | None = None) -> rdflib.Graph:
        """The validation report (an rdflib graph) of N-Triples ``data``; an engine may leave out
        results about nodes not in ``focus`` (None: every node), and may keep them."""
        raise NotImplementedError


class PySHACL(Engine):
    """pySHACL, the reference engine: every verdict of another engine is checked against it."""

    name = "pyshacl"

    def __init__(self, shapes: bytes, ontology: bytes) -> None:
        import rdflib

        self.shapes = rdflib.Graph().parse(data=shapes, format="turtle")
        self.ontology = rdflib.Graph().parse(data=ontology, format="nt")

    def report(self, data: bytes, focus: frozenset[str] | None = None) -> rdflib.Graph:
        """pySHACL's report of every node: its ``focus_nodes`` option also filters the value
        nodes of sh:node and sh:or, which would silently switch off the vocabulary and date
        checks, so ``focus`` is left to the caller."""
        import pyshacl
        import rdflib

        graph = rdflib.Graph().parse(data=data, format="nt")
        # The ontology's axioms and the SKOS schemes sit next to the data: sh:class needs the
        # subclass axioms, the vocabulary shapes need skos:inScheme, and no inference is run.
        graph += self.ontology
        _, results, _ = pyshacl.validate(
            graph,
            shacl_graph=self.shapes,
            inference="none",
            allow_warnings=True,
            abort_on_first=False,
            meta_shacl=False,
        )
        return results


class Turbo(Engine):
    """pyshacl-turbo, a Rust SHACL engine with pySHACL's API, as a screen: a unit it finds
    nothing wrong with is done; a unit whose own nodes it faults is validated again by pySHACL,
    whose report is the one given (its messages say more: "Value is not Literal with datatype
    xsd:hexBinary" where pyshacl-turbo says "DatatypeConstraintComponent violated"). Verdicts
    are the same (checked by the tests on every shape fixture, the seed KB and a corpus with
    planted errors), and a KB that conforms is checked several times faster. Data goes in
    through a pyoxigraph store, so no rdflib graph is built for it."""

    name = "turbo"

    def __init__(self, shapes: bytes, ontology: bytes) -> None:
        import pyshacl_turbo

        self.program = pyshacl_turbo.compile_shapes(shapes, shacl_graph_format="turtle")
        self.shapes, self.ontology = shapes, ontology
        self._reference: PySHACL | None = None

    def report(self, data: bytes, focus: frozenset[str] | None = None) -> rdflib.Graph:
        """pyshacl-turbo's own report of N-Triples ``data`` (see :func:`validate_unit` for the
        second opinion), on the ``focus`` nodes only: the context's typed nodes lack their
        properties, and reporting thousands of results about them took most of the time.
        Unlike pySHACL's, its ``focus_nodes`` keeps the nested sh:node and sh:or checks (the
        tests plant errors in both)."""
        import rdflib

        store = ox.Store()
        store.load(self.ontology + data, format=ox.RdfFormat.N_TRIPLES)
        nodes = None if focus is None else [rdflib.URIRef(node) for node in sorted(focus)]
        _, results, _ = self.program.validate(store, allow_warnings=True, focus_nodes=nodes)
        return results

    @property
    def reference(self) -> PySHACL:
        """pySHACL with the same shapes and ontology, loaded when first needed."""
        if self._reference is None:
            self._reference = PySHACL(self.shapes, self.ontology)
        return self._reference


# Up to this many units to validate are run in this process rather than in a pool.
INLINE_UNITS = 3

ENGINES: dict[str, type[Engine]] = {"turbo": Turbo, "pyshacl": PySHACL}
DEFAULT_ENGINE = "turbo"


def make_engine(name: str, shapes: bytes, ontology: bytes) -> Engine:
    """The engine called ``name`` (a key of :data:`ENGINES`) with the shapes (Turtle) and the
    ontology (N-Triples) loaded."""
    return ENGINES[name](shapes, ontology)


def validate_unit(unit: Unit, engine: Engine) -> list[Violation]:
    """Run ``engine`` on one unit and read its results about the unit's own nodes."""
    found = _own(read_results(engine.report(unit.data, unit.focus), unit.graph), unit.focus)
    if found and isinstance(engine, Turbo):
        # pyshacl-turbo found fault with the unit's own nodes: pySHACL says what, in its words.
        found = _own(read_results(engine.reference.report(unit.data), unit.graph), unit.focus)
    return found


def _own(results: list[Violation], focus: frozenset[str] | None) -> list[Violation]:
    """The results about the unit's own nodes.

    The context (registry entries, types of judged nodes) is validated in its own unit; results
    about it are dropped here. Filtering the results, not the engine's focus_nodes option,
    because that option also filters the value nodes of sh:node and sh:or, which would silently
    switch off the vocabulary and date checks.
    """
    if focus is None:
        return results
    return [r for r in results if r.focus in focus]


# Each worker process loads the engine (shapes and ontology) and the registry once, then
# validates many units.
_worker: tuple[Engine, Path, units.RegistryIndex] | None = None


def _init_worker(engine: str, shapes: bytes, ontology: bytes, folder: Path) -> None:
    global _worker
    _worker = (make_engine(engine, shapes, ontology), folder, units.RegistryIndex(folder))


def _validate_spec(spec: units.UnitSpec) -> list[Violation]:
    if _worker is None:
        raise RuntimeError("the validation worker was not initialised")
    engine, folder, registry = _worker
    triples, focus = units.unit_data(spec, folder, registry)
    return validate_unit(Unit(spec.graph, _ntriples(triples), focus), engine)


def read_results(results: rdflib.Graph, graph: str) -> list[Violation]:
    """The results of an engine's report graph, attributed to ``graph``."""
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


def _ntriples(triples: Iterable[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _shapes(shapes_dir: Path) -> bytes:
    shape_files = sorted(shapes_dir.glob("*.shacl.ttl"))
    if not shape_files:
        raise FileNotFoundError(f"no *.shacl.ttl shape files in {shapes_dir}")
    return b"\n".join(p.read_bytes() for p in shape_files)


def validate_build(
    build: Path,
    shapes_dir: Path,
    base: str,
    *,
    engine: str = DEFAULT_ENGINE,
    whole: bool = False,
    jobs: int | None = None,
    cache: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ValidationReport:
    """Validate the TriG of the build folder ``build`` against ``shapes_dir`` and the ontology
    graph it contains.

    Args:
        build: the build folder.
        shapes_dir: folder of ``*.shacl.ttl`` files.
        base: the base IRI the KB was built with.
        engine: a key of :data:`ENGINES`.
        whole: one engine run over the union instead of per-graph units.
        jobs: worker processes (default: the number of cores).
        cache: folder for cached unit results; None disables the cache.
        progress: called with (done, total) as units finish.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r} (known: {', '.join(ENGINES)})")
    shapes = _shapes(shapes_dir)
    folder = inputs.ensure_prepared(layout.BuildLayout(build), base)
    ontology_file = folder / layout.validation_graph_file(inputs.ONTOLOGY)
    ontology = ontology_file.read_bytes() if ontology_file.exists() else b""
    if whole:
        return _validate_whole(folder, make_engine(engine, shapes, ontology))
    sums = units.read_sums(folder)
    rules = hashlib.sha256(f"{engine}\0".encode() + shapes + b"\0" + ontology).hexdigest()
    specs = units.plan(sums)
    report = ValidationReport(graphs=[spec.graph for spec in specs])
    pending: list[units.UnitSpec] = []
    for spec in specs:
        hit = cache / f"{spec.key(rules, sums)}.json" if cache else None
        if hit and hit.exists():
            report.results.extend(Violation(**r) for r in json.loads(hit.read_text("utf-8")))
            report.cached += 1
        else:
            pending.append(spec)
    done = report.cached
    if progress:
        progress(done, len(specs))
    if pending:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
        with contextlib.ExitStack() as stack:
            if len(pending) <= INLINE_UNITS:
                # Starting worker processes (imports, shapes, registry) costs more than it saves
                # for the few units an incremental run usually has left.
                _init_worker(engine, shapes, ontology, folder)
                results_of: Iterable[list[Violation]] = map(_validate_spec, pending)
            else:
                pool = stack.enter_context(
                    ProcessPoolExecutor(
                        workers,
                        initializer=_init_worker,
                        initargs=(engine, shapes, ontology, folder),
                    )
                )
                # Small chunks: units differ a hundredfold in size, and the bar should move.
                results_of = pool.map(_validate_spec, pending, chunksize=4)
            for spec, results in zip(pending, results_of, strict=True):
                report.results.extend(results)
                if cache:
                    cache.mkdir(parents=True, exist_ok=True)
                    target = cache / f"{spec.key(rules, sums)}.json"
                    tmp = target.with_suffix(".tmp")
                    tmp.write_text(json.dumps([asdict(r) for r in results]), "utf-8")
                    tmp.replace(target)
                done += 1
                if progress:
                    progress(done, len(specs))
    report.results.sort()
    return report


def _validate_whole(folder: Path, engine: Engine) -> ValidationReport:
    """One engine run over the union of every graph but the ontology; each result is then
    attributed to the graph that types its focus node."""
    graphs = {
        spec.graph: units.read_triples(folder / layout.validation_graph_file(spec.graph))
        for spec in units.plan(units.read_sums(folder))
    }
    union = inputs.sorted_triples(t for triples in graphs.values() for t in triples)
    report = ValidationReport(graphs=["*"])
    results = validate_unit(Unit("*", _ntriples(union)), engine)
    report.results = sorted(_attribute_graphs(results, graphs))
    return report


def _attribute_graphs(
    results: list[Violation], graphs: dict[str, list[ox.Triple]]
) -> list[Violation]:
    """In a whole-KB run, name the graph that describes each result's focus node."""
    owner: dict[str, str] = {}
    for name, triples in sorted(graphs.items()):
        for t in triples:
            if t.predicate == RDF_TYPE:
                owner.setdefault(node_value(t.subject), name)
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
