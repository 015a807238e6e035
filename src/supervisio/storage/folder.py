"""A campaign kept as a folder: one file defines the campaign, one file per group holds that group's records.

A city campaign has several supervision groups, each with its own secretary keeping its own records. Kept
as one file, every group would edit the same file; kept as a folder, each group edits its own:

- the **definition** (``campaign.toml``): ``[campaign]`` only — its phases, 规定动作, exit rules and settings;
- a **group file** per group (``groups/group-07.toml``): ``[group]`` (number, duties, ``[[group.members]]``,
  ``[[group.units]]``) and every record that group keeps (``[[problems]]``, ``[[activities]]``,
  ``[[meetings]]``, ``[[notices]]``, ``[[briefings]]`` …), with the keys of a campaign file.

Every ``.toml``, ``.json``, ``.yaml`` and ``.yml`` file in the folder or its subfolders is part of the
campaign, whichever its name; any other file (documents, workbooks, notes) is left alone, and so are hidden
files and folders (``.git``) and Office lock files (``~$…``). Files may mix formats.

The files are read, checked against each other (one definition; no group number twice; no unit in two
groups; a group file's records are that group's: a ``group`` field holding its number, a ``unit`` one of
its units), then merged into one campaign's plain data, which takes the same paths as a single file:
the fast path, else the detailed one, then the integrity checks. Every message is located in the file the
mistake is in, with the path inside that file (``groups/group-03.toml: problems[4].unit: …``), and all of
them are reported at once.
"""

from __future__ import annotations

import bisect
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from importlib.resources.abc import Traversable
from typing import Any

import attrs

from supervisio.domain.integrity import Defect, check_integrity
from supervisio.domain.supervision import Supervision
from supervisio.errors import CampaignFileError, Located, excerpt
from supervisio.storage.formats import Format, decode

__all__ = [
    "CampaignFolderError",
    "DEFINITION_KEY",
    "GROUP_KEY",
    "Part",
    "folder_parts",
    "load_folder",
    "load_parts",
]

DEFINITION_KEY = "campaign"
"""The top-level key of the campaign's definition file."""

GROUP_KEY = "group"
"""The top-level key of a group file: one table, the group (its number, members and units)."""

_SUFFIXES: dict[str, Format] = {".toml": "toml", ".json": "json", ".yaml": "yaml", ".yml": "yaml"}

_RECORD_LISTS: tuple[str, ...] = tuple(
    field.name for field in attrs.fields(Supervision) if field.name not in ("campaign", "groups")
)
"""The lists of records a group file holds, with the names a campaign file gives them."""

_GROUP_FILE_KEYS = ("format", GROUP_KEY, *_RECORD_LISTS)

_NOT_COVERED = re.compile(r"is not covered by group (\d+)$")


class CampaignFolderError(CampaignFileError):
    """A campaign folder that cannot be loaded: every error of every file at once, each naming its file."""

    def __init__(self, folder: str, errors: Iterable[Located]) -> None:
        self.folder = folder
        super().__init__(errors)

    def _text(self) -> str:
        text = super()._text()
        if len(self.errors) > 1:
            rest = text.partition("\n")[2]
            return f"{len(self.errors)} errors in the campaign folder {self.folder}:\n{rest}"
        return text


@attrs.frozen
class Part:
    """One campaign file of a folder: how messages name it, its bytes and its format."""

    source: str
    raw: bytes
    fmt: Format


def _ignored(name: str) -> bool:
    return name.startswith((".", "~$"))


def folder_parts(folder: Traversable, name: str) -> tuple[list[Part], list[Located]]:
    """The campaign files under ``folder`` (a path or a package resource), in the order of their paths,
    and the files that could not be read. ``name`` names the folder in messages."""
    parts: list[Part] = []
    errors: list[Located] = []
    seen: set[str] = set()  # folders walked, by their real path: a link back up is not walked again

    def walk(here: Traversable, prefix: str) -> None:
        if isinstance(here, os.PathLike):
            real = os.path.realpath(here)
            if real in seen:
                return
            seen.add(real)
        try:
            entries = sorted(here.iterdir(), key=lambda entry: entry.name)
        except OSError as error:
            errors.append(Located(prefix or name, "", f"cannot be read: {error.strerror or error}"))
            return
        for entry in entries:
            if _ignored(entry.name):
                continue
            source = f"{prefix}/{entry.name}" if prefix else entry.name
            if entry.is_dir():
                walk(entry, source)
                continue
            fmt = _SUFFIXES.get(os.path.splitext(entry.name)[1].lower())
            if fmt is None:
                continue
            located = _join(name, source)
            try:
                parts.append(Part(located, entry.read_bytes(), fmt))
            except OSError as error:
                errors.append(Located(located, "", f"cannot be read: {error.strerror or error}"))

    walk(folder, "")
    return parts, errors


