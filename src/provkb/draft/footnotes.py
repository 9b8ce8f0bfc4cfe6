"""Footnotes: the note a quote's marker points to, and the hops that the note's source makes.

A scholarly text quotes and puts a numbered marker after the words (``<sup>12</sup>`` in a page
saved from the web, ``[^12]`` in Markdown); the note with the same number names where the words
were read: an outlet, a news agency, a website, a social-media channel. When the note's source
is written in another language or script than the text, the words reached the text through a
translator too.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from provkb.draft.candidates import org_kind
from provkb.draft.entities import EntityTable
from provkb.draft.model import Assertion, Hop, Mark
from provkb.draft.relay import platform_owner

_MARKER = re.compile(r"<sup>\s*(\d{1,3})\s*</sup>|\[\^(\d{1,3})\]:?")
_NOTE_END = _PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SENTENCE_BREAK = re.compile(r"[.!?…][\"”»’)]*\s+[A-Z\"“«]|\n")
# The end of a sentence, closing the text before a paragraph break.
_SENTENCE_END = re.compile(r"[.!?…:][\"”»’)]*\s*$")
_RULE = re.compile(r"[-*_]{3,}|")  # a horizontal rule between a page's text and its notes
_MAX_GAP = 40  # characters between the end of the words and their marker
# A web address: a host with a dot and a top-level domain, perhaps a path; written in lower
# case, as addresses are, so that "Dr.Smith" is no host.
_DOMAIN = re.compile(
    r"\b(?:https?://)?(?:www\.)?(?P<host>[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9\-]+)*"
    r"\.[a-z]{2,6})(?![\w.])"
)
_SOCIAL_HOSTS = {
    "t.me": "Telegram", "telegram.me": "Telegram", "twitter.com": "Twitter", "x.com": "X",
    "facebook.com": "Facebook", "fb.com": "Facebook", "instagram.com": "Instagram",
    "youtube.com": "YouTube", "youtu.be": "YouTube", "tiktok.com": "TikTok", "vk.com": "VKontakte",
}  # fmt: skip
_SOCIAL_WORDS = re.compile(
    r"\b(Telegram|Instagram|Twitter|Facebook|YouTube|TikTok)\s+(?:channel|page|account|post)\b",
    re.IGNORECASE,
)
# A media noun just after a name ("«Vesti» newspaper", "Fjord. Tv") or just before it ("an
# interview on X", "the weekly «X»").
_MEDIA_AFTER = re.compile(
    r"[\"”»’]?[\s.]*(newspaper|agency|news\s+agency|tv|television|radio|website|channel|daily|"
    r"weekly|magazine)\b",
    re.IGNORECASE,
)
_MEDIA_BEFORE = re.compile(
    r"(?i:\b(?:interview|programme|program|show|broadcast)\s+(?:on|with|for)\s+|\b(?:newspaper"
    r"|agency|weekly|daily|magazine|website|channel|radio|tv)\s+)[\"“«„]?\s*$"
)
_MEDIA_KINDS = ("news-agency", "media-outlet", "publisher")
# A file name ("photo.jpg") is no web site.
_NOT_HOSTS = {"jpg", "jpeg", "png", "gif", "pdf", "doc", "docx", "html", "htm", "txt"}


@dataclass(frozen=True)
class Note:
    """A footnote's number and the span of its paragraph (from the start of the line that
    holds its marker to the next blank line)."""

    number: str
    start: int
    end: int


@dataclass(frozen=True)
class Notes:
    """The notes of a text and the markers that refer to them."""

    by_number: dict[str, Note]
    references: list[tuple[int, str]]  # (where the marker is, its number), in text order

    def cited_by(self, text: str, start: int, end: int) -> tuple[Note, float] | None:
        """The note whose marker stands inside ``start:end`` or after it in the same paragraph
        (a note covers the sentences since the previous marker), and how sure that is: less
        when sentences stand between the words and the marker."""
        index = bisect.bisect_left(self.references, (start, ""))
        if index == len(self.references):
            return None
        at, number = self.references[index]
        if at > end and _PARAGRAPH_BREAK.search(text, end, at) and not self._runs_on(text, end, at):
            return None
        if number not in self.by_number:
            return None
        near = at <= end or (at - end <= _MAX_GAP and not _SENTENCE_BREAK.search(text, end, at))
        return self.by_number[number], 0.5 if near else 0.35

    def _runs_on(self, text: str, end: int, at: int) -> bool:
        """Whether the paragraph at ``end`` breaks off mid-sentence (no closing punctuation)
        and goes on where ``at`` is, past only notes and rules between (a page break of a
        printed article), with no sentence ending before ``at``."""
        breaks = list(_PARAGRAPH_BREAK.finditer(text, end, at))
        if _SENTENCE_END.search(text, max(0, end - 4), breaks[0].start()):
            return False
        last = breaks[-1].end()
        if _SENTENCE_BREAK.search(text, last, at):
            return False
        for gap, following in itertools.pairwise(breaks):
            between = text[gap.end() : following.start()]
            inside_note = any(n.start <= gap.end() < n.end for n in self.by_number.values())
            if not (inside_note or _RULE.fullmatch(between.strip())):
                return False
        return True


def find_notes(text: str) -> Notes:
    """Numbered notes: for each number, the occurrence that opens a line (or, in a
    right-to-left line, the last occurrence) is the note; the others are markers."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for match in _MARKER.finditer(text):
        spans.setdefault(match.group(1) or match.group(2), []).append(match.span())
    notes: dict[str, Note] = {}
    references: list[tuple[int, str]] = []
    for number, found in spans.items():
        opening = [s for s in found if not text[text.rfind("\n", 0, s[0]) + 1 : s[0]].strip()]
        note = opening[-1] if opening else found[-1] if len(found) >= 2 else None
        if note is not None:
            line = text.rfind("\n", 0, note[0]) + 1
            stop = _NOTE_END.search(text, note[1])
            end = stop.start() if stop else len(text)
            notes[number] = Note(number, line, end)
        references += [(s[0], number) for s in found if s != note]
    # Notes listed a line each, with no blank line between ("[^1]: ...\n[^2]: ..."): a note
    # ends where the next one opens.
    openings = sorted(each.start for each in notes.values())
    for number, each in notes.items():
        following = bisect.bisect_right(openings, each.start)
        if following < len(openings) and openings[following] < each.end:
            notes[number] = Note(number, each.start, text.rfind("\n", 0, openings[following]))
    _bracketed_notes(text, notes, references)
    references.sort()
    return Notes(notes, references)


