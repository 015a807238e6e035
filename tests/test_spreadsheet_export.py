"""The exchange workbook (``export_ledger``), opened as Excel users and the importer will see it.

Each test reads the .xlsx back with openpyxl in normal mode and checks one promise: the header row, the
printed layout, the drop-down lists in the campaign's words, the lights, what is locked, the hidden sheet
the import relies on, which rows are there and what they say as of the day asked about. One test converts
the workbook to PDF with LibreOffice Calc and measures the pages.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import attrs
import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from supervisio.domain.deadlines import light
from supervisio.domain.vocabulary import Light, ProblemStatus, Term
from supervisio.spreadsheet import export_ledger
from supervisio.spreadsheet.columns import COLUMNS
from supervisio.spreadsheet.metadata import cells_fingerprint, read_metadata, revision

AS_OF = dt.date(2022, 4, 15)
LEDGER = "问题台账"
HIDDEN = "_supervisio"
HEADERS = [column.header for column in COLUMNS]
LETTER = {column.header: get_column_letter(index + 1) for index, column in enumerate(COLUMNS)}


def open_book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def records(ws) -> list[dict[str, object]]:
    """The data rows of the ledger sheet by header (the blank rows left for new problems excluded)."""
    header = [cell.value for cell in ws[1]]
    rows = []
    for values in ws.iter_rows(min_row=2, values_only=True):
        if all(value is None for value in values):
            continue
        rows.append(dict(zip(header, values)))
    return rows


def numbers(data: bytes) -> list[str]:
    return [row["问题编号"] for row in records(open_book(data)[LEDGER])]


def day(value: object) -> dt.date:
    assert isinstance(value, dt.datetime), value
    return value.date()


@pytest.fixture(scope="module")
def demo_data(demo) -> bytes:
    return export_ledger(demo, AS_OF)


@pytest.fixture(scope="module")
def book(demo_data):
    return open_book(demo_data)


@pytest.fixture(scope="module")
def ws(book):
    return book[LEDGER]


@pytest.fixture(scope="module")
def found(demo):
    """The demo's problems found by the report date, in ledger order."""
    return [p for p in demo.problems if p.found_on <= AS_OF]


@pytest.fixture(scope="module")
def last_row(ws, found):
    """The last row of the sheet: the data rows, then the blank rows left for new problems."""
    assert ws.max_row > len(found) + 1
    return ws.max_row


# --------------------------------------------------------------------------------------- the header


def test_the_ledger_is_the_first_sheet_and_the_one_that_opens(book):
    assert book.sheetnames[0] == LEDGER
    assert book.active.title == LEDGER
    assert [ws.title for ws in book.worksheets if ws.sheet_state == "visible"] == [LEDGER]


def test_one_header_row_with_the_columns_in_order_numbers_first(ws, found):
    """Row 1 holds the headers of ``columns.COLUMNS``, 问题编号 first; the problems start on row 2."""
    assert [cell.value for cell in ws[1]] == HEADERS
    assert HEADERS[0] == "问题编号"
    assert [row["问题编号"] for row in records(ws)] == [p.number for p in found]
    assert ws["A2"].value == found[0].number


def test_the_header_is_frozen_and_printed_on_every_page(ws):
    """Scrolling keeps the header in view (panes frozen below row 1); printing repeats row 1."""
    match = re.fullmatch(r"([A-Z]+)(\d+)", ws.freeze_panes or "")
    assert match and match[2] == "2", ws.freeze_panes
    assert ws.print_title_rows.replace("$", "") == "1:1"


def test_printed_on_a4_landscape_fitted_to_the_width(ws):
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert int(ws.page_setup.fitToWidth) == 1
    assert int(ws.page_setup.fitToHeight) == 0  # as many pages down as it takes
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True


def test_column_widths_stay_within_each_columns_bounds(ws):
    """Every width lies within the column's bounds (plus one unit of padding); 问题描述, whose texts
    are long, is as wide as it may be; 期限, bounded to (4, 4), is exactly that."""
    for index, column in enumerate(COLUMNS):
        width = ws.column_dimensions[get_column_letter(index + 1)].width
        low, high = column.width
        assert low <= width <= high + 1, (column.header, width)
    description = next(c for c in COLUMNS if c.header == "问题描述")
    assert ws.column_dimensions[LETTER["问题描述"]].width == description.width[1] + 1
    assert ws.column_dimensions[LETTER["期限"]].width == 5


