"""``provkb coverage``: how completely each document is annotated.

Per document: the share of sentences that an assertion or an event covers, and what looks left
out: capitalised names and acronyms that no mention covers, quoted passages that no assertion
covers, dates that no event covers, footnote markers with no citation. Text a person reviewed and
listed under ``ignored:`` (with a reason) is explained, so a complete document reaches zero
unexplained items. The detectors are deliberately simple and err towards listing too much: an
item is either annotated or explicitly ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from provkb.annotations.document import AnnotatedDocument
from provkb.annotations.spans import Span

# Capitalised words that start or join ordinary sentences; never names on their own.
_FUNCTION_WORDS = frozenset(
    """A About According After Again Against All Also Although Among An And Another Any As At
    Because Before Both But By Consequently Currently Dear Despite During Each Either Even Every
    Firstly For From Furthermore Given He Her Here His How However I If In It Its Let Many Moreover
    Most Mr Mrs Ms My Neither No Not Now Of On Once One Only Or Our Over Secondly She Similarly
    Since So Some Such That The Their Then There Therefore These They This Those Though Through
    Throughout Thus To Today Two Under Unlike Until We What When Whether Which While Who Why With
    Within Without Yet You Your""".split()
)
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH = "|".join(_MONTHS)
_DATE_PATTERNS = (
    rf"\b(?:{_MONTH})\s+\d{{1,2}}(?:\s*[-\u2013]\s*\d{{1,2}})?(?:,\s*\d{{4}})?",  # March 25, 2023
    rf"\b\d{{1,2}}\s+(?:{_MONTH})(?:\s+\d{{4}})?",  # 25 March 2023
    r"\b\d{1,2}\.\d{1,2}\.\d{4}\b",  # 27.11.1991
    r"\b\d{4}-\d{2}-\d{2}\b",  # 2020-10-05
    r"\b(?:1[5-9]\d\d|20\d\d)s?\b",  # 1925, 1980s
)
_DATE = re.compile("|".join(f"(?:{p})" for p in _DATE_PATTERNS))
_OPENERS = "\"\u201c\u00ab(*#'\u2018"  # quotation marks and markup that may open a sentence
_WORD = re.compile(r"[^\W\d_][\w\u2019'\-]*")
_FOOTNOTE = re.compile(r"<sup>(\d+)</sup>")
_QUOTED = re.compile(r"“([^“”]{3,}?)”|\"([^\"\n]{3,}?)\"|«([^«»]{3,}?)»|„([^„“]{3,}?)“")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"»)]*\s+(?=[\"“«(]*[^\W\d_])")


@dataclass(frozen=True, order=True)
class Item:
    """Something that looks un-annotated."""

    kind: str  # name | quote | date | footnote
    start: int
    end: int
    text: str
    line: int


@dataclass
class DocumentCoverage:
    """Coverage figures and unexplained items of one document."""

    slug: str
    sentences: int = 0
    covered: int = 0
    ignored: int = 0
    items: list[Item] = field(default_factory=list)
    # Drafted items (``provkb add``) whose draft: mark a person has not removed yet.
    to_review: list[Item] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Covered sentences over sentences that are not ignored."""
        relevant = self.sentences - self.ignored
        return self.covered / relevant if relevant else 1.0


def sentences(text: str) -> list[Span]:
    """Sentence spans: lines split at sentence-ending punctuation; lines without letters skipped."""
    result = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _SENTENCE_END.finditer(line):
            result.append(Span(offset + start, offset + match.start()))
            start = match.end()
        result.append(Span(offset + start, offset + len(line)))
        offset += len(line) + 1
    return [s for s in result if any(c.isalpha() for c in text[s.start : s.end])]


class _Intervals:
    """Fast enough overlap tests for a document's few thousand spans."""

    def __init__(self, spans: list[Span]):
        self.spans = sorted(spans)

    def overlaps(self, span: Span) -> bool:
        return any(s.overlaps(span) for s in self.spans if s.start < span.end)

    def contains(self, span: Span) -> bool:
        return any(
            s.start <= span.start and span.end <= s.end for s in self.spans if s.start <= span.start
        )


