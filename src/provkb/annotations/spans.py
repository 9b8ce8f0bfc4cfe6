"""Finding verbatim quotes in a document's text.

Offsets are 0-based, end-exclusive Unicode code points: Python ``str`` indices over the NFC text.
The text is never normalised (documents have non-breaking spaces, mixed quotation marks and
right-to-left passages); a quote matches only character for character.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

CONTEXT = 32  # code points of prefix/suffix kept so a quote can be re-anchored after a correction


@dataclass(frozen=True, order=True)
class Span:
    """A located quote."""

    start: int
    end: int

    def exact(self, text: str) -> str:
        """The text at the span."""
        return text[self.start : self.end]

    def prefix(self, text: str) -> str:
        """Up to :data:`CONTEXT` code points before the span."""
        return text[max(0, self.start - CONTEXT) : self.start]

    def suffix(self, text: str) -> str:
        """Up to :data:`CONTEXT` code points after the span."""
        return text[self.end : self.end + CONTEXT]

    def overlaps(self, other: Span) -> bool:
        """Whether the two spans share at least one code point."""
        return self.start < other.end and other.start < self.end


class QuoteError(ValueError):
    """A quote that is not in the text, or that is ambiguous."""


def occurrences(text: str, quote: str) -> list[int]:
    """Every start offset of ``quote`` in ``text``, overlapping ones included."""
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


# Entity names recur across thousands of documents; re's own cache (512 patterns) would compile
# each name again for every document that mentions it.
@functools.lru_cache(maxsize=1 << 16)
def _word_pattern(quote: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(quote) + r"(?!\w)")


_WORD_CHAR = re.compile(r"\w")


def word_occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of ``quote`` where it is not part of a longer word (found with
    ``str.find``, many times faster than a regular expression per quote on a long text)."""
    if not quote:
        return [m.start() for m in _word_pattern(quote).finditer(text)]
    starts = []
    at = text.find(quote)
    while at != -1:
        end = at + len(quote)
        before = at > 0 and _WORD_CHAR.match(text, at - 1)
        after = end < len(text) and _WORD_CHAR.match(text, end)
        if not before and not after:
            starts.append(at)
            at = text.find(quote, end)  # matches do not overlap, as a pattern's do not
        else:
            at = text.find(quote, at + 1)
    return starts


def _describe(text: str, starts: list[int]) -> str:
    lines = sorted({text.count("\n", 0, s) + 1 for s in starts})
    return ", ".join(str(n) for n in lines)


def locate(
    text: str, quote: str, *, occurrence: int | None = None, prefix: str | None = None
) -> Span:
    """Find the one place ``quote`` stands in ``text``.

    Args:
        text: the document text.
        quote: the exact words.
        occurrence: 1-based index among all occurrences, when the words occur more than once.
        prefix: text that stands immediately before the quote, to pick among occurrences.

    Raises:
        QuoteError: not found, found more than once with nothing to choose, or the choice fails.
    """
    if not quote:
        raise QuoteError("the quote is empty")
    if quote != quote.strip():
        raise QuoteError("the quote starts or ends with white space; quote the words only")
    starts = occurrences(text, quote)
    if not starts:
        raise QuoteError(f"quote not found verbatim in the text: {_shorten(quote)!r}")
    if prefix is not None:
        starts = [s for s in starts if text[:s].endswith(prefix)]
        if not starts:
            raise QuoteError(f"no occurrence of the quote follows the prefix {prefix!r}")
    if occurrence is not None:
        if not 1 <= occurrence <= len(starts):
            raise QuoteError(
                f"occurrence {occurrence} asked, but the quote occurs {len(starts)} time(s)"
            )
        start = starts[occurrence - 1]
    elif len(starts) > 1:
        raise QuoteError(
            f"the quote occurs {len(starts)} times (text lines {_describe(text, starts)}); "
            "add occurrence: N or prefix: to say which"
        )
    else:
        start = starts[0]
    return Span(start, start + len(quote))


def _shorten(quote: str, limit: int = 80) -> str:
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
