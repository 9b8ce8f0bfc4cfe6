"""The data model of one annotated document: what the reader (:mod:`provkb.annotations.reader`)
returns and the build (:mod:`provkb.build.emit`) turns into RDF.

Every reference in it is already resolved against the registry and the vocabularies, and every
quote located in the text as a :class:`~provkb.annotations.spans.Span`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from provkb.annotations.drafts import DraftMark
from provkb.annotations.spans import Span

Date = tuple[str, str]


@dataclass
class Work:
    """A work outside the corpus that the document cites or renders."""

    id: str
    title: str | None = None
    creators: list[str] = field(default_factory=list)
    creators_as_written: list[str] = field(default_factory=list)
    date: Date | None = None
    language: str | None = None
    url: str | None = None
    publisher: str | None = None
    genre: str | None = None


@dataclass
class Metadata:
    """What the document says about itself."""

    title: str | None = None
    titles: dict[str, str] = field(default_factory=dict)
    authors: list[str] = field(default_factory=list)
    authors_as_written: list[str] = field(default_factory=list)
    publisher: str | None = None
    published: Date | None = None
    submitted: Date | None = None
    accepted: Date | None = None
    genre: str | None = None
    languages: list[str] = field(default_factory=list)
    source_file: str | None = None
    url: str | None = None
    note: str | None = None
    original: Work | None = None


@dataclass
class Section:
    id: str
    span: Span
    end: int = 0  # the section runs to the next section's heading


@dataclass
class Mention:
    span: Span
    refers_to: str
    draft: DraftMark | None = None  # set while the mention awaits review


@dataclass
class Affiliation:
    member: str
    organisation: str
    role: str
    span: Span


@dataclass
class Participant:
    agent: str
    role: str


@dataclass
class EventReport:
    """An event as this document reports it; ``declared`` when the document defines the event."""

    id: str
    line: int
    declared: bool
    labels: dict[str, str] = field(default_factory=dict)
    type: str | None = None
    date: Date | None = None
    start: Date | None = None
    end: Date | None = None
    place: str | None = None
    participants: list[Participant] = field(default_factory=list)
    span: Span | None = None
    draft: DraftMark | None = None

    @property
    def ref(self) -> str:
        return f"event/{self.id}"


@dataclass
class Hop:
    order: int
    role: str
    agent: str | None = None
    agent_as_written: str | None = None
    via: str | None = None  # a local work or citation id
    date: Date | None = None


@dataclass
class Assertion:
    id: str
    line: int
    speaker: str
    kind: str
    span: Span
    mode: str
    about: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    on_behalf_of: str | None = None
    said_on: Date | None = None
    said_at: str | None = None
    language: str | None = None
    hops: list[Hop] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    speaker_justification: str | None = None
    draft: DraftMark | None = None


@dataclass
class Citation:
    id: str
    span: Span
    footnote: int | None = None
    work: str | None = None


@dataclass
class Ignored:
    """Text a person reviewed and judged not worth annotating (for ``provkb coverage``)."""

    spans: list[Span]
    reason: str
    line: int


@dataclass
class AnnotatedDocument:
    """A document's text and its checked annotations."""

    slug: str
    text_path: Path
    yaml_path: Path
    text: str
    sha256: str
    metadata: Metadata
    sections: list[Section] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    events: list[EventReport] = field(default_factory=list)
    assertions: list[Assertion] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    works: list[Work] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
