"""Reading one annotated document: ``kb/documents/<doc>.txt`` and ``<doc>.yaml``, checked.

Reading resolves every reference against the registry and the vocabularies and locates every
quote in the text, so that what comes out is ready to emit as RDF. Every problem is recorded with
its line; a document with problems still yields what could be read, so the build reports all.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any

from provkb.annotations.document import (
    Affiliation,
    AnnotatedDocument,
    Assertion,
    Citation,
    EventReport,
    Hop,
    Ignored,
    Mention,
    Metadata,
    Participant,
    Section,
    Work,
)
from provkb.annotations.drafts import DraftMark, read_mark
from provkb.annotations.fields import SLUG, Fields
from provkb.annotations.registry import ACTOR_KINDS, ENTITY_KINDS, REF, Registry
from provkb.annotations.spans import QuoteError, Span, locate, occurrences, word_occurrences
from provkb.annotations.vocabulary import Vocabulary
from provkb.annotations.yamlio import LocatedDict, YamlSyntaxError, load_yaml
from provkb.problems import Problems

DOC_SLUG = re.compile(rf"^{SLUG}$")
LOCAL_ID = re.compile(rf"^{SLUG}$")
_TOP = (
    "document",
    "sections",
    "mentions",
    "affiliations",
    "events",
    "assertions",
    "citations",
    "works",
    "ignored",
)
_DOCUMENT = (
    "title",
    "titles",
    "authors",
    "authors_as_written",
    "publisher",
    "published",
    "submitted",
    "accepted",
    "genre",
    "languages",
    "source_file",
    "source_sha256",
    "url",
    "note",
    "original",
)
_WORK = (
    "id",
    "title",
    "creators",
    "creators_as_written",
    "date",
    "language",
    "url",
    "publisher",
    "genre",
)
_QUOTED = ("quote", "occurrence", "prefix")


class _Reader:
    """Reads one document's YAML against its text, the registry and the vocabularies."""

    def __init__(
        self,
        slug: str,
        text: str,
        yaml_path: Path,
        registry: Registry,
        vocabulary: Vocabulary,
        problems: Problems,
    ):
        self.slug, self.text, self.path = slug, text, yaml_path
        self.registry, self.vocabulary, self.problems = registry, vocabulary, problems
        self.local_events: set[str] = set()

    def fields(self, mapping: Any, where: str, allowed: tuple[str, ...], line: int) -> Fields:
        return Fields(mapping, self.path, self.problems, where, allowed, line)

    # -- references ------------------------------------------------------------------------

    def ref(
        self, f: Fields, key: str, kinds: tuple[str, ...], *, required: bool = False
    ) -> str | None:
        value = f.text(key, required=required)
        return self.check_ref(f, key, value, kinds) if value else None

    def refs(
        self, f: Fields, key: str, kinds: tuple[str, ...], *, required: bool = False
    ) -> list[str]:
        return [
            r for v in f.texts(key, required=required) if (r := self.check_ref(f, key, v, kinds))
        ]

    def check_ref(self, f: Fields, key: str, value: str, kinds: tuple[str, ...]) -> str | None:
        match = REF.match(value)
        if not match:
            f.error(
                key,
                f"{value!r} is not a reference (kind/slug, kind one of {', '.join(ENTITY_KINDS)})",
            )
            return None
        if match.group(1) not in kinds:
            f.error(key, f"{value!r} must be a {' or '.join(kinds)} reference")
            return None
        if value not in self.registry.entities and not (
            match.group(1) == "event" and match.group(2) in self.local_events
        ):
            f.error(
                key,
                f"unknown reference {value!r}: define it in kb/registry/"
                + (" or in this document's events" if match.group(1) == "event" else ""),
            )
            return None
        return value

    # -- quotes ----------------------------------------------------------------------------

    def span(self, f: Fields, *, required: bool = True) -> Span | None:
        quote = f.text("quote", required=required)
        if quote is None:
            return None
        try:
            return locate(
                self.text,
                quote,
                occurrence=f.integer("occurrence", minimum=1),
                prefix=f.text("prefix"),
            )
        except QuoteError as error:
            f.error("quote", str(error))
            return None

    def items(self, data: LocatedDict, key: str) -> list[tuple[Any, int]]:
        top = self.fields(data, "file", _TOP, 1)
        return top.items(key)


