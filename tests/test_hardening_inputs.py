"""Hostile campaign files: every class of bad input is a located error (exit 2, no traceback), never a crash.

Each class was first a crash or a hang found by an adversarial run (issue 8): a bare ValueError from
PyYAML's date constructor, a RecursionError from the JSON and TOML parsers, Python's refusal to convert a
number of 5,000 digits, a 394-byte YAML alias bomb that ran for minutes, a control character that loaded
fine and broke the docx renderer later, a rounding step of 0 that crashed ``facts``, a date arithmetic
overflow at 9999-12-31. Each is fed to the command line as a user would, and the test asserts the exit
status, the place in the message (the file and the path, or line:column) and that no traceback shows.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from supervisio.cli import main
from supervisio.demo import load_demo
from supervisio.storage import dump, load
from supervisio.storage.formats import encode
from support import FIXTURES

SMALL_TOML = (FIXTURES / "small.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def small_data() -> dict[str, Any]:
    return dump(load(FIXTURES / "small.toml"))


@pytest.fixture(scope="module")
def demo_data() -> dict[str, Any]:
    return dump(load_demo())


def check(capsys, path: Path, *args: str, command: str = "check") -> tuple[int, str, str]:
    """``supervisio check PATH`` in this process: (status, stdout, stderr)."""
    status = main([command, str(path), *args])
    out, err = capsys.readouterr()
    return status, out, err


def check_refused(capsys, path: Path, *expected: str, command: str = "check", args: tuple[str, ...] = ()) -> str:
    """Assert that the file is refused: exit 2, every ``expected`` text in the message, no traceback."""
    status, out, err = check(capsys, path, *args, command=command)
    assert status == 2, (out, err)
    assert "Traceback" not in err
    assert err.startswith(f"supervisio: error: {path}") or err.startswith("supervisio: error: ")
    for text in expected:
        assert text in err, err
    return err


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def written(tmp_path: Path, data: dict[str, Any], fmt: str, name: str = "c") -> Path:
    return write(tmp_path, f"{name}.{fmt}", encode(data, fmt))  # type: ignore[arg-type]


def changed(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A deep copy of ``data`` with the value at ``path`` replaced."""
    data = copy.deepcopy(data)
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


# -- impossible dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written_as", "expected"),
    [
        ("end: 2023-02-30", "is not a day (or time) of the calendar: day is out of range for month"),
        ("end: 2023-11-30 25:00:00", "hour must be in 0..23"),
    ],
)
def test_impossible_dates_in_yaml_are_located(capsys, tmp_path, small_data, written_as, expected):
    text = encode(small_data, "yaml").decode("utf-8").replace("end: 2023-11-30", written_as, 1)
    path = write(tmp_path, "c.yaml", text)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if written_as in row)
    check_refused(capsys, path, f"{path}:{line}:", expected)


def test_impossible_dates_in_json_are_located(capsys, tmp_path, small_data):
    path = written(tmp_path, changed(small_data, ("problems", 1, "deadline"), "2023-02-30"), "json")
    check_refused(capsys, path, "problems[1].deadline: 2023-02-30 is not a day of the calendar")


# -- nesting, long numbers, numbers out of range ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("c.json", '{"campaign": ' + "[" * 50_000 + "]" * 50_000 + "}", ":1:"),
        ("c.toml", "a = " + "[" * 50_000 + "]" * 50_000 + "\n", ":1:"),
        ("c.toml", "a = " + "{b = " * 50_000 + "1" + "}" * 50_000 + "\n", ":1:"),
        ("c.yaml", "a: " + "[" * 50_000 + "]" * 50_000 + "\n", ":1:"),
    ],
)
def test_nesting_thousands_deep_is_located(capsys, tmp_path, name, text, where):
    path = write(tmp_path, name, text)
    err = check_refused(capsys, path, where)
    assert "nest" in err


