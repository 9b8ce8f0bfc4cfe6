"""The press as a speaker or a relay when the text names it only by what it is.

"«...», the paper wrote": the outlet the text last named speaks. "Tom Vik told the paper": the
same outlet is the hop the words went through. "The agency Nordpress quoted Tom Vik as saying
“...”": Tom Vik speaks; the agency is the hop (the relay rules draft it).
"""

from __future__ import annotations

import re

from provkb.draft import attribution, roles
from provkb.draft.candidates import org_kind
from provkb.draft.entities import EntityTable
from provkb.draft.speech import speech_verbs

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
_AS_SAYING = r"as\s+(?:saying|telling|stating|writing|adding|warning|arguing|claiming)\b"
# "quoted Tom Vik as saying", "quoted the minister as telling".
_QUOTED_AS = re.compile(rf"\bquot(?:ed|es|ing)\s+(?P<who>[^,;:.“”\"«»]{{2,80}}?)\s+{_AS_SAYING}")
# The passive, after the quote: "Tom Vik was quoted as saying (by the agency Nordpress)".
_WAS_QUOTED_AS = re.compile(
    rf"[\s,]*(?P<who>[^,;:.“”\"«»]{{2,80}}?)\s+(?:was|is|has\s+been|had\s+been)\s+"
    rf"quoted\s+{_AS_SAYING}"
)
# The passive with its medium, before the words: "Tom Vik, who was quoted by the agency X last
# week as saying that ...".
_PASSIVE_QUOTED_BY = re.compile(
    rf"(?P<who>[A-ZÀ-Ž][^,;:.“”\"«»]{{1,80}}?)(?:,\s+who)?\s+(?:was|is|has\s+been|had\s+been)\s+"
    rf"quoted\s+by\s+[^;:.“”\"«»]{{2,120}}?\s+{_AS_SAYING}"
)
# A medium's report of what someone said: "reported that Tom Vik said".
_REPORTED_THAT = re.compile(r"\s+that\s+")


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


def was_quoted_as_saying(table: EntityTable, at: int, hi: int) -> tuple[int, int, str] | None:
    """The person who "was quoted as saying" right after a quote's closing mark at ``at``."""
    match = _WAS_QUOTED_AS.match(table.text, at, hi)
    if match is None:
        return None
    return _person(table, match.start("who"), match.end("who"))


def relayed_speaker(table: EntityTable, verb_end: int, hi: int) -> tuple[int, int, str, str] | None:
    """Whose words a medium's report gives: "Nordpress reported that Tom Vik said ...".

    Args:
        table: the document's entity table.
        verb_end: where the medium's verb ("reported", "wrote") ends.
        hi: where the sentence ends.

    Returns:
        The inner speaker's start, end, entity and the inner verb, or None when "that" is not
        followed by a subject and a speech verb of its own.
    """
    that = _REPORTED_THAT.match(table.text, verb_end, hi)
    if that is None:
        return None
    inner = speech_verbs(table.text, that.end(), hi)
    if not inner or len(table.text[that.end() : inner[0][0]].split()) > 6:
        return None
    start, _end, _kind = inner[0]
    found = attribution.subject_before(table, that.end(), start, "relayed")
    if found is None or found.ref is None or not found.ref.startswith(("person/", "org/")):
        return None
    return found.start, found.end, found.ref, table.text[start:_end]


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
    return _person(table, match.start("who"), match.end("who"))


def quoted_by_as_saying(table: EntityTable, lo: int, hi: int) -> tuple[int, int, str] | None:
    """The person who "was quoted by <a medium> as saying" in ``lo:hi`` (the medium is a hop)."""
    matches = [m for m in _PASSIVE_QUOTED_BY.finditer(table.text, lo, hi)]
    if not matches:
        return None
    match = matches[-1]
    return _person(table, match.start("who"), match.end("who"))


def _person(table: EntityTable, at: int, end: int) -> tuple[int, int, str] | None:
    """The person named (perhaps behind a role or a title) by exactly the words ``at:end``."""
    behind = roles.name_behind_role(table, at, end, "quoted-as-saying")
    if behind is not None:
        return behind
    name = table.name_starting_at(at)
    if name is None or name[1] != end:
        # "Transport Minister Konstanze Wöhrle": the last name the words end with, after titles.
        name = table.name_ending_at(end)
        if name is None or name[0] < at or not _TITLES_BEFORE.fullmatch(table.text[at : name[0]]):
            return None
    start, name_end, ref = name
    return start, name_end, ref or table.ref_of(start, name_end, "quoted-as-saying", "person")


# Capitalised words (a title and what it is of) before a name: "Transport Minister ".
_TITLES_BEFORE = re.compile(r"(?:(?:the\s+)?[A-ZÀ-Ž][\w.\-]*\s+|of\s+|for\s+){1,5}")
