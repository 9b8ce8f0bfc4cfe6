"""YAML loading that remembers where every value came from.

PyYAML's safe loader is used as it is, with two changes that matter for annotations: mappings and
sequences keep the line of each entry (so errors can say ``file:line``), duplicate keys are an
error instead of silently keeping the last one, and dates stay strings (a date's precision is part
of what the text says; ``2020-10-05`` must not turn into a ``datetime.date`` and ``2020`` into an
int is handled by the date parser).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import ConstructorError


class LocatedDict(dict):
    """A mapping that knows the line of itself and of each of its keys."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line of ``key``, or of the mapping when the key is absent."""
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    """A sequence that knows the line of itself and of each of its items."""

    line: int
    item_lines: list[int]


class YamlSyntaxError(Exception):
    """A YAML file that cannot be parsed; ``line`` is 1-based."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


# libyaml's parser (when PyYAML was built with it) is about ten times faster than the pure-Python
# one and reports the same marks; at 10,000 documents parsing YAML is most of the build.
if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LocatedLoader(_SafeLoader):
    """Safe loader whose containers record lines and whose scalars never become dates."""


# Without the timestamp resolver a date stays the string the person wrote.
_LocatedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _LocatedLoader, node: yaml.MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    result = LocatedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool):
            raise ConstructorError(None, None, "a key must be a plain value", key_node.start_mark)
        key = str(key)
        if key in result:
            raise ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first on line {result.key_lines[key]})",
                key_node.start_mark,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LocatedLoader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LocatedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LocatedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path) -> Any:
    """Parse ``path`` into located dicts and lists.

    Raises:
        YamlSyntaxError: the file is not valid YAML (with the line of the mistake).
    """
    text = path.read_text(encoding="utf-8")
    try:
        # _LocatedLoader is a SafeLoader: it builds plain containers and scalars, never objects.
        return yaml.load(text, Loader=_LocatedLoader)  # noqa: S506
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        reason = error.problem or str(error)
        if error.context:
            reason = f"{error.context}, {reason}"
        raise YamlSyntaxError(line, f"invalid YAML: {reason}") from error
    except yaml.YAMLError as error:
        raise YamlSyntaxError(1, f"invalid YAML: {error}") from error
