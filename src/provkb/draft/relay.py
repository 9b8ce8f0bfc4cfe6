"""Relay chains: how the words reached the document ("told Reuters", "AFP reported", ...).

Hops are ordered nearest the document first: what reports the speech ("X reported", "according
to X", "quoted by X") comes before what the speaker spoke to ("told X", "in an interview with
X", "in a tweet").
"""

from __future__ import annotations

import re

from provkb.draft import press
from provkb.draft.candidates import guess, org_kind
from provkb.draft.dates import MONTHS, WEEKDAYS
from provkb.draft.entities import EntityTable
from provkb.draft.model import Hop, Mark

_OUTER, _INNER = 0, 1
# The rules of hops by which a speaker gave words to a medium, which frame what follows.
GIVEN_TO = ("told", "interview-with")
_FILLER = r"(?:(?:the|a|an|its|his|her|their|[a-z][\w\-]*)\s+){0,5}[\"“«„]?\s*"
_CUES: tuple[tuple[re.Pattern[str], str, int, str], ...] = (
    (re.compile(r"\b(?:told|telling|tells)\s+(?:the\s+)?"), "outlet", _INNER, "told"),
    # "in an interview with X", "gave an interview to X", "X's interview for Y": the interview
    # itself is the cue, whatever verb or preposition comes before it.
    (
        re.compile(r"(?i:\binterview(?:ed)?\s+(?:with|to|for|by)\s+)" + _FILLER),
        "interviewer", _INNER, "interview-with",
    ),
    # "speaking to X", "in a statement to X": words given to a medium, like "told".
    (
        re.compile(
            r"(?i:\b(?:speaking|talking|spoke|said|(?:in\s+)?(?:a\s+)?(?:statement|comments?|"
            r"remarks))\s+to\s+(?:the\s+)?)"
        ),
        "outlet", _INNER, "told",
    ),
    # "writing in X", "in an op-ed for X": the speaker's own piece, published by X.
    (
        re.compile(
            r"(?i:\b(?:wrote|writing|written)\s+(?:in|for)\s+(?:the\s+)?|\bin\s+an?\s+"
            r"(?:article|op-ed|column|essay|commentary|opinion\s+piece)\s+(?:for|in)\s+(?:the\s+)?)"
        ),
        "outlet", _INNER, "wrote-in",
    ),
    # "speaking on X", "aired by X": a radio or television programme.
    (
        re.compile(
            r"(?i:\b(?:speaking|appearing|appeared|aired|broadcast|interviewed|talking|said)\s+"
            r"(?:on|by)\s+(?:the\s+)?)"
        ),
        "broadcaster", _INNER, "broadcast-on",
    ),
    # "wrote on X", "posted on X": a site (a web address, a medium by its name) published it.
    (
        re.compile(r"(?i:\b(?:wrote|writing|written|posted|published)\s+on\s+(?:the\s+)?)"),
        "outlet", _INNER, "wrote-on",
    ),
    # "quoted by X", "was quoted as saying by X".
    (
        re.compile(r"\bquoted\s+(?:as\s+saying\s+)?by\s+(?:the\s+)?", re.I),
        "intermediary", _OUTER, "quoted-by",
    ),
    (re.compile(r"\b(?:according\s+to)\s+(?:the\s+)?", re.I), "outlet", _OUTER, "according-to"),
    # "in remarks carried by X", "in comments published on Sunday by X": X printed the words.
    (
        re.compile(
            r"(?i:\b(?:carried|published|printed|posted|run|aired)\s+(?:(?:on|in|this|last)\s+"
            r"[\w\-]+\s+){0,2}by\s+(?:the\s+)?)"
        ),
        "outlet", _OUTER, "published-by",
    ),
    (re.compile(r"\breported\s+by\s+(?:the\s+)?", re.I), "outlet", _OUTER, "reported-by"),
)  # fmt: skip
# Platforms are proper names: written with a capital, "X" only as a word of its own.
_PLATFORM = (
    r"Twitter|X(?![\w\-])|Facebook|Telegram|Instagram|YouTube|TikTok|Bluesky|Mastodon|VKontakte"
    r"|WhatsApp|Threads|Weibo|WeChat"
)
# A platform a speaker used: "on Twitter", "via his Telegram channel", "in an Instagram post",
# "in a tweet"; and social media with no platform named ("through social media").
_SOCIAL = re.compile(
    r"\b(?:[Oo]n|[Vv]ia|[Tt]hrough|[Ii]n)\s+(?:(?:his|her|their|its|the|an?)\s+)?(?:(?:official|personal)\s+)?"
    rf"(?P<on>{_PLATFORM})(?:\s+(?:post|page|channel|account|video|message|story))?"
    rf"|\b(?P<owned>{_PLATFORM})\s+(?:post|page|channel|account)\b"
    r"|\b(?P<tweet>(?i:in\s+an?\s+tweet|tweeted))\b"
    r"|\b(?P<unnamed>(?i:(?:on|via|through|in)\s+(?:the\s+)?social\s+(?:media|networks?)))\b"
)
# A web address right after a relay cue ("told valmoranews.com"): the site is a medium. Written
# in lower case, as addresses are, so that "Dr.Smith" is no host.
_HOST = re.compile(
    r"(?:https?://)?(?:www\.)?[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9\-]+)*\.[a-z]{2,6}(?![\w.])"
)
# A site the words were published on: "on its website", "on the ministry's website", "on the
# website of the Port Authority". Owned by the speaker (a pronoun), or the name that says whose.
_WEBSITE = re.compile(
    r"\b(?:on|via|in)\s+(?:(?P<pronoun>its|his|her|their|our)\s+|the\s+(?P<modifier>(?:[a-z][\w\-]*"
    r"\s+){0,2}?))(?:official\s+)?"
    r"(?P<site>web\s?site|web\s?page|site|homepage|blog)\b(?P<of>\s+of\s+)?"
)
# Media named by what they are, not by name: "told state television", "told local media".
_UNNAMED_MEDIA = re.compile(
    r"\b(?:told|telling|speaking\s+to|talking\s+to|in\s+an?\s+interview\s+with|according\s+to"
    r"|(?:in\s+)?(?:a\s+)?statement\s+to)\s+(?P<written>(?:(?:the|a|an)\s+)?(?:(?:local|national|"
    r"state|state-run|state-owned|public|foreign|regional|international|independent|private|"
    r"pro-government|opposition)\s+){1,2}(?P<noun>media|press|television|TV|radio|broadcaster|"
    r"newspapers?|outlets?|news\s+agency))\b"
)
_INTERVIEW = re.compile(r"\b(?i:in\s+an?\s+(?:\w+\s+)?interview)\b")
_DETERMINER = re.compile(r"\b[Tt]he\s+[\"“«„]?\s*$")
# What stands between a platform's page or channel and its owner's name.
_OWNER_LEAD = re.compile(r"\s+(?:of\s+)?(?:the\s+)?[\"“«„]?\s*")
_REPORTED = re.compile(r"\s+(?:reported|reports|said in a report|quoted)\b")
_MEDIA_KINDS = ("news-agency", "media-outlet", "publisher")
# A name's acronym in brackets right before a verb: "Nordic Press Agency (NPA) reported".
_ACRONYM_BEFORE = re.compile(r"\s*\([A-ZÀ-Ž][\w&.\-]{0,9}\)$")
# A file name ("photo.jpg") is no web site.
_FILE_ENDINGS = {"jpg", "jpeg", "png", "gif", "pdf", "doc", "docx", "html", "htm", "txt"}
# A noun that says the name after it is a medium: "the news agency «X»", "the weekly X".
_MEDIA_NOUN = re.compile(
    r"(?i:\b(?:agency|newspaper|daily|weekly|magazine|journal|broadcaster|channel|television|"
    r"radio|website|site|outlet|portal|paper|service)\s*[\"“«„]?\s*)$"
)


