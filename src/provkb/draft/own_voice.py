"""The own voice of a letter, a petition, a statement or a press release.

In these genres the document's words *are* the assertions: each claim sentence of the body is
a direct assertion of whoever signs or issues it. What is no claim is left out: the salutation
and the closing formula, the signature block, headings, datelines, contact lines and the
release's markers ("For immediate release", "###"). The speaker is, for a letter, its signatory
(or, for a sentence in "we", the organisation the letter speaks for); for a release, a
statement or a petition, the issuing organisation: the one its "About X" section, its signature
block or an "on behalf of X" names, else the page's outlet, else the document's author voice.
Enclosures after a letter's signature are the signatory organisation's, sent by the signatory
(an intermediary hop). Every such speaker is
inferred, so it is flagged as a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from provkb.draft import metadata, titled
from provkb.draft.candidates import guess
from provkb.draft.entities import EntityTable
from provkb.draft.model import Assertion, Hop, Mark, Speaker
from provkb.draft.speech import kind_of_words
from provkb.draft.text import Segment, paragraphs, sentences

ISSUER_GENRES = ("open-letter", "press-release", "statement", "petition")
_MIN_WORDS = 5  # shorter body lines are headings, list labels or formulas
_HEADING_WORDS = 15  # a line of at most this many words with no end punctuation is a heading
_SIGNATURE_WORDS = 10  # a signature line: a name, a role, an organisation, a place
# Cues that name the organisation a document speaks for.
_BEHALF = (
    re.compile(r"\b(?i:on behalf of)\s+(?:the\s+)?"),
    re.compile(r"\bWe,\s+(?:the\s+)?(?:undersigned\s+)?(?:members\s+of\s+(?:the\s+)?)?"),
    re.compile(r"\b(?i:spokes(?:man|woman|person) of|member of|head of)\s+(?:the\s+)?"),
)
_KIN = re.compile(
    r"(?i)\b(?:sister|brother|father|mother|wife|husband|son|daughter|widow|widower|parent|"
    r"cousin|uncle|aunt|grand(?:father|mother|son|daughter)|relative|fianc[ée]e?)\s+of\b"
)
_ABOUT = re.compile(r"[#*_\s]*(?i:about)\s+(?:(?i:the)\s+)?(?=[A-Z])")
_SALUTATION = re.compile(r"[*_\s]*(?:Dear|To)\s+\S")
_MARKER = re.compile(
    r"(?i)^[#*_\s]*(?:for immediate release|(?:press|news|media) release|embargoed|#{3}|-\s*30\s*-|"
    r"-?\s*ends\s*-?|notes? (?:to|for) editors)\b|^[#*_\s]*#{3}\s*$"
)
_CONTACT = re.compile(
    r"(?i)@|https?://|www\.|\+?\d[\d ().\-]{7,}\d"
    r"|^[#*_\s]*(?:media |press )?(?:contacts?|enquiries|inquiries|phone|tel|e-?mail|website|"
    r"for more information)\b"
)
# "OSLO, 5 May 2026 — " or "BERGEN (June 3, 2026) – ": where and when, before the first claim.
_DATELINE = re.compile(  # used with match() at a paragraph's start, so no "^"
    r"[*_]*[A-ZÀ-Ž][\w.'’ ,()]{1,60}?\d[\w.'’ ,()]{0,20}?(?:\s*/[^/\n]{1,40}/)?\s*"
    r"(?:[—–]{1,2}|--|-)\s+"
    r"|[A-Z]{3,}[A-Z ,.]*(?:\s*/[^/\n]{1,40}/)?\s*(?:[—–]{1,2}|--|-)\s+"
)
# The subject of a release's first sentence: "The X today announced", "X (XY) launched".
_LEDE_SUBJECT = re.compile(
    r"(?:The )?(?P<name>[A-Z][\w&.\-]*(?: (?:(?:of|for|the|and) )*[A-Z][\w&.\-]*){0,5})"
    r"(?: \([^)\n]{1,20}\))?,? (?:today |on \w+ |yesterday |this week )?[a-z]+(?:ed|s)\b"
)
# A signatory's role before an organisation: "chair of the X", "spokesperson for X".
_AFFILIATION = re.compile(r"\b(?:of|for|at)\s+(?:the\s+)?$")
# "Statement by the X on ...", "Petition of X": the issuer in the title.
_TITLE_BY = re.compile(
    r"(?i:statement|declaration|communiqu[ée]|petition|appeal|letter)\s+(?i:by|of|from)\s+"
    r"(?:(?i:the)\s+)?"
)
# "We, the undersigned residents of X, ...": the signatories as a group.
_UNDERSIGNED = re.compile(r"\b(?i:we),?\s+(?i:the)\s+((?i:undersigned)\b[^,.;:\n]{0,80})")
_PLURAL = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Voice:
    """Who the body speaks for: the signatory (or author voice) and the issuing organisation."""

    author: str
    organisation: str | None
    organisation_rule: str


def issuer(table: EntityTable, genre: str, publisher: str | None) -> tuple[str | None, str]:
    """The organisation a document is issued by, and the cue that names it.

    By its "About X" section; for a press release, then the subject of its first sentence
    ("The X today announced"); then its signature block, "on behalf of X" (or "We, X,",
    "spokesman of X"), its title ("Statement by X"), "We, the undersigned X", the page's outlet.
    """
    text = table.text
    paras = paragraphs(text)
    for paragraph in paras:
        match = _ABOUT.match(text, paragraph.start, paragraph.end)
        if match and (ref := _about(table, match.end(), paragraph.end)):
            return ref, "about-section"
    if genre == "press-release":
        for paragraph in paras[1:6]:
            if not _is_claim_line(paragraph.of(text)):
                continue
            match = _LEDE_SUBJECT.match(text, _claim_start(text, paragraph), paragraph.end)
            if match:
                name = table.name_starting_at(match.start("name"))
                start, end = name[:2] if name else match.span("name")
                ref = (name[2] if name else None) or table.ref_of(start, end, "release-lede", "org")
                if ref.startswith(("org/", "collective/")):
                    return ref, "release-lede"
                break
    # "We, the X Congress, appeal ...": the letter names the body it speaks as, whoever signs.
    for match in _BEHALF[1].finditer(text, 0, min(len(text), 3000)):
        if ref := _organisation_at(table, match.end(), "we-the"):
            return ref, "we-the"
    closed = False
    for paragraph in paras:
        line = paragraph.of(text).strip("*_#\\ ")
        closed = closed or bool(metadata.CLOSING.match(line))
        signed_for = metadata.SIGNED_FOR.match(line) if closed else None
        if signed_for:
            # "Respectfully, / On behalf of the X Committee: / names": X signs; "For the Board
            # of X": the board signs for X.
            at = text.index(signed_for.group(1), paragraph.start)
            organ = metadata.ORGAN_OF.match(text, at)
            if organ:
                # The organisation's name where the text first writes it whole.
                at = text.find(text[organ.end() : at + len(signed_for.group(1))])
            if ref := _organisation_at(table, at, "signed-on-behalf-of"):
                return ref, "signed-on-behalf-of"
    for paragraph in _signature_block(text, paras):
        for at in table.starts_between(paragraph.start, paragraph.end):
            if _KIN.search(text, paragraph.start, at):
                continue  # "Ida Berg, sister of Tomas Berg": a relative, not an organisation
            name = table.name_starting_at(at)
            affiliation = _AFFILIATION.search(text, paragraph.start, at)
            if name is None or (
                name[2] is None and not affiliation and guess(text, name[0], name[1]).kind != "org"
            ):
                continue  # a signatory's or a contact's own name, no organisation
            if ref := _organisation_at(table, at, "signature-block"):
                return ref, "signature-block"
    for pattern in _BEHALF:
        for match in pattern.finditer(text):
            if ref := _organisation_at(table, match.end(), "on-behalf-of"):
                return ref, "on-behalf-of"
    for paragraph in paras[:2]:
        match = _TITLE_BY.search(text, paragraph.start, paragraph.end)
        if match and paragraph.of(text).isupper():
            # "COMMUNIQUÉ OF THE PARLIAMENTARY GROUP OF THE X PARTY": the body the text names
            # (the party its group speaks for), as the running text writes it.
            ref, _past = titled.owner_named(table, match.end(), paragraph.end, "title-by")
            return ref, "title-by"
        if match and (ref := _organisation_at(table, match.end(), "title-by")):
            return ref, "title-by"
    if match := _UNDERSIGNED.search(text):
        return table.collective(match.start(1), match.end(1), "we-the-undersigned"), "undersigned"
    if publisher:
        return publisher, "page-outlet"
    return None, ""


def _about(table: EntityTable, start: int, end: int) -> str | None:
    """The organisation an "About X" heading names: the heading's rest is its name; an
    acronym is the organisation whose long form the text writes before it ("Long Form (LF)")."""
    text = table.text
    while end > start and text[end - 1] in "*_#:. ":
        end -= 1
    written = text[start:end]
    if not written or len(written.split()) > _SIGNATURE_WORDS:
        return None
    if re.fullmatch(r"[A-Z]{2,8}", written):
        expansion = re.search(
            r"(?<![\w\-])(?:The\s+)?([A-Z][\w\-]*(?:\s+(?:(?:of|for|the|and|de)\s+)*[A-Z][\w\-]*)*)\s*\(\s*"
            + written
            + r"\s*\)",
            text,
        )
        if expansion:
            start, end = expansion.span(1)
    ref = table.ref_of(start, end, "about-section", "org")
    return ref if ref.startswith(("org/", "collective/")) else None


def _claim_start(text: str, paragraph: Segment) -> int:
    """Where a paragraph's words start, after a dateline ("OSLO, 5 May 2026 — ")."""
    match = _DATELINE.match(text, paragraph.start, paragraph.end)
    return match.end() if match else paragraph.start


