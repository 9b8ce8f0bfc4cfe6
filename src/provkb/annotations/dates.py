"""Dates at the precision the text gives them."""

from __future__ import annotations

import datetime as dt
import re

XSD = "http://www.w3.org/2001/XMLSchema#"

_FORMS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "date"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "gYearMonth"),
    (re.compile(r"^(\d{4})$"), "gYear"),
    (re.compile(r"^--(\d{2})-(\d{2})$"), "gMonthDay"),
)


class DateError(ValueError):
    """A value that is not a date at any precision provkb accepts."""


def parse_date(value: object) -> tuple[str, str]:
    """Return ``(lexical form, XSD datatype IRI)`` for a date written at some precision.

    ``2020`` is an ``xsd:gYear``, ``2020-10`` an ``xsd:gYearMonth``, ``2020-10-05`` an ``xsd:date``
    and ``--03-25`` an ``xsd:gMonthDay``.

    Raises:
        DateError: the value has none of these forms or names a day that does not exist.
    """
    text = (
        str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else None
    )
    if text is None:
        raise DateError(
            f"expected a date such as 2020, 2020-10, 2020-10-05 or --03-25, got {value!r}"
        )
    for pattern, kind in _FORMS:
        match = pattern.match(text)
        if not match:
            continue
        parts = [int(p) for p in match.groups()]
        try:
            if kind == "date":
                dt.date(*parts)
            elif kind == "gYearMonth":
                dt.date(parts[0], parts[1], 1)
            elif kind == "gMonthDay":
                dt.date(2000, *parts)  # a leap year, so --02-29 is allowed
        except ValueError as error:
            raise DateError(f"{text!r} is not a real date: {error}") from error
        return text, XSD + kind
    raise DateError(f"expected a date such as 2020, 2020-10, 2020-10-05 or --03-25, got {text!r}")
