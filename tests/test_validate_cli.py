"""provkb validate: verdicts, exit codes, report formats, per-graph attribution and caching."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import rdflib

from provkb.build.pipeline import compile_kb, write_build
from provkb.cli import main
from provkb.layout import BuildLayout
from provkb.paths import ProjectPaths
from provkb.validation.shacl import validate_build

BASE = "https://w3id.org/provkb/"
DOC = f"{BASE}id/doc/example-letter"
GOOD = 'oa:exact "I ask you to reopen the Old Bridge."'
BAD = 'oa:exact "I ask you to close the Old Bridge."'


@pytest.fixture
def broken(example_project: ProjectPaths) -> ProjectPaths:
    """The example, built, with one quote in the dump changed so it no longer matches the text."""
    build = example_project.root / "build"
    write_build(compile_kb(example_project), build)
    trig = BuildLayout(build).trig
    text = trig.read_text("utf-8")
    assert text.count(GOOD) == 1
    trig.write_text(text.replace(GOOD, BAD), "utf-8")
    return example_project


def _run(project: ProjectPaths, *extra: str) -> int:
    return main(["validate", "--root", str(project.root), "--no-cache", *extra])


def test_clean_build_conforms(example_project: ProjectPaths, capsys) -> None:
    assert _run(example_project) == 0
    assert "provkb validate: conforms" in capsys.readouterr().out


def test_text_report_names_the_graph_and_the_quote(broken: ProjectPaths, capsys) -> None:
    assert _run(broken) == 1
    out = capsys.readouterr().out
    assert "graph doc/example-letter: 1 result(s)" in out
    assert "I ask you to close the Old Bridge." in out and "reopen" in out
    assert "does not conform: 1 violation(s)" in out


def test_json_report(broken: ProjectPaths, capsys) -> None:
    assert _run(broken, "--format", "json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["conforms"] is False
    [result] = report["results"]
    assert result["graph"] == "doc/example-letter"
    assert result["focus"] == DOC
    assert result["value"] == f"{DOC}/span/67-102"
    assert result["component"] == "SPARQLConstraintComponent"


def test_turtle_report_is_a_shacl_report(broken: ProjectPaths, capsys) -> None:
    assert _run(broken, "--format", "turtle") == 1
    graph = rdflib.Graph().parse(data=capsys.readouterr().out, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    [report] = graph.subjects(rdflib.RDF.type, sh.ValidationReport)
    assert graph.value(report, sh.conforms).toPython() is False
    [result] = graph.objects(report, sh.result)
    assert graph.value(result, sh.focusNode) == rdflib.URIRef(DOC)
    assert (
        str(graph.value(result, rdflib.URIRef(BASE + "ontology#inGraph"))) == "doc/example-letter"
    )


def test_junit_report_fails_only_the_broken_graph(
    broken: ProjectPaths, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "shacl.xml"
    assert _run(broken, "--format", "junit", "--output", str(out)) == 1
    suite = ET.parse(out).getroot()
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert {"doc/example-letter", "entities", "metadata"} <= set(cases)
    assert cases["doc/example-letter"].find("failure") is not None
    assert cases["entities"].find("failure") is None
    assert suite.get("failures") == "1"
    assert "does not conform" in capsys.readouterr().out


def test_whole_graph_run_finds_the_same_violation(broken: ProjectPaths) -> None:
    shapes = broken.root / "shapes"
    per_graph = validate_build(broken.root / "build", shapes, BASE)
    whole = validate_build(broken.root / "build", shapes, BASE, whole=True)
    assert [(r.graph, r.focus, r.value, r.component) for r in per_graph.results] == [
        (r.graph, r.focus, r.value, r.component) for r in whole.results
    ]


def test_unchanged_graphs_are_not_validated_again(example_project: ProjectPaths) -> None:
    build = example_project.root / "build"
    write_build(compile_kb(example_project), build)
    cache = BuildLayout(build).validation_cache
    first = validate_build(build, example_project.shapes, BASE, cache=cache)
    second = validate_build(build, example_project.shapes, BASE, cache=cache)
    assert first.cached == 0
    assert second.cached == len(second.graphs) == len(first.graphs)
    assert second.results == first.results


def test_missing_shapes_is_a_clear_error(example_project: ProjectPaths, capsys) -> None:
    shutil.rmtree(example_project.shapes)
    example_project.shapes.mkdir()
    assert _run(example_project) == 2
    assert "no *.shacl.ttl shape files" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("good", "bad", "path"),
    [
        # A concept of the wrong scheme fails an sh:node check nested in a property shape.
        (
            "pkb:assertionKind <https://w3id.org/provkb/vocab/assertion-kind/appeal>",
            "pkb:assertionKind <https://w3id.org/provkb/vocab/genre/open-letter>",
            "https://w3id.org/provkb/ontology#assertionKind",
        ),
        # A literal of the wrong datatype fails the sh:or of DateAtPrecision.
        (
            'dcterms:date "2024"^^xsd:gYear',
            'dcterms:date "2024"',
            "http://purl.org/dc/terms/date",
        ),
    ],
)
def test_nested_checks_hold_in_per_graph_units(
    example_project: ProjectPaths, good: str, bad: str, path: str
) -> None:
    build = example_project.root / "build"
    write_build(compile_kb(example_project), build)
    trig = BuildLayout(build).trig
    text = trig.read_text("utf-8")
    assert text.count(good) == 1, good
    trig.write_text(text.replace(good, bad), "utf-8")
    for whole in (False, True):
        report = validate_build(build, example_project.shapes, BASE, whole=whole)
        assert [(r.graph, r.path, r.component) for r in report.results] == [
            ("doc/example-letter", path, "NodeConstraintComponent")
        ], report.results


def test_the_quote_check_finds_a_span_that_moved_in_the_fixture_kb(tmp_path: Path) -> None:
    """The check that was the catalogue's ``integrity-quote-span`` (must return nothing) is
    validation's: on the fixture KB it finds no quote off its span, and finds the one planted."""
    fixture = Path(__file__).parent / "data" / "fixture-kb.trig"
    shapes = Path(__file__).resolve().parents[1] / "shapes"
    news = f"{BASE}id/doc/example-news"

    def quote_checks(text: str, build: Path) -> list:
        layout = BuildLayout(build)
        layout.published.mkdir(parents=True)
        layout.trig.write_text(text, encoding="utf-8")
        report = validate_build(build, shapes, BASE)
        return [r for r in report.results if r.component == "SPARQLConstraintComponent"]

    text = fixture.read_text(encoding="utf-8")
    assert quote_checks(text, tmp_path / "clean") == []
    broken, count = re.subn(r'oa:exact "Ms Lee" ;', 'oa:exact "Mr Lee" ;', text)
    assert count == 1
    [found] = quote_checks(broken, tmp_path / "broken")
    assert (found.graph, found.focus, found.value) == (
        "doc/example-news",
        news,
        f"{news}/span/180-186",
    )
    assert "Mr Lee" in found.message and "Ms Lee" in found.message
