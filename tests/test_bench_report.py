"""The report of ``bench/run.py``, without measuring anything: targets judged from the figures,
servers that are not installed said so and skipped, the plot written."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import run

QUERIES = ("who-said-it", "actor-assertions", "entity-mentions")


def timing(median: float) -> dict:
    return {"rows": 3, "runs": 20, "median": median, "p95": median * 1.5}


def point(rps: float) -> dict:
    return {
        "rps": rps,
        "requests": int(rps * 5),
        "p50_ms": 1000 / rps,
        "p99_ms": 3000 / rps,
        "non_2xx": 0,
        "timeouts": 0,
    }


def size(
    quads: int,
    rdflib: float,
    virtuoso: float | None,
    provkb_rps: float = 1000.0,
    virtuoso_skipped: str | None = None,
) -> dict:
    """One size's results: embedded 10 ms per query, the others that many times slower."""
    queries: dict = {
        "oxigraph": {n: timing(0.010) for n in QUERIES},
        "rdflib": {n: timing(0.010 * rdflib) for n in QUERIES},
        "notes": {},
        "skipped": {},
        "load": {"oxigraph": 0.5, "rdflib": 5.0},
        "how": {},
        "timeouts": {"oxigraph": 300.0, "rdflib": 120.0},
        "compared": 6,
    }
    queries["rdflib"]["entity-mentions"] = {"timeout": 120.0}
    if virtuoso is not None:
        queries["virtuoso"] = {n: timing(0.010 * virtuoso) for n in QUERIES}
        queries["virtuoso"]["who-said-it"] = timing(0.005)  # faster than embedded on one
        queries["how"]["virtuoso"] = "loaded with `provkb push`"
    if virtuoso_skipped:
        queries["skipped"]["virtuoso"] = virtuoso_skipped
    queries["summary"] = run.summarise(queries)
    http = {
        "provkb serve": {f"{n}@{c}": point(provkb_rps) for n in QUERIES for c in (1, 8)},
        "oxigraph server": {f"{n}@{c}": point(1500.0) for n in QUERIES for c in (1, 8)},
        "rdflib-endpoint": {f"{n}@{c}": point(40.0) for n in QUERIES for c in (1, 8)},
    }
    for engine in http.values():
        engine["startup_s"] = 1.0
    return {
        "documents": quads // 1000,
        "build": {"quads": quads, "wall": 1.0, "cpu": 1.0, "peak_mb": 100},
        "queries": queries,
        "http": http,
        "http_seconds": 5,
        "startup": {"cold": 2.0, "warm": 1.0},
    }


def results(*sizes: dict) -> dict:
    machine = {
        "cpu": "Test CPU",
        "cores": 2,
        "usable_cores": 2,
        "memory_gib": 8.0,
        "load_average": [1.0, 0.5, 0.25],
        "os": "Linux",
        "python": "3.11.7",
        "libraries": {"pyoxigraph": "0.5.13"},
        "tools": {"Virtuoso": "7.2.5", "wrk": "4.1.0"},
        "commit": "abc1234",
        "started": "2026-01-01 00:00 UTC",
    }
    return {
        "machine": [machine],
        "sizes": list(sizes),
        "failures": [],
        "quick": True,
        "wall_s": 200,
    }


def target_row(report: str, target: str, quads: str) -> str:
    rows = [r for r in report.splitlines() if r.startswith(f"| {target}") and f"| {quads}" in r]
    assert len(rows) == 1, (target, quads, rows)
    return rows[0]


def test_the_report_starts_with_the_machine_then_the_targets() -> None:
    report = run.markdown(results(size(1_100_000, 25.0, 4.0)))
    lines = report.splitlines()
    assert lines[0] == "# provkb benchmark"
    assert lines[2] == "## Machine"
    assert "Test CPU, 2 cores; memory 8.0 GiB" in lines[4]
    assert "load average at the start: 1.00, 0.50, 0.25" in report
    assert "pyoxigraph 0.5.13" in report and "Virtuoso 7.2.5" in report
    assert report.index("## Machine") < report.index("## Targets") < report.index("## Build")


