"""A campaign kept as a folder: the definition and one file per group (storage/folder.py).

The embedded demo is such a folder (a city of three groups); its 第七巡回督导组 is the seed's campaign,
record for record. Every disagreement between the files is a located error, all of them at once.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from supervisio.cli import main
from supervisio.demo import DEMO_AS_OF, DEMO_GROUP, demo_bytes, demo_files, load_demo
from supervisio.domain.facts import compute_facts
from supervisio.errors import CampaignFileError
from supervisio.storage import load, loads
from supervisio.storage.folder import CampaignFolderError, load_folder
from supervisio.storage.skeleton import skeleton_bytes

GROUP_7 = "groups/group-07.toml"
GROUP_3 = "groups/group-03.toml"
GROUP_5 = "groups/group-05.toml"


@pytest.fixture
def city_folder(tmp_path: Path) -> Path:
    """The demo's folder, written as ``supervisio init DIR/ --demo`` writes it."""
    folder = tmp_path / "city"
    assert main(["init", f"{folder}/", "--demo"]) == 0
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(CampaignFolderError) as raised:
        load(folder)
    return [str(error) for error in raised.value.errors]


def check_has(errors: list[str], *expected: str) -> None:
    for line in expected:
        assert line in errors, f"{line!r} not among:\n" + "\n".join(errors)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# -- the demo as a folder -----------------------------------------------------------------------------


def test_the_demo_is_a_city():
    city = load_demo()
    assert [g.number for g in city.groups] == [3, 5, DEMO_GROUP]
    assert sum(len(g.units) for g in city.groups) >= 25
    assert all(len(g.units) >= 7 for g in city.groups)
    for group in (3, 5):
        units = set(city.group(group).unit_names)
        problems = [p for p in city.problems if p.unit in units]
        assert 20 <= len(problems) <= 40
        assert any(p.extensions for p in problems)


def test_group_7_is_the_seed_campaign_record_for_record(demo, city):
    assert load_demo(DEMO_GROUP) == demo
    seven = set(city.group(DEMO_GROUP).unit_names)
    assert tuple(p for p in city.problems if p.unit in seven) == demo.problems
    assert tuple(m for m in city.meetings if m.group == DEMO_GROUP) == demo.meetings
    assert city.group(DEMO_GROUP) == demo.groups[0]


def test_group_7s_facts_are_unchanged_in_the_city(demo, city):
    """The figures tests/test_facts.py checks on group 7 alone are the same inside the city."""
    alone = compute_facts(demo, DEMO_AS_OF, group=DEMO_GROUP)
    inside = compute_facts(city, DEMO_AS_OF, group=DEMO_GROUP)
    assert inside.to_dict() == alone.to_dict()
    assert inside.problems.total == 68 and inside.resolved_in_completed_phases() == 41


def test_the_single_file_demo_holds_the_same_campaign(city):
    assert loads(demo_bytes(), "toml", "demo.toml") == city


def test_the_folder_loads_like_the_embedded_demo(city_folder, city):
    assert sorted(p.relative_to(city_folder).as_posix() for p in city_folder.rglob("*.toml")) == sorted(
        demo_files()
    )
    assert load(city_folder) == city
    assert load_folder(city_folder) == city


def test_files_may_mix_formats_and_others_are_ignored(city_folder, city):
    import supervisio.storage as storage

    group = city_folder / GROUP_5
    data = storage.formats.decode(group.read_bytes(), "toml", str(group))
    (city_folder / "groups" / "group-05.json").write_bytes(storage.formats.encode(data, "json"))
    group.unlink()
    (city_folder / "out").mkdir()
    (city_folder / "out" / "report.docx").write_bytes(b"PK\x03\x04 not a campaign")
    (city_folder / "notes.md").write_text("# notes", encoding="utf-8")
    (city_folder / ".git").mkdir()
    (city_folder / ".git" / "config.toml").write_text("not = 'ours'", encoding="utf-8")
    (city_folder / "~$campaign.toml").write_bytes(b"\x00lock")
    assert load(city_folder) == city


# -- disagreements, located, all at once --------------------------------------------------------------


