"""The exchange workbook: the 问题台账 a group sends its units, as an .xlsx that comes back filled in.

One header row (问题编号 first), frozen and repeated on every printed page; A4 landscape fitted to the page
width; widths from the content (a Chinese character counts two); drop-down lists for 问题类型, 期限 and 状态
in the campaign's own words; 红黄绿灯 as cell fills; the identifying and computed columns locked (the sheet
is protected without a password, so the unit fills in what is theirs and cannot renumber a problem); blank
unlocked rows below the ledger for problems the unit adds; and a hidden sheet (:mod:`.metadata`) with the
campaign, the as-of day and a revision per row. Written with openpyxl's write-only mode, which streams rows
and keeps big ledgers in bounded memory.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from io import BytesIO
from typing import Any

from supervisio.domain.deadlines import days_left, light
from supervisio.domain.problems import Problem
from supervisio.domain.supervision import Supervision
from supervisio.domain.vocabulary import Light, ProblemStatus, Term
from supervisio.spreadsheet.columns import COLUMNS, Column
from supervisio.spreadsheet.metadata import (
    SHEET,
    Metadata,
    RowRecord,
    cells_fingerprint,
    revision,
    rows_of,
)

__all__ = ["BLANK_ROWS", "LEDGER_SHEET", "export_ledger", "ledger_values"]

LEDGER_SHEET = "问题台账"
BLANK_ROWS = 30
"""Unlocked rows left below the ledger for the problems a unit adds."""

_LIGHT_FILLS = {Light.RED: "FFC7CE", Light.YELLOW: "FFEB9C", Light.GREEN: "C6EFCE"}
_LIGHT_FONTS = {Light.RED: "9C0006", Light.YELLOW: "9C5700", Light.GREEN: "006100"}
_LIST_LIMIT = 255
"""Excel refuses an inline drop-down list longer than this; longer lists go to a hidden sheet."""
_LISTS_SHEET = "_lists"


def ledger_values(problem: Problem, as_of: dt.date, yellow_days: int) -> dict[str, Any]:
    """The row of ``problem`` as the ledger stands on ``as_of``, by field (dates as dates)."""
    status = problem.status_on(as_of)
    deadline: Any = problem.deadline_on(as_of)
    if deadline is None and problem.term is Term.LONG:
        deadline = Term.LONG.value
    lamp = light(problem, as_of, yellow_days)
    return {
        "number": problem.number,
        "unit": problem.unit,
        "found_on": problem.found_on,
        "category": problem.category,
        "term": problem.term.value,
        "description": problem.description,
        "lead_owner": problem.lead_owner or "",
        "owner": problem.owner or "",
        "measures": "\n".join(f"{i}. {m}" for i, m in enumerate(problem.measures, start=1)),
        "deadline": deadline or "",
        "progress": "\n".join(
            f"{entry.on.isoformat()} {entry.text}" for entry in problem.progress if entry.on <= as_of
        ),
        "status": status.value if status else "",
        "updated_on": "",
        "closed_on": problem.resolved_on(as_of) or "",
        "days_left": "" if lamp is None else days_left(problem, as_of),
        "light": lamp.value if lamp else "",
    }


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _widths(rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Each column as wide as its widest line (a header may wrap onto two lines), within its bounds."""
    widths = []
    for column in COLUMNS:
        low, high = column.width
        widest = (_display_width(column.header) + 1) // 2
        for row in rows:
            for line in _text(row[column.field]).splitlines() or [""]:
                widest = max(widest, _display_width(line))
                if widest >= high:
                    break
        widths.append(min(max(widest, low), high) + 1)
    return widths


_CJK_SPREAD = 1.15
"""A Chinese character of 11-point 宋体 takes a little more than two of Excel's width units."""
_LINE_HEIGHT = 14.25
"""Points per line of 11-point 宋体, as Excel and LibreOffice lay it out."""


def _height(row: Mapping[str, Any], widths: Sequence[int]) -> float:
    """The row's height for its wrapped text: Calc does not fit the rows of a workbook it opens, Excel only
    sometimes, so a wrapped cell would show one line."""
    lines = 1
    for column, width in zip(COLUMNS, widths):
        if not column.wrap:
            continue
        room = max(width - 1, 1) / _CJK_SPREAD
        count = sum(
            max(math.ceil(_display_width(line) / room), 1)
            for line in _text(row[column.field]).splitlines()
        )
        lines = max(lines, count)
    return round(lines * _LINE_HEIGHT + 3, 2)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


