"""``render --each-unit`` and ``--each-group``: one document per unit or group, named from a pattern, made
in one process or several, one failure reported without stopping the others, a progress bar only on a
terminal, and every mistake refused before any work."""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import re

import pytest

from supervisio.cli import main
from supervisio.cli.batch import NAME_BYTES, safe_name
from supervisio.kinds import shared_context
from supervisio.pipeline import render_kind
from supervisio.plugins import DocumentKind, Plugins
from supervisio.plugins import manager as plugin_manager
from test_plugin_kinds import kinds_plugin

AS_OF = dt.date(2022, 4, 15)
GROUP_7_SHORT_NAMES = ["市发改委", "团市委", "市总工会", "市妇联", "市红十字会", "市行政审批局", "市科协", "市工商联",
                       "市残联", "市应急局"]


def render(*args: str) -> int:
    return main(["render", *args])


def written(folder) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def check_nothing_written(folder) -> None:
    assert not folder.exists() or not any(folder.iterdir())


@pytest.fixture(scope="module")
def city():
    """The whole demo, as the command line reads it: the 第三, 第五 and 第七巡回督导组."""
    from supervisio.demo import load_demo

    return load_demo()


@pytest.fixture
def plugins(monkeypatch, isolated_plugins) -> Plugins:
    """The session's plugins replaced by ``isolated_plugins`` (worker processes forked from here too)."""
    monkeypatch.setattr(plugin_manager, "_default", isolated_plugins)
    return isolated_plugins


# ------------------------------------------------------------------------------------------------ the files


def test_one_file_per_unit_of_group_7_named_from_the_pattern(city, tmp_path, capsys):
    out = tmp_path / "out"
    status = render("--kind", "opinion", "--each-unit", "--group", "7", "--format", "md", "--name", "{unit}-{kind}",
                    "-o", str(out))
    assert status == 0
    assert written(out) == sorted(f"{short}-opinion.md" for short in GROUP_7_SHORT_NAMES)
    for unit in city.group(7).units:
        expected = render_kind(city, "opinion", "md", as_of=AS_OF, group=7, unit=unit.name)
        assert (out / f"{unit.short_name}-opinion.md").read_bytes() == expected
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[:-1] == [f"wrote {out}/{short}-opinion.md ({(out / f'{short}-opinion.md').stat().st_size:,} bytes)"
                          for short in GROUP_7_SHORT_NAMES]
    assert re.fullmatch(rf"wrote 10 files to {re.escape(str(out))}/ in \d+\.\d\d s", lines[-1])
    assert captured.err == ""  # not a terminal: no progress bar


def test_the_default_name_and_every_field(tmp_path):
    out = tmp_path / "out"
    assert render("--kind", "opinion", "--each-unit", "--group", "7", "--format", "md", "-o", str(out)) == 0
    assert "7-市总工会-opinion.md" in written(out)
    fields = "{group:02d} {group_title} {unit} {unit_full} {kind} {title} {as_of}"
    assert render("--kind", "opinion", "--each-unit", "--group", "7", "--format", "html", "--name", fields,
                  "-o", str(tmp_path / "all")) == 0
    assert "07 第七巡回督导组 市总工会 临江市总工会 opinion 督导意见 2022-04-15.html" in written(tmp_path / "all")


def test_every_group_when_no_group_is_given(city, tmp_path):
    out = tmp_path / "out"
    assert render("--kind", "opinion", "--each-unit", "--format", "md", "-o", str(out)) == 0
    names = written(out)
    assert len(names) == sum(len(group.units) for group in city.groups) > 10
    assert {name.split("-")[0] for name in names} == {str(group.number) for group in city.groups} == {"3", "5", "7"}


def test_each_group(city, tmp_path):
    out = tmp_path / "out"
    assert render("--kind", "report", "--each-group", "--format", "md", "-o", str(out)) == 0
    assert written(out) == sorted(f"{group.number}-report.md" for group in city.groups)
    assert render("--kind", "report", "--each-group", "--group", "7", "--format", "md", "-o",
                  str(tmp_path / "one")) == 0
    assert written(tmp_path / "one") == ["7-report.md"]
    assert (tmp_path / "one" / "7-report.md").read_bytes() == render_kind(city, "report", "md", as_of=AS_OF, group=7)


