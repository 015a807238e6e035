"""Reading a ledger file into plain rows: .xlsx (openpyxl, read-only), legacy .xls (xlrd) and .csv.

Whatever the format, the result is the same: the sheets' names and, for the sheet asked for, its rows as
tuples of cell values (text, numbers, dates), merged cells filled from their top-left cell (a unit's name
merged down over its problems belongs to each of them). The importer never sees the format again.

The file's kind is told by its first bytes, not trusted from its suffix: an .xls that is really an .xlsx
(as some systems export) is read all the same.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from supervisio.errors import SpreadsheetError

__all__ = ["SheetRows", "Workbook", "open_workbook"]

_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@attrs.frozen
class SheetRows:
    """One sheet's rows (the first is row 1) with merged areas filled in."""

    name: str
    rows: Sequence[tuple[Any, ...]]


class Workbook:
    """The sheets of a ledger file; ``rows(name)`` reads one."""

    def __init__(self, source: str, names: Sequence[str], hidden: Sequence[str], reader: Any) -> None:
        self.source = source
        self.names = tuple(names)
        self.hidden = frozenset(hidden)
        self._reader = reader

    @property
    def visible(self) -> tuple[str, ...]:
        return tuple(name for name in self.names if name not in self.hidden)

    def rows(self, name: str, limit: int | None = None) -> SheetRows:
        """The rows of sheet ``name`` (the first ``limit`` only, when given)."""
        return SheetRows(name, self._reader(name, limit))


def _error(source: str, message: str) -> SpreadsheetError:
    return SpreadsheetError(source, [("", message)])


def open_workbook(path: str | os.PathLike[str]) -> Workbook:
    """Open a ledger file, or raise :class:`SpreadsheetError` saying why it cannot be read."""
    source = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise _error(source, "no such file") from None
    except IsADirectoryError:
        raise _error(source, "is a folder, not a ledger file") from None
    except OSError as error:
        raise _error(source, f"cannot be read: {error.strerror}") from None
    suffix = Path(source).suffix.lower()
    if raw.startswith(_XLSX_MAGIC):
        return _open_xlsx(source, raw)
    if raw.startswith(_XLS_MAGIC):
        return _open_xls(source, raw)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raise _error(source, f"this is not an Excel workbook, though it is named {suffix} (damaged or renamed?)")
    if suffix in (".csv", ".txt", ".tsv"):
        return _open_csv(source, raw)
    raise _error(source, "cannot tell what this file is: a ledger is read from .xlsx, .xls or .csv")


# ------------------------------------------------------------------------------------------------- xlsx
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')


def _merged_ranges(raw: bytes, sheet_path: str | None) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged area, read from the sheet's XML directly:
    openpyxl's read-only mode does not report merges, and a full parse would cost as much as the read."""
    from openpyxl.utils.cell import range_boundaries

    if not sheet_path:
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            xml = archive.read(sheet_path.lstrip("/"))
    except (KeyError, zipfile.BadZipFile):
        return []
    ranges = []
    for match in _MERGE.finditer(xml):
        min_col, min_row, max_col, max_row = range_boundaries(match[1].decode("ascii"))
        if min_row is not None and min_col is not None:
            ranges.append((min_row, min_col, max_row or min_row, max_col or min_col))
    return ranges


def _fill_merged(rows: list[list[Any]], ranges: list[tuple[int, int, int, int]]) -> None:
    for min_row, min_col, max_row, max_col in ranges:
        if min_row > len(rows):
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        for r in range(min_row, min(max_row, len(rows)) + 1):
            row = rows[r - 1]
            if len(row) < max_col:
                row.extend([None] * (max_col - len(row)))
            for c in range(min_col, max_col + 1):
                if r == min_row and c == min_col:
                    continue
                row[c - 1] = value


