"""The drafter reads an interview's answers and the own voice of letters, petitions, statements
and press releases: each layout on documents written for the test (positive and negative), and
a question-and-answer interview added, built, validated and queried end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from provkb.cli import main
from provkb.draft.extractor import RuleExtractor
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.metadata import genre
from provkb.draft.model import Draft
from provkb.draft.reading import Source
from provkb.draft.turns import find_turns

CHECKOUT = Path(__file__).resolve().parents[1]


def draft(text: str, tmp_path: Path, name: str = "doc.txt") -> Draft:
    """The draft of ``text`` against an empty registry."""
    registry = tmp_path / "empty-registry"
    registry.mkdir(exist_ok=True)
    return RuleExtractor().extract(
        Source(tmp_path / name, text, "text"), Gazetteer.from_folder(registry, set())
    )


def by_words(result: Draft, text: str) -> dict[str, tuple[str, str, bool]]:
    """Each drafted assertion's words -> (mode, speaker, guessed)."""
    return {
        text[a.start : a.end]: (a.mode, a.speaker.ref, a.speaker.guess) for a in result.assertions
    }


LABELLED = """Glaciologist Olav Dahl on the shrinking ice

Olav Dahl, who studies glaciers at the University of Tromsø, told the Polar Weekly why the ice retreats.

POLAR WEEKLY: How fast are the glaciers retreating?

DAHL: The largest glacier in the region lost forty metres last summer alone. That is twice the rate we measured a decade ago.

POLAR WEEKLY: What is driving the change?

DAHL: Warmer autumns are the main cause.

The snow that used to protect the ice now falls as rain.
"""  # noqa: E501


def test_named_labels_make_answers_the_interviewees_with_the_interviewer_hop(
    tmp_path: Path,
) -> None:
    result = draft(LABELLED, tmp_path)
    found = by_words(result, LABELLED)
    assert result.metadata.genre == "interview"
    for sentence in (
        "The largest glacier in the region lost forty metres last summer alone.",
        "That is twice the rate we measured a decade ago.",
        "Warmer autumns are the main cause.",
        # a paragraph without a label continues the answer before it
        "The snow that used to protect the ice now falls as rain.",
    ):
        assert found[sentence] == ("direct", "person/olav-dahl", False), sentence
    # the questions are nobody's assertion here, and the label is no part of the words
    assert not any("?" in words or "DAHL:" in words for words in found)
    answer = next(a for a in result.assertions if a.mark.rule == "interview-answer")
    assert [(h.role, h.agent) for h in answer.relay] == [("interviewer", "org/polar-weekly")]


QA_MARKDOWN = """# "The strike is our last tool": an interview with union leader Sara Lind

Sara Lind has led the Transport Workers Union since 2021. We spoke with her on the third day of the strike.

**Q: Why did the union call the strike now?**

**A:** The company refused every offer we made over six months. Our members lose money every month.

**Q: The company says your demands would bankrupt it. Is that true?**

**A:** No. The company paid its shareholders a record dividend last year.

*This interview has been edited for length and clarity.*
"""  # noqa: E501


def test_q_and_a_labels_take_the_interviewee_from_the_lede_as_a_guess(tmp_path: Path) -> None:
    result = draft(QA_MARKDOWN, tmp_path, "strike.md")
    found = by_words(result, QA_MARKDOWN)
    assert found["The company refused every offer we made over six months."] == (
        "direct",
        "person/sara-lind",
        True,
    )
    assert found["No. The company paid its shareholders a record dividend last year."][1] == (
        "person/sara-lind"
    )
    assert not any("A:" in words or "edited for length" in words for words in found)
    assert not any(words.rstrip("*").endswith("?") for words in found)