def _role_for(table: EntityTable, ref: str, default: str) -> str:
    kind = table.gazetteer.kinds.get(ref) or (
        table.new[ref].kind_value if ref in table.new else None
    )
    if kind == "news-agency":
        return "news-agency"
    if kind in ("media-outlet", "publisher") and default == "intermediary":
        return "outlet"  # "quoted by the Post": a paper passes words on as an outlet
    return default


def hops(table: EntityTable, lo: int, hi: int, speaker: str | None) -> list[Hop]:
    """The relay hops that ``lo:hi`` (the assertion's sentence and its frame) states."""
    text = table.text
    found: list[tuple[int, int, Hop]] = []
    for pattern, role, layer, rule in _CUES:
        for match in pattern.finditer(text, lo, hi):
            host = _host_hop(table, match.end(), hi, speaker, role, rule)
            if host is not None:
                found.append((layer, match.start(), host))
                continue
            name = _name_in_phrase(table, match.end(), hi)
            if not name:
                continue
            name = _medium_part(table, *name)
            if _NOT_A_MEDIUM_AFTER.match(text, name[1]) or (
                rule == "told" and _ADJECTIVE_OF_PLURAL.match(text, name[1])
            ):
                continue  # "told the Pellandian side", "told European diplomats"
            if rule in ("according-to", "told") and _PLACED_BEFORE.search(
                text, match.end(), name[0]
            ):
                continue  # "according to officials at a meeting in Brussels": a place
            # "Writing in X" and "speaking on X" also take places and days: there, a single
            # capitalised word is no evidence of a medium.
            loose = rule not in ("wrote-in", "broadcast-on", "wrote-on")
            ref = medium_ref(table, *name, f"relay-{rule}", match.start(), loose=loose)
            if ref is not None and ref != speaker and rule == "according-to":
                ref = _relaying(table, ref, name, hi) or ref
            if ref is None or ref == speaker or not _is_medium(table, ref, rule):
                continue
            hop_role = _role_for(table, ref, role)
            if rule == "told" and hop_role == "outlet" and _INTERVIEW.search(text, lo, hi):
                hop_role = "interviewer"  # "told the Times in an interview"
            found.append((layer, match.start(), Hop(hop_role, ref, None, Mark(rule, 0.6))))
    for match in _UNNAMED_MEDIA.finditer(text, lo, hi):
        if re.match(r"\s+[\"“«„]?[A-ZÀ-Ž]", text[match.end() : match.end() + 3]):
            continue  # "told the state news agency KNA": the medium is named after all
        noun = match.group("noun").lower()
        role = (
            "broadcaster" if noun in ("television", "tv", "radio", "broadcaster")
            else "news-agency" if "agency" in noun else "outlet"
        )  # fmt: skip
        layer = _OUTER if match.group().lower().startswith("according") else _INNER
        hop = Hop(role, None, match.group("written"), Mark("unnamed-medium", 0.4))
        found.append((layer, match.start(), hop))
    found += _websites(table, lo, hi, speaker)
    for at, ref in press.given_to_unnamed(table, lo, hi):
        # "told the paper": the medium the text named last.
        if ref != speaker:
            found.append(
                (_INNER, at, Hop(_role_for(table, ref, "outlet"), ref, None, Mark("told", 0.5)))
            )
    for match in _SOCIAL.finditer(text, lo, hi):
        found.append((_INNER, match.start(), social_hop(table, match)))
    for match in _REPORTED.finditer(text, lo, hi):
        before = match.start()
        bracket = _ACRONYM_BEFORE.search(text, lo, before)
        if bracket:
            before = bracket.start()  # "Deutsche Nachrichtenagentur (DNA) quoted"
        name = table.name_ending_at(before)
        if not name or name[0] < lo:
            continue
        start = name[0]
        ref = medium_ref(table, *name, "relay-reported", max(lo, start - 40))
        if ref is not None and ref != speaker and as_reported(text, lo, match.end()):
            ref = _relaying(table, ref, (start, match.end(), None), hi) or ref
        if ref is not None and ref != speaker and _is_medium(table, ref, "reported"):
            hop = Hop(_role_for(table, ref, "outlet"), ref, None, Mark("reported", 0.6))
            found.append((_OUTER, start, hop))
    found.sort(key=lambda f: (f[0], f[1]))
    result: list[Hop] = []
    for _layer, _at, hop in found:
        if all((h.agent, h.agent_as_written) != (hop.agent, hop.agent_as_written) for h in result):
            result.append(hop)
    return result