def test_column_widths_follow_the_content(small):
    """The same ledger with two-, three- and five-character 责任领导 gets a narrow, a middle and the widest
    责任领导 column: the width is measured from the cells (a Chinese character counting two)."""

    def width_with(lead: str) -> float:
        problems = tuple(attrs.evolve(p, lead_owner=lead) for p in small.problems)
        data = export_ledger(attrs.evolve(small, problems=problems), dt.date(2023, 6, 10))
        return open_book(data)[LEDGER].column_dimensions[LETTER["责任领导"]].width

    two, three, five = width_with("吴军"), width_with("吴建军"), width_with("欧阳建国华")
    assert two < three < five
    low, high = next(c for c in COLUMNS if c.header == "责任领导").width
    assert (two, five) == (low + 1, high + 1)


# ---------------------------------------------------------------------------------- drop-down lists


def validation_of(ws, header: str):
    letter = LETTER[header]
    found = [dv for dv in ws.data_validations.dataValidation if f"{letter}2" in dv.sqref]
    assert len(found) == 1, f"{header}: {[str(dv.sqref) for dv in ws.data_validations.dataValidation]}"
    return found[0]


def inline_list(formula: str) -> list[str]:
    assert formula.startswith('"') and formula.endswith('"'), formula
    return formula[1:-1].split(",")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("问题类型", ["难点", "痛点", "堵点", "短板"]),
        ("期限", [term.value for term in Term]),
        ("状态", [status.value for status in ProblemStatus]),
    ],
)
def test_drop_down_lists_cover_the_data_and_the_blank_rows(ws, demo, last_row, header, expected):
    """问题类型 lists the campaign's own ``settings.categories``; 期限 短期/长期; 状态 the lifecycle's states.
    Each list covers every data row and every blank row below, not the header; a value off the list is
    refused with a message."""
    if header == "问题类型":
        assert expected == list(demo.campaign.settings.categories)
    validation = validation_of(ws, header)
    assert validation.type == "list"
    assert inline_list(validation.formula1) == expected
    letter = LETTER[header]
    for row in (2, 40, last_row - 1, last_row):
        assert f"{letter}{row}" in validation.sqref
    assert f"{letter}1" not in validation.sqref
    assert validation.showErrorMessage and validation.error


def test_no_drop_down_on_the_free_text_columns(ws):
    covered = {str(dv.sqref)[0] for dv in ws.data_validations.dataValidation}
    assert covered == {LETTER["问题类型"], LETTER["期限"], LETTER["状态"]}


def check_list_sheet_fallback(demo, categories: tuple[str, ...]) -> None:
    """With this category list, 问题类型's drop-down reads a range of a hidden sheet holding the list in
    order; 期限 and 状态 stay inline."""
    settings = attrs.evolve(demo.campaign.settings, categories=categories)
    campaign = attrs.evolve(demo.campaign, settings=settings)
    book = open_book(export_ledger(attrs.evolve(demo, campaign=campaign), AS_OF))
    ws = book[LEDGER]
    formula = validation_of(ws, "问题类型").formula1
    match = re.fullmatch(r"'?([^'!]+)'?!\$([A-Z]+)\$1:\$([A-Z]+)\$(\d+)", formula)
    assert match, formula
    sheet, first, last, count = match.groups()
    assert first == last and int(count) == len(categories)
    assert book[sheet].sheet_state == "hidden"
    listed = [book[sheet][f"{first}{row}"].value for row in range(1, len(categories) + 1)]
    assert listed == list(categories)
    assert inline_list(validation_of(ws, "期限").formula1) == ["短期", "长期"]
    assert inline_list(validation_of(ws, "状态").formula1) == [s.value for s in ProblemStatus]


def test_a_category_list_longer_than_excel_allows_inline_goes_to_a_hidden_sheet(demo):
    categories = ("难点", "痛点", "堵点", "短板", *(f"其他类别{i:02d}" for i in range(40)))
    assert len(",".join(categories)) > 255
    check_list_sheet_fallback(demo, categories)


def test_a_category_holding_a_comma_goes_to_a_hidden_sheet(demo):
    check_list_sheet_fallback(demo, ("难点", "痛点", "堵点", "短板", "体制机制,作风"))


# --------------------------------------------------------------------------------------------- lights


