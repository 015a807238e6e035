"""Saving a changed campaign into the file it came from, touching only the records that changed.

A secretary's campaign file carries comments and an order of its own (the embedded demo and the skeleton
``supervisio init`` writes are full of them). Writing the whole value again (:func:`~.campaign_files.save`)
would drop them all the first time a ledger is imported. For TOML files the changed records are written
into the parsed document (tomlkit keeps everything else byte for byte): a record that changed is replaced,
a new one appended. The result is read back and compared with the value to save; should the two ever
differ, or the file not be TOML, the whole file is written as :func:`save` would. Either way the write is
atomic.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from supervisio.domain.supervision import Supervision
from supervisio.errors import SupervisioError
from supervisio.storage.atomic import write_atomic
from supervisio.storage.campaign_files import dump, dumps, loads
from supervisio.storage.formats import format_for

__all__ = ["patched_toml", "save_changes"]


def _value(data: Any) -> Any:
    """Plain data as tomlkit items in the style of the campaign files: lists of tables as multi-line arrays
    of inline tables (``history = [ { on = …, to = "交办" }, … ]``), everything else as it is."""
    import tomlkit

    if isinstance(data, Mapping):
        table = tomlkit.inline_table()
        for key, value in data.items():
            table[key] = _value(value)
        return table
    if isinstance(data, list):
        array = tomlkit.array()
        array.extend(_value(item) for item in data)
        if any(isinstance(item, Mapping) for item in data):
            array.multiline(True)
        return array
    return data


def _table(record: Mapping[str, Any]) -> Any:
    import tomlkit

    table = tomlkit.table()
    for key, value in record.items():
        table[key] = _value(value)
    table.add(tomlkit.nl())  # the blank line that separates the records of a hand-written file
    return table


def patched_toml(text: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> str | None:
    """The TOML text with the changed records of ``after`` written in, or None when the change is not one
    of records replaced or appended in the file's lists of tables (then the caller writes it whole)."""
    import tomlkit

    document = tomlkit.parse(text)
    for key in set(before) | set(after):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if not (isinstance(old, list) and isinstance(new, list) and len(new) >= len(old)):
            return None
        if key not in document or not isinstance(document[key], tomlkit.items.AoT):
            return None
        tables = document[key]
        for index, record in enumerate(new):
            if index >= len(old):
                tables.append(_table(record))
            elif record != old[index]:
                tables[index] = _table(record)
    return tomlkit.dumps(document)


def _reads_as(text: str, expected: Supervision) -> bool:
    """Whether the TOML ``text`` loads to ``expected`` (a file may spell out defaults a dump omits)."""
    try:
        return loads(text.encode("utf-8"), "toml", check=False) == expected
    except SupervisioError:
        return False


def save_changes(
    path: str | os.PathLike[str], before: Supervision, after: Supervision, fmt: str | None = None
) -> None:
    """Write ``after`` to ``path``, which holds ``before``, keeping what the file says beyond the records
    that changed (comments, order, layout) where the format allows; atomically in any case.

    A campaign folder gets each changed record written into its group's file
    (:func:`~supervisio.storage.folder.save_folder_changes`).
    """
    if os.path.isdir(path):
        from supervisio.storage.folder import save_folder_changes

        save_folder_changes(path, before, after)
        return
    fmt = format_for(os.fspath(path), fmt)
    if fmt == "toml":
        old, new = dump(before), dump(after)
        text = patched_toml(Path(path).read_text(encoding="utf-8-sig"), old, new)
        if text is not None and _reads_as(text, after):
            write_atomic(path, text.encode("utf-8"))
            return
    write_atomic(path, dumps(after, fmt))
