"""The head of a document: who wrote it, for which outlet, when, under which title.

Publications present themselves in a handful of ways, whatever their subject: front matter in a
Markdown file, a masthead line with the outlet's name, a byline ("By X", "Compiled by X for Y",
"Parliament correspondent X", "Presenter: X"), a line with the outlet and the date ("The Daily
X, 9 November 2026"), a journal's citation line ("Journal of X, vol. 14 (2027)"), a wire
dateline with the agency in brackets ("CITY, date (Agency) -"), a credit line at the end
("(Reporting by X; editing by Y)"). Each cue here is one of those conventions; none is shaped
on a particular document.
"""

from __future__ import annotations

import email.parser
import email.policy
import email.utils
import itertools
import re
from dataclasses import dataclass, field

import yaml

from provkb.draft.candidates import guess, org_kind
from provkb.draft.dates import absolute_dates
from provkb.draft.metadata import MARKUP, REPORT_KINDS
from provkb.draft.text import AUTHOR_CREDIT, Segment, blank_emphasis, paragraphs

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
# A capitalised word of a name; particles (van, de, al-, Ó) may stand between its words.
_WORD = rf"[{_UPPER}][\w’'.\-]*"
_PARTICLE = (
    r"(?:van|von|der|den|de|del|della|di|da|dos|du|la|le|al|el|bin|ibn|ter|y|e|of|the|for|and)"
)
_NAME = rf"{_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_WORD}){{0,5}}"
_NAME_PARTICLE = r"(?:van|von|der|den|de|del|della|di|da|dos|du|la|le|al|el|bin|ibn|ter|y)"
_PERSON = rf"{_WORD}(?:\s+(?:{_NAME_PARTICLE}\s+)*{_WORD}){{1,4}}"

# What a byline line starts with, or the participle that puts a name in a credit mid-line.
_BY_LEAD = re.compile(
    r"^(?:By|BY|Written by|Words by|Text by|Story by|Report(?:ed|ing)? by|Von|Par|Por|Door|"
    r"Av|Autor(?:in)?|Auteur|Author|Byline)\s*:?\s+"
)
_BY_CREDIT = re.compile(rf"\b{AUTHOR_CREDIT}\s+")
_LABELLED = re.compile(
    r"^(?:Presenter|Host|Moderator|Anchor|Interview|Interviewer|Interviewed by|Reporter|Author|"
    r"Writer|Byline|"
    r"Correspondent|Editor)"
    r"\s*:\s*"
)
_ROLE_WORDS = re.compile(
    r"(?i)\b(?:correspondent|reporter|editor|writer|columnist|contributor|staff|desk|bureau|"
    r"analyst|journalist)\b"
)
_ROLE_BEFORE = re.compile(
    rf"^(?:[\w-]+\s+){{0,3}}(?i:correspondent|reporter|columnist|writer|editor|journalist)\s+"
    rf"(?P<name>{_PERSON})\s*$"
)
_ROLE_AFTER = re.compile(
    rf"^(?P<name>{_PERSON}),\s+(?:[\w-]+\s+){{0,3}}"
    r"(?i:correspondent|reporter|columnist|staff writer|writer|editor|journalist)\b"
)
_TAIL_CREDIT = re.compile(
    rf"\((?:Reporting|Reported|Writing|Written) by (?P<name>{_PERSON})[;,)]"
    # a credit alone on the last lines: "Interview by X", "Text by X."
    rf"|^[*_]*{AUTHOR_CREDIT} "
    rf"(?P<alone>{_PERSON})[*_]*\.?[*_]*$",
    re.MULTILINE,
)
# After a byline's names: the outlet it was written for, or a separator before the outlet.
_FOR_OUTLET = re.compile(rf"^\s*(?:for|in|für|pour|para)\s+(?P<name>(?:the\s+)?{_NAME})")
_SEPARATOR_OUTLET = re.compile(rf"\s[·|•]\s+(?P<name>{_NAME})\s*$")
# CITY, Region, date (Agency) - ... : a wire's dateline names its agency in brackets.
_DATELINE_AGENCY = re.compile(
    rf"^[{_UPPER}][^\n()/]{{1,90}}?(?:\((?P<name>{_NAME})\)\s*[-–—:]"
    # "Sevran, 14 March 2026 /Ardav-Info/.": the agency between slashes
    rf"|/(?P<slashed>{_NAME})/\s*[-–—:.])"
)
# "The Riverside Chronicle, 9 November 2026" or "Journal of X, vol. 14, no. 2 (2027)".
_OUTLET_LINE = re.compile(rf"^(?P<name>(?:The\s+)?{_NAME}),\s+(?P<rest>.+)$")
_CITATION_REST = re.compile(r"(?i)^(?:vol\.|volume|no\.|issue|pp?\.|nr\.|cilt|sayı|том|№)")
# A masthead or a title's first segment: "Radio X – "Programme" – transcript".
_SEGMENT = re.compile(r"\s+[–—|]\s+|\s+-\s+")
# Lines that are labels of what a document is, never its title.
_LABEL = re.compile(
    r"(?i)^(?:(?:press|news|media) release|for immediate release\b.*|embargoed\b.*|"
    r"(?:research|original|review) article|araştırma makalesi\b.*|"
    r"transcript(?:\s+(?:of|translated|from|by)\b.*)?|"
    r"(?:breaking|exclusive|opinion|analysis|interview|update|live blog|live)s?|"
    rf"(?:petition|open letter|statement|declaration|appeal|communiqu[ée]|{REPORT_KINDS})|"
    r"(?:(?:press|news|media) release|statement|release|communiqu[ée]|note|decision|resolution|"
    rf"bulletin|report|brief|paper|{REPORT_KINDS})\s+(?:no\.?|nr\.?|№|#)\s*\S+)$"
)
# A number a document gives itself ("No. 9/2026", "Issue 4/2026"): no date.
_NUMBER_YEAR = re.compile(r"\d{1,3}\s*/\s*((?:19|20)\d\d)\b")
_NUMBERED = re.compile(r"(?i)\b(?:no\.?|nr\.?|№|#|issue|vol\.?|volume)\s*\d")
# What a newsroom adds to its name in a credit: "Nordwest Today live team".
_STAFF = re.compile(r"(?i)\s+(?:live\s+)?(?:team|desk|staff|newsroom|bureau|reporters?)$")
_SEPARATORS = re.compile(r"\s+[·|•]\s+")
_WHOLLY_QUOTED = re.compile(r"[\"“«„]\s*([^\"”»“]+?)\s*[\"”»“]")
# Labels of a transcript's participants, never its title: "Guests: X; Y".
_PARTICIPANTS = re.compile(
    r"(?i)^(?:guests?|panel(?:ists)?|participants|moderator|presenter|host|speakers?)\s*:"
)
# A part of a head line that credits someone: "by X", "compiled by X", "Updates by X".
_PART_CREDIT = re.compile(r"(?i)^(?:(?:[a-z]+\s+){0,2}by|von|par|por|door)\s+")
# A person's name alone on a line, perhaps with a note after a full stop or a comma.
_NAME_LINE_NOTE = re.compile(
    rf"({_PERSON})(?:[.,;]\s+(?i:translated|translation|photos?|edited|illustrations?)\b.*)?"
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)---[ \t]*\n", re.DOTALL)
_HEAD_PARAGRAPHS = 8
_HEAD_LINE_MAX = 240
_CREDIT_LINE = 100  # characters a credit line holds at most ("By X", "Outlet, date")


@dataclass
class Masthead:
    """What a document's head says about it; spans are in the text."""

    title: str | None = None
    authors: list[tuple[int, int]] = field(default_factory=list)
    author_rule: str = ""
    outlet: tuple[int, int] | None = None
    outlet_rule: str = ""
    date: str | None = None
    date_rule: str = ""


