"""A document's text as blocks of segments, for the reader: structure from the Markdown-ish text,
annotations from the KB's spans, both over the same code-point offsets.

The texts are Markdown-ish (``#`` headings, blank-line paragraphs, ``**bold**``, ``*italic*``,
``\\*`` escapes, ``---`` rules, ``<sup>N</sup>`` footnote markers). A Markdown library renders
HTML from the text but cannot say which output character came from which input offset, and every
span of the KB is an offset range of the raw text; so the structure is read here as *ranges* of
the raw text (hidden markup, styles, blocks), and one sweep over every range boundary — markup and
annotation spans alike — cuts the text into segments, each with the set of ranges it lies in.
Overlapping and nested spans need nothing special: a segment simply lies in several. Markup is
never passed through: a ``<sup>`` becomes a flag on a segment, any other tag stays visible text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"(#{1,6})[ \t]+")
_RULE = re.compile(r"[ \t]*(?:-[ \t]*){3,}$|[ \t]*(?:\*[ \t]*){3,}$|[ \t]*(?:_[ \t]*){3,}$")
_SUP = re.compile(r"<sup>(.*?)</sup>", re.S)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", re.S)
_FOOTNOTE_NUMBER = re.compile(r"\s*(\d{1,4})\s*$")


@dataclass
class Block:
    """One block of the text: a heading, a paragraph, a footnote, a rule.

    Attributes:
        kind: ``heading``, ``paragraph``, ``footnote`` or ``rule``.
        start: offset of the block's first character in the text.
        end: offset just past its last character.
        level: the heading level (1-6), 0 for other blocks.
        footnote: the number of a footnote block (one that starts with ``<sup>N</sup>``).
    """

    kind: str
    start: int
    end: int
    level: int = 0
    footnote: str = ""


@dataclass
class Markup:
    """The structure of a text as ranges of it (half-open, code points)."""

    blocks: list[Block] = field(default_factory=list)
    hidden: list[tuple[int, int]] = field(default_factory=list)
    bold: list[tuple[int, int]] = field(default_factory=list)
    italic: list[tuple[int, int]] = field(default_factory=list)
    # (start, end, number): superscripts; a number when the superscript is one (a footnote marker).
    sup: list[tuple[int, int, str]] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)


def read_markup(text: str) -> Markup:
    """The blocks, hidden markup and styles of ``text``."""
    markup = Markup()
    lines = _lines(text)
    run: list[tuple[int, int]] = []
    # A text with no blank line at all writes one paragraph per line (text extracted from a web
    # page, a plain-text file): joining its lines would run a title, a byline and every
    # paragraph into one block.
    line_per_paragraph = all(text[start:end].strip() for start, end in lines[1:-1])

    def close_run() -> None:
        if run:
            _paragraph(text, run[0][0], run[-1][1], run, markup)
            run.clear()

    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            close_run()
        elif heading := _HEADING.match(line):
            close_run()
            markup.blocks.append(Block("heading", start, end, level=len(heading.group(1))))
            markup.hidden.append((start, start + heading.end()))
            _inline(text, start + heading.end(), end, markup)
        elif _RULE.match(line):
            close_run()
            markup.blocks.append(Block("rule", start, end))
            markup.hidden.append((start, end))
        else:
            run.append((start, end))
            if line_per_paragraph:
                close_run()
    close_run()
    return markup


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, without its line break."""
    out, start = [], 0
    for match in re.finditer(r"\r\n|\n|\r", text):
        out.append((start, match.start()))
        start = match.end()
    out.append((start, len(text)))
    return out


def _paragraph(
    text: str, start: int, end: int, lines: list[tuple[int, int]], markup: Markup
) -> None:
    block = Block("paragraph", start, end)
    first = _SUP.match(text, start, end)
    if first and (number := _FOOTNOTE_NUMBER.match(first.group(1))):
        block.kind, block.footnote = "footnote", number.group(1)
    markup.blocks.append(block)
    # A line that ends in two spaces (or a backslash) breaks the line, as in Markdown.
    for line_start, line_end in lines[:-1]:
        line = text[line_start:line_end]
        if line.endswith("  "):
            markup.hidden.append((line_start + len(line.rstrip(" ")), line_end))
            markup.breaks.append(line_end)
        elif line.endswith("\\"):
            markup.hidden.append((line_end - 1, line_end))
            markup.breaks.append(line_end)
    _inline(text, start, end, markup)


def _inline(text: str, start: int, end: int, markup: Markup) -> None:
    """Escapes, superscripts and emphasis of ``text[start:end]``."""
    part = text[start:end]
    # Escaped characters and tags are masked (same length) before emphasis is matched, so an
    # escaped "\*" never opens or closes an emphasis.
    masked = list(part)
    for match in _ESCAPE.finditer(part):
        markup.hidden.append((start + match.start(), start + match.start() + 1))
        masked[match.start() : match.end()] = "\0\0"
    for match in _SUP.finditer(part):
        open_end, close_start = match.start(1), match.end(1)
        markup.hidden += [
            (start + match.start(), start + open_end),
            (start + close_start, start + match.end()),
        ]
        number = _FOOTNOTE_NUMBER.match(match.group(1))
        markup.sup.append(
            (start + open_end, start + close_start, number.group(1) if number else "")
        )
        masked[match.start() : open_end] = "\0" * (open_end - match.start())
        masked[close_start : match.end()] = "\0" * (match.end() - close_start)
    plain = "".join(masked)
    for match in _BOLD.finditer(plain):
        markup.hidden += [
            (start + match.start(), start + match.start() + 2),
            (start + match.end() - 2, start + match.end()),
        ]
        markup.bold.append((start + match.start(1), start + match.end(1)))
        plain = (
            plain[: match.start()]
            + "\0\0"
            + plain[match.start() + 2 : match.end() - 2]
            + "\0\0"
            + plain[match.end() :]
        )
    for match in _ITALIC.finditer(plain):
        markup.hidden += [
            (start + match.start(), start + match.start() + 1),
            (start + match.end() - 1, start + match.end()),
        ]
        markup.italic.append((start + match.start(1), start + match.end(1)))


