"""Who said a quote: each speaker rule on sentences written for the test, where it fires and
where it must not. The sentences are invented; the places and people in them are fictional."""

from __future__ import annotations

from pathlib import Path

from provkb.draft.extractor import RuleExtractor
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.model import Assertion, Draft
from provkb.draft.quotes import find_quotes
from provkb.draft.reading import Source
from provkb.draft.speech import speech_verbs

REGISTRY = [
    {"id": "person/anna-berg", "labels": {"en": "Anna Berg"}},
    {"id": "person/tomas-lind", "labels": {"en": "Tomas Lind"}},
    {"id": "place/valmora", "labels": {"en": "Valmora"}, "kind": "city"},
    {"id": "place/ostrava-bay", "labels": {"en": "Ostrava Bay"}, "kind": "region"},
    {"id": "org/norland", "labels": {"en": "Norland (state)"}, "kind": "state"},
    {"id": "org/harbour-union", "labels": {"en": "Harbour Union"}, "kind": "trade-union"},
    {
        "id": "collective/valmoran-fishers",
        "labels": {"en": "Valmoran fishing people"},
        "aliases": {"en": ["fishers of Valmora"]},
        "kind": "population",
    },
]


def draft(text: str) -> Draft:
    source = Source(Path("t.txt"), text, "text")
    return RuleExtractor().extract(source, Gazetteer.from_entities(REGISTRY))


def quote_of(d: Draft, text: str, words: str) -> Assertion:
    """The drafted direct assertion whose span holds ``words``."""
    at = text.index(words)
    found = [a for a in d.assertions if a.mode == "direct" and a.start <= at < a.end]
    assert found, f"no direct assertion over {words!r}"
    return min(found, key=lambda a: a.end - a.start)


def speaker_label(d: Draft, ref: str) -> str:
    """The label of a drafted entity, or the reference of a registry one."""
    return next((e.label for e in d.entities if e.ref == ref), ref)


# -- "X: “quote”" in headlines and footnotes -------------------------------------------------


def test_titled_name_and_colon_open_a_quoted_headline() -> None:
    text = (
        "Notes.\n\n<sup>4</sup> “Maj Gen Piet Sorensen: We will not move the border posts”, "
        "example.org.\n"
    )
    d = draft(text)
    a = quote_of(d, text, "We will not move")
    assert speaker_label(d, a.speaker.ref) == "Piet Sorensen"
    assert not a.speaker.guess
    # The assertion is the words after the colon, not the name that introduces them.
    assert text[a.start : a.end].startswith("We will not move")


def test_long_form_and_acronym_before_a_colon_is_an_organisation() -> None:
    # The long form opens with a known place; the place is not who speaks.
    text = (
        "Sources.\n\n<sup>2</sup> Valmora Liman Birliyi (VLB): "
        '"Limanı bağlasanız, biz də bağlayacağıq" 2021.\n'
    )
    d = draft(text)
    a = quote_of(d, text, "Limanı")
    assert a.speaker.ref.startswith("org/")
    assert speaker_label(d, a.speaker.ref) == "Valmora Liman Birliyi"


def test_a_word_and_a_colon_without_an_acronym_or_name_is_no_speaker() -> None:
    text = 'Anna Berg spoke first.\n\nIn Valmora: "the harbour stays closed until the storm ends"\n'
    d = draft(text)
    a = quote_of(d, text, "the harbour stays")
    assert a.speaker.ref != "place/valmora"


# -- the verb's subject is the head of its noun phrase ----------------------------------------


def test_names_in_an_including_list_are_not_the_subject() -> None:
    text = (
        "Thousands of farmers in several provinces, including big towns such as Velmar and "
        'Ostrava, as well as in the capital, chanted slogans such as "We will not pay this tax '
        'again".'
    )
    d = draft(text)
    a = quote_of(d, text, "We will not pay")
    assert speaker_label(d, a.speaker.ref) == "Thousands of farmers"
    assert a.speaker.ref.startswith("collective/")
    assert not any(e.label in ("Velmar", "Ostrava") for e in d.entities if e.ref == a.speaker.ref)


def test_a_peoples_name_after_a_count_is_a_collective_subject() -> None:
    text = (
        "Thousands of Norlanders in various regions, including major cities such as Velmar and "
        'Ostrava, chanted slogans such as "We will not pay this tax again".'
    )
    d = draft(text)
    a = quote_of(d, text, "We will not pay")
    assert speaker_label(d, a.speaker.ref) == "Thousands of Norlanders"
    assert a.speaker.ref.startswith("collective/")


def test_a_place_after_a_preposition_is_not_the_subject() -> None:
    text = 'Residents of Valmora and Ostrava Bay said: "We were never asked about the new road."'
    d = draft(text)
    a = quote_of(d, text, "We were never asked")
    assert a.speaker.ref not in ("place/valmora", "place/ostrava-bay")
    assert speaker_label(d, a.speaker.ref).startswith("Residents of Valmora")


def test_names_after_an_introductory_phrase_remain_the_subject() -> None:
    text = 'In Valmora, Anna Berg and Tomas Lind said: "We were never asked about the new road."'
    a = quote_of(draft(text), text, "We were never asked")
    assert a.speaker.ref == "person/tomas-lind"  # the nearest of the coordinated subjects
    text = 'Anna Berg, who grew up in Valmora and Ostrava Bay, said: "We were never asked."'
    a = quote_of(draft(text), text, "We were never asked")
    assert a.speaker.ref == "person/anna-berg"


# -- passive speech, slogans, lists of quotes -------------------------------------------------


def test_passive_slogans_belong_to_the_group_the_text_names() -> None:
    text = (
        "The farmers of the valley met on Sunday. In the square, "
        '"No tax without a vote!", "Bread for all of us!" and "The valley will not be sold!" '
        "slogans were chanted."
    )
    d = draft(text)
    for words in ("No tax", "Bread for", "The valley will"):
        a = quote_of(d, text, words)
        assert speaker_label(d, a.speaker.ref) == "farmers"
        assert a.speaker.guess and a.kind == "slogan"


def test_a_passive_with_by_names_its_agent() -> None:
    text = (
        "Shops in the market were closed. "
        '"We are the market and the market is us" was posted by the traders of Valmora.'
    )
    d = draft(text)
    a = quote_of(d, text, "We are the market")
    assert speaker_label(d, a.speaker.ref) == "traders of Valmora"
    assert not a.speaker.guess


def test_a_slogan_a_gathering_was_held_under_is_its_participants() -> None:
    text = (
        "Anna Berg spoke to reporters.\n\nOn Monday, the second big demonstration took place "
        'under the slogan "Open the port and let the ships in".'
    )
    d = draft(text)
    a = quote_of(d, text, "Open the port")
    assert speaker_label(d, a.speaker.ref) == "participants in the second big demonstration"
    assert a.speaker.guess


def test_no_passive_or_gathering_leaves_the_usual_fallback() -> None:
    text = 'Anna Berg spoke to reporters.\n\n"The port stays open until the spring," she said.'
    a = quote_of(draft(text), text, "The port stays")
    assert a.speaker.ref == "person/anna-berg"
    text = 'The report was written in May. "The port stays open until the spring" is its title.'
    d = draft(text)
    assert not any(e.label.startswith("participants") for e in d.entities)


