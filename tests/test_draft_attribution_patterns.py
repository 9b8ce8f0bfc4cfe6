"""Standard news-writing attribution patterns, each on sentences written for the test, where the
rule fires and where it must not. The people, places and papers are fictional."""

from __future__ import annotations

from pathlib import Path

from provkb.draft.extractor import RuleExtractor
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.model import Assertion, Draft
from provkb.draft.reading import Source
from provkb.draft.text import Segment, sentences

REGISTRY = [
    {"id": "person/anna-berg", "labels": {"en": "Anna Berg"}},
    {"id": "place/valmora", "labels": {"en": "Valmora"}, "kind": "city"},
]


def draft(text: str) -> Draft:
    source = Source(Path("t.txt"), text, "text")
    return RuleExtractor().extract(source, Gazetteer.from_entities(REGISTRY))


def assertion_over(d: Draft, text: str, words: str) -> Assertion:
    """The smallest drafted assertion whose span holds ``words``."""
    at = text.index(words)
    found = [a for a in d.assertions if a.start <= at < a.end]
    assert found, f"no assertion over {words!r}"
    return min(found, key=lambda a: a.end - a.start)


def speaker_of(d: Draft, text: str, words: str) -> str:
    """The label of the speaker of the assertion over ``words`` (a registry ref as it is)."""
    ref = assertion_over(d, text, words).speaker.ref
    return next((e.label for e in d.entities if e.ref == ref), ref)


# -- 1. abbreviations and initials end no sentence; the name after a title speaks -------------


def test_abbreviated_titles_and_initials_do_not_end_a_sentence() -> None:
    text = "Sen. Mark Holt and Gov. J. R. Smith met Dr. Jane Roe. Then they left."
    found = [text[s.start : s.end] for s in sentences(text, Segment(0, len(text)))]
    assert found == ["Sen. Mark Holt and Gov. J. R. Smith met Dr. Jane Roe.", "Then they left."]


def test_a_real_full_stop_still_ends_the_sentence() -> None:
    text = "The vote was close. Mark Holt lost."
    found = [text[s.start : s.end] for s in sentences(text, Segment(0, len(text)))]
    assert found == ["The vote was close.", "Mark Holt lost."]


def test_inverted_verb_with_a_title_gives_the_named_person() -> None:
    text = "Prices rose.\n\n“This tax is unfair to families,” said Sen. Mark Holt, a Republican.\n"
    d = draft(text)
    assert speaker_of(d, text, "This tax is unfair") == "Mark Holt"
    assert not assertion_over(d, text, "This tax is unfair").speaker.guess


