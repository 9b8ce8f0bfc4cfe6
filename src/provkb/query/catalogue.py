"""The catalogue of canned SPARQL queries: ``queries/<kebab-name>.rq``, one query per file.

Each file opens with a header of comment lines (the format is documented in
``queries/README.md``) that gives the query's title, description, typed parameters and result
columns; the catalogue is read from the files alone, so the command line, the HTTP server and the
documentation cannot drift from the queries.

Parameters are bound as RDF terms, never spliced as text: each value is parsed by its declared
type, turned into a pyoxigraph term (which validates IRIs and escapes literals the N-Triples way)
and handed to the query in a ``VALUES`` block placed at the start of the query's top-level
``WHERE`` group.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"


class CatalogueError(ValueError):
    """A query file that cannot be read as a canned query; the message names the file and line."""


class ParameterError(ValueError):
    """A parameter value that cannot be bound: unknown name, missing value or wrong type."""


def _iri(value: str) -> ox.NamedNode:
    # pyoxigraph checks the IRI grammar: '<', '>', '"', '{', '}', spaces and relative references
    # are refused, so nothing can close the IRI and continue the query.
    return ox.NamedNode(value)


def _string(value: str) -> ox.Literal:
    return ox.Literal(value)


def _integer(value: str) -> ox.Literal:
    if not re.fullmatch(r"[+-]?[0-9]+", value):
        raise ValueError("expected an integer such as 42")
    return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))


def _decimal(value: str) -> ox.Literal:
    if not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", value):
        raise ValueError("expected a decimal number such as 0.5")
    return ox.Literal(format(Decimal(value), "f"), datatype=ox.NamedNode(XSD + "decimal"))


def _boolean(value: str) -> ox.Literal:
    if value not in ("true", "false"):
        raise ValueError("expected true or false")
    return ox.Literal(value, datatype=ox.NamedNode(XSD + "boolean"))


def _date(value: str) -> ox.Literal:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("expected a date YYYY-MM-DD")
    try:
        dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"expected a date YYYY-MM-DD ({error})") from error
    return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))


# The parameter types a header may declare, each with the function that turns a text value into
# the RDF term bound in the query.
PARAMETER_TYPES: Mapping[str, Callable[[str], ox.NamedNode | ox.Literal]] = {
    "iri": _iri,
    "string": _string,
    "integer": _integer,
    "decimal": _decimal,
    "boolean": _boolean,
    "date": _date,
}

# A default of "-" in a header means the parameter has no default: a value is required.
REQUIRED = "-"

_HEADER_KEYS = ("title", "description", "param", "columns")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FILE_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Separates a parameter's tokens from its description: an em dash, or "--" for ASCII keyboards.
_DESCRIPTION_SEPARATOR = re.compile(r"\s+(?:—|--)\s+")


@dataclass(frozen=True)
class Parameter:
    """A typed parameter of a canned query, bound to the query variable of the same name."""

    name: str
    type: str
    default: str | None
    example: str
    description: str

    @property
    def required(self) -> bool:
        """Whether a value must be given (the header declares no default)."""
        return self.default is None

    def term(self, value: str) -> str:
        """The value as an RDF term in SPARQL/N-Triples syntax, checked against the type.

        Raises:
            ParameterError: if the value is not a valid value of the parameter's type.
        """
        try:
            return str(PARAMETER_TYPES[self.type](value))
        except ValueError as error:
            raise ParameterError(
                f"parameter {self.name!r} ({self.type}): invalid value {value!r}: {error}"
            ) from error


@dataclass(frozen=True)
class CannedQuery:
    """One query of the catalogue, read from ``<name>.rq``."""

    name: str
    title: str
    description: str
    parameters: list[Parameter]
    columns: list[str]
    text: str
    path: Path = field(compare=False)

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``.

        Raises:
            ParameterError: if the query has no such parameter.
        """
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise ParameterError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")

    def example_text(self) -> str:
        """The query bound to its example values, ready to run as it is (the UI's tabs)."""
        return self.bind({p.name: p.example for p in self.parameters})

    def bind(self, values: Mapping[str, str]) -> str:
        """The query text with every parameter bound to an RDF term in a ``VALUES`` block.

        Args:
            values: parameter name → value as text; parameters left out take their default.

        Raises:
            ParameterError: for an unknown parameter name, a missing required value or a value
                that is not of the parameter's type.
        """
        for name in values:
            self.parameter(name)
        if not self.parameters:
            return self.text
        terms = []
        for parameter in self.parameters:
            value = values.get(parameter.name, parameter.default)
            if value is None:
                raise ParameterError(
                    f"query {self.name!r}: parameter {parameter.name!r} ({parameter.type}) is "
                    f"required, e.g. {parameter.name}={parameter.example}"
                )
            terms.append(parameter.term(value))
        variables = " ".join(f"?{p.name}" for p in self.parameters)
        block = f"\n  VALUES ({variables}) {{ ({' '.join(terms)}) }}"
        at = _where_brace(self.text)
        if at is None:  # load_catalogue refuses such files, so only a hand-made query gets here
            raise ParameterError(f"query {self.name!r} has no top-level WHERE {{ to bind into")
        return self.text[: at + 1] + block + self.text[at + 1 :]