@pytest.mark.parametrize("fmt", ["json", "toml", "yaml"])
def test_a_number_of_thousands_of_digits_is_located(capsys, tmp_path, small_data, fmt):
    text = encode(changed(small_data, ("campaign", "year"), 7), fmt).decode("utf-8")
    text = text.replace("7", "9" * 5000, 1)
    path = write(tmp_path, f"c.{fmt}", text)
    err = check_refused(capsys, path, "a number of 5,000 digits is too long to be read")
    assert f"{path}:" in err and len(err) < 300


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("campaign", "year"), 10**1000, "campaign.year: a number of 1001 digits is not a year"),
        (("campaign", "year"), 0, "campaign.year: 0 is not a year (1 to 9999)"),
        (("groups", 0, "number"), 0, "groups[0].number: must be at least 1"),
        (("groups", 0, "number"), 10**20, "groups[0].number: a number of 21 digits is too large"),
        (("briefings", 0, "number"), 0, "briefings[0].number: must be at least 1"),
        (("briefings", 0, "copies"), 0, "briefings[0].copies: must be at least 1"),
        (("briefings", 0, "year"), -5, "briefings[0].year: -5 is not a year"),
        (("work_prompts", 0, "number"), -1, "work_prompts[0].number: must be at least 1"),
        (("campaign", "phases", 0, "requirements", 0, "min_count"), 0, "must be at least 1"),
        (("campaign", "phases", 1, "exit_rules", 0, "count"), -1,
         "exit_rules[0].count: must not be negative"),
        (("campaign", "settings", "yellow_days"), 10**16, "yellow_days: a number of 17 digits is too large"),
    ],
)
def test_numbers_out_of_range_are_located(capsys, tmp_path, small_data, path, value, expected):
    err = check_refused(capsys, written(tmp_path, changed(small_data, path, value), "json"), expected)
    assert all(len(line) < 300 for line in err.splitlines())


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("step", 0, "achievements[0].step: must be at least 1"),
        ("step", -5, "achievements[0].step: must be at least 1"),
        ("value", -1, "achievements[0].value: must not be negative"),
        ("value", 10**30, "achievements[0].value: a number of 31 digits is too large"),
    ],
)
def test_a_figure_that_would_crash_the_facts_is_refused_at_load(capsys, tmp_path, demo_data, field, value,
                                                                 expected):
    """A rounding step of 0 loaded fine and crashed ``facts`` (ValueError in ``approximate``); a value of
    10³⁰ scaled to 万 overflowed Decimal's precision in every document quoting it."""
    data = changed(demo_data, ("achievements", 0, field), value)
    path = written(tmp_path, data, "json")
    check_refused(capsys, path, expected, command="facts")


def test_floats_beyond_range_where_a_number_is_expected(capsys, tmp_path, small_data):
    text = encode(small_data, "json").decode("utf-8").replace('"year": 2023', '"year": 1e999', 1)
    check_refused(capsys, write(tmp_path, "c.json", text), "campaign.year: expected a whole number, not inf")
    text = SMALL_TOML.replace("year = 2023", "year = nan", 1)
    check_refused(capsys, write(tmp_path, "c.toml", text), "campaign.year: expected a whole number, not nan")
    text = encode(small_data, "yaml").decode("utf-8").replace("year: 2023", "year: -.inf", 1)
    check_refused(capsys, write(tmp_path, "c.yaml", text), "campaign.year: expected a whole number, not -inf")


# -- dates in the wrong order -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("notices", 0, "reply_due"), "2022-01-01",
         "notices[0].reply_due: 2022-01-01 is before the notice was issued"),
        (("work_prompts", 0, "due"), "2022-01-01",
         "work_prompts[0].due: 2022-01-01 is before the prompt was issued"),
        (("campaign", "phases", 1, "requirements", 0, "due"), "2022-01-01",
         "campaign.phases[1].requirements[0].due: 2022-01-01 is before phase"),
    ],
)
def test_due_dates_before_the_issue_are_located(capsys, tmp_path, demo_data, path, value, expected):
    check_refused(capsys, written(tmp_path, changed(demo_data, path, value), "json"), expected)


