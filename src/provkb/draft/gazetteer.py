"""The registry as a gazetteer: every label and alias, in any language, folded, longest first."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from provkb.draft import forms
from provkb.draft.candidates import FUNCTION_WORDS, TITLES
from provkb.draft.model import Mark, Mention
from provkb.draft.text import Folded, fold

_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")  # "Iran (state)" is written "Iran"
_WORD = re.compile(r"\w+")
_MAX_LABEL_WORDS = 8  # longer labels are descriptions ("The mayor addressed in ..."), not names
_RANK = {"label": 0, "alias": 1, "derived": 2, "learned": 3, "inflected": 4}
_MAX_ENDING = 3  # letters an inflection adds to a name ("-a", "-ın", "-nin")
_MIN_STEM = 5  # letters a name needs before its inflections are matched
_VOWELS = "aeiouy"
# "the" before a capitalised word: "the Constitution" is mentioned as "Constitution".
_ARTICLE = re.compile(r"[Tt]he\s+(?=[A-Z])")


@dataclass(frozen=True)
class Name:
    """One way of writing an entity: its words and where the name comes from."""

    ref: str
    written: str
    # "label", "alias", "derived" (a regular English form), "learned" (from curated mentions)
    # or "inflected" (a name with an inflection's ending, made when a text is matched)
    how: str

    @property
    def is_label(self) -> bool:
        """Whether the name is one of the entity's labels."""
        return self.how == "label"


def _clean(name: str) -> str:
    return _QUALIFIER.sub("", str(name)).strip()