# Tokens the scanner skips so that "WHERE" inside them is not taken for the keyword.
_SKIPPED = re.compile(
    r"""\#[^\n]*                                  # comment
      | '''(?:[^'\\]|\\.|'(?!''))*'''             # long strings
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '(?:[^'\\\n]|\\.)*'                       # short strings
      | "(?:[^"\\\n]|\\.)*"
      | <[^<>"{}|^`\\\x00-\x20]*>                 # IRI reference (else '<' is less-than)
      | [?$:]?[A-Za-z_][\w-]*                     # words, variables and prefixed names
    """,
    re.VERBOSE | re.DOTALL,
)
_WHERE = re.compile(r"WHERE\s*\{", re.IGNORECASE)


def _where_brace(text: str) -> int | None:
    """The index of the ``{`` that opens the query's first top-level ``WHERE`` group, if any."""
    position = 0
    while position < len(text):
        if (where := _WHERE.match(text, position)) is not None:
            return where.end() - 1
        skipped = _SKIPPED.match(text, position)
        position = skipped.end() if skipped else position + 1
    return None


def _header_error(path: Path, line: int, message: str) -> CatalogueError:
    return CatalogueError(f"{path}:{line}: {message}")


def _parse_parameter(path: Path, line: int, value: str) -> Parameter:
    parts = _DESCRIPTION_SEPARATOR.split(value, maxsplit=1)
    if len(parts) != 2 or not parts[1].strip():
        raise _header_error(path, line, "param: expected 'name type default example — description'")
    try:
        tokens = shlex.split(parts[0])
    except ValueError as error:
        raise _header_error(path, line, f"param: {error}") from error
    if len(tokens) != 4:
        raise _header_error(
            path,
            line,
            f"param: expected 4 fields 'name type default example' before the description, "
            f"got {len(tokens)} (quote values that contain spaces)",
        )
    name, type_, default, example = tokens
    if not _NAME.fullmatch(name):
        raise _header_error(path, line, f"param: {name!r} is not a SPARQL variable name")
    if type_ not in PARAMETER_TYPES:
        raise _header_error(
            path,
            line,
            f"param {name}: unknown type {type_!r} (one of {', '.join(PARAMETER_TYPES)})",
        )
    parameter = Parameter(
        name, type_, None if default == REQUIRED else default, example, parts[1].strip()
    )
    for label, sample in (("default", parameter.default), ("example", example)):
        if sample is None:
            continue
        try:
            parameter.term(sample)
        except ParameterError as error:
            raise _header_error(path, line, f"param {name}: {label}: {error}") from error
    return parameter


def read_query(path: Path) -> CannedQuery:
    """Read one ``.rq`` file of the catalogue.

    Raises:
        CatalogueError: if the file name, the header or the query body is malformed; the message
            starts with ``file:line:``.
    """
    name = path.stem
    if not _FILE_NAME.fullmatch(name):
        raise _header_error(path, 1, f"file name {path.name!r} is not kebab-case (a-z, 0-9, -)")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise _header_error(path, 1, f"not UTF-8 text ({error.reason})") from error
    fields: dict[str, list[tuple[int, str]]] = {key: [] for key in _HEADER_KEYS}
    body_start = len(lines)
    for index, line in enumerate(lines):
        if not line.startswith("#"):
            body_start = index
            break
        content = line[1:].strip()
        if not content:
            continue
        key, colon, value = content.partition(":")
        if not colon or key.strip() not in _HEADER_KEYS:
            raise _header_error(
                path,
                index + 1,
                f"header line must be '# key: value' with key one of {', '.join(_HEADER_KEYS)}"
                " (end the header with a line that is not a comment)",
            )
        fields[key.strip()].append((index + 1, value.strip()))
    for key in ("title", "columns"):
        if len(fields[key]) != 1:
            where = fields[key][1][0] if len(fields[key]) > 1 else 1
            raise _header_error(path, where, f"the header needs exactly one '# {key}:' line")
    if not fields["description"]:
        raise _header_error(path, 1, "the header needs at least one '# description:' line")
    title_line, title = fields["title"][0]
    if not title:
        raise _header_error(path, title_line, "title is empty")
    columns_line, columns_text = fields["columns"][0]
    columns = columns_text.split()
    bad = [c for c in columns if not _NAME.fullmatch(c)]
    if not columns or bad:
        raise _header_error(path, columns_line, f"columns: expected variable names, got {bad}")
    parameters = [_parse_parameter(path, line, value) for line, value in fields["param"]]
    seen: set[str] = set()
    text = "\n".join(lines[body_start:]) + "\n"
    for (param_line, _), parameter in zip(fields["param"], parameters, strict=True):
        if parameter.name in seen:
            raise _header_error(path, param_line, f"param {parameter.name}: declared twice")
        seen.add(parameter.name)
        # A declared parameter the query never reads would be silently ignored by every caller.
        if not re.search(rf"[?$]{parameter.name}\b", text):
            raise _header_error(
                path, param_line, f"param {parameter.name}: the query never uses it"
            )
    if _where_brace(text) is None:
        raise _header_error(path, body_start + 1, "the query has no 'WHERE {' to bind into")
    return CannedQuery(
        name=name,
        title=title,
        description=" ".join(value for _, value in fields["description"]),
        parameters=parameters,
        columns=columns,
        text=text,
        path=path,
    )


def load_catalogue(queries_dir: Path) -> list[CannedQuery]:
    """Read every ``*.rq`` file of ``queries_dir``, sorted by name.

    Raises:
        CatalogueError: for the first malformed file (``file:line: message``).
    """
    return sorted(
        (read_query(path) for path in queries_dir.glob("*.rq")), key=lambda query: query.name
    )
