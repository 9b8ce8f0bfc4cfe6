"""The knowledge review of the seed KB (issue 14), checked on the built KB with pyoxigraph.

Whose words they are (relayed words carry their original speaker and the relay hops), no whole
population as a speaker without a curator's reason, every source an actor, one entity per role of
a state with every pair linked or distinguished, the look-alikes kept apart, and the kinds
documented.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from provkb.layout import BuildLayout
from provkb.query.select import load_store, select_embedded
from provkb_harness.cases import SHORT, cell

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX pkb: <https://w3id.org/provkb/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX pkbv: <https://w3id.org/provkb/vocab/>
PREFIX id: <https://w3id.org/provkb/id/>
"""


@pytest.fixture(scope="module")
def store(seed_build: Path) -> ox.Store:
    return load_store(BuildLayout(seed_build).trig)


def rows(store: ox.Store, query: str) -> list[tuple]:
    """The rows as tuples of compact cells, in the SELECT's column order."""
    table = select_embedded(store, PREFIXES + query)
    return [tuple(cell(row.get(name)) for name in table.variables) for row in table.rows]


def iri(short: str) -> str:
    return SHORT["id:"] + short


# (inner assertion, its speaker, the agents of its hops from the document outwards, the outer
# assertion that relays it): the words passed on by someone else are the original speaker's.
RELAYED = [
    (
        "alemdar-voa-interview#azmoun-love-for-tractor",
        "person/sardar-azmoun",
        [None, "org/voice-of-america-azerbaijani-section", "person/bulut-alemdar"],
        "alemdar-voa-interview#azmoun-loved-by-both",
    ),
    (
        "alemdar-voa-interview#scholars-and-poets-thanked-azerbaijan",
        "collective/turkmen-sahra-scholars-and-poets",
        [None, "org/voice-of-america-azerbaijani-section", "person/bulut-alemdar"],
        "alemdar-voa-interview#video-messages-thanked-azerbaijan",
    ),
    (
        "haciyeva-2025-karabakh-article#rafsanjani-fears-azerbaijani-nationalism",
        "person/rafsanjani",
        ["person/yegana-haciyeva", "person/svante-cornell", "collective/western-historians"],
        "haciyeva-2025-karabakh-article#western-historians-rafsanjani-fears",
    ),
    (
        "haciyeva-2025-karabakh-article#caner-about-a-hundred-arrested",
        "person/mustafa-caner",
        ["person/yegana-haciyeva", "org/anadolu-agency"],
        "haciyeva-2025-karabakh-article#sec-about-a-hundred-arrested",
    ),
    (
        "haciyeva-2025-karabakh-article#slogan-tabriz-shops-we-are-azerbaijan-itself",
        "collective/tabriz-market-traders-2020",
        ["person/yegana-haciyeva", None, "org/interaz-tv"],
        "haciyeva-2025-karabakh-article#sec-slogan-posted-on-shop-doors",
    ),
    (
        "eurasia-news-brussels-rally#us-administration-requirement-700000",
        "org/us-presidential-administration",
        ["person/bob-menendez"],
        "eurasia-news-brussels-rally#menendez-question-700000",
    ),
    (
        "anro-letter-to-president#headline-not-iran",
        "person/babek-chalabiyanli",
        ["org/ahwazna"],
        "anro-letter-to-president#ahwazna-headline",
    ),
]


def assertion_iri(ref: str) -> str:
    document, local = ref.split("#")
    return iri(f"doc/{document}/assertion/{local}")


@pytest.mark.parametrize("inner, speaker, agents, outer", RELAYED, ids=[r[0] for r in RELAYED])
def test_relayed_words_have_their_own_speaker_and_hops(
    store: ox.Store, inner: str, speaker: str, agents: list[str | None], outer: str
) -> None:
    [(found_speaker, inner_start, inner_end, outer_start, outer_end)] = rows(
        store,
        f"""
        SELECT ?speaker ?start ?end ?outerStart ?outerEnd WHERE {{ GRAPH ?g {{
          <{assertion_iri(inner)}> pkb:speaker ?speaker ; pkb:quotedIn ?document ;
            pkb:span [ oa:start ?start ; oa:end ?end ] .
          <{assertion_iri(outer)}> pkb:quotedIn ?document ;
            pkb:span [ oa:start ?outerStart ; oa:end ?outerEnd ] .
        }} }}""",
    )
    assert found_speaker == f"id:{speaker}"
    # The inner words stand in the same document, inside the outer assertion's passage.
    assert outer_start <= inner_start < inner_end <= outer_end
    hops = rows(
        store,
        f"""
        SELECT ?order ?agent WHERE {{ GRAPH ?g {{
          <{assertion_iri(inner)}> pkb:relayHop ?hop .
          ?hop pkb:hopOrder ?order .
          OPTIONAL {{ ?hop prov:agent ?agent }}
        }} }} ORDER BY ?order""",
    )
    assert hops == [
        (order, f"id:{agent}" if agent else None) for order, agent in enumerate(agents, start=1)
    ]