def test_unlabelled_questions_count_only_in_a_document_called_an_interview(
    tmp_path: Path,
) -> None:
    interview = (
        "# Interview: the mayor of Vesterby on the library closure\n\n"
        "Mayor Eva Nilsen agreed to answer our questions about the library.\n\n"
        "**Why is the library closing?**\n\n"
        "The city faces a deficit of twelve million kroner this year.\n\n"
        "**Will the books be lost?**\n\n"
        "The collection will move to the school libraries next month.\n"
    )
    found = by_words(draft(interview, tmp_path, "mayor.md"), interview)
    assert found["The city faces a deficit of twelve million kroner this year."] == (
        "direct",
        "person/eva-nilsen",
        True,
    )
    news = (
        "Council votes to close Vesterby library\n\nBy Karin Aas\n\n"
        "The city council of Vesterby voted on Tuesday to close the public library.\n\n"
        "What happens to the books?\n\n"
        "Mayor Eva Nilsen said that the collection would move to the school libraries.\n\n"
        "Where will children read?\n\nThe library has four thousand young members.\n"
    )
    assert find_turns(news, called_interview=False) == []
    result = draft(news, tmp_path)
    assert result.metadata.genre == "news-report"
    # the narration stays the author's, undoubled: no own-voice sentence is drafted
    assert all(a.mode == "reported" for a in result.assertions)
    assert "The library has four thousand young members." not in by_words(result, news)


def test_labels_that_are_no_speakers_make_no_turns() -> None:
    text = (
        "Harbour reopens\n\nNote: the harbour reopened on Monday.\n\n"
        "Photo: the harbour at dawn.\n\nNote: times are local.\n\nPhoto: a ferry.\n"
    )
    assert find_turns(text, called_interview=True) == []


RELEASE = """Harbour Trust opens flood shelter in Nordvik

FOR IMMEDIATE RELEASE

NORDVIK, 12 March 2026 — The Nordvik Harbour Trust today opened a temporary shelter for families displaced by the floods. The shelter has room for 120 people.

"Nobody should sleep in a car after losing a home," said Ingrid Solheim, director of the trust.

Volunteers have already served more than 3,000 meals since the shelter opened.

About the Nordvik Harbour Trust

The Nordvik Harbour Trust is a charity that supports fishing communities along the coast.

Media contact: Per Lunde, press@harbourtrust.example, +47 555 01 234

###
"""  # noqa: E501


def test_a_press_release_speaks_as_the_organisation_its_about_section_names(
    tmp_path: Path,
) -> None:
    result = draft(RELEASE, tmp_path)
    found = by_words(result, RELEASE)
    assert result.metadata.genre == "press-release"
    issuer = ("direct", "org/nordvik-harbour-trust", True)
    # the dateline is no part of the claim
    assert found["The Nordvik Harbour Trust today opened a temporary shelter for families"
                 " displaced by the floods."] == issuer  # fmt: skip
    assert found["Volunteers have already served more than 3,000 meals since the shelter"
                 " opened."] == issuer  # fmt: skip
    # the quote stays its speaker's; headings, contacts and markers are no claims
    quote = next(w for w in found if w.startswith("Nobody should sleep"))
    assert found[quote][1] == "person/ingrid-solheim"
    assert not any(
        "contact" in w.lower() or "###" in w or w.startswith("About") or "IMMEDIATE" in w
        for w in found
    )


def test_a_letter_speaks_as_its_signatory_and_we_as_the_signatory_organisation(
    tmp_path: Path,
) -> None:
    letter = (
        "Open letter on the closure of the Vesterby library\n\n"
        "To the Mayor and the City Council of Vesterby,\n\n"
        "We are writing to you as librarians and parents who rely on the library every week."
        " The decision to close the library will leave four thousand children without a place"
        " to read.\n\n"
        "Yours sincerely,\n\n"
        "Marta Holm, chair of the Friends of Vesterby Library\n\n"
        "Attachment: our survey\n\n"
        "Nine in ten of the library's young members visit it at least once a week.\n"
    )
    result = draft(letter, tmp_path)
    found = by_words(result, letter)
    assert result.metadata.genre == "open-letter"
    assert found["The decision to close the library will leave four thousand children without"
                 " a place to read."] == ("direct", "person/marta-holm", True)  # fmt: skip
    assert found["We are writing to you as librarians and parents who rely on the library every"
                 " week."][1] == "org/friends-of-vesterby-library"  # fmt: skip
    assert not any(w.startswith(("To the", "Yours", "Marta Holm", "Attachment")) for w in found)
    # an enclosure after the signature is the organisation's, sent by the signatory
    survey = "Nine in ten of the library's young members visit it at least once a week."
    assert found[survey][1] == "org/friends-of-vesterby-library"
    enclosure = next(a for a in result.assertions if letter[a.start : a.end] == survey)
    assert [(h.role, h.agent) for h in enclosure.relay] == [("intermediary", "person/marta-holm")]