def test_every_disagreement_at_once(city_folder):
    # a second definition
    shutil.copy(city_folder / "campaign.toml", city_folder / "campaign-copy.toml")
    # a group file that also defines campaign settings
    append(city_folder / GROUP_5, '\n[campaign.settings]\nyellow_days = 5\n')
    # group 3's number given to a new file, which also lists a unit of group 7
    (city_folder / "groups" / "group-09.toml").write_text(
        '[group]\nnumber = 3\n[[group.units]]\nname = "临江市总工会"\nleader = "某某"\n', encoding="utf-8"
    )
    # a .toml that is neither, and a stray document (ignored)
    (city_folder / "settings.toml").write_text('editor = "vim"\n', encoding="utf-8")
    (city_folder / "汇报.docx").write_bytes(b"PK\x03\x04")
    errors = errors_of(city_folder)
    folder = str(city_folder)
    check_has(
        errors,
        f"{folder}/campaign-copy.toml: campaign: the campaign is already defined in {folder}/campaign.toml: "
        "a campaign folder holds one definition",
        f"{folder}/{GROUP_5}: campaign: a group file does not define the campaign: its phases, 规定动作 and "
        "settings belong in the campaign's definition file (the one file with [campaign])",
        f"{folder}/groups/group-09.toml: group.number: group 3 is already defined in "
        f"{folder}/groups/group-03.toml",
        f"{folder}/groups/group-09.toml: group.units[0].name: unit '临江市总工会' is already covered by group 7 "
        f"in {folder}/{GROUP_7}: a unit belongs to one group",
        f"{folder}/settings.toml: neither the campaign's definition ([campaign]) nor a group file ([group]): "
        "every .toml, .json and .yaml file in a campaign folder is one of them; move this one out of the folder",
    )
    assert len(errors) == 5
    assert not any("汇报.docx" in line for line in errors)
    assert all(line.startswith(f"{folder}/") for line in errors)


def test_the_message_counts_the_errors_of_the_folder(city_folder):
    shutil.copy(city_folder / "campaign.toml", city_folder / "again.toml")
    (city_folder / "stray.yaml").write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(CampaignFileError) as raised:
        load(city_folder)
    assert str(raised.value).startswith(f"2 errors in the campaign folder {city_folder}:\n  ")


def test_a_record_in_the_file_of_another_group(city_folder):
    """Cross-file integrity: group 3's file naming a unit or a group of group 7 is an error in group 3's file."""
    append(city_folder / GROUP_3, (
        '\n[[problems]]\nnumber = "DD03-900"\nunit = "临江市总工会"\nfound_on = 2022-03-01\n'
        'description = "x"\ncategory = "难点"\n'
        '\n[[meetings]]\ngroup = 7\nkind = "周一例会"\non = 2022-03-07\n'
        '\n[[activities]]\nid = "A03-900"\nunit = "临江市无此局"\non = 2022-03-01\nmethod = "座谈"\n'
    ))
    errors = errors_of(city_folder)
    source = f"{city_folder}/{GROUP_3}"
    text = (city_folder / GROUP_3).read_text(encoding="utf-8")
    problems, meetings, activities = (text.count(f"[[{kind}]]") - 1 for kind in ("problems", "meetings", "activities"))
    check_has(
        errors,
        f"{source}: problems[{problems}].unit: unit '临江市总工会' is covered by group 7 "
        f"({city_folder}/{GROUP_7}), not by group 3, whose records this file holds: the record belongs in "
        f"{city_folder}/{GROUP_7}",
        f"{source}: meetings[{meetings}].group: this file holds the records of group 3: a record of group 7 "
        f"belongs in {city_folder}/{GROUP_7}",
    )
    assert any(line.startswith(f"{source}: activities[{activities}].unit: unknown unit '临江市无此局'")
               for line in errors)
    assert len(errors) == 3


def test_structure_and_integrity_errors_are_located_in_their_files(city_folder):
    append(city_folder / GROUP_5, '\n[[briefings]]\nseries = "作风能力提升年第五巡回督导组工作简报"\nyear = 2022\n'
           'number = 1\ngroup = 5\non = 2022-05-20\ntitle = "重复的期号"\n')
    text = (city_folder / GROUP_7).read_text(encoding="utf-8")
    (city_folder / GROUP_7).write_text(text.replace('term = "短期"', 'term = "中期"', 1), encoding="utf-8")
    errors = errors_of(city_folder)
    briefings = (city_folder / GROUP_5).read_text(encoding="utf-8").count("[[briefings]]") - 1
    check_has(
        errors,
        f"{city_folder}/{GROUP_5}: briefings[{briefings}].number: 《作风能力提升年第五巡回督导组工作简报》"
        "2022年第1期 is already briefings[0]",
    )
    assert any(line.startswith(f"{city_folder}/{GROUP_7}: problems[0].term: ") for line in errors)


def test_a_duplicate_number_across_files_names_the_other_file(city_folder):
    append(city_folder / GROUP_3, '\n[[work_prompts]]\ngroup = 3\nnumber = 1\non = 2022-02-24\ntitle = "重复"\n')
    prompts = (city_folder / GROUP_3).read_text(encoding="utf-8").count("[[work_prompts]]") - 1
    check_has(errors_of(city_folder),
              f"{city_folder}/{GROUP_3}: work_prompts[{prompts}].number: is already work_prompts[0]")


