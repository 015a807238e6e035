"""``supervisio ledger export`` and ``supervisio ledger import``, run in-process as a user runs them.

The main scenario is the one the feature exists for: a group exports the demo's 问题台账, a unit closes one
problem, rewrites the measures of another and adds a problem of its own, and the import changes the
campaign's figures by exactly that, once (a second import writes nothing). Then every way an import can
fail: each is one located message on stderr (``file!sheet!cell``), exit status 2, no traceback, and the
campaign file left byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import attrs
import openpyxl
import pytest

import supervisio
from supervisio.cli import main
from supervisio.domain.problems import ProgressEntry
from supervisio.spreadsheet.columns import COLUMNS
from support import FIXTURES

LEDGER = "问题台账"
COLUMN = {column.header: index + 1 for index, column in enumerate(COLUMNS)}
AS_OF = ["--as-of", "2022-04-15"]
GROUP = ["--group", "7"]  # the demo is a city of three groups; the seed's figures are the 第七巡回督导组's


def cli(capsys, *args: str) -> tuple[int, str, str]:
    status = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return status, out, err


def flat(data, prefix: str = "") -> dict[str, object]:
    """A JSON value as {dotted path: leaf}, so that two can be compared leaf by leaf."""
    if isinstance(data, dict):
        return {k: v for key, value in data.items() for k, v in flat(value, f"{prefix}{key}.").items()}
    if isinstance(data, list):
        return {k: v for i, value in enumerate(data) for k, v in flat(value, f"{prefix}{i}.").items()}
    return {prefix.rstrip("."): data}


def facts(capsys, campaign: Path) -> dict[str, object]:
    status, out, err = cli(capsys, "facts", campaign, *AS_OF, *GROUP, "--json")
    assert status == 0, err
    return flat(json.loads(out))


def row_of(ws, number: str) -> int:
    return next(row for row in range(2, ws.max_row + 1) if ws.cell(row, 1).value == number)


def first_blank_row(ws) -> int:
    return next(row for row in range(2, ws.max_row + 1) if ws.cell(row, COLUMN["问题描述"]).value is None)


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory) -> tuple[bytes, bytes]:
    """The demo campaign file as ``init --demo`` writes it (the whole city) and the 第七巡回督导组's workbook
    as ``ledger export --group 7`` writes it (made once, through the command line, and copied for each
    test)."""
    folder = tmp_path_factory.mktemp("demo")
    campaign, workbook = folder / "camp.toml", folder / "l.xlsx"
    assert main(["init", str(campaign), "--demo"]) == 0
    assert main(["ledger", "export", str(campaign), "-o", str(workbook), *AS_OF, *GROUP]) == 0
    return campaign.read_bytes(), workbook.read_bytes()


@pytest.fixture
def campaign(tmp_path, demo_files) -> Path:
    path = tmp_path / "camp.toml"
    path.write_bytes(demo_files[0])
    return path


def edited(tmp_path: Path, demo_files, change, name: str = "l.xlsx") -> Path:
    """The exported workbook after ``change(book, ledger_sheet)``, saved as a person saves it."""
    book = openpyxl.load_workbook(io.BytesIO(demo_files[1]))
    change(book, book[LEDGER])
    path = tmp_path / name
    book.save(path)
    return path


# ------------------------------------------------------------------------------------ the scenario


def the_units_edits(book, ws) -> None:
    """DD07-013 closed, DD07-016 with new measures, and a new problem of 市妇联 on the first blank row."""
    ws.cell(row_of(ws, "DD07-013"), COLUMN["状态"]).value = "已销号"
    ws.cell(row_of(ws, "DD07-016"), COLUMN["整改措施"]).value = "1. 扩充培训师资至40人\n2. 推进救护培训进社区"
    row = first_blank_row(ws)
    for header, value in {"被督导单位": "市妇联", "发现日期": "2022.4.12", "问题描述": "基层妇联组织覆盖不全，12个村未建妇女之家",
                          "问题类型": "短板", "整改时限": "6月底前"}.items():
        ws.cell(row, COLUMN[header]).value = value


def test_export_edit_import_changes_the_figures_by_exactly_the_edits(
    tmp_path, capsys, campaign, demo_files
):
    """The done-when scenario. The figures of 15 April change by the one problem closed (销号 +1, 整改中
    −1, resolved in 大调研 +1) and the one added (a 短期 短板 of 市妇联 found on 12 April, in 大调研, standing
    登记): total 68 → 69, resolved 44 → 45, rate 64.71% → 65.22%; nothing else moves. A dry run writes
    nothing; a second import of the same file leaves the campaign file's bytes as they were."""
    workbook = edited(tmp_path, demo_files, the_units_edits)
    before = facts(capsys, campaign)
    original = campaign.read_bytes()

    status, out, err = cli(capsys, "ledger", "import", workbook, "--into", campaign, *AS_OF, "--dry-run")
    assert (status, err) == (0, "")
    assert out.startswith(f"{workbook} → {campaign}: 1 new, 2 updated, 66 unchanged\n")
    assert out.endswith("dry run: nothing written\n")
    assert campaign.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["camp.toml", "l.xlsx"]

    status, out, err = cli(capsys, "ledger", "import", workbook, "--into", campaign, *AS_OF)
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        f"{workbook} → {campaign}: 1 new, 2 updated, 66 unchanged",
        f"  updated DD07-013 ({LEDGER}!14): 状态 整改中 → 销号（2022-04-15）",
        f"  updated DD07-016 ({LEDGER}!17): 整改措施",
        f"  new DD07-077 ({LEDGER}!70): 临江市妇女联合会：基层妇联组织覆盖不全，12个村未建妇女之家；整改时限 2022-06-30",
    ]
    after = facts(capsys, campaign)
    changed = {key: (before.get(key), after.get(key))
               for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    assert changed == {
        "problems.total": (68, 69),
        "problems.by_term.短期": (49, 50),
        "problems.by_category.短板": (22, 23),
        "problems.by_unit.临江市妇女联合会": (7, 8),
        "problems.by_phase_found.大调研": (1, 2),
        "problems.by_status.整改中": (24, 23),
        "problems.by_status.销号": (38, 39),
        "problems.by_status.登记": (None, 1),
        "problems.resolved": (44, 45),
        "problems.resolved_by_phase.大调研": (3, 4),
        "problems.rectification_rate": (pytest.approx(44 / 68), pytest.approx(45 / 69)),
        "problems.rectification_rate_text": ("64.71%", "65.22%"),
    }

    merged = supervisio.load(campaign)
    assert merged.problem("DD07-016").measures == ("扩充培训师资至40人", "推进救护培训进社区")
    new = merged.problem("DD07-077")
    assert (new.unit, new.found_on) == ("临江市妇女联合会", dt.date(2022, 4, 12))
    assert new.deadline == dt.date(2022, 6, 30)
    assert cli(capsys, "check", campaign, *AS_OF)[0] == 0

    imported = campaign.read_bytes()
    status, out, err = cli(capsys, "ledger", "import", workbook, "--into", campaign, *AS_OF)
    assert (status, err) == (0, "")
    assert out == f"{workbook} → {campaign}: 0 new, 0 updated, 69 unchanged\n"
    assert campaign.read_bytes() == imported


def test_an_untouched_workbook_leaves_the_campaign_file_alone(tmp_path, capsys, campaign, demo_files):
    workbook = tmp_path / "l.xlsx"
    workbook.write_bytes(demo_files[1])
    original = campaign.read_bytes()
    status, out, err = cli(capsys, "ledger", "import", workbook, "--into", campaign, *AS_OF)
    assert (status, out, err) == (0, f"{workbook} → {campaign}: 0 new, 0 updated, 68 unchanged\n", "")
    assert campaign.read_bytes() == original


def test_unknown_columns_are_warned_about_and_map_reads_them(tmp_path, capsys, campaign):
    book = openpyxl.Workbook()
    book.active.append(["单位", "存在问题", "类别", "整改目标", "备注"])
    book.active.append(["市科协", "学会年检材料不全", "短板", "补齐年检材料", "无"])
    path = tmp_path / "unit.xlsx"
    book.save(path)
    status, _out, err = cli(capsys, "ledger", "import", path, "--into", campaign, *AS_OF, "--dry-run")
    assert status == 0
    assert err.splitlines() == [
        f"supervisio: warning: {path}!Sheet!D1: column '整改目标' is not read "
        "(--map 整改目标=FIELD reads it, --map 整改目标=- silences this)",
        f"supervisio: warning: {path}!Sheet!E1: column '备注' is not read "
        "(--map 备注=FIELD reads it, --map 备注=- silences this)",
    ]
    status, _out, err = cli(capsys, "ledger", "import", path, "--into", campaign, *AS_OF,
                            "--map", "整改目标=measures", "--map", "备注=-")
    assert (status, err) == (0, "")
    assert supervisio.load(campaign).problem("DD07-077").measures == ("补齐年检材料",)


# ------------------------------------------------------------------------------------------- export


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], ["Q-001", "Q-002", "Q-003"]),
        (["--group", "1"], ["Q-001", "Q-002"]),
        (["--unit", "县教育局"], ["Q-003"]),
        (["--unit", "县农业农村局", "--unit", "青山县住房和城乡建设局"], ["Q-001", "Q-002"]),
    ],
)
def test_export_group_and_unit_options(tmp_path, capsys, options, expected):
    out_path = tmp_path / "out.xlsx"
    status, out, err = cli(capsys, "ledger", "export", FIXTURES / "small.toml", "--as-of", "2023-06-10",
                           "-o", out_path, *options)
    assert (status, err) == (0, "")
    assert out == f"{out_path}: 问题台账 as of 2023-06-10 written\n"
    ws = openpyxl.load_workbook(out_path)[LEDGER]
    assert [row[0] for row in ws.iter_rows(min_row=2, values_only=True) if row[0]] == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--unit", "县财政局"], "unknown unit '县财政局'"),
        (["--group", "9"], "--group 9: unknown group 9; the groups are 1、2"),
    ],
)
def test_export_refuses_unknown_units_and_groups(tmp_path, capsys, options, message):
    out_path = tmp_path / "out.xlsx"
    status, _out, err = cli(capsys, "ledger", "export", FIXTURES / "small.toml", "-o", out_path, *options)
    assert status == 2
    assert err.startswith("supervisio: error: ") and message in err and "Traceback" not in err
    assert not out_path.exists()


