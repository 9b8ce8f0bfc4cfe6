"""Every canned-query case on every engine: exact rows, in order.

The cases are data, one file each: ``tests/queries/<query>/<kb>-<name>.yaml`` (see
:mod:`provkb_harness.cases`). Two KBs: the hand-written fixture (``tests/data/fixture-kb.trig``,
following ontology/README.md) holds the cases each query must tell apart (relayed and translated
speech, an unnamed translator, a collective speaker, an assertion with no speaker, corroborations
that are and are not independent, dates at four precisions, look-alikes); the seed KB (the four
source documents, built from ``kb/``) is checked on annotations unlikely to change (Bulut Alemdar's
quotes in the VOA interview, the ANRO letter, the dated events of the rally article), queries
without parameters on a slice (``only``) so that annotations added elsewhere do not break them.

Four engines give the same rows: the embedded pyoxigraph store, rdflib's SPARQL over a
``Dataset`` (queries/README.md says what that took: COALESCEd sort keys, no FILTER NOT EXISTS
inside OPTIONAL; its decimals are compared in canonical form), and two SPARQL servers over HTTP
that ``provkb push`` loaded: the Oxigraph server and Virtuoso (an integration test). When rows
change on purpose, review the difference a failing case prints, then ``make golden``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from provkb.layout import BuildLayout
from provkb.query.catalogue import CannedQuery, load_catalogue
from provkb_harness import golden
from provkb_harness.cases import (
    KBS,
    CaseError,
    QueryCase,
    compact,
    load_case,
    load_cases,
    with_rows,
    write_case,
)
from provkb_harness.query_engines import (
    EmbeddedEngine,
    QueryEngine,
    RdflibEngine,
    RemoteEngines,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "data" / "fixture-kb.trig"
CASE_DIR = Path(__file__).parent / "queries"
CATALOGUE: dict[str, CannedQuery] = {q.name: q for q in load_catalogue(ROOT / "queries")}
# Grouped by KB so that a server is pushed each KB once per engine.
CASES = sorted(load_cases(CASE_DIR), key=lambda case: (case.kb, case.id))
ENGINES = ("embedded", "rdflib", "oxigraph", "virtuoso")


def _param(engine: str, item: object, item_id: str, *, seed: bool) -> object:
    """One engine's run of a case: the servers are left out of ``make test-fast`` (marker
    ``server``; Virtuoso is also ``integration``), and so is the seed KB's build (``slow``)."""
    marks = []
    if engine in ("oxigraph", "virtuoso"):
        marks.append(pytest.mark.server)
    if engine == "virtuoso":
        marks.append(pytest.mark.integration)
    if seed:
        marks.append(pytest.mark.slow)
    return pytest.param(engine, item, id=f"{engine}:{item_id}", marks=marks)


@pytest.fixture(scope="module")
def embedded() -> EmbeddedEngine:
    return EmbeddedEngine()


@pytest.fixture(scope="module")
def local(embedded: EmbeddedEngine) -> dict[str, QueryEngine]:
    return {"embedded": embedded, "rdflib": RdflibEngine()}


@pytest.fixture(scope="module")
def kbs(seed_build: Path) -> dict[str, Path]:
    return {"fixture": FIXTURE, "seed": BuildLayout(seed_build).trig}


def trig_of(kb: str, request: pytest.FixtureRequest) -> Path:
    """The dump of ``kb``; the seed KB is built (once a session) only when a case asks for it."""
    return FIXTURE if kb == "fixture" else BuildLayout(request.getfixturevalue("seed_build")).trig


def engine_called(
    name: str, local: dict[str, QueryEngine], remote_engines: RemoteEngines
) -> QueryEngine:
    """The engine ``name``: in this process, or a server started for the session."""
    return local[name] if name in local else remote_engines.get(name)


