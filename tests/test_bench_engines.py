"""Every canned query returns the same rows on pyoxigraph, plain rdflib and the servers the bench
times over HTTP (the bench's check), and the bench's forked timing tells errors from timeouts.

The data is a small corpus from ``bench/generate_corpus.py``, bound to the parameters the bench
uses; ``bench/run.py`` makes the same comparison at every size and exits non-zero on a mismatch.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import engines, generate_corpus
from provkb.build.pipeline import compile_kb, write_build
from provkb.layout import BuildLayout
from provkb.paths import ProjectPaths
from provkb.query.push import push
from provkb_harness.servers import Server, oxigraph_server, virtuoso_server


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("engines")
    generate_corpus.generate(root, 6, seed=3)
    paths = ProjectPaths(root)
    write_build(compile_kb(paths), paths.build)
    return root


def test_pyoxigraph_and_rdflib_return_the_same_rows(corpus: Path) -> None:
    trig = BuildLayout(corpus / "build").trig
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


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("oxigraph"),
        pytest.param("virtuoso", marks=pytest.mark.integration),
    ],
)
def loaded_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, corpus: Path
) -> Iterator[Server]:
    """A server holding the corpus, pushed as the bench pushes it (Graph Store PUT per graph)."""
    starter = {"oxigraph": oxigraph_server, "virtuoso": virtuoso_server}[request.param]
    with starter(tmp_path_factory.mktemp(request.param)) as running:
        push(
            BuildLayout(corpus / "build").trig,
            running.endpoint,
            running.graph_store,
            running.user,
            running.password,
        )
        yield running


def test_servers_timed_over_http_return_the_embedded_rows(
    corpus: Path, loaded_server: Server
) -> None:
    """The bench's HTTP runner (a POST, JSON parsed into rows) gets from each server the rows the
    embedded store gives, for every canned query, in the forked child the bench times it in."""
    store = engines.load_oxigraph(BuildLayout(corpus / "build").trig)
    queries = engines.bound_queries(corpus / "queries", engines.corpus_parameters(corpus))
    # Virtuoso's own timeout (ms), as the bench sends it; a partial answer would be an error.
    params = {"timeout": "60000"} if loaded_server.name == "virtuoso" else {}
    runner = engines.EndpointRunner(loaded_server.endpoint, 60.0, params)
    for name, text in queries.items():
        forked = engines.time_forked(runner, loaded_server.name, name, text, 2, 5.0, 60.0)
        assert forked.error == "", name
        assert forked.timing is not None and forked.rows is not None, name
        assert engines.same_rows(engines.rows_oxigraph(store, text), forked.rows), name


def _fails(query: str) -> list:
    raise ValueError(f"no such engine for {query}")


def _sleeps(query: str) -> list:
    time.sleep(30)
    return []


class _SlowAfterTheFirst:
    """Answers at once the first time, then hangs."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, query: str) -> list:
        self.calls += 1
        if self.calls > 1:
            time.sleep(30)
        return [("row",)]


def test_an_engine_error_comes_back_at_once_and_a_slow_query_is_stopped() -> None:
    started = time.perf_counter()
    failed = engines.time_forked(_fails, "e", "q", "ASK {}", 3, 1.0, 20.0)
    assert time.perf_counter() - started < 10
    assert failed.error == "ValueError: no such engine for ASK {}"
    assert not failed.timed_out
    stopped = engines.time_forked(_sleeps, "e", "q", "ASK {}", 3, 1.0, 0.5)
    assert stopped.timed_out and stopped.error == ""


def test_the_timeout_is_per_run_and_the_runs_done_are_kept() -> None:
    """A query whose runs add up past the timeout is not stopped; a later run that hangs ends
    the runs, and the first one's time and rows are kept."""
    quick = engines.time_forked(lambda q: time.sleep(0.3) or [], "e", "q", "ASK {}", 4, 10.0, 1.0)
    assert quick.timing is not None and len(quick.timing.seconds) == 4
    partial = engines.time_forked(_SlowAfterTheFirst(), "e", "q", "ASK {}", 5, 10.0, 1.0)
    assert partial.timing is not None and len(partial.timing.seconds) == 1
    assert partial.rows == [("row",)] and not partial.timed_out
