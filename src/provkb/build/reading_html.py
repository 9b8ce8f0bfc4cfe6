"""The reader's page of a document as HTML, rendered once by the build (it depends on nothing
but the build): the text with every quote marked, every mention linked, every footnote marker
linked to its footnote, and the side panel of quotes in reading order with their details.

Links are the paths of the KB's IRIs (every IRI under ``<base>id/`` is served at its path), so the
HTML is the same on 127.0.0.1 and on the public site.

Escaped by construction: every piece of the text goes through :func:`markupsafe.escape`; the only
tags are the ones written here. Links cannot nest, so only names (mentions) and footnote markers
are links inside the text; each quote starts with a numbered badge, the link to the quote (so Tab
goes from quote to quote and name to name); the rest of a quote's words are marked, not linked,
and the reader's script selects the quote clicked anywhere on them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import escape

from provkb.build.draft_marks import BADGE, explain

Href = Callable[[str], str]
# How many characters of a quote its line in the panel shows.
_SNIPPET = 90


def mode_label(mode: str) -> str:
    """How a quote's speech mode reads in a sentence."""
    return {"direct": "direct speech", "reported": "reported speech"}.get(
        mode, "speech mode unstated"
    )


def quote_label(number: int, item: dict[str, Any]) -> str:
    """What a quote's badge says to a screen reader (and in its tooltip)."""
    speakers = ", ".join(s["name"] for s in item["speakers"]) or "unknown speaker"
    label = f"Quote {number}: {speakers}, {item['kind']['name']}, {mode_label(item['mode'])}"
    if item.get("draft"):
        label += f"; {BADGE}: {explain(item['draft'])}"
    return label


def draft_tag(mark: dict[str, Any]) -> str:
    """The draft badge of a list line (the side panel): its words, and the rule and confidence
    on hover; the panel's details say them in full."""
    guessed = " · speaker guessed" if mark.get("speaker_guess") else ""
    return (
        f'<span class="draft-badge" title="{escape(explain(mark))}">{escape(BADGE)}{guessed}</span>'
    )


def document_body(document: dict[str, Any], blocks: list[dict[str, Any]], href: Href) -> str:
    """The reader's text: one HTML element per block (``blocks`` as the reading index cuts
    them)."""
    footnotes = document["footnote_citations"]
    badged: set[int] = set()
    anchored: set[int] = set()
    parts: list[str] = []
    for block in blocks:
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
    return "\n".join(parts)


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
        # A drafted link says so on hover (and to screen readers, through its title).
        draft = f" — {BADGE} link" if mention.get("draft") else ""
        html = (
            f'<a class="mention{" draft-link" if draft else ""}" '
            f'href="{escape(href(entity["iri"]))}" '
            f'title="{escape(entity["name"] + draft)}" data-mentions="{ids}">{html}</a>'
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
        draft = " draft" if item.get("draft") else ""
        html = f'<mark class="q k-{kind} mode-{mode}{draft}" data-a="{index}">{badge}{html}</mark>'

    if seg.get("br"):
        html = "<br>" + html
    return html


def _badge(index: int, item: dict[str, Any], href: Href) -> str:
    """The link that starts a quote: its number, a mark of its speech mode and its kind, then
    (for screen readers only) who said it; the accessible name starts with the visible text."""
    number = index + 1
    glyph = "“”" if item["mode"] == "direct" else "≈"
    speakers = ", ".join(s["name"] for s in item["speakers"]) or "unknown speaker"
    draft, unreviewed = "", ""
    if item.get("draft"):
        # The word, not only a colour: "draft" in the badge; the rest for screen readers.
        draft = '\u2009<span class="qdraft">✎\u2009draft</span>'
        guessed = ", speaker guessed" if item["draft"].get("speaker_guess") else ""
        unreviewed = f", a draft not reviewed by a person{guessed}"
    return (
        f'<a class="qbadge" id="q-{number}" href="{escape(href(item["iri"]))}" '
        f'data-a="{index}" title="{escape(quote_label(number, item))}">'
        f"{number}\u2009{glyph}\u2009{escape(item['kind']['name'])}{draft}"
        f'<span class="visually-hidden"> — quote by {escape(speakers)}, '
        f"{escape(mode_label(item['mode']))}{escape(unreviewed)}</span></a>"
    )


def kind_styles(kinds: list[dict[str, Any]]) -> str:
    """One CSS rule per assertion kind: its colour (light, so the text keeps its contrast)."""
    rules = []
    for kind in kinds:
        key = "".join(c for c in kind["key"] if c.isalnum() or c == "-")
        hue = int(kind["hue"])
        rules.append(f".k-{key}{{--kc:hsl({hue} 85% 90%);--kb:hsl({hue} 65% 24%)}}")
    return "\n".join(rules)


def _names(refs: list[dict[str, Any]], href: Href) -> str:
    return ", ".join(_ref(r, href) for r in refs)


def _ref(ref: dict[str, Any], href: Href) -> str:
    if ref.get("iri"):
        return f'<a href="{escape(href(ref["iri"]))}">{escape(ref["name"])}</a>'
    return f"<span>{escape(ref['name'])}</span>"


def speech_tag(mode: str) -> str:
    """The badge that says direct or reported speech."""
    label = escape(mode_label(mode))
    return f'<span class="speech speech--{escape(mode or "unstated")}">{label}</span>'


def relay_chain(links: list[dict[str, Any]], href: Href) -> str:
    """A relay chain as names, each with its role: document, outlet, agencies, speaker."""
    items = []
    for link in links:
        via = ""
        if link.get("via"):
            via = f' <span class="muted">(via {_ref(link["via"], href)})</span>'
        items.append(
            f'<li><span class="role">{escape(link["role"])}</span> {_ref(link, href)}{via}</li>'
        )
    return f'<ol class="relay-chain">{"".join(items)}</ol>'


def _snippet(text: str) -> str:
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1].rstrip() + "…"