def test_no_population_speaks_without_a_curators_reason(store: ox.Store) -> None:
    found = rows(
        store,
        """
        SELECT ?assertion ?justification WHERE {
          GRAPH ?entities { ?speaker pkb:collectiveKind pkbv:collective-kind\\/population }
          GRAPH ?g { ?assertion pkb:speaker ?speaker }
          OPTIONAL { GRAPH ?g { ?assertion pkb:speakerJustification ?justification } }
        } ORDER BY ?assertion""",
    )
    # The two collective acts the rally texts credit to whole peoples, each with its reason.
    assert [a for a, _ in found] == [
        "id:doc/eurasia-news-brussels-rally/assertion/azerbaijani-turks-said-no-1979",
        "id:doc/eurasia-news-brussels-rally/assertion/slogan-freedom-justice-national-government",
    ]
    assert all(justification and len(justification) > 80 for _, justification in found)


def test_the_requirements_are_their_issuers_on_behalf_of_the_population(store: ox.Store) -> None:
    found = rows(
        store,
        """
        SELECT ?assertion ?speaker ?onBehalfOf WHERE {
          GRAPH ?g {
            ?assertion pkb:quotedIn id:doc\\/eurasia-news-brussels-rally ; pkb:speaker ?speaker .
            OPTIONAL { ?assertion pkb:onBehalfOf ?onBehalfOf }
          }
          FILTER(?speaker = id:collective\\/issuers-of-the-main-requirements
                 || ?onBehalfOf = id:collective\\/turks-of-south-azerbaijan)
        }""",
    )
    assert len(found) == 12
    assert {(s, b) for _, s, b in found} == {
        (
            "id:collective/issuers-of-the-main-requirements",
            "id:collective/turks-of-south-azerbaijan",
        )
    }


def test_every_source_a_text_names_is_an_actor(store: ox.Store) -> None:
    """A hop whose source the text gives as a footnote, a URL or a tag has an agent."""
    unnamed = rows(
        store,
        """
        SELECT ?hop ?written WHERE { GRAPH ?g {
          ?hop a pkb:RelayHop ; pkb:agentAsWritten ?written .
          FILTER NOT EXISTS { ?hop prov:agent ?agent }
          FILTER(REGEX(?written, "footnote|\\\\.(com|ir|am)\\\\b|#"))
        } }""",
    )
    assert unnamed == []
    agents = {
        agent
        for (agent,) in rows(
            store,
            "SELECT DISTINCT ?agent WHERE { GRAPH ?g { ?hop a pkb:RelayHop ; prov:agent ?agent } }",
        )
    }
    assert {
        "id:org/irna",
        "id:org/news-am",
        "id:org/euro-weekly-news",
        "id:org/iran-press",
        "id:org/nasr-news",
        "id:org/ahwazna",
    } <= agents


# The states of the four documents, and the words their other entities are named with.
STATES = {
    "org/iran": ("Iran",),
    "org/turkey": ("Turkey", "Türkiye"),
    "org/united-states": ("United States", "US "),
    "org/azerbaijan": ("Azerbaijan",),
    "org/armenia": ("Armenia",),
    "org/russia": ("Russia",),
}
# Kinds of entities that are a role of a state: its territory, its government and state bodies.
STATE_ROLES = (
    "place-kind/country",
    "organisation-kind/state",
    "organisation-kind/government-body",
    "organisation-kind/legislature",
    "organisation-kind/armed-force",
)