def medium_ref(
    table: EntityTable,
    start: int,
    end: int,
    ref: str | None,
    rule: str,
    lo: int,
    *,
    loose: bool = True,
    sure: bool = False,
) -> str | None:
    """The entity a name in a relay cue refers to, when it can be a medium: a known entity, a
    name with a media word ("Nordland Post", "Sky News Agency") or after a media noun ("the
    weekly «Fjord»"), a name after "the" ("the Nordland Courier"), or a single capitalised word
    or acronym ("Reuters"). A name that reads as
    a person's ("Per Olsen") proposes nothing: told to or interviewed by a person is no medium.

    Args:
        table: the document's entities.
        start: where the name starts.
        end: where it ends.
        ref: the entity a known mention there refers to, if any.
        rule: the rule recorded on a proposed entity.
        lo: where the words before the name that may hold a media noun start.
        loose: whether a single capitalised word or acronym may be a medium.
        sure: whether the words around say the name is a medium ("published by X"), so that
            any name is one.
    """
    if ref is not None:
        return ref
    written = table.text[start:end]
    if written.lower() in MONTHS or written.lower() in WEEKDAYS:
        return None  # "an interview on Monday", "writing in March": a date, no medium
    noun = _MEDIA_NOUN.search(table.text, max(lo, start - 40), start)
    kind = org_kind(written)
    if noun is not None or kind in _MEDIA_KINDS:
        agency = kind == "news-agency" or (noun is not None and "agenc" in noun.group().lower())
        media_kind = "news-agency" if agency else "media-outlet"
        found = table.ref_of(start, end, rule, media_kind)
        proposed = table.new.get(found)
        if proposed is not None and proposed.kind_value == "political-organisation":
            # Proposed earlier from the name alone (the default kind of a capitalised word);
            # the media noun here says more. Registry entities are never changed.
            proposed.kind_value = media_kind
        return found
    # "the" before a proper name: no person's ("told the Nordland Courier").
    determiner = _DETERMINER.search(table.text, max(lo, start - 12), start)
    if sure or (loose and (determiner or guess(table.text, start, end).kind == "org")):
        return table.ref_of(start, end, rule, "media-outlet")
    return None