def test_a_list_of_chanted_quotes_shares_one_speaker() -> None:
    text = (
        'Protesters marched, chanting "No tax without a vote!", "Bread for all of us!" and '
        '"The valley will not be sold!" all day.'
    )
    d = draft(text)
    refs = {quote_of(d, text, w).speaker.ref for w in ("No tax", "Bread for", "The valley")}
    assert refs == {"collective/protesters"}


def test_a_straight_quote_before_a_comma_does_not_open_a_quote() -> None:
    text = 'They wrote "Long live the valley", then ", "Let the river run free!" was heard.'
    d = draft(text)
    a = quote_of(d, text, "Let the river")
    assert text[a.start : a.end] == "Let the river run free!"


# -- pronouns agree with their antecedents ----------------------------------------------------


def test_they_is_a_group_not_a_state_or_a_place() -> None:
    text = 'Norland warned the farmers of Valmora on Monday. They said: "We will not pay the tax."'
    d = draft(text)
    a = quote_of(d, text, "We will not pay")
    assert speaker_label(d, a.speaker.ref) == "farmers of Valmora"
    assert a.speaker.guess


def test_they_may_be_an_organisation() -> None:
    text = 'The Harbour Union met Anna Berg in Valmora. They said: "We will strike next week."'
    a = quote_of(draft(text), text, "We will strike")
    assert a.speaker.ref == "org/harbour-union" and a.speaker.guess


def test_they_with_only_people_and_states_before_it_is_no_antecedent() -> None:
    text = 'Anna Berg visited Norland. They said: "We will strike next week."'
    a = quote_of(draft(text), text, "We will strike")
    assert a.speaker.ref not in ("person/anna-berg", "org/norland", "place/valmora")
    assert a.speaker.guess


def test_he_is_a_person_not_an_organisation() -> None:
    text = 'Anna Berg met the Harbour Union. He said: "We will strike next week."'
    a = quote_of(draft(text), text, "We will strike")
    assert a.speaker.ref != "org/harbour-union"


# -- a text with no owner speaks for its issuer -----------------------------------------------


def test_a_joint_statement_speaks_for_the_group_in_brackets_before_it() -> None:
    text = (
        "Even some clerics, the most cautious group (imams of Valmora and Ostrava Bay) were "
        'forced to take sides. A joint statement said: "There is no doubt that the port '
        'belongs to the city and must be reopened."'
    )
    d = draft(text)
    a = quote_of(d, text, "There is no doubt")
    assert speaker_label(d, a.speaker.ref) == "imams of Valmora and Ostrava Bay"
    assert a.speaker.guess


def test_the_statement_speaks_for_the_organisation_the_sentence_before_names() -> None:
    text = (
        "The Harbour Union met on Sunday. The statement said: "
        '"We will strike from Monday unless wages rise."'
    )
    a = quote_of(draft(text), text, "We will strike")
    assert a.speaker.ref == "org/harbour-union" and a.speaker.guess


def test_here_is_the_final_statement_of_a_gathering_is_its_participants() -> None:
    text = (
        "The rally was held in front of the town hall. By chance, the old market is also close "
        "to it. Norland has good relations with Valmora.\n\nHere is the final statement:\n\n"
        '"We demand that the port be reopened and that the fishermen get their boats back."'
    )
    d = draft(text)
    a = quote_of(d, text, "We demand")
    assert speaker_label(d, a.speaker.ref) == "participants in the rally"
    assert a.speaker.ref != "org/norland" and a.speaker.guess


def test_a_statement_that_names_its_owner_is_the_owners() -> None:
    text = (
        "Anna Berg met the press. A joint statement of the Harbour Union said: "
        '"We will strike from Monday unless wages rise."'
    )
    a = quote_of(draft(text), text, "We will strike")
    assert a.speaker.ref == "org/harbour-union" and not a.speaker.guess


# -- a quote inside a quote --------------------------------------------------------------------


def test_a_nested_quote_belongs_to_the_subject_of_its_clause() -> None:
    text = (
        'Anna Berg said: "Norland threatens Valmora with a trade war, declaring the bay its '
        "‘red line’ and closing the port. The farmers of the valley, after years of waiting, "
        'said ‘Never again!’ to the new tax."'
    )
    d = draft(text)
    red_line = quote_of(d, text, "red line")
    assert red_line.speaker.ref == "org/norland" and red_line.speaker.guess  # a participle's
    assert [(h.role, h.agent) for h in red_line.relay][-1] == ("intermediary", "person/anna-berg")
    never = quote_of(d, text, "Never again")
    assert speaker_label(d, never.speaker.ref) == "farmers of the valley"
    # The outer words stay Anna Berg's.
    assert quote_of(d, text, "Norland threatens").speaker.ref == "person/anna-berg"


def test_a_nested_quote_without_a_speech_verb_is_no_assertion_of_its_own() -> None:
    text = 'Anna Berg said: "The so-called ‘reform of the port’ will cost us all our jobs."'
    d = draft(text)
    assert [a.speaker.ref for a in d.assertions] == ["person/anna-berg"]


# -- a description as the speaker -------------------------------------------------------------


def test_a_first_description_of_a_person_proposes_an_unnamed_person() -> None:
    text = (
        "Tomas Lind spoke first.\n\nThe council met on Monday. Denying the reports, the imam "
        'called it "a story invented by people who want a conflict".'
    )
    d = draft(text)
    a = quote_of(d, text, "a story invented")
    assert speaker_label(d, a.speaker.ref) == "unnamed imam"
    assert a.speaker.ref.startswith("person/") and a.speaker.guess


def test_a_description_right_after_a_named_person_refers_back_to_them() -> None:
    text = (
        "According to Anna Berg, the port lost money for years. However, in an interview "
        'the activist said that "the harbour can be saved if the town buys it".'
    )
    a = quote_of(draft(text), text, "the harbour can be saved")
    assert a.speaker.ref == "person/anna-berg" and a.speaker.guess


def test_a_description_written_before_refers_back_to_the_person() -> None:
    text = (
        "Anna Berg, a local activist, spoke to us.\n"
        'The activist, who lives in Valmora, said: "The port has been closed for too long."'
    )
    a = quote_of(draft(text), text, "The port has been")
    assert a.speaker.ref == "person/anna-berg" and a.speaker.guess


def test_called_without_a_quote_is_no_speech() -> None:
    assert draft("They called him at noon and left a message about the harbour.").assertions == []


# -- a headline under a link to where it was published ----------------------------------------


def test_a_headline_after_a_link_to_a_published_piece_is_the_outlets() -> None:
    text = (
        "Anna Berg spoke about the harbour.\n"
        "Link to the original interview in Norlandic on the Valmoran section of River Radio:\n"
        "“Liman heç vaxt bağlanmayacaq, dedi Anna”\n"
    )
    d = draft(text)
    a = quote_of(d, text, "Liman heç")
    assert speaker_label(d, a.speaker.ref) == "Valmoran section of River Radio"
    assert a.speaker.ref.startswith("org/") and a.speaker.guess


def test_a_place_after_a_piece_noun_is_not_a_publisher() -> None:
    text = (
        "Anna Berg spoke about the harbour.\n\nThe interview was held in Valmora:\n"
        '"We will not close the port this winter or next"\n'
    )
    a = quote_of(draft(text), text, "We will not close")
    assert a.speaker.ref != "place/valmora"


