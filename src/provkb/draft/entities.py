"""The entities of one document: known ones from the gazetteer, new ones proposed as drafts."""

from __future__ import annotations

import bisect
import re

from provkb.annotations.spans import word_occurrences
from provkb.draft import senses
from provkb.draft.candidates import ACRONYM, Candidate, acronyms, guess, names
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.known import add_known
from provkb.draft.model import Mark, Mention, NewEntity
from provkb.draft.text import Folded, slugify

_EVIDENCE = 60  # characters of context kept as the evidence of a new entity


# The last word of an organisation's name: what a longer name ending in it is.
_ORG_HEAD = re.compile(
    r"\s(?:Front|Movement|Party|Council|Ministry|Union|Committee|Society|Association|"
    r"Organi[sz]ation|Cent(?:er|re)|Agency|Bureau|Institute|University|Assembly|Commission|"
    r"Foundation|Federation|League|Alliance|Coalition|Congress|Network|Company|Corporation|"
    r"Bank|Court|Office|Department|Service|Group)$"
)


class EntityTable:
    """Names in one text: registry mentions, name-like spans, and the new entities proposed."""

    def __init__(self, text: str, gazetteer: Gazetteer, language: str):
        self.text = text
        self.gazetteer = gazetteer
        self.language = language
        found = add_known(text, gazetteer.find(text, Folded.of(text)), gazetteer)
        self.mentions: list[Mention] = senses.choose(text, found, gazetteer)
        lowercase = {w for w in re.findall(r"\b[a-z][\w’'\-]*", text)}
        # Longest match first: a name that runs a known name on into an organisation's head
        # word ("South Azerbaijan National Liberation Front") is that organisation, not the place.
        longer = [(s, e) for s, e in names(text, lowercase) if _ORG_HEAD.search(text, s, e)]
        inside = bytearray(len(text))
        for s, e in longer:
            inside[s:e] = b"\x01" * (e - s)
        self.mentions = [
            m
            for m in self.mentions
            if not inside[m.start] or any(s == m.start and e == m.end for s, e in longer)
        ]
        self.new: dict[str, NewEntity] = {}
        # Where a description names an unnamed person the drafter proposed: an antecedent.
        self.described: list[tuple[int, int, str]] = []
        self.new_mentions: dict[str, list[Mention]] = {}
        # A proposed issuer -> the population it speaks for (kb/README.md: a population does
        # not speak with one voice; words issued in its name are the issuer's).
        self.spoken_for: dict[str, str] = {}
        self._aliases: dict[str, list[str]] = {}
        covered = bytearray(len(text))
        for mention in self.mentions:
            covered[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
        self.names = sorted(
            (s, e) for s, e in names(text, lowercase) if covered.find(1, s, e) == -1
        )  # in text order, for bisection
        self._by_end: dict[int, tuple[int, str | None]] = {}
        for mention in self.mentions:
            self._by_end[mention.end] = (mention.start, mention.ref)
        for start, end in self.names:
            self._by_end.setdefault(end, (start, None))
        self._mention_starts = [m.start for m in self.mentions]
        self._name_starts = sorted(s for s, _e in self.names)

    def name_ending_at(self, end: int) -> tuple[int, int, str | None] | None:
        """The known mention or name-like span that ends at ``end``: (start, end, ref or None)."""
        found = self._by_end.get(end)
        return (found[0], end, found[1]) if found else None

    def starts_between(self, lo: int, hi: int) -> list[int]:
        """Where known mentions and name-like spans start in ``lo:hi``, in order."""
        mentions = self._mention_starts[
            bisect.bisect_left(self._mention_starts, lo) : bisect.bisect_left(
                self._mention_starts, hi
            )
        ]
        names = self._name_starts[
            bisect.bisect_left(self._name_starts, lo) : bisect.bisect_left(self._name_starts, hi)
        ]
        return sorted(set(mentions) | set(names))

    def name_starting_at(self, start: int) -> tuple[int, int, str | None] | None:
        """The known mention or name-like span that starts at ``start``."""
        index = bisect.bisect_left(self._mention_starts, start)
        if index < len(self.mentions) and self.mentions[index].start == start:
            mention = self.mentions[index]
            return mention.start, mention.end, mention.ref
        for s, e in self.names:
            if s == start:
                return s, e, None
        return None

    def ref_of(self, start: int, end: int, rule: str, hint: str | None = None) -> str:
        """The entity the name at ``start:end`` refers to, proposing a new one when unknown.

        Args:
            start: where the name starts.
            end: where it ends.
            rule: the rule that needs the entity (recorded on a new one).
            hint: "person", "org", "collective", "news-agency" or "media-outlet" when the
                role the name plays says what it is (a speaker, an outlet a quote was told to).
        """
        for mention in self.mentions:
            if mention.start <= start and end <= mention.end:
                return mention.ref
        written = self.text[start:end]
        known = self.gazetteer.lookup(written)
        if known:
            return known
        if " " not in written:
            # A surname alone ("Berg") after the full name ("Tomas Berg") is the same person.
            for ref, entity in self.new.items():
                if ref.startswith("person/") and entity.label.split()[-1] == written:
                    return ref
            for name_start, name_end in self.names:
                if name_start >= start:
                    break
                full = self.text[name_start:name_end]
                same_surname = " " in full and full.split()[-1] == written
                if same_surname and guess(self.text, name_start, name_end).kind == "person":
                    return self.ref_of(name_start, name_end, rule, "person")
        candidate = guess(self.text, start, end)
        return self._propose(written, candidate, rule, hint)

    def collective(self, start: int, end: int, rule: str) -> str:
        """A group named by a common noun phrase ("local activists"): known or proposed."""
        written = self.text[start:end]
        known = self.gazetteer.lookup(written)
        if known:
            return known
        candidate = Candidate(start, end, "collective", None, "group-noun", 0.5)
        return self._propose(written, candidate, rule, "collective")

    def participants(self, event: str, start: int, end: int, rule: str) -> str:
        """The participants of an event the text names at ``start:end`` ("the rally in X"),
        proposed as a collective labelled "participants in <event>"."""
        candidate = Candidate(start, end, "collective", None, "event-participants", 0.4)
        return self._propose(f"participants in {event}", candidate, rule, "collective")

    def is_population(self, ref: str | None) -> bool:
        """Whether ``ref`` is a registry collective of kind ``population`` (a whole people)."""
        return bool(ref) and self.gazetteer.kinds.get(str(ref)) == "population"

    def issuer_for(self, population: str, title: str | None, start: int, end: int) -> str:
        """The unnamed issuer of words a text gives in a population's name ("«The demands of
        the X people»:"), proposed as a group that speaks for it."""
        name = self.gazetteer.labels.get(population, population)
        label = f"unnamed issuer of «{title}»" if title else f"unnamed issuer speaking for {name}"
        candidate = Candidate(start, end, "collective", None, "issuer-for-population", 0.4)
        ref = self._propose(label, candidate, "statement-of:issuer-for-population", "collective")
        self.spoken_for[ref] = population
        return ref

    def signatory(self, start: int, end: int, rule: str) -> str:
        """The person who signs with the initials at ``start:end`` ("P. M."): known, or proposed
        as a person whatever the initials look like (not an acronym's organisation)."""
        written = self.text[start:end]
        known = self.gazetteer.lookup(written)
        if known:
            return known
        candidate = Candidate(start, end, "person", None, "initials", 0.5)
        return self._propose(written, candidate, rule, "person")

    def unnamed(self, description: str, start: int, end: int, rule: str) -> str:
        """A person the text describes but does not name ("the imam"), proposed as "unnamed
        <description>"; the same description names the same proposal."""
        candidate = Candidate(start, end, "person", None, "description", 0.3)
        ref = self._propose(f"unnamed {description}", candidate, rule, "person")
        self.described.append((start, end, ref))
        return ref

    def described_org(self, description: str, start: int, end: int, rule: str) -> str:
        """An organisation the text names by its kind ("the farmers' association"), proposed
        with the description as its label."""
        candidate = Candidate(start, end, "org", "political-organisation", "description", 0.4)
        return self._propose(description, candidate, rule, "org")

    def _propose(self, written: str, candidate: Candidate, rule: str, hint: str | None) -> str:
        kind, org_kind = candidate.kind, candidate.org_kind
        if hint in ("news-agency", "media-outlet"):
            kind, org_kind = (
                "org",
                hint if org_kind in (None, "political-organisation") else org_kind,
            )
        elif _ORG_HEAD.search(" " + written.strip()) and kind != "org":
            # A name that ends in "Union", "Front", "Ministry" is an organisation, whatever role
            # it plays in the sentence.
            kind, org_kind = "org", org_kind or "political-organisation"
        elif hint in ("person", "collective") and candidate.rule in (
            "capitalised-word",
            "capitalised-words",
            "group-noun",
        ):
            kind = hint
            org_kind = None
        elif hint == "org" and kind != "org":
            kind, org_kind = "org", "political-organisation"
        label = written.strip()
        slug = slugify(label)
        ref = f"{kind}/{slug}"
        for existing_ref, entity in self.new.items():
            if entity.label == label or label in self._aliases.get(existing_ref, []):
                return existing_ref
            if entity.label.casefold() == label.casefold() and existing_ref.startswith(kind):
                # "LOWLAND PEOPLE'S PARTY" in a letterhead and "Lowland People's Party" in the
                # text are one proposal, labelled as the running text writes it.
                if entity.label.isupper() and not label.isupper():
                    entity.label = label
                return existing_ref
        suffix = 2
        while ref in self.gazetteer.refs or ref in self.new:
            ref = f"{kind}/{slug}-{suffix}"
            suffix += 1
        start, end = self.text.find(written), self.text.find(written) + len(written)
        if start < 0:  # a label the text does not spell ("participants in the rally")
            start, end = candidate.start, candidate.end
        evidence = self.text[max(0, start - _EVIDENCE) : end + _EVIDENCE]
        confidence = candidate.confidence if hint is None else max(candidate.confidence, 0.6)
        self.new[ref] = NewEntity(
            ref=ref,
            label=label,
            language=self.language,
            # A collective needs a kind (kb/README.md); a group noun ("activists") proposes a
            # bounded group, never a whole population, which a curator would have to justify.
            kind_value=org_kind if kind == "org" else "group" if kind == "collective" else None,
            evidence=" ".join(evidence.split()),
            mark=Mark(f"{rule}+{candidate.rule}", round(confidence, 2)),
        )
        return ref

    def named_by_page(self, name: str, rule: str, hint: str) -> str:
        """The entity a saved page's metadata names (its site, its author) where its extracted
        text does not write the name: known, or proposed with the metadata as its evidence."""
        known = self.gazetteer.lookup(name)
        if known:
            return known
        kind = guess(name, 0, len(name))
        candidate = Candidate(0, 0, kind.kind, kind.org_kind, kind.rule, kind.confidence)
        ref = self._propose(name, candidate, rule, hint)
        if self.text.find(name) < 0:
            self.new[ref].evidence = f"the page's metadata: {name}"
        return ref

    def propose_names(self) -> None:
        """Propose the names that strong cues make entities: acronym pairs, titled people,
        names with an organisation word."""
        for long_start, long_end, short_start, short_end in acronyms(self.text):
            long_form = self.text[long_start:long_end]
            short = self.text[short_start:short_end]
            known = self.gazetteer.lookup(long_form) or self.gazetteer.lookup(short)
            if known:
                continue
            candidate = guess(self.text, long_start, long_end)
            if candidate.kind != "org":
                candidate = Candidate(long_start, long_end, "org", "political-organisation",
                                      "acronym", 0.6)  # fmt: skip
            ref = self._propose(long_form, candidate, "acronym-expansion", None)
            self._aliases.setdefault(ref, []).append(short)
        for start, end in self.names:
            candidate = guess(self.text, start, end)
            if candidate.rule in ("organisation-word", "title-before-name", "title-in-name") or (
                candidate.rule == "acronym"
                and len(word_occurrences(self.text, self.text[start:end])) >= 2
                and ACRONYM.fullmatch(self.text[start:end])
            ):
                self.ref_of(start, end, "name")

    def by_head_noun(self, noun: str, before: int) -> str | None:
        """The nearest entity before ``before`` whose name has ``noun`` as a word ("the union"
        -> "Valmora Dockers Union")."""
        noun = noun.lower()
        best: tuple[int, str] | None = None
        for mention in self.mentions:
            if (
                mention.end <= before
                and noun in self.text[mention.start : mention.end].lower().split()
            ):
                best = (mention.start, mention.ref)
        for ref, entity in self.new.items():
            at = self.text.rfind(entity.label, 0, before)
            if at >= 0 and noun in entity.label.lower().split() and (best is None or at > best[0]):
                best = (at, ref)
        return best[1] if best else None

    def aliases(self, ref: str) -> list[str]:
        """Other names of a proposed entity (an acronym of its long form)."""
        return sorted(set(self._aliases.get(ref, [])))

    def all_mentions(self) -> list[Mention]:
        """Registry mentions plus every whole-word occurrence of each proposed entity's names."""
        taken = bytearray(len(self.text))
        result = list(self.mentions)
        for mention in self.mentions:
            taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
        names = [
            (written, ref, entity.mark.confidence)
            for ref, entity in self.new.items()
            for written in (entity.label, *self.aliases(ref))
        ]
        for written, ref, confidence in sorted(names, key=lambda n: (-len(n[0]), n[0])):
            for start in word_occurrences(self.text, written):
                end = start + len(written)
                if taken.find(1, start, end) == -1:
                    taken[start:end] = b"\x01" * (end - start)
                    result.append(Mention(start, end, ref, Mark("new-entity", confidence)))
        result += self._handles(result, taken)
        result.sort(key=lambda m: (m.start, m.end))
        return result

    def _handles(self, mentions: list[Mention], taken: bytearray) -> list[Mention]:
        """A social-media handle in brackets after a name ("Ana Berg (@ABerg_MP)") is the same
        entity's, there and wherever else the text writes it."""
        ending = {m.end: m for m in mentions}
        owners: dict[str, Mention] = {}
        for match in _HANDLE_AFTER_NAME.finditer(self.text):
            owner = ending.get(match.start())
            if owner is not None:
                owners.setdefault(match.group("handle"), owner)
        found = []
        for handle, owner in sorted(owners.items()):
            for start in word_occurrences(self.text, handle):
                end = start + len(handle)
                if taken.find(1, start, end) == -1:
                    taken[start:end] = b"\x01" * (end - start)
                    found.append(Mention(start, end, owner.ref, Mark("handle-of-name", 0.7)))
        return found


# "Ana Berg (@ABerg_MP)": the handle in brackets right after the name.
_HANDLE_AFTER_NAME = re.compile(r"\s*\(\s*(?P<handle>@\w{2,30})\s*\)")