def _join(folder: str, relative: str) -> str:
    if ":" in folder and not os.path.isabs(folder):  # a package resource: supervisio:data/demo
        return f"{folder}/{relative}"
    return os.path.join(folder, *relative.split("/"))


def load_folder(path: str | os.PathLike[str], *, check: bool = True) -> Supervision:
    """Load the campaign kept in the folder ``path``: its definition and its group files."""
    from pathlib import Path

    name = os.fspath(path)
    parts, errors = folder_parts(Path(name), name)
    return load_parts(parts, name, check=check, unread=errors)


@attrs.define
class _GroupFile:
    source: str
    data: Mapping[str, Any]
    number: int | None


class _Merged:
    """The files merged into one campaign's data, and the way back from a path in it to a file's path."""

    def __init__(self, definition: tuple[str, Mapping[str, Any]], groups: Sequence[_GroupFile]) -> None:
        self.definition_source = definition[0]
        self.data: dict[str, Any] = {"campaign": definition[1][DEFINITION_KEY]}
        self.group_sources = [group.source for group in groups]
        self.data["groups"] = [group.data[GROUP_KEY] for group in groups]
        self.starts: dict[str, list[int]] = {}
        self.sources: dict[str, list[str]] = {}
        for field in _RECORD_LISTS:
            merged: list[Any] = []
            for group in groups:
                records = group.data.get(field)
                if not isinstance(records, list) or not records:
                    continue
                self.starts.setdefault(field, []).append(len(merged))
                self.sources.setdefault(field, []).append(group.source)
                merged += records
            if merged:
                self.data[field] = merged

    _PATH = re.compile(r"([a-z_]+)\[(\d+)\]")

    def locate(self, path: str) -> tuple[str, str]:
        """The file and the path inside it of ``path``, a path in the merged data."""
        match = self._PATH.match(path)
        if match is None:
            return self.definition_source, path
        field, index, rest = match[1], int(match[2]), path[match.end():]
        if field == "groups":
            return self.group_sources[index], GROUP_KEY + rest
        starts = self.starts.get(field)
        if not starts:
            return self.definition_source, path
        k = bisect.bisect_right(starts, index) - 1
        return self.sources[field][k], f"{field}[{index - starts[k]}]{rest}"

    def located(self, path: str, message: str) -> Located:
        """A message about ``path`` in the merged data, located in its file; the paths of other records
        the message names (``is already briefings[2]``) are those records' paths in their own files."""
        source, local = self.locate(path)

        def other(match: re.Match[str]) -> str:
            if match[1] not in self.starts and match[1] != "groups":
                return match[0]
            theirs, where = self.locate(match[0])
            return where if theirs == source else f"{where} in {theirs}"

        return Located(source, local, self._PATH.sub(other, message))


def _classify(source: str, data: Mapping[str, Any], errors: list[Located]) -> str | None:
    """"definition", "group" or None (neither), with the keys that do not belong reported."""
    if GROUP_KEY in data:
        if DEFINITION_KEY in data:
            errors.append(Located(
                source, DEFINITION_KEY,
                "a group file does not define the campaign: its phases, 规定动作 and settings belong in the "
                "campaign's definition file (the one file with [campaign])",
            ))
        for key in data:
            if key in _GROUP_FILE_KEYS or key == DEFINITION_KEY:
                continue
            if key == "groups":
                message = "a group file holds one group, as [group]: give each group a file of its own"
            else:
                message = _unknown_key(key, _GROUP_FILE_KEYS)
            errors.append(Located(source, key, message))
        return "group"
    if DEFINITION_KEY in data:
        for key in data:
            if key in ("format", DEFINITION_KEY):
                continue
            errors.append(Located(
                source, key,
                "the campaign's definition holds [campaign] only: groups and their records belong in the "
                "group files (one file per group, with [group] and its records)",
            ))
        return "definition"
    errors.append(Located(
        source, "",
        "neither the campaign's definition ([campaign]) nor a group file ([group]): every .toml, .json and "
        ".yaml file in a campaign folder is one of them; move this one out of the folder",
    ))
    return None


