"""Reading a .docx for the audit: its sections, and the effective properties of every paragraph and run.

Only the standard library: ``zipfile`` and ``xml.etree``. A property is looked up as Word does: the
document defaults (``w:docDefaults``), then the paragraph style and the styles it is based on, then the
character style of a run, then the direct formatting of the paragraph or run, the most specific winning
attribute by attribute. Fonts are kept per slot (ascii, hAnsi, eastAsia, cs), each either a named face or a
theme font (``w:eastAsiaTheme="minorEastAsia"``); a theme attribute beats a name in the same ``w:rFonts``.
Table styles and conditional table formatting are not applied (a known simplification, docs/audit.md).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree as ET

import attrs

from supervisio.audit.checks import AuditError

__all__ = [
    "SLOTS",
    "Docx",
    "Face",
    "Paragraph",
    "Run",
    "Section",
    "Table",
    "read_docx",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = R_NS + "/officeDocument"

Slot = Literal["ascii", "hAnsi", "eastAsia", "cs"]
SLOTS: tuple[Slot, ...] = ("ascii", "hAnsi", "eastAsia", "cs")
_THEME_ATTRIBUTE = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme", "eastAsia": "eastAsiaTheme", "cs": "cstheme"}
THEME_ATTRIBUTES = tuple(_THEME_ATTRIBUTE.values())
_MAX_PART_BYTES = 200 * 1024 * 1024
"""A part larger than this when unpacked is refused: a docx of text is a few megabytes."""


# ------------------------------------------------------------------------------------------ values


@attrs.frozen
class Face:
    """One font slot: a named face, or a theme font (which Word and WPS use instead of the name)."""

    name: str | None = None
    theme: str | None = None
    resolved: str | None = None
    """For a theme font, the face the document's theme gives it (may be empty)."""

    @property
    def effective(self) -> str | None:
        """The face Word uses: the theme's when a theme font is set, else the name."""
        return (self.resolved or None) if self.theme else self.name

    @property
    def named(self) -> str | None:
        """The face a viewer uses, when it is named (None when a theme font wins or nothing is set)."""
        return None if self.theme else self.name

    def describe(self) -> str:
        if self.theme:
            return f"theme {self.theme} (= {self.resolved or 'the theme default'})"
        return self.name or "(unset)"


Props = dict[str, object]
"""Properties gathered from ``w:rPr`` or ``w:pPr`` elements, one key per attribute."""


@attrs.frozen(kw_only=True)
class Run:
    text: str
    props: Props

    def face(self, slot: Slot) -> Face:
        value = self.props.get("font." + slot)
        return value if isinstance(value, Face) else Face()

    @property
    def size_pt(self) -> float | None:
        return _half_points(self.props.get("sz"))

    @property
    def color(self) -> str | None:
        value = self.props.get("color")
        return value if isinstance(value, str) else None

    @property
    def char_spacing(self) -> int:
        """Character spacing in twips (``w:spacing`` of the run; negative = condensed)."""
        value = self.props.get("spacing")
        return value if isinstance(value, int) else 0


@attrs.frozen(kw_only=True)
class Paragraph:
    text: str
    style_id: str | None
    style_name: str
    props: Props
    runs: tuple[Run, ...]
    in_table: bool = False
    page_break: bool = False

    def get_int(self, key: str) -> int | None:
        value = self.props.get(key)
        return value if isinstance(value, int) else None

    @property
    def jc(self) -> str:
        value = self.props.get("jc")
        return value if isinstance(value, str) else "left"

    @property
    def outline_level(self) -> int | None:
        return self.get_int("outlineLvl")

    def text_runs(self) -> tuple[Run, ...]:
        return tuple(r for r in self.runs if r.text.strip())


@attrs.frozen(kw_only=True)
class Table:
    paragraphs: tuple[Paragraph, ...]
    width_twips: int | None
    floating: bool
    anchored_bottom: bool
    borders: dict[str, tuple[str, int]]
    """tblBorders: side → (val, sz in eighths of a point)."""
    last_row_top: tuple[str, int] | None
    """The top border of the last row's first cell (the strict profile's 版记 ends with one)."""
    last_in_body: bool
    rows: int

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@attrs.frozen(kw_only=True)
class Section:
    width: int | None
    height: int | None
    margins: dict[str, int]
    grid: dict[str, str]
    footers: dict[str, str]
    """Footer reference type (default, even, first) → part name."""
    title_page: bool

    @property
    def landscape(self) -> bool:
        return self.width is not None and self.height is not None and self.width > self.height