def read_document(
    text_path: Path, registry: Registry, vocabulary: Vocabulary, problems: Problems
) -> AnnotatedDocument | None:
    """Read ``<doc>.txt`` and ``<doc>.yaml``; record every problem; None if unreadable."""
    slug, yaml_path = text_path.stem, text_path.with_suffix(".yaml")
    if not DOC_SLUG.match(slug):
        problems.add(text_path, 1, f"document id {slug!r} must be a lower-case slug (a-z, 0-9, -)")
        return None
    raw = text_path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.add(text_path, line, f"the text is not UTF-8: {error.reason}")
        return None
    if not unicodedata.is_normalized("NFC", text):
        problems.add(
            text_path, 1, "the text is not in Unicode NFC; normalise it once when adding it"
        )
    if not yaml_path.exists():
        problems.add(yaml_path, 1, f"missing annotations for {text_path.name}")
        return None
    try:
        data = load_yaml(yaml_path)
    except YamlSyntaxError as error:
        problems.add(yaml_path, error.line, error.message)
        return None
    if not isinstance(data, LocatedDict):
        problems.add(yaml_path, 1, "an annotation file is a mapping with a 'document' section")
        return None
    reader = _Reader(slug, text, yaml_path, registry, vocabulary, problems)
    doc = AnnotatedDocument(
        slug, text_path, yaml_path, text, hashlib.sha256(raw).hexdigest(), Metadata()
    )
    # Events declared here can be referred to from assertions, so collect their ids first.
    for item, _ in reader.items(data, "events"):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            event_id = item["id"].removeprefix("event/")
            if f"event/{event_id}" not in registry.entities:
                reader.local_events.add(event_id)
    doc.works = _read_works(reader, data)
    _read_metadata(reader, data, doc)
    doc.sections = _read_sections(reader, data)
    doc.mentions = _read_mentions(reader, data)
    doc.affiliations = _read_affiliations(reader, data)
    doc.events = _read_events(reader, data)
    doc.citations = _read_citations(reader, data, {w.id for w in doc.works})
    doc.assertions = _read_assertions(
        reader, data, {w.id for w in doc.works}, {c.id for c in doc.citations}
    )
    doc.ignored = _read_ignored(reader, data)
    return doc


def _unique_id(reader: _Reader, f: Fields, seen: set[str], what: str) -> str | None:
    value = f.text("id", required=True)
    if value is None:
        return None
    if not LOCAL_ID.match(value):
        f.error("id", f"{what} id {value!r} must be a lower-case slug")
        return None
    if value in seen:
        f.error("id", f"duplicate {what} id {value!r}")
        return None
    seen.add(value)
    return value


def _read_works(reader: _Reader, data: LocatedDict) -> list[Work]:
    works: list[Work] = []
    seen: set[str] = set()
    for item, line in reader.items(data, "works"):
        f = reader.fields(item, "work", _WORK, line)
        work_id = _unique_id(reader, f, seen, "work")
        work = _read_work_fields(reader, f, work_id or "", title_required=False)
        if work_id:
            works.append(work)
    return works


def _read_work_fields(reader: _Reader, f: Fields, work_id: str, *, title_required: bool) -> Work:
    return Work(
        id=work_id,
        title=f.text("title", required=title_required),
        creators=reader.refs(f, "creators", ACTOR_KINDS),
        creators_as_written=f.texts("creators_as_written"),
        date=f.date("date"),
        language=f.text("language"),
        url=f.text("url"),
        publisher=reader.ref(f, "publisher", ("org",)),
        genre=f.concept("genre", "genre", reader.vocabulary),
    )


def _read_metadata(reader: _Reader, data: LocatedDict, doc: AnnotatedDocument) -> None:
    top = reader.fields(data, "file", _TOP, 1)
    if not top.has("document"):
        top.error("document", "missing required section 'document'")
        return
    f = reader.fields(data["document"], "document", _DOCUMENT, top.line_of("document"))
    meta = doc.metadata
    meta.title = f.text("title", required=True)
    meta.titles = f.language_map("titles")
    meta.authors = reader.refs(f, "authors", ("person", "org", "collective"))
    meta.authors_as_written = f.texts("authors_as_written")
    meta.publisher = reader.ref(f, "publisher", ("org",))
    meta.published, meta.submitted, meta.accepted = (
        f.date("published"),
        f.date("submitted"),
        f.date("accepted"),
    )
    meta.genre = f.concept("genre", "genre", reader.vocabulary, required=True)
    meta.languages = f.texts("languages", required=True)
    meta.source_file = f.text("source_file", required=True)
    meta.url, meta.note = f.text("url"), f.text("note")
    sha = f.text("source_sha256", required=True)
    if sha and sha.lower() != doc.sha256:
        f.error(
            "source_sha256",
            f"does not match the text: {doc.text_path.name} has SHA-256 {doc.sha256}",
        )
    if f.has("original"):
        original = reader.fields(f.raw("original"), "original", _WORK[1:], f.line_of("original"))
        meta.original = _read_work_fields(reader, original, "original", title_required=True)