def test_a_petition_speaks_as_its_undersigned(tmp_path: Path) -> None:
    petition = (
        "Petition: Keep the night ferry running\n\n"
        "We, the undersigned residents of the Lofot islands, call on the Ferry Authority to keep"
        " the night ferry in service.\n\n"
        "The night ferry is the only way for shift workers at the hospital to get home.\n"
    )
    result = draft(petition, tmp_path)
    found = by_words(result, petition)
    assert result.metadata.genre == "petition"
    signatories = "collective/undersigned-residents-of-the-lofot-islands"
    assert found["The night ferry is the only way for shift workers at the hospital to get"
                 " home."] == ("direct", signatories, True)  # fmt: skip
    # "we" is the signatories too, not an unnamed author
    assert all(speaker == signatories for _mode, speaker, _guess in found.values())


def test_a_statement_speaks_as_the_organisation_that_signs_it(tmp_path: Path) -> None:
    statement = (
        "Statement on the new quota rules\n\n"
        "The quota rules favour trawler companies and ignore the small boats of our villages.\n\n"
        "We will continue to fish within the limits that scientists have recommended.\n\n"
        "Coastal Fishers Union, Bodø\n"
    )
    result = draft(statement, tmp_path)
    found = by_words(result, statement)
    assert result.metadata.genre == "statement"
    assert found["The quota rules favour trawler companies and ignore the small boats of our"
                 " villages."][1] == "org/coastal-fishers-union"  # fmt: skip
    assert "Coastal Fishers Union, Bodø" not in found


INTERVIEW = """An interview with harbour master Liv Aasen

The Fjord Gazette spoke with harbour master Liv Aasen about the new ferry terminal.

GAZETTE: When will the new terminal open?

AASEN: The terminal will open in September, two months later than planned. The delay was caused by the storms in January.

GAZETTE: Will the old quay close?

AASEN: The old quay will stay open for fishing boats until the end of the year.
"""  # noqa: E501


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in ("kb", "ontology", "shapes", "queries"):
        shutil.copytree(CHECKOUT / name, root / name)
    return root


@pytest.mark.timeout(600)
def test_a_question_and_answer_interview_is_added_built_validated_and_queried(
    project: Path, tmp_path: Path, capsys
) -> None:
    source = tmp_path / "harbour-master.txt"
    source.write_text(INTERVIEW, encoding="utf-8")
    assert main(["add", str(source), "--root", str(project), "--quiet"]) == 0
    yaml_text = (project / "kb/documents/harbour-master.yaml").read_text(encoding="utf-8")
    assert "genre: interview" in yaml_text and "interview-answer" in yaml_text
    assert "person/liv-aasen" in yaml_text and "role: interviewer" in yaml_text
    assert main(["build", "--root", str(project)]) == 0
    assert main(["validate", "--root", str(project)]) == 0
    capsys.readouterr()
    query = ["query", "who-said-it", "--param", "words=two months later", "--format", "json"]
    assert main([*query, "--root", str(project)]) == 0
    rows = json.dumps(json.loads(capsys.readouterr().out))
    assert "liv-aasen" in rows and "two months later than planned" in rows


