"""Push the dumps to real SPARQL servers and run every canned query there.

Oxigraph server (PyPI ``oxigraph``) and Virtuoso (Debian ``virtuoso-opensource``) are started by
the tests on 127.0.0.1. Each receives the fixture KB and the seed KB through ``provkb push``
(Graph Store Protocol), and every canned query must give there exactly the rows, in the same
order, that the embedded store gives.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from provkb.cli import main
from provkb.query.catalogue import CannedQuery, load_catalogue
from provkb.query.push import PushedGraph, graphs_of, push
from provkb.query.remote import select_endpoint
from provkb.query.select import load_store, select_embedded
from tests.rows import Case, compact
from tests.servers import Server, free_port, oxigraph_server, virtuoso_server
from tests.test_catalogue import INJECTIONS
from tests.test_queries_fixture import CASES

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "data" / "fixture-kb.trig"
CATALOGUE = {query.name: query for query in load_catalogue(ROOT / "queries")}

STARTERS = {"oxigraph": oxigraph_server, "virtuoso": virtuoso_server}


@pytest.fixture(
    scope="session",
    params=[
        pytest.param("oxigraph"),
        pytest.param("virtuoso", marks=pytest.mark.integration),
    ],
)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    with STARTERS[request.param](tmp_path_factory.mktemp(request.param)) as running:
        yield running


@pytest.fixture(scope="session")
def loaded() -> dict[str, tuple[Path, list[PushedGraph]]]:
    """What each server holds now: the dump last pushed to it and what the push reported."""
    return {}


def load(
    server: Server, loaded: dict[str, tuple[Path, list[PushedGraph]]], trig: Path
) -> list[PushedGraph]:
    """Make ``server`` hold exactly the graphs of ``trig`` (pushing only when it holds another)."""
    if loaded.get(server.endpoint, (None, []))[0] != trig:
        pushed, _ = push(
            trig, server.endpoint, server.graph_store, server.user, server.password, prune=True
        )
        loaded[server.endpoint] = (trig, pushed)
    return loaded[server.endpoint][1]


def seed_runs() -> list[tuple[str, dict[str, str]]]:
    """Every canned query with its defaults, and again with every example value."""
    runs = []
    for query in CATALOGUE.values():
        required = {p.name: p.example for p in query.parameters if p.required}
        runs.append((query.name, required))
        if len(required) < len(query.parameters):
            runs.append((query.name, {p.name: p.example for p in query.parameters}))
    return runs


SEED_RUNS = seed_runs()


def run_id(run: tuple[str, dict[str, str]]) -> str:
    name, values = run
    optional = [p for p in CATALOGUE[name].parameters if not p.required]
    return (
        f"{name}-examples" if optional and len(values) == len(CATALOGUE[name].parameters) else name
    )


@pytest.fixture(scope="session")
def seed_trig(seed_build: Path) -> Path:
    return seed_build / "provkb.trig"


@pytest.fixture(scope="session")
def seed_embedded(seed_trig: Path) -> dict[str, list[tuple]]:
    """The embedded store's answer to every seed run, by run id."""
    store = load_store(seed_trig)
    return {
        run_id(run): compact(select_embedded(store, CATALOGUE[run[0]].bind(run[1])))
        for run in SEED_RUNS
    }


def test_push_puts_every_graph_and_the_server_holds_every_triple(
    server: Server, loaded: dict, seed_trig: Path
) -> None:
    pushed = load(server, loaded, seed_trig)
    expected = {graph: len(triples) for graph, triples in graphs_of(seed_trig).items()}
    assert {p.graph: p.sent for p in pushed} == expected
    assert {p.graph: p.stored for p in pushed} == expected


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_fixture_rows_on_server(server: Server, loaded: dict, case: Case) -> None:
    load(server, loaded, FIXTURE)
    table = select_endpoint(server.endpoint, CATALOGUE[case.query].bind(case.values()))
    assert table.variables == CATALOGUE[case.query].columns
    assert compact(table) == case.rows


@pytest.mark.parametrize("run", SEED_RUNS, ids=[run_id(run) for run in SEED_RUNS])
def test_seed_rows_on_server_equal_the_embedded_stores(
    server: Server,
    loaded: dict,
    seed_trig: Path,
    seed_embedded: dict[str, list[tuple]],
    run: tuple[str, dict[str, str]],
) -> None:
    load(server, loaded, seed_trig)
    query: CannedQuery = CATALOGUE[run[0]]
    table = select_endpoint(server.endpoint, query.bind(run[1]))
    assert compact(table) == seed_embedded[run_id(run)]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injected_strings_are_data_on_server(server: Server, loaded: dict, value: str) -> None:
    load(server, loaded, FIXTURE)
    text = CATALOGUE["who-said-it"].bind({"words": value})
    assert select_endpoint(server.endpoint, text).rows == []


# Words whose case engines fold differently unless the query evens it out (U+0130 İ).
CASE_FOLDING = ["İRAN", "TÜRKIYE", "ı", "Ə"]