def _other(other: dict[str, Any], titles: dict[str, str], href: Href) -> str:
    doc_iri = other["iri"].rsplit("/assertion/", 1)[0]
    title = titles.get(other["doc"], other["doc"])
    return (
        f"<li><q>{escape(_snippet(other['exact']))}</q> — {_names(other['speakers'], href)} "
        f"({escape(other['kind']['name'])}, {escape(mode_label(other['mode']))}), in "
        f'<a href="{escape(href(doc_iri))}">{escape(title)}</a> · '
        f'<a href="{escape(href(other["iri"]))}">its page</a></li>'
    )


def panel(document: dict[str, Any], titles: dict[str, str], href: Href) -> str:
    """The side panel's list: each quote in reading order with its speaker, kind and speech
    mode, and (opened) its relay chain, what it is about and the quotes judged to corroborate
    or contradict it; the judgements' evidence is on the quote's own page."""
    parts = []
    for index, item in enumerate(document["assertions"]):
        number = index + 1
        speakers = ", ".join(s["name"] for s in item["speakers"]) or "unknown speaker"
        facts = []
        if item.get("draft"):
            facts.append(
                f"<dt>Review</dt><dd>{escape(BADGE)}: {escape(explain(item['draft']))}</dd>"
            )
        facts += [
            f"<dt>Speaker</dt><dd>{_names(item['speakers'], href) or 'unknown'}</dd>",
            f"<dt>Kind</dt><dd>{escape(item['kind']['name'])}</dd>",
            f"<dt>Speech</dt><dd>{speech_tag(item['mode'])}</dd>",
        ]
        if item.get("said_on"):
            facts.append(
                f"<dt>Said on</dt><dd>{escape(item['said_on']['value'])} "
                f'<span class="muted">({escape(item["said_on"]["precision"])})</span></dd>'
            )
        if item.get("on_behalf_of"):
            facts.append(f"<dt>On behalf of</dt><dd>{_ref(item['on_behalf_of'], href)}</dd>")
        facts.append(
            f'<dt>How it reached you</dt><dd class="chain">{relay_chain(item["relay"], href)}</dd>'
        )
        if item["about"]:
            facts.append(f"<dt>About</dt><dd>{_names(item['about'], href)}</dd>")
        judged = []
        for relation, heading in (
            ("corroborates", "Corroborated by"),
            ("contradicts", "Contradicted by"),
        ):
            others = [
                _other(o, titles, href)
                for r in item["relations"]
                if r["relation"] == relation
                for o in r["others"]
            ]
            if others:
                judged.append(f'<h3>{heading}</h3><ul class="others">{"".join(others)}</ul>')
        parts.append(
            f'<li id="detail-{number}" class="quote-item k-{escape(item["kind"]["key"])}'
            f'{" is-draft" if item.get("draft") else ""}" '
            f'data-a="{index}"><details><summary><span class="qnum">{number}</span> '
            f"<strong>{escape(speakers)}</strong> "
            f'<span class="kind-tag">{escape(item["kind"]["name"])}</span> '
            f"{speech_tag(item['mode'])}"
            f"{' ' + draft_tag(item['draft']) if item.get('draft') else ''}"
            f'<span class="snippet">{escape(_snippet(item["exact"]))}</span></summary>'
            f'<div class="quote-detail"><blockquote class="{escape(item["mode"])}">'
            f'{escape(item["exact"])}</blockquote><dl class="facts">{"".join(facts)}</dl>'
            f'{"".join(judged)}<p><a href="#q-{number}">Show in the text</a> · '
            f'<a href="{escape(href(item["iri"]))}">The quote\'s page</a> (context, evidence)</p>'
            "</div></details></li>"
        )
    return f'<ol class="quote-list">{"".join(parts)}</ol>'
