"""``import_ledger``: a ledger file merged into the campaign without losing its dated history.

The exchange workbook comes back unchanged (a round trip over random campaigns, with and without its
hidden sheet) or edited (moves dated on the import day, on the sheet's 更新日期 or 销号日期, each naming the
file, sheet and row it came from); a unit's own sheet, .csv files in the encodings Excel and WPS write, and
a legacy .xls are read by the same code. Failures are SpreadsheetErrors located by file, sheet and cell;
the command line's handling of them is in ``test_ledger_cli.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import last_day_of, supervisions
from supervisio.domain.integrity import check_integrity
from supervisio.domain.problems import Extension, ProgressEntry
from supervisio.domain.vocabulary import ProblemStatus as S
from supervisio.domain.vocabulary import Term
from supervisio.errors import SpreadsheetError
from supervisio.spreadsheet import ImportResult, export_ledger, import_ledger
from supervisio.spreadsheet.columns import COLUMNS
from supervisio.spreadsheet.header import parse_mapping
from support import FIXTURES

AS_OF = dt.date(2022, 4, 15)
LEDGER = "问题台账"
COLUMN = {column.header: index + 1 for index, column in enumerate(COLUMNS)}
UNDATED = "（表中未注明日期，按导入日期2022-04-15记）"


@pytest.fixture(scope="module")
def exported(demo) -> bytes:
    """The demo's exchange workbook as of its report date (68 problems)."""
    return export_ledger(demo, AS_OF)