def _drafts_to_review(
    doc: AnnotatedDocument, report: DocumentCoverage, line: Callable[[int], int]
) -> None:
    """List the unreviewed drafts: each assertion and event, each drafted name once."""
    text = doc.text

    def add(kind: str, span: Span, note: str) -> None:
        words = " ".join(text[span.start : span.end].split())
        words = words if len(words) <= 80 else words[:79] + "…"
        report.to_review.append(
            Item(kind, span.start, span.end, f"{words} ({note})", line(span.start))
        )

    names: set[tuple[str, str]] = set()
    for mention in doc.mentions:
        written = text[mention.span.start : mention.span.end]
        if mention.draft and (written, mention.refers_to) not in names:
            names.add((written, mention.refers_to))
            add("draft mention", mention.span, f"{mention.refers_to}, rule {mention.draft.rule}")
    for event in doc.events:
        if event.draft and event.span:
            add("draft event", event.span, f"{event.ref}, rule {event.draft.rule}")
    for assertion in doc.assertions:
        mark = assertion.draft
        if mark:
            guess = ", speaker guessed" if mark.speaker_guess else ""
            note = f"speaker {assertion.speaker}{guess}, rule {mark.rule}, {mark.confidence}"
            add("draft assertion", assertion.span, note)
    report.to_review.sort()


def document_coverage(doc: AnnotatedDocument) -> DocumentCoverage:
    """Measure one document."""
    text = doc.text
    claims = [a.span for a in doc.assertions] + [e.span for e in doc.events if e.span]
    covered = _Intervals(claims)
    ignored = _Intervals([s for i in doc.ignored for s in i.spans])
    mentions = _Intervals([m.span for m in doc.mentions])
    citations = _Intervals([c.span for c in doc.citations])
    events = _Intervals([e.span for e in doc.events if e.span])
    asserted = _Intervals([a.span for a in doc.assertions])
    report = DocumentCoverage(doc.slug)
    for sentence in sentences(text):
        report.sentences += 1
        if covered.overlaps(sentence):
            report.covered += 1
        elif ignored.contains(sentence) or citations.contains(sentence):
            # Only a sentence ignored as a whole leaves the count (ignoring a word does not).
            report.ignored += 1

    def line(start: int) -> int:
        return text.count("\n", 0, start) + 1

    def unexplained(kind: str, span: Span, *annotated: _Intervals) -> None:
        if ignored.contains(span) or any(a.overlaps(span) for a in annotated):
            return
        report.items.append(
            Item(kind, span.start, span.end, text[span.start : span.end], line(span.start))
        )

    _drafts_to_review(doc, report, line)
    for span in _names(text):
        unexplained("name", span, mentions)
    for match in _QUOTED.finditer(text):
        group = next(g for g in range(1, 5) if match.group(g))
        span = Span(match.start(group), match.end(group))
        if len(text[span.start : span.end].split()) >= 3:
            unexplained("quote", span, asserted, citations, events)
    for match in _DATE.finditer(text):
        unexplained("date", Span(match.start(), match.end()), events, citations)
    cited = {c.footnote for c in doc.citations if c.footnote is not None}
    for match in _FOOTNOTE.finditer(text):
        if int(match.group(1)) not in cited:
            unexplained("footnote", Span(match.start(), match.end()))
    report.items.sort()
    return report


def _names(text: str) -> list[Span]:
    """Runs of capitalised words and acronyms, except a lone word that starts a sentence."""
    starts = {s.start for s in sentences(text)}
    runs: list[list[re.Match]] = []
    for match in _WORD.finditer(text):
        word = match.group()
        if not word[0].isupper() or word in _MONTHS:
            continue
        previous = runs[-1][-1] if runs else None
        if previous and text[previous.end() : match.start()] == " ":
            runs[-1].append(match)
        else:
            runs.append([match])
    spans = []
    for run in runs:
        while run and _base(run[0].group()) in _FUNCTION_WORDS:
            run = run[1:]
        if not run:
            continue
        first = run[0]
        lone_sentence_start = len(run) == 1 and _sentence_initial(text, first.start(), starts)
        acronym = len(run) == 1 and first.group().isupper() and len(first.group()) > 1
        if lone_sentence_start and not acronym:
            continue
        spans.append(Span(first.start(), run[-1].end()))
    return spans


def _base(word: str) -> str:
    """A word without a trailing contraction or possessive (That’s → That)."""
    return re.sub(r"['\u2019]\w*$", "", word)


def _sentence_initial(text: str, start: int, starts: set[int]) -> bool:
    """Whether only opening punctuation stands between a sentence start and ``start``."""
    at = start
    while at > 0 and text[at - 1] in _OPENERS:
        at -= 1
    return at in starts or at == 0 or text[at - 1] == "\n"