def _read_sections(reader: _Reader, data: LocatedDict) -> list[Section]:
    sections: list[Section] = []
    seen: set[str] = set()
    for item, line in reader.items(data, "sections"):
        f = reader.fields(item, "section", ("id", *_QUOTED), line)
        section_id, span = _unique_id(reader, f, seen, "section"), reader.span(f)
        if section_id and span:
            sections.append(Section(section_id, span))
    sections.sort(key=lambda s: s.span.start)
    for index, current in enumerate(sections):
        following = sections[index + 1] if index + 1 < len(sections) else None
        current.end = following.span.start if following else len(reader.text)
    return sections


def _read_mentions(reader: _Reader, data: LocatedDict) -> list[Mention]:
    """Explicit picks (occurrence/prefix) first; then every whole-word occurrence of the rest,
    longest first, skipping any that overlaps a mention already taken."""
    explicit: list[Mention] = []
    automatic: list[tuple[str, str, Fields, DraftMark | None]] = []
    for item, line in reader.items(data, "mentions"):
        f = reader.fields(item, "mention", ("refers_to", *_QUOTED, "draft"), line)
        target = reader.ref(f, "refers_to", ENTITY_KINDS, required=True)
        mark = read_mark(f)
        if f.has("occurrence") or f.has("prefix"):
            span = reader.span(f)
            if span and target:
                explicit.append(Mention(span, target, mark))
        elif (quote := f.text("quote", required=True)) and target:
            automatic.append((quote, target, f, mark))
    taken = _TakenSpans(explicit)
    for quote, target, f, mark in sorted(automatic, key=lambda a: (-len(a[0]), a[0])):
        starts = word_occurrences(reader.text, quote)
        if not starts:
            f.error("quote", f"name not found as a whole word in the text: {quote!r}")
            continue
        added = 0
        for start in starts:
            span = Span(start, start + len(quote))
            if not taken.overlaps(span):
                taken.add(Mention(span, target, mark))
                added += 1
        if not added:
            f.error(
                "quote",
                f"every occurrence of {quote!r} lies inside a longer mention; remove this entry",
            )
    return sorted(taken.mentions, key=lambda m: (m.span.start, m.span.end))


class _TakenSpans:
    """The mentions taken so far, indexed by start, for an overlap test in O(log n + k).

    A scan of every mention taken so far per candidate made a document's mentions quadratic
    (a long article has hundreds of names, each written many times). Explicit picks may overlap
    each other, so the test looks at every span that starts within the longest span's length
    before the candidate, not only at its neighbours.
    """

    def __init__(self, mentions: list[Mention]):
        self.mentions: list[Mention] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.longest = 0
        for mention in mentions:
            self.add(mention)

    def add(self, mention: Mention) -> None:
        at = bisect.bisect_right(self.starts, mention.span.start)
        self.starts.insert(at, mention.span.start)
        self.ends.insert(at, mention.span.end)
        self.mentions.append(mention)
        self.longest = max(self.longest, mention.span.end - mention.span.start)

    def overlaps(self, span: Span) -> bool:
        first = bisect.bisect_right(self.starts, span.start - self.longest)
        last = bisect.bisect_left(self.starts, span.end)
        return any(self.ends[i] > span.start for i in range(first, last))


def _read_affiliations(reader: _Reader, data: LocatedDict) -> list[Affiliation]:
    result = []
    for item, line in reader.items(data, "affiliations"):
        f = reader.fields(item, "affiliation", ("member", "organisation", "role", *_QUOTED), line)
        # Outlets and groups are members too ("websites closely linked to the IRGC").
        member = reader.ref(f, "member", ACTOR_KINDS, required=True)
        organisation = reader.ref(f, "organisation", ("org",), required=True)
        role = f.concept("role", "affiliation-role", reader.vocabulary, required=True)
        span = reader.span(f)
        if member and organisation and role and span:
            result.append(Affiliation(member, organisation, role, span))
    return result


def _read_events(reader: _Reader, data: LocatedDict) -> list[EventReport]:
    result: list[EventReport] = []
    seen: set[str] = set()
    allowed = (
        "id", "label", "type", "date", "start", "end", "place", "participants", *_QUOTED, "draft"
    )  # fmt: skip
    for item, line in reader.items(data, "events"):
        if isinstance(item, LocatedDict) and str(item.get("id", "")).startswith("event/"):
            item["id"] = item["id"][len("event/") :]  # a registry reference works as an id too
        f = reader.fields(item, "event", allowed, line)
        event_id = _unique_id(reader, f, seen, "event")
        if event_id is None:
            continue
        declared = f"event/{event_id}" not in reader.registry.entities
        report = EventReport(event_id, f.line, declared)
        if declared:
            report.labels = f.language_map("label", required=True)
            report.type = f.concept("type", "event-type", reader.vocabulary, required=True)
        else:
            for key in ("label", "type"):
                if f.has(key):
                    f.error(
                        key, f"event/{event_id} is defined in the registry; give its {key} there"
                    )
        report.date, report.start, report.end = f.date("date"), f.date("start"), f.date("end")
        if report.date and (report.start or report.end):
            f.error("date", "give either date: or start:/end:, not both")
        report.place = reader.ref(f, "place", ("place",))
        for p_item, p_line in f.items("participants"):
            pf = reader.fields(p_item, "participant", ("agent", "role"), p_line)
            agent = reader.ref(pf, "agent", ACTOR_KINDS, required=True)
            role = pf.concept("role", "participant-role", reader.vocabulary, required=True)
            if agent and role:
                report.participants.append(Participant(agent, role))
        report.span = reader.span(f)
        report.draft = read_mark(f)
        result.append(report)
    return result


