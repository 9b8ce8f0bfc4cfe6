"""The extractor interface and the rule-based extractor that implements it.

:class:`Extractor` is what ``provkb add`` and the evaluation call; a trained model can implement
it later and be chosen in its place. :class:`RuleExtractor` composes the rule modules.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Protocol

from provkb.annotations.spans import word_occurrences
from provkb.draft import (
    antecedents,
    attribution,
    carry,
    interview,
    metadata,
    own_voice,
    press,
    relay,
    roles,
    titled,
    trailing,
    unframed,
)
from provkb.draft.attribution import CAPITALISED_WORD
from provkb.draft.candidates import PERSON_TITLE, guess, org_kind
from provkb.draft.citing import apply_citing
from provkb.draft.dates import absolute_dates, relative_dates
from provkb.draft.document_relay import document_relay
from provkb.draft.entities import EntityTable
from provkb.draft.footnotes import apply_notes
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.masthead import read_masthead
from provkb.draft.model import (
    Assertion,
    Draft,
    Event,
    Hop,
    Mark,
    Metadata,
    NewEntity,
    Speaker,
)
from provkb.draft.nested import apply_nested
from provkb.draft.quotes import Quote, find_quotes, outermost
from provkb.draft.reading import Source
from provkb.draft.speech import VERB_KIND, kind_of_complement, kind_of_words, speech_verbs
from provkb.draft.text import (
    FOOTNOTE_MARKS,
    Segment,
    abbreviation_stop,
    blank_bullets,
    blank_emphasis,
    blank_time_leads,
    paragraphs,
    sentences,
    slugify,
    trim,
)
from provkb.draft.topics import propose_about
from provkb.draft.turns import find_turns
from provkb.draft.wire import apply_wire

_MIN_QUOTE_WORDS = 4  # shorter quoted words are names, titles or scare quotes
# Verbs by which a medium reports what someone else said: "Nordpress reported that X said".
_MEDIUM_VERBS = frozenset("reported reports wrote writes".split())
# Words a subject may take between a quote and its verb ("a spokesperson for the ministry").
_MAX_SUBJECT_WORDS = 9
_MAX_GAP_WORDS = 15  # words allowed between a speech verb and the quote it introduces
_MAX_NESTED_GAP = 4  # words between a speech verb and a quote nested in another
_MAX_INTRO_WORDS = 20  # words allowed before the subject of a reported-speech sentence
# The end of a lead-in that introduces the words after it: "X made claims:", "X warned that".
_LEAD_END = re.compile(r"(?::|\bthat)\s*$")
_TITLE_CUE = re.compile(
    r"\b(?:titled|entitled|headlined|named|called|dubbed|so-called|[Hh]ere\s+(?:is|are))\s*$"
)
_EVENT_NOUNS = {
    "rally": "rally", "protest": "protest", "demonstration": "protest", "march": "protest",
    "interview": "interview", "election": "election", "elections": "election", "war": "war",
    "meeting": "meeting", "summit": "meeting", "visit": "visit", "hearing": "hearing",
    "hearings": "hearing", "treaty": "treaty", "revolution": "revolution",
    "flood": "natural-disaster", "earthquake": "natural-disaster", "arrest": "arrest",
    "arrested": "arrest", "founded": "founding", "parade": "parade", "conference": "meeting",
}  # fmt: skip
# A verb after "and" shares the subject of the clause before it: "X visited ... and stated".
_COORDINATED = re.compile(r"\band\s+(?:(?:also|then|later|has|have|had)\s+)?$")
# A reporting verb joined to the clause before it: ", adding", ", noting", "and added".
_JOINED = re.compile(r"(?:,|\band)\s+(?:(?:also|then|later)\s+)?$")
# "It was noted that", "it has been reported that": speech whose speaker the sentence hides.
_IMPERSONAL = re.compile(
    r"\b[Ii]t\s+(?:was|has\s+been|had\s+been|is)\s+(?:also\s+|further\s+|repeatedly\s+)?"
    r"(noted|reported|stated|emphasised|emphasized|stressed|said|claimed|announced|argued|"
    r"alleged|requested|demanded|declared|added|underlined|underscored|suggested|confirmed)"
    r"\s+(?:that|to)\b"
)
# "X's statement that", "X's demand for": a name's speech as a noun.
_POSSESSIVE_SPEECH = re.compile(
    r"['’]s?\s+(?:\w+\s+)?(statement|remarks|words|demand|demands|call|appeal|claim|claims|"
    r"accusation|accusations|warning|announcement|denial|letter|message|speech|threat|pledge|"
    r"promise)(?:<sup>[^<]{1,10}</sup>)?\s+(?:that|on|about|to|for|of|against)\b"
)
_NOUN_KIND = {
    "demand": "demand", "demands": "demand", "call": "appeal", "appeal": "appeal",
    "claim": "claim", "claims": "claim", "accusation": "accusation",
    "accusations": "accusation", "warning": "warning", "announcement": "announcement",
    "denial": "denial", "threat": "threat", "pledge": "commitment", "promise": "commitment",
}  # fmt: skip
_SPOKE = re.compile(r"\b(?:spoke|speaks|gave\s+an?\s+(?:interview|speech|statement))\b")
# What may stand before a reported-speech subject: a phrase closed by a comma ("On Monday,"),
# perhaps with a role after it (", port director Ana Lindqvist"), or a subordinator ("Although").
# A role before its holder's name at the start of a sentence: "The prosecutor, ".
_ROLE_THEN_NAME = re.compile(roles.ROLE_BEFORE_NAME)
# What follows a sentence's subject: an apposition or a clause after a comma, or a verb.
_AFTER_SUBJECT = re.compile(r",|\s+[a-z]")
# A phrase that opens a sentence before its subject ("In his closing speech ", "At the
# hearing, ", "In a statement read out by X, ").
_SCENE = re.compile(
    r"\s*(?:In|At|During|On|After|Before|Outside|Inside)\s+[^,.;:!?\"“”«»]{1,60}?,?\s+"
)
_INTRO = re.compile(
    r",\s*(?:[a-z][\w\-]*\s+){0,4}$|,\s*$"
    # what the name is: "The state agency ", "The Munich daily ", "Its chairman "
    r"|^\s*(?:[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+(?:[\w\-]+\s+){0,3}(?:agency|daily|weekly|"
    r"newspaper|paper|magazine|channel|broadcaster|website|portal|outlet|television|radio|"
    r"service|chairman|chairwoman|chair|leader|head|president|director|spokesman|spokeswoman|"
    r"spokesperson|minister|secretary|envoy|ambassador)\s+$"
    r"|^\s*(?:Although|Though|While|Whereas|When|After|As|Since|Because|If|Even though)\s+$"
    r"|^\s*(?:[A-Z][\w\-.]*\s+){1,2}$"
    rf"|^{_SCENE.pattern}$"
    r"|^\s*(?:Even|Also|Then|Later|However|Meanwhile|Moreover|Furthermore|Indeed|Instead|Now|"
    r"Today|Yesterday|Earlier|Recently|Previously|Subsequently|[A-Z][a-z]+ly)\b,?\s+(?:the\s+)?$"
)
_SENTENCE_BREAK = re.compile(r"[.!?…][\"”»’]?" + FOOTNOTE_MARKS + r"\s+(?=[A-Z“\"«„])")
# Capitalised words (any script) that end where the window ends: a name written out.
_CAPITALISED_RUN = re.compile(
    rf"(?<![\w\-’'])(?:{CAPITALISED_WORD}[ \u00a0]+)*{CAPITALISED_WORD}\s*$"
)
# An editor's or translator's note in brackets, signed with initials or "Ed.": "( X. — P. M.)".
_GLOSS = re.compile(
    r"\(\s*[^()]{1,200}?\s*[—–]\s*(?P<by>(?:[A-Z]\.[ \u00a0]?){1,3}|Ed\.|ed\.|Transl?\.)\s*\)"
)
# A footnote or an endnote: a paragraph that opens with its number.
_NOTE = re.compile(r"[ \t*_]*(?:<sup>\d{1,3}</sup>|\[\d{1,3}\]|\^\d{1,3}\b)")
# A speech verb right after a quote's closing mark, perhaps after its subject: ", said X", " he
# added".
_QUOTATIVE_AFTER = re.compile(
    r"[ \u00a0]*,?[ \u00a0]*"
    r"(?:(?:he|she|they|we|I|[A-Z][\w\-]*(?:[ \u00a0][A-Z][\w\-]*)?|"
    r"(?:the|a|an|its|his|her|their|one)(?:[ \u00a0][\w\-’']+){1,3})[ \u00a0]+)?"
    r"(?P<verb>said|says|added|adds|asked|asks|replied|replies|told|tells|wrote|writes|"
    r"shouted|insisted|explained|continued|warned|declared)\b"
)
_QUOTE_LINK = re.compile(r"[ \t\u00a0,;]*(?:(?:and|or)[ \t\u00a0]+)?")
_SENTENCE_END = re.compile(r"[.!?…]" + FOOTNOTE_MARKS + r"(?=\s|$)|\n")
_EVENT_PATTERN = re.compile(r"\b(" + "|".join(_EVENT_NOUNS) + r")\b", re.IGNORECASE)


class Extractor(Protocol):
    """Drafts the annotation of one document against a registry."""

    name: str

    def extract(self, source: Source, gazetteer: Gazetteer) -> Draft:
        """Return the draft of ``source``."""
        ...


@dataclass
class _Context:
    text: str
    table: EntityTable
    paragraphs: list[Segment]
    voice: str | None = None
    starts: list[int] = field(default_factory=list)  # paragraph starts, for bisection
    quotes: list[Quote] = field(default_factory=list)
    quoted: bytearray = field(default_factory=bytearray)  # 1 where a quote's marks or words are
    speaks_as_issuer: bool = False  # "We, the X, ...": the body is X's words
    # Whom the text's "we" is when it is not its author: a report's institution.
    we: str | None = None
    _given_names: dict[str, bool] = field(default_factory=dict)

    def given_name_only_here(self, name: str) -> bool:
        """:func:`_given_name_only_here`, once per name."""
        if name not in self._given_names:
            self._given_names[name] = _given_name_only_here(self.text, name)
        return self._given_names[name]

    def __post_init__(self) -> None:
        self.starts = [p.start for p in self.paragraphs]
        self.quotes = find_quotes(
            self.text
        )  # the document's own voice (author or outlet), proposed lazily
        self.quoted = bytearray(len(self.text))
        for quote in self.quotes:
            stop = (quote.close_at or quote.end) + 1
            self.quoted[quote.open_at : stop] = b"\x01" * (stop - quote.open_at)


# A speaker's label at the start of a line: "JANE DOE: ", "Q: ", "Ruth Berg: ".
_TURN_LABEL = re.compile(r"[\s*_]*(?:[A-ZÀ-Ž][\w.’'\-]*[ \t]*){1,4}[*_]*:[*_\s]*(?=\S)")
# "We, the X", "We, X and the undersigned": a document that names the body it speaks as.
_WE_THE = re.compile(r"\bWe,\s+(?:the\s+)?")
# "We write to you on behalf of X": the letter speaks as X, whoever signs it.
_WE_ON_BEHALF = re.compile(r"\bWe\s[^.!?\n]{0,60}?\bon\s+behalf\s+of\s+(?:the\s+)?")


def _speaks_as(text: str, table: EntityTable, ref: str) -> bool:
    """Whether the document's first paragraphs say "We, <the organisation ref>" or "We write
    on behalf of <the organisation ref>"."""
    window = min(len(text), 3000)
    matches = [*_WE_THE.finditer(text, 0, window), *_WE_ON_BEHALF.finditer(text, 0, window)]
    for match in matches:
        name = table.name_starting_at(match.end())
        if name is not None and (name[2] == ref or table.ref_of(*name[:2], "we-the") == ref):
            return True
    return False


