"""What a pronoun or a possessive refers to, by agreement: "they" is a group or an
organisation that is not a state, "its" an organisation.

Every answer here is a guess; the extractor flags it so.
"""

from __future__ import annotations

import itertools
import re

from provkb.draft.attribution import (
    ANIMATE_GROUP,
    ANY_GROUP,
    CAPITALISED_WORD,
    ORG_NOUN,
    PEOPLE_PLURAL,
    PERSON_NOUN,
    QUANTIFIED_GROUP,
    Found,
    sentence_subject,
)
from provkb.draft.candidates import FUNCTION_WORDS, guess
from provkb.draft.entities import EntityTable

_CAPITALISED_BEFORE = re.compile(rf"{CAPITALISED_WORD}[ \u00a0]+$")
# Organisation kinds that are countries: a country is "it", never "they".
STATE_KINDS = frozenset({"state", "country", "empire"})
_ANTECEDENT_REACH = 600  # characters a pronoun looks back for its antecedent


def plural_antecedent(table: EntityTable, at: int) -> Found | None:
    """What "they" at ``at`` most likely refers to: the nearest group of people the text names
    before it ("millions of X living in Y", "local activists"), a collective, or an
    organisation that is not a state; a person, a place or a country is not "they"."""
    text = table.text
    # No further back than the start of the line before the pronoun's line (its paragraph).
    own = text.rfind("\n", 0, at)
    paragraph = text.rfind("\n", 0, own) if own > 0 else 0
    lo = max(0, at - _ANTECEDENT_REACH, paragraph)
    best: tuple[int, int, str | None, str] | None = None
    for match in QUANTIFIED_GROUP.finditer(text, lo, at):
        best = (match.start(1), match.end(1), None, "group")
    for pattern in (ANY_GROUP, ANIMATE_GROUP):
        for match in pattern.finditer(text, lo, at):
            start = _after_last_function_word(text, match.start(1), match.end(1))
            # The nearest group; of two ending together, the longer ("Environmental groups").
            if (
                best is None
                or match.end(1) > best[1]
                or (match.end(1) == best[1] and start < best[0])
            ):
                best = (start, match.end(1), None, "group")
    for mention in table.mentions:
        if mention.end > at:
            break
        if mention.start < lo or (best is not None and mention.start <= best[0]):
            continue
        kind = table.gazetteer.kinds.get(mention.ref, "")
        if mention.ref.startswith("collective/") or (
            mention.ref.startswith("org/") and kind not in STATE_KINDS
        ):
            best = (mention.start, mention.end, mention.ref, "mention")
    for new_ref, entity in table.new.items():
        if not new_ref.startswith(("collective/", "org/")):
            continue
        label = re.escape(entity.label)
        for match in re.finditer(rf"(?<![\w\-]){label}(?![\w\-])", text[lo:at]):
            found_at = lo + match.start()
            if _CAPITALISED_BEFORE.search(text, lo, found_at):
                continue  # "Council" ending "Security Council" is not that entity
            if best is None or found_at > best[0]:
                best = (found_at, found_at + len(entity.label), new_ref, "mention")
    if best is None:
        return None
    start, stop, ref, how = best
    if how == "group":
        words = text[start:stop].split()
        while len(words) > 1 and words[0].lower() in FUNCTION_WORDS:
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
        ref = table.collective(start, stop, "antecedent")
    return Found(start, stop, ref, "plural-antecedent")


def _after_last_function_word(text: str, start: int, stop: int) -> int:
    """Where a group phrase starts once the words up to its last article or preposition before
    the group noun are cut: "Norland warned the farmers of Valmora" -> "farmers of Valmora"."""
    head = re.search(PEOPLE_PLURAL, text[start:stop])
    if head is None:
        return start
    cut = start
    for word in re.finditer(r"[\w\-]+", text[start : start + head.start()]):
        if word.group().lower() in FUNCTION_WORDS:
            cut = start + word.end()
    while cut < stop and text[cut].isspace():
        cut += 1
    return cut


# An organisation the sentence opens with, named by its kind: "The regional government must".
_ORG_DESCRIPTION_OPENS = re.compile(
    r"\s*(?:[Tt]he)\s+((?:[a-z][\w\-’']*\s+){0,3}?" + ORG_NOUN.pattern + r")(?![\w\-])"
)


