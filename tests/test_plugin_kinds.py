"""A plugin's document kind is first-class: the shared variables, failures named like hook failures, its
template extended by an override (``next:``), and an override's blocks checked against what it extends."""

from __future__ import annotations

import datetime as dt

import pytest

from supervisio.doctree.nodes import Paragraph, Text
from supervisio.errors import SupervisioError
from supervisio.kinds import shared_context
from supervisio.pipeline import render_kind
from supervisio.plugins import DocumentKind, PluginError, Plugins, hookimpl
from supervisio.templating import TemplateError
from support import FIXTURES
from test_plugins import install, run

AS_OF = dt.date(2022, 4, 15)
EXAMPLE_SOURCE = FIXTURES / "plugin-example" / "src"


@pytest.fixture
def example(monkeypatch) -> Plugins:
    """The built-ins and the example plugin (a plain-text renderer and the 督导组名册), registered by hand."""
    monkeypatch.syspath_prepend(str(EXAMPLE_SOURCE))
    import supervisio_example

    plugins = Plugins(autoload=False)
    plugins.register(supervisio_example, name="example", distribution="supervisio-example 1.0.0")
    return plugins


def markdown(demo, kind: str, plugins: Plugins, **kwargs) -> str:
    return render_kind(demo, kind, "md", as_of=AS_OF, group=7, plugins=plugins, **kwargs).decode("utf-8")


def kinds_plugin(**kinds: DocumentKind) -> object:
    class Kinds:
        @hookimpl
        def supervisio_register_document_kinds(self, registry):
            for kind in kinds.values():
                registry.add(kind)

    return Kinds()


# ------------------------------------------------------------------------------------------------ shared variables


def test_a_plugin_kind_gets_the_shared_variables(demo, example):
    roster = markdown(demo, "roster", example)
    assert "截至2022年4月15日，督导组七名同志联系十个单位。" in roster
    assert "- 钱立新（组长）" in roster


def test_shared_context_is_what_the_builtin_kinds_start_from(demo, isolated_plugins):
    from supervisio.plugins import KindRequest

    request = KindRequest(supervision=demo, as_of=AS_OF, group=7, unit=demo.unit("市总工会").name)
    shared = shared_context(request)
    assert set(shared) == {"supervision", "campaign", "group", "facts", "as_of", "findings", "unit", "unit_facts"}
    opinion = isolated_plugins.kinds.get("opinion").context(request)
    assert set(shared) <= set(opinion)
    assert shared["unit"].short_name == "市总工会" and shared["unit_facts"] is not None


# ------------------------------------------------------------------------------------------------ failures named


def failing(part: str) -> DocumentKind:
    def context(request):
        if part == "context":
            raise ZeroDivisionError("division by zero")
        return shared_context(request)

    def table(request):
        raise KeyError("列")

    return DocumentKind(name="broken", title="坏件", template="ledger.md.j2", context=context,
                        blocks={"ledger": table})


@pytest.mark.parametrize(("part", "message"), [
    ("context", "(context): ZeroDivisionError: division by zero"),
    ("slot", "(slot 'ledger'): KeyError: '列'"),
])
def test_a_failing_kind_is_named_like_a_failing_hook(demo, isolated_plugins, part, message):
    isolated_plugins.register(kinds_plugin(broken=failing(part)), name="acme", distribution="acme-kinds 1.0")
    with pytest.raises(PluginError) as caught:
        markdown(demo, "broken", isolated_plugins)
    assert str(caught.value) == f"plugin acme (acme-kinds 1.0) failed in document kind 'broken' {message}"


def test_a_kind_passed_directly_is_named_too(demo, isolated_plugins):
    from supervisio.pipeline import compose
    from supervisio.plugins import KindRequest

    request = KindRequest(supervision=demo, as_of=AS_OF, group=7)
    with pytest.raises(PluginError, match=r"^document kind 'broken', registered by no plugin, failed \(context\)"):
        compose(failing("context"), request, plugins=isolated_plugins)