def read_masthead(text: str) -> Masthead:
    """The title, authors, outlet and date the document's head (and its credit line) gives."""
    found = Masthead()
    front = _front_matter(text, found) or _mail_headers(text, found)
    # Blocks by the marks as written (a bold title over two lines); every cue reads the text
    # with its emphasis marks blanked ("**Outlet** · date"), offsets unchanged.
    blocks = _blocks(text, front)[:_HEAD_PARAGRAPHS]
    text = blank_emphasis(text)
    head = [(p, _bare(text, p)) for p in blocks]
    lines = [(line, bare) for line, bare in head if len(bare) <= _HEAD_LINE_MAX]
    after_byline = False
    _letterhead(text, lines, found)
    for line, bare in _credit_lines(text, head):
        if _dateline(text, line, bare, found):
            continue
        if len(bare) > _HEAD_LINE_MAX:
            after_byline = False
            continue
        had = bool(found.authors)
        if not _segmented(text, line, bare, found):
            _byline(text, line, bare, found)
            _outlet_line(text, line, bare, found, after_byline)
            dates = absolute_dates(text, line.start, line.end)
            if (
                found.date is None
                and dates
                and sum(d.end - d.start for d in dates) * 2 >= len(bare)
            ):
                _date_on(text, line.start, line.end, found, "date-line")  # "Friday, 10 April 2026"
        after_byline = not had and bool(found.authors)
    _from_source_line(text, lines, found)
    _masthead_segment(text, lines, found)
    _research_name_line(text, lines, found)
    _name_line_under_title(text, lines, found)
    if not found.authors:
        for paragraph in paragraphs(text)[-4:]:
            if match := _TAIL_CREDIT.search(text, paragraph.start, paragraph.end):
                found.authors.append(match.span("name" if match.group("name") else "alone"))
                found.author_rule = "credit-line"
                break
    if found.title is None:
        found.title = _title(text, lines, found)
    return found


def _credit_lines(text: str, head: list[tuple[Segment, str]]) -> list[tuple[Segment, str]]:
    """The head's lines where credits may stand: each block of one line, and the lines of a
    block of short lines ("By Ana Berg" over "Harbour Weekly, 3 May 2026" with no blank line
    between); a title over several lines (a long or a marked-up block) gives none."""
    found = []
    for block, bare in head:
        written = block.of(text)
        if "\n" not in written:
            found.append((block, bare))
            continue
        rows = written.split("\n")
        if written.lstrip().startswith(("**", "__", "#")) or max(map(len, rows)) > _CREDIT_LINE:
            continue
        at = block.start
        for row in rows:
            line = Segment(at, at + len(row))
            at += len(row) + 1
            if row.strip():
                found.append((line, _bare(text, line)))
    return found


def _bare(text: str, paragraph: Segment) -> str:
    return re.sub(r"\s*\n\s*", " ", MARKUP.sub("", paragraph.of(text)))


def _blocks(text: str, start: int) -> list[Segment]:
    """The paragraphs from ``start``, a line joined to the next where Markdown does: a bold
    span left open ("**A title over" / "two lines**") or a hard line break (two spaces)."""
    blocks: list[Segment] = []
    joining = False
    for line in paragraphs(text):
        if line.start < start:
            continue
        # "APPEAL" over "of the World Congress to ...": a title's next line that goes on in
        # lower case (right under it) is the same title.
        continues = (
            bool(blocks)
            and text[line.start].islower()
            and (text.count("\n", blocks[-1].end, line.start) == 1)
        )
        if (joining or continues) and blocks:
            blocks[-1] = Segment(blocks[-1].start, line.end)
        else:
            blocks.append(line)
        written = text[blocks[-1].start : line.end]
        raw_end = text.find("\n", line.end)
        hard_break = text[line.end : raw_end if raw_end >= 0 else len(text)].startswith("  ")
        open_bold = written.lstrip().startswith("**") and written.count("**") % 2 == 1
        joining = open_bold or (hard_break and len(written) < _HEAD_LINE_MAX)
    return blocks


def _offset(text: str, paragraph: Segment, bare: str) -> int:
    """Where the markup-stripped line starts in the text."""
    return paragraph.start + paragraph.of(text).find(bare)


