"""Relay hops that the whole document states, once, for all its assertions.

A document that says it renders an original in another language ("translated from Russian",
"the original interview in Turkish") reached the reader through a translator: every assertion
gets a translator hop, nearest the document. An interview reached the reader through the
outlet that held it ("in an interview with X", "the original interview on X", the page's site
name): the interviewee's words get an interviewer hop; when the document renders that outlet's
piece, other speakers it quotes get an outlet hop.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from provkb.draft.entities import EntityTable
from provkb.draft.model import Assertion, Hop, Mark
from provkb.draft.relay import medium_ref

# English names of languages, by ISO 639-1 code: what a statement of translation names.
LANGUAGES = {
    "arabic": "ar", "armenian": "hy", "azerbaijani": "az", "azeri": "az", "chinese": "zh",
    "dutch": "nl", "english": "en", "farsi": "fa", "french": "fr", "georgian": "ka",
    "german": "de", "greek": "el", "hebrew": "he", "hindi": "hi", "italian": "it",
    "japanese": "ja", "kazakh": "kk", "korean": "ko", "kurdish": "ku", "kyrgyz": "ky",
    "persian": "fa", "polish": "pl", "portuguese": "pt", "russian": "ru", "spanish": "es",
    "swedish": "sv", "turkish": "tr", "turkmen": "tk", "ukrainian": "uk", "urdu": "ur",
    "uzbek": "uz", "albanian": "sq", "basque": "eu", "belarusian": "be", "bengali": "bn",
    "bulgarian": "bg", "catalan": "ca", "croatian": "hr", "czech": "cs", "danish": "da",
    "estonian": "et", "finnish": "fi", "galician": "gl", "hungarian": "hu", "icelandic": "is",
    "indonesian": "id", "irish": "ga", "latvian": "lv", "lithuanian": "lt", "macedonian": "mk",
    "malay": "ms", "mongolian": "mn", "nepali": "ne", "norwegian": "no", "pashto": "ps",
    "punjabi": "pa", "romanian": "ro", "serbian": "sr", "slovak": "sk", "slovenian": "sl",
    "somali": "so", "swahili": "sw", "tajik": "tg", "tamil": "ta", "thai": "th",
    "vietnamese": "vi", "welsh": "cy", "yiddish": "yi", "amharic": "am", "dari": "fa",
}  # fmt: skip
_LANGUAGE = "|".join(name.capitalize() for name in sorted(LANGUAGES, key=len, reverse=True))
# What a rendering says of its original: a work noun, so that "the original inhabitants spoke
# Turkish" is no statement of translation.
_WORK = r"(?:interview|article|text|version|statement|post|report|piece|story|publication|letter)"
# After "translated from", a capitalised word is a language even when this list lacks it: the
# name of a language the list does not hold ("translated from Kestrelian").
_ANY_LANGUAGE = rf"(?:{_LANGUAGE}|[A-Z][a-z]{{3,}}(?:an|ic|ish|ese|ian|i)\b)"
_TRANSLATION = re.compile(
    rf"\b(?i:translated|translation)\s+(?:\w+\s+){{0,3}}?(?i:from)\s+(?:the\s+)?(?P<from>{_ANY_LANGUAGE})\b"
    rf"|\b(?i:original(?:ly)?)\s+(?:{_WORK}\s+)?(?:(?i:was|is|published|written|given|"
    rf"conducted|held|appeared|aired)\s+){{0,2}}(?i:in)\s+(?P<in>{_LANGUAGE})\b"
    rf"|\b(?P<adjective>{_LANGUAGE})(?:-language)?\s+(?i:original)\b"
    # "The interview was conducted in Norwegian and translated": the words were spoken in one
    # language and the text renders them; without "translated" it says only where they spoke.
    rf"|\b(?i:conducted|given|held|recorded|written|spoken|delivered|made)\s+in\s+"
    rf"(?P<conducted>{_ANY_LANGUAGE})\b[^.\n]{{0,60}}?\b(?i:translated|translation)\b"
)
# "Translated by X", "translated from Y into Z by X", "translation: X", "the translation from
# Y is by our volunteer X".
_TRANSLATED_BY = re.compile(
    r"\b(?i:translated\s+(?:from\s+(?:the\s+)?\w+\s+)?(?:into\s+\w+\s+)?by"
    r"|translation\s+(?:from\s+(?:the\s+)?\w+\s+)?(?:into\s+\w+\s+)?(?:is\s+|was\s+)?by"
    r"|translat(?:or|ion)\s*:)\s+(?P<the>the\s+)?(?:(?i:our|their|its)\s+(?:[a-z]+\s+)?)?"
)
# A medium's desk that translates: "the English service of ", "the news desk of ".
_DESK_OF = re.compile(
    r"(?:[A-Z][a-z]+\s+|news\s+)?(?:service|desk|section|edition|team|staff|department)\s+of\s+"
    r"(?:the\s+)?"
)
# Where the original appeared: "the original interview ... on X", "originally published by X".
# The work noun or the verb of publishing is required: "originally from Bergen" is a person's
# origin, not where words appeared.
_ORIGINAL_AT = re.compile(
    rf"\b(?i:original\s+{_WORK}|originally\s+(?:published|aired|appeared|broadcast|posted|"
    rf"printed|ran))\b[^.\n]{{0,80}}"
)
# A proper name written in the text: capitalised words, perhaps joined by "of", "the", "and".
_PROPER = r"[A-Z][\w\-.&']*(?:\s+(?:(?:of|the|for|and|de|al)\s+)*[A-Z][\w\-.&']*)*"
# An outlet after a preposition, or a part of one ("the Persian service of the BBC"), which is
# the outlet that published.
_OUTLET_AFTER = re.compile(
    rf"\b(?:on|at|by|from|in|of|with|to|for)\s+(?:the\s+)?[\"“«„]?\s*(?P<outlet>(?P<part>{_PROPER}\s+"
    rf"(?i:section|service|edition|desk|bureau)\s+of\s+(?:the\s+)?)?(?P<parent>{_PROPER}))"
)
# A name after a media noun: "the news agency «Azertaj»", "the weekly Fjord".
_NOUN_THEN_NAME = re.compile(
    r"\b(?:agency|newspaper|daily|weekly|magazine|broadcaster|channel|television|radio|website|"
    rf"outlet|portal)\s+[\"“«„]?\s*(?P<outlet>{_PROPER})"
)
# A capitalised word before a lower-case one is an adjective ("the Norwegian broadcaster").
_ADJECTIVE = re.compile(r"\s+[a-z]")
_INTERVIEW_WITH = re.compile(r"(?i:\binterview(?:ed)?)\s+(?=(?:with|to|for|by|on)\s)")
_CLAUSE_END = re.compile(r"[.;:!?\n]")
_MEDIA_KINDS = ("news-agency", "media-outlet", "publisher")


_PUBLISHER = "interview-publisher"


@dataclass(frozen=True)
class DocumentRelay:
    """What the whole document says about how its words reached the reader."""

    translator: Hop | None = None
    outlet: str | None = None  # the outlet that held the interview or published the original
    outlet_rule: str = ""
    interview: bool = False

    def apply(self, assertions: list[Assertion], voice: str | None) -> None:
        """Put the document's hops at the head of each assertion's chain (nearest the document
        first): the translator, then the interviewer (the interviewee's words) or the outlet
        (other speakers of a rendered piece). A sentence's own hop of the same role and agent,
        or an interviewer hop that the document's outlet replaces, is dropped."""
        interviewee = self._interviewee(assertions, voice) if self.interview else None
        for assertion in assertions:
            head: list[Hop] = [self.translator] if self.translator else []
            speaker = assertion.speaker.ref
            if self.outlet and speaker not in (self.outlet, voice):
                asked = any(hop.role == "interviewer" for hop in assertion.relay)
                if speaker == interviewee and not (asked and self.outlet_rule == _PUBLISHER):
                    # The publisher is a weak cue: a question's own label ("PRESENTER:")
                    # names who asked better than the masthead does.
                    head.append(Hop("interviewer", self.outlet, None, Mark(self.outlet_rule, 0.6)))
                elif (
                    interviewee
                    and not asked
                    and any(h.role == "intermediary" and h.agent == interviewee
                            for h in assertion.relay)
                ):  # fmt: skip
                    # Words the interviewee passes on reached the reader through the interview
                    # too: the interviewer first, then the interviewee (kb/README.md).
                    mark = Mark(f"{self.outlet_rule}+passed-on", 0.5)
                    head.append(Hop("interviewer", self.outlet, None, mark))
                elif self.translator is not None:
                    head.append(Hop("outlet", self.outlet, None, Mark(self.outlet_rule, 0.5)))
            if not head:
                continue
            roles = {hop.role for hop in head}
            rest = [
                hop
                for hop in assertion.relay
                if hop.role not in roles and (hop.agent is None or hop.agent != self.outlet)
                and not (hop.role == "interviewer" and "interviewer" in roles)
            ]  # fmt: skip
            citing = [hop for hop in rest if hop.role == "citing-author"]
            others = [hop for hop in rest if hop.role != "citing-author"]
            # An article's author cites the rendering: her hop stays nearest the document.
            assertion.relay = [*citing, *head, *others]

    def _interviewee(self, assertions: list[Assertion], voice: str | None) -> str | None:
        # The person who answers is the one most of the document's assertions are by.
        counts = Counter(
            a.speaker.ref
            for a in assertions
            if a.speaker.ref.startswith("person/") and a.speaker.ref not in (voice, self.outlet)
        )
        return counts.most_common(1)[0][0] if counts else None


def document_relay(
    table: EntityTable, language: str, genre: str, publisher: str | None
) -> DocumentRelay:
    """The translator and interview outlet the text of a document states.

    Args:
        table: the document's entities (the text, the registry, the proposed names).
        language: the document's language (ISO 639-1); an original in it is no translation.
        genre: the drafted genre; an interview outlet is looked for in interviews only.
        publisher: the page's own site (its metadata), the outlet when the text names none.
    """
    translator = _translator(table, language)
    outlet, rule = None, ""
    if translator is not None or genre == "interview":
        outlet, rule = _original_outlet(table), "original-outlet"
    if outlet is None and genre == "interview":
        outlet, rule = _interview_outlet(table), "interview-outlet"
    if outlet is None and genre == "interview" and publisher:
        outlet, rule = publisher, _PUBLISHER
    if outlet is None and genre == "interview":
        outlet, rule = _interviewer_named(table), "interview-by"
    return DocumentRelay(translator, outlet, rule, genre == "interview")


def _translator(table: EntityTable, language: str) -> Hop | None:
    text = table.text
    for match in _TRANSLATED_BY.finditer(text):
        at = match.end()
        # "by the English service of Ardav-Info": the medium whose desk translated.
        if part := _DESK_OF.match(text, at):
            at = part.end()
        name = table.name_starting_at(at)
        if name is not None:
            start, end, ref = name
            # "translated by the Courier": a medium's staff, no person.
            hint = "org" if match.group("the") else "person"
            if ref is None and match.group("the"):
                # "the Courier" after "the Valmora Courier": the medium named in full before.
                written = f" {text[start:end]}"
                ref = next(
                    (r for r, e in table.new.items() if f" {e.label}".endswith(written)), None
                )
            ref = ref or table.ref_of(start, end, "translated-by", hint)
            return Hop("translator", ref, None, Mark("translated-by", 0.7))
    for match in _TRANSLATION.finditer(text):
        named = next(g for g in match.groups() if g)
        if LANGUAGES.get(named.lower()) == language:
            continue
        written = f"unnamed translator (the text says the original is in {named})"
        return Hop("translator", None, written, Mark("translation-statement", 0.6))
    return None


def _original_outlet(table: EntityTable) -> str | None:
    """The outlet that a statement about the original names: its last proper name that is no
    language."""
    for match in _ORIGINAL_AT.finditer(table.text):
        outlets = _outlets_in(table, match.start(), match.end(), "original-outlet", True)
        if outlets:
            return outlets[-1]
    return None


def _interview_outlet(table: EntityTable) -> str | None:
    """The first medium the text says an interview was given to ("an interview with X")."""
    text = table.text
    for match in _INTERVIEW_WITH.finditer(text):
        stop = _CLAUSE_END.search(text, match.end(), match.end() + 80)
        hi = stop.start() if stop else min(len(text), match.end() + 80)
        outlets = _outlets_in(table, match.end(), hi, "interview-outlet", False)
        if outlets:
            return outlets[0]
    return None


# "Interview by Anna Berg", "interviewed by Anna Berg": the journalist who asked.
_INTERVIEW_BY = re.compile(r"(?i:\binterview(?:ed)?\s+by)\s+")


def _interviewer_named(table: EntityTable) -> str | None:
    """The medium named in the clause of "interview by X" ("Interview by Anna Berg, Valmora
    Courier"), else the person X who asked, when the text names no medium for the interview."""
    text = table.text
    for match in _INTERVIEW_BY.finditer(text):
        name = table.name_starting_at(match.end())
        if name is None:
            continue
        stop = re.compile(r"[.;!?\n]").search(text, name[1], name[1] + 80)
        hi = stop.start() if stop else min(len(text), name[1] + 80)
        for at in table.starts_between(name[1], hi):
            medium = table.name_starting_at(at)
            if medium is None:
                continue
            ref = medium_ref(table, *medium, "interview-by", at, loose=False)
            if ref is not None and _is_medium(table, ref):
                return ref
        start, end, ref = name
        return ref or table.ref_of(start, end, "interview-by", "person")
    return None


def _outlets_in(table: EntityTable, lo: int, hi: int, rule: str, sure: bool) -> list[str]:
    """The media that the proper names in ``lo:hi`` refer to, in order: a name after a
    preposition or after a media noun, that is no language and no adjective; ``sure`` when the
    words say the name published something (a statement about the original)."""
    text = table.text
    phrases = sorted(
        [*_OUTLET_AFTER.finditer(text, lo, hi), *_NOUN_THEN_NAME.finditer(text, lo, hi)],
        key=lambda phrase: phrase.start("outlet"),
    )
    found = []
    for phrase in phrases:
        start, end = phrase.span("outlet")
        if text[start:end].lower() in LANGUAGES or _ADJECTIVE.match(text, end, hi):
            continue
        if phrase.groupdict().get("part") is not None:
            ref = _part_of_medium(table, phrase, rule, sure)
        else:
            known = _known(table, start, end)
            ref = medium_ref(table, start, end, known, rule, phrase.start(), sure=sure)
        if ref is not None and _is_medium(table, ref):
            found.append(ref)
    return found


def _part_of_medium(table: EntityTable, phrase: re.Match[str], rule: str, sure: bool) -> str | None:
    """ "The Persian service of the BBC": a part of a medium is a medium, whatever the word for
    the part suggests elsewhere ("service" of a ministry)."""
    start, end = phrase.span("parent")
    known = _known(table, start, end)
    parent = medium_ref(table, start, end, known, rule, phrase.start(), sure=sure)
    if parent is None or not _is_medium(table, parent):
        return None
    whole = phrase.span("outlet")
    # The part is its own entity: only its whole name may find it in the registry.
    known = table.gazetteer.lookup(table.text[whole[0] : whole[1]])
    ref = known or table.ref_of(*whole, rule, "media-outlet")
    if ref in table.new and table.new[ref].kind_value not in _MEDIA_KINDS:
        # A drafted proposal only: the text says this part of a medium published the words,
        # which outweighs what its head word suggests. Registry entities are never changed.
        table.new[ref].kind_value = "media-outlet"
    return ref


def _known(table: EntityTable, start: int, end: int) -> str | None:
    """The registry entity the name at ``start:end`` is, if any: by the whole name, else the
    known medium a mention that overlaps it names (the registry's name may be longer or shorter
    than the capitalised words around it)."""
    whole = table.gazetteer.lookup(table.text[start:end])
    if whole is not None:
        return whole
    for at in table.starts_between(max(0, start - 40), end):
        name = table.name_starting_at(at)
        if name is None or name[2] is None or not (name[0] < end and start < name[1]):
            continue
        if table.gazetteer.kinds.get(name[2]) in _MEDIA_KINDS:
            return name[2]
    return None


def _is_medium(table: EntityTable, ref: str) -> bool:
    if not ref.startswith("org/"):
        return False
    kind = table.gazetteer.kinds.get(ref) or (
        table.new[ref].kind_value if ref in table.new else None
    )
    return kind in _MEDIA_KINDS