def test_an_error_a_kind_raises_on_purpose_passes_through(demo, isolated_plugins):
    class NoRoster(SupervisioError):
        pass

    def context(request):
        raise NoRoster("group 7 has no roster yet")

    isolated_plugins.register(kinds_plugin(strict=DocumentKind(name="strict", title="严格", template="x.md.j2",
                                                               context=context)), name="acme")
    with pytest.raises(NoRoster, match=r"^group 7 has no roster yet$"):
        markdown(demo, "strict", isolated_plugins)


def test_a_failing_kind_stops_the_command_without_a_traceback(tmp_path):
    site = tmp_path / "site"
    install(site, "supervisio-broken-kind", "0.4.0", "brokenkind", "supervisio_broken_kind", module_source=(
        "from supervisio.plugins import DocumentKind, hookimpl\n\n"
        "def context(request):\n"
        "    return {'group': request.supervision.groups[99]}\n\n"
        "@hookimpl\n"
        "def supervisio_register_document_kinds(registry):\n"
        "    registry.add(DocumentKind(name='roster', title='名册', template='ledger.md.j2', context=context))\n"
    ))
    result = run(site, "render", "--kind", "roster", "-o", str(tmp_path / "roster.md"))
    assert result.returncode == 2
    assert result.stderr == (
        "supervisio: error: plugin brokenkind (supervisio-broken-kind 0.4.0) failed in document kind 'roster' "
        "(context): IndexError: tuple index out of range\n"
    )


# ------------------------------------------------------------------------------------------------ next: and blocks


def plugins_with_templates(folder):
    """A plugin manager with one plugin whose template folder is ``folder`` (built-ins registered too)."""

    class Templates:
        @hookimpl
        def supervisio_template_dirs(self):
            return [folder]

    plugins = Plugins(autoload=False)
    plugins.register(Templates(), name="templates")
    return plugins


def test_an_override_extends_a_plugins_template_with_next(demo, example, tmp_path):
    (tmp_path / "roster.md.j2").write_text(
        '{% extends "next:roster.md.j2" %}\n'
        "{% block intro %}截至{{ as_of | date_cn }}，名单如下。{% endblock %}\n", "utf-8")
    roster = markdown(demo, "roster", example, template_dir=tmp_path)
    assert "截至2022年4月15日，名单如下。\n\n- 钱立新（组长）" in roster
    assert "督导组七名同志" not in roster


def test_next_chains_user_over_plugin_over_builtin(demo, tmp_path):
    plugin_folder, user_folder = tmp_path / "plugin", tmp_path / "user"
    plugin_folder.mkdir()
    user_folder.mkdir()
    (plugin_folder / "prompt.md.j2").write_text(
        '{% extends "next:prompt.md.j2" %}{% block closing %}插件的结束语。{% endblock %}'
        "{% block note %}（联系人：插件）{% endblock %}", "utf-8")
    (user_folder / "prompt.md.j2").write_text(
        '{% extends "next:prompt.md.j2" %}{% block note %}（联系人：用户）{% endblock %}', "utf-8")

    plugins = plugins_with_templates(plugin_folder)
    both = markdown(demo, "prompt", plugins, template_dir=user_folder)
    assert "\n插件的结束语。\n" in both  # the plugin's block, kept by the user's override
    assert "（联系人：用户）" in both and "（联系人：插件）" not in both  # the user's block, over the plugin's
    assert "为推动“作风能力提升年”活动大调研工作扎实开展" in both  # the built-in's, under both


def test_builtin_prefix_still_reaches_the_builtin_past_a_plugin_override(demo, tmp_path):
    plugin_folder, user_folder = tmp_path / "plugin", tmp_path / "user"
    plugin_folder.mkdir()
    user_folder.mkdir()
    (plugin_folder / "prompt.md.j2").write_text("插件的全新模板\n", "utf-8")
    (user_folder / "prompt.md.j2").write_text(
        '{% extends "builtin:prompt.md.j2" %}{% block note %}（联系人：本人）{% endblock %}', "utf-8")

    plugins = plugins_with_templates(plugin_folder)
    prompt = markdown(demo, "prompt", plugins, template_dir=user_folder)
    assert "（联系人：本人）" in prompt and "插件的全新模板" not in prompt


