"""YAML in front matter and directives, read into node fields with each key's line kept for errors.

The dialect's data blocks (front matter, ``{masthead}``, ``{signature}`` …) are YAML. Reading them takes
more than ``yaml.safe_load``: every key remembers its line, so that an error inside a directive points at
the line of the offending key; dates are read only in ISO form; and values are converted to the types of
the node's fields (a single string where a list is expected becomes a one-item list, a number is not
text), with a message a template author understands when they do not fit.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterator
from typing import Any, Protocol

import attrs
import yaml

from supervisio.doctree.markdown_syntax import STYLE_KEYS
from supervisio.doctree.nodes import Style

__all__ = ["ErrorSource", "Fields", "LineMapping", "YamlLoader", "describe", "scalar_text"]


class ErrorSource(Protocol):
    """Whoever reads the data and knows how to turn a line and a problem into a located error."""

    def error(self, line: int, message: str) -> Exception: ...


class LineMapping(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers the line of each key (from 0, in the whole Markdown text)."""

    key_lines: dict[Any, int]

    def __init__(self) -> None:
        super().__init__()
        self.key_lines = {}


class YamlLoader(yaml.SafeLoader):
    """PyYAML's safe loader, building :class:`LineMapping` and refusing duplicate keys.

    ``first_line`` is the line of the YAML text's first line in the whole Markdown text.
    """

    first_line = 0


def _construct_mapping(loader: YamlLoader, node: yaml.MappingNode) -> Iterator[LineMapping]:
    data = LineMapping()
    yield data
    for key_node, _ in node.value:  # before merge keys (<<) are flattened into the node
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node)
        try:
            duplicate = key in data.key_lines
        except TypeError:  # an unhashable key: construct_mapping reports it with its place
            continue
        if duplicate:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice", key_node.start_mark
            )
        data.key_lines[key] = loader.first_line + key_node.start_mark.line
    data.update(loader.construct_mapping(node))


def _construct_timestamp(loader: YamlLoader, node: yaml.ScalarNode) -> Any:
    """PyYAML's dates, but 2022-02-30 is a located YAML error rather than a bare ValueError."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as error:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value} is not a date of the calendar ({error})", node.start_mark
        ) from None


YamlLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class Fields:
    """Converts YAML values to node fields by the fields' type hints, strictly, with located errors."""

    def __init__(self, reader: ErrorSource, what: str) -> None:
        self.reader = reader
        self.what = what

    def error(self, data: LineMapping, key: str, line: int, problem: str) -> Exception:
        return self.reader.error(data.key_lines.get(key, line), f"{self.what}: {problem}")

    def refuse_unknown(self, data: LineMapping, known: typing.Iterable[str], line: int) -> None:
        known = tuple(known)
        for key in data:
            if key not in known:
                raise self.error(data, key, line, f"unknown key {key!r} (known: {', '.join(known)})")

    def block(self, cls: type, data: LineMapping, line: int) -> Any:
        """A ``cls`` from ``data``; ``line`` is where the directive starts (for a missing field)."""
        fields = [field for field in attrs.fields(cls) if field.name != "style"]
        self.refuse_unknown(data, (*(field.name for field in fields), *STYLE_KEYS), line)
        hints = typing.get_type_hints(cls)
        values: dict[str, Any] = {}
        for field in fields:
            if field.name in data:
                values[field.name] = self.value(data, field.name, hints[field.name], line)
            elif field.default is attrs.NOTHING:
                raise self.reader.error(line, f"{self.what} needs {field.name!r}")
        return cls(**values, style=self.style(data))

    def style(self, data: LineMapping) -> Style:
        classes = self.value(data, "classes", tuple[str, ...], 0) if "classes" in data else ()
        attributes: tuple[tuple[str, str], ...] = ()
        if "attributes" in data:
            mapping = data["attributes"]
            if not isinstance(mapping, dict):
                problem = f"attributes are key: value pairs, not {describe(mapping)}"
                raise self.error(data, "attributes", 0, problem)
            pairs = []
            for key, value in mapping.items():
                if not isinstance(key, str) or isinstance(value, (list, dict)):
                    problem = f"attribute {key!r} must be a text key with a value"
                    raise self.error(data, "attributes", 0, problem)
                pairs.append((_text(key), scalar_text(value)))
            attributes = tuple(pairs)
        return Style(classes=classes, attributes=attributes)

    def value(self, data: LineMapping, key: str, hint: Any, line: int) -> Any:
        value = data[key]
        args = typing.get_args(hint)
        if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args:
            if value is None:
                return None
            (hint,) = (arg for arg in args if arg is not type(None))
        try:
            return _convert(value, hint)
        except _Mismatch as mismatch:
            raise self.error(data, key, line, f"{key} must be {mismatch}, not {describe(value)}") from None


class _Mismatch(Exception):
    """A YAML value of the wrong kind; the message says what was expected."""


def _convert(value: Any, hint: Any) -> Any:
    """``value`` as a ``hint`` (str, bool, int, date, tuple of one of those); strict, no guessing."""
    if hint is str:
        if isinstance(value, str):
            return _text(value)
        raise _Mismatch("text (quote it)")
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise _Mismatch("true or false")
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise _Mismatch("a whole number")
    if hint is dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise _Mismatch("a date (YYYY-MM-DD)")
    if typing.get_origin(hint) is tuple:  # a list, or one value standing for a list of one
        item = typing.get_args(hint)[0]
        if isinstance(value, (dict, type(None))):
            raise _Mismatch(f"a list of {'texts' if item is str else 'whole numbers'}")
        try:
            return tuple(_convert(one, item) for one in (value if isinstance(value, list) else [value]))
        except _Mismatch:
            raise _Mismatch(f"a list of {'texts' if item is str else 'whole numbers'}") from None
    raise TypeError(f"no YAML conversion for {hint!r}")


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _text(value: str) -> str:
    """A YAML string; JSON-escaped surrogate pairs (what ``tojson`` writes for 😀) are joined back."""
    if not any("\ud800" <= char <= "\udfff" for char in value):
        return value
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def scalar_text(value: Any) -> str:
    """A YAML scalar as the text it stands for: ``true``, ``3``, ``2022-04-15``; empty for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.datetime):
        return f"the time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"{type(value).__name__} {value!r}"
