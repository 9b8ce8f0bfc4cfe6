"""The registry: entities shared across documents (``kb/registry/*.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from provkb.annotations.drafts import DraftMark, read_mark
from provkb.annotations.fields import SLUG, Fields
from provkb.annotations.vocabulary import Vocabulary
from provkb.annotations.yamlio import LocatedList, YamlSyntaxError, load_yaml
from provkb.problems import Problems

ENTITY_KINDS = ("person", "org", "collective", "place", "event")
ACTOR_KINDS = ("person", "org", "collective")
REF = re.compile(rf"^({'|'.join(ENTITY_KINDS)})/({SLUG})$")


@dataclass
class Entity:
    """One registry entity; ``ref`` is ``kind/slug``."""

    ref: str
    path: Path
    line: int
    labels: dict[str, str]
    aliases: dict[str, list[str]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    kind_iri: str | None = None  # organisation, collective or place kind, or event type
    within: str | None = None
    part_of: str | None = None  # an organisation's parent organisation (org:subOrganizationOf)
    territory: str | None = None  # a state's territory, a registry place
    orcid: str | None = None
    draft: DraftMark | None = None

    @property
    def kind(self) -> str:
        """``person``, ``org``, ``collective``, ``place`` or ``event``."""
        return self.ref.split("/", 1)[0]


@dataclass
class Registry:
    """All registry entities by reference."""

    entities: dict[str, Entity] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def kind_of(self, ref: str) -> str | None:
        """The kind of a defined entity, or None."""
        entity = self.entities.get(ref)
        return entity.kind if entity else None


_ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
_KIND_SCHEME = {
    "org": "organisation-kind",
    "collective": "collective-kind",
    "place": "place-kind",
    "event": "event-type",
}
# ``draft`` marks an entity the drafter proposed and nobody has reviewed yet.
_ALLOWED = {
    "person": ("id", "labels", "aliases", "description", "orcid", "draft"),
    "org": ("id", "labels", "aliases", "description", "kind", "part_of", "territory", "draft"),
    "collective": ("id", "labels", "aliases", "description", "kind", "draft"),
    "place": ("id", "labels", "aliases", "description", "kind", "within", "draft"),
    "event": ("id", "labels", "aliases", "description", "type", "draft"),
}


def load_registry(folder: Path, vocabulary: Vocabulary, problems: Problems) -> Registry:
    """Read every ``*.yaml`` of ``folder``; record problems, keep what is valid."""
    registry = Registry()
    for path in sorted(folder.glob("*.yaml")):
        registry.files.append(path)
        try:
            data = load_yaml(path)
        except YamlSyntaxError as error:
            problems.add(path, error.line, error.message)
            continue
        if data is None:
            continue
        if not isinstance(data, LocatedList):
            problems.add(path, getattr(data, "line", 1), "a registry file is a list of entities")
            continue
        for item, line in zip(data, data.item_lines, strict=True):
            entity = _read_entity(item, line, path, vocabulary, problems)
            if entity is None:
                continue
            if entity.ref in registry.entities:
                first = registry.entities[entity.ref]
                problems.add(
                    path,
                    line,
                    f"duplicate id {entity.ref!r} (first in {first.path.name}:{first.line})",
                )
                continue
            registry.entities[entity.ref] = entity
    for entity in registry.entities.values():
        for key, target, wanted in (
            ("within", entity.within, "place"),
            ("part_of", entity.part_of, "org"),
            ("territory", entity.territory, "place"),
        ):
            if target and registry.kind_of(target) != wanted:
                problems.add(
                    entity.path,
                    entity.line,
                    f"{entity.ref}: {key} {target!r} is not a registry {wanted}",
                )
    return registry


def _read_entity(
    item: object, line: int, path: Path, vocabulary: Vocabulary, problems: Problems
) -> Entity | None:
    raw_id = item.get("id") if isinstance(item, dict) else None
    match = REF.match(str(raw_id)) if raw_id is not None else None
    kind = match.group(1) if match else None
    allowed = _ALLOWED[kind] if kind else ("id", "labels", "aliases", "description", "kind")
    fields = Fields(item, path, problems, f"entity {raw_id or '?'}", allowed, line)
    if not match:
        fields.error(
            "id",
            f"id {raw_id!r} must be kind/slug with kind one of {', '.join(ENTITY_KINDS)}"
            " and a lower-case slug, e.g. person/jane-doe",
        )
        return None
    labels = fields.language_map("labels", required=True)
    entity = Entity(
        ref=str(raw_id),
        path=path,
        line=fields.line,
        labels=labels,
        aliases=fields.language_map("aliases", lists=True),
        descriptions=fields.language_map("description"),
        draft=read_mark(fields),
    )
    if kind in _KIND_SCHEME:
        key = "type" if kind == "event" else "kind"
        entity.kind_iri = fields.concept(key, _KIND_SCHEME[kind], vocabulary, required=True)
    if kind == "place":
        entity.within = fields.text("within")
    if kind == "org":
        entity.part_of = fields.text("part_of")
        entity.territory = fields.text("territory")
    if kind == "person" and (orcid := fields.text("orcid")):
        if _ORCID.match(orcid):
            entity.orcid = orcid
        else:
            fields.error("orcid", f"{orcid!r} is not an ORCID iD (0000-0000-0000-0000)")
    return entity
