"""Smaller defects of issue 11, part 4: links from the public base URL and never the ``Host``
header, half-built stores removed at start-up, the JSON 400 for an over-long URL and for a
query string that is not UTF-8, a malformed ``q`` ignored, and the security headers of HTML.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib

from provkb.layout import BuildLayout
from provkb.server.hygiene import CONTENT_SECURITY_POLICY
from provkb.server.store import prepare_store
from provkb_harness.live_server import LiveServer, settings_for

QUERIES = Path(__file__).parents[1] / "queries"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
EVIL = {"Host": "evil.example"}


@pytest.fixture(scope="module")
def server(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server over the seed KB, no public URL configured."""
    tmp = tmp_path_factory.mktemp("hygiene")
    settings = settings_for(BuildLayout(seed_build).trig, tmp, queries_dir=QUERIES)
    with LiveServer(settings) as live:
        yield live


def _endpoints(text: str) -> set[str]:
    graph = rdflib.Graph().parse(data=text, format="turtle")
    return {str(o) for o in graph.objects(None, SD.endpoint)}


def test_links_never_come_from_the_host_header(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, headers=EVIL) as client:
        description = client.get("/sparql", headers={"Accept": "text/turtle"})
        assert _endpoints(description.text) == {server.url + "/sparql"}
        dumps = client.get("/dumps/", headers={"Accept": "application/json"}).text
        queries = client.get("/queries", headers={"Accept": "application/json"}).text
    for body in (description.text, dumps, queries):
        assert "evil.example" not in body
    assert f"{server.url}/dumps/" in dumps and f"{server.url}/queries/" in queries


@pytest.mark.parametrize(
    ("method", "path", "to"),
    [
        ("GET", "/sparql/?query=ASK%7B%7D", "/sparql?query=ASK%7B%7D"),  # a slash dropped
        ("POST", "/sparql/", "/sparql"),  # the client would post its query again there
        ("GET", "/people/", "/people"),
        ("GET", "/dumps", "/dumps/"),  # a slash added
    ],
)
def test_a_redirect_never_points_where_the_host_header_says(
    server: LiveServer, method: str, path: str, to: str
) -> None:
    with httpx.Client(base_url=server.url, headers=EVIL) as client:
        response = client.request(
            method, path, data={"query": "ASK {}"} if method == "POST" else None
        )
    assert 300 <= response.status_code < 400
    assert response.headers["location"] == to


def test_links_come_from_the_configured_public_url(seed_build: Path, tmp_path: Path) -> None:
    settings = settings_for(
        BuildLayout(seed_build).trig, tmp_path, public_url="https://kb.example.org/"
    )
    with LiveServer(settings) as live, httpx.Client(base_url=live.url, headers=EVIL) as client:
        description = client.get("/sparql", headers={"Accept": "text/turtle"})
        assert _endpoints(description.text) == {"https://kb.example.org/sparql"}
        dumps = client.get("/dumps/", headers={"Accept": "application/json"}).json()
    assert all(d["url"].startswith("https://kb.example.org/dumps/") for d in dumps["dumps"])


def test_half_built_stores_of_dead_processes_are_removed(seed_build: Path, tmp_path: Path) -> None:
    """A load killed midway leaves ``.<digest>.partial-<pid>``; the next start removes it, but
    not the partial store of a process that is still loading."""
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    store_dir = tmp_path / "store"
    abandoned = store_dir / f".{'a' * 64}.partial-{int(gone.stdout)}"
    loading = store_dir / f".{'b' * 64}.partial-{1}"  # pid 1 always runs
    for folder in (abandoned, loading):
        folder.mkdir(parents=True)
        (folder / "000001.sst").write_bytes(b"half a store")
    prepare_store(BuildLayout(seed_build).trig, store_dir)
    assert not abandoned.exists()
    assert loading.exists()


