"""Quoted passages in every quotation style: “ ” " « » „ “ ‘ ’, over several paragraphs, and
block quotations ("> ...") that have no marks.

Marks are paired by what they are (an opening mark and the closers its style allows), not by
how they happen to be spaced: „ red line “ and « text » with inner spaces pair like “text”.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provkb.draft.text import trim

# The closers each opening mark accepts. Writers and translators mix styles ("text” is common),
# so a straight double quote also closes on a curly one and the reverse.
CLOSERS: dict[str, str] = {
    "“": '”"“',
    "„": '“”"',
    "«": "»",
    '"': '"”',
    "‘": "’",
    "‚": "‘’",
}
_DOUBLE_OPENERS = '“„«"'
_MAX_PARAGRAPHS = 6  # an unclosed quote is given up after this many paragraph breaks
# A guillemet or a low mark that opens a paragraph may open a whole quoted document (a
# statement, a letter) that closes only at the end of its last paragraph; these marks never
# close anything of their own style, so a stray one cannot pair with a later opener.
_BLOCK_OPENERS = "«„"
_MAX_BLOCK_PARAGRAPHS = 80


@dataclass(frozen=True)
class Quote:
    """A quoted passage: ``start:end`` is the words inside the marks, trimmed."""

    start: int  # first character inside the marks
    end: int  # last character inside the marks, exclusive
    open_at: int  # offset of the opening mark
    close_at: int | None  # offset of the closing mark; None when the text never closes it
    closed: bool


def _can_open(text: str, at: int) -> bool:
    mark = text[at]
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    if mark in "«„‚":
        return True
    if mark == "‘":
        # An opening single quote follows a space or a bracket; elsewhere it is an apostrophe.
        return not before.isalnum() and after.isalnum()
    if mark == '"':
        # Words open a quote, punctuation does not: the '"' of '", "' closes something.
        return not before.isalnum() and not after.isspace() and after not in ",.;:)!?"
    return True  # “


def _can_close(text: str, at: int, opener: str) -> bool:
    mark = text[at]
    after = text[at + 1] if at + 1 < len(text) else " "
    if mark == "’":
        # A closing single quote is followed by a non-letter ("it’s" and "Shah’s" are apostrophes).
        return not after.isalnum()
    if mark == '"' and opener == '"':
        return not after.isalnum()
    if mark == "“" and opener == "“":
        # “ closes a “ only as a typo for ” at a word's end.
        return not after.isalnum()
    return True


def find_quotes(text: str) -> list[Quote]:
    """Every quoted passage of ``text``, outermost and nested, in text order."""
    found: list[Quote] = []
    stack: list[tuple[str, int, int]] = []  # (opening mark, offset, paragraph breaks seen)
    marks = set('“”„«»"‘’‚')
    for at, char in enumerate(text):
        if char == "\n" and stack:
            stack = [(m, o, breaks + 1) for m, o, breaks in stack]
            while stack and stack[-1][2] > _limit(text, stack[-1][0], stack[-1][1]):
                _mark, open_at, _ = stack.pop()
                found.append(_unclosed(text, open_at, _paragraph_end(text, open_at)))
            continue
        if char not in marks:
            continue
        if (
            stack
            and char in CLOSERS[stack[-1][0]]
            and _can_close(text, at, stack[-1][0])
            # Past the usual reach, only a mark that ends a paragraph closes a quoted document.
            and (stack[-1][2] <= _MAX_PARAGRAPHS or not text[at + 1 :].split("\n", 1)[0].strip())
        ):
            _mark, open_at, _ = stack.pop()
            start, end = trim(text, open_at + 1, at)
            if end > start:
                found.append(Quote(start, end, open_at, at, True))
            continue
        if char in CLOSERS and _can_open(text, at):
            top = stack[-1] if stack else None
            if (
                top
                and top[2] > 0
                and char in _DOUBLE_OPENERS
                and top[0] in _DOUBLE_OPENERS
                and not text[text.rfind("\n", 0, at) + 1 : at].strip()
            ):
                # A new paragraph that opens a quote again while one is open: the English way to
                # run a quotation over paragraphs. The open one ends where its paragraph ends.
                stack.pop()
                found.append(_unclosed(text, top[1], _paragraph_end(text, top[1])))
            stack.append((char, at, 0))
    for _mark, open_at, _ in stack:
        found.append(_unclosed(text, open_at, _paragraph_end(text, open_at)))
    found += _block_quotes(text, found)
    found.sort(key=lambda q: (q.start, -q.end))
    return found


# A Markdown or e-mail block quotation: a paragraph whose every line opens with "> ".
_BLOCK_QUOTE = re.compile(r"(?m)^>[ \t]?(?=\S)(?:[^\n]*)(?:\n>[^\n]*)*")


def _block_quotes(text: str, marked: list[Quote]) -> list[Quote]:
    """The block quotations of ``text`` that quotation marks do not already hold: quoted
    words with no marks of their own (an embedded post, a quoted e-mail)."""
    result = []
    for block in _BLOCK_QUOTE.finditer(text):
        start, end = trim(text, block.start() + 1, block.end())
        inside = any(q.open_at <= start and end <= (q.close_at or q.end) for q in marked)
        if end > start and not inside and text[start] not in CLOSERS:
            result.append(Quote(start, end, block.start(), None, True))
    return result


def _limit(text: str, mark: str, open_at: int) -> int:
    """How many line breaks a quote opened by ``mark`` at ``open_at`` may run over."""
    if mark in _BLOCK_OPENERS and not text[text.rfind("\n", 0, open_at) + 1 : open_at].strip():
        return _MAX_BLOCK_PARAGRAPHS
    return _MAX_PARAGRAPHS


def _paragraph_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end == -1 else end


def _unclosed(text: str, open_at: int, end: int) -> Quote:
    start, stop = trim(text, open_at + 1, end)
    return Quote(start, max(start, stop), open_at, None, False)


def outermost(quotes: list[Quote]) -> list[Quote]:
    """The quotes not inside another one."""
    result: list[Quote] = []
    for quote in quotes:
        if result and quote.open_at < (result[-1].close_at or result[-1].end):
            continue
        result.append(quote)
    return result