@pytest.fixture(scope="module")
def state_roles(store: ox.Store) -> dict[str, tuple[str, str]]:
    """Every registry entity of a state-role kind: its English labels and aliases, and its kind."""
    found: dict[str, tuple[str, str]] = {}
    for entity, names, kind in rows(
        store,
        """
        SELECT ?entity (GROUP_CONCAT(?name; separator=" | ") AS ?names) ?kind WHERE {
          GRAPH ?entities {
            { ?entity pkb:organisationKind ?kind } UNION { ?entity pkb:placeKind ?kind }
            { ?entity skos:prefLabel ?name } UNION { ?entity skos:altLabel ?name }
          }
        } GROUP BY ?entity ?kind""",
    ):
        if kind.endswith(STATE_ROLES):
            found[entity] = (names, kind)
    return found


def linked_to(store: ox.Store, state: str) -> set[str]:
    """The state, its territory and everything part of it, at any depth."""
    return {
        e
        for (e,) in rows(
            store,
            f"""
            SELECT DISTINCT ?e WHERE {{ GRAPH ?entities {{
              {{ BIND(<{iri(state)}> AS ?e) }}
              UNION {{ <{iri(state)}> pkb:territory ?e }}
              UNION {{ ?e org:subOrganizationOf+ <{iri(state)}> }}
            }} }}""",
        )
    }


def distinct_from(store: ox.Store, entity: str) -> set[str]:
    return {
        other
        for (other,) in rows(
            store,
            f"""SELECT ?other WHERE {{ GRAPH ?d {{
              {{ <{iri(entity)}> pkb:distinctFrom ?other }}
              UNION {{ ?other pkb:distinctFrom <{iri(entity)}> }}
            }} }}""",
        )
    }


@pytest.mark.parametrize("state", sorted(STATES))
def test_one_entity_per_role_of_a_state_and_every_pair_linked_or_distinguished(
    store: ox.Store, state_roles: dict[str, tuple[str, str]], state: str
) -> None:
    territories = rows(
        store, f"SELECT ?t WHERE {{ GRAPH ?e {{ <{iri(state)}> pkb:territory ?t }} }}"
    )
    assert len(territories) == 1, f"{state} has one territory"
    family = linked_to(store, state)
    apart = distinct_from(store, state)
    named = {
        entity
        for entity, (names, _) in state_roles.items()
        if any(word in names for word in STATES[state])
    }
    assert f"id:{state}" in named
    # An entity named after the state in a state role is one of its roles, or kept apart from it
    # by a curator's judgement (an earlier state, a look-alike).
    unlinked = sorted(named - family - apart)
    assert unlinked == [], f"{state}: linked {sorted(family)}"
    # One entity per role: one state and one country among the state's own entities.
    kinds = [state_roles[e][1] for e in family if e in state_roles]
    assert kinds.count(SHORT_KIND["state"]) == 1
    assert kinds.count(SHORT_KIND["country"]) == 1


SHORT_KIND = {
    "state": "https://w3id.org/provkb/vocab/organisation-kind/state",
    "country": "https://w3id.org/provkb/vocab/place-kind/country",
}


def test_iran_has_one_entity_per_role(store: ox.Store) -> None:
    family = linked_to(store, "org/iran")
    assert {
        "id:org/iran",
        "id:place/iran",
        "id:org/iranian-government",
        "id:org/islamic-republic-of-iran-government",
        "id:org/pahlavi-dynasty",
        "id:org/iran-foreign-ministry",
        "id:org/iran-majlis",
        "id:org/sepah",
    } <= family
    # The state's governments of its periods are parts of its government of any period.
    parents = dict(
        rows(
            store,
            """SELECT ?child ?parent WHERE { GRAPH ?e { ?child org:subOrganizationOf ?parent } }""",
        )
    )
    assert parents["id:org/islamic-republic-of-iran-government"] == "id:org/iranian-government"
    assert parents["id:org/pahlavi-dynasty"] == "id:org/iranian-government"
    assert parents["id:org/iranian-government"] == "id:org/iran"


LOOK_ALIKES = [
    ("org/report-news-agency", "org/azertaj"),
    ("person/ali-akbar-velayati", "person/mohammad-javad-zarif"),
    ("person/ali-akbar-velayati", "person/hossein-amir-abdollahian"),
    ("person/mohammad-javad-zarif", "person/hossein-amir-abdollahian"),
    ("person/mousavi-ardabili", "person/alirza-ardabili"),
    ("person/mousavi-ardabili", "place/ardabil"),
    ("person/alirza-ardabili", "place/ardabil"),
    ("org/ava-ye-ardabil", "place/ardabil"),
    ("person/araz-aslanli", "person/araz-qurbanov"),
    ("person/araz-aslanli", "person/majid-araz"),
    ("person/araz-qurbanov", "person/majid-araz"),
    ("org/anro", "org/amh-azerbaijani-national-movement"),
    ("org/azerbaijan-democratic-republic", "org/azerbaijan"),
]