@attrs.frozen(kw_only=True)
class Docx:
    path: str
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    """Every paragraph of the body, those in tables included (``in_table``), in reading order."""
    tables: tuple[Table, ...]
    footers: dict[str, tuple[Paragraph, ...]]
    even_and_odd_headers: bool
    theme_attributes: tuple[str, ...]
    """Where a ``w:*Theme`` font attribute is written: ``styles.xml: docDefaults eastAsiaTheme=minorHAnsi``."""
    normal_style: str


# ------------------------------------------------------------------------------------------ reading


def _half_points(value: object) -> float | None:
    return value / 2 if isinstance(value, int) else None


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return round(float(text))
    except ValueError:
        return None


def _on(element: ET.Element) -> bool:
    return element.get(W + "val", "true") not in ("0", "false", "off")


class _Package:
    """The zip and its parts, with located errors."""

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        try:
            self.zip = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise AuditError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise AuditError(f"{path}: is a folder, not a .docx") from None
        except (zipfile.BadZipFile, OSError) as error:
            raise AuditError(f"{path}: not a .docx (not a zip package: {error})") from None
        self.names = set(self.zip.namelist())

    def has(self, part: str) -> bool:
        return part in self.names

    def xml(self, part: str) -> ET.Element:
        info = self.zip.getinfo(part)
        if info.file_size > _MAX_PART_BYTES:
            raise AuditError(f"{self.name}: {part}: {info.file_size:,} bytes unpacked, too large")
        try:
            data = self.zip.read(part)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise AuditError(f"{self.name}: {part}: cannot be unpacked: {error}") from None
        try:
            return ET.fromstring(data)
        except ET.ParseError as error:
            line, column = error.position
            reason = re.sub(r": line \d+, column \d+$", "", str(error))
            raise AuditError(f"{self.name}: {part}:{line}:{column}: not well-formed XML ({reason})") from None

    def optional(self, part: str) -> ET.Element | None:
        return self.xml(part) if self.has(part) else None

    def relationships(self, part: str) -> dict[str, str]:
        """Relationship id → target part name, for ``part``."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        root = self.optional(rels)
        out: dict[str, str] = {}
        if root is None:
            return out
        for rel in root.iter(PKG_REL + "Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External" or not target:
                continue
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            out[rel.get("Id", "")] = name
            out.setdefault("type:" + rel.get("Type", ""), name)
        return out


def _main_part(package: _Package) -> str:
    target = package.relationships("").get("type:" + OFFICE_DOCUMENT)
    if target and package.has(target):
        return target
    if package.has("word/document.xml"):
        return "word/document.xml"
    raise AuditError(f"{package.name}: not a Word document (no word/document.xml in the package)")


# ----------------------------------------------------------------------------- properties


def _theme_fonts(package: _Package, main: str) -> dict[str, str]:
    """majorEastAsia → the theme's East Asian major face, etc."""
    part = package.relationships(main).get(
        "type:" + R_NS + "/theme", posixpath.join(posixpath.dirname(main), "theme/theme1.xml"))
    root = package.optional(part) if package.has(part) else None
    fonts: dict[str, str] = {}
    if root is None:
        return fonts
    for kind in ("major", "minor"):
        scheme = root.find(f".//{A_NS}{kind}Font")
        if scheme is None:
            continue
        latin = scheme.find(A_NS + "latin")
        ea = scheme.find(A_NS + "ea")
        cs = scheme.find(A_NS + "cs")
        hans = next((f.get("typeface", "") for f in scheme.findall(A_NS + "font")
                     if f.get("script") == "Hans"), "")
        fonts[kind + "HAnsi"] = fonts[kind + "Ascii"] = latin.get("typeface", "") if latin is not None else ""
        fonts[kind + "EastAsia"] = (ea.get("typeface", "") if ea is not None else "") or hans
        fonts[kind + "Bidi"] = cs.get("typeface", "") if cs is not None else ""
    return fonts


def _run_props(rpr: ET.Element | None, theme: dict[str, str]) -> Props:
    props: Props = {}
    if rpr is None:
        return props
    fonts = rpr.find(W + "rFonts")
    if fonts is not None:
        for slot in SLOTS:
            theme_name = fonts.get(W + _THEME_ATTRIBUTE[slot])
            name = fonts.get(W + slot)
            if theme_name is not None or name is not None:
                props["font." + slot] = Face(name, theme_name, theme.get(theme_name or ""))
    for key in ("sz", "spacing", "w"):
        element = rpr.find(W + key)
        if element is not None and _int(element.get(W + "val")) is not None:
            props[key] = _int(element.get(W + "val"))
    color = rpr.find(W + "color")
    if color is not None and color.get(W + "val"):
        props["color"] = color.get(W + "val", "").upper()
    bold = rpr.find(W + "b")
    if bold is not None:
        props["b"] = _on(bold)
    style = rpr.find(W + "rStyle")
    if style is not None:
        props["rStyle"] = style.get(W + "val")
    return props


