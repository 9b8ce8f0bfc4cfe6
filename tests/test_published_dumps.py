"""/dumps/ serves exactly the build's published folder, and its SHA256SUMS verifies a download."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from provkb.build.pipeline import compile_kb, write_build
from provkb.layout import BuildLayout
from provkb.paths import ProjectPaths
from provkb.server.settings import ServerSettings
from provkb_harness.live_server import LiveServer

pytestmark = pytest.mark.server


def test_a_download_of_dumps_verifies_with_sha256sum(
    example_project: ProjectPaths, tmp_path: Path
) -> None:
    layout = BuildLayout(example_project.build)
    write_build(compile_kb(example_project), layout.root)
    settings = ServerSettings(
        dataset=layout.trig, build_dir=layout.published, store_dir=layout.store
    )
    downloaded = tmp_path / "downloaded"
    with LiveServer(settings) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        listing = http.get("/dumps/", headers={"Accept": "application/json"}).json()["dumps"]
        names = sorted(entry["name"] for entry in listing)
        for name in names:
            response = http.get(f"/dumps/{name}", headers={"Accept-Encoding": "identity"})
            assert response.status_code == 200, name
            (downloaded / name).parent.mkdir(parents=True, exist_ok=True)
            (downloaded / name).write_bytes(response.content)
        # Internal state is never reachable under /dumps/, whatever the spelling.
        for name in ("../state/manifest.json", "%2E%2E/state/manifest.json", "manifest.json"):
            assert http.get(f"/dumps/{name}").status_code == 404, name
    published = sorted(
        p.relative_to(layout.published).as_posix()
        for p in layout.published.rglob("*")
        if p.is_file()
    )
    assert names == published
    sha256sum = shutil.which("sha256sum")
    assert sha256sum, "coreutils' sha256sum is needed for this check"
    check = subprocess.run(
        [sha256sum, "-c", "SHA256SUMS"], cwd=downloaded, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    verified = sorted(line.rsplit(": ", 1)[0] for line in check.stdout.splitlines())
    assert verified == [name for name in names if name != "SHA256SUMS"]
