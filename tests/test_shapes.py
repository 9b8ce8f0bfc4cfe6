"""The SHACL shapes against hand-written fixtures: one conforming graph and one graph with exactly
one thing wrong per shape, so that a shape that stops firing (or starts firing on good data) fails.

Fixtures live in ``tests/data/shapes/{valid,invalid}/<ShapeName>-<NNN>.ttl``. Each invalid fixture
opens with four comment lines naming the one validation result it must produce::

    # wrong: <what is wrong>
    # focus: <full IRI of the sh:focusNode>
    # path: <full IRI of the sh:resultPath, or "none">
    # component: <local name of the sh:sourceConstraintComponent>

and may go on with two optional lines: ``# value: <IRI>``, the sh:value the result must have (the
SHACL-SPARQL checks on a document name the span or assertion at fault there), and
``# also: <IRI> ...``, the other focus nodes the same mistake is reported on because a constraint
of another node sees it (a span's negative offset also fails its document's quote check). Every
result must be on the header's focus node, on an ``also`` node, or be the nested detail of an
``sh:node`` result (see :func:`nested_details`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, SH

from provkb.validation.shacl import (
    ENGINES,
    Engine,
    Turbo,
    Unit,
    Violation,
    make_engine,
    read_results,
    validate_unit,
)

HERE = Path(__file__).parent
ROOT = HERE.parent
SHAPES_DIR = ROOT / "shapes"
ONTOLOGY_FILES = (ROOT / "ontology" / "provkb.ttl", ROOT / "ontology" / "vocabularies.ttl")
FIXTURES = HERE / "data" / "shapes"
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
PKBSH = "https://w3id.org/provkb/shapes#"
NODE_COMPONENT = "NodeConstraintComponent"

# Fixtures that fail for a reason outside the shapes, with the reason; strict, so that a fix shows.
KNOWN_FAILURES: dict[str, tuple[str, type[BaseException]]] = {}

# Lower bounds, so that a missing or emptied folder fails instead of collecting nothing.
MIN_VALID = 36
MIN_INVALID = 148

_NAME = re.compile(r"^(?P<shape>[A-Za-z]+)-(?P<number>\d{3})\.ttl$")
_HEADER = re.compile(r"^# (?P<key>wrong|focus|path|component): (?P<value>\S.*)$")
_HEADER_KEYS = ("wrong", "focus", "path", "component")
_OPTIONAL = re.compile(r"^# (?P<key>value|also): (?P<value>\S.*)$")


@dataclass(frozen=True)
class Expected:
    """The validation result an invalid fixture's header announces."""

    wrong: str
    focus: str
    path: str  # "" when the result has no sh:resultPath
    component: str
    value: str | None = None  # the sh:value the result must have, when the header gives one
    also: tuple[str, ...] = ()

    def matches(self, result: Violation) -> bool:
        """Whether ``result`` has this focus node, result path, constraint component (and value)."""
        return (result.focus, result.path, result.component) == (
            self.focus,
            self.path,
            self.component,
        ) and self.value in (None, result.value)


def read_header(fixture: Path) -> Expected:
    """Parse the four header lines an invalid fixture must open with, and the optional ones."""
    lines = fixture.read_text(encoding="utf-8").splitlines()
    values: dict[str, str] = {}
    for number, expected_key in enumerate(_HEADER_KEYS, start=1):
        line = lines[number - 1] if len(lines) >= number else ""
        match = _HEADER.match(line)
        assert match and match["key"] == expected_key, (
            f"{fixture.name}: line {number} should be '# {expected_key}: ...', got {line!r}"
        )
        values[expected_key] = match["value"].strip()
    optional: dict[str, str] = {}
    for line in lines[len(_HEADER_KEYS) :]:
        match = _OPTIONAL.match(line)
        if not match:
            break
        assert match["key"] not in optional, f"{fixture.name}: '# {match['key']}:' twice"
        optional[match["key"]] = match["value"].strip()
    iris = [values["focus"], *optional.get("also", "").split(), optional.get("value", "")]
    if values["path"] != "none":
        iris.append(values["path"])
    bad = [iri for iri in iris if iri and not iri.startswith(("https://", "http://"))]
    assert not bad, f"{fixture.name}: not full IRIs: {bad}"
    assert values["component"].endswith("ConstraintComponent"), (
        f"{fixture.name}: component must be a local name like MinCountConstraintComponent"
    )
    return Expected(
        wrong=values["wrong"],
        focus=values["focus"],
        path="" if values["path"] == "none" else values["path"],
        component=values["component"],
        value=optional.get("value"),
        also=tuple(optional.get("also", "").split()),
    )