@pytest.mark.parametrize("first, second", LOOK_ALIKES, ids=["~".join(p) for p in LOOK_ALIKES])
def test_look_alikes_are_kept_apart_with_evidence(store: ox.Store, first: str, second: str) -> None:
    [(evidence,)] = rows(
        store,
        f"""SELECT ?evidence WHERE {{ GRAPH ?d {{
          ?j pkb:judgement pkbv:identity-judgement\\/distinct ; pkb:evidence ?evidence ;
             pkb:concernsEntity <{iri(first)}> , <{iri(second)}> .
          <{iri(first)}> pkb:distinctFrom <{iri(second)}> .
        }} }}""",
    )
    assert len(evidence) > 80


def test_report_and_azertaj_are_not_possibly_the_same(store: ox.Store) -> None:
    assert not store.query(
        PREFIXES
        + """ASK { GRAPH ?d {
          { id:org\\/report-news-agency pkb:possiblySameAs id:org\\/azertaj }
          UNION { id:org\\/azertaj pkb:possiblySameAs id:org\\/report-news-agency }
        } }"""
    )


@pytest.mark.parametrize(
    "entity, documents",
    [
        ("collective/turkmens-of-iran", 2),
        ("event/adoption-of-the-iranian-constitution", 2),
    ],
)
def test_linked_across_documents(store: ox.Store, entity: str, documents: int) -> None:
    """One entity named in several documents, with a 'same' judgement over their names."""
    [(count,)] = rows(
        store,
        f"""SELECT (COUNT(DISTINCT ?document) AS ?count) WHERE {{ GRAPH ?d {{
          ?j pkb:judgement pkbv:identity-judgement\\/same ;
             pkb:concernsEntity <{iri(entity)}> ; pkb:concernsMention ?mention .
        }} GRAPH ?g {{ ?mention pkb:inDocument ?document }} }}""",
    )
    assert count == documents


def test_affiliations_by_apposition_are_recorded_with_their_quote(store: ox.Store) -> None:
    found = rows(
        store,
        """SELECT ?member ?role ?quote WHERE { GRAPH ?g {
          ?a a pkb:Affiliation ; org:member ?member ; org:organization id:org\\/sepah ;
             pkb:affiliationRole ?role ; pkb:span [ oa:exact ?quote ] .
        } } ORDER BY ?member""",
    )
    assert [(m, r) for m, r, _ in found] == [
        ("id:collective/websites-close-to-the-irgc", "aff:close-to"),
        ("id:org/azariha", "aff:controlled-by"),
        ("id:org/gum-news", "aff:close-to"),
        ("id:org/mashreq-news", "aff:close-to"),
    ]
    assert all("IRGC" in q or "Revolutionary Guard" in q for _, _, q in found)


def test_the_documents_own_voice_is_direct(store: ox.Store) -> None:
    """An assertion of the document's author or outlet, with no relay hop, is direct speech."""
    reported = rows(
        store,
        """SELECT ?assertion WHERE { GRAPH ?g {
          ?document a pkb:Document .
          { ?document dcterms:creator ?voice } UNION { ?document dcterms:publisher ?voice }
          ?assertion pkb:quotedIn ?document ; pkb:speaker ?voice ; pkb:speechMode ?mode .
          FILTER NOT EXISTS { ?assertion pkb:relayHop ?hop }
          FILTER(?mode != pkbv:speech-mode\\/direct)
        } }""",
    )
    assert reported == []


def test_every_assertion_kind_has_a_definition_an_example_and_a_counter_example(
    store: ox.Store,
) -> None:
    found = rows(
        store,
        """SELECT ?kind ?definition ?example ?counter WHERE { GRAPH ?o {
          ?kind skos:inScheme pkbv:assertion-kind .
          OPTIONAL { ?kind skos:definition ?definition }
          OPTIONAL { ?kind skos:example ?example }
          OPTIONAL { ?kind skos:scopeNote ?counter }
        } }""",
    )
    assert len(found) == 21
    for kind, definition, example, counter in found:
        assert definition and example and counter, kind
        assert counter.startswith("Not "), kind
