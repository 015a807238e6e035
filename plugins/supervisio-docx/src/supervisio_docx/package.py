"""Assembling the .docx: python-docx for the package, one string for the body.

python-docx keeps the package consistent — part names, relationships, content types — while footers
and core properties are added (docs/gbt9704.md §6.4 recipe), and writes the properties with correct
escaping and dates. The body is not handed to it: parsing a 10,000-row ledger into lxml only to
serialise it again would cost more than building it. So python-docx saves the package with an empty
body, and the body string is put into ``word/document.xml`` next to the section properties
python-docx wrote (they now reference the footers).

python-docx and lxml are imported here, inside :func:`render_docx`, and nowhere else: importing the
plugin must stay cheap (the CLI lists renderers in ``--help``).
"""

from __future__ import annotations

import io
import zipfile

from supervisio.doctree.nodes import Document, Title, plain_text
from supervisio.renderers.base import RenderOptions
from supervisio_docx.blocks import render_body
from supervisio_docx.chart import add_chart_parts
from supervisio_docx.context import Context
from supervisio_docx.furniture import page_number_paragraph
from supervisio_docx.template import DOCUMENT_CLOSE, DOCUMENT_OPEN, base_template, zip_parts
from supervisio_docx.text import xml_safe

__all__ = ["render_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BODY_PART = "word/document.xml"


def render_docx(document: Document, options: RenderOptions) -> bytes:
    """The bytes of ``document`` as a GB/T 9704 .docx."""
    import docx
    from lxml import etree

    ctx = Context.create(options, document.meta.landscape)
    body = render_body(document.blocks, ctx)

    shell = docx.Document(io.BytesIO(base_template(ctx)))
    section = shell.sections[0]
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        root = footer.part.element
        for child in list(root):
            root.remove(child)
        root.append(
            etree.fromstring(f'<w:ftr xmlns:w="{_W}">{page_number_paragraph(odd)}</w:ftr>')[0]
        )
    if ctx.charts:
        add_chart_parts(shell.part, ctx.charts, ctx.latin)
    title = _title(document)
    if title:
        shell.core_properties.title = title
    if document.meta.issuer:
        shell.core_properties.author = _core_property(document.meta.issuer)
    saved = io.BytesIO()
    shell.save(saved)

    section_properties = etree.tostring(shell.element.body.sectPr)
    document_xml: list[bytes | str] = [DOCUMENT_OPEN, *body, section_properties, DOCUMENT_CLOSE]
    return _with_body(saved.getvalue(), document_xml)


def _title(document: Document) -> str | None:
    """The title for the core properties: the metadata's, else the text of the first 标题."""
    title = document.meta.title
    if title is None:
        title = next(
            (
                plain_text(b.content).replace("\n", "")
                for b in document.blocks
                if isinstance(b, Title)
            ),
            None,
        )
    return _core_property(title) if title else None


CORE_PROPERTY_LIMIT = 255
"""The most characters python-docx lets a core property (title, author) hold."""


def _core_property(text: str) -> str:
    """``text`` fit for a core property: XML-safe, and cut to :data:`CORE_PROPERTY_LIMIT` characters.

    A title longer than that (a work prompt's title is the records', any length) is cut with an ellipsis
    rather than refused: the document's own title, in the body, stays whole; the property is only what a
    file manager or Word's "Properties" shows.
    """
    text = xml_safe(text)
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    return text[: CORE_PROPERTY_LIMIT - 1] + "…"


def _with_body(package: bytes, document_xml: list[bytes | str]) -> bytes:
    """``package`` with its main document part replaced by the chunks of ``document_xml``."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        parts = [
            (name, document_xml if name == _BODY_PART else source.read(name))
            for name in source.namelist()
        ]
    return zip_parts(parts)
