"""Generate a synthetic provkb corpus shaped like the real one, for benchmarks and scale tests.

The corpus is written in the format ``provkb build`` reads (``kb/README.md``): verbatim texts and
their annotations under ``kb/documents/``, a shared registry of entities under ``kb/registry/``,
curators' decisions under ``kb/decisions/``, plus copies of ``ontology/``, ``shapes/`` and
``queries/`` so that ``provkb build --root DIR`` and ``provkb validate --root DIR`` work on it.

Shape. The ratios come from the seed KB (4 documents, 62,498 characters, measured 2026-11-23 with
``provkb build`` and a count of ``rdf:type`` per class); per thousand characters of text it has
5.0 assertions, 15.3 mentions, 1.0 reported events, 0.8 citations, 0.4 affiliations and 0.4 works,
0.72 relay hops per assertion, and about 0.4 identity and 0.13 relation decisions. The generated
texts keep those ratios (see ``Shape``) at a mean length of about 2,600 characters, so that a
document weighs about 1,000 quads and 10,000 documents about 10M quads.

Entities come from one shared pool drawn with Zipf-like popularity, so a few actors speak in many
documents (as the real corpus's movements and outlets do) and query results grow with the corpus.
Names are made of pseudo-words that are unique across the pool and never occur inside another
name, so every mention quote matches whole words only where the generator put it. Assertion
quotes are sentences made unique by their slots; a quote that still occurs twice gets
``occurrence: 1`` (the build refuses to guess).

Deterministic: the same ``--seed`` and ``--docs`` give a byte-identical corpus (one
``random.Random`` drives everything; no set or hash order reaches the output).

``--plant-errors N`` also builds the corpus and writes the TriG of ``build-planted/``: the build's
TriG with N SHACL-level errors edited in (a wrong ``oa:exact``, a duplicate relay hop order, an
assertion without a speaker, in turn), and ``planted.json`` listing them. Errors in the YAML
cannot express these: the build locates every quote and numbers every hop itself.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import json
import random
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/provkb/"
CURATORS = "org/provkb-curators"


@dataclass(frozen=True)
class Shape:
    """Annotations per thousand characters of text (from the seed KB), and document sizes."""

    assertions: float = 5.0
    mentions: float = 15.3
    events: float = 1.0
    citations: float = 0.8
    affiliations: float = 0.4
    hops_per_assertion: float = 0.72
    identity_decisions: float = 0.4
    relation_decisions: float = 0.13
    mean_chars: int = 2600


# -- names -------------------------------------------------------------------------------------

_ONSETS = "b d f g h k l m n p r s t v z br dr kr st tr".split()
_VOWELS = "a e i o u ai ei".split()
_CODAS = "n r l s k m".split()
_GIVEN = (
    "Aida Anna Arif Asel Aylin Babek Cem Dana Deniz Elif Emil Farid Gul Hana Ilya Iris Jale Kaan "
    "Kamal Lale Leyla Lina Mara Maryam Mehmet Mira Murat Nadia Nika Omar Orhan Pinar Rana Reza "
    "Rustam Sabina Sara Selin Tahir Tara Timur Ulvi Vera Yusuf Zara Zeynep"
).split()
_ORG_NOUNS = (
    "Council Front Institute Agency Network Movement Union Press Foundation Committee "
    "Assembly Alliance Observatory Centre Party Radio Review"
).split()
_ORG_KINDS = {
    "Council": "government-body",
    "Front": "political-movement",
    "Institute": "academic-body",
    "Agency": "news-agency",
    "Network": "non-governmental-organisation",
    "Movement": "political-movement",
    "Union": "student-organisation",
    "Press": "publisher",
    "Foundation": "non-governmental-organisation",
    "Committee": "political-organisation",
    "Assembly": "legislature",
    "Alliance": "political-organisation",
    "Observatory": "non-governmental-organisation",
    "Centre": "academic-body",
    "Party": "political-party",
    "Radio": "media-outlet",
    "Review": "media-outlet",
}
_MEDIA = ("Agency", "Press", "Radio", "Review")
_PLACE_KINDS = ("city", "city", "city", "region", "province", "building", "corridor")
_COLLECTIVE_NOUNS = ("residents", "students", "activists", "workers", "observers", "farmers")


class Names:
    """Pseudo-words unique across the whole pool (so no name can occur inside another)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set(_GIVEN) | set(_ORG_NOUNS)

    def word(self) -> str:
        """A new capitalised pseudo-word of two or three syllables."""
        for _ in range(1000):
            syllables = self.rng.choice((2, 3, 3))
            parts = [self.rng.choice(_ONSETS) + self.rng.choice(_VOWELS) for _ in range(syllables)]
            word = ("".join(parts) + self.rng.choice(_CODAS)).capitalize()
            if word not in self.used:
                self.used.add(word)
                return word
        raise RuntimeError("pseudo-word space exhausted")


