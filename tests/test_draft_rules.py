"""Each drafting rule on sentences written for the test: where it fires, where it must not."""

from __future__ import annotations

from pathlib import Path

from provkb.draft.attribution import according_to
from provkb.draft.candidates import acronyms
from provkb.draft.dates import absolute_dates, relative_dates
from provkb.draft.entities import EntityTable
from provkb.draft.extractor import RuleExtractor
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.quotes import find_quotes, outermost
from provkb.draft.reading import Source
from provkb.draft.speech import speech_verbs

REGISTRY = [
    {"id": "person/ilham-aliyev", "labels": {"en": "Ilham Aliyev", "az": "İlham Əliyev"}},
    {"id": "org/river-news", "labels": {"en": "River News"}, "kind": "news-agency"},
    {"id": "org/tractor-fc", "labels": {"en": "Tractor"}, "kind": "sports-club"},
]


def draft(text: str):
    source = Source(Path("t.txt"), text, "text")
    return RuleExtractor().extract(source, Gazetteer.from_entities(REGISTRY))


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in outermost(find_quotes(text))]


def test_quotes_in_every_style() -> None:
    assert quoted("He said “we stay here” today.") == ["we stay here"]
    assert quoted('He said "we stay here" today.') == ["we stay here"]
    assert quoted("Er sagte „wir bleiben hier“ heute.") == ["wir bleiben hier"]
    assert quoted("Il a dit « nous restons ici » hier.") == ["nous restons ici"]
    assert quoted("She wrote ‘we stay here’ then.") == ["we stay here"]


def test_apostrophes_are_not_quotes() -> None:
    assert quoted("It’s the Shah’s reign and the workers’ union.") == []


def test_a_quote_over_two_paragraphs() -> None:
    text = "She said: « The first part.\n\nThe second part »."
    assert quoted(text) == ["The first part.\n\nThe second part"]
    english = "He said: “First paragraph goes on.\n“Second paragraph ends.”"
    assert quoted(english) == ["First paragraph goes on.", "Second paragraph ends."]


def test_speech_verbs_and_their_kinds() -> None:
    assert [k for _s, _e, k in speech_verbs("The minister denied that it happened.")] == ["denial"]
    assert [k for *_, k in speech_verbs("They called on the council to act.")] == ["appeal"]
    assert speech_verbs("It was reported to the council that it happened.") == []  # passive
    assert speech_verbs("They called him a hero.") == []  # no particle
    assert speech_verbs("The road continued north.") == []  # common verb without a clause


def test_direct_quote_speaker_before_and_after() -> None:
    d = draft('Anna Berg said: "We will rebuild the bridge this year."')
    assert [(a.mode, a.speaker.ref, a.speaker.guess) for a in d.assertions] == [
        ("direct", "person/anna-berg", False)
    ]
    d = draft('"We will rebuild the bridge this year," said Ilham Aliyev on Monday.')
    assert d.assertions[0].speaker.ref == "person/ilham-aliyev"
    assert not d.assertions[0].speaker.guess


def test_apposition_between_subject_and_verb() -> None:
    text = 'Ilham Aliyev, head of the council, warned: "The river will flood the lower town."'
    d = draft(text)
    assert d.assertions[0].speaker.ref == "person/ilham-aliyev"
    assert d.assertions[0].kind == "warning"


def test_pronoun_speaker_is_a_flagged_guess() -> None:
    text = 'Ilham Aliyev spoke in the square.\nHe added: "The river will flood the lower town."'
    a = draft(text).assertions[-1]
    assert a.speaker.ref == "person/ilham-aliyev" and a.speaker.guess


def test_a_quote_with_no_frame_carries_the_previous_speaker_as_a_guess() -> None:
    text = (
        'Ilham Aliyev said: "The bridge will open in May next year."\n'
        '"Nobody will pay a toll to cross it."'
    )
    second = draft(text).assertions[-1]
    assert second.speaker.ref == "person/ilham-aliyev"
    assert second.speaker.guess and "previous" in second.speaker.rule