# Words told to the document's own author: "told me", "said to us", "wrote to me".
_TOLD_ME = re.compile(
    r"\b(?:told|tells|assured|informed|(?:said|wrote|explained|admitted|confided)\s+to)\s+"
    r"(?:me|us)\b"
)
# Punctuation that may stand before a sentence's subject, around a quotation.
_MARKS = frozenset(',;—–-"“”‘’«»„*_')
# Prepositions that open the tail placing a described person ("an officer on the X side").
_PLACING = frozenset("in on at from of near inside outside with for".split())
_MAX_APPOSITION_WORDS = 16  # "Tove Lind, an energy analyst at X in Vienna, told"
# A description that opens a sentence: "His wife ...", "The judge ...", "A neighbour ...".
_DESCRIPTION_OPENS = re.compile(
    r"\s*((?:[Tt]he|[Hh]is|[Hh]er|[Mm]y|[Oo]ur|[Tt]heir|[Ii]ts|[Aa]n?)\s+"
    r"(?:[a-z][\w’'\-]*\s+){0,2}[a-z][\w\-]*)\b"
)
# The head of a text's or a law's name: no person, whatever its capitals.
_DOCUMENT_NAME = re.compile(
    r"(?:Agreement|Treaty|Convention|Law|Act|Protocol|Accord|Charter|Constitution|Code|"
    r"Resolution|Declaration|Bill|Statute|Programme|Program|Plan|Strategy|Initiative|Agenda|"
    r"Census|Report|Memorandum|Decree|Regulation|Directive)\b"
)
# A forwarded message's sender line: "From: Farid Osmanli <farid@example.org>".
_FROM_HEADER = re.compile(
    r"(?m)^From:[ \t]*(?P<name>[^<>@\n]*?[^\s<>@])[ \t]*(?:<[^>\n]*>)?[ \t]*$"
)
# A message's header line ("Date: ...", "Subject: ...") or a forwarding rule ("----- Forwarded").
_HEADER_LINE = re.compile(r"[A-Z][\w\-]{1,20}:\s|-{3,}")
# A lower-case noun right after a name makes the name its modifier ("Oradan diaspora rallies"),
# not the subject: a verb would follow a subject ("Oradan said").
_MODIFIES_NOUN = re.compile(
    r"[\s-]+(?:diaspora|community|communities|people|minority|language|movement|activists|"
    r"families|parents|teachers|students|youth|leaders|groups?|protesters|rally|schools?)\b"
)
_REFLEXIVES = frozenset("himself herself itself themselves".split())
# Descriptions of someone who speaks for an organisation: the organisation may be the speaker.
# Nouns any organisation can be called by ("the company"), unlike "the ministry".
_GENERIC_ORG_NOUNS = frozenset(
    "company firm group organisation organization corporation operator business body".split()
)
_VOICE_OF = frozenset(
    "spokesperson spokesman spokeswoman representative official officials spokespeople".split()
)


