"""A kind's parameters: declared as ``KindParameter`` values, given as ``--param name=value``, checked and
converted before any work, read by the kind from ``request.parameters``, and listed by ``supervisio plugins``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar

import pytest

from supervisio.cli import main
from supervisio.errors import SupervisioError
from supervisio.kinds import shared_context
from supervisio.plugins import (
    DocumentKind,
    KindParameter,
    KindRequest,
    ParameterError,
    Parameters,
    Plugins,
    hookimpl,
)
from supervisio.plugins import manager as plugin_manager

AS_OF = dt.date(2022, 4, 15)

PARAMETERS = (
    KindParameter(name="problem", help="问题编号", required=True),
    KindParameter(name="due", help="办结时限", type="date", default=dt.date(2022, 4, 30)),
    KindParameter(name="copies", help="份数", type="int", default=2),
    KindParameter(name="urgent", help="加急", type="bool", default=False),
    KindParameter(name="tier", help="督办等级", type="choice", choices=("黄色", "红色")),
)


def supervise_kind(calls: list[KindRequest] | None = None) -> DocumentKind:
    """A 督办单: one problem, named by its number, as a plugin would write it."""

    def context(request: KindRequest):
        if calls is not None:
            calls.append(request)
        problem = request.supervision.problem(request.parameters["problem"])  # UnknownRecord: the kind's own
        return {**shared_context(request), **request.parameters, "problem": problem}

    return DocumentKind(name="supervise", title="督办单", template="supervise.md.j2", context=context,
                        parameters=PARAMETERS)


@pytest.fixture
def calls() -> list[KindRequest]:
    return []


@pytest.fixture
def plugins(monkeypatch, tmp_path, isolated_plugins, calls) -> Plugins:
    """The built-ins and the 督办单 plugin, as the session's plugins."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "supervise.md.j2").write_text(
        "# {{ group.title }}督办单\n\n"
        "问题{{ problem.number }}：{{ problem.description }}\n\n"
        "请于{{ due | date_cn }}前办结。份数：{{ copies }}。{% if urgent %}加急。{% endif %}"
        "{% if tier %}{{ tier }}督办。{% endif %}\n", "utf-8")

    class Supervise:
        @hookimpl
        def supervisio_register_document_kinds(self, registry):
            registry.add(supervise_kind(calls))

        @hookimpl
        def supervisio_template_dirs(self):
            return [templates]

    isolated_plugins.register(Supervise(), name="supervise", distribution="supervisio-supervise 0.1")
    monkeypatch.setattr(plugin_manager, "_default", isolated_plugins)
    return isolated_plugins


def render(tmp_path, *args: str) -> int:
    return main(["render", "--kind", "supervise", "--group", "7", "-o", str(tmp_path / "out.md"), *args])


# ------------------------------------------------------------------------------------------------ declarations


@pytest.mark.parametrize(("parameter", "text", "value"), [
    (KindParameter(name="problem"), "DD07-001", "DD07-001"),
    (KindParameter(name="n", type="int"), " 12 ", 12),
    (KindParameter(name="n", type="int"), "-3", -3),
    (KindParameter(name="day", type="date"), "2022-04-30", dt.date(2022, 4, 30)),
    (KindParameter(name="flag", type="bool"), "yes", True),
    (KindParameter(name="flag", type="bool"), "否", False),
    (KindParameter(name="flag", type="bool"), "FALSE", False),
    (KindParameter(name="tier", type="choice", choices=("黄色", "红色")), "红色", "红色"),
])
def test_text_is_converted_to_the_parameters_type(parameter, text, value):
    assert parameter.convert(text) == value and type(parameter.convert(text)) is type(value)


