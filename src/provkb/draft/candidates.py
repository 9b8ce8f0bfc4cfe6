"""Names the registry does not know: capitalised spans, titled people, acronyms and expansions.

Each candidate carries a kind guess (person, org or collective) from general cues: a title
before it ("President", "Senator"), an organisation word in it ("Agency", "Party", "Ministry"),
an acronym. The caller matches them against the registry first, so a known entity is never
proposed again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provkb.draft.dates import MONTHS, WEEKDAYS

_UPPER = "".join(chr(c) for c in range(0x41, 0x530) if chr(c).isupper())
_WORD = rf"[{_UPPER}][\w’'\-]*"
_CONNECTOR = r"(?:of|for|de|del|da|di|du|la|le|van|von|der|den|al|el|bin|ibn|on)"
NAME = re.compile(rf"{_WORD}(?:(?:\s{_CONNECTOR}(?:\sthe)?)?[ \u00a0]{_WORD})*")
ACRONYM = re.compile(rf"\b[{_UPPER}][{_UPPER}&]{{1,7}}\b")

# Words that open a sentence or a clause with a capital but are not names.
FUNCTION_WORDS = frozenset(
    "the a an in on at by for from to of and or but if as so yet however although though while "
    "when where whether this that these those there here it its he she they we i you his her "
    "their our my your according after before during since until despite because also then "
    "thus therefore moreover furthermore meanwhile firstly secondly finally today yesterday "
    "tomorrow dear link leave discover read share follow click subscribe everything nothing "
    "something anything everyone nobody someone anyone all none each every some many".split()
)
TITLES = frozenset(
    "president minister prime senator secretary ambassador spokesman spokeswoman spokesperson "
    "chairman chairwoman chair governor mayor general colonel judge prof professor dr mr mrs "
    "ms sir lord king queen prince sheikh ayatollah imam pope director commissioner "
    "congressman congresswoman representative deputy leader head chief maj gen lt col brig adm "
    "capt mp".split()
)
_ORG_WORDS: dict[str, str] = {
    **dict.fromkeys(("agency agencies wire").split(), "news-agency"),
    **dict.fromkeys(
        "news press radio tv television times post herald journal gazette media broadcasting "
        "channel daily tribune online voice courier telegraph dispatch bulletin "
        "newspaper magazine weekly broadcaster newswire fm chronicle observer ledger digest "
        "monitor mirror express guardian courrier gazete gazeta zeitung kurier presse "
        "tageblatt vestnik pravda izvestia novosti vedomosti haber haberler xeber xəbər "
        "khabar akhbar nachrichten nieuws noticias notizie corriere giornale diario jornal "
        "dagblad avis brief review today forum blog".split(),
        "media-outlet",
    ),
    **dict.fromkeys(("party").split(), "political-party"),
    **dict.fromkeys(("movement front resistance").split(), "political-movement"),
    **dict.fromkeys(
        (
            "ministry government department office administration service embassy consulate "
            "commission board directorate inspectorate secretariat authority agency's "
            "municipality prosecutor's"
        ).split(),
        "government-body",
    ),
    **dict.fromkeys(
        ("parliament senate assembly congress committee council").split(), "legislature"
    ),
    **dict.fromkeys(("university academy institute college school").split(), "academic-body"),
    **dict.fromkeys(("army forces force guard guards navy police military").split(), "armed-force"),
    **dict.fromkeys(("fc club team").split(), "sports-club"),
    **dict.fromkeys(
        "organization organisation association union league federation alliance society "
        "foundation network coalition group centre center company corporation bank "
        "institution trust charity observatory watch".split(),
        "political-organisation",
    ),
}
_TITLE_WORDS = "|".join(sorted(TITLES, key=len, reverse=True))
# A title before a name, with its "of ..." part: "Secretary of State", "Minister for Health".
PERSON_TITLE = re.compile(
    rf"\b(?i:{_TITLE_WORDS})\.?(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w\-]*)?\s+$"
)


@dataclass(frozen=True)
class Candidate:
    """A name found in the text, with its kind guess and the cue behind it."""

    start: int
    end: int
    kind: str  # person | org | collective
    org_kind: str | None
    rule: str
    confidence: float
    expansion_of: str | None = None  # for an acronym: its long form, when the text gives it


def org_kind(name: str) -> str | None:
    """The organisation kind an organisation word in ``name`` suggests, or None."""
    for word in reversed(re.findall(r"\w+", name.lower())):
        if word in _ORG_WORDS:
            return _ORG_WORDS[word]
    return None


def guess(text: str, start: int, end: int) -> Candidate:
    """A kind guess for the name at ``start:end`` from the name itself and what precedes it."""
    name = text[start:end]
    medium = _MEDIUM_BEFORE.search(text, max(0, start - 30), start)
    if medium:
        # "the state agency KTA", "the Munich daily Abendpost": the noun says what it is.
        medium_kind = "news-agency" if medium.group(1).lower() == "agency" else "media-outlet"
        return Candidate(start, end, "org", medium_kind, "media-noun-before-name", 0.7)
    if ACRONYM.fullmatch(name):
        return Candidate(start, end, "org", org_kind(name) or "political-organisation",
                         "acronym", 0.5)  # fmt: skip
    kind = org_kind(name)
    if kind:
        return Candidate(start, end, "org", kind, "organisation-word", 0.7)
    if PERSON_TITLE.search(text, max(0, start - 30), start):
        return Candidate(start, end, "person", None, "title-before-name", 0.75)
    words = name.split()
    if words and words[0].lower().rstrip(".") in TITLES and len(words) > 1:
        return Candidate(start, end, "person", None, "title-in-name", 0.7)
    if 2 <= len(words) <= 4:
        return Candidate(start, end, "person", None, "capitalised-words", 0.5)
    return Candidate(start, end, "org", "political-organisation", "capitalised-word", 0.3)


# A noun for a medium right before a name: "the agency «X»", "the weekly X".
_MEDIUM_BEFORE = re.compile(
    r"\b(agency|daily|weekly|newspaper|paper|magazine|channel|broadcaster|website|portal|"
    r"outlet|television|radio|tabloid)\s+[\"“«„*]?\s*$"
)


def names(text: str, lowercase_words: set[str]) -> list[tuple[int, int]]:
    """Capitalised spans that look like names, sentence-initial common words dropped.

    Args:
        text: the document text.
        lowercase_words: words the text also writes in lower case (so they are common words,
            not names, when a sentence starts with them).
    """
    spans = []
    joined_until = -1  # the end of a field an organisation's name took in after "and"
    for start, end in _runs(text):
        if start < joined_until:
            continue
        if field := _and_field(text, start, end):
            end = joined_until = field
        written = text[start:end]
        # A possessive is not part of the name: "Shah’s reign" names the Shah.
        possessive = re.search(r"['’]s?$", written)
        if possessive:
            end -= len(possessive.group())
        words = text[start:end].split()
        if re.search(r"['’](?:d|ll|m|ve|re|t)\b", written) or (
            len(words) == 1 and words[0].lower().rstrip(".") in TITLES
        ):
            continue  # a contraction ("I’d") or a bare title ("Dear Mr. President")
        # An organisation's name after "the" keeps its capitalised words, whatever the text
        # writes in lower case elsewhere: "The State Tax Service" where "the state" is written.
        named_body = _ORG_WORD.fullmatch(words[-1]) is not None and (
            words[0].lower() == "the" or text[max(0, start - 4) : start].lower() == "the "
        )
        # Drop leading words that are function words or that the text writes in lower case too.
        while words and (
            words[0].lower() in FUNCTION_WORDS
            or (
                words[0].lower() in lowercase_words
                and not named_body
                # "the Ministry of Ports" mid-sentence is a name even where "the ministry" is
                # written too; a sentence's first word is capitalised by its place.
                and (
                    _sentence_start(text, start)
                    or len(words) == 1
                    or not _ORG_WORD.fullmatch(words[0])
                )
            )
        ):
            start = text.index(words[0], start) + len(words[0])
            words = words[1:]
            while start < end and text[start].isspace():
                start += 1
            # A connector left at the front is not part of a name either.
            while words and re.fullmatch(_CONNECTOR + "|the", words[0]):
                start = text.index(words[0], start) + len(words[0])
                words = words[1:]
                while start < end and text[start].isspace():
                    start += 1
        while len(words) > 2 and _DOCUMENT_WORD.fullmatch(words[0]) and words[1].lower() == "of":
            # "COMMUNIQUÉ OF THE X PARTY": a document's title names its owner after "of".
            skip = 3 if words[2].lower() == "the" else 2
            start = text.index(words[skip - 1], text.index(words[1], start)) + len(words[skip - 1])
            words = words[skip:]
            while start < end and text[start].isspace():
                start += 1
        if not words:
            continue
        if len(words) == 1 and words[0].lower().rstrip(".") in TITLES:
            continue  # "The Minister said": a title that stands for a person named elsewhere
        if len(words) == 1 and _is_calendar_word(text, start, end):
            continue  # "on 21 March", "on Monday": a date, not a name
        if len(words) >= 3 and _OCCUPATION.fullmatch(words[0]) and _sentence_start(text, start):
            # "Economist Jane Doe said": the occupation is capitalised by its place only.
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
        while words and re.fullmatch(_CONNECTOR + "|the", words[-1]):
            words = words[:-1]
            end = text.rindex(" ", start, end)
        start = _after_title(text, start, end, words)
        if start < end and len(text[start:end]) > 1:
            spans.extend(_person_of_organisation(text, start, end))
    return spans


# A possessive inside a run of capitalised words ends the owner's name: "Council of Europe's
# Advisory Committee" names the Council of Europe, then its committee.
_INNER_POSSESSIVE = re.compile(r"['’]s?[ \u00a0]+(?=[A-ZÀ-Ž])")


# Common nouns whose possessive is part of an organisation's name ("People's Front").
_COMMON_OWNERS = frozenset(
    "people peoples women men workers children veterans farmers students teachers citizens "
    "nations writers journalists youth mothers fathers soldiers miners lawyers doctors "
    "employers traders".split()
)


def _runs(text: str) -> list[tuple[int, int]]:
    """The capitalised runs that may be names, cut after an owner's possessive."""
    runs = []
    for match in NAME.finditer(text):
        start, end = match.span()
        for owner in _INNER_POSSESSIVE.finditer(text, start, end):
            word = text[text.rfind(" ", start, owner.start()) + 1 : owner.start()]
            if word.lower() in _COMMON_OWNERS:
                continue  # "People's Front", "Workers' Party": part of the name
            runs.append((start, owner.start() + len(owner.group().rstrip())))
            start = owner.end()
        runs.append((start, end))
    return runs