def _front_matter(text: str, found: Masthead) -> int:
    """Read a Markdown front matter block (YAML between "---" lines); where the body starts."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return 0
    try:
        fields = yaml.safe_load(match.group("body"))
    except yaml.YAMLError:
        return match.end()
    if not isinstance(fields, dict):
        return match.end()
    fields = {str(k).lower(): v for k, v in fields.items()}

    def span_of(value: object) -> tuple[int, int] | None:
        written = str(value).strip()
        at = text.find(written, match.start("body"), match.end("body"))
        return (at, at + len(written)) if written and at >= 0 else None

    if isinstance(title := fields.get("title"), str) and title.strip():
        found.title = title.strip()
    authors = next((fields[k] for k in ("author", "authors", "byline") if k in fields), None)
    for author in authors if isinstance(authors, list) else [authors] if authors else []:
        if span := span_of(author):
            found.authors.append(span)
            found.author_rule = "front-matter"
    outlet_keys = ("outlet", "publisher", "publication", "site", "source")
    outlet = next((fields[k] for k in outlet_keys if k in fields), None)
    if outlet and (span := span_of(outlet)):
        found.outlet, found.outlet_rule = span, "front-matter"
    date = fields.get("date") or fields.get("published")
    if date:
        written = str(date).strip()
        if re.fullmatch(r"\d{4}(?:-\d{2}){0,2}", written):
            found.date, found.date_rule = written, "front-matter"  # "2026-04" as written
        elif dates := absolute_dates(written):
            found.date, found.date_rule = dates[0].value, "front-matter"
    return match.end()


# A saved e-mail: header lines ("From: ...", "Subject: ...") up to the first blank line.
_MAIL_HEADERS = re.compile(r"\A(?:[A-Za-z][\w-]*:[ \t][^\n]*\n(?:[ \t]+[^\n]*\n)*)+")


def _mail_headers(text: str, found: Masthead) -> int:
    """Read an e-mail's headers (a newsletter saved as text) with the standard library's
    parser: the subject is the title, the sender's display name the outlet, the Date header
    the date; where the body starts (0 when the text opens with no such headers)."""
    block = _MAIL_HEADERS.match(text)
    if block is None:
        return 0
    headers = email.parser.HeaderParser(policy=email.policy.default).parsestr(block.group())
    if not headers.get("From") or not (headers.get("Subject") or headers.get("Date")):
        return 0
    if subject := str(headers.get("Subject") or "").strip():
        found.title = " ".join(subject.split())
    sender = email.utils.parseaddr(str(headers.get("From")))[0].strip()
    at = text.find(sender, 0, block.end()) if sender else -1
    if at >= 0:
        found.outlet, found.outlet_rule = (at, at + len(sender)), "mail-from"
    try:
        sent = email.utils.parsedate_to_datetime(str(headers.get("Date") or ""))
    except (TypeError, ValueError):
        sent = None
    if sent is not None:
        found.date, found.date_rule = sent.date().isoformat(), "mail-date"
    return block.end()


def _names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The names of a byline's list ("A, B and C"), leaving out roles ("Courts Correspondent")."""
    spans = []
    for match in re.finditer(rf"(?:{_PERSON}|{_WORD})", text[start:end]):
        written = match.group()
        if _ROLE_WORDS.search(written) or written in ("and", "und", "et"):
            continue
        spans.append((start + match.start(), start + match.end()))
    return spans


def _byline(text: str, paragraph: Segment, bare: str, found: Masthead) -> None:
    """Authors (and an outlet written after them) on one head line."""
    if found.authors and found.author_rule != "front-matter":
        return
    at = _offset(text, paragraph, bare)
    lead = _BY_LEAD.match(bare) or _LABELLED.match(bare) or _BY_CREDIT.search(bare)
    if lead:
        names = re.match(
            rf"(?P<list>{_PERSON}(?:\s*(?:,|&|\band\b|\bund\b|\bet\b)\s*{_PERSON})*)",
            bare[lead.end() :],
        )
        if not names:
            return
        list_start = at + lead.end()
        spans = _names(text, list_start, list_start + names.end("list"))
        if spans and not found.authors:
            found.authors, found.author_rule = spans, "byline"
        rest_at = list_start + names.end("list")
        rest = text[rest_at : at + len(bare)]
        outlet = _FOR_OUTLET.match(rest) or _SEPARATOR_OUTLET.search(rest)
        if outlet and found.outlet is None:
            found.outlet = (rest_at + outlet.start("name"), rest_at + outlet.end("name"))
            found.outlet_rule = "byline-outlet"
        _date_on(text, rest_at, at + len(bare), found, "byline-date")
        return
    for pattern, rule in ((_ROLE_BEFORE, "byline-role"), (_ROLE_AFTER, "byline-role")):
        match = pattern.match(bare)
        if match and not found.authors:
            found.authors = [(at + match.start("name"), at + match.end("name"))]
            found.author_rule = rule
            return