class RuleExtractor:
    """Rules and the registry as a gazetteer; no model, nothing downloaded."""

    name = "rules"

    def extract(self, source: Source, gazetteer: Gazetteer) -> Draft:
        """Draft metadata, mentions, new entities, assertions, relays and dated events."""
        # Offsets unchanged; the stored text keeps its marks and its time stamps.
        text = blank_bullets(blank_time_leads(blank_emphasis(source.text)))
        lang = metadata.language(text)
        table = EntityTable(text, gazetteer, lang)
        context = _Context(text, table, paragraphs(text))
        meta = self._metadata(source, table, lang)
        context.voice = meta.authors[0] if meta.authors else meta.publisher
        if meta.genre == "report" and meta.publisher:
            # "We recommend that ...": a policy brief's or a monitor's report speaks as its
            # institution, whoever wrote it.
            context.we = meta.publisher
        table.propose_names()
        issuer = (
            own_voice.issuer(table, meta.genre, meta.publisher)
            if meta.genre in own_voice.ISSUER_GENRES
            else None
        )
        if issuer and issuer[0] and meta.genre != "open-letter" and not meta.authors:
            context.voice = issuer[0]  # a release or a statement speaks as its issuer: "we" too
        if issuer and issuer[0] and _speaks_as(text, table, issuer[0]):
            # "We, the World Congress of X, appeal ...": the letter speaks as the body it names,
            # whoever signs it.
            context.voice = issuer[0]
            context.speaks_as_issuer = True
        if issuer and issuer[0] and not issuer[0].startswith("person/"):
            # A release is published by its issuer; a letter or a petition with no signature
            # line is written by the organisation that signs it.
            if meta.genre in ("press-release", "statement") and meta.publisher is None:
                meta.publisher = issuer[0]
            elif meta.genre in ("open-letter", "petition") and not meta.authors:
                meta.authors = [issuer[0]]
        # A first pass over reported speech proposes its speakers, so that a pronoun in a quote
        # before them can find them as antecedents; its assertions are made again below.
        self._reported(context, [], with_relay=False)
        assertions = self._direct(context)
        assertions += self._reported(context, assertions)
        for assertion in assertions:
            # A reported sentence starts after a speaker's label ("JANE DOE: The mayor said").
            label = _TURN_LABEL.match(text, assertion.start, assertion.end)
            if assertion.mode == "reported" and label:
                assertion.start = label.end()
        assertions.sort(key=lambda a: (a.start, a.end))
        self._carry_relays(context, assertions)
        assertions = self._own_words(context, meta, assertions, issuer)
        apply_notes(table, assertions, lang, context.voice)
        citer = meta.authors[0] if meta.authors else meta.publisher
        if meta.genre in metadata.CITING_GENRES and citer:
            self._citing_author(assertions, citer)
        spans = [s for p in context.paragraphs for s in sentences(text, p)]
        apply_citing(table, assertions, spans)
        assertions += apply_nested(
            table, assertions, spans, context.quoted,
            lambda found, lo: self._speaker(context, found, lo, None).ref,  # type: ignore[arg-type]
        )  # fmt: skip
        assertions.sort(key=lambda a: (a.start, a.end))
        document_relay(table, lang, meta.genre, meta.publisher).apply(assertions, context.voice)
        apply_wire(table, assertions)
        self._told_the_author(context, assertions)
        for assertion in assertions:
            assertion.on_behalf_of = table.spoken_for.get(assertion.speaker.ref)
        draft = Draft(metadata=meta, assertions=assertions)
        draft.events = self._events(context)
        for start, end in relative_dates(text):
            line = text.count("\n", 0, start) + 1
            draft.notes.append(f"relative date left unresolved: {text[start:end]!r} (line {line})")
        draft.mentions = table.all_mentions()
        propose_about(draft.assertions, draft.mentions)
        draft.entities = [table.new[ref] for ref in sorted(table.new)]
        for entity in draft.entities:
            entity.aliases = table.aliases(entity.ref)
        return draft

    def _own_words(
        self,
        context: _Context,
        meta: Metadata,
        assertions: list[Assertion],
        issuer: tuple[str | None, str] | None,
    ) -> list[Assertion]:
        """Where the document's words are the assertions: an interview's answers, the body of
        a letter, a petition, a statement or a press release (:mod:`interview`,
        :mod:`own_voice`)."""
        turns = find_turns(context.text, meta.genre == "interview")
        if turns:
            meta.genre = "interview"
            found = interview.answers(context.table, turns, assertions, context.voice)
            dropped = {id(a) for a in found.dropped}
            assertions = [a for a in assertions if id(a) not in dropped] + found.assertions
        elif issuer is not None:
            assertions += own_voice.body(
                context.table, meta.genre, assertions, context.quoted,
                lambda: self._voice(context, "document-voice").ref, issuer,
                None if context.speaks_as_issuer or not meta.authors else meta.authors[0],
            )  # fmt: skip
        return sorted(assertions, key=lambda a: (a.start, a.end))

    def _metadata(self, source: Source, table: EntityTable, lang: str) -> Metadata:
        """What the page's own metadata says (a saved HTML page), else the document's head
        (:mod:`masthead`), else the first headline-like line and the first full date."""
        text, page = source.text, source.page
        head = read_masthead(text)
        page_date = page.get("date")
        if page_date and not re.fullmatch(r"\d{4}(-\d{2}){0,2}", page_date):
            page_date = None
        meta = Metadata(
            title=page.get("title") or head.title or metadata.title(text, None),
            genre=metadata.genre(text),
            languages=[lang],
            source_file=source.path.name,
            source_sha256=source.sha256,
            published=page_date or head.date or metadata.date_line(text, None),
            url=page.get("url"),
        )
        if meta.genre == "news-report" and head.outlet_rule == "citation-line":
            # "Journal of X, vol. 14, no. 2 (2027)" under the title: a journal article.
            meta.genre = "research-article"
        if page.get("author"):
            meta.authors_as_written = metadata.byline(text, page["author"], meta.genre)
        elif head.authors:
            meta.authors_as_written = [text[s:e] for s, e in head.authors]
        else:
            meta.authors_as_written = metadata.byline(text, None, meta.genre)
        for written in meta.authors_as_written:
            at = next((s for s, e in head.authors if text[s:e] == written), text.find(written))
            if at >= 0:
                rule = f"byline:{head.author_rule}" if head.authors else "byline"
                meta.authors.append(table.ref_of(at, at + len(written), rule, "person"))
        sitename = page.get("sitename")
        if sitename:
            at = text.find(sitename)
            if at >= 0:
                meta.publisher = table.ref_of(at, at + len(sitename), "sitename", "media-outlet")
            else:
                meta.publisher = table.named_by_page(sitename, "sitename", "media-outlet")
        if meta.publisher is None and head.outlet:
            start, end = head.outlet
            kind = "news-agency" if head.outlet_rule == "dateline-agency" else "media-outlet"
            rule = f"masthead:{head.outlet_rule}"
            if head.outlet_rule in ("front-matter", "mail-from"):
                # Named in full by a field: the whole name, whatever shorter names it holds.
                meta.publisher = table.named_by_page(text[start:end], rule, kind)
            else:
                meta.publisher = table.ref_of(start, end, rule, kind)
        return meta

    # -- direct quotes -------------------------------------------------------------------------

    def _direct(self, context: _Context) -> list[Assertion]:
        text, table = context.text, context.table
        result: list[Assertion] = []
        previous: Speaker | None = None
        previous_para, previous_note = -10, False
        quotes = outermost(context.quotes)
        chains = _chains(text, quotes)
        for index, quote in enumerate(quotes):
            if not _is_speech(text, quote):
                continue
            para = self._paragraph_index(context, quote.open_at)
            speaker, verb_kind, frame = self._frame(context, quote)
            own_frame = frame
            first, last = chains[index]
            for other in (first, last) if speaker is None else ():
                if other == index:
                    continue
                # A list of slogans shares its frame: "chanting “A”, “B” and “C”", "“A”, “B”
                # slogans were chanted".
                shared, shared_kind, shared_frame = self._frame(context, quotes[other])
                if shared is not None:
                    speaker, verb_kind, frame = shared, shared_kind, shared_frame
                    break
            if speaker is None or speaker.guess:
                # "“We, the citizens of Valmora, ask ...”": the words name who speaks.
                speaker = unframed.self_named(table, quote.start, quote.end) or speaker
            if speaker is None:
                # The group that opens the quote's own sentence: "Hundreds of people joined the
                # call “...”".
                own = self._clause_start(text, quote.open_at + 1)
                subject = attribution.sentence_subject(
                    table, own, quote.open_at, "group-in-sentence"
                )
                if subject is not None and subject.rule.endswith(":group") and subject.ref:
                    speaker = Speaker(subject.ref, subject.rule, True)
            if speaker is None and previous is not None:
                # The quote's own sentence may say its words are not the previous speaker's.
                stated = carry.own_speaker(
                    table, frame[0], frame[1], context.quoted, new_paragraph=para != previous_para
                )
                if stated is not None:
                    speaker = Speaker(stated.ref, stated.rule, True) if stated.ref else None
                    speaker = speaker or self._voice(context, stated.rule)
            note = _NOTE.match(text, context.paragraphs[para].start) is not None
            if previous is not None and note != previous_note:
                previous = None  # a footnote's speaker does not carry into the body, nor back
            if speaker is None and previous is not None and previous_para == para:
                # Quotes that follow one another in a paragraph are one speaker's.
                speaker = Speaker(previous.ref, "previous-speaker", True)
            if speaker is None and previous_para != para:
                # "In Pesak, lorry drivers who had waited for days were less impressed. “...”":
                # a group the sentence before the quote (in its own paragraph) is about.
                speaker = self._group_just_before(context, quote)
            if speaker is None:
                speaker = self._previous_paragraph_speaker(context, para)
                if speaker is not None:
                    previous_paragraph = context.paragraphs[para - 1]
                    frame = (previous_paragraph.start, frame[1])
            if speaker is None and quote.open_at == context.paragraphs[para].start:
                # "The sharpest words came from Deputy X. He read letters." + a quote: the person
                # the paragraph before introduces, rather than whoever spoke before that.
                speaker = self._introduced_before(context, para, previous)
            if speaker is None and (previous is None or previous.ref == context.voice):
                # Quoted words are someone else's: a group the sentence names, if any, before
                # the document's own voice.
                group = attribution.group_in(table, frame[0], quote.open_at, "group-in-sentence")
                if group is not None and group.ref:
                    speaker = Speaker(group.ref, group.rule, True)
            if speaker is None:
                if previous is not None and para - previous_para <= 2:
                    speaker = Speaker(previous.ref, "previous-speaker", True)
                else:
                    speaker = self._voice(context, "document-voice")
                confidence = 0.5
            else:
                confidence = 0.85 if not speaker.guess else 0.6
            previous, previous_para, previous_note = (
                speaker,
                self._paragraph_index(context, quote.close_at or quote.end),
                note,
            )
            # The quote's own sentence states its relay. From the sentences or the paragraph
            # before it, only what the speaker gave a medium ("X gave an interview to Y.")
            # frames the quote; their other hops (a tweet, an op-ed) belong to other words.
            breaks = list(_SENTENCE_BREAK.finditer(text, own_frame[0], quote.open_at + 1))
            hop_lo = breaks[-1].end() if breaks else own_frame[0]
            lead_in = text[:hop_lo].rstrip(" \n>")
            if lead_in.endswith(":") and not text[hop_lo : quote.open_at].strip(" >\n"):
                # "She posted this on X:" over the quote: the lead-in names the words' route.
                hop_lo = self._clause_start(text, len(lead_in) - 1)
            # The quoted words themselves are the speaker's, not their route: cues are read
            # around them ("“... told me the guards ...”" names no medium).
            after_close = (quote.close_at if quote.close_at is not None else quote.end) + 1
            hop_list = relay.hops(table, hop_lo, quote.open_at, speaker.ref)
            hop_list += [
                hop
                for hop in relay.hops(table, max(hop_lo, after_close), own_frame[1], speaker.ref)
                if (hop.role, hop.agent, hop.agent_as_written)
                not in {(h.role, h.agent, h.agent_as_written) for h in hop_list}
            ]
            if hop_lo > frame[0]:
                before = relay.hops(table, frame[0], hop_lo, speaker.ref)
                agents = {h.agent for h in hop_list}
                # "X welcomed the deal in a post on X. “...”": a quote with no verb of its own
                # gives the words of the post the sentence before names.
                own_verb = any(
                    not context.quoted[v] for v, _e, _k in speech_verbs(text, hop_lo, own_frame[1])
                )
                same_paragraph = self._paragraph_index(context, frame[0]) == para
                carried = (
                    relay.GIVEN_TO
                    if own_verb or not same_paragraph
                    else (*relay.GIVEN_TO, "social-media")
                )
                hop_list += [h for h in before if h.mark.rule in carried and h.agent not in agents]
            rule = "direct-quote" if quote.closed else "direct-quote-unclosed"
            glosses = list(_GLOSS.finditer(text, quote.start, quote.end))
            title = titled.title_line(text, quote) if speaker.rule == "titled-quote" else None
            for sentence in self._sentences_in(context, quote):
                if title is not None and sentence.start < title[1]:
                    continue  # the document's title is no assertion
                if speaker.rule == "headline-name-colon" and sentence.start == quote.start:
                    # "“Minister Berg: We stay”": the words are what follows the name's colon.
                    sentence = Segment(text.index(":", sentence.start) + 1, sentence.end)
                    sentence = Segment(*trim(text, sentence.start, sentence.end))
                for piece in _without_glosses(text, sentence, glosses):
                    result.append(
                        Assertion(
                            start=piece.start,
                            end=piece.end,
                            mode="direct",
                            kind=kind_of_words(text[piece.start : piece.end], verb_kind),
                            speaker=speaker,
                            mark=Mark(rule, confidence if quote.closed else confidence - 0.2),
                            relay=list(hop_list),
                        )
                    )
            result += [self._gloss(context, gloss) for gloss in glosses]
            result += self._nested(context, quote, speaker, hop_list)
        return result

    @staticmethod
    def _gloss(context: _Context, gloss: re.Match[str]) -> Assertion:
        """An editor's note inside quoted words, signed by initials: "( Kashkais. — P. M.)" is
        the note's signatory's, not the quoted speaker's."""
        start, end = gloss.start("by"), gloss.end("by")
        ref = context.table.signatory(start, end, "editorial-gloss")
        speaker = Speaker(ref, "editorial-gloss", False)
        mark = Mark("editorial-gloss", 0.6)
        return Assertion(gloss.start(), gloss.end(), "direct", "statement", speaker, mark)

    def _nested(
        self, context: _Context, outer: Quote, outer_speaker: Speaker, outer_hops: list[Hop]
    ) -> list[Assertion]:
        """Quotes inside a quote that a speech verb of the outer words introduces: "Iran
        threatens us, declaring the border its ‘red line’" gives ‘red line’ to the verb's
        subject, relayed by the outer speaker. A nested quote with no verb stays the outer's."""
        text, table = context.text, context.table
        outer_end = outer.close_at if outer.close_at is not None else outer.end
        result = []
        for inner in context.quotes:
            if not (outer.open_at < inner.open_at and (inner.close_at or inner.end) <= outer_end):
                continue
            lo = max(outer.start, self._clause_start(text, inner.open_at))
            verbs = speech_verbs(text, lo, inner.open_at)
            if not verbs or len(text[verbs[-1][1] : inner.open_at].split()) > _MAX_NESTED_GAP:
                continue
            verb_start, verb_end, kind = verbs[-1]
            participle = text[verb_start:verb_end].endswith("ing")
            if participle and re.search(r",\s*$", text[lo:verb_start]):
                # ", declaring ...": the participle's subject is its main clause's, a guess.
                found = attribution.participle_subject(table, lo, verb_start)
                if found is not None:
                    ref = found.ref or table.ref_of(found.start, found.end, "nested", "person")
                    found = attribution.Found(found.start, found.end, ref, "nested:participle")
                guess = True
            else:
                found = attribution.subject_before(table, lo, verb_start, "nested")
                guess = outer_speaker.guess
            if found is None:
                continue
            if found.ref is None and found.rule.rsplit("-", 1)[-1] in ("i", "we"):
                speaker = Speaker(outer_speaker.ref, "nested:" + found.rule, True)
            elif found.ref is None:
                speaker = self._speaker(context, found, lo, inner)
            else:
                speaker = Speaker(found.ref, found.rule, guess)
            hop = Hop("intermediary", outer_speaker.ref, None, Mark("nested-quote", 0.5))
            result.append(
                Assertion(inner.start, inner.end, "direct", kind, speaker,
                          Mark("direct-quote-nested", 0.5), [*outer_hops, hop])
            )  # fmt: skip
        return result

    def _previous_paragraph_speaker(self, context: _Context, para: int) -> Speaker | None:
        """The subject of a speech verb (or of "spoke", "gave an interview") in the paragraph
        before a quote that has no frame of its own: a guess."""
        if para <= 0:
            return None
        text, table = context.text, context.table
        previous = context.paragraphs[para - 1]
        cues = [(s, k) for s, _e, k in speech_verbs(text, previous.start, previous.end)]
        cues += [(m.start(), "claim") for m in _SPOKE.finditer(text, previous.start, previous.end)]
        for verb_start, _kind in sorted(cues, reverse=True):
            if context.quoted[verb_start]:
                continue  # a verb inside quoted words ("« We demand … »") frames nothing
            lo = self._clause_start(text, verb_start)
            found = attribution.subject_before(table, lo, verb_start, "previous-paragraph")
            if found is not None:
                speaker = self._speaker(context, found, lo, None)  # type: ignore[arg-type]
                return Speaker(speaker.ref, speaker.rule, True)
        return None

    def _introduced_before(
        self, context: _Context, para: int, previous: Speaker | None
    ) -> Speaker | None:
        """The person last named in the paragraph before a quote that opens its own paragraph,
        when that paragraph quotes and reports no one and names someone new: a guess."""
        if para <= 0:
            return None
        text, table = context.text, context.table
        before = context.paragraphs[para - 1]
        if context.quoted.find(1, before.start, before.end) != -1 or speech_verbs(
            text, before.start, before.end
        ):
            return None
        ref = self._last_person_before(context, before.end, True)
        if ref is None or (previous is not None and ref == previous.ref):
            return None
        named_here = any(
            m.ref == ref and before.start <= m.start < before.end for m in table.mentions
        ) or (ref in table.new and table.new[ref].label in text[before.start : before.end])
        return Speaker(ref, "introduced-in-paragraph-before", True) if named_here else None

    def _sentences_in(self, context: _Context, quote: Quote) -> list[Segment]:
        text = context.text
        pieces = []
        first = max(0, self._paragraph_index(context, quote.start))
        for paragraph in context.paragraphs[first:]:
            if paragraph.start >= quote.end:
                break
            if paragraph.end <= quote.start:
                continue
            segment = Segment(max(paragraph.start, quote.start), min(paragraph.end, quote.end))
            pieces += sentences(text, segment)
        if text[quote.open_at] == ">":
            # A block quotation's later lines open with their own "> ": not the words.
            pieces = [
                Segment(*trim(text, p.start + 1, p.end)) if text[p.start] == ">" else p
                for p in pieces
            ]
        return pieces

    def _paragraph_index(self, context: _Context, at: int) -> int:
        """The index of the paragraph that holds ``at`` (or the last one before it)."""
        return bisect.bisect_right(context.starts, at) - 1

    def _frame(
        self, context: _Context, quote: Quote
    ) -> tuple[Speaker | None, str, tuple[int, int]]:
        """The speaker and verb kind the words around a quote give, and the frame's extent."""
        text, table = context.text, context.table
        # A quote that opens a sentence is not framed by the sentence before ("X rejected the
        # claim. “...,” Y said."): the lead-in starts at the quote's own sentence.
        lead_lo = self._clause_start(text, quote.open_at + 1)
        close = quote.close_at if quote.close_at is not None else quote.end
        trail_hi = self._sentence_end(text, close + 1)
        # The frame (where relay hops are read) still holds the sentence before a quote that
        # opens its own: "X spoke to Y on Monday. “...,” she said."
        frame = (self._clause_start(text, quote.open_at), trail_hi)
        # 0. A quoted headline that names its speaker: "“Minister Berg: ‘We stay’”, Daily".
        head = re.match(r"[^:\n\"“”«»„]{2,60}(?=:\s)", text[quote.start : quote.end])
        if head:
            speaker = self._name_colon(context, quote.start, quote.start + head.end(), None)
            if speaker is not None:
                return Speaker(speaker.ref, "headline-name-colon", False), "claim", frame
        # 0. A forwarded message's words under its headers: "From: X" ... "> ...".
        sender = self._forwarded_from(context, quote)
        if sender is not None:
            return sender, "claim", frame
        # 0a. A quoted document whose first line is its title: «STATEMENT OF X ...».
        titled_by = titled.titled_issuer(table, quote)
        if titled_by is not None:
            return Speaker(titled_by[0], "titled-quote", titled_by[1]), "claim", frame
        # 0a'. "According to X, «...» ..., the agency Y reported": X is the source, Y a hop.
        sources = attribution.according_to(table, lead_lo, quote.open_at)
        opening = sources[0] if sources else None
        if (
            opening is not None
            and opening.ref
            and len(text[lead_lo : opening.start].split()) <= 3
            # "According to X, the minister said «...»": the minister speaks, X relays.
            and not speech_verbs(text, opening.end, quote.open_at)
        ):
            return Speaker(opening.ref, "according-to", False), "claim", frame
        # 0b. "The agency Y quoted Z as saying “...”": Z speaks, Y is a hop.
        quoted_as = press.quoted_as_saying(table, lead_lo, quote.open_at)
        quoted_as = quoted_as or press.quoted_by_as_saying(table, lead_lo, quote.open_at)
        if quoted_as is not None:
            return Speaker(quoted_as[2], "quoted-as-saying", False), "claim", frame
        # 1. A speech verb before the quote, close to it: "X said:", "X adds, “...".
        for verb_start, verb_end, kind in reversed(speech_verbs(text, lead_lo, quote.open_at)):
            if context.quoted[verb_start]:
                continue  # a verb in an earlier quote is part of those words, not this frame
            gap = text[verb_end : quote.open_at]
            if len(gap.split()) > _MAX_GAP_WORDS and not _LEAD_END.search(gap):
                break
            if text[verb_start:verb_end].endswith("ing") and re.search(
                r",\s*$", text[lead_lo:verb_start]
            ):
                # "..., chanting “...”": the participle's subject is its main clause's.
                found = attribution.participle_subject(table, lead_lo, verb_start)
                if found is not None:
                    ref = found.ref or table.ref_of(found.start, found.end, "participle", "person")
                    return Speaker(ref, found.rule, True), kind, frame
            found = attribution.subject_before(table, lead_lo, verb_start, "verb-before")
            if (
                found is None
                and _COORDINATED.search(text, max(lead_lo, verb_start - 8), verb_start)
                and re.search(r"(?:^|[.!?\n])[\s\"”»’)]*$", text[max(0, lead_lo - 4) : lead_lo])
            ):
                # "several hundred parents gathered ... and demanded “...”": the subject that
                # opens the sentence, of its first verb too.
                found = attribution.sentence_subject(table, lead_lo, verb_start, "verb-before")
                if found is not None and found.ref is None:
                    ref = table.ref_of(found.start, found.end, "verb-before", "person")
                    found = attribution.Found(found.start, found.end, ref, found.rule)
            if found is None:
                found = attribution.name_after(table, verb_end, quote.open_at, "verb-before")
            if found is None and text[verb_start:verb_end].endswith("ing"):
                # "..., chanting “...”": the participle's subject is the clause's group.
                found = attribution.group_in(table, lead_lo, verb_start, "participle")
                if found is not None and found.ref:
                    return Speaker(found.ref, found.rule, True), kind, frame
            if found is not None:
                return self._speaker(context, found, lead_lo, quote), kind, frame
        # 2. "According to X, “...”".
        according = attribution.according_to(table, lead_lo, quote.open_at)
        if according and according[-1].ref:
            return Speaker(according[-1].ref, "according-to", False), "claim", frame
        # 3. A speech verb after the quote: "“...,” X said." / "“...,” said X."
        after = [v for v in speech_verbs(text, close + 1, trail_hi) if not context.quoted[v[0]]]
        quotative = _QUOTATIVE_AFTER.match(text, close + 1)
        if quotative and (not after or after[0][0] > quotative.start("verb")):
            # "“...?” asked X": right after a quote, any speech verb introduces it.
            verb = quotative.group("verb")
            after.insert(0, (quotative.start("verb"), quotative.end("verb"), VERB_KIND[verb]))
        # "“...,” Tom Vik was quoted as saying by the agency Y": Tom Vik speaks.
        was_quoted = press.was_quoted_as_saying(table, close + 1, trail_hi)
        if was_quoted is not None:
            return Speaker(was_quoted[2], "quoted-as-saying", False), "claim", frame
        appositive = self._name_with_apposition_after(context, close + 1, after)
        if appositive is not None:
            return appositive, after[0][2], frame
        for verb_start, verb_end, kind in after[:1]:
            if len(text[close + 1 : verb_start].split()) > _MAX_SUBJECT_WORDS:
                break
            # Only a verb right after the quote inverts ("“...,” said X"); after a subject ("“...,”
            # he told MPs") the name after the verb is whom it was said to.
            inverted = not re.search(r"\w", text[close + 1 : verb_start])
            found = None
            if inverted:
                found = attribution.name_after(table, verb_end, trail_hi, "verb-after")
            if found is None:
                found = attribution.subject_before(table, close + 1, verb_start, "verb-after")
            if found is None and not inverted:
                found = attribution.name_after(table, verb_end, trail_hi, "verb-after")
            if found is not None:
                return self._speaker(context, found, lead_lo, quote), kind, frame
        # 3b. A dash and a name after the quote, with no verb: "“...” – Tom Vik, union leader."
        dash = roles.DASH_ATTRIBUTION.match(text, close + 1, trail_hi)
        if dash is not None:
            found = attribution.name_after(table, dash.end(), trail_hi, "dash")
            # Only someone who can sign: a person or an organisation, not a place or a date.
            if found is not None and (found.ref or "").startswith(("person/", "org/")):
                return self._speaker(context, found, lead_lo, quote), "claim", frame
        # 4. A lead-in ending with a colon in the paragraph before: "Blinken noted:".
        before = text[:lead_lo].rstrip()
        if before.endswith(":") or text[lead_lo : quote.open_at].rstrip().endswith(":"):
            colon = before if before.endswith(":") else text[: quote.open_at].rstrip()
            lo = self._clause_start(text, len(colon) - 1)
            for verb_start, _verb_end, kind in reversed(speech_verbs(text, lo, len(colon))):
                found = attribution.subject_before(table, lo, verb_start, "colon-lead-in")
                if found is not None:
                    return self._speaker(context, found, lo, quote), kind, (lo, trail_hi)
        # 5. A lead-in that ends with a colon or "that" and no speech verb: "X: “...”" (a
        # headline or a footnote), "the statement of X: “...”", then the clause's subject ("X
        # made claims: “...”"), the last as a guess.
        lead = text[lead_lo : quote.open_at].rstrip()
        if not lead and text[:lead_lo].rstrip().endswith(":"):
            # The lead-in closes the paragraph before: "Here is the statement of X:".
            lead_lo = self._clause_start(text, len(text[:lead_lo].rstrip()) - 1)
            lead = text[lead_lo : quote.open_at].rstrip()
        if _LEAD_END.search(lead):
            colon_mark = re.search(r"\s*(?:\([^()]{1,40}\))?\s*:$", lead)
            if colon_mark:
                end = lead_lo + colon_mark.start()
                speaker = self._name_colon(context, lead_lo, end, colon_mark)
                if speaker is not None:
                    return speaker, "claim", frame
            owner = attribution.statement_of(table, lead_lo, quote.open_at)
            if owner is not None:
                ref = owner.ref or table.ref_of(owner.start, owner.end, "statement-of", "org")
                if table.is_population(ref):
                    # A people does not issue a text; whoever issued it in its name did.
                    title = self._title_around(context, owner.start)
                    issuer = table.issuer_for(ref, title, owner.start, owner.end)
                    return (
                        Speaker(issuer, "statement-of:issuer-for-population", True),
                        "claim",
                        frame,
                    )
                if context.quoted[owner.start]:
                    # "Here is «The demands of X»:": a title's "of X" may be whom the text
                    # speaks for rather than who issued it.
                    return Speaker(ref, "statement-of:title-antecedent", True), "claim", frame
                return Speaker(ref, "statement-of", False), "claim", frame
            publisher = unframed.published_by(table, lead_lo, lead_lo + len(lead))
            if publisher is not None and publisher.ref:
                # "The interview on the X service of Y:" -> the quote is the piece's headline.
                return Speaker(publisher.ref, publisher.rule, True), "claim", frame
            subject = attribution.sentence_subject(table, lead_lo, quote.open_at, "lead-in")
            modifier = subject is not None and _MODIFIES_NOUN.match(text, subject.end)
            if subject is not None and not subject.ref and modifier:
                subject = None  # "Oradan diaspora rallies in Vienna: «...»": a people's name
            if subject is not None:
                outlet = subject.rule.endswith("outlet-in-quotes")
                hint = "media-outlet" if outlet else "person"
                ref = subject.ref or table.ref_of(subject.start, subject.end, "lead-in", hint)
                rule = "lead-in:outlet-in-quotes" if outlet else "lead-in:sentence-subject"
                return Speaker(ref, rule, True), "claim", frame
        # 5b. A text with no owner speaks for whoever issued it: "A joint statement said:",
        # "Here is the final statement:" -> the issuer the sentences before name.
        ownerless = unframed.OWNERLESS_TEXT.match(text, lead_lo, quote.open_at)
        if ownerless is not None:
            speaker = self._issuer_before(context, lead_lo, ownerless.group("owner"))
            if speaker is not None:
                return speaker, "claim", frame
        # 6. Passive speech after the quote: "“...” slogans were chanted (by X)".
        passive = unframed.passive_speech(text, trail_hi, close + 1, context.quoted)
        if passive is not None:
            agent = unframed.passive_agent(table, passive.end(), trail_hi)
            if agent is not None and agent.ref:
                return Speaker(agent.ref, agent.rule, False), "slogan", frame
            speaker = self._unnamed_group(context, lead_lo, trail_hi)
            if speaker is not None:
                return Speaker(speaker.ref, "passive:" + speaker.rule, True), "slogan", frame
            # The sentence hides who: not the speaker of the paragraph before.
            return self._voice(context, "passive:document-voice"), "slogan", frame
        # 6b. Words on banners and signs: the group the text names around them.
        if unframed.inscription(text, lead_lo, quote.open_at, close + 1, trail_hi):
            speaker = self._unnamed_group(context, lead_lo, trail_hi)
            if speaker is not None:
                return Speaker(speaker.ref, "inscription:" + speaker.rule, True), "slogan", frame
            return self._voice(context, "inscription:document-voice"), "slogan", frame
        # 7. Words a gathering was held under: "the rally took place under the slogan “...”".
        participants = unframed.event_participants(table, lead_lo, trail_hi, context.quoted)
        if participants is not None and participants.ref:
            return Speaker(participants.ref, participants.rule, True), "slogan", frame
        return None, "claim", frame

    @staticmethod
    def _title_around(context: _Context, at: int) -> str | None:
        """The quoted title that holds ``at`` ("«The main demands of X»"), if any."""
        for quote in context.quotes:
            if quote.start <= at < quote.end:
                return " ".join(context.text[quote.start : quote.end].split())
        return None

    def _forwarded_from(self, context: _Context, quote: Quote) -> Speaker | None:
        """The sender a forwarded message's headers name ("From: Farid Osmanli") right before
        the quoted words that open a paragraph."""
        text, table = context.text, context.table
        para = self._paragraph_index(context, quote.open_at)
        if para <= 0 or quote.open_at != context.paragraphs[para].start:
            return None
        header = None
        for before in reversed(context.paragraphs[max(0, para - 6) : para]):
            header = _FROM_HEADER.search(text, before.start, before.end)
            if header is not None or not _HEADER_LINE.match(text, before.start, before.end):
                break  # only the message's header lines stand between
        if header is None:
            return None
        start, end = header.span("name")
        return Speaker(
            table.ref_of(start, end, "forwarded-from", "person"), "forwarded-from", False
        )

    def _name_with_apposition_after(
        self, context: _Context, at: int, after: list[tuple[int, int, str]]
    ) -> Speaker | None:
        """ "“...,” Tove Lind, an energy analyst at X in Vienna, told Y": the name right after a
        quote, closed off by a long apposition before the speech verb."""
        if not after:
            return None
        text, table = context.text, context.table
        start = at + len(text[at:]) - len(text[at:].lstrip(" ,"))
        name = table.name_starting_at(start)
        verb_start = after[0][0]
        if (
            name is None
            or not text.startswith(",", name[1])
            or not text[:verb_start].rstrip().endswith(",")
            or len(text[name[1] : verb_start].split()) > _MAX_APPOSITION_WORDS
            or context.quoted.find(1, name[1], verb_start) != -1
        ):
            return None
        ref = name[2] or table.ref_of(name[0], name[1], "verb-after", "person")
        if not ref.startswith(("person/", "org/")):
            return None
        return Speaker(ref, "verb-after:name-apposition", False)

    def _issuer_before(self, context: _Context, lo: int, possessive: str | None) -> Speaker | None:
        """Who issued a text that the lead-in names without its owner, from the sentences
        before ``lo``: "their statement" -> a group; "a joint statement" -> a group named in
        brackets in the sentence before ("clerics (the imams of X and Y)"), else that sentence's
        group or organisation subject, else the participants of a gathering named shortly
        before ("The rally was held in X. Here is the final statement:")."""
        text, table = context.text, context.table
        if possessive is not None and possessive.lower() in ("his", "her"):
            ref = self._last_person_before(context, lo, True)
            return Speaker(ref, "issuer:antecedent", True) if ref else None
        if possessive is not None and possessive.lower() == "its":
            # "Its editorial argued": the organisation (a paper) the text named just before.
            owner = antecedents.org_antecedent(table, self._clause_start(text, max(0, lo - 2)), lo)
            if owner is not None and owner.ref:
                return Speaker(owner.ref, "issuer:antecedent", True)
        if possessive is not None:
            group = antecedents.plural_antecedent(table, lo)
            return Speaker(group.ref, "issuer:antecedent", True) if group and group.ref else None
        sentences_before: list[tuple[int, int]] = []
        hi = lo
        while len(sentences_before) < 3:
            hi = len(text[:hi].rstrip())
            if hi == 0:
                break
            start = self._clause_start(text, hi - 1)
            # A sentence that ends inside quoted words starts before the quote opens: 'X said
            # in a statement: "A. B." The statement added ...'.
            opened = start
            while opened > 0 and context.quoted[opened - 1]:
                opened -= 1
            if opened < start and opened > 0:
                start = self._clause_start(text, opened - 1)
            if start >= hi:
                break
            sentences_before.append((start, hi))
            hi = start
        if not sentences_before:
            return None
        first_lo, first_hi = sentences_before[0]
        for verb_start, _verb_end, _kind in speech_verbs(text, first_lo, first_hi):
            # "X said in a statement that ... The statement added:": who spoke just before.
            spoke = attribution.subject_before(table, first_lo, verb_start, "issuer")
            if spoke is not None:
                speaker = self._speaker(context, spoke, first_lo, None)  # type: ignore[arg-type]
                return Speaker(speaker.ref, "issuer:previous-speaker", True)
        found = unframed.bracketed_group(table, first_lo, first_hi, context.quoted)
        if found is None:
            found = attribution.sentence_subject(table, first_lo, first_hi, "issuer")
            if found is not None and not unframed.can_issue(table, found):
                found = None
        for start, stop in sentences_before:
            if found is not None:
                break
            found = unframed.event_participants(table, start, stop, context.quoted)
        if found is None:
            return None
        ref = found.ref or table.ref_of(found.start, found.end, "issuer", "org")
        return Speaker(ref, "issuer:previous-sentence", True)

    def _unnamed_group(self, context: _Context, lo: int, hi: int) -> Speaker | None:
        """Who a sentence that hides its speaker means: a group it names outside its quotes, a
        group the sentence before names, or the participants of a gathering it names."""
        table = context.table
        group = attribution.group_in(table, lo, hi, "group-in-sentence", context.quoted)
        if group is None and lo > 0 and context.text[lo - 1] != "\n":
            before = self._clause_start(context.text, lo - 1)
            group = attribution.group_in(table, before, lo, "previous-sentence", context.quoted)
        if group is None:
            group = unframed.event_participants(table, lo, hi, context.quoted)
        if group is None and lo > 0 and context.text[lo - 1] != "\n":
            before = self._clause_start(context.text, lo - 1)
            group = unframed.event_participants(table, before, lo, context.quoted)
        if group is None or group.ref is None:
            return None
        return Speaker(group.ref, group.rule, True)

    @staticmethod
    def _name_colon(
        context: _Context, lo: int, end: int, colon: re.Match[str] | None
    ) -> Speaker | None:
        """The name that ends at ``end`` (a colon after it) when only markup, a footnote number
        or a title stands before it: "X: “...”" in a headline or a footnote."""
        text, table = context.text, context.table
        acronym = bool(colon and colon.group().strip(" :"))
        name = table.name_ending_at(end)
        if name is None and acronym:
            # "Long Form (ACR):" names an organisation even when no name-like span ends there
            # (a known place that opens the long form hides it: "Valmora Liman Birliyi").
            run = _CAPITALISED_RUN.search(text, lo, end)
            name = (run.start(), end, None) if run else None
        if name is None:
            return None
        start = name[0]
        # A known name that opens a longer capitalised run is part of it ("Azərbaycan Milli
        # Hərəkəti" is a movement, not the country); a run of titles is not ("Maj Gen Berg").
        before = _strip_titles(text[lo:start])
        run = _CAPITALISED_RUN.search(before)
        if run and before == text[lo:start]:
            start = lo + run.start()
            before = before[: run.start()]
        if not re.fullmatch(r"(?:<[^>]*>|\d|[\s*#\-–—\"“«„])*", before):
            return None
        if start == name[0] and name[2]:
            return Speaker(name[2], "name-colon", False)
        ref = table.ref_of(start, end, "name-colon", "org" if acronym else "person")
        return Speaker(ref, "name-colon", False)

    def _speaker(
        self, context: _Context, found: attribution.Found, lo: int, quote: Quote
    ) -> Speaker:
        if found.ref is not None:
            return Speaker(found.ref, found.rule, False)
        pronoun = found.rule.rsplit("-", 1)[-1]
        if pronoun == "we" and context.we:
            return Speaker(context.we, found.rule + "->document-institution", True)
        if pronoun in ("i", "we"):
            # The text's own "I" or "we": its author or issuer, never the nearest name.
            return self._voice(context, found.rule + "->document-voice")
        if found.rule.endswith("description"):
            outlet = press.unnamed_outlet(context.table, found.start, found.end)
            if outlet is not None:
                # "«...», the paper wrote": the medium the text named last.
                return Speaker(outlet, found.rule + "->named-outlet", True)
            described = self._described(context, found, lo)
            if described is not None:
                return described
            head = self.text_of(context, found).split()[-1].lower()
            if not found.rule.endswith("indefinite-description"):
                # "A spokesperson for the board said ... “...,” the spokesperson said": who
                # spoke in the sentence before (an organisation too, for its spokespeople).
                previous = self._previous_speaker(context, lo, head in _VOICE_OF)
                if previous is not None:
                    return Speaker(previous, found.rule + "->previous-sentence-speaker", True)
        if pronoun in ("he", "she"):
            kin = antecedents.relative_before(
                context.table,
                self._clause_start(context.text, max(0, lo - 1)),
                found.start,
                pronoun,
            )
            if kin is not None:
                # "My sister called me. She told me that ...": the relative, unnamed.
                ref = context.table.unnamed(kin[2], kin[0], kin[1], "relative")
                return Speaker(ref, found.rule + "->relative", True)
            someone = antecedents.someone_before(
                context.table,
                self._clause_start(context.text, max(0, lo - 1)),
                found.start,
                context.quoted,
            )
            if someone is not None:
                # "When I asked a diplomat about it, he told me that ...": someone unnamed.
                ref = context.table.unnamed(someone[2], someone[0], someone[1], "someone")
                return Speaker(ref, found.rule + "->unnamed-person", True)
            # "X took a position ... “...,” he said": the person who opens the sentence.
            subject = attribution.sentence_subject(context.table, lo, found.start, found.rule)
            named = subject is not None and (
                subject.ref.startswith("person/")
                if subject.ref
                else " " in context.text[subject.start : subject.end]  # not "Fees," alone
            )
            if subject is not None and named:
                ref = subject.ref or context.table.ref_of(
                    subject.start, subject.end, "antecedent", "person"
                )
                return Speaker(ref, found.rule + "->sentence-subject", True)
            own = self._opening(context, found.start)
            if own is not None:
                # "X said the figures were ... . She warned that ...", "“...,” he said": a
                # pronoun that opens its sentence (but for the quote) goes on with the person
                # who spoke in the sentence before: the subject is the likelier antecedent.
                previous = self._previous_speaker(context, own)
                if previous is not None:
                    return Speaker(previous, found.rule + "->previous-sentence-speaker", True)
                opener = self._previous_subject(context, own)
                if opener is not None:
                    # "X, whose father, Y, ..., joined the rally. She said": the sentence
                    # before's subject, not the name nearest the pronoun.
                    return Speaker(opener, found.rule + "->previous-sentence-subject", True)
        if pronoun in attribution.PLURAL_PRONOUNS:
            # "they" is a group or an organisation, never a person alone, a place or a state.
            group = antecedents.plural_antecedent(context.table, found.start)
            if group is not None and group.ref:
                return Speaker(group.ref, found.rule + "->plural-antecedent", True)
            return self._voice(context, found.rule + "->document-voice")
        people_only = pronoun in ("he", "she", "i") or found.rule.endswith("description")
        antecedent = self._last_person_before(context, found.start, people_only)
        if antecedent:
            return Speaker(antecedent, found.rule + "->nearest-name", True)
        return self._voice(context, found.rule + "->document-voice")

    @staticmethod
    def _opening(context: _Context, at: int) -> int | None:
        """Where the sentence starts when only a quotation (and punctuation) stands before
        ``at`` in it ("She warned ...", "“...,” he said"); None when other words do."""
        text, quoted = context.text, context.quoted
        start = at
        while start > 0 and (
            quoted[start - 1] or text[start - 1] in _MARKS or text[start - 1] == " "
        ):
            start -= 1
        before = text[:start].rstrip(" ")
        if start == 0 or before.endswith(("\n", ".", "!", "?", ":")):
            return start
        # "In his closing speech he said": a phrase that sets the scene comes before the
        # subject; the names in it ("read out by X") are not the pronoun's.
        opened = max(text.rfind(mark, 0, start) for mark in (". ", "\n", "! ", "? "))
        lead = text[opened + 1 : at]
        if _SCENE.fullmatch(lead):
            return opened + 1 + len(lead) - len(lead.lstrip())
        return None

    def _previous_speaker(
        self, context: _Context, lo: int, organisations: bool = False, depth: int = 0
    ) -> str | None:
        """The person (or, with ``organisations``, the organisation) that is the subject of a
        speech verb in the sentence before ``lo`` (in the same paragraph), or None; a pronoun
        there goes on back (“...,” he told the paper. “...” He adds)."""
        text, table = context.text, context.table
        before = self._sentence_before(text, lo)
        if before is None:
            return None
        start, hi = before
        for verb_start, _verb_end, _kind in speech_verbs(text, start, hi):
            if context.quoted[verb_start]:
                continue
            spoke = attribution.subject_before(table, start, verb_start, "antecedent")
            if spoke is None:
                continue
            if spoke.rule.endswith(("pronoun-he", "pronoun-she")) and depth < 3:
                return self._previous_speaker(context, start, organisations, depth + 1)
            if spoke.ref is not None:
                kinds = ("person/", "org/") if organisations else ("person/",)
                return spoke.ref if spoke.ref.startswith(kinds) else None
            written = text[spoke.start : spoke.end]
            if spoke.rule.endswith((":name", ":apposition", ":role-name")) or (
                " " in written and guess(text, spoke.start, spoke.end).kind == "person"
            ):
                return table.ref_of(spoke.start, spoke.end, "antecedent", "person")
            return None
        return None

    def _sentence_before(self, text: str, lo: int) -> tuple[int, int] | None:
        """The span of the sentence before ``lo`` in the same paragraph, or None when ``lo``
        opens its paragraph."""
        if lo == 0 or text[lo - 1] == "\n" or not text[:lo].strip():
            return None
        hi = len(text[:lo].rstrip())
        return self._clause_start(text, hi - 1), hi

    def _group_just_before(self, context: _Context, quote: Quote) -> Speaker | None:
        """The group that is the subject of the sentence right before ``quote`` in its own
        paragraph, when that sentence reports no speech: a guess ("one of them")."""
        text = context.text
        before = self._sentence_before(text, quote.open_at)
        if before is None or speech_verbs(text, *before):
            return None
        found = attribution.sentence_subject(context.table, *before, "group-before-quote")
        if found is None or not found.rule.endswith(":group") or not found.ref:
            return None
        return Speaker(found.ref, found.rule, True)

    def _previous_subject(self, context: _Context, lo: int) -> str | None:
        """The person named at the start of the sentence before ``lo`` (in the same paragraph)
        as its subject: an apposition, a relative clause or a verb follows the name ("X, whose
        father ...", "X did not address the court"), or the name is a role's apposition ("The
        prosecutor, X, asked")."""
        text, table = context.text, context.table
        before = self._sentence_before(text, lo)
        if before is None:
            return None
        start, hi = before
        while start < hi and (text[start].isspace() or context.quoted[start]):
            start += 1
        # "The prosecutor, Tomas Lind, asked ...": the name in the apposition of a role.
        role = _ROLE_THEN_NAME.match(text, start, hi)
        if role:
            start = role.end()
        name = table.name_starting_at(start)
        if name is None or not _AFTER_SUBJECT.match(text, name[1]):
            return None
        ref = name[2] or (
            table.ref_of(name[0], name[1], "antecedent", "person")
            if guess(text, name[0], name[1]).kind == "person"
            else None
        )
        return ref if ref is not None and ref.startswith("person/") else None

    def _described(self, context: _Context, found: attribution.Found, lo: int) -> Speaker | None:
        """Who a description names: "the secretary of state" -> the name it introduced; "the
        union" -> a known entity with that word; "the statement" -> its issuer; "the farmers'
        association" -> an organisation; "the imam" written for the first time, or "one shop
        owner" (indefinite: someone new) -> an unnamed person. None when nothing fits."""
        table = context.table
        definite = not found.rule.endswith("indefinite-description")
        words = self.text_of(context, found).split()
        if len(words) > 2 and words[-1].lower() in _REFLEXIVES:
            words = words[:-1]  # "the governor himself": the governor
        description = " ".join(words[1:])
        # The head noun stands before the tail that places the person: "source in the court".
        tail = next((i for i, w in enumerate(words[1:], 1) if w in _PLACING), len(words))
        head = words[tail - 1]
        if words[0].lower() in ("its", "their") and (
            attribution.ORG_NOUN.fullmatch(head) or attribution.TEXT_NOUN.fullmatch(head)
        ):
            # "Its press office said", "Its release states": the organisation the sentence
            # before is about.
            before = self._clause_start(context.text, max(0, found.start - 1))
            owner = antecedents.org_antecedent(table, before, found.start)
            if owner is not None and owner.ref:
                return Speaker(owner.ref, found.rule + "->owner", True)
        if definite:
            introduced = self._introduced_as(context, self.text_of(context, found), found.start)
            if introduced:
                return Speaker(introduced, found.rule + "->introduced-as", True)
            match = table.by_head_noun(head, found.start)
            if match:
                return Speaker(match, found.rule + "->same-head-noun", True)
            if head.lower() in _GENERIC_ORG_NOUNS:
                # "Ulvar Hydro has issued a statement. The company says ...": a noun any
                # organisation can be called by names the one the sentence before names.
                before = self._clause_start(context.text, max(0, found.start - 1))
                before = self._clause_start(context.text, max(0, before - 1))
                named = self._organisation_named(context, before, found.start)
                if named is not None:
                    return Speaker(named, found.rule + "->org-named-before", True)
            same = self._described_before(context, head, found.start)
            if same is not None:
                # "a spokesperson for the board said ... “...,” the spokesperson said": the
                # unnamed person the text described with that noun before.
                return Speaker(same, found.rule + "->same-description", True)
        if attribution.TEXT_NOUN.fullmatch(head):
            issued = attribution.issuer_after(table, found.end)
            if issued is not None and issued.ref:
                # "The resolution, read on behalf of all deputies, condemned": its issuer.
                return Speaker(issued.ref, found.rule + "->" + issued.rule, False)
            # "The statement said": whoever issued it, from the sentences before.
            start = self._clause_start(context.text, found.end)
            issuer = self._issuer_before(context, start, None)
            if issuer is not None:
                return Speaker(issuer.ref, found.rule + "->" + issuer.rule, True)
            return None
        if attribution.ORG_NOUN.fullmatch(head):
            # "The farmers' association said": an organisation the text names by its kind.
            ref = table.described_org(description, found.start, found.end, "description")
            return Speaker(ref, found.rule + "->described-organisation", True)
        written_before = re.search(
            rf"(?<![\w\-]){re.escape(head)}(?![\w\-])", context.text[: found.start], re.I
        )
        possessive = words[0].lower() in ("his", "her", "its", "their")
        named_just_before = (definite and not possessive) and self._person_named_since(
            context, self._clause_start(context.text, max(0, lo - 1)), found.start
        )
        if attribution.PERSON_NOUN.fullmatch(head) and not (
            definite and (written_before or named_just_before)
        ):
            # "the imam called it", the first time an imam is written and with no one named in
            # this sentence or the one before, or "one shop owner": a person the text does not
            # name. A description written before ("the activist"), or right after a name
            # ("According to X, ... the activist claims"), refers back to someone.
            ref = table.unnamed(description, found.start, found.end, "description")
            return Speaker(ref, found.rule + "->unnamed-person", True)
        return None

    @staticmethod
    def _organisation_named(context: _Context, lo: int, at: int) -> str | None:
        """The last organisation named in ``lo:at``: a known one, or a new name whose words say
        it is one ("Nordvik Energy Group")."""
        table = context.table
        for start in reversed(table.starts_between(lo, at)):
            name = table.name_starting_at(start)
            if name is None or name[1] > at:
                continue
            written = context.text[name[0] : name[1]]
            if name[2] is not None and name[2].startswith("org/"):
                return name[2]
            if name[2] is None and org_kind(written) is not None:
                return table.ref_of(name[0], name[1], "org-named-before", "org")
        return None

    @staticmethod
    def _described_before(context: _Context, head: str, at: int) -> str | None:
        """The latest unnamed person before ``at`` whose description has ``head`` as a word."""
        table = context.table
        for start, _end, ref in reversed(table.described):
            entity = table.new.get(ref)
            if start < at and entity and head.lower() in entity.label.lower().split():
                return ref
        return None

    @staticmethod
    def _person_named_since(context: _Context, lo: int, at: int) -> bool:
        """Whether a person is named in ``lo:at``: a registry person, a titled name, or a name
        the drafter has already proposed as a person (a speaker, an author)."""
        table = context.table
        people = {e.label for ref, e in table.new.items() if ref.startswith("person/")}
        for start in table.starts_between(lo, at):
            name = table.name_starting_at(start)
            if name is None or name[1] > at:
                continue
            if name[2] is not None:
                if name[2].startswith("person/"):
                    return True
                continue
            cue = guess(context.text, name[0], name[1])
            titled = cue.rule in ("title-before-name", "title-in-name")
            if titled or context.text[name[0] : name[1]] in people:
                return True
        return False

    @staticmethod
    def text_of(context: _Context, found: attribution.Found) -> str:
        """The words of a found speaker."""
        return context.text[found.start : found.end]

    def _last_person_before(self, context: _Context, at: int, people_only: bool) -> str | None:
        # The nearest earlier mention of a person or a speaking organisation: a pronoun's or a
        # description's antecedent, by proximity only (so always flagged as a guess).
        # Candidates: registry mentions, and names that a title or an earlier rule (a speaker,
        # an author) made people; a bare run of capitalised words ("Shiite Turks") is not one.
        table = context.table
        best: tuple[int, str | None, int] | None = None
        kinds = ("person/",) if people_only else ("person/", "org/")
        for mention in table.mentions:
            if mention.end > at:
                break
            if mention.ref.startswith(kinds):
                best = (mention.start, mention.ref, mention.end)
        people = {e.label for ref, e in table.new.items() if ref.startswith("person/")}
        # A surname alone after the full name ("Tom Vik ... Vik disagreed") is that person.
        surnames: dict[str, str | None] = {
            label.split()[-1]: None for label in people if " " in label
        }
        for mention in table.mentions:
            written = context.text[mention.start : mention.end]
            if mention.end <= at and mention.ref.startswith("person/") and " " in written:
                surnames[written.split()[-1]] = mention.ref
        # From the nearest name back, stopping at the first that fits: the last one before.
        before = bisect.bisect_left(table.names, (at, -1))
        for start, end in reversed(table.names[:before]):
            if end > at:
                continue
            if best is not None and start <= best[0]:
                break
            if attribution.in_modifier(table, max(0, start - 200), start):
                continue  # "residents of Lund and Ostrava Bay": a place, not a person
            cue = guess(context.text, start, end)
            written = context.text[start:end]
            if _DOCUMENT_NAME.match(written):
                continue  # "the 2019 Agreement on Border Crossings": a text, not a person
            if (
                cue.rule in ("title-before-name", "title-in-name")
                or written in people
                or written in surnames
                or (cue.rule == "capitalised-words" and context.given_name_only_here(written))
            ):
                best = (start, surnames.get(written), end)
                break
        for start, end, ref in table.described:
            if end <= at and (best is None or start > best[0]):
                best = (start, ref, end)  # "a ministry spokesman said. He declined ..."
        if best is None:
            return None
        return best[1] or table.ref_of(best[0], best[2], "antecedent", "person")

    @staticmethod
    def _introduced_as(context: _Context, description: str, before: int) -> str | None:
        """The entity a description's words introduced earlier: "the secretary of state" ->
        the name right after "Secretary of State" in "US Secretary of State Anna Berg"."""
        words = description.split()[1:]  # without the article
        if not words:
            return None
        said = r"(?i:" + r"\s+".join(map(re.escape, words)) + r")"
        found = None
        # "Secretary of State Anna Berg"; for a person's noun, with an apposition too: "the
        # spokeswoman of the ministry, Anna Berg," and "Anna Berg, the spokeswoman".
        person = bool(attribution.PERSON_NOUN.fullmatch(words[-1])) and not (
            attribution.ORG_NOUN.fullmatch(words[-1])
        )
        tail = r"(?:\s+(?:of|for|at|in)\s+[^,.;:\n]{1,80})?(?:\s+|,\s+)" if person else r"\s+"
        after = re.compile(said + tail)
        for match in after.finditer(context.text, 0, before):
            name = context.table.name_starting_at(match.end())
            if name and name[1] <= before and (found is None or name[0] > found[0]):
                found = name
        # "Anna Berg, the spokeswoman of the ministry,".
        appositions = re.finditer(r",\s+(?:the|a|an)\s+" + said + r"\b", context.text[:before])
        for match in appositions if person else ():
            name = context.table.name_ending_at(match.start())
            if name and (found is None or name[0] > found[0]):
                found = name
        if found is None:
            return None
        start, end, ref = found
        return ref or context.table.ref_of(start, end, "introduced-as", "person")

    def _voice(self, context: _Context, rule: str) -> Speaker:
        if context.voice is None:
            title = metadata.title(context.text, None)
            ref = f"collective/author-of-{slugify(title)[:40].strip('-')}"
            suffix = 2
            while ref in context.table.gazetteer.refs:
                ref = f"collective/author-of-{slugify(title)[:40].strip('-')}-{suffix}"
                suffix += 1
            context.voice = ref
            context.table.new[ref] = NewEntity(
                ref=ref,
                label=f"The unnamed author of “{title}”",
                language=context.table.language,
                kind_value="group",  # a collective needs a kind (kb/README.md)
                evidence="The text names no author or outlet; its own voice is recorded so.",
                mark=Mark("document-voice", 0.3),
            )
        return Speaker(context.voice, rule, True)

    @staticmethod
    def _clause_start(text: str, at: int) -> int:
        # Back to the start of the sentence (or the paragraph) that holds ``at``.
        lo = text.rfind("\n", 0, at) + 1
        last = lo
        for match in _SENTENCE_BREAK.finditer(text, lo, at):
            if match.end() < at and not abbreviation_stop(text, match.start()):
                last = match.end()
        return last

    @staticmethod
    def _sentence_end(text: str, at: int) -> int:
        # A footnote mark may follow the full stop: "... closed.<sup>16</sup> Next".
        for match in _SENTENCE_END.finditer(text, at):
            if not abbreviation_stop(text, match.start()):  # "said Dr. Roe" goes on
                return match.end()
        return len(text)

    # -- reported speech -----------------------------------------------------------------------

    def _reported(
        self, context: _Context, direct: list[Assertion], *, with_relay: bool = True
    ) -> list[Assertion]:
        text, table = context.text, context.table
        taken = bytearray(len(text))
        for assertion in direct:
            taken[assertion.start : assertion.end] = b"\x01" * (assertion.end - assertion.start)
        quoted = bytearray(len(text))
        for quote in context.quotes:
            quoted[quote.open_at : (quote.close_at or quote.end) + 1] = b"\x01" * (
                (quote.close_at or quote.end) + 1 - quote.open_at
            )
        result = []
        for paragraph in context.paragraphs:
            for sentence in sentences(text, paragraph):
                if taken.find(1, sentence.start, sentence.end) != -1:
                    # A sentence that frames a direct quote is its lead-in, not a second claim;
                    # but a participle after the quote ("“...,” she said, noting that ...") is,
                    # and so is a reported clause that only quotes some of its words ("X said
                    # the figures were “worrying”": the clause, and the quoted words).
                    after = self._after_quote(context, direct, sentence, quoted)
                    if after is not None and with_relay:
                        result.append(after)
                    if after is not None or not self._quotes_a_fragment(
                        context, sentence, taken, quoted
                    ):
                        continue
                    reported = self._reported_in(context, sentence, quoted)
                    if reported is not None and with_relay:
                        reported.relay = relay.hops(
                            table, sentence.start, sentence.end, reported.speaker.ref
                        )
                        result.append(reported)
                    continue
                reported = self._reported_in(context, sentence, quoted)
                if reported is None:
                    reported = self._trailing(context, sentence)
                if reported is None:
                    reported = self._possessive_statement(context, sentence)
                if reported is None:
                    reported = self._impersonal_passive(context, sentence)
                if reported is not None and with_relay:
                    reported.relay = relay.hops(
                        table, sentence.start, sentence.end, reported.speaker.ref
                    )
                    result.append(reported)
        return result

    @staticmethod
    def _quotes_a_fragment(
        context: _Context, sentence: Segment, taken: bytearray, quoted: bytearray
    ) -> bool:
        """Whether the sentence's speech verb introduces a clause of its own words that only
        quotes some of them: three words or more outside the quotes after the verb, and no
        colon that hands the clause over to the quote."""
        text = context.text
        first = taken.find(1, sentence.start, sentence.end)
        verbs = [
            v for v in speech_verbs(text, sentence.start, first) if not quoted[v[0]]
        ]  # fmt: skip
        if not verbs:
            return False
        verb_end = verbs[-1][1]
        if re.fullmatch(r"[^.;:!?\n]{0,60}:\s*[“\"«„]?", text[verb_end:first]):
            return False  # "wrote:", "wrote to the ministry:" hands the clause to the quote
        own = "".join(
            " " if quoted[i] else text[i] for i in range(verb_end, sentence.end)
        )  # fmt: skip
        return len(re.findall(r"[^\W\d_]{2,}", own)) >= 3

    @staticmethod
    def _relayed(
        context: _Context, sentence: Segment, verb_start: int, verb_end: int
    ) -> tuple[Speaker, int, int] | None:
        """Whose words a medium's report gives, and their verb: "Nordpress reported that Tom
        Vik said ...", "Nordposten quoted Tom Vik as saying that ..." -> Tom Vik (the medium
        is a relay hop)."""
        text, table = context.text, context.table
        verb = text[verb_start:verb_end]
        if verb in _MEDIUM_VERBS:
            inner = press.relayed_speaker(table, verb_end, sentence.end)
            if inner is not None:
                start = text.index(inner[3], inner[1])
                return Speaker(inner[2], "relayed-by-medium", False), start, start + len(inner[3])
        if verb.endswith("ing"):
            quoted = press.quoted_as_saying(table, sentence.start, verb_end)
            quoted = quoted or press.quoted_by_as_saying(table, sentence.start, verb_end)
            if quoted is not None:
                return Speaker(quoted[2], "quoted-as-saying", False), verb_start, verb_end
        return None

    def _trailing(self, context: _Context, sentence: Segment) -> Assertion | None:
        """Reported speech with its attribution last: "The strike will go on, Vik said."."""
        found = trailing.trailing_attribution(context.table, sentence.start, sentence.end)
        if found is None:
            return None
        speaker = self._speaker(context, found.found, sentence.start, None)  # type: ignore[arg-type]
        kind = kind_of_words(context.text[sentence.start : found.content_end], found.kind)
        mark = Mark("reported-trailing-verb", 0.6 if not speaker.guess else 0.45)
        return Assertion(sentence.start, sentence.end, "reported", kind, speaker, mark)

    @staticmethod
    def _possessive_statement(context: _Context, sentence: Segment) -> Assertion | None:
        """ "X's statement that ...", "X's demand for ...": speech named by a noun that its
        speaker owns."""
        text, table = context.text, context.table
        for match in _POSSESSIVE_SPEECH.finditer(text, sentence.start, sentence.end):
            name = table.name_ending_at(match.start())
            if name is None or name[0] < sentence.start:
                continue
            start, end, ref = name
            ref = ref or table.ref_of(start, end, "possessive-statement")
            kind = _NOUN_KIND.get(match.group(1).lower(), "statement")
            return Assertion(sentence.start, sentence.end, "reported", kind,
                             Speaker(ref, "possessive-statement", False),
                             Mark("reported-possessive-statement", 0.6))  # fmt: skip
        return None

    def _impersonal_passive(self, context: _Context, sentence: Segment) -> Assertion | None:
        """ "It was noted that ...": the speaker is unnamed, so the words are the document's
        own report (a guess), never the previous speaker's: the passive names nobody."""
        text = context.text
        match = _IMPERSONAL.search(text, sentence.start, sentence.end)
        if match is None or len(text[sentence.start : match.start()].split()) > 4:
            return None
        kind = VERB_KIND.get(match.group(1).lower(), "claim")
        speaker = self._voice(context, "impersonal-passive:document-voice")
        return Assertion(sentence.start, sentence.end, "reported", kind, speaker,
                         Mark("reported-impersonal-passive", 0.4))  # fmt: skip

    def _after_quote(
        self, context: _Context, direct: list[Assertion], sentence: Segment, quoted: bytearray
    ) -> Assertion | None:
        """ "“...,” X said, adding that ...": a participle or a verb joined by "and" after the
        last quote of a sentence reports more words of the quote's speaker."""
        text = context.text
        last = max((a for a in direct if sentence.start <= a.start < sentence.end), default=None,
                   key=lambda a: a.end)  # fmt: skip
        if last is None:
            return None
        close = last.end
        while close < sentence.end and quoted[close]:
            close += 1
        for verb_start, _verb_end, kind in speech_verbs(text, close, sentence.end):
            if quoted[verb_start] or not _JOINED.search(text, close, verb_start):
                continue
            if not any(not quoted[v] for v, _e, _k in speech_verbs(text, close, verb_start)):
                # The quote's own attribution ("“...,” X, an analyst at Y, told Z"), not a
                # second verb joined to it ("“...,” X said, adding that").
                return None
            if len(text[verb_start : sentence.end].split()) < 4:
                return None
            speaker = Speaker(last.speaker.ref, "after-quote:" + last.speaker.rule, True)
            return Assertion(verb_start, sentence.end, "reported", kind, speaker,
                             Mark("reported-after-quote", 0.5))  # fmt: skip
        return None

    def _reported_in(
        self, context: _Context, sentence: Segment, quoted: bytearray
    ) -> Assertion | None:
        text, table = context.text, context.table
        for source in attribution.according_to(table, sentence.start, sentence.end):
            # "Two guards were killed, according to the ministry.": the phrase ends it.
            closing = re.fullmatch(r"[\s.;!]*", text[source.end : sentence.end])
            if (
                source.ref
                and closing
                and re.search(
                    r",\s*according\s+to\s+(?:the\s+)?$", text[sentence.start : source.start]
                )
            ) and not speech_verbs(text, sentence.start, source.start):
                speaker = Speaker(source.ref, "according-to", False)
                return Assertion(sentence.start, sentence.end, "reported", "claim", speaker,
                                 Mark("reported-according-to", 0.7))  # fmt: skip
            # "According to (the historian) X, ...": the phrase opens the sentence.
            if source.ref and len(text[sentence.start : source.start].split()) <= 5:
                rest = text[source.end : sentence.end]
                if len(rest.split()) >= 4 and not speech_verbs(text, source.end, sentence.end):
                    speaker = Speaker(source.ref, "according-to", False)
                    return Assertion(sentence.start, sentence.end, "reported", "claim", speaker,
                                     Mark("reported-according-to", 0.7))  # fmt: skip
        verbs = speech_verbs(text, sentence.start, sentence.end)
        for verb_start, verb_end, kind in verbs:
            if quoted[verb_start]:
                continue
            # "As Fjordpost reported, Per Olsen said ...": the aside passes on the words that
            # the next verb's subject speaks.
            later = any(start > verb_end and not quoted[start] for start, _end, _kind in verbs)
            if later and relay.as_reported(text, sentence.start, verb_end):
                continue
            complement = text[verb_end : sentence.end]
            if complement.rstrip(" *_").endswith(":") and len(complement.split()) < 6:
                continue  # "posted this on X:": a short lead-in to the words that follow
            # "Deny" takes a short object as its content: "He denied the charges." ("He
            # rejected the offer", "dismissed the staff": no words of his.)
            short = text[verb_start:verb_end].startswith(("den", "refut"))
            if len(complement.split()) < (2 if short else 3):
                continue
            # A medium's report of someone's words is theirs, read first so that the medium
            # is not proposed as a speaker.
            relayed = self._relayed(context, sentence, verb_start, verb_end)
            if relayed is not None:
                speaker, verb_start, verb_end = relayed
                complement = text[verb_end : sentence.end]
            else:
                found = self._reported_speaker(context, sentence, verb_start, verb_end)
                if found is None:
                    continue
                speaker = found
            kind = kind_of_complement(text[verb_start:verb_end], complement, kind)
            confidence = 0.7 if not speaker.guess else 0.5
            assertion = Assertion(sentence.start, sentence.end, "reported", kind, speaker,
                                  Mark("reported-speech-verb", confidence))  # fmt: skip
            dates = absolute_dates(text, sentence.start, verb_start)
            if dates:
                assertion.said_on = dates[-1].value
            return assertion
        return None

    def _reported_speaker(
        self, context: _Context, sentence: Segment, verb_start: int, verb_end: int
    ) -> Speaker | None:
        """Who a reported-speech verb's subject is: a participle's main clause subject ("X
        blocked the roads, demanding that"), the name or description right before the verb, or
        the name that opens the sentence (a guess)."""
        text, table = context.text, context.table
        semicolon = text.rfind(";", sentence.start, verb_start)
        if semicolon != -1 and not context.quoted[semicolon]:
            # "Others disagree; X has written that ...": the verb's clause starts after it.
            start = semicolon + 1
            while start < verb_start and text[start].isspace():
                start += 1
            sentence = Segment(start, sentence.end)
        if text[verb_start:verb_end].endswith("ing") and re.search(
            r",\s*$", text[sentence.start : verb_start]
        ):
            # "X blocked the roads, demanding that ...": the main clause's subject.
            found = attribution.participle_subject(table, sentence.start, verb_start)
            if found is not None:
                ref = found.ref or table.ref_of(found.start, found.end, "participle", "person")
                return Speaker(ref, found.rule, True)
        found = None
        if not _COORDINATED.search(text, max(sentence.start, verb_start - 8), verb_start):
            found = attribution.subject_before(table, sentence.start, verb_start, "reported")
        # A speaker's label opening a transcript's or an interview's line is no part of it.
        label = _TURN_LABEL.match(text, sentence.start, verb_start)
        opening = label.end() if label else sentence.start
        if found is not None:
            # A title, with what qualifies it, is part of the subject ("US Senator Per Olsen
            # said", "Speaking in parliament, Finance Minister Lars Berg said").
            intro = text[opening : found.start]
            if PERSON_TITLE.search(intro):
                intro = re.sub(r"(?:[A-Z][\w\-]*\s+){0,3}$", "", _strip_titles(intro))
            if attribution.DATELINE.fullmatch(intro):
                intro = ""  # "KALDEN – ": where the report was filed
            if len(intro.split()) > _MAX_INTRO_WORDS or (
                intro.strip() and not _INTRO.search(intro)
            ):
                # Words before the subject belong to an introductory phrase ("On Monday,"),
                # perhaps with a role before the name ("..., port director Ana Lindqvist");
                # other words make the name before the verb the end of a longer subject.
                found = None
        if found is not None:
            return self._speaker(context, found, sentence.start, None)  # type: ignore[arg-type]
        opening_text = attribution.TEXT_OPENS.match(text, sentence.start, verb_start)
        if opening_text is not None:
            # "The resolution, read on behalf of all deputies on 6 April, condemned ...".
            issued = attribution.issuer_after(table, opening_text.end())
            if issued is not None and issued.ref:
                return Speaker(issued.ref, "reported:" + issued.rule, False)
        # The verb's own subject is further back ("X visited the border and stated that", "X
        # and Y stressed that"): the name that opens the sentence, a guess.
        found = attribution.sentence_subject(table, opening, verb_start, "reported")
        coordinated = _COORDINATED.search(text, max(sentence.start, verb_start - 8), verb_start)
        opener = _DESCRIPTION_OPENS.match(text, opening, verb_start)
        if found is None and coordinated and opener is not None:
            # "His wife called me and told me that ...": the description that opens the
            # sentence (up to its head noun) is the subject of both verbs.
            words = list(re.finditer(r"\S+", opener.group(1)))
            head = next(
                (w for w in words[1:] if attribution.PERSON_NOUN.fullmatch(w.group())
                 or attribution.ORG_NOUN.fullmatch(w.group())),
                None,
            )  # fmt: skip
            if head is None:
                return None
            indefinite = words[0].group().lower() in ("a", "an")
            rule = "reported:indefinite-description" if indefinite else "reported:description"
            end = opener.start(1) + head.end()
            described = attribution.Found(opener.start(1), end, None, rule)
            speaker = self._speaker(context, described, sentence.start, None)  # type: ignore[arg-type]
            return speaker if not speaker.rule.endswith("document-voice") else None
        if found is None or len(text[opening : found.start].split()) > _MAX_INTRO_WORDS:
            return None
        ref = found.ref or table.ref_of(found.start, found.end, "reported")
        return Speaker(ref, "reported:sentence-subject", True)

    @staticmethod
    def _citing_author(assertions: list[Assertion], author: str) -> None:
        # A research article or a report passes on what others said through its author (its
        # publisher when it names no author): hop 1 of each.
        for assertion in assertions:
            if assertion.speaker.ref != author:
                hop = Hop("citing-author", author, None, Mark("citing-genre-author", 0.7))
                assertion.relay = [hop, *assertion.relay]

    def _told_the_author(self, context: _Context, assertions: list[Assertion]) -> None:
        """ "X told me that ...": the author who writes it down passed X's words on, an
        intermediary hop after the others."""
        text, voice = context.text, context.voice
        if voice is None:
            return
        for assertion in assertions:
            if assertion.speaker.ref == voice:
                continue
            lo = self._clause_start(text, assertion.start)
            hi = assertion.start if assertion.mode == "direct" else assertion.end
            told = _TOLD_ME.search(text, lo, hi)
            if told is None or context.quoted[told.start()]:
                continue
            if all(hop.agent != voice for hop in assertion.relay):
                mark = Mark("told-the-author", 0.5)
                assertion.relay = [*assertion.relay, Hop("intermediary", voice, None, mark)]

    def _carry_relays(self, context: _Context, assertions: list[Assertion]) -> None:
        # An interview or a statement to an outlet, stated once, frames what the same speaker
        # says after it in the document: carry the hops forward, with less confidence.
        carried: dict[str, list] = {}
        for assertion in assertions:
            ref = assertion.speaker.ref
            given = [hop for hop in assertion.relay if hop.mark.rule in relay.GIVEN_TO]
            if assertion.relay:
                # Only what the speaker gave a medium frames what follows; a tweet does not.
                carried[ref] = given
            elif carried.get(ref):
                assertion.relay = [
                    type(hop)(
                        hop.role,
                        hop.agent,
                        hop.agent_as_written,
                        Mark(hop.mark.rule + "-carried", 0.4),
                    )
                    for hop in carried[ref]
                ]

    # -- events --------------------------------------------------------------------------------

    def _events(self, context: _Context) -> list[Event]:
        text = context.text
        events = []
        for paragraph in context.paragraphs:
            for sentence in sentences(text, paragraph):
                dates = absolute_dates(text, sentence.start, sentence.end)
                nouns = list(_EVENT_PATTERN.finditer(text, sentence.start, sentence.end))
                if len(dates) != 1 or not nouns:
                    continue
                noun = nouns[0].group(1)
                if noun == "March" or (noun[0].isupper() and nouns[0].start() != sentence.start):
                    continue  # "March" the month, or a capitalised noun inside a name
                event_type = _EVENT_NOUNS[noun.lower()]
                label = f"{noun.capitalize()} ({dates[0].value.lstrip('-')})"
                events.append(Event(sentence.start, sentence.end, label, event_type,
                                    dates[0].value, Mark("dated-event-noun", 0.4)))  # fmt: skip
        return events


