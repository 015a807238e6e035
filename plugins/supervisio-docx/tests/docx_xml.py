"""Reading a rendered .docx back for assertions: its parts parsed with lxml, and WordprocessingML
paths."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from supervisio.doctree.nodes import Document, Paragraph, Text
from supervisio.renderers.base import RenderOptions
from supervisio_docx import DocxRenderer

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS}


def w(name: str) -> str:
    """The Clark name of ``w:name`` (for attributes: ``element.get(w("val"))``)."""
    return f"{{{W_NS}}}{name}"


class Package:
    """A rendered .docx: its bytes, and each XML part parsed on first use."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self._parsed: dict[str, etree._Element] = {}

    def names(self) -> list[str]:
        return self.zip.namelist()

    def xml(self, name: str) -> etree._Element:
        if name not in self._parsed:
            self._parsed[name] = etree.fromstring(self.zip.read(name))
        return self._parsed[name]

    @property
    def document(self) -> etree._Element:
        return self.xml("word/document.xml")

    @property
    def styles(self) -> etree._Element:
        return self.xml("word/styles.xml")

    @property
    def settings(self) -> etree._Element:
        return self.xml("word/settings.xml")

    def xpath(self, path: str, part: str = "word/document.xml") -> list:
        return self.xml(part).xpath(path, namespaces=NS)

    def style(self, style_id: str) -> etree._Element:
        (found,) = self.xpath(f"//w:style[@w:styleId='{style_id}']", "word/styles.xml")
        return found

    def body_paragraphs(self) -> list[etree._Element]:
        """The paragraphs of the body outside tables."""
        return self.xpath("/w:document/w:body/w:p")

    def paragraph_with(self, text: str) -> etree._Element:
        """The first body paragraph whose text contains ``text``."""
        for p in self.xpath("//w:body//w:p"):
            if text in paragraph_text(p):
                return p
        raise AssertionError(f"no paragraph contains {text!r}")

    def footers(self) -> dict[str, etree._Element]:
        """The footer parts by reference type (default, even)."""
        rels = etree.fromstring(self.zip.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        refs = self.xpath("//w:sectPr/w:footerReference")
        r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        return {ref.get(w("type")): self.xml("word/" + targets[ref.get(r_id)]) for ref in refs}


def render(document: Document, options: RenderOptions | None = None) -> Package:
    return Package(DocxRenderer().render(document, options or RenderOptions()))


def paragraph_text(p: etree._Element) -> str:
    """The text of a paragraph as its runs print it: ``w:t`` text, ``w:tab`` → tab, ``w:br`` →
    LF."""
    parts = []
    for node in p.iter(w("t"), w("tab"), w("br")):
        if node.tag == w("t"):
            parts.append(node.text or "")
        elif node.tag == w("tab"):
            if node.getparent().tag == w("r"):
                parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def read_back(text: str, options: RenderOptions | None = None) -> str:
    """The text of a document holding one paragraph with ``text``, read back from document.xml."""
    package = render(Document(blocks=(Paragraph(content=(Text(text),)),)), options)
    (p,) = package.body_paragraphs()
    return paragraph_text(p)


def twips_of(element: etree._Element, attribute: str) -> int:
    return int(element.get(w(attribute)))
