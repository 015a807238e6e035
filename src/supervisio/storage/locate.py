"""Turn the tree of errors cattrs collects into flat, located messages: ``groups[0].units[3].leader: required``.

Modelled on :func:`cattrs.transform_error`, but the messages are written for the person who edits the
file (a missing key is "required", an unknown key suggests the nearest known one) and paths use the
file's own spelling (``units[3].leader``, not ``$.units[3].leader``).
"""

from __future__ import annotations

import difflib

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

__all__ = ["join_path", "locate_errors"]


_KEY_CHARACTERS = 80
"""A key longer than this is cut in paths: an unknown key may be any text, megabytes of it."""


def join_path(path: str, step: str | int) -> str:
    """Append a key (``.leader``) or an index (``[3]``) to a data path."""
    if isinstance(step, int):
        return f"{path}[{step}]"
    if len(step) > _KEY_CHARACTERS:
        step = step[:_KEY_CHARACTERS] + "…"
    return f"{path}.{step}" if path else step


def _unknown_keys(error: ForbiddenExtraKeysError, path: str) -> list[tuple[str, str]]:
    known = [field.name for field in attrs.fields(error.cl)] if attrs.has(error.cl) else []
    located = []
    # Keys are text in a well-formed file, but YAML also allows numbers, dates, null … as keys.
    for key in sorted(str(key) for key in error.extra_fields):
        message = "unknown key"
        close = difflib.get_close_matches(key, known, n=1) if len(key) <= _KEY_CHARACTERS else []
        if close:
            message += f"; did you mean {close[0]}?"
        elif known:
            message += f"; {error.cl.__name__} takes " + ", ".join(known)
        located.append((join_path(path, key), message))
    return located


def _message(error: BaseException) -> str:
    if isinstance(error, KeyError):
        return "required"
    return str(error) or type(error).__name__


def locate_errors(error: BaseException, path: str = "") -> list[tuple[str, str]]:
    """Every leaf error under ``error`` as (path, message), in the order of the data."""
    if isinstance(error, ForbiddenExtraKeysError):
        return _unknown_keys(error, path)
    if isinstance(error, ClassValidationError):
        with_notes, without = error.group_exceptions()
        located = []
        for inner, note in with_notes:
            located.extend(locate_errors(inner, join_path(path, note.name)))
        for inner in without:
            located.extend(locate_errors(inner, path))
        return located
    if isinstance(error, IterableValidationError):
        with_indices, without = error.group_exceptions()
        located = []
        for inner, item in with_indices:
            step = item.index if isinstance(item.index, int) else str(item.index)
            located.extend(locate_errors(inner, join_path(path, step)))
        for inner in without:
            located.extend(locate_errors(inner, path))
        return located
    return [(path, _message(error))]
