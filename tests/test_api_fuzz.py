"""A bounded fuzz run from the OpenAPI description (schemathesis, on hypothesis): every
operation gets generated requests, valid and invalid, and every response must be what the
description says (status, media type, JSON body shape, headers), and never a 5xx.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from provkb.layout import BuildLayout
from provkb_harness.live_server import LiveServer, settings_for

pytestmark = [pytest.mark.server, pytest.mark.slow]
QUERIES = Path(__file__).parents[1] / "queries"
# Requests generated over all the operations: with the server's own start, well under a minute.
EXAMPLES = 300
SECONDS = 45
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@pytest.fixture(scope="module")
def server(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server over the seed KB with its canned queries."""
    settings = settings_for(
        BuildLayout(seed_build).trig, tmp_path_factory.mktemp("fuzz"), queries_dir=QUERIES
    )
    with LiveServer(settings) as live:
        yield live


@pytest.mark.timeout(120)
def test_the_api_keeps_its_description(server: LiveServer) -> None:
    """Generated requests over every operation (bounded: examples and time), all checked."""
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    stop = time.monotonic() + SECONDS

    @given(case=schema.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def call(case: schemathesis.Case) -> None:
        if time.monotonic() < stop:
            case.call_and_validate(base_url=server.url, checks=CHECKS, timeout=30)

    call()
