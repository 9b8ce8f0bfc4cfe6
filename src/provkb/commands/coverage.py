"""How completely each document is annotated, and what looks left out (exit 1 if anything is)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from provkb.annotations.coverage import DocumentCoverage, document_coverage
from provkb.annotations.registry import Entity, load_registry
from provkb.annotations.vocabulary import Vocabulary
from provkb.build.pipeline import compile_kb
from provkb.paths import ProjectPaths
from provkb.problems import InputError, Problems, report_problems

HELP = "report annotation coverage per document; exit 1 while items are unexplained"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``provkb coverage``."""
    parser.add_argument(
        "--root", type=Path, help="project folder (default: found from the working directory)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--document", action="append", help="only this document (repeatable)")


def run(args: argparse.Namespace) -> int:
    """Print the report; exit 0 when no item is unexplained, 1 otherwise, 2 on bad input."""
    paths = ProjectPaths.discover(args.root)
    try:
        compiled = compile_kb(paths)
    except InputError as error:
        summary = f"provkb coverage: {len(error.problems)} problem(s) in kb/"
        return report_problems(error.problems, paths.root, summary)
    wanted = set(args.document or compiled.documents)
    unknown = wanted - set(compiled.documents)
    if unknown:
        print(
            f"provkb coverage: unknown document(s): {', '.join(sorted(unknown))}", file=sys.stderr
        )
        return 2
    reports = [document_coverage(compiled.documents[s]) for s in sorted(wanted)]
    entities = [] if args.document else _draft_entities(paths)
    sys.stdout.write(
        _json(reports, entities) if args.format == "json" else _text(reports, entities, paths)
    )
    return 1 if entities or any(r.items or r.to_review for r in reports) else 0


def _draft_entities(paths: ProjectPaths) -> list[Entity]:
    """Registry entities the drafter proposed that nobody has reviewed yet."""
    vocabulary = Vocabulary.load(paths.ontology / "vocabularies.ttl")
    registry = load_registry(paths.registry, vocabulary, Problems())
    return sorted(
        (e for e in registry.entities.values() if e.draft), key=lambda e: (e.path, e.line)
    )


def _text(reports: list[DocumentCoverage], entities: list[Entity], paths: ProjectPaths) -> str:
    row = "{:40} {:>9} {:>8} {:>8} {:>6} {:>11}"
    lines = [row.format("document", "sentences", "covered", "ignored", "share", "unexplained")]
    for r in reports:
        share = f"{r.share:.0%}"
        lines.append(row.format(r.slug, r.sentences, r.covered, r.ignored, share, len(r.items)))
    for r in reports:
        for item in r.items:
            where = f"kb/documents/{r.slug}.txt:{item.line}"
            lines.append(f"{where}: unexplained {item.kind}: {item.text!r}")
    for r in reports:
        for item in r.to_review:
            where = f"kb/documents/{r.slug}.txt:{item.line}"
            lines.append(f"{where}: to review, {item.kind}: {item.text}")
    for entity in entities:
        where = f"{entity.path.relative_to(paths.root)}:{entity.line}"
        rule = entity.draft.rule if entity.draft else "?"
        lines.append(f"{where}: to review, draft entity {entity.ref} (rule {rule})")
    total = sum(len(r.items) for r in reports)
    lines.append(f"provkb coverage: {total} unexplained item(s) in {len(reports)} document(s)")
    drafts = sum(len(r.to_review) for r in reports) + len(entities)
    if drafts:
        lines.append(f"provkb coverage: {drafts} draft item(s) to review (delete draft: to accept)")
    return "\n".join(lines) + "\n"


def _json(reports: list[DocumentCoverage], entities: list[Entity]) -> str:
    return (
        json.dumps(
            [
                {
                    "document": r.slug,
                    "sentences": r.sentences,
                    "covered": r.covered,
                    "ignored": r.ignored,
                    "share": round(r.share, 4),
                    "unexplained": [item.__dict__ for item in r.items],
                    "to_review": [item.__dict__ for item in r.to_review],
                }
                for r in reports
            ]
            + [
                {
                    "entity": e.ref,
                    "file": e.path.name,
                    "line": e.line,
                    "to_review": e.draft.rule if e.draft else None,
                }
                for e in entities
            ],
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
