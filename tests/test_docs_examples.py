"""The guides' examples, run as tests: one test per fenced code block, with the id ``file:line``.

Blocks are taken from README.md, docs/user-guide.md, docs/templates.md and docs/plugins.md by their info
string:

- ``toml``: parses with tomllib; a block whose first line is ``# campaign`` is a complete campaign file and
  must load with :func:`supervisio.loads` (integrity checks included).
- ``python``: executed in a fresh namespace, from a temporary working folder holding a copy of the demo
  campaign as ``campaign.toml`` and an empty ``templates/`` folder.
- ``jinja``: a template. Its first line is a comment naming the file, ``{# report.md.j2 #}``; it is written to
  a temporary templates folder and rendered with ``supervisio render --templates`` on the demo (the kind is
  the file name's stem; per-unit kinds use the unit the demo's notices address). ``{# expect: TEXT #}``
  comments name texts the rendered Markdown must contain.
- ``sh``: every line starting with ``supervisio `` is run by the shell from the same kind of working folder
  and must exit 0; other lines (installing, shell redirections of Python) are not run.

A block whose first line is ``# not run: <reason>`` (or ``{# not run: <reason> #}``) is skipped with that
reason.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ("README.md", "docs/user-guide.md", "docs/templates.md", "docs/plugins.md")
LANGUAGES = ("toml", "python", "jinja", "sh")
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")
NOT_RUN = re.compile(r"^(?:#|\{#-?)\s*not run:\s*(?P<reason>.+?)\s*(?:-?#\})?$")
TEMPLATE_NAME = re.compile(r"^\{#-?\s*(?P<name>[\w.-]+\.md\.j2)\s*-?#\}$")
EXPECT = re.compile(r"\{#-?\s*expect:\s*(?P<text>.+?)\s*-?#\}")
DEMO_UNITS = {"opinion": "临江市行政审批局", "rectification": "临江市应急管理局"}


def _blocks(relative: str) -> list[tuple[str, int, str]]:
    """(language, line of the opening fence, body) of the top-level fenced blocks in LANGUAGES."""
    found = []
    lines = (ROOT / relative).read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if match is None:
            index += 1
            continue
        fence, info = match["fence"], match["info"].strip()
        start = index
        body: list[str] = []
        index += 1
        while index < len(lines) and not (
            lines[index].startswith(fence[0] * len(fence)) and lines[index].strip(fence[0]) == ""
        ):
            body.append(lines[index])
            index += 1
        index += 1
        language = info.split()[0] if info else ""
        if language in LANGUAGES:
            found.append((language, start + 1, "\n".join(body) + "\n"))
    return found


EXAMPLES = [
    pytest.param(language, body, id=f"{relative}:{line}")
    for relative in DOCUMENTS
    for language, line, body in _blocks(relative)
]


def _skip_marker(body: str) -> None:
    first = body.lstrip("\n").splitlines()[0] if body.strip() else ""
    marker = NOT_RUN.match(first.strip())
    if marker:
        pytest.skip(f"not run: {marker['reason']}")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from supervisio.demo import demo_bytes

    (tmp_path / "campaign.toml").write_bytes(demo_bytes())
    (tmp_path / "templates").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _supervisio() -> str:
    found = Path(sys.executable).with_name("supervisio")
    return str(found) if found.exists() else (shutil.which("supervisio") or "supervisio")


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(_supervisio()).parent) + os.pathsep + env.get("PATH", "")
    return env


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=_environment(), capture_output=True, text=True, timeout=300
    )


def _check_toml(body: str) -> None:
    data = tomllib.loads(body)
    assert isinstance(data, dict)
    if body.lstrip().startswith("# campaign"):
        import supervisio

        supervision = supervisio.loads(body, "toml", "example.toml")
        assert supervision.campaign.name


def _check_python(body: str, workdir: Path) -> None:
    code = compile(body, "<example>", "exec")
    exec(code, {"__name__": "__docs_example__"})  # noqa: S102 - the guide's own example


def _check_jinja(body: str, workdir: Path) -> None:
    first = body.lstrip("\n").splitlines()[0].strip()
    name = TEMPLATE_NAME.match(first)
    assert name, f"a template example starts with a comment naming its file, not {first!r}"
    template = workdir / "templates" / name["name"]
    template.write_text(body, encoding="utf-8")
    kind = name["name"].removesuffix(".md.j2")
    output = workdir / f"{kind}.md"
    unit = f" --unit {DEMO_UNITS[kind]}" if kind in DEMO_UNITS else ""
    result = _run(f"supervisio render --kind {kind}{unit} --templates templates -o {output.name}", workdir)
    assert result.returncode == 0, result.stderr
    text = output.read_text(encoding="utf-8")
    for expected in EXPECT.findall(body):
        assert expected in text, f"{expected!r} not in the rendered {kind}"


def _check_sh(body: str, workdir: Path) -> None:
    commands = [line.strip() for line in body.splitlines() if line.strip().startswith("supervisio ")]
    if not commands:
        pytest.skip("no supervisio command in this block")
    for command in commands:
        result = _run(command, workdir)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"


@pytest.mark.parametrize(("language", "body"), EXAMPLES)
def test_example(language: str, body: str, workdir: Path) -> None:
    _skip_marker(body)
    if language == "toml":
        _check_toml(body)
    elif language == "python":
        _check_python(body, workdir)
    elif language == "jinja":
        _check_jinja(body, workdir)
    else:
        _check_sh(body, workdir)


def test_examples_found() -> None:
    """The guides have examples of every kind, and each page was read."""
    languages = {language for relative in DOCUMENTS for language, _, _ in _blocks(relative)}
    assert languages == set(LANGUAGES)
    assert len(EXAMPLES) >= 20