# -- YAML alias bombs and duplicate keys --------------------------------------------------------


def _bomb(levels: int = 9, width: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines)


@pytest.mark.parametrize(("field", "value"), [("description", "*a8"), ("measures", "[*a8, *a8]")])
def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path, small_data, field, value):
    """A billion-laughs file (394 bytes) ran for minutes and printed 35 MB: now refused in a second, in
    one short line. Run as a subprocess, where a hang can be observed (and stopped)."""
    data = changed(small_data, ("problems", 0, field), "BOMB")
    text = encode(data, "yaml").decode("utf-8").replace("BOMB", value, 1)
    head, _, tail = text.partition("campaign:")
    path = write(tmp_path, "bomb.yaml", head + _bomb() + "\ncampaign:" + tail)
    assert path.stat().st_size < 5000
    result = subprocess.run([sys.executable, "-m", "supervisio.cli", "check", str(path)],
                            capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{path}:" in result.stderr and "alias bomb" in result.stderr
    assert len(result.stderr) < 400


def test_aliases_a_person_writes_are_allowed(capsys, tmp_path, small_data):
    text = encode(small_data, "yaml").decode("utf-8")
    text = text.replace("participants:\n  - 赵立群\n  - 孙晓梅", "participants: &team\n  - 赵立群\n  - 孙晓梅", 1)
    text = text.replace("method: 查阅资料\n", "method: 查阅资料\n  participants: *team\n", 1)
    assert "&team" in text and "*team" in text
    status, _out, err = check(capsys, write(tmp_path, "c.yaml", text))
    assert status == 0, err


def test_a_duplicate_yaml_key_is_located_by_line(capsys, tmp_path, small_data):
    text = encode(small_data, "yaml").decode("utf-8")
    text = text.replace("  year: 2023\n", "  year: 2023\n  year: 2024\n", 1)
    line = text.splitlines().index("  year: 2024") + 1
    check_refused(capsys, write(tmp_path, "c.yaml", text),
            f":{line}:3: not valid YAML: the key 'year' is written twice (first on line {line - 1})")


def test_a_merge_key_may_override_without_being_a_duplicate(capsys, tmp_path, small_data):
    text = encode(small_data, "yaml").decode("utf-8")
    merged = "meetings:\n- &m {group: 1, kind: 周一例会, on: 2023-03-06}\n- <<: *m\n  on: 2023-03-13\n  group: 1\n"
    text = text.replace("meetings:\n- group: 1\n", merged, 1)
    text = text.replace("  kind: 周一例会\n  'on': 2023-03-06\n", "", 1)
    status, _out, err = check(capsys, write(tmp_path, "c.yaml", text))
    assert status == 0, err


# -- values too long to echo --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("problems", 0, "term"), "problems[0].term: 'xxxxxxxx"),
        (("problems", 0, "unit"), "problems[0].unit: unknown unit 'xxxx"),
        (("campaign", "start"), "campaign.start: expected a date like 2022-04-15, not the text 'xxxx"),
        (("problems", 0, "history", 0, "to"), "problems[0].history[0].to: 'xxx"),
    ],
)
def test_a_bad_value_is_never_echoed_whole(capsys, tmp_path, small_data, path, expected):
    err = check_refused(capsys, written(tmp_path, changed(small_data, path, "x" * 1_000_000), "json"), expected)
    assert "(1,000,000 characters)" in err
    assert len(err) < 400


def test_an_unknown_key_a_megabyte_long_is_cut(capsys, tmp_path, small_data):
    data = changed(small_data, ("campaign", "k" * 1_000_000), 1)
    err = check_refused(capsys, written(tmp_path, data, "json"), "campaign.kkkk", "unknown key")
    assert len(err) < 400


