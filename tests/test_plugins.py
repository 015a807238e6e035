"""Plugins: built-ins through the hooks, entry points found lazily, clashes and failures named."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from supervisio.doctree.nodes import Document, Paragraph, Text
from supervisio.plugins import (
    DocumentKind,
    PluginError,
    Plugins,
    RenderOptions,
    UnknownName,
    hookimpl,
)
from support import FIXTURES

EXAMPLE = FIXTURES / "plugin-example"


def install(site: Path, name: str, version: str, entry: str, target: str, package: Path | None = None,
            module_source: str | None = None) -> None:
    """Install a distribution the way pip leaves it: a .dist-info with entry points, and the code beside it."""
    site.mkdir(exist_ok=True)
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", "utf-8")
    (info / "entry_points.txt").write_text(f"[supervisio]\n{entry} = {target}\n", "utf-8")
    if package is not None:
        shutil.copytree(package, site / package.name)
    if module_source is not None:
        (site / f"{target}.py").write_text(module_source, "utf-8")


def run(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(site), **env}
    return subprocess.run(
        [sys.executable, "-m", "supervisio.cli", *args],
        capture_output=True, text=True, encoding="utf-8", env=environment, timeout=120,
    )


@pytest.fixture
def example_site(tmp_path) -> Path:
    site = tmp_path / "site"
    install(site, "supervisio-example", "1.0.0", "example", "supervisio_example",
            package=EXAMPLE / "src" / "supervisio_example")
    return site


def test_builtins_register_through_the_hooks(isolated_plugins):
    assert {"md", "html"} <= set(isolated_plugins.renderers.names())
    assert isolated_plugins.kinds.names() == ["report", "briefing", "prompt", "opinion", "rectification", "ledger",
                                              "weekly", "bulletin"]
    assert str(isolated_plugins.renderers.provider_of("html")).startswith("plugin supervisio.renderers.builtin")


def test_a_separately_installed_renderer_is_found_and_used(example_site, tmp_path):
    listing = run(example_site, "plugins")
    assert listing.returncode == 0, listing.stderr
    assert "supervisio-example 1.0.0" in listing.stdout
    assert "txt      .txt" in listing.stdout
    assert "roster         督导组名册" in listing.stdout
    out = tmp_path / "ledger.txt"
    result = run(example_site, "render", "--kind", "ledger", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text("utf-8")
    assert text.startswith("第七巡回督导组问题台账")
    assert "DD07" not in text and "市总工会" in text  # the ledger rows, built from the records
    roster = tmp_path / "roster.md"
    result = run(example_site, "render", "--kind", "roster", "-o", str(roster))
    assert result.returncode == 0, result.stderr
    assert "（组长）" in roster.read_text("utf-8")


def test_autoload_can_be_disabled_and_plugins_blocked(example_site):
    for env in ({"SUPERVISIO_DISABLE_PLUGIN_AUTOLOAD": "1"}, {"SUPERVISIO_DISABLE_PLUGINS": "example"}):
        listing = run(example_site, "plugins", **env)
        assert listing.returncode == 0, listing.stderr
        assert "supervisio-example" not in listing.stdout


def test_a_plugin_that_fails_to_import_is_named(tmp_path):
    site = tmp_path / "site"
    install(site, "supervisio-broken", "0.3.0", "broken", "supervisio_broken",
            module_source="raise ImportError('no module named docx2')\n")
    result = run(site, "plugins")
    assert result.returncode == 2
    assert result.stderr == (
        "supervisio: error: plugin broken (supervisio-broken 0.3.0) cannot be loaded from "
        "'supervisio_broken': ImportError: no module named docx2\n"
    )


def test_two_renderers_of_one_name_are_an_error_naming_both(isolated_plugins):
    class Html:
        name, suffix, media_type = "html", ".htm", "text/html"

        def render(self, document, options):
            return b""

    class Clash:
        @hookimpl
        def supervisio_register_renderers(self, registry):
            registry.add(Html())

    isolated_plugins.register(Clash(), name="clash", distribution="acme-html 2.0")
    with pytest.raises(PluginError) as caught:
        _ = isolated_plugins.renderers
    message = str(caught.value)
    assert "format 'html' is provided twice" in message
    assert "plugin supervisio.renderers.builtin (supervisio (built in))" in message
    assert "plugin clash (acme-html 2.0)" in message
    assert message.endswith("SUPERVISIO_DISABLE_PLUGINS=clash")  # the plugin, never the built-in, to block


def test_an_exception_inside_a_hook_names_the_plugin(isolated_plugins):
    class Faulty:
        @hookimpl
        def supervisio_register_document_kinds(self, registry):
            raise RuntimeError("database unreachable")

    isolated_plugins.register(Faulty(), name="faulty", distribution="supervisio-faulty 0.1")
    with pytest.raises(PluginError, match=r"^plugin faulty \(supervisio-faulty 0.1\) failed in "
                                          r"supervisio_register_document_kinds: RuntimeError: database unreachable$"):
        _ = isolated_plugins.kinds


def test_a_renderer_without_render_is_refused(isolated_plugins):
    class Incomplete:
        name, suffix, media_type = "pdf", ".pdf", "application/pdf"

    class Plugin:
        @hookimpl
        def supervisio_register_renderers(self, registry):
            registry.add(Incomplete())

    isolated_plugins.register(Plugin(), name="half")
    with pytest.raises(PluginError, match="registered a renderer without render"):
        _ = isolated_plugins.renderers


def test_unknown_names_list_what_is_available(isolated_plugins):
    with pytest.raises(UnknownName, match=r"unknown format 'pdf'; available: html, md"):
        isolated_plugins.renderers.get("pdf")
    with pytest.raises(UnknownName, match="unknown document kind 'minutes'; available: briefing, bulletin, ledger"):
        isolated_plugins.kinds.get("minutes")
    with pytest.raises(UnknownName, match=r"no renderer writes '.pdf' files"):
        isolated_plugins.renderers.for_suffix(".pdf")


def test_transforms_chain_and_are_checked(isolated_plugins):
    class Upper:
        @hookimpl
        def supervisio_transform_document(self, document, options):
            return Document(meta=document.meta, blocks=document.blocks + (Paragraph(content=(Text("附"),)),))

    class Wrong:
        @hookimpl
        def supervisio_transform_document(self, document, options):
            return "not a document"

    isolated_plugins.register(Upper(), name="upper")
    result = isolated_plugins.transform_document(Document(), RenderOptions())
    assert result.blocks == (Paragraph(content=(Text("附"),)),)
    isolated_plugins.register(Wrong(), name="wrong")
    with pytest.raises(PluginError, match=r"plugin wrong .* returned str from supervisio_transform_document"):
        isolated_plugins.transform_document(Document(), RenderOptions())


def test_registering_by_hand_rebuilds_the_registries(isolated_plugins):
    assert "roster" not in isolated_plugins.kinds

    class Kinds:
        @hookimpl
        def supervisio_register_document_kinds(self, registry):
            registry.add(DocumentKind(name="roster", title="名册", template="roster.md.j2", context=dict))

    isolated_plugins.register(Kinds(), name="kinds")
    assert "roster" in isolated_plugins.kinds


def test_plugins_are_not_loaded_at_import():
    code = "import sys, supervisio, supervisio.plugins; print('supervisio_docx' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_blocked_plugins_are_skipped():
    plugins = Plugins(autoload=False, blocked=["supervisio.renderers.builtin"])
    assert plugins.renderers.names() == []


def test_template_dirs_and_prepare_environment_reach_the_templates(demo, isolated_plugins, tmp_path):
    from supervisio.pipeline import render_kind

    (tmp_path / "ledger.md.j2").write_text(
        '{% extends "builtin:ledger.md.j2" %}{% block footer %}{{ group.title | shout }}{% endblock %}', "utf-8"
    )

    class Templates:
        @hookimpl
        def supervisio_template_dirs(self):
            return [tmp_path]

        @hookimpl
        def supervisio_prepare_environment(self, env):
            env.filters["shout"] = lambda text: f"{text}！"

    isolated_plugins.register(Templates(), name="templates")
    markdown = render_kind(demo, "ledger", "md", as_of=demo.campaign.start.replace(month=4, day=15),
                           group=7, plugins=isolated_plugins).decode("utf-8")
    assert markdown.rstrip().endswith("第七巡回督导组！")


def test_every_hook_is_documented_and_tested():
    import inspect

    from supervisio.plugins import hookspecs

    hooks = [name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("supervisio_")]
    assert len(hooks) == 5
    reference = (Path(__file__).parents[1] / "docs" / "hooks.md").read_text("utf-8")
    tests = Path(__file__).read_text("utf-8")
    for hook in hooks:
        assert f"\n## {hook}\n" in reference, f"docs/hooks.md has no section for {hook}"
        assert f"def {hook}(" in tests, f"no test implements {hook}"


# ------------------------------------------------------------------------------------------------ pluggy's calling


def appending(text):
    """A transform that appends a paragraph saying ``text``."""

    def transform(document, options):
        return Document(meta=document.meta, blocks=document.blocks + (Paragraph(content=(Text(text),)),))

    return transform


def paragraphs(document):
    return [block.content[0].text for block in document.blocks]


def test_a_tryfirst_transform_runs_before_one_without(isolated_plugins):
    class Early:
        @hookimpl(tryfirst=True)
        def supervisio_transform_document(self, document, options):
            return appending("tryfirst")(document, options)

    class Plain:
        @hookimpl
        def supervisio_transform_document(self, document, options):
            return appending("plain")(document, options)

    class Late:
        @hookimpl(trylast=True)
        def supervisio_transform_document(self, document, options):
            return appending("trylast")(document, options)

    # registered in the order that would put each in the wrong place if the order were registration's
    isolated_plugins.register(Late(), name="late")
    isolated_plugins.register(Early(), name="early")
    isolated_plugins.register(Plain(), name="plain")
    result = isolated_plugins.transform_document(Document(), RenderOptions())
    assert paragraphs(result) == ["tryfirst", "plain", "trylast"]


def test_plain_transforms_run_last_registered_first_each_on_the_one_before(isolated_plugins):
    class First:
        @hookimpl
        def supervisio_transform_document(self, document):  # an implementation may take fewer arguments
            return appending(f"first saw {len(document.blocks)}")(document, None)

    class Second:
        @hookimpl
        def supervisio_transform_document(self, document, options):
            return appending(f"second saw {len(document.blocks)}")(document, options)

    isolated_plugins.register(First(), name="first")
    isolated_plugins.register(Second(), name="second")
    result = isolated_plugins.transform_document(Document(), RenderOptions())
    assert paragraphs(result) == ["second saw 0", "first saw 1"]


def test_a_wrapper_sees_the_result_and_can_change_it(isolated_plugins):
    seen = []

    class Wrapper:
        @hookimpl(wrapper=True)
        def supervisio_transform_document(self, document, options):
            seen.append(paragraphs(document))
            result = yield
            seen.append(paragraphs(result))
            return appending("wrapped")(result, options)

    class OldStyle:
        @hookimpl(hookwrapper=True)
        def supervisio_transform_document(self, document, options):
            outcome = yield
            outcome.force_result(appending("old-style")(outcome.get_result(), options))

    isolated_plugins.register(Wrapper(), name="wrapper")
    isolated_plugins.register(OldStyle(), name="old-style")
    isolated_plugins.register(type("Plain", (), {"supervisio_transform_document": hookimpl(
        lambda self, document, options: appending("plain")(document, options))})(), name="plain")
    result = isolated_plugins.transform_document(Document(), RenderOptions())
    # the old-style wrapper, registered later, is outside the new-style one
    assert paragraphs(result) == ["plain", "wrapped", "old-style"]
    assert seen == [[], ["plain"]]


def test_a_wrapper_of_a_registration_hook_wraps_every_registration(isolated_plugins):
    class Counting:
        @hookimpl(wrapper=True)
        def supervisio_register_document_kinds(self, registry):
            before = len(registry)
            yield
            registry.add(DocumentKind(name="count", title=f"{len(registry) - before}种", template="c.md.j2",
                                      context=dict))

    isolated_plugins.register(Counting(), name="counting", distribution="acme-count 1.0")
    kinds = isolated_plugins.kinds
    assert kinds.get("count").title == "8种"
    assert str(kinds.provider_of("count")) == "plugin counting (acme-count 1.0)"
    assert str(kinds.provider_of("report")).startswith("plugin supervisio.kinds.builtin")


def test_each_entry_is_credited_to_the_plugin_that_added_it(isolated_plugins):
    class Formats:
        def __init__(self, name):
            self.name = name

        @hookimpl
        def supervisio_register_renderers(self, registry):
            renderer = type("R", (), {"name": self.name, "suffix": f".{self.name}", "media_type": "text/plain",
                                      "render": lambda self, document, options: b""})()
            registry.add(renderer)

    # one class, two instances: the same code, two plugins
    isolated_plugins.register(Formats("one"), name="one", distribution="acme-one 1")
    isolated_plugins.register(Formats("two"), name="two", distribution="acme-two 2")
    renderers = isolated_plugins.renderers
    assert str(renderers.provider_of("one")) == "plugin one (acme-one 1)"
    assert str(renderers.provider_of("two")) == "plugin two (acme-two 2)"


@pytest.mark.parametrize("where", ["plain", "tryfirst", "wrapper before", "wrapper after", "helper"])
def test_the_implementation_that_raises_is_named(isolated_plugins, where):
    def fail(document):
        raise ValueError(f"bad tree ({where})")

    class Innocent:
        @hookimpl(wrapper=True)
        def supervisio_transform_document(self, document, options):
            return (yield)

    class Faulty:
        if where in ("plain", "helper"):
            @hookimpl
            def supervisio_transform_document(self, document, options):
                if where == "helper":
                    fail(document)
                raise ValueError(f"bad tree ({where})")
        elif where == "tryfirst":
            @hookimpl(tryfirst=True)
            def supervisio_transform_document(self, document, options):
                raise ValueError(f"bad tree ({where})")
        else:
            @hookimpl(wrapper=True)
            def supervisio_transform_document(self, document, options):
                if where == "wrapper before":
                    raise ValueError(f"bad tree ({where})")
                yield
                raise ValueError(f"bad tree ({where})")

    isolated_plugins.register(Innocent(), name="innocent", distribution="acme-innocent 1")
    isolated_plugins.register(Faulty(), name="faulty", distribution="acme-faulty 0.2")
    isolated_plugins.register(type("Plain", (), {"supervisio_transform_document": hookimpl(
        lambda self, document, options: None)})(), name="plain")
    with pytest.raises(PluginError) as caught:
        isolated_plugins.transform_document(Document(), RenderOptions())
    assert str(caught.value) == (
        f"plugin faulty (acme-faulty 0.2) failed in supervisio_transform_document: ValueError: bad tree ({where})"
    )


def test_a_failing_template_dirs_implementation_is_named_among_others(isolated_plugins, tmp_path):
    class Good:
        @hookimpl
        def supervisio_template_dirs(self):
            return [tmp_path]

    class Bad:
        @hookimpl
        def supervisio_template_dirs(self):
            return [Path("/a")] + [1 / 0]

    isolated_plugins.register(Bad(), name="bad", distribution="acme-bad 3")
    isolated_plugins.register(Good(), name="good")
    with pytest.raises(PluginError, match=r"^plugin bad \(acme-bad 3\) failed in supervisio_template_dirs: "
                                          r"ZeroDivisionError"):
        isolated_plugins.template_dirs()


# ------------------------------------------------------------------------------------------------ mistakes found at load


def test_a_misspelt_hook_is_reported_with_the_nearest_one(isolated_plugins):
    class Typo:
        @hookimpl
        def supervisio_register_renderer(self, registry):
            pass

    with pytest.raises(PluginError) as caught:
        isolated_plugins.register(Typo(), name="typo", distribution="acme-typo 1.0")
    assert str(caught.value) == (
        "plugin typo (acme-typo 1.0) implements supervisio_register_renderer, which is not a hook of supervisio; "
        "did you mean supervisio_register_renderers?"
    )
    assert "typo" not in [info.name for info in isolated_plugins.info()]
    assert isolated_plugins.renderers.names()  # the manager is still usable


def test_an_unknown_hook_far_from_any_lists_the_hooks(isolated_plugins):
    class Stranger:
        @hookimpl
        def supervisio_do_everything(self):
            pass

    with pytest.raises(PluginError, match=r"supervisio_do_everything, which is not a hook of supervisio; the hooks "
                                          r"are supervisio_prepare_environment, supervisio_register_document_kinds"):
        isolated_plugins.register(Stranger(), name="stranger")


def test_an_optional_unknown_hook_is_allowed(isolated_plugins):
    class Future:
        @hookimpl(optionalhook=True)
        def supervisio_register_rules(self, registry):
            pass

    isolated_plugins.register(Future(), name="future")
    assert "future" in [info.name for info in isolated_plugins.info()]


def test_a_hook_function_not_marked_is_reported(isolated_plugins):
    class Forgot:
        def supervisio_template_dirs(self):
            return []

    with pytest.raises(PluginError, match=r"^plugin forgot \(acme 1\) defines supervisio_template_dirs without "
                                          r"marking it with @hookimpl"):
        isolated_plugins.register(Forgot(), name="forgot", distribution="acme 1")


def test_a_wrapper_that_cannot_yield_is_reported(isolated_plugins):
    class NoYield:
        @hookimpl(wrapper=True)
        def supervisio_transform_document(self, document, options):
            return document

    with pytest.raises(PluginError, match=r"(?s)^plugin noyield \(not installed as a distribution\) cannot be "
                                          r"registered: .*supervisio_transform_document.*not a generator function"):
        isolated_plugins.register(NoYield(), name="noyield")


def test_an_installed_plugin_with_a_misspelt_hook_stops_the_command_without_a_traceback(tmp_path):
    site = tmp_path / "site"
    install(site, "supervisio-typo", "0.1.0", "typo", "supervisio_typo", module_source=(
        "from supervisio.plugins import hookimpl\n\n"
        "@hookimpl\n"
        "def supervisio_transfrom_document(document, options):\n"
        "    return None\n"
    ))
    result = run(site, "plugins")
    assert result.returncode == 2
    assert result.stderr == (
        "supervisio: error: plugin typo (supervisio-typo 0.1.0) implements supervisio_transfrom_document, which is "
        "not a hook of supervisio; did you mean supervisio_transform_document?\n"
    )


def test_an_installed_plugin_failing_in_a_hook_stops_the_command_without_a_traceback(tmp_path):
    site = tmp_path / "site"
    install(site, "supervisio-faulty", "0.2.0", "faulty", "supervisio_faulty", module_source=(
        "from supervisio.plugins import hookimpl\n\n"
        "@hookimpl(tryfirst=True)\n"
        "def supervisio_transform_document(document, options):\n"
        "    raise KeyError('meta')\n"
    ))
    result = run(site, "render", "--kind", "prompt", "-o", str(tmp_path / "prompt.md"))
    assert result.returncode == 2
    assert result.stderr == (
        "supervisio: error: plugin faulty (supervisio-faulty 0.2.0) failed in supervisio_transform_document: "
        "KeyError: 'meta'\n"
    )
    assert not (tmp_path / "prompt.md").exists()