def body(
    table: EntityTable,
    genre: str,
    drafted: list[Assertion],
    quoted: bytearray,
    author: Callable[[], str],
    organisation: tuple[str | None, str],
    signatory: str | None = None,
) -> list[Assertion]:
    """The body's claim sentences as direct assertions of the document's signatory or issuer.

    Args:
        table: the document's entities.
        genre: one of :data:`ISSUER_GENRES`.
        drafted: what other rules drafted; a sentence they hold is theirs.
        quoted: 1 where quotation marks or quoted words are (someone else's words).
        author: the document's author voice, proposed when first needed.
        organisation: the issuer and its cue (:func:`issuer`).
        signatory: the person who signs a letter (its byline), if the text names one.
    """
    text = table.text
    taken = bytearray(quoted)
    for assertion in drafted:
        taken[assertion.start : assertion.end] = b"\x01" * (assertion.end - assertion.start)
    org, org_rule = organisation
    result = []
    for paragraph, part in _body_paragraphs(text, genre):
        for sentence in sentences(text, paragraph):
            words = text[sentence.start : sentence.end]
            if len(words.split()) < _MIN_WORDS or taken.find(1, sentence.start, sentence.end) != -1:
                continue
            if genre == "open-letter" and part == "letter":
                # The signatory writes the letter; "we" speaks for the organisation.
                if org and (_PLURAL.search(words) or signatory is None):
                    speaker = Speaker(org, f"letter-we->{org_rule}", True)
                else:
                    speaker = Speaker(signatory or author(), "letter-signatory", True)
                mark = Mark("letter-body", 0.4)
            elif org:
                speaker = Speaker(org, f"{genre}-issuer:{org_rule}", True)
                mark = Mark(f"{genre}-body" if part != "enclosure" else "letter-enclosure", 0.4)
            else:
                speaker = Speaker(author(), f"{genre}-issuer:document-voice", True)
                mark = Mark(f"{genre}-body", 0.35)
            assertion = Assertion(sentence.start, sentence.end, "direct",
                                  kind_of_words(words, "claim"), speaker, mark)  # fmt: skip
            if part == "enclosure" and signatory and speaker.ref != signatory:
                # The signatory sends the organisation's enclosure: a hop between them.
                hop_mark = Mark("letter-enclosure-signatory", 0.4)
                assertion.relay = [Hop("intermediary", signatory, None, hop_mark)]
            result.append(assertion)
    return result


