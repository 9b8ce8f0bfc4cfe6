"""``provkb serve`` as a user runs it: a subprocess on a project of its own. It builds build/
when it is missing, reuses its on-disk store across restarts (keyed by the dump's SHA-256, so a
restart does not parse the dump again), and rebuilds when kb/ changed."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from provkb.cli import main
from provkb.layout import BuildLayout
from provkb.paths import ProjectPaths
from provkb.server import store
from provkb.server.settings import ServerSettings

LABEL_QUERY = (
    "SELECT ?l WHERE { <https://w3id.org/provkb/id/person/ann-lee> "
    "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
)


def _default_workers() -> int:
    """The workers a server starts by default: the ad-hoc lane's and the light lane's."""
    defaults = ServerSettings(Path(), Path(), Path())
    return defaults.max_concurrent_queries + defaults.light_workers


def _serve(project: ProjectPaths) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "provkb.cli",
            "serve",
            "--root",
            str(project.root),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PROVKB_ROOT": str(project.root)},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stdout.read().decode())  # type: ignore[union-attr]
        try:
            httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=5)
            return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("provkb serve did not start")


def _stop(process: subprocess.Popen[bytes]) -> str:
    process.terminate()
    output, _ = process.communicate(timeout=60)
    # uvicorn shuts down cleanly, then re-raises SIGTERM so the exit status tells how it ended.
    assert process.returncode in (0, -15), output.decode()
    assert "Application shutdown complete" in output.decode()
    return output.decode()


def _workers_of(project: ProjectPaths) -> list[str]:
    """Command lines of live query workers serving this project's store."""
    return _workers_in(BuildLayout(project.build).store)


def _workers_in(store_dir: Path) -> list[str]:
    """Command lines of live query workers serving a store under ``store_dir``."""
    store = str(store_dir)
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "provkb.server.worker" in text and store in text:
            found.append(text)
    return found


def _label(url: str) -> str:
    response = httpx.get(
        url + "/sparql",
        params={"query": LABEL_QUERY},
        headers={"Accept": "application/sparql-results+json"},
    )
    return response.json()["results"]["bindings"][0]["l"]["value"]


def _stores(project: ProjectPaths) -> list[Path]:
    return sorted(
        p for p in BuildLayout(project.build).store.iterdir() if not p.name.startswith(".")
    )


def test_serve_builds_reuses_and_rebuilds(example_project: ProjectPaths) -> None:
    assert not BuildLayout(example_project.build).trig.exists()
    process, url = _serve(example_project)
    try:
        assert _label(url) == "Ann Lee"
        assert httpx.get(url + "/dumps/provkb.trig").status_code == 200
        assert len(_workers_of(example_project)) == _default_workers()
    finally:
        log = _stop(process)
    assert "building" in log
    assert _workers_of(example_project) == [], "query workers outlived the server"
    (store,) = _stores(example_project)
    marker = next(store.glob("provkb-store-ready")).stat().st_mtime_ns

    # A restart with nothing changed: no build, and the same store, not loaded again.
    process, url = _serve(example_project)
    try:
        assert _label(url) == "Ann Lee"
    finally:
        log = _stop(process)
    assert "building" not in log
    assert _stores(example_project) == [store]
    assert next(store.glob("provkb-store-ready")).stat().st_mtime_ns == marker

    # kb/ changed: rebuilt, a new store for the new dump, the old one gone.
    registry = example_project.registry / "example.yaml"
    time.sleep(0.01)
    registry.write_text(
        registry.read_text(encoding="utf-8").replace('"Ann Lee"}', '"Ann Lee-Smith"}', 1),
        encoding="utf-8",
    )
    process, url = _serve(example_project)
    try:
        assert _label(url) == "Ann Lee-Smith"
    finally:
        log = _stop(process)
    assert "building" in log
    assert len(_stores(example_project)) == 1
    assert _stores(example_project) != [store]


def test_a_restart_does_not_hash_an_unchanged_dump(
    seed_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reopening the store of an untouched dump reads none of it; a dump rewritten behind the
    server's back, even to the same size and modification time, is hashed and loaded anew."""
    data = tmp_path / "provkb.trig"
    shutil.copy(BuildLayout(seed_build).trig, data)
    first = store.prepare_store(data, tmp_path / "store")
    hashed: list[Path] = []
    real_sha256 = store.file_sha256
    monkeypatch.setattr(store, "file_sha256", lambda path: hashed.append(path) or real_sha256(path))
    assert store.prepare_store(data, tmp_path / "store") == first
    assert hashed == []

    before = data.stat()
    original = data.read_bytes()
    changed = original.replace(b"Bulut Alemdar", b"Bulut Alemdaz", 1)
    assert len(changed) == len(original) and changed != original
    data.write_bytes(changed)
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))
    second = store.prepare_store(data, tmp_path / "store")
    assert hashed == [data]
    assert second != first and not first.exists()


def test_workers_die_with_a_killed_server(seed_build: Path, tmp_path: Path) -> None:
    """A server killed outright (SIGKILL, no shutdown) leaves no worker computing: the one in
    the middle of a cross product exits within seconds, not when its query would end."""
    data = tmp_path / "provkb.trig"
    shutil.copy(BuildLayout(seed_build).trig, data)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "provkb.cli",
            "serve",
            "--data",
            str(data),
            "--port",
            str(port),
            "--timeout",
            "600",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    deadline = time.monotonic() + 120
    while True:
        try:
            httpx.get(url, params={"query": "ASK {}"}, timeout=5)
            break
        except httpx.TransportError:
            assert time.monotonic() < deadline, "provkb serve did not start"
            time.sleep(0.2)
    assert len(_workers_in(tmp_path / "store")) == _default_workers()

    def busy() -> None:
        with contextlib.suppress(httpx.TransportError):
            httpx.get(
                url, params={"query": "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f }"}, timeout=30
            )

    client = threading.Thread(target=busy)
    client.start()
    time.sleep(1)
    process.kill()
    process.wait()
    start = time.monotonic()
    while _workers_in(tmp_path / "store") and time.monotonic() - start < 10:
        time.sleep(0.2)
    assert _workers_in(tmp_path / "store") == [], "workers outlived their server"
    assert time.monotonic() - start < 5
    client.join()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "no such file"),
        (["--base-iri", "https://kb.example.org/data"], "--base-iri must end with /"),
    ],
)
def test_user_errors_exit_2_with_a_message(
    extra: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistake on the command line: exit 2 and one line saying what is wrong, no traceback."""
    assert main(["serve", "--data", str(tmp_path / "missing.trig"), *extra]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
