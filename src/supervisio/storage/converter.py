"""The one cattrs converter between domain values and plain data (dicts, lists, strings, dates).

It is strict where a hand-edited file is likely to be wrong: unknown keys are refused (a typo is never
silently dropped), a number is not a string, a single string is not a list, a datetime is not a date, and
(in the campaign converter) no text holds a control character. All errors are collected at once
(``detailed_validation``) and turned into located messages by :mod:`supervisio.storage.locate`. Messages
quote at most a short excerpt of a bad value (:func:`supervisio.errors.excerpt`).

This is the *detailed* path, taken when :mod:`supervisio.storage.fast` finds a file is not valid (or may
hold a refused character): it is what says where and why.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from supervisio.errors import excerpt
from supervisio.storage.characters import refused_character

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
        except ValueError as error:
            if _DATE_SHAPE.fullmatch(value):  # 2022-02-30: the shape of a date, not a day of the calendar
                raise ValueProblem(f"{value} is not a day of the calendar: {error}") from None
    raise ValueProblem(f"expected a date like 2022-04-15, not {_describe(value)}")


_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise ValueProblem(f"expected text, not {_describe(value)}")
    return value


def _structure_checked_str(value: Any, _: type) -> str:
    """Text that a document can hold: no control character, noncharacter or lone surrogate."""
    if not isinstance(value, str):
        raise ValueProblem(f"expected text, not {_describe(value)}")
    problem = refused_character(value)
    if problem is not None:
        raise ValueProblem(problem)
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
    """A value as a message names it: never more than a short excerpt (it may be megabytes long)."""
    if isinstance(value, str):
        return f"the text {excerpt(value)}"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, dt.datetime):
        return f"a date and time ({value.isoformat()})"
    if isinstance(value, (dt.date, dt.time)):
        return f"the {type(value).__name__} {value.isoformat()}"
    if isinstance(value, (int, float)) or value is None:
        return excerpt(value)
    return f"a value of type {type(value).__name__}"


def _enum_hook(cls: type[enum.Enum]) -> Any:
    allowed = "、".join(str(member.value) for member in cls)
    members = {member.value: member for member in cls}

    def structure(value: Any, _: type) -> enum.Enum:
        # Looked up, not ``cls(value)``: an Enum's own error message holds ``repr(value)``, which for an
        # alias bomb in a vocabulary field never finishes.
        member = members.get(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if member is None:
            raise ValueProblem(f"{_quoted(value)} is not one of {allowed}")
        return member

    return structure


def _quoted(value: Any) -> str:
    """A bad choice as a message quotes it: the text itself when it is text, else what it is."""
    return excerpt(value) if isinstance(value, str) else _describe(value)


def _literal_hook(literal: Any) -> Any:
    choices = typing.get_args(literal)
    allowed = "、".join(str(choice) for choice in choices)

    def structure(value: Any, _: type) -> Any:
        if isinstance(value, bool) or not isinstance(value, (str, int)) or value not in choices:
            raise ValueProblem(f"{_quoted(value)} is not one of {allowed}")
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
        structure_fields: Callable[[Mapping[str, Any], Any], Any] = make_dict_structure_fn(cls, conv)

        def structure(value: Any, _: type) -> Any:
            if not isinstance(value, Mapping):
                raise ValueProblem(f"expected a table, not {_describe(value)}")
            return structure_fields(value, cls)

        return structure

    return factory


def _is_literal(cls: Any) -> bool:
    # ``origin`` typed as object: typeshed's get_origin does not list the special forms it returns.
    origin: object = typing.get_origin(cls)
    return origin is typing.Literal


def make_converter(*, checked_text: bool = False) -> cattrs.Converter:
    """Build a converter; use the shared :data:`converter` unless you need to register your own hooks.

    ``checked_text`` refuses text holding a control character (:mod:`supervisio.storage.characters`): on
    for campaign files, off for other data that may carry any character (document trees).
    """
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True, detailed_validation=True)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, lambda value: value)
    conv.register_structure_hook(str, _structure_checked_str if checked_text else _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook_factory(
        lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum), _enum_hook
    )
    conv.register_structure_hook_factory(_is_literal, _literal_hook)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _make_tuple_hook(conv))
    conv.register_structure_hook_factory(attrs.has, _make_table_hook(conv))
    return conv


converter: cattrs.Converter = make_converter(checked_text=True)
"""The campaign files' converter."""
