"""The kb/README.md example builds, validates and round-trips; dumps are deterministic."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from provkb.build.pipeline import compile_kb, write_build
from provkb.cli import main
from provkb.layout import BuildLayout, Manifest
from provkb.namespaces import PREFIXES
from provkb.paths import ProjectPaths

BASE = "https://w3id.org/provkb/"


@pytest.fixture
def example_build(example_project: ProjectPaths) -> Path:
    out = example_project.root / "build"
    write_build(compile_kb(example_project), out)
    return out


def test_readme_example_builds_and_validates(example_project: ProjectPaths, capsys) -> None:
    root = str(example_project.root)
    assert main(["build", "--root", root]) == 0
    assert main(["validate", "--root", root]) == 0
    out = capsys.readouterr().out
    assert "conforms" in out


def test_build_writes_every_dump(example_build: Path) -> None:
    """The published folder holds the dumps and checksums of exactly those; the validation inputs
    and the manifest are internal state beside it, never listed as published."""
    layout = BuildLayout(example_build)
    published = sorted(
        p.relative_to(layout.published).as_posix()
        for p in layout.published.rglob("*")
        if p.is_file()
    )
    # The reader's indexes are internal state too; the Web Annotations are published.
    assert layout.reader_index.is_file()
    assert (layout.reading / "page" / "example-letter.json").is_file()
    assert published == [
        "SHA256SUMS",
        "annotations/example-letter.jsonld",
        "documents/example-letter.ttl",
        "provkb.nq.gz",
        "provkb.trig",
        "provkb.ttl",
        "void.ttl",
    ]
    # Nothing else at the top of the build: published files and internal state, each in its folder.
    assert sorted(p.name for p in example_build.iterdir()) == sorted(
        [layout.published.name, layout.state.name]
    )
    # The inputs of per-graph validation: each graph's triples, the context of each graph that is
    # not a document, their hashes and the hash of the TriG they come from.
    validation = {
        p.relative_to(layout.validation).as_posix()
        for p in layout.validation.rglob("*")
        if p.is_file()
    }
    assert {
        "SHA256SUMS",
        "SOURCE",
        "graphs/ontology.nt",
        "graphs/entities.nt",
        "graphs/metadata.nt",
        "graphs/doc/example-letter.nt",
        "context/entities.nt",
        "context/metadata.nt",
    } <= validation
    assert not any(name.startswith("context/doc/") for name in validation)
    trig_sha = hashlib.sha256(layout.trig.read_bytes()).hexdigest()
    assert (layout.validation / "SOURCE").read_text().strip() == trig_sha
    sums = layout.sums.read_text().splitlines()
    listed = sorted(line.split("  ")[1] for line in sums)
    assert listed == [name for name in published if name != "SHA256SUMS"]
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((layout.published / name).read_bytes()).hexdigest() == digest
    # The manifest says what the build holds, so no command is told the base IRI again.
    manifest = Manifest.read(layout)
    assert manifest is not None
    assert manifest.base_iri == BASE
    assert manifest.data_sha256 == trig_sha
    assert manifest.graphs["doc/example-letter"] == f"{BASE}graph/doc/example-letter"


def test_quote_spans_are_code_point_offsets(example_build: Path) -> None:
    text = (example_build.parent / "kb/documents/example-letter.txt").read_text("utf-8")
    store = ox.Store()
    store.bulk_load(path=str(BuildLayout(example_build).trig), format=ox.RdfFormat.TRIG)
    rows = list(
        store.query(
            "PREFIX pkb: <https://w3id.org/provkb/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
            "SELECT ?exact ?start ?end WHERE { GRAPH ?g { ?a a pkb:Assertion ; pkb:span ?s . "
            "?s oa:exact ?exact ; oa:start ?start ; oa:end ?end } }"
        )
    )
    assert len(rows) == 2
    for exact, start, end in rows:
        assert text[int(start.value) : int(end.value)] == exact.value
    quotes = sorted(r[0].value for r in rows)
    assert quotes == ['"The bridge belongs to everyone,"', "I ask you to reopen the Old Bridge."]


def _graph_sets_rdflib(path: Path, fmt: str) -> dict[str, set]:
    dataset = rdflib.Dataset()
    if fmt == "nquads":
        dataset.parse(data=gzip.decompress(path.read_bytes()), format="nquads")
    else:
        dataset.parse(path, format=fmt)
    return {str(g.identifier): set(g) for g in dataset.graphs() if len(g)}


def _graph_sets_oxigraph(path: Path, fmt: ox.RdfFormat) -> dict[str, set]:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    graphs: dict[str, set] = {}
    for quad in ox.parse(data, format=fmt):
        graphs.setdefault(quad.graph_name.value, set()).add(str(quad.triple))
    return graphs


def test_dumps_parse_back_to_the_same_graphs(example_build: Path) -> None:
    trig = _graph_sets_rdflib(BuildLayout(example_build).trig, "trig")
    nquads = _graph_sets_rdflib(BuildLayout(example_build).nquads, "nquads")
    assert trig == nquads
    assert f"{BASE}graph/doc/example-letter" in trig
    assert _graph_sets_oxigraph(
        BuildLayout(example_build).trig, ox.RdfFormat.TRIG
    ) == _graph_sets_oxigraph(BuildLayout(example_build).nquads, ox.RdfFormat.N_QUADS)
    union = set(rdflib.Graph().parse(BuildLayout(example_build).union_turtle, format="turtle"))
    assert union == set().union(*trig.values())
    document = set(
        rdflib.Graph().parse(BuildLayout(example_build).document_turtle("example-letter"))
    )
    assert document == trig[f"{BASE}graph/doc/example-letter"]


def test_union_dump_uses_one_prefix_per_namespace(example_build: Path) -> None:
    text = BuildLayout(example_build).union_turtle.read_text("utf-8")
    declared = dict(re.findall(r"^@prefix (\w*): <([^>]+)> \.$", text, re.M))
    assert len(set(declared.values())) == len(declared), "two prefixes for one namespace"
    for prefix, namespace in declared.items():
        assert PREFIXES[prefix] == namespace
    body = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix"))
    assert "http://schema.org/" not in text, "schema.org must be written in its https form only"
    assert "<https://w3id.org/provkb/ontology#" not in body, "pkb: terms must use the prefix"
    assert "pkb:Assertion" in body


def _build_in_subprocess(root: Path, out: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run(
        [sys.executable, "-m", "provkb.cli", "build", "--root", str(root), "--out", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )


def test_rebuild_is_byte_identical(example_project: ProjectPaths, tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    _build_in_subprocess(example_project.root, first)
    _build_in_subprocess(example_project.root, second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_void_counts_and_links(example_build: Path) -> None:
    void = rdflib.Graph().parse(BuildLayout(example_build).void)
    vo = rdflib.Namespace(PREFIXES["void"])
    dataset = rdflib.URIRef(f"{BASE}id/dataset")
    dumps = {str(o) for o in void.objects(dataset, vo.dataDump)}
    assert dumps == {
        f"{BASE}dumps/provkb.trig",
        f"{BASE}dumps/provkb.nq.gz",
        f"{BASE}dumps/provkb.ttl",
    }
    total = int(void.value(dataset, vo.triples))
    quads = sum(
        1
        for _ in ox.parse(
            gzip.decompress(BuildLayout(example_build).nquads.read_bytes()),
            format=ox.RdfFormat.N_QUADS,
        )
    )
    assert total == quads
    subsets = {
        str(void.value(s, rdflib.URIRef(PREFIXES["dcterms"] + "source"))): int(
            void.value(s, vo.triples)
        )
        for s in void.objects(dataset, vo.subset)
    }
    assert sum(subsets.values()) == total
    assert f"{BASE}graph/doc/example-letter" in subsets


def test_base_iri_is_configurable(example_project: ProjectPaths, tmp_path: Path) -> None:
    out = tmp_path / "other"
    assert (
        main(
            [
                "build",
                "--root",
                str(example_project.root),
                "--out",
                str(out),
                "--base-iri",
                "http://localhost:8000/",
            ]
        )
        == 0
    )
    text = BuildLayout(out).trig.read_text("utf-8")
    assert "<http://localhost:8000/id/person/ann-lee>" in text
    assert "w3id.org/provkb/id/" not in text


def test_metadata_graph_records_provenance(example_build: Path) -> None:
    store = ox.Store()
    store.bulk_load(path=str(BuildLayout(example_build).trig), format=ox.RdfFormat.TRIG)
    rows = list(
        store.query(
            "PREFIX pkb: <https://w3id.org/provkb/ontology#> "
            "PREFIX prov: <http://www.w3.org/ns/prov#> "
            "SELECT ?g ?file WHERE { GRAPH <https://w3id.org/provkb/graph/metadata> { "
            "?g a pkb:NamedGraph ; prov:wasGeneratedBy ?b ; pkb:sourceFile ?file } } "
            "ORDER BY ?g ?file"
        )
    )
    files = {(r[0].value.removeprefix(f"{BASE}graph/"), r[1].value) for r in rows}
    assert ("doc/example-letter", "kb/documents/example-letter.txt") in files
    assert ("doc/example-letter", "kb/documents/example-letter.yaml") in files
    assert ("entities", "kb/registry/example.yaml") in files


def test_a_triple_stated_twice_is_written_once(tmp_path: Path) -> None:
    from .conftest import make_project, readme_example_files

    files = readme_example_files()
    judgement = (
        "- id: {id}\n  relation: corroborates\n"
        '  assertions: ["example-letter#ask-reopen", "example-letter#bridge-belongs"]\n'
        '  evidence: "Both ask for the bridge."\n  confidence: 0.5\n'
        '  decided_by: org/provkb-curators\n  decided_on: "2026-11-23"\n'
    )
    files["kb/decisions/relations.yaml"] = judgement.format(id="one") + judgement.format(id="two")
    project = make_project(tmp_path, files)
    write_build(compile_kb(project), tmp_path / "build")
    lines = gzip.decompress(BuildLayout(tmp_path / "build").nquads.read_bytes()).splitlines()
    assert len(lines) == len(set(lines))
    predicate = b"> <https://w3id.org/provkb/ontology#corroborates> <"
    shortcut = [line for line in lines if predicate in line]
    assert len(shortcut) == 2  # a1 → a2 and a2 → a1
