"""Push the dumps to real SPARQL servers and check what they hold and answer.

Oxigraph server (PyPI ``oxigraph``) and Virtuoso (Debian ``virtuoso-opensource``) are started by
the tests on 127.0.0.1 and receive the fixture KB and the seed KB through ``provkb push`` (Graph
Store Protocol). Every canned-query case runs on them in tests/test_query_cases.py; here: the
push itself, injected strings, case folding, long texts, large results and the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provkb.cli import main
from provkb.layout import BuildLayout
from provkb.query.catalogue import load_catalogue
from provkb.query.push import graphs_of
from provkb.query.remote import select_endpoint
from provkb.query.select import load_store, select_embedded
from provkb_harness.cases import compact
from provkb_harness.query_engines import RemoteEngine, RemoteEngines
from provkb_harness.servers import free_port
from tests.test_catalogue import INJECTIONS

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "data" / "fixture-kb.trig"
CATALOGUE = {query.name: query for query in load_catalogue(ROOT / "queries")}


@pytest.fixture(
    scope="session",
    params=[
        pytest.param("oxigraph"),
        pytest.param("virtuoso", marks=pytest.mark.integration),
    ],
)
def remote(request: pytest.FixtureRequest, remote_engines: RemoteEngines) -> RemoteEngine:
    return remote_engines.get(request.param)


@pytest.fixture(scope="session")
def seed_trig(seed_build: Path) -> Path:
    return BuildLayout(seed_build).trig


def test_push_puts_every_graph_and_the_server_holds_every_triple(
    remote: RemoteEngine, seed_trig: Path
) -> None:
    pushed = remote.hold(seed_trig)
    expected = {graph: len(triples) for graph, triples in graphs_of(seed_trig).items()}
    assert {p.graph: p.sent for p in pushed} == expected
    assert {p.graph: p.stored for p in pushed} == expected


@pytest.mark.parametrize("value", INJECTIONS)
def test_injected_strings_are_data_on_server(remote: RemoteEngine, value: str) -> None:
    remote.hold(FIXTURE)
    text = CATALOGUE["who-said-it"].bind({"words": value})
    assert select_endpoint(remote.server.endpoint, text).rows == []


# Words whose case engines fold differently unless the query evens it out (U+0130 İ).
CASE_FOLDING = ["İRAN", "TÜRKIYE", "ı", "Ə"]


@pytest.mark.parametrize("words", CASE_FOLDING)
def test_case_insensitive_matching_agrees_with_the_embedded_store(
    remote: RemoteEngine, seed_trig: Path, words: str
) -> None:
    remote.hold(seed_trig)
    text = CATALOGUE["who-said-it"].bind({"words": words})
    expected = compact(select_embedded(load_store(seed_trig), text))
    assert expected, f"no quote contains {words!r}; pick another word"
    assert compact(select_endpoint(remote.server.endpoint, text)) == expected


def test_long_texts_are_counted_in_code_points(remote: RemoteEngine, seed_trig: Path) -> None:
    """STRLEN and SUBSTR over whole document texts (46,000 characters for the longest, with
    non-ASCII letters) count code points as Python does: what the spans rely on."""
    remote.hold(seed_trig)
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
    rows = select_endpoint(remote.server.endpoint, query).rows
    assert {row["document"].value: int(row["length"].value) for row in rows} == {
        document: len(text) for document, text in texts.items()
    }
    assert {row["document"].value: row["tail"].value for row in rows} == {
        document: text[-60:] for document, text in texts.items()
    }


def test_large_results_are_not_truncated(remote: RemoteEngine, seed_trig: Path) -> None:
    """Every quad comes back: more rows than Virtuoso's default cap of 10,000.

    The graphs are filtered to the KB's own: GRAPH ?g also matches Virtuoso's system graphs.
    """
    pushed = remote.hold(seed_trig)
    total = sum(p.sent for p in pushed)
    assert total > 10_000, "the seed KB is too small to show truncation"
    table = select_endpoint(
        remote.server.endpoint,
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        'FILTER(STRSTARTS(STR(?g), "https://w3id.org/provkb/graph/")) }',
        timeout=300,
    )
    assert len(table.rows) == total


def test_cli_push_and_query_endpoint(
    remote: RemoteEngine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if remote.server.password is not None:
        monkeypatch.setenv("PROVKB_PUSH_PASSWORD", remote.server.password)
    user = ["--user", remote.server.user] if remote.server.user else []
    # No --graph-store: the default next to the endpoint (with --user, Virtuoso's -auth one).
    argv = ["push", "--endpoint", remote.server.endpoint, "--prune"]
    assert main([*argv, *user, "--data", str(FIXTURE)]) == 0
    remote.holding = None  # pushed by the CLI: the next hold() pushes again, and counts
    out = capsys.readouterr().out
    assert "PUT https://w3id.org/provkb/graph/doc/example-news" in out
    total = sum(len(triples) for triples in graphs_of(FIXTURE).values())
    assert f"pushed 7 graphs, {total} triples, to {remote.server.endpoint}" in out

    argv = ["query", "entity-mentions", "--endpoint", remote.server.endpoint, "--format", "json"]
    assert main([*argv, "-p", "entity=https://w3id.org/provkb/id/org/example-agency"]) == 0
    bindings = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert [b["start"]["value"] for b in bindings] == ["196", "370", "405", "745"]


def test_cli_push_refused_upload_exits_2(
    remote: RemoteEngine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An upload that fails: the wrong password where one is asked for, else a Graph Store
    nobody listens on."""
    argv = ["push", "--endpoint", remote.server.endpoint, "--data", str(FIXTURE)]
    if remote.server.user is not None:
        monkeypatch.setenv("PROVKB_PUSH_PASSWORD", "not-the-password")
        argv += ["--graph-store", remote.server.graph_store, "--user", remote.server.user]
        refusal = "HTTP 401"
    else:
        argv += ["--graph-store", f"http://127.0.0.1:{free_port()}/store"]
        refusal = "Connection refused"
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("provkb push: PUT https://w3id.org/provkb/graph/")
    assert refusal in err


def test_cli_push_notices_a_server_that_stores_nothing(
    remote: RemoteEngine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Graph Store URL the server does not serve (its own with a suffix): Virtuoso refuses the
    PUT (HTTP 501); Oxigraph routes by prefix, answers with a success and stores nothing, which
    push finds by counting (exit 1)."""
    dump = tmp_path / "one-graph.trig"
    dump.write_text(
        "<https://example.org/graph/never-stored> { <https://example.org/s> "
        '<https://example.org/p> "o" . }\n'
    )
    nowhere = remote.server.graph_store + "-nowhere"
    argv = [
        "push",
        "--endpoint",
        remote.server.endpoint,
        "--graph-store",
        nowhere,
        "--data",
        str(dump),
    ]
    code = main(argv)
    out, err = capsys.readouterr()
    if remote.server.name == "oxigraph":
        assert code == 1
        assert (
            "PUT https://example.org/graph/never-stored        1 triples  (server holds 0)" in out
        )
        assert "the server holds a different number of triples in 1 graph(s)" in err
    else:
        assert code == 2
        assert "HTTP 501" in err