def social_hop(table: EntityTable, match: re.Match[str]) -> Hop:
    """The social-media hop a :data:`_SOCIAL` match states: the platform as written (a known
    entity when the registry has it), or an unnamed hop when the text names no platform."""
    platform = (
        match.group("on") or match.group("owned") or ("Twitter" if match.group("tweet") else None)
    )
    if platform is None:
        return Hop(
            "social-media", None, "social media (no platform named)", Mark("social-media", 0.5)
        )
    account = re.search(r"(?:page|channel|account)$", match.group())
    owner = platform_owner(table, match.end(), match.end() + 60) if account else None
    if owner is not None:
        return Hop("social-media", owner, None, Mark("social-media-account", 0.6))
    ref = table.gazetteer.lookup(platform)
    return Hop("social-media", ref, None if ref else platform, Mark("social-media", 0.6))


def platform_owner(table: EntityTable, at: int, hi: int) -> str | None:
    """Whose account it is, when the name follows the platform's page or channel: "the Telegram
    channel of the «Fjord» website", "Instagram page Tove Lind". The account's owner is the
    hop's agent; the platform alone says less."""
    lead = _OWNER_LEAD.match(table.text, at, hi)
    if lead is None:
        return None
    name = table.name_starting_at(lead.end())
    if name is None or name[1] > hi:
        return None
    start, end, ref = name
    return ref or table.ref_of(start, end, "social-media-account")


