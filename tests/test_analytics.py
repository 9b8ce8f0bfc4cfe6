"""The analytics graph (src/provkb/build/analytics.py): independent corroborations, quote index.

The rules of independence are checked one at a time on a minimal KB of two judged assertions,
then on the hand-written fixture, whose analytics graph must be what the build computes from its
other graphs; the seed build's quote index must hold each assertion's quote as its span has it.
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from provkb.build.analytics import analytics_quads
from provkb.layout import BuildLayout
from provkb.namespaces import PREFIXES
from provkb.query.select import load_store

FIXTURE = Path(__file__).parent / "data" / "fixture-kb.trig"
BASE = "https://w3id.org/provkb/"
ANALYTICS = f"{BASE}graph/analytics"
DOC = f"{BASE}graph/doc/d"
ENTITIES = f"{BASE}graph/entities"
RELATIONS = f"{BASE}graph/decisions/relations"
IDENTITY = f"{BASE}graph/decisions/identity"
JUDGEMENT = f"{BASE}id/decision/relation/j"
FIRST, SECOND = f"{BASE}id/doc/d/assertion/a", f"{BASE}id/doc/d/assertion/b"


def iri(value: str) -> ox.NamedNode:
    """A CURIE of the project's prefix table, or an IRI under the test base."""
    prefix, _, local = value.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return ox.NamedNode(PREFIXES[prefix] + local)
    return ox.NamedNode(value if "://" in value else BASE + value)


def quad(subject: str, predicate: str, obj: str | ox.Literal, graph: str = DOC) -> ox.Quad:
    o = obj if isinstance(obj, ox.Literal) else iri(obj)
    return ox.Quad(iri(subject), iri(predicate), o, ox.NamedNode(graph))


def judged_pair() -> list[ox.Quad]:
    """Two assertions by two people, judged to corroborate each other: independent."""
    return [
        quad(JUDGEMENT, "rdf:type", "pkb:AssertionRelation", RELATIONS),
        quad(JUDGEMENT, "pkb:relation", "pkbv:assertion-relation/corroborates", RELATIONS),
        quad(JUDGEMENT, "pkb:concernsAssertion", FIRST, RELATIONS),
        quad(JUDGEMENT, "pkb:concernsAssertion", SECOND, RELATIONS),
        quad(FIRST, "pkb:speaker", "id/person/p1"),
        quad(SECOND, "pkb:speaker", "id/person/p2"),
        quad(FIRST, "pkb:about", "id/place/bridge"),
        quad(SECOND, "pkb:about", "id/place/bridge"),
    ]


def by_graph(quads: list[ox.Quad]) -> list[list[ox.Quad]]:
    graphs: dict[ox.NamedNode, list[ox.Quad]] = defaultdict(list)
    for q in quads:
        graphs[q.graph_name].append(q)
    return list(graphs.values())


def pairs(quads: list[ox.Quad]) -> list[tuple[str, str, str]]:
    """(judgement, first, second) of every independent corroboration computed from ``quads``."""
    out = analytics_quads(by_graph(quads), ANALYTICS)
    nodes: dict[str, dict[str, str]] = defaultdict(dict)
    for q in out:
        nodes[q.subject.value][q.predicate.value.rsplit("#", 1)[1]] = q.object.value
    return sorted(
        (n["fromJudgement"], n["firstAssertion"], n["secondAssertion"])
        for n in nodes.values()
        if "fromJudgement" in n
    )


def test_two_speakers_judged_to_corroborate_are_independent() -> None:
    out = analytics_quads(by_graph(judged_pair()), ANALYTICS)
    pair = f"{JUDGEMENT}/pair/1"
    assert out == [
        quad(pair, "rdf:type", "pkb:IndependentCorroboration", ANALYTICS),
        quad(pair, "pkb:firstAssertion", FIRST, ANALYTICS),
        quad(pair, "pkb:fromJudgement", JUDGEMENT, ANALYTICS),
        quad(pair, "pkb:secondAssertion", SECOND, ANALYTICS),
        quad(pair, "pkb:sharedAbout", "id/place/bridge", ANALYTICS),
    ]


MEMBERSHIP = "id/doc/d/affiliation/1"
HOP1, HOP2 = f"{FIRST}/hop/1", f"{SECOND}/hop/1"

# One quad set per rule that makes the two sources one (added to judged_pair()).
DEPENDENT = {
    "collective speaker": [quad("id/person/p1", "rdf:type", "pkb:CollectiveSpeaker", ENTITIES)],
    "one speaker": [quad(SECOND, "pkb:speaker", "id/person/p1")],
    "no speaker": [],  # replaced below: the second assertion loses its speaker
    "said on behalf of the other speaker": [quad(FIRST, "pkb:onBehalfOf", "id/person/p2")],
    "both on behalf of one organisation": [
        quad(FIRST, "pkb:onBehalfOf", "id/org/o"),
        quad(SECOND, "pkb:onBehalfOf", "id/org/o"),
    ],
    "a member and the organisation": [
        quad(MEMBERSHIP, "org:member", "id/person/p1"),
        quad(MEMBERSHIP, "org:organization", "id/person/p2"),
    ],
    "speakers possibly the same": [
        quad("id/person/p2", "pkb:possiblySameAs", "id/person/p1", IDENTITY)
    ],
    "one agency relayed both": [
        quad(FIRST, "pkb:relayHop", HOP1),
        quad(HOP1, "prov:agent", "id/org/agency"),
        quad(SECOND, "pkb:relayHop", HOP2),
        quad(HOP2, "prov:agent", "id/org/agency"),
    ],
    "one work relayed both": [
        quad(FIRST, "pkb:relayHop", HOP1),
        quad(HOP1, "pkb:via", "id/doc/d/work/w"),
        quad(SECOND, "pkb:relayHop", HOP2),
        quad(HOP2, "pkb:via", "id/doc/d/work/w"),
    ],
    "one speaker relayed the other": [
        quad(SECOND, "pkb:relayHop", HOP2),
        quad(HOP2, "prov:agent", "id/person/p1"),
    ],
}


