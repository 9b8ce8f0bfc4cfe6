"""What the drafter proposes: plain records, independent of the rules that produced them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mark:
    """Why an item was drafted: the rule (or cue) that fired and how sure it is (0 to 1)."""

    rule: str
    confidence: float


@dataclass(frozen=True)
class Mention:
    """A name at ``start:end`` that refers to ``ref`` (a registry or a drafted entity)."""

    start: int
    end: int
    ref: str
    mark: Mark


@dataclass
class NewEntity:
    """An entity the registry does not have yet, with the mention that supports it."""

    ref: str
    label: str
    language: str
    kind_value: str | None  # organisation kind for orgs; None for people and collectives
    evidence: str  # the text around the first mention
    mark: Mark
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Hop:
    """One step of a relay chain (``role`` from the hop-role vocabulary)."""

    role: str
    agent: str | None
    agent_as_written: str | None
    mark: Mark


@dataclass(frozen=True)
class Speaker:
    """Who said it, by which rule, and whether the rule only guessed."""

    ref: str
    rule: str
    guess: bool


@dataclass
class Assertion:
    """A direct quote or a reported-speech sentence, attributed."""

    start: int
    end: int
    mode: str  # direct | reported
    kind: str
    speaker: Speaker
    mark: Mark
    relay: list[Hop] = field(default_factory=list)
    said_on: str | None = None
    about: list[str] = field(default_factory=list)  # the entities its words name
    on_behalf_of: str | None = None  # the group or population the speaker speaks for


@dataclass
class Event:
    """A dated event a sentence states."""

    start: int
    end: int
    label: str
    type: str
    date: str
    mark: Mark


@dataclass
class Metadata:
    """What the text says about itself."""

    title: str
    genre: str
    languages: list[str]
    source_file: str
    source_sha256: str
    authors_as_written: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    published: str | None = None
    url: str | None = None


@dataclass
class Draft:
    """A whole draft annotation of one document."""

    metadata: Metadata
    mentions: list[Mention] = field(default_factory=list)
    entities: list[NewEntity] = field(default_factory=list)
    assertions: list[Assertion] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