def slugify(label: str) -> str:
    """``Anna Korvalen`` → ``anna-korvalen``."""
    return "-".join(label.lower().replace("'", "").split())


@dataclass
class Entity:
    """One registry entity of the pool."""

    ref: str
    label: str
    kind: str | None = None  # organisation, collective or place kind, or event type
    alias: str | None = None  # a shorter name the texts also use (a person's family name)
    description: str | None = None
    within: str | None = None

    @property
    def iri(self) -> str:
        return f"{BASE}id/{self.ref}"


class Pool:
    """The shared entities, each kind in popularity order with cumulative Zipf weights."""

    def __init__(self, rng: random.Random, documents: int):
        names = Names(rng)
        self.rng = rng
        size = 40 + documents  # ~3 entities per document over all kinds, like a growing registry
        self.people = [self._person(names) for _ in range(size)]
        self.orgs = [self._org(names, rng.choice(_ORG_NOUNS)) for _ in range(size // 2)]
        self.media = [self._org(names, rng.choice(_MEDIA)) for _ in range(max(8, size // 20))]
        self.places = [self._place(names) for _ in range(size // 2)]
        # A place lies within a place listed before it (a few large ones), so no cycle arises.
        for index, place in enumerate(self.places[1:], start=1):
            if rng.random() < 0.5:
                place.within = rng.choice(self.places[: min(index, 1 + len(self.places) // 20)]).ref
        self.collectives = [self._collective(names) for _ in range(max(4, size // 20))]
        self.events = [self._event(names) for _ in range(max(4, documents // 20))]
        self._weights: dict[int, list[float]] = {}

    def _person(self, names: Names) -> Entity:
        family = names.word()
        label = f"{self.rng.choice(_GIVEN)} {family}"
        return Entity(f"person/{slugify(label)}", label, alias=family)

    def _org(self, names: Names, noun: str) -> Entity:
        label = f"{names.word()} {noun}"
        return Entity(f"org/{slugify(label)}", label, _ORG_KINDS[noun])

    def _place(self, names: Names) -> Entity:
        label = names.word()
        return Entity(f"place/{slugify(label)}", label, self.rng.choice(_PLACE_KINDS))

    def _collective(self, names: Names) -> Entity:
        label = f"{names.word()} {self.rng.choice(_COLLECTIVE_NOUNS)}"
        # A bounded group, never a whole population (which would need a speaker justification).
        return Entity(f"collective/{slugify(label)}", label, "group")

    def _event(self, names: Names) -> Entity:
        kind = self.rng.choice(("war", "election", "protest", "treaty", "natural-disaster"))
        label = f"{names.word()} {kind.replace('-', ' ')}"
        return Entity(f"event/{slugify(label)}", label, kind)

    def pick(self, entities: list[Entity]) -> Entity:
        """One entity, rank r drawn with weight 1/(r+1)."""
        cumulative = self._weights.get(len(entities))
        if cumulative is None:
            cumulative = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(entities))))
            self._weights[len(entities)] = cumulative
        at = bisect.bisect_left(cumulative, self.rng.random() * cumulative[-1])
        return entities[min(at, len(entities) - 1)]

    def every(self) -> list[Entity]:
        return [
            *self.people,
            *self.orgs,
            *self.media,
            *self.places,
            *self.collectives,
            *self.events,
        ]


# -- text --------------------------------------------------------------------------------------

_ADJ = (
    "new old local national regional urgent unlawful peaceful violent secret public official "
    "independent disputed rural northern southern western eastern cultural economic"
).split()
_NOUNS = (
    "school bridge border road dam archive hospital election census curriculum newspaper "
    "festival monument market pipeline railway harbour library tribunal council court"
).split()
_VERBS = (
    "closed reopened banned funded postponed investigated announced blocked restored "
    "renamed demolished expanded defended ignored"
).split()
_KIND_VERBS = {
    "demand": ("demanded", "We demand that the authorities"),
    "appeal": ("appealed", "We ask"),
    "accusation": ("accused", "They have"),
    "claim": ("claimed", "It is true that the authorities"),
    "denial": ("denied", "We never"),
    "warning": ("warned", "If nothing changes, the authorities will have"),
    "statement": ("stated", "Our position is that the authorities"),
    "report": ("reported", "Witnesses say the authorities"),
    "condemnation": ("condemned", "We condemn that the authorities"),
    "prediction": ("predicted", "Next year the authorities will have"),
    "opinion": ("argued", "In our view the authorities"),
}
_KINDS = tuple(_KIND_VERBS)
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_FILLER = (
    "The situation in {p} remained tense throughout the {n}th week.",
    "Observers in {p} counted {n} people at the {a} {o}.",
    "{x} did not respond to a request for comment on the {a} {o}.",
    "Nobody could confirm how many people attended the {a} {o} meeting.",
    "The {a} {o} had been discussed for {n} months before the vote.",
    "Further details about the {a} {o} near {p} were not published.",
    "In {p}, {n} families were affected by the {a} {o} dispute.",
)


def _date_text(year: int, month: int, day: int) -> str:
    return f"{day} {_MONTHS[month - 1]} {year}"


@dataclass
class DocumentPlan:
    """One document being written: its text, in pieces, and its annotations."""

    slug: str
    lines: list[str] = field(default_factory=list)
    mentions: dict[str, str] = field(default_factory=dict)  # surface → ref
    affiliations: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    assertions: list[dict] = field(default_factory=list)
    citations: list[dict] = field(default_factory=list)
    works: list[dict] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    ignored: list[dict] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    aliases_used: list[tuple[str, str]] = field(default_factory=list)  # (ref, alias)

    @property
    def size(self) -> int:
        return sum(len(line) + 1 for line in self.lines)


class Writer:
    """Writes documents, the registry and the decisions of one corpus."""

    def __init__(self, rng: random.Random, pool: Pool, shape: Shape):
        self.rng, self.pool, self.shape = rng, pool, shape
        self.published: dict[str, list[dict]] = {}  # doc slug → its assertions (for relations)

    def name(self, plan: DocumentPlan, entity: Entity, *, alias_ok: bool = True) -> str:
        """The entity's name as this sentence writes it; records the mention."""
        if alias_ok and entity.alias and entity.label in plan.mentions and self.rng.random() < 0.3:
            plan.mentions[entity.alias] = entity.ref
            plan.aliases_used.append((entity.ref, entity.alias))
            return entity.alias
        plan.mentions[entity.label] = entity.ref
        return entity.label

    def actor(self) -> Entity:
        roll = self.rng.random()
        if roll < 0.55:
            return self.pool.pick(self.pool.people)
        if roll < 0.9:
            return self.pool.pick(self.pool.orgs)
        return self.pool.pick(self.pool.collectives)

    def claim(self, plan: DocumentPlan, kind: str) -> tuple[str, list[str]]:
        """A unique claim sentence (without its final period) and what it is about."""
        place = self.pool.pick(self.pool.places)
        target = self.pool.pick(self.pool.orgs)
        lead = _KIND_VERBS[kind][1]
        words = (self.rng.choice(_VERBS), self.rng.choice(_ADJ), self.rng.choice(_NOUNS))
        year = self.rng.randint(1990, 2025)
        number = self.rng.randint(2, 999)
        sentence = (
            f"{lead} {words[0]} the {words[1]} {words[2]} of {self.name(plan, place)} "
            f"in {year}, together with {self.name(plan, target)} and {number} others"
        )
        return sentence, [place.ref, target.ref]

    def assertion(self, plan: DocumentPlan) -> None:
        index = len(plan.assertions) + 1
        speaker = self.actor()
        kind = self.rng.choice(_KINDS)
        claim, about = self.claim(plan, kind)
        verb = _KIND_VERBS[kind][0]
        item: dict = {"id": f"a{index}", "speaker": speaker.ref, "kind": kind}
        who = self.name(plan, speaker)
        if self.rng.random() < 0.6:
            quote = f"{claim}."
            plan.lines.append(f"{who} {verb}: “{quote}”")
            item["mode"] = "direct"
        else:
            quote = f"{who} {verb} that the {claim[0].lower()}{claim[1:]}."
            plan.lines.append(quote)
            item["mode"] = "reported"
        item["quote"] = quote
        item["about"] = about
        if kind in ("demand", "appeal") and self.rng.random() < 0.7:
            item["addressee"] = [self.pool.pick(self.pool.orgs).ref]
        if speaker.ref.startswith("person/") and self.rng.random() < 0.3:
            item["on_behalf_of"] = self.pool.pick(self.pool.orgs).ref
        if self.rng.random() < 0.3:
            item["said_on"] = f"{self.rng.randint(2000, 2025)}-{self.rng.randint(1, 12):02d}"
        if self.rng.random() < 0.2:
            item["said_at"] = self.pool.pick(self.pool.places).ref
        if self.rng.random() < 0.1:
            item["language"] = self.rng.choice(("az", "tr", "fa"))
        self.relay(plan, item)
        plan.assertions.append(item)

    def relay(self, plan: DocumentPlan, item: dict) -> None:
        """Hops nearest the document first; 0.72 per assertion on average, like the seed KB."""
        if self.rng.random() >= 0.45:
            return
        hops = []
        for _ in range(self.rng.choice((1, 1, 2, 2, 3))):
            roll = self.rng.random()
            if roll < 0.5:
                agency = self.pool.pick(self.pool.media)
                plan.lines.append(f"The words were carried by {self.name(plan, agency)}.")
                hops.append({"role": "news-agency", "agent": agency.ref})
            elif roll < 0.75:
                hops.append({"role": "translator", "agent_as_written": "an unnamed translator"})
            elif roll < 0.9 and plan.citations:
                cited = self.rng.choice(plan.citations)
                work = next(w for w in plan.works if w["id"] == cited["work"])
                hops.append(
                    {"role": "cited-work", "agent": work["creators"][0], "via": cited["id"]}
                )
            else:
                person = self.pool.pick(self.pool.people)
                plan.lines.append(f"They were first reported by {self.name(plan, person)}.")
                hops.append({"role": "intermediary", "agent": person.ref})
        item["relay"] = hops

    def affiliation(self, plan: DocumentPlan) -> None:
        person = self.pool.pick(self.pool.people)
        org = self.pool.pick(self.pool.orgs)
        role = self.rng.choice(("member", "spokesperson", "leader", "head-of-press-service"))
        phrase = f"{role.replace('-', ' ')} of the {self.name(plan, org, alias_ok=False)}"
        who = self.name(plan, person)
        plan.lines.append(f"{who}, {phrase}, spoke to reporters in {self._place(plan)}.")
        plan.affiliations.append(
            {"member": person.ref, "organisation": org.ref, "role": role, "quote": phrase}
        )

    def _place(self, plan: DocumentPlan) -> str:
        return self.name(plan, self.pool.pick(self.pool.places))

    def event(self, plan: DocumentPlan) -> None:
        year, month = self.rng.randint(1990, 2025), self.rng.randint(1, 12)
        day = self.rng.randint(1, 28)
        place = self.pool.pick(self.pool.places)
        organiser = self.pool.pick(self.pool.orgs)
        where, who = self.name(plan, place), self.name(plan, organiser)
        shared = self.pool.pick(self.pool.events)
        if self.rng.random() < 0.25 and all(e["id"] != shared.ref for e in plan.events):
            plan.mentions[shared.label] = shared.ref
            sentence = f"{who} took part in the {shared.label} near {where} in {year}."
            item: dict = {"id": shared.ref, "date": str(year)}
        else:
            kind = self.rng.choice(("rally", "protest", "meeting", "arrest", "hearing"))
            sentence = f"On {_date_text(year, month, day)} {who} held a {kind} in {where}."
            label = f"{kind.capitalize()} in {place.label}, {year}-{month:02d}-{day:02d}"
            item = {
                "id": f"{plan.slug}-e{len(plan.events) + 1}",
                "label": {"en": label},
                "type": kind,
                "date": f"{year}-{month:02d}-{day:02d}",
            }
        item["place"] = place.ref
        item["participants"] = [{"agent": organiser.ref, "role": "organiser"}]
        item["quote"] = sentence
        plan.lines.append(sentence)
        plan.events.append(item)

    def citation(self, plan: DocumentPlan) -> None:
        number = len(plan.citations) + 1
        author = self.pool.pick(self.pool.people)
        publisher = self.pool.pick(self.pool.media)
        year = self.rng.randint(1980, 2025)
        title = (
            f"The {self.rng.choice(_ADJ).capitalize()} {self.rng.choice(_NOUNS).capitalize()} "
            f"of {self.pool.pick(self.pool.places).label}"
        )
        text = f"{author.label}, “{title}”, {publisher.label}, {year}, p. {number * 7}."
        plan.mentions[author.label] = author.ref
        plan.mentions[publisher.label] = publisher.ref
        plan.footnotes.append(f"[{number}] {text}")
        work = {
            "id": f"w{number}",
            "title": title,
            "creators": [author.ref],
            "creators_as_written": [author.label],
            "date": year,
            "language": "en",
        }
        plan.works.append(work)
        plan.citations.append(
            {"id": f"fn-{number}", "footnote": number, "quote": text, "work": work["id"]}
        )
        plan.lines.append(f"The claim rests on a study published in {year} [{number}].")

    def filler(self, plan: DocumentPlan) -> None:
        template = self.rng.choice(_FILLER)
        plan.lines.append(
            template.format(
                p=self._place(plan),
                n=self.rng.randint(2, 99),
                a=self.rng.choice(_ADJ),
                o=self.rng.choice(_NOUNS),
                x=self.name(plan, self.actor()),
            )
        )

    def document(self, index: int) -> tuple[str, str, DocumentPlan]:
        """The text, the annotation YAML and the plan of document ``index``."""
        rng, shape = self.rng, self.shape
        slug = f"doc-{index:05d}"
        plan = DocumentPlan(slug)
        target = int(rng.lognormvariate(0, 0.5) * shape.mean_chars * 0.88)
        target = max(800, min(target, 40 * shape.mean_chars))
        genre = rng.choice(
            ("news-report", "news-report", "interview", "research-article", "open-letter")
        )
        author = self.pool.pick(self.pool.people)
        publisher = self.pool.pick(self.pool.media)
        topic = self.pool.pick(self.pool.places)
        title = f"Report {index} on {topic.label} and the {rng.choice(_ADJ)} {rng.choice(_NOUNS)}"
        plan.lines.append(title)
        plan.lines.append(f"By {author.label}, {publisher.label}")
        plan.mentions[author.label] = author.ref
        plan.mentions[publisher.label] = publisher.ref
        plan.mentions[topic.label] = topic.ref
        headings = ("## Background", "## Statements", "## Reactions")
        per_char = 1 / 1000
        budget = {
            self.assertion: shape.assertions * per_char,
            self.event: shape.events * per_char,
            self.citation: shape.citations * per_char,
            self.affiliation: shape.affiliations * per_char,
        }
        actions = list(budget)
        weights = [budget[a] for a in actions]
        # Each non-filler action writes ~180 characters; filler makes up the rest of the text.
        action_share = sum(weights) * 180
        section = 0
        while plan.size < target:
            if section < len(headings) and plan.size >= target * section / len(headings):
                plan.lines.append(headings[section])
                plan.sections.append(headings[section])
                section += 1
            if rng.random() < action_share:
                rng.choices(actions, weights)[0](plan)
            else:
                self.filler(plan)
            if rng.random() < 0.03:
                plan.lines.append("Share this article")
        if "Share this article" in plan.lines:
            plan.ignored.append({"quote": "Share this article", "reason": "website boilerplate"})
        if plan.footnotes:
            plan.lines.append("## Notes")
            plan.sections.append("## Notes")
            plan.lines.extend(plan.footnotes)
        text = "\n".join(plan.lines) + "\n"
        published = f"{rng.randint(2000, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yaml_text = self.annotations(plan, text, title, author, publisher, published, genre)
        self.published[slug] = plan.assertions
        return text, yaml_text, plan

    def annotations(
        self,
        plan: DocumentPlan,
        text: str,
        title: str,
        author: Entity,
        publisher: Entity,
        published: str,
        genre: str,
    ) -> str:
        """The YAML of one document (flow mappings, strings written as JSON, which YAML reads)."""
        out = [
            "document:",
            f"  title: {q(title)}",
            f"  authors: [{author.ref}]",
            f"  authors_as_written: [{q(author.label)}]",
            f"  publisher: {publisher.ref}",
            f"  published: {q(published)}",
            f"  genre: {genre}",
            "  languages: [en]",
            f"  source_file: {plan.slug}.txt",
            f"  source_sha256: {hashlib.sha256(text.encode()).hexdigest()}",
        ]

        def quoted(item: dict) -> dict:
            # A quote that stands more than once gets occurrence: 1 (the build refuses to guess).
            if text.count(item["quote"]) > 1:
                item = {**item, "occurrence": 1}
            return item

        if plan.sections:
            out.append("sections:")
            for number, heading in enumerate(plan.sections, start=1):
                out.append(f"  - {flow(quoted({'id': f's{number}', 'quote': heading}))}")
        out.append("mentions:")
        for surface in sorted(plan.mentions):
            out.append(f"  - {flow({'quote': surface, 'refers_to': plan.mentions[surface]})}")
        for key, items in (
            ("affiliations", plan.affiliations),
            ("events", plan.events),
            ("assertions", plan.assertions),
            ("citations", plan.citations),
            ("works", plan.works),
            ("ignored", plan.ignored),
        ):
            if items:
                out.append(f"{key}:")
                out.extend(f"  - {flow(quoted(i) if 'quote' in i else i)}" for i in items)
        return "\n".join(out) + "\n"


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def flow(value: object) -> str:
    """A YAML flow collection: mappings and lists inline, strings quoted, numbers bare."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, str):
        # References and vocabulary values are plain slugs; everything else is quoted.
        plain = value.replace("/", "").replace("-", "").replace("#", "").isalnum()
        return value if plain and value.isascii() and not value.isdigit() else q(value)
    return str(value)


# -- registry and decisions ----------------------------------------------------------------------


def registry_yaml(entities: list[Entity]) -> str:
    """One registry file listing ``entities``."""
    out = []
    for e in entities:
        item: dict = {"id": e.ref, "labels": {"en": e.label}}
        if e.alias:
            item["aliases"] = {"en": [e.alias]}
        kind_key = {"org": "kind", "collective": "kind", "place": "kind", "event": "type"}.get(
            e.ref.split("/")[0]
        )
        if kind_key and e.kind:
            item[kind_key] = e.kind
        if e.within:
            item["within"] = e.within
        item["description"] = {"en": f"Synthetic {e.ref.split('/')[0]} for benchmarks."}
        out.append(f"- {flow(item)}")
    return "\n".join(out) + "\n"


def decisions(
    rng: random.Random, pool: Pool, plans: list[DocumentPlan], shape: Shape, chars: int
) -> tuple[str, str]:
    """identity.yaml and relations.yaml at the seed KB's rates per thousand characters."""
    common = f'confidence: 0.7, decided_by: {CURATORS}, decided_on: "2026-11-23"'
    identity = []
    with_alias = [p for p in plans if p.aliases_used]
    for n in range(int(shape.identity_decisions * chars / 1000)):
        if with_alias and rng.random() < 0.7:
            plan = rng.choice(with_alias)
            ref, alias = rng.choice(plan.aliases_used)
            names = f"[{flow({'document': plan.slug, 'quote': alias})}]"
            identity.append(
                f"- {{id: same-{n}, judgement: same, entities: [{ref}], names: {names}, "
                f'evidence: "The text uses the short name after the full one.", {common}}}'
            )
        else:
            a, b = rng.sample(pool.people, 2)
            judgement = rng.choice(("distinct", "possibly-same"))
            identity.append(
                f"- {{id: pair-{n}, judgement: {judgement}, entities: [{a.ref}, {b.ref}], "
                f'evidence: "Similar roles, different names.", {common}}}'
            )
    relations = []
    documents = [p for p in plans if p.assertions]
    for n in range(int(shape.relation_decisions * chars / 1000)):
        if len(documents) < 2:
            break
        first, second = rng.sample(documents, 2)
        a = rng.choice(first.assertions)["id"]
        b = rng.choice(second.assertions)["id"]
        relation = rng.choice(("corroborates", "corroborates", "contradicts"))
        relations.append(
            f"- {{id: rel-{n}, relation: {relation}, "
            f'assertions: ["{first.slug}#{a}", "{second.slug}#{b}"], '
            f'evidence: "Same claim, two speakers.", {common}}}'
        )
    return "\n".join(identity) + "\n", "\n".join(relations) + "\n"


def generate(out: Path, documents: int, seed: int = 1, shape: Shape | None = None) -> dict:
    """Write a corpus of ``documents`` documents under ``out`` (replacing ``out/kb``).

    Returns a summary: counts, characters, and bench parameters (IRIs of typical entities).
    """
    shape = shape or Shape()
    rng = random.Random(seed)
    pool = Pool(rng, documents)
    writer = Writer(rng, pool, shape)
    kb = out / "kb"
    if kb.exists():
        shutil.rmtree(kb)
    (kb / "documents").mkdir(parents=True)
    (kb / "registry").mkdir()
    (kb / "decisions").mkdir()
    for folder in ("ontology", "shapes", "queries"):
        if (out / folder).exists():
            shutil.rmtree(out / folder)
        shutil.copytree(REPO / folder, out / folder)
    plans, chars = [], 0
    counts = dict.fromkeys(("assertions", "events", "citations", "hops"), 0)
    for index in range(documents):
        text, yaml_text, plan = writer.document(index)
        (kb / "documents" / f"{plan.slug}.txt").write_text(text, encoding="utf-8")
        (kb / "documents" / f"{plan.slug}.yaml").write_text(yaml_text, encoding="utf-8")
        chars += len(text)
        counts["assertions"] += len(plan.assertions)
        counts["events"] += len(plan.events)
        counts["citations"] += len(plan.citations)
        counts["hops"] += sum(len(a.get("relay", ())) for a in plan.assertions)
        # Only what decisions need is kept; the texts are already on disk.
        plan.lines, plan.footnotes = [], []
        plans.append(plan)
    curators = Entity(CURATORS, "provkb curators", "editorial-team")
    (kb / "registry" / "people.yaml").write_text(registry_yaml(pool.people), encoding="utf-8")
    (kb / "registry" / "organisations.yaml").write_text(
        registry_yaml([*pool.orgs, *pool.media, curators]), encoding="utf-8"
    )
    (kb / "registry" / "places.yaml").write_text(registry_yaml(pool.places), encoding="utf-8")
    (kb / "registry" / "collectives.yaml").write_text(
        registry_yaml(pool.collectives), encoding="utf-8"
    )
    (kb / "registry" / "events.yaml").write_text(registry_yaml(pool.events), encoding="utf-8")
    identity, relations = decisions(rng, pool, plans, shape, chars)
    (kb / "decisions" / "identity.yaml").write_text(identity, encoding="utf-8")
    (kb / "decisions" / "relations.yaml").write_text(relations, encoding="utf-8")
    # Typical (not the most popular) entities, so results grow with the corpus like real ones.
    rank = 4
    summary = {
        "documents": documents,
        "seed": seed,
        "characters": chars,
        "entities": len(pool.every()) + 1,
        **counts,
        "parameters": {
            "actor": pool.people[rank].iri,
            "entity": pool.places[rank].iri,
            "organisation": pool.orgs[rank].iri,
            "document": f"{BASE}id/doc/doc-{0:05d}",
            "assertion": _relayed_assertion(plans),
            "words": "unlawful",
        },
    }
    (out / "corpus.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def _relayed_assertion(plans: list[DocumentPlan]) -> str:
    for plan in plans:
        for item in plan.assertions:
            if len(item.get("relay", ())) >= 2:
                return f"{BASE}id/doc/{plan.slug}/assertion/{item['id']}"
    plan = next(p for p in plans if p.assertions)
    return f"{BASE}id/doc/{plan.slug}/assertion/{plan.assertions[0]['id']}"


# -- planted errors ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlantedError:
    """One SHACL-level error edited into a built TriG, and how validation reports it."""

    kind: str  # wrong-exact | duplicate-hop-order | missing-speaker
    graph: str  # the document graph it is in (short name: doc/<slug>)
    focus: str  # the focus node of the expected result
    component: str  # the expected sh:sourceConstraintComponent, without the sh: namespace
    value: str  # the expected sh:value ("" when the result has none)


def plant_errors(trig: Path, out: Path, count: int, seed: int = 1) -> list[PlantedError]:
    """Copy ``trig`` to ``out`` with ``count`` errors edited in, each in a different document.

    The kinds take turns: a span's ``oa:exact`` no longer equals the text at its offsets; two
    relay hops of one assertion share an order; an assertion loses its speaker.
    """
    import pyoxigraph as ox

    rng = random.Random(seed)
    pkb, oa = "https://w3id.org/provkb/ontology#", "http://www.w3.org/ns/oa#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    quads = list(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    by_graph: dict[str, list[int]] = {}
    for i, quad in enumerate(quads):
        by_graph.setdefault(quad.graph_name.value, []).append(i)
    documents = sorted(g for g in by_graph if "/graph/doc/" in g)
    rng.shuffle(documents)
    planted: list[PlantedError] = []
    removed: set[int] = set()
    kinds = ("wrong-exact", "duplicate-hop-order", "missing-speaker")
    for graph in documents:
        if len(planted) == count:
            break
        kind = kinds[len(planted) % len(kinds)]
        short = graph.split("/graph/", 1)[1]
        indexes = by_graph[graph]
        document = next(
            quads[i].subject.value
            for i in indexes
            if quads[i].predicate == rdf_type and quads[i].object.value == pkb + "Document"
        )
        if kind == "wrong-exact":
            i = next(i for i in indexes if quads[i].predicate.value == oa + "exact")
            old = quads[i]
            quads[i] = ox.Quad(
                old.subject,
                old.predicate,
                ox.Literal(old.object.value + " (edited)"),
                old.graph_name,
            )
            planted.append(
                PlantedError(kind, short, document, "SPARQLConstraintComponent", old.subject.value)
            )
        elif kind == "duplicate-hop-order":
            hops: dict[str, list[int]] = {}
            for i in indexes:
                if quads[i].predicate.value == pkb + "relayHop":
                    hops.setdefault(quads[i].subject.value, []).append(i)
            chains = sorted(a for a, hs in hops.items() if len(hs) >= 2)
            if not chains:
                continue
            assertion = chains[0]
            second = f"{assertion}/hop/2"
            i = next(
                i
                for i in indexes
                if quads[i].subject.value == second and quads[i].predicate.value == pkb + "hopOrder"
            )
            old = quads[i]
            quads[i] = ox.Quad(
                old.subject,
                old.predicate,
                ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                old.graph_name,
            )
            planted.append(
                PlantedError(kind, short, document, "SPARQLConstraintComponent", assertion)
            )
        else:
            i = next(i for i in indexes if quads[i].predicate.value == pkb + "speaker")
            removed.add(i)
            planted.append(
                PlantedError(kind, short, quads[i].subject.value, "MinCountConstraintComponent", "")
            )
    if len(planted) < count:
        raise ValueError(f"could plant only {len(planted)} of {count} errors in {trig}")
    kept = sorted((q for i, q in enumerate(quads) if i not in removed), key=_sort_key)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(ox.serialize(kept, format=ox.RdfFormat.TRIG) or b"")
    return planted


def _sort_key(quad: object) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def build_with_errors(root: Path, count: int, seed: int = 1) -> list[PlantedError]:
    """Build ``root`` into ``root/build`` and write ``root/build-planted`` with planted errors."""
    from provkb.build.pipeline import compile_kb, write_build
    from provkb.layout import BuildLayout
    from provkb.paths import ProjectPaths

    paths = ProjectPaths(root.resolve())
    write_build(compile_kb(paths), paths.build)
    planted = plant_errors(
        BuildLayout(paths.build).trig, BuildLayout(root / "build-planted").trig, count, seed
    )
    (root / "planted.json").write_text(
        json.dumps([asdict(p) for p in planted], indent=2) + "\n", encoding="utf-8"
    )
    return planted


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m bench.generate_corpus --docs 1000 --out /tmp/corpus-1000``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, required=True, help="number of documents")
    parser.add_argument("--out", type=Path, required=True, help="target project folder")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--plant-errors",
        type=int,
        default=0,
        metavar="N",
        help="also build, and write the TriG of build-planted/ with N SHACL-level errors",
    )
    args = parser.parse_args(argv)
    summary = generate(args.out, args.docs, args.seed)
    shown = {k: v for k, v in summary.items() if k != "parameters"}
    print(f"generated {args.out}: " + ", ".join(f"{k} {v}" for k, v in shown.items()))
    if args.plant_errors:
        planted = build_with_errors(args.out, args.plant_errors, args.seed)
        print(f"planted {len(planted)} errors in the TriG of {args.out / 'build-planted'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