def test_a_suffix_in_the_pattern_is_not_doubled(tmp_path):
    out = tmp_path / "out"
    assert render("--kind", "report", "--each-group", "--group", "7", "--format", "md", "--name", "{kind}.md",
                  "-o", str(out)) == 0
    assert written(out) == ["report.md"]


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_two_processes_write_the_same_bytes_as_one(tmp_path, fmt):
    if fmt == "docx":
        pytest.importorskip("supervisio_docx")
    one, two = tmp_path / "one", tmp_path / "two"
    assert render("--kind", "opinion", "--each-unit", "--group", "7", "--format", fmt, "-o", str(one)) == 0
    assert render("--kind", "opinion", "--each-unit", "--group", "7", "--format", fmt, "-o", str(two),
                  "--jobs", "2") == 0
    assert written(one) == written(two) and len(written(one)) == 10
    for name in written(one):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


# ------------------------------------------------------------------------------------------------ failures


def fragile(plugins: Plugins, fails_for: str) -> DocumentKind:
    """The 督导意见 under another name, failing for one unit as a plugin's bug would."""
    opinion = plugins.kinds.get("opinion")

    def context(request):
        if request.unit_record.short_name == fails_for:
            raise ZeroDivisionError("division by zero")
        return opinion.context(request)

    return DocumentKind(name="fragile", title="意见", template=opinion.template, context=context,
                        blocks=opinion.blocks, per_unit=True)


def check_one_failure_reported(out, stderr: str, status: int) -> None:
    assert status == 2
    assert written(out) == sorted(f"7-{short}-fragile.md" for short in GROUP_7_SHORT_NAMES if short != "市总工会")
    assert stderr == (
        f"supervisio: error: wrote 9 files to {out}/, 1 failed:\n"
        f"  {out}/7-市总工会-fragile.md: plugin acme (acme-kinds 1.0) failed in document kind 'fragile' "
        "(context): ZeroDivisionError: division by zero\n"
    )


def test_a_document_that_fails_does_not_stop_the_others(plugins, tmp_path, capsys):
    plugins.register(kinds_plugin(fragile=fragile(plugins, "市总工会")), name="acme", distribution="acme-kinds 1.0")
    out = tmp_path / "out"
    status = render("--kind", "fragile", "--each-unit", "--group", "7", "--format", "md", "-o", str(out))
    captured = capsys.readouterr()
    check_one_failure_reported(out, captured.err, status)
    assert len(captured.out.splitlines()) == 9


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the test's plugin reaches the workers only when they are forked")
def test_a_failure_in_a_worker_process_is_reported_the_same(plugins, tmp_path, capsys):
    plugins.register(kinds_plugin(fragile=fragile(plugins, "市总工会")), name="acme", distribution="acme-kinds 1.0")
    out = tmp_path / "out"
    status = render("--kind", "fragile", "--each-unit", "--group", "7", "--format", "md", "-o", str(out),
                    "--jobs", "2")
    check_one_failure_reported(out, capsys.readouterr().err, status)


# ------------------------------------------------------------------------------------------------ progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_only_on_a_terminal(monkeypatch, tmp_path):
    stdout, stderr = Terminal(), Terminal()
    monkeypatch.setattr("sys.stdout", stdout)
    monkeypatch.setattr("sys.stderr", stderr)
    assert render("--kind", "opinion", "--each-unit", "--group", "7", "--format", "md", "-o", str(tmp_path)) == 0
    assert "10/10" in stderr.getvalue()  # the bar, drawn on stderr, then cleared
    assert re.fullmatch(r"wrote 10 files to \S+ in \d+\.\d\d s\n", stdout.getvalue())  # no line per file


def test_no_progress_bar_when_only_one_stream_is_a_terminal(monkeypatch, tmp_path, capsys):
    stderr = Terminal()
    monkeypatch.setattr("sys.stderr", stderr)
    assert render("--kind", "report", "--each-group", "--format", "md", "-o", str(tmp_path)) == 0
    assert stderr.getvalue() == ""
    assert capsys.readouterr().out.count("\n") == 4


