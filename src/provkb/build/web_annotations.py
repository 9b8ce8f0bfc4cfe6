"""Each document's assertions and mentions as W3C Web Annotations (JSON-LD), so that annotation
tools (Hypothesis- or Recogito-style) can load them.

An assertion becomes an ``oa:Annotation`` motivated by ``describing`` whose target is the
document selected by a ``TextQuoteSelector`` and a ``TextPositionSelector`` (code points, as the
KB's spans count them) and whose bodies are the assertion itself (with its speaker, kind and
speech mode, in the provkb vocabulary) and a short text saying who said it. A mention becomes an
annotation motivated by ``identifying`` whose body is the entity. The collection of one document is
an ``AnnotationCollection`` (``as:OrderedCollection``); the server pages it (the read side of the
Web Annotation Protocol) and the build writes it whole, one file per document, with the dumps.

An annotation of an unreviewed draft of ``provkb add`` says so in the model's own terms: its
``creator`` is the drafting program (``Software``, with its name and version as the KB's PROV-O
marks record them), and it carries the drafter's rule and confidence in the provkb vocabulary
(``pkb:draftRule``, ``pkb:draftConfidence``…, the KB's own properties). A curated annotation
has no such marks.
"""

from __future__ import annotations

from typing import Any

from provkb.namespaces import PREFIXES

FOLDER = "annotations"
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The provkb terms the bodies use, on top of the Web Annotation context.
PROVKB_CONTEXT: dict[str, Any] = {
    "pkb": PREFIXES["pkb"],
    "ldp": "http://www.w3.org/ns/ldp#",
    "BasicContainer": "ldp:BasicContainer",
    "speaker": {"@id": "pkb:speaker", "@type": "@id"},
    "assertionKind": {"@id": "pkb:assertionKind", "@type": "@id"},
    "speechMode": {"@id": "pkb:speechMode", "@type": "@id"},
    "quotedIn": {"@id": "pkb:quotedIn", "@type": "@id"},
    # A drafted annotation: the drafter's version, rule and confidence (the KB's own terms).
    "softwareVersion": "http://schema.org/softwareVersion",
    "draftRule": "pkb:draftRule",
    "draftConfidence": {"@id": "pkb:draftConfidence", "@type": PREFIXES["xsd"] + "decimal"},
    "draftSpeakerRule": "pkb:draftSpeakerRule",
    "draftSpeakerGuess": {"@id": "pkb:draftSpeakerGuess", "@type": PREFIXES["xsd"] + "boolean"},
}
CONTEXT: list[Any] = [ANNO_CONTEXT, PROVKB_CONTEXT]
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
_AFFIX = 32


def container_iri(base: str, slug: str) -> str:
    """The IRI of one document's annotation collection: ``<base>annotations/<slug>/``."""
    return f"{base}{FOLDER}/{slug}/"


def annotation_items(base: str, document: dict[str, Any], text: str) -> list[dict[str, Any]]:
    """The annotations of one document (a reading-index file, see
    :mod:`provkb.build.reading_index`) in reading order: assertions, then mentions, each by
    position."""
    container = container_iri(base, document["slug"])
    out = []
    for item in document["assertions"]:
        speakers = ", ".join(s["name"] for s in item["speakers"]) or "unknown speaker"
        mode = item["mode"] or "unstated"
        out.append(
            (
                item["start"],
                0,
                {
                    "id": f"{container}assertion/{item['id']}",
                    "type": "Annotation",
                    "motivation": "describing",
                    **_drafted(item.get("draft")),
                    "body": [
                        _assertion_body(item),
                        {
                            "type": "TextualBody",
                            "purpose": "describing",
                            "format": "text/plain",
                            "language": "en",
                            "value": f"{speakers}: {item['kind']['name']} ({mode} speech)",
                        },
                    ],
                    "target": _target(document["iri"], text, item["start"], item["end"]),
                },
            )
        )
    for mention in document["mentions"]:
        entity = mention["entity"]
        out.append(
            (
                mention["start"],
                1,
                {
                    "id": f"{container}mention/{mention['start']}-{mention['end']}",
                    "type": "Annotation",
                    "motivation": "identifying",
                    **_drafted(mention.get("draft")),
                    "body": [
                        {
                            "type": "SpecificResource",
                            "purpose": "identifying",
                            "source": entity["iri"],
                        },
                        {
                            "type": "TextualBody",
                            "purpose": "tagging",
                            "format": "text/plain",
                            "value": entity["name"],
                        },
                    ],
                    "target": _target(document["iri"], text, mention["start"], mention["end"]),
                },
            )
        )
    out.sort(key=lambda entry: (entry[0], entry[1], entry[2]["id"]))
    return [entry[2] for entry in out]


def _drafted(mark: dict[str, Any] | None) -> dict[str, Any]:
    """What an annotation of a drafted item adds: the drafting program as its creator, and the
    rule and confidence it proposed the item with (nothing for a curated item)."""
    if not mark:
        return {}
    # The activity's label is "drafting by <name>/<version>" (provkb.build.emit).
    drafter = str(mark["drafter"]).removeprefix("drafting by ")
    name, _, version = drafter.partition("/")
    creator: dict[str, Any] = {"type": "Software", "name": name}
    if version:
        creator["softwareVersion"] = version
    found: dict[str, Any] = {
        "creator": creator,
        "draftRule": mark["rule"],
        "draftConfidence": mark["confidence"],
    }
    if mark.get("speaker_rule"):
        found["draftSpeakerRule"] = mark["speaker_rule"]
        found["draftSpeakerGuess"] = bool(mark.get("speaker_guess"))
    return found


def _assertion_body(item: dict[str, Any]) -> dict[str, Any]:
    """The assertion as a body: its IRI, speakers, kind and speech mode (those it has: JSON-LD
    has no null statements)."""
    body: dict[str, Any] = {
        "id": item["iri"],
        "type": "pkb:Assertion",
        "speaker": [s["iri"] for s in item["speakers"]],
    }
    if item["kind"]["iri"]:
        body["assertionKind"] = item["kind"]["iri"]
    if item["mode"]:
        body["speechMode"] = f"{PREFIXES['pkbv']}speech-mode/{item['mode']}"
    return body


def _target(source: str, text: str, start: int, end: int) -> dict[str, Any]:
    return {
        "source": source,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - _AFFIX) : start],
                "suffix": text[end : end + _AFFIX],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


def collection(
    base: str, document: dict[str, Any], text: str, *, label: str | None = None
) -> dict[str, Any]:
    """The whole annotation collection of one document, every annotation in one page (the dump
    file)."""
    container = container_iri(base, document["slug"])
    items = annotation_items(base, document, text)
    return {
        "@context": CONTEXT,
        "id": container,
        "type": "AnnotationCollection",
        "label": label or f"Assertions and mentions of {document['title']}",
        "total": len(items),
        "first": {
            "id": f"{container}?page=0",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }
