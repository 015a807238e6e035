"""``{{ super() }}`` prints the parent block as the Markdown it is, not as data to escape (issue 9, item 3).

An override of a built-in template whose every block is only ``{{ super() }}`` must render exactly what
the built-in renders, in every format: paragraphs stay paragraphs, list items stay list items.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

import pytest

from supervisio.demo import DEMO_AS_OF, DEMO_GROUP, load_demo
from supervisio.pipeline import render_kind
from supervisio.templating.environment import BUILTIN_TEMPLATES

KINDS = {"prompt": None, "report": None, "briefing": None, "opinion": "临江市行政审批局"}
BLOCK = re.compile(r"{%-?\s*block\s+(\w+)")


def _pass_through(kind: str) -> str:
    """An override that extends the built-in template and redefines each block as ``{{ super() }}``."""
    names = BLOCK.findall((BUILTIN_TEMPLATES / f"{kind}.md.j2").read_text(encoding="utf-8"))
    assert names, f"the built-in {kind} template has no blocks"
    body = "".join(f"{{% block {name} %}}{{{{ super() }}}}{{% endblock %}}" for name in names)
    return f'{{% extends "builtin:{kind}.md.j2" %}}{body}'


def _comparable(data: bytes, fmt: str) -> bytes:
    if fmt != "docx":
        return data
    with zipfile.ZipFile(BytesIO(data)) as package:  # the package's timestamps differ run to run
        return package.read("word/document.xml")


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_override_of_only_super_renders_what_the_builtin_renders(tmp_path, kind, fmt):
    (tmp_path / f"{kind}.md.j2").write_text(_pass_through(kind), encoding="utf-8")
    demo = load_demo()
    common = dict(as_of=DEMO_AS_OF, group=DEMO_GROUP, unit=KINDS[kind])
    builtin = render_kind(demo, kind, fmt, **common)
    overridden = render_kind(demo, kind, fmt, template_dir=tmp_path, **common)
    assert _comparable(overridden, fmt) == _comparable(builtin, fmt)


def test_text_around_super_is_added_and_the_parent_keeps_its_structure(tmp_path):
    """The documented use: text before the parent block, which keeps its paragraphs and list items."""
    names = BLOCK.findall((BUILTIN_TEMPLATES / "prompt.md.j2").read_text(encoding="utf-8"))
    assert "items" in names
    (tmp_path / "prompt.md.j2").write_text(
        '{% extends "builtin:prompt.md.j2" %}{% block items %}另请注意：材料于周五前报送。\n\n{{ super() }}'
        "{% endblock %}",
        encoding="utf-8",
    )
    demo = load_demo()
    builtin = render_kind(demo, "prompt", "md", as_of=DEMO_AS_OF, group=DEMO_GROUP).decode("utf-8")
    text = render_kind(demo, "prompt", "md", as_of=DEMO_AS_OF, group=DEMO_GROUP,
                       template_dir=tmp_path).decode("utf-8")
    assert "另请注意：材料于周五前报送。\n\n" in text
    assert "&#10;" not in text and "\\-" not in text
    assert text.replace("另请注意：材料于周五前报送。\n\n", "", 1) == builtin
