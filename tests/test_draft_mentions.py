"""Known-entity mentions beyond the registry's exact names, each rule on sentences written for
the test: derived forms, learned names, acronym halves, compass words, offices, a country's
land-or-state sense, transliterated and inflected forms. Where a rule fires, and where not."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from provkb.cli import main
from provkb.draft.entities import EntityTable
from provkb.draft.extractor import RuleExtractor
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.reading import Source

CHECKOUT = Path(__file__).resolve().parents[1]
REGISTRY = [
    {"id": "place/ruritania", "labels": {"en": "Ruritania"}, "kind": "country"},
    {
        "id": "org/ruritania",
        "labels": {"en": "Ruritania (state)"},
        "aliases": {"en": ["Ruritania"]},
        "kind": "state",
        "territory": "place/ruritania",
    },
    {
        "id": "place/north-valmora",
        "labels": {"en": "Valmora (republic)"},
        "aliases": {"en": ["North Valmora"]},
        "kind": "country",
    },
    {
        "id": "org/valmora",
        "labels": {"en": "Valmora (state)"},
        "aliases": {"en": ["Valmora"]},
        "kind": "state",
        "territory": "place/north-valmora",
    },
    {
        "id": "place/south-valmora",
        "labels": {"en": "South Valmora (region)"},
        "aliases": {"en": ["Southern Valmora"]},
        "kind": "region",
    },
    {
        "id": "org/valmoran-armed-forces",
        "labels": {"en": "Armed Forces of Valmora"},
        "kind": "armed-force",
        "part_of": "org/valmora",
    },
    {"id": "org/fishers-guild", "labels": {"en": "NFG"}, "kind": "political-organisation"},
    {
        "id": "person/ana-berg",
        "labels": {"en": "Ana Berg"},
        "description": {"en": "President of Ruritania since 2019."},
    },
    {"id": "person/tomas-lind", "labels": {"en": "Tomas Lind"}},
    {"id": "place/south-caucasus", "labels": {"en": "South Caucasus"}, "kind": "region"},
]


def mentions(text: str, registry: list[dict] | None = None) -> list[tuple[str, str]]:
    """(written, entity) for each known-entity mention of ``text``, in order."""
    gazetteer = Gazetteer.from_entities(REGISTRY if registry is None else registry)
    table = EntityTable(text, gazetteer, "en")
    return [(text[m.start : m.end], m.ref) for m in table.mentions]


def refs_of(text: str, written: str) -> list[str]:
    return [ref for w, ref in mentions(text) if w == written]


# -- derived forms ---------------------------------------------------------------------------


def test_the_adjective_of_a_compass_qualified_region_names_the_region() -> None:
    found = mentions("Many South Valmoran activists left; Southern Valmoran poets stayed.")
    assert ("South Valmoran", "place/south-valmora") in found
    assert ("Southern Valmoran", "place/south-valmora") in found
    # The bare adjective of a country is a plain adjective, not a mention of it.
    assert mentions("Valmoran officials met Valmoran farmers.") == []


def test_an_armed_force_is_named_by_its_country_s_adjective_and_any_head_noun() -> None:
    text = "The Valmoran army advanced; the North Valmoran Army and the Valmoran military held."
    assert refs_of(text, "Valmoran army") == ["org/valmoran-armed-forces"]
    assert refs_of(text, "North Valmoran Army") == ["org/valmoran-armed-forces"]
    assert refs_of(text, "Valmoran military") == ["org/valmoran-armed-forces"]
    # No armed force of Ruritania in the registry: its army stays unknown.
    assert mentions("The Ruritanian army advanced.") == []
    # A known armed force is never proposed again as a new entity.
    draft = RuleExtractor().extract(
        Source(Path("t.txt"), "The Valmoran Army said it would stay.", "text"),
        Gazetteer.from_entities(REGISTRY),
    )
    assert not [e for e in draft.entities if "Army" in e.label]


def test_a_mention_is_the_name_without_its_article() -> None:
    registry = [
        *REGISTRY,
        {"id": "event/charter", "aliases": {"en": ["the Charter", "the rules"]}},
        {"id": "place/the-hague", "labels": {"en": "The Hague"}},
    ]
    found = mentions("Although the Charter was signed in The Hague, the rules changed.", registry)
    assert found == [
        ("Charter", "event/charter"),
        ("The Hague", "place/the-hague"),  # an article that is part of the name stays
        ("the rules", "event/charter"),  # no capital after it: a description, kept whole
    ]


def test_a_name_with_where_it_is_is_the_name_and_the_place() -> None:
    registry = [
        *REGISTRY,
        {"id": "place/norvik", "labels": {"en": "Norvik"}},
        {
            "id": "org/guild",
            "labels": {"en": "Fishers Guild"},
            "aliases": {"en": ["Fishers Guild in Norvik"]},
        },
        {"id": "org/house", "labels": {"en": "House in Norvik"}},
    ]
    found = mentions("The Fishers Guild in Norvik met at the House in Norvik.", registry)
    assert found[:2] == [("Fishers Guild", "org/guild"), ("Norvik", "place/norvik")]
    # A name that is not another name of the entity plus a place stays whole.
    assert found[2:] == [("House in Norvik", "org/house")]


# -- learned names ---------------------------------------------------------------------------


def _document(folder: Path, stem: str, text: str, mentions_: list[dict]) -> None:
    (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    data = {"document": {"title": stem}, "mentions": mentions_}
    (folder / f"{stem}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


def _learned(gazetteer: Gazetteer) -> set[tuple[str, str]]:
    return {
        (name.written, name.ref)
        for names in gazetteer.by_first_word.values()
        for _folded, name in names
        if name.how == "learned"
    }


def test_names_curators_linked_are_learned_with_guards(tmp_path: Path) -> None:
    _document(
        tmp_path,
        "one",
        "The Ruritanian regime spoke. The Ruritanian regime again. Secretary of State came. "
        "A Valmoran poet and a Valmoran farmer and a Valmoran song. Berg's Guild met.",
        [
            {"quote": "Ruritanian regime", "refers_to": "org/ruritania"},
            {"quote": "Secretary of State", "refers_to": "person/tomas-lind"},
            {"quote": "Valmoran", "prefix": "A ", "refers_to": "org/valmora"},
            {"quote": "Berg's Guild", "refers_to": "org/fishers-guild", "draft": {"rule": "x"}},
        ],
    )
    _document(
        tmp_path,
        "two",
        "Lind Party met Lind Party. The Guild spoke.",
        [
            {"quote": "Lind Party", "refers_to": "org/fishers-guild"},
            {"quote": "The Guild", "refers_to": "org/fishers-guild"},
        ],
    )
    _document(
        tmp_path,
        "three",
        "Lind Party again.",
        [{"quote": "Lind Party", "refers_to": "person/tomas-lind"}],
    )
    # A document whose annotation is not valid YAML, or has no mentions, teaches nothing.
    (tmp_path / "broken.txt").write_text("Kadoria Party met.", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(
        "document: {title: x}\nmentions:\n  - {quote: Kadoria Party, refers_to: [\n",
        encoding="utf-8",
    )
    (tmp_path / "bare.txt").write_text("Nothing.", encoding="utf-8")
    (tmp_path / "bare.yaml").write_text("document: {title: bare}\n", encoding="utf-8")
    gazetteer = Gazetteer.from_entities(REGISTRY)
    gazetteer.learn(tmp_path)
    learned = _learned(gazetteer)
    assert not any(w == "Kadoria Party" for w, _ in learned)
    assert ("Ruritanian regime", "org/ruritania") in learned  # linked wherever it stands
    assert not any(w == "Secretary of State" for w, _ in learned)  # an office, not a name
    assert not any(w == "Valmoran" for w, _ in learned)  # linked once among plain uses
    assert not any(w == "Berg's Guild" for w, _ in learned)  # a draft, not reviewed
    assert not any(w == "Lind Party" for w, _ in learned)  # two entities for one form
    assert not any(w == "The Guild" for w, _ in learned)  # only common words
    found = gazetteer.find("Later the Ruritanian regime denied it.")
    assert [(m.ref, m.mark.rule) for m in found] == [("org/ruritania", "gazetteer-learned")]
    # Leave-one-out: a document's own curated mentions are not learned for it.
    fresh = Gazetteer.from_entities(REGISTRY)
    fresh.learn(tmp_path, skip={"one"})
    assert not any(w == "Ruritanian regime" for w, _ in _learned(fresh))


def test_a_single_word_is_learned_only_from_two_documents(tmp_path: Path) -> None:
    for stem in ("one", "two"):
        _document(
            tmp_path, stem, "Zorbians met.", [{"quote": "Zorbians", "refers_to": "org/valmora"}]
        )
    gazetteer = Gazetteer.from_entities(REGISTRY)
    gazetteer.learn(tmp_path)
    assert ("Zorbians", "org/valmora") in _learned(gazetteer)
    alone = Gazetteer.from_entities(REGISTRY)
    alone.learn(tmp_path, skip={"two"})
    assert ("Zorbians", "org/valmora") not in _learned(alone)


# -- acronym halves --------------------------------------------------------------------------


def test_the_long_form_of_a_known_acronym_is_that_entity() -> None:
    text = "The Northern Fishers Guild (NFG) met. Later the Northern Fishers Guild left."
    assert refs_of(text, "Northern Fishers Guild") == ["org/fishers-guild"] * 2
    draft = RuleExtractor().extract(
        Source(Path("t.txt"), text, "text"), Gazetteer.from_entities(REGISTRY)
    )
    assert not [e for e in draft.entities if "Fishers" in e.label]
    # Neither half known: nothing is linked to a known entity.
    assert mentions("The Harbour Pilots Union (HPU) met.") == []


# -- compass words ---------------------------------------------------------------------------


def test_a_compass_word_alone_stands_for_the_region_named_in_full() -> None:
    text = (
        "Protests spread in South Valmora and Southern Valmora. Unrest in the South grew, and "
        "the South issue reached the capital. Trade with the South Caucasus and north-south "
        "roads stayed open."
    )
    assert refs_of(text, "South") == ["place/south-valmora", "place/south-valmora"]
    # Without the full name in the document, "the South" is nobody's; two regions named as
    # often as each other leave it open too.
    assert refs_of("Unrest in the South grew.", "South") == []
    tie = "South Valmora and the South Caucasus met. Unrest in the South grew."
    assert refs_of(tie, "South") == []


def test_the_first_of_two_coordinated_compass_words_shares_the_name() -> None:
    text = "Ties between North and South Valmora are old."
    assert refs_of(text, "North") == ["place/north-valmora"]
    assert refs_of(text, "South Valmora") == ["place/south-valmora"]
    assert refs_of("Ties between North and South Kadoria are old.", "North") == []


# -- offices ---------------------------------------------------------------------------------


def test_a_definite_office_names_its_holder_in_the_paragraph() -> None:
    text = "Crowds cheered President Tomas Lind. Later the president spoke."
    assert refs_of(text, "the president") == ["person/tomas-lind"]
    # The registry's description gives the office too.
    assert refs_of("We thank Ana Berg; the president listened.", "the president") == [
        "person/ana-berg"
    ]
    # Two holders in the paragraph, none, or another president ("of the club"): nobody.
    two = "President Tomas Lind met Ana Berg. Then the president spoke."
    assert refs_of(two, "the president") == []
    assert refs_of("Tomas Lind spoke. Then the president left.", "the president") == []
    of_club = "President Tomas Lind came. The president of the club left."
    assert refs_of(of_club, "The president") == []
    # Another paragraph's president is not this one.
    assert refs_of("President Tomas Lind came.\n\nThen the president left.", "the president") == []


# -- a land by its adjective, a name in a hashtag ----------------------------------------------


def test_a_country_s_adjective_before_what_a_land_has_names_the_land() -> None:
    text = "Ruritanian society is diverse and Ruritanian citizens vote."
    assert refs_of(text, "Ruritanian") == ["place/ruritania", "place/ruritania"]
    # Before other nouns the adjective is a plain adjective; a region is not a country.
    assert mentions("Ruritanian officials met Ruritanian farmers.") == []
    assert refs_of("South Valmoran society", "Valmoran") == []


def test_a_people_s_adjective_before_what_a_people_has_names_the_people() -> None:
    registry = [
        *REGISTRY,
        {"id": "collective/zorbians", "labels": {"en": "Zorbians"}, "kind": "population"},
        {"id": "collective/norks", "labels": {"en": "Highland Norks"}, "kind": "population"},
        {
            "id": "collective/kads",
            "labels": {"en": "Kads of the coast"},
            "aliases": {"en": ["Kads"]},
            "kind": "population",
        },
    ]
    text = "Zorbian culture and Highland Norkish identity survived; Kadish culture too."
    found = mentions(text, registry)
    assert ("Zorbian", "collective/zorbians") in found
    assert ("Highland Norkish", "collective/norks") in found
    # A one-word alias is a loose name: no adjective; nor before other nouns.
    assert not [w for w, _ in found if w == "Kadish"]
    assert mentions("Zorbian officials met Zorbian farmers.", registry) == []


def test_a_hashtag_that_runs_a_known_name_together_is_that_name() -> None:
    assert refs_of("Rallies on #SouthValmora today.", "SouthValmora") == ["place/south-valmora"]
    assert refs_of("Rallies on #SouthKadoria today.", "SouthKadoria") == []
    assert refs_of("Rallies on SouthValmora today.", "SouthValmora") == []  # no hashtag


# -- the land or the state -------------------------------------------------------------------


def test_a_country_s_shared_name_is_the_land_or_the_state_by_its_cues() -> None:
    assert refs_of("Floods hit northwestern Ruritania.", "Ruritania") == ["place/ruritania"]
    assert refs_of("Armies ruled over Ruritania.", "Ruritania") == ["place/ruritania"]
    assert refs_of("Ruritania is a multi-ethnic country.", "Ruritania") == ["place/ruritania"]
    assert refs_of("Ruritania threatens its neighbours.", "Ruritania") == ["org/ruritania"]
    assert refs_of("Ruritania's policy changed.", "Ruritania") == ["org/ruritania"]
    assert refs_of("They marched against Ruritania.", "Ruritania") == ["org/ruritania"]
    # No cue: the state, the sense a country's name has most often in the news.
    assert refs_of("Talks with Kadoria and Ruritania went on.", "Ruritania") == ["org/ruritania"]


def test_a_locative_word_alone_makes_the_mention_the_land() -> None:
    # Where something is, happens or lives is the land (kb/README.md, "States"), even in a
    # document that otherwise reads the name as the state.
    text = "Ruritania threatens Kadoria. Ruritania's army moved. Protests spread in Ruritania."
    assert refs_of(text, "Ruritania") == ["org/ruritania", "org/ruritania", "place/ruritania"]
    assert refs_of("Floods reached Ruritania's northern border.", "Ruritania") == [
        "place/ruritania"
    ]
    for phrase in ("the occupied territories of", "the border areas of", "the north of"):
        assert refs_of(f"Troops left {phrase} Ruritania.", "Ruritania") == ["place/ruritania"]
    # "in X's …": the preposition governs what the name owns; the name itself is the actor.
    assert refs_of("The war ended in Ruritania's victory.", "Ruritania") == ["org/ruritania"]


def test_a_document_that_clearly_reads_the_name_as_the_land_keeps_that_sense() -> None:
    text = (
        "Many peoples live in Ruritania. Its minorities of Ruritania are many. "
        "Floods hit northwestern Ruritania. We discuss Ruritania today."
    )
    assert refs_of(text, "Ruritania") == ["place/ruritania"] * 4
    # One land cue among state cues does not make a document read the name as the land:
    # the mention without a cue stays the state.
    mixed = (
        "Ruritania threatens Kadoria. Ruritania's army moved. People in Ruritania. "
        "We saw Ruritania."
    )
    assert refs_of(mixed, "Ruritania")[-1] == "org/ruritania"


def test_a_name_only_one_of_the_pair_has_is_left_alone() -> None:
    assert refs_of("Trade with North Valmora grew.", "North Valmora") == ["place/north-valmora"]
    assert refs_of("Valmora threatens Kadoria.", "Valmora") == ["org/valmora"]


# -- transliterated and inflected forms ------------------------------------------------------


def test_cyrillic_names_fold_to_latin_ones() -> None:
    assert refs_of("Почему торопится Руритания?", "Руритания") == ["org/ruritania"]


def test_an_inflected_name_in_a_non_english_word_is_that_name() -> None:
    assert refs_of("Мы считаем безопасность Руритании своей.", "Руритании") == ["org/ruritania"]
    registry = [*REGISTRY, {"id": "place/qaraland", "labels": {"az": "Qarəland"}}]
    gazetteer = Gazetteer.from_entities(registry)
    text = "Qarəlanda dəstək. Qarəlandda yaşayır."
    found = [(text[m.start : m.end], m.ref) for m in gazetteer.find(text)]
    assert found == [("Qarəlanda", "place/qaraland"), ("Qarəlandda", "place/qaraland")]
    # English derivations are not inflections: "Ruritanian", "Ruritanias" stay unknown.
    assert mentions("Ruritanian farmers and two Ruritanias.") == []
    # A name of fewer than five letters is not matched with endings.
    short = [*REGISTRY, {"id": "place/oslo", "labels": {"en": "Osla"}}]
    assert mentions("Ослае много.", short) == []


# -- end to end: `provkb add` learns from the curated documents and writes both senses ----------


def test_provkb_add_learns_from_curated_documents_and_keeps_each_sense(tmp_path: Path) -> None:
    root = tmp_path / "project"
    for name in ("kb", "ontology", "shapes", "queries"):
        shutil.copytree(CHECKOUT / name, root / name)
    source = tmp_path / "floods.txt"
    source.write_text(
        "Floods in the north\n\nFloods hit northwestern Iran last week. Iran threatens its "
        "neighbours, officials said. The Iranian regime denied the reports.\n",
        encoding="utf-8",
    )
    assert main(["add", str(source), "--root", str(root), "--quiet"]) == 0
    data = yaml.safe_load((root / "kb" / "documents" / "floods.yaml").read_text(encoding="utf-8"))
    entries = [(m["quote"], m.get("occurrence"), m["refers_to"]) for m in data["mentions"]]
    assert ("Iran", None, "place/iran") in entries  # the land: "northwestern Iran"
    assert ("Iran", 2, "org/iran") in entries  # the state that threatens, said which occurrence
    regime = [m for m in data["mentions"] if m["quote"] == "Iranian regime"]
    assert regime and regime[0]["refers_to"] == "org/islamic-republic-of-iran-government"
    assert regime[0]["draft"]["rule"] == "gazetteer-learned"  # a curator linked it before
    # The draft builds and validates with both senses in it.
    assert main(["build", "--root", str(root)]) == 0
    assert main(["validate", "--root", str(root)]) == 0


def test_more_land_cues_for_a_shared_country_name() -> None:
    from provkb.draft.gazetteer import Gazetteer
    from provkb.draft.model import Mark, Mention
    from provkb.draft.senses import choose

    gazetteer = Gazetteer.from_entities(
        [
            {"id": "org/norland", "labels": {"en": "Norland (state)"},
             "aliases": {"en": ["Norland"]}, "kind": "state", "territory": "place/norland"},
            {"id": "place/norland", "labels": {"en": "Norland"}, "kind": "country"},
        ]
    )  # fmt: skip
    cases = {
        "The border lines between Vesterland and Norland were closed.": "place/norland",
        "Trucks carrying ammunition to Norland were seen.": "place/norland",
        "She works at the Institute of History, Norland, ida@example.org.": "place/norland",
        "They dream of a unified Norland.": "place/norland",
        "Norland has a long border with Vesterland.": "place/norland",
        "The officials of Vesterland, Norland, Sudland and Osterland met.": "org/norland",
        "The territories must be returned to Norland, the minister said.": "org/norland",
        "Norland threatens its neighbours.": "org/norland",
    }
    for text, expected in cases.items():
        at = text.index("Norland")
        mention = Mention(at, at + len("Norland"), "org/norland", Mark("gazetteer-label", 0.9))
        [chosen] = choose(text, [mention], gazetteer)
        assert chosen.ref == expected, text


def test_a_peoples_adjective_that_a_place_qualifies_names_the_people_of_that_place() -> None:
    registry = [
        *REGISTRY,
        {
            "id": "collective/kurds-of-south-valmora",
            "labels": {"en": "Kurds of South Valmora"},
            "aliases": {"en": ["Kurds of Southern Valmora"]},
            "kind": "population",
        },
    ]
    text = "The rights of the Kurdish nation in South Valmora and the Kurdish society of Ruritania."
    found = mentions(text, registry)
    assert ("Kurdish", "collective/kurds-of-south-valmora") in found
    assert ("South Valmora", "place/south-valmora") in found
    # No people of Ruritania in the registry: that adjective names nobody.
    assert [m for m in found if m[0] == "Kurdish"] == [
        ("Kurdish", "collective/kurds-of-south-valmora")
    ]


def _proposed(text: str) -> set[str]:
    table = EntityTable(text, Gazetteer.from_entities([]), "en")
    table.propose_names()
    return {entity.label for entity in table.new.values()}


def test_an_organisation_s_name_may_join_two_fields_with_and() -> None:
    text = "The Ministry of Culture and Information said in a statement that nothing had closed."
    assert "Ministry of Culture and Information" in _proposed(text)
    assert "Information" not in _proposed(text)
    # A second subject is no field: a people's adjective before a noun, a person's full name.
    text = "The Ministry of Defence and Valmoran officials met. Then the Ministry of Health and"
    text += " Anna Berg said that the clinics would open."
    names = _proposed(text)
    assert {"Ministry of Defence", "Ministry of Health"} <= names
    assert not any(" and " in name for name in names)


def test_an_organisation_s_capitalised_words_after_the_stay_in_its_name() -> None:
    # The text writes "the state" and "tax" in lower case elsewhere: the capitals of "The
    # State Tax Service" are still its name's.
    text = (
        "The state closed the paper after a tax inspection. The State Tax Service told the"
        " agency Ors that the inspection was routine."
    )
    assert "State Tax Service" in _proposed(text)
    # A sentence's first word is still dropped where the text writes it in lower case.
    text = "The state closed the paper. State officials said that the paper broke the law."
    assert "State" not in _proposed(text)


def test_a_name_two_entities_share_goes_to_the_one_whose_name_says_where_the_text_is() -> None:
    gazetteer = Gazetteer.from_entities(
        [
            {"id": "org/guild", "labels": {"en": "Fishers Guild"}, "kind": "trade-union"},
            {
                "id": "org/norvik-guild",
                "labels": {"en": "Guild of Norvik Fishers"},
                "aliases": {"en": ["Fishers Guild", "Fishers Guild in Norvik"]},
                "kind": "trade-union",
            },
            {"id": "place/norvik", "labels": {"en": "Norvik"}, "kind": "city"},
        ]
    )
    text = "A primer to the Fishers Guild in Norvik. Later the Fishers Guild said no."
    found = {(text[m.start : m.end], m.start < 40): m.ref for m in gazetteer.find(text)}
    assert found[("Fishers Guild", True)] == "org/norvik-guild"  # "in Norvik" says which
    assert found[("Norvik", True)] == "place/norvik"  # the place stays a mention of its own
    assert found[("Fishers Guild", False)] == "org/guild"  # with nothing said, the label's


def test_a_handle_in_brackets_after_a_name_is_that_entity_s() -> None:
    gazetteer = Gazetteer.from_entities([{"id": "person/ana-berg", "labels": {"en": "Ana Berg"}}])
    text = "> The decree is fair.\n>\n> — Ana Berg (@ABerg_MP), 1 November\n\n"
    text += "Later @ABerg_MP deleted it."
    draft = RuleExtractor().extract(Source(Path("t.md"), text, "text"), gazetteer)
    handles = [m.ref for m in draft.mentions if text[m.start : m.end] == "@ABerg_MP"]
    assert handles == ["person/ana-berg", "person/ana-berg"]
    # A handle after no name is nobody's by this rule.
    text = "The ministry (@Ministry_NL) posted the decree."
    draft = RuleExtractor().extract(Source(Path("t.md"), text, "text"), gazetteer)
    assert not any(text[m.start : m.end] == "@Ministry_NL" for m in draft.mentions)


def test_an_owner_s_possessive_ends_its_name_but_not_a_people_s_front() -> None:
    labels = _proposed(
        "Support goes through the Council of Europe's Advisory Committee on schools."
    )
    assert "Council of Europe" in labels and "Advisory Committee" in labels
    text = "Zarina Haydarova of the Kelmi People's Front said so. The Kelmi People's Front agreed."
    assert "Front" not in _proposed(text)
