"""Relay chains drafted from general cues, on sentences and documents written for the test:
where each rule fires, where it must not, and the order of the hops (1 nearest the document)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from provkb.draft.candidates import org_kind
from provkb.draft.document_relay import document_relay
from provkb.draft.entities import EntityTable
from provkb.draft.extractor import RuleExtractor
from provkb.draft.footnotes import find_notes
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.metadata import genre
from provkb.draft.reading import Source
from provkb.draft.speech import speech_verbs

REGISTRY = [
    {"id": "org/river-news", "labels": {"en": "River News"}, "kind": "news-agency"},
    {"id": "org/harbour-weekly", "labels": {"en": "Harbour Weekly"}, "kind": "media-outlet"},
    {"id": "org/telegram", "labels": {"en": "Telegram"}, "kind": "company"},
    {"id": "person/tove-lind", "labels": {"en": "Tove Lind"}},
]


def draft(text: str):
    source = Source(Path("t.txt"), text, "text")
    return RuleExtractor().extract(source, Gazetteer.from_entities(REGISTRY))


def chain(assertion) -> list[tuple[str, str | None]]:
    return [(hop.role, hop.agent or hop.agent_as_written) for hop in assertion.relay]


def label_of(d, ref: str | None) -> str | None:
    """A drafted entity's label, or a registry reference as it is."""
    return next((e.label for e in d.entities if e.ref == ref), ref)


def by_words(d, text: str, words: str):
    return next(a for a in d.assertions if words in text[a.start : a.end])


# -- cues in the sentence -----------------------------------------------------------------------


def test_an_interview_with_an_outlet_in_the_sentence() -> None:
    for text in (
        'Tove Lind gave an interview to Harbour Weekly: "The bridge will be closed in May."',
        'In an interview with Harbour Weekly, Tove Lind said: "The bridge will close in May."',
        'Tove Lind, interviewed by Harbour Weekly, said: "The bridge will close in May."',
    ):
        [assertion] = draft(text).assertions
        assert chain(assertion) == [("interviewer", "org/harbour-weekly")], text
    # An interview with a person is no relay through a medium.
    d = draft('Tove Lind, in an interview with Per Olsen, said: "The bridge will close in May."')
    assert all(h.role != "interviewer" for a in d.assertions for h in a.relay)


def test_told_a_news_agency_is_a_news_agency_hop() -> None:
    d = draft('Tove Lind told the news agency River News: "The ferry will stop in winter."')
    assert chain(d.assertions[0]) == [("news-agency", "org/river-news")]
    # Told a person: an addressee, not a relay.
    d = draft('Tove Lind told Per Olsen: "The ferry will stop running in winter."')
    assert d.assertions[0].relay == []


def test_reported_by_and_according_to_an_outlet_come_before_what_was_told() -> None:
    text = (
        "According to River News, Tove Lind told Harbour Weekly that the ferry would stop in"
        " winter."
    )
    [assertion] = draft(text).assertions
    # Hop 1 is nearest the document: the agency that reports what was told to the weekly.
    assert chain(assertion) == [("news-agency", "org/river-news"), ("outlet", "org/harbour-weekly")]


def test_social_media_needs_a_named_platform_or_the_words_social_media() -> None:
    d = draft('On her Telegram channel, Tove Lind wrote: "The ferry will stop in the winter."')
    assert chain(d.assertions[0]) == [("social-media", "org/telegram")]
    d = draft('Tove Lind said in a tweet: "The ferry will stop running in the winter."')
    assert chain(d.assertions[0]) == [("social-media", "Twitter")]
    d = draft("Tove Lind claimed through social media that the ferry would stop in winter.")
    assert chain(d.assertions[0]) == [("social-media", "social media (no platform named)")]


def test_writing_on_something_is_no_social_media_hop() -> None:
    # The bug this fixes: "wrote on the ..." drafted a social-media hop written "the".
    for text in (
        "Tove Lind wrote on the council's website that the ferry would stop in winter.",
        "Tove Lind wrote on the wall that the ferry would stop running in the winter.",
        "Tove Lind sent a telegram saying that the ferry would stop running in winter.",
        "Tove Lind said that the values on the X-ray showed that the ferry would stop.",
    ):
        hops = [h for a in draft(text).assertions for h in a.relay]
        assert all(h.role != "social-media" for h in hops), text
        assert all(h.agent_as_written != "the" for h in hops), text


# -- cues of the whole document -------------------------------------------------------------------

INTERVIEW = "\n\n".join(
    (
        "Tove Lind: the ferry must stay",
        "In an interview with Harbour Weekly, the ferry captain Tove Lind speaks about the"
        " closure of the northern line.",
        'Tove Lind says, "The island needs the ferry every day of the year."',
        'According to local fishermen, "the last winter without a ferry was a disaster."',
        'Tove Lind adds, "We will keep sailing as long as the harbour is open."',
        "The original interview in Norwegian was published by the Nordland Service of Harbour"
        " Weekly.",
    )
)


def test_a_rendered_interview_goes_through_a_translator_and_the_interviewer() -> None:
    text = INTERVIEW.replace("Norwegian", "Swedish")
    d = draft(text)
    assert d.metadata.genre == "interview"
    lind = by_words(d, text, "every day of the year")
    assert lind.speaker.ref == "person/tove-lind"
    # The chain runs from the document to the speaker: the translator, then the interviewer
    # (the part of the outlet that the statement about the original names).
    [(role, written), (role2, outlet)] = chain(lind)
    assert role == "translator" and "Swedish" in written and lind.relay[0].agent is None
    assert (role2, outlet) == ("interviewer", "org/nordland-service-of-harbour-weekly")
    assert chain(by_words(d, text, "keep sailing")) == chain(lind)
    # Someone else the rendered piece quotes reached it through the outlet, not an interview.
    others = by_words(d, text, "without a ferry")
    assert [h.role for h in others.relay] == ["translator", "outlet"]


def test_no_translator_without_a_statement_of_translation() -> None:
    for text in (
        INTERVIEW.replace("The original interview in Norwegian was", "The interview was"),
        INTERVIEW.replace("in Norwegian", "in English"),  # the document's own language
        INTERVIEW + "\n\nThe original settlers of the island spoke in Swedish.",
    ):
        text = text.replace("The original interview in Norwegian", "The interview")
        d = draft(text)
        assert all(h.role != "translator" for a in d.assertions for h in a.relay)
    table = EntityTable("He spoke in Turkish at the rally.", Gazetteer.from_entities([]), "en")
    assert document_relay(table, "en", "news-report", None).translator is None


def test_statements_of_translation_in_other_words() -> None:
    for sentence in (
        "Translated from the Russian by the editors.",
        "This is an English translation from Persian.",
        "The article was originally published in Georgian.",
        "The Turkish original appeared last week.",
    ):
        table = EntityTable(sentence, Gazetteer.from_entities([]), "en")
        relay = document_relay(table, "en", "news-report", None)
        assert relay.translator is not None and relay.translator.role == "translator", sentence
    table = EntityTable("Translated by Tove Lind.", Gazetteer.from_entities(REGISTRY), "en")
    translator = document_relay(table, "en", "news-report", None).translator
    assert translator is not None and translator.agent == "person/tove-lind"