@dataclass
class Segment:
    """A stretch of visible text whose ranges are all the same.

    Attributes:
        text: the characters (raw text, never markup).
        start: its offset in the document's text.
        assertions: the indexes of the assertions whose spans hold it, outermost first.
        mentions: the indexes of the mentions whose spans hold it, innermost first.
        citations: the indexes of the citations whose spans hold it.
        bold, italic: emphasis.
        sup: the footnote number when the segment is a footnote marker ("" for other
            superscripts), ``None`` when it is not a superscript.
        break_before: a line break comes before it.
    """

    text: str
    start: int
    assertions: list[int]
    mentions: list[int]
    citations: list[int]
    bold: bool = False
    italic: bool = False
    sup: str | None = None
    break_before: bool = False


def segment(
    text: str,
    markup: Markup,
    assertions: list[tuple[int, int]],
    mentions: list[tuple[int, int]],
    citations: list[tuple[int, int]],
) -> list[tuple[Block, list[Segment]]]:
    """Every block of the text with its segments.

    One sweep: the boundaries of every range (blocks, hidden markup, styles, the annotation
    spans given as (start, end) lists) are sorted; between two consecutive boundaries nothing
    starts or ends, so each stretch is one segment, with the ranges open over it.
    """
    ranges: list[tuple[str, int, int, int]] = []
    for layer, spans in (("a", assertions), ("m", mentions), ("c", citations)):
        ranges += [(layer, index, s, e) for index, (s, e) in enumerate(spans) if s < e]
    ranges += [("h", i, s, e) for i, (s, e) in enumerate(markup.hidden) if s < e]
    ranges += [("b", i, s, e) for i, (s, e) in enumerate(markup.bold)]
    ranges += [("i", i, s, e) for i, (s, e) in enumerate(markup.italic)]
    ranges += [("s", i, s, e) for i, (s, e, _) in enumerate(markup.sup)]
    starts: dict[int, list[tuple[str, int]]] = {}
    ends: dict[int, list[tuple[str, int]]] = {}
    for layer, index, s, e in ranges:
        starts.setdefault(s, []).append((layer, index))
        ends.setdefault(e, []).append((layer, index))
    breaks = set(markup.breaks)
    by_layer = {"a": assertions, "m": mentions}
    out: list[tuple[Block, list[Segment]]] = []
    open_: dict[str, set[int]] = {layer: set() for layer in "amchbis"}
    cuts = sorted(
        {
            0,
            len(text),
            *starts,
            *ends,
            *breaks,
            *(b.start for b in markup.blocks),
            *(b.end for b in markup.blocks),
        }
    )
    blocks = sorted(markup.blocks, key=lambda b: b.start)
    block_index = 0
    pending_break = False
    for left, right in itertools.pairwise(cuts):
        for layer, index in ends.get(left, ()):
            open_[layer].discard(index)
        for layer, index in starts.get(left, ()):
            open_[layer].add(index)
        if left in breaks:
            pending_break = True
        while block_index < len(blocks) and blocks[block_index].end <= left:
            block_index += 1
        if block_index == len(blocks) or blocks[block_index].start > left:
            continue
        block = blocks[block_index]
        if not out or out[-1][0] is not block:
            out.append((block, []))
            pending_break = False
        if open_["h"] or block.kind == "rule":
            continue
        sup = None
        if open_["s"]:
            sup = markup.sup[min(open_["s"])][2]
        out[-1][1].append(
            Segment(
                text=text[left:right],
                start=left,
                assertions=sorted(
                    open_["a"], key=lambda i: (by_layer["a"][i][0], -by_layer["a"][i][1], i)
                ),
                mentions=sorted(
                    open_["m"], key=lambda i: (by_layer["m"][i][1] - by_layer["m"][i][0], i)
                ),
                citations=sorted(open_["c"]),
                bold=bool(open_["b"]),
                italic=bool(open_["i"]),
                sup=sup,
                break_before=pending_break,
            )
        )
        pending_break = False
    return out


def visible_text(text: str, markup: Markup, start: int, end: int) -> str:
    """``text[start:end]`` without its hidden markup (line breaks as spaces)."""
    hidden = sorted((max(s, start), min(e, end)) for s, e in markup.hidden if s < end and e > start)
    parts, position = [], start
    for s, e in hidden:
        if s > position:
            parts.append(text[position:s])
        position = max(position, e)
    parts.append(text[position:end])
    return re.sub(r"\s+", " ", "".join(parts))