@dataclass
class Gazetteer:
    """Names by the folded first word, and entity kinds by reference."""

    by_first_word: dict[str, list[tuple[str, Name]]] = field(default_factory=dict)
    refs: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)  # ref -> a display label
    kinds: dict[str, str] = field(default_factory=dict)  # ref -> organisation kind, for orgs
    territories: dict[str, str] = field(default_factory=dict)  # a state -> its territory
    descriptions: dict[str, str] = field(default_factory=dict)  # ref -> English description
    lands_by_adjective: dict[str, str] = field(default_factory=dict)  # "Iranian" -> a country
    peoples_by_adjective: dict[str, str] = field(default_factory=dict)  # "Persian" -> a people
    # ("turkish", "south azerbaijan") -> the people a name "Turks of South Azerbaijan" gives
    peoples_of_places: dict[tuple[str, str], str] = field(default_factory=dict)
    # ("fishers guild", "norvik") -> the entity a name "Fishers Guild in Norvik" gives: which of
    # the entities called "Fishers Guild" a text means when it writes where.
    located: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def from_entities(cls, entities: list[dict]) -> Gazetteer:
        """Index registry entries (``{id, labels, aliases}`` mappings as the YAML has them)."""
        gazetteer = cls()
        by_ref = {e["id"]: e for e in entities if isinstance(e.get("id"), str)}
        written_by_ref: dict[str, list[tuple[str, str]]] = {}
        for ref, entity in by_ref.items():
            gazetteer.refs.add(ref)
            if isinstance(entity.get("kind"), str):
                gazetteer.kinds[ref] = entity["kind"]
            if isinstance(entity.get("territory"), str):
                gazetteer.territories[ref] = entity["territory"]
            description = entity.get("description")
            if isinstance(description, dict) and isinstance(description.get("en"), str):
                gazetteer.descriptions[ref] = description["en"]
            labels = entity.get("labels") or {}
            aliases = entity.get("aliases") or {}
            written: list[tuple[str, str]] = [(str(v), "label") for v in labels.values()]
            for values in aliases.values():
                written += [(str(v), "alias") for v in (values or [])]
            if labels:
                gazetteer.labels[ref] = str(labels.get("en") or next(iter(labels.values())))
            written += [(v, "derived") for v in _derived([w for w, _ in written])]
            written_by_ref[ref] = written
        for ref, entity in by_ref.items():
            own = [_clean(w) for w, _ in written_by_ref[ref]]
            more: list[str] = []
            if ref.startswith("place/"):
                more = forms.region_adjectives(own)
                if entity.get("kind") == "country":
                    for adjective in filter(None, map(forms.adjective, own)):
                        gazetteer.lands_by_adjective.setdefault(adjective, ref)
            elif ref.startswith("collective/") and entity.get("kind") == "population":
                # A one-word alias ("Turks") is often a loose name several peoples share: only
                # labels and longer names give their adjective.
                named = [_clean(w) for w, how in written_by_ref[ref] if how == "label" or " " in w]
                for adjective in filter(None, map(forms.people_adjective, named)):
                    gazetteer.peoples_by_adjective.setdefault(adjective, ref)
                for name in own:
                    people, of, where = name.partition(" of ")
                    people_adjective = forms.people_adjective(people) if of else None
                    if people_adjective and " " not in people_adjective:
                        key = (fold(people_adjective), fold(where))
                        gazetteer.peoples_of_places.setdefault(key, ref)
            elif entity.get("kind") == "armed-force":
                state = by_ref.get(str(entity.get("part_of")), {})
                territory = str(state.get("territory") or entity.get("part_of") or "")
                place = [_clean(w) for w, _ in written_by_ref.get(territory, [])]
                more = forms.armed_force_names(own, place)
            written_by_ref[ref] += [(v, "derived") for v in more if v not in own]
        known = {_clean(w).casefold() for written in written_by_ref.values() for w, _ in written}
        for ref, written in written_by_ref.items():
            names = {_clean(w).casefold() for w, _ in written}
            for text, how in written:
                if not _located(_clean(text), names, known):
                    gazetteer._index(Name(ref, _clean(text), how))
                    continue
                at_name, _in, where = _clean(text).rpartition(" in ")
                gazetteer.located.setdefault((_folded_words(at_name), _folded_words(where)), ref)
        gazetteer._sort()
        return gazetteer

    def _located_here(self, text: str, start: int, end: int, ref: str) -> bool:
        """Whether the text places the name at ``start:end`` where one of ``ref``'s names
        does: "Azerbaijani National Movement in Iran" for the entity with that alias."""
        if not self.located:
            return False
        place = _IN_PLACE.match(text, end)
        if place is None:
            return False
        key = (_folded_words(text[start:end]), _folded_words(place.group(1)))
        return self.located.get(key) == ref

    def _index(self, name: Name) -> bool:
        """Index one name (skipped, False, when it is too long or too short to be a name)."""
        folded = _folded_words(name.written)
        words = folded.split()
        if not words or len(words) > _MAX_LABEL_WORDS or len(folded) < 2:
            return False
        self.by_first_word.setdefault(words[0], []).append((folded, name))
        return True

    def _sort(self) -> None:
        # Longest name first; a label before an alias; then by reference, for determinism.
        for names in self.by_first_word.values():
            names.sort(key=lambda item: (-len(item[0]), _RANK[item[1].how], item[1].ref))

    def _inflected(self, text: str, folded: Folded, word: re.Match) -> list[tuple[int, int, Name]]:
        """The one-word names that ``word`` is an inflected form of (see :func:`_inflects`)."""
        start, end = folded.span(word.start(), word.end())
        if text[start:end].isascii():
            return []  # the common case, checked first: English words are never inflections
        form = word.group()
        found = []
        for size in range(1, _MAX_ENDING + 1):
            stem = form[:-size]
            for candidate in (stem, *(stem + vowel for vowel in _VOWELS)):
                for folded_name, name in self.by_first_word.get(candidate, ()):
                    if folded_name == candidate and _inflects(text, folded, word, candidate):
                        start, end = folded.span(word.start(), word.end())
                        found.append((start, end, Name(name.ref, name.written, "inflected")))
            if found:
                return found
        return []

    def add(self, entity: dict) -> None:
        """Index one more entity (a drafted one, so the next document does not propose it)."""
        more = Gazetteer.from_entities([entity])
        self.refs |= more.refs
        self.labels.update(more.labels)
        self.kinds.update(more.kinds)
        self.territories.update(more.territories)
        self.descriptions.update(more.descriptions)
        for adjective, ref in more.lands_by_adjective.items():
            self.lands_by_adjective.setdefault(adjective, ref)
        for adjective, ref in more.peoples_by_adjective.items():
            self.peoples_by_adjective.setdefault(adjective, ref)
        for key, ref in more.peoples_of_places.items():
            self.peoples_of_places.setdefault(key, ref)
        for where, ref in more.located.items():
            self.located.setdefault(where, ref)
        for word, names in more.by_first_word.items():
            self.by_first_word[word] = self.by_first_word.get(word, []) + names
        self._sort()

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

    def learn(self, documents: Path, skip: frozenset[str] | set[str] = frozenset()) -> int:
        """Add the names a person has linked to a known entity in the curated documents.

        The reviewed (not draft) mentions of ``documents/*.yaml`` are labelled data: a written
        form becomes a learned name of its entity when every curated mention of it links the
        same entity, it is written like a proper name (a capital, not a common word), it is not
        a registry name already, and it is linked at least half the times it stands in those
        texts (outside longer mentions), so that a word a curator linked once among many plain
        uses is not learned.

        Args:
            documents: the folder of document texts and annotations.
            skip: document ids (file stems) not to learn from (the one being evaluated).

        Returns:
            How many names were learned.
        """
        refs: dict[str, set[str]] = defaultdict(set)
        written: dict[str, str] = {}
        linked: dict[str, int] = defaultdict(int)
        standing: dict[str, int] = defaultdict(int)
        linked_in: dict[str, set[str]] = defaultdict(set)
        curated_by_text: list[tuple[str, list[dict]]] = []
        for path in sorted(documents.glob("*.yaml")):
            if path.stem in skip or not path.with_suffix(".txt").is_file():
                continue
            items = _mentions_section(path)
            curated = [
                m
                for m in items or []
                if isinstance(m, dict)
                and "draft" not in m
                and isinstance(m.get("quote"), str)
                and isinstance(m.get("refers_to"), str)
            ]
            for mention in curated:
                key = _folded_words(mention["quote"])
                refs[key].add(mention["refers_to"])
                written.setdefault(key, mention["quote"])
                linked_in[key].add(path.stem)
            curated_by_text.append((path.with_suffix(".txt").read_text(encoding="utf-8"), curated))
        for text, curated in curated_by_text:
            here = _standing(fold(text), written.keys())
            for key, count in here.items():
                standing[key] += count
            for mention in curated:
                key = _folded_words(mention["quote"])
                every = "prefix" not in mention and "occurrence" not in mention
                linked[key] += here.get(key, 0) if every else 1
        learned = 0
        for key, quote in sorted(written.items()):
            (ref,) = refs[key] if len(refs[key]) == 1 else (None,)
            if (
                ref in self.refs
                and _proper_name(quote)
                and self.lookup(quote) is None
                and linked[key] * 3 >= max(1, standing[key]) * 2
                # One word alone is often a plain adjective ("Persian"): learned only when
                # curators linked it in two documents or more.
                and (" " in key or len(linked_in[key]) >= 2)
            ):
                learned += self._index(Name(ref, quote, "learned"))
        self._sort()
        return learned

    def refs_named(self, name: str) -> set[str]:
        """Every entity that has ``name`` (folded) as a label, an alias or a derived form."""
        folded = _folded_words(_QUALIFIER.sub("", name))
        words = folded.split()
        return {
            entry.ref
            for candidate, entry in self.by_first_word.get(words[0] if words else "", [])
            if candidate == folded and entry.how != "learned"
        }

    def lookup(self, name: str) -> str | None:
        """The entity a whole name (folded) refers to, or None."""
        folded = _folded_words(_QUALIFIER.sub("", name))
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

        def folded_ascii(word: re.Match) -> bool:
            # Whether the original word is plain ASCII (an English word: never inflected).
            start, end = folded.span(word.start(), word.end())
            return text[start:end].isascii()

        for index, word in enumerate(words):
            for candidate, name in self.by_first_word.get(word.group(), ()):
                count = candidate.count(" ") + 1
                if index + count > len(words):
                    continue
                last = words[index + count - 1]
                piece = folded.text[word.start() : last.end()]
                if not _plain_gaps(piece):
                    continue
                how = name.how
                if " ".join(_WORD.findall(piece)) != candidate:
                    # The last word of a longer name may carry an inflection ("Güney
                    # Azərbaycanda" for "Güney Azərbaycan").
                    head, _, tail = candidate.rpartition(" ")
                    if count < 2 or " ".join(_WORD.findall(piece)).rpartition(" ")[0] != head:
                        continue
                    if not _inflects(text, folded, last, tail):
                        continue
                    how = "inflected"
                start, end = folded.span(word.start(), last.end())
                if (
                    name.written != name.written.lower()
                    and text[start:end] == text[start:end].lower()
                ):
                    continue
                found.append(
                    (start, end, name if how == name.how else Name(name.ref, name.written, how))
                )
            named = (c == word.group() for c, _ in self.by_first_word.get(word.group(), ()))
            if (not word.group().isascii() or not folded_ascii(word)) and not any(named):
                found += self._inflected(text, folded, word)
        # Longest first; among names of the same place, the entity whose name says where the
        # text says it is ("X in Iran"), the one written exactly as in the text, then a label
        # before an alias ("Iran" the place's label before the state's alias).
        found.sort(
            key=lambda f: (
                -(f[1] - f[0]),
                f[0],
                not self._located_here(text, f[0], f[1], f[2].ref),
                text[f[0] : f[1]] != f[2].written,
                _RANK[f[2].how],
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
            article = _ARTICLE.match(text, start, end)
            if article and name.written.startswith("the "):
                # A registry name written with a lower-case article ("the Constitution") gives
                # the article as context: the mention is the name. "The Hague" keeps its own.
                start = article.end()
            confidence = 0.95 if exact and name.is_label else 0.9 if exact else 0.8
            if name.how in ("derived", "learned", "inflected"):
                confidence -= 0.1
            rule = f"gazetteer-{name.how}"
            mentions.append(Mention(start, end, name.ref, Mark(rule, confidence)))
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions


_SAFE_LOADER = yaml.SafeLoader if TYPE_CHECKING else getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A top-level key of an annotation file: a line that starts with a name and a colon.
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):", re.MULTILINE)


def _mentions_section(path: Path) -> list | None:
    """The ``mentions:`` list of an annotation file, or None when it has none or is not valid
    YAML (``provkb validate`` names the mistake; nothing is learned from it). Only that
    section is parsed: the rest of a long annotation is most of the parsing time."""
    text = path.read_text(encoding="utf-8")
    keys = list(_TOP_KEY.finditer(text))
    for index, key in enumerate(keys):
        if key.group(1) == "mentions":
            end = keys[index + 1].start() if index + 1 < len(keys) else len(text)
            try:
                # libyaml's safe loader when PyYAML has it: plain containers and scalars only.
                section = yaml.load(text[key.start() : end], Loader=_SAFE_LOADER)  # noqa: S506
            except yaml.YAMLError:
                return None
            items = section.get("mentions") if isinstance(section, dict) else None
            return items if isinstance(items, list) else None
    return None


# Where a name is: " in Iran", " in the Netherlands".
_IN_PLACE = re.compile(r"\s+in\s+(?:the\s+)?([A-ZÀ-Ž][\w\-]*(?:\s+[A-ZÀ-Ž][\w\-]*){0,3})")


def _folded_words(name: str) -> str:
    """A name folded (case and diacritics) and cut to its words, as the index keys it."""
    return " ".join(_WORD.findall(fold(name)))


def _located(name: str, own: set[str], known: set[str]) -> bool:
    """Whether ``name`` is another of the entity's names with where it is ("Fishers Guild in
    Norvik" beside "Fishers Guild"): the place is a mention of its own, not part of the name."""
    head, found, place = name.casefold().rpartition(" in ")
    return bool(found) and head in own and place in known


def _standing(folded: str, keys) -> dict[str, int]:
    """How often each key (folded words) stands in a folded text, longest first, a word
    counted once: "Iranian" inside "Iranian regime" counts for the longer one only."""
    wanted = set(keys)
    firsts = {k.partition(" ")[0] for k in wanted}
    longest = max((k.count(" ") + 1 for k in wanted), default=0)
    words = _WORD.findall(folded)
    counts: dict[str, int] = defaultdict(int)
    index = 0
    while index < len(words):
        if words[index] not in firsts:
            index += 1
            continue
        for size in range(min(longest, len(words) - index), 0, -1):
            key = " ".join(words[index : index + size])
            if key in wanted:
                counts[key] += 1
                index += size
                break
        else:
            index += 1
    return counts


def _proper_name(written: str) -> bool:
    """Written like a proper name: a capital first letter, at least four letters, few words,
    not opened by an article or another function word ("The Guild" is a description whose
    referent the text gives), and not only common words or titles ("Secretary of State" names
    whoever holds the office when the text was written, not one person)."""
    words = _WORD.findall(written)
    return (
        written[:1].isupper()
        and len(written) >= 4
        and 0 < len(words) <= 6
        and words[0].lower() not in FUNCTION_WORDS
        and any(w.lower() not in FUNCTION_WORDS | TITLES | {"state"} for w in words)
    )


def _inflects(text: str, folded: Folded, word: re.Match, name: str) -> bool:
    """Whether ``word`` is the one-word name ``name`` (folded) with an inflection's ending:
    "Армении" of "Армения", "Azərbaycana" of "Azərbaycan". Only a capitalised word written with
    letters beyond ASCII (so never an English derivation such as "Iranian" of "Iran"), a name
    of five letters or more (its final vowel may give way), an ending of three letters at most."""
    form = word.group()
    if len(name) < _MIN_STEM or form == name:
        return False
    stem = name[:-1] if name[-1] in _VOWELS and not form.startswith(name) else name
    if not form.startswith(stem) or not 1 <= len(form) - len(stem) <= _MAX_ENDING:
        return False
    start, end = folded.span(word.start(), word.end())
    written = text[start:end]
    return written[:1].isupper() and not written.isascii() and written.isalpha()


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