def test_a_question_and_answer_layout_is_an_interview() -> None:
    text = (
        "Harbour talk\n\nBy Per Olsen\n\nThe ferry line is to close.\n\nSome more words here."
        "\n\nQ: Will the ferry stop?\n\nA: Not while I am captain.\n\n"
        "Q: And in winter?\n\nA: In winter too."
    )
    assert genre(text) == "interview"
    assert genre(text.replace("Q:", "Then").replace("A:", "Now")) == "news-report"


def test_an_interview_document_without_a_medium_adds_no_interviewer() -> None:
    text = INTERVIEW.replace("Harbour Weekly", "Per Olsen").replace(
        "The original interview in Norwegian was published by the Nordland Service of Per Olsen.",
        "",
    )
    d = draft(text)
    assert all(h.role != "interviewer" for a in d.assertions for h in a.relay)


# -- footnotes ------------------------------------------------------------------------------------

ARTICLE = "\n\n".join(
    (
        "Research Article",
        "Ferries and islands",
        "Tove Lind",
        "Abstract",
        "A study of northern ferries.",
        "The harbour master Per Olsen warned that"
        ' "the line will not survive the winter".<sup>1</sup> The council disagreed.',
        'The union wrote that "the crews have not been paid since March".<sup>2</sup>',
        'Mayor Ola Berg claimed that "the ferry costs more than a bridge".<sup>3</sup>',
        'The captain said that "the harbour will be closed all year long".<sup>4</sup>',
        'The minister stated that "the ferries will be sold next spring".',
        "<sup>1</sup> River News, 12.01.2021, rivernews.example.com/ferries",
        "<sup>2</sup> Профсоюз моряков: экипажи без зарплаты, t.me/crews_union/14",
        "<sup>3</sup> Ola Berg, «Feribot köprüden daha pahalı», gazetemiz haberleri, 2020.",
        "<sup>4</sup> Åsa Ødegård, *Harbours of the North*, Oxford, 2019.",
        "References",
    )
)


def test_a_footnote_names_the_outlet_agency_or_channel_of_the_quote() -> None:
    d = draft(ARTICLE)
    assert d.metadata.genre == "research-article"
    olsen = by_words(d, ARTICLE, "survive the winter")
    # Nearest the document: the article's author, then the agency the note names.
    assert chain(olsen) == [
        ("citing-author", "person/tove-lind"),
        ("news-agency", "org/river-news"),
    ]
    union = by_words(d, ARTICLE, "have not been paid")
    roles = [h.role for h in union.relay]
    assert roles == ["citing-author", "translator", "social-media"]
    assert "Cyrillic" in (union.relay[1].agent_as_written or "")
    assert union.relay[2].agent == "org/telegram"


def test_a_footnote_in_another_language_of_the_same_script_is_a_translation() -> None:
    d = draft(ARTICLE)
    berg = by_words(d, ARTICLE, "costs more than a bridge")
    assert [h.role for h in berg.relay][:2] == ["citing-author", "translator"]
    # A note whose only non-English letters are in an author's name is no translation; the
    # note opens with its author: a cited work by her.
    captain = by_words(d, ARTICLE, "closed all year long")
    assert [h.role for h in captain.relay] == ["citing-author", "cited-work"]
    assert captain.relay[1].agent == "person/asa-odegard"
    # No marker, no note.
    minister = by_words(d, ARTICLE, "sold next spring")
    assert [h.role for h in minister.relay] == ["citing-author"]


def test_footnote_markers_and_notes_are_told_apart() -> None:
    notes = find_notes(ARTICLE)
    assert sorted(notes.by_number) == ["1", "2", "3", "4"]
    for number, note in notes.by_number.items():
        assert ARTICLE[note.start : note.end].startswith(f"<sup>{number}</sup>")
    assert [n for _at, n in notes.references] == ["1", "2", "3", "4"]
    # A web address in a note gives the outlet when the note names no medium.
    text = (
        'Tove Lind said that "the ferry will stop for good".<sup>7</sup>\n\n'
        "<sup>7</sup> ferrynews.example.org/a"
    )
    hops = draft(text).assertions[0].relay
    assert [(h.role, h.agent) for h in hops] == [("outlet", "org/ferrynews-example-org")]
    # A marker in a later paragraph cites that paragraph, not this one.
    text = (
        'Tove Lind said that "the ferry will stop for good".\n\nThe line closed.<sup>7</sup>\n\n'
        "<sup>7</sup> River News, 2020."
    )
    assert draft(text).assertions[0].relay == []
    # A note that opens with no name cites no work.
    text = (
        'Tove Lind said that "the ferry will stop for good".<sup>7</sup>\n\n<sup>7</sup> See above.'
    )
    assert draft(text).assertions[0].relay == []


# -- end to end: a drafted chain builds and validates ---------------------------------------------

CHECKOUT = Path(__file__).resolve().parents[1]


@pytest.mark.timeout(600)
@pytest.mark.parametrize(
    ("slug", "text", "words", "roles"),
    [
        (
            "lind-interview",
            INTERVIEW.replace("Norwegian", "Swedish"),
            "every day of the year",
            ["translator", "interviewer"],
        ),
        (
            "ferries-article",
            ARTICLE,
            "have not been paid",
            ["citing-author", "translator", "social-media"],
        ),
    ],
)
def test_a_drafted_chain_builds_validates_and_keeps_its_order(
    tmp_path: Path, capsys, slug: str, text: str, words: str, roles: list[str]
) -> None:
    """A document of our own, added: the chain of one of its quotes is in the YAML in order,
    and the built RDF has it hop by hop (1 nearest the document), valid under the shapes."""
    import pyoxigraph as ox
    import yaml

    from provkb.cli import main
    from provkb.layout import BuildLayout

    root = tmp_path / "project"
    for name in ("kb", "ontology", "shapes", "queries"):
        shutil.copytree(CHECKOUT / name, root / name)
    source = tmp_path / f"{slug}.txt"
    source.write_text(text + "\n", encoding="utf-8")
    assert main(["add", str(source), "--root", str(root), "--quiet"]) == 0
    data = yaml.safe_load((root / f"kb/documents/{slug}.yaml").read_text("utf-8"))
    item = next(a for a in data["assertions"] if words in a["quote"])
    assert [hop["role"] for hop in item["relay"]] == roles
    assert main(["build", "--root", str(root)]) == 0
    assert main(["validate", "--root", str(root)]) == 0
    capsys.readouterr()
    store = ox.Store()
    store.load(path=str(BuildLayout(root / "build").trig), format=ox.RdfFormat.TRIG)
    rows = store.query(
        "PREFIX pkb: <https://w3id.org/provkb/ontology#> SELECT ?a ?order ?role WHERE { GRAPH ?g"
        " { ?a pkb:relayHop ?h . ?h pkb:hopOrder ?order ; pkb:hopRole ?role ."
        f' FILTER(CONTAINS(STR(?a), "/doc/{slug}/")) }} }} ORDER BY ?a ?order'
    )
    chains: dict[str, list[str]] = {}
    for row in rows:
        chains.setdefault(row["a"].value, []).append(row["role"].value.rsplit("/", 1)[1])
    assert roles in chains.values()


