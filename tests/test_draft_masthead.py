"""A document's head: each masthead cue on texts written for the test, where it fires and where
it must not; and the draft's metadata built from it."""

from __future__ import annotations

from pathlib import Path

from provkb.draft.extractor import RuleExtractor
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.masthead import read_masthead
from provkb.draft.reading import Source

TITLE = "Harbour plan splits the town"
BODY = (
    "The council met on Monday to discuss the new harbour plan, which has divided the town "
    "for two years. Residents filled the gallery, and the debate lasted until late evening. "
    "Several members said they would vote against the plan unless its costs were published."
)


def authors(text: str) -> list[str]:
    return [text[s:e] for s, e in read_masthead(text).authors]


def outlet(text: str) -> str | None:
    span = read_masthead(text).outlet
    return text[span[0] : span[1]] if span else None


def draft(text: str, name: str = "t.txt"):
    return RuleExtractor().extract(Source(Path(name), text, "text"), Gazetteer.from_entities([]))


def test_by_line_with_a_role_gives_the_name_only() -> None:
    text = f"{TITLE}\n\nBy Ada Lindqvist, Local Affairs Correspondent\n\n{BODY}"
    assert authors(text) == ["Ada Lindqvist"]
    assert read_masthead(text).title == "Harbour plan splits the town"


def test_by_line_with_two_authors() -> None:
    text = f"{TITLE}\n\nBy Ada Lindqvist and Piotr Nowak\n\n{BODY}"
    assert authors(text) == ["Ada Lindqvist", "Piotr Nowak"]


def test_a_sentence_starting_with_by_is_no_byline() -> None:
    text = f"{TITLE}\n\nBy Monday the gallery was full.\n\n{BODY}"
    assert authors(text) == []


def test_role_before_the_name() -> None:
    text = f"{TITLE}\n\nPolitical correspondent Mirela Dragan\n\n{BODY}"
    assert authors(text) == ["Mirela Dragan"]
    assert read_masthead(text).title == "Harbour plan splits the town"


def test_credit_mid_line_with_the_outlet_it_was_written_for() -> None:
    text = (
        "What the papers say\n\n*Weekly digest, 4 May 2026. Compiled by Jonas Weber for "
        f"The Lakeside Review; translations by our desk.*\n\n{BODY}"
    )
    assert authors(text) == ["Jonas Weber"]
    assert outlet(text) == "The Lakeside Review"


def test_translated_by_is_no_author() -> None:
    text = f"{TITLE}\n\nTranslated from Polish by Ewa Zielinska.\n\n{BODY}"
    assert authors(text) == []


def test_posted_by_with_date_and_blog_name_after_a_separator() -> None:
    text = f"# Notes on the vote\n\n*Posted by Rhys Morgan on 2 May 2026 · Valley Ledger*\n\n{BODY}"
    head = read_masthead(text)
    assert authors(text) == ["Rhys Morgan"]
    assert outlet(text) == "Valley Ledger"
    assert head.date == "2026-05-02"
    assert head.title == "Notes on the vote"


def test_labelled_presenter() -> None:
    text = f"Evening programme\nPresenter: Ines Carvalho\nGuest: Dr. Tomas Brandt\n\n{BODY}"
    assert authors(text) == ["Ines Carvalho"]


def test_outlet_and_date_line_under_a_byline() -> None:
    text = f"{TITLE}\n\nBy Ada Lindqvist\nThe Northern Courier, 3 March 2026\n\n{BODY}"
    head = read_masthead(text)
    assert outlet(text) == "The Northern Courier"
    assert head.date == "2026-03-03"


def test_a_place_and_date_line_is_no_outlet() -> None:
    text = f"PRESS RELEASE\n\nHarbour plan splits the town\n\nMarstrand, 3 March 2026\n\n{BODY}"
    head = read_masthead(text)
    assert outlet(text) is None
    assert head.title == "Harbour plan splits the town"  # the label is not the title


def test_a_signature_with_a_date_is_no_outlet() -> None:
    text = f"{TITLE}\n\nBy Ada Lindqvist\nMirela Dragan, 3 March 2026\n\n{BODY}"
    assert outlet(text) is None


def test_journal_citation_line_gives_outlet_year_and_the_author_above_it() -> None:
    text = (
        "Harbours and their towns\n\nKarin Holm\nJournal of Coastal Studies, vol. 9, no. 1 "
        f"(2024), pp. 12–40\n\nOn 5 June 2021 the port authority published its plan.\n\n{BODY}"
    )
    head = read_masthead(text)
    assert authors(text) == ["Karin Holm"]
    assert outlet(text) == "Journal of Coastal Studies"
    assert head.date == "2024"  # the journal's year, not the first date in the body