@pytest.mark.parametrize(("parameter", "given", "message"), [
    (KindParameter(name="problem"), "  ", "expected some text, not nothing"),
    (KindParameter(name="n", type="int"), "twelve", "expected a whole number, not 'twelve'"),
    (KindParameter(name="day", type="date"), "2022-02-30", "expected a date like 2022-04-15, not '2022-02-30'"),
    (KindParameter(name="flag", type="bool"), "maybe", "expected yes or no, not 'maybe'"),
    (KindParameter(name="tier", type="choice", choices=("yellow", "red")), "redd",
     "expected one of yellow, red, not 'redd'; did you mean 'red'?"),
    (KindParameter(name="n", type="int"), True, "expected a whole number, not bool True"),
    (KindParameter(name="day", type="date"), dt.datetime(2022, 4, 30), "expected a date, not datetime"),
])
def test_a_bad_value_says_what_was_expected(parameter, given, message):
    with pytest.raises(ValueError) as caught:
        parameter.convert(given)
    assert str(caught.value).startswith(message)


def test_a_value_of_the_type_is_kept():
    assert KindParameter(name="day", type="date").convert(dt.date(2022, 5, 1)) == dt.date(2022, 5, 1)
    assert KindParameter(name="n", type="int").convert(7) == 7


@pytest.mark.parametrize(("declare", "message"), [
    (lambda: KindParameter(name="Problem"), "parameter name 'Problem': use lower-case letters"),
    (lambda: KindParameter(name="due-day"), "parameter name 'due-day': use lower-case letters"),
    (lambda: KindParameter(name="tier", type="choice"), "parameter 'tier': a choice needs its choices"),
    (lambda: KindParameter(name="n", choices=("a",)), "parameter 'n': choices are for type 'choice', not 'str'"),
    (lambda: KindParameter(name="n", required=True, default="x"), "parameter 'n': a required parameter has no default"),
    (lambda: KindParameter(name="n", type="int", default="x"), "expected a whole number, not 'x'"),
    (lambda: KindParameter(name="n", type="float"), "parameter type 'float': use one of str, int, date, bool, choice"),  # type: ignore[arg-type]
    (lambda: DocumentKind(name="k", title="t", template="t", context=dict,
                          parameters=(KindParameter(name="a"), KindParameter(name="a"))),
     "document kind 'k' declares parameter 'a' twice"),
])
def test_a_mistaken_declaration_is_refused(declare, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        declare()


def test_a_mistaken_declaration_in_a_plugin_is_named(demo, isolated_plugins):
    from supervisio.plugins import PluginError

    class Broken:
        @hookimpl
        def supervisio_register_document_kinds(self, registry):
            registry.add(DocumentKind(name="k", title="t", template="t", context=dict,
                                      parameters=(KindParameter(name="tier", type="choice"),)))

    isolated_plugins.register(Broken(), name="broken", distribution="broken 1.0")
    with pytest.raises(PluginError, match=r"^plugin broken \(broken 1\.0\) failed in .*a choice needs its choices"):
        isolated_plugins.kinds.get("k")


# ------------------------------------------------------------------------------------------------ resolving


def test_resolved_parameters_hold_every_declared_one_in_order():
    kind = supervise_kind()
    resolved = kind.resolve_parameters({"tier": "红色", "problem": "DD07-003", "copies": "5"})
    assert list(resolved.items()) == [("problem", "DD07-003"), ("due", dt.date(2022, 4, 30)), ("copies", 5),
                                      ("urgent", False), ("tier", "红色")]
    assert isinstance(resolved, Parameters)


@pytest.mark.parametrize(("given", "message"), [
    ({"problm": "DD07-003"}, "problm=DD07-003: document kind 'supervise' has no parameter 'problm'; did you "
                             "mean 'problem'? Its parameters are problem, due, copies, urgent, tier"),
    ({"zzz": "1", "problem": "x"}, "zzz=1: document kind 'supervise' has no parameter 'zzz'; its parameters are "
                                   "problem, due, copies, urgent, tier"),
    ({}, "problem: required by document kind 'supervise' (问题编号)"),
    ({"problem": "x", "due": "next week"}, "due=next week: expected a date like 2022-04-15, not 'next week'"),
])
def test_resolving_names_the_first_mistake(given, message):
    with pytest.raises(ParameterError) as caught:
        supervise_kind().resolve_parameters(given)
    assert str(caught.value) == message


def test_a_kind_without_parameters_takes_none():
    kind = DocumentKind(name="plain", title="t", template="t", context=dict)
    assert kind.parameters == () and kind.resolve_parameters({}) == {}
    with pytest.raises(ParameterError, match=r"^x=1: document kind 'plain' takes no parameters$"):
        kind.resolve_parameters({"x": "1"})


# ------------------------------------------------------------------------------------------------ the request


def test_requests_with_equal_parameters_are_equal(demo):
    given = {"problem": "DD07-003", "copies": 2}
    first = KindRequest(supervision=demo, as_of=AS_OF, group=7, parameters=given)
    second = KindRequest(supervision=demo, as_of=AS_OF, group=7,
                         parameters=Parameters([("copies", 2), ("problem", "DD07-003")]))
    assert first == second and hash(first) == hash(second)
    assert first != KindRequest(supervision=demo, as_of=AS_OF, group=7, parameters={"problem": "DD07-004", "copies": 2})
    assert KindRequest(supervision=demo, as_of=AS_OF, group=7).parameters == {}
    assert KindRequest(supervision=demo, as_of=AS_OF, group=7) == KindRequest(supervision=demo, as_of=AS_OF, group=7,
                                                                              parameters={})
    first.facts  # noqa: B018 (a cached answer is not a field: the requests stay equal)
    assert first == second


def test_a_requests_parameters_cannot_be_changed(demo):
    given = {"problem": "DD07-003"}
    request = KindRequest(supervision=demo, as_of=AS_OF, group=7, parameters=given)
    given["problem"] = "DD07-004"
    assert request.parameters["problem"] == "DD07-003"
    with pytest.raises(TypeError):
        request.parameters["problem"] = "DD07-005"  # type: ignore[index]
    assert not hasattr(request.parameters, "update")


def test_parameters_survive_pickling():
    import pickle

    parameters = Parameters({"problem": "DD07-003", "due": dt.date(2022, 4, 30)})
    assert pickle.loads(pickle.dumps(parameters)) == parameters
    assert repr(parameters) == "Parameters({'problem': 'DD07-003', 'due': datetime.date(2022, 4, 30)})"


# ------------------------------------------------------------------------------------------------ the command line


def test_render_passes_the_parameters_converted(plugins, calls, tmp_path, capsys):
    assert render(tmp_path, "--param", "problem=DD07-003", "--param", "copies=5", "--param", "urgent=yes",
                  "--param", "tier=红色") == 0
    text = (tmp_path / "out.md").read_text("utf-8")
    assert "问题DD07-003：" in text
    assert "请于2022年4月30日前办结。份数：5。加急。红色督办。" in text
    assert calls[0].parameters == {"problem": "DD07-003", "due": dt.date(2022, 4, 30), "copies": 5, "urgent": True,
                                   "tier": "红色"}
    assert capsys.readouterr().out.startswith(f"wrote {tmp_path / 'out.md'} (")


@pytest.mark.parametrize(("args", "message"), [
    (["--param", "problm=DD07-003"], "--param problm=DD07-003: document kind 'supervise' has no parameter 'problm'; "
                                     "did you mean 'problem'? Its parameters are problem, due, copies, urgent, tier"),
    ([], "--param problem: required by document kind 'supervise' (问题编号)"),
    (["--param", "problem=DD07-003", "--param", "due=2022-04-31"],
     "--param due=2022-04-31: expected a date like 2022-04-15, not '2022-04-31'"),
    (["--param", "problem=DD07-003", "--param", "copies=two"], "--param copies=two: expected a whole number, not 'two'"),
    (["--param", "problem"], "--param problem: expected NAME=VALUE, e.g. --param problem=DD07-003"),
    (["--param", "=x"], "--param =x: expected NAME=VALUE, e.g. --param problem=DD07-003"),
    (["--param", "problem=a", "--param", "problem=b"], "--param problem=b: problem is given twice (problem=a before)"),
])
def test_bad_parameters_are_refused_before_any_work(plugins, calls, tmp_path, capsys, args, message):
    assert render(tmp_path, *args) == 2
    assert capsys.readouterr().err == f"supervisio: error: {message}\n"
    assert calls == [] and not (tmp_path / "out.md").exists()


def test_parameters_are_checked_before_the_campaign_is_read(plugins, tmp_path, capsys):
    status = main(["render", str(tmp_path / "missing.toml"), "--kind", "supervise", "-o", str(tmp_path / "x.md")])
    assert status == 2
    assert capsys.readouterr().err == "supervisio: error: --param problem: required by document kind 'supervise' (问题编号)\n"


def test_a_kind_without_parameters_refuses_one(tmp_path, capsys):
    assert main(["render", "--kind", "report", "--group", "7", "-o", str(tmp_path / "r.md"),
                 "--param", "x=1"]) == 2
    assert capsys.readouterr().err == "supervisio: error: --param x=1: document kind 'report' takes no parameters\n"


def test_what_the_kind_itself_checks_is_its_own_error(plugins, tmp_path, capsys):
    assert render(tmp_path, "--param", "problem=DD07-999") == 2
    err = capsys.readouterr().err
    assert err.startswith("supervisio: error: unknown problem 'DD07-999'; did you mean ")
    assert err.count("\n") == 1 and not (tmp_path / "out.md").exists()


def test_an_error_the_kind_raises_is_a_supervisio_error(demo):
    request = KindRequest(supervision=demo, as_of=AS_OF, group=7, parameters={"problem": "DD07-999"})
    with pytest.raises(SupervisioError):
        supervise_kind().context(request)


def test_plugins_lists_each_kinds_parameters(plugins, capsys):
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    kinds = lines.index("document kinds:")
    start = next(i for i, line in enumerate(lines) if i > kinds and line.lstrip().startswith("supervise "))
    assert "督办单" in lines[start] and "plugin supervise (supervisio-supervise 0.1)" in lines[start]
    assert [line.strip() for line in lines[start + 1:start + 6]] == [
        "--param problem=TEXT (required)  问题编号",
        "--param due=DATE (default 2022-04-30)  办结时限",
        "--param copies=N (default 2)  份数",
        "--param urgent=yes|no (default no)  加急",
        "--param tier=黄色|红色 (optional)  督办等级",
    ]
    report = next(i for i, line in enumerate(lines) if i > kinds and line.lstrip().startswith("report "))
    assert "--param" not in lines[report + 1]


def test_demo_leaves_out_a_kind_it_cannot_give_a_value(plugins, tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "not written: supervise (required parameters; see `supervisio plugins`)" in out
    names = {path.stem for path in tmp_path.iterdir()}
    assert "supervise" not in names and {"report", "opinion", "weekly"} <= names


def test_render_kind_takes_the_parameters_in_python(plugins, calls):
    from supervisio.demo import DEMO_AS_OF, load_demo
    from supervisio.kinds.kind import ParameterError
    from supervisio.pipeline import render_kind

    demo = load_demo(7)
    text = render_kind(demo, "supervise", "md", as_of=DEMO_AS_OF, group=7, plugins=plugins,
                       parameters={"problem": "DD07-003", "copies": "5"}).decode("utf-8")
    assert "问题DD07-003：" in text and "份数：5。" in text
    assert calls[-1].parameters["copies"] == 5 and calls[-1].parameters["due"] == dt.date(2022, 4, 30)
    with pytest.raises(ParameterError, match="problem: required"):
        render_kind(demo, "supervise", "md", as_of=DEMO_AS_OF, group=7, plugins=plugins)


def test_the_kind_suite_passes_a_kinds_parameters():
    from supervisio.testing import KindConformance

    class SuperviseSuite(KindConformance):  # not collected: not named Test…
        kind = "supervise"
        parameters: ClassVar[Mapping[str, object]] = {"problem": "DD07-003", "copies": "2"}

    suite = SuperviseSuite()
    requests = list(suite.requests(supervise_kind()))
    assert len(requests) == len(suite.supervision().groups) >= 1
    assert all(r.parameters["problem"] == "DD07-003" and r.parameters["copies"] == 2 for r in requests)