def _raw_get(server: LiveServer, target: bytes) -> tuple[bytes, bytes]:
    """A GET sent by hand (HTTP clients refuse URLs this long); its head and body."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as conn:
        conn.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head, body


def test_an_over_long_url_gets_the_json_400(server: LiveServer) -> None:
    head, body = _raw_get(server, b"/sparql?query=" + b"a" * 70_000)
    assert head.startswith(b"HTTP/1.1 400")
    assert b"content-type: application/json" in head.lower()
    assert httpx.Response(400, content=body).json()["error"] == "bad-request"


@pytest.mark.parametrize(
    "target", [b"/sparql?query=SELECT%20*%20%7B%7D%20%23%FF", b"/queries/timeline?from=%C3%28"]
)
def test_a_query_string_not_in_utf8_gets_400(server: LiveServer, target: bytes) -> None:
    head, body = _raw_get(server, target)
    assert head.startswith(b"HTTP/1.1 400"), head
    assert httpx.Response(400, content=body).json()["error"] == "not-utf-8"


def test_a_malformed_weight_in_accept_is_ignored(server: LiveServer) -> None:
    response = httpx.get(
        server.url + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "*/*;q=abc"}
    )
    assert response.status_code == 200, response.text


def test_the_graph_store_describes_only_what_it_does(server: LiveServer) -> None:
    """Writes are refused (405) and not in the OpenAPI description; OPTIONS and the 405's
    Allow agree."""
    document = httpx.get(server.url + "/openapi.json").json()
    assert set(document["paths"]["/graph"]) == {"get"}
    options = httpx.options(server.url + "/graph")
    refused = httpx.put(server.url + "/graph", params={"default": ""}, content=b"")
    assert options.status_code == 204
    assert refused.status_code == 405 and refused.json()["error"] == "read-only"
    assert options.headers["allow"] == refused.headers["allow"] == "GET, HEAD, OPTIONS"
    errors = document["paths"]["/sparql"]["get"]["responses"]["4XX"]
    assert set(errors["content"]) == {"application/json"}


@pytest.mark.parametrize("path", ["/", "/docs", "/queries", "/dumps/"])
def test_html_carries_the_security_headers(server: LiveServer, path: str) -> None:
    response = httpx.get(server.url + path, headers={"Accept": "text/html"})
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


@pytest.fixture(scope="module")
def impatient(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server that gives a client one second to send a whole request."""
    tmp = tmp_path_factory.mktemp("impatient")
    settings = settings_for(BuildLayout(seed_build).trig, tmp, request_read_timeout=1.0)
    with LiveServer(settings) as live:
        yield live


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes ``sock`` within ``seconds`` (it sends nothing before)."""
    sock.settimeout(seconds)
    try:
        return sock.recv(1024) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


@pytest.mark.parametrize(
    "sent",
    [
        b"",
        b"GET / HTTP/1.1\r\nHost: x\r\n",
        b"POST /sparql HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK",
    ],
    ids=["nothing", "half-a-head", "half-a-body"],
)
def test_a_client_that_does_not_finish_its_request_is_cut_off(
    impatient: LiveServer, sent: bytes
) -> None:
    # A client trickling bytes ("slowloris") held a connection for as long as it liked: 20,000
    # of them took every file descriptor and every other client was reset.
    with socket.create_connection(("127.0.0.1", impatient.port)) as sock:
        sock.sendall(sent)
        for _ in range(3):  # a byte now and then does not buy more time
            time.sleep(0.4)
            if sent:
                with contextlib.suppress(OSError):
                    sock.sendall(b"X" if b"POST" in sent else b"X-Slow: 1\r\n")
        assert _closed_within(sock, 3.0)


def test_a_whole_request_within_the_deadline_is_answered(impatient: LiveServer) -> None:
    with socket.create_connection(("127.0.0.1", impatient.port)) as sock:
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
        time.sleep(0.3)
        sock.sendall(b"Accept: application/sparql-results+json\r\n\r\n")
        sock.settimeout(10)
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 200")
    # The deadline reads a request, not the answer: a query that runs longer is unaffected.
    response = httpx.get(impatient.url + "/sparql", params={"query": "ASK {}"}, timeout=10)
    assert response.status_code == 200


def test_a_refused_cors_preflight_gets_the_json_400(server: LiveServer) -> None:
    # Starlette wrote it as text/plain "Disallowed CORS method", with no nosniff.
    response = httpx.options(
        server.url + "/sparql",
        headers={"Origin": "https://app.example", "Access-Control-Request-Method": "PUT"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.json()["error"] == "cors-refused"
    allowed = httpx.options(
        server.url + "/sparql",
        headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"},
    )
    assert allowed.status_code == 200 and "POST" in allowed.headers["access-control-allow-methods"]


def test_the_request_read_deadline_is_a_serve_option(tmp_path: Path) -> None:
    from provkb.cli import make_parser
    from provkb.commands.serve import settings_from_args

    build = BuildLayout(tmp_path / "build")
    parser = make_parser()
    default = settings_from_args(parser.parse_args(["serve"]), build, "https://x.example/", None)
    assert default.request_read_timeout == 20.0
    args = parser.parse_args(["serve", "--request-read-timeout", "5"])
    assert settings_from_args(args, build, "https://x.example/", None).request_read_timeout == 5.0
