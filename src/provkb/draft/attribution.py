"""Who said it: the subject of the speech verb, "according to X", an apposition, a pronoun.

The subject is the head of its clause's noun phrase, not the nearest name before the verb: a
name in a prepositional phrase or an "including"/"such as" list ("Residents of A and B said")
is where the subject lives; a place is never who speaks; a participle after a comma takes its
main clause's subject. Groups of people are noun phrases with a group noun, a count ("Thousands
of X") or an agent noun's ending; descriptions ("the imam", "a ministry spokesman", "the
farmers' association") are classed by their head noun as a person, an organisation or a text.

Every function here reads a window of the text and returns what it found there, with the rule;
the extractor decides between them and falls back to the previous speaker (flagged as a guess).
What pronouns refer to is in :mod:`provkb.draft.antecedents`; who speaks when no speech verb
frames a quote, in :mod:`provkb.draft.unframed`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provkb.draft import roles
from provkb.draft.candidates import FUNCTION_WORDS, PERSON_TITLE, TITLES, org_kind
from provkb.draft.entities import EntityTable
from provkb.draft.speech import VERB_KIND

_UPPER = "".join(chr(c) for c in range(0x41, 0x530) if chr(c).isupper())
# A word written with a capital, in any Latin, Greek or Cyrillic script ("Hərəkəti", "Gen").
CAPITALISED_WORD = rf"[{_UPPER}][\w’'\-]*"

# Words that may stand between a subject and its verb ("Alemdar also adds", "he has said").
_BETWEEN = re.compile(
    r"(?:\s+(?:also|further|further|then|again|later|once|previously|reportedly|repeatedly|"
    r"publicly|recently|often|even|only|has|have|had|once|again|just|clearly|openly|"
    r"firmly|strongly|officially|would|will|did|does|do|was|never|always|explicitly|long|"
    r"[a-z]{3,}ly))+\s*$",
    re.IGNORECASE,
)
_WHICH_AFTER = re.compile(r"\s*,\s*which\b")
_RELATIVE = re.compile(
    r",?\s+(?:who|which)(?:\s+(?:on|in|at|last|this|earlier|later|then|also|again)\b"
    r"[^,;:“”\"«»]{0,30})?$"
)
_BRACKETED = re.compile(r"\s*\([^()]{1,40}\)(?=,?\s*$)")
_APPOSITION = re.compile(r",[^,;:“”\"«»]{2,90},\s*$")
_PRONOUN = re.compile(
    r"(?<!\w)(he|she|they|we|i|it|some|others|many|most|several|both|all)\s*$", re.IGNORECASE
)
# Pronouns for a group: "they", and the quantifiers that stand for part of one ("Some said").
PLURAL_PRONOUNS = frozenset("they some others many most several both all".split())
# A definite description: "the activist", "the national activist", "the secretary of state",
# "its press office".
# A title written with its capital, standing for a person ("The Minister", "the Ambassador").
_CAPITAL_TITLE = "|".join(
    [word.capitalize() for word in sorted(TITLES, key=len, reverse=True) if len(word) > 3] + ["MP"]
)
# A definite determiner before a description ("the", "its", "her"); "that a colleague" is none:
# "that" opens a clause there, it determines no noun.
_DEFINITE = r"(?<!\w)(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+(?!(?:a|an|the)\s)"
# Modifiers may be capitalised ("the Dastranian government"); the head noun is not, but for a
# title standing for the person it names ("The Minister said").
_DESCRIPTION = re.compile(
    _DEFINITE + rf"((?:[\w\-’']+\s+){{0,3}}(?:[a-z][\w\-]*|{_CAPITAL_TITLE}))\s*$"
)
# An indefinite description ending the subject: "a ministry spokesman", "one lorry driver".
_INDEFINITE_SUBJECT = re.compile(
    r"(?<!\w)(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+"
    r"((?:(?!(?:in|on|at|from|of|near|inside|outside|with|for)\s)[\w\-’']+\s+){0,3}"
    r"[a-z][\w\-]*)"
    # where the person is or works: "a customs officer on the X side", "a source in the court"
    r"((?:\s+(?:in|on|at|from|of|near|inside|outside|with|for)\s+(?:the\s+)?"
    r"(?:[\w\-’']+\s+){0,3}[\w\-’']+)?)\s*$"
)
# A definite description with where the person is or works: "the mayor of Vik", "the harbour
# master in Vik", "the director of a school in Vik"; the place is one or two capitalised words,
# so "the head of the union" stays a description of its own.
_DEFINITE_LOCATED = re.compile(
    _DEFINITE + r"((?:[\w\-’']+\s+){0,3}[a-z][\w\-]*)"
    r"(\s+(?:in|of|from|at)\s+"
    # "the director of a secondary school in Vyrna": a noun phrase, then where it is
    r"(?:(?:a|an|the)\s+(?:[\w\-’']+\s+){0,3}?(?:in|of|at)\s+)?"
    r"[A-ZÀ-Ž][\w\-’']*(?:\s+[A-ZÀ-Ž][\w\-’']*)?)\s*$"
)
# A relative clause with no commas after a described person: "a diplomat who spoke on
# condition of anonymity" (the verb that ends the window is the main clause's).
_RELATIVE_CLAUSE = re.compile(
    r"(?<=[a-z])\s+who\s+(?:was|were|is|are|had|has|spoke|asked|declined|did|works?|"
    r"worked|lives?|lived|requested|insisted|could|would)\b[^,;:“”\"«»]{0,100}$"
)
# An apposition that describes the name before it: ", the party's leader,", ", a lawyer,".
_DESCRIBING = re.compile(
    r"^,\s*(?:the|a|an|its|his|her|their|our|[A-Z][\w\-]*['’]s?)\s", re.IGNORECASE
)
# A clause inserted between the subject and its verb: ", who asked not to be named,",
# ", quoted by X,", ", speaking on condition of anonymity,".
_INSERTED_CLAUSE = re.compile(
    r",\s*(?:who|which|quoted|cited|speaking|citing|writing|according)\b"
    r"(?:[^,;:“”\"«»]|,(?=\d)){0,120},\s*$"
)
# A news agency's dateline before the first sentence: "OSTRAVA, May 12 (Agency) - ".
DATELINE = re.compile(r"\s*[A-Z][A-Z .'\-]{2,}(?:,[^\n]{0,60}?)?\s[-–—]+\s+")
# Common nouns for people and bodies that can speak; a plural group is a collective speaker.
GROUP_NOUNS = frozenset(
    "officials activists witnesses residents sources experts analysts media observers protesters "
    "organisers organizers authorities diplomats critics supporters lawyers journalists "
    "reporters doctors students villagers leaders representatives participants "
    "demonstrators locals scholars researchers citizens campaigners historians deputies mps "
    "lawmakers legislators members ministers politicians intellectuals writers poets musicians "
    "artists clerics imams scientists academics commentators bloggers users groups "
    "organisations organizations parties movements outlets websites newspapers agencies "
    "governments workers farmers fishermen teachers soldiers troops people nationalists "
    "separatists monarchists opponents dissidents clergy deputies senators councillors "
    "councilors delegates envoys spokespeople signatories petitioners unions agents parents "
    "nurses families neighbours neighbors fans pupils crews staff employees passengers "
    "commuters tenants landlords owners traders shopkeepers merchants drivers pilots "
    "relatives survivors victims veterans pensioners retirees youths women men elders "
    "mothers fathers mayors governors judges prosecutors officers police fishers".split()
)
# Plural agent nouns by their ending ("dockworkers", "economists", "trustees"), less the
# common plurals that end the same way and name no people.
_NOT_PEOPLE = (
    "papers|numbers|letters|orders|borders|powers|matters|waters|others|answers|centers|"
    "centres|quarters|headquarters|offers|layers|chapters|registers|computers|containers|"
    "printers|towers|flowers|rivers|tigers|markers|meters|filters|factors|sectors|colors|"
    "colours|errors|mirrors|doors|floors|motors|monitors|indicators|corridors|lists|"
    "guarantees|fees|degrees|committees|trees|bees|tariffs|barriers|disasters|bitters"
)
_AGENT_PLURAL = rf"(?!(?:{_NOT_PEOPLE})\b)[a-z]{{3,}}(?:ers|ors|ists|ians|ees|smen|swomen)"
_NOUNS = "(?i:" + "|".join(sorted(GROUP_NOUNS)) + "|" + _AGENT_PLURAL + ")"
# Up to four lower-case modifiers, a group noun, perhaps "and" a second one.
# A group's modifiers are no prepositions: "speaking to reporters" holds the group "reporters".
_MODIFIER = r"(?:(?!(?:to|in|at|from|with|by|for|on|about|into|before|after)\s)[a-z][\w\-]*\s+)"
_GROUP_CORE = rf"{_MODIFIER}{{0,4}}{_NOUNS}(?:\s+and\s+{_MODIFIER}{{0,3}}{_NOUNS})?"
# A group that ends the subject, perhaps with where it belongs: "MPs in the Iranian Parliament".
_GROUP = re.compile(
    rf"(?<![\w\-])({_GROUP_CORE}(?:\s+(?:in|of|from|at)\s+(?:the\s+)?"
    rf"(?:(?:[A-Z][\w\-]*\s*){{1,4}}|(?:[A-Z][\w\-]*\s+){{0,3}}[a-z][\w\-]*))?)\s*$"
)
_GROUP_TAIL = (
    r"(?:\s+(?:in|of|from|at)\s+(?:the\s+)?"
    r"(?:(?:[A-Z][\w\-]*\s+){1,3}(?:region|province|city|town|area|district|county|village|"
    r"valley|community|diaspora|parliament|government|army|university)|(?:[A-Z][\w\-]*\s*){1,4}))?"
)
# A group anywhere in a clause, with a capitalised first modifier (the sentence's first word,
# "Young people") and where it is from ("from the Example region").
ANY_GROUP = re.compile(rf"(?<![\w\-])((?:[A-Z][a-z]+\s+)?{_GROUP_CORE}{_GROUP_TAIL})(?!\w)")
# A name right after a preposition is where something happened, not who spoke ("in Tabriz").
_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|at|from|to|near|across|into|of|on|over|outside|inside|around)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)

# A count or a part of people, then "of" and who they are: "Thousands of Norlanders", "dozens of
# young teachers", "a group of residents". The plural is a group noun, a capitalised plural (a
# people's name) or an agent noun by its ending ("traders", "shopkeepers", "musicians").
# Words with an agent noun's ending that name things, not people (singular; "s" is added).
_THINGS = (
    r"other|number|border|paper|order|letter|matter|power|cent(?:er|re)|water|"
    r"(?:head)?quarter|layer|offer|answer|chamber|corner|barrier|computer|container|"
    r"register|filter|disaster|shelter|tower|plant|grant|restaurant|variant|elephant|pant|door|"
    r"floor|colou?r|error|sector|factor|mirror|horror|motor|monitor|indicator|corridor|"
    r"tractor|reactor|ancestor|meter|liter|litre|chapter|winter|summer|river|silver|finger|"
    r"danger|anger|hunger|fever|weather|feather|leather|banner|dinner|manner|lawnmower|poster|"
    r"loudspeaker|microphone|megaphone|transmitter|recorder|counter"
)
_NOT_PEOPLE = rf"(?:{_THINGS})s"
_QUANTITY = (
    r"(?i:dozens|hundreds|thousands|millions|scores|tens(?:\s+of\s+thousands)?|"
    r"an?\s+(?:group|crowd|number|handful|delegation|couple)|groups|crowds|many|some|several|"
    r"most|all|members|representatives)"
)
PEOPLE_PLURAL = (
    rf"(?:{_NOUNS}|[{_UPPER}][\w\-’']*[a-z]s|(?!{_NOT_PEOPLE}(?![\w\-]))"
    r"[a-z][\w\-]*(?:ists|ers|ors|ians|ants|men|ees))(?![\w\-])"
)
QUANTIFIED_GROUP = re.compile(
    rf"(?<![\w\-])({_QUANTITY}\s+of\s+(?:the\s+)?(?:[\w\-]+\s+){{0,3}}{PEOPLE_PLURAL}"
    rf"{_GROUP_TAIL})"
)
# Words that end a noun phrase's modifiers rather than belong to them: "actions of Xs" is not
# a group of Xs.
_NOT_MODIFIER = (
    r"(?:of|in|on|at|by|for|from|to|with|the|a|an|and|or|but|that|this|these|those|their|its|"
    r"his|her|our|was|were|is|are|has|have|had)"
)
# People named by a plural in a slot only people fill (the agent of "chanted by"): "the traders
# of Valmora", "young shopkeepers".
ANIMATE_GROUP = re.compile(
    rf"(?<![\w\-’'])((?:(?!{_NOT_MODIFIER}\s)[a-z][\w\-]*\s+){{0,3}}{PEOPLE_PLURAL}{_GROUP_TAIL})"
)
# What opens a modifier inside a noun phrase: a name after it says where, among whom or what,
# not who ("Residents of Valmora", "cities such as Valmora", "as well as in Valmora").
_MODIFIER_OPENER = re.compile(
    r"(?:(?<![\w\-])(?i:in|at|from|to|near|across|into|of|on|over|outside|inside|around|among|"
    r"including|like|with|by|for|between|such\s+as|as\s+well\s+as|especially|particularly|"
    r"notably|namely|except|besides|via)|\()\s*(?:the\s+)?$"
)
# How the names of a list are joined: "A, B and C", "A or B".
_LIST_LINK = re.compile(r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|&)\s+)$")
_AND_LINK = re.compile(r"(?:,\s*)?\s(?:and|or|&)\s+$")


def in_modifier(table: EntityTable, lo: int, start: int) -> bool:
    """Whether the name at ``start`` sits in a modifier of a longer noun phrase (after a
    preposition, "including", "such as"), alone or as one of a list: "major cities such as
    Valmora and Ostrava" is where the subject lives, not the subject.

    A preposition that opens the clause, followed by a comma, is an introductory phrase: in "In
    Valmora, Anna Berg and Tomas Lind said" the names after the comma are the subject.
    """
    text = table.text
    at = start
    crossed_comma = False
    for _ in range(16):  # a list is not longer than this
        opener = _MODIFIER_OPENER.search(text, lo, at)
        if opener:
            opens_clause = not text[lo : opener.start()].strip(" \u00a0\n*#-–—")
            return not (opens_clause and crossed_comma)
        link = _LIST_LINK.search(text, lo, at)
        if link is None or (at == start and not _AND_LINK.search(text, lo, at)):
            return False  # only a list that ends in "and"/"or" is walked back through commas
        previous = table.name_ending_at(link.start())
        if previous is None or previous[0] < lo:
            return False
        crossed_comma = crossed_comma or "," in link.group()
        at = previous[0]
    return False


@dataclass(frozen=True)
class Found:
    """A speaker found in the text: an entity (``ref``) or a pronoun/description to resolve."""

    start: int
    end: int
    ref: str | None
    rule: str  # name-subject | pronoun | description | group | according-to ...

    @property
    def needs_antecedent(self) -> bool:
        """A pronoun or a description names nobody by itself."""
        return self.ref is None


# A relative clause's subject: ", who" right before the verb.
_WHO = re.compile(r",\s*who$")


def _antecedent_of_who(table: EntityTable, lo: int, comma: int) -> Found | None:
    """The noun phrase that ends at ``comma`` before ", who": a name, or a person described
    ("an adviser", "the harbour master")."""
    text = table.text
    name = table.name_ending_at(comma)
    if name is not None and name[0] >= lo:
        start, stop, ref = name
        return Found(start, stop, ref or table.ref_of(start, stop, "relative", "person"),
                     "relative:name")  # fmt: skip
    before = text[lo:comma]
    for pattern, kind in ((_INDEFINITE_SUBJECT, "indefinite-description"),
                          (_DESCRIPTION, "description")):  # fmt: skip
        match = pattern.search(before)
        if match and PERSON_NOUN.fullmatch(match.group(1).split()[-1]):
            return Found(lo + match.start(), lo + match.end(1), None, f"relative:{kind}")
    return None


# A form of address that opens a clause: "Mr Lind, ", "Minister, ", "Dr Berg, ".
_VOCATIVE = re.compile(
    r"\s*(?:[A-ZÀ-Ž][\w.]{0,15}:\s+)?"  # after a turn's label ("Q: ", "S.K.: ")
    r"(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+[A-ZÀ-Ž][\w’'\-]+(?:\s+[A-ZÀ-Ž][\w’'\-]+)?"
    r"|Madam\s+\w+|Sir|Minister|Mr\.?\s+President|Madam\s+President|Professor|Doctor),\s+"
    r"(?=(?:the|a|an|your|this|some|many|[A-ZÀ-Ž])\b)"
)


def subject_before(table: EntityTable, lo: int, end: int, rule: str) -> Found | None:
    """The subject that ends right before ``end`` (a verb), looking no further back than ``lo``.

    Skips adverbs and auxiliaries ("also", "has") and one apposition (", head of Y,").
    """
    text = table.text
    vocative = _VOCATIVE.match(text, lo, end)
    if vocative and "," not in text[vocative.end() : end]:
        # "Mr Lind, the prosecutor says you ...": whom a question addresses is not its subject
        # (an apposition closes with a second comma: "Anna Berg, the mayor, says").
        lo = vocative.end()
    window = text[lo:end]
    current = _BETWEEN.sub("", window.rstrip())
    apposition = _APPOSITION.search(current)
    if apposition and _PRONOUN.search(current[: apposition.start()]):
        # "We, the Example Movement, believe": the apposition names the pronoun's referent.
        inner = current[apposition.start() + 1 : apposition.end()].rstrip().rstrip(",").rstrip()
        inner = re.sub(r"\s*\([^()]*\)$", "", inner)  # "(ANRO)" after the name
        inner_end = lo + apposition.start() + 1 + len(inner)
        name = table.name_ending_at(inner_end)
        if name and name[0] >= lo:
            start, stop, ref = name
            ref = ref or table.ref_of(start, stop, rule, "org")
            return Found(start, stop, ref, f"{rule}:apposition")
    relative = _WHO.search(current)
    if relative:
        # "I received one answer, from an adviser, who said ...": the relative pronoun's
        # antecedent, right before its comma, even after a preposition.
        found = _antecedent_of_who(table, lo, lo + relative.start())
        if found is not None:
            return found
    modified = False
    forms = _strip(window)
    for index, stripped in enumerate(forms):
        stop = lo + len(stripped)
        name = table.name_ending_at(stop)
        # The form that only drops the comma closing an apposition: only a name ends it.
        if len(forms) == 3 and index == 1 and (name is None or name[0] < lo):
            continue
        if len(forms) == 2 and index == 0 and (name is None or name[0] < lo):
            continue  # a describing apposition ends the window: its name comes first
        standing = _PRONOUN.search(stripped)
        if name and standing and name[0] >= lo + standing.start(1):
            name = None  # "Some said": a quantifier standing for a group, not a name
        if name and name[2] is None and _sentence_initial_plural(text, name[0], name[1]):
            name = None  # "Critics say": a group noun that only the sentence's start capitalises
        if (
            name
            and name[0] >= lo
            and (in_modifier(table, lo, name[0]) or (name[2] or "").startswith("place/"))
        ):
            # "Residents of A and B said": the name is in a modifier of the subject's noun
            # phrase, whose head is found below; a place is not who speaks.
            modified = True
        elif name and name[0] >= lo and (agent := _PASSIVE_AGENT.search(text, lo, name[0])):
            # "residents interviewed by TV X complained": the agent of a participle that
            # qualifies the subject is not the subject.
            return subject_before(table, lo, agent.start(), rule)
        elif name and name[0] >= lo:
            start, stop, ref = name
            if ref is None:
                # "X, which runs the route, said": "which" stands for a thing, not a person.
                which = _WHICH_AFTER.match(text, stop)
                ref = table.ref_of(start, stop, rule, "org" if which else "person")
            return Found(start, stop, ref, f"{rule}:name")
        if match := _PRONOUN.search(stripped):
            pronoun = match.group(1).lower()
            if pronoun == "it":
                return None
            return Found(lo + match.start(1), lo + match.end(1), None, f"{rule}:pronoun-{pronoun}")
        if match := _GROUP.search(stripped):
            start, stop = lo + match.start(1), lo + match.end(1)
            # Modifiers written with a capital belong to the group: "Iranian officials".
            modifiers = re.search(r"(?:[A-Z][\w\-]*\s+){1,3}$", text[lo:start])
            if modifiers:
                words_before = modifiers.group().split()
                while words_before and words_before[0].lower() in FUNCTION_WORDS:
                    words_before = words_before[1:]
                if words_before:
                    start = lo + modifiers.start() + modifiers.group().index(words_before[0])
            by = text.rfind(" by ", start, stop)
            if by != -1:
                start = by + len(" by ")  # "a letter signed by dozens of X": the agent
            words = text[start:stop].split()
            if words[0].lower() in ("the", "some", "many", "several", "a", "an", "even"):
                start = text.index(words[1], start) if len(words) > 1 else start
            return Found(start, stop, table.collective(start, stop, rule), f"{rule}:group")
        role = _possessive_role(table, lo, lo + len(stripped), rule)
        if role is not None:
            return role
        located = _INDEFINITE_SUBJECT.search(stripped)
        if (
            located
            and located.group(2)
            and PERSON_NOUN.fullmatch(located.group(1).split()[-1])
            and not _AFTER_PREPOSITION.search(text, lo, lo + located.start())
        ):
            # "a source in the court said": the person, not the place the tail names.
            start, stop = lo + located.start(), lo + located.end(2)
            return Found(start, stop, None, f"{rule}:indefinite-description")
        located = _DEFINITE_LOCATED.search(stripped)
        located_head = located.group(1).split()[-1] if located else ""
        if (
            located
            and (PERSON_NOUN.fullmatch(located_head) or ORG_NOUN.fullmatch(located_head))
            and not _AFTER_PREPOSITION.search(text, lo, lo + located.start())
        ):
            # "the mayor of Vik said", "the foreign ministry of Vik called": the person or the
            # body, whom the place qualifies (a place itself is no speaker).
            start, stop = lo + located.start(), lo + located.end(2)
            return Found(start, stop, None, f"{rule}:description")
        if match := _DESCRIPTION.search(stripped):
            tail = roles.OWNER_TAIL.search(text, lo, lo + match.start())
            if tail and PERSON_NOUN.fullmatch(text[lo : tail.start()].split()[-1]):
                # "a spokesperson for the ministry said": the person the tail qualifies.
                return subject_before(table, lo, tail.start(), rule)
            if _AFTER_PREPOSITION.search(text, lo, lo + match.start()):
                return None  # "close to the port": an object, not who spoke
            return Found(lo + match.start(), lo + match.end(1), None, f"{rule}:description")
        match = _INDEFINITE_SUBJECT.search(stripped)
        if (
            match
            and not match.group(2)
            and _speaking_noun(match.group(1).split()[-1])
            and not _AFTER_PREPOSITION.search(text, lo, lo + match.start())
        ):
            start, stop = lo + match.start(), lo + match.end(1)
            return Found(start, stop, None, f"{rule}:indefinite-description")
    inserted = _INSERTED_MODIFIER.search(text, lo, end)
    if inserted or modified:
        # "Thousands of X in various regions, including cities such as A and B, chanted": the
        # inserted list qualifies the noun phrase before it, whose head is the subject.
        head = sentence_subject(table, lo, inserted.start() if inserted else end, rule)
        if head is not None:
            ref = head.ref or table.ref_of(head.start, head.end, rule, "person")
            return Found(head.start, head.end, ref, f"{rule}:clause-head")
    return None


# A comma-delimited insertion that qualifies the noun phrase before it.
_INSERTED_MODIFIER = re.compile(
    r",\s*(?i:including|such\s+as|as\s+well\s+as|especially|particularly|notably|like|"
    r"among\s+them|in\s+particular|mainly|mostly)\b"
)


# When a text appeared, between its name and its verb: "of 21 March", "on May 3, 2026".
_DATE_TAIL = re.compile(
    r"\s+(?:of|on|dated|from)\s+(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2})(?:,?\s+\d{4})?$"
)


def _strip(window: str) -> list[str]:
    # The window as written, then without adverbs, then without an apposition too; a name's
    # acronym in brackets ("the Harbour Union (HU) said") and a relative pronoun (", which
    # claims") stand between the subject and its verb.
    forms = []
    current = _BETWEEN.sub("", window.rstrip())
    current = _DATE_TAIL.sub("", current)  # "Its editorial of 21 March called"
    current = _RELATIVE.sub("", current)
    current = _BRACKETED.sub("", current)
    if inserted := _INSERTED_CLAUSE.search(current):
        # "A diplomat, who asked not to be named, said": the clause is no part of the subject.
        current = _BETWEEN.sub("", current[: inserted.start()].rstrip())
    elif relative := _RELATIVE_CLAUSE.search(current):
        # "A diplomat who spoke on condition of anonymity confirmed": the same, unmarked.
        current = _BETWEEN.sub("", current[: relative.start()].rstrip())
    forms.append(current)
    if apposition := _APPOSITION.search(current):
        before = _BETWEEN.sub("", current[: apposition.start()].rstrip())
        if _describes(apposition.group()):
            # "Helga Marstrand, the CRSC's chair, said": the name before the description.
            forms.append(before)
            return forms
        # "its spokeswoman, Maria Alvik, said": the name in the apposition is the subject.
        forms.append(current.rstrip().rstrip(",").rstrip())
        forms.append(before)
    return forms


# A participle and its agent right before a name: "interviewed by the broadcaster ".
_PASSIVE_AGENT = re.compile(r"\s+[a-z]+ed\s+by\s+(?:the\s+)?(?:[a-z][\w\-]*\s+){0,3}$")


_PREPOSITIONS = frozenset("of for at in from with to on by".split())


def _describes(apposition: str) -> bool:
    """Whether an apposition describes the name before it (", the party's leader,", ", head
    of the union,", ", a lawyer,") rather than naming it (", Maria Alvik,")."""
    tail = re.search(r"([\w\-]+)((?:\s[A-ZÀ-Ž][\w\-]+){2,3}),?\s*$", apposition)
    if (
        tail
        and tail.group(1).lower() not in _PREPOSITIONS
        and not re.search(r"['’]s\b", apposition)
        and not org_kind(tail.group(2))
    ):
        return False  # ", the Green deputy Johanna Reissberg,": it ends with the name
    if _DESCRIBING.match(apposition):
        return True
    words = re.findall(r"[\w\-]+", apposition)[:3]
    return any(w.islower() and PERSON_NOUN.fullmatch(w) for w in words)


def name_after(table: EntityTable, start: int, hi: int, rule: str) -> Found | None:
    """A name (or "the minister") that starts right after ``start``: the inverted "said X"."""
    text = table.text
    at = start
    while at < hi and text[at].isspace():
        at += 1
    behind_role = roles.name_behind_role(table, at, hi, rule)
    if behind_role is not None:
        # "said spokeswoman Anna Berg", "said Sen. Mark Holt": the name, not its title.
        return Found(*behind_role, f"{rule}:role-name")
    name = table.name_starting_at(at)
    if name and name[1] <= hi:
        s, e, ref = name
        return Found(s, e, ref or table.ref_of(s, e, rule, "person"), f"{rule}:name")
    for start in table.starts_between(at + 1, min(hi, at + _TITLE_REACH)):
        titled = _TITLE_PHRASE.fullmatch(text, at, start)
        name = table.name_starting_at(start)
        if titled and titled.group(1).lower() in TITLES and name and name[1] <= hi:
            # "said Minister of Foreign Affairs Jonas Elverum": the name after the title.
            s, e, ref = name
            return Found(s, e, ref or table.ref_of(s, e, rule, "person"), f"{rule}:title-name")
    match = re.match(r"(?:the|this)\s+(?:[a-z][\w\-]*\s+){0,3}[a-z][\w\-]*", text[at:hi])
    if match:
        return Found(at, at + match.end(), None, f"{rule}:description")
    match = _INDEFINITE.match(text, at, hi)
    if match and _speaking_noun(match.group(1).split()[-1]):
        # "said one shop owner", "said a local teacher": someone new, whom the text does not name.
        return Found(at, match.end(1), None, f"{rule}:indefinite-description")
    return None


# A capitalised title with its portfolio before a name: "Deputy Minister for Diaspora Affairs ",
# "Minister of Foreign Affairs ", "Foreign Minister " (group 1: the title's head word).
_TITLE_PHRASE = re.compile(
    r"(?:[A-Z][a-z]+\s+){0,2}?([A-Z][a-z]+)"
    r"(?:\s+(?:of|for)\s+(?:the\s+)?(?:(?:[A-Z][\w\-]*|and)\s+)*?(?:[A-Z][\w\-]*))?\s+"
)
_TITLE_REACH = 80  # characters a title with its portfolio takes before the name
# An indefinite description of one person, up to its head noun: "one shop owner", "a teacher".
_INDEFINITE = re.compile(
    r"(?:a|an|one|another)\s+((?:[a-z][\w\-]*\s+){0,3}[a-z][\w\-]*?)(?=\s*(?:[,.;:!?]|$|\s+"
    r"(?:who|from|in|at|of|with|on|outside|near|inside|after|before|during|by|for|to|as)\b))"
)


def group_in(
    table: EntityTable, lo: int, hi: int, rule: str, skip: bytearray | None = None
) -> Found | None:
    """The last group of people ("dozens of national activists") named in ``lo:hi``: who
    chanted a slogan, or whose words a quote with no speech verb gives.

    A group that starts where ``skip`` is set (inside quoted words) is not one the text names.
    """
    text = table.text
    last = None
    for match in ANY_GROUP.finditer(text, lo, hi):
        if skip is None or not skip[match.start(1)]:
            last = match
    if last is None:
        return None
    start, stop = last.start(1), last.end(1)
    words = text[start:stop].split()
    while len(words) > 1 and words[0].lower() in FUNCTION_WORDS | {"some", "many", "several"}:
        start = text.index(words[1], start + len(words[0]))
        words = words[1:]
    return Found(start, stop, table.collective(start, stop, rule), f"{rule}:group")


# A media noun between a place and a medium's name: "the Valmora daily Harbour Evening".
_PLACE_MEDIUM = re.compile(
    r"\s+(?:[a-z\-]+\s+)?(?:daily|weekly|newspaper|paper|magazine|agency|channel|broadcaster|"
    r"television|radio|website|portal|outlet)\s+[\"“«„*]?"
)


def according_to(table: EntityTable, lo: int, hi: int) -> list[Found]:
    """Every "according to X" in ``lo:hi`` with X resolved (a name or a group)."""
    text = table.text
    found = []
    for match in _ACCORDING.finditer(text, lo, hi):
        at = match.end()
        name = table.name_starting_at(at)
        if name is None:
            # "according to the Ministry", "according to Russian media": skip an article.
            article = re.match(r"(?:the|some|several)\s+", text[at:hi])
            if article:
                name = table.name_starting_at(at + article.end())
        article = re.match(r"(?:the|a|an)\s+", text[at:hi])
        role_at = at + (article.end() if article else 0)
        if name is None and (behind := roles.name_behind_role(table, role_at, hi, "according-to")):
            name = behind  # "according to the historian Anna Berg"
        medium = _PLACE_MEDIUM.match(text, name[1], hi) if name else None
        if medium is not None and (named := table.name_starting_at(medium.end())):
            name = named  # "according to the Valmora daily Harbour Evening": the daily
        elif name and (name[2] or "").startswith("place/"):
            continue  # a place is no source
        if name and name[1] <= hi:
            s, e, ref = name
            found.append(Found(s, e, ref or table.ref_of(s, e, "according-to"), "according-to"))
            continue
        stop = re.search(r"[,;:.]", text[at:hi])
        phrase_end = at + stop.start() if stop else hi
        group = _GROUP.search(text[at:phrase_end])
        if group and group.end(1) == len(text[at:phrase_end].rstrip()):
            found.append(
                Found(
                    at,
                    phrase_end,
                    table.collective(at, phrase_end, "according-to"),
                    "according-to:group",
                )
            )
            continue
        described = _DESCRIBED_BODY.fullmatch(text, at, phrase_end)
        if described and ORG_NOUN.fullmatch(described.group("head")):
            # "according to the regional border directorate": a body named by its kind.
            words = described.group("words")
            ref = table.described_org(words, described.start("words"), phrase_end, "according-to")
            found.append(Found(described.start("words"), phrase_end, ref, "according-to:body"))
    return found


# A body named by its kind: "the regional border directorate", "the city's police".
_DESCRIBED_BODY = re.compile(
    r"(?:the|its|their)\s+(?P<words>(?:[a-z][\w’'\-]*\s+){0,4}(?P<head>[a-z][\w\-]*))\s*"
)


# What may stand before the subject of a sentence: nothing, a phrase closed by a comma ("Also,",
# "In Tehran, when"), an article with lower-case modifiers ("the veteran"), or markup and a
# footnote number at the start of a line.
_SUBJECT_INTRO = re.compile(
    r"^(?:<[^>]*>|\d|[\s*#\-–—])*$"
    # a speaker's label in a transcript or an interview: "JANE DOE: ", "Q: "
    r"|^[\s*_]*(?:[A-ZÀ-Ž][\w.’'\-]*\s*){1,4}[*_]*:[*_\s]*$"
    r"|,\s*(?:[a-z][\w\-]*\s+){0,4}$"
    r"|^\s*(?:[Tt]he|[Aa]n?)\s+(?:[a-z][\w\-]*\s+){0,3}$"
)


# A nationality adjective ("Iranian", "Turkish", "Azerbaijani") before a lower-case noun, or a
# known name run on by more capitalised words, is part of a longer noun phrase, not its head.
_ADJECTIVE = re.compile(r"[A-ZÀ-Ý]\w{3,}(?:ian|ani|ese|ish)$")
_LOWER_NEXT = re.compile(r"[ \u00a0]+([a-z]\w*)")
_CAPITAL_NEXT = re.compile(r"[ \u00a0]+[A-ZÀ-ÝƏ]")


def _is_modifier(text: str, start: int, end: int, *, known: bool) -> bool:
    if known and _CAPITAL_NEXT.match(text, end):
        return True
    after = _LOWER_NEXT.match(text, end)
    return bool(after and _ADJECTIVE.fullmatch(text[start:end]) and after.group(1) not in VERB_KIND)


# A sentence that opens with an outlet whose name is written in quotes: "The Iranian website
# “Example Daily”", "The Telegram channel of the “Example” website".
_MEDIA = (
    r"(?:website|site|newspaper|paper|magazine|journal|channel|agency|outlet|portal|daily|"
    r"weekly|broadcaster|television|radio|blog|account|page)"
)
_OUTLET_IN_QUOTES = re.compile(
    rf"\s*(?:[Tt]he\s+)?(?:[\w\-]+\s+){{0,3}}?{_MEDIA}\s+(?:of\s+the\s+)?"
    r"[\"“«„]\s*([A-Z][^\"”»“\n]{1,40}?)\s*[\"”»“]"
)


# "A statement issued by", "a letter signed on behalf of": the agent of an issued text.
_ISSUED_BY = re.compile(
    r"\s*(?:(?:[A-Z]?[a-z]+\s+){0,6},\s*)?(?:[Aa]n?|[Tt]he)\s+(?:\w+\s+)?"
    r"(?:statement|call|letter|appeal|declaration|resolution|petition|report|communiqu[ée])\s+"
    r"(?:issued|signed|released|published|sent|read|made)\s+(?:by|on\s+behalf\s+of)\s+(?:the\s+)?"
)


def _capital_mid_sentence(text: str, word: str) -> bool:
    # The word is written with a capital after a lower-case word somewhere: a name.
    return re.search(rf"[a-z,]\s+{re.escape(word)}\b", text) is not None


def sentence_subject(table: EntityTable, lo: int, hi: int, rule: str) -> Found | None:
    """The name that opens the clause ``lo:hi`` as its subject (only an introductory phrase or a
    title before it, no preposition): who made the statement a colon or "that" introduces.

    The ref is left ``None`` for a name the registry does not know; the caller proposes it.
    """
    text = table.text
    dateline = DATELINE.match(text, lo, hi)
    if dateline:
        lo = dateline.end()  # the city of a dateline is where, not who
    vocative = _VOCATIVE.match(text, lo, hi)
    if vocative and "," not in text[vocative.end() : hi]:
        lo = vocative.end()  # "Mr Lind, the union says": the one addressed is not the subject
    starts = table.starts_between(lo, hi)
    outlet = _OUTLET_IN_QUOTES.match(text, lo, hi)
    if outlet:
        # "The Iranian website “Example Daily” wrote:": the outlet is named inside quotes.
        return Found(outlet.start(1), outlet.end(1), None, f"{rule}:outlet-in-quotes")
    issued = _ISSUED_BY.match(text, lo, hi)
    if issued:
        # "A statement issued by the union stated that": who issued it speaks.
        at = issued.end()
        name = table.name_starting_at(at)
        if name and name[1] <= hi:
            return Found(name[0], name[1], name[2], f"{rule}:issued-by")
        group = ANY_GROUP.match(text, at, hi)
        if group:
            start, stop = group.start(1), group.end(1)
            return Found(start, stop, table.collective(start, stop, rule), f"{rule}:issued-by")
    groups = {m.start(1): m for m in ANY_GROUP.finditer(text, lo, hi)}
    groups.update({m.start(1): m for m in QUANTIFIED_GROUP.finditer(text, lo, hi)})
    for match in ANIMATE_GROUP.finditer(text, lo, hi):
        groups.setdefault(match.start(1), match)  # "the mayors of the three towns"
    starts = sorted(set(starts) | set(groups))
    for start in starts:
        opening = table.name_starting_at(start)
        if start in groups and (opening is None or opening[1] <= groups[start].end(1)):
            # "A number of media outlets ... acknowledged": a group opens the sentence.
            match = groups[start]
            article = re.match(r"(?i:the|some|many|several)\s+", match.group(1))
            if article and match.re is ANIMATE_GROUP:
                start += article.end()  # "the mayors of ..." (an article opens the match)
            intro = text[lo:start]
            if _AFTER_PREPOSITION.search(intro) or not _SUBJECT_INTRO.search(intro):
                continue
            words = text[start : match.end(1)].split()
            if words[0].lower() in FUNCTION_WORDS and match.re is not QUANTIFIED_GROUP:
                continue  # (but "a number of media outlets" is a group)
            if (
                len(words) == 1
                and words[0][0].isupper()
                and not _capital_mid_sentence(text, words[0])
            ):
                continue  # "Slogans such as ...": a capital that only opens the sentence
            stop = match.end(1)
            by = match.group(1).rfind(" by ")
            if by != -1:
                # "[a letter] signed by dozens of scientists": the passive's agent, who signed.
                start += by + len(" by ")
            return Found(start, stop, table.collective(start, stop, rule), f"{rule}:group")
        name = table.name_starting_at(start)
        if name is None or name[1] > hi:
            continue
        if re.match(r"[*_\s]*:", text[name[1] : name[1] + 6]):
            continue  # "JANE DOE: Korvat says ...": a speaker's label, not the verb's subject
        written = text[name[0] : name[1]]
        if name[2] is None and " " not in written and not _capital_mid_sentence(text, written):
            continue  # a capitalised first word ("Young", "Giving") is not a name by itself
        intro = text[lo:start]
        if PERSON_TITLE.search(intro):
            # The title and what qualifies it belong to the subject: "Iranian Foreign Minister".
            intro = re.sub(r"(?:[A-Z][\w\-]*\s+){0,3}$", "", PERSON_TITLE.sub("", intro))
        if _AFTER_PREPOSITION.search(intro) or not _SUBJECT_INTRO.search(intro):
            continue
        if _is_modifier(text, name[0], name[1], known=name[2] is not None):
            continue
        if apposed := roles.apposed_name(table, name[1], hi, rule):
            # "The Minister of Justice, John Doe, replied": the person the title names.
            return Found(*apposed, f"{rule}:apposed-name")
        if not (name[2] or "").startswith("person/") and (
            behind := _person_behind_role(table, name[1], hi, rule)
        ):
            # "the VNRF chairman Temir Oskanli wrote": the organisation qualifies the role.
            return Found(*behind, f"{rule}:role-name")
        return Found(name[0], name[1], name[2], f"{rule}:name")
    return None


# A role noun between an organisation's name and a person's: "the VNRF chairman Temir Oskanli".
_ROLE_BETWEEN = re.compile(r"\s+((?:[a-z][\w\-]*\s+){0,2}[a-z][\w\-]*)\s+(?=[A-ZÀ-Ž])")


def _person_behind_role(
    table: EntityTable, end: int, hi: int, rule: str
) -> tuple[int, int, str] | None:
    """The person named right after a role noun that follows a name at ``end``."""
    match = _ROLE_BETWEEN.match(table.text, end, hi)
    if match is None or not PERSON_NOUN.fullmatch(match.group(1).split()[-1]):
        return None
    name = table.name_starting_at(match.end())
    if name is None or name[1] > hi or " " not in table.text[name[0] : name[1]]:
        return None
    start, stop, ref = name
    ref = ref or table.ref_of(start, stop, rule, "person")
    return (start, stop, ref) if ref.startswith("person/") else None


# A noun for a text that someone issues, and its owner after "of": "the statement of X".
_STATEMENT_OF = re.compile(
    r"\b(?i:statement|declaration|requirements|demands|appeal|letter|message|resolution|"
    r"communiqu[ée]|manifesto|address|speech|remarks|words)\s+(?:issued\s+)?(?:of|by|from)\s+"
    r"(?:the\s+)?"
)


def statement_of(table: EntityTable, lo: int, hi: int) -> Found | None:
    """The owner of the last "statement of X" / "X's statement" named in ``lo:hi``."""
    text = table.text
    best: Found | None = None
    for match in _STATEMENT_OF.finditer(text, lo, hi):
        name = table.name_starting_at(match.end())
        if name and name[1] <= hi:
            best = Found(name[0], name[1], name[2], "statement-of")
    for match in re.finditer(
        r"['’]s?\s+(?i:statement|declaration|demands|appeal|letter|message|words|remarks)\b",
        text[lo:hi],
    ):
        name = table.name_ending_at(lo + match.start())
        if name and name[0] >= lo and (best is None or name[0] > best.start):
            best = Found(name[0], name[1], name[2], "statement-of")
    return best


# The head noun of a description that names a text, not a person: "the statement said".
TEXT_NOUN = re.compile(
    r"(?i:statements?|declarations?|letters?|communiqu[ée]s?|resolutions?|appeals?|messages?|"
    r"manifesto|petitions?|reports?|documents?|posts?|tweets?|articles?|editorials?|columns?|"
    r"commentar(?:y|ies)|op-eds?|releases?|bulletins?|notices?|communications?|submissions?)"
)
# The head noun of a description of one person: a title, a role, or an agent noun by its ending.
PERSON_NOUN = re.compile(
    rf"(?i:{'|'.join(sorted(TITLES, key=len, reverse=True))}|man|woman|official|spokesman|"
    r"spokeswoman|spokesperson|cleric|priest|activist|witness|resident|student|source|"
    r"diplomat|envoy|delegate|expert|analyst|insider|citizen|local|veteran|"
    r"colleague|friend|wife|husband|son|daughter|brother|sister|mother|father|neighbou?r|aide|"
    r"partner|relative|cousin|uncle|aunt|boss|assistant|[a-z]{2,}(?:man|woman|person)|"
    rf"(?!(?:{_THINGS})$)[a-z]{{3,}}(?:ist|ian|or|er|ee|ant))"
)


# A comma-separated piece of a sentence that cannot hold its main clause's subject.
_NOT_MAIN = re.compile(
    r"\s*(?i:including|such\s+as|as\s+well\s+as|especially|particularly|notably|like|among|"
    r"although|though|while|whereas|when|if|because|after|before|since|as|who|which|where)\b"
)


def participle_subject(table: EntityTable, lo: int, at: int) -> Found | None:
    """The subject of the clause a participle after a comma depends on ("Thousands of X, in
    the region, walked out, chanting"): the first name or group that opens one of the
    comma-separated pieces before ``at``, the nearest piece first, skipping the pieces that
    are insertions or subordinate clauses ("including ...", "although ...")."""
    text = table.text
    dateline = DATELINE.match(text, lo, at)
    if dateline:
        lo = dateline.end()
    cuts = [lo] + [lo + m.end() for m in re.finditer(r",", text[lo:at])]
    for piece_lo in reversed(cuts):
        if _NOT_MAIN.match(text, piece_lo, at):
            continue
        found = sentence_subject(table, piece_lo, at, "participle")
        if found is not None:
            return found
        counted = QUANTIFIED_GROUP.search(text, piece_lo, at)
        if counted is not None:
            # "on Tuesday dozens of students marched": a counted group after a short adjunct.
            start, stop = counted.start(1), counted.end(1)
            return Found(
                start, stop, table.collective(start, stop, "participle"), "participle:group"
            )
    return None


# The head noun of a description of an organisation: "the farmers' association", "the port
# authority".
ORG_NOUN = re.compile(
    r"(?i:association|union|ministry|council|committee|party|movement|agency|company|"
    r"government|authority|police|army|court|commission|office|department|federation|league|"
    r"alliance|coalition|organi[sz]ation|institute|university|network|newspaper|website|"
    r"channel|broadcaster|bank|firm|board|cooperative|co-operative|foundation|embassy|"
    r"rectorate|directorate|inspectorate|secretariat|presidency|administration|municipality|"
    r"parliament|assembly|senate|cabinet|regime|hospital|charity|school|college|academy|"
    r"museum|library|prosecution|judiciary|tribunal|legislature|delegation|consulate|"
    r"mission|headquarters|club|publisher|operator|airline|insurer|service|press\s+service|"
    # a gathering that adopts texts: "the congress declared"
    r"congress|conference|convention|plenum|synod)"
)


def _speaking_noun(word: str) -> bool:
    # A person, an organisation or a text: what an indefinite subject of a speech verb can be.
    return any(p.fullmatch(word) for p in (PERSON_NOUN, ORG_NOUN, TEXT_NOUN))


def _sentence_initial_plural(text: str, start: int, end: int) -> bool:
    # A single capitalised word that is a plural of people ("Critics", "Nurses", "Residents")
    # and is never written with a capital mid-sentence is a group noun, not a name.
    word = text[start:end]
    return (
        " " not in word
        and re.fullmatch(PEOPLE_PLURAL, word.lower()) is not None
        and not _capital_mid_sentence(text, word)
    )


# A sentence that opens with a text as its subject: "The resolution, ...", "A joint letter".
TEXT_OPENS = re.compile(
    r"\s*(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat)\s+(?:[a-z][\w\-]*\s+){0,2}"
    r"(?i:statements?|declarations?|letters?|communiqu[ée]s?|resolutions?|appeals?|messages?|"
    r"manifesto|petitions?|reports?)(?![\w\-])"
)
# A text's issuer in an apposition after it: "The resolution, read on behalf of all deputies,".
_ISSUED_AFTER = re.compile(
    r"\s*,\s*(?:read|issued|signed|released|published|sent|adopted|drafted|written)\s+"
    r"(?:on\s+behalf\s+of|by)\s+(?:the\s+)?"
)


def issuer_after(table: EntityTable, at: int) -> Found | None:
    """Who issued the text whose name ends at ``at``, when an apposition says so: a name or a
    group after "on behalf of" or "by"."""
    text = table.text
    issued = _ISSUED_AFTER.match(text, at)
    if issued is None:
        return None
    start = issued.end()
    name = table.name_starting_at(start)
    if name is not None:
        ref = name[2] or table.ref_of(name[0], name[1], "issued-by", "org")
        return Found(name[0], name[1], ref, "issued-by")
    hi = min(len(text), start + 120)
    group = (
        QUANTIFIED_GROUP.match(text, start, hi)
        or ANIMATE_GROUP.match(text, start, hi)
        or ANY_GROUP.match(text, start, hi)
    )
    if group is None:
        all_of = re.match(r"(?:all|both)\s+", text[start:hi])
        if all_of:
            group = ANIMATE_GROUP.match(text, start + all_of.end(), hi) or ANY_GROUP.match(
                text, start + all_of.end(), hi
            )
    if group is None:
        return None
    lo, stop = group.start(1), group.end(1)
    if text[start:lo].strip():
        lo = start  # "all Azerbaijani deputies": the quantifier belongs to the group
    return Found(lo, stop, table.collective(lo, stop, "issued-by"), "issued-by:group")


# A role that a name owns, ending the subject: "the Harbour Union's spokesman", "Norland's
# foreign ministry".
_POSSESSIVE_ROLE = re.compile(r"['’]s\s+((?:[a-z][\w\-]*\s+){0,3}[a-z][\w\-]*)\s*$")


def _possessive_role(table: EntityTable, lo: int, end: int, rule: str) -> Found | None:
    """The unnamed person or the organisation that a name's role describes ("the X Union's
    spokesman" -> "spokesman of X Union"), proposed as such; None for other possessives."""
    text = table.text
    match = _POSSESSIVE_ROLE.search(text, lo, end)
    if match is None:
        return None
    owner = table.name_ending_at(match.start())
    if owner is None or owner[0] < lo:
        return None
    role, head = match.group(1), match.group(1).split()[-1]
    start = owner[0]
    while (before := re.search(r"([A-Z][a-z]+)\s+$", text[max(lo, start - 20) : start])) and (
        before.group(1).lower() in TITLES
    ):
        start -= len(before.group())  # "Prime Minister's office": the whole office's title
    owner_name = text[start : owner[1]]
    if owner_name.split()[-1].lower() in TITLES and ORG_NOUN.fullmatch(head):
        # "the Prime Minister's office": the office as the text names it.
        written = text[start : match.end(1)]
        ref = table.described_org(written, start, match.end(1), rule)
        return Found(start, match.end(1), ref, f"{rule}:possessive-role")
    if PERSON_NOUN.fullmatch(head):
        # "unnamed spokesman (Harbour Union)": a person, though the label ends with the owner.
        ref = table.unnamed(f"{role} ({owner_name})", owner[0], match.end(1), rule)
    elif ORG_NOUN.fullmatch(head):
        ref = table.described_org(f"{role} of {owner_name}", owner[0], match.end(1), rule)
    else:
        return None
    return Found(owner[0], match.end(1), ref, f"{rule}:possessive-role")
