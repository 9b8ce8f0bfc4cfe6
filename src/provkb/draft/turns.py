"""The turns of a question-and-answer interview: who asks, who answers, where each turn is.

A published interview marks its turns in one of a few layouts: a label that opens the
paragraph ("Q:", "A:", "Question:", "**Name:**", "JANE DOE:", "JD:", an outlet's name), or,
with no labels, question paragraphs (ending with "?", often in bold) each followed by the
answer's paragraphs. A label's turns that mostly ask ("?") are the interviewer's; the others
answer. Unlabelled questions count only in a document that calls itself an interview, since a
news report may also hold a paragraph that ends with a question mark.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from provkb.draft.text import AUTHOR_CREDIT, Segment, paragraphs

_QUESTION_LABELS = {
    "q", "question", "interviewer", "int", "host", "presenter", "moderator", "anchor",
}  # fmt: skip
_ANSWER_LABELS = {"a", "answer"}
# Labels before a colon that are no speakers: notes, captions, bylines, contact lines.
_NOT_SPEAKERS = {
    "note", "notes", "update", "updated", "source", "sources", "photo", "photos", "image",
    "caption", "credit", "credits", "editor", "editor's note", "editors' note", "read more",
    "see also", "tags", "tag", "contact", "email", "e-mail", "phone", "tel", "fax", "web",
    "website", "address", "date", "dateline", "location", "subject", "re", "cc", "from", "to",
    "title", "author", "by", "published", "keywords", "summary", "abstract", "warning",
    "disclaimer", "correction", "related", "watch", "listen", "video", "audio", "translation",
}  # fmt: skip
# A speaker label at the start of a paragraph, perhaps in bold ("**Name:**" or "**Name**:"):
# Q/A words (which may also take ".", "-" or a dash) or a name of up to four capitalised words
# or initials (which take a colon).
_LABEL = re.compile(  # used with match() at a paragraph's start, so no "^"
    r"[*_]{0,2}\s*(?:(?P<qa>Q|A|Question|Answer|QUESTION|ANSWER)[*_]{0,2}\s*[:.\-–—]"
    r"|(?P<name>[A-ZÀ-Ž][\w.’'\-]*(?:\s+[A-ZÀ-Ž][\w.’'\-]*){0,3}|[A-Z]{2,4})"
    # a transcript's role after the name: "JANE DOE, MAYOR OF X:", "PROTESTER, holding a sign:"
    r"(?P<role>,\s*[^:：\n]{2,60}?)?[*_]{0,2}\s*[:：])"
    r"[*_]{0,2}\s+(?=\S)"
)
# A transcript's speaker label in capitals ("BOTIR NAZAROV", "PROTESTER").
_CAPITALS = re.compile(r"[^a-zß-ÿ]+")
# A whole paragraph that asks: it ends with "?" (perhaps closed by bold or a quote mark).
_ASKS = re.compile(r"\?[\"”’»)]*[*_]{0,2}\s*$")
_BOLD_PARAGRAPH = re.compile(r"^(?:\*\*|__).+(?:\*\*|__)$")
# Lines after an interview that are no answer: an editor's note, a credit, an "about" section.
_AFTERWORD = re.compile(
    r"(?i)^[*_(\[]*(?:this interview (?:has been|was)|the interview (?:has been|was)|interview "
    r"(?:has been |was )?(?:edited|condensed)|edited for|about the (?:author|interviewee)|"
    rf"translated by|©|copyright|{AUTHOR_CREDIT}\b|photos? by\b)"
)
_MIN_LABELLED_TURNS = 2  # turns of a label, at least, for it to be a speaker label
# Bold questions a text needs, each over its answer, to be read as an interview with no other
# cue: one or two bold questions are an essay's subheadings.
_MIN_BOLD_QUESTIONS = 3


@dataclass(frozen=True)
class Turn:
    """One turn of an interview: its words (after any label), who speaks, and how we know."""

    start: int
    end: int
    role: str  # "question" | "answer"
    label: str | None  # the speaker label as written ("A", "Jane Doe", "JD"); None if unlabelled
    label_start: int | None = None


def find_turns(text: str, called_interview: bool) -> list[Turn]:
    """The question and answer turns of ``text``, in order; [] when it has no interview layout.

    Args:
        text: the document's text.
        called_interview: whether the document names itself an interview (its title or lede);
            only then are unlabelled question paragraphs taken as an interviewer's turns.
    """
    paras = paragraphs(text)
    turns = _labelled_turns(text, paras)
    if not turns:
        turns = _unlabelled_turns(text, paras, bold_only=not called_interview)
    return turns


def has_turns(text: str) -> bool:
    """Whether the text has a question-and-answer layout that needs no other cue: labelled
    turns, or questions set in bold paragraphs, each followed by its answer."""
    paras = paragraphs(text)
    return bool(_labelled_turns(text, paras) or _unlabelled_turns(text, paras, bold_only=True))


def _labelled_turns(text: str, paras: list[Segment]) -> list[Turn]:
    opened: list[tuple[int, str, int, int]] = []  # paragraph index, label, label start, words
    for index, paragraph in enumerate(paras):
        match = _LABEL.match(text, paragraph.start, paragraph.end)
        if match is None:
            continue
        label = (match.group("qa") or match.group("name")).strip()
        if label.lower() in _NOT_SPEAKERS or label.lower().rstrip(".") in _NOT_SPEAKERS:
            continue
        group = "qa" if match.group("qa") else "name"
        opened.append((index, label, match.start(group), match.end()))
    # A transcript names a speaker in full at the first turn, then by the surname alone
    # ("MIHAIL CONSTANTINESCU:", then "CONSTANTINESCU:"): the same label.
    written = {label for _i, label, _s, _w in opened}
    shorter = {
        label: short
        for label in written
        for short in written
        if short != label and label.endswith(" " + short)
    }
    opened = [(i, shorter.get(label, label), s, w) for i, label, s, w in opened]
    counts = Counter(label for _i, label, _s, _w in opened)
    labels = {label for label, n in counts.items() if n >= _MIN_LABELLED_TURNS}
    capitals = {label for label in counts if _CAPITALS.fullmatch(label) and len(label) > 2}
    transcript = len(capitals) >= 3 and labels <= capitals
    if transcript:
        # A broadcast transcript: speakers in capitals, most of whom speak once.
        labels = capitals
    opened = [o for o in opened if o[1] in labels]
    if len(labels) < 2:
        return []
    asking = _asking_labels(text, paras, opened)
    if transcript and not asking:
        # No one asks: the label that speaks most is the presenter's, the others speak.
        top = max(sorted(labels), key=lambda label: counts[label])
        asking = {top} if counts[top] > 1 else set()
    if not asking or asking == labels:
        return []
    turns = []
    for n, (index, label, label_start, words) in enumerate(opened):
        stop = opened[n + 1][0] if n + 1 < len(opened) else _afterword(text, paras, index)
        end = paras[stop - 1].end if stop > index else paras[index].end
        role = "question" if label in asking else "answer"
        turns.append(Turn(words, end, role, label, label_start))
    return turns


def _asking_labels(
    text: str, paras: list[Segment], opened: list[tuple[int, str, int, int]]
) -> set[str]:
    """The labels of the interviewer: "Q"-like ones, else those whose turns mostly ask."""
    labels = {label for _i, label, _s, _w in opened}
    named = {label for label in labels if label.lower() in _QUESTION_LABELS}
    if named:
        return named
    if {label.lower() for label in labels} & _ANSWER_LABELS:
        return {label for label in labels if label.lower() not in _ANSWER_LABELS}
    asks: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for index, label, _s, _w in opened:
        total[label] += 1
        asks[label] += bool(_ASKS.search(paras[index].of(text)))
    asking = {label for label in labels if asks[label] * 2 > total[label]}
    if not asking:
        # A host who also introduces and thanks: the label that asks most, if any asks.
        best = max(sorted(labels), key=lambda label: asks[label] / total[label])
        asking = {best} if asks[best] else set()
    return asking


def _afterword(text: str, paras: list[Segment], last: int) -> int:
    """The index of the first paragraph after the last turn that is no longer its words."""
    for index in range(last + 1, len(paras)):
        if _AFTERWORD.match(paras[index].of(text)):
            return index
    return len(paras)


def _unlabelled_turns(text: str, paras: list[Segment], bold_only: bool) -> list[Turn]:
    """Questions with no label and the answers under them; with ``bold_only`` (a text that
    does not call itself an interview), only when the layout sets the questions in bold, a
    magazine's question-and-answer page: a plain "?" there is an essay's own question."""
    asking = [i for i, p in enumerate(paras) if _ASKS.search(p.of(text)) and i > 0]
    # A question is a turn when an answer (a paragraph that does not ask) follows it.
    asking = [i for i in asking if i + 1 < len(paras) and not _ASKS.search(paras[i + 1].of(text))]
    bold = [i for i in asking if _BOLD_PARAGRAPH.match(paras[i].of(text))]
    if len(bold) >= (_MIN_BOLD_QUESTIONS if bold_only else 2):
        asking = bold  # the layout sets questions in bold: a plain "?" is an answer's
    elif bold_only:
        return []
    if len(asking) < 2:
        return []
    turns = []
    for n, index in enumerate(asking):
        paragraph = paras[index]
        turns.append(Turn(paragraph.start, paragraph.end, "question", None))
        stop = asking[n + 1] if n + 1 < len(asking) else _afterword(text, paras, index)
        if stop > index + 1:
            turns.append(Turn(paras[index + 1].start, paras[stop - 1].end, "answer", None))
    return turns
