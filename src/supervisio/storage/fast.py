"""The fast path: a valid campaign file structured in C, as strictly as the detailed path would.

cattrs with detailed validation walks every field in Python to be able to say where each error is; on a
100,000-problem file that is most of the time ``supervisio check`` takes, for files that are almost always
valid. msgspec does the same type checks in C. It cannot say where in words a person reads, and it does
not refuse unknown keys on attrs classes, so:

1. the domain's attrs classes are mirrored once as msgspec Structs that forbid unknown keys (the field
   names, types and defaults are read from the classes, never written twice);
2. a JSON file is decoded straight into the mirrors (no dicts in between: less time, less memory); a TOML or
   YAML file is parsed as usual and its plain data converted into them;
3. the mirrors are converted into the domain's classes (in C too).

Anything the fast path does not accept — a wrong type, an unknown key, another format tag, bytes that are
not plain UTF-8 JSON — returns None, and the caller takes the detailed path, which says where and why. So the
fast path only ever accepts what the detailed path accepts (``tests/test_fast_load.py`` holds it to that).
Control characters are the one check the mirrors cannot make: :func:`~supervisio.storage.characters.
may_hold_refused` tells from the bytes whether any string can hold one, and when it can, the fast path
stands aside. Numbers in range and cross-record rules are the integrity checks' job on either path.
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Any

import attrs
import msgspec

from supervisio.domain.supervision import Supervision
from supervisio.storage.characters import may_hold_refused

__all__ = ["data_mirror", "domain", "json_mirror", "mirrored", "plain"]

_FORMAT_FIELD = "format"


@cache
def _mirror(cls: type) -> type:
    """A msgspec Struct with the fields, types and defaults of the attrs class ``cls``."""
    hints = typing.get_type_hints(cls)
    fields: list[Any] = []
    for field in attrs.fields(cls):
        hint = mirrored(hints[field.name])
        if field.default is attrs.NOTHING:
            fields.append((field.name, hint))
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            fields.append((field.name, hint, msgspec.field(default_factory=field.default.factory)))
        else:
            fields.append((field.name, hint, field.default))
    if cls is Supervision:  # the file's version tag, checked after decoding
        fields.append((_FORMAT_FIELD, str, ""))
    return msgspec.defstruct(
        f"{cls.__name__}Mirror", fields, kw_only=True, forbid_unknown_fields=True, gc=False
    )


def mirrored(hint: Any) -> Any:
    """``hint`` with every attrs class in it replaced by its mirror."""
    if attrs.has(hint):
        return _mirror(hint)
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return tuple[mirrored(args[0]), ...]  # type: ignore[misc]
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(mirrored(arg) for arg in args)]  # noqa: UP007 - a union of a tuple: | takes two
    return hint


@cache
def _json_decoder() -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(_mirror(Supervision))


def json_mirror(raw: bytes, tag: str) -> Any | None:
    """The file's mirror when the JSON bytes ``raw`` are valid and plainly so, else None.

    The caller may let go of ``raw`` once it has the mirror: nothing in it points back into the bytes.
    """
    if may_hold_refused(raw, "json"):
        return None
    body = memoryview(raw)[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        mirror: Any = _json_decoder().decode(body)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        return None
    return mirror if getattr(mirror, _FORMAT_FIELD) in ("", tag) else None


def data_mirror(data: Any, suspect: bool, tag: str) -> Any | None:
    """The mirror of a TOML or YAML file's plain ``data`` when valid, else None.

    ``suspect`` is :func:`~supervisio.storage.characters.may_hold_refused` of the file's bytes.
    """
    if suspect:
        return None
    try:
        mirror: Any = msgspec.convert(data, _mirror(Supervision))
    except (msgspec.ValidationError, RecursionError):
        return None
    return mirror if getattr(mirror, _FORMAT_FIELD) in ("", tag) else None


def domain(mirror: Any) -> Supervision | None:
    """The domain value of a mirror; None only if msgspec, against every expectation, refuses to convert
    what it validated (the caller then goes the detailed way with :func:`plain`)."""
    try:
        result: Supervision = msgspec.convert(mirror, Supervision, from_attributes=True)
    except msgspec.ValidationError:
        return None
    return result


def plain(mirror: Any) -> Any:
    """A mirror as plain data again (dates as ISO text, which the detailed path reads too)."""
    return msgspec.to_builtins(mirror)