def _paragraph_props(ppr: ET.Element | None) -> Props:
    props: Props = {}
    if ppr is None:
        return props
    spacing = ppr.find(W + "spacing")
    if spacing is not None:
        for key in ("line", "before", "after"):
            if _int(spacing.get(W + key)) is not None:
                props[key] = _int(spacing.get(W + key))
        if spacing.get(W + "lineRule"):
            props["lineRule"] = spacing.get(W + "lineRule")
        elif "line" in props:
            props["lineRule"] = "auto"
    ind = ppr.find(W + "ind")
    if ind is not None:
        for key, attributes in (("left", ("left", "start")), ("right", ("right", "end")),
                                ("firstLine", ("firstLine",)), ("firstLineChars", ("firstLineChars",))):
            for attribute in attributes:
                if _int(ind.get(W + attribute)) is not None:
                    props[key] = _int(ind.get(W + attribute))
        hanging = _int(ind.get(W + "hanging"))
        if hanging is not None:
            props["firstLine"] = -hanging
        hanging_chars = _int(ind.get(W + "hangingChars"))
        if hanging_chars is not None:
            props["firstLineChars"] = -hanging_chars
    for key in ("jc", "outlineLvl", "pStyle"):
        element = ppr.find(W + key)
        if element is not None and element.get(W + "val") is not None:
            value = element.get(W + "val", "")
            props[key] = _int(value) if key == "outlineLvl" else value
    if ppr.find(W + "pageBreakBefore") is not None and _on(ppr.find(W + "pageBreakBefore")):  # type: ignore[arg-type]
        props["pageBreakBefore"] = True
    return props


@attrs.frozen(kw_only=True)
class _Style:
    kind: str
    name: str
    based_on: str | None
    ppr: Props
    rpr: Props


class _Styles:
    def __init__(self, root: ET.Element | None, theme: dict[str, str]) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.default_character: str | None = None
        self.doc_rpr: Props = {}
        self.doc_ppr: Props = {}
        if root is None:
            return
        defaults = root.find(W + "docDefaults")
        if defaults is not None:
            self.doc_rpr = _run_props(defaults.find(f"{W}rPrDefault/{W}rPr"), theme)
            self.doc_ppr = _paragraph_props(defaults.find(f"{W}pPrDefault/{W}pPr"))
        for style in root.findall(W + "style"):
            style_id = style.get(W + "styleId", "")
            kind = style.get(W + "type", "paragraph")
            name_element = style.find(W + "name")
            based = style.find(W + "basedOn")
            self.styles[style_id] = _Style(
                kind=kind,
                name=name_element.get(W + "val", style_id) if name_element is not None else style_id,
                based_on=based.get(W + "val") if based is not None else None,
                ppr=_paragraph_props(style.find(W + "pPr")),
                rpr=_run_props(style.find(W + "rPr"), theme),
            )
            if style.get(W + "default") in ("1", "true", "on"):
                if kind == "paragraph":
                    self.default_paragraph = style_id
                elif kind == "character":
                    self.default_character = style_id

    def chain(self, style_id: str | None) -> list[_Style]:
        """The style and those it is based on, the most general first."""
        out: list[_Style] = []
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            out.append(style)
            style_id = style.based_on
        return out[::-1]

    def name(self, style_id: str | None) -> str:
        return self.styles[style_id].name if style_id is not None and style_id in self.styles else ""


# ----------------------------------------------------------------------------- paragraphs


def _run_text(run: ET.Element) -> str:
    parts: list[str] = []
    for child in run:
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("" if child.get(W + "type") == "page" else "\n")
    return "".join(parts)


