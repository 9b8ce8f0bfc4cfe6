"""Content negotiation: parse ``Accept`` and pick the best of the media types a resource offers.

The tables below are the formats the endpoint serves, in the server's order of preference (the
first wins a tie, and ``*/*`` or a missing ``Accept`` gets the first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

# SELECT results: media type -> serialiser name (see provkb.server.results).
SOLUTION_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
# ASK results: CSV and TSV define no boolean form.
BOOLEAN_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
# CONSTRUCT / DESCRIBE results and graphs.
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/json": ox.RdfFormat.JSON_LD,
}
# Whole datasets (several named graphs): only the quad formats keep the graph names.
DATASET_TYPES: dict[str, ox.RdfFormat] = {
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float
    specificity: int


# RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
_QVALUE = re.compile(r"0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?")


def _parse_accept(header: str) -> list[_Range]:
    ranges: list[_Range] = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            continue
        main, sub = media.split("/", 1)
        q = 1.0
        params = 0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                # A malformed weight ("q=abc", "q=nan", "q=2") is ignored, not read as 0: the
                # client asked for the type, only its weight is unreadable.
                if _QVALUE.fullmatch(value.strip()):
                    q = float(value.strip())
            else:
                params += 1
        specificity = 0 if main == "*" else (1 if sub == "*" else 2)
        ranges.append(_Range(main, sub, q, specificity * 10 + params))
    return ranges


def _quality(ranges: list[_Range], offer: str) -> float:
    main, sub = offer.split("/", 1)
    best: _Range | None = None
    for r in ranges:
        if (r.type in ("*", main)) and (r.subtype in ("*", sub)):
            if r.type == "*" and r.subtype != "*":
                continue
            if best is None or r.specificity > best.specificity:
                best = r
    return best.q if best else 0.0


def negotiate(accept: str | None, offers: list[str]) -> str | None:
    """The offered media type the client prefers, or ``None`` when it accepts none of them.

    The most specific matching range sets an offer's quality (RFC 9110 §12.5.1); ties go to the
    earlier offer. A missing or empty ``Accept`` accepts anything.
    """
    if not offers:
        return None
    if not accept or not accept.strip():
        return offers[0]
    ranges = _parse_accept(accept)
    if not ranges:
        return offers[0]
    best, best_q = None, 0.0
    for offer in offers:
        q = _quality(ranges, offer)
        if q > best_q:
            best, best_q = offer, q
    return best


def content_type(media_type: str) -> str:
    """The ``Content-Type`` value for a media type: ``text/*`` types say their charset (their
    default would otherwise be US-ASCII for some clients); the others are UTF-8 by definition."""
    if media_type.startswith("text/"):
        return f"{media_type}; charset=utf-8"
    return media_type
