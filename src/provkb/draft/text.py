"""Text helpers shared by the rules: folding with an offset map, paragraphs and sentences."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

# Letters that do not decompose under NFKD but that writers drop or swap for a plain letter.
_PLAIN = str.maketrans(
    {"ı": "i", "ə": "e", "Ə": "e", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l",
     "’": "'", "‘": "'", "ʼ": "'", "`": "'"}
)  # fmt: skip
# Cyrillic letters as Latin ones (a plain transliteration), so that "Иран" folds like "Iran".
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
        strict=True,
    )
)
_PLAIN.update(
    {ord(c): ("" if v == "_" else v) for c, v in _CYRILLIC.items()}
    | {ord(c.upper()): ("" if v == "_" else v) for c, v in _CYRILLIC.items()}
)


@functools.lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character without case and diacritics (may be empty or longer than one)."""
    plain = unicodedata.normalize("NFKD", char.translate(_PLAIN))
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


class _FoldTable(dict):
    """``str.translate`` table that folds each character the first time it is asked for."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """``text`` without case and diacritics: "İlham Əliyev" and "ilham eliyev" fold alike."""
    return text.translate(_FOLD_TABLE)


@dataclass(frozen=True)
class Folded:
    """A folded text and, for each of its characters, the offset of the original character."""

    text: str
    origin: list[int]

    @classmethod
    def of(cls, text: str) -> Folded:
        """Fold ``text`` keeping the way back to the original offsets."""
        pieces = [fold_char(char) for char in text]
        folded = "".join(pieces)
        if len(folded) == len(text):
            # Every character folded to one: the common case, offsets unchanged.
            return cls(folded, list(range(len(text) + 1)))
        origin: list[int] = []
        for index, piece in enumerate(pieces):
            origin.extend([index] * len(piece))
        origin.append(len(text))
        return cls(folded, origin)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span ``start:end``."""
        return self.origin[start], self.origin[end - 1] + 1


@dataclass(frozen=True)
class Segment:
    """A paragraph or a sentence: its offsets in the document text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        """The segment's text."""
        return text[self.start : self.end]


def paragraphs(text: str) -> list[Segment]:
    """Non-empty lines, trimmed: the documents put one paragraph on a line."""
    found = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        if body:
            start = match.start() + lead
            found.append(Segment(start, start + len(body)))
    return found


# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms mx dr prof st no vs etc assoc gen col lt sgt rev jr sr inc ltd co corp dept fig "
    "sen rep gov capt maj hon amb insp supt cmdr adm pres atty fr "
    "e.g i.e u.s u.k u.n jan feb mar apr aug sept sep oct nov dec".split()
)
# The words of a credit that names who wrote or asked ("Interview by X", "Text by X").
AUTHOR_CREDIT = (
    r"(?:Interview(?:ed)?|Questions|Reporting|Reported|Compiled|Written|Posted|Published|Text|"
    r"Words|Story)\s+by"
)
# Footnote markers after a sentence's end: "<sup>16</sup>", "[3]", Markdown's "[^3]".
FOOTNOTE_MARKS = r"(?:<sup>[^<]{1,10}</sup>|\[\^?\d{1,3}\])*"
# End punctuation, closing marks, footnote markers, then a capital.
_BOUNDARY = re.compile(
    r"[.!?…]+[\"”»’)\]]*" + FOOTNOTE_MARKS + r"\s+(?=[\"“«„‘(\[]?\s?[A-ZÀ-ÖØ-ÞĀ-ſ\d-])"
)


def sentences(text: str, segment: Segment) -> list[Segment]:
    """The sentences of one paragraph, by end punctuation followed by a capital."""
    body = segment.of(text)
    found, start = [], 0
    for match in _BOUNDARY.finditer(body):
        if _closes_abbreviation(body[max(start, match.start() - 20) : match.start()]):
            continue
        end = match.end()
        piece = body[start:end].rstrip()
        if piece:
            found.append(Segment(segment.start + start, segment.start + start + len(piece)))
        start = end
    tail = body[start:].rstrip()
    if tail:
        found.append(Segment(segment.start + start, segment.start + start + len(tail)))
    return found


