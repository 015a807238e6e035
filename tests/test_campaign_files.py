"""Campaign files: every class of bad input gets all its errors at once, each with the file and the path."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from supervisio.errors import CampaignFileError
from supervisio.storage import dumps, load, loads, save
from support import FIXTURES

SMALL = (FIXTURES / "small.toml").read_text(encoding="utf-8")


def errors_of(text: str | bytes, fmt="toml", source="campaign.toml") -> list[str]:
    with pytest.raises(CampaignFileError) as caught:
        loads(text, fmt, source)
    return [str(error) for error in caught.value.errors]


def edit(old: str, new: str, text: str = SMALL) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_the_hand_written_file_loads(small):
    assert [g.number for g in small.groups] == [1, 2]
    assert small.unit("青山县住房和城乡建设局").short_name == "县住建局"
    assert small.problems[1].description == "老旧小区改造项目进度滞后 | 涉及*12*个小区"


def test_missing_required_field():
    text = edit('{ name = "青山县教育局", short_name = "县教育局", leader = "褚明辉" }',
                '{ name = "青山县教育局", short_name = "县教育局" }')
    assert errors_of(text) == ["campaign.toml: groups[1].units[0].leader: required"]


def test_unknown_key_suggests_the_known_one():
    text = edit('leader = "褚明辉"', 'leadr = "褚明辉"')
    assert errors_of(text) == [
        "campaign.toml: groups[1].units[0].leader: required",
        "campaign.toml: groups[1].units[0].leadr: unknown key; did you mean leader?",
    ]


def test_unknown_top_level_key():
    assert errors_of("problemz = []\n" + SMALL) == [
        "campaign.toml: problemz: unknown key; did you mean problems?"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("year = 2023", 'year = "2023"', "campaign.year: expected a whole number, not the text '2023'"),
        ("end = 2023-11-30\n\n", "end = 2023-11-31\n\n", "not valid TOML"),
        ("end = 2023-11-30\n\n", 'end = "30/11/2023"\n\n', "campaign.end: expected a date like 2022-04-15"),
        ("end = 2023-11-30\n\n", "end = 2023-11-30T10:00:00\n\n", "campaign.end: expected a date like 2022-04-15, not a date and time"),
        ('method = "查阅资料"', 'method = "查资料"', "activities[1].method: '查资料' is not one of 列席会议、"),
        ('measures = ["倒排工期"]', 'measures = "倒排工期"', "problems[1].measures: expected a list, not the text"),
        ('term = "长期"', 'term = "中期"', "problems[1].term: '中期' is not one of 短期、长期"),
    ],
)
def test_wrong_types_are_located(old, new, expected):
    (message,) = errors_of(edit(old, new))
    assert expected in message
    assert message.startswith("campaign.toml")


def test_all_errors_at_once():
    text = edit('year = 2023', 'year = "x"')
    text = edit('leader = "褚明辉"', 'leadr = "褚明辉"', text)
    text = edit('term = "长期"', 'term = "中期"', text)
    with pytest.raises(CampaignFileError) as caught:
        loads(text, "toml", "campaign.toml")
    assert len(caught.value.errors) == 4
    assert str(caught.value).startswith("4 errors in campaign.toml:")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('unit = "青山县教育局"\nfound_on', 'unit = "青山县教育厅"\nfound_on',
         "problems[2].unit: unknown unit '青山县教育厅'; did you mean '青山县教育局'?"),
        ('source_activity = "A2"', 'source_activity = "A9"', "problems[1].source_activity: unknown activity 'A9'"),
        ('number = "Q-002"', 'number = "Q-001"', "problems[1].number: duplicate problem number 'Q-001'"),
        ("deadline = 2023-05-10", "deadline = 2023-04-10",
         "problems[2].deadline: deadline 2023-04-10 is before the problem was found (2023-04-20)"),
        ("on = 2023-03-06\n", "on = 2023-02-06\n",
         "meetings[0].on: 2023-02-06 is outside the campaign (2023-03-01 to 2023-11-30)"),
        ('{ on = 2023-04-10, to = "申请销号" }', '{ on = 2023-04-10, to = "延期" }, { on = 2023-04-11, to = "申请销号" }', ""),
        ('{ on = 2023-03-17, to = "整改中" },', '',
         "problems[0].history[1].to: problem Q-001: cannot go from 交办 to 申请销号; from 交办 it may go to 整改中、立行立改"),
        ('{ on = 2023-03-17, to = "整改中" }', '{ on = 2023-03-14, to = "整改中" }',
         "problems[0].history[1].on: 2023-03-14 is before the entry before it"),
        ('group = 1\nkind', 'group = 3\nkind', "meetings[0].group: unknown group 3; groups are 1、2"),
        ('requirement = "D1"\nunit = "青山县农业农村局"', 'requirement = "D9"\nunit = "青山县农业农村局"',
         "requirement_records[0].requirement: unknown requirement 'D9'"),
        ('rule = "short_term_resolved"', 'rule = "short_term_closed"',
         "campaign.phases[2].exit_rules[0].rule: unknown exit rule 'short_term_closed'"),
    ],
)
def test_cross_record_checks(old, new, expected):
    text = edit(old, new)
    if not expected:  # a legal detour through 延期 back to 申请销号 is itself illegal: 延期 → 申请销号
        (message,) = errors_of(text)
        assert "cannot go from 延期 to 申请销号" in message
        return
    assert any(e.startswith(f"campaign.toml: {expected}") for e in errors_of(text)), errors_of(text)


def test_two_briefings_with_one_issue_number():
    text = SMALL + """
