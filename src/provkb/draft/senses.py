"""A country's name: the land (a place) or the state (an organisation that acts)?

The registry keeps the two apart (``org/iran`` has ``territory: place/iran``) and gives both
the same name ("Iran"); only such a shared name is decided here. Cues around a mention decide:
the land is where people live, what is ruled, a region's compass point ("northwestern Iran",
"ruled over Iran", "Iran is a multi-ethnic country", "a border with Iran"); the state is the one
that acts, owns a policy or is acted against ("Iran's policy", "Iran threatens", "the regime of
Iran", "against Iran"). Strong cues decide a mention; a weaker land cue ("in Iran", "the people
of Iran": where something is or lives, kb/README.md "States") decides it when no strong cue
fires. A mention with no cue at all takes the land when the document clearly reads the name so
(one sense per discourse: three land votes or more, and twice the state's), else the state, the
sense a country's name has most often in the news.
"""

from __future__ import annotations

import re
from collections import Counter

from provkb.draft.gazetteer import Gazetteer
from provkb.draft.model import Mark, Mention

_BEFORE = 60  # characters of context read before a mention
_AFTER = 80  # and after it
_CLEAR = 3  # land votes a document needs (and twice the state's) to read a name as the land

_PLACE_STRONG_BEFORE = re.compile(
    r"(?:\b(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)(?:ern|western|eastern)?"
    r"|\b(?:ruled|rule|rules|ruling|governed)(?:\s+over)?"
    r"|\bborders?\s+(?:with|of)|\bmap\s+of|\bclaims?\s+(?:to|over|on)"
    # "a unified Azerbaijan", "Greater Armenia": a land as a people imagines it
    r"|\b(?:[Uu]nified|[Uu]nited|[Gg]reater|[Hh]istoric(?:al)?)"
    # a border that runs between two lands: "the border lines between A and B", "with A, B"
    r"|\b(?:borders?|border\s+lines?|frontiers?)\s+(?:with|between|of|along)\b[^.;:]{0,50}"
    r"|\b(?:carry|carrying|carried|deliver|delivered|delivering|transport|transported|ship|"
    r"shipped|travel|travelled|traveled|fled|flee|moved|crossing|crossed|"
    r"entered)\b[^.;:]{0,50}\b(?:to|into|towards?))\s+(?:the\s+)?$"
)
_PLACE_STRONG_AFTER = re.compile(
    r"^\s+(?:is|was|remains)\s+(?:not\s+)?(?:an?|the)\s+(?:[\w\-,]+\s+){0,6}?"
    r"(?:country|region|territory|land|homeland)\b"
    r"|^\s+(?:has|had)\s+(?:an?\s+)?(?:[\w\-]+\s+){0,2}borders?\b"
)
# "the city of Qafan, Armenia", "Institute of X, Azerbaijan, name@mail": a place after the
# place or the body it locates, between commas.
_ADDRESS_BEFORE = re.compile(r"\b[A-ZÀ-Ž][\w\-]+,\s+$")
_ADDRESS_AFTER = re.compile(r"^\s*(?:[.)]|$|,\s*(?:[a-z0-9]|\S+@))")
_PLACE_WEAK_BEFORE = re.compile(
    r"\b(?:in|into|inside|within|throughout|across|(?:living|lived|live|lives|born|located)\s+in"
    r"|(?:population|peoples?|inhabitants|minorities|cities|regions?|provinces?|territory"
    r"|territories|areas|parts?|routes?|roads?|railways?|mountains?|villages?|towns?|capital"
    r"|(?:north|south|east|west)(?:ern\s+part)?)\s+of)"
    r"\s+$",
    re.IGNORECASE,
)
_PLACE_WEAK_AFTER = re.compile(
    r"^['’]s?\s+(?:[\w\-]+\s+)?(?:population|people|peoples|minorities|citizens|inhabitants|"
    r"territory|cities|regions|provinces|lands?|soil|borders?)\b",
    re.IGNORECASE,
)
_STATE_STRONG_BEFORE = re.compile(
    r"\b(?:against|(?:regime|government|leadership|authorities|army|ally|allies|policy|"
    r"policies|officials)\s+of|support\s+(?:to|for)|boycott\s+of|attacks?\s+on|sanctions\s+"
    r"(?:on|against)|relations\s+with|occupation\s+(?:of|by)|war\s+with)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_STATE_STRONG_AFTER = re.compile(
    r"^(?:['’]s?\s+(?:[\w\-]+\s+)?(?:policy|policies|government|regime|army|attacks?|stance|"
    r"position|officials|leadership|strategy|aggression|interests?|actions?|response|"
    r"intervention|president|ministry|authorities|diplomacy|decision)\b"
    r"|\s+(?:threatens|threatened|supports|supported|stated|declared|intervened|condemned|"
    r"attacked|announced|accused|demanded|warned|refused|signed|provided|sent|wants|wanted|"
    r"tried|tries|fears|feared|considers|considered|opposes|opposed|gave|gives|says|said|"
    r"has\s+(?:repeatedly\s+)?(?:stated|declared|said|warned|tried|sent|given|provided)|"
    r"is\s+not\s+afraid|dəstək|destek)\b)",
    re.IGNORECASE,
)


