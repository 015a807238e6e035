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

    # -- formatting as a reader sees it: direct, then the paragraph style and its bases, then the
    # -- document defaults (formatting lives in styles: the body states only what differs)

    def style_chain(self, style_id: str | None) -> list[etree._Element]:
        """``style_id``'s style and the styles it is based on, nearest first (Normal without an
        id)."""
        chain = []
        style_id = style_id or "Normal"
        while style_id:
            found = self.xpath(f"//w:style[@w:styleId='{style_id}']", "word/styles.xml")
            if not found:
                raise AssertionError(f"style {style_id!r} is used but not defined")
            chain.append(found[0])
            based = found[0].find(f"{w('basedOn')}")
            style_id = based.get(w("val")) if based is not None else None
        return chain

    def _paragraph_sources(self, p: etree._Element) -> list[etree._Element]:
        """The pPr elements that apply to ``p``, nearest first."""
        ppr = p.find(w("pPr"))
        style = ppr.find(w("pStyle")).get(w("val")) if ppr is not None and ppr.find(
            w("pStyle")) is not None else None
        sources = [ppr] if ppr is not None else []
        chain = self.style_chain(style)
        sources += [s.find(w("pPr")) for s in chain if s.find(w("pPr")) is not None]
        return sources + self.xpath("//w:docDefaults/w:pPrDefault/w:pPr", "word/styles.xml")

    def p_element(self, p: etree._Element, name: str) -> etree._Element | None:
        """The nearest ``w:name`` among the properties that apply to paragraph ``p``."""
        for ppr in self._paragraph_sources(p):
            found = ppr.find(w(name))
            if found is not None:
                return found
        return None

    def p_attr(self, p: etree._Element, name: str, attribute: str) -> str | None:
        """``w:name/@w:attribute`` of paragraph ``p``, each attribute resolved on its own (as Word
        and LibreOffice merge ``w:ind`` and ``w:spacing``)."""
        for ppr in self._paragraph_sources(p):
            found = ppr.find(w(name))
            if found is not None and found.get(w(attribute)) is not None:
                return found.get(w(attribute))
        return None

    def _run_sources(self, r: etree._Element) -> list[etree._Element]:
        """The rPr elements that apply to run ``r``, nearest first."""
        p = next(a for a in r.iterancestors() if a.tag == w("p"))
        ppr = p.find(w("pPr"))
        style = ppr.find(w("pStyle")).get(w("val")) if ppr is not None and ppr.find(
            w("pStyle")) is not None else None
        rpr = r.find(w("rPr"))
        sources = [rpr] if rpr is not None else []
        chain = self.style_chain(style)
        sources += [s.find(w("rPr")) for s in chain if s.find(w("rPr")) is not None]
        return sources + self.xpath("//w:docDefaults/w:rPrDefault/w:rPr", "word/styles.xml")

    def r_element(self, r: etree._Element, name: str) -> etree._Element | None:
        """The nearest ``w:name`` among the properties that apply to run ``r``."""
        for rpr in self._run_sources(r):
            found = rpr.find(w(name))
            if found is not None:
                return found
        return None

    def r_attr(self, r: etree._Element, name: str, attribute: str) -> str | None:
        """``w:name/@w:attribute`` of run ``r``, each attribute resolved on its own (``w:rFonts``
        slots and hint)."""
        for rpr in self._run_sources(r):
            found = rpr.find(w(name))
            if found is not None and found.get(w(attribute)) is not None:
                return found.get(w(attribute))
        return None

    def bold(self, r: etree._Element) -> bool:
        b = self.r_element(r, "b")
        return b is not None and b.get(w("val")) not in ("0", "false")

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
