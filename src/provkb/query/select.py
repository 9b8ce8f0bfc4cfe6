"""Run SELECT queries on the embedded store, with the result shape remote endpoints share.

Both paths (here and :mod:`provkb.query.remote`) give a :class:`Table`: the projected variables
and, per row, each variable's value as a :class:`Term` in the shape of the SPARQL 1.1 JSON
results format. Results from different engines can then be compared directly (Virtuoso, for one,
types plain strings as ``xsd:string``, which RDF 1.1 says is the same literal) and written out
in the standard result formats.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term as the SPARQL JSON results format describes it.

    ``kind`` is ``uri``, ``literal`` or ``bnode``; ``datatype`` is ``None`` for simple and
    language-tagged literals (``xsd:string`` is normalised away, as RDF 1.1 makes them equal).
    """

    kind: str
    value: str
    datatype: str | None = None
    language: str | None = None

    def to_json(self) -> dict[str, str]:
        """The term as an object of the SPARQL 1.1 JSON results format."""
        out = {"type": self.kind, "value": self.value}
        if self.language:
            out["xml:lang"] = self.language
        elif self.datatype:
            out["datatype"] = self.datatype
        return out

    def to_oxigraph(self) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        """The term as a pyoxigraph term (whose ``str`` is its N-Triples form)."""
        if self.kind == "uri":
            return ox.NamedNode(self.value)
        if self.kind == "bnode":
            return ox.BlankNode(self.value)
        if self.language:
            return ox.Literal(self.value, language=self.language)
        if self.datatype:
            return ox.Literal(self.value, datatype=ox.NamedNode(self.datatype))
        return ox.Literal(self.value)

    @classmethod
    def from_oxigraph(cls, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Term:
        """Convert a pyoxigraph term."""
        if isinstance(term, ox.NamedNode):
            return cls("uri", term.value)
        if isinstance(term, ox.BlankNode):
            return cls("bnode", term.value)
        if term.language:
            return cls("literal", term.value, language=term.language)
        datatype = term.datatype.value
        return cls("literal", term.value, None if datatype == XSD_STRING else datatype)

    @classmethod
    def from_json(cls, binding: dict[str, str]) -> Term:
        """Convert one binding of a SPARQL JSON result (``typed-literal`` is SPARQL 1.0's)."""
        kind = "literal" if binding["type"] == "typed-literal" else binding["type"]
        language = binding.get("xml:lang") or None
        datatype = binding.get("datatype")
        if language or datatype in (XSD_STRING, RDF_LANG_STRING):
            datatype = None
        return cls(kind, binding["value"], datatype, language)


@dataclass(frozen=True)
class Table:
    """The result of a SELECT query: its variables and its rows, in the order the engine gave."""

    variables: list[str]
    rows: list[dict[str, Term]]

    def values(self) -> list[tuple[Term | None, ...]]:
        """Each row as a tuple in variable order (``None`` where a variable is unbound)."""
        return [tuple(row.get(v) for v in self.variables) for row in self.rows]


def load_store(trig: Path) -> ox.Store:
    """An in-memory Oxigraph store holding the named graphs of a TriG dump."""
    store = ox.Store()
    store.bulk_load(path=trig, format=ox.RdfFormat.TRIG)
    return store


def select_embedded(store: ox.Store, query: str) -> Table:
    """Run a SELECT query on a pyoxigraph store.

    The default graph is left empty (not the union of the named graphs): canned queries name
    their graphs, so that they give the same answers on every store.
    """
    solutions = store.query(query)
    if not isinstance(solutions, ox.QuerySolutions):
        raise ValueError("not a SELECT query")
    variables = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        bound = ((name, solution[name]) for name in variables)
        rows.append({name: Term.from_oxigraph(term) for name, term in bound if term is not None})
    return Table(variables, rows)


def to_json(table: Table) -> str:
    """The table in the SPARQL 1.1 Query Results JSON format."""
    document = {
        "head": {"vars": table.variables},
        "results": {
            "bindings": [{name: term.to_json() for name, term in row.items()} for row in table.rows]
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_csv(table: Table) -> str:
    """The table in the SPARQL 1.1 Query Results CSV format (values only, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.variables)
    for row in table.rows:
        writer.writerow([row[v].value if v in row else "" for v in table.variables])
    return buffer.getvalue()


def to_tsv(table: Table) -> str:
    """The table in the SPARQL 1.1 Query Results TSV format (terms in N-Triples syntax)."""
    lines = ["\t".join(f"?{v}" for v in table.variables)]
    for row in table.rows:
        lines.append(
            "\t".join(str(row[v].to_oxigraph()) if v in row else "" for v in table.variables)
        )
    return "\n".join(lines) + "\n"


def to_text(table: Table, prefixes: dict[str, str], max_width: int = 60) -> str:
    """The table for a person to read: IRIs shortened with ``prefixes``, long values cut.

    Args:
        table: the result.
        prefixes: short name → namespace, e.g. ``{"id": "https://w3id.org/provkb/id/"}``.
        max_width: the widest a cell may be (0: no limit); longer values end with "…".
    """

    def show(term: Term | None) -> str:
        if term is None:
            return ""
        value = term.value
        if term.kind == "uri":
            for name, namespace in prefixes.items():
                if value.startswith(namespace):
                    value = f"{name}:{value[len(namespace) :]}"
                    break
        # One line per row: line breaks and tabs inside values are shown, not obeyed.
        value = value.replace("\n", "⏎").replace("\r", "").replace("\t", " ")
        if max_width and len(value) > max_width:
            value = value[: max_width - 1] + "…"
        return value

    cells = [[show(term) for term in row] for row in table.values()]
    widths = [max([len(v), *(len(row[i]) for row in cells)]) for i, v in enumerate(table.variables)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(value.ljust(width) for value, width in zip(values, widths, strict=True))

    out = [line(table.variables), line(["-" * w for w in widths])]
    out.extend(line(row) for row in cells)
    count = len(table.rows)
    out.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(text.rstrip() for text in out) + "\n"
