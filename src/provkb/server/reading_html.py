"""A document's text as HTML for the reader: its blocks and segments (computed by the build)
with every quote marked, every mention linked, every footnote marker linked to its citation.

Escaped by construction: every piece of the text goes through :func:`markupsafe.escape`; the only
tags are the ones written here. Links cannot nest, so only names (mentions) and footnote markers
are links inside the text; each quote starts with a numbered badge, the link to the quote (so Tab
goes from quote to quote and name to name); the rest of a quote's words are marked, not linked,
and the reader's script selects the quote clicked anywhere on them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

Href = Callable[[str], str]


def mode_label(mode: str) -> str:
    """How a quote's speech mode reads in a sentence."""
    return {"direct": "direct speech", "reported": "reported speech"}.get(
        mode, "speech mode unstated"
    )


def quote_label(number: int, item: dict[str, Any]) -> str:
    """What a quote's badge says to a screen reader (and in its tooltip)."""
    speakers = ", ".join(s["name"] for s in item["speakers"]) or "unknown speaker"
    return f"Quote {number}: {speakers}, {item['kind']['name']}, {mode_label(item['mode'])}"


def document_body(document: dict[str, Any], href: Href) -> Markup:
    """The reader's text: one HTML element per block."""
    footnotes = document["footnote_citations"]
    badged: set[int] = set()
    anchored: set[int] = set()
    parts: list[str] = []
    for block in document["blocks"]:
        kind = block["kind"]
        if kind == "rule":
            parts.append("<hr>")
            continue
        inner: list[str] = []
        for seg in block["segments"]:
            inner.append(_segment(seg, block, document, href, badged, anchored))
        body = "".join(inner).strip()
        if not body:
            continue
        if kind == "heading":
            level = min(block["level"] + 1, 6)
            parts.append(f'<h{level} class="doc-heading">{body}</h{level}>')
        elif kind == "footnote":
            citation = footnotes.get(block["footnote"])
            anchor = f' id="footnote-{escape(block["footnote"])}"'
            cls = "footnote" + (" cited" if citation else "")
            parts.append(f'<p class="{cls}"{anchor}>{body}</p>')
        else:
            parts.append(f"<p>{body}</p>")
    return Markup("\n".join(parts))


def _segment(
    seg: dict[str, Any],
    block: dict[str, Any],
    document: dict[str, Any],
    href: Href,
    badged: set[int],
    anchored: set[int],
) -> str:
    assertions = document["assertions"]
    html = str(escape(seg["t"]))
    linked = False
    sup = seg.get("sup")
    if sup is not None:
        citation_id = document["footnote_citations"].get(sup) if sup else None
        if citation_id and block["kind"] != "footnote":
            # A footnote marker in the text: to its footnote, where the citation is marked.
            html = (
                f'<a class="fnref" href="#footnote-{escape(sup)}" '
                f'aria-label="footnote {escape(sup)}">{html}</a>'
            )
            linked = True
        html = f"<sup>{html}</sup>"
    if seg.get("b"):
        html = f"<strong>{html}</strong>"
    if seg.get("i"):
        html = f"<em>{html}</em>"
    if not linked and seg["m"]:
        mention = document["mentions"][seg["m"][0]]
        entity = mention["entity"]
        # Each mention by its offsets (the tail of its IRI), innermost first: the link is its.
        ids = " ".join(
            f"{document['mentions'][i]['start']}-{document['mentions'][i]['end']}" for i in seg["m"]
        )
        html = (
            f'<a class="mention" href="{escape(href(entity["iri"]))}" '
            f'title="{escape(entity["name"])}" data-mentions="{ids}">{html}</a>'
        )
    for index in seg["c"]:
        citation = document["citations"][index]
        anchor = ""
        if index not in anchored:
            anchored.add(index)
            anchor = f' id="citation-{escape(citation["id"])}"'
        title = citation["work"]["name"] if citation.get("work") else citation["id"]
        html = f'<span class="cite"{anchor} title="cited: {escape(title)}">{html}</span>'
    for index in reversed(seg["a"]):
        item = assertions[index]
        badge = ""
        if index not in badged:
            badged.add(index)
            badge = _badge(index, item, href)
        kind, mode = escape(item["kind"]["key"]), escape(item["mode"] or "unstated")
        html = f'<mark class="q k-{kind} mode-{mode}" data-a="{index}">{badge}{html}</mark>'

    if seg.get("br"):
        html = "<br>" + html
    return html


def _badge(index: int, item: dict[str, Any], href: Href) -> str:
    """The link that starts a quote: its number, a mark of its speech mode and its kind, then
    (for screen readers only) who said it; the accessible name starts with the visible text."""
    number = index + 1
    glyph = "“”" if item["mode"] == "direct" else "≈"
    speakers = ", ".join(s["name"] for s in item["speakers"]) or "unknown speaker"
    return (
        f'<a class="qbadge" id="q-{number}" href="{escape(href(item["iri"]))}" '
        f'data-a="{index}" title="{escape(quote_label(number, item))}">'
        f"{number}\u2009{glyph}\u2009{escape(item['kind']['name'])}"
        f'<span class="visually-hidden"> — quote by {escape(speakers)}, '
        f"{escape(mode_label(item['mode']))}</span></a>"
    )


def kind_styles(kinds: list[dict[str, Any]]) -> Markup:
    """One CSS rule per assertion kind: its colour (light, so the text keeps its contrast)."""
    rules = []
    for kind in kinds:
        key = "".join(c for c in kind["key"] if c.isalnum() or c == "-")
        hue = int(kind["hue"])
        rules.append(f".k-{key}{{--kc:hsl({hue} 85% 90%);--kb:hsl({hue} 65% 24%)}}")
    return Markup("\n".join(rules))