def test_a_sentence_broken_by_a_page_of_notes_cites_the_marker_after_it() -> None:
    page = (
        'Tove Lind said that "the ferry will stop for good and the island\n\n---\n\n'
        "<sup>6</sup> Harbour Weekly, 2019.\n\n"
        'will be alone in the winter".<sup>7</sup> The line closed.\n\n'
        "<sup>7</sup> River News, 2020."
    )
    d = draft(page)
    first = by_words(d, page, "stop for good")
    assert [(h.role, h.agent) for h in first.relay] == [("news-agency", "org/river-news")]
    # A paragraph that ends its sentence does not run on into the next page.
    closed = page.replace("and the island\n", "and the island.\n")
    first = by_words(draft(closed), closed, "stop for good")
    assert first.relay == []


def test_the_interview_outlet_is_the_name_not_the_adjective_before_it() -> None:
    text = (
        "Tove Lind: the ferry must stay\n\nIn an interview with the Norwegian broadcaster"
        " Fjordkanal, the captain Tove Lind speaks about the northern line.\n\n"
        'Tove Lind says, "The island needs the ferry every day of the year."'
    )
    d = draft(text)
    lind = by_words(d, text, "every day of the year")
    assert [(h.role, h.agent) for h in lind.relay] == [("interviewer", "org/fjordkanal")]
    assert not any(e.label == "Norwegian" for e in d.entities)


def test_markdown_footnotes_are_notes_too() -> None:
    text = (
        'Tove Lind said that "the ferry will stop for good".[^3]\n\n[^3]: River News, 2 March 2020.'
    )
    notes = find_notes(text)
    assert list(notes.by_number) == ["3"] and [n for _at, n in notes.references] == ["3"]
    relay = draft(text).assertions[0].relay
    assert [(h.role, h.agent) for h in relay] == [("news-agency", "org/river-news")]
    # A capitalised word with a dot is no web address.
    text = 'Tove Lind said that "the ferry will stop for good".[^3]\n\n[^3]: See Dr.Smith here.'
    assert draft(text).assertions[0].relay == []


def test_markdown_notes_listed_a_line_each_end_where_the_next_opens() -> None:
    # No blank line between the notes: each note is its own line, so a quote's note names only
    # its own source, and a marker after a sentence's full stop still ends the sentence.
    text = (
        'Tove Lind said that "the ferry will stop for good".[^1] The harbour office told the'
        ' weekly Fjordpost that the timetable was "under review".[^2]\n\n'
        "[^1]: Interview with Tove Lind, 2 March 2020.\n"
        "[^2]: Fjordpost, 4 March 2020; River News, 5 March 2020.\n"
    )
    notes = find_notes(text)
    first, second = notes.by_number["1"], notes.by_number["2"]
    assert "River News" not in text[first.start : first.end]
    assert text[second.start : second.end].startswith("[^2]: Fjordpost")
    d = draft(text)
    lind = by_words(d, text, "stop for good")
    assert all(h.agent != "org/river-news" for h in lind.relay)
    office = by_words(d, text, "under review")
    assert office.speaker.ref != lind.speaker.ref  # two sentences, two speakers
    assert ("news-agency", "org/river-news") in chain(office)


def test_a_platform_account_names_its_owner() -> None:
    text = 'The Telegram channel of the «Fjordposten» website wrote: "The ferry is a luxury."'
    [assertion] = draft(text).assertions
    [hop] = assertion.relay
    assert hop.role == "social-media" and hop.agent == "org/fjordposten"
    # The speaker's own channel, no name after it: the platform.
    text = 'On her Telegram channel, Tove Lind wrote: "The ferry will stop in the winter."'
    assert chain(draft(text).assertions[0]) == [("social-media", "org/telegram")]


def test_words_given_written_or_broadcast_through_a_medium() -> None:
    cases = {
        "Speaking to Harbour Weekly, Tove Lind said that the ferry would stop in winter.": [
            ("outlet", "org/harbour-weekly")
        ],
        "Writing in Harbour Weekly, Tove Lind argued that the ferry would stop in winter.": [
            ("outlet", "org/harbour-weekly")
        ],
        "In an op-ed for the Nordland Post, Tove Lind argued that the ferry would stop.": [
            ("outlet", "org/nordland-post")
        ],
        "Speaking on Fjord TV, Tove Lind warned that the ferry would stop in the winter.": [
            ("broadcaster", "org/fjord-tv")
        ],
    }
    for text, expected in cases.items():
        [assertion] = draft(text).assertions
        assert chain(assertion) == expected, text
    # To or on something that is no medium: no hop.
    for text in (
        "Speaking to Per Olsen, Tove Lind said that the ferry would stop in the winter.",
        "Speaking on the pier, Tove Lind said that the ferry would stop in the winter.",
        "Writing in March, Tove Lind argued that the ferry would stop in the winter.",
    ):
        assert all(not a.relay for a in draft(text).assertions), text


def test_an_organisation_word_gives_the_kind_of_a_name() -> None:
    # The word lists were once strings read letter by letter: "Post" and "Ministry" were no
    # organisation words, and a one-letter word was an organisation's.
    assert org_kind("Nordland Post") == "media-outlet"
    assert org_kind("Ministry of Fisheries") == "government-body"
    assert org_kind("Fjord Workers Union") == "political-organisation"
    assert org_kind("Tove A Lind") is None


def test_the_interview_outlet_by_a_known_name_inside_longer_words() -> None:
    text = INTERVIEW.replace("Harbour Weekly", "River News Online").replace(
        "The original interview in Norwegian was published by the Nordland Service of River"
        " News Online.",
        "",
    )
    lind = by_words(draft(text), text, "every day of the year")
    assert ("interviewer", "org/river-news") in chain(lind)


def test_a_date_or_a_person_s_origin_is_no_outlet() -> None:
    text = INTERVIEW.replace("In an interview with Harbour Weekly", "In an interview on Monday")
    text = text.replace(
        "The original interview in Norwegian was published by the Nordland Service of Harbour"
        " Weekly.",
        "Tove Lind is originally from Bergen.",
    )
    d = draft(text)
    assert all(h.role not in ("interviewer", "outlet") for a in d.assertions for h in a.relay)
    assert not any(e.label in ("Monday", "Bergen") for e in d.entities)


def test_a_name_after_the_is_a_medium_a_bare_two_word_name_a_person() -> None:
    d = draft('Tove Lind told the Nordland Courier: "The ferry will stop in the winter."')
    assert chain(d.assertions[0]) == [("outlet", "org/nordland-courier")]
    # "Courier" names a medium even without "the"; a bare two-word name with no media word is
    # a person's, and told to a person is no relay.
    d = draft('Tove Lind told Nordland Courier: "The ferry will stop in the winter."')
    assert chain(d.assertions[0]) == [("outlet", "org/nordland-courier")]
    d = draft('Tove Lind told Nora Brekke: "The ferry will stop in the winter."')
    assert d.assertions[0].relay == []


def test_a_media_noun_corrects_the_kind_of_a_name_proposed_before() -> None:
    text = (
        "According to Nordpress, the port will close. Jonas Berg told the news agency"
        ' Nordpress: "We will not load a single ship."'
    )
    d = draft(text)
    quote = by_words(d, text, "single ship")
    assert chain(quote) == [("news-agency", "org/nordpress")]
    assert next(e for e in d.entities if e.ref == "org/nordpress").kind_value == "news-agency"


