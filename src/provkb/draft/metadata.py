"""Metadata the text gives: title, byline, outlet, date line, language, genre."""

from __future__ import annotations

import re
from collections import Counter

from provkb.draft.dates import absolute_dates
from provkb.draft.footnotes import find_notes
from provkb.draft.quotes import find_quotes
from provkb.draft.text import Segment, paragraphs
from provkb.draft.turns import has_turns

_STOPWORDS = {
    "en": "the and of to in that is was for with on said as by he it are from this".split(),
    "tr": "ve bir bu için ile da de olarak daha çok gibi olan ama en ne".split(),
    "az": "və bir bu üçün ilə da də olaraq daha çox kimi olan amma ən nə".split(),
    "de": "der die das und ist nicht mit sich auf für den dem ein eine zu".split(),
    "fr": "le la les et des est une pour dans qui que du sur pas au".split(),
    "es": "el la los las y de que en un una por con para es del".split(),
    "ru": "и в не на что с по как это он она его к из".split(),
}
_BYLINE = re.compile(
    r"^\s*(?:By|BY|Von|Par|Por)\s+([A-ZÀ-Ž][\w.’'\-]+(?:\s+[A-ZÀ-Ž][\w.’'\-]+){0,3}"
    r"(?:\s*(?:,|and|&)\s*[A-ZÀ-Ž][\w.’'\-]+(?:\s+[A-ZÀ-Ž][\w.’'\-]+){0,3})*)\s*$"
)
# Genres whose author passes on, as a citing author, what the others in the text said.
CITING_GENRES = frozenset({"research-article", "report"})
# Markdown and table marks around a line ("## Title", "**By X**", "Name\\*").
MARKUP = re.compile(r"^[#>*_|\s]+|[*_|\s\\]+$")


def language(text: str) -> str:
    """The language whose common words the text uses most (ISO 639-1); "en" when unsure."""
    words = Counter(re.findall(r"\w+", text[:20000].lower()))
    scores = {lang: sum(words[w] for w in stop) for lang, stop in _STOPWORDS.items()}
    best = max(sorted(scores), key=lambda lang: scores[lang])
    return best if scores[best] > 0 else "en"


def title(text: str, page_title: str | None) -> str:
    """The page's title, else the first line of the text that reads like a headline."""
    if page_title:
        return page_title
    for paragraph in paragraphs(text)[:8]:
        line = MARKUP.sub("", paragraph.of(text))
        if 3 <= len(line) <= 250 and re.search(r"[^\W\d_]{2}", line) and not line.startswith("!["):
            return line
    return "Untitled document"


# A line that is only a person's name, perhaps with a footnote star: a research article's byline.
_NAME_LINE = re.compile(r"^([A-ZÀ-Ž][\w’'\-]+(?:\s+[A-ZÀ-Ž][\w’'\-]+){1,3})\s*(?:\\?\*+|\d)?$")


# A signature line: a name, then its role after a comma ("Jane Doe, chair of X").
_SIGNED = re.compile(r"^([A-ZÀ-Ž][\w’'\-]+(?:\s+[A-ZÀ-Ž][\w’'\-]+){1,3}),\s+\S")

# A signature line that names whom the signatories sign for: "On behalf of the X:".
SIGNED_FOR = re.compile(
    r"(?i:(?:signed\s+)?on behalf of|for and on behalf of|for|signed\s+by\s+(?:all\s+)?(?:the\s+)?"
    r"(?:member\s+)?(?:organi[sz]ations|members|groups|associations)\s+of)\s+(?:the\s+)?"
    r"([A-ZÀ-Ž][^\n:;,.]{2,120}?)\s*[:,.]?$"
)

# A governing body that signs for its organisation: "the Board of X", "the Executive Committee of".
ORGAN_OF = re.compile(
    r"(?:(?:Executive|Central|Governing|Coordinating|Steering)\s+)?(?:Board(?:\s+of\s+Directors)?|"
    r"Committee|Presidium|Bureau|Secretariat|Council|Leadership)\s+of\s+(?:the\s+)?(?=[A-ZÀ-Ž])"
    # ... only when what follows is itself an organisation ("Committee of Families of X" is one).
    r"(?=[^\n]*\b(?:Association|Union|Party|Movement|Congress|Federation|League|Front|Society|"
    r"Organi[sz]ation|Alliance|Foundation|Institute|Network|Coalition|Cent(?:re|er)|Council)\b)"
)

