"""Outputs and templates under hostile conditions: each a located error (exit 2, no traceback) or handled.

Issue 8, part A. Output paths that cannot be written, templates that are not text, lead out of their folder,
exhaust memory or never end, a title too long for a docx property, and writes stopped by a signal or by
kill -9. Commands run in-process through ``supervisio.cli.main`` unless a signal must be observed, which
needs a process of its own.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from supervisio.cli import main
from supervisio.storage import atomic
from support import FIXTURES

SMALL = str(FIXTURES / "small.toml")
RENDER = ["render", SMALL, "--kind", "ledger", "--group", "1", "--as-of", "2023-06-10"]
ROOT = os.name == "posix" and os.geteuid() == 0


def cli(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def assert_refused(result: tuple[int, str, str], *fragments: str) -> str:
    status, out, err = result
    assert status == 2, (out, err)
    assert "Traceback" not in err
    assert err.startswith("supervisio: error: ")
    assert err.count("\n") == 1, err  # one line
    for fragment in fragments:
        assert fragment in err, err
    return err


def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


# Output paths


def test_output_that_is_a_folder(tmp_path, capsys):
    folder = tmp_path / "ledger.md"
    folder.mkdir()
    assert_refused(cli(capsys, *RENDER, "-o", str(folder)), f"{folder}: is a folder")
    assert os.listdir(folder) == []


def test_output_that_ends_with_a_slash(tmp_path, capsys):
    given = f"{tmp_path / 'out'}/"
    assert_refused(cli(capsys, *RENDER, "--format", "md", "-o", given), f"{given}: names a folder")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("below", ["ledger.md", "sub/ledger.md"])
def test_output_below_a_file(tmp_path, capsys, below):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep", encoding="utf-8")
    target = blocker / below
    assert_refused(cli(capsys, *RENDER, "-o", str(target)), f"{target}: cannot be written: {blocker} is a file")
    assert blocker.read_text(encoding="utf-8") == "keep"


def test_a_missing_folder_is_created(tmp_path, capsys):
    target = tmp_path / "a" / "b" / "ledger.md"
    status, _out, err = cli(capsys, *RENDER, "-o", str(target))
    assert status == 0, err
    assert target.read_text(encoding="utf-8").startswith("---")


def test_a_folder_without_permission(tmp_path, capsys, monkeypatch):
    """Root writes anywhere: the folder's refusal is simulated where the temporary file is made."""
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    target = tmp_path / "ledger.md"
    assert_refused(
        cli(capsys, *RENDER, "-o", str(target)),
        f"{target}: cannot be written: no permission to write in the folder {tmp_path}",
    )
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.name != "posix" or ROOT, reason="needs POSIX permissions and a non-root user")
def test_a_read_only_folder(tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        for target in (folder / "ledger.md", folder / "new" / "ledger.md"):
            assert_refused(
                cli(capsys, *RENDER, "-o", str(target)),
                f"{target}: cannot be written: no permission to write in the folder {folder}",
            )
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(not ROOT or not hasattr(os, "fork"), reason="root, to become another user")
def test_a_read_only_folder_as_another_user(tmp_path, capsys):
    """As root, the real refusal is seen from a forked process that became ``nobody`` (the interpreter
    itself may be out of nobody's reach, so no new program is started; the modules are loaded before)."""
    import shutil
    import tempfile

    cli(capsys, *RENDER, "-o", str(tmp_path / "warm-up.md"))  # load every module the child needs
    base = Path(tempfile.mkdtemp())  # pytest's own folders are root's alone
    base.chmod(0o755)
    folder = base / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        lines = _render_as_nobody((folder / "ledger.md", folder / "new" / "ledger.md"))
        assert os.listdir(folder) == []
    finally:
        shutil.rmtree(base)
    assert lines == [
        f"2\tsupervisio: error: {target}: cannot be written: no permission to write in the folder {folder}"
        for target in (folder / "ledger.md", folder / "new" / "ledger.md")
    ]


def _render_as_nobody(targets: tuple[Path, ...]) -> list[str]:
    """``status<TAB>stderr`` of rendering to each target from a forked child that became ``nobody``."""
    import contextlib

    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        report = io.StringIO()
        try:
            os.setgid(65534)
            os.setuid(65534)
            for target in targets:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
                    status = main([*RENDER, "-o", str(target)])
                report.write(f"{status}\t{err.getvalue()}")
        except BaseException as error:
            report.write(f"crash\t{error!r}\n")
        os.write(writing, report.getvalue().encode("utf-8"))
        os._exit(0)
    os.close(writing)
    with os.fdopen(reading, encoding="utf-8") as stream:
        lines = stream.read().splitlines()
    os.waitpid(child, 0)
    return lines


def test_a_full_disk_keeps_the_previous_file(tmp_path, capsys, monkeypatch):
    target = tmp_path / "ledger.md"
    target.write_text("previous", encoding="utf-8")

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    assert_refused(cli(capsys, *RENDER, "-o", str(target)), f"{target}: cannot be written: the disk is full")
    assert target.read_text(encoding="utf-8") == "previous"
    assert leftovers(tmp_path) == []


def test_demo_out_names_a_file(tmp_path, capsys):
    existing = tmp_path / "demo"
    existing.write_text("keep", encoding="utf-8")
    assert_refused(cli(capsys, "demo", "--out", str(existing)), f"{existing}: is a file, not a folder")
    assert existing.read_text(encoding="utf-8") == "keep"
    below = existing / "sub"
    assert_refused(cli(capsys, "demo", "--out", str(below)), f"{below}: cannot be created: {existing} is a file")


def test_convert_to_a_folder(tmp_path, capsys):
    source = tmp_path / "note.md"
    source.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    folder = tmp_path / "note.html"
    folder.mkdir()
    assert_refused(cli(capsys, "convert", str(source), "-o", str(folder)), f"{folder}: is a folder")


# Templates given with --templates


def render_with(capsys, folder: Path, target: Path) -> tuple[int, str, str]:
    return cli(capsys, *RENDER, "--templates", str(folder), "-o", str(target))


def test_a_template_that_is_not_utf8(tmp_path, capsys):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "ledger.md.j2").write_bytes("# 问题台账\n\n第二行：督导\n".encode("gbk"))
    target = tmp_path / "ledger.md"
    assert_refused(render_with(capsys, folder, target), f"{folder / 'ledger.md.j2'}:1:3: not UTF-8 text")
    assert not target.exists()