def test_export_to_a_folder_is_refused(tmp_path, capsys):
    status, _out, err = cli(capsys, "ledger", "export", "-o", tmp_path)
    assert status == 2
    assert err == f"supervisio: error: {tmp_path}: is a folder; give a file name\n"


# ------------------------------------------------------------------------------------------ failures


def cells(number: str | None, **values):
    """An edit setting cells of a problem's row (of the first blank row when ``number`` is None)."""

    def change(book, ws):
        row = row_of(ws, number) if number else first_blank_row(ws)
        for header, value in values.items():
            ws.cell(row, COLUMN[header]).value = value

    return change


def new_row(**values):
    return cells(None, **values)


def workbook_case(change, **options):
    def build(tmp_path, demo_files, campaign):
        return edited(tmp_path, demo_files, change), options.get("args", [])

    return build


def other_campaign(book, ws):
    hidden = book["_supervisio"]
    assert hidden["A2"].value == "campaign"
    hidden["B2"].value = "能力作风建设年"


def changed_in_the_campaign(tmp_path, demo_files, campaign):
    """DD07-016 gained a progress entry in the campaign after the export; the unit edited its row too."""
    supervision = supervisio.load(campaign)
    old = supervision.problem("DD07-016")
    entry = ProgressEntry(on=dt.date(2022, 4, 14), text="组长调度培训工作")
    supervisio.save(supervision.replace(old, attrs.evolve(old, progress=(*old.progress, entry))), campaign)
    return edited(tmp_path, demo_files, cells("DD07-016", 整改措施="扩充培训师资")), []