# "Ministry of Culture and Information": one capitalised word after "and", with no capital
# after it, is a second field of the organisation's name, not a second name.
_AND_PORTFOLIO = re.compile(rf" and ({_WORD})")
_ADJECTIVE_BEFORE_NOUN = re.compile(rf"{_WORD}(?:an|ese|ish|ic|i)[ \u00a0]+[a-z]")
_AND_FIELD = re.compile(rf" and ({_WORD})(?![\w’'\-])(?![ \u00a0]+{_WORD})")


def _and_field(text: str, start: int, end: int) -> int | None:
    """Where an organisation's name ends when it joins two fields after "of" or "for" with
    "and" ("the Ministry of Culture and Information"), or None."""
    words = text[start:end].split()
    link = next((i for i, w in enumerate(words) if w in ("of", "for")), None)
    if link is None:
        return None
    if any(w.lower() in TITLES for w in words[:link]):
        # "Minister of Culture and Information Ana Berg": the portfolio's second field, then
        # the name (:func:`_after_title` finds where it starts).
        portfolio = _AND_PORTFOLIO.match(text, end)
        if portfolio and portfolio.group(1).lower() in _PORTFOLIO:
            named = NAME.match(text, portfolio.start(1))
            return named.end() if named else portfolio.end()
    if not any(_ORG_WORD.fullmatch(w) for w in words[:link]):
        return None
    field = _AND_FIELD.match(text, end)
    if field is None or field.group(1).lower() in FUNCTION_WORDS:
        return None
    if _ADJECTIVE_BEFORE_NOUN.match(text, field.start(1)):
        return None  # "the Ministry of Defence and Kaldenian officials": two subjects
    possessive = re.search(r"['’]s?$", field.group(1))
    return field.end() - (len(possessive.group()) if possessive else 0)