def test_wire_dateline_names_the_agency() -> None:
    text = f"{TITLE}\n\nMARSTRAND, March 3, 2026 (Coastal Press Agency) - {BODY}"
    head = read_masthead(text)
    assert outlet(text) == "Coastal Press Agency"
    assert head.date == "2026-03-03"


def test_brackets_without_a_date_or_a_medium_are_no_dateline() -> None:
    text = f"{TITLE}\n\nThe mayor (Social Democrats) - who chairs it - agreed. {BODY}"
    assert outlet(text) is None


def test_masthead_line_then_title() -> None:
    text = f"Lakeside Daily News\n\nHarbour plan splits the town\n\n{BODY}"
    head = read_masthead(text)
    assert outlet(text) == "Lakeside Daily News"
    assert head.title == "Harbour plan splits the town"


def test_programme_title_whose_first_segment_is_the_station() -> None:
    text = f"Radio Fjordland – Morning Talk – transcript\n\n{BODY}"
    assert outlet(text) == "Radio Fjordland"
    assert read_masthead(text).title == "Radio Fjordland – Morning Talk – transcript"


def test_a_headline_with_a_dash_is_no_masthead() -> None:
    text = f"Harbour plan – the town is split\n\n{BODY}"
    assert outlet(text) is None


def test_front_matter() -> None:
    text = (
        '---\ntitle: "Why the harbour plan matters"\nauthor: Noor Haddad\ndate: 2026-04-09\n'
        f"outlet: The Bayside Ledger\n---\n\n# Why the harbour plan matters\n\n{BODY}"
    )
    head = read_masthead(text)
    assert head.title == "Why the harbour plan matters"
    assert authors(text) == ["Noor Haddad"]
    assert outlet(text) == "The Bayside Ledger"
    assert head.date == "2026-04-09"


def test_broken_front_matter_is_ignored_not_fatal() -> None:
    text = f"---\ntitle: [unclosed\n---\n\nHarbour plan splits the town\n\n{BODY}"
    assert read_masthead(text).title == "Harbour plan splits the town"


def test_credit_line_at_the_end() -> None:
    text = f"{TITLE}\n\n{BODY}\n\n(Reporting by Ada Lindqvist; editing by Piotr Nowak)"
    assert authors(text) == ["Ada Lindqvist"]


def test_title_over_two_bold_lines_is_one_title() -> None:
    text = f"**Harbours and Towns in the  \nNorthern Provinces**\n\n{BODY}"
    assert read_masthead(text).title == "Harbours and Towns in the Northern Provinces"


def test_draft_metadata_names_outlet_and_author_as_entities() -> None:
    text = f"{TITLE}\n\nBy Ada Lindqvist\nThe Northern Courier, 3 March 2026\n\n{BODY}"
    meta = draft(text).metadata
    assert meta.authors_as_written == ["Ada Lindqvist"]
    assert meta.authors == ["person/ada-lindqvist"]
    assert meta.publisher == "org/the-northern-courier"
    assert meta.published == "2026-03-03"


def test_a_press_release_is_published_by_its_issuer() -> None:
    text = (
        "PRESS RELEASE\n\nHarbour Residents Association calls for a new vote\n\n"
        "MARSTRAND, 3 March 2026 – The Harbour Residents Association today called on the council "
        "to hold a new vote on the harbour plan.\n\nThe association has 2,000 members.\n\n"
        "About the Harbour Residents Association\n\nThe Harbour Residents Association was "
        "founded in 1998.\n\nMedia contact: Lena Berg, press@example.org"
    )
    meta = draft(text).metadata
    assert meta.genre == "press-release"
    assert meta.publisher == "org/harbour-residents-association"
    assert meta.title == "Harbour Residents Association calls for a new vote"


def test_a_line_of_parts_between_separators() -> None:
    text = (
        f"# {TITLE}\n\n**Lakeside Brief** · Weekly roundup · Friday, 6 March 2026 · compiled by "
        f"Ada Lindqvist\n\n{BODY}"
    )
    head = read_masthead(text)
    assert authors(text) == ["Ada Lindqvist"]
    assert outlet(text) == "Lakeside Brief"
    assert head.date == "2026-03-06"
    assert head.title == TITLE


def test_a_line_of_parts_with_no_name_first_gives_no_outlet() -> None:
    text = f"# {TITLE}\n\nLive blog · 6 March 2026 · updates by Ada Lindqvist\n\n{BODY}"
    assert outlet(text) is None
    assert authors(text) == ["Ada Lindqvist"]