def abbreviation_stop(text: str, at: int) -> bool:
    """Whether the full stop at ``at`` closes an abbreviation ("Dr.", "Sen.") or an initial
    ("J. R. Smith") rather than a sentence."""
    if text[at] != ".":
        return False
    return _closes_abbreviation(text[max(0, at - 20) : at])


# The platform X after its preposition ("in a post on X.") is a name, not an initial.
_PLATFORM_X = re.compile(r"\b(?:on|via)\s+X$")


def _closes_abbreviation(before: str) -> bool:
    """Whether a full stop after ``before`` closes an abbreviation or an initial."""
    words = before.rsplit(None, 1)
    word = words[-1].lower().strip('("“«') if words else ""
    if _PLATFORM_X.search(before):
        return False
    return word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word) is not None


def all_sentences(text: str) -> list[Segment]:
    """Every sentence of the text, paragraph by paragraph."""
    return [s for p in paragraphs(text) for s in sentences(text, p)]


def trim(text: str, start: int, end: int, strip: str = "") -> tuple[int, int]:
    """``start:end`` without white space (and ``strip`` characters) at either end."""
    while start < end and (text[start].isspace() or text[start] in strip):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in strip):
        end -= 1
    return start, end


def slugify(name: str) -> str:
    """A lower-case slug of a name (``a-z0-9`` words joined by ``-``)."""
    words = re.findall(r"[a-z0-9]+", fold(name))
    return "-".join(words)[:60].strip("-") or "unnamed"


# A Markdown emphasis on one line: "*Name*", "**Name**", "_Name_", opened before a non-space
# and closed after one, not inside a word (so "snake_case" and "2*3" stay).
_EMPHASIS = re.compile(r"(?<![\w*_\\])(\*{1,3}|_{1,3})(?=[^\s*_])([^\n]*?[^\s*_\\])\1(?![\w*_])")


def blank_emphasis(text: str) -> str:
    """The text with its Markdown emphasis marks turned into spaces, every offset unchanged:
    "The daily *Der Bote* wrote that" reads as "The daily  Der Bote  wrote that", so the rules
    see the name where it stands; the marks are kept in the stored text."""

    def blank(match: re.Match[str]) -> str:
        marks = " " * len(match.group(1))
        return marks + match.group(2) + marks

    return _EMPHASIS.sub(blank, text)


# A live blog's or a transcript's time stamp opening a paragraph: "15:35 —", "[09:10]",
# "10.45 am:", "UPDATE 14:02 -".
_TIME_LEAD = re.compile(
    r"(?im)^[ \t]*(?:update[ \t]+)?(?:\[\d{1,2}[:.]\d{2}[^\]\n]{0,20}\][ \t]*(?:[—–|:]|-(?=\s))?"
    r"|\d{1,2}[:.]\d{2}(?:[ \t]*(?:am|pm|a\.m\.|p\.m\.))?(?:[ \t]*(?:gmt|utc|cet|local))?"
    r"[ \t]*(?:[—–|:]|-(?=\s)))[ \t]*"
)


def blank_time_leads(text: str) -> str:
    """The text with the time stamps that open paragraphs turned into spaces, every offset
    unchanged, so that "15:35 — The police said ..." starts with its subject."""
    return _TIME_LEAD.sub(lambda match: " " * len(match.group()), text)


# A Markdown list item's bullet at a line's start ("- ", "* ", "+ ", "• "); numbers stay, as
# notes and numbered paragraphs are read by them.
_BULLET = re.compile(r"(?m)^[ \t]*[-*+•](?=[ \t]+\S)")


def blank_bullets(text: str) -> str:
    """The text with its list bullets turned into spaces, every offset unchanged, so that
    "- The ministry said that ..." starts with its subject."""
    return _BULLET.sub(lambda match: " " * len(match.group()), text)


def sentence_at(spans: list[Segment], at: int) -> Segment | None:
    """The sentence of ``spans`` (sorted, as :func:`sentences` gives them paragraph by
    paragraph) that holds ``at``, by bisection; None between sentences."""
    index = bisect.bisect_right(spans, at, key=lambda span: span.start) - 1
    if index >= 0 and spans[index].start <= at < spans[index].end:
        return spans[index]
    return None
