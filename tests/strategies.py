"""Hypothesis strategies for any domain value, derived from the attrs classes' own type hints.

Deriving them (rather than writing one per class) means a field added to the model is covered by the round
trip the day it is added.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing

import attrs
from hypothesis import strategies as st

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)


def for_type(hint: typing.Any) -> st.SearchStrategy[typing.Any]:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is str:
        return TEXT
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers(min_value=-(2**63), max_value=2**63 - 1)
    if hint is dt.date:
        return st.dates()
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(list(hint))
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(for_type(arg) for arg in args))
    if hint is type(None):
        return st.none()
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return st.lists(for_type(args[0]), max_size=2).map(tuple)
    if attrs.has(hint):
        return for_class(hint)
    raise NotImplementedError(f"no strategy for {hint!r}")


def for_class(cls: type) -> st.SearchStrategy[typing.Any]:
    hints = typing.get_type_hints(cls)
    fields = {field.name: st.deferred(lambda h=hints[field.name]: for_type(h)) for field in attrs.fields(cls)}
    return st.builds(cls, **fields)