def test_a_release_without_about_section_speaks_as_its_lede_subject_not_its_contact(
    tmp_path: Path,
) -> None:
    release = (
        "NEWS RELEASE\n\nGreenway Transit expands night buses\n\n"
        "OSLO, June 2, 2026 /PRNewswire/ -- Greenway Transit today announced that it will run"
        " night buses on six more routes.\n\n"
        "The new routes connect the airport with the eastern suburbs.\n\n"
        "Contact:\nLise Berg\npress@greenway.example\n"
    )
    found = by_words(draft(release, tmp_path), release)
    assert found["The new routes connect the airport with the eastern suburbs."] == (
        "direct",
        "org/greenway-transit",
        True,
    )
    # the dateline and the wire tag are no part of the claim; the contact is nobody's claim
    assert any(w.startswith("Greenway Transit today announced") for w in found)
    assert not any("Lise Berg" in w or "OSLO" in w for w in found)


def test_an_about_section_by_acronym_names_the_organisation_of_its_long_form(
    tmp_path: Path,
) -> None:
    release = (
        "# Clinics warn of closures\n\n**For immediate release**\n\n"
        "BERGEN — The Coastal Clinics Alliance (CCA) warned that seven rural clinics will close"
        " by winter.\n\n"
        "The closures would leave 40,000 residents far from a doctor.\n\n"
        "## About CCA\n\n"
        "The alliance represents 31 community clinics in western Norway.\n"
    )
    found = by_words(draft(release, tmp_path, "clinics.md"), release)
    assert found["The closures would leave 40,000 residents far from a doctor."][1] == (
        "org/coastal-clinics-alliance"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a report that quotes "we" under a headline with "statement" is no statement
        (
            "Statement from the minister angers farmers\n\nBy Karin Aas\n\n"
            "The minister issued a statement on Monday.\n\n"
            '"We will not accept this," said a farmer. "Our farms will close," said another.\n',
            "news-report",
        ),
        # a report that mentions a petition or a press release is neither
        (
            "Villagers protest ferry cut\n\n"
            "Petition organisers said on Monday that 4,000 people had signed.\n\n"
            "Press release issued by the ministry on Monday said the cut was final.\n",
            "news-report",
        ),
        ("Title\n\n**For immediate release** | 4 May 2026\n\nX today announced y.\n",
         "press-release"),
        ("Petition: keep the ferry\n\nWe call on the authority to act.\n", "petition"),
        ("Statement on quotas\n\nWe reject the rules. Our members will fish.\n", "statement"),
    ],
)  # fmt: skip
def test_genre_cues_of_issued_documents(text: str, expected: str) -> None:
    assert genre(text) == expected


TURNS_QUOTING_OTHERS = """# "We will not give up": an interview with Ida Berg

Ida Berg has led the Harbour Union since 2019. Tom Vik asked the questions.

**Tom Vik:** The Valmora government says the strike is illegal. Is it?

**Ida Berg:** No. The strike was called by a vote of all members, as the law requires.

**Tom Vik:** What did the port director tell you?

**Ida Berg:** The director, Per Olsen, told us in May that "the port cannot pay more this year". We do not believe him.
"""  # noqa: E501


def test_anothers_words_in_a_turn_came_through_whoever_speaks_the_turn(tmp_path: Path) -> None:
    result = draft(TURNS_QUOTING_OTHERS, tmp_path, "turns.md")
    text = TURNS_QUOTING_OTHERS
    labels = {e.ref: e.label for e in result.entities}

    def over(words: str):
        at = text.index(words)
        return min(
            (a for a in result.assertions if a.start <= at < a.end), key=lambda a: a.end - a.start
        )

    claim = over("the strike is illegal")
    assert labels.get(claim.speaker.ref, claim.speaker.ref).endswith("government")
    assert [(h.role, labels.get(h.agent, h.agent)) for h in claim.relay][-1] == (
        "intermediary",
        "Tom Vik",
    )
    quote = over("the port cannot pay more")
    assert labels.get(quote.speaker.ref) == "Per Olsen"
    roles = [(h.role, labels.get(h.agent, h.agent)) for h in quote.relay]
    assert roles[:2] == [("interviewer", "Tom Vik"), ("intermediary", "Ida Berg")]


