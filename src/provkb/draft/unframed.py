"""Who speaks when no speech verb frames a quote: the agent of a passive ("slogans were
chanted by X"), the people carrying a banner, the participants of a gathering held under a
slogan, the issuer of a text the lead-in names without its owner ("A joint statement said:"),
the outlet under whose link a headline stands, the speaker that quoted words name themselves
("We, the citizens of X, ...").
"""

from __future__ import annotations

import re

from provkb.draft.antecedents import STATE_KINDS
from provkb.draft.attribution import (
    ANIMATE_GROUP,
    ANY_GROUP,
    CAPITALISED_WORD,
    QUANTIFIED_GROUP,
    Found,
)
from provkb.draft.candidates import NAME
from provkb.draft.entities import EntityTable
from provkb.draft.model import Speaker

# Words written, shouted or shown, in the passive: "“...” slogans were chanted", "“...” was
# written on the banners". The sentence hides who; "by X" names them.
_PASSIVE_SPEECH = re.compile(
    r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?(?:also\s+)?"
    r"(?:chanted|shouted|sung|written|posted|displayed|heard|raised|painted|sprayed|carried|"
    r"hung|put\s+up|read\s+out|scrawled|held\s+up|voiced|said|declared|proclaimed)\b"
)
# A gathering whose participants chant or carry the words it is held under.
_EVENT_PHRASE = re.compile(
    r"(?<![\w\-])(?i:the|a|an|this|that)\s+(?:[\w\-]+\s+){0,3}?"
    r"(?i:rally|rallies|protest|protests|demonstration|demonstrations|march|marches|strike|"
    r"gathering|picket|sit-in|vigil|procession|action|actions)(?![\w\-])"
)
# Words carried, not spoken: "“...,” read one banner", "placards reading “...”".
_INSCRIPTION_AFTER = re.compile(
    r"\b(?:read|reads|said|says)\s+(?:(?:one|a|an|the|another|many|some|several)\s+)?"
    r"(?:[a-z]+\s+)?(?:banners?|signs?|placards?|posters?|t-shirts?|graffiti|leaflets?)\b"
)
_INSCRIPTION_BEFORE = re.compile(
    r"\b(?:banners?|signs?|placards?|posters?|t-shirts?|graffiti|leaflets?)\s+"
    r"(?:reading|read|saying|that\s+read|which\s+read)\s*:?\s*$",
    re.IGNORECASE,
)


def inscription(text: str, lo: int, open_at: int, after: int, hi: int) -> bool:
    """Whether quoted words are written on what people carry: a banner, a sign, a placard."""
    if _INSCRIPTION_BEFORE.search(text, lo, open_at):
        return True
    match = _INSCRIPTION_AFTER.search(text, after, hi)
    return match is not None and len(text[after : match.start()].split()) <= 1


def passive_speech(text: str, hi: int, after: int, quoted: bytearray) -> re.Match[str] | None:
    """A passive speech verb right after quoted words (``after`` is where they end): at most a
    few words of the text's own between them ("slogans", "and")."""
    match = _PASSIVE_SPEECH.search(text, after, hi)
    if match is None:
        return None
    own = "".join(
        c
        for c, q in zip(text[after : match.start()], quoted[after : match.start()], strict=True)
        if not q
    )
    return match if len(own.split()) <= 4 else None


def passive_agent(table: EntityTable, at: int, hi: int) -> Found | None:
    """The agent of a passive ("were chanted by students of X"): a name or a group."""
    text = table.text
    by = re.match(r"\s+by\s+(?:the\s+)?", text[at:hi])
    if by is None:
        return None
    start = at + by.end()
    name = table.name_starting_at(start)
    if name and name[1] <= hi:
        ref = name[2] or table.ref_of(name[0], name[1], "passive-agent", "person")
        return Found(name[0], name[1], ref, "passive-agent")
    group = QUANTIFIED_GROUP.match(text, start, hi) or ANIMATE_GROUP.match(text, start, hi)
    if group:
        return Found(
            group.start(1),
            group.end(1),
            table.collective(group.start(1), group.end(1), "passive-agent"),
            "passive-agent:group",
        )
    return None


def event_participants(table: EntityTable, lo: int, hi: int, skip: bytearray) -> Found | None:
    """The participants of the last gathering named in ``lo:hi`` outside quoted words: who
    chanted the slogan a rally was held under."""
    last = None
    for match in _EVENT_PHRASE.finditer(table.text, lo, hi):
        if not skip[match.start()]:
            last = match
    if last is None:
        return None
    phrase = table.text[last.start() : last.end()]
    phrase = phrase[0].lower() + phrase[1:]  # "The rally" opening a sentence
    ref = table.participants(phrase, last.start(), last.end(), "event-participants")
    return Found(last.start(), last.end(), ref, "event-participants")