def test_a_link_out_of_the_folder_is_refused(tmp_path, capsys):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("机密内容", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    link = folder / "ledger.md.j2"
    link.symlink_to(secret)
    target = tmp_path / "ledger.md"
    assert_refused(render_with(capsys, folder, target), f"{link}: a link to {secret}, outside the template folder")
    assert not target.exists()


def test_a_linked_folder_out_of_the_folder_is_refused(tmp_path, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "part.j2").write_text("机密内容", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "parts").symlink_to(outside, target_is_directory=True)
    (folder / "ledger.md.j2").write_text('# 台账\n\n{% include "parts/part.j2" %}\n', encoding="utf-8")
    target = tmp_path / "ledger.md"
    assert_refused(render_with(capsys, folder, target), f"{folder / 'parts'}: a link to {outside}")
    assert not target.exists()


def test_a_link_inside_the_folder_is_followed(tmp_path, capsys):
    folder = tmp_path / "templates"
    (folder / "shared").mkdir(parents=True)
    (folder / "shared" / "ledger.md.j2").write_text('{% extends "builtin:ledger.md.j2" %}', encoding="utf-8")
    (folder / "ledger.md.j2").symlink_to(folder / "shared" / "ledger.md.j2")
    status, _out, err = render_with(capsys, folder, tmp_path / "ledger.md")
    assert status == 0, err


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ('# 台账\n\n{{ "x" * 10**10 }}\n', 3, "would hold 10,000,000,000 characters"),
        ("# 台账\n{% set ns = namespace(s='x') %}\n{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}\n",
         3, "a joined string (~) would hold 67,108,864"),
        ("# 台账\n\n{% for i in range(10**9) %}{% endfor %}\n", 3, "Range too big"),
        ('# 台账\n\n{{ "{:>9999999999}".format(1) }}\n', 3, "a formatted string would hold 9,999,999,999"),
        ('# 台账\n\n{{ "x" | center(10**10) }}\n', 3, "would hold 10,000,000,000"),
        ("# 台账\n\n{{ 9 ** 999999999 }}\n", 3, "the digits of a power (**)"),
    ],
    ids=["repeat", "doubling", "range", "format", "center", "power"],
)
def test_a_template_that_would_exhaust_memory(tmp_path, capsys, source, line, message):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "ledger.md.j2").write_text(source, encoding="utf-8")
    target = tmp_path / "ledger.md"
    assert_refused(render_with(capsys, folder, target), f"{folder / 'ledger.md.j2'}:{line}: ", message)
    assert not target.exists()


