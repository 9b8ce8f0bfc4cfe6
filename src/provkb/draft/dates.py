"""Dates a sentence states, at their precision; relative dates kept as notes, never resolved."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan", "february feb", "march mar", "april apr", "may", "june jun",
            "july jul", "august aug", "september sep sept", "october oct", "november nov",
            "december dec",
        ),
        start=1,
    )
    for name in names.split()
}  # fmt: skip
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Month names only with their capital: "may" and "march" are also common words.
_MONTH = (
    r"(?P<month>" + "|".join(m.capitalize() for m in sorted(MONTHS, key=len, reverse=True)) + r")"
    r"(?:\.|(?!\w))"
)
_PATTERNS = (
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?\b"
    ),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b"),
    re.compile(
        r"(?<![\d$€£.,])\b(?P<year>1[89]\d{2}|20\d{2})\b(?![\d%]|[.,]\d|\s*(?:km|people|USD|dollars))"
    ),
)
RELATIVE = re.compile(
    r"\b(?:yesterday|today|tomorrow|tonight|last\s+(?:week|month|year|night|weekend|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)|next\s+(?:week|month|year)|"
    r"this\s+(?:week|month|year|morning|evening)|earlier\s+this\s+(?:week|month|year)|"
    r"(?:a|two|three|several|few)\s+(?:days|weeks|months|years)\s+ago|"
    r"in\s+recent\s+(?:days|weeks|months|years)|recently)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateFound:
    """A date in the text: ISO value at its precision (``2020``, ``2020-10``, ``--03-25``)."""

    start: int
    end: int
    value: str


def absolute_dates(text: str, lo: int = 0, hi: int | None = None) -> list[DateFound]:
    """Absolute dates in ``text[lo:hi]``, the most precise reading of each place first."""
    hi = len(text) if hi is None else hi
    found: list[DateFound] = []
    taken = bytearray(hi - lo)
    for pattern in _PATTERNS:
        for match in pattern.finditer(text, lo, hi):
            if taken.find(1, match.start() - lo, match.end() - lo) != -1:
                continue
            value = _value(match)
            if value:
                taken[match.start() - lo : match.end() - lo] = b"\x01" * (
                    match.end() - match.start()
                )
                found.append(DateFound(match.start(), match.end(), value))
    return sorted(found, key=lambda d: d.start)


def _value(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    year, month, day = groups.get("year"), groups.get("month"), groups.get("day")
    if month and not month.isdigit():
        month = str(MONTHS[month.lower()])
    if month and not 1 <= int(month) <= 12:
        return None
    if day and not 1 <= int(day) <= 31:
        return None
    if year and month and day:
        return f"{year}-{int(month):02d}-{int(day):02d}"
    if year and month:
        return f"{year}-{int(month):02d}"
    if month and day:
        return f"--{int(month):02d}-{int(day):02d}"
    return year


def relative_dates(text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """Spans of relative dates ("last week", "recently"): left to a person to resolve."""
    hi = len(text) if hi is None else hi
    return [m.span() for m in RELATIVE.finditer(text, lo, hi)]