# The kinds of a text whose title names its owner ("COMMUNIQUÉ OF THE X", «STATEMENT OF X»).
DOCUMENT_KINDS = (
    r"(?:statement|communiqu[ée]|declaration|resolution|appeal|letter|manifesto|memorandum|"
    r"petition|address|platform|programme|program|demands)"
)
_DOCUMENT_WORD = re.compile(rf"(?i:(?:final\s+)?{DOCUMENT_KINDS})")
# Head words of an organisation's name that texts also write in lower case ("the ministry").
_ORG_WORD = re.compile(
    r"(?:Ministry|Council|Committee|Office|Department|Agency|Union|Party|Movement|Assembly|"
    r"Court|Commission|Directorate|Administration|Government|Parliament|Association|Society|"
    r"Federation|Institute|University|Embassy|Bureau|Service|Front|League|Congress|Mission)"
)
# Occupations that open a sentence before a person's full name ("Biologist Ana Berg said").
_OCCUPATION = re.compile(
    r"(?i:[a-z]+(?:ologist|ographer|ician|onomist)|activist|analyst|journalist|scientist|"
    r"historian|lawyer|attorney|researcher|economist|farmer|fisherman|fisher|teacher|nurse|"
    r"engineer|architect|writer|novelist|poet|artist|blogger|dissident|campaigner|diplomat|"
    r"politician|entrepreneur|businessman|businesswoman|lecturer|scholar|student|veteran|"
    r"pensioner|resident|shopkeeper|trader|worker|volunteer|organiser|organizer|filmmaker|"
    r"photographer|reporter|correspondent|commentator|columnist)"
)


