"""Turning checked annotations into RDF quads, one named graph per source.

No blank nodes: every node gets a readable IRI, so dumps are byte-identical across builds and
every node can be dereferenced.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from provkb.annotations.decisions import Decisions, Judgement
from provkb.annotations.document import AnnotatedDocument, Work
from provkb.annotations.drafts import DraftMark, activity_iri
from provkb.annotations.registry import Registry
from provkb.annotations.spans import Span
from provkb.iris import Iris
from provkb.namespaces import PREFIXES
from provkb.terms import integer, term, text, typed

_CLASS = {
    "person": "Person",
    "org": "Organisation",
    "collective": "CollectiveSpeaker",
    "place": "Place",
    "event": "Event",
}
_KIND_PROPERTY = {
    "org": "pkb:organisationKind",
    "collective": "pkb:collectiveKind",
    "place": "pkb:placeKind",
    "event": "pkb:eventType",
}


class GraphWriter:
    """Collects the triples of one named graph."""

    def __init__(self, graph_iri: str):
        self.graph = ox.NamedNode(graph_iri)
        self.quads: list[ox.Quad] = []

    def add(
        self, subject: str | ox.NamedNode, predicate: str, obj: ox.NamedNode | ox.Literal | str
    ) -> None:
        """Add one triple; ``subject`` and a str ``obj`` are IRIs, ``predicate`` a CURIE."""
        s = subject if isinstance(subject, ox.NamedNode) else ox.NamedNode(subject)
        o = ox.NamedNode(obj) if isinstance(obj, str) else obj
        self.quads.append(ox.Quad(s, term(predicate), o, self.graph))

    def add_type(self, subject: str, *curies: str) -> None:
        for curie in curies:
            self.add(subject, "rdf:type", term(curie))

    def add_date(self, subject: str, predicate: str, date: tuple[str, str] | None) -> None:
        if date:
            self.add(subject, predicate, typed(*date))


def registry_graph(registry: Registry, iris: Iris) -> GraphWriter:
    """The entities graph: every registry entity with its labels, aliases and kind."""
    out = GraphWriter(iris.graph("entities"))
    for entity in registry.entities.values():
        node = iris.entity(entity.ref)
        out.add_type(node, f"pkb:{_CLASS[entity.kind]}")
        for language, label in entity.labels.items():
            out.add(node, "skos:prefLabel", text(label, language))
        for language, aliases in entity.aliases.items():
            for alias in aliases:
                out.add(node, "skos:altLabel", text(alias, language))
        for language, description in entity.descriptions.items():
            out.add(node, "dcterms:description", text(description, language))
        if entity.kind_iri:
            out.add(node, _KIND_PROPERTY[entity.kind], entity.kind_iri)
        if entity.within:
            out.add(node, "pkb:within", iris.entity(entity.within))
        if entity.part_of:
            out.add(node, "org:subOrganizationOf", iris.entity(entity.part_of))
        if entity.territory:
            out.add(node, "pkb:territory", iris.entity(entity.territory))
        _draft(out, node, entity.draft, iris)
        if entity.orcid:
            out.add(node, "schema:identifier", text(entity.orcid))
            out.add(node, "schema:sameAs", ox.NamedNode(f"https://orcid.org/{entity.orcid}"))
    return out


def document_graph(doc: AnnotatedDocument, iris: Iris) -> GraphWriter:
    """The graph of one document: what the document says, and nothing as fact."""
    out = GraphWriter(iris.graph(f"doc/{doc.slug}"))
    slug, node = doc.slug, iris.document(doc.slug)
    spans: set[Span] = set()

    def span_node(span: Span) -> str:
        spans.add(span)
        return iris.span(slug, span.start, span.end)

    meta = doc.metadata
    out.add_type(node, "pkb:Document")
    if meta.title:
        out.add(
            node, "dcterms:title", text(meta.title, meta.languages[0] if meta.languages else None)
        )
    for language, title in meta.titles.items():
        out.add(node, "dcterms:title", text(title, language))
    for author in meta.authors:
        out.add(node, "dcterms:creator", iris.entity(author))
    for written in meta.authors_as_written:
        out.add(node, "pkb:authorAsWritten", text(written))
    if meta.publisher:
        out.add(node, "dcterms:publisher", iris.entity(meta.publisher))
    out.add_date(node, "dcterms:date", meta.published)
    out.add_date(node, "dcterms:dateSubmitted", meta.submitted)
    out.add_date(node, "dcterms:dateAccepted", meta.accepted)
    if meta.genre:
        out.add(node, "pkb:genre", meta.genre)
    for language in meta.languages:
        out.add(node, "dcterms:language", typed(language, PREFIXES["xsd"] + "language"))
    if meta.source_file:
        out.add(node, "pkb:originalFileName", text(meta.source_file))
    if meta.url:
        out.add(node, "pkb:url", typed(meta.url, PREFIXES["xsd"] + "anyURI"))
    if meta.note:
        out.add(node, "pkb:curatorNote", text(meta.note, "en"))
    out.add(node, "pkb:textSha256", typed(doc.sha256, PREFIXES["xsd"] + "hexBinary"))
    out.add(node, "pkb:fullText", text(doc.text))
    if meta.original:
        original = iris.in_document(slug, "original")
        out.add(node, "pkb:renders", original)
        _work(out, original, meta.original, iris)

    for section in doc.sections:
        part = iris.in_document(slug, "section", section.id)
        out.add_type(part, "pkb:Section")
        out.add(node, "dcterms:hasPart", part)
        out.add(part, "pkb:inDocument", node)
        out.add(part, "dcterms:title", text(section.span.exact(doc.text)))
        out.add(part, "pkb:span", span_node(Span(section.span.start, section.end)))

    for mention in doc.mentions:
        m = iris.mention(slug, mention.span.start, mention.span.end)
        out.add_type(m, "pkb:Mention")
        out.add(m, "pkb:inDocument", node)
        out.add(m, "pkb:refersTo", iris.entity(mention.refers_to))
        out.add(m, "pkb:span", span_node(mention.span))
        _draft(out, m, mention.draft, iris)

    for n, affiliation in enumerate(doc.affiliations, start=1):
        a = iris.in_document(slug, "affiliation", n)
        out.add_type(a, "pkb:Affiliation")
        out.add(a, "pkb:inDocument", node)
        out.add(a, "org:member", iris.entity(affiliation.member))
        out.add(a, "org:organization", iris.entity(affiliation.organisation))
        out.add(a, "pkb:affiliationRole", affiliation.role)
        out.add(a, "pkb:span", span_node(affiliation.span))

    for event in doc.events:
        e = iris.entity(event.ref)
        if event.declared:
            out.add_type(e, "pkb:Event")
            for language, label in event.labels.items():
                out.add(e, "skos:prefLabel", text(label, language))
            if event.type:
                out.add(e, "pkb:eventType", event.type)
        out.add(e, "pkb:reportedIn", node)
        out.add_date(e, "pkb:date", event.date)
        out.add_date(e, "pkb:startDate", event.start)
        out.add_date(e, "pkb:endDate", event.end)
        if event.place:
            out.add(e, "pkb:place", iris.entity(event.place))
        for participant in event.participants:
            agent = iris.entity(participant.agent)
            p = iris.in_document(
                slug,
                "event",
                event.id,
                "participation",
                f"{participant.agent.replace('/', '-')}-{participant.role.rsplit('/', 1)[1]}",
            )
            out.add(e, "pkb:participant", agent)
            out.add(e, "pkb:participation", p)
            out.add_type(p, "pkb:Participation")
            out.add(p, "prov:agent", agent)
            out.add(p, "pkb:participantRole", participant.role)
        if event.span:
            out.add(e, "pkb:span", span_node(event.span))
        if event.declared:
            _draft(out, e, event.draft, iris)

    works = {w.id: iris.in_document(slug, "work", w.id) for w in doc.works}
    for work in doc.works:
        _work(out, works[work.id], work, iris)
    citations = {c.id: iris.in_document(slug, "citation", c.id) for c in doc.citations}
    for citation in doc.citations:
        c = citations[citation.id]
        out.add_type(c, "pkb:Citation")
        out.add(c, "pkb:inDocument", node)
        out.add(c, "pkb:span", span_node(citation.span))
        if citation.work:
            out.add(c, "pkb:citedWork", works[citation.work])
        if citation.footnote is not None:
            footnote = iris.in_document(slug, "footnote", citation.footnote)
            out.add(c, "pkb:footnoteNumber", integer(citation.footnote))
            out.add(c, "pkb:inFootnote", footnote)
            out.add_type(footnote, "pkb:Footnote")
            out.add(footnote, "pkb:footnoteNumber", integer(citation.footnote))
            out.add(footnote, "pkb:inDocument", node)
            out.add(node, "dcterms:hasPart", footnote)

    sources = {**works, **citations}
    for assertion in doc.assertions:
        a = iris.assertion(slug, assertion.id)
        out.add_type(a, "pkb:Assertion")
        out.add(a, "pkb:quotedIn", node)
        out.add(a, "pkb:speaker", iris.entity(assertion.speaker))
        out.add(a, "pkb:assertionKind", assertion.kind)
        out.add(a, "pkb:speechMode", assertion.mode)
        out.add(a, "pkb:span", span_node(assertion.span))
        _draft(out, a, assertion.draft, iris)
        for target in assertion.about:
            out.add(a, "pkb:about", iris.entity(target))
        for addressee in assertion.addressees:
            out.add(a, "pkb:addressee", iris.entity(addressee))
        if assertion.on_behalf_of:
            out.add(a, "pkb:onBehalfOf", iris.entity(assertion.on_behalf_of))
        if assertion.speaker_justification:
            out.add(a, "pkb:speakerJustification", text(assertion.speaker_justification))
        out.add_date(a, "pkb:saidOn", assertion.said_on)
        if assertion.said_at:
            out.add(a, "pkb:saidAt", iris.entity(assertion.said_at))
        if assertion.language:
            out.add(
                a, "pkb:originalLanguage", typed(assertion.language, PREFIXES["xsd"] + "language")
            )
        for citation_id in assertion.citations:
            out.add(a, "pkb:supportedBy", citations[citation_id])
        for hop in assertion.hops:
            h = f"{a}/hop/{hop.order}"
            out.add(a, "pkb:relayHop", h)
            out.add_type(h, "pkb:RelayHop")
            out.add(h, "pkb:hopOrder", integer(hop.order))
            out.add(h, "pkb:hopRole", hop.role)
            if hop.agent:
                out.add(h, "prov:agent", iris.entity(hop.agent))
            if hop.agent_as_written:
                out.add(h, "pkb:agentAsWritten", text(hop.agent_as_written))
            if hop.via:
                out.add(h, "pkb:via", sources[hop.via])
            out.add_date(h, "pkb:date", hop.date)

    for span in sorted(spans):
        s = iris.span(slug, span.start, span.end)
        out.add_type(s, "pkb:TextSpan")
        out.add(s, "pkb:inDocument", node)
        out.add(s, "oa:start", integer(span.start))
        out.add(s, "oa:end", integer(span.end))
        out.add(s, "oa:exact", text(span.exact(doc.text)))
        out.add(s, "oa:prefix", text(span.prefix(doc.text)))
        out.add(s, "oa:suffix", text(span.suffix(doc.text)))
    return out


def _draft(out: GraphWriter, node: str, mark: DraftMark | None, iris: Iris) -> None:
    """An item the drafter proposed and nobody has reviewed: generated by a drafting activity."""
    if mark is None:
        return
    activity = activity_iri(iris.base, mark.by)
    out.add(node, "prov:wasGeneratedBy", activity)
    out.add_type(activity, "prov:Activity", "pkb:DraftingActivity")
    out.add(activity, "rdfs:label", text(f"drafting by {mark.by or 'an unknown drafter'}", "en"))
    out.add(node, "pkb:draftRule", text(mark.rule))
    out.add(
        node, "pkb:draftConfidence", typed(f"{mark.confidence:.2f}", PREFIXES["xsd"] + "decimal")
    )
    if mark.speaker_rule:
        out.add(node, "pkb:draftSpeakerRule", text(mark.speaker_rule))
        guess = typed(str(mark.speaker_guess).lower(), PREFIXES["xsd"] + "boolean")
        out.add(node, "pkb:draftSpeakerGuess", guess)


def _work(out: GraphWriter, node: str, work: Work, iris: Iris) -> None:
    out.add_type(node, "pkb:ExternalWork")
    if work.title:
        out.add(node, "dcterms:title", text(work.title))
    for creator in work.creators:
        out.add(node, "dcterms:creator", iris.entity(creator))
    for written in work.creators_as_written:
        out.add(node, "pkb:creatorAsWritten", text(written))
    out.add_date(node, "dcterms:date", work.date)
    if work.language:
        out.add(node, "dcterms:language", typed(work.language, PREFIXES["xsd"] + "language"))
    if work.url:
        out.add(node, "pkb:url", typed(work.url, PREFIXES["xsd"] + "anyURI"))
    if work.publisher:
        out.add(node, "dcterms:publisher", iris.entity(work.publisher))
    if work.genre:
        out.add(node, "pkb:genre", work.genre)


def decision_graphs(decisions: Decisions, iris: Iris) -> tuple[GraphWriter, GraphWriter]:
    """The identity and the relations decision graphs."""
    identity = GraphWriter(iris.graph("decisions/identity"))
    for j in decisions.identity:
        node = iris.decision("identity", j.id)
        identity.add_type(node, "pkb:IdentityJudgement")
        _judgement(identity, node, j, iris)
        identity.add(node, "pkb:judgement", j.judgement)
        for entity in j.entities:
            identity.add(node, "pkb:concernsEntity", iris.entity(entity))
        for slug, start, end in j.mentions:
            identity.add(node, "pkb:concernsMention", iris.mention(slug, start, end))
        kind = j.judgement.rsplit("/", 1)[1]
        if kind in ("distinct", "possibly-same"):
            first, second = (iris.entity(e) for e in j.entities)
            shortcut = "pkb:distinctFrom" if kind == "distinct" else "pkb:possiblySameAs"
            identity.add(first, shortcut, second)
            identity.add(second, shortcut, first)
    relations = GraphWriter(iris.graph("decisions/relations"))
    for r in decisions.relations:
        node = iris.decision("relation", r.id)
        relations.add_type(node, "pkb:AssertionRelation")
        _judgement(relations, node, r, iris)
        relations.add(node, "pkb:relation", r.relation)
        members = [iris.assertion(slug, a) for slug, a in r.assertions]
        for member in members:
            relations.add(node, "pkb:concernsAssertion", member)
        shortcut = "pkb:" + r.relation.rsplit("/", 1)[1]
        for first in members:
            for second in members:
                if first != second:
                    relations.add(first, shortcut, second)
    return identity, relations


def _judgement(out: GraphWriter, node: str, j: Judgement, iris: Iris) -> None:
    out.add(node, "pkb:evidence", text(j.evidence, "en"))
    out.add(node, "pkb:confidence", typed(f"{j.confidence:.2f}", PREFIXES["xsd"] + "decimal"))
    out.add(node, "prov:wasAttributedTo", iris.entity(j.decided_by))
    out.add(node, "pkb:decidedOn", typed(*j.decided_on))


def ontology_quads(paths: Iterable, graph_iri: str) -> list[ox.Quad]:
    """The ontology and vocabulary files as quads of the ontology graph."""
    graph = ox.NamedNode(graph_iri)
    quads: list[ox.Quad] = []
    for path in paths:
        with open(path, "rb") as stream:
            try:
                quads.extend(
                    ox.Quad(t.subject, t.predicate, t.object, graph)
                    for t in ox.parse(stream, format=ox.RdfFormat.TURTLE)
                )
            except SyntaxError as error:
                error.filename = str(path)  # the parser does not know which file it read
                raise
    return quads
