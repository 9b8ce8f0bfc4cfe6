"""Leave-one-out evaluation of the drafter on the curated seed documents (``make draft-eval``).

For each document, the registry loses the entities only that document refers to, and the names
the drafter learns from curated mentions are learned from the other documents only; the drafter
drafts the document's text; the draft is compared with the curated annotation.

Span matching is overlap-based, by characters: a curated assertion is *found* when at least half
of its characters lie inside drafted assertions; a drafted assertion is *right* (precision) when
at least half of its characters lie inside curated assertions. The speaker of a found assertion
is the speaker of the drafted assertion most like it (shared over joint characters, so that a
quote nested in a quote is not scored by the outer one; between equals, the one of the curated
assertion's mode); it is right when it is the same entity,
or a proposed entity whose label is one of the curated entity's names (folded).
*Quoted speaker, findable* counts only the found quotes whose curated speaker the text can name:
an entity the leave-one-out registry still holds, or a new one at least one of whose curated
names (label or alias, folded, word for word) is written in the document. A curated speaker that
is neither (e.g. a collective the curator named "participants of the rally" where the text only
says "here is the final statement") is not findable from the text by any rule.
*Quoted speaker, new ones paired* also counts a found quote right when its curated speaker is
an entity only this document introduces and the drafter proposed a new entity of the same kind
for it, the two paired one to one across the document (most shared quotes first, as CEAF
aligns coreference clusters): the drafter cannot know the curator's label ("participants of
the Brussels rally"), but a reviewer who renames its proposal ("participants in the action")
keeps every attribution. The pairing cannot tell a wrong group from a right one when each has
one quote; the note says how many such pairs there are.
*Mentions (known, by its own registry name)* counts only the curated mentions whose written
words, folded, are a label or an alias of the entity they refer to and of no other entity: the
mentions a gazetteer can find without coreference ("the president"), derived forms the registry
does not list ("Southern Azerbaijanis"), or a choice between entities that share the name ("Iran"
the place or the state).
*Mentions (known) precision* counts the drafted mentions of entities the leave-one-out registry
holds: right when a curated mention has the same span and the same entity.
Curated assertions are split by what the drafter can see: *quoted* (direct, inside quotation
marks), *reported* (mode reported) and *own voice* (direct, outside quotation marks: a letter's
or an article's own sentences; reported apart, no target).
*Relay hops right* counts the curated hops of the found assertions that the best-overlapping
drafted assertion's chain holds with the same role: a named hop (an agent) when the drafted hop
names the same entity (or a proposed one by one of its names); an unnamed hop (no agent, only
the curator's free-text description such as "unnamed translator of the English rendering") when
a drafted hop of the same role names no agent either, since no rule can write the curator's
description word for word. This column does not score the order of the hops; the line under
the table does.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

from provkb.annotations.reader import read_document
from provkb.annotations.registry import load_registry
from provkb.annotations.vocabulary import Vocabulary
from provkb.draft.extractor import RuleExtractor
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.quotes import find_quotes
from provkb.draft.reading import Source
from provkb.draft.text import fold
from provkb.problems import Problems

ROOT = Path(__file__).resolve().parents[1]

REF = re.compile(r"\b(?:person|org|collective|place|event)/[a-z0-9]+(?:-[a-z0-9]+)*")
FALLBACK_RULES = (
    "previous", "pronoun", "description", "document-voice", "nearest", "head-noun", "letter",
    "group-in-sentence", "participle", "introduced-as", "antecedent", "sentence-subject",
    "outlet-in-quotes",
    "after-quote",
    "impersonal-passive",
    "passive", "inscription", "event-participants", "published-by",
)  # fmt: skip


def words_of(text: str) -> str:
    return " ".join(re.findall(r"\w+", text))


def covered(spans: list[tuple[int, int]], size: int) -> bytearray:
    mask = bytearray(size)
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask


def share(mask: bytearray, start: int, end: int) -> float:
    return mask[start:end].count(1) / max(1, end - start)


def likeness(start: int, end: int, span) -> float:
    """How well a drafted span stands for a curated one: shared characters over joint ones.

    Shared characters alone would pick the longest drafted assertion around a short curated one
    (a quote nested in a quote would be scored by the outer quote's speaker).
    """
    shared = min(end, span.end) - max(start, span.start)
    return shared / (max(end, span.end) - min(start, span.start))


def names_of(entity) -> set[str]:
    found = {fold(v) for v in entity.labels.values()}
    for values in entity.aliases.values():
        found |= {fold(v) for v in values}
    return {re.sub(r"\s*\([^)]*\)$", "", n).strip() for n in found}


def leave_one_out_gazetteer(kb: Path, document: str, leave_out: set[str]) -> Gazetteer:
    """The registry without ``leave_out``, with the names learned from the curated mentions
    of the other documents only (never from ``document`` itself)."""
    gazetteer = Gazetteer.from_folder(kb / "registry", leave_out)
    gazetteer.learn(kb / "documents", skip={document})
    return gazetteer


def hop_right(curated, drafted: list, same) -> bool:
    """Whether a drafted chain holds the curated hop: the same role and, for a named hop, the
    same agent; for an unnamed hop (the curator's description in ``agent_as_written``, no
    agent), a drafted hop of the same role with no agent, whatever its description says."""
    role = curated.role.rsplit("/", 1)[-1]
    if curated.agent is None:
        return any(h.role == role and h.agent is None for h in drafted)
    return any(h.role == role and h.agent and same(h.agent, curated.agent) for h in drafted)


def evaluate(kb: Path) -> tuple[list[dict], dict]:
    problems = Problems()
    vocabulary = Vocabulary.load(ROOT / "ontology" / "vocabularies.ttl")
    registry = load_registry(kb / "registry", vocabulary, problems)
    texts = sorted((kb / "documents").glob("*.txt"))
    refs = {t.stem: set(REF.findall(t.with_suffix(".yaml").read_text())) for t in texts}
    name_owners: dict[str, set[str]] = defaultdict(set)
    for ref, entity in registry.entities.items():
        for name in names_of(entity):
            name_owners[name].add(ref)
    rows = []
    for path in texts:
        others = set().union(*(refs[s] for s in refs if s != path.stem))
        leave_out = refs[path.stem] - others
        gazetteer = leave_one_out_gazetteer(kb, path.stem, leave_out)
        doc = read_document(path, registry, vocabulary, problems)
        text = doc.text
        draft = RuleExtractor().extract(Source(path, text, "text"), gazetteer)
        new_labels = {e.ref: fold(e.label) for e in draft.entities}
        quoted = covered(
            [(q.open_at, (q.close_at or q.end) + 1) for q in find_quotes(text)], len(text)
        )

        def same(drafted: str, curated: str, new_labels: dict[str, str] = new_labels) -> bool:
            if drafted == curated:
                return True
            entity = registry.entities.get(curated)
            return bool(entity) and new_labels.get(drafted) in names_of(entity)

        folded_text = f" {words_of(fold(text))} "

        def findable(
            curated: str, leave_out: set[str] = leave_out, folded: str = folded_text
        ) -> bool:
            if curated not in leave_out:
                return True
            entity = registry.entities.get(curated)
            names = names_of(entity) if entity else set()
            return any(f" {words_of(n)} " in folded for n in names if n)

        drafted_mask = covered([(a.start, a.end) for a in draft.assertions], len(text))
        curated_mask = covered([(a.span.start, a.span.end) for a in doc.assertions], len(text))
        stats: dict = defaultdict(int)
        quoted_pairs: list[tuple[str, str, bool]] = []
        for c in doc.assertions:
            if c.mode.endswith("/reported"):
                group = "reported"
            elif share(quoted, c.span.start, c.span.end) >= 0.5:
                group = "quoted"
            else:
                group = "own"
            stats[f"{group}_total"] += 1
            if share(drafted_mask, c.span.start, c.span.end) < 0.5:
                continue
            stats[f"{group}_found"] += 1
            best = max(
                draft.assertions,
                key=lambda a: (
                    likeness(a.start, a.end, c.span),
                    a.mode == c.mode.rsplit("/", 1)[-1],
                ),
            )
            right = same(best.speaker.ref, c.speaker)
            stats[f"{group}_speaker"] += right
            if group == "quoted":
                quoted_pairs.append((c.speaker, best.speaker.ref, right))
            if findable(c.speaker):
                stats[f"{group}_findable"] += 1
                stats[f"{group}_findable_right"] += right
            stats["about_total"] += len(c.about)
            stats["about_drafted"] += len(best.about)
            stats["about_right"] += sum(any(same(d, a) for d in best.about) for a in c.about)
            for hop in c.hops:
                stats["hops_total"] += 1
                stats["hops_right"] += hop_right(hop, best.relay, same)
            order = [
                next(i for i, h in enumerate(best.relay) if hop_right(hop, [h], same))
                for hop in c.hops
                if hop_right(hop, best.relay, same)
            ]
            if len(order) >= 2:
                stats["chains_ordered_total"] += 1
                stats["chains_ordered"] += order == sorted(order)
            stats["hops_drafted"] += len(best.relay)
        for a in draft.assertions:
            right = share(curated_mask, a.start, a.end) >= 0.5
            stats[f"drafted_{a.mode}"] += 1
            stats[f"drafted_{a.mode}_right"] += right
            fallback = any(k in a.speaker.rule for k in FALLBACK_RULES)
            stats["fallback_speakers"] += fallback
            stats["fallback_flagged"] += fallback and a.speaker.guess
        pairing = pair_new_speakers(quoted_pairs, leave_out, set(new_labels))
        stats["quoted_paired"] = sum(
            right or pairing.get(curated) == drafted for curated, drafted, right in quoted_pairs
        )
        drafted_mentions = {(m.start, m.end, m.ref) for m in draft.mentions}
        for m in doc.mentions:
            if m.refers_to in leave_out:
                continue
            stats["mentions_total"] += 1
            hit = (m.span.start, m.span.end, m.refers_to) in drafted_mentions
            stats["mentions_found"] += hit
            if name_owners.get(fold(text[m.span.start : m.span.end]).strip()) == {m.refers_to}:
                stats["mentions_named"] += 1
                stats["mentions_named_found"] += hit
        curated_mentions = {(m.span.start, m.span.end, m.refers_to) for m in doc.mentions}
        for m in draft.mentions:
            if m.ref in gazetteer.refs:
                stats["mentions_drafted"] += 1
                stats["mentions_drafted_right"] += (m.start, m.end, m.ref) in curated_mentions
        all_names = set().union(*(names_of(e) for e in registry.entities.values()))
        for entity in draft.entities:
            stats["new_total"] += 1
            stats["new_right"] += fold(entity.label) in all_names
        stats["document"] = path.stem
        rows.append(stats)
    total: dict = defaultdict(int)
    for row in rows:
        for key, value in row.items():
            if key != "document":
                total[key] += value
    total["document"] = "**all**"
    return rows, total


def pair_new_speakers(
    pairs: list[tuple[str, str, bool]], leave_out: set[str], proposed: set[str]
) -> dict[str, str]:
    """Pair each curated speaker only this document introduces with at most one proposed entity
    of the same kind, one to one, most shared quotes first (ties in text order)."""
    counts: dict[tuple[str, str], int] = {}
    for curated, drafted, right in pairs:
        kind_matches = curated.split("/")[0] == drafted.split("/")[0]
        if not right and curated in leave_out and drafted in proposed and kind_matches:
            counts[(curated, drafted)] = counts.get((curated, drafted), 0) + 1
    taken = {drafted for curated, drafted, right in pairs if right}
    pairing: dict[str, str] = {}
    for (curated, drafted), _count in sorted(counts.items(), key=lambda kv: -kv[1]):
        if curated not in pairing and drafted not in taken:
            pairing[curated] = drafted
            taken.add(drafted)
    return pairing


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}% ({part}/{whole})" if whole else "–"


def table(rows: list[dict], total: dict) -> str:
    head = (
        "| document | quoted found | quoted speaker | quoted speaker, findable "
        "| quoted speaker, new ones paired | reported found "
        "| reported precision | own-voice found | direct precision | relay hops right "
        "| mentions (known) | mentions (known, by its own registry name) "
        "| mentions (known) precision "
        "| about (found assertions) | about precision "
        "| new entities right | guessed speakers flagged |\n" + "|---" * 17 + "|\n"
    )
    lines = []
    for r in [*rows, total]:
        lines.append(
            f"| {r['document']} | {pct(r['quoted_found'], r['quoted_total'])} "
            f"| {pct(r['quoted_speaker'], r['quoted_found'])} "
            f"| {pct(r['quoted_findable_right'], r['quoted_findable'])} "
            f"| {pct(r['quoted_paired'], r['quoted_found'])} "
            f"| {pct(r['reported_found'], r['reported_total'])} "
            f"| {pct(r['drafted_reported_right'], r['drafted_reported'])} "
            f"| {pct(r['own_found'], r['own_total'])} "
            f"| {pct(r['drafted_direct_right'], r['drafted_direct'])} "
            f"| {pct(r['hops_right'], r['hops_total'])} "
            f"| {pct(r['mentions_found'], r['mentions_total'])} "
            f"| {pct(r['mentions_named_found'], r['mentions_named'])} "
            f"| {pct(r['mentions_drafted_right'], r['mentions_drafted'])} "
            f"| {pct(r['about_right'], r['about_total'])} "
            f"| {pct(r['about_right'], r['about_drafted'])} "
            f"| {pct(r['new_right'], r['new_total'])} "
            f"| {pct(r['fallback_flagged'], r['fallback_speakers'])} |"
        )
    return head + "\n".join(lines) + "\n"


def main() -> int:
    rows, total = evaluate(ROOT / "kb")
    out = ROOT / "build" / "draft-eval.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    body = (
        "# Drafter evaluation (leave-one-out on the seed documents)\n\n"
        + (__doc__ or "").split("\n\n", 1)[1]
        + "\n"
        + table(rows, total)
        + "\nRelay chains in order (the found chains with two or more hops right, whose right"
        " hops stand in the curated order, 1 nearest the document):"
        f" {pct(total['chains_ordered'], total['chains_ordered_total'])}.\n"
        + "\nTargets: quoted found ≥ 95% with the right speaker ≥ 90%; reported found ≥ 70%"
        " at ≥ 80% precision; known-entity mentions ≥ 95%; every guessed speaker flagged.\n"
    )
    out.write_text(body, encoding="utf-8")
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
