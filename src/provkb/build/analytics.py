"""Analytics computed at build time into ``graph/analytics``: joins too costly per request.

Deciding whether two assertions come from independent sources joins every judged pair with the
speakers, the organisations they speak for or belong to, the possibly-same judgements and both
relay chains. Asked per request, that took Oxigraph 5 s on a KB of a million quads and more than
100 s on ten million (and Virtuoso minutes on a few hundred pairs); the answer only changes when
the KB does, so the build computes it once and the ``corroboration`` query reads the result.

The graph also holds a text index: each assertion's quote (``pkb:quoteText``, the ``oa:exact`` of
its span). ``who-said-it`` searches quotes for words given at request time, which no build can
answer in advance; but the quotes are a sixth of the spans (the rest are names, citations,
passages), and reading every span's text to find them took seconds on ten million quads. The
index lets the search read the assertions' quotes and nothing else.

The analytics are computed from the quads of the other graphs, not from the parsed annotations,
so that any dump (the hand-written test fixture too) can be checked against them: same quads in,
same analytics out. Nothing here states a claim as fact: an independent corroboration
(``pkb:IndependentCorroboration``) says that curators judged two attributed assertions to
corroborate each other, and that by the rules below their sources are independent; the claims
stay attributed to their speakers.

Two assertions are **independent** when (the rules of ``queries/README.md``):

- both have a speaker, and neither speaker is a collective speaker;
- they share no voice. The voices of an assertion are its speaker, the organisation it is said on
  behalf of, and every organisation that some document names the speaker a member of (an
  ``org:member`` / ``org:organization`` pair of one node, such as an affiliation); two voices are
  one when they are equal or judged possibly the same (``pkb:possiblySameAs``, either direction);
- no agent or work appears in both relay chains (``prov:agent`` or ``pkb:via`` of a hop of each);
- neither speaker is the agent of a relay hop of the other's assertion.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

import pyoxigraph as ox

from provkb.namespaces import VOCAB
from provkb.terms import RDF_TYPE, term

CORROBORATES = f"{VOCAB}assertion-relation/corroborates"


ASSERTION = term("pkb:Assertion")
SPAN = term("pkb:span")
EXACT = term("oa:exact")
QUOTE_TEXT = term("pkb:quoteText")
ASSERTION_RELATION = term("pkb:AssertionRelation")
COLLECTIVE_SPEAKER = term("pkb:CollectiveSpeaker")
INDEPENDENT_CORROBORATION = term("pkb:IndependentCorroboration")
FROM_JUDGEMENT = term("pkb:fromJudgement")
FIRST_ASSERTION = term("pkb:firstAssertion")
SECOND_ASSERTION = term("pkb:secondAssertion")
SHARED_ABOUT = term("pkb:sharedAbout")

# The predicates the analytics read, by local name; every other quad is skipped unread.
_READ = {
    term(curie): curie.split(":", 1)[1]
    for curie in (
        "rdf:type",
        "pkb:relation",
        "pkb:concernsAssertion",
        "pkb:speaker",
        "pkb:onBehalfOf",
        "pkb:about",
        "pkb:relayHop",
        "prov:agent",
        "pkb:via",
        "org:member",
        "org:organization",
        "pkb:possiblySameAs",
    )
}
_TYPES = {ASSERTION_RELATION: "AssertionRelation", COLLECTIVE_SPEAKER: "CollectiveSpeaker"}

Values = dict[str, set[str]]
Node = ox.NamedNode | ox.BlankNode


class _Facts:
    """The few relations the analytics need, read from the quads in one pass, graph by graph.

    IRIs are kept as strings (they sort like SPARQL's ``STR``). Where the ``corroboration`` query
    matched two patterns in one graph (a judgement and its members, a hop and its agent, a member
    and its organisation), facts are keyed by (graph, subject) so that they pair up only within a
    graph; elsewhere the graph does not matter. The quotes are matched up within each graph as it
    is read (assertion, its span, the span's text), so the text of every span is never held at
    once.
    """

    def __init__(self, graphs: Iterable[Iterable[ox.Quad]]):
        # (assertion, quote) for each assertion's span, in any graph; the quote as a Literal, to
        # be written back as it was read.
        self.quotes: set[tuple[str, ox.Literal]] = set()
        self.typed: dict[str, set[tuple[str, str]]] = defaultdict(set)  # class → (graph, node)
        self.relation: Values = defaultdict(set)  # (graph, judgement) → relation concepts
        self.members: Values = defaultdict(set)  # (graph, judgement) → assertions
        self.speaker: Values = defaultdict(set)
        self.on_behalf_of: Values = defaultdict(set)
        self.about: Values = defaultdict(set)
        self.hops: Values = defaultdict(set)  # (graph, assertion) → hops
        self.hop_agent: Values = defaultdict(set)  # (graph, hop) → agents
        self.hop_via: Values = defaultdict(set)  # (graph, hop) → works or citations
        self.member: Values = defaultdict(set)  # (graph, membership) → members
        self.organisation: Values = defaultdict(set)  # (graph, membership) → organisations
        self.possibly_same: Values = defaultdict(set)  # entity → entities, both directions
        keyed = {
            "relation": self.relation,
            "concernsAssertion": self.members,
            "relayHop": self.hops,
            "agent": self.hop_agent,
            "via": self.hop_via,
            "member": self.member,
            "organization": self.organisation,
        }
        plain = {"speaker": self.speaker, "onBehalfOf": self.on_behalf_of, "about": self.about}
        for quads in graphs:
            # This graph's assertions, (owner, span) pairs and span texts, matched up below.
            assertions: set[Node] = set()
            spans: list[tuple[ox.NamedNode, ox.NamedNode]] = []
            texts: dict[Node, list[ox.Literal]] = defaultdict(list)
            for quad in quads:
                subject, predicate, obj = quad.subject, quad.predicate, quad.object
                if not isinstance(subject, ox.NamedNode):
                    continue  # the build mints no blank nodes and no quoted triples
                if predicate == SPAN:
                    if isinstance(obj, ox.NamedNode):
                        spans.append((subject, obj))
                    continue
                if predicate == EXACT:
                    if isinstance(obj, ox.Literal):
                        texts[subject].append(obj)
                    continue
                name = _READ.get(predicate)
                if name is None:
                    continue
                if name == "type":
                    if obj == ASSERTION:
                        assertions.add(subject)
                    elif isinstance(obj, ox.NamedNode) and obj in _TYPES:
                        self.typed[_TYPES[obj]].add((_graph(quad), subject.value))
                    continue
                if not isinstance(obj, ox.NamedNode):
                    continue
                value = obj.value
                if name in keyed:
                    keyed[name][_pack(_graph(quad), subject.value)].add(value)
                elif name in plain:
                    plain[name][subject.value].add(value)
                else:  # possiblySameAs: the query follows it in both directions
                    self.possibly_same[subject.value].add(value)
                    self.possibly_same[value].add(subject.value)
            for owner, span in spans:
                if owner in assertions and isinstance(owner, ox.NamedNode):
                    self.quotes.update((owner.value, text) for text in texts.get(span, ()))

    def corroboration_judgements(self) -> dict[str, list[str]]:
        """Each corroboration judgement (typed and related in one graph), with its assertions."""
        judgements: Values = defaultdict(set)
        for graph, node in self.typed["AssertionRelation"]:
            if CORROBORATES in self.relation.get(_pack(graph, node), ()):
                judgements[node] |= self.members.get(_pack(graph, node), set())
        return {node: sorted(members) for node, members in judgements.items()}


def _graph(quad: ox.Quad) -> str:
    graph = quad.graph_name
    return graph.value if isinstance(graph, ox.NamedNode) else ""


def _pack(graph: str, subject: str) -> str:
    # IRIs hold no space, so a space joins the two into one dictionary key (cheaper than tuples
    # over millions of facts) that splits back unambiguously.
    return f"{graph} {subject}"


def _unpack(key: str) -> tuple[str, str]:
    graph, subject = key.split(" ", 1)
    return graph, subject


class _Sources:
    """Independence of two assertions' sources, with what each assertion needs computed once."""

    def __init__(self, facts: _Facts):
        self.facts = facts
        self.collective = {node for _, node in facts.typed["CollectiveSpeaker"]}
        # Memberships and hops are indexed by member and by assertion once, instead of scanning
        # them for every assertion of every pair.
        self.organisations_of: Values = defaultdict(set)
        for membership, members in facts.member.items():
            for member in members:
                self.organisations_of[member] |= facts.organisation.get(membership, set())
        self.hops_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key, hops in facts.hops.items():
            graph, assertion = _unpack(key)
            self.hops_of[assertion].extend((graph, hop) for hop in sorted(hops))

    def voices(self, assertion: str) -> set[str]:
        speakers = self.facts.speaker.get(assertion, set())
        voices = speakers | self.facts.on_behalf_of.get(assertion, set())
        for speaker in speakers:
            voices |= self.organisations_of.get(speaker, set())
        return voices

    def relay(self, assertion: str, agents_only: bool) -> set[str]:
        found: set[str] = set()
        for graph, hop in self.hops_of.get(assertion, ()):
            found |= self.facts.hop_agent.get(_pack(graph, hop), set())
            if not agents_only:
                found |= self.facts.hop_via.get(_pack(graph, hop), set())
        return found

    def independent(self, first: str, second: str) -> bool:
        """Whether the sources of two assertions are independent (the module's rules)."""
        speakers = self.facts.speaker.get(first, set()), self.facts.speaker.get(second, set())
        if not all(speakers) or (speakers[0] | speakers[1]) & self.collective:
            return False
        voices = self.voices(first), self.voices(second)
        if voices[0] & voices[1]:
            return False
        if any(self.facts.possibly_same.get(voice, set()) & voices[1] for voice in voices[0]):
            return False
        if self.relay(first, agents_only=False) & self.relay(second, agents_only=False):
            return False
        return not (
            self.relay(first, agents_only=True) & speakers[1]
            or self.relay(second, agents_only=True) & speakers[0]
        )


def pairterm(judgement: str, number: int) -> str:
    """The IRI of a judgement's ``number``-th pair (1-based, pairs in IRI order), under the
    judgement's own IRI, so it stays stable while the judgement lists the same assertions."""
    return f"{judgement}/pair/{number}"


def analytics_quads(graphs: Iterable[Iterable[ox.Quad]], graph_iri: str) -> list[ox.Quad]:
    """The analytics graph computed from ``graphs`` (the quads of every other named graph of
    the KB, one iterable per graph), sorted.

    One :data:`INDEPENDENT_CORROBORATION` node per pair of assertions of a corroboration judgement
    whose sources are independent, with the judgement, the two assertions (the first before the
    second in IRI order, as the query lists them) and the targets both are about; and the quote of
    every assertion (:data:`QUOTE_TEXT`).
    """
    facts = _Facts(graphs)
    sources = _Sources(facts)
    graph = ox.NamedNode(graph_iri)
    out: list[ox.Quad] = []

    def add(subject: ox.NamedNode, predicate: ox.NamedNode, obj: ox.NamedNode) -> None:
        out.append(ox.Quad(subject, predicate, obj, graph))

    for judgement, members in sorted(facts.corroboration_judgements().items()):
        for number, (first, second) in enumerate(combinations(members, 2), start=1):
            if not sources.independent(first, second):
                continue
            pair = ox.NamedNode(pairterm(judgement, number))
            add(pair, RDF_TYPE, INDEPENDENT_CORROBORATION)
            add(pair, FROM_JUDGEMENT, ox.NamedNode(judgement))
            add(pair, FIRST_ASSERTION, ox.NamedNode(first))
            add(pair, SECOND_ASSERTION, ox.NamedNode(second))
            shared = facts.about.get(first, set()) & facts.about.get(second, set())
            for target in sorted(shared):
                add(pair, SHARED_ABOUT, ox.NamedNode(target))
    for assertion, text in facts.quotes:
        out.append(ox.Quad(ox.NamedNode(assertion), QUOTE_TEXT, text, graph))
    return sorted(out, key=lambda q: str(q.triple))