def choose(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """``mentions`` with each name that the registry gives a state and its territory alike set
    to the land or the state."""
    place_of = dict(gazetteer.territories)
    state_of = {place: state for state, place in place_of.items()}
    pairs: dict[int, tuple[str, str]] = {}
    for index, mention in enumerate(mentions):
        state = mention.ref if mention.ref in place_of else state_of.get(mention.ref)
        if not state or not mention.mark.rule.startswith("gazetteer-"):
            continue
        if {state, place_of[state]} <= gazetteer.refs_named(text[mention.start : mention.end]):
            pairs[index] = (state, place_of[state])
    if not pairs:
        return mentions
    local: dict[int, int] = {}
    votes: dict[str, Counter[str]] = {}
    for index in pairs:
        mention = mentions[index]
        # A hashtag is the name as written: "in #Iran" reads as "in Iran".
        before = text[max(0, mention.start - _BEFORE) : mention.start].removesuffix("#")
        after = text[mention.end : mention.end + _AFTER]
        strong = _strong(before, after)
        if not strong and _ADDRESS_BEFORE.search(before) and _ADDRESS_AFTER.match(after):
            strong = 1
        # "in Azerbaijan's reclaiming of …": the preposition governs what the name owns, not
        # the name, so a locative word before a possessive is no land cue.
        possessive = after[:2] in ("'s", "’s")
        weak = bool(
            (_PLACE_WEAK_BEFORE.search(before) and not possessive)
            or _PLACE_WEAK_AFTER.search(after)
        )
        # A weak land cue with no strong cue either way decides the mention too: "in Iran",
        # "the people of Iran" name where something is (kb/README.md, "States").
        local[index] = strong or int(weak)
        tally = votes.setdefault(pairs[index][0], Counter())
        tally["place"] += strong > 0 or (strong == 0 and weak)
        tally["state"] += strong < 0
    result = list(mentions)
    for index, (state, place) in pairs.items():
        mention = mentions[index]
        if local[index]:
            ref, rule = (place, "cue:land") if local[index] > 0 else (state, "cue:state")
        else:
            tally = votes[state]
            land = tally["place"] >= max(_CLEAR, 2 * tally["state"])
            ref, rule = (place, "discourse:land") if land else (state, "discourse:state")
        if ref != mention.ref or local[index]:
            mark = Mark(f"{mention.mark.rule}+{rule}", round(mention.mark.confidence - 0.1, 2))
            result[index] = Mention(mention.start, mention.end, ref, mark)
    return result


def _strong(before: str, after: str) -> int:
    """+1 when a strong cue reads the name as the land, -1 as the state, 0 for neither or both."""
    land = bool(_PLACE_STRONG_BEFORE.search(before) or _PLACE_STRONG_AFTER.search(after))
    state = bool(_STATE_STRONG_BEFORE.search(before) or _STATE_STRONG_AFTER.search(after))
    return int(land) - int(state)
