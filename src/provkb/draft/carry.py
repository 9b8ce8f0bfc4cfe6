"""When a quote's own sentence says its words are not the previous speaker's.

A quote without a speaker of its own is the previous speaker's only when nothing in its sentence
says otherwise. It is not when a group speaks ("“...,” shipping agents said", "Residents said
“...”"), when the sentence is impersonal ("It was reported that “...”": nobody in particular,
so the document's voice), or, in a new paragraph, when the sentence names another person
("Harbour master Tom Vik was blunt: “...”").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provkb.draft.attribution import PEOPLE_PLURAL
from provkb.draft.candidates import guess
from provkb.draft.entities import EntityTable
from provkb.draft.speech import speech_verbs

# "It was reported that", "it is said", "it has been claimed": the verb has no speaker.
_IMPERSONAL = re.compile(
    r"(?<![\w\-])[Ii]t\s+(?:is|was|has\s+been|had\s+been|will\s+be|would\s+be|may\s+be|"
    r"might\s+be)\s+(?:\w+ly\s+)?(?:reported|said|claimed|alleged|stated|announced|"
    r"rumou?red|suggested|believed|understood|learned|learnt|noted|argued|thought)\b"
)
# A plural subject right before the verb: "shipping agents", "Local residents", "The agents".
_PLURAL_SUBJECT = re.compile(
    rf"(?<![\w\-’'])((?:[A-Za-z][\w\-]*\s+){{0,3}}(?:{PEOPLE_PLURAL}|agents|parents|"
    rf"residents|students|patients|clients|opponents|respondents|correspondents))"
    r"(?:\s+(?:also|then|later|again|have|had|all|both))?\s*$"
)


@dataclass(frozen=True)
class Own:
    """Who the quote's own sentence gives the words to: an entity, or None for nobody named
    (the document's voice), and the rule that said so."""

    ref: str | None
    rule: str


def own_speaker(
    table: EntityTable, lo: int, hi: int, quoted: bytearray, *, new_paragraph: bool
) -> Own | None:
    """A speaker other than the previous one, read from the sentence ``lo:hi`` of a quote
    that no speech-verb rule attributed.

    Args:
        table: the document's entity table.
        lo: where the quote's sentence starts.
        hi: where it ends.
        quoted: 1 where the text is inside quotation marks.
        new_paragraph: whether the quote opens a paragraph other than the previous speaker's.

    Returns:
        The sentence's own speaker (``ref`` None: the document's voice), or None when the
        sentence says nothing against carrying the previous speaker forward.
    """
    text = table.text
    for impersonal in _IMPERSONAL.finditer(text, lo, hi):
        if not quoted[impersonal.start()]:
            return Own(None, "impersonal:document-voice")
    for verb_start, _verb_end, _kind in speech_verbs(text, lo, hi):
        if quoted[verb_start]:
            continue
        before = text[lo:verb_start]
        group = _PLURAL_SUBJECT.search(before)
        if group is not None and not quoted[lo + group.start(1)]:
            start, end = lo + group.start(1), lo + group.end(1)
            if text[start:end].split()[0].lower() in ("the", "these", "those"):
                start = start + len(text[start:end].split()[0]) + 1
            return Own(table.ref_of(start, end, "group-subject", "collective"), "group-subject")
    if new_paragraph:
        person = _person_in(table, lo, hi, quoted)
        if person is not None:
            return Own(person, "named-in-sentence")
    return None


def _person_in(table: EntityTable, lo: int, hi: int, quoted: bytearray) -> str | None:
    """The first person the sentence names outside its quotes (a known one, or a name of two
    words or more that reads as a person's)."""
    people = [
        (m.start, m.ref)
        for m in table.mentions
        if lo <= m.start < hi and not quoted[m.start] and m.ref.startswith("person/")
    ]
    people += [
        (start, table.ref_of(start, end, "named-in-sentence", "person"))
        for start, end in table.names
        if lo <= start < hi
        and not quoted[start]
        and " " in table.text[start:end]
        and guess(table.text, start, end).kind == "person"
    ]
    return min(people)[1] if people else None