def test_a_title_after_here_is_is_not_speech() -> None:
    text = (
        "Here is «The main demands of the dock workers of Valmora», which opens with a call:\n\n"
        "« We demand that the port be reopened before the winter comes. »"
    )
    d = draft(text)
    assert not any(text[a.start : a.end].startswith("The main demands") for a in d.assertions)


# -- an editor's note inside quoted words -----------------------------------------------------


def test_an_editors_note_signed_with_initials_is_the_signatorys() -> None:
    text = (
        'Anna Berg said: "The fishermen of the north, among the Saami ( Sami people. — K. L.), '
        'have lost their boats to the storm."'
    )
    d = draft(text)
    note = quote_of(d, text, "Sami people")
    assert text[note.start : note.end] == "( Sami people. — K. L.)"
    assert speaker_label(d, note.speaker.ref) == "K. L."
    assert note.speaker.ref.startswith("person/")
    # The quoted words around it stay Anna Berg's, and do not hold the note.
    around = [a for a in d.assertions if a.speaker.ref == "person/anna-berg"]
    assert len(around) == 2
    assert all("K. L." not in text[a.start : a.end] for a in around)


def test_brackets_without_a_signature_stay_in_the_quote() -> None:
    text = 'Anna Berg said: "The fishermen (about forty of them) have lost their boats."'
    d = draft(text)
    assert [text[a.start : a.end] for a in d.assertions] == [
        "The fishermen (about forty of them) have lost their boats."
    ]


# -- which fallback comes first ---------------------------------------------------------------


def test_a_group_that_opens_the_quotes_sentence_comes_before_the_paragraph_before() -> None:
    text = (
        'Anna Berg said: "The port must stay open for the whole winter."\n\n'
        'Hundreds of people from the whole valley joined the call "Keep the port open for us".'
    )
    d = draft(text)
    a = quote_of(d, text, "Keep the port")
    assert speaker_label(d, a.speaker.ref) == "Hundreds of people" and a.speaker.guess


def test_a_footnotes_speaker_does_not_carry_into_the_body() -> None:
    text = (
        "The harbour was closed.\n\n"
        '<sup>3</sup> Harbour Union: "Open the harbour or we close the roads", 2021.\n\n'
        'The shops were closed for three days. "The valley stands with the harbour today" '
        "was heard everywhere.\n"
    )
    d = draft(text)
    note = quote_of(d, text, "Open the harbour")
    assert note.speaker.ref == "org/harbour-union"
    body = quote_of(d, text, "The valley stands")
    assert body.speaker.ref != "org/harbour-union" and body.speaker.guess


# -- participles, appositions, indefinite descriptions ----------------------------------------


def test_a_participle_after_a_comma_takes_its_main_clauses_subject() -> None:
    text = (
        "Thousands of dock workers in the region, including the harbours of Ostrava Bay and "
        'Lund, walked off the job, chanting "No contract, no cargo, no more waiting".'
    )
    d = draft(text)
    a = quote_of(d, text, "No contract")
    assert speaker_label(d, a.speaker.ref) == "Thousands of dock workers" and a.speaker.guess


def test_a_participle_skips_a_subordinate_clauses_subject() -> None:
    text = (
        "Although twenty teachers were detained on Monday, on Tuesday dozens of students "
        'marched again, chanting "Free our teachers, free our town".'
    )
    d = draft(text)
    a = quote_of(d, text, "Free our teachers")
    assert speaker_label(d, a.speaker.ref) == "dozens of students"


def test_a_name_in_an_apposition_after_a_role_is_the_subject() -> None:
    text = (
        "The port authority rejected the claim. "
        '"The union has received three offers since January," its spokeswoman, Maria Alvik, '
        "said on Tuesday."
    )
    d = draft(text)
    a = quote_of(d, text, "The union has received")
    assert speaker_label(d, a.speaker.ref) == "Maria Alvik" and not a.speaker.guess


def test_the_sentence_before_a_quote_does_not_frame_it() -> None:
    text = 'Anna Berg rejected the plan. "It will cost us the harbour," said Tomas Lind.'
    a = quote_of(draft(text), text, "It will cost")
    assert a.speaker.ref == "person/tomas-lind"


def test_an_indefinite_description_after_the_verb_is_an_unnamed_person() -> None:
    text = 'The port was closed. "Without the port, this town dies," said one shop owner.'
    d = draft(text)
    a = quote_of(d, text, "Without the port")
    assert speaker_label(d, a.speaker.ref) == "unnamed shop owner" and a.speaker.guess
    text = 'The port was closed. "Without the port, this town dies," said a long silence.'
    d = draft(text)
    assert not any(e.label.startswith("unnamed") for e in d.entities)


def test_a_plural_of_a_title_is_a_group_that_issues_statements() -> None:
    text = (
        "In a joint statement, the mayors of the three towns called on both sides to talk. "
        'The statement said: "Every day of this strike costs our towns jobs."'
    )
    d = draft(text)
    a = quote_of(d, text, "Every day")
    assert speaker_label(d, a.speaker.ref) == "mayors" and a.speaker.guess


def test_a_capitalised_plural_that_only_opens_the_sentence_is_no_group() -> None:
    text = (
        "Anna Berg left early.\n\n"
        'Slogans such as "The port belongs to those who work it" were painted on the gates.'
    )
    d = draft(text)
    a = quote_of(d, text, "The port belongs")
    assert speaker_label(d, a.speaker.ref) != "Slogans"
    assert a.speaker.ref != "person/anna-berg" and a.speaker.guess  # the passive hides who


def test_an_indefinite_subject_before_the_verb_is_an_unnamed_person() -> None:
    text = (
        'The ministry defended the limits. "Every region must share the burden," a ministry '
        "spokesman said. He declined to say more about the farmers' demands."
    )
    d = draft(text)
    a = quote_of(d, text, "Every region")
    assert speaker_label(d, a.speaker.ref) == "unnamed ministry spokesman" and a.speaker.guess
    # "He" in the next sentence is that spokesman.
    he = next(x for x in d.assertions if text[x.start : x.end].startswith("He declined"))
    assert he.speaker.ref == a.speaker.ref


def test_an_indefinite_adjective_is_no_subject() -> None:
    text = 'Also, Anna Berg made a stern remark at the harbour: "The ferry will not sail today."'
    a = quote_of(draft(text), text, "The ferry")
    assert a.speaker.ref == "person/anna-berg"


def test_an_organisation_named_by_its_kind_is_proposed_as_an_organisation() -> None:
    text = (
        "The farmers' association, which organised the protest, said in a statement that the "
        'quotas were "drawn up in an office by people who have never seen a field".'
    )
    d = draft(text)
    a = quote_of(d, text, "drawn up")
    assert a.speaker.ref.startswith("org/")
    assert speaker_label(d, a.speaker.ref) == "farmers' association" and a.speaker.guess


def test_a_datelines_city_is_not_the_subject() -> None:
    text = (
        "VALMORA, May 12 (River News) - Hundreds of farmers blocked the roads on Thursday, "
        "demanding that the government lift the new limits on irrigation."
    )
    d = draft(text)
    [a] = [x for x in d.assertions if x.mode == "reported"]
    assert speaker_label(d, a.speaker.ref) == "Hundreds of farmers"


