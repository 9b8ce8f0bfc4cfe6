"""Reported speech whose attribution trails it: "The strike will go on until May, Vik said." /
"..., said Tom Vik." / "..., the newspaper wrote on Monday."

News writing puts the paraphrase first and the speaker in a short last clause after a comma.
The clause is only an attribution when it holds a speech verb, its subject (or, inverted, the
name after the verb) and at most a short adverbial ("on Monday", "in a statement"); the words
before the comma are what was said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provkb.draft import attribution, roles
from provkb.draft.entities import EntityTable
from provkb.draft.speech import VERB_KIND, VERB_PATTERN

_MIN_CONTENT_WORDS = 4
_MAX_SUBJECT_WORDS = 6
_MAX_TAIL_WORDS = 6
# The verbs of a trailing attribution: past or present tense, no participle ("..., adding").
_TENSED = re.compile(r"(?:ed|s|said|wrote|told|thought|felt)$")
# What may follow the verb: an adverbial, not a clause of its own.
_TAIL = re.compile(r"[^,;:“”\"«»]*")
# An adverbial after the verb: "on Monday", "in a statement", "last week", "afterwards".
_ADVERBIAL = re.compile(
    r"\s+(?:on|in|at|during|after|before|last|this|yesterday|today|tonight|earlier|later|late|"
    r"by|via|from|through|over|with|afterwards|recently|again|too|also|then)\b"
)
# Verbs whose object is whom the words were said to: "..., she told reporters".
_TO_SOMEONE = re.compile(r"told|tells|asked|asks|assured|assures|warned|warns|reminded|reminds")
# What closes the sentence after the attribution.
_END_MARKS = ' \t\n.!?"”»’)'


@dataclass(frozen=True)
class Trailing:
    """A trailing attribution: who (a found subject), the verb's kind, and where the words
    said end (the comma before the attribution)."""

    found: attribution.Found
    kind: str
    content_end: int


def trailing_attribution(table: EntityTable, start: int, end: int) -> Trailing | None:
    """The attribution that closes the sentence ``start:end``, if it has one.

    Args:
        table: the document's entity table.
        start: where the sentence starts.
        end: where it ends.

    Returns:
        The speaker found, the verb's kind and where the words said end; None when the last
        clause is no attribution.
    """
    text = table.text
    comma = text.rfind(",", start, end)
    if comma == -1 or len(text[start:comma].split()) < _MIN_CONTENT_WORDS:
        return None
    clause_end = start + len(text[start:end].rstrip(_END_MARKS))
    verbs = [m for m in VERB_PATTERN.finditer(text, comma + 1, clause_end) if m.group(1)]
    if not verbs:
        return None
    verb = verbs[0]
    word = verb.group(1)
    if not _TENSED.search(word) or word not in VERB_KIND:
        return None
    between = text[comma + 1 : verb.start()]
    inverted = not between.strip()
    if not inverted and len(between.split()) > _MAX_SUBJECT_WORDS:
        return None
    # The tail is read before any name is resolved, so that a clause that is no attribution
    # proposes no entity.
    tail_at = _name_end(table, verb.end(), clause_end) if inverted else verb.end()
    if tail_at is None or not _is_adverbial(text[tail_at:clause_end], word):
        return None
    if inverted:
        # "..., said Tom Vik on Monday."
        found = attribution.name_after(table, verb.end(), clause_end, "trailing")
    else:
        found = attribution.subject_before(table, comma + 1, verb.start(), "trailing")
    if found is None or (found.ref is None and "pronoun" not in found.rule):
        # A description ("..., the official said") needs an antecedent the sentence before
        # gives, and proposes an entity from a common noun when it has none: left to review.
        return None
    return Trailing(found, VERB_KIND[word], comma)


def _name_end(table: EntityTable, at: int, hi: int) -> int | None:
    """Where the name (perhaps behind a role or a title) that follows ``at`` ends."""
    text = table.text
    while at < hi and text[at].isspace():
        at += 1
    behind = roles.INVERTED.match(text, at, hi)
    if behind is not None:
        return behind.end()
    name = table.name_starting_at(at)
    return name[1] if name is not None and name[1] <= hi else None


def _is_adverbial(tail: str, verb: str) -> bool:
    """Whether what follows the attribution's verb (and its name) is only an adverbial ("on
    Monday", "in a statement") or, after "told", whom it was told to."""
    if _TAIL.fullmatch(tail) is None or len(tail.split()) > _MAX_TAIL_WORDS:
        return False
    if re.search(r"\b(?:that|whether|if)\b", tail):
        return False  # "..., he said that ...": a clause of its own, read by the verb rules
    # "..., X continued to celebrate": an object, so no attribution.
    return not tail.strip() or bool(_ADVERBIAL.match(tail)) or bool(_TO_SOMEONE.fullmatch(verb))
