"""The build folder: its manifest, and the one decision whether a build is current."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest

from provkb.cli import main
from provkb.layout import BuildLayout, BuildUnavailable, Manifest, ensure_current
from provkb.paths import ProjectPaths
from tests.conftest import ROOT, make_project, readme_example_files

LOCAL = "http://localhost:8000/"


def _logged(paths: ProjectPaths, base: str | None = None) -> tuple[Manifest, list[str]]:
    said: list[str] = []
    manifest = ensure_current(paths, base=base, command="test", log=said.append)
    return manifest, said


def test_a_current_build_is_not_built_again(example_project: ProjectPaths) -> None:
    first, said = _logged(example_project)
    assert said == [
        f"provkb test: {BuildLayout(example_project.build).trig} is missing; building it first"
    ]
    assert first.base_iri == "https://w3id.org/provkb/"
    again, said = _logged(example_project)
    assert said == [] and again == first


def test_inputs_touched_but_unchanged_are_not_a_reason(example_project: ProjectPaths) -> None:
    """A checkout rewrites files without changing them: their contents decide, not their times."""
    _logged(example_project)
    registry = example_project.registry / "example.yaml"
    stat = registry.stat()
    os.utime(registry, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    _, said = _logged(example_project)
    assert said == []


@pytest.mark.parametrize("change", ["edit", "add", "remove"])
def test_changed_inputs_rebuild(example_project: ProjectPaths, change: str) -> None:
    _logged(example_project)
    registry = example_project.registry / "example.yaml"
    if change == "edit":
        registry.write_text(
            registry.read_text("utf-8").replace('"Ann Lee"}', '"Ann Lee-Smith"}', 1), "utf-8"
        )
    elif change == "add":
        (example_project.kb / "NOTES.md").write_text("notes\n", "utf-8")
    else:
        (example_project.ontology / "README.md").write_text("notes\n", "utf-8")
        _logged(example_project)
        (example_project.ontology / "README.md").unlink()
    _, said = _logged(example_project)
    assert said == ["provkb test: kb/ or ontology/ changed since it was built; building it first"]


def test_another_base_or_another_provkb_rebuilds(example_project: ProjectPaths) -> None:
    _logged(example_project)
    manifest, said = _logged(example_project, LOCAL)
    assert manifest.base_iri == LOCAL
    assert said == [
        f"provkb test: it was built with base https://w3id.org/provkb/, not {LOCAL}; "
        "building it first"
    ]
    # Asked for no base: the build's is kept, not the default.
    assert _logged(example_project) == (manifest, [])
    layout = BuildLayout(example_project.build)
    data = json.loads(layout.manifest.read_text("utf-8"))
    layout.manifest.write_text(json.dumps({**data, "provkb_version": "0.0.1"}), "utf-8")
    manifest, said = _logged(example_project)
    assert said == [
        "provkb test: it was built by provkb 0.0.1, this is "
        f"{Manifest.read(layout).provkb_version}; building it first"  # type: ignore[union-attr]
    ]
    assert manifest.base_iri == LOCAL, "a rebuild keeps the base the build had"


def test_no_build_and_nothing_to_build_it_from(tmp_path: Path) -> None:
    with pytest.raises(BuildUnavailable, match="has no kb/ to build it from"):
        ensure_current(ProjectPaths(tmp_path), command="test", log=lambda _: None)


def test_query_builds_with_the_base_it_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``provkb query --base-iri`` used to build with the default base and then look for IRIs
    under the one it was given: no rows."""
    project = make_project(tmp_path, readme_example_files())
    shutil.copytree(ROOT / "queries", project.queries)
    argv = ["query", "actor-assertions", "--root", str(project.root), "-f", "csv"]
    assert main([*argv, "--base-iri", LOCAL, "-p", "actor=person/ann-lee"]) == 0
    out, err = capsys.readouterr()
    assert "building it first" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows, "no rows: the IRIs of the build and of the parameter differ"
    assert Manifest.read(BuildLayout(project.build)).base_iri == LOCAL  # type: ignore[union-attr]
    # Without --base-iri, the build's base expands short IRIs; nothing is built again.
    assert main([*argv, "-p", "actor=person/ann-lee"]) == 0
    again, err = capsys.readouterr()
    assert "building" not in err
    assert again == out


def test_every_command_takes_the_same_build_option(
    example_project: ProjectPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    root = ["--root", str(example_project.root), "--build", str(elsewhere)]
    assert main(["build", *root]) == 0
    assert main(["validate", *root]) == 0
    shutil.copytree(ROOT / "queries", example_project.queries)
    assert main(["query", "demands-and-appeals", *root]) == 0
    _, err = capsys.readouterr()
    assert "building" not in err
    assert BuildLayout(elsewhere).trig.is_file()
    assert not example_project.build.exists()


def test_serve_publishes_the_dumps_and_keeps_the_state_apart(tmp_path: Path) -> None:
    """The server publishes the published folder only; its store and the build-time indexes it
    reads are internal state. A TriG served as it is has a store beside it and no state."""
    from provkb.cli import make_parser
    from provkb.commands.serve import settings_from_args

    build = BuildLayout(tmp_path / "build")
    args = make_parser().parse_args(["serve", "--build", str(build.root)])
    settings = settings_from_args(args, build, LOCAL, None)
    assert settings.dataset == build.trig
    assert settings.build_dir == build.published
    assert settings.store_dir == build.store and settings.state_dir == build.state
    assert not settings.store_dir.is_relative_to(settings.build_dir)
    data = tmp_path / "mine.trig"
    args = make_parser().parse_args(["serve", "--data", str(data)])
    settings = settings_from_args(args, build, LOCAL, None)
    assert (settings.dataset, settings.build_dir, settings.state_dir) == (data, tmp_path, None)