def test_a_quantifier_subject_is_part_of_the_group_before_it() -> None:
    text = (
        "Local shop owners were divided. Some said the works would drive customers away "
        "from the old town."
    )
    d = draft(text)
    [a] = [x for x in d.assertions if x.mode == "reported"]
    assert speaker_label(d, a.speaker.ref).endswith("shop owners") and a.speaker.guess
    assert not any(e.label == "Some" for e in d.entities)


def test_its_press_office_speaks_for_the_organisation_before_it() -> None:
    text = (
        "The Harbour Union supports the bridge. The regional government must still approve "
        'the funding. Its press office said on Wednesday: "The request will be examined."'
    )
    d = draft(text)
    a = quote_of(d, text, "The request")
    assert speaker_label(d, a.speaker.ref) == "regional government" and a.speaker.guess
    text = 'Norland closed the border. Its foreign ministry said: "The border stays closed."'
    a = quote_of(draft(text), text, "The border stays")
    assert a.speaker.ref == "org/norland" and a.speaker.guess


# -- inversion, short quotes, self-named speakers, inscriptions -------------------------------


def test_the_name_after_told_is_whom_it_was_said_to() -> None:
    text = (
        "Finance Minister Lars Berg defended the sale in parliament. "
        '"We need every krone," he told Tomas Lind.'
    )
    a = quote_of(draft(text), text, "We need every")
    assert a.speaker.ref != "person/tomas-lind"
    text = '"We need every krone," said Tomas Lind.'
    assert quote_of(draft(text), text, "We need every").speaker.ref == "person/tomas-lind"


def test_a_short_quote_closed_by_its_punctuation_before_a_verb_is_speech() -> None:
    text = '"Nobody asked us," said Anna Berg, who has fished the river for fifty years.'
    a = quote_of(draft(text), text, "Nobody asked us")
    assert a.speaker.ref == "person/anna-berg" and not a.speaker.guess
    assert draft('The "fair deal" was signed in the capital on Monday.').assertions == []


def test_quoted_words_that_name_their_speaker_are_that_speakers() -> None:
    text = (
        "More than 5,000 people signed the petition.\n\n"
        '"We, the citizens of Valmora, ask the government to withdraw the plan."'
    )
    d = draft(text)
    a = quote_of(d, text, "We, the citizens")
    assert speaker_label(d, a.speaker.ref) == "citizens of Valmora" and not a.speaker.guess


def test_a_capitalised_group_noun_opening_a_sentence_is_a_group() -> None:
    d = draft("Critics say the process was rushed through the council in a single week.")
    [a] = d.assertions
    assert a.speaker.ref.startswith("collective/")


def test_words_on_a_banner_belong_to_the_group_carrying_it() -> None:
    text = (
        'Teachers and fishermen joined a march on Saturday. "We are all Valmora," read one banner.'
    )
    d = draft(text)
    a = quote_of(d, text, "We are all")
    assert "fishermen" in speaker_label(d, a.speaker.ref) and a.speaker.guess
    text = 'Anna Berg spoke first.\n\nBanners reading "No water, no bread for anyone" hung there.'
    a = quote_of(draft(text), text, "No water")
    assert a.speaker.ref != "person/anna-berg" and a.speaker.guess


def test_his_colleague_is_someone_else() -> None:
    text = (
        '"I have two children and I work nights," said Per Moen, a crane operator. '
        'His colleague added: "We are not asking for much."'
    )
    d = draft(text)
    a = quote_of(d, text, "We are not asking")
    assert speaker_label(d, a.speaker.ref) == "unnamed colleague" and a.speaker.guess


def test_an_owner_named_inside_a_quoted_title_is_a_guess() -> None:
    text = (
        "Here is «The main demands of the Harbour Union», which opens with a call:\n\n"
        "« We demand that the port be reopened before the winter comes. »"
    )
    a = quote_of(draft(text), text, "We demand")
    assert a.speaker.ref == "org/harbour-union" and a.speaker.guess
    text = 'Here is the statement of the Harbour Union:\n\n"We demand that the port be reopened."'
    a = quote_of(draft(text), text, "We demand")
    assert a.speaker.ref == "org/harbour-union" and not a.speaker.guess


# -- a population does not speak with one voice (kb/README.md) ------------------------------


def test_words_a_title_gives_in_a_populations_name_are_its_unnamed_issuers() -> None:
    text = (
        "Here is «The main demands of the fishers of Valmora», which opens with a call:\n\n"
        "« We demand that the port be reopened before the winter comes. »\n\n"
        "« We condemn the closure of the fish market. »"
    )
    d = draft(text)
    first, second = quote_of(d, text, "We demand"), quote_of(d, text, "We condemn")
    assert speaker_label(d, first.speaker.ref) == (
        "unnamed issuer of «The main demands of the fishers of Valmora»"
    )
    assert first.speaker.guess and first.on_behalf_of == "collective/valmoran-fishers"
    issuer = next(e for e in d.entities if e.ref == first.speaker.ref)
    assert issuer.ref.startswith("collective/") and issuer.kind_value == "group"
    # The quote after it carries the same issuer, on the same population's behalf.
    assert second.speaker.ref == first.speaker.ref
    assert second.on_behalf_of == "collective/valmoran-fishers"


def test_a_statement_of_a_population_without_a_title_names_the_population_it_speaks_for() -> None:
    text = 'Here is the statement of the fishers of Valmora:\n\n"We demand that the port reopen."'
    a = quote_of(draft(text), text, "We demand")
    assert a.on_behalf_of == "collective/valmoran-fishers"
    assert a.speaker.ref.startswith("collective/unnamed-issuer-speaking-for")


def test_an_organisation_or_a_population_the_text_makes_speak_keeps_the_words() -> None:
    text = (
        "Here is «The main demands of the Harbour Union», which opens with a call:\n\n"
        "« We demand that the port be reopened. »"
    )
    a = quote_of(draft(text), text, "We demand")
    assert a.speaker.ref == "org/harbour-union" and a.on_behalf_of is None
    # A people the sentence itself makes the subject of the speech verb is the text's claim:
    # kept, for a curator to justify or change.
    text = "The fishers of Valmora said: « We will not leave the harbour to the ministry. »"
    a = quote_of(draft(text), text, "We will not")
    assert a.speaker.ref == "collective/valmoran-fishers" and a.on_behalf_of is None


def test_a_speech_verb_form_before_of_is_a_noun() -> None:
    assert speech_verbs("The main demands of the union were read out.") == []
    assert speech_verbs("Reports of fighting reached the town.") == []
    assert [k for *_, k in speech_verbs("She warned of a long winter.")] == ["warning"]


def test_quotes_following_one_another_in_a_paragraph_are_one_speakers() -> None:
    text = (
        "The operator announced the cuts on Monday.\n\n"
        '"We have no choice," chief executive Karin Sand told reporters. "Either we cut the '
        'service or we close it."'
    )
    d = draft(text)
    a = quote_of(d, text, "Either we cut")
    assert speaker_label(d, a.speaker.ref) == "Karin Sand" and a.speaker.guess


def test_any_speech_verb_right_after_a_quote_introduces_it() -> None:
    text = '"How are our children supposed to get to school?" asked Sofie Berg, a mother.'
    a = quote_of(draft(text), text, "How are our")
    assert a.speaker.ref == "person/sofie-berg" and not a.speaker.guess