# -- control characters -------------------------------------------------------------------------

REFUSED = ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85", "\x9f", "\ufffe", "\uffff"]


@pytest.mark.parametrize("char", REFUSED, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("fmt", ["json", "toml", "yaml"])
def test_control_characters_are_refused_with_the_path(capsys, tmp_path, small_data, fmt, char):
    data = changed(small_data, ("problems", 1, "measures", 0), f"倒排{char}工期")
    check_refused(capsys, written(tmp_path, data, fmt),
            "problems[1].measures[0]: contains the", f"U+{ord(char):04X} at position 3")


@pytest.mark.parametrize(
    "path",
    [("campaign", "name"), ("groups", 0, "units", 0, "leader"), ("problems", 0, "history", 1, "by"),
     ("activities", 0, "participants", 1), ("briefings", 0, "title")],
)
def test_any_text_field_is_checked(capsys, tmp_path, small_data, path):
    data = changed(small_data, path, "正文\x07")
    dotted = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path).lstrip(".")
    check_refused(capsys, written(tmp_path, data, "json"), f"{dotted}: contains the control character U+0007")


def test_a_lone_surrogate_is_refused(capsys, tmp_path, small_data):
    text = encode(small_data, "json").decode("utf-8").replace("高标准农田", "高标准\\ud800农田", 1)
    check_refused(capsys, write(tmp_path, "c.json", text),
            "problems[0].description: contains a lone surrogate U+D800 at position 4")


@pytest.mark.parametrize("char", ["\x7f", "\x85", "\ufffe"], ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_raw_control_characters_are_refused_too(capsys, tmp_path, small_data, fmt, char):
    """Written as themselves, not escaped: TOML's strings may hold C1 and U+FFFE, JSON's DEL too."""
    if fmt == "toml" and char == "\x7f":
        pytest.skip("TOML refuses a raw DEL itself (a syntax error, located by tomllib)")
    text = encode(small_data, fmt).decode("utf-8").replace("高标准农田", f"高标准{char}农田", 1)
    check_refused(capsys, write(tmp_path, f"c.{fmt}", text), "problems[0].description: contains the")


def test_tabs_newlines_and_any_other_character_load(capsys, tmp_path, small_data):
    text = "第一行\n\t第二行 · © 😀 \u3000 \u00a0 \u2028 end"
    data = changed(small_data, ("problems", 0, "description"), text)
    for fmt in ("json", "toml", "yaml"):
        path = written(tmp_path, data, fmt)
        assert load(path).problems[0].description == text
        assert check(capsys, path)[0] == 0


# -- every error at once ------------------------------------------------------------------------


def test_a_type_error_does_not_hide_the_cross_record_errors(capsys, tmp_path, small_data):
    data = changed(small_data, ("problems", 0, "term"), "中期")  # problems[0] cannot be structured
    data = changed(data, ("problems", 2, "unit"), "青山县教育厅")  # an unknown unit after it
    data = changed(data, ("problems", 1, "number"), "Q-003")  # a duplicate number after it
    data = changed(data, ("meetings", 0, "group"), 9)
    err = check_refused(capsys, written(tmp_path, data, "json"), "4 errors in")
    lines = err.splitlines()[1:]
    # the structure error first, then the cross-record errors, each at the file's own index
    assert [line.split(": ")[1] for line in lines] == [
        "problems[0].term", "problems[2].number", "problems[2].unit", "meetings[0].group"
    ]


def test_records_that_failed_are_not_reported_unknown(capsys, tmp_path, small_data):
    """A group that cannot be read still names its units: the records of those units are not "unknown"."""
    data = changed(small_data, ("groups", 0, "members", 0, "role"), "组员长")
    err = check_refused(capsys, written(tmp_path, data, "json"), "groups[0].members[0].role")
    assert "unknown unit" not in err
    assert err.count("\n") == 1


def test_a_file_broken_everywhere_shows_fifty_errors_and_counts_the_rest(capsys, tmp_path, small_data):
    data = copy.deepcopy(small_data)
    data["meetings"] = [{"group": 9, "kind": "周一例会", "on": "2023-03-06"} for _ in range(120)]
    err = check_refused(capsys, written(tmp_path, data, "json"), "120 errors in", "and 70 more")
    assert len(err.splitlines()) == 52


def test_campaign_errors_do_not_hide_the_records_errors(capsys, tmp_path, small_data):
    data = changed(small_data, ("campaign", "year"), "2023")
    data = changed(data, ("problems", 1, "number"), "Q-001")
    check_refused(capsys, written(tmp_path, data, "json"), "2 errors in", "campaign.year: expected a whole number",
            "problems[1].number: duplicate problem number 'Q-001'")


# -- the ends of the calendar; records after the day looked from --------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize(
    "args",
    [["check"], ["facts"], ["facts", "--json"], ["render", "--kind", "opinion", "--unit", "市发改委"],
     ["render", "--kind", "rectification", "--unit", "市发改委"], ["render", "--kind", "report"],
     ["render", "--kind", "ledger"]],
)
def test_the_ends_of_the_calendar(capsys, tmp_path, day, args):
    if args[0] == "render":
        args = [*args, "-o", str(tmp_path / "out.md")]
    status = main([*args, "--as-of", day])
    _out, err = capsys.readouterr()
    assert status == 0, err
    assert "Traceback" not in err


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_a_campaign_at_an_end_of_the_calendar(capsys, tmp_path, year):
    """The weekly mechanism stepped a week past 9999-12-31 (OverflowError) in check, facts and render."""
    text = SMALL_TOML.replace("2023-", f"{year}-").replace("year = 2023", f"year = {int(year)}")
    path = write(tmp_path, "c.toml", text)
    for command, args in [("check", ()), ("check", ("--as-of", "9999-12-31")), ("facts", ("--group", "1")),
                          ("render", ("--kind", "report", "--group", "1", "-o", str(tmp_path / "r.md")))]:
        status, _out, err = check(capsys, path, *args, command=command)
        assert status == 0, err


