"""Curators' judgements (``kb/decisions/*.yaml``): identity and relations between assertions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from provkb.annotations.document import AnnotatedDocument
from provkb.annotations.fields import Fields
from provkb.annotations.reader import LOCAL_ID
from provkb.annotations.registry import ACTOR_KINDS, REF, Registry
from provkb.annotations.vocabulary import Vocabulary
from provkb.annotations.yamlio import LocatedList, YamlSyntaxError, load_yaml
from provkb.problems import Problems

Date = tuple[str, str]


@dataclass
class Judgement:
    """What every judgement has: who decided, when, on what evidence, how sure."""

    id: str
    evidence: str
    confidence: float
    decided_by: str
    decided_on: Date


@dataclass
class IdentityJudgement(Judgement):
    judgement: str = ""  # concept IRI: same, possibly-same, distinct
    entities: list[str] = field(default_factory=list)
    mentions: list[tuple[str, int, int]] = field(default_factory=list)  # (doc, start, end)


@dataclass
class AssertionRelation(Judgement):
    relation: str = ""  # concept IRI: corroborates, contradicts
    assertions: list[tuple[str, str]] = field(default_factory=list)  # (doc, assertion id)


@dataclass
class Decisions:
    identity: list[IdentityJudgement] = field(default_factory=list)
    relations: list[AssertionRelation] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


_COMMON = ("id", "evidence", "confidence", "decided_by", "decided_on")


def load_decisions(
    folder: Path,
    registry: Registry,
    documents: dict[str, AnnotatedDocument],
    vocabulary: Vocabulary,
    problems: Problems,
) -> Decisions:
    """Read every ``*.yaml`` of ``folder``; an entry is an identity judgement when it has
    ``judgement:`` and an assertion relation when it has ``relation:``."""
    decisions = Decisions()
    seen: set[str] = set()
    for path in sorted(folder.glob("*.yaml")):
        decisions.files.append(path)
        try:
            data = load_yaml(path)
        except YamlSyntaxError as error:
            problems.add(path, error.line, error.message)
            continue
        if data is None:
            continue
        if not isinstance(data, LocatedList):
            problems.add(path, 1, "a decisions file is a list of judgements")
            continue
        for item, line in zip(data, data.item_lines, strict=True):
            if isinstance(item, dict) and "relation" in item:
                f = Fields(
                    item, path, problems, "relation", (*_COMMON, "relation", "assertions"), line
                )
                relation = _read_relation(f, registry, documents, vocabulary)
                if relation and _fresh(f, relation.id, seen):
                    decisions.relations.append(relation)
            else:
                allowed = (*_COMMON, "judgement", "entities", "names")
                f = Fields(item, path, problems, "judgement", allowed, line)
                identity = _read_identity(f, registry, documents, vocabulary)
                if identity and _fresh(f, identity.id, seen):
                    decisions.identity.append(identity)
    return decisions


def _fresh(f: Fields, decision_id: str, seen: set[str]) -> bool:
    if decision_id in seen:
        f.error("id", f"duplicate decision id {decision_id!r}")
        return False
    seen.add(decision_id)
    return True


def _common(f: Fields, registry: Registry) -> dict | None:
    decision_id = f.text("id", required=True)
    if decision_id and not LOCAL_ID.match(decision_id):
        f.error("id", f"decision id {decision_id!r} must be a lower-case slug")
        decision_id = None
    evidence = f.text("evidence", required=True)
    confidence = f.number("confidence", required=True)
    decided_by = f.text("decided_by", required=True)
    if decided_by and (
        not REF.match(decided_by) or registry.kind_of(decided_by) not in ACTOR_KINDS
    ):
        f.error("decided_by", f"{decided_by!r} is not a person or organisation of the registry")
        decided_by = None
    decided_on = f.date("decided_on")
    if not f.has("decided_on"):
        f.error("decided_on", "missing required field 'decided_on'")
    elif decided_on and not decided_on[1].endswith("#date"):
        f.error("decided_on", "decided_on must be a full date (YYYY-MM-DD)")
        decided_on = None
    if None in (decision_id, evidence, confidence, decided_by, decided_on):
        return None
    return {
        "id": decision_id,
        "evidence": evidence,
        "confidence": confidence,
        "decided_by": decided_by,
        "decided_on": decided_on,
    }


def _read_identity(
    f: Fields, registry: Registry, documents: dict[str, AnnotatedDocument], vocabulary: Vocabulary
) -> IdentityJudgement | None:
    common = _common(f, registry)
    judgement = f.concept("judgement", "identity-judgement", vocabulary, required=True)
    entities = []
    for value in f.texts("entities", required=True):
        if registry.kind_of(value) is None:
            f.error("entities", f"unknown registry entity {value!r}")
        else:
            entities.append(value)
    mentions: list[tuple[str, int, int]] = []
    for item, line in f.items("names"):
        nf = Fields(item, f.path, f.problems, "name", ("document", "quote"), line)
        slug, quote = nf.text("document", required=True), nf.text("quote", required=True)
        if slug is None or quote is None:
            continue
        doc = documents.get(slug)
        if doc is None:
            nf.error("document", f"unknown document {slug!r}")
            continue
        found = [m for m in doc.mentions if m.span.exact(doc.text) == quote]
        if not found:
            nf.error("quote", f"{slug} has no mention written {quote!r}")
        for mention in found:
            if entities and mention.refers_to not in entities:
                nf.error(
                    "quote",
                    f"the mention {quote!r} in {slug} refers to {mention.refers_to}, "
                    f"not to {', '.join(entities)}",
                )
            mentions.append((slug, mention.span.start, mention.span.end))
    if judgement is None or common is None:
        return None
    kind = judgement.rsplit("/", 1)[1]
    if kind == "same" and (len(entities) != 1 or not mentions):
        f.error(
            "entities",
            "a 'same' judgement names one entity and the names (document, quote) it links",
        )
        return None
    if kind != "same" and len(entities) != 2:
        f.error("entities", f"a {kind!r} judgement names exactly two entities")
        return None
    return IdentityJudgement(**common, judgement=judgement, entities=entities, mentions=mentions)


def _read_relation(
    f: Fields, registry: Registry, documents: dict[str, AnnotatedDocument], vocabulary: Vocabulary
) -> AssertionRelation | None:
    relation = f.concept("relation", "assertion-relation", vocabulary, required=True)
    common = _common(f, registry)
    assertions: list[tuple[str, str]] = []
    for value in f.texts("assertions", required=True):
        slug, _, assertion_id = value.partition("#")
        doc = documents.get(slug)
        if doc is None or assertion_id not in {a.id for a in doc.assertions}:
            f.error("assertions", f"unknown assertion {value!r} (write document#assertion-id)")
        else:
            assertions.append((slug, assertion_id))
    if len(set(assertions)) < 2:
        f.error("assertions", "a relation links at least two different assertions")
        return None
    if relation is None or common is None:
        return None
    return AssertionRelation(**common, relation=relation, assertions=assertions)
