"""The layer rules of docs/architecture.md, checked over the import graph of the source.

Every ``import`` and ``from … import`` in a module counts, at the top or inside a function (a lazy import
is still a dependency). Each rule names a package and what it must not import, with the reason; a new
dependency that breaks a rule fails here, not in review.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {
    "supervisio": ROOT / "src" / "supervisio",
    "supervisio_docx": ROOT / "plugins" / "supervisio-docx" / "src" / "supervisio_docx",
}
FILE_FORMATS = ("yaml", "tomllib", "tomli_w", "tomlkit", "json", "msgspec", "cattrs", "openpyxl", "xlrd")
RENDERING = ("jinja2", "docx", "markdown_it", "pluggy")


def _modules() -> Iterator[tuple[str, Path]]:
    for package, folder in SOURCES.items():
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join((package, *parts)), path


def _imports(path: Path, module: str) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                base = module.split(".")[: -node.level] if path.name != "__init__.py" else (
                    module.split(".")[: len(module.split(".")) - node.level + 1])
                yield ".".join([*base, node.module] if node.module else base)
            else:
                yield node.module or ""


GRAPH = {module: sorted(set(_imports(path, module))) for module, path in _modules()}


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def _supervisio(*names: str) -> tuple[str, ...]:
    return tuple(f"supervisio.{name}" for name in names)


def _all_of_ours_but(*allowed: str) -> tuple[str, ...]:
    """Every top-level package and module of supervisio except ``allowed`` (a "may import only" rule)."""
    ours = {".".join(module.split(".")[:2]) for module in GRAPH if module.startswith("supervisio.")}
    return tuple(sorted(ours - set(_supervisio(*allowed))))


RULES = [
    ("supervisio.domain",
     _supervisio("storage", "spreadsheet", "cli", "demo", "templating", "renderers", "doctree", "kinds",
                 "pipeline", "plugins", "testing") + FILE_FORMATS + RENDERING,
     "the domain is pure: records and rules, no storage, file format, template or renderer"),
    ("supervisio.doctree",
     _supervisio("domain", "storage", "spreadsheet", "cli", "demo", "templating", "renderers", "kinds",
                 "pipeline", "plugins"),
     "the document tree is below the domain and the renderers: a renderer reads trees without loading either"),
    ("supervisio.renderers",
     _supervisio("domain", "storage", "spreadsheet", "cli", "demo", "templating", "kinds", "pipeline"),
     "a renderer takes the finished tree and its options, never records, templates or files"),
    ("supervisio.storage",
     _supervisio("renderers", "templating", "kinds", "doctree", "pipeline", "cli", "plugins", "spreadsheet"),
     "campaign files are an edge: they make domain values and nothing else"),
    ("supervisio.spreadsheet",
     _supervisio("renderers", "templating", "kinds", "doctree", "pipeline", "cli", "plugins"),
     "ledger workbooks are an edge, like campaign files"),
    ("supervisio.document_settings", ("supervisio",),
     "the document settings sit below the domain and the renderers, which both read them"),
    ("supervisio.errors", ("supervisio",), "every layer raises these errors: they import nothing of ours"),
    ("supervisio.numerals", ("supervisio",), "pure functions used by every layer"),
    ("supervisio.layout", _all_of_ours_but("layout", "doctree", "document_settings", "numerals", "errors"),
     "the layout layer is below the renderers, beside the tree: it may import only supervisio.doctree, "
     "supervisio.document_settings, supervisio.numerals and supervisio.errors"),
    ("supervisio.audit",
     _supervisio("domain", "storage", "spreadsheet", "cli", "demo", "templating", "renderers", "kinds",
                 "pipeline", "plugins"),
     "the audit reads any .docx or PDF on its own: it must not lean on how our renderers write them"),
]

PUBLIC_API = _supervisio("plugins", "renderers", "renderers.base", "doctree.nodes", "doctree.conventions",
                         "numerals", "document_settings", "errors", "layout")
"""What a plugin may import: the documented public modules (docs/plugins.md)."""


@pytest.mark.parametrize(("package", "forbidden", "why"), RULES, ids=[rule[0] for rule in RULES])
def test_layer_rule(package, forbidden, why):
    broken = [
        f"{module} imports {name}"
        for module, names in GRAPH.items() if _within(module, (package,))
        for name in names if _within(name, forbidden) and not _within(name, (package,))
    ]
    assert not broken, f"{why}:\n" + "\n".join(broken)


def test_only_the_command_line_imports_the_command_line():
    broken = [f"{module} imports {name}" for module, names in GRAPH.items()
              if not _within(module, ("supervisio.cli",)) for name in names if _within(name, ("supervisio.cli",))]
    assert not broken, "the CLI is the outermost layer:\n" + "\n".join(broken)


def test_the_docx_plugin_uses_only_the_public_api():
    broken = [f"{module} imports {name}" for module, names in GRAPH.items()
              if _within(module, ("supervisio_docx",)) for name in names
              if _within(name, ("supervisio",)) and name not in PUBLIC_API]
    assert not broken, "plugins use only the public API (docs/plugins.md):\n" + "\n".join(broken)


def test_the_graph_was_read():
    """The rules above would pass vacuously over an empty graph."""
    assert len(GRAPH) > 80 and "supervisio.domain.facts" in GRAPH and "supervisio_docx.renderer" in GRAPH
    assert "supervisio.domain.vocabulary" in GRAPH["supervisio.domain.problems"]
