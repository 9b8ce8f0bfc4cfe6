"""Validation reports for people and for CI systems: text, Turtle, JSON and JUnit XML."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pyoxigraph as ox

from provkb.namespaces import PREFIXES
from provkb.terms import serialize
from provkb.validation.shacl import ValidationReport

FORMATS = ("text", "turtle", "json", "junit")


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>" if "://" in iri else iri


def render(report: ValidationReport, fmt: str) -> str:
    """The report in one of :data:`FORMATS`."""
    return {"text": _text, "turtle": _turtle, "json": _json, "junit": _junit}[fmt](report)


def _text(report: ValidationReport) -> str:
    lines = []
    for graph, results in sorted(report.by_graph().items()):
        lines.append(f"graph {graph}: {len(results)} result(s)")
        for r in results:
            where = f"{_short(r.focus)}" + (f" {_short(r.path)}" if r.path else "")
            value = f" (value: {r.value})" if r.value else ""
            lines.append(f"  {r.severity}: {where}: {r.message}{value} [{r.component}]")
    violations = sum(r.severity == "Violation" for r in report.results)
    verdict = "conforms" if report.conforms else f"does not conform: {violations} violation(s)"
    lines.append(
        f"provkb validate: {verdict} "
        f"({len(report.graphs)} graph(s) checked, {report.cached} unchanged since the last run)"
    )
    return "\n".join(lines) + "\n"


def _json(report: ValidationReport) -> str:
    return (
        json.dumps(
            {
                "conforms": report.conforms,
                "graphs": report.graphs,
                "results": [r.__dict__ for r in report.results],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def _turtle(report: ValidationReport) -> str:
    """A SHACL validation report, each result with the graph it was found in (pkb:inGraph)."""
    sh, xsd = PREFIXES["sh"], PREFIXES["xsd"]
    graph_base = "urn:provkb:validation:"
    root = ox.NamedNode(graph_base + "report")
    triples = [
        ox.Triple(
            root, ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(sh + "ValidationReport")
        ),
        ox.Triple(
            root,
            ox.NamedNode(sh + "conforms"),
            ox.Literal(str(report.conforms).lower(), datatype=ox.NamedNode(xsd + "boolean")),
        ),
    ]
    for n, r in enumerate(report.results, start=1):
        node = ox.NamedNode(f"{graph_base}result/{n}")

        def add(predicate: str, obj: ox.NamedNode | ox.Literal, node: ox.NamedNode = node) -> None:
            triples.append(ox.Triple(node, ox.NamedNode(predicate), obj))

        triples.append(ox.Triple(root, ox.NamedNode(sh + "result"), node))
        add(PREFIXES["rdf"] + "type", ox.NamedNode(sh + "ValidationResult"))
        add(sh + "resultSeverity", ox.NamedNode(sh + r.severity))
        add(sh + "sourceConstraintComponent", ox.NamedNode(sh + r.component))
        add(sh + "resultMessage", ox.Literal(r.message))
        add(PREFIXES["pkb"] + "inGraph", ox.Literal(r.graph))
        if r.focus.startswith(("http://", "https://", "urn:")):
            add(sh + "focusNode", ox.NamedNode(r.focus))
        if r.path.startswith(("http://", "https://")):
            add(sh + "resultPath", ox.NamedNode(r.path))
        if r.value:
            add(sh + "value", ox.Literal(r.value))
    return serialize(triples, ox.RdfFormat.TURTLE).decode("utf-8")


def _junit(report: ValidationReport) -> str:
    """One test case per validated graph; a failure lists that graph's violations."""
    suite = ET.Element("testsuite", name="provkb-shacl", tests=str(len(report.graphs)))
    by_graph = report.by_graph()
    failures = 0
    for graph in sorted(report.graphs):
        case = ET.SubElement(suite, "testcase", classname="provkb.validate", name=graph)
        violations = [r for r in by_graph.get(graph, []) if r.severity == "Violation"]
        if graph == "*":
            violations = [r for r in report.results if r.severity == "Violation"]
        if violations:
            failures += 1
            failure = ET.SubElement(case, "failure", message=f"{len(violations)} violation(s)")
            failure.text = "\n".join(
                f"{_short(r.focus)} {_short(r.path)}: {r.message}" for r in violations
            )
    suite.set("failures", str(failures))
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