def _given_name_only_here(text: str, name: str) -> bool:
    """Whether the first word of a name never stands without the rest of it: "Majid" only in
    "Majid Araz" reads as a given name; "Shiite" in "Shiite Turks" and "Shiite-speaking" not."""
    first = name.split()[0]
    return len(word_occurrences(text, first)) == len(word_occurrences(text, name))


def _chains(text: str, quotes: list[Quote]) -> list[tuple[int, int]]:
    """For each quote, the first and the last index of the list of quotes it belongs to: quotes
    that only commas, "and" or "or" separate, in one paragraph."""
    bounds = [(i, i) for i in range(len(quotes))]
    for i in range(1, len(quotes)):
        earlier = quotes[i - 1]
        between = text[(earlier.close_at or earlier.end) + 1 : quotes[i].open_at]
        if earlier.close_at is not None and _QUOTE_LINK.fullmatch(between):
            bounds[i] = (bounds[i - 1][0], i)
    for i in range(len(quotes) - 2, -1, -1):
        if bounds[i + 1][0] == bounds[i][0]:
            bounds[i] = (bounds[i][0], bounds[i + 1][1])
    return bounds


def _without_glosses(text: str, sentence: Segment, glosses: list[re.Match[str]]) -> list[Segment]:
    """The pieces of a quoted sentence outside the editor's notes in it, each of two words or
    more."""
    pieces, at = [], sentence.start
    for gloss in glosses:
        if sentence.start <= gloss.start() < sentence.end:
            pieces.append(Segment(at, gloss.start()))
            at = gloss.end()
    pieces.append(Segment(at, sentence.end))
    result = []
    for piece in pieces:
        start, end = trim(text, piece.start, piece.end, ",;")
        if len(text[start:end].split()) >= 2:
            result.append(Segment(start, end))
    return result


