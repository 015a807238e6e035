"""The command line: every command and every way it exits, reading stdout, stderr and the exit status.

The commands run in-process (:func:`support.run_cli`), so that coverage sees them (``python -m
supervisio.cli`` too, through runpy). Two tests at the end run a real process, for what only a process
shows: the console script pip installs runs ``main`` and exits with its status, and a reader that leaves
early (``| head``) gets no traceback from Python's own flush at exit.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import attrs
import pytest

from supervisio import cli as cli_package
from support import FIXTURES, run_cli

SMALL = FIXTURES / "small.toml"
MARKDOWN = "---\nkind: prompt\ntitle: 关于做好大调研阶段工作的提示\n---\n\n# 关于做好大调研阶段工作的提示\n\n## 调研课题\n\n每名班子成员确定1个调研课题。\n"


def check_refused(result, message: str, *, exact: bool = False) -> None:
    """Exit status 2, nothing on stdout, one ``supervisio: error:`` line on stderr, no traceback."""
    assert result.status == 2, result
    assert result.out == ""
    assert "Traceback" not in result.err
    if exact:
        assert result.err == f"supervisio: error: {message}\n"
    else:
        assert result.err.startswith("supervisio: error: "), result.err
        assert message in result.err, result.err


# --------------------------------------------------------------------------------- argparse's exits


def test_version():
    from supervisio import __version__

    result = run_cli("--version")
    assert result.status == 0
    assert result.out.strip() == f"supervisio {__version__}"


def test_help_lists_every_command():
    result = run_cli("--help")
    assert result.status == 0
    for command in ("init", "check", "facts", "demo", "render", "convert", "plugins", "ledger"):
        assert command in result.out


def test_no_command_is_a_usage_error():
    result = run_cli()
    assert result.status == 2
    assert "the following arguments are required: COMMAND" in result.err
    assert "Traceback" not in result.err


def test_a_bad_date_is_a_usage_error():
    result = run_cli("facts", "--as-of", "2022/04/15")
    assert result.status == 2
    assert "expected a date like 2022-04-15, not '2022/04/15'" in result.err
    assert "Traceback" not in result.err


# ------------------------------------------------------------------------------------------- check


def test_check_the_demo():
    result = run_cli("check")
    assert result.status == 0, result.err
    assert result.out.startswith("the embedded demo: valid (133 problems, 3 groups)")
    assert "截至2022年4月15日" in result.out
    assert "[问题超期]" in result.out and "[规定动作未完成]" in result.out
    assert "[例会缺失] 周中交流 缺1次（当周周一：03-14）" in result.out


def test_check_a_hand_written_file():
    result = run_cli("check", SMALL, "--as-of", "2023-06-10")
    assert result.status == 0, result.err
    assert result.out.startswith(f"{SMALL}: valid (3 problems, 2 groups)")
    assert "Q-003 超期31天（时限2023-05-10）" in result.out
    strict = run_cli("check", SMALL, "--as-of", "2023-06-10", "--strict")
    assert (strict.status, strict.out) == (1, result.out)


def test_check_strict_without_findings_is_ok():
    """--strict fails only when there is something to act on: before anything is due there is nothing."""
    result = run_cli("check", SMALL, "--as-of", "2023-03-01", "--group", "2", "--strict")
    assert result.status == 0, result.out + result.err
    assert "发现0项需跟进事项" in result.out


def test_check_says_how_many_records_it_did_not_count():
    """Looking from a day inside the campaign, the records dated after it are counted, not read."""
    result = run_cli("check", "--as-of", "2022-03-01")
    assert result.status == 0, result.err
    assert "条记录晚于2022年3月1日，未计入（用 --as-of 查看其后的情况）" in result.out
    last = run_cli("check", "--as-of", "2022-12-31")
    assert "未计入" not in last.out


def test_check_without_as_of_looks_from_today_held_inside_the_campaign():
    """A campaign long over is looked at from its last day, so nothing is left out."""
    result = run_cli("check", SMALL)
    assert result.status == 0, result.err
    assert result.out.splitlines()[1].startswith("截至2023年11月30日，")  # the campaign's last day
    assert "未计入" not in result.out


# ------------------------------------------------------------------------------------------- facts


def test_facts_of_a_hand_written_file():
    result = run_cli("facts", SMALL, "--as-of", "2023-06-10", "--group", "1")
    assert result.status == 0, result.err
    assert "问题：共2条（短期1条、长期1条）；已解决1条（立行立改0条），整改率50.00%" in result.out
    assert "督导组：第一巡回督导组" in result.out


def test_facts_text_of_the_demo_names_every_section():
    result = run_cli("facts", "--group", "7")  # the demo is a city: its group 7 is the seed's report
    assert result.status == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].endswith("· 截至2022年4月15日")
    for heading in ("阶段：", "督导组：", "问题：共68条", "督导活动：", "例会：", "文稿：", "自选动作：",
                    "规定动作完成情况：", "成效：", "典型："):
        assert any(line.startswith(heading) for line in lines), heading


def test_facts_of_a_campaign_with_several_groups_speaks_for_the_campaign():
    result = run_cli("facts", SMALL, "--as-of", "2023-06-10")
    assert result.status == 0, result.err
    assert "问题：共3条" in result.out
    assert "督导组：" not in result.out


def test_facts_before_the_campaign_has_no_phase_and_no_problems():
    result = run_cli("facts", SMALL, "--as-of", "2022-01-01", "--group", "2")
    assert result.status == 0, result.err
    assert "阶段：—（已完成：无；" in result.out
    assert "问题：共0条（无）；已解决0条（立行立改0条），整改率—" in result.out


def test_facts_say_which_units_may_pass_the_phase_under_way():
    result = run_cli("facts", SMALL, "--as-of", "2023-03-15", "--group", "1")
    assert result.status == 0, result.err
    lines = result.out.splitlines()
    assert lines[1] == "阶段：动员部署（已完成：无；下一阶段：学习提升）"
    [passing] = [line for line in lines if "可转段" in line]
    assert passing.startswith("  青山县农业农村局：完成1项、豁免0项、未到期0项、未完成0项，完成率100%；")


def test_facts_say_which_phases_a_unit_passed_or_failed():
    result = run_cli("facts", SMALL, "--as-of", "2023-06-10", "--group", "1")
    assert result.status == 0, result.err
    assert "  青山县农业农村局：" in result.out
    assert "阶段未达标" in result.out


def test_may_pass_without_a_finished_phase_reads_without_a_stray_comma():
    result = run_cli("facts", SMALL, "--as-of", "2023-03-15", "--group", "1")
    assert result.status == 0 and "；，" not in result.out and "，可转段" not in result.out
    assert "可转段" in result.out


def test_facts_json():
    result = run_cli("facts", "--json", "--group", "7")
    assert result.status == 0, result.err
    data = json.loads(result.out)
    assert data["as_of"] == "2022-04-15"
    assert data["group"]["numeral"] == "七"
    assert data["problems"]["total"] == 68


def test_facts_of_one_unit():
    result = run_cli("facts", "--unit", "临江市总工会", "--json")
    assert result.status == 0, result.err
    data = json.loads(result.out)
    assert data["unit"] == "临江市总工会"
    assert [a["text"] for a in data["achievements"]] == ["750个", "550支", "8万余名"]


def test_facts_of_one_unit_by_its_short_name_as_text():
    result = run_cli("facts", "--unit", "市总工会")
    assert result.status == 0, result.err
    assert result.out.splitlines()[0].startswith("作风能力提升年 · 第七巡回督导组 · 临江市总工会 · 截至")


# ------------------------------------------------------------------------------ bad input, exit 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "missing.toml"], "missing.toml: no such file"),
        (["facts", "--group", "9"], "--group 9: unknown group 9; the groups are 3、5、7"),
        (["check", "--group", "9"], "--group 9: unknown group 9; the groups are 3、5、7"),
        (
            ["facts", "--unit", "不存在的局"],
            "--unit 不存在的局: unknown unit '不存在的局'; the units are "
            "临江市教育局（市教育局）、临江市公安局（市公安局）、临江市民政局（市民政局）、临江市财政局（市财政局）、"
            "临江市人力资源和社会保障局（市人社局）、临江市住房和城乡建设局（市住建局）、"
            "临江市交通运输局（市交通运输局）、临江市水利局（市水利局）、临江市农业农村局（市农业农村局）、"
            "临江市商务局（市商务局）、临江市文化广电和旅游局（市文旅局）、临江市卫生健康委员会（市卫健委）、"
            "临江市市场监督管理局（市市场监管局）、临江市城市管理局（市城管局）、临江市医疗保障局（市医保局）、"
            "临江市自然资源和规划局（市自然资源规划局）、临江市发展和改革委员会（市发改委）、"
            "共青团临江市委员会（团市委）、临江市总工会（市总工会）、临江市妇女联合会（市妇联） … (26 in all)",
        ),
    ],
)
def test_bad_input_is_one_line_without_traceback(args, message):
    check_refused(run_cli(*args), message, exact=True)


def test_a_broken_file_lists_every_error(tmp_path):
    text = SMALL.read_text(encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace("year = 2023", 'year = "二〇二三"').replace(', leader = "褚明辉"', ""), "utf-8")
    result = run_cli("check", broken)
    assert result.status == 2
    assert result.out == ""
    assert "Traceback" not in result.err
    assert result.err.startswith(f"supervisio: error: 3 errors in {broken}:\n")
    assert f"{broken}: campaign.year: expected a whole number" in result.err
    assert f"{broken}: groups[1].units[0].leader: required" in result.err


# ------------------------------------------------------------------ Ctrl-C and a reader leaving early


def interrupted(args):
    raise KeyboardInterrupt


def pipe_closed(args):
    raise BrokenPipeError


def test_ctrl_c_is_one_line_and_status_130(monkeypatch, tmp_path):
    monkeypatch.setattr(cli_package.records, "run_check", interrupted)
    result = run_cli("check", SMALL)
    assert result.status == 130
    assert result.out == ""
    assert result.err == "supervisio: interrupted; nothing was left half written\n"


def test_a_reader_leaving_early_stops_quietly(monkeypatch, tmp_path):
    """``| head``: stdout is pointed at /dev/null (so that Python's own flush at exit cannot fail) and the
    command stops with status 1, saying nothing."""
    monkeypatch.setattr(cli_package.records, "run_check", pipe_closed)
    with open(tmp_path / "stdout", "w", encoding="utf-8") as stdout:
        monkeypatch.setattr(sys, "stdout", stdout)
        stdout.write("before")
        stdout.flush()
        status = cli_package.main(["check", str(SMALL)])
        stdout.write(" after")  # now written to /dev/null
        stdout.flush()
    assert status == 1
    assert (tmp_path / "stdout").read_text(encoding="utf-8") == "before"


# --------------------------------------------------------------------------- demo, render, convert


def test_demo_writes_every_kind_in_every_format(tmp_path):
    from supervisio.plugins import get_plugins

    plugins = get_plugins()
    result = run_cli("demo", "--out", tmp_path / "out", "--profile", "strict")
    assert result.status == 0, result.err
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert written == sorted(f"{kind.name}{renderer.suffix}" for kind in plugins.kinds for renderer in plugins.renderers)
    lines = result.out.splitlines()
    assert lines[-1].startswith(f"wrote {len(written)} files ({len(plugins.kinds)} kinds × ")
    assert any(line.startswith("opinion") and "（临江市" in line for line in lines)
    report = (tmp_path / "out" / "report.md").read_text("utf-8")
    assert "共计68条" in report and "第七巡回督导组" in report


def test_demo_writes_a_per_unit_kind_to_a_unit_without_notices_too(demo):
    """The demo addresses an opinion to the unit its records sent one to; without such a record, to the
    group's first unit."""
    from supervisio.cli.documents import _demo_unit

    assert _demo_unit(demo, "opinion", 7) in demo.group(7).unit_names
    assert _demo_unit(attrs.evolve(demo, notices=()), "opinion", 7) == demo.group(7).units[0].name


def test_demo_into_a_file_is_refused_before_any_work(tmp_path):
    path = tmp_path / "out"
    path.write_text("x", "utf-8")
    check_refused(run_cli("demo", "--out", path),
                  f"{path}: is a file, not a folder; give the folder to write the documents to", exact=True)
    assert path.read_text("utf-8") == "x"


def test_render_one_document_for_a_unit(tmp_path):
    out = tmp_path / "意见.docx"
    result = run_cli("render", "--kind", "opinion", "--unit", "市行政审批局", "-o", out)
    assert result.status == 0, result.err
    assert result.out == f"wrote {out} ({out.stat().st_size:,} bytes)\n"
    assert zipfile.is_zipfile(out)


def test_render_finds_the_group_of_the_unit(tmp_path):
    """In a campaign of several groups, --unit names the group; the ledger holds that group's problems."""
    out = tmp_path / "ledger.md"
    result = run_cli("render", SMALL, "--kind", "rectification", "--unit", "县教育局", "--as-of", "2023-06-10",
                     "-o", out)
    assert result.status == 0, result.err
    assert "青山县教育局" in out.read_text("utf-8")


def test_render_with_a_format_and_render_options(tmp_path):
    common = [SMALL, "--kind", "ledger", "--group", "1", "--as-of", "2023-06-10", "--format", "html"]
    word, strict = tmp_path / "word.out", tmp_path / "strict.out"
    result = run_cli("render", *common, "--profile", "word", "--no-sealed", "--bold-level3",
                     "--latin-font", "Times New Roman", "-o", word)
    assert result.status == 0, result.err
    assert run_cli("render", *common, "--profile", "strict", "-o", strict).status == 0
    html = word.read_text("utf-8")
    assert "高标准农田项目验收资料不全" in html and "校外培训监管投诉办理超时" not in html  # group 1 only
    assert "Times New Roman" in html and "Times New Roman" not in strict.read_text("utf-8")
    assert html != strict.read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([SMALL, "--kind", "report", "-o", "x.md"], "--group: the campaign has "),
        ([SMALL, "--kind", "report", "--group", "5", "-o", "x.md"], "--group 5: unknown group 5; the groups are 1、2"),
        (["--kind", "report", "--unit", "县教育局", "-o", "x.md"], "--unit 县教育局: unknown unit '县教育局'"),
        (["--kind", "minutes", "-o", "x.md"], "unknown document kind 'minutes'; available: briefing, "),
        (["--kind", "report", "-o", "x.pdf"], "no renderer writes '.pdf' files; suffixes: "),
        (["--kind", "report", "-o", "x.md", "--format", "pdf"], "unknown format 'pdf'; available: "),
        (["--kind", "opinion", "--group", "7", "-o", "x.md"],
         "document kind 'opinion' (督导意见) is written to one unit: name it"),
        (["--kind", "report", "--group", "7", "-o", "x.md", "--templates", "no-such-folder"],
         "no-such-folder: the template folder does not exist"),
        (["--kind", "report", "-o", "out/"], "out/: names a folder (it ends with /); give the name of the file"),
    ],
)
def test_bad_render_requests_are_located_errors_and_write_nothing(tmp_path, args, message):
    check_refused(run_cli("render", *args, cwd=tmp_path), message)
    assert list(tmp_path.iterdir()) == []


