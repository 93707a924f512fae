"""Reading the registries' YAML strictly: every key known and typed, every error naming its line.

Shared by people.yaml, tags.yaml and tag-labels.yaml; separate because it
knows YAML and line numbers, not people or tags.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from ..core.errors import NewsgenError
from ..core.slugs import slugify


@dataclass(frozen=True)
class Document:
    """A parsed YAML file that still knows the line of every key and list item."""

    data: object
    file: str
    #: Path of keys and list indexes -> 1-based line number.
    lines: dict[tuple, int]

    def get(self, where: tuple):
        value = self.data
        for step in where:
            value = value[step]
        return value

    def line(self, where: tuple) -> int | None:
        """The line of ``where`` or of the nearest enclosing key that has one."""
        for end in range(len(where), -1, -1):
            if where[:end] in self.lines:
                return self.lines[where[:end]]
        return None

    def error(self, where: tuple, message: str) -> NewsgenError:
        return NewsgenError(f"{_describe(where)}: {message}" if where else message, self.file, self.line(where))

    def expect_mapping(self, where: tuple, schema: dict[str, type]) -> dict:
        """The mapping at ``where``, with every key known and of the right type."""
        value = self.get(where)
        if not isinstance(value, dict):
            raise self.error(where, f"expected a mapping with keys {', '.join(schema)}")
        for key, item in value.items():
            if key not in schema:
                raise self.error((*where, key), f"unknown key {key!r}{did_you_mean(str(key), schema)}")
            if not isinstance(item, schema[key]):
                raise self.error((*where, key), f"expected {_type_name(schema[key])}, got {_type_name(type(item))}")
        return value


def parse_yaml(text: str, file: str) -> Document | None:
    """Parse YAML text (None when empty); syntax errors name the line."""
    try:
        data = yaml.safe_load(text)
        lines = _node_lines(yaml.compose(text, Loader=yaml.SafeLoader), ())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise NewsgenError(f"not valid YAML: {getattr(exc, 'problem', None) or exc}", file, mark.line + 1 if mark else None) from None
    return None if data is None else Document(data, file, lines)


def _node_lines(node, where: tuple) -> dict[tuple, int]:
    """Line number (1-based) of every key and list item below ``node``."""
    lines = {where: node.start_mark.line + 1} if node is not None else {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines.update(_node_lines(value, (*where, key.value)))
            lines[(*where, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_node_lines(item, (*where, index)))
    return lines


def required_text(document: Document, where: tuple, key: str) -> str:
    value = document.get(where).get(key)
    if not isinstance(value, str) or not value.strip():
        raise document.error(where, f"missing {key!r}")
    return value.strip()


def string_list(document: Document, where: tuple) -> list[str]:
    """The list of non-empty strings at ``where`` (empty when the key is absent)."""
    try:
        values = document.get(where)
    except (KeyError, IndexError):
        return []
    if not isinstance(values, list):
        raise document.error(where, "expected a list of strings")
    for index, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            raise document.error((*where, index), f"expected a non-empty string, got {value!r}")
    return [value.strip() for value in values]


def slug_of_name(document: Document, where: tuple, name: str) -> str:
    slug = slugify(name)
    if not slug:
        raise document.error(where, f"{name!r} gives no usable URL slug; use a name with letters or digits")
    return slug


def _describe(where: tuple) -> str:
    text = ""
    for step in where:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def did_you_mean(key: str, known: Iterable[str]) -> str:
    hint = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean {hint[0]!r}?)" if hint else ""


def _type_name(kind: type) -> str:
    return {str: "text", list: "a list", dict: "a mapping", int: "a number", type(None): "nothing"}.get(kind, kind.__name__)
