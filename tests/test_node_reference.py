"""docs/nodes.md is the node reference generated from doctree/nodes.py and doctree/conventions.py, and stays so.

Run ``python tests/test_node_reference.py`` to rewrite the page after changing a node or its docstring; the
test fails, saying so, while the page and the code disagree. The style attributes listed there are checked
to be honoured by every built-in renderer: a table's ``cell-size`` changes what each one writes.
"""

from __future__ import annotations

import inspect
import re
import sys
import typing
from pathlib import Path

import attrs
import pytest

from supervisio.doctree import conventions, nodes

PAGE = Path(__file__).parents[1] / "docs" / "nodes.md"

_HEADER = """\
# The document tree: node reference

<!-- Generated from the docstrings of src/supervisio/doctree/nodes.py and doctree/conventions.py by
     tests/test_node_reference.py; run `python tests/test_node_reference.py` to rewrite it. -->

Every document is a tree of these nodes between its template and its renderer (`supervisio.doctree.nodes`,
also `supervisio.plugins.nodes`). Every node is a frozen attrs value: trees compare by value and are built
freely in Python. A renderer receives a `Document` whose headings are numbered; it escapes every `Text` for
its format and ignores style classes and attributes it does not know. The Markdown that writes each node is
in `docs/markdown.md`.
"""


def _markdown(docstring: str) -> str:
    """A docstring's reStructuredText roles and literals as Markdown code spans."""
    text = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", inspect.cleandoc(docstring))
    return re.sub(r"``([^`]+)``", r"`\1`", text)


def _summary(cls: type) -> str:
    return _markdown(cls.__doc__ or "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _union_members(alias: object) -> list[type]:
    return [member for member in typing.get_args(alias) if isinstance(member, type)]


def _default(field: attrs.Attribute) -> str:
    if field.default is attrs.NOTHING:
        return "required"
    if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
        return f"`{field.default.factory.__name__}()`"
    if isinstance(field.default, (nodes.Style, nodes.Meta)):
        return f"`{type(field.default).__name__}()`"
    return f"`{field.default!r}`"


def _section(cls: type) -> str:
    lines = [f"### {cls.__name__}", "", _summary(cls), ""]
    fields = attrs.fields(cls)
    if fields:
        lines += ["| field | type | default |", "|---|---|---|"]
        # the annotation as written (``attrs.resolve_types``, which cattrs calls, replaces ``field.type``)
        written = inspect.get_annotations(cls)
        lines += [f"| `{f.name}` | `{_cell(str(written.get(f.name, f.type)))}` | {_default(f)} |" for f in fields]
        lines.append("")
    else:
        lines += ["No fields.", ""]
    return "\n".join(lines)


def _style_attributes() -> str:
    lines = [
        "## Style attributes every built-in renderer honours",
        "",
        _markdown(conventions.__doc__ or "").split("\n\n")[0],
        "",
        "| attribute | on | values | meaning |",
        "|---|---|---|---|",
    ]
    for name, attribute in conventions.STYLE_ATTRIBUTES.items():
        values = ", ".join(attribute.values)
        lines.append(f"| `{name}` | `{attribute.node}` | {values} | {attribute.meaning} |")
    lines += ["", "Any other class or attribute is free for a renderer's own use; renderers ignore what they do "
                  "not know.", ""]
    return "\n".join(lines)


def reference() -> str:
    """The text docs/nodes.md must hold."""
    blocks = _union_members(nodes.Block)
    inlines = _union_members(nodes.Inline)
    parts = [
        _HEADER,
        "## The document\n",
        _section(nodes.Document),
        _section(nodes.Meta),
        "## Blocks\n",
        "A `Block` is one of: " + ", ".join(f"`{cls.__name__}`" for cls in blocks) + ".\n",
        *(_section(cls) for cls in blocks),
        "A `Chart`'s `series` are `Series` values:\n",
        _section(nodes.Series),
        "## Inlines\n",
        "An `Inline` is one of: " + ", ".join(f"`{cls.__name__}`" for cls in inlines) + ". A table `Cell` is a "
        "tuple of inlines.\n",
        *(_section(cls) for cls in inlines),
        "## Style\n",
        _section(nodes.Style),
        _style_attributes(),
    ]
    return "\n".join(parts).rstrip() + "\n"


def test_the_node_reference_is_generated_from_the_code():
    documented = {cls for cls in vars(nodes).values() if isinstance(cls, type) and attrs.has(cls)}
    covered = {nodes.Document, nodes.Meta, nodes.Style, nodes.Series, *_union_members(nodes.Block),
               *_union_members(nodes.Inline)}
    assert documented == covered, f"nodes missing from the reference: {documented - covered}"
    assert PAGE.read_text("utf-8") == reference(), (
        "docs/nodes.md differs from the docstrings of doctree/nodes.py: run `python tests/test_node_reference.py`"
    )


def test_every_node_says_what_it_is():
    for cls in (nodes.Document, nodes.Meta, nodes.Style, *_union_members(nodes.Block), *_union_members(nodes.Inline)):
        assert cls.__doc__ and cls.__doc__.strip(), f"{cls.__name__} has no docstring"


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
@pytest.mark.parametrize("attribute", sorted(conventions.STYLE_ATTRIBUTES))
def test_every_builtin_renderer_honours_the_style_attributes(fmt, attribute, isolated_plugins):
    from supervisio.pipeline import render_document
    from supervisio.plugins import Plugins, RenderOptions

    plugins = Plugins() if fmt == "docx" else isolated_plugins
    if fmt not in plugins.renderers:
        pytest.skip(f"the {fmt} renderer is not installed")
    spec = conventions.STYLE_ATTRIBUTES[attribute]
    build, (first, second) = SAMPLES[spec.node]
    outputs = {value: render_document(build(attribute, value), fmt, RenderOptions(), plugins)
               for value in (first, second)}
    assert outputs[first] != outputs[second], f"{fmt} writes the same {spec.node} whatever its {attribute}"


def _table(attribute: str, value: str) -> nodes.Document:
    cells = ((nodes.Text("单元格"),),)
    style = nodes.Style(attributes=((attribute, value),))
    return nodes.Document(blocks=(nodes.Table(header=cells, rows=(cells,), style=style),))


def _chart(attribute: str, value: str) -> nodes.Document:
    series = tuple(nodes.Series(name=name, values=(1.0, 2.0)) for name in ("绿灯", "黄灯", "红灯"))
    style = nodes.Style(attributes=((attribute, value),))
    chart = nodes.Chart(kind="stacked-bar", labels=("甲", "乙"), series=series, style=style)
    return nodes.Document(blocks=(chart,))


SAMPLES = {"Table": (_table, ("小四", "五号")), "Chart": (_chart, ("#00B050,#FFC000,#C00000", "#1F4E79"))}
"""For each node a style attribute applies to: a one-block document with the attribute set, and two values
that must give different outputs."""


if __name__ == "__main__":
    PAGE.write_text(reference(), "utf-8")
    sys.stdout.write(f"wrote {PAGE}\n")