@pytest.mark.parametrize("rule", sorted(DEPENDENT))
def test_each_rule_makes_the_sources_one(rule: str) -> None:
    quads = judged_pair() + DEPENDENT[rule]
    if rule == "no speaker":
        quads = [q for q in quads if not (q.subject.value == SECOND and "speaker" in str(q))]
    assert pairs(quads) == []


def test_a_membership_counts_only_within_one_graph() -> None:
    """As in the query, a member and its organisation pair up when one node in one graph says so."""
    split = [
        quad(MEMBERSHIP, "org:member", "id/person/p1"),
        quad(MEMBERSHIP, "org:organization", "id/person/p2", f"{BASE}graph/doc/other"),
    ]
    assert pairs(judged_pair() + split) == [(JUDGEMENT, FIRST, SECOND)]


def test_a_contradiction_is_no_corroboration() -> None:
    quads = [
        quad(q.subject.value, q.predicate.value, "pkbv:assertion-relation/contradicts", RELATIONS)
        if q.predicate.value.endswith("#relation")
        else q
        for q in judged_pair()
    ]
    assert pairs(quads) == []


def test_a_judgement_of_three_gives_its_pairs_numbered_in_iri_order() -> None:
    third = f"{BASE}id/doc/d/assertion/c"
    quads = [
        *judged_pair(),
        quad(JUDGEMENT, "pkb:concernsAssertion", third, RELATIONS),
        quad(third, "pkb:speaker", "id/person/p1"),  # one voice with the first
    ]
    out = analytics_quads(by_graph(quads), ANALYTICS)
    assert pairs(quads) == [(JUDGEMENT, FIRST, SECOND), (JUDGEMENT, SECOND, third)]
    assert sorted({q.subject.value for q in out if "pair" in q.subject.value}) == [
        f"{JUDGEMENT}/pair/1",
        f"{JUDGEMENT}/pair/3",
    ]


def test_the_output_does_not_depend_on_the_order_of_the_input() -> None:
    quads = judged_pair() + DEPENDENT["one agency relayed both"][:2]
    expected = analytics_quads(by_graph(quads), ANALYTICS)
    shuffled = list(quads)
    random.Random(7).shuffle(shuffled)
    assert analytics_quads(by_graph(shuffled), ANALYTICS) == expected


def test_the_quote_index_holds_each_assertions_quote() -> None:
    span = f"{BASE}id/doc/d/span/0-5"
    quads = [
        *judged_pair(),
        quad(FIRST, "rdf:type", "pkb:Assertion"),
        quad(FIRST, "pkb:span", span),
        quad(span, "oa:exact", ox.Literal("Hello")),
        # A mention's span is no quote.
        quad("id/doc/d/mention/0-5", "rdf:type", "pkb:Mention"),
        quad("id/doc/d/mention/0-5", "pkb:span", span),
    ]
    out = analytics_quads(by_graph(quads), ANALYTICS)
    index = [(q.subject.value, q.object) for q in out if q.predicate.value.endswith("quoteText")]
    assert index == [(FIRST, ox.Literal("Hello"))]


def test_the_fixture_analytics_graph_is_what_the_build_computes() -> None:
    """tests/data/fixture-kb.trig is hand-written; its analytics graph must not drift from the
    rules (it has a corroboration for each reason two sources are one, and one independent)."""
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for q in ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG):
        graphs[q.graph_name.value].append(q)
    written = sorted(graphs.pop(ANALYTICS), key=str)
    graphs.pop(f"{BASE}graph/metadata")
    assert analytics_quads(graphs.values(), ANALYTICS) == written
    assert [p[0].rsplit("/", 1)[1] for p in pairs([q for g in graphs.values() for q in g])] == [
        "survey-and-alliance"
    ]


def test_the_seed_quote_index_matches_the_spans(seed_build: Path) -> None:
    store = load_store(BuildLayout(seed_build).trig)
    pkb, oa = PREFIXES["pkb"], PREFIXES["oa"]
    rows = list(
        store.query(
            f"SELECT ?assertion ?indexed ?exact WHERE {{"
            f" GRAPH ?g {{ ?assertion a <{pkb}Assertion> ; <{pkb}span>/<{oa}exact> ?exact }}"
            f" OPTIONAL {{ GRAPH <{ANALYTICS}> {{ ?assertion <{pkb}quoteText> ?indexed }} }}"
            f" }}"
        )
    )
    assert len(rows) > 100
    assert [r for r in rows if r["indexed"] != r["exact"]] == []


def test_the_build_describes_the_analytics_graph(seed_build: Path) -> None:
    """The metadata graph says the analytics graph was derived from every graph but the ontology
    and itself, by the build that generated the others."""
    store = load_store(BuildLayout(seed_build).trig)
    prov, pkb = PREFIXES["prov"], PREFIXES["pkb"]
    rows = store.query(
        f"SELECT ?source ?build WHERE {{ GRAPH <{BASE}graph/metadata> {{"
        f" <{ANALYTICS}> a <{pkb}NamedGraph> ; <{prov}wasGeneratedBy> ?build ;"
        f" <{prov}wasDerivedFrom> ?source }} }}"
    )
    sources = sorted(r["source"].value.removeprefix(f"{BASE}graph/") for r in rows)
    assert sources[:3] == ["decisions/identity", "decisions/relations", "doc/alemdar-voa-interview"]
    assert "ontology" not in sources and "metadata" not in sources and "analytics" not in sources
    assert "entities" in sources