def _runs(paragraph: ET.Element) -> Iterator[tuple[ET.Element, str]]:
    """(run, text) in reading order; a PAGE field's result reads as ``N`` (so a footer reads
    "— N —"), other fields' results as written; field instructions are left out."""
    state = "text"  # "instruction" between begin and separate, "result" between separate and end
    instruction = ""

    def walk(element: ET.Element) -> Iterator[tuple[ET.Element, str]]:
        nonlocal state, instruction
        for child in element:
            if child.tag == W + "r":
                char = child.find(W + "fldChar")
                if char is not None:
                    kind = char.get(W + "fldCharType")
                    if kind == "begin":
                        state, instruction = "instruction", ""
                    elif kind == "separate":
                        state = "result"
                        if _is_page(instruction):
                            yield child, "N"
                    elif kind == "end":
                        if state == "instruction" and _is_page(instruction):
                            yield child, "N"
                        state = "text"
                    continue
                if state == "instruction":
                    instruction += "".join(t.text or "" for t in child.iter(W + "instrText"))
                    continue
                if state == "result" and _is_page(instruction):
                    continue
                yield child, _run_text(child)
            elif child.tag == W + "fldSimple":
                if _is_page(child.get(W + "instr", "")):
                    first = child.find(W + "r")
                    yield (first if first is not None else child), "N"
                else:
                    yield from walk(child)
            elif child.tag in (W + "hyperlink", W + "smartTag", W + "ins", W + "sdt",
                               W + "sdtContent", W + "customXml"):
                yield from walk(child)

    yield from walk(paragraph)


def _is_page(instruction: str) -> bool:
    words = instruction.split()
    return bool(words) and words[0].upper() == "PAGE"


class _Reader:
    def __init__(self, styles: _Styles, theme: dict[str, str]) -> None:
        self.styles = styles
        self.theme = theme

    def paragraph(self, element: ET.Element, in_table: bool = False) -> Paragraph:
        ppr_element = element.find(W + "pPr")
        direct = _paragraph_props(ppr_element)
        style_id = direct.get("pStyle")
        style_id = style_id if isinstance(style_id, str) and style_id in self.styles.styles \
            else self.styles.default_paragraph
        chain = self.styles.chain(style_id)
        ppr: Props = dict(self.styles.doc_ppr)
        base_rpr: Props = dict(self.styles.doc_rpr)
        for style in chain:
            ppr.update(style.ppr)
            base_rpr.update(style.rpr)
        ppr.update(direct)
        runs: list[Run] = []
        page_break = bool(ppr.get("pageBreakBefore"))
        for run, text in _runs(element):
            direct_rpr = _run_props(run.find(W + "rPr"), self.theme)
            rpr = dict(base_rpr)
            char_style = direct_rpr.get("rStyle")
            for style in self.styles.chain(char_style if isinstance(char_style, str) else None):
                rpr.update(style.rpr)
            rpr.update(direct_rpr)
            if any(br.get(W + "type") == "page" for br in run.iter(W + "br")):
                page_break = True
            runs.append(Run(text=text, props=rpr))
        return Paragraph(
            text="".join(r.text for r in runs),
            style_id=style_id,
            style_name=self.styles.name(style_id),
            props=ppr,
            runs=tuple(runs),
            in_table=in_table,
            page_break=page_break,
        )

    def blocks(self, body: ET.Element) -> tuple[list[Paragraph], list[Table], list[ET.Element]]:
        paragraphs: list[Paragraph] = []
        tables: list[Table] = []
        sections: list[ET.Element] = []
        children = list(self._flatten(body))
        for index, child in enumerate(children):
            if child.tag == W + "p":
                paragraphs.append(self.paragraph(child))
                sect = child.find(f"{W}pPr/{W}sectPr")
                if sect is not None:
                    sections.append(sect)
            elif child.tag == W + "tbl":
                table = self.table(child, children[index + 1:])
                tables.append(table)
                paragraphs.extend(table.paragraphs)
            elif child.tag == W + "sectPr":
                sections.append(child)
        return paragraphs, tables, sections

    def _flatten(self, element: ET.Element) -> Iterator[ET.Element]:
        for child in element:
            if child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
                yield from self._flatten(child)
            elif child.tag in (W + "p", W + "tbl", W + "sectPr"):
                yield child

    def table(self, element: ET.Element, after: list[ET.Element]) -> Table:
        paragraphs = [self.paragraph(p, in_table=True) for p in element.iter(W + "p")]
        tblpr = element.find(W + "tblPr")
        width = floating = anchored_bottom = None
        borders: dict[str, tuple[str, int]] = {}
        if tblpr is not None:
            w = tblpr.find(W + "tblW")
            if w is not None and w.get(W + "type", "dxa") == "dxa":
                width = _int(w.get(W + "w"))
            position = tblpr.find(W + "tblpPr")
            floating = position is not None
            anchored_bottom = position is not None and position.get(W + "tblpYSpec") == "bottom"
            box = tblpr.find(W + "tblBorders")
            if box is not None:
                for side in box:
                    borders[side.tag.removeprefix(W)] = (side.get(W + "val", ""), _int(side.get(W + "sz")) or 0)
        rows = element.findall(W + "tr")
        last_top = None
        if rows:
            top = rows[-1].find(f"{W}tc/{W}tcPr/{W}tcBorders/{W}top")
            if top is not None:
                last_top = (top.get(W + "val", ""), _int(top.get(W + "sz")) or 0)
        rest = [e for e in after if e.tag != W + "sectPr"]
        last = all(e.tag == W + "p" and not "".join(t.text or "" for t in e.iter(W + "t")).strip()
                   for e in rest)
        return Table(
            paragraphs=tuple(paragraphs), width_twips=width, floating=bool(floating),
            anchored_bottom=bool(anchored_bottom), borders=borders, last_row_top=last_top,
            last_in_body=last, rows=len(rows),
        )