def test_which_after_a_name_makes_it_an_organisation() -> None:
    d = draft("Nordferry, which runs the route, blamed rising fuel costs for the cuts.")
    assert [a.speaker.ref for a in d.assertions] == ["org/nordferry"]
    d = draft("Karin Sand, who runs the route, blamed rising fuel costs for the cuts.")
    assert [a.speaker.ref for a in d.assertions] == ["person/karin-sand"]


def test_a_compound_in_man_is_a_person_noun() -> None:
    text = 'Anna Berg left early. "Fuel has doubled in price," said one fisherman.'
    d = draft(text)
    a = quote_of(d, text, "Fuel has doubled")
    assert speaker_label(d, a.speaker.ref) == "unnamed fisherman"


def test_a_texts_issuer_in_an_apposition_speaks() -> None:
    text = (
        "The resolution, read on behalf of all dock workers on 6 April 2021, condemned the "
        "closure of the port and demanded that the council reopen it."
    )
    d = draft(text)
    [a] = [x for x in d.assertions if x.mode == "reported"]
    assert speaker_label(d, a.speaker.ref) == "all dock workers" and not a.speaker.guess
    text = (
        "The harbour was closed.\n\nThe statement, issued by the Harbour Union, said: "
        '"We will strike until the harbour reopens."'
    )
    a = quote_of(draft(text), text, "We will strike")
    assert a.speaker.ref == "org/harbour-union"


def test_a_counted_group_keeps_its_count_and_whole_noun() -> None:
    text = (
        "A few days later, a number of media outlets and local experts acknowledged that the "
        "port had been sold."
    )
    d = draft(text)
    [a] = d.assertions
    assert "number of media outlets" in speaker_label(d, a.speaker.ref)
    assert a.speaker.ref.startswith("collective/")


def test_a_preposition_does_not_join_a_groups_modifiers() -> None:
    text = "The council condemned the actions of Norlanders against the fishermen of the bay."
    d = draft(text)
    assert not any(e.label.startswith("actions of") for e in d.entities)


def test_they_takes_the_whole_group_noun_phrase() -> None:
    text = (
        'Environmental groups welcomed the quotas. They said: "The river is dying, and the '
        'farms will die with it."'
    )
    d = draft(text)
    a = quote_of(d, text, "The river is dying")
    assert speaker_label(d, a.speaker.ref) == "Environmental groups"


def test_a_quoted_name_with_an_ordinal_is_not_speech() -> None:
    text = 'Norland sent troops and equipment of the "25th Mountain Army of Valmora" to the bay.'
    assert [a for a in draft(text).assertions if a.mode == "direct"] == []


def test_a_role_a_name_owns_is_an_unnamed_person_or_an_organisation() -> None:
    text = (
        "The port closed on Monday.\n\n"
        '"We will not accept this offer," the Harbour Union’s spokesman said.'
    )
    d = draft(text)
    a = quote_of(d, text, "We will not accept")
    assert a.speaker.ref.startswith("person/")
    assert speaker_label(d, a.speaker.ref) == "unnamed spokesman (Harbour Union)"
    text = 'Norland’s foreign ministry said: "The border will stay closed this winter."'
    d = draft(text)
    a = quote_of(d, text, "The border")
    assert speaker_label(d, a.speaker.ref) == "foreign ministry of Norland"
    assert a.speaker.ref.startswith("org/")


def test_a_possessed_thing_is_no_role() -> None:
    d = draft("Anna Berg's plan said that the port would close before the winter.")
    assert not any(e.label.startswith(("unnamed plan", "plan of")) for e in d.entities)


def test_the_statement_added_is_the_issuer_who_spoke_just_before() -> None:
    text = (
        "The Harbour Union said in a statement that the strike would go on. "
        "« The work of the port stops until we have a deal », the statement added."
    )
    a = quote_of(draft(text), text, "The work of the port")
    assert a.speaker.ref == "org/harbour-union" and a.speaker.guess


def test_an_indefinite_speaker_followed_by_where_they_stood() -> None:
    text = "Anna Berg left.\n\n„She listened to us,“ said one pensioner outside the town hall."
    d = draft(text)
    a = quote_of(d, text, "She listened")
    assert speaker_label(d, a.speaker.ref) == "unnamed pensioner"


# -- a quoted document that opens with its title ----------------------------------------------

_APPEAL = (
    "Valmora, 3 May. The Harbour Union ended its congress on Sunday. The full text of its "
    "appeal, as handed to the press, follows.\n\n"
    "« JOINT APPEAL OF THE HARBOUR UNION\n\n"
    "We, the dockers of Valmora, have worked without a contract for two years.\n\n"
    "We condemn the dismissal of our delegates.\n\n"
    "We demand:\n\n"
    "1. a contract signed before the summer;\n"
    "2. the return of our delegates to work.\n\n"
    "We call on the city council to open talks with us. »\n\n"
    "The next congress will be held in Ostrava Bay."
)


def test_a_guillemet_opening_a_paragraph_runs_to_its_closing_paragraphs_later() -> None:
    quotes = [q for q in find_quotes(_APPEAL) if _APPEAL[q.open_at] == "«"]
    assert len(quotes) == 1 and quotes[0].closed
    assert _APPEAL[quotes[0].start : quotes[0].end].endswith("to open talks with us.")


def test_a_stray_guillemet_or_straight_quote_does_not_swallow_the_paragraphs_after_it() -> None:
    paragraphs = "\n\n".join(f"Paragraph {n} goes on." for n in range(8))
    for mark in ("« ", '"'):
        text = f'{mark}An opening with no end.\n\n{paragraphs}\n\nA close » here and " there.'
        stray = next(q for q in find_quotes(text) if q.open_at == 0)
        assert not stray.closed and text[stray.start : stray.end] == "An opening with no end."


def test_the_issuer_a_quoted_documents_title_names_speaks_every_paragraph() -> None:
    d = draft(_APPEAL)
    inside = [a for a in d.assertions if a.mode == "direct"]
    assert [_APPEAL[a.start : a.end][:12] for a in inside][:3] == [
        "We, the dock",
        "We condemn t",
        "We demand:",
    ]
    assert all(a.speaker.ref == "org/harbour-union" for a in inside)
    assert all(a.speaker.rule == "titled-quote" and not a.speaker.guess for a in inside)
    # The title is the document's name, not words anyone asserts.
    assert not any(_APPEAL[a.start : a.end].startswith("JOINT APPEAL") for a in d.assertions)


def test_a_gathering_in_the_title_gives_the_words_to_the_body_that_held_it() -> None:
    text = _APPEAL.replace("JOINT APPEAL OF THE HARBOUR UNION", "RESOLUTION OF THE THIRD "
                           "CONFERENCE OF THE VALMORA GREENS").replace(
        "The Harbour Union ended", "The Valmora Greens ended")  # fmt: skip
    d = draft(text)
    first = quote_of(d, text, "We condemn")
    assert speaker_label(d, first.speaker.ref) == "Valmora Greens" and first.speaker.guess


def test_a_first_line_that_is_no_title_leaves_the_quote_to_the_other_rules() -> None:
    text = _APPEAL.replace("JOINT APPEAL OF THE HARBOUR UNION", "We speak for the docks today.")
    d = draft(text)
    assert quote_of(d, text, "We speak for").speaker.rule != "titled-quote"


# -- block quotations without marks -----------------------------------------------------------