def _unknown_key(key: str, known: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return "unknown key" + (f"; did you mean {close[0]!r}?" if close else f": a group file holds {', '.join(known)}")


def _number(group: Any) -> int | None:
    number = group.get("number") if isinstance(group, Mapping) else None
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def _disagreements(groups: Sequence[_GroupFile]) -> list[Located]:
    """What the group files say against each other: a group number twice, a unit in two groups, a
    record kept in the file of a group it does not belong to. Read from the plain data, so that it is
    said whatever else is wrong with the files."""
    errors: list[Located] = []
    numbers: dict[int, str] = {}
    owners: dict[str, tuple[int | None, str]] = {}
    own: dict[str, set[str]] = {}
    for group in groups:
        if group.number is not None:
            if group.number in numbers:
                errors.append(Located(
                    group.source, f"{GROUP_KEY}.number",
                    f"group {group.number} is already defined in {numbers[group.number]}",
                ))
            else:
                numbers[group.number] = group.source
        units = group.data[GROUP_KEY].get("units") if isinstance(group.data[GROUP_KEY], Mapping) else None
        for j, unit in enumerate(units if isinstance(units, list) else ()):
            name = unit.get("name") if isinstance(unit, Mapping) else None
            if not isinstance(name, str):
                continue
            own.setdefault(group.source, set()).add(name)
            owner = owners.get(name)
            if owner is None:
                owners[name] = (group.number, group.source)
            elif owner[1] != group.source:
                whose = f"group {owner[0]}" if owner[0] is not None else "another group"
                errors.append(Located(
                    group.source, f"{GROUP_KEY}.units[{j}].name",
                    f"unit {excerpt(name)} is already covered by {whose} in {owner[1]}: a unit belongs to "
                    "one group",
                ))
    for group in groups:
        if group.number is None:
            continue
        for field in _RECORD_LISTS:
            records = group.data.get(field)
            for i, record in enumerate(records if isinstance(records, list) else ()):
                if not isinstance(record, Mapping):
                    continue
                number = record.get("group")
                if isinstance(number, int) and not isinstance(number, bool) and number != group.number:
                    home = numbers.get(number)
                    errors.append(Located(
                        group.source, f"{field}[{i}].group",
                        f"this file holds the records of group {group.number}: a record of group {number} "
                        f"belongs in {home if home is not None else 'that group’s file'}",
                    ))
                    continue
                unit = record.get("unit")
                if not isinstance(unit, str) or unit in own.get(group.source, ()):
                    continue
                owner = owners.get(unit)
                if owner is not None and owner[1] != group.source:
                    errors.append(Located(
                        group.source, f"{field}[{i}].unit",
                        f"unit {excerpt(unit)} is covered by group {owner[0]} ({owner[1]}), not by group "
                        f"{group.number}, whose records this file holds: the record belongs in {owner[1]}",
                    ))
    return errors


def load_parts(
    parts: Sequence[Part],
    folder: str,
    *,
    check: bool = True,
    unread: Sequence[Located] = (),
) -> Supervision:
    """The campaign made of a folder's files ``parts``; ``folder`` names the folder in messages.

    Raises :class:`CampaignFolderError` with every error of every file (``unread``: files that could not
    be read) at once.
    """
    from supervisio.storage import fast
    from supervisio.storage.campaign_files import FORMAT_TAG, _no_collection
    from supervisio.storage.characters import may_hold_refused
    from supervisio.storage.converter import _describe

    errors: list[Located] = list(unread)
    definitions: list[tuple[str, Mapping[str, Any]]] = []
    groups: list[_GroupFile] = []
    suspect = False
    unreadable = bool(unread)
    primary = {_join(folder, "campaign" + suffix) for suffix in _SUFFIXES}
    for part in sorted(parts, key=lambda part: part.source not in primary):  # campaign.toml defines first
        try:
            data = decode(part.raw, part.fmt, part.source)
        except CampaignFileError as error:
            errors += error.errors
            unreadable = True
            continue
        suspect = suspect or may_hold_refused(part.raw, part.fmt)
        tag = data.get("format", FORMAT_TAG)
        if tag != FORMAT_TAG:
            errors.append(Located(
                part.source, "format", f"unsupported format {excerpt(tag)}: this supervisio reads {FORMAT_TAG}"
            ))
        kind = _classify(part.source, data, errors)
        if kind == "group":
            for field in _RECORD_LISTS:
                if field in data and not isinstance(data[field], list):
                    errors.append(Located(part.source, field, f"expected a list, not {_describe(data[field])}"))
                    unreadable = True
            groups.append(_GroupFile(part.source, data, _number(data[GROUP_KEY])))
        elif kind == "definition":
            if definitions:
                errors.append(Located(
                    part.source, DEFINITION_KEY,
                    f"the campaign is already defined in {definitions[0][0]}: a campaign folder holds one "
                    "definition",
                ))
            else:
                definitions.append((part.source, data))
    if not definitions and not unreadable:
        what = "is a folder without campaign files (.toml, .json, .yaml)" if not parts else (
            "is a folder without a campaign definition"
        )
        errors.insert(0, Located(
            folder, "", f"{what}: one file (campaign.toml) must hold [campaign], and one file per group [group]"
        ))
    errors += _disagreements(groups)
    if unreadable or not definitions:
        raise CampaignFolderError(folder, errors)
    merged = _Merged(definitions[0], groups)
    with _no_collection():
        supervision = None
        mirror = fast.data_mirror(merged.data, suspect, FORMAT_TAG)
        if mirror is not None:
            supervision = fast.domain(mirror)
        gaps = None
        if supervision is None:
            from supervisio.storage.detailed import structure_detailed

            structure, supervision, gaps = structure_detailed(merged.data)
            errors += [merged.located(path, message) for path, message in structure]
    if check:
        said = {(error.source, error.path) for error in errors}
        defects: list[Defect] = check_integrity(supervision, gaps)
        twice = {number for number, count in Counter(g.number for g in groups).items() if count > 1}
        for defect in defects:
            clash = _NOT_COVERED.search(defect.message)
            if clash is not None and int(clash[1]) in twice:
                continue  # which of the two groups numbered so is meant cannot be told: said once above
            located = merged.located(defect.path, defect.message)
            if (located.source, located.path) not in said:
                errors.append(located)
    if errors:
        order = {part.source: index for index, part in enumerate(parts)}
        errors.sort(key=lambda error: order.get(error.source, -1))
        raise CampaignFolderError(folder, errors)
    return supervision


def _group_of_record(supervision: Supervision, record: Any) -> int | None:
    number = getattr(record, "group", None)
    if isinstance(number, int):
        return number
    unit = getattr(record, "unit", None)
    if isinstance(unit, str) and supervision.covers(unit):
        return supervision.group_of(unit).number
    return None


def _records_of(supervision: Supervision, number: int) -> dict[str, list[Any]]:
    """The records of group ``number`` as plain data, list by list, in the campaign's order."""
    from supervisio.storage.converter import converter

    return {
        field: [converter.unstructure(r) for r in getattr(supervision, field)
                if _group_of_record(supervision, r) == number]
        for field in _RECORD_LISTS
    }


def save_folder_changes(path: str | os.PathLike[str], before: Supervision, after: Supervision) -> None:
    """Write the records that changed between ``before`` (what the folder holds) and ``after`` into their
    groups' files: a changed record is replaced in its file, a new one appended to its group's file, the
    rest of each file (comments, order, layout) kept where the file is TOML. Only records may change: a
    changed campaign or group is refused. Each file is written atomically, and only once every new file
    has been made and the folder, read back, holds ``after``.
    """
    from pathlib import Path

    from supervisio.storage.atomic import write_atomic
    from supervisio.storage.formats import encode
    from supervisio.storage.rewrite import patched_toml

    folder = os.fspath(path)

    def refuse(message: str) -> CampaignFolderError:
        return CampaignFolderError(folder, [Located(folder, "", message)])

    if before.campaign != after.campaign or before.groups != after.groups:
        raise refuse("only records can be saved into a campaign folder: the campaign or a group changed")
    parts, unread = folder_parts(Path(folder), folder)
    if unread:
        raise CampaignFolderError(folder, unread)
    files: dict[int, tuple[Part, Mapping[str, Any]]] = {}
    for part in parts:
        data = decode(part.raw, part.fmt, part.source)
        number = _number(data.get(GROUP_KEY)) if GROUP_KEY in data else None
        if number is not None:
            files.setdefault(number, (part, data))
    writes: list[tuple[str, bytes]] = []
    for number, (part, data) in files.items():
        old, new = _records_of(before, number), _records_of(after, number)
        if old == new:
            continue
        text = None
        if part.fmt == "toml":
            text = patched_toml(part.raw.decode("utf-8-sig"), old, new)
        if text is not None:
            writes.append((part.source, text.encode("utf-8")))
        else:
            whole = {key: value for key, value in data.items() if key not in _RECORD_LISTS}
            whole.update({key: value for key, value in new.items() if value})
            writes.append((part.source, encode(whole, part.fmt)))
    lost = [r for field in _RECORD_LISTS for r in getattr(after, field)
            if _group_of_record(after, r) not in files]
    if lost:
        raise refuse(f"{len(lost)} records belong to no group file of the folder")
    written = {source: raw for source, raw in writes}
    kept = [Part(p.source, written.get(p.source, p.raw), p.fmt) for p in parts]
    reread = load_parts(kept, folder)
    order = {group.number: index for index, group in enumerate(reread.groups)}
    if reread != _regrouped(after, order):
        raise refuse("the changes could not be written into the group files as they are")
    for source, raw in writes:
        write_atomic(source, raw)


def _regrouped(supervision: Supervision, order: Mapping[int, int]) -> Supervision:
    """``supervision`` with each list's records in the order of their groups' files (as a folder reads)."""
    changes: dict[str, Any] = {
        field: tuple(sorted(getattr(supervision, field),
                            key=lambda r: order.get(_group_of_record(supervision, r) or -1, len(order))))
        for field in _RECORD_LISTS
    }
    return attrs.evolve(supervision, **changes)
