"""``supervisio init``: a new campaign file from the skeleton or the demo, never overwriting one.

The command runs in-process through :func:`supervisio.cli.main`, its output read with capsys. Every test
also looks at the folder afterwards: ``init`` writes through a temporary file, which must never be left
behind, whether the command succeeded or failed.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import attrs
import pytest

import supervisio
from supervisio.cli import main
from supervisio.demo import demo_bytes, load_demo
from supervisio.domain.integrity import check_integrity
from supervisio.domain.supervision import Supervision
from supervisio.storage import atomic, skeleton_bytes

SUFFIXES = [".toml", ".yaml", ".yml", ".json"]
RECORD_LISTS = [field.name for field in attrs.fields(Supervision) if field.name not in ("campaign", "groups")]


def init(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["init", *args])
    out, err = capsys.readouterr()
    return status, out, err


def uncommented(text: str) -> str:
    """The skeleton with its example records switched on, as a secretary does by deleting the ``# ``.

    The skeletons' convention: a commented example line is ``# `` followed by code, which is ASCII; an
    explanation is ``# `` followed by Chinese. Deleting ``# `` keeps the indentation before it (YAML).
    """
    return "".join(re.sub(r"^(\s*)# (?=[ -~])", r"\1", line) for line in text.splitlines(keepends=True))


def shipped(fmt: str) -> str:
    return skeleton_bytes(fmt).decode("utf-8")  # type: ignore[arg-type]


# The files written


@pytest.mark.parametrize("demo", [False, True], ids=["skeleton", "demo"])
@pytest.mark.parametrize("suffix", SUFFIXES)
def test_every_format_loads_and_checks(tmp_path, capsys, suffix, demo):
    path = tmp_path / f"campaign{suffix}"
    status, out, err = init(capsys, str(path), *(["--demo"] if demo else []))
    assert status == 0, err
    assert err == ""
    assert out.count("\n") == 1 and out.startswith(f"wrote {path}: ")
    assert f"supervisio check {path}" in out
    supervision = supervisio.load(path)
    assert supervision.groups
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.startswith(f"{path}: valid (")
    assert os.listdir(tmp_path) == [path.name]


def test_the_file_gets_the_usual_permissions(tmp_path, capsys):
    """The temporary file is created private (0600); the campaign file must not stay so."""
    path = tmp_path / "campaign.toml"
    assert init(capsys, str(path))[0] == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_the_demo_as_toml_is_the_shipped_file(tmp_path, capsys):
    path = tmp_path / "demo.toml"
    assert init(capsys, str(path), "--demo")[0] == 0
    assert path.read_bytes() == demo_bytes()


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
def test_the_demo_in_other_formats_holds_the_same_records(tmp_path, capsys, suffix):
    path = tmp_path / f"demo{suffix}"
    assert init(capsys, str(path), "--demo")[0] == 0
    assert supervisio.load(path) == load_demo()


# The skeleton


def test_the_toml_and_yaml_skeletons_hold_the_same_campaign(tmp_path, capsys):
    from_toml = supervisio.loads(skeleton_bytes("toml"), "toml", "skeleton.toml")
    from_yaml = supervisio.loads(skeleton_bytes("yaml"), "yaml", "skeleton.yaml")
    from_json = supervisio.loads(skeleton_bytes("json"), "json", "skeleton.json")
    assert from_toml == from_yaml == from_json
    assert check_integrity(from_toml) == []
    for fmt in ("toml", "yaml"):
        path = tmp_path / f"skeleton.{fmt}"
        path.write_bytes(skeleton_bytes(fmt))  # type: ignore[arg-type]
        assert main(["check", str(path)]) == 0
        assert capsys.readouterr().out.startswith(f"{path}: valid (0 problems, 1 group)")


def test_the_skeleton_is_a_campaign_to_fill_in():
    skeleton = supervisio.loads(skeleton_bytes("toml"), "toml", "skeleton.toml")
    campaign = skeleton.campaign
    assert [phase.name for phase in campaign.phases][:3] == ["大动员", "大学习", "大调研"]
    assert all(len(phase.requirements) >= 2 for phase in campaign.phases)
    assert campaign.settings.categories
    [group] = skeleton.groups
    assert group.title == "第一巡回督导组"
    assert {member.role.value for member in group.members} == {"组长", "联络员"}
    assert 1 <= len(group.units) <= 2
    assert all(not getattr(skeleton, name) for name in RECORD_LISTS)


def test_the_skeleton_shows_the_default_settings():
    """A secretary sees the settings there are to change, with their defaults, in every format."""
    from supervisio.domain.campaign import DocumentSettings, Settings

    settings = supervisio.loads(skeleton_bytes("toml"), "toml", "skeleton.toml").campaign.settings
    assert attrs.evolve(settings, categories=()) == Settings()
    assert settings.documents == DocumentSettings()
    for fmt in ("toml", "yaml", "json"):
        text = shipped(fmt)
        for key in ("yellow_days", "problem_numbers", "categories", "weekly_meetings", "profile", "sealed"):
            assert key in text, f"{key} not in the {fmt} skeleton"


@pytest.mark.parametrize("fmt", ["toml", "yaml"])
def test_the_skeleton_explains_itself_in_chinese(fmt):
    comments = [line for line in shipped(fmt).splitlines() if line.lstrip().startswith("#")]
    assert len(comments) > 100
    assert "删去" in shipped(fmt) and "supervisio check" in shipped(fmt)


def test_the_json_skeleton_is_the_toml_one_without_comments():
    import json
    import tomllib

    data = json.loads(skeleton_bytes("json"))
    expected = tomllib.loads(shipped("toml"))
    assert data["campaign"]["settings"] == expected["campaign"]["settings"]
    assert data["groups"][0]["units"][0]["name"] == expected["groups"][0]["units"][0]["name"]
    assert list(data) == list(expected)


def test_every_record_list_has_an_example_that_works():
    """Switching the commented examples on gives a valid file with a record of every kind, in both formats."""
    from_toml = supervisio.loads(uncommented(shipped("toml")), "toml", "examples.toml")
    from_yaml = supervisio.loads(uncommented(shipped("yaml")), "yaml", "examples.yaml")
    assert from_toml == from_yaml
    assert [name for name in RECORD_LISTS if not getattr(from_toml, name)] == []
    [problem, *_] = from_toml.problems
    assert problem.history and problem.progress and problem.extensions
    assert problem.closed_on is not None


def test_an_unknown_skeleton_format():
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        skeleton_bytes("xml")  # type: ignore[arg-type]


# Refusals: exit status 2, one line naming the path, no traceback, nothing left behind


def assert_refused(status: int, out: str, err: str, path: Path, message: str) -> None:
    assert status == 2
    assert out == ""
    assert err == f"supervisio: error: {path}: {message}\n"
    assert "Traceback" not in err


@pytest.mark.parametrize("demo", [False, True], ids=["skeleton", "demo"])
def test_an_existing_file_is_never_overwritten(tmp_path, capsys, demo):
    path = tmp_path / "campaign.toml"
    path.write_bytes(b"# months of records\n")
    status, out, err = init(capsys, str(path), *(["--demo"] if demo else []))
    assert_refused(status, out, err, path, "already exists; supervisio init never overwrites a file: choose another name")
    assert path.read_bytes() == b"# months of records\n"
    assert os.listdir(tmp_path) == ["campaign.toml"]


def test_a_dangling_symlink_is_not_followed(tmp_path, capsys):
    path = tmp_path / "campaign.toml"
    path.symlink_to(tmp_path / "elsewhere.toml")
    status, out, err = init(capsys, str(path))
    assert_refused(status, out, err, path, "already exists; supervisio init never overwrites a file: choose another name")
    assert sorted(os.listdir(tmp_path)) == ["campaign.toml"]


def test_a_folder_in_the_way(tmp_path, capsys):
    path = tmp_path / "campaign.toml"
    path.mkdir()
    status, out, err = init(capsys, str(path))
    assert_refused(status, out, err, path, "is a folder; give the name of the campaign file to create")
    assert os.listdir(tmp_path) == ["campaign.toml"] and os.listdir(path) == []


def test_a_missing_folder(tmp_path, capsys):
    path = tmp_path / "nowhere" / "campaign.toml"
    status, out, err = init(capsys, str(path))
    assert_refused(status, out, err, path, f"cannot be created: the folder {path.parent} does not exist")
    assert os.listdir(tmp_path) == []


def test_a_file_where_the_folder_should_be(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    path = tmp_path / "notes.txt" / "sub" / "campaign.toml"
    status, out, err = init(capsys, str(path))
    assert_refused(status, out, err, path, f"cannot be created: {tmp_path / 'notes.txt'} is a file, not a folder")
    assert os.listdir(tmp_path) == ["notes.txt"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user")
def test_a_read_only_folder(tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        path = folder / "campaign.toml"
        status, out, err = init(capsys, str(path))
        assert_refused(status, out, err, path, f"cannot be created: no permission to write in the folder {folder}")
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o755)


def test_a_folder_without_permission(tmp_path, capsys, monkeypatch):
    """The read-only case for any user (root writes anywhere): the folder refuses the temporary file."""
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    path = tmp_path / "campaign.toml"
    status, out, err = init(capsys, str(path))
    assert_refused(status, out, err, path, f"cannot be created: no permission to write in the folder {tmp_path}")
    assert os.listdir(tmp_path) == []


def test_a_disk_that_fills_up(tmp_path, capsys, monkeypatch):
    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    path = tmp_path / "campaign.yaml"
    status, out, err = init(capsys, str(path))
    assert_refused(status, out, err, path, "cannot be created: No space left on device")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("name", ["campaign.txt", "campaign.toml.bak"])
def test_an_unknown_suffix(tmp_path, capsys, name):
    path = tmp_path / name
    status, out, err = init(capsys, str(path))
    assert_refused(status, out, err, path, "cannot tell the format from the name: use .toml, .json, .yaml or .yml")
    assert os.listdir(tmp_path) == []


# write_new itself


def test_write_new_wins_or_loses_a_race_whole(tmp_path, monkeypatch):
    """Another program creates the file between our temporary file and the link: its file stays."""
    path = tmp_path / "campaign.toml"
    real_link = os.link

    def someone_else_first(source, target):
        Path(target).write_bytes(b"theirs")
        real_link(source, target)

    monkeypatch.setattr(atomic.os, "link", someone_else_first)
    with pytest.raises(FileExistsError):
        atomic.write_new(path, b"ours")
    assert path.read_bytes() == b"theirs"
    assert os.listdir(tmp_path) == ["campaign.toml"]


@pytest.mark.parametrize("missing", ["errno", "attribute"])
def test_write_new_without_hard_links(tmp_path, monkeypatch, missing):
    """On FAT, exFAT and some network shares ``link`` fails: the file is then created exclusively."""
    if missing == "attribute":
        monkeypatch.delattr(atomic.os, "link")
    else:
        def no_links(source, target):
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(atomic.os, "link", no_links)
    path = tmp_path / "campaign.toml"
    atomic.write_new(path, b"ours")
    assert path.read_bytes() == b"ours"
    assert os.listdir(tmp_path) == ["campaign.toml"]
    with pytest.raises(FileExistsError):
        atomic.write_new(path, b"again")
    assert path.read_bytes() == b"ours"
    assert os.listdir(tmp_path) == ["campaign.toml"]


def test_write_new_without_hard_links_removes_a_half_written_file(tmp_path, monkeypatch):
    def no_links(source, target):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    calls = []

    def fsync_fails_the_second_time(descriptor):
        calls.append(descriptor)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "link", no_links)
    monkeypatch.setattr(atomic.os, "fsync", fsync_fails_the_second_time)
    with pytest.raises(OSError, match="Input/output error"):
        atomic.write_new(tmp_path / "campaign.toml", b"ours")
    assert os.listdir(tmp_path) == []


def test_write_new_passes_on_other_link_errors(tmp_path, monkeypatch):
    def no_space(source, target):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "link", no_space)
    with pytest.raises(OSError, match="No space left"):
        atomic.write_new(tmp_path / "campaign.toml", b"ours")
    assert os.listdir(tmp_path) == []


def test_init_is_listed_in_the_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "init" in capsys.readouterr().out


def test_a_folder_that_vanishes_is_named_as_given(tmp_path, capsys, monkeypatch):
    """The OS says "not a folder" but nothing on the path is a file (it changed meanwhile): the message
    names the folder given."""
    def not_a_folder(path, data):
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory")

    monkeypatch.setattr(atomic, "write_new", not_a_folder)
    path = tmp_path / "sub" / "campaign.toml"
    status, out, err = init(capsys, str(path))
    assert_refused(status, out, err, path, f"cannot be created: {path.parent} is a file, not a folder")
    assert os.listdir(tmp_path) == []


def test_a_name_without_a_suffix_is_a_campaign_folder(tmp_path, capsys, monkeypatch):
    """`supervisio init city --demo && supervisio check city && supervisio facts city --json`."""
    import json

    from supervisio.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["init", "city", "--demo"]) == 0
    assert (tmp_path / "city" / "campaign.toml").is_file() and len(list((tmp_path / "city").rglob("*.toml"))) == 4
    capsys.readouterr()
    assert main(["check", "city", "--as-of", "2022-04-15"]) == 0
    assert main(["facts", "city", "--as-of", "2022-04-15", "--json"]) == 0
    capsys.readouterr()
    assert main(["facts", "city", "--as-of", "2022-04-15", "--json"]) == 0
    city = json.loads(capsys.readouterr().out)
    groups = []
    for number in (3, 5, 7):
        assert main(["facts", "city", "--as-of", "2022-04-15", "--json", "--group", str(number)]) == 0
        groups.append(json.loads(capsys.readouterr().out))
    assert city["problems"]["total"] == sum(g["problems"]["total"] for g in groups) > 100
    assert main(["init", "blank"]) == 0 and (tmp_path / "blank" / "campaign.toml").is_file()