# ------------------------------------------------------------------------------------------------ refused first


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "report", "--each-unit"],
     "--each-unit: document kind 'report' (工作汇报) is written to a group, not to a unit; use --each-group"),
    (["--kind", "opinion", "--each-group"],
     "--each-group: document kind 'opinion' (督导意见) is written to one unit; use --each-unit"),
    (["--kind", "opinion", "--each-unit", "--unit", "市总工会"],
     "--unit: --each-unit writes a document for every unit; leave out --unit, or --each-unit to write one"),
    (["--kind", "opinon", "--each-unit"], "unknown document kind 'opinon'; available: "),
    (["--kind", "opinion", "--each-unit", "--name", "{unti}"],
     "--name '{unti}': no field {unti}; did you mean {unit}? the fields are {unit}, {unit_full}, {group}, "
     "{group_title}, {kind}, {title}, {as_of}"),
    (["--kind", "report", "--each-group", "--name", "{unit}"],
     "--name '{unit}': {unit} names a unit, and --each-group writes one document per group"),
    (["--kind", "report", "--each-group", "--name", "{group"], "--name '{group': expected '}' before end of string"),
    (["--kind", "report", "--each-group", "--name", "{kind:d}"],
     "--name '{kind:d}': Unknown format code 'd' for object of type 'str'"),
    (["--kind", "opinion", "--each-unit", "--group", "7", "--name", "{kind}"],
     "--name '{kind}': 临江市发展和改革委员会 and 共青团临江市委员会 would both be written to opinion.md; "
     "put {unit} in the name"),
    (["--kind", "report", "--each-group", "--name", "{title}"],
     "--name '{title}': 第三巡回督导组 and 第五巡回督导组 would both be written to 工作汇报.md; put {group} in the name"),
    (["--kind", "opinion", "--each-unit", "--group", "9"], "--group 9: unknown group 9"),
])
def test_mistakes_are_refused_before_any_work(tmp_path, capsys, args, message):
    out = tmp_path / "out"
    status = render(*args, "--format", "md", "-o", str(out))
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(f"supervisio: error: {message}") and err.count("\n") == 1
    check_nothing_written(out)


@pytest.mark.parametrize(("first", "second", "names"), [
    ("ABC", "abc", "ABC-opinion.md and abc-opinion.md"),  # one file on Windows and macOS
    ("A/B", "A:B", "A_B-opinion.md"),
])
def test_a_collision_that_only_case_or_safety_makes_is_refused(city, tmp_path, first, second, names):
    import attrs

    from supervisio.cli.batch import _jobs
    from supervisio.cli.common import BadInput
    from supervisio.plugins import get_plugins

    group = city.group(7)
    units = (attrs.evolve(group.units[0], short_name=first), attrs.evolve(group.units[1], short_name=second))
    group = attrs.evolve(group, units=units)
    with pytest.raises(BadInput) as caught:
        _jobs(city, get_plugins().kinds.get("opinion"), [group], per_unit=True, pattern="{unit}-{kind}",
              as_of=AS_OF, folder=tmp_path, suffix=".md")
    assert str(caught.value) == (
        f"--name '{{unit}}-{{kind}}': {units[0].name} and {units[1].name} would both be written to {names}; "
        "put {unit} in the name"
    )


def test_a_batch_without_a_format_writes_docx(tmp_path, capsys):
    """`render --kind opinion --each-unit -o out/`: the folder names no format; docx is what goes out."""
    pytest.importorskip("supervisio_docx")
    out = tmp_path / "out"
    assert render("--kind", "opinion", "--each-unit", "--group", "7", "-o", str(out)) == 0
    written = sorted(path.suffix for path in out.iterdir())
    assert written == [".docx"] * 10
    assert f"wrote 10 files to {out}" in capsys.readouterr().out