@pytest.mark.parametrize(
    ("engine", "case"),
    [_param(e, c, c.id, seed=c.kb == "seed") for e in ENGINES for c in CASES],
)
def test_case_rows(
    engine: str,
    case: QueryCase,
    local: dict[str, QueryEngine],
    remote_engines: RemoteEngines,
    request: pytest.FixtureRequest,
) -> None:
    runner = engine_called(engine, local, remote_engines)
    query = CATALOGUE[case.query]
    table = runner.select(trig_of(case.kb, request), query.bind(case.values()))
    assert table.variables == query.columns, "the header's columns are the query's variables"
    found = case.select(table)
    assert runner.comparable(found) == runner.comparable(case.rows), case.mismatch(found)


@pytest.mark.parametrize("kb", KBS)
@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "queries").glob("*.rq")))
def test_every_query_has_a_case_on_each_kb(name: str, kb: str) -> None:
    assert any(c.query == name and c.kb == kb for c in CASES), (
        f"no {kb} case runs {name}: add tests/queries/{name}/{kb}-<name>.yaml"
    )


def test_every_case_runs_a_query_of_the_catalogue() -> None:
    assert CASES, f"no case files under {CASE_DIR}"
    assert CATALOGUE, "no queries in queries/"
    unknown = sorted({c.query for c in CASES} - set(CATALOGUE))
    assert not unknown, f"cases for queries that do not exist: {unknown}"


def example_runs() -> list[tuple[str, dict[str, str]]]:
    """Every canned query with its required parameters set to their examples, and again with
    every example value when some parameters are optional."""
    runs = []
    for query in CATALOGUE.values():
        required = {p.name: p.example for p in query.parameters if p.required}
        runs.append((query.name, required))
        if len(required) < len(query.parameters):
            runs.append((query.name, {p.name: p.example for p in query.parameters}))
    return runs


def _run_id(run: tuple[str, dict[str, str]]) -> str:
    name, values = run
    required = [p for p in CATALOGUE[name].parameters if p.required]
    return f"{name}-examples" if len(values) > len(required) else name


@pytest.mark.parametrize(
    ("engine", "run"),
    [
        _param(e, run, _run_id(run), seed=True)
        for e in ENGINES
        if e != "embedded"
        for run in example_runs()
    ],
)
def test_seed_examples_give_the_embedded_stores_rows(
    engine: str,
    run: tuple[str, dict[str, str]],
    local: dict[str, QueryEngine],
    remote_engines: RemoteEngines,
    embedded: EmbeddedEngine,
    kbs: dict[str, Path],
) -> None:
    """Beyond the cases: every query's examples on the whole seed KB, rows as the embedded store
    gives them."""
    runner = engine_called(engine, local, remote_engines)
    text = CATALOGUE[run[0]].bind(run[1])
    expected = embedded.select(kbs["seed"], text)
    got = runner.select(kbs["seed"], text)
    assert got.variables == expected.variables
    assert runner.comparable(compact(got)) == runner.comparable(compact(expected))


@pytest.mark.slow
def test_capital_dotted_i_matches_as_turkic_i(
    embedded: EmbeddedEngine, kbs: dict[str, Path]
) -> None:
    """who-said-it matches İ (U+0130) as I, as Turkic languages lower-case it (on the other
    engines: tests/test_remote_stores.py)."""
    query = CATALOGUE["who-said-it"]
    upper = embedded.select(kbs["seed"], query.bind({"words": "İRAN"})).rows
    assert upper
    assert upper == embedded.select(kbs["seed"], query.bind({"words": "iran"})).rows


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_header_examples_find_rows_in_the_seed(
    embedded: EmbeddedEngine, kbs: dict[str, Path], name: str
) -> None:
    """The examples the listing and the server offer show something."""
    query = CATALOGUE[name]
    values = {p.name: p.example for p in query.parameters}
    assert embedded.select(kbs["seed"], query.bind(values)).rows, name