def _strip_titles(intro: str) -> str:
    """``intro`` without the titles that end it: "Maj Gen " and "Foreign Minister " go whole."""
    while True:
        shorter = PERSON_TITLE.sub("", intro)
        if shorter == intro:
            return intro
        intro = shorter


def _is_speech(text: str, quote: Quote) -> bool:
    """Whether quoted words are speech, not a name, a title or a scare quote.

    Too short, introduced as a title ("titled"), or a short run of capitalised words with no
    sentence punctuation ("«Freedom and Independence March»") is not speech. Short words that
    close with their own punctuation right before a speech verb are ("“Nobody asked us,” said").
    """
    words = text[quote.start : quote.end].split()
    if len(words) < _MIN_QUOTE_WORDS and not (
        len(words) >= 2
        and quote.close_at is not None
        and text[quote.end - 1] in ",.!?…"
        and _QUOTATIVE_AFTER.match(text, quote.close_at + 1)
    ):
        return False
    if _TITLE_CUE.search(text, max(0, quote.open_at - 20), quote.open_at):
        return False
    # A name may hold an ordinal ("25th Army of the North").
    capitalised = sum(
        1 for w in words if w[:1].isupper() or w[:1].isdigit() or w in ("of", "and", "the", "for")
    )
    ends_sentence = text[quote.end - 1] in ".!?…"
    return not (len(words) < 8 and capitalised == len(words) and not ends_sentence)
