"""A person's name behind a role, a title or a description, as news writing puts it.

"said spokeswoman Anna Berg", "said Sen. Mark Holt", "said the union's leader, Tom Vik", "said
the study's lead author, glaciologist Dr. Jane Roe", "The Minister of Justice, John Doe,
replied": the speaker is the named person, not the role, the abbreviated title or the
description written before the name.
"""

from __future__ import annotations

import re

from provkb.draft.entities import EntityTable

# Abbreviated titles written before a name; their full stop ends neither the name nor the
# sentence.
TITLES = (
    "Dr Mr Mrs Ms Mx Prof Gen Sen Rep Gov Lt Col Capt Maj Sgt Rev Hon Amb Insp Supt Cmdr Adm "
    "Pres Atty Fr Sr"
).split()
_TITLE_WORD = r"(?:" + "|".join(TITLES) + r")"
_TITLE = rf"(?:{_TITLE_WORD}\.?\s+)"
_WORD = r"[A-ZÀ-ÖØ-ÞĀ-ſ][\w’'\-]+"
_INITIALS = r"(?:[A-Z]\.\s?){1,3}"
# A surname that opens with "St." ("St. Clair"): its full stop ends neither the name nor the
# sentence, and the name has no title.
_SAINT = r"St\.\s?"
# A name: capitalised words, initials before or inside ("J. R. Smith", "Anna K. Berg"), a
# "Jr." after.
_NAME = (
    rf"(?P<name>(?!{_TITLE_WORD}\.)(?:{_INITIALS}\s*|{_SAINT})?{_WORD}"
    rf"(?:\s+(?:{_INITIALS}\s*)?{_WORD}){{0,3}}(?:,?\s+(?:Jr|Sr)\.)?)"
)
# Lower-case words that are not a role: prepositions, determiners, adverbs of time ("said on
# Monday", "said last Friday", "said in Valmora").
_NOT_ROLE = frozenset(
    "on in at to by for with from after before during that this these those last next "
    "yesterday today tonight earlier later also then again once not only just still now "
    "a an the and or but of as when while who which there here about over under into "
    "outside inside near since until through across against between among per via "
    "told asked said says".split()
)
# A role: one to three lower-case nouns ("spokeswoman", "opposition leader", "former
# deputy minister"), each one a word that is not in ``_NOT_ROLE`` nor an adverb.
_ROLE = r"(?P<role>(?:[a-z][\w\-]*\s+){1,3})"
# A definite description closed by a comma: "the union's leader, ", "its chairman, " (after a verb
# here; before a name at the start of a sentence in extractor.py).
ROLE_BEFORE_NAME = r"(?i:the|its|their|his|her)\s+(?:[\w’'\-]+\s+){0,5}?[a-z][\w\-]*,\s+"
_DESCRIPTION = rf"(?P<description>{ROLE_BEFORE_NAME})"
INVERTED = re.compile(rf"{_DESCRIPTION}?{_ROLE}?{_TITLE}?{_NAME}(?![\w’'])")
# Whose a role is, after it: "a spokesperson for (the ministry)", "the head of (the union)".
OWNER_TAIL = re.compile(r"(?<=\w)\s+(?:for|of|at|from|with)\s+(?:the\s+)?$")
# A dash that signs a quote, right after its closing mark: "“...” – Tom Vik, union leader."
DASH_ATTRIBUTION = re.compile(r"[,.]?[ \u00a0]*[–—][ \u00a0]*(?=[A-ZÀ-Þ])")
# A title written in full, then an apposition: "The Minister of Justice, John Doe, ".
# The apposition closes before the verb ("..., replied"), not before another item of a list
# ("A, B, and C", "A, B, C").
_TITLED_APPOSITION = re.compile(rf",\s+{_TITLE}?{_NAME},(?=\s+[a-z])(?!\s+(?:and|or)\b)")


def _is_role(words: str) -> bool:
    return all(w not in _NOT_ROLE and not w.endswith("ly") for w in words.split())


def _named(table: EntityTable, start: int, end: int, rule: str) -> tuple[int, int, str]:
    """The entity of the name at ``start:end``: a known mention there, or a new person."""
    known = table.name_starting_at(start)
    if known and known[2] and known[1] <= end:
        return known[0], known[1], known[2]
    return start, end, table.ref_of(start, end, rule, "person")


def name_behind_role(
    table: EntityTable, at: int, hi: int, rule: str
) -> tuple[int, int, str] | None:
    """The person named after a role, a title or a description that starts at ``at``.

    Only when something stands before the name (a name alone is another rule's): "spokeswoman
    Anna Berg", "Sen. Mark Holt", "the union's leader, Tom Vik".

    Args:
        table: the document's entity table.
        at: where the words after the speech verb start.
        hi: how far the name may reach (the sentence's end).
        rule: the rule that needs the entity (recorded on a new one).

    Returns:
        The name's start, end and entity, or None.
    """
    match = INVERTED.match(table.text, at, hi)
    if match is None:
        return None
    saint = match.group("name").startswith("St.")
    if not (match.group("description") or match.group("role") or _titled(match) or saint):
        return None
    role = match.group("role")
    if role and not _is_role(role):
        return None
    if match.group("description") and "\n" in match.group("description"):
        return None
    start, end = match.span("name")
    return _named(table, start, end, rule)


def _titled(match: re.Match[str]) -> bool:
    return match.start("name") > match.start() and not match.group("role")


def apposed_name(table: EntityTable, end: int, hi: int, rule: str) -> tuple[int, int, str] | None:
    """The name in the apposition that follows a title ending at ``end``: "The Minister of
    Justice, John Doe, replied" -> John Doe. None when no name stands there between commas."""
    match = _TITLED_APPOSITION.match(table.text, end, hi)
    if match is None:
        return None
    start, name_end = match.span("name")
    return _named(table, start, name_end, rule)
