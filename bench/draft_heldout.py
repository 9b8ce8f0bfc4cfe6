"""Held-out evaluation of the drafter on documents it was never tuned on (``make draft-heldout``).

The eight documents of a held-out set (``bench/heldout/`` by default, or the folder given with
``--set``, such as ``bench/heldout2/``) were written for this bench, in the genres of real
corpora, by someone who did not read the drafter's rules; their gold annotations are
``<set>/<name>.gold.yaml`` (format: ``bench/heldout/README.md``). Each document is drafted twice
by the real drafter: with an empty registry (a temporary empty folder), and with the set's
``registry/``, which knows about half of the documents' entities.

Span matching is overlap-based, by characters: a gold assertion is *found* when at least half of
its characters lie inside drafted assertions (of either mode). Its drafted counterpart is the
drafted assertion most like it (shared over joint characters; between equals, the one of the
gold's mode: an answer's sentence rather than the words of another it passes on). A drafted
assertion is *right*
(precision) when at least half of its characters lie inside the sentences that hold gold
assertions (any mode) and it shares characters with one of them: a draft may span the reporting
clause around the words asserted, but an attribution clause alone ("said X, head of Y.") is not
an assertion.
*Quoted* are the gold direct assertions inside quotation marks; *answers, own voice* the direct
ones outside them (an interview's answers, a letter's or a press release's own sentences).
A *speaker* is right when one of the names of the drafted speaker (its drafted label and
aliases, the registry's labels and aliases, or else the words of its reference) and one of the
gold names (the speaker as written, and the surface forms of the mentioned entity it is), folded
(case, diacritics, punctuation), are equal or one holds the other as whole words.
A gold *hop* of a found assertion is right when the relay of its drafted counterpart has a hop of
the same role (``cited-work`` and ``broadcaster`` count as ``outlet``) and, when the gold names
the relay, a name that matches it as speakers' names do.
*Inferred speakers flagged*: of the found assertions whose speaker the text gives only by a
pronoun or in an earlier paragraph, how many drafted speakers are marked as a guess. *Wrong
speakers flagged*: of the found assertions whose drafted speaker is wrong, how many are marked.
*Unflagged speakers right*: of the found assertions whose drafted speaker is not marked as a
guess, how many are right (whether a reviewer may trust an unmarked speaker).
*Known mentions* (registry run): every occurrence, as a whole word, of a surface form of an
entity the registry holds (longest first, no overlaps) is found when a drafted mention of that
entity covers at least half of it; precision counts the drafted mentions of registry entities
that cover at least half of such an occurrence of their own entity.
*New entities right*: drafted candidates whose label, folded, equals a gold surface form or
speaker name. *Metadata*: title (folded, equal), date (the drafted date starts with the gold
one), outlet and author (matched as names) that the gold states.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bench.heldout_gold import (
    HELDOUT,
    GoldAssertion,
    GoldDocument,
    GoldError,
    documents,
    load_gold,
)
from provkb.draft.extractor import RuleExtractor
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.model import Assertion, Draft

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
SAME_ROLE = {"cited-work": "outlet", "broadcaster": "outlet"}
# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "ß": "ss", "æ": "ae"})
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")
_SENTENCE_END = re.compile(r"[.!?…][)\"”’»“]*(?=\s)")


def fold_words(name: str) -> tuple[str, ...]:
    """The words of ``name`` without case, diacritics, punctuation or a trailing (qualifier)."""
    plain = unicodedata.normalize("NFKD", _QUALIFIER.sub("", name).translate(_LETTERS))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return tuple(re.findall(r"\w+", plain))


def _holds(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    size = len(shorter)
    return any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))


def names_match(drafted: Iterable[str], gold: Iterable[str]) -> bool:
    """Whether a drafted and a gold name, folded, are equal or one holds the other."""
    gold_words = [w for w in (fold_words(n) for n in gold) if w]
    for name in drafted:
        words = fold_words(name)
        if words and any(_holds(words, g) or _holds(g, words) for g in gold_words):
            return True
    return False


def registry_names(folder: Path | None) -> dict[str, list[str]]:
    """Each registry entity's labels and aliases, in every language, by reference."""
    names: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.yaml")) if folder else []:
        for entity in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            found = list((entity.get("labels") or {}).values())
            for aliases in (entity.get("aliases") or {}).values():
                found += aliases
            names[entity["id"]] = found
    return names


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Lines, cut after sentence-final punctuation (and closing quotation marks)."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for end in _SENTENCE_END.finditer(line.group()):
            spans.append((start, line.start() + end.end()))
            start = line.start() + end.end()
        spans.append((start, line.end()))
    return spans