def test_the_output_must_be_a_folder_and_no_folder_may_stand_where_a_file_goes(tmp_path, capsys):
    (tmp_path / "file").write_text("x", "utf-8")
    assert render("--kind", "report", "--each-group", "--format", "md", "-o", str(tmp_path / "file")) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    (tmp_path / "out" / "7-report.md").mkdir(parents=True)
    assert render("--kind", "report", "--each-group", "--format", "md", "-o", str(tmp_path / "out")) == 2
    assert capsys.readouterr().err == (
        f"supervisio: error: {tmp_path}/out/7-report.md: is a folder; give the name of the file to write\n")
    assert written(tmp_path / "out") == ["7-report.md"]


@pytest.mark.parametrize("args", [["--name", "{kind}"], ["--jobs", "2"]])
def test_batch_options_need_a_batch(tmp_path, capsys, args):
    assert render("--kind", "report", "--group", "7", "-o", str(tmp_path / "r.md"), *args) == 2
    assert capsys.readouterr().err.endswith(": only with --each-unit or --each-group\n")


def test_jobs_is_a_positive_number(tmp_path, capsys):
    with pytest.raises(SystemExit):
        render("--kind", "report", "--each-group", "--format", "md", "-o", str(tmp_path), "--jobs", "0")
    assert "expected a number of processes, 1 or more, not '0'" in capsys.readouterr().err


def test_each_unit_and_each_group_exclude_each_other(tmp_path, capsys):
    with pytest.raises(SystemExit):
        render("--kind", "report", "--each-group", "--each-unit", "-o", str(tmp_path))
    assert "not allowed with argument" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------------ safe names


@pytest.mark.parametrize(("name", "safe"), [
    ("7-市总工会-opinion", "7-市总工会-opinion"),
    ("a/b\\c", "a_b_c"),
    ('x<y>z:"q"|?*', "x_y_z__q____"),
    ("tab\there", "tab_here"),
    ("trailing. . ", "trailing"),
    (".hidden", "_hidden"),
    ("..", "_"),
    ("CON", "_CON"),
    ("nul.report", "_nul.report"),
    ("lpt1", "_lpt1"),
    ("COM10", "COM10"),
    ("", "_"),
])
def test_safe_names(name, safe):
    assert safe_name(name) == safe


def test_a_long_name_is_cut_on_a_character(tmp_path):
    name = safe_name("督" * 100)
    assert len(name.encode("utf-8")) <= NAME_BYTES and name == "督" * (NAME_BYTES // 3)


def test_unsafe_characters_in_a_pattern_make_safe_names(tmp_path):
    out = tmp_path / "out"
    assert render("--kind", "opinion", "--each-unit", "--group", "7", "--format", "md", "--name",
                  "../{unit}:{kind}", "-o", str(out)) == 0
    assert "_._市总工会_opinion.md" in written(out) and len(written(out)) == 10
    assert written(tmp_path) == ["out"]  # nothing written beside the folder


def test_no_temporary_file_is_left(tmp_path):
    assert render("--kind", "opinion", "--each-unit", "--group", "7", "--format", "md", "-o", str(tmp_path),
                  "--jobs", "2") == 0
    assert all(name.endswith(".md") and not name.startswith(".") for name in written(tmp_path))


def test_parameters_reach_every_document(plugins, tmp_path):
    from supervisio.plugins import KindParameter, hookimpl

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "noted.md.j2").write_text("# {{ unit.name }}\n\n{{ note }}（{{ due | date_cn }}前）\n", "utf-8")

    class Noted:
        @hookimpl
        def supervisio_register_document_kinds(self, registry):
            registry.add(DocumentKind(
                name="noted", title="附注", template="noted.md.j2", per_unit=True,
                context=lambda request: {**shared_context(request), **request.parameters},
                parameters=(KindParameter(name="note", required=True), KindParameter(name="due", type="date")),
            ))

        @hookimpl
        def supervisio_template_dirs(self):
            return [templates]

    plugins.register(Noted(), name="noted")
    out = tmp_path / "out"
    assert render("--kind", "noted", "--each-unit", "--group", "7", "--format", "md", "-o", str(out),
                  "--param", "note=请报送整改方案", "--param", "due=2022-04-30", "--jobs", "2") == 0
    assert len(written(out)) == 10
    for name in written(out):
        assert "请报送整改方案（2022年4月30日前）" in (out / name).read_text("utf-8")