def test_a_quote_framed_by_the_paragraph_before_takes_only_what_was_given_to_a_medium() -> None:
    text = (
        "Tove Lind gave an interview to Harbour Weekly. She spoke about the ferry.\n\n"
        '"The island needs the ferry every day of the year."'
    )
    quote = by_words(draft(text), text, "every day")
    assert chain(quote) == [("interviewer", "org/harbour-weekly")]
    text = (
        'Tove Lind wrote on Telegram that "the winter will be hard for all of us".\n\n'
        '"The island needs the ferry every day of the year."'
    )
    quote = by_words(draft(text), text, "every day")
    assert all(h.role != "social-media" for h in quote.relay)


def test_a_quote_s_relay_is_stated_in_its_own_sentence() -> None:
    text = (
        "Writing in Harbour Weekly, Tove Lind argued that the ferry was too old."
        ' "This is the worst winter in twenty years," she wrote on Twitter.'
    )
    quote = by_words(draft(text), text, "worst winter")
    assert chain(quote) == [("social-media", "Twitter")]


def test_what_the_speaker_gave_a_medium_in_the_sentence_before_frames_the_quote() -> None:
    text = (
        "Tove Lind spoke to Harbour Weekly on Monday."
        ' "The island needs the ferry every day of the year," she said.'
    )
    quote = by_words(draft(text), text, "every day")
    assert chain(quote) == [("outlet", "org/harbour-weekly")]


# -- wire reports, web sites, more statements of translation --------------------------------------


def test_a_wire_dateline_gives_every_quote_a_news_agency_hop() -> None:
    text = (
        "KESTREL BAY, 4 May (Lowland Wire Agency) – The ferry service will end, officials said.\n\n"
        'Harbour master Tove Lind said: "The last boat leaves in June."\n\n'
        '"We will appeal," said Per Olsen, the mayor, who told Harbour Weekly so.'
    )
    d = draft(text)
    assert len(d.assertions) >= 2
    for assertion in d.assertions:
        assert chain(assertion)[0] == ("news-agency", "org/lowland-wire-agency"), chain(assertion)
    told = by_words(d, text, "We will appeal")
    assert ("outlet", "org/harbour-weekly") in chain(told)[1:]


def test_an_acronym_dateline_and_a_closing_credit_line() -> None:
    d = draft('MORVIK (NPA) — Mayor Per Olsen said: "The bridge will close in May."')
    assert chain(d.assertions[0]) == [("news-agency", "org/npa")]
    d = draft('Mayor Per Olsen said: "The bridge will close in May."\n\n— River News')
    assert chain(d.assertions[0]) == [("news-agency", "org/river-news")]


def test_a_wire_report_in_translation_the_agency_is_hop_one() -> None:
    text = (
        'VALMORA, 3 May (NPA) – Judge Per Olsen said: "The dam must go."\n\n'
        "Translated from Kestrelian."
    )
    assert [role for role, _ in chain(draft(text).assertions[0])] == ["news-agency", "translator"]


def test_datelines_with_a_comma_in_the_date_slashes_or_a_colon() -> None:
    quote = 'Judge Per Olsen said: "The dam must go."'
    for text, agency in (
        (f"VALMORA, May 3, 2026 (Lowland Wire Agency) — {quote}", "org/lowland-wire-agency"),
        (f"VALMORA, 3 May /NPA/ – {quote}", "org/npa"),
        (f"Valmora (NPA): {quote}", "org/npa"),
    ):
        assert chain(draft(text).assertions[0]) == [("news-agency", agency)], text


def test_no_wire_hop_from_an_aside_in_brackets_or_a_signature() -> None:
    # A bracket without the dateline's dash, a person's signature at the end: no agency.
    for text in (
        'Tove Lind (a harbour master) said: "The last boat leaves in June."',
        'Tove Lind (Valmora) said: "The last boat leaves in June." Per Olsen - no comment.',
        'Tove Lind said: "The last boat leaves in June."\n\n— Per Olsen',
    ):
        d = draft(text)
        assert all(h.role != "news-agency" for a in d.assertions for h in a.relay), text


def test_a_web_address_after_a_cue_is_an_outlet() -> None:
    d = draft('Per Olsen told kestrelnews.org: "The bridge will close in May."')
    assert chain(d.assertions[0]) == [("outlet", "org/kestrelnews-org")]
    # A file name is no site.
    d = draft('Per Olsen, according to notes.pdf, said: "The bridge will close in May."')
    assert all(h.role != "outlet" for a in d.assertions for h in a.relay)


def test_a_website_is_an_outlet_a_statement_is_no_hop() -> None:
    d = draft('The Harbour Office said on its website: "The quay is closed."')
    assert chain(d.assertions[0]) == [("outlet", "org/harbour-office")]
    d = draft('Per Olsen wrote on the website of the Valmora Courier: "The quay is closed."')
    assert chain(d.assertions[0]) == [("outlet", "org/valmora-courier")]
    for text in (
        'The Harbour Office said in a statement: "The quay is closed."',
        'Inspectors on site said: "The quay is closed."',
    ):
        d = draft(text)
        assert all(not a.relay for a in d.assertions), text


def test_a_medium_named_by_its_shape_after_according_to() -> None:
    d = draft('According to the Valmora Courier, Per Olsen said: "The bridge will close in May."')
    assert chain(d.assertions[0]) == [("outlet", "org/valmora-courier")]
    # A person after "according to" is no medium.
    d = draft('According to Nora Brekke, Per Olsen said: "The bridge will close in May."')
    assert all(h.role != "outlet" for a in d.assertions for h in a.relay)


def test_an_interview_conducted_in_one_language_and_translated() -> None:
    text = (
        'Per Olsen said: "The bridge will close in May."\n\n'
        "The interview was conducted in Norwegian and translated into English."
    )
    [assertion] = draft(text).assertions
    assert chain(assertion)[0][0] == "translator"
    # Conducted in a language, no translation said: no translator.
    text = 'Per Olsen said: "The bridge will close in May." The talk was held in English.'
    assert all(h.role != "translator" for a in draft(text).assertions for h in a.relay)
    text = 'Per Olsen said: "The bridge will close in May." (Translated from Danish.)'
    assert chain(draft(text).assertions[0])[0][0] == "translator"


def test_according_to_an_unknown_name_that_passes_on_another_speakers_words() -> None:
    d = draft("According to Fjordpost, Per Olsen said the bridge will close in May.")
    assert chain(d.assertions[0]) == [("outlet", "org/fjordpost")]
    assert next(e for e in d.entities if e.ref == "org/fjordpost").kind_value == "media-outlet"
    # An organisation by its word, or no other speaker after the name: no medium.
    for text in (
        "According to the Harbour Ministry, Per Olsen said the bridge will close in May.",
        "According to Fjordpost the bridge will close in May.",
    ):
        d = draft(text)
        assert all(h.role != "outlet" for a in d.assertions for h in a.relay), text


