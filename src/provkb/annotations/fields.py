"""Reading the fields of one YAML mapping, recording every problem with its line."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from provkb.annotations.dates import DateError, parse_date
from provkb.annotations.vocabulary import Vocabulary
from provkb.annotations.yamlio import LocatedDict, LocatedList
from provkb.problems import Problems

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"


class Fields:
    """Typed access to a mapping's fields; a missing or ill-typed field becomes a problem.

    Every getter returns None (or an empty list) after recording a problem, so one pass over a
    file reports all its mistakes.
    """

    def __init__(
        self,
        mapping: Any,
        path: Path,
        problems: Problems,
        where: str,
        allowed: Iterable[str],
        line: int = 1,
    ):
        self.path, self.problems, self.where = path, problems, where
        if isinstance(mapping, LocatedDict):
            self.mapping = mapping
        else:
            problems.add(path, getattr(mapping, "line", line), f"{where}: expected a mapping")
            self.mapping = LocatedDict()
            self.mapping.line, self.mapping.key_lines = line, {}
        allowed = tuple(allowed)
        for key in self.mapping:
            if key not in allowed:
                self.error(key, f"unknown field {key!r}; allowed: {', '.join(allowed)}")

    @property
    def line(self) -> int:
        """The line the mapping starts on."""
        return self.mapping.line

    def line_of(self, key: str) -> int:
        """The line of ``key``."""
        return self.mapping.line_of(key)

    def error(self, key: str, message: str) -> None:
        """Record a problem about field ``key``."""
        self.problems.add(self.path, self.line_of(key), f"{self.where}: {message}")

    def has(self, key: str) -> bool:
        """Whether the field is present."""
        return key in self.mapping

    def raw(self, key: str) -> Any:
        """The value as parsed, or None."""
        return self.mapping.get(key)

    def text(self, key: str, *, required: bool = False) -> str | None:
        """A non-empty string field."""
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.error(key, f"missing required field {key!r}")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(key, f"{key!r} must be a string")
            return None
        value = str(value)
        if not value.strip():
            self.error(key, f"{key!r} is empty")
            return None
        return value

    def integer(self, key: str, *, minimum: int = 0) -> int | None:
        """An integer field, at least ``minimum``."""
        value = self.mapping.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.error(key, f"{key!r} must be a whole number of at least {minimum}")
            return None
        return value

    def number(self, key: str, *, required: bool = False) -> float | None:
        """A number between 0 and 1 (a confidence)."""
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.error(key, f"missing required field {key!r}")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            self.error(key, f"{key!r} must be a number from 0 to 1")
            return None
        return float(value)

    def items(self, key: str, *, required: bool = False) -> list[tuple[Any, int]]:
        """A list field as ``(item, line)`` pairs; a single scalar counts as a list of one."""
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.error(key, f"missing required field {key!r}")
            return []
        if isinstance(value, LocatedList):
            return list(zip(value, value.item_lines, strict=True))
        if isinstance(value, str | int):
            return [(value, self.line_of(key))]
        self.error(key, f"{key!r} must be a list")
        return []

    def texts(self, key: str, *, required: bool = False) -> list[str]:
        """A list of non-empty strings."""
        result = []
        for item, line in self.items(key, required=required):
            if isinstance(item, str | int) and not isinstance(item, bool) and str(item).strip():
                result.append(str(item))
            else:
                self.problems.add(self.path, line, f"{self.where}: {key!r} items must be strings")
        return result

    def language_map(self, key: str, *, required: bool = False, lists: bool = False) -> dict:
        """``{language: text}`` (or ``{language: [texts]}`` with ``lists``)."""
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.error(key, f"missing required field {key!r}")
            return {}
        if not isinstance(value, LocatedDict) or not value:
            self.error(key, f"{key!r} must map language tags to text, e.g. {{en: ...}}")
            return {}
        result: dict[str, Any] = {}
        for language, text in value.items():
            line = value.line_of(language)
            if not _is_language_tag(language):
                self.problems.add(
                    self.path, line, f"{self.where}: {language!r} is not a language tag"
                )
                continue
            entries = text if lists and isinstance(text, list) else [text]
            if lists and not isinstance(text, list):
                self.problems.add(self.path, line, f"{self.where}: {key}.{language} must be a list")
                continue
            if not all(isinstance(t, str) and t.strip() for t in entries):
                self.problems.add(self.path, line, f"{self.where}: {key}.{language} must be text")
                continue
            result[language] = list(entries) if lists else text
        return result

    def date(self, key: str) -> tuple[str, str] | None:
        """A date at its precision: ``(lexical form, datatype IRI)``."""
        value = self.mapping.get(key)
        if value is None:
            return None
        try:
            return parse_date(value)
        except DateError as error:
            self.error(key, f"{key!r}: {error}")
            return None

    def concept(
        self, key: str, scheme: str, vocabulary: Vocabulary, *, required: bool = False
    ) -> str | None:
        """The IRI of a controlled value of ``scheme``."""
        value = self.text(key, required=required)
        if value is None:
            return None
        iri = vocabulary.iri(scheme, value)
        if iri is None:
            self.error(
                key,
                f"{value!r} is not a {scheme}; allowed: {', '.join(vocabulary.allowed(scheme))}",
            )
        return iri


def _is_language_tag(value: str) -> bool:
    parts = value.split("-")
    return (
        bool(parts[0])
        and parts[0].isascii()
        and parts[0].isalpha()
        and 2 <= len(parts[0]) <= 3
        and all(p.isascii() and p.isalnum() and 1 <= len(p) <= 8 for p in parts[1:])
    )
