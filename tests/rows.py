"""Result rows in a compact form that expected values in the tests can be written in."""

from __future__ import annotations

from dataclasses import dataclass, field

from provkb.query.select import Table, Term

SHORT = {
    "id:": "https://w3id.org/provkb/id/",
    "kind:": "https://w3id.org/provkb/vocab/assertion-kind/",
    "hop:": "https://w3id.org/provkb/vocab/hop-role/",
    "role:": "https://w3id.org/provkb/vocab/participant-role/",
    "aff:": "https://w3id.org/provkb/vocab/affiliation-role/",
    "judge:": "https://w3id.org/provkb/vocab/identity-judgement/",
    "etype:": "https://w3id.org/provkb/vocab/event-type/",
    "xsd:": "http://www.w3.org/2001/XMLSchema#",
}
INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

Cell = str | int | None


def short_iri(iri: str) -> str:
    """An IRI with one of the SHORT namespaces replaced by its prefix."""
    for prefix, namespace in SHORT.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return iri


def cell(term: Term | None) -> Cell:
    """IRIs shortened, integers as int, other typed literals as value^^prefix:type,
    language-tagged ones as value@lang, plain strings as themselves."""
    if term is None:
        return None
    if term.kind == "uri":
        return short_iri(term.value)
    if term.datatype == INTEGER:
        return int(term.value)
    if term.datatype:
        return f"{term.value}^^{short_iri(term.datatype)}"
    if term.language:
        return f"{term.value}@{term.language}"
    return term.value


def compact(table: Table, columns: list[str] | None = None) -> list[tuple[Cell, ...]]:
    """The rows in engine order, each a tuple of cells for ``columns`` (default: all)."""
    names = columns or table.variables
    return [tuple(cell(row.get(name)) for name in names) for row in table.rows]


@dataclass(frozen=True)
class Case:
    """One run of a canned query and the exact rows it must give, in order.

    Parameter values written ``id:…`` stand for the project's default IRI base. ``only`` keeps
    the rows whose cells equal the given values (column → compact cell): a stable slice of a
    query without parameters on a KB that is still being annotated.
    """

    id: str
    query: str
    params: dict[str, str]
    rows: list[tuple[Cell, ...]]
    only: dict[str, Cell] = field(default_factory=dict)

    def values(self) -> dict[str, str]:
        """The parameter values with ``id:`` expanded."""
        return {
            key: SHORT["id:"] + value[3:] if value.startswith("id:") else value
            for key, value in self.params.items()
        }

    def select(self, table: Table) -> list[tuple[Cell, ...]]:
        """The compact rows of ``table`` that this case checks."""
        rows = compact(table)
        keep = [table.variables.index(column) for column in self.only]
        wanted = tuple(self.only.values())
        return [row for row in rows if tuple(row[i] for i in keep) == wanted]
