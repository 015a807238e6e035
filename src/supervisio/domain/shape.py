"""The shape of a value built in Python: every attrs field checked against its declared type, located.

A campaign file goes through the strict converter, which refuses ``term = "短期 "`` or ``deadline = "4月1日"``
with the path of the field. A value built in code skips the converter, and attrs does not check types: a
``Problem(term="短期")`` is created without complaint and fails later, far from the mistake (in the facts,
in a template). :func:`shape_defects` gives such a value the same located messages a file would get, so
that :func:`supervisio.validate` can report them before anything reads the value.

It walks the declared types (``str``, ``int``, ``bool``, dates, enums, literals, optional values, tuples of
records, nested attrs classes) and nothing more; cross-record rules are :mod:`~supervisio.domain.integrity`'s.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

import attrs

from supervisio.domain.integrity import Defect

__all__ = ["shape_defects"]


def _join(path: str, step: str | int) -> str:
    if isinstance(step, int):
        return f"{path}[{step}]"
    return f"{path}.{step}" if path else step


def _a(name: str) -> str:
    """``a Problem``, ``an Activity``."""
    return f"{'an' if name[:1] in 'AEIOU' else 'a'} {name}"


def _describe(value: Any) -> str:
    """A value as the messages name it: the text '短期', a list, a Problem, 3."""
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, bool):
        return f"the boolean {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, tuple):
        return "a tuple"
    if isinstance(value, dict):
        return "a dict"
    if isinstance(value, dt.datetime):
        return f"a date and time ({value.isoformat()})"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name} ({value.value})"
    if attrs.has(type(value)):
        return _a(type(value).__name__)
    return repr(value)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """The resolved field types of ``cls`` (the model's annotations are strings), computed once per class."""
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def _enum_problem(value: Any, cls: type[enum.Enum]) -> str | None:
    if isinstance(value, cls):
        return None
    members = {member.value: member for member in cls}
    if isinstance(value, str) and value in members:
        member = members[value]
        return f"expected {_a(cls.__name__)}, not {_describe(value)}; write {cls.__name__}.{member.name}"
    allowed = "、".join(str(member.value) for member in cls)
    return f"expected {_a(cls.__name__)}: {_describe(value)} is not one of {allowed}"


def _leaf_problem(value: Any, hint: Any) -> str | None:
    """What is wrong with ``value`` for a hint that is not a container, or None when it fits."""
    if hint is Any or hint is object:
        return None
    if hint is str:
        return None if isinstance(value, str) else f"expected text, not {_describe(value)}"
    if hint is bool:
        return None if isinstance(value, bool) else f"expected True or False, not {_describe(value)}"
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return None
        return f"expected a whole number, not {_describe(value)}"
    if hint is dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return None
        return f"expected a date like datetime.date(2022, 4, 15), not {_describe(value)}"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_problem(value, hint)
    if typing.get_origin(hint) is typing.Literal:
        choices = typing.get_args(hint)
        if value in choices and not isinstance(value, bool):
            return None
        return f"{value!r} is not one of {'、'.join(str(choice) for choice in choices)}"
    if isinstance(hint, type):
        if isinstance(value, hint):
            return None
        return f"expected {_a(hint.__name__)}, not {_describe(value)}"
    return None  # a hint the model does not use: not checked


def _check(value: Any, hint: Any, path: str, found: list[Defect]) -> None:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return
        arms = [arg for arg in args if arg is not type(None)]
        attempts = []
        for arm in arms:
            attempt: list[Defect] = []
            _check(value, arm, path, attempt)
            if not attempt:
                return
            attempts.append(attempt)
        if len(arms) == 1:
            found.extend(attempts[0])
        else:
            names = " or ".join(getattr(arm, "__name__", str(arm)) for arm in arms)
            found.append(Defect(path, f"expected {names}, not {_describe(value)}"))
        return
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if not isinstance(value, tuple):
            found.append(Defect(path, f"expected a tuple, not {_describe(value)}"))
            if not isinstance(value, list):
                return
        for index, item in enumerate(value):
            _check(item, args[0], _join(path, index), found)
        return
    if attrs.has(hint):
        if not isinstance(value, hint):
            found.append(Defect(path, f"expected {_a(hint.__name__)}, not {_describe(value)}"))
            return
        _check_fields(value, path, found)
        return
    problem = _leaf_problem(value, hint)
    if problem is not None:
        found.append(Defect(path, problem))


def _check_fields(value: Any, path: str, found: list[Defect]) -> None:
    cls = type(value)
    hints = _hints(cls)
    for field in attrs.fields(cls):
        _check(getattr(value, field.name), hints[field.name], _join(path, field.name), found)


def shape_defects(value: Any, expected: type | None = None, path: str = "") -> list[Defect]:
    """Every field of ``value`` (recursively) whose value does not fit its declared type.

    ``expected`` is the attrs class ``value`` should be (by default its own class). Paths read like a
    campaign file's (``problems[3].term``, ``campaign.phases[0].start``); a list where a tuple belongs is
    reported and its items still checked, so one run shows every mistake.
    """
    expected = type(value) if expected is None else expected
    if not attrs.has(expected):
        raise TypeError(f"expected an attrs class, not {expected!r}")
    found: list[Defect] = []
    _check(value, expected, path, found)
    return found