def edit(data: bytes, path: Path, change) -> Path:
    """Write the workbook ``data`` to ``path`` after ``change(workbook, ledger_sheet)``, as a user would
    in Excel (openpyxl ignores the sheet protection, as "unprotect sheet" does)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book, book[LEDGER])
    book.save(path)
    return path


def row_of(ws, number: str) -> int:
    return next(row for row in range(2, ws.max_row + 1) if ws.cell(row, 1).value == number)


def set_cells(number: str, **cells):
    def change(book, ws):
        row = row_of(ws, number)
        for header, value in cells.items():
            ws.cell(row, COLUMN[header]).value = value

    return change


def unchanged_except(before, after, numbers: set[str]) -> None:
    """Every problem but ``numbers`` is as it was, in the same order; nothing else in the campaign moved."""
    assert attrs.evolve(after, problems=before.problems) == before
    old = {p.number: p for p in before.problems}
    for problem in after.problems:
        if problem.number not in numbers:
            assert old[problem.number] == problem, problem.number


# ----------------------------------------------------------------------------------- round trips


def _round_trip(supervision, as_of: dt.date, *, keep_hidden: bool) -> ImportResult:
    data = export_ledger(supervision, as_of)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.xlsx"
        if keep_hidden:
            path.write_bytes(data)
        else:
            book = openpyxl.load_workbook(io.BytesIO(data))
            del book["_supervisio"]
            book.save(path)
        return import_ledger(supervision, path, on=as_of)


ROUND_TRIP = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(supervision=supervisions(), days=st.integers(-10, 400))
def test_a_workbook_sent_back_untouched_changes_nothing(supervision, days):
    """Whatever the day of the export (even one before some records), the workbook imported back as is
    leaves the campaign equal: the hidden sheet tells that no row was touched."""
    assert check_integrity(supervision) == []
    as_of = supervision.campaign.start + dt.timedelta(days=days)
    result = _round_trip(supervision, as_of, keep_hidden=True)
    assert result.changes == ()
    assert result.supervision == supervision
    assert result.unchanged == sum(p.found_on <= as_of for p in supervision.problems)


@ROUND_TRIP
@given(supervision=supervisions(), later=st.integers(0, 30))
def test_without_its_hidden_sheet_every_row_is_read_and_still_changes_nothing(supervision, later):
    """With the hidden sheet deleted, every cell of every row is read and merged: as of a day on or after
    every record (so the rows show the latest state) the merge gives an equal campaign."""
    as_of = last_day_of(supervision) + dt.timedelta(days=later)
    result = _round_trip(supervision, as_of, keep_hidden=False)
    assert result.changes == ()
    assert result.supervision == supervision
    assert result.unchanged == len(supervision.problems)


# --------------------------------------------------------------------------------- dated history


def test_a_status_change_becomes_moves_dated_on_the_import_day(demo, exported, tmp_path):
    """已销号 on a problem 整改中 walks it through 申请销号 to 销号, both on the import day; each move's
    source names the file, sheet and row and says the import dated it."""
    path = edit(exported, tmp_path / "ledger.xlsx", set_cells("DD07-013", 状态="已销号"))
    result = import_ledger(demo, path, on=AS_OF)
    problem = result.supervision.problem("DD07-013")
    old = demo.problem("DD07-013")
    assert problem.history[: len(old.history)] == old.history
    added = problem.history[len(old.history):]
    assert [(t.on, t.to) for t in added] == [(AS_OF, S.CLOSURE_REQUESTED), (AS_OF, S.CLOSED)]
    assert {t.source for t in added} == {f"台账导入 ledger.xlsx!{LEDGER}!14{UNDATED}"}
    assert problem.resolved_on(AS_OF) == AS_OF
    assert [c.number for c in result.changes] == ["DD07-013"]
    assert result.changes[0].where == f"{LEDGER}!14"
    assert result.unchanged == 67
    unchanged_except(demo, result.supervision, {"DD07-013"})


def test_an_updated_on_column_dates_the_moves_and_the_progress(demo, exported, tmp_path):
    """更新日期 dates what the row says; the source then has no "dated by the import" note."""
    change = set_cells("DD07-013", 状态="已整改", 整改进展="已恢复9个学会的学术活动", 更新日期="2022年4月10日")
    result = import_ledger(demo, edit(exported, tmp_path / "ledger.xlsx", change), on=AS_OF)
    problem = result.supervision.problem("DD07-013")
    source = f"台账导入 ledger.xlsx!{LEDGER}!14"
    assert problem.history[-1] == attrs.evolve(problem.history[-1], on=dt.date(2022, 4, 10),
                                               to=S.CLOSURE_REQUESTED, source=source)
    assert ProgressEntry(on=dt.date(2022, 4, 10), text="已恢复9个学会的学术活动", source=source) \
        in problem.progress


def test_a_closing_date_dates_the_closing(demo, exported, tmp_path):
    change = set_cells("DD07-016", 状态="已销号", 销号日期=dt.datetime(2022, 4, 12), 更新日期="2022-04-13")
    result = import_ledger(demo, edit(exported, tmp_path / "ledger.xlsx", change), on=AS_OF)
    problem = result.supervision.problem("DD07-016")
    assert [(t.on, t.to) for t in problem.history[-2:]] == [
        (dt.date(2022, 4, 12), S.CLOSURE_REQUESTED), (dt.date(2022, 4, 12), S.CLOSED)
    ]
    assert problem.resolved_on(AS_OF) == dt.date(2022, 4, 12)
    assert problem.history[-1].source == f"台账导入 ledger.xlsx!{LEDGER}!17"


def test_a_closing_date_alone_closes_the_problem(demo, exported, tmp_path):
    """A 销号日期 typed without touching 状态 is read as 已销号 on that day."""
    change = set_cells("DD07-016", 状态=None, 销号日期="2022.4.12")
    result = import_ledger(demo, edit(exported, tmp_path / "ledger.xlsx", change), on=AS_OF)
    assert result.supervision.problem("DD07-016").resolved_on(AS_OF) == dt.date(2022, 4, 12)


def test_new_progress_text_becomes_dated_progress_entries(demo, exported, tmp_path):
    """The lines already recorded are recognised; a new line opening with a date takes that date, one
    without takes the import day (and says so); the status column, unchanged, moves nothing."""

    def change(book, ws):
        row = row_of(ws, "DD07-031")
        cell = ws.cell(row, COLUMN["整改进展"])
        cell.value = f"{cell.value}\n2022-04-14 完成第二轮督查\n（3）整改方案已报市委"

    result = import_ledger(demo, edit(exported, tmp_path / "ledger.xlsx", change), on=AS_OF)
    old, new = demo.problem("DD07-031"), result.supervision.problem("DD07-031")
    assert new.history == old.history
    added = new.progress[len(old.progress):]
    source = f"台账导入 ledger.xlsx!{LEDGER}!32"
    assert added == (
        ProgressEntry(on=dt.date(2022, 4, 14), text="完成第二轮督查", source=source),
        ProgressEntry(on=AS_OF, text="整改方案已报市委", source=source + UNDATED),
    )
    assert result.changes[0].what == ("整改进展 2 条",)


def test_a_later_deadline_becomes_an_extension(demo, exported, tmp_path):
    """A later 整改时限 is a 延期 granted on the import day; the original deadline stays as it was."""
    result = import_ledger(
        demo, edit(exported, tmp_path / "ledger.xlsx", set_cells("DD07-013", 整改时限="2023年3月底前")), on=AS_OF
    )
    problem = result.supervision.problem("DD07-013")
    assert problem.deadline == dt.date(2022, 12, 31)
    assert problem.extensions == (Extension(
        on=AS_OF, until=dt.date(2023, 3, 31), reason="台账导入",
        source=f"台账导入 ledger.xlsx!{LEDGER}!14{UNDATED}",
    ),)
    assert problem.deadline_on(AS_OF) == dt.date(2023, 3, 31)


def test_new_measures_replace_the_measures(demo, exported, tmp_path):
    change = set_cells("DD07-016", 整改措施="1. 扩充培训师资\n2、推进救护培训“三进”")
    result = import_ledger(demo, edit(exported, tmp_path / "ledger.xlsx", change), on=AS_OF)
    assert result.supervision.problem("DD07-016").measures == ("扩充培训师资", "推进救护培训“三进”")
    assert result.changes[0].what == ("整改措施",)


def test_a_new_row_is_numbered_by_the_campaigns_scheme(demo, exported, tmp_path):
    """A row below the ledger is a new problem numbered after the largest number in use (DD07-076, found
    after the workbook's day, included); found on its dotted date; its 整改时限 phrase read."""

    def change(book, ws):
        row = ws.max_row - 5
        for header, value in {"被督导单位": "市妇联", "发现日期": "2022.4.12", "问题描述": "基层妇联组织覆盖不全",
                              "问题类型": "短板", "整改时限": "6月底前", "责任人": "石晓敏"}.items():
            ws.cell(row, COLUMN[header]).value = value

    result = import_ledger(demo, edit(exported, tmp_path / "ledger.xlsx", change), on=AS_OF)
    [new] = result.new
    problem = result.supervision.problems[-1]
    assert new.number == problem.number == "DD07-077"
    assert (problem.unit, problem.found_on, problem.category) == ("临江市妇女联合会", dt.date(2022, 4, 12), "短板")
    assert (problem.deadline, problem.owner, problem.term) == (dt.date(2022, 6, 30), "石晓敏", Term.SHORT)
    assert problem.history == () and problem.source.startswith("台账导入 ledger.xlsx!问题台账!")
    assert result.summary().splitlines()[0] == "1 new, 0 updated, 68 unchanged"
    assert "new DD07-077" in result.summary()


def test_a_second_import_of_the_same_workbook_changes_nothing_more(demo, exported, tmp_path):
    change = set_cells("DD07-013", 状态="已销号", 整改进展="已恢复9个学会")
    path = edit(exported, tmp_path / "ledger.xlsx", change)
    once = import_ledger(demo, path, on=AS_OF)
    twice = import_ledger(once.supervision, path, on=AS_OF)
    assert twice.changes == ()
    assert twice.supervision == once.supervision


# ------------------------------------------------------------------------------- a unit's own sheet

RED_CROSS_DESCRIPTION = "应急救护培训覆盖面窄，全市持证救护员仅占常住人口的0.9%，距省定2%目标差距较大，培训师资仅27人。"


@pytest.fixture(scope="module")
def unit_sheet(tmp_path_factory) -> Path:
    """A sheet as 市红十字会 keeps it: a merged title, a 填报单位 line, a blank row, its own header words,
    the unit merged down over two rows, text dates, blanks, a 备注 column and a 合计 row."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "红会台账"
    ws.append(["临江市红十字会问题整改台账"])
    ws.merge_cells("A1:H1")
    ws.append(["填报单位：临江市红十字会　　填报日期：2022年4月14日"])
    ws.merge_cells("A2:H2")
    ws.append([])
    ws.append(["序号", "单位", "存在问题", "类别", "完成时限", "整改情况", "责任人", "备注"])
    ws.append([1, "市红十字会", RED_CROSS_DESCRIPTION, "难点", "年底前", "整改中。新培养师资8人", "龙海燕", None])
    ws.append([2, None, "志愿服务队伍管理松散，注册志愿者活跃率不足30%", "短板", "2022.6.30", None, "薛建平", "新增"])
    ws.merge_cells("B5:B6")
    ws.append([3, "临江市红十字会", "博爱家园建设进度慢", "短板", "6月底前", "已整改，家园已建成", None, None])
    ws.append(["合计", None, "共3条"])
    path = tmp_path_factory.mktemp("unit") / "红会.xlsx"
    book.save(path)
    return path


def test_a_units_own_sheet_is_read_and_merged(demo, unit_sheet):
    """The header is found below the title lines and read through its synonyms; the first row is the
    registered problem of the same unit and description (DD07-016), the others new; the merged unit is
    both rows' unit; text dates and phrases are read; the 合计 row is skipped."""
    result = import_ledger(demo, unit_sheet, on=AS_OF)
    assert [(c.kind, c.number, c.where) for c in result.changes] == [
        ("updated", "DD07-016", "红会台账!5"), ("new", "DD07-077", "红会台账!6"), ("new", "DD07-078", "红会台账!7")
    ]
    s = result.supervision
    old, updated = demo.problem("DD07-016"), s.problem("DD07-016")
    assert updated.history == old.history  # 整改中 agrees: no move
    assert updated.deadline_on(AS_OF) == dt.date(2022, 12, 31) and updated.extensions == ()
    assert updated.progress[len(old.progress):] == (
        ProgressEntry(on=AS_OF, text="新培养师资8人", source=f"台账导入 红会.xlsx!红会台账!5{UNDATED}"),
    )
    volunteers, home = s.problem("DD07-077"), s.problem("DD07-078")
    assert volunteers.unit == home.unit == "临江市红十字会"
    assert (volunteers.category, volunteers.deadline) == ("短板", dt.date(2022, 6, 30))
    assert volunteers.owner == "薛建平"
    assert volunteers.found_on == AS_OF and "发现日期未注明" in volunteers.source
    assert volunteers.history == () and volunteers.progress == ()
    assert home.deadline == dt.date(2022, 6, 30)
    assert home.status is S.CLOSURE_REQUESTED
    assert [p.text for p in home.progress] == ["家园已建成"]
    assert len(s.problems) == len(demo.problems) + 2
    assert check_integrity(s) == []


def test_unknown_columns_are_warnings_and_mapping_settles_them(demo, unit_sheet):
    result = import_ledger(demo, unit_sheet, on=AS_OF)
    assert result.warnings == (
        f"{unit_sheet}!红会台账!H4: column '备注' is not read "
        "(--map 备注=FIELD reads it, --map 备注=- silences this)",
    )
    assert import_ledger(demo, unit_sheet, on=AS_OF, mapping={"备注": "-"}).warnings == ()
    read = import_ledger(demo, unit_sheet, on=AS_OF, mapping=parse_mapping(["备 注=measures"]))
    assert read.warnings == ()
    assert read.supervision.problem("DD07-077").measures == ("新增",)


def test_the_sheet_is_chosen_by_its_header_or_by_name(demo, tmp_path):
    """The first sheet whose first rows hold a ledger header is read (a cover sheet is passed over);
    ``sheet`` names another."""
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本表由各单位填报"])
    for title, description in (("一月", "一月的问题"), ("二月", "二月的问题")):
        ws = book.create_sheet(title)
        ws.append(["单位", "问题描述", "问题类型"])
        ws.append(["市科协", description, "短板"])
    path = tmp_path / "months.xlsx"
    book.save(path)
    assert import_ledger(demo, path, on=AS_OF).supervision.problems[-1].description == "一月的问题"
    assert import_ledger(demo, path, on=AS_OF, sheet="二月").supervision.problems[-1].description == "二月的问题"


# ------------------------------------------------------------------------------------------ .csv

CSV_ROWS = [
    ["单位", "存在问题", "类别", "完成时限", "整改情况"],
    ["市妇联", "妇女之家阵地闲置，活动开展不经常", "短板", "2022年6月30日", "已整改。阵地已启用"],
    ["团市委", "青年之家覆盖不足", "短板", "年底前", ""],
]


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("gbk.csv", "gbk", ","),
        ("bom.csv", "utf-8-sig", ","),
        ("tabs.csv", "utf-8", "\t"),
        ("tabs.txt", "gbk", "\t"),
        ("utf16.csv", "utf-16", "\t"),  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
    ],
)
def test_csv_files_in_the_encodings_offices_save(demo, tmp_path, name, encoding, delimiter):
    """Excel in China saves CSV as GBK; WPS and "CSV UTF-8" add a BOM; some systems write tabs."""
    path = tmp_path / name
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(CSV_ROWS)
    if encoding == "gbk":
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
    result = import_ledger(demo, path, on=AS_OF)
    women, youth = (result.supervision.problem(c.number) for c in result.new)
    assert [c.where for c in result.new] == ["2", "3"]  # a .csv has one sheet, with no name
    assert (women.unit, women.description, women.deadline, women.status) == (
        "临江市妇女联合会", "妇女之家阵地闲置，活动开展不经常", dt.date(2022, 6, 30), S.CLOSURE_REQUESTED
    )
    assert [p.text for p in women.progress] == ["阵地已启用"]
    assert (youth.unit, youth.deadline, youth.history) == ("共青团临江市委员会", dt.date(2022, 12, 31), ())
    assert women.source == f"台账导入 {name}!2（发现日期未注明，按导入日期2022-04-15记）"


