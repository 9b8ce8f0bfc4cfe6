"""A wire report: the news agency a dateline or a credit line names carried every quote.

"OSLO, 3 June (Nordic Press Agency) – ...", "BERGEN (AP) — ..." at the head of the story, or a
credit line alone at its end ("— Reuters"), say the report reached the document through that
agency: each assertion of the document gets a news-agency hop, nearest the document (the agency
wrote the report the document carries, translating what it quotes: kb/README.md's example), after
only a citing author's hop, and before the hops the sentence states itself.
"""

from __future__ import annotations

import re

from provkb.draft.candidates import ACRONYM, org_kind
from provkb.draft.entities import EntityTable
from provkb.draft.model import Assertion, Hop, Mark

# A place (capitals, or a capitalised name), an optional date, the agency in brackets, a dash:
# the dateline opens a line. A name in brackets without the dash is an aside, not a dateline.
# The agency stands in brackets or between slashes ("/NPA/"); the date may hold a comma ("May
# 3, 2026"); a dash or a colon ends the dateline.
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][\w.'\-]*(?:[ \t]+[A-Z][\w.'\-]*){0,3}[ \t]*(?:,[ \t]*[^()/\n]{1,40}?)?"
    r"[ \t]*(?:\((?P<agency>[A-Z][^()\n]{1,60})\)|/(?P<slashed>[A-Z][^/\n]{1,60})/)"
    r"[ \t]*(?:[–—-]|:[ \t])",
    re.MULTILINE,
)
# A credit line: a dash and a name alone on the document's last line.
_CREDIT = re.compile(r"^[ \t]*[–—][ \t]*(?P<agency>[A-Z][\w.&' \-]{1,40}?)[ \t.]*\Z", re.MULTILINE)
_HEAD = 800  # a dateline stands in the first lines of a story
_MEDIA_KINDS = ("news-agency", "media-outlet", "publisher")
_BEFORE_AGENCY = ("citing-author",)


def wire_agency(table: EntityTable) -> str | None:
    """The news agency a dateline or a closing credit line names, or None."""
    text = table.text
    match = _DATELINE.search(text, 0, min(len(text), _HEAD))
    if match is None:
        last = text.rstrip().rfind("\n") + 1
        match = _CREDIT.match(text.rstrip(), last)
        if match is None or not _credit_is_agency(table, match.group("agency")):
            return None
    group = "slashed" if match.groupdict().get("slashed") else "agency"
    start, end = match.span(group)
    known = table.gazetteer.lookup(text[start:end].strip())
    ref = known or table.ref_of(start, end, "wire-dateline", "news-agency")
    proposed = table.new.get(ref)
    if proposed is not None and proposed.kind_value not in _MEDIA_KINDS:
        # A drafted proposal only: the dateline says it is an agency. Registry entities stay.
        proposed.kind_value = "news-agency"
    if not ref.startswith("org/"):
        return None
    return ref


def _credit_is_agency(table: EntityTable, written: str) -> bool:
    """A signature is a person's name: a credit line is an acronym ("AP"), a medium's name
    ("Nordic Press Agency"), a known medium, or a single word ("Reuters")."""
    written = written.strip()
    known = table.gazetteer.lookup(written)
    if known is not None:
        return table.gazetteer.kinds.get(known) in _MEDIA_KINDS
    return bool(
        ACRONYM.fullmatch(written) or org_kind(written) in _MEDIA_KINDS or " " not in written
    )


def apply_wire(table: EntityTable, assertions: list[Assertion]) -> None:
    """Give each assertion (but the agency's own) the news-agency hop the dateline states."""
    agency = wire_agency(table)
    if agency is None:
        return
    for assertion in assertions:
        if assertion.speaker.ref == agency:
            continue
        rest = [hop for hop in assertion.relay if hop.agent != agency]
        head = [hop for hop in rest if hop.role in _BEFORE_AGENCY]
        others = [hop for hop in rest if hop.role not in _BEFORE_AGENCY]
        hop = Hop("news-agency", agency, None, Mark("wire-dateline", 0.6))
        assertion.relay = [*head, hop, *others]