def shape_name(fixture: Path) -> str:
    """The shape a fixture is for: ``PersonShape-002.ttl`` → ``PersonShape``."""
    match = _NAME.match(fixture.name)
    assert match, f"{fixture.name}: fixture names are <ShapeName>-<NNN>.ttl"
    return match["shape"]


@pytest.fixture(scope="session")
def shapes_graph() -> rdflib.Graph:
    """Every shapes/*.shacl.ttl file, concatenated and parsed once, as ``provkb validate`` does."""
    files = sorted(SHAPES_DIR.glob("*.shacl.ttl"))
    assert files, f"no shape files in {SHAPES_DIR}"
    data = b"\n".join(path.read_bytes() for path in files)
    return rdflib.Graph().parse(data=data, format="turtle")


@pytest.fixture(scope="session")
def engines() -> dict[str, Engine]:
    """Every SHACL engine ``provkb validate`` offers, with the shapes files and the ontology (and
    SKOS vocabularies) loaded once, as ``provkb validate`` loads them."""
    shapes = b"\n".join(path.read_bytes() for path in sorted(SHAPES_DIR.glob("*.shacl.ttl")))
    ontology = rdflib.Graph()
    for path in ONTOLOGY_FILES:
        ontology.parse(path, format="turtle")
    ntriples = ontology.serialize(format="nt", encoding="utf-8")
    return {name: make_engine(name, shapes, ntriples) for name in ENGINES}


@pytest.fixture(params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest, engines: dict[str, Engine]) -> Engine:
    """Each engine in turn: every fixture must get its announced verdict from each of them."""
    return engines[request.param]


def validate_fixture(fixture: Path, engine: Engine) -> list[Violation]:
    """Validate one fixture as a unit of its own, with every node a focus node."""
    data = rdflib.Graph().parse(fixture, format="turtle")
    assert len(data) > 0, f"{fixture.name} is empty"
    ntriples = data.serialize(format="nt", encoding="utf-8")
    return validate_unit(Unit(graph="fixture", data=ntriples, focus=None), engine)


def nested_details(results: list[Violation], focus: str) -> set[str]:
    """The value nodes of the ``sh:node`` results on ``focus``.

    A result on such a node would only explain the ``sh:node`` failure (pySHACL nests those
    under ``sh:detail``; ``validate_unit`` drops them, and
    ``test_an_sh_node_failure_is_one_violation`` checks it), so it is not a second mistake.
    """
    return {r.value for r in results if r.focus == focus and r.component == NODE_COMPONENT}


def describe(results: list[Violation]) -> str:
    """The results, one per line, for assertion messages."""
    return "\n".join(
        f"  focus={r.focus} path={r.path or 'none'} component={r.component} value={r.value}: "
        f"{r.message}"
        for r in sorted(results)
    )


def targeted_node_shapes(shapes: rdflib.Graph) -> set[str]:
    """The local names of the node shapes with a target (sh:targetClass, sh:targetSubjectsOf...)."""
    names = set()
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        has_target = any(
            shapes.value(shape, predicate) is not None
            for predicate in (
                SH.targetClass,
                SH.targetSubjectsOf,
                SH.targetObjectsOf,
                SH.targetNode,
            )
        )
        if has_target and isinstance(shape, rdflib.URIRef) and str(shape).startswith(PKBSH):
            names.add(str(shape).removeprefix(PKBSH))
    return names


def all_node_shapes(shapes: rdflib.Graph) -> set[str]:
    """The local names of every named pkbsh: node shape, targeted or not."""
    return {
        str(shape).removeprefix(PKBSH)
        for shape in shapes.subjects(RDF.type, SH.NodeShape)
        if isinstance(shape, rdflib.URIRef) and str(shape).startswith(PKBSH)
    }


def test_fixture_folders_are_populated() -> None:
    """The globs find the fixtures: an emptied or moved folder must not pass silently."""
    assert len(VALID) >= MIN_VALID, f"expected ≥{MIN_VALID} valid fixtures, found {len(VALID)}"
    assert len(INVALID) >= MIN_INVALID, (
        f"expected ≥{MIN_INVALID} invalid fixtures, found {len(INVALID)}"
    )