def test_render_to_a_folder_is_refused_before_the_campaign_is_read(tmp_path):
    check_refused(run_cli("render", tmp_path / "missing.toml", "--kind", "report", "-o", tmp_path),
                  f"{tmp_path}: is a folder; give the name of the file to write", exact=True)


def test_convert_markdown_to_every_format(tmp_path):
    source = tmp_path / "提示.md"
    source.write_text(MARKDOWN, "utf-8")
    for suffix in (".docx", ".html", ".md"):
        out = tmp_path / f"提示{suffix}"
        result = run_cli("convert", source, "-o", out, "--sealed")
        assert result.status == 0, result.err
        assert result.out == f"wrote {out} ({out.stat().st_size:,} bytes)\n"
    assert "## 一、调研课题" in (tmp_path / "提示.md").read_text("utf-8")
    explicit = tmp_path / "提示.txt"
    assert run_cli("convert", source, "-o", explicit, "--format", "md").status == 0
    assert explicit.read_text("utf-8") == (tmp_path / "提示.md").read_text("utf-8")


def test_convert_reports_the_markdown_line(tmp_path):
    source = tmp_path / "bad.md"
    source.write_text("# 标题\n\n正文\n\n![图](a.png)\n", "utf-8")
    check_refused(run_cli("convert", source, "-o", tmp_path / "bad.html"), f"{source}:5: ")
    assert not (tmp_path / "bad.html").exists()


