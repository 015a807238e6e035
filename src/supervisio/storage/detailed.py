"""The detailed path: every error of a file the fast path refused, located, record by record.

cattrs' detailed validation stops at the first level it cannot build: one wrong type anywhere and no
:class:`Supervision` exists, so the cross-record checks never ran and a person fixed the type error only to
meet a second round of errors. Here the file is structured part by part (the campaign, then each record of
each list on its own), so that the records that *are* well formed are kept, and the integrity checks run on
them too — with :class:`~supervisio.domain.integrity.Gaps` saying what is missing, so that they neither
misnumber the records after a bad one nor call a reference to a bad record unknown.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

import attrs
from cattrs.errors import ForbiddenExtraKeysError

from supervisio.domain.integrity import Gaps, placeholder_campaign
from supervisio.domain.supervision import Supervision
from supervisio.storage.converter import _describe, converter
from supervisio.storage.locate import locate_errors

__all__ = ["structure_detailed"]


def _names_in(record: Any, field: str) -> tuple[set[str], set[int]]:
    """The names, numbers and ids a record that could not be structured still shows, as far as its raw
    data has them in the right place: references to them are then not reported as unknown."""
    names: set[str] = set()
    groups: set[int] = set()
    if not isinstance(record, Mapping):
        return names, groups
    key = {"problems": "number", "activities": "id"}.get(field)
    if key is not None and isinstance(record.get(key), str):
        names.add(record[key])
    if field == "groups":
        if isinstance(record.get("number"), int):
            groups.add(record["number"])
        units = record.get("units")
        for unit in units if isinstance(units, list) else ():
            if isinstance(unit, Mapping):
                aliases = unit.get("aliases")
                written = [unit.get("name"), unit.get("short_name")]
                written += aliases if isinstance(aliases, list) else []
                names.update(name for name in written if isinstance(name, str))
    return names, groups


def structure_detailed(data: Mapping[str, Any]) -> tuple[list[tuple[str, str]], Supervision, Gaps]:
    """Every structure error of ``data`` (a file's plain data, without its format tag) as (path, message),
    the supervision made of the parts that did structure, and the gaps :func:`check_integrity` needs to
    check it. Without errors the supervision is whole and the gaps empty."""
    errors: list[tuple[str, str]] = []
    fields = {field.name: field for field in attrs.fields(Supervision)}
    hints = typing.get_type_hints(Supervision)
    extra = {key for key in data if key not in fields}
    if extra:
        errors += locate_errors(ForbiddenExtraKeysError("", Supervision, extra))
    values: dict[str, Any] = {}
    positions: dict[str, list[int]] = {}
    lost: set[str] = set()
    unread: set[str] = set()
    unread_groups: set[int] = set()
    for name, field in fields.items():
        if name not in data:
            if field.default is attrs.NOTHING:
                errors.append((name, "required"))
                lost.add(name)
            continue
        hint, raw = hints[name], data[name]
        if typing.get_origin(hint) is not tuple:
            try:
                values[name] = converter.structure(raw, hint)
            except Exception as error:  # cattrs' error tree, turned into located messages
                errors += locate_errors(error, name)
                lost.add(name)
            continue
        if not isinstance(raw, (list, tuple)):
            errors.append((name, f"expected a list, not {_describe(raw)}"))
            lost.add(name)
            continue
        item_type = typing.get_args(hint)[0]
        kept: list[Any] = []
        positions[name] = []
        for index, item in enumerate(raw):
            try:
                kept.append(converter.structure(item, item_type))
            except Exception as error:  # as above
                errors += locate_errors(error, f"{name}[{index}]")
                names, groups = _names_in(item, name)
                unread |= names
                unread_groups |= groups
            else:
                positions[name].append(index)
        values[name] = tuple(kept)
    if "campaign" in lost:
        values["campaign"] = placeholder_campaign()
    if not errors:
        return errors, Supervision(**values), Gaps()
    gaps = Gaps(
        positions=positions,
        lost=frozenset(lost),
        unread=frozenset(unread),
        unread_groups=frozenset(unread_groups),
    )
    return errors, Supervision(**values), gaps