@pytest.mark.parametrize("words", CASE_FOLDING)
def test_case_insensitive_matching_agrees_with_the_embedded_store(
    server: Server, loaded: dict, seed_trig: Path, words: str
) -> None:
    load(server, loaded, seed_trig)
    text = CATALOGUE["who-said-it"].bind({"words": words})
    expected = compact(select_embedded(load_store(seed_trig), text))
    assert expected, f"no quote contains {words!r}; pick another word"
    assert compact(select_endpoint(server.endpoint, text)) == expected


def test_long_texts_are_counted_in_code_points(
    server: Server, loaded: dict, seed_trig: Path
) -> None:
    """STRLEN and SUBSTR over whole document texts (46,000 characters for the longest, with
    non-ASCII letters) count code points as Python does: what the spans rely on."""
    load(server, loaded, seed_trig)
    query = (
        "PREFIX pkb: <https://w3id.org/provkb/ontology#> "
        "SELECT ?document (STRLEN(?text) AS ?length) "
        "(SUBSTR(?text, STRLEN(?text) - 59, 60) AS ?tail) "
        "WHERE { GRAPH ?g { ?document pkb:fullText ?text } }"
    )
    texts = {
        row["document"].value: row["text"].value
        for row in select_embedded(
            load_store(seed_trig),
            "PREFIX pkb: <https://w3id.org/provkb/ontology#> "
            "SELECT ?document ?text WHERE { GRAPH ?g { ?document pkb:fullText ?text } }",
        ).rows
    }
    assert max(len(text) for text in texts.values()) > 40_000
    rows = select_endpoint(server.endpoint, query).rows
    assert {row["document"].value: int(row["length"].value) for row in rows} == {
        document: len(text) for document, text in texts.items()
    }
    assert {row["document"].value: row["tail"].value for row in rows} == {
        document: text[-60:] for document, text in texts.items()
    }


def test_large_results_are_not_truncated(server: Server, loaded: dict, seed_trig: Path) -> None:
    """Every quad comes back: more rows than Virtuoso's default cap of 10,000.

    The graphs are filtered to the KB's own: GRAPH ?g also matches Virtuoso's system graphs.
    """
    pushed = load(server, loaded, seed_trig)
    total = sum(p.sent for p in pushed)
    assert total > 10_000, "the seed KB is too small to show truncation"
    table = select_endpoint(
        server.endpoint,
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        'FILTER(STRSTARTS(STR(?g), "https://w3id.org/provkb/graph/")) }',
        timeout=300,
    )
    assert len(table.rows) == total


def test_cli_push_and_query_endpoint(
    server: Server,
    loaded: dict,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if server.password is not None:
        monkeypatch.setenv("PROVKB_PUSH_PASSWORD", server.password)
    user = ["--user", server.user] if server.user else []
    # No --graph-store: the default next to the endpoint (with --user, Virtuoso's -auth one).
    argv = ["push", "--endpoint", server.endpoint, "--prune"]
    assert main([*argv, *user, "--data", str(FIXTURE)]) == 0
    loaded[server.endpoint] = (FIXTURE, [])
    out = capsys.readouterr().out
    assert "PUT https://w3id.org/provkb/graph/doc/example-news" in out
    total = sum(len(triples) for triples in graphs_of(FIXTURE).values())
    assert f"pushed 7 graphs, {total} triples, to {server.endpoint}" in out

    argv = ["query", "entity-mentions", "--endpoint", server.endpoint, "--format", "json"]
    assert main([*argv, "-p", "entity=https://w3id.org/provkb/id/org/example-agency"]) == 0
    bindings = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert [b["start"]["value"] for b in bindings] == ["196", "370", "405", "745"]


def test_cli_push_refused_upload_exits_2(
    server: Server, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An upload that fails: the wrong password where one is asked for, else a Graph Store
    nobody listens on."""
    argv = ["push", "--endpoint", server.endpoint, "--data", str(FIXTURE)]
    if server.user is not None:
        monkeypatch.setenv("PROVKB_PUSH_PASSWORD", "not-the-password")
        argv += ["--graph-store", server.graph_store, "--user", server.user]
        refusal = "HTTP 401"
    else:
        argv += ["--graph-store", f"http://127.0.0.1:{free_port()}/store"]
        refusal = "Connection refused"
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("provkb push: PUT https://w3id.org/provkb/graph/")
    assert refusal in err


def test_cli_push_notices_a_server_that_stores_nothing(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Graph Store URL the server does not serve (its own with a suffix): Virtuoso refuses the
    PUT (HTTP 501); Oxigraph routes by prefix, answers with a success and stores nothing, which
    push finds by counting (exit 1)."""
    dump = tmp_path / "one-graph.trig"
    dump.write_text(
        "<https://example.org/graph/never-stored> { <https://example.org/s> "
        '<https://example.org/p> "o" . }\n'
    )
    nowhere = server.graph_store + "-nowhere"
    argv = ["push", "--endpoint", server.endpoint, "--graph-store", nowhere, "--data", str(dump)]
    code = main(argv)
    out, err = capsys.readouterr()
    if server.name == "oxigraph":
        assert code == 1
        assert (
            "PUT https://example.org/graph/never-stored        1 triples  (server holds 0)" in out
        )
        assert "the server holds a different number of triples in 1 graph(s)" in err
    else:
        assert code == 2
        assert "HTTP 501" in err