def own_file(make):
    def build(tmp_path, demo_files, campaign):
        return make(tmp_path), []

    return build


def header_only(*rows, name="unit.xlsx"):
    def make(tmp_path):
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(list(row))
        path = tmp_path / name
        book.save(path)
        return path

    return make


def text_file(tmp_path):
    path = tmp_path / "ledger.xlsx"
    path.write_text("问题编号,被督导单位\nDD07-001,市发改委\n", encoding="utf-8")
    return path


def truncated(tmp_path):
    from supervisio.demo import load_demo
    from supervisio.spreadsheet import export_ledger

    data = export_ledger(load_demo(), dt.date(2022, 4, 15))
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def folder(tmp_path):
    path = tmp_path / "ledger.xlsx"
    path.mkdir()
    return path


ROW_OF_NEW = 70  # the first blank row of the demo's workbook as of 15 April (68 problems below row 1)

FAILURES = [
    ("unknown number", workbook_case(cells("DD07-005", 问题编号="DD07-999")), f"{LEDGER}!A6",
     ("'DD07-999'", "did you mean 'DD07-0")),
    ("unknown unit", workbook_case(new_row(被督导单位="市妇女会", 问题描述="新问题", 问题类型="短板")), f"{LEDGER}!B70",
     "unknown unit '市妇女会'; did you mean '临江市妇女联合会'? The units are "),
    ("not a status word", workbook_case(cells("DD07-005", 状态="差不多了")), f"{LEDGER}!L6",
     "'差不多了' is not a status; write one of 登记、交办、整改中"),
    ("a closed problem set open", workbook_case(cells("DD07-001", 状态="未整改")), f"{LEDGER}!L2",
     "problem DD07-001 stands 销号 on 2022-04-15; '未整改' does not say where it went"),
    ("a closed problem set to work", workbook_case(cells("DD07-001", 状态="整改中")), f"{LEDGER}!L2",
     "problem DD07-001: cannot go from 销号 to 整改中"),
    ("立行立改 of a problem under way", workbook_case(cells("DD07-013", 状态="立行立改")), f"{LEDGER}!L14",
     "problem DD07-013: cannot go from 整改中 to 立行立改"),
    ("a move before the last one", workbook_case(cells("DD07-013", 状态="已销号", 更新日期="2022-02-25")),
     f"{LEDGER}!L14", "a move dated 2022-02-25 would come before its last recorded move (2022-02-26)"),
    ("changed on both sides", changed_in_the_campaign, f"{LEDGER}!17",
     "problem DD07-016 changed in the campaign since this workbook was exported (as of 2022-04-15)"),
    ("an impossible date", workbook_case(new_row(被督导单位="市妇联", 问题描述="新问题", 问题类型="短板", 发现日期="2022-02-30")),
     f"{LEDGER}!C70", "'2022-02-30' is not a date of the calendar"),
    ("a bad deadline", workbook_case(cells("DD07-013", 整改时限="尽快")), f"{LEDGER}!J14",
     "'尽快' is not a deadline"),
    ("an earlier deadline", workbook_case(cells("DD07-013", 整改时限="2022-06-30")), f"{LEDGER}!J14",
     "整改时限 2022-06-30 is earlier than the deadline in force (2022-12-31)"),
    ("one number on two rows", workbook_case(cells("DD07-006", 问题编号="DD07-005")), f"{LEDGER}!A7",
     "问题编号 DD07-005 is already row 6"),
    ("a new row without 问题描述", workbook_case(new_row(被督导单位="市妇联", 问题类型="短板")), f"{LEDGER}!F70",
     "问题描述 is required for a problem without 问题编号"),
    ("a new row without 被督导单位", workbook_case(new_row(问题描述="新问题", 问题类型="短板")), f"{LEDGER}!B70",
     "被督导单位 is required for a problem without 问题编号"),
    ("a new row without 问题类型", workbook_case(new_row(被督导单位="市妇联", 问题描述="新问题")), f"{LEDGER}!D70",
     "问题类型 is required for a new problem"),
    ("a new row of another type", workbook_case(new_row(被督导单位="市妇联", 问题描述="新问题", 问题类型="其他")),
     f"{LEDGER}!D70", "'其他' is not one of the campaign's 问题类型 (难点、痛点、堵点、短板)"),
    ("a registered problem of another type", workbook_case(cells("DD07-005", 问题类型="其他")), f"{LEDGER}!D6",
     "'其他' is not one of the campaign's 问题类型 (难点、痛点、堵点、短板)"),
    ("a rewritten 问题描述", workbook_case(cells("DD07-005", 问题描述="改写后的问题描述")), f"{LEDGER}!F6",
     "问题描述 differs from problem DD07-005's in the campaign"),
    ("a changed 被督导单位", workbook_case(cells("DD07-005", 被督导单位="市妇联")), f"{LEDGER}!B6",
     "problem DD07-005 is of 共青团临江市委员会, not 临江市妇女联合会"),
    ("a changed 发现日期", workbook_case(cells("DD07-005", 发现日期="2022-03-01")), f"{LEDGER}!C6",
     "problem DD07-005 was found on"),
    ("another campaign's workbook", workbook_case(other_campaign), None,
     "this workbook was exported from 《能力作风建设年》(2022), not from 《作风能力提升年》(2022)"),
    ("no header", own_file(header_only(["临江市问题台账"], ["甲", "乙", "丙"], [1, 2, 3])), None,
     "no sheet has a ledger header"),
    ("no header on the sheet named",
     workbook_case(lambda book, ws: book.create_sheet("说明").append(["说明文字"]), args=["--sheet", "说明"]),
     "说明!1",
     "no header row with 问题编号 or 问题描述 in the first 15 rows"),
    ("--sheet names no sheet", workbook_case(lambda book, ws: None, args=["--sheet", "汇总"]), None,
     "no sheet '汇总'; the sheets are 问题台账"),
    ("--map names a column the header lacks",
     workbook_case(lambda book, ws: None, args=["--map", "整改目标=measures"]), None, "--map 整改目标=measures: the header row (row 1) has no column 整改目标"),
    ("two columns read as one", own_file(header_only(["单位", "被督导单位", "问题描述", "问题类型"],
                                                    ["市妇联", "市妇联", "新问题", "短板"])), "Sheet!B1",
     "columns A and B both read as 被督导单位; keep one with --map 被督导单位=-"),
    ("a text file named .xlsx", own_file(text_file), None,
     "this is not an Excel workbook, though it is named .xlsx"),
    ("a truncated .xlsx", own_file(truncated), None, "this Excel workbook cannot be read"),
    ("a missing file", own_file(lambda tmp_path: tmp_path / "nowhere.xlsx"), None, "no such file"),
    ("a folder", own_file(folder), None, "is a folder, not a ledger file"),
]


