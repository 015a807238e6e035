"""Finding the header row of a ledger sheet and what each column holds.

Real sheets open with a merged title (临江市发改委问题整改台账), a line with the unit and the date, sometimes
a blank row, and only then the header. The header is the row among the first :data:`SEARCH_ROWS` whose
cells name the most known columns; ``--map 列名=field`` names the columns the synonyms do not know, or
ignores one (``--map 备注=-``). Columns nobody knows are reported, not fatal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from supervisio.errors import SpreadsheetError
from supervisio.spreadsheet.columns import FIELDS, by_field, match_header, normalise_header
from supervisio.spreadsheet.words import text_of

__all__ = ["IGNORE", "SEARCH_ROWS", "Layout", "find_layout", "letter"]

SEARCH_ROWS = 15
IGNORE = "-"
"""``--map 列名=-``: the column is not read."""


def letter(index: int) -> str:
    """The column letter of a 0-based column index (0 → A, 26 → AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


@attrs.frozen
class Layout:
    """Where the header is (1-based row) and which field each column (0-based) is read into."""

    header_row: int
    fields: Mapping[int, str]
    unknown: Sequence[tuple[int, str]]
    problems: Sequence[tuple[str, str]]
    """(where, message) for mistakes in the header or in ``--map``: reported with the rows' errors."""

    def column_of(self, field: str) -> int | None:
        return next((index for index, name in self.fields.items() if name == field), None)


def _score(row: Sequence[Any], mapping: Mapping[str, str]) -> int:
    score = 0
    for value in row:
        text = normalise_header(text_of(value))
        if text and (text in mapping or match_header(text) is not None):
            score += 1
    return score


def find_layout(
    rows: Sequence[Sequence[Any]], mapping: Mapping[str, str], where: Any
) -> Layout | None:
    """The layout of a sheet, or None when no row among the first ones looks like a ledger header.

    ``mapping`` is ``--map`` (normalised header text → field or ``-``); ``where(column, row)`` names a cell.
    """
    best, best_score = None, 1
    for index, row in enumerate(rows[:SEARCH_ROWS]):
        score = _score(row, mapping)
        if score > best_score:
            best, best_score = index, score
    if best is None:
        return None
    header = rows[best]
    fields: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    problems: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for column, value in enumerate(header):
        text = text_of(value)
        name = normalise_header(text)
        if not name:
            continue
        field = mapping.get(name)
        if field is None:
            known = match_header(name)
            field = known.field if known is not None else None
        if field is None:
            unknown.append((column, text))
            continue
        if field == IGNORE:
            continue
        if field in seen:
            problems.append((
                where(column, best + 1),
                f"columns {letter(seen[field])} and {letter(column)} both read as {by_field(field).header}; "
                f"keep one with --map {name}={IGNORE}",
            ))
            continue
        seen[field] = column
        fields[column] = field
    found = {normalise_header(text_of(value)) for value in header}
    for name, field in mapping.items():
        if name not in found:
            problems.append(("", f"--map {name}={field}: the header row (row {best + 1}) has no column {name}"))
    return Layout(best + 1, fields, unknown, problems)


def check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """A column mapping (header text → field or ``-``) with its header texts normalised; a SpreadsheetError
    says which entry names no field."""
    checked: dict[str, str] = {}
    for name, field in mapping.items():
        field = field.strip()
        if field != IGNORE and field not in FIELDS:
            raise SpreadsheetError(f"--map {name}={field}", [("", f"unknown field {field!r}; fields are "
                                                                  f"{', '.join(FIELDS)} (or - to skip)")])
        checked[normalise_header(name)] = field
    return checked


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """``--map`` arguments (``列名=field``) as a mapping; a SpreadsheetError says what is wrong with one."""
    mapping: dict[str, str] = {}
    for item in items:
        name, sep, field = item.partition("=")
        if not sep or not normalise_header(name) or not field.strip():
            raise SpreadsheetError(f"--map {item}", [("", "write 列名=field, e.g. --map 整改目标=measures or --map 备注=-")])
        mapping.update(check_mapping({name: field}))
    return mapping