def _segmented(text: str, paragraph: Segment, bare: str, found: Masthead) -> bool:
    """A head line of parts between separators ("Outlet · Interview · 3 May 2026 · by X"):
    a part that credits someone ("by X", "compiled by X", "Updates by X") gives the authors,
    a date the date, and a name the outlet (the first part, a medium's name, or the part
    after a byline); whether the line was one."""
    cuts = [m.span() for m in _SEPARATORS.finditer(bare)]
    if not cuts:
        return False
    at = _offset(text, paragraph, bare)
    bounds = [0, *(x for span in cuts for x in span), len(bare)]
    parts = list(zip(bounds[::2], bounds[1::2], strict=True))
    # "Ana Berg · Analysis · Centre for Border Studies · 3 April 2026": when a later part is an
    # organisation, a first part that is a person's name is the author, not the outlet.
    # A part's name without what follows it: a section ("Lissa Forum / Voices"), the staff
    # ("Nordwest Today live team").
    parts = [(lo, lo + len(_part_name(bare[lo:hi]))) for lo, hi in parts]
    organisations = [
        (at + lo, at + hi)
        for lo, hi in parts[1:]
        if re.fullmatch(rf"(?:The\s+)?{_NAME}", bare[lo:hi])
        and len(bare[lo:hi].split()) > 1
        and guess(text, at + lo, at + hi).kind == "org"
    ]
    first = bare[parts[0][0] : parts[0][1]]
    if (
        organisations
        and not found.authors
        and not _PART_CREDIT.match(first)
        and re.fullmatch(_PERSON, first)
        and guess(text, at, at + len(first)).kind == "person"
    ):
        found.authors, found.author_rule = [(at, at + len(first))], "byline-part"
        found.outlet, found.outlet_rule = organisations[0], "masthead-part"
        parts = parts[1:]
    credited = False
    issue_year = None
    for index, (lo, hi) in enumerate(parts):
        part = bare[lo:hi]
        start = at + lo
        lead = _PART_CREDIT.match(part)
        if lead:
            names = re.match(_PERSON, part[lead.end() :])
            if names and not found.authors:
                name_at = start + lead.end()
                found.authors = [(name_at + names.start(), name_at + names.end())]
                found.author_rule = "byline-part"
            credited = True
            _date_on(text, start, at + hi, found, "byline-part")
            continue
        if _NUMBERED.search(part) or _LABEL.match(part):
            # "Policy Brief No. 9/2026", "Issue 4/2026": a number, not a date; its year is
            # the publication's when the line gives no date.
            if (year := _NUMBER_YEAR.search(part)) and found.date is None:
                issue_year = year.group(1)
            continue
        if absolute_dates(text, start, at + hi):
            _date_on(text, start, at + hi, found, "date-part")
            continue
        name = re.fullmatch(rf"(?:The\s+)?{_NAME}", part)
        first_or_medium = index == 0 or credited or _is_media_name(text, start, at + hi)
        if name and found.outlet is None and not _LABEL.match(part) and first_or_medium:
            found.outlet, found.outlet_rule = (start, at + hi), "masthead-part"
        credited = False
    if found.date is None and issue_year:
        found.date, found.date_rule = issue_year, "issue-year"
    return True


def _part_name(part: str) -> str:
    """A head line's part without a section after a slash or the staff after the name."""
    return _STAFF.sub("", part.split(" / ")[0].rstrip())


# "From Regiopedia, the free encyclopedia": a reference work's line under the title.
_FROM_SOURCE = re.compile(rf"^From\s+(?P<name>{_NAME})(?:,|\s+[—–-]|$)")


def _from_source_line(text: str, lines: list[tuple[Segment, str]], found: Masthead) -> None:
    if found.outlet is not None:
        return
    for paragraph, bare in lines[:4]:
        if match := _FROM_SOURCE.match(bare):
            at = _offset(text, paragraph, bare)
            found.outlet = (at + match.start("name"), at + match.end("name"))
            found.outlet_rule = "from-source"
            return


# A title that says what the document is: "COMMUNIQUÉ OF THE X", "Statement by Y".
_DOCUMENT_TYPE = re.compile(
    r"(?i)^(?:joint\s+)?(?:communiqu[ée]|statement|declaration|appeal|resolution|open letter|"
    r"petition|press release|report)\b"
)