def test_a_campaign_of_millennia_is_refused(capsys, tmp_path):
    """0001-01-01 to 9999-12-31 would expect 1.2 million weekly meetings (a check of 40 s, printing them)."""
    text = SMALL_TOML.replace("start = 2023-03-01\n", "start = 0001-01-01\n", 1)
    text = text.replace("end = 2023-11-30\n\n", "end = 9999-12-31\n\n", 1)
    check_refused(capsys, write(tmp_path, "c.toml", text), "campaign.end: the campaign lasts more than 10 years")


def test_check_says_how_many_entries_come_after_the_day(capsys):
    status = main(["check", "--as-of", "2022-03-01"])
    out, _ = capsys.readouterr()
    assert status == 0
    assert "条记录晚于2022年3月1日，未计入（用 --as-of 查看其后的情况）。" in out
    main(["check", "--as-of", "2023-12-31"])
    assert "未计入" not in capsys.readouterr().out


# -- encodings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32"),
     ("utf-32-le", "UTF-32")],
)
def test_utf16_and_utf32_are_named(capsys, tmp_path, encoding, name):
    path = write(tmp_path, "c.toml", SMALL_TOML.encode(encoding))
    err = check_refused(capsys, path, f"{path}: this file is {name} text: save it as UTF-8")
    assert "binary" not in err


def test_a_binary_file_is_still_called_binary(capsys, tmp_path):
    path = write(tmp_path, "c.json", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)))
    check_refused(capsys, path, "this is a binary file")


def test_json_syntax_errors_keep_their_position(capsys, tmp_path):
    check_refused(capsys, write(tmp_path, "c.json", '{"campaign": }'), "c.json:1:14: not valid JSON")
    assert json.loads("{}") == {}
