"""Metadata the text gives: title, byline, outlet, date line, language, genre."""

from __future__ import annotations

import re
from collections import Counter

from provkb.draft.dates import absolute_dates
from provkb.draft.text import paragraphs

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
_MARKUP = re.compile(r"^[#>*_|\s]+|[*_|\s]+$")


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
        line = _MARKUP.sub("", paragraph.of(text))
        if 3 <= len(line) <= 250 and re.search(r"[^\W\d_]{2}", line) and not line.startswith("!["):
            return line
    return "Untitled document"


# A line that is only a person's name, perhaps with a footnote star: a research article's byline.
_NAME_LINE = re.compile(r"^([A-ZÀ-Ž][\w’'\-]+(?:\s+[A-ZÀ-Ž][\w’'\-]+){1,3})\s*(?:\\?\*+|\d)?$")


CLOSING = re.compile(
    r"^(?:Most |Yours |Very |With )?(?:respectfully|sincerely|faithfully|truly|regards|best "
    r"regards|kind regards|yours)[,.]?$",
    re.IGNORECASE,
)


def byline(text: str, page_author: str | None, genre: str = "news-report") -> list[str]:
    """Authors as the text writes them: the page's author, a "By ..." line near the top, or, in
    a research article, a line near the top that is only a name."""
    if page_author:
        return [a.strip() for a in re.split(r";|\s+and\s+", page_author) if a.strip()]
    head = paragraphs(text)[:12]
    for paragraph in head:
        match = _BYLINE.match(_MARKUP.sub("", paragraph.of(text)))
        if match:
            return [a.strip() for a in re.split(r",|\s+and\s+|&", match.group(1)) if a.strip()]
    if genre == "open-letter":
        # A letter is signed: a line that is only a name, after the closing formula.
        closing = False
        for paragraph in paragraphs(text):
            line = paragraph.of(text).strip("*_#\\ ")
            if CLOSING.match(line):
                closing = True
            elif closing and (match := _NAME_LINE.match(line)):
                return [match.group(1)]
    if genre == "research-article":
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


def genre(text: str) -> str:
    """open-letter (a salutation), research-article (abstract and references), interview (an
    interview in the first paragraphs), else news-report."""
    head = paragraphs(text)[:6]
    if any(re.match(r"(?:Dear|To)\s+[A-Z]", p.of(text)) for p in head):
        return "open-letter"
    lines = {_MARKUP.sub("", p.of(text)).lower() for p in paragraphs(text)}
    if "abstract" in lines and lines & {"references", "bibliography", "kaynakça", "literature"}:
        return "research-article"
    if any(re.search(r"\binterview\b", p.of(text), re.IGNORECASE) for p in head[:4]):
        return "interview"
    if _question_answer_layout(text):
        return "interview"
    return "news-report"


# A paragraph that opens a question or an answer: "Q:", "**Question:**", "A.", "Answer -".
_QUESTION = re.compile(r"^[*_\s]*(?:Q|Question)[*_]*\s*[:.\-–—][*_]*\s", re.MULTILINE)
_ANSWER = re.compile(r"^[*_\s]*(?:A|Answer)[*_]*\s*[:.\-–—][*_]*\s", re.MULTILINE)


def _question_answer_layout(text: str) -> bool:
    """Whether the text alternates questions and answers marked at the start of paragraphs
    (two of each at least): the layout of a published interview."""
    return len(_QUESTION.findall(text)) >= 2 and len(_ANSWER.findall(text)) >= 2
