"""The judging code of ``bench/endpoint_comparison.py``, without any server: how a runaway
query's answer is classified, and how a table cell is written."""

from __future__ import annotations

import pytest

from bench import endpoint_comparison as comparison

Timed = comparison.Timed
WHOLE = b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"7"}}]}}'


@pytest.mark.parametrize(
    ("answer", "ok", "words"),
    [
        (Timed(status=503, head=b"{}", size=2, seconds=10.4, complete=True), True, "503 after"),
        (Timed(status=200, head=WHOLE, size=len(WHOLE), complete=True), True, "whole answer"),
        (Timed(error="timeout"), False, "no answer within 15 s (no status line"),
        (Timed(status=200, error="timeout"), False, "mid-body"),
        (Timed(status=200, size=5 * 10**6, complete=False), False, "still sending"),
        # Oxigraph's timeout: a 200 whose JSON stops where the cancellation text starts.
        (
            Timed(
                status=200,
                head=b'{"head":{"vars":["n"]},"results":{"bindings":[The SPARQL operation',
                size=70,
                complete=True,
            ),
            False,
            "cut body",
        ),
        (
            Timed(
                status=200,
                tail=b'..."}}]}}The SPARQL operation has been cancelled',
                size=10**8,
                complete=True,
            ),
            False,
            "cut body",
        ),
        (Timed(status=200, tail=b'..."}}]}}\n', size=10**8, complete=True), True, "whole"),
    ],
)
def test_runaway_answers_are_judged(answer: object, ok: bool, words: str) -> None:
    """Only an error status with a whole body (or a whole answer) passes; silence, a body still
    coming and a 200 cut short fail."""
    outcome = comparison.judge_runaway(answer, 15.0)
    assert outcome.ok is ok
    assert words in outcome.reason


def test_cells_are_one_escaped_line() -> None:
    """Reasons go into a Markdown table: pipes escaped, white space folded, length capped."""
    cell = comparison.failed("a | b\n  c" + "x" * 300).cell()
    assert cell.startswith("fail: a \\| b c")
    assert "\n" not in cell
    assert len(cell) < 130
    assert comparison.Outcome(None).cell() == "not run"
    assert comparison.passed().cell() == "pass"


def test_updates_go_to_the_update_url() -> None:
    """The endpoint lists both its URLs for the update check, once each."""
    apart = comparison.Endpoint("http://h/query", "http://h/update")
    assert apart.update_urls == ["http://h/query", "http://h/update"]
    assert comparison.Endpoint("http://h/sparql").update_urls == ["http://h/sparql"]