# "... was never ratified.[3]" with "3. KelmPress, 8 November 2023." (or "[3] ...") in a list of
# notes or references: a bracketed number, not a link's text ("[3](url)").
_BRACKET_MARKER = re.compile(r"\[(\d{1,3})\](?!\()")
_NUMBERED_LINE = re.compile(r"(?m)^[ \t]*(?:\[(\d{1,3})\]|(\d{1,3})\.)[ \t]+(?=\S)")


def _bracketed_notes(text: str, notes: dict[str, Note], references: list[tuple[int, str]]) -> None:
    """Add the notes that bracketed markers cite, each the numbered line of a list after
    the first marker of its number."""
    markers: dict[str, list[int]] = {}
    for match in _BRACKET_MARKER.finditer(text):
        if text[text.rfind("\n", 0, match.start()) + 1 : match.start()].strip():
            markers.setdefault(match.group(1), []).append(match.start())
    if not markers:
        return
    lines: dict[str, tuple[int, int]] = {}
    for match in _NUMBERED_LINE.finditer(text):
        number = match.group(1) or match.group(2)
        if number in markers and match.start() > markers[number][0]:
            end = text.find("\n", match.end())
            lines[number] = (match.start(), len(text) if end == -1 else end)
    for number, (start, end) in lines.items():
        if number in notes:
            continue  # a note the other markers already found
        notes[number] = Note(number, start, end)
        references += [(at, number) for at in markers[number] if at < start]


def note_hops(
    table: EntityTable, note: Note, language: str, script: str | None = None
) -> list[Hop]:
    """The hops a note's source makes, nearest the citing text first: a translator when the
    source is in another language or script, then the outlet, news agency, web site or
    social-media channel the note names."""
    text = table.text
    body = _MARKER.sub(" ", text[note.start : note.end])
    hops: list[Hop] = []
    foreign = _foreign(body, language, script if script is not None else _script_of(text))
    if foreign:
        written = f"unnamed translator (the text gives the words in its own language; {foreign})"
        hops.append(Hop("translator", None, written, Mark("footnote-foreign-source", 0.5)))
    source = _source(table, note)
    if source is not None:
        hops.append(source)
    return hops


def apply_notes(
    table: EntityTable, assertions: list[Assertion], language: str, voice: str | None
) -> None:
    """Put the hops of the note each assertion cites before the assertion's own hops."""
    notes = find_notes(table.text)
    if not notes.references:
        return
    script = _script_of(table.text)  # once per text, not once per note
    for assertion in assertions:
        if assertion.speaker.ref == voice:
            continue  # the text's own words citing a source are no relay
        cited = notes.cited_by(table.text, assertion.start, assertion.end)
        if cited is None:
            continue
        note, confidence = cited
        # The sentence may say more of a medium than its note: "told DTV in an interview"
        # makes DTV the interviewer where the note only names it.
        own_roles = {hop.agent: hop.role for hop in assertion.relay if hop.agent}
        head = [
            Hop(
                own_roles.get(hop.agent, hop.role) if hop.agent else hop.role,
                hop.agent,
                hop.agent_as_written,
                Mark(hop.mark.rule, confidence),
            )
            for hop in note_hops(table, note, language, script)
        ]
        agents = {hop.agent for hop in head if hop.agent}
        rest = [hop for hop in assertion.relay if not (hop.agent and hop.agent in agents)]
        assertion.relay = [*head, *rest]