def test_a_markdown_block_quotation_is_quoted_words_of_whoever_the_lead_in_names() -> None:
    text = (
        "## The channels\n\nThe harbour channel **Kestrel Watch** was blunt:\n\n"
        "> The quay was inspected in May and passed.\n> Someone wants a crisis.\n\n"
        "Nobody else wrote about it."
    )
    quotes = [q for q in find_quotes(text) if text[q.open_at] == ">"]
    assert len(quotes) == 1 and text[quotes[0].start : quotes[0].end].endswith("a crisis.")
    d = draft(text)
    assert speaker_label(d, quote_of(d, text, "The quay was inspected").speaker.ref) == (
        "Kestrel Watch"
    )
    # Each line's own "> " is not part of the words.
    assert text[quote_of(d, text, "Someone wants").start] == "S"


def test_a_block_quotation_with_its_own_marks_or_a_mid_line_sign_is_not_quoted_twice() -> None:
    text = 'Anna Berg wrote:\n\n> "We will stay in the port."\n\nPrices rose > 5% in May.'
    quotes = find_quotes(text)
    assert len(quotes) == 1 and text[quotes[0].start : quotes[0].end] == "We will stay in the port."


# -- a form of address is not the subject -------------------------------------------------------


def test_the_one_a_question_addresses_is_not_who_says_it() -> None:
    for text in (
        "S.K.: Mr Lind, the Harbour Union says that you were paid by the port.",
        "Minister, the Harbour Union says that the port will close on Monday.",
    ):
        d = draft(text)
        assert [a.speaker.ref for a in d.assertions] == ["org/harbour-union"]
    # With nobody else to say them, the words are not given to the one addressed.
    text = "Q: Mr Lind, the prosecutor's office says you were paid by the port. Is it true?"
    d = draft(text)
    assert all(speaker_label(d, a.speaker.ref) != "Lind" for a in d.assertions)


def test_a_name_with_an_apposition_closed_by_a_comma_is_still_the_subject() -> None:
    text = "Tomas Lind, the mayor of Valmora, says that the port will close on Monday."
    assert [a.speaker.ref for a in draft(text).assertions] == ["person/tomas-lind"]


# -- a relative named by a possessive ----------------------------------------------------------


def test_a_pronoun_after_my_sister_is_the_sister_not_the_nearest_name() -> None:
    text = (
        "A: Tomas Lind is my lawyer. Last week my sister called me from Valmora. She told me "
        "that the police had come to the school."
    )
    d = draft(text)
    a = next(a for a in d.assertions if a.mode == "reported")
    assert speaker_label(d, a.speaker.ref) == "unnamed my sister" and a.speaker.guess


def test_a_relative_of_the_other_gender_or_a_name_after_it_is_no_antecedent() -> None:
    for text in (
        "Anna Berg wrote to us. My brother called. She said that the port was closed.",
        "My sister called. Anna Berg answered. She said that the port was closed.",
    ):
        d = draft(text)
        a = next(a for a in d.assertions if a.mode == "reported")
        assert a.speaker.ref == "person/anna-berg"


# -- a person the paragraph before introduces ---------------------------------------------------


def test_a_quote_paragraph_after_one_that_introduces_someone_new_is_theirs() -> None:
    text = (
        'Tomas Lind said the port would reopen. "We expect the ships back in May," he said.\n\n'
        "The sharpest words came from Deputy Anna Berg of the Harbour Party. She read from "
        "letters sent by fishermen.\n\n"
        '"Forty boats have lost their moorings. Nobody has paid them a single euro."'
    )
    d = draft(text)
    a = quote_of(d, text, "Forty boats")
    assert a.speaker.ref == "person/anna-berg"
    assert a.speaker.rule == "introduced-in-paragraph-before" and a.speaker.guess


def test_a_paragraph_before_that_reports_or_quotes_someone_is_no_introduction() -> None:
    text = (
        "The harbour meeting opened at noon.\n\n"
        '"We expect the ships back in May," said Tomas Lind, as Anna Berg listened.\n\n'
        '"We will not wait for the ministry. The boats will sail in April."'
    )
    a = quote_of(draft(text), text, "We will not wait")
    assert a.speaker.ref == "person/tomas-lind" and a.speaker.rule != (
        "introduced-in-paragraph-before"
    )


# -- a text an organisation owns ----------------------------------------------------------------


def test_its_release_or_its_dated_editorial_is_the_organisation_the_sentence_before_names() -> None:
    text = (
        "Intro.\n\nThe largest daily, Harbour Weekly, took a sober line. Its editorial of 21 March "
        "called the result «a warning, not a verdict».\n\nThe Harbour Union has been careful. Its "
        'release states that the closure "reflects the state of the quay" and nothing more.'
    )
    d = draft(text)
    assert speaker_label(d, quote_of(d, text, "a warning").speaker.ref) == "Harbour Weekly"
    assert quote_of(d, text, "reflects the state").speaker.ref == "org/harbour-union"


# -- a long apposition between a name after a quote and its verb ------------------------------


def test_a_name_after_a_quote_closed_off_by_a_long_apposition_speaks() -> None:
    text = (
        "Intro.\n\nAnalysts said the harbour had recovered since the winter. “Three years ago "
        "this quay was a political idea,” Tomas Lind, an energy analyst at the consultancy "
        "Kestrel Risk in Valmora, told the Harbour Weekly. “Now the numbers work.”"
    )
    d = draft(text)
    assert quote_of(d, text, "Three years ago").speaker.ref == "person/tomas-lind"
    assert quote_of(d, text, "Now the numbers").speaker.ref == "person/tomas-lind"
    # The attribution itself is no reported speech of its own.
    assert not any(text[a.start : a.end].startswith("told") for a in d.assertions)


def test_the_statement_added_after_a_quoted_statement_is_its_issuers() -> None:
    text = (
        "Intro.\n\nAnna Berg lived in Valmora for years. On 27 February the Ministry of Ports "
        'said in a statement: "Valmora has received firm assurances. We have no reason to doubt '
        'them." The statement added that the ministry would follow her case closely.'
    )
    d = draft(text)
    # "the ministry" written in lower case later does not cut "Ministry" from the name.
    assert quote_of(d, text, "Valmora has received").speaker.ref == "org/ministry-of-ports"
    added = next(a for a in d.assertions if text[a.start : a.end].startswith("The statement"))
    assert added.speaker.ref == "org/ministry-of-ports"


def test_a_relative_whose_apposition_names_him_is_that_name() -> None:
    text = (
        "Her brother, Kestrel Voss, who lives in Valmora, spoke to her on Monday. He told us "
        "that she sounded exhausted but calm."
    )
    d = draft(text)
    a = next(a for a in d.assertions if a.mode == "reported")
    assert speaker_label(d, a.speaker.ref) == "Kestrel Voss"


def test_a_dateline_city_without_a_date_is_not_the_subject() -> None:
    text = (
        "Harbour Courier\n\nVALMORA — The spokeswoman of the Harbour Union, Anna Berg, on "
        "Thursday rejected the offer, and said that the talks would resume in May."
    )
    d = draft(text)
    assert [a.speaker.ref for a in d.assertions if a.mode == "reported"] == ["person/anna-berg"]


