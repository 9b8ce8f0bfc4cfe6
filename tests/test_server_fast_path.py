"""The server's fast path (jobs a worker answered cheaply, run again in the server process)
trusts a job to do the same work every time: what it learns and the walls behind that trust."""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from provkb.server.execution import QueryJob, QueryOutcome, execute
from provkb.server.executor import FastPath
from provkb.server.query_guard import repeatable

JSON = "application/sparql-results+json"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?x WHERE { BIND(NOW() AS ?x) }",
        "SELECT ?x WHERE { BIND(IF(RAND() < 0.5, 1, 2) AS ?x) }",
        "SELECT (uuid() AS ?u) WHERE {}",
        "SELECT (STRUUID() AS ?u) WHERE {}",
        "SELECT (BNODE() AS ?b) WHERE {}",
        "SELECT ?x WHERE { BIND(nOw ( ) AS ?x) }",  # any case, a space before the bracket
        "SELECT ?x WHERE { BIND(NOW# a comment\n() AS ?x) }",
        "SELECT ?x WHERE { BIND(\\u004EOW() AS ?x) }",  # an escape Oxigraph is given expanded
        "SELECT ?x WHERE { BIND(\\U00000052AND() AS ?x) }",
    ],
)
def test_a_query_whose_value_changes_between_runs_is_not_repeatable(query: str) -> None:
    assert not repeatable(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?now WHERE { ?now ?p ?o } LIMIT 1",  # a variable
        "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:rand ?o }",  # a prefixed name
        "SELECT * WHERE { ?s ?p ?o } LIMIT 3",
        "ASK { ?s <http://example.org/known> ?o }",  # "now" inside a longer word
    ],
)
def test_a_query_with_no_changing_call_is_repeatable(query: str) -> None:
    assert repeatable(query)


def _store(path: Path) -> Path:
    store = ox.Store(str(path))
    for n in range(20):
        store.add(
            ox.Quad(
                ox.NamedNode(f"http://example.org/s{n}"),
                ox.NamedNode("http://example.org/p"),
                ox.Literal(f"value number {n}"),
                ox.NamedNode("http://example.org/g"),
            )
        )
    store.flush()
    del store
    return path


def _job(query: str, max_bytes: int = 10**6) -> QueryJob:
    return QueryJob(query, JSON, time.time() + 30, 1000, max_bytes)


def test_a_changing_query_is_never_learned(tmp_path: Path) -> None:
    fast = FastPath()
    fast.open(_store(tmp_path / "store"))
    job = _job("SELECT ?x WHERE { BIND(NOW() AS ?x) }")
    fast.learn(job, QueryOutcome(200, JSON, b"{}"))
    assert fast.run(job) is None  # left to a worker, under its limits
    steady = _job("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    fast.learn(steady, QueryOutcome(200, JSON, b"{}"))
    answer = fast.run(steady)
    assert answer is not None and answer.status == 200


def test_a_fast_answer_over_its_size_cap_is_refused_and_the_job_forgotten(tmp_path: Path) -> None:
    # The second wall: should a learned job ever answer past its caps (pyoxigraph's one-call
    # writers have no hook for them), the answer is refused and the job runs in a worker again.
    fast = FastPath()
    fast.open(_store(tmp_path / "store"))
    job = _job("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", max_bytes=200)
    fast.learn(job, QueryOutcome(200, JSON, b"{}"))
    answer = fast.run(job)
    assert answer is not None and answer.status == 422
    assert b"response-too-large" in answer.body
    assert fast.run(job) is None


@pytest.mark.parametrize("accept", [JSON, "text/csv", "text/tab-separated-values"])
@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
        'SELECT ?t WHERE { BIND(TRIPLE(<urn:a>, <urn:b>, "x") AS ?t) }',
        "SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 UNDEF) } }",
    ],
)
def test_an_answer_is_the_same_bytes_whichever_path_serves_it(
    tmp_path: Path, accept: str, query: str
) -> None:
    fast = FastPath()
    fast.open(_store(tmp_path / "store"))
    job = QueryJob(query, accept, time.time() + 30, 1000, 10**6)
    in_a_worker = execute(ox.Store.read_only(str(tmp_path / "store")), job)
    fast.learn(job, in_a_worker)
    again = fast.run(job)
    assert again is not None and again.body == in_a_worker.body