TRANSCRIPT = """Radio Lindmark – "Morning Line" – transcript

ANNA BERG: Good morning. The fire has been burning for five days. Dr. Vik, thank you for joining us. Where do things stand?

TOMAS VIK: Good morning. Overnight we made real progress on the northern flank.

BERG: When can residents go back?

VIK: Not today. There are still hot spots near the village.

BERG: And the weekend?

VIK: Rain would help us enormously.
"""  # noqa: E501


def test_a_label_in_full_then_by_surname_is_one_speaker(tmp_path: Path) -> None:
    result = draft(TRANSCRIPT, tmp_path, "transcript.txt")
    found = by_words(result, TRANSCRIPT)
    assert found["Overnight we made real progress on the northern flank."][1] == "person/tomas-vik"
    assert not any("thank you" in words for words in found)


BROADCAST = """Harbour rally

From the video report (transcript excerpt)

[00:05] ANNA BERG, RADIO LINDMARK: We are outside the town hall, where people have gathered since ten.
[00:19] PROTESTER, holding a portrait: My brother is a teacher. That is his whole crime.
[00:34] BERG: The organisers say more than a thousand people have come.
[00:51] TOMAS VIK, MAYOR OF LINDMARK: Our doors are open. I cannot promise what only a court can decide.
"""  # noqa: E501


def test_a_broadcast_transcript_gives_each_labelled_speaker_their_words(tmp_path: Path) -> None:
    result = draft(BROADCAST, tmp_path, "broadcast.txt")
    found = by_words(result, BROADCAST)
    assert found["Our doors are open."][1] == "person/tomas-vik"
    assert "My brother is a teacher." in found
    # the presenter's own framing is no answer of hers
    assert "We are outside the town hall, where people have gathered since ten." not in found


INITIALS = """Harbour Weekly | 3 May 2026

Olav Dahl has led the dockers' union since 2021. In this interview, Sara Lind spoke to him for Harbour Weekly.

S.L.: Why did the union call the strike now?

O.D.: Everything I said in March still holds. The company refused every offer we made over six months.

S.L.: Will the strike go on?

O.D.: It will go on until the company returns to the table with a real offer.
"""  # noqa: E501


def test_labels_that_are_initials_name_the_people_the_lede_names(tmp_path: Path) -> None:
    result = draft(INITIALS, tmp_path)
    found = by_words(result, INITIALS)
    assert found["The company refused every offer we made over six months."][1] == (
        "person/olav-dahl"
    )
    answer = next(a for a in result.assertions if a.speaker.ref == "person/olav-dahl")
    assert ("interviewer", "person/sara-lind") in [(h.role, h.agent) for h in answer.relay]
    # "Everything I said": a word and a pronoun that open a sentence are no name.
    assert not any("Everything" in e.label for e in result.entities)


BARE_QA = """"We are still waiting"

Kestrel Vale, 3 May 2026
Interview by Sara Lind

Olav Dahl, who has led the dockers' union since 2021, ended a ten-day strike on Monday. We spoke to him in the union's office in this interview.

Q: How do you feel?

A: Tired, but the strike was worth it. The company finally signed.

Q: What comes next?

A: We will watch every payment the company makes.
"""  # noqa: E501


def test_a_head_line_with_a_name_and_a_date_is_no_lede_for_the_interviewee(
    tmp_path: Path,
) -> None:
    result = draft(BARE_QA, tmp_path)
    found = by_words(result, BARE_QA)
    assert found["The company finally signed."][1] == "person/olav-dahl"


KIN_ANSWER = """Harbour Weekly | 3 May 2026

In this interview, Sara Lind spoke to Olav Dahl, who leads the dockers' union.

S.L.: How are the detained teachers?

O.D.: One of them is my cousin, Per Holm. His wife called me on Saturday and told me that he had been questioned for nine hours.

S.L.: What will the union do?

O.D.: We will go on strike until the teachers are free.
"""  # noqa: E501


