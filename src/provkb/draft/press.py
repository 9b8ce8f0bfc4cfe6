"""The press as a speaker or a relay when the text names it only by what it is.

"«...», the paper wrote": the outlet the text last named speaks. "Tom Vik told the paper": the
same outlet is the hop the words went through. "The agency Nordpress quoted Tom Vik as saying
“...”": Tom Vik speaks; the agency is the hop (the relay rules draft it).
"""

from __future__ import annotations

import re

from provkb.draft import roles
from provkb.draft.candidates import org_kind
from provkb.draft.entities import EntityTable

MEDIA_KINDS = ("news-agency", "media-outlet", "publisher")
# A medium named by its kind alone: "the paper", "the daily", "this newspaper".
_PRESS_NOUN = r"(?:paper|newspaper|daily|weekly|magazine|tabloid|broadsheet|outlet|website|agency)"
# "The agency" alone, "the website", "the outlet" may be anyone's (a public agency, a
# ministry's site): only the words that say press refer back to a medium.
_UNNAMED_NOUN = r"(?:paper|newspaper|daily|weekly|magazine|tabloid|broadsheet|news\s+agency)"
UNNAMED_OUTLET = re.compile(rf"(?:[Tt]he|[Tt]his)\s+{_UNNAMED_NOUN}")
_NOUN_BEFORE = re.compile(rf"\b(?:news\s+)?{_PRESS_NOUN}\s*[\"“«„]?\s*$", re.IGNORECASE)
# "told the paper", "said in an interview with the daily".
_GIVEN_TO_UNNAMED = re.compile(
    rf"\b(?:told|telling|tells|(?:in\s+an?\s+)?interview\s+with|speaking\s+to|talking\s+to)\s+"
    rf"(?P<outlet>the\s+{_UNNAMED_NOUN})(?![\w\-])"
)
# "quoted Tom Vik as saying", "quoted the minister as telling".
_QUOTED_AS = re.compile(
    r"\bquot(?:ed|es|ing)\s+(?P<who>[^,;:.“”\"«»]{2,80}?)\s+as\s+"
    r"(?:saying|telling|stating|writing|adding|warning|arguing|claiming)\b"
)


def _kind(table: EntityTable, ref: str) -> str | None:
    if ref in table.new:
        return table.new[ref].kind_value
    return table.gazetteer.kinds.get(ref)


def last_outlet(table: EntityTable, before: int, lo: int = 0) -> str | None:
    """The medium (news agency, outlet, publisher) the text names last before ``before``.

    Args:
        table: the document's entity table.
        before: where the unnamed reference ("the paper") stands.
        lo: how far back the name may stand.

    Returns:
        The medium's entity, or None when the text names none before.
    """
    best: tuple[int, str] | None = None
    for mention in table.mentions:
        if lo <= mention.start < before and _kind(table, mention.ref) in MEDIA_KINDS:
            best = max(best or (-1, ""), (mention.start, mention.ref))
    for ref, mentions in table.new_mentions.items():
        if _kind(table, ref) not in MEDIA_KINDS:
            continue
        for mention in mentions:
            if lo <= mention.start < before:
                best = max(best or (-1, ""), (mention.start, ref))
    for start, end in table.names:
        if not lo <= start < before or (best and start <= best[0]):
            continue
        kind = _medium_kind(table, start, end)
        if kind is not None:
            best = (start, table.ref_of(start, end, "press-named", kind))
    return best[1] if best else None


def _medium_kind(table: EntityTable, start: int, end: int) -> str | None:
    """Whether the name at ``start:end`` is a medium's by its own words ("Nordland Post") or
    the press noun before it ("the daily Nordposten"). A noun after it is no evidence: "the
    Valmora daily" is where the paper is."""
    text = table.text
    kind = org_kind(text[start:end])
    if kind in MEDIA_KINDS:
        return kind
    noun = _NOUN_BEFORE.search(text, max(0, start - 30), start)
    if noun is None:
        return None
    return "news-agency" if "agenc" in noun.group().lower() else "media-outlet"


def unnamed_outlet(table: EntityTable, start: int, end: int) -> str | None:
    """The medium that "the paper" at ``start:end`` refers to: the last one named before."""
    if UNNAMED_OUTLET.fullmatch(table.text, start, end) is None:
        return None
    # Only an outlet its own paragraph names: a roundup moves from paper to paper.
    paragraph = table.text.rfind("\n", 0, start) + 1
    return last_outlet(table, start, paragraph)


def given_to_unnamed(table: EntityTable, lo: int, hi: int) -> list[tuple[int, str]]:
    """Where ``lo:hi`` says the words were given to "the paper", and the medium it is."""
    found = []
    for match in _GIVEN_TO_UNNAMED.finditer(table.text, lo, hi):
        ref = last_outlet(table, match.start("outlet"))
        if ref is not None:
            found.append((match.start(), ref))
    return found


def quoted_as_saying(table: EntityTable, lo: int, hi: int) -> tuple[int, int, str] | None:
    """The person a medium "quoted ... as saying" in ``lo:hi``: the speaker of what follows.

    Args:
        table: the document's entity table.
        lo: where the quote's sentence starts.
        hi: where the quote opens.

    Returns:
        The name's start, end and entity, or None when the phrase is not there or names no one.
    """
    matches = list(_QUOTED_AS.finditer(table.text, lo, hi))
    if not matches:
        return None
    match = matches[-1]  # the phrase nearest the quote
    at = match.start("who")
    behind = roles.name_behind_role(table, at, match.end("who"), "quoted-as-saying")
    if behind is not None:
        return behind
    name = table.name_starting_at(at)
    if name is None or name[1] != match.end("who"):
        return None
    start, end, ref = name
    return start, end, ref or table.ref_of(start, end, "quoted-as-saying", "person")
