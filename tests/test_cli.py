"""The command line, run as a user runs it: in a subprocess, reading stdout, stderr and the exit status."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from support import FIXTURES


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "supervisio.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=60,
    )


def test_version():
    from supervisio import __version__

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"supervisio {__version__}"


def test_check_the_demo():
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("the embedded demo: valid (76 problems, 1 group)")
    assert "截至2022年4月15日" in result.stdout
    assert "[问题超期]" in result.stdout and "[规定动作未完成]" in result.stdout
    assert "[例会缺失] 周中交流 缺1次（当周周一：03-14）" in result.stdout


def test_check_a_hand_written_file():
    result = run("check", str(FIXTURES / "small.toml"), "--as-of", "2023-06-10")
    assert result.returncode == 0, result.stderr
    assert "Q-003 超期31天（时限2023-05-10）" in result.stdout
    strict = run("check", str(FIXTURES / "small.toml"), "--as-of", "2023-06-10", "--strict")
    assert strict.returncode == 1


def test_facts_of_a_hand_written_file():
    result = run("facts", str(FIXTURES / "small.toml"), "--as-of", "2023-06-10", "--group", "1")
    assert result.returncode == 0, result.stderr
    assert "问题：共2条（短期1条、长期1条）；已解决1条（立行立改0条），整改率50.00%" in result.stdout


def test_facts_json():
    result = run("facts", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["as_of"] == "2022-04-15"
    assert data["group"]["numeral"] == "七"
    assert data["problems"]["total"] == 68


def test_facts_of_one_unit():
    result = run("facts", "--unit", "临江市总工会", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["unit"] == "临江市总工会"
    assert [a["text"] for a in data["achievements"]] == ["750个", "550支", "8万余名"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "missing.toml"], "supervisio: error: missing.toml: no such file\n"),
        (["facts", "--group", "9"], "supervisio: error: --group 9: unknown group 9; the groups are 7\n"),
        (
            ["facts", "--unit", "不存在的局"],
            "supervisio: error: --unit 不存在的局: unknown unit '不存在的局'; the units are "
            "临江市发展和改革委员会（市发改委）、共青团临江市委员会（团市委）、临江市总工会（市总工会）、"
            "临江市妇女联合会（市妇联）、临江市红十字会（市红十字会）、临江市行政审批局（市行政审批局）、"
            "临江市科学技术协会（市科协）、临江市工商业联合会（市工商联）、临江市残疾人联合会（市残联）、"
            "临江市应急管理局（市应急局）\n",
        ),
    ],
)
def test_bad_input_is_one_line_without_traceback(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_a_broken_file_lists_every_error(tmp_path):
    text = (FIXTURES / "small.toml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace("year = 2023", 'year = "二〇二三"').replace(', leader = "褚明辉"', ""), "utf-8")
    result = run("check", str(broken))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{broken}: campaign.year: expected a whole number" in result.stderr
    assert f"{broken}: groups[1].units[0].leader: required" in result.stderr


def test_a_bad_date_is_a_usage_error():
    result = run("facts", "--as-of", "2022/04/15")
    assert result.returncode == 2
    assert "expected a date like 2022-04-15" in result.stderr
    assert "Traceback" not in result.stderr


def test_output_cut_short_by_the_reader_is_not_an_error(small, tmp_path):
    """``supervisio check | head -1`` must not end in a BrokenPipeError traceback."""
    import attrs

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
    assert "Traceback" not in stderr
