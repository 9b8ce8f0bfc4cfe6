"""The documentation stands alone, and the checks it offers a KB repository run as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from provkb.cli import main
from provkb.paths import ProjectPaths
from tests.conftest import ROOT


def _commands(steps: list[str]) -> list[list[str]]:
    """The provkb command lines among shell steps, as argument lists without ``provkb``."""
    return [shlex.split(step)[1:] for step in steps if step.startswith("provkb ")]


def test_no_document_sends_readers_outside_the_checkout() -> None:
    pages = [ROOT / "README.md", *ROOT.glob("docs/*.md"), *ROOT.glob("*/README.md")]
    assert len(pages) >= 5
    for page in pages:
        assert "../shared" not in page.read_text("utf-8"), page


def test_every_package_has_its_paragraph_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    packages = [p.name for p in (ROOT / "src" / "provkb").iterdir() if (p / "__init__.py").exists()]
    assert {"annotations", "build", "validation", "query", "server", "commands"} <= set(packages)
    for package in packages:
        assert f"**`{package}/`**" in readme, package


def test_the_ci_example_runs_and_keeps_a_junit_report(
    example_project: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workflow of docs/ci.md, step by step, in a KB repository (the kb/README example)."""
    page = (ROOT / "docs" / "ci.md").read_text("utf-8")
    workflow = yaml.safe_load(re.search(r"```yaml\n(name: provkb.*?)```", page, re.S).group(1))
    steps = workflow["jobs"]["check"]["steps"]
    commands = _commands([step["run"] for step in steps if "run" in step])
    assert [c[0] for c in commands] == ["build", "validate"]
    kept = next(step for step in steps if step.get("uses", "").startswith("actions/upload"))
    assert kept["if"] == "always()"
    monkeypatch.chdir(example_project.root)
    monkeypatch.delenv("PROVKB_ROOT", raising=False)
    for command in commands:
        assert main(command) == 0, command
    report = ET.parse(example_project.root / kept["with"]["path"]).getroot()
    assert report.get("failures") == "0" and list(report.iter("testcase"))


def test_the_pre_commit_hooks_run(
    example_project: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert {hook["id"] for hook in hooks} == {"provkb-build", "provkb-validate"}
    monkeypatch.chdir(example_project.root)
    monkeypatch.delenv("PROVKB_ROOT", raising=False)
    for hook in hooks:
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert re.search(hook["files"], "kb/documents/example-letter.yaml"), hook["id"]
        assert main(_commands([hook["entry"]])[0]) == 0, hook["id"]
    assert Path(example_project.root / "build").is_dir()
