"""An interview's answers as the interviewee's own assertions.

Each sentence of an answer turn (:mod:`provkb.draft.turns`) is a direct assertion of the
interviewee, as a curator cuts an interview: a claim per sentence. The questions are the
interviewer's and assert nothing of the interviewee. The interviewee is the person the answer
label names ("Jane Doe:", "JD:", "DOE:"), else the person the title or lede says was
interviewed ("an interview with X", "X told us", "we spoke to X"), else the person most of the
document's other assertions are by: a guess whenever no label names them.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from provkb.draft.entities import EntityTable
from provkb.draft.model import Assertion, Hop, Mark, Speaker
from provkb.draft.speech import kind_of_words
from provkb.draft.text import Segment, fold, paragraphs, sentences
from provkb.draft.turns import Turn

_MIN_ANSWER_WORDS = 3  # "Yes." or "Not at all." asserts nothing a reviewer would keep alone
_LEDE_PARAGRAPHS = 4
# Where the lede names whom the interview is with: the name follows these words.
_WITH = re.compile(
    r"(?i:\b(?:interview(?:ed|s)?|q\s*&\s*a|conversation|spoke|speaks|talked|talks|sat\s+down)"
    r"\s+(?:with|to)\s+|\binterviewed\s+|\bwe\s+asked\s+)(?:(?i:the)\s+)?(?:[a-z][\w\-]*\s+){0,3}"
)
# Or the name comes before these: "X told us", "X tells The Weekly", "X answered our questions".
_TOLD = re.compile(
    r",?\s+(?:told|tells|answered|answers|spoke\s+to|talked\s+to)\s+(?:us|our|[A-Z])"
)
_LABEL_TITLE = re.compile(
    r"^(?i:dr|mr|mrs|ms|prof|professor|sir|dame|mayor|senator|minister|president|judge|"
    r"chief|general|rev|father|sister|captain|capt)\.?\s+(?=\S)"
)
_QA_WORDS = {"q", "a", "question", "answer", "interviewer", "int"}


@dataclass
class Answers:
    """What an interview's layout gives the draft."""

    assertions: list[Assertion] = field(default_factory=list)
    dropped: list[Assertion] = field(default_factory=list)  # drafted guesses the turns replace
    interviewer: str | None = None


def answers(
    table: EntityTable, turns: list[Turn], drafted: list[Assertion], voice: str | None
) -> Answers:
    """The interviewee's assertions in the answer turns, and the drafted ones they replace.

    Args:
        table: the document's entities.
        turns: the question and answer turns (:func:`provkb.draft.turns.find_turns`).
        drafted: the assertions other rules drafted; a sentence one of them holds keeps it,
            unless it is reported speech in an answer whose speaker was only guessed (the
            turn says who speaks).
        voice: the document's own voice (its author or outlet), never the interviewee.
    """
    text = table.text
    paras = paragraphs(text)
    result = Answers()
    interviewee = _lede_interviewee(table, voice)
    fallback = _most_frequent_person(drafted, voice)
    answer_of = [(turn.start, turn.end) for turn in turns if turn.role == "answer"]
    if turns and (interviewee or fallback):
        _headline_quotes(text, paras, drafted, turns[0].start, interviewee or fallback or "")
    for assertion in drafted:
        # Reported speech in an answer whose speaker was only guessed as the text's own voice
        # ("we said", "it was noted") or by proximity is the interviewee's sentence; a quote
        # keeps whoever its frame names, and so does a person the sentence describes ("His
        # wife called me and told me that ...").
        described = assertion.speaker.rule.endswith(("unnamed-person", "->relative"))
        if (
            assertion.mode == "reported"
            and assertion.speaker.guess
            and not described
            and any(s < assertion.end and assertion.start < e for s, e in answer_of)
        ):
            result.dropped.append(assertion)
    dropped = {id(a) for a in result.dropped}
    kept = [a for a in drafted if id(a) not in dropped]
    speakers: dict[str | None, Speaker | None] = {}  # by label: the same label, the same person
    taken = bytearray(len(text))
    for assertion in kept:
        if assertion.mode == "reported" and assertion.speaker.rule.endswith(
            ("unnamed-person", "->relative")
        ):
            continue  # the interviewee's sentence passes those words on: both are drafted
        taken[assertion.start : assertion.end] = b"\x01" * (assertion.end - assertion.start)
    for turn in turns:
        if turn.role == "question":
            if result.interviewer is None and turn.label and turn.label.lower() not in _QA_WORDS:
                result.interviewer = _label_ref(table, turn, "interview-question-label", None)
            if result.interviewer:
                _pass_on(kept, turn, [], result.interviewer)
            continue
        speaker = speakers.get(turn.label)
        if turn.label not in speakers:
            speaker = speakers[turn.label] = _answer_speaker(table, turn, interviewee, fallback)
        if speaker is None:
            continue
        hops = []
        if result.interviewer and result.interviewer != speaker.ref:
            mark = Mark("interview-question-label", 0.5)
            hops = [Hop("interviewer", result.interviewer, None, mark)]
        _pass_on(kept, turn, hops, speaker.ref)
        for sentence in _answer_sentences(text, paras, turn):
            words = text[sentence.start : sentence.end]
            if len(words.split()) < _MIN_ANSWER_WORDS or words.rstrip("*_ ").endswith("?"):
                continue
            if taken.find(1, sentence.start, sentence.end) != -1:
                continue
            mark = Mark("interview-answer", 0.45 if speaker.guess else 0.6)
            kind = kind_of_words(words, "claim")
            result.assertions.append(
                Assertion(sentence.start, sentence.end, "direct", kind, speaker, mark, list(hops))
            )
    return result


