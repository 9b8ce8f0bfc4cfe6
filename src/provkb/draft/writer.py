"""A draft as YAML in the annotation format (kb/README.md), written by PyYAML.

Every drafted item carries ``draft: {confidence, rule}`` (assertions also the rule that found the
speaker and whether it only guessed); a person reviews an item by removing that mark.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import yaml

from provkb.annotations.spans import occurrences, word_occurrences
from provkb.draft import DRAFTER_VERSION
from provkb.draft.model import Draft, Event, Mark, Mention, NewEntity
from provkb.draft.text import slugify


def mark(item: Mark, **extra: Any) -> dict[str, Any]:
    """The ``draft:`` mapping of one item."""
    return {
        "confidence": round(item.confidence, 2),
        "rule": item.rule,
        "by": DRAFTER_VERSION,
        **extra,
    }


def _quoted(text: str, start: int, end: int) -> dict[str, Any]:
    quote = text[start:end]
    found = occurrences(text, quote)
    fields: dict[str, Any] = {"quote": quote}
    if len(found) > 1:
        fields["occurrence"] = found.index(start) + 1
    return fields


def document_data(draft: Draft, text: str, slug: str) -> dict[str, Any]:
    """The content of ``<doc>.yaml`` for ``draft`` of ``text``, the document ``slug``."""
    meta = draft.metadata
    document: dict[str, Any] = {"title": meta.title}
    if meta.authors:
        document["authors"] = list(meta.authors)
    if meta.authors_as_written:
        document["authors_as_written"] = list(meta.authors_as_written)
    if meta.publisher:
        document["publisher"] = meta.publisher
    if meta.published:
        document["published"] = meta.published
    document["genre"] = meta.genre
    document["languages"] = list(meta.languages)
    document["source_file"] = meta.source_file
    document["source_sha256"] = meta.source_sha256
    if meta.url:
        document["url"] = meta.url
    note = f"Drafted by {DRAFTER_VERSION}; every item marked draft: awaits review."
    if draft.notes:
        note += " " + "; ".join(draft.notes) + "."
    document["note"] = note
    data: dict[str, Any] = {"document": document}
    data["mentions"] = _mentions(draft.mentions, text)
    if draft.events:
        data["events"] = [
            _event(event, text, f"{slug}-{index + 1}") for index, event in enumerate(draft.events)
        ]
    data["assertions"] = _assertions(draft, text)
    return {key: value for key, value in data.items() if value}


def _mentions(mentions: list[Mention], text: str) -> list[dict[str, Any]]:
    # One entry per name as written; the build finds each of its whole-word occurrences. A name
    # written for two entities ("Iran" the land here, the state there) is written for the entity
    # most of its mentions have, and each mention of another entity gets an entry of its own
    # that says which occurrence it is (the build takes those first). A name every occurrence of
    # which lies inside a longer one is left out, as the build would refuse it.
    by_name: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_name.setdefault(text[mention.start : mention.end], []).append(mention)
    taken = bytearray(len(text))
    explicit: list[tuple[int, dict[str, Any]]] = []
    first: dict[str, Mention] = {}
    for written, found in by_name.items():
        counts = Counter(m.ref for m in found)
        main_ref = max(counts, key=lambda ref: (counts[ref], -found.index(_first(found, ref))))
        first[written] = _first(found, main_ref)
        for mention in found:
            if mention.ref != main_ref:
                taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
                entry = {**_quoted(text, mention.start, mention.end), "refers_to": mention.ref}
                explicit.append((mention.start, {**entry, "draft": mark(mention.mark)}))
    kept = []
    for written, mention in sorted(first.items(), key=lambda item: (-len(item[0]), item[0])):
        free = 0
        for start in word_occurrences(text, written):
            end = start + len(written)
            if taken.find(1, start, end) == -1:
                taken[start:end] = b"\x01" * len(written)
                free += 1
        if free:
            entry = {"quote": written, "refers_to": mention.ref, "draft": mark(mention.mark)}
            kept.append((mention.start, entry))
    return [entry for _start, entry in sorted(kept + explicit, key=lambda k: (k[0], k[1]["quote"]))]


def _first(mentions: list[Mention], ref: str) -> Mention:
    return next(m for m in mentions if m.ref == ref)


def _event(event: Event, text: str, suffix: str) -> dict[str, Any]:
    # Event IRIs are global (<base>id/event/<id>): the document's slug keeps two documents'
    # drafted events apart.
    return {
        "id": f"{slugify(event.label)}-{suffix}",
        "label": {"en": event.label},
        "type": event.type,
        "date": event.date,
        **_quoted(text, event.start, event.end),
        "draft": mark(event.mark),
    }


def _assertions(draft: Draft, text: str) -> list[dict[str, Any]]:
    result = []
    seen: Counter[str] = Counter()
    for assertion in draft.assertions:
        words = slugify(" ".join(text[assertion.start : assertion.end].split()[:6]))[:50]
        base = words.strip("-") or "assertion"
        seen[base] += 1
        ident = base if seen[base] == 1 else f"{base}-{seen[base]}"
        item: dict[str, Any] = {
            "id": ident,
            "speaker": assertion.speaker.ref,
            "kind": assertion.kind,
            **_quoted(text, assertion.start, assertion.end),
            "mode": assertion.mode,
        }
        if assertion.about:
            item["about"] = list(assertion.about)
        if assertion.on_behalf_of:
            item["on_behalf_of"] = assertion.on_behalf_of
        if assertion.said_on:
            item["said_on"] = assertion.said_on
        if assertion.relay:
            item["relay"] = [
                {
                    "role": hop.role,
                    **({"agent": hop.agent} if hop.agent else {}),
                    **({"agent_as_written": hop.agent_as_written} if not hop.agent else {}),
                }
                for hop in assertion.relay
            ]
        item["draft"] = mark(
            assertion.mark,
            speaker_rule=assertion.speaker.rule,
            speaker_guess=assertion.speaker.guess,
            **(
                {"relay_rules": [hop.mark.rule for hop in assertion.relay]}
                if assertion.relay
                else {}
            ),
        )
        result.append(item)
    return result


def entity_data(entity: NewEntity, slug: str) -> dict[str, Any]:
    """One proposed registry entry."""
    item: dict[str, Any] = {"id": entity.ref, "labels": {entity.language: entity.label}}
    if entity.aliases:
        item["aliases"] = {entity.language: list(entity.aliases)}
    if entity.kind_value:
        item["kind"] = entity.kind_value
    item["description"] = {
        entity.language: f"Proposed by the drafter from the document {slug}: “{entity.evidence}”"
    }
    item["draft"] = mark(entity.mark)
    return item


def dump(data: Any) -> str:
    """YAML text of ``data``: block style, Unicode as written, keys in the given order."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter when PyYAML has it (the pure-Python one took most of `provkb add`'s
    time), and no anchors: a draft repeats small values, it never shares structures."""

    def ignore_aliases(self, data: Any) -> bool:
        return True