def test_convert_a_missing_file(tmp_path):
    check_refused(run_cli("convert", tmp_path / "none.md", "-o", tmp_path / "out.md"),
                  f"{tmp_path / 'none.md'}: no such file", exact=True)
    assert list(tmp_path.iterdir()) == []


def test_convert_a_file_that_is_not_utf8(tmp_path):
    source = tmp_path / "gbk.md"
    source.write_bytes("# 标题\n\n正文\n".encode("gbk"))
    check_refused(run_cli("convert", source, "-o", tmp_path / "out.md"),
                  f"{source}: not UTF-8 text; save it as UTF-8", exact=True)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["gbk.md"]


def test_plugins_lists_plugins_formats_and_kinds():
    from supervisio.plugins import get_plugins

    result = run_cli("plugins")
    assert result.status == 0, result.err
    out = result.out
    assert out.startswith("plugins:\n")
    formats, kinds = out.split("formats:\n")[1].split("document kinds:\n")
    for name in get_plugins().renderers.names():
        assert any(line.split()[0] == name for line in formats.splitlines()), name
    assert any(line.split()[0] == "opinion" and "（按单位）" in line for line in kinds.splitlines())
    assert {line.split()[0] for line in kinds.splitlines()} == set(get_plugins().kinds.names())


def test_python_dash_m_runs_main_and_exits_with_its_status(monkeypatch, capsys):
    """``python -m supervisio.cli`` in-process (runpy), so that coverage sees __main__.py."""
    import runpy

    monkeypatch.setattr(sys, "argv", ["supervisio", "facts", "--group", "9"])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_module("supervisio.cli", run_name="__main__")
    assert exit_.value.code == 2
    assert capsys.readouterr().err == "supervisio: error: --group 9: unknown group 9; the groups are 3、5、7\n"


