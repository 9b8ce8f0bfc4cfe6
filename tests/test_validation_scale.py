"""Validation in units agrees with one whole-KB run, and re-validates only what changed.

A small synthetic corpus (``bench/generate_corpus.py``) is built into a temporary folder, and
SHACL-level errors are planted into a copy of its TriG (the YAML cannot express them: the build
locates every quote and numbers every hop itself). Nothing here depends on timing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import generate_corpus
from provkb.build.pipeline import compile_kb, write_build
from provkb.layout import BuildLayout
from provkb.namespaces import DEFAULT_BASE
from provkb.paths import ProjectPaths
from provkb.validation.shacl import ValidationReport, validate_build

DOCUMENTS = 8
PLANTED = 3  # one of each kind: wrong oa:exact, duplicate hop order, missing speaker


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated project folder, built into ``build/``."""
    root = tmp_path_factory.mktemp("corpus")
    generate_corpus.generate(root, DOCUMENTS, seed=7)
    paths = ProjectPaths(root)
    write_build(compile_kb(paths), paths.build)
    return root


@pytest.fixture(scope="module")
def planted(corpus: Path) -> tuple[Path, list]:
    """A build folder holding the TriG with planted errors, and the errors."""
    folder = corpus / "build-planted"
    errors = generate_corpus.plant_errors(
        BuildLayout(corpus / "build").trig, BuildLayout(folder).trig, PLANTED, seed=7
    )
    return folder, errors


def _results(report: ValidationReport) -> set[tuple[str, str, str]]:
    return {(r.focus, r.component, r.value) for r in report.results}


def test_units_and_whole_run_report_the_same_violations(
    corpus: Path, planted: tuple[Path, list]
) -> None:
    folder, errors = planted
    units = validate_build(folder, corpus / "shapes", DEFAULT_BASE, engine="pyshacl")
    whole = validate_build(folder, corpus / "shapes", DEFAULT_BASE, engine="pyshacl", whole=True)
    assert _results(units) == _results(whole)
    assert {r.graph for r in units.results} == {r.graph for r in whole.results}
    assert len(errors) == PLANTED
    assert {e.kind for e in errors} == {"wrong-exact", "duplicate-hop-order", "missing-speaker"}
    for error in errors:
        expected = (error.focus, error.component, error.value)
        assert expected in _results(units), error
        assert any(r.graph == error.graph for r in units.results if r.focus == error.focus)


@pytest.mark.parametrize("whole", [False, True], ids=["units", "whole"])
def test_turbo_finds_what_pyshacl_finds(
    corpus: Path, planted: tuple[Path, list], whole: bool
) -> None:
    """pyshacl-turbo screens, pySHACL reports what it finds fault with: a planted error turbo
    missed would be missing here, since pySHACL alone finds every one of them."""
    folder, _ = planted
    reference = validate_build(folder, corpus / "shapes", DEFAULT_BASE, engine="pyshacl")
    turbo = validate_build(folder, corpus / "shapes", DEFAULT_BASE, engine="turbo", whole=whole)
    assert turbo.results and _results(turbo) == _results(reference)
    assert {r.graph for r in turbo.results} == {r.graph for r in reference.results}


def test_one_changed_document_revalidates_only_its_graph(corpus: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(corpus, root, ignore=shutil.ignore_patterns("build*"))
    paths = ProjectPaths(root)
    write_build(compile_kb(paths), paths.build)
    cache = tmp_path / "cache"
    first = validate_build(paths.build, paths.shapes, DEFAULT_BASE, cache=cache)
    assert first.cached == 0
    assert first.conforms, first.results[:5]  # the generated corpus is valid
    before = set(cache.iterdir())

    # A curator's note changes the document's graph and the metadata graph (its sources' hash).
    annotations = paths.documents / "doc-00003.yaml"
    text = annotations.read_text(encoding="utf-8")
    annotations.write_text(
        text.replace("document:\n", 'document:\n  note: "Checked again."\n', 1), encoding="utf-8"
    )
    write_build(compile_kb(paths), paths.build)
    second = validate_build(paths.build, paths.shapes, DEFAULT_BASE, cache=cache)
    assert second.conforms
    assert len(second.graphs) == len(first.graphs)
    assert second.cached == len(second.graphs) - 2
    assert len(set(cache.iterdir()) - before) == 2
