"""Words passed on inside another's words: a speech verb in the clause of another.

"Ida Berg told the Post that Minister Tom Vik had assured deputies the port would stay open":
the words about the port are Tom Vik's; Ida Berg passed them on (an ``intermediary`` hop, after
the hops of her own telling, such as the Post). A direct quote that the inner verb introduces
("... had assured deputies the port would “stay open”") gets the same hop; a reported sentence
is given to the inner speaker, with the outer one as the hop.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from provkb.draft import attribution
from provkb.draft.attribution import PERSON_NOUN
from provkb.draft.entities import EntityTable
from provkb.draft.model import Assertion, Hop, Mark, Speaker
from provkb.draft.speech import speech_verbs
from provkb.draft.text import Segment, sentence_at

# The complementiser that opens the outer verb's clause, right before the inner subject.
_THAT = re.compile(r"\bthat\s+")
# What may stand between "that" and the inner subject: titles ("Foreign Minister").
_TITLES_ONLY = re.compile(r"(?:(?:[A-Z][\w.\-]*|the|a|an|of|for)\s+){0,5}")
# An inner verb's object, then "that": "had told her that", "had assured deputies that".
_OBJECT_THAT = re.compile(r"(?:(?:[\w’'\-]+)\s+){0,3}?that\s+")
# Words between an outer verb and the inner one when no "that" opens the clause: "said her
# cousin, a teacher in the town of X, had told her".
_MAX_BARE_CLAUSE_WORDS = 14
_POSSESSIVES = frozenset("his her their my our".split())
# Rules whose speaker is the document's or an interview's own voice: no nesting there.
_OWN = ("issuer", "letter", "interview", "document-voice", "answer")


# Resolves a pronoun or a description found at a position (the extractor's own rules).
Resolver = Callable[[attribution.Found, int], str | None]


def apply_nested(
    table: EntityTable,
    assertions: list[Assertion],
    spans: list[Segment],
    quoted: bytearray,
    resolve: Resolver,
) -> list[Assertion]:
    """Give each quote that an inner speech verb introduces the outer speaker as an
    intermediary hop, and draft the inner words of each reported sentence that passes on
    another's words as that speaker's own assertion (kb/README.md: the relayer's sentence stays
    the relayer's); ``resolve`` finds who a pronoun or a description that is the outer subject
    stands for. Returns the inner assertions it drafted."""
    text = table.text
    drafted: list[Assertion] = []
    for assertion in assertions:
        if any(own in assertion.speaker.rule for own in _OWN):
            continue
        sentence = sentence_at(spans, assertion.start)
        if sentence is None:
            continue
        _according_to_relayer(table, assertion, sentence, quoted, resolve)
        limit = assertion.start if assertion.mode == "direct" else sentence.end
        verbs = [v for v in speech_verbs(text, sentence.start, limit) if not quoted[v[0]]]
        if len(verbs) < 2:
            continue
        inner = _inner(table, verbs, sentence, resolve)
        if inner is None:
            continue
        (outer_verb, inner_verb_end, kind), inner_ref = inner
        if assertion.mode == "direct":
            if assertion.speaker.ref != inner_ref:
                continue  # the quote is not the inner verb's
            outer = _subject_ref(table, sentence.start, outer_verb, resolve)
        else:
            outer = assertion.speaker.ref
        if outer is None or outer == inner_ref or not outer.startswith(("person/", "org/")):
            continue
        hop = Hop("intermediary", outer, None, Mark("nested-speech", 0.5))
        if assertion.mode == "direct":
            if all(h.agent != outer for h in assertion.relay):
                assertion.relay.append(hop)
            continue
        start = (
            inner_verb_end
            + len(text[inner_verb_end : sentence.end])
            - len(text[inner_verb_end : sentence.end].lstrip(" ,:"))
        )
        if that := _OBJECT_THAT.match(text, start):
            start = that.end()  # "had told her that ...": the words after "that"
        end = sentence.end - (1 if text[sentence.end - 1] in ".;" else 0)
        if len(text[start:end].split()) < 3:
            continue
        drafted.append(
            Assertion(
                start, end, "reported", kind, Speaker(inner_ref, "nested-speech", True),
                Mark("reported-nested-speech", 0.5), [*assertion.relay, hop],
            )
        )  # fmt: skip
    return drafted


# "According to him, a diplomat had told the committee that ...": who passed the words on.
_ACCORDING_OPENS = re.compile(
    r"\s*(?i:according\s+to)\s+(?P<source>(?i:him|her|them)|[A-ZÀ-Ž][^,]{1,60}?),\s+"
)


def _according_to_relayer(
    table: EntityTable,
    assertion: Assertion,
    sentence: Segment,
    quoted: bytearray,
    resolve: Resolver,
) -> None:
    """Words whose sentence opens with "According to X," and then has someone else speak
    ("According to him, a diplomat had told the committee that ...") reached the text through
    X: an intermediary hop, after the assertion's own hops."""
    text = table.text
    opens = _ACCORDING_OPENS.match(text, sentence.start, sentence.end)
    if opens is None or quoted[opens.start("source")] or opens.end() > assertion.end:
        return
    verbs = [v for v in speech_verbs(text, opens.end(), assertion.end) if not quoted[v[0]]]
    if not verbs:
        return  # "According to X, the port closed": X is the speaker, no relay
    word = opens.group("source")
    if word.lower() in ("him", "her", "them"):
        pronoun = attribution.Found(
            opens.start("source"), opens.end("source"), None, f"according-to:pronoun-{word}"
        )
        relayer = resolve(pronoun, sentence.start)
    else:
        name = table.name_starting_at(opens.start("source"))
        relayer = (name[2] or table.ref_of(name[0], name[1], "according-to")) if name else None
    if relayer is None or relayer == assertion.speaker.ref:
        return
    if not relayer.startswith(("person/", "org/")):
        return
    if all(hop.agent != relayer for hop in assertion.relay):
        mark = Mark("according-to-relayer", 0.5)
        assertion.relay.append(Hop("intermediary", relayer, None, mark))


def _inner(
    table: EntityTable, verbs: list[tuple[int, int, str]], sentence: Segment, resolve: Resolver
) -> tuple[tuple[int, int, str], str] | None:
    """The outer verb's start, the inner verb's end and kind, and the inner speaker: the
    subject that "that" opens right before a later speech verb ("the ambassador had assured
    him": the person the description stands for)."""
    text = table.text
    for (outer_start, outer_end, _), (inner_start, inner_end, kind) in itertools.pairwise(verbs):
        thats = list(_THAT.finditer(text, outer_end, inner_start))
        if thats:
            opened = thats[-1].end()
        elif len(text[outer_end:inner_start].split()) <= _MAX_BARE_CLAUSE_WORDS:
            # "Varessa said her cousin, a teacher, had told her that ...": no "that".
            opened = (
                outer_end
                + len(text[outer_end:inner_start])
                - len(text[outer_end:inner_start].lstrip())
            )
        else:
            continue
        found = attribution.subject_before(table, opened, inner_start, "nested")
        if found is None or not _TITLES_ONLY.fullmatch(text[opened : found.start]):
            continue  # the subject opens the clause, perhaps after its title
        ref = _resolved(table, found)
        head = text[found.start : found.end].split()[-1]
        if ref is None and found.rule.endswith("description") and PERSON_NOUN.fullmatch(head):
            ref = resolve(found, opened)  # "the ambassador": whom the role stands for
        if ref is not None:
            return (outer_start, inner_end, kind), ref
    return None


def _subject_ref(table: EntityTable, lo: int, verb: int, resolve: Resolver) -> str | None:
    found = attribution.subject_before(table, lo, verb, "nested-outer")
    if found is None:
        return None
    return _resolved(table, found) or resolve(found, lo)


def _resolved(table: EntityTable, found: attribution.Found) -> str | None:
    """A found subject as an entity: a name or a group as found; an indefinite description
    ("a senior official of the ministry") as an unnamed person; a pronoun or a definite
    description, which need an antecedent, as None."""
    if found.ref is not None:
        return found.ref
    words = table.text[found.start : found.end].split()
    if found.rule.endswith("indefinite-description"):
        return table.unnamed(" ".join(words[1:]), found.start, found.end, "nested-speech")
    if found.rule.endswith("description") and words[0].lower() in _POSSESSIVES:
        # "her cousin had told her": a relative or a colleague the text does not name.
        return table.unnamed(" ".join(words).lower(), found.start, found.end, "nested-speech")
    return None