@pytest.mark.parametrize(("build", "where", "message"), [case[1:] for case in FAILURES],
                         ids=[case[0] for case in FAILURES])
def test_every_failure_is_located_and_leaves_the_campaign_file_alone(
    tmp_path, capsys, campaign, demo_files, build, where, message
):
    """One message naming the file (and the sheet and cell, or row, where there is one), exit status 2,
    no traceback, nothing on stdout, and the campaign file's bytes untouched."""
    path, options = build(tmp_path, demo_files, campaign)
    original = campaign.read_bytes()
    status, out, err = cli(capsys, "ledger", "import", path, "--into", campaign, *AS_OF, *options)
    assert status == 2, out + err
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith(f"supervisio: error: {path}" + (f"!{where}: " if where else ": ")), err
    for fragment in (message,) if isinstance(message, str) else message:
        assert fragment in err
    assert err.count("\n") == 1, err  # one mistake, one line
    assert campaign.read_bytes() == original


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("备注=foo", "--map 备注=foo: unknown field 'foo'; fields are number, unit,"),
        ("备注", "--map 备注: write 列名=field"),
        ("=measures", "--map =measures: write 列名=field"),
    ],
)
def test_a_bad_map_is_refused_before_anything_is_read(
    tmp_path, capsys, campaign, demo_files, mapping, message
):
    path = tmp_path / "l.xlsx"
    path.write_bytes(demo_files[1])
    original = campaign.read_bytes()
    status, out, err = cli(capsys, "ledger", "import", path, "--into", campaign, *AS_OF, "--map", mapping)
    assert (status, out) == (2, "")
    assert err.startswith(f"supervisio: error: {message}") and "Traceback" not in err
    assert campaign.read_bytes() == original