def _is_calendar_word(text: str, start: int, end: int) -> bool:
    """A weekday, or a month next to a day or a year ("21 March", "March 2026")."""
    word = text[start:end].lower().rstrip(".")
    if word in WEEKDAYS:
        return True
    if word not in MONTHS:
        return False
    return bool(
        re.search(r"\d\s*(?:st|nd|rd|th)?\s*(?:of\s+)?$", text[max(0, start - 8) : start])
        or re.match(r"\s*\d", text[end : end + 4])
        # "in July", "since March", "last May": a time, not a person
        or re.search(
            r"\b(?:in|since|until|till|by|last|next|early|late|mid-?)\s*$",
            text[max(0, start - 8) : start],
        )
    )


def _sentence_start(text: str, at: int) -> bool:
    before = text[max(0, at - 3) : at]
    return at == 0 or "\n" in before or bool(re.search(r"[.!?:;][\"”’»)]*\s+$", before))


_OF_THE = re.compile(r"\s(?:of|from|at)(?:\sthe)?\s")


def _person_of_organisation(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A person's name and the organisation after "of" are two names: "Ana Berg of the
    University of Lund" names Ana Berg and the University of Lund. A name with an organisation
    word before "of" ("Ministry of Health") or one word before it ("Duke of York") stays one."""
    for link in _OF_THE.finditer(text, start, end):
        before, after = text[start : link.start()], text[link.end() : end]
        words = before.split()
        if (
            2 <= len(words) <= 3
            and org_kind(before) is None
            and words[0].lower().rstrip(".") not in TITLES
            and org_kind(after) is not None
        ):
            return [(start, link.start()), (link.end(), end)]
    return [(start, end)]


# The last words of a minister's portfolio ("for Diaspora Affairs", "of Foreign Trade").
_PORTFOLIO = frozenset(
    "affairs defence defense justice education health finance trade culture interior economy "
    "labour labor energy agriculture transport environment science sport sports development "
    "integration diaspora minorities information security industry tourism communications "
    "infrastructure youth family welfare planning".split()
)


def _after_title(text: str, start: int, end: int, words: list[str]) -> int:
    """Where the name starts when a title precedes it in the same capitalised run: "US
    Secretary of State Anthony Blinken" names Anthony Blinken."""
    last = None
    for index, word in enumerate(words[:-1]):
        if word.lower().rstrip(".") in TITLES:
            last = index
    if last is None:
        return start
    rest = words[last + 1 :]
    if len(rest) > 2 and rest[0] in ("of", "for"):
        rest = rest[2:] if rest[1] != "the" else rest[3:]
        # "Minister for Diaspora Affairs Ana Berg", "Minister of Culture and Information Ana
        # Berg": the portfolio runs to its last field word; the name follows.
        fields = [i for i, word in enumerate(rest[:-1]) if word.lower() in _PORTFOLIO]
        if fields and len(rest) - fields[-1] > 2:
            rest = rest[fields[-1] + 1 :]
    if not rest or not rest[0][:1].isupper():
        return start
    return text.rindex(" ".join(rest), start, end)


_LONG_WORD = rf"(?:{_WORD}|{_CONNECTOR}|the|and)"
_SHORT = ACRONYM.pattern[2:-2]
_EXPANSION = re.compile(rf"({_LONG_WORD}(?:[ \u00a0]{_LONG_WORD}){{1,9}})\s*\(\s*({_SHORT})\s*\)")
_REVERSE = re.compile(rf"\b({_SHORT})\s*\(\s*({_WORD}(?:[ \u00a0]{_LONG_WORD}){{1,9}})\s*\)")


def acronyms(text: str) -> list[tuple[int, int, int, int]]:
    """Acronyms with their expansions: "Long Form (LF)" and "LF (Long Form)".

    Returns (long start, long end, acronym start, acronym end) for each pair whose initials
    agree: the acronym's letters are the long form's capitalised initials, at least 3 in 4.
    """
    pairs = []
    for match in _EXPANSION.finditer(text):
        long_form, short = match.group(1), match.group(2)
        words = long_form.split()
        # Keep the last words of the long form, as many as the acronym needs.
        initials = [w for w in words if w[0].isupper()]
        if not initials:
            continue
        keep = initials[-len(short) :] if len(initials) >= len(short) else initials
        long_start = match.start(1) + _index_of_word(long_form, words, keep)
        if _initials_agree(short, [w[0] for w in keep]):
            pairs.append((long_start, match.end(1), match.start(2), match.end(2)))
    for match in _REVERSE.finditer(text):
        short, long_form = match.group(1), match.group(2)
        initials = [w[0] for w in long_form.split() if w[0].isupper()]
        if _initials_agree(short, initials):
            pairs.append((match.start(2), match.end(2), match.start(1), match.end(1)))
    return sorted(set(pairs))


def _index_of_word(long_form: str, words: list[str], keep: list[str]) -> int:
    # The offset in long_form of the word where the kept tail starts.
    position, offsets = 0, []
    for word in words:
        position = long_form.index(word, position)
        offsets.append(position)
        position += len(word)
    tail_start = len(words) - 1
    remaining = len(keep)
    for index in range(len(words) - 1, -1, -1):
        if words[index][0].isupper():
            remaining -= 1
            tail_start = index
            if remaining == 0:
                break
    return offsets[tail_start]


def _initials_agree(short: str, initials: list[str]) -> bool:
    letters = [c for c in short if c.isalpha()]
    if not letters or not initials or len(initials) < len(letters) - 1:
        return False
    same = sum(1 for a, b in zip(letters, initials, strict=False) if a == b.upper())
    return letters[0] == initials[0].upper() and same / len(letters) >= 0.75