@pytest.mark.slow
def test_golden_rewrites_every_case_file_byte_for_byte(
    tmp_path: Path, kbs: dict[str, Path]
) -> None:
    """``make golden`` on an unchanged KB changes nothing: the files are what it writes
    (stable key, row and column order), and a second run writes the same bytes."""
    copy = tmp_path / "queries"
    shutil.copytree(CASE_DIR, copy)
    cases = load_cases(copy)
    assert len(cases) == len(CASES)
    assert not [c.path for c in golden.regenerate(cases, CATALOGUE, kbs) if write_case(c)]
    emptied = [with_rows(case, []) for case in cases]
    assert len([c for c in emptied if write_case(c)]) == len([c for c in cases if c.rows])
    again = [c.path for c in golden.regenerate(emptied, CATALOGUE, kbs) if write_case(c)]
    assert len(again) == len([c for c in cases if c.rows])
    for case in cases:
        assert case.path.read_bytes() == (CASE_DIR / case.path.relative_to(copy)).read_bytes()


def test_a_failing_case_shows_the_difference_and_names_make_golden(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.id == "entity-mentions/fixture-three-times")
    path = tmp_path / "entity-mentions" / case.path.name
    path.parent.mkdir()
    text = case.path.read_text(encoding="utf-8").replace("start: 370", "start: 371")
    path.write_text(text, encoding="utf-8")
    stale = load_case(path)
    table = EmbeddedEngine().select(FIXTURE, CATALOGUE[stale.query].bind(stale.values()))
    found = stale.select(table)
    assert found != stale.rows
    message = stale.mismatch(found)
    assert "make golden" in message
    assert "-  start: 371\n+  start: 370" in message


def test_a_slice_by_a_column_the_query_lacks_is_an_error(tmp_path: Path) -> None:
    """``only`` on a misspelt column would keep no row and pass with ``rows: []``."""
    path = tmp_path / "weakly-sourced" / "fixture-misspelt.yaml"
    path.parent.mkdir()
    path.write_text("query: weakly-sourced\nkb: fixture\nonly: {reasn: x}\nrows: []\n", "utf-8")
    case = load_case(path)
    table = EmbeddedEngine().select(FIXTURE, CATALOGUE[case.query].bind({}))
    with pytest.raises(CaseError, match=r"only: \['reasn'\] not among the columns"):
        case.select(table)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("query: timeline\nkb: fixture\nrows: [{date: 2024-03-02}]\n", "is a date"),
        ("query: timeline\nkb: seed\nrows: []\n", "kb: 'seed'"),
        ("query: citations\nkb: fixture\nrows: []\n", "is not the folder's name"),
        ("query: timeline\nkb: fixture\nparams: {from: 2024}\nrows: []\n", "is not text"),
        ("query: timeline\nkb: fixture\n", "rows: expected a list"),
        ("query: timeline\nkb: fixture\nrow: []\n", "unknown key(s) ['row']"),
    ],
)
def test_a_malformed_case_file_is_named_with_what_is_wrong(
    tmp_path: Path, text: str, complaint: str
) -> None:
    path = tmp_path / "timeline" / "fixture-bad.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError) as raised:
        load_case(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert complaint in str(raised.value)


def _checkout_with(tmp_path: Path, case: QueryCase, text: str) -> Path:
    """A copy of the checkout's queries and fixture KB under ``tmp_path``, with one case file."""
    shutil.copytree(ROOT / "queries", tmp_path / "queries")
    (tmp_path / "tests" / "data").mkdir(parents=True)
    shutil.copy(FIXTURE, tmp_path / "tests" / "data" / FIXTURE.name)
    path = tmp_path / "tests" / "queries" / case.query / case.path.name
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_make_golden_fills_in_the_rows_of_a_new_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in CASES if c.id == "relay-chain/fixture-no-publisher")
    text = case.path.read_text(encoding="utf-8")
    path = _checkout_with(tmp_path, case, text[: text.index("rows:")] + "rows: []\n")
    assert golden.main(["--root", str(tmp_path), str(path)]) == 0
    assert path.read_text(encoding="utf-8") == text
    assert "golden: 1 case(s), 1 rewritten" in capsys.readouterr().out


def test_make_golden_names_a_case_whose_parameters_do_not_bind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in CASES if c.id == "timeline/fixture-month-within")
    text = "query: timeline\nkb: fixture\nparams:\n  from: not-a-date\nrows: []\n"
    path = _checkout_with(tmp_path, case, text)
    assert golden.main(["--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"golden: {path}: params: ")
    assert path.read_text(encoding="utf-8") == text
