"""Names English derives regularly from the registry's own names, so the gazetteer finds them.

Only names an entity already has are varied, each by one regular rule, so that no entity gains a
name of another: the adjective of a compass-qualified region ("South Azerbaijan" -> "South
Azerbaijani"), and the other ways of naming an armed force ("Armed Forces of Azerbaijan" ->
"Azerbaijani army"). The bare adjective of a country ("Iranian") or of a people ("Persian") is
not a name: it is mostly a plain adjective ("Iranian officials"); ``known.py`` links it only
before a noun of what a land or a people has ("Iranian society", "Persian nationalism").
"""

from __future__ import annotations

import re

COMPASS = frozenset(
    "North South East West Northern Southern Eastern Western Northwestern Northeastern "
    "Southwestern Southeastern".split()
)
# The last letters of a country's or a region's name and what its adjective puts there.
_ADJECTIVE_ENDINGS = (
    ("stan", "stani"),
    ("jan", "jani"),
    ("ia", "ian"),
    ("a", "an"),
    ("an", "anian"),
    ("q", "qi"),
    ("el", "eli"),
)
_ARMED_HEADS = ("army", "military", "armed forces")
# "Armed Forces of X", "army of X": the possessor of an armed force's name.
_HEAD_OF = re.compile(r"^(?i:armed forces|army|military)\s+of\s+(?:the\s+)?(.+)$")
# "Azerbaijani military", "Iranian army": the adjective of an armed force's name.
_ADJECTIVE_HEAD = re.compile(r"^(.+?)\s+(?i:armed forces|army|military)$")


def adjective(name: str) -> str | None:
    """The English adjective of a one-word place name ("Azerbaijan" -> "Azerbaijani"), or None
    when its ending has no regular adjective."""
    if not re.fullmatch(r"[A-Z][a-z]{3,}", name):
        return None
    for ending, replacement in _ADJECTIVE_ENDINGS:
        if name.endswith(ending):
            return name[: -len(ending)] + replacement
    return None


def region_adjectives(names: list[str]) -> list[str]:
    """The adjectives of compass-qualified names: "South Azerbaijan" -> "South Azerbaijani"."""
    found = []
    for name in names:
        words = name.split()
        if len(words) == 2 and words[0] in COMPASS and (adj := adjective(words[1])):
            found.append(f"{words[0]} {adj}")
    return found


def place_adjectives(names: list[str]) -> list[str]:
    """The adjectives of a place's one-word and compass-qualified names ("Azerbaijani",
    "North Azerbaijani"): what an armed force of that place is named after."""
    found = [adj for name in names if (adj := adjective(name))]
    return found + region_adjectives(names)


def armed_force_names(names: list[str], territory_names: list[str]) -> list[str]:
    """Other names of an armed force: its possessor's adjective with each head noun ("Armed
    Forces of Azerbaijan", "Azerbaijani military" -> "Azerbaijani army", ...).

    Args:
        names: the armed force's own names.
        territory_names: the names of the territory of the state it belongs to.
    """
    adjectives: list[str] = []
    for name in names:
        if owner := _HEAD_OF.match(name):
            adjectives += place_adjectives([owner.group(1)])
        elif owned := _ADJECTIVE_HEAD.match(name):
            adjectives.append(owned.group(1))
    adjectives += place_adjectives(territory_names)
    found = []
    for adj in dict.fromkeys(adjectives):
        found += [f"{adj} {head}" for head in _ARMED_HEADS]
    return found


def people_adjective(name: str) -> str | None:
    """The adjective of a people's plural name: "Persians" -> "Persian", "Azerbaijanis" ->
    "Azerbaijani", "Azerbaijani Turks" -> "Azerbaijani Turkish" (a one-syllable people adds
    "-ish": Turks, Kurds, Danes, Poles), or None."""
    words = name.split()
    if not words or not re.fullmatch(r"[A-Z][a-z]{2,}s", words[-1]):
        return None
    plural = words[-1]
    if re.search(r"(?:an|i)s$", plural):
        last = plural[:-1]
    elif re.fullmatch(r"[A-Z][^aeiouy]*[aeiouy]+[^aeiouy]+e?s", plural):
        last = plural[:-1].removesuffix("e") + "ish"
    else:
        return None
    return " ".join([*words[:-1], last])
