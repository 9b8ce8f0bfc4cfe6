"""A quoted document that opens with its own title: «FINAL STATEMENT OF THE X CONGRESS OF Y ...».

News reports reproduce statements, appeals and resolutions in full, between one opening mark at
the start of a paragraph and one closing mark paragraphs later. The first line is then the
document's title, not words anyone asserts, and it names the issuer ("... OF Y"): every
paragraph of the quote is the issuer's. A gathering ("congress", "conference", "plenum") is an
occasion, not a speaker: the body that held it issued the text.
"""

from __future__ import annotations

import re

from provkb.draft.entities import EntityTable
from provkb.draft.quotes import Quote

_MAX_TITLE_WORDS = 16
_TITLE = re.compile(
    r"(?i)\s*(?:(?:final|joint|open|public|closing|political|programmatic)\s+)*"
    r"(?:statement|declaration|resolution|appeal|communiqu[ée]|letter|manifesto|address|"
    r"demands|petition|platform|programme|program|memorandum)\s+of\s+(?:the\s+)?"
    r"(?P<owner>[^\n.!?]{3,160}?)\s*$"
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
    lo, hi = match.start("owner"), match.end("owner")
    gathering = _GATHERING.match(text, lo, hi)
    if gathering is not None:
        lo = gathering.end()
    written = text[lo:hi]
    known = table.gazetteer.lookup(written)
    if known:
        return known, gathering is not None
    # The same name written in the running text (in its own case) is the better label.
    folded = written.casefold()
    for found in re.finditer(re.escape(folded), text.casefold()):
        if not (span[0] <= found.start() < span[1]):
            at = found.start()
            return table.ref_of(at, at + len(written), "titled-quote", "org"), gathering is not None
    return table.ref_of(lo, hi, "titled-quote", "org"), gathering is not None