# -------------------------------------------------------------------------------- a real process


def test_the_console_script_is_installed_and_reports_without_a_traceback(tmp_path):
    """``supervisio`` (the entry point pip writes) runs ``main`` and exits with its status."""
    script = shutil.which("supervisio", path=str(Path(sys.executable).parent))
    assert script is not None, "the supervisio console script is not installed next to this Python"
    broken = tmp_path / "broken.toml"
    broken.write_text('[campaign]\nname = "x"\nyear = "二〇二三"\n', "utf-8")
    result = subprocess.run([script, "check", str(broken)], capture_output=True, text=True, encoding="utf-8",
                            timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("supervisio: error: ") and str(broken) in result.stderr
    assert "Traceback" not in result.stderr


def test_output_cut_short_by_the_reader_is_not_an_error(small, tmp_path):
    """``supervisio check | head -1`` must not end in a BrokenPipeError traceback."""
    from supervisio.storage import save

    overdue = small.problems[2]
    many = tuple(attrs.evolve(overdue, number=f"Q-{i:05d}") for i in range(3000))
    path = tmp_path / "many.toml"
    save(attrs.evolve(small, problems=many), path)  # ~300 KB of findings: more than a pipe holds
    with subprocess.Popen(
        [sys.executable, "-m", "supervisio.cli", "check", str(path), "--as-of", "2023-06-10"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout.readline().endswith(b"many.toml: valid (3000 problems, 2 groups)\n")
        process.stdout.close()
        stderr = process.stderr.read().decode()
        process.wait(timeout=60)
    assert process.returncode == 1
    assert "Traceback" not in stderr
