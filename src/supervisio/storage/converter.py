"""The one cattrs converter between domain values and plain data (dicts, lists, strings, dates).

It is strict where a hand-edited file is likely to be wrong: unknown keys are refused (a typo is never
silently dropped), a number is not a string, a single string is not a list, a datetime is not a date. All
errors are collected at once (``detailed_validation``) and turned into located messages by
:mod:`supervisio.storage.locate`.
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
from collections.abc import Mapping
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

__all__ = ["ValueProblem", "converter", "make_converter"]


class ValueProblem(ValueError):
    """A value of the wrong shape; its message is written for the person who edits the file."""


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueProblem(f"expected a date like 2022-04-15, not a date and time ({value.isoformat()})")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueProblem(f"expected a date like 2022-04-15, not {value!r}")


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise ValueProblem(f"expected text, not {_describe(value)}")
    return value


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueProblem(f"expected a whole number, not {_describe(value)}")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValueProblem(f"expected true or false, not {_describe(value)}")
    return value


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return repr(value)


def _enum_hook(cls: type[enum.Enum]) -> Any:
    allowed = "、".join(str(member.value) for member in cls)

    def structure(value: Any, _: type) -> enum.Enum:
        try:
            return cls(value)
        except ValueError:
            raise ValueProblem(f"{value!r} is not one of {allowed}") from None

    return structure


def _literal_hook(literal: Any) -> Any:
    choices = typing.get_args(literal)
    allowed = "、".join(str(choice) for choice in choices)

    def structure(value: Any, _: type) -> Any:
        if value not in choices or isinstance(value, bool):
            raise ValueProblem(f"{value!r} is not one of {allowed}")
        return value

    return structure


def _is_homogeneous_tuple(cls: Any) -> bool:
    args = typing.get_args(cls)
    return typing.get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _make_tuple_hook(conv: cattrs.Converter) -> Any:
    def factory(cls: Any) -> Any:
        item_type = typing.get_args(cls)[0]
        structure_item = conv.get_structure_hook(item_type)

        def structure(value: Any, _: type) -> tuple[Any, ...]:
            if not isinstance(value, (list, tuple)):
                raise ValueProblem(f"expected a list, not {_describe(value)}")
            items: list[Any] = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    items.append(structure_item(item, item_type))
                except Exception as error:  # collected and re-raised as one group, like cattrs does
                    error.__notes__ = [
                        *getattr(error, "__notes__", []),
                        cattrs.errors.IterableValidationNote(
                            f"Structuring {cls} @ index {index}", index, item_type
                        ),
                    ]
                    errors.append(error)
            if errors:
                raise cattrs.errors.IterableValidationError(
                    f"While structuring {cls!r}", errors, cls
                )
            return tuple(items)

        return structure

    return factory


def _make_table_hook(conv: cattrs.Converter) -> Any:
    def factory(cls: type) -> Any:
        structure_fields = make_dict_structure_fn(cls, conv)

        def structure(value: Any, _: type) -> Any:
            if not isinstance(value, Mapping):
                raise ValueProblem(f"expected a table, not {_describe(value)}")
            return structure_fields(value, cls)

        return structure

    return factory


def make_converter() -> cattrs.Converter:
    """Build the converter; use the shared :data:`converter` unless you need to register your own hooks."""
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True, detailed_validation=True)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, lambda value: value)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook_factory(
        lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum), _enum_hook
    )
    conv.register_structure_hook_factory(
        lambda cls: typing.get_origin(cls) is typing.Literal, _literal_hook
    )
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _make_tuple_hook(conv))
    conv.register_structure_hook_factory(attrs.has, _make_table_hook(conv))
    return conv


converter: cattrs.Converter = make_converter()