def org_antecedent(table: EntityTable, lo: int, at: int) -> Found | None:
    """What "its" at ``at`` refers to, from the sentence ``lo:at`` starts: an organisation that
    opens it by its kind ("The regional government ... Its press office"), an organisation or
    a collective that opens it by name, else the nearest organisation or collective mentioned
    before ``at`` in the paragraph."""
    text = table.text
    described = _ORG_DESCRIPTION_OPENS.match(text, lo, at)
    if described:
        start, stop = described.start(1), described.end(1)
        ref = table.described_org(text[start:stop], start, stop, "antecedent")
        return Found(start, stop, ref, "org-antecedent")
    subject = sentence_subject(table, lo, at, "org-antecedent")
    if subject is not None and subject.ref and subject.ref.startswith(("org/", "collective/")):
        return subject
    paragraph = text.rfind("\n", 0, at) + 1
    for mention in reversed(table.mentions):
        inside = paragraph <= mention.start and mention.end <= at
        if inside and mention.ref.startswith(("org/", "collective/")):
            return Found(mention.start, mention.end, mention.ref, "org-antecedent")
    return None


# A relative named by a possessive: "my sister", "his late father", "our mother".
_RELATIVE = re.compile(
    r"\b(?P<owner>[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)\s+(?:(?:elder|eldest|younger|youngest|"
    r"older|little|late|own)\s+)?(?P<noun>sister|mother|wife|daughter|aunt|grandmother|niece|"
    r"widow|brother|father|husband|son|uncle|grandfather|nephew|widower)\b"
)
_FEMININE = frozenset("sister mother wife daughter aunt grandmother niece widow".split())


def relative_before(
    table: EntityTable, lo: int, at: int, pronoun: str
) -> tuple[int, int, str] | None:
    """The last relative a possessive names in ``lo:at`` ("my sister") whom ``pronoun`` ("she")
    can stand for, with no person named after it: its span and its description."""
    text = table.text
    found = None
    for match in _RELATIVE.finditer(text, lo, at):
        if (match.group("noun") in _FEMININE) == (pronoun == "she"):
            found = match
    if found is None or any(
        found.end() <= m.start < at for m in table.mentions if m.ref.startswith("person/")
    ):
        return None
    apposition = re.match(r",\s*", text[found.end() : at])
    if apposition and table.name_starting_at(found.end() + apposition.end()):
        return None  # "Her brother, Rustam Temirov, ...": the name the apposition gives
    return found.start(), found.end(), found.group().lower()


# Someone the text introduces without a name: "a Zorrenian diplomat", "a younger activist".
_SOMEONE = re.compile(r"\b(?:[Aa]n?|[Oo]ne)\s+((?:[\w\-]+\s+){0,3}([a-z][\w\-]*))\b")


def someone_before(
    table: EntityTable, lo: int, at: int, quoted: bytearray
) -> tuple[int, int, str] | None:
    """The last person ``lo:at`` introduces by an indefinite description ("when I asked a
    Zorrenian diplomat about it, he ..."), outside quoted words and with no person named after
    it: its span and its description ("Zorrenian diplomat")."""
    text = table.text
    found: tuple[int, int, str] | None = None
    for match in _SOMEONE.finditer(text, lo, at):
        if quoted[match.start()]:
            continue
        # The head noun is the last of up to four words that names a person: "a younger
        # activist", not "a younger".
        comma = text[: match.start()].rstrip()
        if comma.endswith(",") and table.name_ending_at(len(comma) - 1):
            continue  # "Ruslan Beriev, a defence lawyer": the apposition of a name
        if re.search(r"\b(?i:as|became|becomes|become|is|was|were|are)\s*$", comma):
            continue  # "who took part as a volunteer", "she was a teacher": a role, no one new
        words = list(re.finditer(r"[\w\-]+", match.group(1)))
        # The head noun stands before "of": "a photograph of her husband" is a photograph.
        words = list(itertools.takewhile(lambda w: w.group() != "of", words))
        heads = [w for w in words if PERSON_NOUN.fullmatch(w.group()) and w.group().islower()]
        if heads:
            end = match.start(1) + heads[-1].end()
            found = (match.start(), end, text[match.start(1) : end])
    if found is None:
        return None
    for start in table.starts_between(found[1], at):
        name = table.name_starting_at(start)
        if name is None:
            continue
        ref = name[2] or ""
        person = ref.startswith("person/") or (
            not ref and len(text[name[0] : name[1]].split()) > 1
            and guess(text, name[0], name[1]).kind == "person"
        )  # fmt: skip
        if person:
            return None  # a person named after it is the likelier antecedent
    return found