CLOSING = re.compile(
    r"^(?:(?:Most |Yours |Very |With )?(?:respectfully|sincerely|faithfully|truly|regards|best "
    r"regards|kind regards|warm regards|yours|respect|gratitude|thanks)(?: yours)?"
    r"|in solidarity|signed|signed by|signatories|the signatories|signatures|signed,? the "
    r"undersigned)[,.:]?$",
    re.IGNORECASE,
)


def byline(text: str, page_author: str | None, genre: str = "news-report") -> list[str]:
    """Authors as the text writes them: the page's author, a "By ..." line near the top, or, in
    a research article, a line near the top that is only a name."""
    if page_author:
        return [a.strip() for a in re.split(r";|\s+and\s+", page_author) if a.strip()]
    head = paragraphs(text)[:12]
    for paragraph in head:
        match = _BYLINE.match(MARKUP.sub("", paragraph.of(text)))
        if match:
            return [a.strip() for a in re.split(r",|\s+and\s+|&", match.group(1)) if a.strip()]
    if genre == "open-letter":
        # A letter is signed: a line that is only a name, after the closing formula.
        closing = False
        for paragraph in paragraphs(text):
            line = paragraph.of(text).strip("*_#\\ ")
            if CLOSING.match(line):
                closing = True
            elif closing and (behalf := SIGNED_FOR.match(line)):
                # "On behalf of the X Committee:" over the names: the committee writes; "For
                # the Board of X": X does.
                return [ORGAN_OF.sub("", behalf.group(1), count=1)]
            elif closing and (match := _NAME_LINE.match(line) or _SIGNED.match(line)):
                return [match.group(1)]
    if genre in CITING_GENRES:
        for paragraph in head:
            line = paragraph.of(text).strip("*_#\\ ")
            match = _NAME_LINE.match(line)
            if match and not re.search(r"(?i)article|makale|abstract|journal", line):
                return [match.group(1)]
    return []


def date_line(text: str, page_date: str | None) -> str | None:
    """The publication date: the page's, else the first full date in the first lines."""
    if page_date and re.fullmatch(r"\d{4}(-\d{2}){0,2}", page_date):
        return page_date
    head = paragraphs(text)[:6]
    for paragraph in head:
        for found in absolute_dates(text, paragraph.start, paragraph.end):
            if not found.value.startswith("--") and len(found.value) == 10:
                return found.value
    return None


# What an analytical paper calls itself in its head: "Policy Brief No. 9/2026", "Country report",
# "Working Paper 14". A news "special report" is no such paper.
# The kinds of paper an analyst or a monitoring group publishes ("Policy Brief", "Country
# report"): masthead.py reads them as labels, never titles.
REPORT_KINDS = (
    r"(?:(?:policy|briefing|working|discussion|research|position|occasional|white)\s+"
    r"(?:brief|paper)s?|(?:country|annual|research|monitoring|situation|thematic|shadow)\s+report)"
)
_REPORT_HEAD = re.compile(
    # at the line's start or after a separator ("Watch · Country report · 2 October")
    r"(?i)(?:^|[·|•–—:]\s*)"
    rf"(?:{REPORT_KINDS}\b|(?:report|brief|paper)\s+(?:no\.|number|nr\.?)\s*\d"
    # "Report of 30 October 2026 (excerpt ...)": a report dated in its own head
    r"|report\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4})"
)
_HEAD_LINE_WORDS = 15
_ANALYSIS_PART = re.compile(
    r"(?i)(?:^|[·|•–—]\s*)(?:analysis|commentary|policy analysis|explainer)\s*(?:$|[·|•–—])"
)


def _short(text: str, paragraph: Segment) -> bool:
    return len(paragraph.of(text).split()) <= _HEAD_LINE_WORDS