def test_a_folder_without_a_definition(tmp_path):
    (tmp_path / "group.toml").write_text('[group]\nnumber = 1\n', encoding="utf-8")
    assert errors_of(tmp_path) == [
        f"{tmp_path}: is a folder without a campaign definition: one file (campaign.toml) must hold [campaign], and one file "
        "per group [group]"
    ]


def test_an_empty_folder(tmp_path):
    assert errors_of(tmp_path) == [
        f"{tmp_path}: is a folder without campaign files (.toml, .json, .yaml): one file (campaign.toml) must hold "
        "[campaign], and one file per group [group]"
    ]


def test_a_definition_holding_records(city_folder):
    append(city_folder / "campaign.toml", '\n[[groups]]\nnumber = 9\n')
    check_has(errors_of(city_folder), (
        f"{city_folder}/campaign.toml: groups: the campaign's definition holds [campaign] only: groups and "
        "their records belong in the group files (one file per group, with [group] and its records)"
    ))


def test_a_file_that_cannot_be_read_stops_before_the_checks(city_folder):
    (city_folder / GROUP_3).write_text("[group\n", encoding="utf-8")
    errors = errors_of(city_folder)
    assert len(errors) == 1 and errors[0].startswith(f"{city_folder}/{GROUP_3}:1:")


# -- the command line ---------------------------------------------------------------------------------


def test_check_and_facts_of_the_city(city_folder, capsys):
    status, out, err = run(capsys, "check", str(city_folder), "--as-of", DEMO_AS_OF.isoformat())
    assert status == 0 and err == ""
    assert out.startswith(f"{city_folder}: valid (133 problems, 3 groups)\n")
    status, out, err = run(capsys, "facts", str(city_folder), "--as-of", DEMO_AS_OF.isoformat(), "--json")
    assert status == 0
    whole = json.loads(out)
    assert whole["group"] is None
    parts = []
    for number in (3, 5, 7):
        status, out, err = run(capsys, "facts", str(city_folder), "--as-of", DEMO_AS_OF.isoformat(), "--json",
                               "--group", str(number))
        assert status == 0
        parts.append(json.loads(out))
    check_sums(whole, parts)


def check_sums(whole: dict, parts: list[dict]) -> None:
    """The city's counts are the sums of its groups' counts."""
    for key in ("total", "resolved", "closed_on_spot", "open", "overdue"):
        assert whole["problems"][key] == sum(part["problems"][key] for part in parts), key
    for key in ("by_term", "by_category"):
        summed: dict[str, int] = {}
        for part in parts:
            for name, value in part["problems"][key].items():
                summed[name] = summed.get(name, 0) + value
        assert {k: v for k, v in whole["problems"][key].items() if v} == {k: v for k, v in summed.items() if v}
    assert whole["activities"]["total"] == sum(part["activities"]["total"] for part in parts)
    assert whole["meetings"]["held"] == sum(part["meetings"]["held"] for part in parts)
    for key in ("briefings", "work_prompts", "unit_briefings", "adoptions"):
        assert whole["documents"][key] == sum(part["documents"][key] for part in parts), key
    assert len(whole["requirements"]) == sum(len(part["requirements"]) for part in parts)


def test_group_7s_facts_from_the_folder_are_the_seed_report(city_folder, capsys):
    day = DEMO_AS_OF.isoformat()
    status, out, _ = run(capsys, "facts", str(city_folder), "--group", "7", "--json", "--as-of", day)
    assert status == 0
    by_folder = json.loads(out)
    status, out, _ = run(capsys, "facts", "--group", "7", "--json")  # the embedded demo, as of its day
    assert json.loads(out) == by_folder
    assert by_folder["problems"]["total"] == 68


def test_the_city_totals_are_the_sum_of_the_groups(city):
    whole = compute_facts(city, DEMO_AS_OF)
    parts = [compute_facts(city, DEMO_AS_OF, group=g.number) for g in city.groups]
    assert whole.problems.total == sum(p.problems.total for p in parts) == 109  # found by 15 April
    assert compute_facts(city, city.campaign.end).problems.total == 133
    assert whole.problems.resolved == sum(p.problems.resolved for p in parts)
    assert whole.activities.total == sum(p.activities.total for p in parts)
    assert whole.documents.briefings == sum(p.documents.briefings for p in parts)


def test_render_one_group_of_the_city(city_folder, tmp_path, capsys):
    out_file = tmp_path / "report-3.md"
    status, _, err = run(capsys, "render", str(city_folder), "--kind", "report", "--group", "3",
                           "--as-of", DEMO_AS_OF.isoformat(), "-o", str(out_file))
    assert status == 0 and err == ""
    text = out_file.read_text(encoding="utf-8")
    assert "第三巡回督导组" in text and "第七巡回督导组" not in text


