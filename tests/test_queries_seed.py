"""Canned queries on the seed KB (the four source documents, built from kb/): exact rows.

The cases are chosen among annotations unlikely to change (Bulut Alemdar's quotes in the VOA
interview, the ANRO letter, the dated events of the rally article). Queries without parameters are
checked on a slice (``only``) so that annotations added elsewhere do not break them. When an
annotation is corrected on purpose, regenerate the expected rows from the embedded store and
review the difference (a failing case prints the rows it found).
"""

from __future__ import annotations

import pprint
from pathlib import Path

import pyoxigraph as ox
import pytest

from provkb.query.catalogue import CannedQuery, load_catalogue
from provkb.query.select import load_store, select_embedded
from tests.rows import Case

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def store(seed_build: Path) -> ox.Store:
    return load_store(seed_build / "provkb.trig")


@pytest.fixture(scope="module")
def catalogue() -> dict[str, CannedQuery]:
    return {query.name: query for query in load_catalogue(ROOT / "queries")}


CASES = [
    Case(
        "who-said-it-tractor",
        "who-said-it",
        {"words": "tractor"},
        [
            (
                "id:doc/alemdar-voa-interview/assertion/azmoun-loved-by-both",
                "id:person/bulut-alemdar",
                "Bulut Alemdar@en",
                "kind:opinion",
                "Sardar Azmoun has become a common figure loved by both the Turkmens "
                "and us. I see him as someone with national consciousness. He has often "
                "mentioned his love for the Tractor team.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                3680,
                3859,
            ),
            (
                "id:doc/alemdar-voa-interview/assertion/tractor-represents-identity",
                "id:person/bulut-alemdar",
                "Bulut Alemdar@en",
                "kind:opinion",
                "A person who loves Tractor loves Azerbaijan, Turks, and Turkishness. "
                "Because Tractor is not just a team. It represents the identity of the "
                "Turks there.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                3860,
                4011,
            ),
        ],
    ),
    Case(
        "actor-assertions-bulut-alemdar",
        "actor-assertions",
        {"actor": "id:person/bulut-alemdar"},
        [
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/sectarian-policies-partly-succeeded",
                "kind:claim",
                "According to Bulut Alemdar, the Iranian government had partly "
                "succeeded in the past with its sectarian policies in distancing the "
                "Shiite Turkish community from the Sunni Turkmen population.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                26,
                215,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/unity-demonstrated",
                "kind:claim",
                "the national activist claims that after the recent flood disaster in "
                'the Turkmen Sahra region, "the unity between Turks and Turkmens was '
                'demonstrated."',
                "id:doc/alemdar-voa-interview",
                None,
                None,
                264,
                415,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/flood-prominent-issue",
                "kind:claim",
                "There are several reasons why the recent flood disaster in Turkmen "
                "Sahra has become a prominent issue for South Azerbaijan and the Turks "
                "of Iran in general...",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                611,
                769,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/national-historical-ties",
                "kind:claim",
                "There are strong national and historical ties between Iranian "
                "Azerbaijan and Turkmen Sahra.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                770,
                861,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/state-sends-aid-to-warring-parties",
                "kind:accusation",
                "The Iranian state institutions often collect aid and send it to "
                "warring parties in Syria, Lebanon, and Yemen.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                914,
                1023,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/people-collected-aid-themselves",
                "kind:claim",
                "Because of this, the people do not trust the government institutions, "
                "so they collected the aid themselves.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                1024,
                1131,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/aid-campaigns-successful",
                "kind:opinion",
                "Alemdar believes the aid campaigns were generally successful.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                1234,
                1295,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/aid-reached-the-people",
                "kind:claim",
                "This aid truly reached the people who were affected by the flood disaster.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                1297,
                1371,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/video-messages-thanked-azerbaijan",
                "kind:report",
                "Famous scholars and poets from Turkmen Sahra sent video messages "
                "thanking Azerbaijan and demonstrating the unity between Turks and "
                "Turkmens.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                1372,
                1512,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/government-used-sectarian-divisions",
                "kind:accusation",
                "The activist, who lives in Istanbul, highlights that the Iranian "
                "government tried to use sectarian divisions to distance the Turkish "
                "and Turkmen communities from each other:",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                1514,
                1687,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/government-tried-sectarian-divisions",
                "kind:accusation",
                "Whether during the Shah’s reign or after the Islamic Revolution, the "
                "Iranian government tried to create sectarian divisions in Turkmen "
                "Sahra",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                1689,
                1829,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/no-conflict-between-turkmens-and-turks",
                "kind:denial",
                "we have never heard of a conflict between Turkmens and Shiite Turks in "
                "the region. There was never such a thing collectively.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                1835,
                1960,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/forces-used-to-suppress-turkmens",
                "kind:accusation",
                "However, the government brought some Sepah, police, and army forces "
                "from the Shiite Turks into Turkmen Sahra. The government used these "
                "forces to suppress the democratic demands and uprisings of the "
                "Turkmens. Many of these forces were brought from Iranian Azerbaijan.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                1972,
                2239,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/mullahs-sent-to-promote-shiism",
                "kind:claim",
                "In the early years of the revolution, Shiite-speaking mullahs were "
                "also sent to Turkmen Sahra to promote Shi’ism.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                2240,
                2353,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/local-people-became-distant",
                "kind:claim",
                "According to Alemdar, as a result of this policy by the Iranian "
                "authorities, “the local people in Turkmen Sahra became somewhat "
                "distant after seeing Sepah and police forces and mullahs who spoke our "
                "language and dialect.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                2355,
                2575,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/not-enemies-but-no-cooperation",
                "kind:claim",
                "But we cannot say that we looked at each other as enemies. It was just "
                "that we couldn’t achieve the strong cooperation that could have "
                "existed between Turks and Turkmens. This has continued until today, "
                "but recently it has changed.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                2576,
                2807,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/rapprochement-explained",
                "kind:opinion",
                "He explains that the recent rapprochement between these communities is "
                "due to the rising national consciousness in both regions and the "
                "counterproductive results of sectarian politics.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                2809,
                2993,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/national-consciousness-brought-closer",
                "kind:self-description",
                "In recent times, as our national consciousness and Turkish identity "
                "have increased, we have started to get closer.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                2995,
                3109,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/state-lost-ability-to-divide",
                "kind:accusation",
                "But there is another factor. The Iranian state, having used religion "
                "and sectarianism as tools of oppression, has now lost the ability to "
                "divide us along these lines.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                3110,
                3276,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/sectarianism-now-unifying",
                "kind:opinion",
                "As a result, sectarianism is no longer a divisive force but has become "
                "a unifying factor. This is why Turkmens and Turks have grown closer.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                3277,
                3416,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/azmoun-role-in-rapprochement",
                "kind:claim",
                "Bulut Alemdar confirms that Sardar Azmoun, the famous Turkmen football "
                "player from the Iranian national team, played an important role in the "
                "rapprochement between the two communities:",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                3494,
                3678,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/azmoun-loved-by-both",
                "kind:opinion",
                "Sardar Azmoun has become a common figure loved by both the Turkmens "
                "and us. I see him as someone with national consciousness. He has often "
                "mentioned his love for the Tractor team.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                3680,
                3859,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/tractor-represents-identity",
                "kind:opinion",
                "A person who loves Tractor loves Azerbaijan, Turks, and Turkishness. "
                "Because Tractor is not just a team. It represents the identity of the "
                "Turks there.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                3860,
                4011,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/azmoun-most-beloved",
                "kind:opinion",
                "If a survey were conducted in South Azerbaijan, Sardar Azmoun would be "
                "the most beloved athlete and football player.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                4012,
                4128,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/support-not-only-as-countrymen",
                "kind:self-description",
                "The Turks of South Azerbaijan do not support the Turkmens just because "
                "they are our fellow countrymen.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                4145,
                4247,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/state-discriminates-against-turkmens",
                "kind:accusation",
                "The main reason is that the Iranian state and the powerful Persian "
                "nationalists within the state discriminate against the Turkmens "
                "because they are Turkish and Sunni.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                4248,
                4414,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/we-support-turkmens",
                "kind:support",
                "That’s why we try to support them.",
                "id:doc/alemdar-voa-interview",
                None,
                None,
                4415,
                4449,
            ),
        ],
    ),
    Case(
        "assertions-about-turkmen-sahra",
        "assertions-about",
        {"entity": "id:place/turkmen-sahra"},
        [
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/flood-united-turks-and-turkmens",
                "id:collective/social-activists-and-local-media",
                "Social activists and local media (as cited in the Alemdar interview)@en",
                "kind:claim",
                "According to social activists and local media, “the flood disaster "
                "united the Turks living in Iranian Azerbaijan and Qashqai El with the "
                "Turkmens living in Turkmen Sahra.”",
                "id:doc/alemdar-voa-interview",
                416,
                587,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/national-historical-ties",
                "id:person/bulut-alemdar",
                "Bulut Alemdar@en",
                "kind:claim",
                "There are strong national and historical ties between Iranian "
                "Azerbaijan and Turkmen Sahra.",
                "id:doc/alemdar-voa-interview",
                770,
                861,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/government-tried-sectarian-divisions",
                "id:person/bulut-alemdar",
                "Bulut Alemdar@en",
                "kind:accusation",
                "Whether during the Shah’s reign or after the Islamic Revolution, the "
                "Iranian government tried to create sectarian divisions in Turkmen "
                "Sahra",
                "id:doc/alemdar-voa-interview",
                1689,
                1829,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/no-conflict-between-turkmens-and-turks",
                "id:person/bulut-alemdar",
                "Bulut Alemdar@en",
                "kind:denial",
                "we have never heard of a conflict between Turkmens and Shiite Turks in "
                "the region. There was never such a thing collectively.",
                "id:doc/alemdar-voa-interview",
                1835,
                1960,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/mullahs-sent-to-promote-shiism",
                "id:person/bulut-alemdar",
                "Bulut Alemdar@en",
                "kind:claim",
                "In the early years of the revolution, Shiite-speaking mullahs were "
                "also sent to Turkmen Sahra to promote Shi’ism.",
                "id:doc/alemdar-voa-interview",
                2240,
                2353,
            ),
            (
                None,
                "id:doc/alemdar-voa-interview/assertion/local-people-became-distant",
                "id:person/bulut-alemdar",
                "Bulut Alemdar@en",
                "kind:claim",
                "According to Alemdar, as a result of this policy by the Iranian "
                "authorities, “the local people in Turkmen Sahra became somewhat "
                "distant after seeing Sepah and police forces and mullahs who spoke our "
                "language and dialect.",
                "id:doc/alemdar-voa-interview",
                2355,
                2575,
            ),
        ],
    ),
    Case(
        "relay-chain-translated-interview",
        "relay-chain",
        {"assertion": "id:doc/alemdar-voa-interview/assertion/unity-demonstrated"},
        [
            (0, "document", None, None, None, "id:doc/alemdar-voa-interview", None, None, None),
            (
                1,
                "hop:translator",
                None,
                None,
                "unnamed translator of the English rendering",
                None,
                None,
                None,
                None,
            ),
            (
                2,
                "hop:interviewer",
                "id:org/voice-of-america-azerbaijani-section",
                "Voice of America, Azerbaijani section@en",
                None,
                None,
                None,
                None,
                None,
            ),
            (
                3,
                "speaker",
                "id:person/bulut-alemdar",
                "Bulut Alemdar@en",
                None,
                None,
                "the national activist claims that after the recent flood disaster in "
                'the Turkmen Sahra region, "the unity between Turks and Turkmens was '
                'demonstrated."',
                264,
                415,
            ),
        ],
    ),
    Case(
        "entity-mentions-bulut-alemdar",
        "entity-mentions",
        {"entity": "id:person/bulut-alemdar"},
        [
            (
                "id:doc/alemdar-voa-interview",
                "Bulut Alemdar",
                10,
                23,
                "id:doc/alemdar-voa-interview/mention/10-23",
            ),
            (
                "id:doc/alemdar-voa-interview",
                "Bulut Alemdar",
                39,
                52,
                "id:doc/alemdar-voa-interview/mention/39-52",
            ),
            (
                "id:doc/alemdar-voa-interview",
                "Bulut Alemdar",
                588,
                601,
                "id:doc/alemdar-voa-interview/mention/588-601",
            ),
            (
                "id:doc/alemdar-voa-interview",
                "Alemdar",
                899,
                906,
                "id:doc/alemdar-voa-interview/mention/899-906",
            ),
            (
                "id:doc/alemdar-voa-interview",
                "Alemdar",
                1234,
                1241,
                "id:doc/alemdar-voa-interview/mention/1234-1241",
            ),
            (
                "id:doc/alemdar-voa-interview",
                "Alemdar",
                2368,
                2375,
                "id:doc/alemdar-voa-interview/mention/2368-2375",
            ),
            (
                "id:doc/alemdar-voa-interview",
                "Bulut Alemdar",
                3494,
                3507,
                "id:doc/alemdar-voa-interview/mention/3494-3507",
            ),
            (
                "id:doc/alemdar-voa-interview",
                "Alemdar",
                4130,
                4137,
                "id:doc/alemdar-voa-interview/mention/4130-4137",
            ),
        ],
    ),
    Case(
        "corroboration-iran-azerbaijan-confrontation",
        "corroboration",
        {},
        [
            (
                "id:decision/relation/iran-azerbaijan-confrontation",
                "id:doc/eurasia-news-brussels-rally/assertion/confrontation-threat-to-peace",
                "id:org/eurasia-news-online",
                "The confrontation between Azerbaijan and Iran, which has developed in "
                "recent months, has become a severe threat to peace in the region.",
                "id:doc/eurasia-news-brussels-rally",
                64,
                199,
                "id:doc/eurasia-news-brussels-rally/assertion/iran-threatens-azerbaijan",
                "id:person/majid-araz",
                "Iran threatens Azerbaijan with an open war,\xa0declaring Armenia its „ "
                "red line “\xa0and creating a strategic Iran-Armenian union against the "
                "Turkish-Azerbaijani union.",
                "id:doc/eurasia-news-brussels-rally",
                915,
                1077,
                "id:org/azerbaijan",
                "0.4^^xsd:decimal",
                "Partial corroboration within the rally article: the outlet says that "
                '"The confrontation between Azerbaijan and Iran, which has developed in '
                'recent months, has become a severe threat to peace in the region", and '
                'Majid Araz (via Azertaj) says "Iran threatens Azerbaijan with an open '
                'war". Both describe a grave Iran-Azerbaijan confrontation; they differ '
                "on who threatens whom (the outlet attributes no blame here and "
                "elsewhere points at the US role), so only the existence of the "
                "confrontation is corroborated, and the outlet gives no source of its "
                "own.@en",
                "id:org/provkb-curators",
            ),
            (
                "id:decision/relation/iran-azerbaijan-confrontation",
                "id:doc/eurasia-news-brussels-rally/assertion/confrontation-threat-to-peace",
                "id:org/eurasia-news-online",
                "The confrontation between Azerbaijan and Iran, which has developed in "
                "recent months, has become a severe threat to peace in the region.",
                "id:doc/eurasia-news-brussels-rally",
                64,
                199,
                "id:doc/eurasia-news-brussels-rally/assertion/iran-threatens-azerbaijan",
                "id:person/majid-araz",
                "Iran threatens Azerbaijan with an open war,\xa0declaring Armenia its „ "
                "red line “\xa0and creating a strategic Iran-Armenian union against the "
                "Turkish-Azerbaijani union.",
                "id:doc/eurasia-news-brussels-rally",
                915,
                1077,
                "id:org/iran",
                "0.4^^xsd:decimal",
                "Partial corroboration within the rally article: the outlet says that "
                '"The confrontation between Azerbaijan and Iran, which has developed in '
                'recent months, has become a severe threat to peace in the region", and '
                'Majid Araz (via Azertaj) says "Iran threatens Azerbaijan with an open '
                'war". Both describe a grave Iran-Azerbaijan confrontation; they differ '
                "on who threatens whom (the outlet attributes no blame here and "
                "elsewhere points at the US role), so only the existence of the "
                "confrontation is corroborated, and the outlet gives no source of its "
                "own.@en",
                "id:org/provkb-curators",
            ),
        ],
        only={"judgement": "id:decision/relation/iran-azerbaijan-confrontation"},
    ),
    Case(
        "contradictions-in-the-interview",
        "contradictions",
        {},
        [
            (
                "denial",
                None,
                None,
                "id:doc/alemdar-voa-interview/assertion/no-conflict-between-turkmens-and-turks",
                "id:person/bulut-alemdar",
                "kind:denial",
                "we have never heard of a conflict between Turkmens and Shiite Turks in "
                "the region. There was never such a thing collectively.",
                "id:doc/alemdar-voa-interview",
                1835,
                1960,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ),
        ],
        only={"document": "id:doc/alemdar-voa-interview"},
    ),
    Case(
        "demands-and-appeals-of-the-letter",
        "demands-and-appeals",
        {},
        [
            (
                "id:doc/anro-letter-to-president/assertion/urge-separate-south-azerbaijani-people",
                "kind:appeal",
                "id:person/babek-chalabiyanli",
                "Babek Chalabiyanli@en",
                "id:org/anro",
                "id:person/forty-fifth-us-president",
                "The 45th President of the United States, as addressed in the ANRO open letter@en",
                "On behalf of the Azerbaijan National Resistance Organization (ANRO), "
                "we sincerely urge you to separate South Azerbaijani people from "
                "Iranian loyalists’ regime.",
                "id:doc/anro-letter-to-president",
                1057,
                1216,
            ),
            (
                "id:doc/anro-letter-to-president/assertion/request-meeting",
                "kind:appeal",
                "id:person/babek-chalabiyanli",
                "Babek Chalabiyanli@en",
                "id:org/anro",
                "id:person/forty-fifth-us-president",
                "The 45th President of the United States, as addressed in the ANRO open letter@en",
                "We look forward to the opportunity to meet, discuss Iran and our "
                "movement in further details, and hopefully establish a meaningful "
                "channel for communication and cooperation.",
                "id:doc/anro-letter-to-president",
                1343,
                1516,
            ),
        ],
        only={"document": "id:doc/anro-letter-to-president"},
    ),
    Case(
        "timeline-1925",
        "timeline",
        {"from": "1925-01-01", "to": "1925-12-31"},
        [
            (
                "1925^^xsd:gYear",
                None,
                None,
                "id:event/overthrow-of-qajar-empire-1925",
                "Overthrow of the Qajar state by Reza Shah Pahlavi (1925)@en",
                "etype:dissolution",
                None,
                None,
                "id:org/qajar-empire",
                "Qajar state (Qajar empire)@en",
                "role:target",
                "id:doc/anro-letter-to-president",
                "the overthrow of the Azerbaijani Qajar empire by Reza Shah Pahlavi in 1925",
                2005,
                2079,
            ),
            (
                "1925^^xsd:gYear",
                None,
                None,
                "id:event/overthrow-of-qajar-empire-1925",
                "Overthrow of the Qajar state by Reza Shah Pahlavi (1925)@en",
                "etype:dissolution",
                None,
                None,
                "id:person/reza-shah-pahlavi",
                "Reza Shah Pahlavi@en",
                "role:perpetrator",
                "id:doc/anro-letter-to-president",
                "the overthrow of the Azerbaijani Qajar empire by Reza Shah Pahlavi in 1925",
                2005,
                2079,
            ),
        ],
    ),
    Case(
        "timeline-march-without-year",
        "timeline",
        {"from": "2023-03-01", "to": "2023-03-31", "month_day": "true"},
        [
            (
                "--03-22^^xsd:gMonthDay",
                None,
                None,
                "id:event/report-announces-brussels-rally",
                "Report news agency announces the Brussels rally@en",
                "etype:publication",
                None,
                None,
                "id:org/report-news-agency",
                "Report (Azerbaijani news agency)@en",
                "role:issuer",
                "id:doc/eurasia-news-brussels-rally",
                "March 22, Azerbaijani News Agency Report\xa0reported",
                397,
                446,
            ),
            (
                "--03-23^^xsd:gMonthDay",
                None,
                None,
                "id:event/senate-foreign-relations-hearing-blinken",
                "Hearing of Secretary of State Blinken at the US Senate Foreign "
                "Relations Committee@en",
                "etype:hearing",
                None,
                None,
                "id:org/us-senate-foreign-relations-committee",
                "United States Senate Foreign Relations Committee@en",
                "role:host",
                "id:doc/eurasia-news-brussels-rally",
                "On March 23, US Secretary of State\xa0Anthony Blinken\xa0attended "
                "hearings on the US Senate Foreign Relations Committee.",
                5878,
                5992,
            ),
            (
                "--03-23^^xsd:gMonthDay",
                None,
                None,
                "id:event/senate-foreign-relations-hearing-blinken",
                "Hearing of Secretary of State Blinken at the US Senate Foreign "
                "Relations Committee@en",
                "etype:hearing",
                None,
                None,
                "id:person/antony-blinken",
                "Antony Blinken@en",
                "role:respondent",
                "id:doc/eurasia-news-brussels-rally",
                "On March 23, US Secretary of State\xa0Anthony Blinken\xa0attended "
                "hearings on the US Senate Foreign Relations Committee.",
                5878,
                5992,
            ),
            (
                "--03-23^^xsd:gMonthDay",
                None,
                None,
                "id:event/senate-foreign-relations-hearing-blinken",
                "Hearing of Secretary of State Blinken at the US Senate Foreign "
                "Relations Committee@en",
                "etype:hearing",
                None,
                None,
                "id:person/bob-menendez",
                "Bob Menendez@en",
                "role:questioner",
                "id:doc/eurasia-news-brussels-rally",
                "On March 23, US Secretary of State\xa0Anthony Blinken\xa0attended "
                "hearings on the US Senate Foreign Relations Committee.",
                5878,
                5992,
            ),
            (
                "--03-25^^xsd:gMonthDay",
                None,
                None,
                "id:event/brussels-rally",
                "«Freedom and Independence March» rally in Brussels@en",
                "etype:rally",
                "id:place/brussels",
                "Brussels@en",
                "id:collective/brussels-rally-participants",
                "Organisers and participants of the March 25 rally in Brussels@en",
                "role:organiser",
                "id:doc/eurasia-news-brussels-rally",
                "on March 25, a rally of Iranian Azerbaijanis («Turks of Southern "
                "Azerbaijan») would be held in Brussels",
                452,
                555,
            ),
            (
                "--03-25^^xsd:gMonthDay",
                None,
                None,
                "id:event/brussels-rally",
                "«Freedom and Independence March» rally in Brussels@en",
                "etype:rally",
                "id:place/brussels",
                "Brussels@en",
                "id:collective/turks-of-south-azerbaijan",
                "Azerbaijani Turks of South Azerbaijan (Iranian Azerbaijan)@en",
                "role:participant",
                "id:doc/eurasia-news-brussels-rally",
                "on March 25, a rally of Iranian Azerbaijanis («Turks of Southern "
                "Azerbaijan») would be held in Brussels",
                452,
                555,
            ),
        ],
    ),
    Case(
        "organisation-members-anro",
        "organisation-members",
        {"organisation": "id:org/anro"},
        [
            (
                "affiliation",
                "id:person/babek-chalabiyanli",
                "Babek Chalabiyanli@en",
                "aff:leader",
                None,
                None,
                "says resistance head",
                "id:doc/anro-letter-to-president",
                81,
                101,
            ),
            (
                "affiliation",
                "id:person/babek-chalabiyanli",
                "Babek Chalabiyanli@en",
                "aff:spokesperson",
                None,
                None,
                "As spokesman of the Azerbaijan National Resistance Movement (ANRO)",
                "id:doc/anro-letter-to-president",
                235,
                301,
            ),
            (
                "affiliation",
                "id:person/babek-chalabiyanli",
                "Babek Chalabiyanli@en",
                "aff:spokesperson",
                None,
                None,
                "Spokesman of\n\nAzerbaijan National Resistance Organization (ANRO)",
                "id:doc/anro-letter-to-president",
                1558,
                1622,
            ),
            (
                "on-behalf",
                "id:person/babek-chalabiyanli",
                "Babek Chalabiyanli@en",
                None,
                "id:doc/anro-letter-to-president/assertion/anro-represents-azerbaijani-turks",
                "kind:self-description",
                "As spokesman of the Azerbaijan National Resistance Movement (ANRO), an "
                "organization committed to representing ethnic Azerbaijani Turks in "
                "their struggle for independence from the occupation of Iran.",
                "id:doc/anro-letter-to-president",
                235,
                433,
            ),
            (
                "on-behalf",
                "id:person/babek-chalabiyanli",
                "Babek Chalabiyanli@en",
                None,
                "id:doc/anro-letter-to-president/assertion/homeland-taken-by-force-accusation",
                "kind:accusation",
                "I would like to inform your excellency that the Iranian regime has "
                "occupied our homeland by force and brutality.",
                "id:doc/anro-letter-to-president",
                434,
                546,
            ),
            (
                "on-behalf",
                "id:person/babek-chalabiyanli",
                "Babek Chalabiyanli@en",
                None,
                "id:doc/anro-letter-to-president/assertion/urge-separate-south-azerbaijani-people",
                "kind:appeal",
                "On behalf of the Azerbaijan National Resistance Organization (ANRO), "
                "we sincerely urge you to separate South Azerbaijani people from "
                "Iranian loyalists’ regime.",
                "id:doc/anro-letter-to-president",
                1057,
                1216,
            ),
            (
                "on-behalf",
                "id:person/babek-chalabiyanli",
                "Babek Chalabiyanli@en",
                None,
                "id:doc/anro-letter-to-president/assertion/primer-attached",
                "kind:announcement",
                "I have attached a few documents that will act as a primer to the "
                "Azerbaijani National Movement in Iran and our organization.",
                "id:doc/anro-letter-to-president",
                1218,
                1342,
            ),
            (
                "on-behalf",
                "id:person/babek-chalabiyanli",
                "Babek Chalabiyanli@en",
                None,
                "id:doc/anro-letter-to-president/assertion/request-meeting",
                "kind:appeal",
                "We look forward to the opportunity to meet, discuss Iran and our "
                "movement in further details, and hopefully establish a meaningful "
                "channel for communication and cooperation.",
                "id:doc/anro-letter-to-president",
                1343,
                1516,
            ),
        ],
    ),
    Case(
        "citations-footnote-3",
        "citations",
        {"document": "id:doc/haciyeva-2025-karabakh-article", "onlyFootnote": "3"},
        [
            (
                "id:doc/haciyeva-2025-karabakh-article/citation/fn-3",
                3,
                '"İzvestiya" newspaper, 27.11.1991',
                8539,
                8572,
                "id:doc/haciyeva-2025-karabakh-article/work/izvestiya-1991-11-27",
                "İzvestiya",
                "1991-11-27^^xsd:date",
                None,
                "id:doc/haciyeva-2025-karabakh-article/assertion/velayati-no-recognition",
                "We do not intend to recognize Azerbaijan's independence",
            ),
        ],
    ),
    Case(
        "identity-anro-look-alike",
        "identity",
        {"entity": "id:org/anro"},
        [
            (
                "look-alike",
                None,
                None,
                None,
                None,
                None,
                "judge:possibly-same",
                "id:org/organization-of-national-resistance-of-southern-azerbaijan",
                "Organization of National Resistance of Southern Azerbaijan@en",
                "0.5^^xsd:decimal",
                'The open letter names the "Azerbaijan National Resistance Organization '
                '(ANRO)" (spokesman Babek Chalabiyanli); the rally article names the « '
                "Organization of National Resistance of Southern Azerbaijan » (head of "
                'the press service Majid Araz). Both names are a "national resistance '
                'organization" of (South) Azerbaijan, both organisations speak for the '
                "Turks of South Azerbaijan against the Iranian government, and the "
                "article's wording reads like a translation of a name given in another "
                "language, so they may be one organisation. But the names are not "
                'identical ("Southern" appears only in the article), no acronym, '
                "founding date, person or address links the two, and the two people "
                "named hold different roles, which neither confirms nor excludes one "
                "organisation. The texts give no definitive proof either way.@en",
                "id:org/provkb-curators",
            ),
        ],
        only={"source": "look-alike"},
    ),
    Case(
        "identity-anro-one-name-as-written",
        "identity",
        {"entity": "id:org/anro"},
        [
            (
                "mention",
                "Azerbaijan National Resistance Movement",
                "id:doc/anro-letter-to-president",
                255,
                294,
                "id:doc/anro-letter-to-president/mention/255-294",
                "judge:same",
                None,
                None,
                "0.9^^xsd:decimal",
                'The letter expands the same acronym "(ANRO)" once as "Azerbaijan '
                'National Resistance Movement" (first paragraph) and elsewhere as '
                '"Azerbaijan National Resistance Organization" (appeal, signature, '
                "primer); the same signatory speaks as spokesman of both, and the "
                "primer describes one organisation established in 2006. The discrepancy "
                "reads as a slip in one expansion, not as two organisations; the letter "
                "does not comment on it.@en",
                "id:org/provkb-curators",
            ),
        ],
        only={"source": "mention", "start": 255},
    ),
    Case(
        "identity-bulut-alemdar",
        "identity",
        {"entity": "id:person/bulut-alemdar"},
        [
            ("altLabel", "Alemdar@en", None, None, None, None, None, None, None, None, None, None),
            (
                "mention",
                "Bulut Alemdar",
                "id:doc/alemdar-voa-interview",
                10,
                23,
                "id:doc/alemdar-voa-interview/mention/10-23",
                None,
                None,
                None,
                None,
                None,
                None,
            ),
            (
                "mention",
                "Bulut Alemdar",
                "id:doc/alemdar-voa-interview",
                39,
                52,
                "id:doc/alemdar-voa-interview/mention/39-52",
                None,
                None,
                None,
                None,
                None,
                None,
            ),
            (
                "mention",
                "Bulut Alemdar",
                "id:doc/alemdar-voa-interview",
                588,
                601,
                "id:doc/alemdar-voa-interview/mention/588-601",
                None,
                None,
                None,
                None,
                None,
                None,
            ),
            (
                "mention",
                "Alemdar",
                "id:doc/alemdar-voa-interview",
                899,
                906,
                "id:doc/alemdar-voa-interview/mention/899-906",
                None,
                None,
                None,
                None,
                None,
                None,
            ),
            (
                "mention",
                "Alemdar",
                "id:doc/alemdar-voa-interview",
                1234,
                1241,
                "id:doc/alemdar-voa-interview/mention/1234-1241",
                None,
                None,
                None,
                None,
                None,
                None,
            ),
            (
                "mention",
                "Alemdar",
                "id:doc/alemdar-voa-interview",
                2368,
                2375,
                "id:doc/alemdar-voa-interview/mention/2368-2375",
                None,
                None,
                None,
                None,
                None,
                None,
            ),
            (
                "mention",
                "Bulut Alemdar",
                "id:doc/alemdar-voa-interview",
                3494,
                3507,
                "id:doc/alemdar-voa-interview/mention/3494-3507",
                None,
                None,
                None,
                None,
                None,
                None,
            ),
            (
                "mention",
                "Alemdar",
                "id:doc/alemdar-voa-interview",
                4130,
                4137,
                "id:doc/alemdar-voa-interview/mention/4130-4137",
                None,
                None,
                None,
                None,
                None,
                None,
            ),
            (
                "prefLabel",
                "Bulut Alemdar@en",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ),
        ],
    ),
    Case(
        "weakly-sourced-collective-in-the-interview",
        "weakly-sourced",
        {},
        [
            (
                "collective-speaker",
                "id:doc/alemdar-voa-interview/assertion/flood-united-turks-and-turkmens",
                "id:collective/social-activists-and-local-media",
                None,
                None,
                "According to social activists and local media, “the flood disaster "
                "united the Turks living in Iranian Azerbaijan and Qashqai El with the "
                "Turkmens living in Turkmen Sahra.”",
                "id:doc/alemdar-voa-interview",
                416,
                587,
            ),
        ],
        only={"reason": "collective-speaker", "document": "id:doc/alemdar-voa-interview"},
    ),
    Case(
        "weakly-sourced-unnamed-translator",
        "weakly-sourced",
        {},
        [
            (
                "unnamed-relay-agent",
                "id:doc/alemdar-voa-interview/assertion/unity-demonstrated",
                "id:person/bulut-alemdar",
                "id:doc/alemdar-voa-interview/assertion/unity-demonstrated/hop/1",
                "unnamed translator of the English rendering",
                "the national activist claims that after the recent flood disaster in "
                'the Turkmen Sahra region, "the unity between Turks and Turkmens was '
                'demonstrated."',
                "id:doc/alemdar-voa-interview",
                264,
                415,
            ),
        ],
        only={
            "reason": "unnamed-relay-agent",
            "assertion": "id:doc/alemdar-voa-interview/assertion/unity-demonstrated",
        },
    ),
    *(
        Case(
            f"integrity-quote-span-{document}",
            "integrity-quote-span",
            {"document": f"id:doc/{document}"},
            [],
        )
        for document in (
            "alemdar-voa-interview",
            "anro-letter-to-president",
            "eurasia-news-brussels-rally",
            "haciyeva-2025-karabakh-article",
        )
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_exact_rows(store: ox.Store, catalogue: dict[str, CannedQuery], case: Case) -> None:
    query = catalogue[case.query]
    table = select_embedded(store, query.bind(case.values()))
    assert table.variables == query.columns
    rows = case.select(table)
    # On a difference, the rows as found, ready to paste into the case after review.
    assert rows == case.rows, "rows found:\n" + pprint.pformat(rows, width=96)


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "queries").glob("*.rq")))
def test_every_query_has_a_seed_case(name: str) -> None:
    assert any(case.query == name for case in CASES), f"no seed case runs {name}"


def test_capital_dotted_i_matches_as_turkic_i(
    store: ox.Store, catalogue: dict[str, CannedQuery]
) -> None:
    """who-said-it matches İ (U+0130) as I, as Turkic languages lower-case it, on every engine."""
    query = catalogue["who-said-it"]
    upper = select_embedded(store, query.bind({"words": "İRAN"})).rows
    assert upper
    assert upper == select_embedded(store, query.bind({"words": "iran"})).rows


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "queries").glob("*.rq")))
def test_header_examples_find_rows_in_the_seed(
    store: ox.Store, catalogue: dict[str, CannedQuery], name: str
) -> None:
    """The examples the listing and the server offer show something (the check excepted)."""
    query = catalogue[name]
    rows = select_embedded(store, query.bind({p.name: p.example for p in query.parameters})).rows
    assert bool(rows) == (name != "integrity-quote-span"), name
