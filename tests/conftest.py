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
