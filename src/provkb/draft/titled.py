"""A quoted document that opens with its own title: «FINAL STATEMENT OF THE X CONGRESS OF Y ...».

News reports reproduce statements, appeals and resolutions in full, between one opening mark at
the start of a paragraph and one closing mark paragraphs later. The first line is then the
document's title, not words anyone asserts, and it names the issuer ("... OF Y"): every
paragraph of the quote is the issuer's. A gathering ("congress", "conference", "plenum") is an
occasion, not a speaker: the body that held it issued the text.
"""

from __future__ import annotations

import re

from provkb.draft.candidates import DOCUMENT_KINDS
from provkb.draft.entities import EntityTable
from provkb.draft.quotes import Quote

_MAX_TITLE_WORDS = 16
_TITLE = re.compile(
    r"(?i)\s*(?:(?:final|joint|open|public|closing|political|programmatic)\s+)*"
    rf"{DOCUMENT_KINDS}\s+of\s+(?:the\s+)?"
    r"(?P<owner>[^\n.!?]{3,160}?)\s*$"
)
# A party's group in a parliament speaks for the party: "the parliamentary group of the X".
_GROUP_OF = re.compile(
    r"(?i)(?:parliamentary\s+)?(?:group|faction|caucus|fraction)\s+of\s+(?:the\s+)?"
)
_GATHERING = re.compile(
    r"(?i)(?:[\w\-]+\s+){0,2}?(?:congress|conference|plenum|session|meeting|convention|"
    r"kurultai|forum|general\s+assembly)\s+of\s+(?:the\s+)?"
)


def title_line(text: str, quote: Quote) -> tuple[int, int] | None:
    """The span of a quote's first line when it is a document's title naming its issuer, and
    the quote goes on for at least one more paragraph."""
    end = text.find("\n", quote.start, quote.end)
    if end == -1 or not text[end : quote.end].strip():
        return None
    line = text[quote.start : end]
    if len(line.split()) > _MAX_TITLE_WORDS or not _TITLE.fullmatch(line):
        return None
    return quote.start, len(line.rstrip()) + quote.start


def titled_issuer(table: EntityTable, quote: Quote) -> tuple[str, bool] | None:
    """The issuer a quoted document's title names, and whether it had to look past a
    gathering to find it: a known entity, the same words written elsewhere in the text, or
    the title's own words proposed."""
    text = table.text
    span = title_line(text, quote)
    if span is None:
        return None
    match = _TITLE.fullmatch(text, span[0], span[1])
    if match is None:
        return None
    return owner_named(table, match.start("owner"), match.end("owner"), "titled-quote")


def owner_named(table: EntityTable, lo: int, hi: int, rule: str) -> tuple[str, bool]:
    """The body that the words ``lo:hi`` of a title name as a text's owner ("THE SEVENTH
    CONGRESS OF THE X MOVEMENT", "THE PARLIAMENTARY GROUP OF THE Y PARTY"), past a gathering or
    a party's group, and whether it had to look past one: a known entity, the same words
    written in the running text in their own case, or the title's own words proposed."""
    text = table.text
    hi = lo + len(re.sub(r"\s*\([^()]*\)\s*$", "", text[lo:hi]))  # "(LPP)" after the name
    past = _GATHERING.match(text, lo, hi) or _GROUP_OF.match(text, lo, hi)
    if past is not None:
        lo = past.end()
    written = text[lo:hi]
    known = table.gazetteer.lookup(written)
    if known:
        return known, past is not None
    # The same name written in the running text (in its own case) is the better label.
    folded = written.casefold()
    for found in re.finditer(re.escape(folded), text.casefold()):
        if not (lo <= found.start() < hi) and not text[found.start() : found.end()].isupper():
            at = found.start()
            return table.ref_of(at, at + len(written), rule, "org"), past is not None
    return table.ref_of(lo, hi, rule, "org"), past is not None
