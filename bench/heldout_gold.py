"""The held-out gold annotations (``bench/heldout/<name>.gold.yaml``): read and checked.

Each gold file describes one document of ``bench/heldout/`` in the small format of
``bench/heldout/README.md``. Reading a gold file checks it against the text the drafter reads
(the document as :func:`provkb.draft.reading.read_source` gives it: for an HTML page, its
extracted main text): every quote and every surface form must occur there verbatim, and a quote
that occurs more than once must say which occurrence it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from provkb.draft.reading import InputError, Source, read_source

HELDOUT = Path(__file__).resolve().parent / "heldout"
DOCUMENT_SUFFIXES = (".txt", ".md", ".html")
MODES = ("direct", "reported")
VOICES = ("quoted", "answer", "own")
SPEAKER_KINDS = ("person", "organisation", "collective")
MENTION_KINDS = ("person", "organisation", "collective", "place", "event")
HOP_ROLES = (
    "interviewer", "news-agency", "outlet", "translator", "social-media", "citing-author",
    "intermediary",
)  # fmt: skip
METADATA_FIELDS = ("title", "date", "outlet", "author")
ID = re.compile(r"^(person|org|collective|place|event)/[a-z0-9]+(-[a-z0-9]+)*$")


class GoldError(Exception):
    """A gold file that does not fit its document; each line names the file and the item."""


@dataclass(frozen=True)
class GoldHop:
    """One hop of a relay chain; ``name`` is None when the text leaves the relay unnamed."""

    role: str
    name: str | None


@dataclass(frozen=True)
class GoldSpeaker:
    """Who asserts: a name as the text gives it (or a short description), and its kind."""

    name: str
    kind: str
    id: str | None  # the entity among the file's mentions, when it is one
    inferred: bool  # the text gives the speaker by a pronoun or in an earlier paragraph only


@dataclass(frozen=True)
class GoldAssertion:
    """One assertion of the document, located in its text."""

    item: int  # 1-based position in the file's ``assertions``, for messages
    quote: str
    start: int
    end: int
    mode: str
    voice: str
    speaker: GoldSpeaker
    hops: tuple[GoldHop, ...]


@dataclass(frozen=True)
class GoldMention:
    """A named entity of the document and the forms the text writes it in."""

    id: str
    kind: str
    surface: tuple[str, ...]


@dataclass
class GoldDocument:
    """A held-out document, as the drafter reads it, with its gold annotation."""

    name: str
    source: Source
    metadata: dict[str, str | None]
    assertions: list[GoldAssertion]
    mentions: list[GoldMention]

    def surface_of(self, entity_id: str | None) -> tuple[str, ...]:
        """The surface forms of the mentioned entity ``entity_id`` (none when not mentioned)."""
        for mention in self.mentions:
            if mention.id == entity_id:
                return mention.surface
        return ()


def documents(folder: Path = HELDOUT) -> list[Path]:
    """The held-out documents of ``folder`` (each with a gold file), in name order."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix in DOCUMENT_SUFFIXES and gold_path(path).is_file()
    )


def gold_path(document: Path) -> Path:
    """Where the gold annotation of ``document`` is."""
    return document.with_name(f"{document.stem}.gold.yaml")


def load_gold(document: Path) -> GoldDocument:
    """Read ``document`` and its gold file; raise :class:`GoldError` listing every misfit."""
    path = gold_path(document)
    try:
        source = read_source(document)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (InputError, OSError, yaml.YAMLError) as error:
        raise GoldError(f"{path.name}: cannot be read: {error}") from None
    reader = _Reader(path.name, source.text)
    if not isinstance(data, dict):
        raise GoldError(f"{path.name}: must be a mapping with document, assertions, mentions")
    mentions = reader.mentions(data.get("mentions"))
    known = {m.id for m in mentions}
    assertions = reader.assertions(data.get("assertions"), known)
    metadata = reader.metadata(data.get("document"))
    if reader.problems:
        raise GoldError("\n".join(reader.problems))
    return GoldDocument(document.stem, source, metadata, assertions, mentions)


