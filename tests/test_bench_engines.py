"""Every canned query returns the same rows on pyoxigraph and on plain rdflib (the bench's check).

The data is a small corpus from ``bench/generate_corpus.py``, bound to the parameters the bench
uses; ``bench/run.py`` makes the same comparison at every size and exits non-zero on a mismatch.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from provkb.compile import compile_kb, write_build
from provkb.paths import ProjectPaths

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


generate_corpus = _load("generate_corpus")
engines = _load("engines")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("engines")
    generate_corpus.generate(root, 6, seed=3)
    paths = ProjectPaths(root)
    write_build(compile_kb(paths), paths.build)
    return root


def test_pyoxigraph_and_rdflib_return_the_same_rows(corpus: Path) -> None:
    trig = corpus / "build" / "provkb.trig"
    store, dataset = engines.load_oxigraph(trig), engines.load_rdflib(trig)
    queries = engines.bound_queries(corpus / "queries", engines.corpus_parameters(corpus))
    assert len(queries) >= 10
    answered = 0
    for name, text in queries.items():
        expected = engines.rows_oxigraph(store, text)
        rows = engines.RdflibRunner(dataset)(text)
        assert engines.same_rows(expected, rows), name
        answered += bool(expected)
    # The generated corpus exercises the catalogue: most queries have rows to compare.
    assert answered >= len(queries) - 3


def test_the_generator_is_deterministic(tmp_path: Path, corpus: Path) -> None:
    generate_corpus.generate(tmp_path, 6, seed=3)
    for path in sorted((corpus / "kb").rglob("*")):
        if path.is_file():
            twin = tmp_path / "kb" / path.relative_to(corpus / "kb")
            assert twin.read_bytes() == path.read_bytes(), path.name