def _source(table: EntityTable, note: Note) -> Hop | None:
    """The first medium a note names: a social-media channel, a known or named outlet or
    agency, else a web site by its address."""
    text = table.text
    mark = Mark("footnote-source", 0.5)
    platform = _SOCIAL_WORDS.search(text, note.start, note.end)
    for match in _DOMAIN.finditer(text, note.start, note.end):
        host = match.group("host").lower()
        if host in _SOCIAL_HOSTS:
            return _social(table, _SOCIAL_HOSTS[host], mark)
    if platform is not None:
        owner = platform_owner(table, platform.end(), note.end)
        if owner is not None:
            return Hop("social-media", owner, None, mark)
        return _social(table, platform.group(1), mark)
    for start in table.starts_between(note.start, note.end):
        name = table.name_starting_at(start)
        if name is None or name[1] > note.end:
            continue
        ref = name[2]
        kind = table.gazetteer.kinds.get(ref) if ref else _kind_in_note(text, note, *name[:2])
        if kind in _MEDIA_KINDS:
            ref = ref or table.ref_of(name[0], name[1], "footnote-source", kind)
            return Hop(_role(kind), ref, None, mark)
    for match in _DOMAIN.finditer(text, note.start, note.end):
        host = match.group("host")
        if host.rsplit(".", 1)[-1].lower() in _NOT_HOSTS or not re.search(r"[a-z]", host):
            continue
        ref = table.gazetteer.lookup(host) or table.ref_of(
            match.start("host"), match.end("host"), "footnote-website", "media-outlet"
        )
        kind = table.gazetteer.kinds.get(ref)
        return Hop(_role(kind), ref, None, mark)
    return _cited_work(table, note)


def _kind_in_note(text: str, note: Note, start: int, end: int) -> str | None:
    """The media kind a note gives an unknown name: by a media word in it ("Sky News Agency"),
    a media noun after it ("«Vesti» newspaper", "Fjord TV") or before it ("an interview on X",
    "the weekly X")."""
    kind = org_kind(text[start:end])
    if kind in _MEDIA_KINDS:
        return kind
    after = _MEDIA_AFTER.match(text, end, note.end)
    if after is not None:
        return "news-agency" if after.group(1).lower().startswith("agenc") else "media-outlet"
    if _MEDIA_BEFORE.search(text, max(note.start, start - 40), start):
        return "media-outlet"
    return None


def _cited_work(table: EntityTable, note: Note) -> Hop | None:
    """A note that names no medium cites a work by whoever opens it: "A. Author, *Title*,
    Place, Year" or "Organisation (ACR), date" (a name, then a comma, colon or parenthesis)."""
    text = table.text
    body = _MARKER.match(text, note.start)
    at = body.end() if body else note.start
    while at < note.end and text[at] in ' \t*_"“«':
        at += 1
    name = table.name_starting_at(at)
    if name is None or not re.match(r"\s*[,:(]", text[name[1] : name[1] + 3]):
        return None
    start, end, ref = name
    ref = ref or table.ref_of(start, end, "footnote-author")
    return Hop("cited-work", ref, None, Mark("footnote-cited-work", 0.4))


def _social(table: EntityTable, platform: str, mark: Mark) -> Hop:
    ref = table.gazetteer.lookup(platform)
    return Hop("social-media", ref, None if ref else platform, mark)


def _role(kind: str | None) -> str:
    return "news-agency" if kind == "news-agency" else "outlet"


def _script_of(text: str) -> str:
    """The script most letters of ``text`` are written in ("LATIN", "CYRILLIC", ...)."""
    counts = Counter(_script(c) for c in text[:20000] if c.isalpha())
    return counts.most_common(1)[0][0] if counts else "LATIN"


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


def _foreign(body: str, language: str, script: str) -> str | None:
    """Why a note's source reads as another language than the text, or None: letters of
    another script, or, in an English text, ordinary (lower-case) words with letters that
    English does not write."""
    plain = _DOMAIN.sub(" ", body)
    scripts = Counter(_script(c) for c in plain if c.isalpha())
    scripts.pop(script, None)
    if scripts:
        other, count = scripts.most_common(1)[0]
        if count >= 3:
            return f"its source is written in {other.title()} script"
    if language == "en":
        # Names keep their own spelling in any language: only lower-case words count.
        words = [w for w in re.findall(r"[^\W\d_]+", plain) if w[0].islower() and not w.isascii()]
        if len(words) >= 2:
            return "its source is in a language other than English"
    return None
