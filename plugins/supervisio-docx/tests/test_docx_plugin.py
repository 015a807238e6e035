"""The plugin as supervisio sees it: entry point, hook, cheap import, conformance, a valid
package."""

from __future__ import annotations

import importlib.metadata
import io
import re
import subprocess
import sys

import docx

from docx_samples import SAMPLES, briefing, report
from docx_xml import NS, Package, paragraph_text, render
from supervisio.renderers.base import Renderer, RenderOptions
from supervisio.testing import Outline, RendererConformance
from supervisio_docx import DocxRenderer, supervisio_register_renderers
from supervisio_docx.text import xml_safe


class TestDocxConformance(RendererConformance):
    """supervisio's suite for every renderer, with the text and the shape read back from document.xml.

    The shape is the headings (paragraph styles ``Heading1``–``Heading4``) and the data tables (table
    style ``DataTable``: cells per row). Which block each paragraph came from is not told: a list item
    is a paragraph with its marker, a page break a property of the next paragraph.
    """

    renderer = DocxRenderer()

    def read_text(self, data: bytes) -> str:
        package = Package(data)
        return "\n".join(paragraph_text(p) for p in package.xpath("//w:body//w:p"))

    def read_structure(self, data: bytes) -> Outline:
        package = Package(data)
        styles = package.xpath("/w:document/w:body/w:p/w:pPr/w:pStyle/@w:val")
        tables = package.xpath("/w:document/w:body/w:tbl[w:tblPr/w:tblStyle/@w:val='DataTable']")
        return Outline(
            headings=tuple(int(style[-1]) for style in styles if re.fullmatch(r"Heading[1-4]", style)),
            tables=tuple(tuple(len(row.xpath("w:tc", namespaces=NS)) for row in table.xpath("w:tr", namespaces=NS))
                         for table in tables),
        )

    def expected_text(self, text: str) -> str:
        return xml_safe(text)  # documented: characters XML cannot hold become U+FFFD


def test_entry_point_names_the_plugin_module():
    points = importlib.metadata.entry_points(group="supervisio")
    assert [p.value for p in points if p.name == "docx"] == ["supervisio_docx"]


def test_hook_registers_the_renderer():
    class Registry:
        def __init__(self):
            self.added = []

        def add(self, renderer):
            self.added.append(renderer)

    registry = Registry()
    supervisio_register_renderers(registry)
    (renderer,) = registry.added
    assert isinstance(renderer, Renderer)
    assert (renderer.name, renderer.suffix) == ("docx", ".docx")
    assert renderer.media_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    # the hook carries pluggy's marker of the "supervisio" project
    assert hasattr(supervisio_register_renderers, "supervisio_impl")


def test_hook_matches_supervisio_hookspec():
    """pluggy checks the implementation against the spec when the plugin is registered."""
    import pluggy

    import supervisio_docx
    from supervisio.plugins import RendererRegistry, hookspecs

    manager = pluggy.PluginManager("supervisio")
    manager.add_hookspecs(hookspecs)
    manager.register(supervisio_docx, "docx")
    registry = RendererRegistry()
    manager.hook.supervisio_register_renderers(registry=registry)
    assert registry.for_suffix(".docx").name == "docx"


def test_import_does_not_load_python_docx():
    code = "import sys, supervisio_docx; print(sorted({'docx', 'lxml'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_package_parts_and_content_types(report_package):
    names = set(report_package.names())
    assert {
        "[Content_Types].xml",
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/fontTable.xml",
        "word/theme/theme1.xml",
        "docProps/core.xml",
        "docProps/app.xml",
    } <= names
    # nothing inherited from python-docx's default template
    assert not names & {
        "word/stylesWithEffects.xml",
        "word/numbering.xml",
        "docProps/thumbnail.jpeg",
    }


def test_python_docx_reads_the_output_back():
    for build in SAMPLES.values():
        document = build()
        opened = docx.Document(io.BytesIO(DocxRenderer().render(document, RenderOptions())))
        assert opened.core_properties.title == document.meta.title
        assert opened.settings.odd_and_even_pages_header_footer


def test_core_title_falls_back_to_the_first_title_and_survives_bad_characters():
    document = report()
    untitled = type(document)(meta=type(document.meta)(title="标题\x01"), blocks=document.blocks)
    opened = docx.Document(io.BytesIO(DocxRenderer().render(untitled, RenderOptions())))
    assert opened.core_properties.title == "标题\ufffd"
    bare = type(document)(blocks=document.blocks)
    opened = docx.Document(io.BytesIO(DocxRenderer().render(bare, RenderOptions())))
    assert opened.core_properties.title.startswith("第三巡回督导组关于")


def test_equal_documents_give_equal_bytes():
    assert DocxRenderer().render(briefing(), RenderOptions()) == DocxRenderer().render(
        briefing(), RenderOptions()
    )


def test_every_xml_part_is_well_formed(briefing_package):
    parts = [name for name in briefing_package.names() if name.endswith((".xml", ".rels"))]
    parsed = [briefing_package.xml(name) for name in parts]  # a malformed part raises here
    assert "word/document.xml" in parts and len(parsed) == len(parts) >= 8


def test_render_returns_a_docx_for_each_profile():
    for profile in ("word", "strict"):
        package = render(report(), RenderOptions(profile=profile))
        assert package.data[:2] == b"PK"