def _organisation_at(
    table: EntityTable, at: int, rule: str, hint: str | None = "org"
) -> str | None:
    """The organisation or group whose name starts at ``at``; ``hint`` when the words around
    it say it is an organisation (no hint where a person's name may stand)."""
    name = table.name_starting_at(at)
    if name is None:
        return None
    start, end, ref = name
    ref = ref or table.ref_of(start, end, rule, hint)
    return ref if ref.startswith(("org/", "collective/")) else None


def _is_claim_line(line: str) -> bool:
    """Whether a body line can hold a claim: no heading, marker, contact or dateline alone."""
    bare = line.strip("*_#> ")
    if not bare or _MARKER.match(line) or _CONTACT.search(line):
        return False
    if len(bare.split()) <= _HEADING_WORDS and not re.search(r"[.!?;:”\"»]$", bare):
        return False
    return not metadata.CLOSING.match(bare) and not metadata.SIGNED_FOR.match(bare)


def _signature_block(text: str, paras: list[Segment]) -> list[Segment]:
    """The short lines after the closing formula ("Sincerely,"): names, roles, organisations;
    with no closing formula, the short lines that end the document."""
    block: list[Segment] = []
    if not any(metadata.CLOSING.match(p.of(text).strip("*_#\\ ")) for p in paras):
        for paragraph in reversed(paras):
            line = paragraph.of(text).strip("*_#\\ ")
            if _CONTACT.match(line):
                block = []  # the lines after a contact heading are the contact's, no signature
                continue
            if _MARKER.match(line) or _CONTACT.search(line):
                continue
            if len(line.split()) > _SIGNATURE_WORDS or re.search(r"[.!?:;]$", line):
                break
            block.insert(0, paragraph)
        return block
    closing = False
    for paragraph in paras:
        line = paragraph.of(text).strip("*_#\\ ")
        if metadata.CLOSING.match(line):
            closing = True
        elif closing:
            if len(line.split()) > _HEADING_WORDS or re.search(r"[.!?]$", line):
                break
            if ":" not in line:  # "Attachment: ...", "Contact: ..." head what follows
                block.append(paragraph)
    return block


def _body_paragraphs(text: str, genre: str) -> list[tuple[Segment, str]]:
    """The paragraphs whose sentences may be claims, each with its part: "letter" (between a
    letter's salutation and its closing), "enclosure" (after a letter's signature) or "body"."""
    paras = paragraphs(text)
    found: list[tuple[Segment, str]] = []
    part = "body" if genre != "open-letter" else "before"
    if genre == "open-letter" and not any(_SALUTATION.match(p.of(text)) for p in paras):
        part = "letter"  # an open letter that names no addressee: its body follows the title
    signed = False
    for index, paragraph in enumerate(paras):
        line = paragraph.of(text)
        bare = line.strip("*_ ")
        if index == 0 and part != "before":
            continue  # the title
        if _SALUTATION.match(line) and part in ("before", "body"):
            part = "letter" if genre == "open-letter" else part
            continue
        if metadata.CLOSING.match(bare):
            signed = True
            continue
        if signed and not _is_claim_line(line):
            continue
        if signed:
            part = "enclosure" if genre == "open-letter" else "after"
        if part in ("before", "after") or not _is_claim_line(line):
            continue
        found.append((Segment(_claim_start(text, paragraph), paragraph.end), part))
    return found