def test_a_block_the_parent_does_not_have_is_reported(demo, example, tmp_path):
    override = tmp_path / "roster.md.j2"
    override.write_text('{% extends "next:roster.md.j2" %}\n\n{% block memebrs %}（略）{% endblock %}\n', "utf-8")
    with pytest.raises(TemplateError) as caught:
        markdown(demo, "roster", example, template_dir=tmp_path)
    assert str(caught.value) == (
        f"{override}:3: block 'memebrs' is not a block of next:roster.md.j2, so it would change nothing; "
        "its blocks are: intro, members"
    )


def test_blocks_of_every_ancestor_count_and_blocks_inside_blocks_are_new(demo, tmp_path):
    plugin_folder, user_folder = tmp_path / "plugin", tmp_path / "user"
    plugin_folder.mkdir()
    user_folder.mkdir()
    # the plugin's override adds a block of its own inside one of the built-in's
    (plugin_folder / "prompt.md.j2").write_text(
        '{% extends "builtin:prompt.md.j2" %}'
        "{% block closing %}{{ super() }}\n\n{% block remark %}插件备注。{% endblock %}\n{% endblock %}", "utf-8")
    # the user's overrides both a block of the built-in (two levels up) and the plugin's new one
    (user_folder / "prompt.md.j2").write_text(
        '{% extends "next:prompt.md.j2" %}{% block remark %}用户备注。{% endblock %}'
        "{% block note %}（联系人：本人）{% endblock %}", "utf-8")

    plugins = plugins_with_templates(plugin_folder)
    prompt = markdown(demo, "prompt", plugins, template_dir=user_folder)
    assert "用户备注。" in prompt and "插件备注。" not in prompt and "（联系人：本人）" in prompt


def test_a_template_that_extends_itself_is_told_to_use_next(demo, tmp_path):
    (tmp_path / "prompt.md.j2").write_text('{% extends "prompt.md.j2" %}{% block note %}{% endblock %}', "utf-8")
    with pytest.raises(TemplateError, match=r'extends itself \(prompt.md.j2 → prompt.md.j2\); to extend the '
                                            r'template it replaces, write \{% extends "next:prompt.md.j2" %\}'):
        markdown(demo, "prompt", Plugins(autoload=False), template_dir=tmp_path)


def test_next_past_the_builtins_is_an_error(demo, tmp_path):
    (tmp_path / "prompt.md.j2").write_text('{% extends "next:nothing.md.j2" %}', "utf-8")
    with pytest.raises(TemplateError, match=r"template 'next:nothing.md.j2' not found"):
        markdown(demo, "prompt", Plugins(autoload=False), template_dir=tmp_path)


def test_a_misspelt_block_stops_the_command_without_a_traceback(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text(
        '{% extends "builtin:report.md.j2" %}\n{% block next_step %}下一步。{% endblock %}\n', "utf-8")
    result = run(tmp_path, "render", "--kind", "report", "--templates", str(folder), "-o", str(tmp_path / "r.md"))
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"supervisio: error: {folder / 'report.md.j2'}:2: block 'next_step' is not a block of builtin:report.md.j2"
    )
    assert "next_steps" in result.stderr and "Traceback" not in result.stderr


def test_slot_blocks_are_real_blocks(demo, isolated_plugins):
    """A slot's builder may return any block: the ledger slot filled by a plugin's own paragraph."""
    kind = DocumentKind(name="note", title="便笺", template="ledger.md.j2", context=shared_context,
                        blocks={"ledger": lambda request: Paragraph(content=(Text("（台账另附）"),))})
    isolated_plugins.register(kinds_plugin(note=kind), name="notes")
    assert "（台账另附）" in markdown(demo, "note", isolated_plugins)