class _Styles:
    """The few cell styles of the workbook, made once (openpyxl shares equal styles, but building them per
    cell costs more than writing the cell)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.font = Font(name="宋体", size=11)
        self.header_font = Font(name="黑体", size=11, bold=True)
        self.header_fill = PatternFill("solid", fgColor="D9D9D9")
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.top = Alignment(horizontal="left", vertical="top", wrap_text=False)
        self.wrap = Alignment(horizontal="left", vertical="top", wrap_text=True)
        self.locked = Protection(locked=True)
        self.unlocked = Protection(locked=False)
        self.light_fills = {k: PatternFill("solid", fgColor=v) for k, v in _LIGHT_FILLS.items()}
        self.light_fonts = {k: Font(name="宋体", size=11, color=v) for k, v in _LIGHT_FONTS.items()}


def _cell(ws: Any, styles: _Styles, column: Column, value: Any, *, locked: bool) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.font = styles.font
    cell.border = styles.border
    cell.alignment = styles.wrap if column.wrap else styles.top
    cell.protection = styles.locked if locked else styles.unlocked
    if isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    if column.field == "light" and value:
        lamp = Light(value)
        cell.fill = styles.light_fills[lamp]
        cell.font = styles.light_fonts[lamp]
    return cell


def _header(ws: Any, styles: _Styles) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for column in COLUMNS:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = styles.header_font
        cell.fill = styles.header_fill
        cell.border = styles.border
        cell.alignment = styles.center
        cell.protection = styles.locked
        cells.append(cell)
    return cells


def _categories(supervision: Supervision) -> list[str]:
    declared = supervision.campaign.settings.categories
    return list(declared) if declared else list(dict.fromkeys(p.category for p in supervision.problems))


def _validations(ws: Any, supervision: Supervision, last_row: int) -> list[list[str]]:
    """Drop-down lists for 问题类型, 期限 and 状态: inline when Excel allows it (at most 255 characters, no
    commas), else a range of the hidden list sheet; returns the lists that sheet must hold, by column."""
    from openpyxl.worksheet.datavalidation import DataValidation

    choices = {
        "category": _categories(supervision),
        "term": [term.value for term in Term],
        "status": [status.value for status in ProblemStatus],
    }
    fields = [column.field for column in COLUMNS]
    sheet_lists: list[list[str]] = []
    for field, values in choices.items():
        if not values:
            continue
        inline = ",".join(values)
        if len(inline) <= _LIST_LIMIT and not any("," in v or '"' in v for v in values):
            formula = f'"{inline}"'
        else:
            letter = _letter(len(sheet_lists))
            sheet_lists.append(values)
            formula = f"{_LISTS_SHEET}!${letter}$1:${letter}${len(values)}"
        header = COLUMNS[fields.index(field)].header
        validation = DataValidation(
            type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
            errorTitle=header, error=f"请从下拉列表中选择{header}",
        )
        letter = _letter(fields.index(field))
        validation.add(f"{letter}2:{letter}{last_row}")
        ws.data_validations.append(validation)
    return sheet_lists


def _write_lists(workbook: Any, lists: list[list[str]]) -> None:
    if not lists:
        return
    sheet = workbook.create_sheet(_LISTS_SHEET)
    sheet.sheet_state = "hidden"
    for row in range(max(len(values) for values in lists)):
        sheet.append([values[row] if row < len(values) else None for values in lists])


def export_ledger(
    supervision: Supervision,
    as_of: dt.date,
    *,
    group: int | None = None,
    units: Iterable[str] = (),
) -> bytes:
    """The exchange workbook of the problems found by ``as_of``, of ``group`` or of ``units`` (full names,
    short names or aliases), all problems when neither is given; returns the bytes of the .xlsx."""
    from openpyxl import Workbook
    from openpyxl.worksheet.properties import PageSetupProperties

    wanted: set[str] | None = {supervision.unit(name).name for name in units} or None  # None: every unit
    if group is not None:
        scope = set(supervision.group(group).unit_names)
        wanted = wanted & scope if wanted is not None else scope  # a unit outside the group: no rows
    problems = [
        p for p in supervision.problems
        if p.found_on <= as_of and (wanted is None or p.unit in wanted)
    ]
    yellow = supervision.campaign.settings.yellow_days
    rows = [ledger_values(problem, as_of, yellow) for problem in problems]

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(LEDGER_SHEET)
    styles = _Styles()
    widths = _widths(rows)
    for index, width in enumerate(widths):
        ws.column_dimensions[_letter(index)].width = width
    ws.freeze_panes = "B2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{_letter(len(COLUMNS) - 1)}{len(rows) + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.75
    ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
    ws.protection.insertRows = False
    ws.protection.autoFilter = False
    ws.protection.sort = False
    last_row = len(rows) + 1 + BLANK_ROWS
    lists = _validations(ws, supervision, last_row)

    ws.row_dimensions[1].height = 2 * _LINE_HEIGHT + 3
    ws.append(_header(ws, styles))
    for index, row in enumerate(rows, start=2):
        ws.row_dimensions[index].height = _height(row, widths)
        ws.append([
            _cell(ws, styles, column, row[column.field], locked=not column.editable)
            for column in COLUMNS
        ])
    for _ in range(BLANK_ROWS):
        ws.append([
            _cell(ws, styles, column, None, locked=not column.read) for column in COLUMNS
        ])

    editable = [column.field for column in COLUMNS if column.editable]
    metadata = Metadata(
        campaign=supervision.campaign.name,
        year=supervision.campaign.year,
        as_of=as_of,
        sheet=LEDGER_SHEET,
        fields=tuple(column.field for column in COLUMNS),
        rows={
            problem.number: RowRecord(
                revision(problem), cells_fingerprint({field: row[field] for field in editable})
            )
            for problem, row in zip(problems, rows)
        },
    )
    _write_lists(workbook, lists)
    hidden = workbook.create_sheet(SHEET)
    hidden.sheet_state = "hidden"
    for line in rows_of(metadata):
        hidden.append(list(line))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
