"""Every class of user mistake gets file:line: message, exit 2, and an untouched build/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from provkb.cli import main
from provkb.paths import ProjectPaths

from .conftest import make_project, readme_example_files

YAML = "kb/documents/example-letter.yaml"
REGISTRY = "kb/registry/example.yaml"


def _project(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> ProjectPaths:
    """The README example with ``{file: (old, new)}`` replacements applied."""
    files = readme_example_files()
    for name, (old, new) in edits.items():
        assert old in files[name], f"fixture edit does not apply: {old!r}"
        files[name] = files[name].replace(old, new, 1)
    return make_project(tmp_path, files)


def _line_of(project: ProjectPaths, relative: str, needle: str) -> int:
    """The last line holding ``needle`` (for a duplicate, the repeat is the line to report)."""
    lines = (project.root / relative).read_text("utf-8").splitlines()
    return [n for n, line in enumerate(lines, start=1) if needle in line][-1]


def _build(project: ProjectPaths, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["build", "--root", str(project.root)])
    return code, capsys.readouterr().err.splitlines()


CASES = {
    "bad-yaml": (
        YAML,
        ("mode: direct\n    about", "mode: [direct\n    about"),
        "mode: [direct",
        "invalid YAML",
    ),
    "missing-field": (
        YAML,
        ("    kind: appeal\n", ""),
        "id: ask-reopen",
        "missing required field 'kind'",
    ),
    "unknown-reference": (
        YAML,
        ("speaker: person/ann-lee", "speaker: person/nobody"),
        "person/nobody",
        "unknown reference 'person/nobody'",
    ),
    "quote-not-in-text": (
        YAML,
        ("I ask you to reopen the Old Bridge.", "I ask you to close the Old Bridge."),
        "close the Old Bridge",
        "quote not found verbatim",
    ),
    "bad-date": (YAML, ("published: 2024", "published: 2024-13"), "published:", "'published'"),
    "unknown-vocabulary-value": (
        YAML,
        ("kind: appeal", "kind: plea"),
        "kind: plea",
        "'plea' is not a assertion-kind",
    ),
    "duplicate-assertion-id": (
        YAML,
        ("id: bridge-belongs", "id: ask-reopen"),
        "- id: ask-reopen",
        "duplicate assertion id 'ask-reopen'",
    ),
    "duplicate-registry-id": (
        REGISTRY,
        ("id: person/the-mayor", "id: person/ann-lee"),
        "id: person/ann-lee",
        "duplicate id 'person/ann-lee'",
    ),
    "unknown-field": (
        YAML,
        ("mode: direct", "mood: direct"),
        "mood: direct",
        "unknown field 'mood'",
    ),
    "part-of-not-an-organisation": (
        REGISTRY,
        (
            "  kind: political-organisation\n",
            "  kind: political-organisation\n  part_of: place/old-bridge\n",
        ),
        "id: org/river-alliance",
        "part_of 'place/old-bridge' is not a registry org",
    ),
    "territory-not-a-place": (
        REGISTRY,
        (
            "  kind: political-organisation\n",
            "  kind: political-organisation\n  territory: person/ann-lee\n",
        ),
        "id: org/river-alliance",
        "territory 'person/ann-lee' is not a registry place",
    ),
    "text-hash-mismatch": (
        YAML,
        ("source_sha256: ", "source_sha256: 00"),
        "source_sha256",
        "does not match the text",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_with_file_and_line(case: str, tmp_path: Path, capsys) -> None:
    relative, edit, needle, message = CASES[case]
    project = _project(tmp_path, {relative: edit})
    code, errors = _build(project, capsys)
    assert code == 2
    line = _line_of(project, relative, needle)
    expected_prefix = f"{relative}:"
    matching = [e for e in errors if e.startswith(expected_prefix) and message in e]
    assert matching, f"no error mentioning {message!r} in:\n" + "\n".join(errors)
    if case == "bad-yaml":
        assert any(e.startswith(f"{relative}:{n}:") for e in matching for n in (line, line + 1))
    elif case != "missing-field":
        assert any(e.startswith(f"{relative}:{line}:") for e in matching), matching
    assert errors[-1].startswith("provkb build:") and "nothing written" in errors[-1]
    assert not (project.root / "build").exists()


def test_ambiguous_quote_asks_for_occurrence(tmp_path: Path, capsys) -> None:
    project = _project(
        tmp_path, {YAML: ('quote: "I ask you to reopen the Old Bridge."', 'quote: "the"')}
    )
    code, errors = _build(project, capsys)
    assert code == 2
    assert any("occurs" in e and "add occurrence: N or prefix:" in e for e in errors), errors


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path, capsys) -> None:
    project = _project(
        tmp_path,
        {
            YAML: ("speaker: person/ann-lee", "speaker: person/nobody"),
            REGISTRY: ("kind: building", "kind: castle"),
        },
    )
    code, errors = _build(project, capsys)
    assert code == 2
    assert any("person/nobody" in e for e in errors)
    assert any("'castle' is not a place-kind" in e for e in errors)


def test_a_failed_build_leaves_the_previous_build_untouched(tmp_path: Path, capsys) -> None:
    project = make_project(tmp_path, readme_example_files())
    assert main(["build", "--root", str(project.root)]) == 0
    before = {p: p.read_bytes() for p in (project.root / "build").rglob("*") if p.is_file()}
    yaml_path = project.root / YAML
    yaml_path.write_text(
        yaml_path.read_text("utf-8").replace("kind: appeal", "kind: plea"), "utf-8"
    )
    assert main(["build", "--root", str(project.root)]) == 2
    after = {p: p.read_bytes() for p in (project.root / "build").rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".build.tmp-*")), "the staging folder was not cleaned up"


def test_command_line_errors_have_no_traceback(tmp_path: Path) -> None:
    project = _project(tmp_path, {YAML: ("mode: direct\n    about", "mode: [direct\n    about")})
    result = subprocess.run(
        [sys.executable, "-m", "provkb.cli", "build", "--root", str(project.root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{YAML}:" in result.stderr


def test_a_broken_ontology_file_is_reported_with_its_line(tmp_path: Path, capsys) -> None:
    project = make_project(tmp_path, readme_example_files())
    ontology = project.ontology / "provkb.ttl"
    ontology.write_text(
        ontology.read_text("utf-8") + '\npkb:broken rdfs:label "unterminated .\n', "utf-8"
    )
    code, errors = _build(project, capsys)
    assert code == 2
    line = ontology.read_text("utf-8").count("\n")
    expected = f"ontology/provkb.ttl:{line}: cannot read the ontology"
    assert any(e.startswith(expected) for e in errors), errors


def test_a_folder_that_is_not_a_project_is_a_clear_error(tmp_path: Path, capsys) -> None:
    code = main(["build", "--root", str(tmp_path)])
    assert code == 2
    assert "missing folder documents/" in capsys.readouterr().err