def test_every_mistake_is_reported_at_once(tmp_path, capsys, campaign, demo_files):
    """Mistakes of different kinds on different rows are all listed, in sheet order, under a count."""

    def change(book, ws):
        cells("DD07-001", 状态="未整改")(book, ws)
        cells("DD07-013", 整改时限="尽快")(book, ws)
        new_row(被督导单位="市妇女会", 问题描述="新问题", 问题类型="其他")(book, ws)

    path = edited(tmp_path, demo_files, change)
    original = campaign.read_bytes()
    status, out, err = cli(capsys, "ledger", "import", path, "--into", campaign, *AS_OF)
    assert (status, out) == (2, "")
    lines = err.splitlines()
    assert lines[0] == f"supervisio: error: 3 errors in {path}:"
    assert [line.split(": ", 1)[0].strip() for line in lines[1:]] == [
        f"{path}!{LEDGER}!L2", f"{path}!{LEDGER}!J14", f"{path}!{LEDGER}!B{ROW_OF_NEW}"
    ]
    assert campaign.read_bytes() == original


def test_more_than_fifty_mistakes_end_with_a_count(tmp_path, capsys, campaign, demo_files):
    def change(book, ws):
        for row in range(2, 62):
            ws.cell(row, COLUMN["状态"]).value = "看情况"

    path = edited(tmp_path, demo_files, change)
    status, _out, err = cli(capsys, "ledger", "import", path, "--into", campaign, *AS_OF)
    lines = err.splitlines()
    assert status == 2 and "Traceback" not in err
    assert lines[0] == f"supervisio: error: 60 errors in {path}:"
    assert len(lines) == 52
    assert lines[-1] == "  and 10 more"
    assert lines[1].startswith(f"  {path}!{LEDGER}!L2: '看情况' is not a status")