def test_a_letterhead_in_capitals_names_the_issuer() -> None:
    text = (
        "MINISTRY OF FISHERIES OF THE REPUBLIC OF NORLAND\nPress Service\n\nStatement No. 12/26\n"
        f"Marstrand, 3 March 2026\n\nStatement on the harbour plan\n\n{BODY}"
    )
    head = read_masthead(text)
    assert outlet(text) == "MINISTRY OF FISHERIES OF THE REPUBLIC OF NORLAND"
    assert head.title == "Statement on the harbour plan"  # not the department nor the number


def test_a_label_in_capitals_is_no_letterhead() -> None:
    assert outlet(f"PRESS RELEASE\n\n{TITLE}\n\n{BODY}") is None


def test_a_name_under_the_title_with_a_translation_note() -> None:
    text = (
        f"Lakeside Daily News\n\n{TITLE}\n\n16.09.2026\nPavel Orlov. Translated from the "
        f"Russian by Ida Berg\n\n{BODY}"
    )
    assert authors(text) == ["Pavel Orlov"]


def test_a_name_as_the_first_line_is_no_byline() -> None:
    assert authors(f"Tomas Lund\n\n{BODY}") == []


def test_an_outlet_alone_under_the_byline_and_a_month_date() -> None:
    text = f"{TITLE}\n\nBy Ada Lindqvist\nThe Harbour Review, June 2026\n\n{BODY}"
    assert outlet(text) == "The Harbour Review"
    assert read_masthead(text).date == "2026-06"
    text = f"{TITLE}\n\nBy Ada Lindqvist\nLindmark Courier\nFriday, 10 April 2026\n\n{BODY}"
    assert outlet(text) == "Lindmark Courier"
    assert read_masthead(text).date == "2026-04-10"


def test_a_dateline_with_the_agency_between_slashes() -> None:
    text = f"{TITLE}\n\nMarstrand, 14 March 2026 /Nord-Info/. {BODY}"
    assert outlet(text) == "Nord-Info"
    assert read_masthead(text).date == "2026-03-14"


def test_a_title_that_goes_on_in_lower_case_on_the_next_line() -> None:
    text = (
        "APPEAL\nof the Harbour Council to the Regional Assembly\n\nMarstrand, 1 May 2026\n\n"
        f"{BODY}"
    )
    assert read_masthead(text).title == "APPEAL of the Harbour Council to the Regional Assembly"


def test_a_saved_e_mail_gives_subject_sender_and_date() -> None:
    text = (
        "From: Harbour Weekly <editor@harbour.example.org>\nTo: list@harbour.example.org\n"
        "Date: Fri, 17 Apr 2026 18:32:05 -0400\nSubject: [Harbour Weekly] No. 8 - the vote\n\n"
        f"HARBOUR WEEKLY -- No. 8\nEditor: Ada Lindqvist\n\n{BODY}"
    )
    head = read_masthead(text)
    assert head.title == "[Harbour Weekly] No. 8 - the vote"
    assert outlet(text) == "Harbour Weekly"
    assert head.date == "2026-04-17"
    assert authors(text) == ["Ada Lindqvist"]


def test_a_line_with_a_colon_is_no_mail_header_block() -> None:
    text = f"Note: the harbour plan\n\n{BODY}"
    assert read_masthead(text).title == "Note: the harbour plan"


def test_a_reference_works_from_line() -> None:
    text = f"# Harbour dispute\n\nFrom Nordpedia, the free regional encyclopedia\n\n{BODY}"
    assert outlet(text) == "Nordpedia"
    assert read_masthead(text).title == "Harbour dispute"


def test_front_matter_date_with_month_precision() -> None:
    text = f'---\ntitle: "Harbour notes"\ndate: 2026-04\n---\n\n{BODY}'
    assert read_masthead(text).date == "2026-04"


def test_an_interview_credit_names_the_interviewer_not_the_interviewee() -> None:
    text = (
        '"A harbour is not a flag"\n\nHarbour Review, 22 June 2026\nInterview: Ada Lindqvist\n\n'
        "We spoke to the union's chairwoman, Ida Berg, in her office.\n\n**Why do you oppose "
        "the plan?**\n\nBecause it closes the port in winter.\n\n**What happens now?**\n\n"
        "We will go to court.\n"
    )
    assert authors(text) == ["Ada Lindqvist"]
    d = draft(text)
    answer = next(a for a in d.assertions if text[a.start : a.end].startswith("Because"))
    assert answer.speaker.ref == "person/ida-berg"


