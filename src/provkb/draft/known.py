"""Mentions of known entities that their registry names alone do not find.

Each rule starts from what the gazetteer found in the same document and adds the mentions a
reader resolves from it: the other half of an acronym pair ("Long Form (LF)" where the registry
knows one of the two), a compass word standing for the region the document names in full ("the
South" after "South Azerbaijan"), a definite title for the person the paragraph names with
that title ("the president"), a country's or a people's adjective before what a land or a people
has ("Iranian society", "Persian nationalism"), and a hashtag that runs a name together.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from provkb.annotations.spans import word_occurrences
from provkb.draft.candidates import acronyms
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.model import Mark, Mention
from provkb.draft.text import fold, paragraphs

_COMPASS = {
    "North": "North", "Northern": "North", "South": "South", "Southern": "South",
    "East": "East", "Eastern": "East", "West": "West", "Western": "West",
}  # fmt: skip
_COMPASS_WORD = "|".join(_COMPASS)
# "the South" standing alone: not the first word of a longer name ("the South Caucasus") nor of
# a compound ("north-south").
_ALONE = re.compile(rf"\b[Tt]he\s+({_COMPASS_WORD})\b(?![\s\u00a0]*[-\u2013]|[\s\u00a0]+[A-Z])")
# "North and South Azerbaijan": the first compass word shares the name of the second.
_COORDINATED = re.compile(
    rf"\b({_COMPASS_WORD})\s+(?:and|or)\s+(?:the\s+)?(?:{_COMPASS_WORD})[\s\u00a0]+([A-Z][\w\-]+)"
)
# Offices that one person holds at a time, so that "the president" names its holder.
_OFFICES = ("president", "prime minister", "chancellor", "king", "queen", "pope", "shah",
            "governor", "mayor", "emir", "sultan")  # fmt: skip
_OFFICE = "|".join(_OFFICES)
_DEFINITE_OFFICE = re.compile(rf"\b[Tt]he\s+((?i:{_OFFICE}))\b(?!\s+of\b|[\s\u00a0]+[A-Z])")
# "President Ilham Aliyev", "President and Commander-in-Chief Ilham Aliyev".
# What a land has: "Iranian society", "Iranian citizens".
_LAND_NOUN = re.compile(
    r"\b([A-Z][a-z]+)\s+(?=(?:society|citizens|cities|towns|villages|soil|lands?|territory|"
    r"countryside|provinces)\b)"
)
# What a people has: "Persian nationalism", "Azerbaijani Turkish culture".
_PEOPLE_NOUN = re.compile(
    r"\b((?:[A-Z][a-z]+[\s-])?[A-Z][a-z]+)\s+(?=(?:nation|nationalism|chauvinism|identity|"
    r"culture|language|society|community|heritage)\b)"
)
# A people's adjective that a place qualifies: "the Turkish nation in South Azerbaijan".
_PEOPLE_IN_PLACE = re.compile(
    r"\b([A-Z][a-z]+)\s+(?:nation|people|society|community|population|minority)\s+(?:in|of)\s+"
    r"(?:the\s+)?([A-ZÀ-Ž][\w\-]*(?:\s+[A-ZÀ-Ž][\w\-]*){0,3})"
)
# A hashtag of two or more capitalised words run together ("#SouthValmorans").
_HASHTAG = re.compile(r"(?<![\w#])#((?:[A-Z][a-z]+){2,})\b")
_TITLED = re.compile(rf"\b(?i:{_OFFICE})(?:[\s\u00a0]+(?:and|of|the|[A-Z][\w\-]*))*[\s\u00a0]+$")


def add_known(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """``mentions`` with the acronym, compass, office, land and hashtag mentions the rules add."""
    mentions = _acronym_halves(text, mentions, gazetteer)
    mentions = _with(mentions, _compass_words(text, mentions, gazetteer))
    mentions = _with(mentions, _offices(text, mentions, gazetteer))
    mentions = _with(mentions, _lands_by_adjective(text, gazetteer))
    mentions = _with(mentions, _peoples_in_places(text, gazetteer))
    mentions = _with(mentions, _peoples_by_adjective(text, gazetteer))
    return _with(mentions, _hashtags(text, gazetteer))


def _with(mentions: list[Mention], more: list[Mention]) -> list[Mention]:
    """``mentions`` and those of ``more`` that overlap none of them, in text order."""
    taken = sorted((m.start, m.end) for m in mentions)
    kept = list(mentions)
    for mention in more:
        if not any(s < mention.end and mention.start < e for s, e in taken):
            kept.append(mention)
            taken.append((mention.start, mention.end))
    return sorted(kept, key=lambda m: (m.start, m.end))


def _acronym_halves(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Where the text pairs a long form with its acronym and the registry knows exactly one of
    them, every occurrence of the other is the same entity (a known name inside the long form,
    such as a place in an organisation's name, gives way to it)."""
    for long_start, long_end, short_start, short_end in acronyms(text):
        long_form, short = text[long_start:long_end], text[short_start:short_end]
        known_long, known_short = gazetteer.lookup(long_form), gazetteer.lookup(short)
        if bool(known_long) == bool(known_short):
            continue
        ref = known_long or known_short or ""
        unknown = short if known_long else long_form
        for start in word_occurrences(text, unknown):
            end = start + len(unknown)
            if any(m.start < end and start < m.end and (m.start < start or end < m.end)
                   for m in mentions):  # fmt: skip
                continue  # part of a longer known name
            mentions = [m for m in mentions if not (start <= m.start and m.end <= end)]
            mentions.append(Mention(start, end, ref, Mark("acronym-of-known", 0.8)))
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _compass_words(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """ "the South", "North and South Azerbaijan": a compass word alone standing for the region
    the document names with it in full."""
    found = []
    for match in _COORDINATED.finditer(text):
        word = match.group(1)
        ref = gazetteer.lookup(f"{word} {match.group(2)}")
        if ref and ref.startswith("place/"):
            found.append(Mention(match.start(1), match.end(1), ref, Mark("compass-ellipsis", 0.7)))
    # The region each compass word names in this document: the place mentioned most often by
    # a name that opens with it, when one place has the most.
    regions: dict[str, Counter[str]] = {}
    for mention in mentions:
        first = text[mention.start : mention.end].split()[0]
        if first in _COMPASS and mention.ref.startswith("place/"):
            regions.setdefault(_COMPASS[first], Counter())[mention.ref] += 1
    for match in _ALONE.finditer(text):
        ranked = regions.get(_COMPASS[match.group(1)], Counter()).most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            mark = Mark("compass-word-for-region", 0.6)
            found.append(Mention(match.start(1), match.end(1), ranked[0][0], mark))
    return found


def _offices(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """ "the president": the one person of the same paragraph whom the text (or the registry's
    description) gives that office."""
    people = [m for m in mentions if m.ref.startswith("person/")]
    starts = [m.start for m in people]
    found = []
    for paragraph in paragraphs(text):
        matches = list(_DEFINITE_OFFICE.finditer(text, paragraph.start, paragraph.end))
        if not matches:
            continue
        lo = bisect.bisect_left(starts, paragraph.start)
        here = people[lo : bisect.bisect_left(starts, paragraph.end)]
        for match in matches:
            office = match.group(1).lower()
            holders = {m.ref for m in here if _holds(text, m, office, gazetteer)}
            if len(holders) == 1:
                mark = Mark("office-holder-in-paragraph", 0.6)
                found.append(Mention(match.start(), match.end(), holders.pop(), mark))
    return found


def _lands_by_adjective(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """ "Iranian society", "Iranian citizens": a country's adjective before a noun of what a
    land has (its society, citizens, cities, soil) names the country as a land. The adjective
    alone ("Iranian officials") is not a mention."""
    found = []
    for match in _LAND_NOUN.finditer(text):
        ref = gazetteer.lands_by_adjective.get(match.group(1))
        if ref:
            mark = Mark("adjective-before-land-noun", 0.6)
            found.append(Mention(match.start(1), match.end(1), ref, mark))
    return found


def _peoples_by_adjective(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """ "Persian nationalism", "Azerbaijani Turkish culture": a people's adjective before a
    noun of what a people has (its nation, identity, culture, language) names that people."""
    found = []
    for match in _PEOPLE_NOUN.finditer(text):
        ref = gazetteer.peoples_by_adjective.get(match.group(1))
        if ref:
            mark = Mark("adjective-before-people-noun", 0.6)
            found.append(Mention(match.start(1), match.end(1), ref, mark))
    return found


def _peoples_in_places(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """ "The Turkish nation in South Azerbaijan": the people the registry names after that
    place ("Turks of South Azerbaijan"), on the adjective; the place keeps its own mention."""
    found = []
    for match in _PEOPLE_IN_PLACE.finditer(text):
        place = match.group(2)
        while place:
            ref = gazetteer.peoples_of_places.get((fold(match.group(1)), fold(place)))
            if ref:
                mark = Mark("people-adjective-of-place", 0.6)
                found.append(Mention(match.start(1), match.end(1), ref, mark))
                break
            place = place.rpartition(" ")[0]  # "South Azerbaijan Province" -> "South Azerbaijan"
    return found


def _hashtags(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """ "#SouthValmorans": a hashtag that runs a known name's words together."""
    found = []
    for match in _HASHTAG.finditer(text):
        words = " ".join(re.findall(r"[A-Z][a-z]+", match.group(1)))
        ref = gazetteer.lookup(words)
        if ref:
            found.append(Mention(match.start(1), match.end(1), ref, Mark("hashtag-words", 0.6)))
    return found


def _holds(text: str, mention: Mention, office: str, gazetteer: Gazetteer) -> bool:
    """Whether the text writes the office before the person's name ("President X"), or the
    registry's description of the person opens with it."""
    before = _TITLED.search(text, max(0, mention.start - 60), mention.start)
    if before and office in before.group().lower():
        return True
    return gazetteer.descriptions.get(mention.ref, "").lower().startswith(office)
