"""``import_ledger``: a ledger file in, the campaign with the file's rows merged in out.

Picks the sheet (the one named, the one the exchange workbook says, else the first whose first rows hold a
ledger header), finds the header, merges the rows (:mod:`.merge`) and raises one
:class:`~supervisio.errors.SpreadsheetError` with every mistake located when anything is wrong, so the
caller writes the campaign only when the whole file merged cleanly.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping

from supervisio.domain.supervision import Supervision
from supervisio.errors import SpreadsheetError
from supervisio.spreadsheet.header import SEARCH_ROWS, Layout, check_mapping, find_layout, letter
from supervisio.spreadsheet.merge import ImportResult, merge_rows
from supervisio.spreadsheet.metadata import SHEET, Metadata, read_metadata
from supervisio.spreadsheet.read import Workbook, open_workbook

__all__ = ["import_ledger"]

_KEY_FIELDS = ("number", "description")


def _where(sheet: str) -> Callable[[int, int], str]:
    """How a cell of ``sheet`` is named in messages (``问题台账!F12``; a .csv has no sheet name)."""

    def name(column: int, row: int) -> str:
        cell = f"{letter(column)}{row}"
        return f"{sheet}!{cell}" if sheet else cell

    return name


def _is_ledger(layout: Layout | None) -> bool:
    return layout is not None and any(field in layout.fields.values() for field in _KEY_FIELDS)


def _choose_sheet(book: Workbook, sheet: str | None, metadata: Metadata | None,
                  mapping: Mapping[str, str]) -> str:
    if sheet is not None:
        if sheet not in book.names:
            raise SpreadsheetError(book.source, [("", f"no sheet {sheet!r}; the sheets are "
                                                  + "、".join(book.visible or book.names))])
        return sheet
    if metadata is not None and metadata.sheet in book.names:
        return metadata.sheet
    for name in book.visible:
        if _is_ledger(find_layout(book.rows(name, SEARCH_ROWS).rows, mapping, _where(name))):
            return name
    raise SpreadsheetError(book.source, [(
        "", "no sheet has a ledger header (问题编号 or 问题描述, with 被督导单位, 状态 …) in its first "
        f"{SEARCH_ROWS} rows; name the sheet with --sheet and the columns with --map 列名=field",
    )])


def import_ledger(
    supervision: Supervision,
    path: str | os.PathLike[str],
    *,
    on: dt.date,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> ImportResult:
    """Merge the ledger at ``path`` (.xlsx, .xls, .csv) into ``supervision`` as of the day ``on``.

    ``mapping`` settles the columns the synonyms do not know (header text → field, ``-`` to skip). Returns
    the merged campaign and what changed; raises SpreadsheetError listing every bad cell and row.
    """
    try:
        mapping = check_mapping(mapping or {})
    except SpreadsheetError as error:  # a mapping names no field: the message names the file too
        raise SpreadsheetError(os.fspath(path), [("", str(error))]) from None
    book = open_workbook(path)
    metadata = read_metadata(book.rows(SHEET).rows) if SHEET in book.names else None
    problems: list[tuple[str, str]] = []
    if metadata is not None and (metadata.campaign, metadata.year) != (
        supervision.campaign.name, supervision.campaign.year
    ):
        problems.append(("", f"this workbook was exported from 《{metadata.campaign}》({metadata.year}), not from "
                             f"《{supervision.campaign.name}》({supervision.campaign.year})"))
    name = _choose_sheet(book, sheet, metadata, mapping)
    rows = book.rows(name).rows
    layout = find_layout(rows, mapping, _where(name))
    if not _is_ledger(layout):
        where = f"{name}!1" if name else "1"
        raise SpreadsheetError(book.source, [*problems, (where, (
            f"no header row with 问题编号 or 问题描述 in the first {SEARCH_ROWS} rows; "
            "name the columns with --map 列名=field"
        ))])
    assert layout is not None
    warnings = [
        f"{book.source}!{_where(name)(column, layout.header_row)}: column {text!r} is not read "
        f"(--map {text}=FIELD reads it, --map {text}=- silences this)"
        for column, text in layout.unknown
    ]
    result, errors = merge_rows(
        supervision, source=book.source, sheet=name, rows=rows, layout=layout, metadata=metadata, day=on,
        warnings=warnings,
    )
    problems += errors
    if problems:
        raise SpreadsheetError(book.source, problems)
    return result
