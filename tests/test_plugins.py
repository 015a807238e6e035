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
    assert isolated_plugins.kinds.names() == ["report", "briefing", "prompt", "opinion", "rectification", "ledger"]
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
        isolated_plugins.renderers
    message = str(caught.value)
    assert "format 'html' is provided twice" in message
    assert "plugin supervisio.renderers.builtin (supervisio (built in))" in message
    assert "plugin clash (acme-html 2.0)" in message


def test_an_exception_inside_a_hook_names_the_plugin(isolated_plugins):
    class Faulty:
        @hookimpl
        def supervisio_register_document_kinds(self, registry):
            raise RuntimeError("database unreachable")

    isolated_plugins.register(Faulty(), name="faulty", distribution="supervisio-faulty 0.1")
    with pytest.raises(PluginError, match=r"^plugin faulty \(supervisio-faulty 0.1\) failed in "
                                          r"supervisio_register_document_kinds: RuntimeError: database unreachable$"):
        isolated_plugins.kinds


def test_a_renderer_without_render_is_refused(isolated_plugins):
    class Incomplete:
        name, suffix, media_type = "pdf", ".pdf", "application/pdf"

    class Plugin:
        @hookimpl
        def supervisio_register_renderers(self, registry):
            registry.add(Incomplete())

    isolated_plugins.register(Plugin(), name="half")
    with pytest.raises(PluginError, match="registered a renderer without render"):
        isolated_plugins.renderers


def test_unknown_names_list_what_is_available(isolated_plugins):
    with pytest.raises(UnknownName, match=r"unknown format 'pdf'; available: html, md"):
        isolated_plugins.renderers.get("pdf")
    with pytest.raises(UnknownName, match="unknown document kind 'minutes'; available: briefing, ledger"):
        isolated_plugins.kinds.get("minutes")
    with pytest.raises(UnknownName, match="no renderer writes '.pdf' files"):
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
    with pytest.raises(PluginError, match="plugin wrong .* returned str from supervisio_transform_document"):
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
