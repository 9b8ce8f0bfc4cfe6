"""The W3C SPARQL 1.1 Protocol test suite, run against a live provkb server.

The manifest (``shared/w3c/sparql11-protocol/manifest.ttl``) describes each HTTP request and the
response expected; every entry becomes one pytest case, sent over real HTTP and checked for the
status class, the result format and the boolean. The reading and checking live in
``provkb_harness/w3c_protocol.py``, shared with ``bench/endpoint_comparison.py``, which runs the
same cases against other SPARQL servers. Two additions (described there):

- The update tests expect 2xx; this endpoint is read-only, so their expected result here is a
  refusal (403, JSON ``read-only``), listed by name in ``EXPECTED_REFUSALS``, not skipped.
- The dataset tests only ASK things that are true; each gets a paired case whose protocol dataset
  leaves ``data2.rdf`` out, which must answer false.

Here provkb is held to its own promise as well: every error carries a JSON body with a message.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from provkb_harness.live_server import LiveServer, settings_for
from provkb_harness.w3c_protocol import (
    DATASET_TESTS,
    EXPECTED_REFUSALS,
    MISSING,
    SUITE,
    ProtocolCase,
    all_cases,
    dataset_nquads,
    load_cases,
    run_case,
)

CASES = list(all_cases())
# Without the suite, one visible skipped case says why, instead of an empty parametrisation.
PARAMS = [pytest.param(c, id=c.name) for c in CASES] or [
    pytest.param(None, id="w3c-suite-missing", marks=pytest.mark.skip(reason=MISSING))
]


@pytest.fixture(scope="module")
def w3c_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server over data1-3.nt, each in the named graph the manifest gives it."""
    if not SUITE.is_dir():
        pytest.skip(MISSING)
    tmp = tmp_path_factory.mktemp("w3c")
    dataset = tmp / "protocol.nq"
    dataset.write_text(dataset_nquads(CASES), encoding="utf-8")
    with LiveServer(settings_for(dataset, tmp)) as server:
        yield server


@pytest.mark.parametrize("case", PARAMS)
def test_protocol(case: ProtocolCase, w3c_server: LiveServer) -> None:
    """Each manifest test (and each must-be-false twin) against the live server."""
    with httpx.Client(timeout=30) as client:
        run_case(client, case, w3c_server.url + "/sparql", json_errors=True)


def test_suite_is_complete() -> None:
    """The manifest has the 34 tests its README announces, and every refusal is one of them."""
    if not SUITE.is_dir():
        pytest.skip(MISSING)
    names = {c.name for c in load_cases()}
    assert len(names) == 34
    assert names >= EXPECTED_REFUSALS
    assert set(DATASET_TESTS) <= names


def test_updates_are_recognised() -> None:
    """The cases that carry an update (the ones re-targeted at a separate update URL on servers
    that have one) are exactly the manifest's update tests."""
    if not SUITE.is_dir():
        pytest.skip(MISSING)
    cases = load_cases()
    updates = {c.name for c in cases if c.is_update}
    assert updates == {c.name for c in cases if "update" in c.name}
    assert len(updates) == 14
    # Their follow-up ASKs are queries, sent to the query URL.
    assert not any(r.is_update for c in cases for r in c.requests[1:])
    first = next(c for c in load_cases() if c.name == "update_dataset_default_graph").requests[0]
    assert first.url_for("http://h/q", "http://h/u").startswith("http://h/u?using-graph-uri=")