def test_media_named_by_their_kind_alone() -> None:
    d = draft('Per Olsen told state television: "The bridge will close in May."')
    assert chain(d.assertions[0]) == [("broadcaster", "state television")]
    d = draft('Per Olsen told local media: "The bridge will close in May."')
    assert chain(d.assertions[0]) == [("outlet", "local media")]
    # Told a local man, or state officials: people, no medium.
    for text in (
        'Per Olsen told a local man: "The bridge will close in May."',
        'Per Olsen told state officials: "The bridge will close in May."',
    ):
        assert all(not a.relay for a in draft(text).assertions), text


def test_published_or_carried_by_a_medium() -> None:
    for text in (
        'Per Olsen said, in remarks carried by the Valmora Gazette: "The quay is closed."',
        'Per Olsen said in an interview published on Sunday by the Valmora Gazette: "It is."',
    ):
        assert ("outlet", "org/valmora-gazette") in chain(draft(text).assertions[0]), text
    # Published by a person is no medium.
    d = draft('Per Olsen, in a letter published by Nora Brekke, said: "The quay is closed."')
    assert all(h.role != "outlet" for a in d.assertions for h in a.relay)


def test_a_journalist_of_a_medium_and_a_day_after_its_name() -> None:
    d = draft('Per Olsen told Anna Berg of Radio Nord: "The bridge will close in May."')
    assert chain(d.assertions[0]) == [("outlet", "org/radio-nord")]
    d = draft('"The bridge will close in May," Per Olsen told the Valmora Gazette on Tuesday.')
    assert chain(d.assertions[0]) == [("outlet", "org/valmora-gazette")]


def test_translated_from_a_language_the_list_lacks_by_a_named_translator() -> None:
    text = (
        "Interview by Anna Berg, Valmora Courier\n\nTranslated from Kestrelian by Ola Nord.\n\n"
        "Q: Why are you on strike?\n\nA: Our pay has not risen in ten years.\n\n"
        "Q: What next?\n\nA: We will march on Friday.\n"
    )
    d = draft(text)
    answer = by_words(d, text, "Our pay")
    assert chain(answer)[:2] == [
        ("translator", "person/ola-nord"),
        ("interviewer", "org/valmora-courier"),
    ]
    # Translated by the medium named before: its staff, the same entity, no new person.
    text = (
        "The Valmora Courier spoke to Per Olsen. The interview was conducted in Kestrelian and"
        ' translated by the Courier.\n\nPer Olsen said: "Our pay has not risen."'
    )
    d = draft(text)
    assert chain(by_words(d, text, "Our pay"))[0] == ("translator", "org/valmora-courier")
    # "from Valmora" is where someone comes from, no language; no translator.
    text = 'Per Olsen, a teacher from Valmora, said: "Our pay has not risen."'
    assert all(h.role != "translator" for a in draft(text).assertions for h in a.relay)


def test_an_interview_by_a_journalist_alone_makes_her_the_interviewer() -> None:
    text = (
        "Interview by Anna Berg\n\nWe spoke to union leader Per Olsen.\n\n"
        "Q: Why are you on strike?\n\nA: Our pay has not risen in ten years.\n\n"
        "Q: What next?\n\nA: We will march on Friday.\n"
    )
    d = draft(text)
    assert ("interviewer", "person/anna-berg") in chain(by_words(d, text, "Our pay"))


def test_told_a_medium_in_an_interview_is_an_interviewer_hop() -> None:
    d = draft('Per Olsen told the Valmora Times in an interview: "The budget is too small."')
    assert chain(d.assertions[0]) == [("interviewer", "org/valmora-times")]
    d = draft('Per Olsen told the Valmora Times: "The budget is too small."')
    assert chain(d.assertions[0]) == [("outlet", "org/valmora-times")]


def test_said_on_a_programme_of_a_broadcaster() -> None:
    for text in (
        'Per Olsen said on the Morning Show on Radio Nord: "The budget is too small."',
        'Per Olsen said on Radio Nord\'s morning programme: "The budget is too small."',
    ):
        assert chain(draft(text).assertions[0]) == [("broadcaster", "org/radio-nord")], text
    # Said on a day, or on a matter: no broadcaster.
    for text in (
        'Per Olsen said on Monday: "The budget is too small."',
        'Per Olsen said on the Harbour Plan: "The budget is too small."',
    ):
        assert all(not a.relay for a in draft(text).assertions), text


def test_wrote_on_a_web_address_or_a_site() -> None:
    d = draft('Per Olsen wrote on valmora.no: "The budget is too small."')
    assert chain(d.assertions[0]) == [("outlet", "org/valmora-no")]
    d = draft('Per Olsen wrote, in minutes on the city website: "The budget is too small."')
    assert chain(d.assertions[0]) == [("outlet", "the city website")]
    # Wrote on a subject, workers on the site: no outlet.
    for text in (
        'Per Olsen wrote on the Harbour Plan: "The budget is too small."',
        'Workers on the site told Per Olsen: "The budget is too small."',
    ):
        assert all(not a.relay for a in draft(text).assertions), text


def test_an_aside_as_a_medium_reported_passes_on_the_next_speakers_words() -> None:
    for text in (
        "As Fjordpost reported, Per Olsen said the budget was too small.",
        "Per Olsen, as Fjordpost reported, said the budget was too small.",
    ):
        [assertion] = draft(text).assertions
        assert assertion.speaker.ref == "person/per-olsen", text
        assert chain(assertion) == [("outlet", "org/fjordpost")], text
    # The aside with no other speaker after it speaks itself; "as a result" is no aside.
    d = draft("The budget is too small, as Per Olsen said in May.")
    assert d.assertions[0].speaker.ref == "person/per-olsen"
    assert not d.assertions[0].relay
    d = draft("As a result, Per Olsen said the budget was too small.")
    assert [chain(a) for a in d.assertions] == [[]]


def test_words_passed_on_inside_anothers_words_have_the_outer_speaker_as_intermediary() -> None:
    text = (
        "Talks ended.\n\nIda Berg, the committee's deputy chair, told the Valmora Post that "
        "Foreign Minister Tom Vik had assured deputies the port would “stay open all winter”.\n"
    )
    d = _nested_draft(text)
    [quote] = [a for a in d.assertions if text[a.start : a.end] == "stay open all winter"]
    assert d.label(quote.speaker.ref) == "Tom Vik"
    agents = [(hop.role, d.label(hop.agent)) for hop in quote.relay]
    assert agents[-1] == ("intermediary", "Ida Berg")
    assert ("outlet", "Valmora Post") in agents


def test_a_reported_clause_inside_a_reported_clause_is_two_assertions() -> None:
    # kb/README.md: the relayer's sentence stays the relayer's; the inner words are the inner
    # speaker's, with the relayer as a hop.
    text = (
        "Talks ended.\n\nIda Berg noted that the Harbour Union had called on all sides to wait.\n"
    )
    d = _nested_draft(text)
    outer, inner = sorted(d.assertions, key=lambda a: a.start)
    assert d.label(outer.speaker.ref) == "Ida Berg" and not outer.relay
    assert text[inner.start : inner.end] == "all sides to wait"
    assert d.label(inner.speaker.ref) == "Harbour Union" and inner.kind == "appeal"
    assert [(h.role, d.label(h.agent)) for h in inner.relay] == [("intermediary", "Ida Berg")]