# A noun after a name that makes the phrase a party, not a medium the words were given to.
_NOT_A_MEDIUM_AFTER = re.compile(
    r"\s+(?:side|delegation|government|authorities|officials|negotiators|leadership|embassy|"
    r"counterparts?|team|parliament|ministry|people|diplomats|lawmakers|deputies|MPs|members|"
    r"colleagues|residents|delegates|partners|allies|leaders|ministers|envoys)\b"
)
# A name before a plural noun is its adjective ("told him about other Aralan teachers"); a
# medium's staff ("Nordpress reporters") are still the medium's.
_ADJECTIVE_OF_PLURAL = re.compile(
    r"\s+(?!(?:reporters|journalists|correspondents|viewers|readers|listeners)\b)[a-z]{3,}s\b"
)
# A locative preposition right before a name in a relay phrase: the name is where, not who.
_PLACED_BEFORE = re.compile(r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?$")


def _name_in_phrase(table: EntityTable, at: int, hi: int) -> tuple[int, int, str | None] | None:
    """The name a noun phrase ends with: "the Azerbaijani news agency «Azertaj»" -> Azertaj.

    The phrase runs to the next comma or full stop (80 characters at most); its last name is
    the head, earlier capitalised words are its modifiers.
    """
    text = table.text
    stop = re.search(r"[,.;:!?\n]|\s(?:that|and|who|which)\s", text[at : min(hi, at + 80)])
    end = at + (stop.start() if stop else min(hi, at + 80) - at)
    best: tuple[int, int, str | None] | None = None
    position = at
    for start in table.starts_between(max(0, at - 40), at):
        # The cue's own capitalised words may open the name span ("Speaking on Fjord TV"): the
        # name is what follows the cue.
        name = table.name_starting_at(start)
        if name and name[2] is None and at < name[1] <= end and text[at].isupper():
            best, position = (at, name[1], None), name[1]
    while position < end:
        name = table.name_starting_at(position)
        if name and name[1] <= end:
            if _MEDIA_NOUN.search(text, max(at, name[0] - 40), name[0]):
                return name  # "the financial daily Ostrelian Ledger in July": the medium
            best = name
            position = name[1]
        else:
            position += 1
    return best


def _is_medium(table: EntityTable, ref: str, rule: str) -> bool:
    # "told" and "according to" relay only through media; people told are addressees.
    if not ref.startswith("org/"):
        return False
    if rule in ("told", "according-to", "reported", "wrote-in", "broadcast-on", "wrote-on"):
        kind = table.gazetteer.kinds.get(ref) or (
            table.new[ref].kind_value if ref in table.new else None
        )
        return kind in _MEDIA_KINDS
    return True


def _host_hop(
    table: EntityTable, at: int, hi: int, speaker: str | None, role: str, rule: str
) -> Hop | None:
    """The hop to a web address right after a cue: "told valmoranews.com"."""
    host = _HOST.match(table.text, at, hi)
    if host is None or host.group().rsplit(".", 1)[-1] in _FILE_ENDINGS:
        return None
    ref = table.ref_of(host.start(), host.end(), f"relay-{rule}-site", "media-outlet")
    if ref == speaker or not ref.startswith("org/"):
        return None
    return Hop(role, ref, None, Mark(rule, 0.5))


def _websites(
    table: EntityTable, lo: int, hi: int, speaker: str | None
) -> list[tuple[int, int, Hop]]:
    """An outlet hop for words published on a website: the site's owner as its agent (the
    speaker for "its website"), or an unnamed site when the text says no more."""
    text = table.text
    found = []
    for match in _WEBSITE.finditer(text, lo, hi):
        if match.group("site") == "site" and match.group("pronoun") is None:
            continue  # "workers on the site": a place; "its site" is a web site
        owner: str | None = None
        if match.group("of"):
            lead = _OWNER_LEAD.match(text, match.end() - 1)
            name = table.name_starting_at(lead.end()) if lead else None
            if name is not None and name[1] <= hi:
                owner = name[2] or table.ref_of(name[0], name[1], "relay-website")
        elif match.group("pronoun") in ("its", "their", "our"):
            owner = speaker if speaker and speaker.startswith("org/") else None
        elif match.group("pronoun") is None and not match.group("modifier"):
            # "on the ministry's website": the possessive before the word for the site.
            possessive = re.search(
                r"(?:the\s+)?([A-Z][\w\- ]*?)['’]s\s+(?:official\s+)?$",
                text[max(lo, match.start() - 60) : match.start("site")],
            )
            if possessive is not None:
                start = match.start("site") - len(possessive.group()) + possessive.start(1)
                name = table.name_starting_at(start)
                if name is not None:
                    owner = name[2] or table.ref_of(name[0], name[1], "relay-website")
        if owner is not None and not owner.startswith("org/"):
            owner = None
        # As written, without the preposition: "its website".
        written = None if owner else text[match.start() : match.end("site")].split(None, 1)[1]
        found.append((_INNER, match.start(), Hop("outlet", owner, written, Mark("website", 0.5))))
    return found


# A date after a name that the name-finder joined to it: "the Valmora Gazette on Tuesday".
_TRAILING_DATE = re.compile(r"\s+(?:on|in|at|this|last)\s+(?:the\s+)?(?P<word>[A-Z]\w*)$")
# A person or a programme of a medium: "Anna Berg of Radio Nord", "Morning Show on Radio Nord".
_OF_MEDIUM = re.compile(r"\s+(?:of|for|from|at|on)\s+(?:the\s+)?")


def _medium_part(
    table: EntityTable, start: int, end: int, ref: str | None
) -> tuple[int, int, str | None]:
    """The part of a name span that can be the medium: without a trailing day or month, and
    the medium after "of" when the span is a journalist of it ("Anna Berg of Radio Nord")."""
    if ref is not None:
        return start, end, ref
    written = table.text[start:end]
    trailing = _TRAILING_DATE.search(written)
    if trailing and (
        trailing.group("word").lower() in MONTHS or trailing.group("word").lower() in WEEKDAYS
    ):
        end = start + trailing.start()
        written = table.text[start:end]
    for part in _OF_MEDIUM.finditer(written):
        tail = start + part.end()
        if (
            org_kind(table.text[tail:end]) in _MEDIA_KINDS
            and org_kind(written[: part.start()]) not in _MEDIA_KINDS
        ):
            return tail, end, table.gazetteer.lookup(table.text[tail:end])
    return start, end, None


# An aside at the head of a clause: "As Fjordpost reported", "..., as the Herald wrote".
_AS_ASIDE = re.compile(r"(?:^|[,;:(]\s*|[.!?]\s+)[Aa]s\s+[^,;:.!?]{1,60}$")
_AS_ASIDE_INNER = re.compile(r"(?:[,;:(]\s*|[.!?]\s+)[Aa]s\s+[^,;:.!?]{1,60}$")
# What follows "according to X," when X passes on another's words: a subject and a speech verb.
_THEN_SPEAKER = re.compile(
    r"\s*,\s*(?:[A-Z][\w\-]*\s+){1,4}(?:said|says|told|stated|claimed|added|wrote|warned|"
    r"announced|insisted|argued|declared)\b"
)


def as_reported(text: str, lo: int, verb_end: int) -> bool:
    """Whether the verb ending at ``verb_end`` is in an aside that opens its clause and ends
    with a comma: "As Fjordpost reported, Per Olsen said ...". The aside says who passed the
    words on; it is no assertion of its own. ``lo`` is where the sentence starts."""
    if not text.startswith(",", verb_end):
        return False
    start = max(lo, verb_end - 100)
    # A window cut inside the sentence has no start of its own: the aside opens after a mark.
    pattern = _AS_ASIDE if start == lo else _AS_ASIDE_INNER
    return pattern.search(text[start:verb_end]) is not None


def _relaying(
    table: EntityTable, ref: str, name: tuple[int, int, str | None], hi: int
) -> str | None:
    """ "According to X, Y said ...": X passes on Y's words, so X is a medium when nothing says
    what else it is. Only a name proposed from its capitals alone (no organisation word, not
    in the registry) takes the medium kind; a person is never one."""
    # The speaker's clause follows the name ("according to X, Y said") or the aside's verb ("as
    # X reported, Y said").
    if ref not in table.new or _THEN_SPEAKER.match(table.text, name[1], hi) is None:
        return None
    proposed = table.new[ref]
    if proposed.kind_value == "political-organisation" and org_kind(proposed.label) is None:
        proposed.kind_value = "media-outlet"
        return ref
    return None
