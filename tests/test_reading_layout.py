"""The reader's cutting of a text into segments (one sweep over every span and markup boundary)
and its HTML: overlapping and nested spans, Markdown-ish structure, footnote markers, raw HTML in
a text shown as text, and a byte-identical index for the same KB."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox

from provkb.build import reading_html
from provkb.build.pipeline import compile_kb
from provkb.build.reading_index import build_reading_index
from provkb.build.text_layout import read_markup, segment, visible_text
from provkb.paths import ProjectPaths
from tests.conftest import ROOT


def _visible(blocks: list[tuple[Any, list[Any]]]) -> str:
    return "|".join("".join(s.text for s in segments) for _, segments in blocks)


def test_overlapping_and_nested_spans_cut_into_segments() -> None:
    text = "Alpha beta gamma delta."
    outer, overlapping, nested = (0, 10), (6, 16), (6, 10)
    blocks = segment(text, read_markup(text), [outer, overlapping, nested], [(11, 16)], [])
    assert _visible(blocks) == text
    by_text = {s.text: s for _, segments in blocks for s in segments}
    assert by_text["Alpha "].assertions == [0]
    # In all three; listed outermost first (by start, then longest).
    assert by_text["beta"].assertions == [0, 1, 2]
    assert by_text[" "].assertions == [1]
    assert by_text["gamma"].assertions == [1] and by_text["gamma"].mentions == [0]
    assert by_text[" delta."].assertions == []


def test_markup_is_structure_not_text() -> None:
    text = (
        "# A *title*\n\nSome **bold** and \\*escaped\\* words.<sup>1</sup>  \nNext line.\n\n"
        "---\n\n<sup>1</sup> The note."
    )
    markup = read_markup(text)
    kinds = [(b.kind, b.level, b.footnote) for b in markup.blocks]
    assert kinds == [
        ("heading", 1, ""),
        ("paragraph", 0, ""),
        ("rule", 0, ""),
        ("footnote", 0, "1"),
    ]
    blocks = segment(text, markup, [], [], [])
    assert _visible(blocks) == "A title|Some bold and *escaped* words.1\nNext line.||1 The note."
    segments = [s for _, found in blocks for s in found]
    assert [s.text for s in segments if s.bold] == ["bold"]
    assert [s.text for s in segments if s.italic] == ["title"]
    assert [(s.text, s.sup) for s in segments if s.sup is not None] == [("1", "1"), ("1", "1")]
    assert [s.text for s in segments if s.break_before] == ["\nNext line."]
    start = text.index("Some")
    end = text.index("<sup>")
    assert visible_text(text, markup, start, end) == "Some bold and *escaped* words."


def test_a_text_without_blank_lines_has_a_paragraph_per_line() -> None:
    # Text taken from a web page or a plain-text file: a title, a byline, paragraphs, one a line.
    flat = "A title\nBy A. Writer\n2 March 2025\nThe first paragraph.\r\nThe second one."
    assert [flat[b.start : b.end] for b in read_markup(flat).blocks] == [
        "A title",
        "By A. Writer",
        "2 March 2025",
        "The first paragraph.",
        "The second one.",
    ]
    # With a blank line anywhere, a single line break is a wrapped line of one paragraph.
    wrapped = "A paragraph wrapped\nover two lines.\n\nThe next one."
    assert [wrapped[b.start : b.end] for b in read_markup(wrapped).blocks] == [
        "A paragraph wrapped\nover two lines.",
        "The next one.",
    ]


def test_a_span_over_markup_marks_every_visible_piece() -> None:
    text = "It said **very** loud things."
    span = (3, 21)  # "said **very** loud"
    blocks = segment(text, read_markup(text), [span], [], [])
    marked = "".join(s.text for _, found in blocks for s in found if s.assertions == [0])
    assert marked == "said very loud"


def _document(text: str, assertions: list[tuple[int, int]]) -> dict[str, Any]:
    items = [
        {
            "iri": f"https://w3id.org/provkb/id/doc/d/assertion/a{i}",
            "start": start,
            "end": end,
            "exact": text[start:end],
            "speakers": [{"iri": "https://w3id.org/provkb/id/person/p", "name": "<Pat>"}],
            "kind": {"iri": "", "key": "claim", "name": "claim"},
            "mode": "reported",
        }
        for i, (start, end) in enumerate(assertions)
    ]
    return {"assertions": items, "mentions": [], "citations": [], "footnote_citations": {}}


def _html(text: str, assertions: list[tuple[int, int]]) -> str:
    document = _document(text, assertions)
    cut = segment(text, read_markup(text), assertions, [], [])
    blocks = [
        {
            "kind": block.kind,
            "level": block.level,
            "footnote": block.footnote,
            "segments": [
                {
                    "t": s.text,
                    "a": s.assertions,
                    "m": s.mentions,
                    "c": s.citations,
                    "b": s.bold,
                    "i": s.italic,
                    "sup": s.sup,
                    "br": s.break_before,
                }
                for s in segments
            ],
        }
        for block, segments in cut
    ]
    return str(reading_html.document_body(document, blocks, lambda iri: iri))


def test_html_in_a_text_is_shown_as_text() -> None:
    text = 'He wrote <script>alert("x")</script> and <img src=x onerror=alert(1)> here.'
    html = _html(text, [(0, 8)])
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    # The speaker's name is escaped in the badge too.
    assert "&lt;Pat&gt;" in html and "<Pat>" not in html


def test_each_quote_gets_one_badge_linking_its_assertion() -> None:
    text = "One two three four."
    html = _html(text, [(0, 13), (4, 7)])
    assert html.count('class="qbadge"') == 2
    assert 'href="https://w3id.org/provkb/id/doc/d/assertion/a1"' in html
    assert "mode-reported" in html and "≈" in html


def test_the_reading_index_is_byte_identical_for_the_same_kb() -> None:
    compiled = compile_kb(ProjectPaths(ROOT))
    runs = []
    for _ in range(2):
        store = ox.Store()
        store.bulk_extend(compiled.quads)
        files = build_reading_index(store, compiled.iris.base)
        runs.append(json.dumps(files, sort_keys=True, ensure_ascii=False))
    assert runs[0] == runs[1]
    files = json.loads(runs[0])
    documents = sorted(p.stem for p in (ROOT / "kb" / "documents").glob("*.txt"))
    assert sorted(k for k in files if k.startswith("reading/page/")) == [
        f"reading/page/{slug}.json" for slug in documents
    ]
    assert "reading/network/top/_all/relay.json" in files
    assert "reading/timeline/all.json" in files
