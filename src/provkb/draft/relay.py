"""Relay chains: how the words reached the document ("told Reuters", "AFP reported", ...).

Hops are ordered nearest the document first: what reports the speech ("X reported", "according
to X", "quoted by X") comes before what the speaker spoke to ("told X", "in an interview with
X", "in a tweet").
"""

from __future__ import annotations

import re

from provkb.draft.entities import EntityTable
from provkb.draft.model import Hop, Mark

_OUTER, _INNER = 0, 1
_FILLER = r"(?:(?:the|a|an|its|his|her|their|[a-z][\w\-]*)\s+){0,5}[\"“«„]?\s*"
_CUES: tuple[tuple[re.Pattern[str], str, int, str], ...] = (
    (re.compile(r"\b(?:told|telling|tells)\s+(?:the\s+)?"), "outlet", _INNER, "told"),
    # "in an interview with X", "gave an interview to X", "X's interview for Y": the interview
    # itself is the cue, whatever verb or preposition comes before it.
    (
        re.compile(r"(?i:\binterview(?:ed)?\s+(?:with|to|for|by)\s+)" + _FILLER),
        "interviewer", _INNER, "interview-with",
    ),
    (re.compile(r"\bquoted\s+by\s+(?:the\s+)?", re.I), "intermediary", _OUTER, "quoted-by"),
    (re.compile(r"\b(?:according\s+to)\s+(?:the\s+)?", re.I), "outlet", _OUTER, "according-to"),
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
    r"\b(?:on|via|through|in)\s+(?:(?:his|her|their|its|the|an?)\s+)?(?:(?:official|personal)\s+)?"
    rf"(?P<on>{_PLATFORM})(?:\s+(?:post|page|channel|account|video|message|story))?"
    rf"|\b(?P<owned>{_PLATFORM})\s+(?:post|page|channel|account)\b"
    r"|\b(?P<tweet>(?i:in\s+an?\s+tweet|tweeted))\b"
    r"|\b(?P<unnamed>(?i:(?:on|via|through|in)\s+(?:the\s+)?social\s+(?:media|networks?)))\b"
)
_REPORTED = re.compile(r"\s+(?:reported|reports|said in a report|quoted)\b")
_MEDIA_KINDS = ("news-agency", "media-outlet", "publisher")


def _role_for(table: EntityTable, ref: str, default: str) -> str:
    kind = table.gazetteer.kinds.get(ref) or (
        table.new[ref].kind_value if ref in table.new else None
    )
    if kind == "news-agency":
        return "news-agency"
    return default


def hops(table: EntityTable, lo: int, hi: int, speaker: str | None) -> list[Hop]:
    """The relay hops that ``lo:hi`` (the assertion's sentence and its frame) states."""
    text = table.text
    found: list[tuple[int, int, Hop]] = []
    for pattern, role, layer, rule in _CUES:
        for match in pattern.finditer(text, lo, hi):
            name = _name_in_phrase(table, match.end(), hi)
            if not name:
                continue
            start, end, ref = name
            hint = "news-agency" if "agenc" in text[match.start() : start].lower() else None
            ref = ref or table.ref_of(start, end, f"relay-{rule}", hint or "media-outlet")
            if ref == speaker or not _is_medium(table, ref, rule):
                continue
            hop_role = _role_for(table, ref, role)
            found.append((layer, match.start(), Hop(hop_role, ref, None, Mark(rule, 0.6))))
    for match in _SOCIAL.finditer(text, lo, hi):
        found.append((_INNER, match.start(), social_hop(table, match)))
    for match in _REPORTED.finditer(text, lo, hi):
        name = table.name_ending_at(match.start())
        if not name or name[0] < lo:
            continue
        start, end, ref = name
        ref = ref or table.ref_of(start, end, "relay-reported", "media-outlet")
        if ref != speaker and _is_medium(table, ref, "reported"):
            hop = Hop(_role_for(table, ref, "outlet"), ref, None, Mark("reported", 0.6))
            found.append((_OUTER, start, hop))
    found.sort(key=lambda f: (f[0], f[1]))
    result: list[Hop] = []
    for _layer, _at, hop in found:
        if all((h.agent, h.agent_as_written) != (hop.agent, hop.agent_as_written) for h in result):
            result.append(hop)
    return result


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
    ref = table.gazetteer.lookup(platform)
    return Hop("social-media", ref, None if ref else platform, Mark("social-media", 0.6))


def _name_in_phrase(table: EntityTable, at: int, hi: int) -> tuple[int, int, str | None] | None:
    """The name a noun phrase ends with: "the Azerbaijani news agency «Azertaj»" -> Azertaj.

    The phrase runs to the next comma or full stop (80 characters at most); its last name is
    the head, earlier capitalised words are its modifiers.
    """
    text = table.text
    stop = re.search(r"[,.;:!?\n]|\s(?:that|and|who|which)\s", text[at : min(hi, at + 80)])
    end = at + (stop.start() if stop else min(hi, at + 80) - at)
    best = None
    position = at
    while position < end:
        name = table.name_starting_at(position)
        if name and name[1] <= end:
            best = name
            position = name[1]
        else:
            position += 1
    return best


def _is_medium(table: EntityTable, ref: str, rule: str) -> bool:
    # "told" and "according to" relay only through media; people told are addressees.
    if not ref.startswith("org/"):
        return False
    if rule in ("told", "according-to", "reported"):
        kind = table.gazetteer.kinds.get(ref) or (
            table.new[ref].kind_value if ref in table.new else None
        )
        return kind in _MEDIA_KINDS
    return True