def test_targets_are_judged_with_how_much_they_miss_by() -> None:
    report = run.markdown(results(size(1_100_000, 25.0, 4.0, provkb_rps=1000.0)))
    rdflib = target_row(report, "embedded ≥ 30× faster than plain rdflib", "1,100,000 quads")
    # 25x measured (the stopped query counted at its timeout makes it a lower bound).
    assert "≥ ×25" in rdflib and "missed by 17%" in rdflib and "lower bound" in rdflib
    assert "at ~1M quads" in rdflib
    virtuoso = target_row(report, "embedded no slower than Virtuoso", "1,100,000 quads")
    assert "×4.0" in virtuoso and "**met** on the median" in virtuoso
    assert "slower than Virtuoso on 1 of 3: who-said-it ×0.50" in virtuoso
    # 1000 req/s against rdflib-endpoint's 40 (x25, met) and the Oxigraph server's 1500 (x0.67).
    assert "**met** on all 6" in target_row(report, "provkb serve ≥ 20×", "1,100,000 quads")
    assert "**met** on all 6" in target_row(report, "provkb serve ≥ ½", "1,100,000 quads")
    slow = run.markdown(results(size(1_100_000, 40.0, 0.5, provkb_rps=500.0)))
    assert "**met** at ~1M quads" in target_row(slow, "embedded ≥ 30×", "1,100,000 quads")
    assert "missed by 50%" in target_row(slow, "embedded no slower than Virtuoso", "1,100,000")
    assert "**missed on 6 of 6**" in target_row(slow, "provkb serve ≥ 20×", "1,100,000 quads")
    assert "wrk 5 s" in target_row(slow, "provkb serve ≥ 20×", "1,100,000 quads")
    assert "shorter on purpose" in target_row(slow, "HTTP load: wrk, 30 s", "1,100,000 quads")


def test_a_small_size_says_the_rdflib_target_is_for_1m_quads() -> None:
    report = run.markdown(results(size(112_299, 50.0, 2.0)))
    row = target_row(report, "embedded ≥ 30×", "112,299 quads")
    assert "the target is for 1M quads" in row


def test_a_missing_virtuoso_is_said_and_its_column_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "virtuoso_command", lambda: None)
    with (
        pytest.raises(run.Unavailable, match="virtuoso-t is not installed"),
        run.virtuoso(tmp_path, tmp_path, 10.0),
    ):
        pass
    reason = "virtuoso-t is not installed here"
    report = run.markdown(results(size(112_299, 50.0, None, virtuoso_skipped=reason)))
    assert f"not measured: {reason}" in target_row(report, "embedded no slower", "112,299")
    assert f"Virtuoso (HTTP): **skipped**: {reason}." in report
    header = next(line for line in report.splitlines() if line.startswith("| query | rows |"))
    assert "Virtuoso" not in header and "plain rdflib" in header


def test_the_plot_is_written_for_one_size_and_for_several(tmp_path: Path) -> None:
    run.plot(results(size(112_299, 50.0, 2.0)), tmp_path / "one.png")
    run.plot(results(size(112_299, 50.0, 2.0), size(1_100_000, 25.0, 4.0)), tmp_path / "two.png")
    for name in ("one.png", "two.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_http_engine_answering_nothing_counts_as_infinitely_slower() -> None:
    measured = size(112_299, 50.0, 2.0)
    measured["http"]["rdflib-endpoint"]["who-said-it@8"] = point(1.0) | {"rps": 0.0}
    report = run.markdown(results(measured))
    row = target_row(report, "provkb serve ≥ 20×", "112,299 quads")
    assert "**met** on all 6" in row and "rdflib-endpoint answered none on 1" in row


def test_the_small_select_is_a_row_of_the_http_table() -> None:
    """The smallest ad-hoc SELECT (issue 11) has its rows in the HTTP table, with its ratios,
    and stays out of the canned-query targets."""
    measured = size(112_299, 50.0, 2.0)
    name = run.SMALL_SELECT[0]
    for engine, rps in (("provkb serve", 3000.0), ("oxigraph server", 6000.0)):
        for c in run.SMALL_SELECT_CONNECTIONS:
            measured["http"][engine][f"{name}@{c}"] = point(rps)
    report = run.markdown(results(measured))
    rows = [line for line in report.splitlines() if line.startswith(f"| {name} |")]
    assert [row.split(" | ")[1] for row in rows] == ["1", "8", "32"]
    assert all("3,000.0 req/s" in row and "×0.50" in row for row in rows), rows
    assert "**met** on all 6" in target_row(report, "provkb serve ≥ 20×", "112,299 quads")
