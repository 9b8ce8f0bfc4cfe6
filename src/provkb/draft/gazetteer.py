"""The registry as a gazetteer: every label and alias, in any language, folded, longest first."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from provkb.draft.model import Mark, Mention
from provkb.draft.text import Folded, fold

_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")  # "Iran (state)" is written "Iran"
_WORD = re.compile(r"\w+")
_MAX_LABEL_WORDS = 8  # longer labels are descriptions ("The mayor addressed in ..."), not names


@dataclass(frozen=True)
class Name:
    """One way of writing an entity: its folded words and whether it is its label."""

    ref: str
    written: str
    is_label: bool


@dataclass
class Gazetteer:
    """Names by the folded first word, and entity kinds by reference."""

    by_first_word: dict[str, list[tuple[str, Name]]] = field(default_factory=dict)
    refs: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)  # ref -> a display label
    kinds: dict[str, str] = field(default_factory=dict)  # ref -> organisation kind, for orgs

    @classmethod
    def from_entities(cls, entities: list[dict]) -> Gazetteer:
        """Index registry entries (``{id, labels, aliases}`` mappings as the YAML has them)."""
        index: dict[str, list[tuple[str, Name]]] = defaultdict(list)
        gazetteer = cls()
        for entity in entities:
            ref = entity.get("id")
            if not isinstance(ref, str):
                continue
            gazetteer.refs.add(ref)
            if isinstance(entity.get("kind"), str):
                gazetteer.kinds[ref] = entity["kind"]
            labels = entity.get("labels") or {}
            aliases = entity.get("aliases") or {}
            written: list[tuple[str, bool]] = [(str(v), True) for v in labels.values()]
            for values in aliases.values():
                written += [(str(v), False) for v in (values or [])]
            if labels:
                gazetteer.labels[ref] = str(labels.get("en") or next(iter(labels.values())))
            written += [(v, False) for v in _derived([w for w, _ in written])]
            for text, is_label in written:
                name = _QUALIFIER.sub("", text).strip()
                folded = " ".join(_WORD.findall(fold(name)))
                words = folded.split()
                if not words or len(words) > _MAX_LABEL_WORDS or len(folded) < 2:
                    continue
                index[words[0]].append((folded, Name(ref, name, is_label)))
        for names in index.values():
            # Longest name first; a label before an alias; then by reference, for determinism.
            names.sort(key=lambda item: (-len(item[0]), not item[1].is_label, item[1].ref))
        gazetteer.by_first_word = dict(index)
        return gazetteer

    def add(self, entity: dict) -> None:
        """Index one more entity (a drafted one, so the next document does not propose it)."""
        more = Gazetteer.from_entities([entity])
        self.refs |= more.refs
        self.labels.update(more.labels)
        self.kinds.update(more.kinds)
        for word, names in more.by_first_word.items():
            merged = self.by_first_word.get(word, []) + names
            merged.sort(key=lambda item: (-len(item[0]), not item[1].is_label, item[1].ref))
            self.by_first_word[word] = merged

    @classmethod
    def from_folder(
        cls, folder: Path, leave_out: frozenset[str] | set[str] = frozenset()
    ) -> Gazetteer:
        """Read every ``*.yaml`` registry file of ``folder`` (entities in ``leave_out`` skipped)."""
        entities: list[dict] = []
        for path in sorted(folder.glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            entities += [e for e in data if isinstance(e, dict) and e.get("id") not in leave_out]
        return cls.from_entities(entities)

    def lookup(self, name: str) -> str | None:
        """The entity a whole name (folded) refers to, or None."""
        folded = " ".join(_WORD.findall(fold(_QUALIFIER.sub("", name))))
        words = folded.split()
        for candidate, entry in self.by_first_word.get(words[0] if words else "", []):
            if candidate == folded:
                return entry.ref
        return None

    def find(self, text: str, folded: Folded | None = None) -> list[Mention]:
        """Every whole-word mention of a known name, longest first, overlaps dropped.

        A name written with a capital letter matches only text with a capital letter somewhere,
        so that an alias such as "Tractor" does not turn the common noun "tractor" into a club.
        """
        folded = folded or Folded.of(text)
        words = list(_WORD.finditer(folded.text))
        found: list[tuple[int, int, Name]] = []
        for index, word in enumerate(words):
            for candidate, name in self.by_first_word.get(word.group(), ()):
                count = candidate.count(" ") + 1
                if index + count > len(words):
                    continue
                last = words[index + count - 1]
                piece = folded.text[word.start() : last.end()]
                if " ".join(_WORD.findall(piece)) != candidate or not _plain_gaps(piece):
                    continue
                start, end = folded.span(word.start(), last.end())
                if (
                    name.written != name.written.lower()
                    and text[start:end] == text[start:end].lower()
                ):
                    continue
                found.append((start, end, name))
        # Longest first; among names of the same place, the one written exactly as in the text,
        # then a label before an alias ("Iran" the place's label before the state's alias).
        found.sort(
            key=lambda f: (
                -(f[1] - f[0]),
                f[0],
                text[f[0] : f[1]] != f[2].written,
                not f[2].is_label,
                f[2].ref,
            )
        )
        taken = bytearray(len(text))
        mentions = []
        for start, end, name in found:
            if taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\x01" * (end - start)
            exact = text[start:end] == name.written
            confidence = 0.95 if exact and name.is_label else 0.9 if exact else 0.8
            rule = "gazetteer-label" if name.is_label else "gazetteer-alias"
            mentions.append(Mention(start, end, name.ref, Mark(rule, confidence)))
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions


def _plain_gaps(piece: str) -> bool:
    # Between the words of a name only spaces, hyphens, dots and apostrophes: not a line break
    # or a comma, which would join the end of one phrase to the start of the next.
    return not re.search(r"[^\w \-.'\u00a0]", piece)


_COMPASS = {"South": "Southern", "North": "Northern", "East": "Eastern", "West": "Western"}
_COMPASS.update({v: k for k, v in list(_COMPASS.items())})
_PEOPLE = re.compile(r"^((?:[A-Z][\w\-]*\s+)*[A-Z][\w\-]*(?:an|ani|i|ese|ish))\s+people$")


def _derived(names: list[str]) -> list[str]:
    """Forms of the registry's own names that English derives regularly: "Azerbaijani people" is
    also written "Azerbaijanis", "South Azerbaijan" also "Southern Azerbaijan" (and the reverse).
    Only names already given are varied, so no entity gains a name of another."""
    found: list[str] = []
    for name in names:
        name = _QUALIFIER.sub("", name).strip()
        if people := _PEOPLE.match(name):
            found.append(people.group(1) + "s")
        for form in [name, *found[-1:]] if people else [name]:
            first, _, rest = form.partition(" ")
            if rest and first in _COMPASS and rest[:1].isupper():
                found.append(f"{_COMPASS[first]} {rest}")
    return [f for f in dict.fromkeys(found) if f not in names]