# A lead-in whose subject is a text that names no owner: "A joint statement said:", "Here is
# the final statement:", "Here is «The main requirements of ...»", "Their appeal reads:".
OWNERLESS_TEXT = re.compile(
    r"\s*(?:[Hh]ere\s+(?:is|are)\s+)?[«\"“„]?\s*"
    r"(?:(?i:the|a|an|this|that|these)|(?P<owner>(?i:their|its|his|her)))\s+"
    r"(?:[\w\-]+\s+){0,3}?"
    r"(?i:statements?|declarations?|letters?|communiqu[ée]s?|resolutions?|appeals?|messages?|"
    r"manifesto|requirements|demands|petitions?|address|calls?)\b"
    r"(?!\s+(?:issued\s+|signed\s+)?(?:of|by|from)\s+(?:the\s+)?[A-Z])"
)


# A group restated in brackets: "clerics, the most cautious group (imams of X and Y)".
_BRACKETED_GROUP = re.compile(r"\(\s*([^()]{3,160}?)\s*\)")


def bracketed_group(table: EntityTable, lo: int, hi: int, skip: bytearray) -> Found | None:
    """A group of people that ``lo:hi`` names in brackets, outside quotes: the issuer a text
    without an owner most likely speaks for."""
    text = table.text
    for match in _BRACKETED_GROUP.finditer(text, lo, hi):
        if skip[match.start()]:
            continue
        head = ANY_GROUP.match(text, match.start(1), match.end(1))
        if head is None:
            head = QUANTIFIED_GROUP.match(text, match.start(1), match.end(1))
        if head is not None:
            start, stop = match.start(1), match.end(1)
            return Found(start, stop, table.collective(start, stop, "issuer"), "bracketed-group")
    return None


def can_issue(table: EntityTable, found: Found) -> bool:
    """Whether a sentence's subject can issue a statement: a group, a collective, a person or
    an organisation that is not a state; a place cannot."""
    if found.ref is None:
        return " " in table.text[found.start : found.end]
    if found.ref.startswith("place/"):
        return False
    return table.gazetteer.kinds.get(found.ref, "") not in STATE_KINDS


# A published piece and where it appeared: "the original interview in Turkish on the X section
# of Y", "an article in Y", "a video posted by Y".
_PIECE_ON = re.compile(
    r"\b(?i:interview|article|report|video|post|page|piece|story|broadcast|programme|program|"
    r"podcast|editorial|column|headline)s?\b.*?\s(?:on|in|at|by|from|of|with)\s+(?:the\s+)?$"
)


# A part of an outlet named by what it covers: "Azerbaijani section of Voice of America".
_OUTLET_PART = re.compile(
    rf"{CAPITALISED_WORD}\s+(?i:section|service|desk|edition|bureau|branch|channel)\s+of\s+"
    r"(?:the\s+)?$"
)


def published_by(table: EntityTable, lo: int, hi: int) -> Found | None:
    """The outlet that a verbless lead-in ending at ``hi`` ("...:") says published the quoted
    piece: the last organisation or name after "on/in/by" following a piece noun. The quote is
    the piece's headline or title; a guess."""
    text = table.text
    colon = text.rfind(":", lo, hi + 1)
    end = len(text[lo : colon if colon >= 0 else hi].rstrip()) + lo
    name = table.name_ending_at(end)
    if name is None or name[0] < lo:
        return None
    start = name[0]
    for longer in NAME.finditer(text, lo, end):
        if longer.end() == end and longer.start() < start:
            start = longer.start()  # "Voice of America", though "America" alone is a place
    part = _OUTLET_PART.search(text, lo, start)
    if part:
        start = part.start()
    if not _PIECE_ON.search(text, lo, start):
        return None
    if name[2] is not None and start == name[0]:
        if not name[2].startswith("org/"):
            return None
        return Found(start, end, name[2], "lead-in:published-by")
    return Found(
        start, end, table.ref_of(start, end, "published-by", "media-outlet"), "lead-in:published-by"
    )


# Words that open by naming their speaker: "We, the citizens of Valmora, ask ...", "I, Anna
# Berg, declare ...".
_SELF_NAMED = re.compile(r"\s*[-–—]?\s*(?:We|I),\s+(?:the\s+)?([^,;:.!?]{3,80}?),")


def self_named(table: EntityTable, start: int, end: int) -> Speaker | None:
    """The speaker that quoted words ``start:end`` name in their own opening apposition."""
    text = table.text
    match = _SELF_NAMED.match(text, start, end)
    if match is None:
        return None
    lo, hi = match.start(1), match.end(1)
    name = table.name_starting_at(lo)
    if name is not None and name[1] == hi:
        ref = name[2] or table.ref_of(lo, hi, "self-named", "org")
        return Speaker(ref, "self-named", False)
    group = QUANTIFIED_GROUP.fullmatch(text, lo, hi) or ANIMATE_GROUP.fullmatch(text, lo, hi)
    if group is None:
        group = ANY_GROUP.fullmatch(text, lo, hi)
    if group is not None:
        return Speaker(table.collective(lo, hi, "self-named"), "self-named", False)
    return None