[[briefings]]
series = "第一督导组工作简报"
year = 2023
number = 1
group = 1
on = 2023-04-20
title = "又一期第1期"
"""
    assert errors_of(text) == [
        "campaign.toml: briefings[1].number: 《第一督导组工作简报》2023年第1期 is already briefings[0]"
    ]


def test_a_supplement_has_its_own_numbers():
    text = SMALL + """
[[briefings]]
series = "第一督导组工作简报"
year = 2023
number = 1
supplement = true
group = 1
on = 2023-04-20
title = "增刊第1期"
"""
    assert len(loads(text).briefings) == 2


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "campaign.toml: the file is empty"),
        (b"  \n\n", "campaign.toml: the file is empty"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00word/document.xml", "campaign.toml: this is a binary file"),
        ('name = "作风能力提升年"'.encode("gbk"), "campaign.toml: not UTF-8 text: it reads as GBK/GB18030"),
        (b"name = \"\xff\xfe\xfd\"", "campaign.toml: not UTF-8 text: byte 0xff at offset 8"),
        (b"[campaign]\nname = \n", "campaign.toml:2:8: not valid TOML: Invalid value"),
        (b"[campaign\n", "campaign.toml:1:10: not valid TOML"),
    ],
)
def test_files_that_are_not_utf8_toml(raw, expected):
    (message,) = errors_of(raw)
    assert message.startswith(expected)


def test_a_utf8_bom_is_accepted():
    assert loads(b"\xef\xbb\xbf" + SMALL.encode("utf-8")).campaign.name == "能力作风建设年"


def test_json_and_yaml_syntax_errors_are_located():
    assert errors_of('{"campaign": }', "json", "c.json") == ["c.json:1:14: not valid JSON: Expecting value"]
    (message,) = errors_of("campaign: [1, 2\ngroups: x\n", "yaml", "c.yaml")
    assert message.startswith("c.yaml:2:7: not valid YAML:")
    assert errors_of("- 1\n- 2\n", "yaml", "c.yaml") == [
        "c.yaml: the top level must be a table of keys (campaign, groups, problems …)"
    ]


def test_unsupported_format_tag():
    assert errors_of(edit('format = "supervisio/1"', 'format = "supervisio/9"')) == [
        "campaign.toml: format: unsupported format 'supervisio/9': this supervisio reads supervisio/1"
    ]


def test_load_names_the_file(tmp_path):
    with pytest.raises(CampaignFileError, match=r"no-such.toml: no such file"):
        load(tmp_path / "no-such.toml")
    with pytest.raises(CampaignFileError, match="cannot tell the format"):
        load(tmp_path / "campaign.txt")
    with pytest.raises(CampaignFileError, match="is a folder"):
        load(tmp_path / "x.toml" if (tmp_path / "x.toml").mkdir() is None else "")


@pytest.mark.parametrize("suffix", [".toml", ".json", ".yaml"])
def test_save_and_load_each_format(small, tmp_path, suffix):
    path = tmp_path / f"campaign{suffix}"
    save(small, path)
    assert load(path) == small
    text = path.read_text(encoding="utf-8")
    assert "青山县农业农村局" in text  # Chinese is written as itself, not escaped
    if suffix == ".json":
        assert json.loads(text)["format"] == "supervisio/1"
    if suffix == ".yaml":
        assert yaml.safe_load(text)["format"] == "supervisio/1"


def test_save_is_atomic(small, tmp_path, monkeypatch):
    path = tmp_path / "campaign.toml"
    path.write_bytes(b"the good file")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        save(small, path)
    assert path.read_bytes() == b"the good file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["campaign.toml"]


def test_dumps_starts_with_the_format_tag(small):
    assert dumps(small).startswith(b'format = "supervisio/1"\n')


def test_load_without_checks_returns_inconsistent_data():
    text = edit('source_activity = "A2"', 'source_activity = "A9"')
    assert loads(text, check=False).problems[1].source_activity == "A9"


def test_paths_are_readable_as_given(tmp_path):
    path = tmp_path / "坏文件.toml"
    path.write_bytes(b"")
    with pytest.raises(CampaignFileError) as caught:
        load(path)
    assert str(caught.value).startswith(str(Path(path)))


def test_yaml_reads_on_yes_and_no_as_written(small):
    """YAML 1.1 would read a bare ``on:`` key as True and ``no`` as False; campaign files use 1.2's booleans."""
    text = dumps(small, "yaml").decode("utf-8").replace("'on':", "on:")
    assert "\n  on:" in text or "- on:" in text
    assert loads(text, "yaml") == small
    data = yaml.safe_load(text)
    assert True in data["problems"][0]["history"][0]  # the trap this avoids: PyYAML's own reading