def test_short_names_in_quotes_are_not_speech() -> None:
    assert draft("They marched under the «Freedom and Unity March» banner.").assertions == []
    assert draft('The report titled "A River Runs Through Here Again" was read.').assertions == []


def test_reported_speech_with_that_clause() -> None:
    d = draft("Ilham Aliyev claimed that the dam had been built without permission.")
    assert [(a.mode, a.kind, a.speaker.ref) for a in d.assertions] == [
        ("reported", "claim", "person/ilham-aliyev")
    ]
    assert draft("The dam had been built without any permission at all.").assertions == []


def test_according_to_a_group() -> None:
    text = "According to local activists and residents, the dam had been built in secret."
    d = draft(text)
    assert d.assertions[0].mode == "reported"
    assert d.assertions[0].speaker.ref.startswith("collective/")
    table = EntityTable(text, Gazetteer.from_entities(REGISTRY), "en")
    assert according_to(table, 0, len(text))


def test_relay_told_an_outlet_and_agency_reported() -> None:
    d = draft("Anna Berg told River News that the dam had been built in secret.")
    assert [(h.role, h.agent) for h in d.assertions[0].relay] == [("news-agency", "org/river-news")]
    d = draft('In a tweet, Anna Berg said: "The dam was built in secret by night."')
    assert [h.role for h in d.assertions[0].relay] == ["social-media"]


def test_gazetteer_folds_case_and_diacritics_longest_first() -> None:
    g = Gazetteer.from_entities(REGISTRY)
    text = "ILHAM ALIYEV met İlham Əliyev; Aliyev’s tractor broke. Tractor won."
    found = [(text[m.start : m.end], m.ref) for m in g.find(text)]
    assert ("ILHAM ALIYEV", "person/ilham-aliyev") in found
    assert ("İlham Əliyev", "person/ilham-aliyev") in found
    assert ("Tractor", "org/tractor-fc") in found
    assert ("tractor", "org/tractor-fc") not in found  # the common noun stays a noun


def test_acronyms_with_expansions_both_ways() -> None:
    text = "The Lake Protection Society (LPS) and WHO (World Health Organization) met."
    pairs = [(text[a:b], text[c:d]) for a, b, c, d in acronyms(text)]
    assert ("Lake Protection Society", "LPS") in pairs
    assert ("World Health Organization", "WHO") in pairs
    assert acronyms("The Lake Protection Society (XYZ) met.") == []


def test_known_entities_are_never_proposed_again() -> None:
    d = draft('Ilham Aliyev said: "River News will report it tomorrow morning."')
    assert not [e for e in d.entities if e.label in ("Ilham Aliyev", "River News")]


def test_dates_at_their_precision_and_relative_dates_as_notes() -> None:
    text = "On 5 March 2021 and in October 2020, in 1999, on March 25; 2 may be."
    assert [d.value for d in absolute_dates(text)] == ["2021-03-05", "2020-10", "1999", "--03-25"]
    assert relative_dates("It happened last week, not yesterday.") == [(12, 21), (27, 36)]
    assert any("last week" in note for note in draft("It happened last week.").notes)


def test_a_title_is_not_part_of_the_name() -> None:
    d = draft('US Secretary of State Anna Berg said: "The border needs more protection now."')
    assert d.assertions[0].speaker.ref == "person/anna-berg"
    d = draft("Senator Per Olsen claimed that the vote had been rigged from the start.")
    assert d.assertions[0].speaker.ref == "person/per-olsen"


def test_a_surname_alone_is_the_person_named_before() -> None:
    text = (
        "The historian Anna Berg spoke first.\n"
        'Berg said: "The archive was burned in 1921 by the retreating army."'
    )
    assert draft(text).assertions[-1].speaker.ref == "person/anna-berg"


def test_what_was_expressed_decides_the_kind() -> None:
    support = draft("Ilham Aliyev expressed support for the striking dock workers in the north.")
    concern = draft("Ilham Aliyev expressed concern over the closure of the northern border.")
    assert support.assertions[0].kind == "support"
    assert concern.assertions[0].kind == "warning"