def test_a_document_type_in_capitals_is_a_title_not_a_letterhead() -> None:
    text = f"COMMUNIQUÉ OF THE HARBOUR PARTY (HP)\n\nMarstrand, 3 March 2026\n\n{BODY}"
    head = read_masthead(text)
    assert outlet(text) is None
    assert head.title == "COMMUNIQUÉ OF THE HARBOUR PARTY (HP)"
    text = f"NORLAND HUMAN RIGHTS OBSERVATORY\n\n{TITLE}\n\n{BODY}"
    assert outlet(text) == "NORLAND HUMAN RIGHTS OBSERVATORY"
    assert read_masthead(text).title == TITLE


def test_a_person_first_and_an_organisation_later_in_a_line_of_parts() -> None:
    line = "*Ada Lindqvist · Analysis · Centre for Harbour Studies · 3 April 2026*"
    text = f"# {TITLE}\n\n{line}\n\n{BODY}"
    assert authors(text) == ["Ada Lindqvist"]
    assert outlet(text) == "Centre for Harbour Studies"
    # With no organisation among the parts, the first part is still the outlet.
    text = f"# {TITLE}\n\nHarbour Weekly · Analysis · 3 April 2026\n\n{BODY}"
    assert outlet(text) == "Harbour Weekly" and authors(text) == []


def test_a_byline_over_its_outlet_line_with_no_blank_line_between() -> None:
    text = f"{TITLE}\n\nBy Ada Lindqvist\nHarbour Today, 19 November 2026\n\n{BODY}"
    head = read_masthead(text)
    assert authors(text) == ["Ada Lindqvist"]
    assert outlet(text) == "Harbour Today"
    assert head.date == "2026-11-19"
    # A title over two lines is still one title, not two credits.
    text = f"Harbour plan splits\nthe town after a long debate\n\n{BODY}"
    assert read_masthead(text).authors == []


def test_a_line_of_parts_credit_staff_section_and_issue_number() -> None:
    text = f"# {TITLE}\n\n*By Ada Lindqvist · The Harbour Review · 12 November 2026*\n\n{BODY}"
    assert authors(text) == ["Ada Lindqvist"]  # "By" is no part of the name
    text = f"# {TITLE}\n\n*Harbour Today live team · Saturday, 14 November 2026*\n\n{BODY}"
    assert outlet(text) == "Harbour Today"  # the staff is no part of the outlet's name
    text = f"# {TITLE}\n\n**Ada Lindqvist** · 14 November 2026 · Harbour Forum / Voices\n\n{BODY}"
    assert authors(text) == ["Ada Lindqvist"] and outlet(text) == "Harbour Forum"
    text = f"HARBOUR REVIEW · Issue 4/2026 · Conversations\n\n{TITLE}\n\n{BODY}"
    head = read_masthead(text)
    assert head.title == TITLE and head.date == "2026"  # the issue's year, not a date


def test_labels_numbers_and_casts_are_no_titles() -> None:
    for label in ("PETITION", "PRESS RELEASE No. 214/2026", "Policy Brief No. 9/2026 · 3 May 2026",
                  "Guests: Ada Lindqvist; Tom Berg"):  # fmt: skip
        assert read_masthead(f"{label}\n\n{TITLE}\n\n{BODY}").title == TITLE, label
    head_lines = "HARBOUR POLICY CENTRE · OSLO\nPolicy Brief No. 9/2026 · 25 November 2026"
    text = f"{head_lines}\n\n{TITLE}\n\n{BODY}"
    head = read_masthead(text)
    assert outlet(text) == "HARBOUR POLICY CENTRE" and head.date == "2026-11-25"
    # A headline that quotes someone is the words, without the marks.
    assert read_masthead(f'"The port will not close"\n\n{BODY}').title == "The port will not close"


def test_a_closing_credit_line_names_the_author() -> None:
    # Far below the head, alone on the last line.
    body = "\n\n".join([BODY] * 10)
    text = f"{TITLE}\n\n{body}\n\nInterview by Ada Lindqvist"
    assert authors(text) == ["Ada Lindqvist"]
    text = f"{TITLE}\n\n{body}\n\nThe interview was edited by the desk."
    assert authors(text) == []


def test_a_channel_s_number_is_no_dateline() -> None:
    text = f'KTV 1 (Norland) — "Open Question" — broadcast 11 November 2026\n\n{BODY}'
    assert outlet(text) == "KTV 1"
    assert draft(text).metadata.published == "2026-11-11"
