"""A report that names its own source: "KTA reported, citing the prosecutor's office, that ...".

The words are the source's; the medium (or whoever cites) passed them on. The assertion the
sentence holds is given to the source, and the one who cited it becomes a hop: a news agency or
an outlet by its kind, anyone else an intermediary, nearest the document.
"""

from __future__ import annotations

import re

from provkb.draft import attribution
from provkb.draft.entities import EntityTable
from provkb.draft.model import Assertion, Hop, Mark, Speaker
from provkb.draft.text import Segment, sentence_at

# "citing the press service of the court", "quoting sources in the ministry": up to a comma,
# "that" or a colon.
_CITING = re.compile(
    r"\b(?:citing|quoting)\s+(?P<source>(?:(?:the|a|an|its|their)\s+)?[^,;:“”\"«»„]{2,80}?)"
    r"(?=\s*(?:,|;|:|\bthat\b|\bas\s+saying\b))"
)
_ARTICLE = re.compile(r"(?i)^(?:the|a|an|its|their)\s+")
_OF_TAIL = re.compile(r"\s+(?:of|at|in|from|for|close\s+to)\s+.*$")
_MEDIA_KINDS = {"news-agency": "news-agency", "media-outlet": "outlet", "publisher": "outlet"}


def apply_citing(table: EntityTable, assertions: list[Assertion], spans: list[Segment]) -> None:
    """Give each assertion whose sentence (of ``spans``, the document's sentences) cites a
    source before its words to that source."""
    text = table.text
    for assertion in assertions:
        sentence = sentence_at(spans, assertion.start)
        if sentence is None:
            continue
        limit = assertion.start if assertion.mode == "direct" else sentence.end
        match = _CITING.search(text, sentence.start, limit)
        if match is None:
            continue
        source = _source(table, match)
        citer = assertion.speaker.ref
        if assertion.speaker.guess:
            # The frame only guessed (an acronym in brackets, an apposition stood between the
            # subject and "reported"): the sentence's subject is who cites.
            citer = _citer(table, sentence.start, match.start()) or citer
        if source is None or source == citer:
            continue
        role = _MEDIA_KINDS.get(_kind(table, citer) or "", "intermediary")
        assertion.speaker = Speaker(source, "citing", assertion.speaker.guess)
        hop = Hop(role, citer, None, Mark("citing", 0.55))
        assertion.relay = [hop, *(h for h in assertion.relay if h.agent != citer)]


def _citer(table: EntityTable, lo: int, at: int) -> str | None:
    """Who cites: the subject that opens the sentence before "citing" ("The Gavrelian News
    Agency (GNA), citing ..., reported"); None when the sentence opens with no name."""
    found = attribution.sentence_subject(table, lo, at, "citing")
    if found is None:
        return None
    return found.ref or table.ref_of(found.start, found.end, "citing", "org")


def _kind(table: EntityTable, ref: str) -> str | None:
    if ref in table.new:
        return table.new[ref].kind_value
    return table.gazetteer.kinds.get(ref)


def _source(table: EntityTable, match: re.Match[str]) -> str | None:
    """The cited source as an entity: a name as written; a description by its head noun (an
    organisation, an unnamed person, a group)."""
    start, end = match.span("source")
    written = table.text[start:end]
    article = _ARTICLE.match(written)
    at = start + (article.end() if article else 0)
    name = table.name_starting_at(at)
    if name is not None and name[1] >= end - 1:
        return name[2] or table.ref_of(name[0], name[1], "citing", "org")
    description = table.text[at:end]
    head_part = _OF_TAIL.sub("", description)
    words = head_part.split()
    if not words:
        return None
    head = words[-1].lower()
    if attribution.ORG_NOUN.fullmatch(head):
        return table.described_org(description, at, end, "citing")
    if attribution.PERSON_NOUN.fullmatch(head):
        return table.unnamed(description, at, end, "citing")
    if head.endswith("s") and attribution.PERSON_NOUN.fullmatch(head[:-1]):
        return table.collective(at, end, "citing")
    return None