def test_one_speech_verb_is_no_nesting() -> None:
    text = "Talks ended.\n\nIda Berg said that the Harbour Union would strike on Monday.\n"
    d = _nested_draft(text)
    [claim] = d.assertions
    assert d.label(claim.speaker.ref) == "Ida Berg"
    assert not [h for h in claim.relay if h.role == "intermediary"]


class _Labelled:
    def __init__(self, draft) -> None:
        self.assertions = draft.assertions
        self._labels = {e.ref: e.label for e in draft.entities}

    def label(self, ref: str | None) -> str | None:
        return self._labels.get(ref, ref)


def _nested_draft(text: str) -> _Labelled:
    source = Source(Path("t.txt"), text, "text")
    return _Labelled(RuleExtractor().extract(source, Gazetteer.from_entities([])))


def test_a_report_citing_its_source_gives_the_words_to_the_source() -> None:
    text = (
        "Talks ended.\n\nThe state agency Nordpress then reported, citing the regional "
        "prosecutor's office, that the activists had been preparing riots.\n"
    )
    d = _nested_draft(text)
    [claim] = d.assertions
    assert d.label(claim.speaker.ref) == "regional prosecutor's office"
    assert [(h.role, d.label(h.agent)) for h in claim.relay] == [("news-agency", "Nordpress")]


def test_citing_unnamed_sources_makes_them_a_group() -> None:
    text = (
        "Talks ended.\n\nThe daily Valmora Post, citing officials in the ministry, said the "
        "minister would resign on Friday.\n"
    )
    d = _nested_draft(text)
    [claim] = d.assertions
    assert d.label(claim.speaker.ref) == "officials in the ministry"
    assert [(h.role, d.label(h.agent)) for h in claim.relay] == [("outlet", "Valmora Post")]


def test_the_subject_that_cites_is_found_past_its_acronym_in_brackets() -> None:
    # "(NPA)" stands between the agency and "citing": the quote's frame finds no subject, so
    # the sentence's own subject is who passed the words on.
    text = (
        "Talks ended.\n\nThe Nordic Press Agency (NPA), citing a source in the ministry,"
        ' reported that the consultation had been "completed in accordance with the law".\n'
    )
    d = _nested_draft(text)
    words = next(a for a in d.assertions if a.mode == "direct")
    assert d.label(words.speaker.ref) == "unnamed source in the ministry"
    assert [(h.role, d.label(h.agent)) for h in words.relay] == [
        ("news-agency", "Nordic Press Agency")
    ]


def test_a_sentence_without_citing_keeps_its_speaker() -> None:
    text = "Talks ended.\n\nThe daily Valmora Post said the minister would resign on Friday.\n"
    d = _nested_draft(text)
    [claim] = d.assertions
    assert d.label(claim.speaker.ref) == "Valmora Post" and not claim.relay


def test_a_journal_citation_line_makes_a_research_article_whose_author_cites() -> None:
    text = (
        "Harbours and their towns\n\nKarin Holm\nJournal of Coastal Studies, vol. 9, no. 1 "
        "(2024), pp. 12–40\n\n1. The dispute\n\nThe mayor, Tomas Lund, said the plan was "
        "“a gift to the shipowners”.\n"
    )
    d = _nested_draft(text)
    [quote] = [a for a in d.assertions if text[a.start : a.end] == "a gift to the shipowners"]
    assert d.label(quote.speaker.ref) == "Tomas Lund"
    first = quote.relay[0]
    assert (first.role, d.label(first.agent)) == ("citing-author", "Karin Holm")


def test_quoted_by_a_paper_is_an_outlet_hop() -> None:
    text = (
        "Talks ended.\n\nThe daily Valmora Post covered the talks. A source in the court, quoted "
        "by the Valmora Post, said the judge had “no grounds to change the measure”.\n"
    )
    d = _nested_draft(text)
    [quote] = [a for a in d.assertions if text[a.start : a.end].startswith("no grounds")]
    assert ("outlet", "Valmora Post") in [(h.role, d.label(h.agent)) for h in quote.relay]


def test_a_translating_desk_of_a_medium_is_the_medium() -> None:
    text = (
        "Deputy speaks\n\nSevran, 14 March 2026 /Nord-Info/. Translated from the Azerbaijani by "
        "the English service of Nord-Info.\n\nThe deputy Tomas Lund said that “the arrests "
        "must stop”.\n"
    )
    d = _nested_draft(text)
    [quote] = [a for a in d.assertions if text[a.start : a.end] == "the arrests must stop"]
    assert ("translator", "Nord-Info") in [(h.role, d.label(h.agent)) for h in quote.relay]


def test_words_told_to_the_author_have_the_author_as_intermediary() -> None:
    text = (
        "By Ada Lindqvist\n\nTalks ended.\n\nOne of them, the deputy Ida Berg, told me afterwards "
        "that the ministry had raised the case “at a high level”.\n"
    )
    d = _nested_draft(text)
    for assertion in d.assertions:
        assert d.label(assertion.speaker.ref) == "Ida Berg"
        assert ("intermediary", "Ada Lindqvist") in [
            (h.role, d.label(h.agent)) for h in assertion.relay
        ]


def test_an_interview_with_a_daily_named_after_its_noun_is_the_interviewer() -> None:
    text = (
        "Talks ended.\n\n“We are a company, not a ministry,” its chief executive, Tomas Lund, "
        "said in an interview with the financial daily Valmora Ledger in July.\n"
    )
    d = _nested_draft(text)
    quote = next(a for a in d.assertions if a.mode == "direct")
    assert [(h.role, d.label(h.agent)) for h in quote.relay] == [("interviewer", "Valmora Ledger")]
    assert "July" not in {d.label(e) for e in [a.speaker.ref for a in d.assertions]}


def test_a_medium_named_after_its_kind_gives_one_hop() -> None:
    text = "Talks ended.\n\nThe ministry told the state news agency Nordpress that all was calm.\n"
    d = _nested_draft(text)
    [claim] = d.assertions
    assert [(h.role, d.label(h.agent)) for h in claim.relay] == [("news-agency", "Nordpress")]


def test_was_quoted_by_a_medium_as_saying_gives_the_words_to_the_one_quoted() -> None:
    text = (
        "Her question followed remarks by the harbour minister, Tomas Lind, who was quoted by "
        'the state agency Nordpress last week as saying that the port would "not pay for a quay '
        'to nowhere" before the talks end.'
    )
    d = draft(text)
    for assertion in d.assertions:
        assert label_of(d, assertion.speaker.ref) == "Tomas Lind"
        assert [(h.role, label_of(d, h.agent)) for h in assertion.relay] == [
            ("news-agency", "Nordpress")
        ]
    assert {a.mode for a in d.assertions} == {"reported", "direct"}


def test_a_present_form_before_by_is_a_noun_not_a_speech_verb() -> None:
    assert speech_verbs("It followed remarks by the minister on Monday.") == []
    assert speech_verbs("Claims by the union angered the port.") == []
    assert [k for _s, _e, k in speech_verbs("The minister remarks that the port is closed.")]