def test_a_missing_campaign_file_is_one_line(tmp_path, capsys, demo_files):
    path = tmp_path / "l.xlsx"
    path.write_bytes(demo_files[1])
    status, out, err = cli(capsys, "ledger", "import", path, "--into", tmp_path / "none.toml", *AS_OF)
    assert (status, out) == (2, "")
    assert err == f"supervisio: error: {tmp_path / 'none.toml'}: no such file\n"
    assert not (tmp_path / "none.toml").exists()


def test_export_into_a_missing_folder_is_one_line(tmp_path, capsys):
    out_path = tmp_path / "nowhere" / "l.xlsx"
    status, out, err = cli(capsys, "ledger", "export", "-o", out_path, *AS_OF)
    assert (status, out) == (2, "")
    assert err == f"supervisio: error: {out_path}: cannot be written: No such file or directory\n"
    assert list(tmp_path.iterdir()) == []


def test_a_ledger_command_needs_an_action(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["ledger"])
    assert exit_.value.code == 2
    assert "the following arguments are required: ACTION" in capsys.readouterr().err


def test_export_of_a_campaign_of_one_group_needs_no_group(tmp_path, capsys):
    """With one group, ``ledger export`` writes that group's workbook without being told which."""
    campaign, out_path, explicit = tmp_path / "camp.toml", tmp_path / "l.xlsx", tmp_path / "g.xlsx"
    assert main(["init", str(campaign)]) == 0
    [group] = supervisio.load(campaign).groups
    capsys.readouterr()
    status, out, err = cli(capsys, "ledger", "export", campaign, "-o", out_path, *AS_OF)
    assert (status, err) == (0, "")
    assert out == f"{out_path}: 问题台账 as of 2022-04-15 written\n"
    assert cli(capsys, "ledger", "export", campaign, "-o", explicit, *AS_OF, "--group", group.number)[0] == 0

    def cells(path):
        return [[list(row) for row in ws.iter_rows(values_only=True)] for ws in openpyxl.load_workbook(path)]

    assert cells(out_path) == cells(explicit)
