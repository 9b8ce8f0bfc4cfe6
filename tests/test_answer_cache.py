"""The canned-query answer cache on a live server over the seed KB, and its byte bound."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from provkb.layout import BuildLayout
from provkb.server.answer_cache import AnswerCache, etag_matches, strong_etag
from provkb.server.execution import QueryOutcome, failure
from provkb.server.state import ServerState
from provkb_harness.live_server import LiveServer, settings_for

QUERIES = Path(__file__).resolve().parents[1] / "queries"
MENTIONS = "/queries/entity-mentions"
BULUT = {"entity": "https://w3id.org/provkb/id/person/bulut-alemdar"}
JSON_RESULTS = {"Accept": "application/sparql-results+json"}
CSV = {"Accept": "text/csv"}


def _serve(seed_build: Path, tmp: Path, **overrides: object) -> LiveServer:
    settings = settings_for(
        BuildLayout(seed_build).trig,
        tmp,
        queries_dir=QUERIES,
        max_concurrent_queries=1,
        light_workers=1,
        **overrides,
    )
    return LiveServer(settings)


@pytest.fixture(scope="module")
def cached(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server with the default answer cache."""
    with _serve(seed_build, tmp_path_factory.mktemp("cached")) as live:
        yield live


def _state(server: LiveServer) -> ServerState:
    state: ServerState = server.app.state.provkb
    return state


def _other_entity(client: httpx.Client) -> str:
    """An entity IRI other than Bulut Alemdar's, from the store."""
    response = client.get(
        "/sparql",
        params={
            "query": "SELECT DISTINCT ?e WHERE { ?e a ?t FILTER(CONTAINS(STR(?e), '/person/')) }"
            " ORDER BY ?e LIMIT 5"
        },
        headers=JSON_RESULTS,
    )
    iris = [b["e"]["value"] for b in response.json()["results"]["bindings"]]
    others = [iri for iri in iris if iri != BULUT["entity"]]
    assert others, iris
    return others[0]


def test_a_repeated_canned_request_is_served_from_the_cache(cached: LiveServer) -> None:
    answers = _state(cached).answers
    with httpx.Client(base_url=cached.url, timeout=30) as client:
        first = client.get(MENTIONS, params=BULUT, headers=JSON_RESULTS)
        hits = answers.hits
        second = client.get(MENTIONS, params=BULUT, headers=JSON_RESULTS)
    assert first.status_code == second.status_code == 200
    assert first.json()["results"]["bindings"], "the query answers something to cache"
    assert second.headers["x-cache"] == "hit"
    assert answers.hits == hits + 1
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"] == strong_etag(first.content)
    assert second.headers["content-type"] == first.headers["content-type"]


def test_another_parameter_or_format_is_another_entry(cached: LiveServer) -> None:
    answers = _state(cached).answers
    with httpx.Client(base_url=cached.url, timeout=30) as client:
        client.get(MENTIONS, params=BULUT, headers=JSON_RESULTS)
        entries = len(answers)
        as_csv = client.get(MENTIONS, params=BULUT, headers=CSV)
        other = client.get(MENTIONS, params={"entity": _other_entity(client)}, headers=CSV)
    assert as_csv.status_code == other.status_code == 200
    assert as_csv.headers["x-cache"] == other.headers["x-cache"] == "miss"
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.content != other.content
    assert len(answers) == entries + 2


def test_if_none_match_gets_304(cached: LiveServer) -> None:
    with httpx.Client(base_url=cached.url, timeout=30) as client:
        first = client.get(MENTIONS, params=BULUT, headers=JSON_RESULTS)
        etag = first.headers["etag"]
        again = client.get(MENTIONS, params=BULUT, headers={**JSON_RESULTS, "If-None-Match": etag})
        stale = client.get(
            MENTIONS, params=BULUT, headers={**JSON_RESULTS, "If-None-Match": '"other"'}
        )
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert stale.status_code == 200
    assert stale.content == first.content


def test_errors_are_not_cached(cached: LiveServer) -> None:
    answers = _state(cached).answers
    with httpx.Client(base_url=cached.url, timeout=30) as client:
        entries = len(answers)
        refused = client.get(MENTIONS, params=BULUT, headers={"Accept": "image/png"})
    assert refused.status_code == 406
    assert "etag" not in refused.headers
    assert len(answers) == entries


def test_cached_bytes_are_those_of_an_uncached_server(
    cached: LiveServer, seed_build: Path, tmp_path: Path
) -> None:
    with httpx.Client(base_url=cached.url, timeout=30) as client:
        client.get(MENTIONS, params=BULUT, headers=CSV)
        hit = client.get(MENTIONS, params=BULUT, headers=CSV)
    assert hit.headers["x-cache"] == "hit"
    with _serve(seed_build, tmp_path, canned_cache_bytes=0) as uncached:
        with httpx.Client(base_url=uncached.url, timeout=30) as client:
            plain = client.get(MENTIONS, params=BULUT, headers=CSV)
            plain_again = client.get(MENTIONS, params=BULUT, headers=CSV)
        assert len(_state(uncached).answers) == 0
    assert plain.status_code == plain_again.status_code == 200
    assert "x-cache" not in plain_again.headers
    assert hit.content == plain.content == plain_again.content
    assert hit.headers["content-type"] == plain.headers["content-type"]


def _ok(body: bytes) -> QueryOutcome:
    return QueryOutcome(200, "text/csv", body)


def test_the_byte_bound_evicts_the_least_recently_used() -> None:
    cache = AnswerCache(max_bytes=10)
    keys = [("store", f"q{n}", None, "text/csv") for n in range(3)]
    cache.put(keys[0], _ok(b"aaaa"))
    cache.put(keys[1], _ok(b"bbbb"))
    assert cache.get(keys[0]) is not None  # keys[1] is now the least recently used
    cache.put(keys[2], _ok(b"cccc"))
    assert cache.size == 8
    assert cache.get(keys[1]) is None
    assert cache.get(keys[0]) is not None and cache.get(keys[2]) is not None
    assert cache.put(keys[1], _ok(b"x" * 11)) is None  # larger than the whole bound
    assert cache.put(keys[1], failure(422, "too-many-rows", "no")) is None
    assert AnswerCache(max_bytes=0).put(keys[0], _ok(b"a")) is None
    cache.put(keys[0], _ok(b"aaaaaaaaa"))  # replacing an entry accounts for its old size
    assert cache.size == 9 and len(cache) == 1


def test_if_none_match_comparison() -> None:
    tag = strong_etag(b"body")
    assert etag_matches(f'"x", {tag}', tag)
    assert etag_matches(f"W/{tag}", tag)
    assert etag_matches("*", tag)
    assert not etag_matches('"x"', tag)
    assert not etag_matches(None, tag)


def test_canned_cache_mb_sets_the_bound(tmp_path: Path) -> None:
    from provkb.cli import make_parser
    from provkb.commands.serve import settings_from_args

    build = BuildLayout(tmp_path / "build")
    base = "https://w3id.org/provkb/"
    args = make_parser().parse_args(["serve", "--build", str(build.root)])
    assert settings_from_args(args, build, base, None).canned_cache_bytes == 64 * 2**20
    args = make_parser().parse_args(["serve", "--build", str(build.root), "--canned-cache-mb", "0"])
    assert settings_from_args(args, build, base, None).canned_cache_bytes == 0