def _headline_quotes(
    text: str, paras: list[Segment], drafted: list[Assertion], first_turn: int, interviewee: str
) -> None:
    """A quote that stands alone as a paragraph above an interview's first question, given to
    no one but the document, is its headline: the interviewee's words, as the page quotes them
    ("'The archive remembers' — an interview with X")."""
    for assertion in drafted:
        if assertion.end > first_turn or assertion.speaker.rule != "document-voice":
            continue
        paragraph = next((p for p in paras if p.start <= assertion.start < p.end), None)
        if paragraph is None:
            continue
        around = text[paragraph.start : assertion.start] + text[assertion.end : paragraph.end]
        if not _HEADLINE_MARKS.fullmatch(around):
            continue
        assertion.speaker = Speaker(interviewee, "interview-headline", True)


# What a headline quote's paragraph holds besides the words: quotation marks and emphasis.
_HEADLINE_MARKS = re.compile(r"[\s\"'“”„«»‘’*_#]*")


def _pass_on(drafted: list[Assertion], turn: Turn, hops: list[Hop], speaker: str) -> None:
    """Another's words quoted in a turn reached the reader through whoever speaks the turn:
    the interviewee who quotes a prosecutor, the interviewer who puts a government's claim to
    them. Their hops come first: the turn's own (the interviewer), then its speaker."""
    mark = Mark("interview-turn-speaker", 0.5)
    for assertion in drafted:
        inside = turn.start < assertion.end and assertion.start < turn.end
        if not inside or assertion.speaker.ref == speaker:
            continue
        head = [*hops, Hop("intermediary", speaker, None, mark)]
        rest = [hop for hop in assertion.relay if hop.agent not in {h.agent for h in head}]
        assertion.relay = [*head, *rest]


def _answer_sentences(text: str, paras: list[Segment], turn: Turn) -> list[Segment]:
    found = []
    first = bisect.bisect_right([p.end for p in paras], turn.start)
    for paragraph in paras[first:]:
        if paragraph.start >= turn.end:
            break
        segment = Segment(max(paragraph.start, turn.start), paragraph.end)
        # Markdown emphasis around a whole answer paragraph is no part of the words.
        while segment.start < segment.end and text[segment.start] in "*_":
            segment = Segment(segment.start + 1, segment.end)
        while segment.end > segment.start and text[segment.end - 1] in "*_":
            segment = Segment(segment.start, segment.end - 1)
        found += sentences(text, segment)
    return found