def test_an_output_over_the_size_limit(tmp_path, capsys):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "ledger.md.j2").write_text(
        '# 台账\n\n{% for i in range(2000) %}{{ "长" * 20000 }}\n{% endfor %}\n', encoding="utf-8"
    )
    assert_refused(render_with(capsys, folder, tmp_path / "ledger.md"), "ledger.md.j2", "the output would hold")


def test_a_template_that_never_ends(tmp_path, capsys):
    """Three nested ranges (10**15 iterations) run out of steps, reported with the template and line."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "ledger.md.j2").write_text(
        "# 台账\n\n{% for a in range(100000) %}{% for b in range(100000) %}\n"
        "{% for c in range(100000) %}{% endfor %}{% endfor %}{% endfor %}\n",
        encoding="utf-8",
    )
    assert_refused(
        render_with(capsys, folder, tmp_path / "ledger.md"),
        f"{folder / 'ledger.md.j2'}:4: the template ran more than 10,000,000 steps",
    )


def test_a_macro_that_recurses_for_ever(tmp_path, capsys):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "ledger.md.j2").write_text(
        "# 台账\n{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}\n{{ f(80) }}\n",
        encoding="utf-8",
    )
    assert_refused(render_with(capsys, folder, tmp_path / "ledger.md"), "ledger.md.j2:2: ", "steps")


def test_the_time_limit(tmp_path, capsys, monkeypatch):
    """Few steps that are each slow: the clock stops them."""
    from supervisio.templating import RenderLimits, limits

    monkeypatch.setattr(limits, "DEFAULT_LIMITS", RenderLimits(seconds=0.3))
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "ledger.md.j2").write_text(
        "# 台账\n\n{% for i in range(100000) %}{{ range(100000) | sum }}{% endfor %}\n", encoding="utf-8"
    )
    assert_refused(
        render_with(capsys, folder, tmp_path / "ledger.md"), "ledger.md.j2:3: the template ran longer than 0.3 seconds"
    )


def test_a_template_too_deep_to_compile(tmp_path, capsys):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "ledger.md.j2").write_text("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", encoding="utf-8")
    assert_refused(render_with(capsys, folder, tmp_path / "ledger.md"), "ledger.md.j2: cannot be compiled")


def test_a_template_too_big_to_read(tmp_path, capsys):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "ledger.md.j2").write_text("台账" * 300_000, encoding="utf-8")
    assert_refused(render_with(capsys, folder, tmp_path / "ledger.md"), "ledger.md.j2: larger than 1024 KiB")


def test_the_limits_leave_real_templates_alone(tmp_path, capsys):
    """Every built-in kind of the demo renders within the limits (and the limits can fail: see above)."""
    status, _out, err = cli(capsys, "demo", "--out", str(tmp_path))
    assert status == 0, err


# The title of a docx


def test_a_title_longer_than_a_docx_property_holds(tmp_path, capsys):
    """A 300-character work prompt title: the core property is cut to 255 with an ellipsis, the body keeps it."""
    title = "关于" + "进一步压实整改责任" * 33 + "的提示"
    text = (FIXTURES / "small.toml").read_text(encoding="utf-8")
    campaign = tmp_path / "long.toml"
    campaign.write_text(text.replace('title = "关于做好动员部署阶段工作的提示"', f'title = "{title}"'), "utf-8")
    assert len(title) > 255
    target = tmp_path / "prompt.docx"
    status, _out, err = cli(capsys, "render", str(campaign), "--kind", "prompt", "--group", "1",
                            "--as-of", "2023-06-10", "-o", str(target))
    assert status == 0, err
    import docx

    properties = docx.Document(io.BytesIO(target.read_bytes())).core_properties
    assert len(properties.title) == 255
    assert properties.title == title[:254] + "…"
    with zipfile.ZipFile(target) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert "进一步压实整改责任" * 33 in body


# Signals and kill -9 during a write

CHILD = """
import os, sys, time
target = sys.argv[1]
def slow_fsync(descriptor):
    print("writing", flush=True)
    time.sleep(60)