def test_words_an_answer_passes_on_from_a_described_person_are_drafted_beside_the_answer(
    tmp_path: Path,
) -> None:
    result = draft(KIN_ANSWER, tmp_path)
    sentence = (
        "His wife called me on Saturday and told me that he had been questioned for nine hours."
    )
    at = KIN_ANSWER.index(sentence)
    over = [a for a in result.assertions if a.start <= at < a.end]
    speakers = {(a.mode, a.speaker.ref) for a in over}
    assert ("direct", "person/olav-dahl") in speakers  # the answer's own sentence
    reported = next(a for a in over if a.mode == "reported")
    assert reported.speaker.ref != "person/olav-dahl"
    assert ("intermediary", "person/olav-dahl") in [(h.role, h.agent) for h in reported.relay]


BOLD_QA = """THE HARBOUR QUARTERLY · Issue 2/2026 · Conversations

"Nobody asked the islanders"

Geographer Mira Holt has mapped the island ferries of the north for twenty years. Her new atlas appeared in May.

**Why an atlas of ferries?**

Because the ferries decide who stays on the islands. The harbour master of Vik once wrote to the ministry: "The last boat leaves at four; after that the island is closed." Nobody changed the timetable.

**Has anything improved since then?**

Very little has improved. The county promised a night boat in 2019, and it never came.

**What comes next for you?**

A second volume about the bridges. It will take three years at least.

Interview by Jon Berg
"""  # noqa: E501

ESSAY_WITH_QUESTIONS = """Why ferries matter

The ferries decide who stays on the islands, and the county knows it.

**Who pays for the night boat?**

The county has never said. Its budget for 2026 lists no boat after four.

**What would a bridge cost?**

More than the county spends on roads in ten years.
"""


def test_questions_set_in_bold_make_an_interview_without_the_word(tmp_path: Path) -> None:
    # A magazine's question-and-answer page: three bold questions, each over its answer, and
    # no "interview" in the head. The answers are the person the lede introduces; the closing
    # credit is no answer; a quote that stands alone as the headline is hers too.
    assert genre(BOLD_QA) == "interview"
    result = draft(BOLD_QA, tmp_path)
    assert result.metadata.genre == "interview"
    found = by_words(result, BOLD_QA)
    for sentence in (
        "Because the ferries decide who stays on the islands.",
        "Very little has improved.",
        "It will take three years at least.",
    ):
        assert found[sentence][:2] == ("direct", "person/mira-holt"), sentence
    assert "Interview by Jon Berg" not in found
    assert found["Nobody asked the islanders"][1] == "person/mira-holt"
    # Words she passes on reached the reader through the interview, then through her.
    words = next(a for a in result.assertions if BOLD_QA[a.start : a.end].startswith("The last"))
    roles = [(h.role, h.agent) for h in words.relay]
    assert roles[0][0] == "interviewer" and ("intermediary", "person/mira-holt") in roles
    assert roles.index(("intermediary", "person/mira-holt")) > 0


def test_two_bold_questions_in_an_essay_are_no_interview(tmp_path: Path) -> None:
    assert genre(ESSAY_WITH_QUESTIONS) == "news-report"
    assert find_turns(ESSAY_WITH_QUESTIONS, False) == []
    result = draft(ESSAY_WITH_QUESTIONS, tmp_path)
    assert not any(a.mark.rule == "interview-answer" for a in result.assertions)


def test_a_numbered_press_release_speaks_in_its_issuer_s_voice() -> None:
    text = (
        "MINISTRY OF HARBOURS OF NORLAND\nPress Office\n\nPRESS RELEASE No. 214/2026\n"
        "Valmora, 9 September 2026\n\nMinistry calls for the ferry to stay\n\n"
        "The Ministry of Harbours has learned with concern of the decision to end the ferry.\n\n"
        "The ferry is the only link of three islands to the mainland.\n\n"
        "Notes to editors\n\n1. The ferry has run since 1950.\n"
    )
    assert genre(text) == "press-release"