def _trim(rows: list[list[Any]]) -> list[tuple[Any, ...]]:
    """Rows as tuples without trailing empty cells, and without the empty rows at the end."""
    trimmed = []
    for row in rows:
        end = len(row)
        while end and (row[end - 1] is None or row[end - 1] == ""):
            end -= 1
        trimmed.append(tuple(row[:end]))
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed


def _open_xlsx(source: str, raw: bytes) -> Workbook:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _error(source, f"this Excel workbook cannot be read ({error or type(error).__name__})") from None
    hidden = [ws.title for ws in book.worksheets if ws.sheet_state != "visible"]

    def read(name: str, limit: int | None) -> list[tuple[Any, ...]]:
        ws = book[name]
        ws.reset_dimensions()  # WPS writes a wrong <dimension> (A1:A1): read what is there, not what it says
        rows = [list(values) for values in ws.iter_rows(max_row=limit, values_only=True)]
        if limit is None:
            _fill_merged(rows, _merged_ranges(raw, getattr(ws, "_worksheet_path", None)))
        return _trim(rows)

    return Workbook(source, [ws.title for ws in book.worksheets], hidden, read)


# -------------------------------------------------------------------------------------------------- xls
def _open_xls(source: str, raw: bytes) -> Workbook:
    import xlrd
    from xlrd.biffh import XLRDError

    try:
        book = xlrd.open_workbook(file_contents=raw, formatting_info=True, on_demand=True)
    except XLRDError as error:
        raise _error(source, f"this .xls workbook cannot be read ({error})") from None
    except Exception as error:  # xlrd raises bare errors (AssertionError, struct.error) on damaged files
        raise _error(source, f"this .xls workbook is damaged ({type(error).__name__})") from None
    names = book.sheet_names()
    hidden = [name for i, name in enumerate(names) if book.sheet_by_index(i).visibility != 0]

    def value(sheet: Any, r: int, c: int) -> Any:
        cell = sheet.cell(r, c)
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                day = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
            except (xlrd.xldate.XLDateError, OverflowError, ValueError):
                return cell.value
            return day.date() if day.time() == dt.time() else day
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        if cell.ctype == xlrd.XL_CELL_ERROR:
            return None
        return cell.value

    def read(name: str, limit: int | None) -> list[tuple[Any, ...]]:
        sheet = book.sheet_by_name(name)
        count = sheet.nrows if limit is None else min(limit, sheet.nrows)
        rows = [[value(sheet, r, c) for c in range(sheet.row_len(r))] for r in range(count)]
        ranges = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sheet.merged_cells]
        _fill_merged(rows, ranges)
        return _trim(rows)

    return Workbook(source, names, hidden, read)


# -------------------------------------------------------------------------------------------------- csv
_ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GBK/GB18030"))


def _decode_csv(source: str, raw: bytes) -> str:
    """UTF-8 (with or without a BOM), UTF-16 with a BOM, else GBK/GB18030 as Excel saves CSV in China."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _error(source, "this UTF-16 file has bytes that are not text") from None
    for encoding, _ in _ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _error(source, "this .csv is neither UTF-8 nor GBK/GB18030 text: save it again as CSV (UTF-8)")


def _open_csv(source: str, raw: bytes) -> Workbook:
    text = _decode_csv(source, raw)
    if "\x00" in text:
        raise _error(source, "this is a binary file, not a .csv (an Excel file renamed?)")
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|，")
    except csv.Error:
        dialect = csv.excel

    def read(_: str, limit: int | None) -> list[tuple[Any, ...]]:
        rows: list[list[Any]] = []
        reader: Iterator[list[str]] = csv.reader(io.StringIO(text, newline=""), dialect)
        try:
            for row in reader:
                rows.append([cell if cell.strip() else None for cell in row])
                if limit is not None and len(rows) >= limit:
                    break
        except csv.Error as error:
            raise _error(source, f"line {len(rows) + 1}: not valid CSV ({error})") from None
        return _trim(rows)

    return Workbook(source, [""], [], read)  # a .csv has one sheet, with no name