class _Reader:
    """Reads the parts of one gold file, collecting what does not fit as messages."""

    def __init__(self, file: str, text: str):
        self.file = file
        self.text = text
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.file}: {where}: {message}")

    def metadata(self, data: object) -> dict[str, str | None]:
        if not isinstance(data, dict):
            self.problem("document", "must be a mapping of title, date, outlet, author")
            return {}
        found: dict[str, str | None] = {}
        for key in METADATA_FIELDS:
            value = data.get(key)
            if value is not None and not isinstance(value, str):
                self.problem(f"document.{key}", f"must be text or null, not {value!r}")
                value = None
            found[key] = value
        return found

    def mentions(self, data: object) -> list[GoldMention]:
        if not isinstance(data, list):
            self.problem("mentions", "must be a list")
            return []
        found: list[GoldMention] = []
        for number, item in enumerate(data, 1):
            where = f"mentions[{number}]"
            if not isinstance(item, dict):
                self.problem(where, "must be a mapping of id, kind, surface")
                continue
            entity_id, kind, surface = item.get("id"), item.get("kind"), item.get("surface")
            if not isinstance(entity_id, str) or not ID.match(entity_id):
                self.problem(where, f"id {entity_id!r} must be kind/slug")
                continue
            where = f"mentions[{number}] ({entity_id})"
            if kind not in MENTION_KINDS:
                self.problem(where, f"kind {kind!r} must be one of {', '.join(MENTION_KINDS)}")
            if not isinstance(surface, list) or not surface:
                self.problem(where, "surface must be a non-empty list of forms")
                continue
            for form in surface:
                if not isinstance(form, str) or form not in self.text:
                    self.problem(where, f"surface form {form!r} does not occur in the text")
            found.append(GoldMention(entity_id, str(kind), tuple(str(f) for f in surface)))
        return found

    def assertions(self, data: object, known: set[str]) -> list[GoldAssertion]:
        if not isinstance(data, list):
            self.problem("assertions", "must be a list")
            return []
        found = []
        for number, item in enumerate(data, 1):
            assertion = self.assertion(number, item, known)
            if assertion:
                found.append(assertion)
        return found

    def assertion(self, number: int, item: object, known: set[str]) -> GoldAssertion | None:
        where = f"assertions[{number}]"
        if not isinstance(item, dict) or not isinstance(item.get("quote"), str):
            self.problem(where, "must be a mapping with a quote")
            return None
        quote: str = item["quote"]
        where = f"assertions[{number}] ({quote[:40]!r})"
        span = self.locate(where, quote, item.get("occurrence"))
        mode, voice = item.get("mode"), item.get("voice", "quoted")
        if mode not in MODES:
            self.problem(where, f"mode {mode!r} must be one of {', '.join(MODES)}")
        if voice not in VOICES:
            self.problem(where, f"voice {voice!r} must be one of {', '.join(VOICES)}")
        speaker = self.speaker(where, item.get("speaker"), known)
        hops = self.hops(where, item.get("hops", []))
        if span is None or speaker is None or hops is None:
            return None
        return GoldAssertion(number, quote, *span, str(mode), str(voice), speaker, hops)

    def locate(self, where: str, quote: str, occurrence: object) -> tuple[int, int] | None:
        starts = [m.start() for m in re.finditer(re.escape(quote), self.text)] if quote else []
        if not starts:
            self.problem(where, "quote does not occur in the text")
            return None
        if occurrence is None and len(starts) > 1:
            self.problem(where, f"quote occurs {len(starts)} times; say which with occurrence")
            return None
        index = 1 if occurrence is None else occurrence
        if not isinstance(index, int) or not 1 <= index <= len(starts):
            self.problem(where, f"occurrence {occurrence!r} must be 1 to {len(starts)}")
            return None
        start = starts[index - 1]
        return start, start + len(quote)

    def speaker(self, where: str, data: object, known: set[str]) -> GoldSpeaker | None:
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            self.problem(where, "speaker must be a mapping with a name")
            return None
        kind, entity_id = data.get("kind"), data.get("id")
        if kind not in SPEAKER_KINDS:
            self.problem(where, f"speaker kind {kind!r} must be one of {', '.join(SPEAKER_KINDS)}")
        if entity_id is not None and entity_id not in known:
            self.problem(where, f"speaker id {entity_id!r} is not among the mentions")
        inferred = data.get("inferred", False)
        if not isinstance(inferred, bool):
            self.problem(where, f"speaker inferred {inferred!r} must be true or false")
        return GoldSpeaker(data["name"], str(kind), entity_id, inferred is True)

    def hops(self, where: str, data: object) -> tuple[GoldHop, ...] | None:
        if not isinstance(data, list):
            self.problem(where, "hops must be a list")
            return None
        found = []
        for hop in data:
            if not isinstance(hop, dict) or hop.get("role") not in HOP_ROLES:
                self.problem(where, f"hop {hop!r} must have a role among {', '.join(HOP_ROLES)}")
                continue
            name = hop.get("name")
            if name is not None and not isinstance(name, str):
                self.problem(where, f"hop name {name!r} must be text or null")
                continue
            found.append(GoldHop(hop["role"], name))
        return tuple(found)
