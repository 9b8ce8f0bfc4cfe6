"""Canned-query cases as data: ``tests/queries/<query>/<kb>-<name>.yaml``, read, compared, written.

A case file names the query, the KB it runs on (``fixture``: ``tests/data/fixture-kb.trig``;
``seed``: the build of ``kb/``), the parameter values, and the rows the query must give, in order,
each a mapping from column to cell. Cells are written compactly (see :func:`cell`): IRIs in the
project's namespaces as ``id:…``, ``kind:…``; integers as numbers; other typed literals as
``value^^xsd:type``; language-tagged ones as ``value@lang``; unbound as ``null``. ``only`` keeps
the rows whose cells equal the given ones: a stable slice of a query on a KB still being
annotated.

Files are written by :func:`dump_case` only (``make golden``), so that regenerating them gives the
same bytes for the same rows: keys in a fixed order, rows in the query's order, columns in the
query's order.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from provkb.query.select import Table, Term

KBS = ("fixture", "seed")
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
_KEYS = ("query", "kb", "params", "only", "rows")

Cell = str | int | None
Row = dict[str, Cell]


class CaseError(ValueError):
    """A case file that cannot be read: the message names the file and what is wrong."""


def short_iri(iri: str) -> str:
    """An IRI with one of the :data:`SHORT` namespaces replaced by its prefix."""
    for prefix, namespace in SHORT.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return iri


def cell(term: Term | None) -> Cell:
    """One term in the compact form case files are written in."""
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


def compact(table: Table) -> list[Row]:
    """The rows of ``table`` in engine order, each a mapping of every column to its cell."""
    return [{name: cell(row.get(name)) for name in table.variables} for row in table.rows]


@dataclass(frozen=True)
class QueryCase:
    """One run of a canned query on one KB and the rows it must give, in order."""

    path: Path
    query: str
    kb: str
    params: dict[str, str]
    rows: list[Row]
    only: dict[str, Cell] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """``<query>/<file stem>``, unique among the cases (the test id)."""
        return f"{self.query}/{self.path.stem}"

    def values(self) -> dict[str, str]:
        """The parameter values, ``id:…`` expanded to the project's default IRI base."""
        return {
            key: SHORT["id:"] + value.removeprefix("id:") if value.startswith("id:") else value
            for key, value in self.params.items()
        }

    def select(self, table: Table) -> list[Row]:
        """The compact rows of ``table`` that this case checks (those matching ``only``).

        Raises:
            CaseError: ``only`` names a column the query does not have (it would keep nothing).
        """
        unknown = sorted(set(self.only) - set(table.variables))
        if unknown:
            raise CaseError(f"{self.path}: only: {unknown} not among the columns {table.variables}")
        return [
            row
            for row in compact(table)
            if all(row.get(column) == value for column, value in self.only.items())
        ]

    def mismatch(self, found: list[Row]) -> str:
        """What a failing comparison prints: the unified diff from the expected rows to the rows
        found, and how to accept them."""
        diff = difflib.unified_diff(
            _rows_text(self.rows).splitlines(),
            _rows_text(found).splitlines(),
            f"{self.path.name} (expected)",
            "found",
            lineterm="",
        )
        return (
            f"{self.id} on {self.kb}: the rows differ from {self.path}\n"
            + "\n".join(diff)
            + "\nIf the change is intended, review it and run `make golden` to rewrite the "
            "expected rows."
        )


def _rows_text(rows: list[Row]) -> str:
    return yaml.dump(rows, Dumper=_Dumper, **_DUMP_OPTIONS) if rows else "[]\n"


def _check_cell(path: Path, where: str, value: object) -> Cell:
    # YAML reads 2024 as a number and 2024-03-02 as a date: only text, integers and null are
    # cells, so a value that lost its quotes is an error rather than a silent mismatch.
    if value is None or isinstance(value, str) or type(value) is int:
        return value
    raise CaseError(
        f"{path}: {where}: {value!r} is a {type(value).__name__}; a cell is text, an integer or "
        "null (quote dates and numbers meant as text)"
    )


def _mapping(path: Path, where: str, value: object) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise CaseError(f"{path}: {where}: expected a mapping of names to values")
    return value