def _letterhead(text: str, lines: list[tuple[Segment, str]], found: Masthead) -> None:
    """An organisation's name in capitals over the first line ("MINISTRY OF X OF Y"): the
    letterhead of whoever issues the document."""
    if not lines or found.outlet is not None:
        return
    paragraph, bare = lines[0]
    bare = _SEPARATORS.split(bare)[0]  # "CENTRE FOR X · VIENNA": the name, not the city
    words = bare.split()
    if (
        len(words) >= 2
        and bare.upper() == bare
        and not _LABEL.match(bare)
        and not _DOCUMENT_TYPE.match(bare)
        and re.search(r"[^\W\d_]{3}", bare)
    ):
        at = _offset(text, paragraph, bare)
        if guess(text, at, at + len(bare)).kind == "org" and org_kind(bare):
            found.outlet, found.outlet_rule = (at, at + len(bare)), "letterhead"


def _name_line_under_title(text: str, lines: list[tuple[Segment, str]], found: Masthead) -> None:
    """A line that is a person's name under the title, perhaps with a note after it ("Anna
    Berg. Translated from the Swedish by ..."): the byline of a translated or reprinted text."""
    if found.authors:
        return
    titled = False
    for paragraph, bare in lines[:6]:
        name = _NAME_LINE_NOTE.fullmatch(bare)
        if titled and name and not _ROLE_WORDS.search(name.group(1)):
            at = _offset(text, paragraph, bare)
            if guess(text, at + name.start(1), at + name.end(1)).kind == "person":
                found.authors = [(at + name.start(1), at + name.end(1))]
                found.author_rule = "name-under-title"
            return
        if len(bare.split()) >= 3 and re.search(r"[^\W\d_]{3}", bare) and not bare.startswith("!["):
            titled = True


def _dateline(text: str, paragraph: Segment, bare: str, found: Masthead) -> bool:
    """A wire's dateline at the head of a paragraph, its agency in brackets: "CITY, date
    (Agency) - ..."; whether there was one."""
    at = _offset(text, paragraph, bare)
    dateline = _DATELINE_AGENCY.match(bare)
    group = "slashed" if dateline and dateline.group("slashed") else "name"
    if not dateline or absolute_dates(dateline.group(group)):
        return False
    name_start, name_end = at + dateline.start(group), at + dateline.end(group)
    if not _is_media_name(text, name_start, name_end) and not (
        absolute_dates(dateline.group()[: dateline.start(group)])
    ):
        # "Someone (Something) - ...": a dateline has a date or an agency ("KTV 1 (Kaldenia)"
        # has neither: a channel's number is no date).
        return False
    if found.outlet is None:
        found.outlet, found.outlet_rule = (name_start, name_end), "dateline-agency"
    _date_on(text, at, name_start, found, "dateline")
    return True


def _outlet_line(
    text: str, paragraph: Segment, bare: str, found: Masthead, after_byline: bool
) -> None:
    """An outlet named on a head line: "Outlet, date" (a media name, or any name on the line
    under a byline), a citation line ("Journal of X, vol. 14 (2027)")."""
    at = _offset(text, paragraph, bare)
    line = _OUTLET_LINE.match(bare)
    alone = re.fullmatch(rf"(?:The\s+)?{_NAME}", bare)
    if not line and alone and after_byline and found.outlet is None and not absolute_dates(bare):
        # "By Ada Berg" over "Duzabad Courier": the paper the byline writes for.
        if guess(text, at, at + len(bare)).kind != "person" or _is_media_name(
            text, at, at + len(bare)
        ):
            found.outlet, found.outlet_rule = (at, at + len(bare)), "outlet-under-byline"
        return
    if not line:
        return
    rest = line.group("rest")
    rest_at = at + line.start("rest")
    citation = _CITATION_REST.match(rest)
    dated = absolute_dates(text, rest_at, at + len(bare))
    whole_date = dated and not re.sub(r"[\W\d_]*", "", _strip_dates(rest, dated, rest_at))
    name_start, name_end = at + line.start("name"), at + line.end("name")
    dated_outlet = whole_date and (after_byline or _is_media_name(text, name_start, name_end))
    if not (citation or dated_outlet):
        return  # "Lusaka, 3 June 2026" is a place and a date
    if not line.group("name").startswith("The ") and guess(text, name_start, name_end).kind == (
        "person"
    ):
        return  # "Jane Doe, 3 May 2026": a signature, not an outlet
    if found.outlet is None:
        found.outlet = (at + line.start("name"), at + line.end("name"))
        found.outlet_rule = "citation-line" if citation else "outlet-date-line"
    _date_on(text, rest_at, at + len(bare), found, "outlet-line")