def test_a_translated_documents_own_hop_keeps_a_post_whose_platform_is_unnamed_as_an_entity() -> (
    None
):
    text = (
        "Harbour talks stall\n\nTove Lind wrote on X that the port «would stay closed until "
        "Monday at the earliest».\n\nTranslated from Norwegian by Per Holm.\n"
    )
    a = by_words(draft(text), text, "would stay closed")
    assert [role for role, _agent in chain(a)] == ["translator", "social-media"]
    assert chain(a)[1] == ("social-media", "X")


def test_a_note_naming_the_medium_keeps_the_role_the_sentence_gives_it() -> None:
    text = (
        "Tove Lind told Harbour Weekly in an interview that the port would stay closed until "
        "Monday.<sup>1</sup>\n\n<sup>1</sup> Harbour Weekly, 3 May 2026.\n"
    )
    a = by_words(draft(text), text, "the port would stay closed")
    assert chain(a) == [("interviewer", "org/harbour-weekly")]


def test_according_to_a_body_before_a_quote_names_its_source_and_the_agency_after_is_a_hop() -> (
    None
):
    text = (
        "According to the regional harbour directorate, « at least eleven boats » sank in the "
        "bay, the agency River News reported, citing the directorate's press service."
    )
    d = draft(text)
    a = by_words(d, text, "at least eleven boats")
    assert label_of(d, a.speaker.ref) == "regional harbour directorate"
    assert a.speaker.ref.startswith("org/") and a.speaker.rule == "according-to"
    assert chain(a) == [("news-agency", "org/river-news")]


def test_according_to_a_medium_before_someone_who_speaks_leaves_the_words_to_the_speaker() -> None:
    text = "According to River News, Tove Lind said: « The port will stay closed until Monday. »"
    a = by_words(draft(text), text, "The port will stay closed")
    assert a.speaker.ref == "person/tove-lind"
    assert chain(a) == [("news-agency", "org/river-news")]


def test_a_negated_verb_reports_no_words() -> None:
    for sentence in (
        "The ministry did not deny that the meeting took place.",
        "The union has never claimed that the port was closed.",
        "The mayor didn't say that the harbour would close.",
    ):
        assert speech_verbs(sentence) == [], sentence
    assert [k for _s, _e, k in speech_verbs("The ministry denied that the meeting took place.")]


def test_a_platform_opening_a_sentence_is_a_social_media_hop() -> None:
    text = (
        'The council rejected the offer. On X, the council wrote that it would "not negotiate '
        'the future of the port in a side room".'
    )
    a = by_words(draft(text), text, "not negotiate the future")
    assert chain(a) == [("social-media", "X")]


def test_told_a_party_named_by_its_side_or_delegation_is_no_medium() -> None:
    for party in ("the Harbour side", "the River News delegation"):
        text = f'Tove Lind told {party} privately that her government "cannot sell this at home".'
        a = by_words(draft(text), text, "cannot sell this")
        assert chain(a) == [], party


def test_showed_found_and_demonstrated_report_a_finding_only_before_a_clause() -> None:
    for sentence in (
        "Her survey showed that two thirds of the schools had closed.",
        "The panel found that the closures would harm the children.",
        "The study demonstrated that the port had lost its trade.",
    ):
        assert [k for _s, _e, k in speech_verbs(sentence)] == ["claim"], sentence
    assert speech_verbs("She found the keys under the boat.") == []
    assert speech_verbs("The map showed the port in red.") == []


def test_a_quote_with_no_verb_after_a_post_named_in_the_sentence_before_is_the_posts() -> None:
    text = 'Intro.\n\nTove Lind welcomed the deal in a post on X. "The river should join us."'
    d = draft(text)
    assert chain(by_words(d, text, "The river should")) == [("social-media", "X")]
    # "on X." ends its sentence: the platform is no initial.
    reported = next(a for a in d.assertions if a.mode == "reported")
    assert text[reported.start : reported.end].endswith("on X.")
    # A quote with a verb of its own was said elsewhere.
    text = 'Intro.\n\nTove Lind criticised it on X. "It is a bad deal," she told reporters later.'
    assert chain(by_words(draft(text), text, "It is a bad deal")) == []


def test_people_told_in_private_and_a_meeting_place_are_no_media() -> None:
    text = (
        "Her deputy went further: according to two officials present at a meeting in "
        "Brussels, Tove Lind told European diplomats that the port would close in May."
    )
    assert all(chain(a) == [] for a in draft(text).assertions)


def test_bracketed_note_numbers_cite_the_numbered_references_below() -> None:
    text = (
        "Intro.\n\nThe harbour ministry stated that the quay would reopen in May.[2] Tove Lind "
        "said that the port was closed for good.[1]\n\n## References\n\n"
        '1. "Port closed for good". Harbour Weekly. 8 November 2023.\n'
        '2. "Ministry on the quay". River News. 9 November 2023.\n'
    )
    d = draft(text)
    assert chain(by_words(d, text, "the quay would reopen")) == [("news-agency", "org/river-news")]
    assert chain(by_words(d, text, "closed for good")) == [("outlet", "org/harbour-weekly")]
    notes = find_notes(text)
    assert sorted(notes.by_number) == ["1", "2"]


def test_a_link_or_a_numbered_list_without_markers_is_no_note() -> None:
    text = (
        "Intro.\n\nTove Lind said that the port was closed, as [1](https://example.org) shows.\n\n"
        "1. River News reported the closure.\n"
    )
    assert find_notes(text).by_number == {}


def test_reminded_someone_that_reports_words_reminds_of_does_not() -> None:
    assert [k for _s, _e, k in speech_verbs("She reminded the Assembly that the port was shut.")]
    assert speech_verbs("The harbour reminds me of my father.") == []


FORWARDED = """From: Harbour Network <news@harbour.example.org>
Subject: Newsletter No. 5
Date: Fri, 23 Apr 2027

Dear members,

This month we share a letter from a released docker; the translation from Valmoran is by our volunteer Per Holm.

---------- Forwarded message ---------
From: Olav Dahl
Date: Sat, 10 Apr 2027

> I am writing from my sister's kitchen in the port.
> A young man in the next cell told me the guards had beaten him for speaking Valmoran to his mother.
"""  # noqa: E501


def test_a_forwarded_message_is_its_senders_and_its_words_name_no_medium() -> None:
    d = draft(FORWARDED)
    a = by_words(d, FORWARDED, "I am writing from my sister")
    assert label_of(d, a.speaker.ref) == "Olav Dahl" and a.speaker.rule == "forwarded-from"
    # The translator the text names; nothing inside the quoted words is a medium.
    assert [(role, label_of(d, agent)) for role, agent in chain(a)] == [("translator", "Per Holm")]


def test_according_to_a_places_daily_names_the_daily_and_the_joined_verbs_subject_speaks() -> None:
    text = (
        "Intro.\n\nAccording to the Valmora daily Harbour Weekly, several hundred parents "
        'gathered outside the port office and demanded "a school in every harbour village".'
    )
    d = draft(text)
    a = by_words(d, text, "a school in every harbour")
    assert label_of(d, a.speaker.ref) == "several hundred parents"
    assert chain(a) == [("outlet", "org/harbour-weekly")]
    # A place alone is no source.
    text = 'According to Valmora, "the port will reopen in May" at the latest.'
    places = Gazetteer.from_entities(
        [*REGISTRY, {"id": "place/valmora", "labels": {"en": "Valmora"}, "kind": "city"}]
    )
    drafted = RuleExtractor().extract(Source(Path("t.txt"), text, "text"), places)
    assert drafted.assertions and all(
        not a.speaker.ref.startswith("place/") for a in drafted.assertions
    )