def load_case(path: Path) -> QueryCase:
    """Read one case file, checking that it names the query of its folder and the KB its file
    name starts with.

    Raises:
        CaseError: the file is not a well-formed case (the message says where).
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CaseError(f"{path}: not YAML: {error}") from error
    data = _mapping(path, "the file", data)
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise CaseError(f"{path}: unknown key(s) {unknown}; a case has {list(_KEYS)}")
    query, kb = data.get("query"), data.get("kb")
    if query != path.parent.name:
        raise CaseError(f"{path}: query: {query!r} is not the folder's name {path.parent.name!r}")
    if kb not in KBS or not path.stem.startswith(f"{kb}-"):
        raise CaseError(f"{path}: kb: {kb!r} must be one of {KBS} and begin the file name")
    params = _mapping(path, "params", data.get("params"))
    for name, value in params.items():
        if not isinstance(value, str):
            raise CaseError(f"{path}: params: {name}: {value!r} is not text (quote it)")
    only = {
        column: _check_cell(path, f"only: {column}", value)
        for column, value in _mapping(path, "only", data.get("only")).items()
    }
    rows = data.get("rows")
    if not isinstance(rows, list):
        raise CaseError(f"{path}: rows: expected a list (`rows: []` for none)")
    checked = []
    for number, row in enumerate(rows, start=1):
        mapping = _mapping(path, f"rows: row {number}", row)
        checked.append(
            {
                column: _check_cell(path, f"rows: row {number}: {column}", value)
                for column, value in mapping.items()
            }
        )
    return QueryCase(path, query, kb, dict(params), checked, only)


def load_cases(folder: Path) -> list[QueryCase]:
    """Every case under ``folder`` (``<query>/<kb>-<name>.yaml``), in path order.

    Raises:
        CaseError: a file is not a well-formed case, or there is no case at all.
    """
    paths = sorted(folder.glob("*/*.yaml"))
    if not paths:
        raise CaseError(f"{folder}: no case files (<query>/<kb>-<name>.yaml)")
    return [load_case(path) for path in paths]


def _invisible(text: str) -> bool:
    """Whether ``text`` holds a character a reader cannot tell from another (a no-break space,
    a zero-width joiner, a control character)."""
    return any(unicodedata.category(ch) in _UNSEEN and ch != " " for ch in text)


_UNSEEN = {"Zs", "Zl", "Zp", "Cc", "Cf"}


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, as people write them; text with characters
    one cannot see double-quoted with those characters escaped (``Old\\xA0Bridge``)."""

    allow_unicode: bool

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def process_scalar(self) -> None:
        # The emitter escapes every non-ASCII character of a double-quoted scalar when
        # allow_unicode is off: switched off for the scalars chosen above, and back on.
        event = self.event
        escape = isinstance(event, yaml.ScalarEvent) and event.style == '"'
        keep = self.allow_unicode
        self.allow_unicode = keep and not escape
        try:
            super().process_scalar()
        finally:
            self.allow_unicode = keep


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if _invisible(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


_DUMP_OPTIONS: dict[str, Any] = {
    "allow_unicode": True,
    "default_flow_style": False,
    "sort_keys": False,
    # Long quotes stay on one line: a change to one cell is a change to one line.
    "width": 1 << 16,
}


def dump_case(case: QueryCase) -> str:
    """The file text of ``case``: keys in a fixed order, parameters and ``only`` sorted by name,
    rows and their columns in the order given."""
    data: dict[str, Any] = {
        "query": case.query,
        "kb": case.kb,
        "params": dict(sorted(case.params.items())),
    }
    if case.only:
        data["only"] = dict(sorted(case.only.items()))
    data["rows"] = case.rows
    return yaml.dump(data, Dumper=_Dumper, **_DUMP_OPTIONS)


def with_rows(case: QueryCase, rows: list[Row]) -> QueryCase:
    """``case`` expecting ``rows`` instead."""
    return replace(case, rows=[dict(row) for row in rows])


def write_case(case: QueryCase) -> bool:
    """Write ``case`` to its file if the text differs (through a temporary file, renamed); True
    when the file changed."""
    text = dump_case(case)
    if case.path.exists() and case.path.read_text(encoding="utf-8") == text:
        return False
    tmp = case.path.with_name(case.path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(case.path)
    return True