def mask(spans: Iterable[tuple[int, int]], size: int) -> bytearray:
    """1 where a span covers the text, 0 elsewhere."""
    covered = bytearray(size)
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    return covered


def share(covered: bytearray, start: int, end: int) -> float:
    """The part of ``start:end`` that ``covered`` covers."""
    return covered[start:end].count(1) / max(1, end - start)


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Characters two spans share."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


@dataclass
class Scorer:
    """Compares one draft with its gold document; counts go to ``stats``."""

    gold: GoldDocument
    draft: Draft
    registry: dict[str, list[str]]
    gazetteer: Gazetteer
    stats: Counter = field(default_factory=Counter)

    def names_of(self, ref: str | None) -> list[str]:
        """Every name the draft or the registry gives the entity ``ref``."""
        if not ref:
            return []
        names = list(self.registry.get(ref, []))
        for entity in self.draft.entities:
            if entity.ref == ref:
                names += [entity.label, *entity.aliases]
                # "unnamed customs officer": the drafter's label for a person the text
                # describes without naming; the description is what the gold writes.
                if entity.label.startswith("unnamed "):
                    names.append(entity.label.removeprefix("unnamed "))
        if ref in self.gazetteer.labels:
            names.append(self.gazetteer.labels[ref])
        return names or [ref.rsplit("/", 1)[-1].replace("-", " ")]

    def gold_names(self, name: str | None, entity_id: str | None = None) -> list[str]:
        """A gold name and the surface forms of the entity it is (or that it is written as)."""
        names = [name] if name else []
        for mention in self.gold.mentions:
            if mention.id == entity_id or (name and name in mention.surface):
                names += mention.surface
        return names

    def score(self) -> Counter:
        """Count everything the report shows for this document."""
        text = self.gold.source.text
        drafted = mask(((a.start, a.end) for a in self.draft.assertions), len(text))
        for gold in self.gold.assertions:
            self.assertion(gold, drafted)
        self.precision(text)
        self.mentions(text)
        self.entities()
        self.metadata()
        return self.stats

    def assertion(self, gold: GoldAssertion, drafted: bytearray) -> None:
        group = "reported" if gold.mode == "reported" else gold.voice
        group = "unquoted" if group in ("answer", "own") else group
        self.stats[f"{group}_total"] += 1
        if share(drafted, gold.start, gold.end) < 0.5:
            return
        self.stats[f"{group}_found"] += 1
        # Shared over joint characters: shared characters alone would score a quote nested in
        # a quote by the outer quote's speaker. Between drafted spans alike (an answer's
        # sentence and the words of another that it passes on), the one of the gold's mode.
        best = max(
            self.draft.assertions,
            key=lambda a: (
                overlap(a.start, a.end, gold.start, gold.end)
                / (max(a.end, gold.end) - min(a.start, gold.start)),
                a.mode == gold.mode,
            ),
        )
        speaker = gold.speaker
        right = names_match(
            self.names_of(best.speaker.ref), self.gold_names(speaker.name, speaker.id)
        )
        self.stats[f"{group}_speaker"] += right
        if speaker.inferred:
            self.stats["inferred"] += 1
            self.stats["inferred_flagged"] += best.speaker.guess
        if not right:
            self.stats["wrong"] += 1
            self.stats["wrong_flagged"] += best.speaker.guess
        if not best.speaker.guess:
            self.stats["unflagged"] += 1
            self.stats["unflagged_right"] += right
        for hop in gold.hops:
            self.stats["hops_total"] += 1
            self.stats["hops_right"] += self.hop_right(best, hop.role, hop.name)

    def hop_right(self, drafted: Assertion, role: str, name: str | None) -> bool:
        for hop in drafted.relay:
            short = hop.role.rsplit("/", 1)[-1]
            if SAME_ROLE.get(short, short) != role:
                continue
            names = [hop.agent_as_written or "", *self.names_of(hop.agent)]
            if name is None or names_match(names, self.gold_names(name)):
                return True
        return False

    def precision(self, text: str) -> None:
        sentences = sentence_spans(text)
        held = mask(
            (
                (s_start, s_end)
                for gold in self.gold.assertions
                for s_start, s_end in sentences
                if overlap(s_start, s_end, gold.start, gold.end)
            ),
            len(text),
        )
        for assertion in self.draft.assertions:
            self.stats[f"drafted_{assertion.mode}"] += 1
            self.stats[f"drafted_{assertion.mode}_right"] += share(
                held, assertion.start, assertion.end
            ) >= 0.5 and any(
                overlap(assertion.start, assertion.end, gold.start, gold.end)
                for gold in self.gold.assertions
            )

    def occurrences(self, text: str) -> list[tuple[int, int, str]]:
        """Whole-word occurrences of the gold surface forms, longest first, without overlaps."""
        found = [
            (m.start(), m.end(), mention.id)
            for mention in self.gold.mentions
            for form in mention.surface
            for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text)
        ]
        found.sort(key=lambda o: (o[0] - o[1], o[0], o[2]))
        taken = bytearray(len(text))
        kept = []
        for start, end, entity_id in found:
            if not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                kept.append((start, end, entity_id))
        return sorted(kept)

    def mentions(self, text: str) -> None:
        known = [o for o in self.occurrences(text) if o[2] in self.registry]
        drafted = [m for m in self.draft.mentions if m.ref in self.registry]
        for start, end, entity_id in known:
            self.stats["mentions_total"] += 1
            self.stats["mentions_found"] += any(
                m.ref == entity_id and overlap(m.start, m.end, start, end) * 2 >= end - start
                for m in drafted
            )
        for m in drafted:
            self.stats["mentions_drafted"] += 1
            self.stats["mentions_drafted_right"] += any(
                entity_id == m.ref and overlap(m.start, m.end, start, end) * 2 >= m.end - m.start
                for start, end, entity_id in known
            )

    def entities(self) -> None:
        written = {fold_words(form) for m in self.gold.mentions for form in m.surface}
        written |= {fold_words(a.speaker.name) for a in self.gold.assertions}
        for entity in self.draft.entities:
            self.stats["new_total"] += 1
            self.stats["new_right"] += fold_words(entity.label) in written

    def metadata(self) -> None:
        gold, drafted = self.gold.metadata, self.draft.metadata
        checks = {
            "title": lambda g: fold_words(drafted.title or "") == fold_words(g),
            "date": lambda g: (drafted.published or "").startswith(g),
            "outlet": lambda g: names_match(self.names_of(drafted.publisher), [g]),
            "author": lambda g: names_match(
                [
                    *drafted.authors_as_written,
                    *(n for a in drafted.authors for n in self.names_of(a)),
                ],
                [g],
            ),
        }
        for key, check in checks.items():
            value = gold.get(key)
            if value:
                self.stats["metadata_total"] += 1
                self.stats["metadata_right"] += check(value)