def test_light_cells_are_filled_by_their_light(ws, demo, found):
    """Red, yellow and green cells for 红灯, 黄灯 and 绿灯 (judged by the fill's colour channels, not by
    its exact shade); the lights are those of the rules on the day; no light, no fill."""
    column = HEADERS.index("红黄绿灯") + 1
    seen = set()
    for row, problem in enumerate(found, start=2):
        cell = ws.cell(row, column)
        lamp = light(problem, AS_OF, demo.campaign.settings.yellow_days)
        assert cell.value == (lamp.value if lamp else None), problem.number
        if lamp is None:
            assert cell.fill.fill_type is None, problem.number
            continue
        seen.add(lamp)
        assert cell.fill.fill_type == "solid"
        r, g, b = (int(cell.fill.fgColor.rgb[-6:][i : i + 2], 16) for i in (0, 2, 4))
        if lamp is Light.RED:
            assert r > g + 30 and r > b + 30, cell.fill.fgColor.rgb
        elif lamp is Light.YELLOW:
            assert r > b + 60 and g > b + 60, cell.fill.fgColor.rgb
        else:
            assert g > r + 20 and g > b + 20, cell.fill.fgColor.rgb
    assert seen == set(Light)


# --------------------------------------------------------------------------------------- protection

LOCKED = ["问题编号", "被督导单位", "发现日期", "问题描述", "剩余天数", "红黄绿灯"]


def test_the_sheet_is_protected_identifying_columns_locked(ws, found):
    """The unit fills in what is theirs and cannot renumber a problem or rewrite what was found."""
    assert ws.protection.sheet
    for row in range(2, len(found) + 2):
        for index, header in enumerate(HEADERS, start=1):
            locked = ws.cell(row, index).protection.locked
            assert locked == (header in LOCKED), (header, row)
    assert set(HEADERS) - set(LOCKED) >= {"问题类型", "整改措施", "整改时限", "整改进展", "状态", "销号日期"}


def test_the_blank_rows_are_unlocked_for_new_problems(ws, found, last_row):
    """Below the ledger, every column a new problem needs can be typed in (the computed ones stay
    locked)."""
    assert last_row - (len(found) + 1) >= 10
    for row in range(len(found) + 2, last_row + 1):
        assert all(ws.cell(row, i).value is None for i in range(1, len(HEADERS) + 1))
        for index, header in enumerate(HEADERS, start=1):
            locked = ws.cell(row, index).protection.locked
            assert locked == (header in ("剩余天数", "红黄绿灯")), (header, row)


# ------------------------------------------------------------------------------------- hidden sheet


def test_the_hidden_sheet_says_where_the_workbook_came_from(book, ws, demo, found):
    """Campaign, year and as-of day, and for each row the problem's revision and the fingerprint of the
    editable cells as the workbook holds them (what the import compares)."""
    hidden = book[HIDDEN]
    assert hidden.sheet_state == "hidden"
    rows = [tuple(row) for row in hidden.iter_rows(values_only=True)]
    head = {row[0]: row[1] for row in rows[:6]}
    assert head["campaign"] == demo.campaign.name == "作风能力提升年"
    assert int(head["year"]) == 2022
    assert str(head["as_of"]) == "2022-04-15"
    metadata = read_metadata(rows)
    assert metadata is not None
    assert (metadata.campaign, metadata.year, metadata.as_of, metadata.sheet) == (
        "作风能力提升年", 2022, AS_OF, LEDGER
    )
    assert list(metadata.rows) == [p.number for p in found]
    editable = {column.header: column.field for column in COLUMNS if column.editable}
    for problem, row in zip(found, records(ws)):
        record = metadata.rows[problem.number]
        assert record.revision == revision(problem)
        assert record.cells == cells_fingerprint({field: row[h] for h, field in editable.items()})


def test_revisions_tell_problems_and_their_changes_apart(demo):
    first, second = demo.problems[:2]
    assert revision(first) != revision(second)
    assert revision(first) == revision(attrs.evolve(first))
    assert revision(first) != revision(attrs.evolve(first, owner="另一人"))


# ------------------------------------------------------------------------------------ which rows


