"""provkb push without a server: where the Graph Store is, which graphs a dump has, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from provkb.cli import main
from provkb.query.push import PushError, default_graph_store, graph_namespace, graphs_of

FIXTURE = Path(__file__).parent / "data" / "fixture-kb.trig"


@pytest.mark.parametrize(
    ("endpoint", "graph_store"),
    [
        ("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/store"),
        ("http://127.0.0.1:8890/sparql", "http://127.0.0.1:8890/sparql-graph-crud"),
        ("https://kb.example/ds/sparql?x=1", "https://kb.example/ds/sparql-graph-crud"),
    ],
)
def test_default_graph_store_next_to_known_endpoints(endpoint: str, graph_store: str) -> None:
    assert default_graph_store(endpoint) == graph_store


def test_virtuoso_with_credentials_uses_its_authenticated_graph_store() -> None:
    assert (
        default_graph_store("http://127.0.0.1:8890/sparql", authenticated=True)
        == "http://127.0.0.1:8890/sparql-graph-crud-auth"
    )
    assert (
        default_graph_store("http://127.0.0.1:7878/query", authenticated=True)
        == "http://127.0.0.1:7878/store"
    )


def test_unknown_endpoint_asks_for_the_graph_store() -> None:
    with pytest.raises(PushError, match="give --graph-store URL"):
        default_graph_store("http://127.0.0.1:3030/ds")


def test_graphs_of_a_dump_and_their_namespace() -> None:
    graphs = graphs_of(FIXTURE)
    assert sorted(graphs) == [
        f"https://w3id.org/provkb/graph/{name}"
        for name in (
            "analytics",
            "decisions/identity",
            "decisions/relations",
            "doc/example-letter",
            "doc/example-news",
            "entities",
            "metadata",
        )
    ]
    assert len(graphs["https://w3id.org/provkb/graph/metadata"]) == 12
    assert graph_namespace(list(graphs)) == "https://w3id.org/provkb/graph/"
    with pytest.raises(PushError, match="no …/graph/metadata graph"):
        graph_namespace(["https://example.org/g"])


def test_missing_dump_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["push", "--endpoint", "http://127.0.0.1:1/query", "--data", str(tmp_path / "x.trig")]
    assert main(argv) == 2
    assert "no such file; run provkb build first" in capsys.readouterr().err


def test_endpoint_without_a_known_graph_store_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["push", "--endpoint", "http://127.0.0.1:1/ds", "--data", str(FIXTURE)]
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("provkb push: cannot tell where the Graph Store")


@pytest.mark.parametrize(
    "extra",
    [
        ["--endpoint", "file:///etc/query"],
        ["--endpoint", "http://127.0.0.1:1/query", "--graph-store", "file:///tmp/store"],
    ],
)
def test_only_http_urls_are_opened(extra: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """urllib opens file: URLs too; a push refuses them before sending anything."""
    assert main(["push", *extra, "--data", str(FIXTURE)]) == 2
    assert "not an http:// or https:// URL" in capsys.readouterr().err