os.fsync = slow_fsync
from supervisio.cli import main
sys.exit(main(["render", {small!r}, "--kind", "ledger", "--group", "1", "--as-of", "2023-06-10", "-o", target]))
"""


def stopped_mid_write(target: Path, stop) -> subprocess.CompletedProcess[str]:
    """Run a render whose fsync blocks, and stop it with ``stop(process)`` once it is writing."""
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(CHILD.format(small=SMALL)), str(target)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    try:
        assert process.stdout.readline() == "writing\n"
        assert leftovers(target.parent), "the child should be writing its temporary file now"
        stop(process)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_sigterm_mid_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "ledger.md"
    target.write_text("previous", encoding="utf-8")
    result = stopped_mid_write(target, lambda process: process.send_signal(signal.SIGTERM))
    assert result.returncode == -signal.SIGTERM, result.stderr
    assert "Traceback" not in result.stderr
    assert leftovers(tmp_path) == []
    assert target.read_text(encoding="utf-8") == "previous"


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_sigint_mid_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "ledger.md"
    result = stopped_mid_write(target, lambda process: process.send_signal(signal.SIGINT))
    assert result.returncode == 130, result.stderr
    assert result.stderr == "supervisio: interrupted; nothing was left half written\n"
    assert leftovers(tmp_path) == []
    assert not target.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals and process ids")
def test_a_kill_9_leftover_is_removed_by_the_next_write(tmp_path, capsys):
    target = tmp_path / "ledger.md"
    result = stopped_mid_write(target, lambda process: process.kill())
    assert result.returncode == -signal.SIGKILL
    (leftover,) = leftovers(tmp_path)
    assert leftover.startswith(".ledger.md.")
    status, _out, err = cli(capsys, *RENDER, "-o", str(target))
    assert status == 0, err
    assert leftovers(tmp_path) == []
    assert target.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX process ids")
def test_a_live_writers_temporary_file_is_kept(tmp_path):
    """A leftover whose process is alive, or whose host is another, may be a concurrent write: kept."""
    target = tmp_path / "ledger.md"
    alive = tmp_path / f".ledger.md.{atomic._host_tag()}-{os.getppid()}.abcd1234.tmp"
    elsewhere = tmp_path / ".ledger.md.0badc0de-999999999.abcd1234.tmp"
    other_file = tmp_path / f".other.md.{atomic._host_tag()}-999999999.abcd1234.tmp"
    dead = tmp_path / f".ledger.md.{atomic._host_tag()}-999999999.abcd1234.tmp"
    for path in (alive, elsewhere, other_file, dead):
        path.write_bytes(b"partial")
    atomic.write_atomic(target, b"whole")
    assert target.read_bytes() == b"whole"
    assert leftovers(tmp_path) == sorted(p.name for p in (alive, elsewhere, other_file))


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_handlers_are_restored_after_a_write(tmp_path):
    before = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    atomic.write_atomic(tmp_path / "a.md", b"a")
    with pytest.raises(OSError):
        atomic.write_atomic(tmp_path / "missing" / "a.md", b"a")
    assert {signum: signal.getsignal(signum) for signum in before} == before