def test_a_subordinate_clause_may_open_the_sentence() -> None:
    text = "Although Ilham Aliyev denied that the dam leaked, the village was evacuated."
    assert [a.kind for a in draft(text).assertions] == ["denial"]
    assert draft("Although the dam leaked, the village was evacuated at dawn.").assertions == []


def test_a_footnote_marker_ends_a_sentence() -> None:
    text = "The dam leaked.<sup>3</sup> Ilham Aliyev denied that the dam had ever leaked at all."
    [assertion] = draft(text).assertions
    assert text[assertion.start : assertion.end].startswith("Ilham Aliyev denied")


def test_a_research_article_names_its_author_and_relays_through_her() -> None:
    text = (
        "Research Article\n\nRivers of the North\n\n**Anna Berg\\***\n\nAbstract\n\n"
        "Ilham Aliyev claimed that the dam had been built without permission.\n\nReferences\n"
    )
    d = draft(text)
    assert d.metadata.genre == "research-article"
    assert d.metadata.authors_as_written == ["Anna Berg"]
    assert [(h.role, h.agent) for h in d.assertions[0].relay] == [
        ("citing-author", "person/anna-berg")
    ]


def test_a_group_of_people_speaks_as_a_collective() -> None:
    d = draft("Local fishermen in the Norvik Harbour warned that the stocks would collapse soon.")
    [assertion] = d.assertions
    assert assertion.kind == "warning"
    assert assertion.speaker.ref == "collective/local-fishermen-in-the-norvik-harbour"
    assert draft("The fishermen's boats were moored in the harbour all week.").assertions == []


def test_a_chanted_slogan_belongs_to_the_group_that_chanted_it() -> None:
    text = 'Hundreds of students marched to the square, chanting "The river belongs to all of us!"'
    [assertion] = draft(text).assertions
    assert assertion.kind == "slogan"
    assert assertion.speaker.ref.startswith("collective/") and assertion.speaker.guess


def test_a_letter_body_is_its_signatory_s_words() -> None:
    text = (
        "Open letter\n\nDear Mayor,\n\n"
        "As spokesperson of the River Alliance, I ask you to reopen the Old Bridge.\n\n"
        "We have collected four thousand signatures in two weeks.\n\n"
        "Sincerely,\n\nAnna Berg\n"
    )
    d = draft(text)
    assert d.metadata.genre == "open-letter"
    assert d.metadata.authors_as_written == ["Anna Berg"]
    speakers = [(text[a.start : a.end][:12], a.speaker.ref, a.kind) for a in d.assertions]
    assert speakers == [
        ("As spokesper", "person/anna-berg", "appeal"),
        ("We have coll", "org/river-alliance", "claim"),
    ]
    assert all(a.speaker.guess for a in d.assertions)
    news = "River News\n\nThe alliance met on Monday.\n\nWe have collected many signatures there."
    assert draft(news).assertions == []


def speakers(text: str) -> list[tuple[str, str, bool]]:
    d = draft(text)
    labels = {e.ref: e.label for e in d.entities}
    return [
        (labels.get(a.speaker.ref, a.speaker.ref), a.speaker.rule, a.speaker.guess)
        for a in d.assertions
        if a.mode == "direct"
    ]


def test_a_lead_in_ending_in_a_colon_names_its_clause_s_subject_as_a_guess() -> None:
    text = 'Also, Marta Lindqvist made a stern remark at the harbour: "The ferry will not sail."'
    [(speaker, rule, guess)] = speakers(text)
    assert (speaker, guess) == ("Marta Lindqvist", True) and "sentence-subject" in rule
    # A name after a preposition is where it happened, not who spoke.
    text = 'The ferry stopped in Bergen after a long night: "The ferry will not sail."'
    assert all(s != "Bergen" for s, _r, _g in speakers(text))


def test_a_nationality_adjective_does_not_open_the_subject() -> None:
    text = 'The Norwegian website “Fjord Daily” made several claims: "The ferry was sold twice."'
    [(speaker, rule, _guess)] = speakers(text)
    assert speaker == "Fjord Daily" and "outlet-in-quotes" in rule
    text = 'The Norwegian harbour master made several claims: "The ferry was sold twice."'
    assert all(s != "Norwegian" for s, _r, _g in speakers(text))