def test_errors_in_a_csv_name_the_cell_without_a_sheet(demo, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("单位,存在问题,类别,完成时限\n市妇联,问题,短板,尽快\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError) as error:
        import_ledger(demo, path, on=AS_OF)
    assert error.value.problems[0][0] == "D2"
    assert str(error.value).startswith(f"{path}!D2: '尽快' is not a deadline")


# ------------------------------------------------------------------------------------------ .xls


def test_a_legacy_xls_imports_with_its_dates_read_as_dates(demo):
    """``fixtures/ledgers/unit-ledger.xls`` (made by LibreOffice): its date cells are dates, the unit
    merged over two rows belongs to both, a dated progress line keeps its date."""
    path = FIXTURES / "ledgers" / "unit-ledger.xls"
    assert path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # really the old binary format
    result = import_ledger(demo, path, on=AS_OF)
    training, stock = (result.supervision.problem(c.number) for c in result.new)
    assert training.unit == stock.unit == "临江市应急管理局"
    assert (training.found_on, training.deadline) == (dt.date(2022, 4, 11), dt.date(2022, 6, 30))
    assert (stock.found_on, stock.deadline) == (dt.date(2022, 4, 12), dt.date(2022, 5, 31))
    assert training.progress == (ProgressEntry(
        on=dt.date(2022, 4, 13), text="已督促3家企业补齐台账", source="台账导入 unit-ledger.xls!应急局台账!3"),)
    assert [(t.on, t.to) for t in stock.history][-1] == (dt.date(2022, 4, 14), S.CLOSURE_REQUESTED)  # 更新日期
    assert training.source == "台账导入 unit-ledger.xls!应急局台账!3"  # found on a date the sheet gave


def test_an_xlsx_named_xls_is_read_as_what_it_is(demo, unit_sheet, tmp_path):
    renamed = tmp_path / "exported.xls"
    renamed.write_bytes(unit_sheet.read_bytes())
    assert len(import_ledger(demo, renamed, on=AS_OF).changes) == 3


# ------------------------------------------------------------------------------------------ errors


def test_errors_are_located_pairs_printed_file_sheet_cell(demo, exported, tmp_path):
    """``problems`` are (where, message); the text prints ``file!sheet!cell: message``, one per line,
    under a count, so a person finds every cell without a traceback."""
    def change(book, ws):
        ws.cell(row_of(ws, "DD07-005"), COLUMN["状态"]).value = "差不多了"
        ws.cell(row_of(ws, "DD07-013"), COLUMN["整改时限"]).value = "尽快"
        ws.cell(row_of(ws, "DD07-016"), COLUMN["更新日期"]).value = "2022-02-30"

    path = edit(exported, tmp_path / "ledger.xlsx", change)
    with pytest.raises(SpreadsheetError) as error:
        import_ledger(demo, path, on=AS_OF)
    problems = error.value.problems
    assert [where for where, _ in problems] == [f"{LEDGER}!L6", f"{LEDGER}!J14", f"{LEDGER}!M17"]
    lines = str(error.value).splitlines()
    assert lines[0] == f"3 errors in {path}:"
    assert lines[1] == f"  {path}!{LEDGER}!L6: {problems[0][1]}"
    assert "'差不多了' is not a status" in lines[1]
    assert "'尽快' is not a deadline" in lines[2]
    assert "'2022-02-30' is not a date of the calendar" in lines[3]


def test_more_than_fifty_errors_are_counted_not_printed(demo, exported, tmp_path):
    def change(book, ws):
        for row in range(2, 62):
            ws.cell(row, COLUMN["状态"]).value = "差不多"

    with pytest.raises(SpreadsheetError) as error:
        import_ledger(demo, edit(exported, tmp_path / "ledger.xlsx", change), on=AS_OF)
    assert len(error.value.problems) == 60
    lines = str(error.value).splitlines()
    assert lines[0].startswith("60 errors in ")
    assert len(lines) == 1 + 50 + 1
    assert lines[-1].strip() == "and 10 more"
    assert lines[-2].strip().startswith(f"{tmp_path / 'ledger.xlsx'}!{LEDGER}!L51: ")


def test_a_spreadsheet_error_needs_a_problem():
    with pytest.raises(ValueError):
        SpreadsheetError("ledger.xlsx", [])
    assert str(SpreadsheetError("ledger.xlsx", [("", "no such file")])) == "ledger.xlsx: no such file"


def test_a_mapping_given_in_python_is_checked_like_the_command_lines(demo, unit_sheet):
    """A field name the importer does not know is refused, never silently not read."""
    with pytest.raises(SpreadsheetError, match=r"--map 备注=remarks: unknown field 'remarks'"):
        import_ledger(demo, unit_sheet, on=AS_OF, mapping={"备注": "remarks"})


def test_a_control_character_in_a_cell_is_refused_at_the_cell_and_line_ends_are_normalised(demo, tmp_path):
    """A bell pasted into a cell would make the saved campaign unreadable: refused where it is; Windows line
    ends (CR LF) become plain line breaks."""
    path = tmp_path / "ctrl.csv"
    path.write_text("被督导单位,问题描述,问题类型,整改措施\n市妇联,执委台账不全\x07,短板,建立台账\n"
                    "团市委,青年之家闲置,短板,\"盘活阵地\r\n每月活动\"\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError) as caught:
        import_ledger(demo, path, on=AS_OF)
    assert caught.value.problems == (("B2", "contains the control character U+0007 at position 7"),)
    path.write_text(path.read_text(encoding="utf-8").replace("\x07", ""), encoding="utf-8")
    result = import_ledger(demo, path, on=AS_OF)
    youth = result.supervision.problem(result.new[1].number)
    assert youth.measures == ("盘活阵地", "每月活动")
