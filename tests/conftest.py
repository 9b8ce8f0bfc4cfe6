"""Shared fixtures: the project checkout, and small KBs built in temporary folders."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from provkb.paths import ProjectPaths
from provkb_harness.query_engines import RemoteEngines

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def readme_example_files() -> dict[str, str]:
    """The files of the complete example in kb/README.md, by path."""
    readme = (ROOT / "kb" / "README.md").read_text(encoding="utf-8")
    example = readme[readme.index("## A complete small example") :]
    files = dict(re.findall(r"`(kb/[^`]+)`:\n\n```\w+\n(.*?)```", example, re.S))
    assert len(files) == 3, f"expected 3 example files in kb/README.md, found {sorted(files)}"
    return files


def make_project(tmp: Path, files: dict[str, str]) -> ProjectPaths:
    """A provkb project under ``tmp`` with the real ontology and the given kb/ files."""
    shutil.copytree(ROOT / "ontology", tmp / "ontology")
    shutil.copytree(ROOT / "shapes", tmp / "shapes")
    for folder in ("kb/documents", "kb/registry", "kb/decisions"):
        (tmp / folder).mkdir(parents=True, exist_ok=True)
    for relative, content in files.items():
        (tmp / relative).write_text(content, encoding="utf-8")
    return ProjectPaths(tmp)


@pytest.fixture
def example_project(tmp_path: Path) -> ProjectPaths:
    """The kb/README.md example as a project of its own."""
    return make_project(tmp_path, readme_example_files())


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed KB of this checkout, built once into a temporary folder."""
    from provkb.build.pipeline import compile_kb, write_build

    out = tmp_path_factory.mktemp("seed") / "build"
    write_build(compile_kb(ProjectPaths(ROOT)), out)
    return out


@pytest.fixture(scope="session")
def remote_engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteEngines]:
    """The SPARQL servers of the session (Oxigraph server, Virtuoso), each started when a test
    first asks for it and stopped at the end of the session."""
    with RemoteEngines(tmp_path_factory.mktemp("servers")) as engines:
        yield engines


# Modules whose tests start a provkb server, a browser, another SPARQL store or the benchmarks
# carry the marker "server", which `make test-fast` leaves out; a module may also mark itself
# (``pytestmark = pytest.mark.server``). Any module that uses the harness's live server is marked
# too, whatever its name (see ``_starts_a_server``), so a new page test cannot slip into the fast
# loop by being named otherwise.
_SERVER_MODULES = re.compile(r"test_(server|serve|remote|w3c|bench|published|hostile|sandbox|soak)")
# Tests that take tens of seconds (the seed KB through pySHACL, generated corpora, every shape
# fixture through both engines; the fast loop keeps the shape fixtures on the default engine)
# carry the marker "slow", also left out of `make test-fast`.
_SLOW = re.compile(
    r"test_(validation_scale|seed_kb)\.py"
    # provkb add end to end: add, build, validate and query a project copy, each a few seconds.
    r"|test_draft_add\.py::(test_add_build_validate_query|test_drafts_are_recorded)"
    r"|test_shapes\.py::(test_turbo_screens_every_fixture_as_pyshacl_does|.*\[pyshacl-)"
)


def _starts_a_server(item: pytest.Item) -> bool:
    module = getattr(item, "module", None)
    return module is not None and (
        "LiveServer" in vars(module) or "sync_playwright" in vars(module)
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of server modules and the slow tests (see ``_SERVER_MODULES``, ``_SLOW``)."""
    for item in items:
        path, _, test = item.nodeid.partition("::")
        name = f"{path.rsplit('/', 1)[-1]}::{test}"
        if _SERVER_MODULES.match(name) or _starts_a_server(item):
            item.add_marker(pytest.mark.server)
        if _SLOW.match(name):
            item.add_marker(pytest.mark.slow)