def test_a_name_before_a_colon_is_a_headline_speaker() -> None:
    [(speaker, rule, guess)] = speakers('<sup>3</sup> Marta Lindqvist: "We will rebuild the quay."')
    assert (speaker, rule, guess) == ("Marta Lindqvist", "name-colon", False)
    # Not when the name is the object of a longer lead-in.
    text = 'The report was sent to Marta Lindqvist: "We will rebuild the quay."'
    assert all(r != "name-colon" for _s, r, _g in speakers(text))


def test_the_statement_of_a_group_gives_the_quote_its_owner() -> None:
    text = (
        'Here is the final statement of the Harbour Workers Union:\n\n"We will strike on Monday."'
    )
    [(speaker, rule, _guess)] = speakers(text)
    assert speaker == "Harbour Workers Union" and rule == "statement-of"
    text = 'Here is the final statement, read to the Harbour Workers Union:\n\n"We will strike."'
    assert all(r != "statement-of" for _s, r, _g in speakers(text))


def test_a_speech_verb_inside_an_earlier_quote_is_not_the_frame() -> None:
    text = (
        'Marta Lindqvist said: "The council will call on the port to reopen the quay." '
        '"Nobody wants the ferry to stop."'
    )
    assert [s for s, _r, _g in speakers(text)] == ["Marta Lindqvist", "Marta Lindqvist"]


def test_he_after_a_quote_is_the_person_who_opens_the_sentence() -> None:
    text = (
        "Marta Lindqvist met the staff of Harbour Radio Network.\n"
        'Olof Berg took a firm line on the question that "the quay stays open all winter" he said.'
    )
    [(speaker, _rule, guess)] = speakers(text)
    assert (speaker, guess) == ("Olof Berg", True)


def reported(text: str) -> list[tuple[str, str, str]]:
    d = draft(text)
    labels = {e.ref: e.label for e in d.entities}
    return [
        (labels.get(a.speaker.ref, a.speaker.ref), a.kind, a.speaker.rule)
        for a in d.assertions
        if a.mode == "reported"
    ]


def test_a_participle_reports_speech() -> None:
    assert [k for *_, k in speech_verbs("They left the port, claiming the quay was unsafe.")] == [
        "claim"
    ]
    assert speech_verbs("The claiming office closed early.") == []  # no clause after it
    assert speech_verbs("A calling card was left.") == []  # no particle
    assert speech_verbs("Her demand for a quay and the union's claims were heard.") == []
    assert [k for *_, k in speech_verbs("She's denied that the quay closed.")] == ["denial"]


def test_speech_given_as_a_noun() -> None:
    assert [k for *_, k in speech_verbs("The union issued a joint statement on the strike.")] == [
        "statement"
    ]
    assert [k for *_, k in speech_verbs("The mayor made unfounded claims about the port.")] == [
        "claim"
    ]
    assert speech_verbs("The union issued new badges to its members.") == []


def test_a_bracketed_acronym_or_a_relative_pronoun_before_the_verb() -> None:
    [(speaker, kind, _rule)] = reported(
        "The Harbour Workers Union (HWU) stated that the quay would close in May."
    )
    assert (speaker, kind) == ("Harbour Workers Union", "claim")
    [(speaker, _kind, _rule)] = reported(
        "Marta Lindqvist, who claims that the quay is unsafe, left the town in May."
    )
    assert speaker == "Marta Lindqvist"


def test_an_opening_adverb_may_stand_before_the_subject() -> None:
    [(speaker, _k, _r)] = reported("Even the local fishermen denied that the quay had closed.")
    assert "fishermen" in speaker
    assert reported("Even after the storm the quay that they denied was open.") == []


def test_the_sentence_subject_of_a_coordinated_speech_verb_is_a_flagged_guess() -> None:
    text = "Marta Lindqvist visited the harbour in the morning and stated that the quay was safe."
    d = draft(text)
    [a] = [a for a in d.assertions if a.mode == "reported"]
    assert a.speaker.guess and a.speaker.rule == "reported:sentence-subject"
    assert {e.label for e in d.entities if e.ref == a.speaker.ref} == {"Marta Lindqvist"}
    # A name after a preposition is not the subject.
    assert reported("In Bergen the ferry arrived late and stated that nothing.") == []