def _answer_speaker(
    table: EntityTable, turn: Turn, interviewee: str | None, fallback: str | None
) -> Speaker | None:
    if turn.label and turn.label.lower() not in _QA_WORDS:
        return Speaker(_label_ref(table, turn, "interview-answer-label", "person"),
                       "interview-answer-label", False)  # fmt: skip
    if interviewee:
        return Speaker(interviewee, "interview-answer:lede", True)
    if fallback:
        return Speaker(fallback, "interview-answer:most-frequent-speaker", True)
    return None  # no one is named: the reviewer would only get the document's voice, wrongly


def _label_ref(table: EntityTable, turn: Turn, rule: str, hint: str | None) -> str:
    """The entity a speaker label names: a name written in full elsewhere in the text whose
    words or initials the label is ("Doe", "JD", "JANE DOE"), else the label itself."""
    text = table.text
    label = turn.label or ""
    # "DR. SMITH", "Mayor Nilsen": the title is no part of the name the label shortens.
    folded = fold(_LABEL_TITLE.sub("", label)).strip(". ")
    matches = []
    for at in table.starts_between(0, len(text)):
        name = table.name_starting_at(at)
        if name is None:
            continue
        start, end, ref = name
        words = text[start:end].split()
        if len(words) < 2 and folded != fold(text[start:end]):
            continue
        initials = "".join(w[0] for w in words).lower()
        # "S.K." and "SK" are both the initials of Selin Karabağ.
        bare = re.sub(r"[.\s]", "", folded)
        if folded in (fold(text[start:end]), fold(words[-1]), fold(words[0])) or (
            bare == fold(initials) and len(bare) == len(words)
        ):
            matches.append((ref is None, len(words) < 2, len(words), start, end, ref))
    if matches:
        # A registry entity first, then the shortest full name: a title or a capitalised word
        # at the start of a headline ("Glaciologist Olav Dahl") is no part of the name.
        *_order, start, end, ref = min(matches)
        return ref or table.ref_of(start, end, rule, hint)
    start = turn.label_start if turn.label_start is not None else turn.start
    return table.ref_of(start, start + len(label), rule, hint)


_LEDE_SENTENCE_WORDS = 6  # fewer words: a title, a date line or a byline, not the lede


def _lede_interviewee(table: EntityTable, voice: str | None) -> str | None:
    """The person the title or lede says the interview is with; else, a guess as well, the
    first person they name."""
    text = table.text
    lede = paragraphs(text)[:_LEDE_PARAGRAPHS]
    for paragraph in lede:
        for match in _WITH.finditer(text, paragraph.start, paragraph.end):
            name = table.name_starting_at(match.end())
            if name is not None:
                ref = name[2] or table.ref_of(name[0], name[1], "interview-lede")
                if ref.startswith("person/") and ref != voice:
                    return ref
        for match in _TOLD.finditer(text, paragraph.start, paragraph.end):
            name = table.name_ending_at(match.start())
            if name is not None and name[0] >= paragraph.start:
                ref = name[2] or table.ref_of(name[0], name[1], "interview-lede")
                if ref.startswith("person/") and ref != voice:
                    return ref
    for paragraph in lede:
        if len(paragraph.of(text).split()) < _LEDE_SENTENCE_WORDS:
            continue  # a head line ("Outlet, 11 June 2026", "Interview by X") is no lede
        for at in table.starts_between(paragraph.start, paragraph.end):
            name = table.name_starting_at(at)
            if name is None or len(text[name[0] : name[1]].split()) < 2:
                continue  # a single capitalised word is no person's full name
            ref = name[2] or table.ref_of(name[0], name[1], "interview-lede")
            if ref.startswith("person/") and ref != voice:
                return ref
    return None


def _most_frequent_person(drafted: list[Assertion], voice: str | None) -> str | None:
    counts = Counter(
        a.speaker.ref
        for a in drafted
        if a.speaker.ref.startswith("person/") and a.speaker.ref != voice
    )
    return counts.most_common(1)[0][0] if counts else None