def _section(element: ET.Element, relationships: dict[str, str]) -> Section:
    size = element.find(W + "pgSz")
    margins = element.find(W + "pgMar")
    grid = element.find(W + "docGrid")
    footers = {
        ref.get(W + "type", "default"): relationships.get(ref.get("{" + R_NS + "}id", ""), "")
        for ref in element.findall(W + "footerReference")
    }
    title = element.find(W + "titlePg")
    return Section(
        width=_int(size.get(W + "w")) if size is not None else None,
        height=_int(size.get(W + "h")) if size is not None else None,
        margins={k.removeprefix(W): v for k, v in
                 ((k, _int(v)) for k, v in (margins.attrib.items() if margins is not None else ()))
                 if v is not None},
        grid={k.removeprefix(W): v for k, v in (grid.attrib.items() if grid is not None else ())},
        footers=footers,
        title_page=title is not None and _on(title),
    )


def _theme_attributes(part: str, root: ET.Element | None) -> list[str]:
    found: list[str] = []
    if root is None:
        return found
    defaults = root.find(f"{W}docDefaults")
    places: list[tuple[str, ET.Element]] = []
    if defaults is not None:
        places.append(("docDefaults", defaults))
    for style in root.findall(W + "style"):
        places.append((f"style {style.get(W + 'styleId')}", style))
    if root.tag != W + "styles":
        places.append(("text", root))
    for where, element in places:
        for fonts in element.iter(W + "rFonts"):
            for attribute in THEME_ATTRIBUTES:
                value = fonts.get(W + attribute)
                if value is not None:
                    found.append(f"{part}: {where} {attribute}={value}")
    return list(dict.fromkeys(found))


def read_docx(path: str | Path) -> Docx:
    """The sections, paragraphs, tables, footers and settings of the .docx at ``path``."""
    package = _Package(Path(path))
    with package.zip:
        main = _main_part(package)
        relationships = package.relationships(main)
        document = package.xml(main)
        body = document.find(W + "body")
        if body is None:
            raise AuditError(f"{package.name}: {main}: no w:body: not a Word document")
        theme = _theme_fonts(package, main)
        styles_part = relationships.get("type:" + R_NS + "/styles", "word/styles.xml")
        styles_root = package.optional(styles_part)
        styles = _Styles(styles_root, theme)
        reader = _Reader(styles, theme)
        paragraphs, tables, section_elements = reader.blocks(body)
        settings_part = relationships.get("type:" + R_NS + "/settings", "word/settings.xml")
        settings = package.optional(settings_part)
        even_odd = settings is not None and any(
            _on(e) for e in settings.findall(W + "evenAndOddHeaders"))
        sections = tuple(_section(s, relationships) for s in section_elements)
        footers: dict[str, tuple[Paragraph, ...]] = {}
        themed = _theme_attributes(styles_part, styles_root) + _theme_attributes(main, document)
        for section in sections:
            for part in section.footers.values():
                if part in footers or not package.has(part):
                    continue
                root = package.xml(part)
                footers[part] = tuple(reader.paragraph(p) for p in root.iter(W + "p"))
                themed += _theme_attributes(part, root)
        return Docx(
            path=package.name,
            sections=sections,
            paragraphs=tuple(paragraphs),
            tables=tuple(tables),
            footers=footers,
            even_and_odd_headers=even_odd,
            theme_attributes=tuple(dict.fromkeys(themed)),
            normal_style=styles.default_paragraph or "",
        )
