"""``provkb add PATH... [--slug SLUG]``: new documents become draft annotations."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from provkb.draft.adding import Added, add_one, expand, plan
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.reading import InputError
from provkb.paths import ProjectPaths

HELP = "add documents (text, Markdown or HTML; files or folders) with a drafted annotation"
_UNSURE = 0.5  # items drafted with less confidence than this are listed as unsure


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``provkb add``."""
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="file or folder")
    parser.add_argument("--slug", help="document id for a single file (default: from its name)")
    parser.add_argument(
        "--root", type=Path, help="project folder (default: found from the working directory)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    """Check every input, then draft and write each; 0 when all were added, 1 on bad input."""
    paths = ProjectPaths.discover(args.root)
    try:
        files = expand(args.paths)
    except InputError as error:
        print(f"provkb add: {error}", file=sys.stderr)
        return 1
    planned, errors = plan(files, paths.documents, args.slug)
    if errors:
        for refused in errors:
            print(f"provkb add: {refused}", file=sys.stderr)
        print(f"provkb add: {len(errors)} input(s) refused; nothing was written", file=sys.stderr)
        return 1
    gazetteer = Gazetteer.from_folder(paths.registry)
    gazetteer.learn(paths.documents)
    added: list[Added] = []
    from tqdm import tqdm

    progress = tqdm(
        planned, desc="drafting", unit="doc", disable=args.quiet or None, file=sys.stderr
    )
    for item in progress:
        added.append(add_one(item, paths.kb, gazetteer))
    _summary(added, paths.root)
    return 0


def _summary(added: list[Added], root: Path) -> None:
    modes: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    entities: Counter[str] = Counter()
    mentions = hops = events = guessed = unsure = 0
    notes = 0
    for item in added:
        draft = item.draft
        mentions += len(draft.mentions)
        events += len(draft.events)
        notes += len(draft.notes)
        for assertion in draft.assertions:
            modes[assertion.mode] += 1
            kinds[assertion.kind] += 1
            hops += len(assertion.relay)
            guessed += assertion.speaker.guess
            unsure += assertion.mark.confidence < _UNSURE
        for entity in draft.entities:
            entities[entity.ref.split("/", 1)[0]] += 1
            unsure += entity.mark.confidence < _UNSURE
        files = ", ".join(str(p.relative_to(root)) if p.is_relative_to(root) else str(p)
                          for p in item.files)  # fmt: skip
        print(f"added {item.source} as {item.slug}: {files}")
    total = sum(modes.values())
    print(f"\ndrafted {len(added)} document(s):")
    print(f"  assertions: {total} ({_counts(modes)}); by kind: {_counts(kinds)}")
    print(f"  relay hops: {hops}; mentions: {mentions}; dated events: {events}")
    print(f"  new entities proposed: {sum(entities.values())} ({_counts(entities)})")
    print("unsure:")
    print(f"  {guessed} speaker(s) only guessed (draft: speaker_guess: true)")
    print(f"  {unsure} item(s) drafted with confidence below {_UNSURE}")
    print(f"  {notes} relative date(s) left as notes in document.note")
    print("next steps:")
    print("  1. review each kb/documents/<id>.yaml (and kb/registry/draft-<id>.yaml): correct an")
    print("     item, then delete its draft: mark to accept it; delete what is wrong")
    print("  2. provkb build && provkb validate   (unreviewed drafts are warnings)")
    print("  3. provkb coverage                   (lists what is still to review)")


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {value}" for key, value in sorted(counter.items())) or "none"
