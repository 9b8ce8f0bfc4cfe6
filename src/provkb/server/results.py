"""Serialisers of query results that enforce the deadline, the row cap and the size cap.

pyoxigraph's own serialisers write a whole result at once, with no hook to count rows or look at
the clock, and its results are lazy iterators: rows are computed while they are written. So the
SPARQL results formats (JSON, XML, CSV, TSV) are written here row by row, checking the limits
after every row; graphs are collected triple by triple under the same checks and then handed to
pyoxigraph's RDF serialisers. The tests parse every format back with pyoxigraph and rdflib.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import IO, Any, cast
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from provkb.namespaces import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


class LimitExceeded(Exception):
    """A result went past a limit; ``code`` says which (``timeout``, ``too-many-rows``,
    ``response-too-large``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Limits:
    """The limits one query runs under: a wall-clock deadline (``time.time()``), rows, bytes."""

    deadline: float
    max_rows: int
    max_bytes: int

    def check_time(self) -> None:
        """Raise :class:`LimitExceeded` once the deadline has passed."""
        if time.time() > self.deadline:
            raise LimitExceeded("timeout", "the query ran past its deadline and was cancelled")

    def check_rows(self, rows: int) -> None:
        """Raise :class:`LimitExceeded` when ``rows`` is over the row cap."""
        if rows > self.max_rows:
            raise LimitExceeded(
                "too-many-rows",
                f"the result has more than {self.max_rows} rows; add a LIMIT or narrow the query",
            )

    def check_size(self, size: int) -> None:
        """Raise :class:`LimitExceeded` when ``size`` bytes is over the response-size cap."""
        if size > self.max_bytes:
            raise LimitExceeded(
                "response-too-large",
                f"the serialised result is larger than {self.max_bytes} bytes; narrow the query",
            )


class Unrepresentable(Exception):
    """The result holds what the requested format cannot carry: a triple term in JSON-LD, a
    predicate RDF/XML has no element name for, a control character in XML."""


# Characters XML 1.0 cannot carry at all, not even as a character reference.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    if _NOT_XML.search(value):
        raise Unrepresentable("a value holds a control character, which XML 1.0 cannot carry")
    return escape(value)


class _CappedBuffer:
    """A byte buffer that refuses to grow past the response-size cap."""

    def __init__(self, limits: Limits) -> None:
        self._parts: list[bytes] = []
        self._size = 0
        self._limits = limits
        # pyoxigraph turns an exception raised in write() into an OSError; keep the original.
        self.exceeded: LimitExceeded | None = None

    def write(self, data: bytes) -> int:
        """Append bytes, refusing them past the response-size cap."""
        self._size += len(data)
        try:
            self._limits.check_size(self._size)
        except LimitExceeded as error:
            self.exceeded = error
            raise
        self._parts.append(data)
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the bytes stay in memory until the whole result is written."""

    def serialize(self, items: list[ox.Triple] | list[ox.Quad], rdf_format: ox.RdfFormat) -> None:
        """Let pyoxigraph write ``items`` here, re-raising the cap it ran into, if any."""
        try:
            # pyoxigraph needs only write(); typeshed's IO[bytes] asks for the whole interface.
            ox.serialize(items, cast(IO[bytes], self), rdf_format, prefixes=dict(PREFIXES))
        except OSError as error:
            if self.exceeded is not None:
                raise self.exceeded from None
            # The items were read from the store before: what fails here is the format.
            raise Unrepresentable(str(error)) from None
        if rdf_format == ox.RdfFormat.RDF_XML:
            # A second wall: pyoxigraph writes some IRIs and characters RDF/XML cannot carry
            # as XML that does not parse; no such document leaves the server.
            parser = expat.ParserCreate(namespace_separator=" ")  # namespace-well-formed too
            try:
                parser.Parse(self.getvalue(), True)
            except expat.ExpatError as error:
                raise Unrepresentable(f"RDF/XML cannot carry this result ({error})") from None

    def getvalue(self) -> bytes:
        """Everything written so far."""
        return b"".join(self._parts)


def limited_rows(rows: Iterable[Any], limits: Limits) -> Iterator[Any]:
    """Yield rows, checking the clock before each and the row cap after each."""
    limits.check_time()
    for count, row in enumerate(rows, start=1):
        limits.check_rows(count)
        limits.check_time()
        yield row


# ---------------------------------------------------------------- SPARQL JSON

# Each row is written as a string built from its terms rather than through a dict per term and
# json.dumps per row: that was most of the Python time of a query's worker (1-2 ms per
# 100 rows). encode_basestring is json's own C string escaper, as json.dumps(ensure_ascii=False).
_TYPE_URI = '{"type":"uri","value":'
_TYPE_BNODE = '{"type":"bnode","value":'
_TYPE_LITERAL = '{"type":"literal","value":'


def _json_term_text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """A term as SPARQL 1.1 JSON (with RDF-star triples as SPARQL-star JSON)."""
    if isinstance(term, ox.NamedNode):
        return _TYPE_URI + encode_basestring(term.value) + "}"
    if isinstance(term, ox.Literal):
        value = _TYPE_LITERAL + encode_basestring(term.value)
        if term.language:
            return value + ',"xml:lang":' + encode_basestring(term.language) + "}"
        datatype = term.datatype.value
        if datatype != XSD_STRING:
            return value + ',"datatype":' + encode_basestring(datatype) + "}"
        return value + "}"
    if isinstance(term, ox.BlankNode):
        return _TYPE_BNODE + encode_basestring(term.value) + "}"
    return (
        '{"type":"triple","value":{"subject":'
        + _json_term_text(term.subject)
        + ',"predicate":'
        + _json_term_text(term.predicate)
        + ',"object":'
        + _json_term_text(term.object)
        + "}}"
    )


def _solutions_json(names: list[str], rows: Iterable[ox.QuerySolution], out: _CappedBuffer) -> None:
    # Compact, as pyoxigraph writes it: the two writers give the same bytes (tested), so a job
    # answers alike whichever of them wrote it (see execution.execute).
    head = json.dumps(names, separators=(",", ":"))
    out.write(b'{"head":{"vars":' + head.encode() + b'},"results":{"bindings":[')
    keys = [encode_basestring(name) + ":" for name in names]
    separator = "{"
    for row in rows:
        binding = ",".join(
            key + _json_term_text(term)
            for key, term in zip(keys, row, strict=True)
            if term is not None
        )
        out.write((separator + binding + "}").encode())
        separator = ",{"
    out.write(b"]}}")


# ---------------------------------------------------------------- SPARQL XML


def _xml_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        value = _xml_text(term.value)
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{value}</literal>"
        if term.datatype.value != XSD_STRING:
            dt = quoteattr(_xml_text(term.datatype.value))
            return f"<literal datatype={dt}>{value}</literal>"
        return f"<literal>{value}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject>"
        f"<predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def _solutions_xml(names: list[str], rows: Iterable[ox.QuerySolution], out: _CappedBuffer) -> None:
    head = "".join(f"<variable name={quoteattr(n)}/>" for n in names)
    out.write(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{RESULTS_NS}">'
        f"<head>{head}</head><results>".encode()
    )
    for row in rows:
        bindings = "".join(
            f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
            for n, t in zip(names, row, strict=True)
            if t is not None
        )
        out.write(f"<result>{bindings}</result>".encode())
    out.write(b"</results></sparql>\n")


# ---------------------------------------------------------------- CSV and TSV


def _csv_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _solutions_csv(names: list[str], rows: Iterable[ox.QuerySolution], out: _CappedBuffer) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(names)
    out.write(text.getvalue().encode())
    for row in rows:
        text.seek(0)
        text.truncate()
        writer.writerow([_csv_value(t) for t in row])
        out.write(text.getvalue().encode())


def _solutions_tsv(names: list[str], rows: Iterable[ox.QuerySolution], out: _CappedBuffer) -> None:
    out.write(("\t".join(f"?{n}" for n in names) + "\n").encode())
    for row in rows:
        # str() of a pyoxigraph term is its N-Triples form, with tabs and newlines escaped,
        # which is what SPARQL TSV asks for.
        out.write(("\t".join("" if t is None else str(t) for t in row) + "\n").encode())


_SOLUTION_WRITERS = {
    "json": _solutions_json,
    "xml": _solutions_xml,
    "csv": _solutions_csv,
    "tsv": _solutions_tsv,
}


def serialise_solutions(solutions: ox.QuerySolutions, kind: str, limits: Limits) -> bytes:
    """Write a SELECT result in ``kind`` (json, xml, csv or tsv) under ``limits``."""
    names = [v.value for v in solutions.variables]
    out = _CappedBuffer(limits)
    _SOLUTION_WRITERS[kind](names, limited_rows(solutions, limits), out)
    return out.getvalue()


def serialise_boolean(value: bool, kind: str) -> bytes:
    """Write an ASK result in ``kind`` (json or xml)."""
    if kind == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{RESULTS_NS}"><head/>'
        f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
    ).encode()


def serialise_graph(
    triples: Iterable[ox.Triple], rdf_format: ox.RdfFormat, limits: Limits
) -> bytes:
    """Write triples in an RDF format under ``limits`` (quad formats put them in the default
    graph)."""
    collected = list(limited_rows(triples, limits))
    items: list[ox.Triple] | list[ox.Quad] = collected
    if rdf_format.supports_datasets:
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in collected]
    out = _CappedBuffer(limits)
    out.serialize(items, rdf_format)
    return out.getvalue()


def serialise_quads(quads: Iterable[ox.Quad], rdf_format: ox.RdfFormat, limits: Limits) -> bytes:
    """Write quads in a dataset format (TriG or N-Quads) under ``limits``."""
    collected = list(limited_rows(quads, limits))
    out = _CappedBuffer(limits)
    out.serialize(collected, rdf_format)
    return out.getvalue()