def test_a_longer_organisation_name_wins_over_a_known_name_inside_it() -> None:
    registry = [*REGISTRY, {"id": "place/bergen", "labels": {"en": "Bergen"}}]
    text = "The Bergen Harbour Workers Union stated that the quay would close. Bergen is wet."
    d = RuleExtractor().extract(
        Source(Path("t.txt"), text, "text"), Gazetteer.from_entities(registry)
    )
    assert [text[m.start : m.end] for m in d.mentions if m.ref == "place/bergen"] == ["Bergen"]
    union = [e for e in d.entities if e.label == "Bergen Harbour Workers Union"]
    assert [e.ref.split("/")[0] for e in union] == ["org"]
    assert [a.speaker.ref for a in d.assertions] == [union[0].ref]


def test_regular_english_forms_of_a_registry_name() -> None:
    registry = [
        {"id": "collective/norlanders", "labels": {"en": "Norlandian people"}},
        {"id": "place/south-norland", "labels": {"en": "South Norland"}},
    ]
    gazetteer = Gazetteer.from_entities(registry)
    text = "Norlandians live in Southern Norland; the Norlandian people voted."
    assert [(text[m.start : m.end], m.ref) for m in gazetteer.find(text)] == [
        ("Norlandians", "collective/norlanders"),
        ("Southern Norland", "place/south-norland"),
        ("Norlandian people", "collective/norlanders"),
    ]
    # Not inside words, not a form the registry's names do not derive.
    assert gazetteer.find("Norlandianism grew in Southernmost Norland and among Norlands.") == []


def test_a_chanting_group_keeps_where_it_is_from() -> None:
    text = 'Young people from the Lofoten region gathered at the quay, chanting "The quay is ours!"'
    [(speaker, _rule, guess)] = speakers(text)
    assert (speaker, guess) == ("Young people from the Lofoten region", True)
    text = 'Young people from the Lofoten and others met, chanting "The quay is ours!"'
    [(speaker, _rule, _guess)] = speakers(text)
    assert speaker == "Young people from the Lofoten"  # "and others" is not where they are from


def test_a_participle_after_a_quote_reports_more_of_its_speaker_s_words() -> None:
    text = (
        'Marta Lindqvist spoke at the quay. "The ferry will sail again," she said, '
        "noting that the harbour fees would not rise this year."
    )
    d = draft(text)
    [a] = [a for a in d.assertions if a.mode == "reported"]
    assert text[a.start : a.end].startswith("noting that the harbour fees")
    assert a.speaker.guess and a.speaker.rule.startswith("after-quote")
    direct = [x for x in d.assertions if x.mode == "direct"]
    assert a.speaker.ref == direct[0].speaker.ref
    # Not a verb with a subject of its own: the council's words are not hers.
    text = '"The ferry will sail again," she said; the council noted that the fees rose.'
    assert [x for x in draft(text).assertions if x.mark.rule == "reported-after-quote"] == []


def test_a_long_subject_that_ends_in_a_name_is_taken_from_its_start() -> None:
    text = (
        "The Harbour Research Centre and the Office of Studies of the Port Authority "
        "stressed that a stronger quay posed the greatest risk to the town."
    )
    [(speaker, _kind, rule)] = reported(text)
    assert speaker == "Harbour Research Centre" and rule == "reported:sentence-subject"


def test_a_possessive_statement_names_its_speaker() -> None:
    [(speaker, kind, rule)] = reported(
        "After the storm, Marta Lindqvist's demand for a new quay was read to the council."
    )
    assert (speaker, kind, rule) == ("Marta Lindqvist", "demand", "possessive-statement")
    assert reported("After the storm, Marta Lindqvist's boat for the quay was repaired.") == []


def test_an_impersonal_passive_is_the_documents_voice_not_the_last_speaker() -> None:
    text = (
        "Marta Lindqvist said that the quay would close in May.\n"
        "It was also noted that the ferry would keep sailing."
    )
    d = draft(text)
    second = [a for a in d.assertions if a.mode == "reported"][-1]
    assert text[second.start :].startswith("It was also noted")
    assert second.speaker.guess and second.speaker.rule == "impersonal-passive:document-voice"
    assert second.speaker.ref != d.assertions[0].speaker.ref
    # "It was noted for its size" reports nothing.
    assert reported("The quay was old. It was noted for its size and its cranes.") == []


def test_a_group_or_an_issued_text_opens_the_sentence() -> None:
    text = "A few days later, harbour workers close to the port acknowledged their fears for it."
    [(speaker, _kind, rule)] = reported(text)
    assert speaker == "harbour workers" and rule == "reported:sentence-subject"
    text = "A call issued by local fishermen on Monday stated that the quay would be blocked."
    [(speaker, _kind, _rule)] = reported(text)
    assert speaker == "local fishermen"
    # A group after a preposition is not the subject.
    assert reported("In front of the harbour workers the crane acknowledged its fears.") == []


def test_a_quoted_headline_names_its_speaker_before_a_colon() -> None:
    text = "<sup>4</sup> \"Mayor Olof Berg: 'The quay will reopen in May'\", harbour.example, 2024."
    [(speaker, rule, guess)] = speakers(text)
    assert (speaker, rule, guess) == ("Olof Berg", "headline-name-colon", False)
    # A headline whose words before the colon are not a name names nobody.
    text = '"Quay closed again: the ferry will not sail in May", harbour.example, 2024.'
    assert all(r != "name-colon" for _s, r, _g in speakers(text))


def test_a_name_with_its_acronym_before_a_colon_is_an_organisation() -> None:
    text = "<sup>5</sup> Hamna Arbetarförbund (HAF): “Vi stänger kajen i maj.” 2024-05-01."
    d = draft(text)
    [a] = [a for a in d.assertions if a.mode == "direct"]
    assert a.speaker.rule == "name-colon" and a.speaker.ref.startswith("org/")


def test_a_capitalised_first_word_alone_is_not_a_subject() -> None:
    text = "Giving no reason, the ferry stopped and denied that the quay had closed."
    assert all(s != "Giving" for s, _k, _r in reported(text))
    text = "The council met Lindqvist. Lindqvist stayed at the quay and denied that it had closed."
    assert [s for s, _k, _r in reported(text)] == ["Lindqvist"]


def test_any_ly_adverb_may_stand_between_subject_and_verb() -> None:
    [(speaker, kind, _rule)] = reported("Marta Lindqvist sharply criticized the plan for the quay.")
    assert (speaker, kind) == ("Marta Lindqvist", "condemnation")
    assert reported("The early criticized plan for the quay was dropped.") == []


def test_a_text_signed_by_a_group_is_that_group_s_speech() -> None:
    text = "In 1993, a letter signed by dozens of fishermen demanded that the quay stay open."
    [(speaker, kind, _rule)] = reported(text)
    assert (speaker, kind) == ("dozens of fishermen", "demand")


def test_an_assertion_is_about_the_entities_its_words_name() -> None:
    d = draft(
        'Anna Berg said: "River News misled Ilham Aliyev, and River News knows it." '
        '"Tractor will win," she added.'
    )
    first, second = d.assertions
    # In the order the words name them, once each; the speaker is not a topic of her words.
    assert first.about == ["org/river-news", "person/ilham-aliyev"]
    assert second.about == ["org/tractor-fc"]
    # Names outside the words asserted (the attribution) are not what they are about.
    d = draft('"We will rebuild the bridge this year," said Ilham Aliyev on Monday.')
    assert d.assertions[0].about == []


def test_sentence_at_finds_the_sentence_that_holds_a_position() -> None:
    from provkb.draft.text import paragraphs, sentence_at, sentences

    text = "One two. Three four.\n\nFive six."
    spans = [s for p in paragraphs(text) for s in sentences(text, p)]
    assert text[sentence_at(spans, text.index("Three")).start :].startswith("Three")
    assert text[sentence_at(spans, text.index("Five")).start :].startswith("Five")
    assert sentence_at(spans, text.index("\n")) is None