def test_the_spokeswoman_is_whom_an_apposition_introduced_as_spokeswoman() -> None:
    text = (
        "The spokeswoman of the Harbour Union, Anna Berg, rejected the offer on Thursday.\n\n"
        "A reporter, Tomas Lind, said that the dockers had not been paid since May. Asked to "
        'comment, the spokeswoman said she would not discuss pay, but insisted that "every '
        'docker will be paid before the summer".'
    )
    d = draft(text)
    assert quote_of(d, text, "every docker will be paid").speaker.ref == "person/anna-berg"


def test_a_pronoun_after_a_sentence_whose_subject_has_an_apposition_is_that_subject() -> None:
    text = (
        "Intro.\n\nAnna Berg, whose father, the poet Tomas Lind, has been held since January, "
        "joined the rally by video link. She added that the guards had taken his glasses away."
    )
    d = draft(text)
    a = next(a for a in d.assertions if a.mode == "reported")
    assert a.speaker.ref == "person/anna-berg"


def test_we_in_a_text_with_no_named_author_is_its_own_voice_not_the_nearest_name() -> None:
    text = (
        "Harbour notes\n\nTomas Lind met the dockers on Monday. We believe that the port "
        "should reopen."
    )
    d = draft(text)
    a = next(a for a in d.assertions if a.mode == "reported")
    assert a.speaker.ref != "person/tomas-lind" and a.speaker.rule.endswith("document-voice")


def test_an_office_a_title_owns_is_named_as_the_text_writes_it() -> None:
    text = "Intro.\n\nThe Prime Minister's office said that the amendments would be considered."
    d = draft(text)
    a = next(a for a in d.assertions if a.mode == "reported")
    assert speaker_label(d, a.speaker.ref) == "Prime Minister's office"
    assert a.speaker.ref.startswith("org/")


def test_a_law_or_a_treaty_named_before_a_pronoun_is_no_antecedent() -> None:
    text = (
        "Intro.\n\nState Secretary Anna Berg, who received the ambassador, conveyed the "
        "Government's position that the closure violates the 2019 Agreement on Harbour "
        "Crossings. She asked that the crossing be reopened without delay."
    )
    d = draft(text)
    reported = [a for a in d.assertions if a.mode == "reported"]
    assert [a.speaker.ref for a in reported] == ["person/anna-berg", "person/anna-berg"]
    assert not any("Agreement" in e.label for e in d.entities if e.ref.startswith("person/"))


# -- someone the text introduces without a name ---------------------------------------------


def test_a_pronoun_after_someone_introduced_by_an_indefinite_description_is_that_someone() -> None:
    text = (
        "Intro.\n\nThe ministry kept silent; when I asked a Norland diplomat about it, he told "
        'me that the unit "is not under the ministry\'s command".\n\nA younger activist I met in '
        'Valmora put it more bluntly. "They do not ban the language," she said.'
    )
    d = draft(text)
    assert speaker_label(d, quote_of(d, text, "is not under").speaker.ref) == (
        "unnamed Norland diplomat"
    )
    assert speaker_label(d, quote_of(d, text, "They do not ban").speaker.ref) == (
        "unnamed younger activist"
    )


def test_an_apposition_of_a_name_or_a_person_named_after_is_no_unnamed_antecedent() -> None:
    text = (
        "Intro.\n\nTomas Lind, a geophysicist at the university, said the methods were sound. "
        '"It is a careful piece of work," he said.\n\nA reporter asked Anna Berg about the port. '
        "She said that it would reopen in May."
    )
    d = draft(text)
    assert quote_of(d, text, "It is a careful").speaker.ref == "person/tomas-lind"
    reopen = next(a for a in d.assertions if "reopen" in text[a.start : a.end])
    assert reopen.speaker.ref == "person/anna-berg"


def test_a_peoples_name_that_modifies_a_noun_in_a_headline_is_no_speaker() -> None:
    text = (
        "Harbour Courier – English edition\n\n"
        "Kelsari diaspora rallies in Kestrel: „We are not guests in our own history“\n\n"
        'Tomas Lind spoke first. "We will come back every month," he said.'
    )
    d = draft(text)
    assert not any(e.label == "Kelsari" and e.ref.startswith("person/") for e in d.entities)
    assert quote_of(d, text, "We will come back").speaker.ref == "person/tomas-lind"


def test_a_group_after_a_preposition_in_an_opening_phrase_speaks_not() -> None:
    text = (
        "Intro.\n\nHis counterpart, Tomas Lind, was more combative. Speaking to reporters in "
        'Valmora, he said that the forces had "not fired a single shot" and that any incident '
        'would be "a provocation by the other side".'
    )
    d = draft(text)
    assert quote_of(d, text, "a provocation by").speaker.ref == "person/tomas-lind"
    assert not any("speaking" in e.label.lower() for e in d.entities)


# -- a Markdown list of who said what ---------------------------------------------------------


def test_bulleted_claims_keep_their_subjects_and_routes() -> None:
    text = (
        "Intro.\n\n- The harbour ministry has long claimed that the map places the quay on its "
        "side.\n- Two dockers were hurt and five arrested, according to Anna Berg.\n"
        "- Tomas Lind, head of the port administration, wrote on Telegram that a crane had "
        "fallen on the quay.\n"
    )
    d = draft(text)
    by_start = {text[a.start : a.end][:12]: a for a in d.assertions if a.mode == "reported"}
    assert speaker_label(d, by_start["The harbour "].speaker.ref) == "harbour ministry"
    assert by_start["Two dockers "].speaker.ref == "person/anna-berg"
    lind = by_start["Tomas Lind, "]
    assert lind.speaker.ref == "person/tomas-lind"
    assert [(h.role, h.agent_as_written or h.agent) for h in lind.relay] == [
        ("social-media", "Telegram")
    ]


def test_a_definite_description_with_a_place_is_the_person_not_the_place() -> None:
    # "the mayor of Valmora": whom the place qualifies speaks; the place itself never does.
    text = 'The mayor of Valmora wrote to the ministry: "The last ferry leaves at four."'
    d = draft(text)
    words = quote_of(d, text, "last ferry")
    assert not words.speaker.ref.startswith("place/")
    assert speaker_label(d, words.speaker.ref) == "unnamed mayor of Valmora"
    text = "The harbour master in Ostrava Bay said that the ferry would stop in May."
    [reported] = draft(text).assertions
    assert reported.speaker.ref.startswith("person/unnamed-harbour-master")
    # Without a person's noun, the phrase is no speaker of its own.
    text = "The port of Valmora said that the ferry would stop in May."
    assert all(not a.speaker.ref.startswith("person/") for a in draft(text).assertions)


def test_a_verb_of_writing_takes_whom_it_wrote_to_before_its_colon_or_clause() -> None:
    text = 'Tomas Lind wrote to the harbour board: "The ferry is our only road."'
    d = draft(text)
    assert quote_of(d, text, "only road").speaker.ref == "person/tomas-lind"
    # The colon hands the clause to the quote: no reported assertion of the frame beside it.
    assert [a.mode for a in d.assertions] == ["direct"]
    text = "Anna Berg wrote to Mayor Tomas Lind that the ferry was late again."
    [reported] = draft(text).assertions
    assert reported.mode == "reported" and reported.speaker.ref == "person/anna-berg"
    # Writing to someone with no clause or quote reports nothing.
    assert draft("Anna Berg wrote to her daughter every week in May.").assertions == []