def test_description_then_role_then_title_gives_the_named_person() -> None:
    text = (
        "Glaciers are melting faster than expected.\n\n“The ice sheet lost a third of its mass,” "
        "said the study's lead author, glaciologist Dr. Jane Roe.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "The ice sheet lost") == "Jane Roe"


def test_title_with_a_prepositional_tail() -> None:
    text = (
        "The report came out.\n\n“We need more money for the survey,” said Dr. Jane Roe of the "
        "institute.\n"
    )
    assert speaker_of(draft(text), text, "We need more money") == "Jane Roe"


def test_a_time_or_place_after_the_verb_is_not_a_role_before_a_name() -> None:
    # "said on Monday": "on" is no role and "Monday" no speaker; the pronoun's antecedent is.
    text = (
        "Anna Berg spoke at the port.\n\n“We will appeal the ruling today,” she said on Monday.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "We will appeal") == "person/anna-berg"
    assert assertion_over(d, text, "We will appeal").speaker.guess
    assert all(e.label != "Monday" for e in d.entities)


# -- 2. inverted attribution with a role --------------------------------------------------------


def test_role_before_a_known_name() -> None:
    text = "The plant closed.\n\n“We will appeal the closure,” said spokeswoman Anna Berg.\n"
    d = draft(text)
    a = assertion_over(d, text, "We will appeal")
    assert a.speaker.ref == "person/anna-berg"
    assert not a.speaker.guess


def test_possessive_description_then_apposed_name() -> None:
    text = "The plant closed.\n\n“We will strike next week,” said the union's leader, Tom Vik.\n"
    assert speaker_of(draft(text), text, "We will strike") == "Tom Vik"


def test_description_without_a_name_is_not_a_role_name() -> None:
    # No name after the description: the role rule stays silent, no "Vik"-like entity appears.
    text = "Tom Vik chairs the union.\n\n“We will strike next week,” said the union's leader.\n"
    d = draft(text)
    assert assertion_over(d, text, "We will strike").speaker.rule != "verb-after:role-name"


def test_pronoun_with_in_a_statement_and_name_with_in_an_email() -> None:
    text = (
        "Tom Vik spoke first.\n\n“We will strike on Friday,” he said in a statement.\n\n"
        "“We will not negotiate under pressure,” Anna Berg said in an email.\n"
    )
    d = draft(text)
    first = assertion_over(d, text, "We will strike on Friday")
    assert speaker_of(d, text, "We will strike on Friday") == "Tom Vik" and first.speaker.guess
    assert assertion_over(d, text, "We will not negotiate").speaker.ref == "person/anna-berg"


# -- 3. when the previous speaker is not carried forward ---------------------------------------


def test_a_group_subject_stops_the_carry() -> None:
    text = (
        "“We will strike next week,” said Tom Vik.\n\n"
        "“The port is closed until further notice,” shipping agents said.\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "The port is closed")
    assert speaker_of(d, text, "The port is closed") == "shipping agents"
    # the group is the verb's own subject, named where it speaks: not a guess, not Tom Vik
    assert not a.speaker.guess and "vik" not in a.speaker.ref


def test_an_impersonal_passive_is_not_the_previous_speaker() -> None:
    text = (
        "“We will strike next week,” said Tom Vik.\n\n"
        "It was reported that “the port is closed for a week”.\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "the port is closed")
    assert speaker_of(d, text, "the port is closed") != "Tom Vik"
    assert a.speaker.guess


def test_without_a_cue_the_previous_speaker_is_carried_as_a_guess() -> None:
    text = (
        "“We will strike next week,” said Tom Vik.\n\n"
        "“The port will stay closed until the talks resume.”\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "The port will stay closed")
    assert speaker_of(d, text, "The port will stay closed") == "Tom Vik"
    assert a.speaker.guess


def test_a_new_paragraph_that_names_another_person_stops_the_carry() -> None:
    text = (
        "“We will strike next week,” said Tom Vik.\n\n"
        "Harbour master Lena Dahl was blunt. “The port will stay closed until the talks resume.”\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "The port will stay closed")
    assert speaker_of(d, text, "The port will stay closed") == "Lena Dahl"
    assert a.speaker.guess


# -- 6. a title with the name in apposition speaks as that person -----------------------------


def test_title_then_apposed_name_is_the_speaker_not_the_previous_one() -> None:
    text = (
        "“We will strike next week,” said Tom Vik.\n\n"
        "The Minister of Justice, John Doe, replied that “the strike is illegal and will fail”.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "the strike is illegal") == "John Doe"


def test_opposition_leader_apposition_with_accused() -> None:
    text = (
        "The debate was heated.\n\n"
        "The opposition leader, Jane Roe, accused the government of “lying to the people”.\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "lying to the people")
    assert speaker_of(d, text, "lying to the people") == "Jane Roe"
    assert a.kind == "accusation"


def test_replied_that_is_reported_speech_of_the_apposed_name() -> None:
    text = (
        "“We will strike next week,” said Tom Vik.\n\n"
        "The Minister of Justice, John Doe, replied that the strike was illegal.\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "the strike was illegal")
    assert a.mode == "reported"
    assert speaker_of(d, text, "the strike was illegal") == "John Doe"


def test_a_list_of_names_is_not_an_apposition() -> None:
    # "A, B, and C signed": B is one of the signatories, not the name of A.
    text = (
        "The Harbour Council, Tom Vik, and Lena Dahl signed a letter that said “the port must "
        "reopen”.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "the port must reopen") != "Tom Vik"


# -- 4. press relays ------------------------------------------------------------------------


def test_the_daily_named_before_the_verb_is_the_speaker() -> None:
    text = "The talks failed.\n\n“The government has lost its way,” the daily Nordposten wrote.\n"
    assert speaker_of(draft(text), text, "The government has lost") == "Nordposten"


def test_the_paper_is_the_outlet_its_paragraph_named() -> None:
    text = (
        "The talks failed.\n\nThe daily Nordposten ran a long story on Monday. «The government "
        "has lost its way», the paper wrote.\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "The government has lost")
    assert speaker_of(d, text, "The government has lost") == "Nordposten"
    assert a.speaker.guess
    entity = next(e for e in d.entities if e.label == "Nordposten")
    assert entity.kind_value == "media-outlet"


def test_the_paper_with_no_outlet_in_its_paragraph_is_not_resolved() -> None:
    # The outlet is named in another paragraph: a roundup moves from paper to paper.
    text = (
        "The daily Nordposten ran a long story on Monday.\n\nThe talks failed. «The government "
        "has lost its way», the paper wrote.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "The government has lost") != "Nordposten"


def test_the_agency_alone_is_not_resolved_to_a_news_agency() -> None:
    # "The agency" may be a public body: no news agency is guessed for it.
    text = (
        "The news agency Nordpress reported a leak. «The water is safe to drink», the agency "
        "said.\n"
    )
    d = draft(text)
    assert (
        assertion_over(d, text, "The water is safe").speaker.rule.endswith("named-outlet") is False
    )


def test_agency_quoted_someone_as_saying() -> None:
    text = (
        "The talks failed.\n\nThe agency Nordpress quoted Tom Vik as saying “we will not give "
        "up the fight”.\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "we will not give up")
    assert speaker_of(d, text, "we will not give up") == "Tom Vik"
    labels = {e.ref: e.label for e in d.entities}
    assert [(h.role, labels.get(h.agent or "")) for h in a.relay] == [("news-agency", "Nordpress")]


def test_quoted_without_as_saying_is_not_the_rule() -> None:
    text = "The talks failed.\n\nTom Vik quoted the minister: “we will not give up the fight”.\n"
    d = draft(text)
    assert assertion_over(d, text, "we will not give up").speaker.rule != "quoted-as-saying"


def test_told_the_paper_is_a_hop_to_the_paper_named_before() -> None:
    text = (
        "The daily Nordposten ran a story.\n\n“We will not give up the fight,” Tom Vik told the "
        "paper.\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "We will not give up")
    labels = {e.ref: e.label for e in d.entities}
    assert speaker_of(d, text, "We will not give up") == "Tom Vik"
    assert [(h.role, labels.get(h.agent or "")) for h in a.relay] == [("outlet", "Nordposten")]


def test_told_the_paper_with_no_paper_named_adds_no_hop() -> None:
    text = "The talks failed.\n\n“We will not give up the fight,” Tom Vik told the paper.\n"
    d = draft(text)
    assert assertion_over(d, text, "We will not give up").relay == []


def test_denied_with_a_short_object_is_a_denial_by_the_pronouns_antecedent() -> None:
    text = "“We will strike next week,” said Tom Vik.\n\nHe denied the charges.\n"
    d = draft(text)
    a = assertion_over(d, text, "denied the charges")
    assert (a.mode, a.kind) == ("reported", "denial")
    assert speaker_of(d, text, "denied the charges") == "Tom Vik"
    assert a.speaker.guess


def test_rejected_or_dismissed_with_a_short_object_is_no_reported_speech() -> None:
    text = "Tom Vik chairs the board.\n\nHe rejected the offer. He dismissed the staff.\n"
    d = draft(text)
    assert not [a for a in d.assertions if a.mode == "reported"]


def test_a_statement_which_says_is_its_issuers() -> None:
    text = "The Harbour Union issued a statement which says that the strike will go on until May.\n"
    d = draft(text)
    a = assertion_over(d, text, "the strike will go on")
    assert a.mode == "reported"
    assert speaker_of(d, text, "the strike will go on") == "Harbour Union"


# -- 5. first person in a column --------------------------------------------------------------


def test_i_in_a_column_is_its_byline() -> None:
    text = (
        "By Anna Berg\n\nThe minister came to see me last week. I told him that “the budget is "
        "a lie and everyone knows it”.\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "the budget is a lie")
    assert a.speaker.ref == "person/anna-berg"
    assert a.speaker.guess


def test_she_added_keeps_the_named_speaker_of_the_sentence_before() -> None:
    text = (
        "Anna Berg opened the meeting. “We start now with the budget,” she said. “It will be a "
        "long night for all of us,” she added.\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "It will be a long night")
    assert a.speaker.ref == "person/anna-berg"
    assert a.speaker.guess


# -- a dash that signs a quote ----------------------------------------------------------------


def test_a_dash_and_a_name_after_the_quote_sign_it() -> None:
    text = "The port closed.\n\n“We will not accept these cuts” – Tom Vik, union leader.\n"
    d = draft(text)
    assert speaker_of(d, text, "We will not accept") == "Tom Vik"


def test_a_dash_and_a_place_or_lower_case_words_sign_nothing() -> None:
    text = (
        "The port closed.\n\n“We will not accept these cuts” – Valmora, in May.\n\n"
        "“Nobody will move until the talks resume” — the words echoed through the hall.\n"
    )
    d = draft(text)
    assert assertion_over(d, text, "We will not accept").speaker.ref != "place/valmora"
    assert not assertion_over(d, text, "Nobody will move").speaker.rule.startswith("dash")


def test_a_role_with_its_owner_after_it_is_an_unnamed_person() -> None:
    text = (
        "The port closed.\n\n“We will not accept these cuts,” a spokesperson for the ministry "
        "said.\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "We will not accept")
    assert a.speaker.rule.startswith("verb-after:indefinite-description")
    assert a.speaker.guess


def test_a_place_after_a_preposition_is_still_not_the_subject() -> None:
    # "the crowd near the port": "the port" is where, not who; no role precedes the tail.
    text = "Tom Vik spoke.\n\n“We will not accept these cuts,” he said near the port.\n"
    d = draft(text)
    assert speaker_of(d, text, "We will not accept") == "Tom Vik"


# -- a surname alone refers back to the person named in full ----------------------------------


def test_a_surname_alone_is_the_antecedent_of_he() -> None:
    text = (
        "“We will strike next week,” said Tom Vik.\n\n“We will not accept these cuts,” said "
        "Lena Dahl.\n\nVik disagreed. “The port must reopen soon,” he said.\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "The port must reopen")
    assert speaker_of(d, text, "The port must reopen") == "Tom Vik"
    assert a.speaker.guess


def test_a_capitalised_word_that_is_no_surname_is_no_antecedent() -> None:
    text = (
        "“We will strike next week,” said Tom Vik.\n\n“We will not accept these cuts,” said "
        "Lena Dahl.\n\nValmora waited. “The port must reopen soon,” she said.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "The port must reopen") == "Lena Dahl"


# -- reported speech with its attribution last -------------------------------------------------


def test_trailing_attribution_after_a_comma() -> None:
    text = (
        "Tom Vik leads the union.\n\nThe strike will go on until May, Vik said on Monday.\n\n"
        "The port will stay closed all week, said Anna Berg.\n"
    )
    d = draft(text)
    first = assertion_over(d, text, "The strike will go on")
    assert first.mode == "reported"
    assert speaker_of(d, text, "The strike will go on") == "Tom Vik"
    assert assertion_over(d, text, "The port will stay").speaker.ref == "person/anna-berg"


def test_a_last_clause_with_an_object_is_no_trailing_attribution() -> None:
    text = (
        "Despite the pressure from the capital, the fishermen of Valmora continued to sail.\n\n"
        "Before the vote on the harbour, Tom Vik added a clause.\n"
    )
    d = draft(text)
    assert not [a for a in d.assertions if a.mode == "reported"]


def hops_of(d: Draft, a: Assertion) -> list[tuple[str, str | None]]:
    labels = {e.ref: e.label for e in d.entities}
    return [(h.role, labels.get(h.agent or "")) for h in a.relay]


def test_a_medium_reported_that_someone_said_gives_that_someone() -> None:
    text = (
        "The talks failed.\n\nThe agency Nordpress reported that Tom Vik said the union would "
        "not give up.\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "the union would not give up")
    assert speaker_of(d, text, "the union would not give up") == "Tom Vik"
    assert hops_of(d, a) == [("news-agency", "Nordpress")]


def test_a_medium_reported_that_without_a_second_speaker_is_the_mediums() -> None:
    text = "The talks failed.\n\nThe agency Nordpress reported that the union would not give up.\n"
    d = draft(text)
    assert speaker_of(d, text, "the union would not give up") != "Tom Vik"
    assert assertion_over(d, text, "the union would not").speaker.rule != "relayed-by-medium"


def test_a_paper_quoted_someone_as_saying_that() -> None:
    text = (
        "The talks failed.\n\nThe daily Nordposten quoted Tom Vik as saying that the union would "
        "not give up.\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "the union would not give up")
    assert speaker_of(d, text, "the union would not give up") == "Tom Vik"
    assert hops_of(d, a) == [("outlet", "Nordposten")]


def test_was_quoted_as_saying_by_an_agency_after_the_quote() -> None:
    text = (
        "The talks failed.\n\n“We will not give up the fight,” Tom Vik was quoted as saying by the "
        "agency Nordpress.\n"
    )
    d = draft(text)
    a = assertion_over(d, text, "We will not give up")
    assert speaker_of(d, text, "We will not give up") == "Tom Vik"
    assert hops_of(d, a) == [("news-agency", "Nordpress")]


def test_a_surname_with_st_is_one_name() -> None:
    text = (
        "The port closed.\n\n“We will not accept these cuts,” said St. Clair, the harbour master.\n"
    )
    assert speaker_of(draft(text), text, "We will not accept") == "St. Clair"


def test_a_date_after_said_on_is_no_st_name() -> None:
    text = "Tom Vik spoke.\n\n“We will not accept these cuts,” he said on St. Olaf's Day.\n"
    d = draft(text)
    assert speaker_of(d, text, "We will not accept") == "Tom Vik"


# -- a pronoun that opens its sentence, an "of" between a person and an organisation, emphasis --


def test_she_opening_a_sentence_is_the_speaker_of_the_sentence_before() -> None:
    text = (
        "Tomas Lund, the harbour master, opened the meeting.\n\n"
        "Biologist Ines Carvalho said the figures were “worrying”. She warned that a smaller "
        "cut would only postpone the problem.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "a smaller cut would only") == "Ines Carvalho"
    assert assertion_over(d, text, "a smaller cut would only").speaker.guess


def test_she_with_no_speaker_in_the_sentence_before_falls_back_to_the_nearest_name() -> None:
    text = (
        "The session was long.\n\nPrices went up after Ines Carvalho arrived. She said that "
        "the market would recover.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "the market would recover") == "Ines Carvalho"


def test_a_person_of_an_organisation_is_the_person_who_speaks() -> None:
    text = "Ines Carvalho of the University of Lindmark said the data were “incomplete”.\n"
    d = draft(text)
    assert speaker_of(d, text, "incomplete") == "Ines Carvalho"
    labels = {e.label for e in d.entities}
    assert {"Ines Carvalho", "University of Lindmark"} <= labels


def test_an_organisation_word_before_of_keeps_the_name_whole() -> None:
    text = "The Ministry of Fisheries said the quota was “final”.\n"
    d = draft(text)
    assert speaker_of(d, text, "final") == "Ministry of Fisheries"


def test_a_name_in_markdown_emphasis_is_the_subject_it_stands_for() -> None:
    text = "## Press\n\nThe daily *Lindmark Courier* wrote that the plan was “a costly mistake”.\n"
    d = draft(text)
    assert speaker_of(d, text, "a costly mistake") == "Lindmark Courier"
    # the spans still point into the text as written, marks and all
    assert "Lindmark Courier" in {text[m.start : m.end] for m in d.mentions}


def test_an_institution_named_by_its_kind_speaks_for_itself_not_the_nearest_person() -> None:
    text = (
        "Professor Ines Carvalho says the strike will go on.\n\n"
        "The rectorate, for its part, has said that “exams will take place as planned”.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "exams will take place") == "rectorate"


def test_the_spokesperson_goes_on_for_the_organisation_of_the_sentence_before() -> None:
    text = (
        "Tomas Lund was sentenced on Tuesday.\n\nOutside the court, a spokesperson for the "
        "Lindmark Water Board said the board had recovered most of the money. “We welcome the "
        "sentence,” the spokesperson said.\n"
    )
    d = draft(text)
    # the board's unnamed spokesperson, the same who spoke the sentence before
    assert speaker_of(d, text, "We welcome the sentence") == (
        "unnamed spokesperson for the Lindmark Water Board"
    )
    assert assertion_over(d, text, "We welcome the sentence").speaker.guess


def test_the_minister_with_no_speaker_before_is_no_organisation() -> None:
    text = "Tomas Lund arrived late.\n\n“We will decide in May,” the minister said.\n"
    d = draft(text)
    assert speaker_of(d, text, "We will decide in May") != "minister"


def test_a_describing_apposition_leaves_the_name_before_it_as_the_subject() -> None:
    text = "Talks ended.\n\nIda Berg, the council's deputy chair, said the plan was “not final”.\n"
    assert speaker_of(draft(text), text, "not final") == "Ida Berg"


def test_a_naming_apposition_is_still_the_subject() -> None:
    text = "Talks ended.\n\nIts spokeswoman, Maria Alvik, said the union would “not give in”.\n"
    assert speaker_of(draft(text), text, "not give in") == "Maria Alvik"


def test_a_relative_clause_between_an_unnamed_source_and_its_verb() -> None:
    text = (
        "Talks ended.\n\nA Western diplomat in Lindmark, who asked not to be named, said the "
        "case had been “the elephant in the room”.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "the elephant in the room") == (
        "unnamed Western diplomat in Lindmark"
    )


def test_a_participle_clause_between_an_unnamed_source_and_its_verb() -> None:
    text = (
        "Talks ended.\n\nA source in the court, quoted by Nordpress, said the judge had "
        "“no grounds to change the measure”.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "no grounds to change") == "unnamed source in the court"


def test_a_place_after_an_indefinite_object_is_no_speaker() -> None:
    text = "Talks ended.\n\nPolice arrested a man in Lindmark and said he had “no papers”.\n"
    d = draft(text)
    assert (
        "unnamed man" not in {e.label for e in d.entities}
        or speaker_of(d, text, "no papers") != "unnamed man"
    )


def test_he_after_a_quote_is_the_speaker_of_the_sentence_before_not_a_place_named_since() -> None:
    text = (
        "The crossing opened.\n\nKamil Vezirov, head of the Road Carriers Association, told the "
        "Lindmark Times that drivers had to take a detour through the Orun Pass. “Two years of "
        "detours,” he said.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "Two years of detours") == "Kamil Vezirov"


def test_he_after_a_quote_in_a_sentence_with_its_own_subject_is_not_carried() -> None:
    text = (
        "Kamil Vezirov spoke first.\n\nLater the mayor, Ida Berg, arrived, and “we will see,” "
        "she said.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "we will see") != "Kamil Vezirov"


def test_a_statement_in_the_third_person_is_its_issuers_own_voice() -> None:
    text = (
        "MINISTRY OF FISHERIES OF THE REPUBLIC OF NORLAND\n\nMarstrand, 3 March 2026\n\n"
        "Statement of the Ministry of Fisheries on the harbour plan\n\n"
        "The Ministry of Fisheries rejects the claims made about the harbour plan. The plan "
        "was approved after two years of consultation.\n"
    )
    d = draft(text)
    assert d.metadata.genre == "statement"
    assert speaker_of(d, text, "The plan was approved") == (
        "MINISTRY OF FISHERIES OF THE REPUBLIC OF NORLAND"
    )


def test_a_report_with_a_title_that_only_mentions_a_statement_is_no_statement() -> None:
    text = "Harbour news\n\nStatement expected on Monday\n\nThe plan was approved in May.\n"
    assert draft(text).metadata.genre != "statement"


def test_a_letter_signed_on_behalf_of_a_committee_is_the_committees() -> None:
    text = (
        "Dear Madam Ambassador,\n\nOur relatives have been held since August. Their only "
        "offence was to teach a language.\n\nRespectfully,\n\nOn behalf of the Committee of "
        "Families of the Harbour Eleven:\n\nIda Berg, sister of Tomas Berg\nOla Lund, father of "
        "Per Lund\n"
    )
    d = draft(text)
    assert d.metadata.genre == "open-letter"
    committee = "Committee of Families of the Harbour Eleven"
    assert speaker_of(d, text, "Their only offence") == committee
    assert speaker_of(d, text, "Our relatives have been held") == committee
    assert "Tomas Berg" not in {e.label for e in d.entities if e.ref.startswith("org/")}


def test_a_live_blog_time_stamp_is_not_part_of_the_subject() -> None:
    text = (
        "# Live\n\n**15:35** — The harbour police said in a statement that the gathering was "
        "unauthorised and urged people to leave.\n\n[09:10] Anna Berg said the road was closed "
        "until noon at least.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "the gathering was unauthorised").endswith("harbour police")
    assert speaker_of(d, text, "the road was closed") == "person/anna-berg"
    # the stored spans still start where the words do, time stamps and marks kept in the text
    assert all(not text[a.start : a.end].startswith(("*", "[")) for a in d.assertions)


def test_a_time_inside_a_sentence_is_kept() -> None:
    from provkb.draft.text import blank_time_leads

    assert blank_time_leads("At 12:30 — the vote.") == "At 12:30 — the vote."
    assert blank_time_leads("12:30 is late.") == "12:30 is late."


def test_an_organisations_role_before_a_name_gives_the_person() -> None:
    text = (
        "Reactions came.\n\nThat evening the Harbour Union chairman Tomas Lund wrote: “We will "
        "not sign this agreement.”\n"
    )
    assert speaker_of(draft(text), text, "We will not sign") == "Tomas Lund"


def test_a_month_after_a_day_is_no_speaker() -> None:
    text = (
        "Reactions came.\n\nThe call came from the channel Harbour Voice, which on 21 March "
        "urged parents to stay at home: “Not a single child at a desk.”\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "Not a single child") == "Harbour Voice"
    assert "March" not in {e.label for e in d.entities}


def test_a_person_named_like_a_month_is_still_a_name() -> None:
    text = "Reactions came.\n\nMay Lindqvist said on Monday that the vote was “final”.\n"
    d = draft(text)
    assert speaker_of(d, text, "final") == "May Lindqvist"
    assert "Monday" not in {e.label for e in d.entities}


def test_more_reporting_verbs_introduce_speech() -> None:
    text = (
        "Talks ended.\n\nIda Berg assured deputies that the port would “stay open all winter”. "
        "Tomas Lund described the talks as “businesslike and calm”. Per Olsen complained that "
        "“nobody asked the fishers”.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "stay open all winter") == "Ida Berg"
    assert speaker_of(d, text, "businesslike and calm") == "Tomas Lund"
    assert speaker_of(d, text, "nobody asked the fishers") == "Per Olsen"


def test_describing_without_words_is_no_speech() -> None:
    from provkb.draft.speech import speech_verbs

    text = "The report described the damage in detail."
    assert speech_verbs(text) == []


def test_the_agent_of_a_participle_before_the_verb_is_not_its_subject() -> None:
    text = (
        "Work stopped.\n\nResidents interviewed by the broadcaster TV Arveni complained that "
        "“people in the city decided about our jobs”.\n"
    )
    assert speaker_of(draft(text), text, "people in the city") == "Residents"


def test_an_agency_quoting_a_titled_minister_as_saying() -> None:
    text = (
        "Talks ended.\n\nThe agency Nordic Press Agency (NPA) quoted Transport Minister Ida Berg "
        "as saying that the state would pay nothing more until a review.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "the state would pay nothing") == "Ida Berg"
    hops = [(h.role, h.agent) for h in assertion_over(d, text, "the state would pay").relay]
    assert hops == [("news-agency", "org/nordic-press-agency")]


def test_its_editorial_is_the_papers() -> None:
    text = (
        "Talks ended.\n\nIn Lindmark, the Lindmark Courier was more forgiving. Its editorial "
        "argued that the mountain, not the engineers, was to blame.\n"
    )
    assert speaker_of(draft(text), text, "the mountain, not the engineers") == "Lindmark Courier"


def test_a_clause_with_a_number_between_subject_and_verb() -> None:
    text = (
        "Talks ended.\n\nThe channel Harbour Voice, which has more than 80,000 subscribers, "
        "says 29 people were detained.\n"
    )
    assert speaker_of(draft(text), text, "29 people were detained") == "Harbour Voice"


def test_a_reported_clause_that_quotes_some_of_its_words_is_two_assertions() -> None:
    text = "Talks ended.\n\nIda Berg said the figures were “worrying but not hopeless”.\n"
    d = draft(text)
    modes = sorted((a.mode, text[a.start : a.end]) for a in d.assertions)
    assert [m for m, _ in modes] == ["direct", "reported"]
    assert all(a.speaker.ref == "person/ida-berg" for a in d.assertions)


def test_a_quote_that_is_the_whole_content_is_one_assertion() -> None:
    for text in (
        "Talks ended.\n\nIda Berg said: “The figures are worrying but not hopeless.”\n",
        "Talks ended.\n\n“The figures are worrying but not hopeless,” Ida Berg said.\n",
    ):
        assert [a.mode for a in draft(text).assertions] == ["direct"], text


def test_a_relative_clause_without_commas_after_an_unnamed_source() -> None:
    text = (
        "Talks ended.\n\nA Western diplomat who spoke on condition of anonymity confirmed that "
        "the meeting took place. “Both sides needed a room without cameras,” the diplomat said.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "Both sides needed") == "unnamed Western diplomat"
    assert speaker_of(d, text, "the meeting took place") == "unnamed Western diplomat"


def test_according_to_a_role_and_a_name() -> None:
    text = (
        "Talks ended.\n\nAccording to the historian Anna Berg, the two questions became "
        "inseparable only after 2019.\n"
    )
    assert speaker_of(draft(text), text, "inseparable only") == "person/anna-berg"


def test_a_semicolon_starts_the_reporting_clause_and_written_reports() -> None:
    text = (
        "Talks ended.\n\nOther scholars disagree; Tomas Lund has written that the link was "
        "present from the first day.\n"
    )
    assert speaker_of(draft(text), text, "present from the first day") == "Tomas Lund"


def test_a_pronoun_in_the_sentence_before_goes_on_back_to_its_speaker() -> None:
    text = (
        "Talks ended.\n\nTomas Lund, an economist at the Harbour Institute, argues that the "
        "numbers will decide. “You can cry all night,” he told The Harbour Review. “In the "
        "morning you still have less water.” He adds that his institute was not invited.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "In the morning") == "Tomas Lund"
    assert speaker_of(d, text, "his institute was not invited") == "Tomas Lund"
    assert not any(e.ref.startswith("person/") and "Review" in e.label for e in d.entities)


def test_a_letter_that_says_we_the_organisation_speaks_as_it_whoever_signs() -> None:
    text = (
        "APPEAL\nof the Harbour Congress to the Regional Assembly\n\nDear members of the "
        "Assembly,\n\nWe, the Harbour Congress and the undersigned organisations, appeal to you "
        "about the closure of the port. The closure has cost two thousand jobs.\n\n"
        "Respectfully,\n\nIda Berg, Harbour Times (Lindmark)\nTomas Lund, Port Union\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "The closure has cost") == "Harbour Congress"


def test_an_apposition_ending_with_an_organisations_name_still_describes() -> None:
    text = (
        "The crossing opened.\n\nKamil Vezirov, head of the Union of International Road "
        "Carriers, told the Lindmark Times that drivers had to take a detour through the Orun "
        "Pass. “Two years of detours,” he said.\n"
    )
    assert speaker_of(draft(text), text, "Two years of detours") == "Kamil Vezirov"


def test_a_letter_signed_for_the_board_of_an_association_is_the_associations() -> None:
    text = (
        "Dear Ministers,\n\nWe write to you on behalf of the Harbour Families Association. Our "
        "relatives have been held since August without a charge.\n\nRespectfully,\n\n"
        "**For the Board of the Harbour Families Association**\n\n"
        "Dr Ida Berg, *Chair*\nOla Lund, *Secretary*\n"
    )
    d = draft(text)
    assert d.metadata.genre == "open-letter"
    association = "Harbour Families Association"
    labels = {e.ref: e.label for e in d.entities}
    assert [labels.get(ref, ref) for ref in d.metadata.authors] == [association]
    assert speaker_of(d, text, "Our relatives have been held") == association
    assert speaker_of(d, text, "We write to you") == association


def test_we_write_on_behalf_of_names_the_voice_even_when_a_person_signs() -> None:
    text = (
        "Dear Mayor,\n\nWe write on behalf of the Valmora Dockers Union to ask for a meeting. "
        "The port has been closed for three weeks without notice.\n\nSincerely,\n\nIda Berg\n"
    )
    assert speaker_of(draft(text), text, "The port has been closed") == "Valmora Dockers Union"


def test_a_letter_signed_by_the_member_organisations_of_a_coalition_is_the_coalitions() -> None:
    text = (
        "Dear Minister,\n\nWe, the undersigned organisations, write to you about the dockers of "
        "the port. Their contracts ended in May without notice.\n\nYours sincerely,\n\n"
        "Signed by the member organisations of the Harbour Rights Coalition:\n\n"
        "Dockers Aid Network\nSeafarers Legal Centre\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "Their contracts ended") == "Harbour Rights Coalition"


def test_a_communique_of_a_partys_group_in_capitals_speaks_as_the_party() -> None:
    text = (
        "COMMUNIQUÉ OF THE PARLIAMENTARY GROUP OF THE HARBOUR PEOPLE'S PARTY (HPP)\n\n"
        "On the second reading of the port bill\n\n"
        "1. We, the deputies of the Harbour People's Party, voted this afternoon against the "
        "port bill at its second reading.\n\n2. The bill leaves every decision on the harbour "
        "budget with the ministry in the capital.\n"
    )
    d = draft(text)
    assert speaker_of(d, text, "The bill leaves every decision") == "Harbour People's Party"
    # One proposal for the party, however the letterhead spells it; no "COMMUNIQUÉ" in a name.
    labels = [e.label for e in d.entities]
    assert labels.count("Harbour People's Party") == 1
    assert not any(label.startswith("COMMUNIQU") for label in labels)