def test_render_without_a_group_names_the_groups(city_folder, tmp_path, capsys):
    out_file = tmp_path / "report.md"
    status, out, err = run(capsys, "render", str(city_folder), "--kind", "report", "-o", str(out_file))
    assert status == 2 and out == ""
    assert err == (
        "supervisio: error: --group: the campaign has 3 groups and a document of kind 'report' is written by "
        "one of them; name it with --group N: 3（第三巡回督导组）、5（第五巡回督导组）、7（第七巡回督导组）\n"
    )
    assert not out_file.exists()


def test_render_a_unit_finds_its_group(city_folder, tmp_path, capsys):
    out_file = tmp_path / "opinion.md"
    status, _, err = run(capsys, "render", str(city_folder), "--kind", "opinion", "--unit", "市教育局",
                         "--as-of", DEMO_AS_OF.isoformat(), "-o", str(out_file))
    assert status == 0 and err == ""
    assert "市教育局" in out_file.read_text(encoding="utf-8")


def test_a_broken_folder_on_the_command_line(city_folder, capsys):
    shutil.copy(city_folder / "campaign.toml", city_folder / "again.toml")
    status, out, err = run(capsys, "check", str(city_folder))
    assert status == 2 and out == "" and "Traceback" not in err
    assert err == (f"supervisio: error: {city_folder}/again.toml: campaign: the campaign is already defined in "
                   f"{city_folder}/campaign.toml: a campaign folder holds one definition\n")


# -- init ---------------------------------------------------------------------------------------------


def test_init_a_skeleton_folder(tmp_path, capsys):
    folder = tmp_path / "new"
    status, out, _ = run(capsys, "init", f"{folder}/")
    assert status == 0 and out.startswith(f"wrote {folder}/: a commented campaign folder")
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "campaign.toml", "groups/group-01.toml"
    ]
    assert load(folder) == loads(skeleton_bytes("toml"))
    assert "# " in (folder / "groups" / "group-01.toml").read_text(encoding="utf-8")


def test_init_fills_an_empty_folder_and_never_a_full_one(tmp_path, capsys):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert run(capsys, "init", str(folder), "--demo")[0] == 0
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    status, out, err = run(capsys, "init", str(folder))
    assert status == 2 and out == "" and err == (f"supervisio: error: {folder}: already exists and is not empty; "
                                   "supervisio init never overwrites: choose another name\n")
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


# -- ledger import into a folder ----------------------------------------------------------------------


def test_a_ledger_import_writes_into_the_groups_file(city_folder, tmp_path, capsys):
    import openpyxl

    from supervisio.spreadsheet.columns import COLUMNS

    column = {c.header: i + 1 for i, c in enumerate(COLUMNS)}
    day = ["--as-of", DEMO_AS_OF.isoformat()]
    workbook = tmp_path / "l3.xlsx"
    assert run(capsys, "ledger", "export", str(city_folder), "--group", "3", "-o", str(workbook), *day)[0] == 0
    book = openpyxl.load_workbook(workbook)
    sheet = book["问题台账"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column["状态"]).value == "整改中")
    number = sheet.cell(row, column["问题编号"]).value
    sheet.cell(row, column["状态"]).value = "已销号"
    book.save(workbook)
    before = {p.relative_to(city_folder).as_posix(): p.read_bytes() for p in city_folder.rglob("*.toml")}

    status, out, err = run(capsys, "ledger", "import", str(workbook), "--into", str(city_folder), *day)
    assert (status, err) == (0, "")
    assert out.startswith(f"{workbook} → {city_folder}: 0 new, 1 updated")
    after = {p.relative_to(city_folder).as_posix(): p.read_bytes() for p in city_folder.rglob("*.toml")}
    assert [name for name in after if after[name] != before[name]] == [GROUP_3]
    assert "# 问题台账" in after[GROUP_3].decode("utf-8")  # the file's comments are kept
    assert load(city_folder).problem(number).status_on(DEMO_AS_OF).value == "销号"
    status, out, _ = run(capsys, "ledger", "import", str(workbook), "--into", str(city_folder), *day)
    assert status == 0 and ": 0 new, 0 updated" in out


def test_a_link_back_up_the_folder_is_walked_once(city_folder, city):
    (city_folder / "groups" / "up").symlink_to(city_folder, target_is_directory=True)
    assert load(city_folder) == city


def test_a_control_character_takes_the_detailed_path_and_is_located_in_its_file(city_folder):
    group = city_folder / GROUP_5
    text = group.read_text(encoding="utf-8")
    index = text.index('description = "') + len('description = "')
    group.write_text(text[:index] + "\\u0007" + text[index:], encoding="utf-8")
    problem = text[:index].count("[[problems]]") - 1
    assert errors_of(city_folder) == [
        f"{group}: problems[{problem}].description: contains the control character U+0007 at position 1"
    ]