def test_a_gathering_that_adopts_a_text_speaks_as_an_organisation_not_the_nearest_person() -> None:
    text = (
        "Anna Berg was re-elected chair of the party. In its final resolution, the congress"
        ' declared: "We demand a regional assembly elected by all citizens."'
    )
    d = draft(text)
    words = quote_of(d, text, "regional assembly")
    assert words.speaker.ref.startswith("org/") and words.speaker.ref != "person/anna-berg"


def test_the_company_is_the_organisation_the_sentence_before_names() -> None:
    text = (
        "Nordvik Energy Group issued a short statement on Monday. The company says the dam"
        ' "complies with every safety requirement in force".'
    )
    d = draft(text)
    assert speaker_label(d, quote_of(d, text, "safety requirement").speaker.ref) == (
        "Nordvik Energy Group"
    )
    # With no organisation named before, "the company" stays a company the text describes.
    text = 'Anna Berg left early. The company says the dam "complies with every requirement".'
    d = draft(text)
    speaker = quote_of(d, text, "every requirement").speaker.ref
    assert speaker.startswith("org/") and speaker_label(d, speaker) != "Anna Berg"


def test_a_body_qualified_by_a_place_speaks_as_that_body() -> None:
    text = 'The foreign ministry of Norland called the verdict "a mockery of justice and law".'
    d = draft(text)
    speaker = quote_of(d, text, "mockery of justice").speaker.ref
    assert speaker.startswith("org/") and speaker_label(d, speaker) == "foreign ministry of Norland"


def test_answered_reports_a_clause_but_not_a_phone() -> None:
    text = "The Harbour Union answered within hours that the strike was entirely lawful."
    [reported] = draft(text).assertions
    assert reported.mode == "reported" and reported.speaker.ref == "org/harbour-union"
    assert (
        draft("Anna Berg answered the phone at noon. Tomas Lind answered every letter.").assertions
        == []
    )


def test_a_role_someone_takes_is_no_new_person_for_a_pronoun() -> None:
    # "as a volunteer" says what Anna Berg did, it introduces no one: "she" is Anna Berg.
    text = (
        "Anna Berg, who took part in the classes as a volunteer, told the court that the lessons"
        ' were about poetry. "We never spoke about politics in the lessons," she said.'
    )
    assert quote_of(draft(text), text, "never spoke").speaker.ref == "person/anna-berg"


def test_a_capitalised_title_alone_stands_for_the_person_it_introduced() -> None:
    text = (
        "Minister Tomas Lind received the Ambassador of Norland, Anna Berg, on Tuesday. The"
        ' Minister said that the talks were "frank and, in places, difficult".'
    )
    d = draft(text)
    assert quote_of(d, text, "frank and").speaker.ref == "person/tomas-lind"
    assert not any(e.label in ("Minister", "Ambassador") for e in d.entities)
    # An abbreviation too: "The MP added that ...".
    text = "Tomas Lind, an MP, spoke first. The MP added that he had written to the assembly."
    assert any(a.mode == "reported" for a in draft(text).assertions)


def test_a_relative_clause_s_speaker_is_its_antecedent_even_after_a_preposition() -> None:
    text = (
        "I wrote to the ministry twice. I received one answer, from an adviser, who said the"
        ' ministry "could not fund private initiatives abroad".'
    )
    d = draft(text)
    assert speaker_label(d, quote_of(d, text, "private initiatives").speaker.ref) == (
        "unnamed adviser"
    )
    text = 'The deal was signed by Tomas Lind, who said that the port "will never close again".'
    assert quote_of(draft(text), text, "never close").speaker.ref == "person/tomas-lind"


def test_a_long_description_after_a_quote_is_its_speaker() -> None:
    text = (
        "Head teachers were blunt. “I have nine teachers who can teach physics,” the director"
        " of a secondary school in Valmora said."
    )
    d = draft(text)
    label = speaker_label(d, quote_of(d, text, "nine teachers").speaker.ref)
    assert label == "unnamed director of a secondary school in Valmora"


def test_a_phrase_that_sets_the_scene_does_not_hide_the_subject() -> None:
    text = (
        "The prosecutor, Tomas Lind, asked for five years for Anna Berg's husband. In his closing"
        " speech he said that the case was clear."
    )
    [reported] = draft(text).assertions
    assert reported.mode == "reported" and reported.speaker.ref == "person/tomas-lind"


def test_a_group_the_sentence_before_a_quote_is_about_speaks_it() -> None:
    text = (
        "“I believe her,” Tomas Lind said.\n\nIn Valmora itself, lorry drivers who had waited"
        " for four days were less impressed. “We lost a week of work and nobody paid us,” one"
        " of them said."
    )
    d = draft(text)
    speaker = quote_of(d, text, "lost a week").speaker
    assert speaker.ref != "person/tomas-lind" and speaker.ref.startswith("collective/")
    assert speaker.guess


def test_described_as_frames_the_quote_and_a_dateline_is_no_part_of_the_subject() -> None:
    text = (
        "VALMORA – President Anna Berg's office described the talks as “frank and, in places,"
        " difficult”."
    )
    d = draft(text)
    speaker = quote_of(d, text, "frank and").speaker.ref
    assert speaker.startswith("org/") and "Anna Berg" in speaker_label(d, speaker)


def test_a_device_is_no_one_to_speak() -> None:
    text = (
        "Colonel Tomas Lind spoke to the crowd through a loudspeaker. “You have made your point."
        " Now go home,” he said."
    )
    assert quote_of(draft(text), text, "made your point").speaker.ref == "person/tomas-lind"


def test_a_minister_s_portfolio_is_no_part_of_the_name() -> None:
    for title in ("Deputy Minister for Diaspora Affairs", "Minister of Culture and Information",
                  "Minister of Foreign Trade"):  # fmt: skip
        text = f'{title} Ana Lindqvist said that the border "will stay open to every lorry".'
        d = draft(text)
        label = speaker_label(d, quote_of(d, text, "stay open").speaker.ref)
        assert label == "Ana Lindqvist", title


def test_that_before_an_indefinite_noun_opens_a_clause_and_determines_nothing() -> None:
    text = (
        "Anna Berg spoke at length. She recalled that a colleague had once told her that his"
        ' government "never builds anything it cannot also switch off".'
    )
    d = draft(text)
    words = quote_of(d, text, "never builds")
    assert speaker_label(d, words.speaker.ref) == "unnamed colleague"
    assert [(h.role, h.agent) for h in words.relay] == [("intermediary", "person/anna-berg")]


def test_an_inverted_speaker_after_a_title_with_its_portfolio() -> None:
    text = "“We remain ready for dialogue,” said Minister of Foreign Affairs Tomas Lind."
    assert quote_of(draft(text), text, "ready for dialogue").speaker.ref == "person/tomas-lind"
    text = "“We remain ready for dialogue,” said Deputy Foreign Minister Anna Berg."
    assert quote_of(draft(text), text, "ready for dialogue").speaker.ref == "person/anna-berg"


def test_the_thing_an_indefinite_phrase_is_about_is_no_new_person() -> None:
    # "a photograph of her husband" introduces a photograph, not a husband to be "she".
    text = (
        "Outside the court, Anna Berg held up a photograph of her husband. “He taught children"
        " to read and write,” she said."
    )
    d = draft(text)
    speaker = quote_of(d, text, "taught children").speaker.ref
    assert "photograph" not in speaker and speaker == "person/anna-berg"
