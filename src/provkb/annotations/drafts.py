"""The ``draft:`` mark on an annotation item (written by ``provkb add``), read from the YAML.

A drafted item says which drafter made it, by which rule and how sure it was; a person accepts
it by deleting the mark. The build records it with PROV-O (:func:`activity_iri` names the
drafting activity of one drafter version).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provkb.annotations.fields import Fields

MARK_FIELDS = ("confidence", "rule", "by", "speaker_rule", "speaker_guess", "relay_rules")


@dataclass(frozen=True)
class DraftMark:
    """An unreviewed item's provenance."""

    confidence: float
    rule: str
    by: str | None = None
    speaker_rule: str | None = None
    speaker_guess: bool = False


def read_mark(f: Fields, key: str = "draft") -> DraftMark | None:
    """The ``draft:`` mapping of an item, checked; None when the item has none (curated)."""
    if not f.has(key):
        return None
    raw = f.raw(key)
    if not isinstance(raw, dict):
        f.error(key, "draft: is a mapping {confidence: 0..1, rule: name}; delete it to accept")
        return None
    mark = Fields(raw, f.path, f.problems, f"{f.where} draft", MARK_FIELDS, f.line_of(key))
    confidence = mark.number("confidence", required=True)
    rule = mark.text("rule", required=True)
    guess = raw.get("speaker_guess", False)
    if not isinstance(guess, bool):
        mark.error("speaker_guess", "speaker_guess must be true or false")
        guess = False
    if confidence is None or rule is None:
        return None
    return DraftMark(confidence, rule, mark.text("by"), mark.text("speaker_rule"), guess)


def activity_iri(base: str, by: str | None) -> str:
    """The drafting activity of one drafter version (``<base>id/activity/draft/<version>``)."""
    version = re.sub(r"[^A-Za-z0-9.\-]+", "-", by or "unknown-drafter").strip("-")
    return f"{base}id/activity/draft/{version}"
