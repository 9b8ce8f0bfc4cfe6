"""``provkb add`` without the command line: check every input, draft it, write it atomically.

All inputs are checked before anything is written, so one bad file among many leaves ``kb/``
as it was. A document is three files (its text, its draft annotation and, when it proposes new
entities, a registry file of drafts); each is written to a temporary file first and renamed
into place only when all three are ready.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from provkb.draft import writer
from provkb.draft.extractor import Extractor, RuleExtractor
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.model import Draft
from provkb.draft.reading import HTML_SUFFIXES, TEXT_SUFFIXES, InputError, Source, read_source
from provkb.draft.text import slugify

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
INPUT_SUFFIXES = tuple(s for s in (*TEXT_SUFFIXES, *HTML_SUFFIXES) if s)
DRAFT_REGISTRY_PREFIX = "draft-"


@dataclass
class Planned:
    """An input that passed every check: its text and the slug it will be stored under."""

    source: Source
    slug: str


@dataclass
class Added:
    """A document added: where its files went and what was drafted."""

    slug: str
    source: Path
    draft: Draft
    files: list[Path]


def expand(paths: list[Path]) -> list[Path]:
    """The files to add: each file given, and the documents inside each folder (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
            )
            if not found:
                raise InputError(path, "is a folder with no .txt, .md or .html file in it")
            files += found
        else:
            files.append(path)
    return files


def _existing_texts(documents: Path) -> dict[str, str]:
    # SHA-256 of every stored text's bytes -> its document id, to refuse the same text twice.
    return {
        hashlib.sha256(path.read_bytes()).hexdigest(): path.stem
        for path in sorted(documents.glob("*.txt"))
    }


def plan(
    files: list[Path], documents: Path, slug: str | None
) -> tuple[list[Planned], list[InputError]]:
    """Read and check every input; nothing is written. Returns the plan and every error."""
    if slug is not None and len(files) != 1:
        return [], [InputError(Path(slug), "--slug names one document; give one file with it")]
    known = _existing_texts(documents)
    planned: list[Planned] = []
    errors: list[InputError] = []
    slugs: dict[str, Path] = {}
    for path in files:
        try:
            source = read_source(path)
        except InputError as error:
            errors.append(error)
            continue
        name = slug if slug is not None else slugify(path.stem)
        if not SLUG.match(name):
            errors.append(InputError(path, f"slug {name!r} is not a lower-case slug (a-z, 0-9, -)"))
            continue
        if (documents / f"{name}.txt").exists() or (documents / f"{name}.yaml").exists():
            errors.append(
                InputError(path, f"a document {name!r} exists already; choose another --slug")
            )
            continue
        if name in slugs:
            errors.append(InputError(path, f"slug {name!r} is also the slug of {slugs[name]}"))
            continue
        digest = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
        if digest in known:
            errors.append(
                InputError(
                    path, f"the same text is already in the KB as document {known[digest]!r}"
                )
            )
            continue
        known[digest] = name
        slugs[name] = path
        planned.append(Planned(source, name))
    return planned, errors


def add_one(
    planned: Planned, kb: Path, gazetteer: Gazetteer, extractor: Extractor | None = None
) -> Added:
    """Draft one planned document and write its files; the new entities join ``gazetteer``."""
    extractor = extractor or RuleExtractor()
    draft = extractor.extract(planned.source, gazetteer)
    draft.metadata.source_file = planned.source.path.name
    text = planned.source.text
    documents, registry = kb / "documents", kb / "registry"
    outputs: list[tuple[Path, str]] = [
        (documents / f"{planned.slug}.txt", text),
        (
            documents / f"{planned.slug}.yaml",
            writer.dump(writer.document_data(draft, text, planned.slug)),
        ),
    ]
    entities = [writer.entity_data(entity, planned.slug) for entity in draft.entities]
    if entities:
        path = registry / f"{DRAFT_REGISTRY_PREFIX}{planned.slug}.yaml"
        outputs.append((path, writer.dump(entities)))
    write_all(outputs)
    for entity in entities:
        gazetteer.add(entity)
    return Added(planned.slug, planned.source.path, draft, [path for path, _ in outputs])


def write_all(outputs: list[tuple[Path, str]]) -> None:
    """Write every file to a temporary file beside it, then rename them all into place."""
    temporary: list[tuple[Path, Path]] = []
    try:
        for path, content in outputs:
            if path.exists():
                raise FileExistsError(f"{path} exists; it is never overwritten")
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(content)
            temporary.append((Path(name), path))
        for written, path in temporary:
            os.replace(written, path)
    finally:
        for written, _path in temporary:
            written.unlink(missing_ok=True)
