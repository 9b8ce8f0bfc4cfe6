"""The drafter's marks as the build's indexes record them: which items of the KB are unreviewed
drafts of ``provkb add``, by which rule and how sure the drafter was.

Read from the compiled RDF (the PROV-O marks :mod:`provkb.build.emit` writes: the item
``prov:wasGeneratedBy`` a ``pkb:DraftingActivity``, with ``pkb:draftRule``,
``pkb:draftConfidence`` and, for an assertion, ``pkb:draftSpeakerRule`` and
``pkb:draftSpeakerGuess``), never from the YAML, so the reader shows what the KB says. A person
accepts an item by deleting its ``draft:`` mark; the next build then has no mark for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import pyoxigraph as ox

from provkb.namespaces import PREFIXES

_PROLOGUE = "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items())
# One row per drafted item (its document when it has one: an assertion's, a mention's or an
# event's; a drafted registry entity has none). Every document's graph declares the drafting
# activity again, so the activity is read once, on its own: joined in the union graph, each
# declaration would repeat every item's row (rows growing with the square of the documents).
_QUERY = """SELECT DISTINCT ?x ?rule ?confidence ?speakerRule ?guess ?activity ?label ?doc WHERE {
  { SELECT DISTINCT ?activity ?label WHERE {
      ?activity a pkb:DraftingActivity . OPTIONAL { ?activity rdfs:label ?label } } }
  ?x prov:wasGeneratedBy ?activity ; pkb:draftRule ?rule ; pkb:draftConfidence ?confidence .
  OPTIONAL { ?x pkb:draftSpeakerRule ?speakerRule }
  OPTIONAL { ?x pkb:draftSpeakerGuess ?guess }
  OPTIONAL { ?x pkb:quotedIn|pkb:inDocument|pkb:reportedIn ?doc } }"""
# What every draft badge says, and what the legend explains it as.
BADGE = "draft — not reviewed"
LEGEND = (
    "proposed by the drafting program (provkb add) from the document's wording; no person has "
    "checked it yet, so the words, the speaker or the kind may be wrong."
)
OPEN_HINT = "Open a badge to see which rule proposed it and how sure the program was (0 to 1)."


@dataclass(frozen=True)
class DraftMark:
    """What the reader says of one drafted item.

    Attributes:
        rule: the drafter's rule or cue that proposed the item.
        confidence: how sure the drafter was, 0 to 1, as the KB writes it (``"0.85"``).
        drafter: the drafting activity's label (``drafting by provkb-rules/0.1.0``).
        speaker_rule: for an assertion, the rule that chose its speaker.
        speaker_guess: the speaker was only guessed (a pronoun, the previous speaker…).
        document: the document the item is in (``None`` for a registry entity).
    """

    rule: str
    confidence: str
    drafter: str
    speaker_rule: str | None = None
    speaker_guess: bool = False
    document: str | None = None

    def as_json(self) -> dict[str, str | bool | None]:
        """The mark as the reading index's JSON writes it (the document left out)."""
        found = asdict(self)
        del found["document"]
        return found


def read_marks(store: ox.Store) -> dict[str, DraftMark]:
    """Every drafted item of the KB by IRI (the union of the store's graphs)."""
    solutions = store.query(_PROLOGUE + _QUERY, use_default_graph_as_union=True)
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError("the draft marks' query is not a SELECT")
    marks: dict[str, DraftMark] = {}
    for row in solutions:
        subject = row["x"]
        if not isinstance(subject, ox.NamedNode):
            continue
        mark = DraftMark(
            rule=_text(row["rule"]) or "",
            confidence=_text(row["confidence"]) or "",
            drafter=_text(row["label"]) or _text(row["activity"]) or "",
            speaker_rule=_text(row["speakerRule"]),
            speaker_guess=_text(row["guess"]) in ("true", "1"),
            document=_text(row["doc"]),
        )
        # Several rows for one item only when it is in several documents (a shared event):
        # keep the least of them, so the same KB always gives the same mark.
        known = marks.get(subject.value)
        if known is None or _key(mark) < _key(known):
            marks[subject.value] = mark
    return marks


def explain(mark: Mapping[str, Any]) -> str:
    """The plain sentence a draft badge opens to: the rule, the confidence, and how the speaker
    was found (and that it was only guessed)."""
    drafter = str(mark.get("drafter") or "").removeprefix("drafting by ")
    by = f" ({drafter})" if drafter else ""
    sentence = (
        f"Proposed by the drafting program{by}: rule “{mark['rule']}”, "
        f"confidence {mark['confidence']} of 1."
    )
    if mark.get("speaker_rule"):
        if mark.get("speaker_guess"):
            sentence += f" Speaker guessed (rule “{mark['speaker_rule']}”): check who said it."
        else:
            sentence += f" Speaker found by rule “{mark['speaker_rule']}”."
    return sentence


def _text(term: ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple | None) -> str | None:
    return None if term is None or isinstance(term, ox.Triple) else term.value


def _key(mark: DraftMark) -> tuple[str, ...]:
    return tuple(str(value) for value in asdict(mark).values())