def _read_citations(reader: _Reader, data: LocatedDict, works: set[str]) -> list[Citation]:
    result: list[Citation] = []
    seen: set[str] = set()
    for item, line in reader.items(data, "citations"):
        f = reader.fields(item, "citation", ("id", "footnote", "work", *_QUOTED), line)
        citation_id, span = _unique_id(reader, f, seen, "citation"), reader.span(f)
        work = f.text("work")
        if work and work not in works:
            f.error("work", f"unknown work {work!r}: define it under works:")
            work = None
        if citation_id and span:
            result.append(Citation(citation_id, span, f.integer("footnote", minimum=1), work))
    return result


def _read_assertions(
    reader: _Reader, data: LocatedDict, works: set[str], citations: set[str]
) -> list[Assertion]:
    result: list[Assertion] = []
    seen: set[str] = set()
    allowed = (
        "id",
        "speaker",
        "kind",
        "mode",
        "about",
        "addressee",
        "on_behalf_of",
        "said_on",
        "said_at",
        "language",
        "relay",
        "citations",
        "speaker_justification",
        *_QUOTED,
        "draft",
    )
    for item, line in reader.items(data, "assertions"):
        f = reader.fields(item, "assertion", allowed, line)
        assertion_id = _unique_id(reader, f, seen, "assertion")
        speaker = reader.ref(f, "speaker", ACTOR_KINDS, required=True)
        kind = f.concept("kind", "assertion-kind", reader.vocabulary, required=True)
        mode = f.concept("mode", "speech-mode", reader.vocabulary, required=True)
        span = reader.span(f)
        hops = _read_hops(reader, f, works | citations)
        cited = f.texts("citations")
        for citation in cited:
            if citation not in citations:
                f.error("citations", f"unknown citation {citation!r}: define it under citations:")
        if not (assertion_id and speaker and kind and mode and span):
            continue
        result.append(
            Assertion(
                id=assertion_id,
                line=f.line,
                speaker=speaker,
                kind=kind,
                span=span,
                mode=mode,
                about=reader.refs(f, "about", ENTITY_KINDS),
                addressees=reader.refs(f, "addressee", ACTOR_KINDS),
                on_behalf_of=reader.ref(f, "on_behalf_of", ACTOR_KINDS),
                said_on=f.date("said_on"),
                said_at=reader.ref(f, "said_at", ("place",)),
                language=f.text("language"),
                hops=hops,
                citations=[c for c in cited if c in citations],
                speaker_justification=f.text("speaker_justification"),
                draft=read_mark(f),
            )
        )
    return result


def _read_hops(reader: _Reader, f: Fields, sources: set[str]) -> list[Hop]:
    hops = []
    for order, (item, line) in enumerate(f.items("relay"), start=1):
        hf = reader.fields(
            item, "relay hop", ("role", "agent", "agent_as_written", "via", "date"), line
        )
        role = hf.concept("role", "hop-role", reader.vocabulary, required=True)
        agent = reader.ref(hf, "agent", ACTOR_KINDS)
        as_written = hf.text("agent_as_written")
        if not hf.has("agent") and as_written is None:
            hf.error(
                "agent", "a hop needs an agent: or, when the text names none, agent_as_written:"
            )
        via = hf.text("via")
        if via and via not in sources:
            hf.error("via", f"unknown work or citation {via!r}")
            via = None
        if role:
            hops.append(Hop(order, role, agent, as_written, via, hf.date("date")))
    return hops


def _read_ignored(reader: _Reader, data: LocatedDict) -> list[Ignored]:
    result = []
    for item, line in reader.items(data, "ignored"):
        f = reader.fields(item, "ignored", ("reason", *_QUOTED), line)
        reason = f.text("reason", required=True)
        if f.has("occurrence") or f.has("prefix"):
            spans = [span] if (span := reader.span(f)) else []
        elif quote := f.text("quote", required=True):
            # Without occurrence/prefix an ignored text covers every place it stands.
            spans = [Span(s, s + len(quote)) for s in occurrences(reader.text, quote)]
            if not spans:
                f.error("quote", f"ignored text not found in the document: {quote!r}")
        else:
            spans = []
        if spans and reason:
            result.append(Ignored(spans, reason, f.line))
    return result