def _strip_dates(rest: str, dates: list, rest_at: int) -> str:
    for date in reversed(dates):
        rest = rest[: date.start - rest_at] + rest[date.end - rest_at :]
    return rest


def _date_on(text: str, start: int, end: int, found: Masthead, rule: str) -> None:
    if found.date is not None:
        return
    for date in absolute_dates(text, start, end):
        if not date.value.startswith("--"):
            found.date, found.date_rule = date.value, rule
            return


def _is_media_name(text: str, start: int, end: int) -> bool:
    return guess(text, start, end).org_kind in ("media-outlet", "news-agency")


def _masthead_segment(text: str, lines: list[tuple[Segment, str]], found: Masthead) -> None:
    """The first head line names the outlet when it (or its first segment, before a dash or a
    bar) is a short media name: "Eurasia News Online", "Radio X – "Programme" – transcript"."""
    if found.outlet is not None or not lines:
        return
    paragraph, bare = lines[0]
    segments = _SEGMENT.split(bare)
    # "KTV 1 (Kaldenia)": where the channel broadcasts is no part of its name.
    first = re.sub(r"\s*\([^()]*\)$", "", segments[0])
    if _LABEL.match(first):
        return  # "PRESS RELEASE" says what the document is, not who publishes it
    at = _offset(text, paragraph, bare)
    name = re.fullmatch(rf"(?:The\s+)?{_NAME}", first)
    channel = re.fullmatch(rf"{_NAME}\s+\d{{1,3}}", first)  # "KTV 1", "Channel 4"
    if (
        (name or channel)
        and len(first.split()) <= 5
        and (channel or _is_media_name(text, at, at + len(first)))
    ):
        found.outlet, found.outlet_rule = (at, at + len(first)), "masthead"
        if first == bare and len(lines) > 1:
            found.title = _title(text, lines[1:], found)


def _research_name_line(text: str, lines: list[tuple[Segment, str]], found: Masthead) -> None:
    """A line that is only a person's name, just before a citation or outlet line: an article's
    author under its title."""
    if found.authors:
        return
    for (paragraph, bare), (_, after) in itertools.pairwise(lines):
        name = re.fullmatch(rf"({_PERSON})\s*(?:\\?\*+|\d)?", bare)
        if not name or _ROLE_WORDS.search(bare):
            continue
        following = _OUTLET_LINE.match(after)
        if following and _CITATION_REST.match(following.group("rest")):
            at = _offset(text, paragraph, bare)
            found.authors = [(at + name.start(1), at + name.end(1))]
            found.author_rule = "name-over-citation"
            return


def _title(text: str, lines: list[tuple[Segment, str]], found: Masthead) -> str | None:
    """The first head line that is a headline: not a label ("PRESS RELEASE"), a byline, the
    outlet's masthead or a date line."""
    credits = [*found.authors, *([found.outlet] if found.outlet else [])]
    for paragraph, bare in lines:
        if not (3 <= len(bare) <= 250) or not re.search(r"[^\W\d_]{2}", bare):
            continue
        if bare.startswith("![") or _LABEL.match(bare) or _BY_LEAD.match(bare):
            continue
        if _LABELLED.match(bare) or _ROLE_BEFORE.match(bare) or _ROLE_AFTER.match(bare):
            continue
        if _PARTICIPANTS.match(bare):
            continue  # a transcript's cast
        if _BY_CREDIT.search(bare) or _DATELINE_AGENCY.match(bare):
            continue
        if re.fullmatch(_NAME, bare) and len(bare.split()) <= 4 and org_kind(bare):
            continue  # "Press Service" under a letterhead: a department, not a headline
        credited = sum(e - s for s, e in credits if paragraph.start <= s and e <= paragraph.end)
        if credited * 2 >= len(bare):
            continue  # the outlet's masthead, a line of names
        dated = absolute_dates(text, paragraph.start, paragraph.end)
        if _SEPARATORS.search(bare) and (credited or _NUMBERED.search(bare) or dated):
            continue  # "REVIEW · Issue 4/2026 · Conversations": a masthead's parts
        if quoted := _WHOLLY_QUOTED.fullmatch(bare):
            bare = quoted.group(1)  # a headline that quotes: the words, without the marks
        bare = " ".join(bare.split())
        dates = absolute_dates(text, paragraph.start, paragraph.end)
        if dates and sum(d.end - d.start for d in dates) * 2 >= len(bare):
            continue
        return bare
    return None