def test_every_targeted_shape_has_fixtures(shapes_graph: rdflib.Graph) -> None:
    """Each node shape with a target has a valid and an invalid fixture; each shape without a target
    (vocabulary concepts, dates) has an invalid one; and each fixture names an existing shape."""
    targeted = targeted_node_shapes(shapes_graph)
    every = all_node_shapes(shapes_graph)
    assert targeted, "no targeted node shapes found in shapes/"
    valid_for = {shape_name(path) for path in VALID}
    invalid_for = {shape_name(path) for path in INVALID}
    missing_valid = sorted(targeted - valid_for)
    missing_invalid = sorted(every - invalid_for)
    unknown = sorted((valid_for | invalid_for) - every)
    assert not missing_valid, f"targeted shapes without a valid fixture: {missing_valid}"
    assert not missing_invalid, f"shapes without an invalid fixture: {missing_invalid}"
    assert not unknown, f"fixtures named after shapes that do not exist: {unknown}"


@pytest.mark.parametrize("fixture", VALID, ids=lambda path: path.name)
def test_valid_fixture_conforms(fixture: Path, engine: Engine) -> None:
    """A valid fixture produces no validation result at all."""
    results = validate_fixture(fixture, engine)
    assert not results, f"{fixture.name} should conform, but:\n{describe(results)}"


def _invalid_params() -> list[object]:
    """The invalid fixtures, the known failures marked strict xfail."""
    return [
        pytest.param(
            path,
            id=path.name,
            marks=pytest.mark.xfail(
                reason=KNOWN_FAILURES[path.name][0],
                raises=KNOWN_FAILURES[path.name][1],
                strict=True,
            )
            if path.name in KNOWN_FAILURES
            else (),
        )
        for path in INVALID
    ]


@pytest.mark.parametrize("fixture", _invalid_params())
def test_invalid_fixture_fails_as_announced(fixture: Path, engine: Engine) -> None:
    """An invalid fixture produces the result its header announces, and results on no other node."""
    expected = read_header(fixture)
    results = validate_fixture(fixture, engine)
    assert results, f"{fixture.name} ({expected.wrong}) conforms, but should not"
    assert any(expected.matches(r) for r in results), (
        f"{fixture.name} ({expected.wrong}): no result with focus={expected.focus} "
        f"path={expected.path or 'none'} component={expected.component}"
        f"{f' value={expected.value}' if expected.value else ''}; got:\n{describe(results)}"
    )
    allowed = {expected.focus, *expected.also, *nested_details(results, expected.focus)}
    elsewhere = [r for r in results if r.focus not in allowed]
    assert not elsewhere, (
        f"{fixture.name} should be wrong in one place only, but results also on other nodes:\n"
        f"{describe(elsewhere)}"
    )
    for node in expected.also:
        assert any(r.focus == node for r in results), (
            f"{fixture.name}: '# also:' names {node}, but no result is on it"
        )


def test_an_sh_node_failure_is_one_violation(engine: Engine) -> None:
    """A value of the wrong scheme is one mistake, reported once, on the node that uses it."""
    fixture = FIXTURES / "invalid" / "PlaceKindConcept-001.ttl"
    results = validate_fixture(fixture, engine)
    assert [r.focus for r in results] == [read_header(fixture).focus], describe(results)


def verdicts(results: list[Violation]) -> list[tuple[str, ...]]:
    """What a result decides: the node, path, severity, component and shape, and the value when it
    is an IRI (literal values are written differently: rdflib normalises ``…Z`` to ``…+00:00``).
    Messages are each engine's own."""
    return sorted(
        (r.focus, r.path, r.severity, r.component, r.shape, r.value if "://" in r.value else "")
        for r in results
    )


def test_turbo_screens_every_fixture_as_pyshacl_does(engines: dict[str, Engine]) -> None:
    """pyshacl-turbo stands in for pySHACL only while it decides exactly what pySHACL decides:
    its own report (before pySHACL re-validates what it finds fault with) has the same results,
    fixture by fixture, valid and invalid."""
    reference, turbo = engines["pyshacl"], engines["turbo"]
    assert isinstance(turbo, Turbo)
    differences = []
    for fixture in [*VALID, *INVALID]:
        data = (
            rdflib.Graph().parse(fixture, format="turtle").serialize(format="nt", encoding="utf-8")
        )
        expected = verdicts(read_results(reference.report(data), "fixture"))
        got = verdicts(read_results(turbo.report(data), "fixture"))
        if got != expected:
            differences.append(f"{fixture.name}: turbo {got}\n  pyshacl {expected}")
    assert not differences, "\n".join(differences)