def evaluate(golds: list[GoldDocument], registry: Path | None) -> list[tuple[str, Counter]]:
    """Draft every document against ``registry`` (None: an empty one); the counts by document."""
    with tempfile.TemporaryDirectory(prefix="provkb-heldout-") as empty:
        folder = registry or Path(empty)
        gazetteer = Gazetteer.from_folder(folder)
        names = registry_names(registry)
        rows = []
        for gold in golds:
            draft = RuleExtractor().extract(gold.source, gazetteer)
            rows.append((gold.source.path.name, Scorer(gold, draft, names, gazetteer).score()))
    total: Counter = Counter()
    for _, stats in rows:
        total.update(stats)
    return [*rows, ("**all**", total)]


def pct(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a percentage with its counts, or a dash when there is none."""
    return f"{100 * part / whole:.0f}% ({part}/{whole})" if whole else "–"


COLUMNS = (
    ("quoted found", "quoted_found", "quoted_total"),
    ("quoted speaker", "quoted_speaker", "quoted_found"),
    ("answers, own voice found", "unquoted_found", "unquoted_total"),
    ("answers, own voice speaker", "unquoted_speaker", "unquoted_found"),
    ("reported found", "reported_found", "reported_total"),
    ("reported speaker", "reported_speaker", "reported_found"),
    ("reported precision", "drafted_reported_right", "drafted_reported"),
    ("direct precision", "drafted_direct_right", "drafted_direct"),
    ("hops right", "hops_right", "hops_total"),
    ("inferred speakers flagged", "inferred_flagged", "inferred"),
    ("wrong speakers flagged", "wrong_flagged", "wrong"),
    ("unflagged speakers right", "unflagged_right", "unflagged"),
    ("known mentions found", "mentions_found", "mentions_total"),
    ("known mentions precision", "mentions_drafted_right", "mentions_drafted"),
    ("new entities right", "new_right", "new_total"),
    ("metadata right", "metadata_right", "metadata_total"),
)


def table(rows: list[tuple[str, Counter]]) -> str:
    """The Markdown table of ``rows``."""
    head = "| document | " + " | ".join(c[0] for c in COLUMNS) + " |\n"
    head += "|---" * (len(COLUMNS) + 1) + "|\n"
    lines = [
        f"| {name} | " + " | ".join(pct(stats[p], stats[w]) for _, p, w in COLUMNS) + " |"
        for name, stats in rows
    ]
    return head + "\n".join(lines) + "\n"


def shown(folder: Path) -> str:
    """``folder`` relative to the project when it is inside it (reports do not name a machine)."""
    folder = folder.resolve()
    return folder.relative_to(ROOT).as_posix() if folder.is_relative_to(ROOT) else str(folder)


def report(golds: list[GoldDocument], folder: Path = HELDOUT) -> str:
    """The whole report on the set in ``folder``: how it matches, then a table per registry."""
    intro = (__doc__ or "").split("\n\n", 1)[1]
    registry = folder / "registry"
    return (
        f"# Drafter evaluation on held-out documents ({shown(folder)}/)\n\n"
        + intro
        + "\n## Empty registry\n\n"
        + table(evaluate(golds, None))
        + f"\n## Registry of about half the entities ({shown(registry)}/)\n\n"
        + table(evaluate(golds, registry))
    )


def default_out(folder: Path) -> Path:
    """Where the report on the set in ``folder`` goes: ``build/draft-<folder name>.md``."""
    return BUILD / f"draft-{folder.resolve().name}.md"


def write_atomically(path: Path, body: str) -> None:
    """Write ``body`` to ``path`` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(body)
    os.replace(temporary, path)


def main(argv: list[str] | None = None) -> int:
    """Run the held-out evaluation and write its report."""
    parser = argparse.ArgumentParser(prog="python -m bench.draft_heldout", description=__doc__)
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="a document's name (repeatable)"
    )
    parser.add_argument(
        "--set",
        type=Path,
        default=HELDOUT,
        metavar="FOLDER",
        help="the held-out set: documents, gold files and registry/ (default bench/heldout)",
    )
    parser.add_argument(
        "--out", type=Path, help="report file (default build/draft-<set folder name>.md)"
    )
    args = parser.parse_args(argv)
    if not args.set.is_dir():
        parser.error(f"no held-out set folder {args.set}")
    paths = documents(args.set)
    if not paths:
        parser.error(f"{args.set} holds no document with a .gold.yaml file")
    if args.only:
        unknown = sorted(set(args.only) - {p.stem for p in paths} - {p.name for p in paths})
        if unknown:
            parser.error(f"no held-out document named {', '.join(unknown)}")
        paths = [p for p in paths if p.stem in args.only or p.name in args.only]
    try:
        golds = [load_gold(path) for path in paths]
    except GoldError as error:
        print(error, file=sys.stderr)
        return 1
    body = report(golds, args.set)
    write_atomically(args.out or default_out(args.set), body)
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
