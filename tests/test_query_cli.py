"""``provkb query``: the listing, the output formats, and user errors (exit 2, no traceback)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from provkb.cli import main
from provkb.layout import BuildLayout
from provkb_harness.servers import free_port

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "data" / "fixture-kb.trig"
ID = "https://w3id.org/provkb/id/"
AGENCY = ["-p", "entity=org/example-agency"]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_listing_names_every_query_with_its_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["query", "--root", str(ROOT)], capsys)
    assert code == 0
    for path in (ROOT / "queries").glob("*.rq"):
        assert f"{path.stem}  —  " in out
    assert "--param words=<string>  (required; e.g. Turkmen Sahra)" in out
    assert "--param overlap=<boolean>  (default 'false'; e.g. true)" in out
    assert "--param actor=<iri>  (required; e.g. person/bulut-alemdar)" in out


def test_short_and_full_iri_values_are_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    """``org/example-agency`` is the kb/ reference; it stands for <base>id/org/example-agency."""
    base = ["query", "entity-mentions", "--data", str(FIXTURE), "--root", str(ROOT), "-f", "csv"]
    short = run([*base, *AGENCY], capsys)
    full = run([*base, "-p", f"entity={ID}org/example-agency"], capsys)
    assert short == full
    assert short[1].count("Example Agency") == 4
    other_base = run([*base, *AGENCY, "--base-iri", "https://kb.example/"], capsys)
    assert other_base[1].splitlines() == ["document,name,start,end,mention,via"]


def test_table_is_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["query", "entity-mentions", *AGENCY, "--data", str(FIXTURE), "--root", str(ROOT)]
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert out.splitlines() == [
        "document             name            start  end  mention                              via",
        "-------------------  --------------  -----  ---  -----------------------------------  ---",
        "id:doc/example-news  Example Agency  196    210  id:doc/example-news/mention/196-210",
        "id:doc/example-news  Example Agency  370    384  id:doc/example-news/mention/370-384",
        "id:doc/example-news  Example Agency  405    419  id:doc/example-news/mention/405-419",
        "id:doc/example-news  Example Agency  745    759  id:doc/example-news/mention/745-759",
        "(4 rows)",
    ]


def test_table_cuts_long_cells_and_shows_line_breaks(capsys: pytest.CaptureFixture[str]) -> None:
    town = ["-p", "entity=https://w3id.org/provkb/id/place/exampletown"]
    argv = ["query", "assertions-about", *town, "--data", str(FIXTURE), "--root", str(ROOT)]
    assert run(argv, capsys)[1].endswith("(0 rows)\n")
    argv = ["query", "who-said-it", "-p", "words=}", "--data", str(FIXTURE), "--root", str(ROOT)]
    code, out, _ = run([*argv, "--max-width", "12"], capsys)
    assert code == 0
    assert "«We demand …" in out


def test_json_is_sparql_results_json(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["query", "entity-mentions", *AGENCY, "--data", str(FIXTURE), "-f", "json"]
    code, out, _ = run([*argv, "--root", str(ROOT)], capsys)
    assert code == 0
    result = json.loads(out)
    assert result["head"]["vars"] == ["document", "name", "start", "end", "mention", "via"]
    first = result["results"]["bindings"][0]
    assert first["name"] == {"type": "literal", "value": "Example Agency"}
    assert first["start"] == {
        "type": "literal",
        "value": "196",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }


def test_csv_and_tsv(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["query", "who-said-it", "-p", "words=}", "--data", str(FIXTURE), "--root", str(ROOT)]
    code, out, _ = run([*base, "-f", "csv"], capsys)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:2] == ["assertion", "speaker"]
    assert rows[1][4] == "«We demand {that} the bridge reopen } UNION { now,»"
    code, out, _ = run([*base, "-f", "tsv"], capsys)
    assert code == 0
    header, row = out.splitlines()
    assert header.startswith("?assertion\t?speaker\t")
    assert '"«We demand {that} the bridge reopen } UNION { now,»"' in row.split("\t")
    assert '"2024-03-02"^^<http://www.w3.org/2001/XMLSchema#date>' in row.split("\t")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "no-such-query"], "no query 'no-such-query'; known: actor-assertions"),
        (["query", "who-said-it"], "parameter 'words' (string) is required"),
        (["query", "who-said-it", "-p", "words"], "--param 'words': expected KEY=VALUE"),
        (["query", "who-said-it", "-p", "words=a", "-p", "words=b"], "--param words given twice"),
        (["query", "who-said-it", "-p", "text=a"], "has no parameter 'text'"),
        (["query", "timeline", "-p", "from=2020-02-30"], "parameter 'from' (date): invalid value"),
        (["query", "relay-chain", "-p", "assertion=x> } #"], "parameter 'assertion' (iri)"),
        (["query", "contradictions", "--data", "/nonexistent.trig"], "no such file"),
    ],
    ids=[
        "unknown-query",
        "missing-value",
        "no-equals",
        "twice",
        "unknown-parameter",
        "bad-date",
        "bad-iri",
        "missing-dump",
    ],
)
def test_user_errors_exit_2_with_a_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([*argv, "--root", str(ROOT)], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("provkb query: ")
    assert message in err
    assert "Traceback" not in err


def test_unreachable_endpoint_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/sparql"
    argv = ["query", "contradictions", "--endpoint", endpoint, "--root", str(ROOT)]
    code, _, err = run(argv, capsys)
    assert code == 2
    assert err.startswith(f"provkb query: endpoint: {endpoint}: ")
    assert "Connection refused" in err


def test_malformed_catalogue_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder in ("kb", "ontology", "queries"):
        (tmp_path / folder).mkdir()
    (tmp_path / "queries" / "broken.rq").write_text("# titel: x\nSELECT * WHERE {}\n")
    code, _, err = run(["query", "--root", str(tmp_path)], capsys)
    assert code == 2
    assert f"{tmp_path / 'queries' / 'broken.rq'}:1: header line must be" in err


def test_builds_the_dump_when_it_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no build, ``provkb query`` builds it first, as ``provkb build`` would."""
    from tests.conftest import make_project, readme_example_files

    project = make_project(tmp_path, readme_example_files())
    shutil.copytree(ROOT / "queries", project.queries)
    argv = ["query", "demands-and-appeals", "--root", str(project.root), "-f", "csv"]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    assert "is missing; building it first" in err
    assert BuildLayout(project.build).trig.exists()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["speaker"], r["quote"]) for r in rows] == [
        (f"{ID}person/ann-lee", "I ask you to reopen the Old Bridge.")
    ]