def test_a_name_before_a_plural_noun_after_told_is_an_adjective_not_a_medium() -> None:
    text = (
        "Tove Lind also said that her brother had told her the police had questioned other "
        "Valmoran teachers about their lessons."
    )
    roles = {role for a in draft(text).assertions for role, _agent in chain(a)}
    assert not roles & {"outlet", "news-agency", "broadcaster"}
    text = "Tove Lind told River News reporters that the port would close in May."
    assert chain(by_words(draft(text), text, "the port would close")) == [
        ("news-agency", "org/river-news")
    ]


def test_words_passed_on_without_that_from_a_relative_are_the_relatives() -> None:
    text = (
        "Tove Lind said her cousin, a teacher in the town of Kestrel, had told her that "
        "inspectors removed all the textbooks from the library."
    )
    d = draft(text)
    inner = next(a for a in d.assertions if a.speaker.rule == "nested-speech")
    assert text[inner.start : inner.end].startswith("inspectors removed")
    assert label_of(d, inner.speaker.ref) == "unnamed her cousin"
    assert chain(inner) == [("intermediary", "person/tove-lind")]
    # A plain clause after "said" passes on no one's words.
    text = "Tove Lind said the port would reopen in May after the repairs."
    assert [a.speaker.rule for a in draft(text).assertions] == ["reported:name"]


def test_a_post_announced_with_a_colon_is_its_posters_with_the_platform_as_hop() -> None:
    text = (
        "Intro.\n\nOn Sunday the embassy attaché, Tove Lind, posted this on X:\n\n"
        '> "A small group of provocateurs tried to disrupt a peaceful evening."\n\n'
        "Nobody answered. She posted a photograph of the crowd."
    )
    d = draft(text)
    a = by_words(d, text, "A small group of provocateurs")
    assert a.speaker.ref == "person/tove-lind" and chain(a) == [("social-media", "X")]
    # The lead-in is no reported speech, and a posted photograph is no speech at all.
    assert [x.mode for x in d.assertions] == ["direct"]


POLICY_BRIEF = """CENTRE FOR HARBOUR POLICY · OSLO
Policy Brief No. 4/2026 · 3 March 2026

Ferries or bridges? The island routes after the budget cuts

Kari Holm

1. The cuts

The minister, Tomas Lind, said that the ferries "cost more than they carry".[1] The union
replied that the crews "have not been paid since March".[2]

2. Recommendations

We recommend that the county keeps the night ferry.

[1] Harbour Weekly, 2 February 2026.
[2] River News, 4 February 2026.
"""


def test_a_policy_brief_passes_on_others_words_through_its_author() -> None:
    # A paper that calls itself a policy brief cites like a research article: its author
    # first, then the outlet its note names.
    assert genre(POLICY_BRIEF) == "report"
    d = draft(POLICY_BRIEF)
    assert d.metadata.authors_as_written == ["Kari Holm"]
    minister = by_words(d, POLICY_BRIEF, "cost more than they carry")
    assert [h.role for h in minister.relay][:2] == ["citing-author", "outlet"]
    assert minister.relay[1].agent == "org/harbour-weekly"
    # A news story that mentions a policy brief in its text is still a news report.
    story = "Ferries\n\nThe minister said, in reply to a policy brief, that the ferries stay."
    assert genre(story) == "news-report"


def test_a_report_s_we_is_its_institution_not_its_author() -> None:
    d = draft(POLICY_BRIEF)
    [recommendation] = [a for a in d.assertions if "night ferry" in POLICY_BRIEF[a.start : a.end]]
    assert recommendation.speaker.ref == d.metadata.publisher
    assert d.metadata.authors and recommendation.speaker.ref != d.metadata.authors[0]


def test_a_role_that_passes_words_on_inside_another_s_words_is_the_person_it_introduced() -> None:
    # "the Ambassador had assured him": the person the role stands for is the inner speaker;
    # the Minister who tells it is the intermediary.
    text = (
        "Talks ended.\n\nMinister Tomas Vasca received the Ambassador of Norland, Lothar"
        " Brenning, on Tuesday. The Minister said that the Ambassador had assured him the"
        ' decision "was taken by the district council alone".\n'
    )
    d = _nested_draft(text)
    words = next(a for a in d.assertions if a.mode == "direct")
    assert d.label(words.speaker.ref) == "Lothar Brenning"
    assert [(h.role, d.label(h.agent)) for h in words.relay] == [("intermediary", "Tomas Vasca")]
    # A thing is no speaker: "said the delay showed that ..." passes on nobody's words.
    text = "Talks ended.\n\nThe alliance said the delay showed that the tunnel was a mistake.\n"
    assert [a.speaker.rule for a in _nested_draft(text).assertions if "nested" in a.mark.rule] == []


def test_an_analyst_s_paper_with_numbered_notes_cites_through_its_author() -> None:
    text = (
        "# Counting the islanders\n\n*Kari Holm · Analysis · Centre for Harbour Studies · 3 April"
        ' 2026*\n\nThe minister, Tomas Lind, said that the ferries "cost more than they carry".[^1]'
        "\n\n[^1]: Harbour Weekly, 2 February 2026.\n"
    )
    assert genre(text) == "report"
    d = draft(text)
    lind = by_words(d, text, "cost more than they carry")
    assert [h.role for h in lind.relay] == ["citing-author", "outlet"]
    # A newspaper's "Analysis" kicker with no notes is a news report.
    story = "# Ferries\n\n*Analysis · 3 April 2026*\n\nThe minister said the ferries would stay."
    assert genre(story) == "news-report"


def test_a_report_dated_in_its_own_head_is_a_report() -> None:
    text = (
        "HARBOUR RIGHTS OBSERVATORY\n\nSilence in the harbour\n\nReport of 30 October 2026"
        " (excerpt: Chapter III)\n\nThe ministry stated that the ferry would stop."
    )
    assert genre(text) == "report"
    assert genre("Harbour news\n\nThe report of the committee was read on 3 May.") != "report"


def test_according_to_someone_who_tells_what_another_said_makes_them_the_intermediary() -> None:
    text = (
        "Talks ended.\n\nHer colleague Tomas Lind was less careful. According to him, a diplomat"
        ' had told the committee in private that the case "would be solved quietly".\n'
    )
    d = _nested_draft(text)
    words = next(a for a in d.assertions if a.mode == "direct")
    assert d.label(words.speaker.ref) == "unnamed diplomat"
    assert [(h.role, d.label(h.agent)) for h in words.relay] == [("intermediary", "Tomas Lind")]
    # "According to X," with no one else speaking: X's own words, no hop.
    text = 'Talks ended.\n\nAccording to Tomas Lind, the port "will close in May and not reopen".\n'
    [words] = _nested_draft(text).assertions
    assert words.relay == []