@pytest.mark.parametrize(
    ("group", "units", "expected"),
    [
        (None, [], ["Q-001", "Q-002", "Q-003"]),
        (1, [], ["Q-001", "Q-002"]),
        (2, [], ["Q-003"]),
        (None, ["县教育局"], ["Q-003"]),
        (None, ["青山县农业农村局", "县住建局"], ["Q-001", "Q-002"]),
        (1, ["县农业农村局"], ["Q-001"]),
        (1, ["县教育局"], []),
    ],
)
def test_group_and_units_choose_the_rows(small, group, units, expected):
    """``group`` and ``units`` (full or short names) narrow the ledger; both at once is their overlap,
    so a unit outside the group leaves the ledger empty rather than whole."""
    assert numbers(export_ledger(small, dt.date(2023, 6, 10), group=group, units=units)) == expected


def test_problems_found_after_the_day_are_left_out(demo):
    found_by = {p.number for p in demo.problems if p.found_on <= dt.date(2022, 5, 11)}
    listed = numbers(export_ledger(demo, dt.date(2022, 5, 11)))
    assert set(listed) == found_by
    assert "DD07-073" in listed and "DD07-074" not in listed  # found 10 May and 12 May 2022
    assert len(numbers(export_ledger(demo, AS_OF))) == 68


def test_each_row_says_what_the_ledger_said_on_the_day(demo):
    """DD07-039 was extended twice, progressed three times and closed in October: on 15 April the row
    shows the first extension, the one progress line of March, 整改中 and no 销号日期; on 1 November the
    second extension, all three lines, 销号 and its date."""
    rows = {}
    for as_of in (AS_OF, dt.date(2022, 11, 1)):
        rows[as_of] = next(r for r in records(open_book(export_ledger(demo, as_of))[LEDGER])
                           if r["问题编号"] == "DD07-039")
    april, november = rows[AS_OF], rows[dt.date(2022, 11, 1)]
    assert day(april["整改时限"]) == dt.date(2022, 5, 31)
    assert april["状态"] == "整改中"
    assert april["销号日期"] is None
    assert april["整改进展"].count("\n") == 0 and april["整改进展"].startswith("2022-03-25 ")
    assert april["红黄绿灯"] in {"绿灯", "黄灯", "红灯"} and int(april["剩余天数"]) == 46
    assert day(november["整改时限"]) == dt.date(2022, 10, 31)
    assert november["状态"] == "销号"
    assert day(november["销号日期"]) == dt.date(2022, 10, 26)
    assert november["整改进展"].count("\n") == 2
    assert november["红黄绿灯"] is None


def test_a_long_term_problem_without_a_date_says_changqi(small):
    """A 长期 problem with no deadline shows 长期 as its 整改时限 (what the import reads back as 长期)."""
    q2 = attrs.evolve(small.problems[1], deadline=None, extensions=())
    data = export_ledger(attrs.evolve(small, problems=(small.problems[0], q2)), dt.date(2023, 6, 10))
    row = records(open_book(data)[LEDGER])[1]
    assert (row["问题编号"], row["期限"], row["整改时限"]) == ("Q-002", "长期", "长期")


def test_measures_are_numbered_lines(ws, found):
    row = records(ws)[0]
    assert row["整改措施"] == "\n".join(f"{i}. {m}" for i, m in enumerate(found[0].measures, start=1))


# --------------------------------------------------------------------------------------- LibreOffice


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_calc_prints_the_ledger_on_a4_landscape_with_the_header_on_every_page(demo_data, found, tmp_path):
    """LibreOffice Calc opens the workbook and prints it: A4 landscape (297 × 210 mm), every column on
    the page's width (the last header, 红黄绿灯, on each page), the header row repeated on every page, and
    every problem printed."""
    pdfplumber = pytest.importorskip("pdfplumber")
    source = tmp_path / "ledger.xlsx"
    source.write_bytes(demo_data)
    result = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    pdf_path = tmp_path / "ledger.pdf"
    assert pdf_path.exists(), result.stdout + result.stderr
    mm = 25.4 / 72
    text = ""
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) >= 2  # 68 problems do not fit on one page: the header must repeat
        for number, page in enumerate(pdf.pages, start=1):
            assert page.width > page.height, number
            assert abs(page.width * mm - 297) < 2 and abs(page.height * mm - 210) < 2, number
            page_text = page.extract_text() or ""
            assert "问题编号" in page_text, f"page {number} has no header row"
            assert "红黄" in page_text, f"page {number} does not hold every column"
            text += page_text
    assert all(problem.number in text for problem in found)