def genre(text: str) -> str:
    """open-letter (a salutation), research-article (abstract and references), report (a
    paper that calls itself a policy brief, a working paper, a country report), press-release,
    petition or statement (their own cues, :func:`_issuer_genre`), interview (an interview in
    the first paragraphs, or a question-and-answer layout), else news-report."""
    head = paragraphs(text)[:6]
    issued = _issuer_genre(text)
    if issued == "press-release":
        return issued
    if any(_SALUTATION.match(p.of(text)) for p in head):
        return "open-letter"
    lines = {MARKUP.sub("", p.of(text)).lower() for p in paragraphs(text)}
    if "abstract" in lines and lines & {"references", "bibliography", "kaynakça", "literature"}:
        return "research-article"
    heads = [MARKUP.sub("", p.of(text)) for p in head[:4] if _short(text, p)]
    if any(_REPORT_HEAD.search(line) for line in heads):
        return "report"
    if any(_ANALYSIS_PART.search(line) for line in heads) and find_notes(text).by_number:
        # "Jonas Verhallen · Analysis · Centre for X": an analyst's paper with numbered notes
        # cites as a report does (a newspaper's "analysis" kicker has no notes).
        return "report"
    if issued:
        return issued
    if has_turns(text):
        return "interview"
    if any(re.search(r"\binterview\b", p.of(text), re.IGNORECASE) for p in head[:4]):
        return "interview"
    return "news-report"


# A letter's salutation ("Dear X", "To the Mayor"), or its title saying it is one.
_SALUTATION = re.compile(
    r"[*_\s]*(?:Dear\s+(?:[A-Z]|members\b|colleagues\b)|To\s+(?:the\s+)?[A-Z]"
    r"|#*\s*(?:An?\s+)?[Oo]pen [Ll]etter\b)"
)
# A press release says so, at its head or its end; a petition and a statement by their title
# or their first words.
_RELEASE = re.compile(
    r"(?im)^[#*_\s]*(?:for immediate release|(?:press|news|media) release|embargoed until)"
    # "PRESS RELEASE No. 214/2026", "Press release – 3 May"
    r"[*_]*(?:\s*(?:[:|\-–—,/]|\b(?:no\.?|nr\.?|№|#))\s*[^\n]{0,40})?[*_\s]*$"
)
_RELEASE_END = re.compile(
    r"(?im)^[#*_\s]*(?:(?:media|press) (?:contacts?|enquiries|inquiries)\b|notes? to editors\b|"
    r"#{3}\s*$|-\s*30\s*-\s*$|-?ends-?\s*$)"
)
_ABOUT_HEADING = re.compile(r"(?m)^[#*_\s]*About\s+(?:the\s+)?[A-Z][^.!?\n]{0,80}$")
_UNDERSIGNED = re.compile(r"(?i)\bwe,?\s+the\s+undersigned\b")
_PETITION_TITLE = re.compile(r"(?i)^[#*_\s]*(?:an?\s+)?(?:open\s+)?petition\b")
_STATEMENT_TITLE = re.compile(
    r"(?i)^[#*_\s]*(?:joint\s+|public\s+|official\s+|press\s+)?(?:statement|declaration|"
    r"communiqu[ée])\b"
)
_ISSUED_BY = re.compile(
    r"^[#*_\s]*(?i:(?:joint\s+|public\s+|official\s+|press\s+)?(?:statement|declaration|"
    r"communiqu[ée])\s+(?:of|by|from)\s+(?:the\s+)?)[A-Z]"
)
_FIRST_PLURAL = re.compile(r"\b(?:We|we|Our|our)\b")


def _issuer_genre(text: str) -> str | None:
    """press-release ("For immediate release", or an "About X" section with a contact or end
    line), petition ("We, the undersigned"), statement (a title that says so and a body in
    "we"), else None."""
    if _RELEASE.search(text[:3000]) or (_ABOUT_HEADING.search(text) and _RELEASE_END.search(text)):
        return "press-release"
    head = paragraphs(text)[:2]
    if _UNDERSIGNED.search(_unquoted(text[:3000])) or any(
        _PETITION_TITLE.match(p.of(text)) for p in head[:1]
    ):
        return "petition"
    titled = [p for p in paragraphs(text)[:6] if _STATEMENT_TITLE.match(p.of(text))]
    if titled and (
        len(_FIRST_PLURAL.findall(_unquoted(text))) >= 2
        # "Statement of the Ministry ...": a statement that speaks of its issuer in the third
        # person ("The Ministry rejects ...") names it in its title.
        or any(_ISSUED_BY.match(p.of(text)) for p in titled)
    ):
        return "statement"
    return None


def _unquoted(text: str) -> str:
    """The text with its quotations blanked: a report that quotes "we" is not in "we" itself."""
    chars = list(text)
    for quote in find_quotes(text):
        stop = (quote.close_at or quote.end) + 1
        chars[quote.open_at : stop] = " " * (stop - quote.open_at)
    return "".join(chars)
