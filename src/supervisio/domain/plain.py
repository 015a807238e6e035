"""Domain values as JSON-ready plain data: dicts, lists, strings, numbers, booleans and None.

Facts are printed as JSON (``supervisio facts --json``) and read by scripts and spreadsheets; the domain
must not import the storage converter (nor any file format), so this small walk does the same as the
converter's unstructuring for read-only values: a field left at its default is omitted, the fields
without a default come first (the order the converter writes), enums become their Chinese value, dates ISO
strings and fractions floats.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

__all__ = ["plain_data"]


def _is_default(instance: Any, field: attrs.Attribute[Any]) -> bool:
    default: Any = field.default
    value = getattr(instance, field.name)
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        made = default.factory(instance) if default.takes_self else default.factory()
        return bool(value == made)
    return bool(value == default)


def plain_data(value: Any) -> Any:
    """``value`` (an attrs instance, a mapping, a tuple …) as plain data, recursively."""
    if attrs.has(type(value)):
        fields = [field for field in attrs.fields(type(value)) if field.init]
        required = [field for field in fields if field.default is attrs.NOTHING]
        optional = [
            field for field in fields
            if field.default is not attrs.NOTHING and not _is_default(value, field)
        ]
        return {field.name: plain_data(getattr(value, field.name)) for field in (*required, *optional)}
    if isinstance(value, enum.Enum):
        return plain_data(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, Mapping):
        return {plain_data(key): plain_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain_data(item) for item in value]
    return value
