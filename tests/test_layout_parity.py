"""The HTML page and the docx place the same things in the same cells: read back out of both outputs.

Both renderers take their placements from :mod:`supervisio.layout`; this reads what each one actually
wrote — the HTML's ``calc(N * var(--cell))`` paddings, ``calc(N * var(--line))`` margins and classes,
the docx's ``w:ind``/``w:spacing`` twips, table rows and tabs — turns both into the same plain values
(cells, lines, texts) and compares them, for every demo document and for signatures and dates
Hypothesis makes up. A renderer that computed a placement of its own, or wrote the layout's value
wrongly, fails here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from html.parser import HTMLParser

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supervisio.demo import DEMO_AS_OF, DEMO_GROUP
from supervisio.doctree.nodes import DateLine, Document, Paragraph, Signature, Text
from supervisio.layout import BODY_CELL_PT, ISSUE_LINE_INSET, place_closing
from supervisio.pipeline import render_kind
from supervisio.plugins import get_plugins
from supervisio.renderers.base import RenderOptions

pytest.importorskip("supervisio_docx")
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CELL_TWIPS = BODY_CELL_PT * 20
KINDS = ("report", "briefing", "prompt", "opinion", "rectification", "ledger")
UNITS = {"opinion": "临江市行政审批局", "rectification": "临江市应急管理局"}


@attrs.frozen
class Placed:
    """What the parity is about, as plain values: the closings, the 版记, the 报头, list markers."""

    closings: tuple[tuple[tuple[tuple[str, float], ...], tuple[str, float] | None, int | None], ...]
    """Per closing: (署名 line, right indent) pairs, (date, right indent), blank lines above the 署名."""
    imprint: tuple[tuple[tuple[str, str], ...], ...]
    """Per group of 版记 lines: (left text, right text) per line."""
    masthead: tuple[str, ...] | None
    """Name, 期号, issuer, date, inset (cells) of the 报头's issue line."""
    markers: tuple[str, ...]
    """Every list item's marker, in order."""


def _cells(value: float) -> float:
    """An indent in cells, to the quarter cell the layout's rules produce (twips are rounded)."""
    return round(value * 4) / 4


# ------------------------------------------------------------------------------------------ HTML


@attrs.define
class _Node:
    tag: str
    attributes: dict[str, str]
    children: list[_Node | str] = attrs.Factory(list)

    @property
    def classes(self) -> list[str]:
        return self.attributes.get("class", "").split()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag: str | None = None, cls: str | None = None) -> list[_Node]:
        found = []
        for child in self.children:
            if isinstance(child, _Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    found.append(child)
                found.extend(child.all(tag, cls))
        return found


class _TreeBuilder(HTMLParser):
    VOID = frozenset({"br", "col", "hr", "meta", "img", "input", "link"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs_})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _calc(style: str, prop: str, unit: str) -> float | None:
    match = re.search(rf"{prop}:calc\(([\d.]+) \* var\(--{unit}\)\)", style)
    return None if match is None else float(match.group(1))


def html_placed(data: bytes) -> Placed:
    """The placements an HTML page holds."""
    builder = _TreeBuilder()
    builder.feed(data.decode("utf-8"))
    sheet = builder.root.all("main")[0]
    closings = []
    for node in sheet.all():
        if "signature" in node.classes and node.tag == "div":
            lines = tuple(
                (p.text(), _cells(_calc(p.attributes["style"], "padding-right", "cell") or 0))
                for p in node.all("p", "signature-name")
            )
            blank = _calc(node.attributes.get("style", ""), "margin-top", "line")
            closings.append([lines, None, None if blank is None else int(blank)])
        elif "dateline" in node.classes:
            date = (node.text(), _cells(_calc(node.attributes["style"], "padding-right", "cell") or 0))
            if closings and closings[-1][1] is None and closings[-1][0]:
                closings[-1][1] = date
            else:
                closings.append([(), date, None])
    footers = sheet.all("footer", "imprint")
    groups: list[list[tuple[str, str]]] = []
    for line in footers[0].all("p", "imprint-line") if footers else []:
        right = line.all("span", "imprint-copies") + line.all("span", "imprint-date")
        right_text = right[0].text() if right else ""
        left = line.text()[: len(line.text()) - len(right_text)]
        if not groups or "imprint-ruled" in line.classes:
            groups.append([])
        groups[-1].append((left, right_text))
    mastheads = sheet.all("header", "masthead")
    masthead = None
    if mastheads:
        header = mastheads[0]

        def first(tag: str, cls: str) -> str:
            found = header.all(tag, cls)
            return found[0].text() if found else ""

        line = header.all("p", "masthead-line")[0]
        inset = re.fullmatch(r"padding:0 calc\(([\d.]+) \* var\(--cell\)\)", line.attributes["style"])
        assert inset is not None
        masthead = (first("p", "masthead-name"), first("p", "masthead-issue"),
                    first("span", "masthead-issuer"), first("span", "masthead-date"), inset.group(1))
    markers = tuple(p.attributes["data-list-marker"] for p in sheet.all("p") if "data-list-marker" in p.attributes)
    return Placed(
        closings=tuple((lines, date, blank) for lines, date, blank in closings),
        imprint=tuple(tuple(group) for group in groups),
        masthead=masthead,
        markers=markers,
    )


# ------------------------------------------------------------------------------------------ docx


def _paragraph_text(p: etree._Element) -> str:
    parts = []
    for node in p.iter(f"{W}t", f"{W}tab"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.getparent().tag == f"{W}r":  # a tab character, not a tab stop
            parts.append("\t")
    return "".join(parts)


def _style_of(p: etree._Element) -> str | None:
    style = p.find(f"{W}pPr/{W}pStyle")
    return None if style is None else style.get(f"{W}val")


def _twips(p: etree._Element, element: str, attribute: str) -> int | None:
    found = p.find(f"{W}pPr/{W}{element}")
    value = None if found is None else found.get(f"{W}{attribute}")
    return None if value is None else int(value)


def docx_placed(data: bytes, marker_texts: tuple[str, ...] = ()) -> Placed:
    """The placements a .docx holds (its body and styles read with lxml)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
        styles = etree.fromstring(package.read("word/styles.xml"))
    pitch = int(body.find(f"{W}sectPr/{W}docGrid").get(f"{W}linePitch"))
    closings: list[list] = []
    masthead_parts: dict[str, str] = {}
    for p in body.iter(f"{W}p"):
        style = _style_of(p)
        if style == "SignatureLine":
            indent = _cells((_twips(p, "ind", "right") or 0) / CELL_TWIPS)
            before = _twips(p, "spacing", "before")
            if before is not None:  # the first 署名 line: a new closing
                closings.append([[], None, before // pitch])
            closings[-1][0].append((_paragraph_text(p), indent))
        elif style == "DateLine":
            date = (_paragraph_text(p), _cells((_twips(p, "ind", "right") or 0) / CELL_TWIPS))
            if closings and closings[-1][1] is None and closings[-1][0]:
                closings[-1][1] = date
            else:
                closings.append([[], date, None])
        elif style in ("MastheadName", "MastheadIssue", "MastheadIssuer"):
            masthead_parts[style] = _paragraph_text(p)
    groups = []
    for table in body.iter(f"{W}tbl"):
        if table.find(f"{W}tblPr/{W}tblpPr") is None:  # the 版记 is the floating table
            continue
        for row in table.iter(f"{W}tr"):
            lines = []
            for p in row.iter(f"{W}p"):
                text = _paragraph_text(p)
                if not text:  # the strict profile's rise row
                    continue
                left, _, right = text.partition("\t")
                lines.append((left, right))
            if lines:
                groups.append(tuple(lines))
    masthead = None
    if masthead_parts:
        issuer, _, date = masthead_parts.get("MastheadIssuer", "").partition("\t")
        (issuer_style,) = styles.xpath("//w:style[@w:styleId='MastheadIssuer']",
                                       namespaces={"w": W[1:-1]})
        first_line = int(issuer_style.find(f"{W}pPr/{W}ind").get(f"{W}firstLine"))
        tab = int(issuer_style.find(f"{W}pPr/{W}tabs/{W}tab").get(f"{W}pos"))
        block = int(body.find(f"{W}sectPr/{W}pgSz").get(f"{W}w")) - sum(
            int(body.find(f"{W}sectPr/{W}pgMar").get(f"{W}{side}")) for side in ("left", "right"))
        assert _cells(first_line / CELL_TWIPS) == _cells((block - tab) / CELL_TWIPS)
        masthead = (masthead_parts.get("MastheadName", ""), masthead_parts.get("MastheadIssue", ""),
                    issuer, date, f"{_cells(first_line / CELL_TWIPS):g}")
    texts = [_paragraph_text(p) for p in body.iter(f"{W}p")]
    markers = tuple(marker for marker in marker_texts if any(t.startswith(marker) for t in texts))
    return Placed(
        closings=tuple((tuple(lines), date, blank) for lines, date, blank in closings),
        imprint=tuple(groups),
        masthead=masthead,
        markers=markers,
    )


# ------------------------------------------------------------------------------------------ checks


def check_same_placements(html: bytes, docx: bytes) -> Placed:
    """Both outputs place the same things in the same cells; the HTML's placements, for more checks."""
    from_html = html_placed(html)
    from_docx = docx_placed(docx, from_html.markers)
    assert from_html.closings == from_docx.closings
    assert from_html.imprint == from_docx.imprint
    assert from_html.masthead == from_docx.masthead
    assert from_html.markers == from_docx.markers  # every HTML marker starts a docx paragraph
    return from_html


@pytest.fixture(scope="module")
def plugins():
    found = get_plugins()
    if "docx" not in found.renderers.names():
        pytest.skip("the docx plugin is not installed")
    return found


@pytest.mark.parametrize("profile", ["word", "strict"])
@pytest.mark.parametrize("sealed", [False, True])
@pytest.mark.parametrize("kind", KINDS)
def test_every_demo_document_is_placed_alike_in_html_and_docx(demo, plugins, kind, sealed, profile):
    options = RenderOptions(sealed=sealed, profile=profile)
    outputs = {
        fmt: render_kind(demo, kind, fmt, as_of=DEMO_AS_OF, group=DEMO_GROUP, unit=UNITS.get(kind),
                         options=options, plugins=plugins)
        for fmt in ("html", "docx")
    }
    placed = check_same_placements(outputs["html"], outputs["docx"])
    for lines, date, blank in placed.closings:   # and where the layout layer says
        if lines:
            expected = place_closing(tuple(name for name, _ in lines), None if date is None else date[0], sealed)
            assert tuple(indent for _, indent in lines) == tuple(map(_cells, expected.signature_indents))
            assert blank == expected.blank_lines
            if date is not None:
                assert date[1] == _cells(expected.date_indent)
    if placed.masthead is not None:
        assert float(placed.masthead[-1]) == ISSUE_LINE_INSET


def test_the_demo_report_signature_stands_where_gbt9704_puts_it(demo, plugins):
    """第七巡回督导组 (7 cells) over 2022年4月15日 (6.5), unsealed: 署名 右空二字, the date's first
    character two cells right of the 署名's, so it ends ½ cell in (7.3.5.2); sealed: the date 右空四字,
    the 署名 centred over it."""
    for sealed, expected in ((False, ((("第七巡回督导组", 2.0),), 1)), (True, ((("第七巡回督导组", 3.75),), 2))):
        options = RenderOptions(sealed=sealed)
        outputs = [render_kind(demo, "report", fmt, as_of=DEMO_AS_OF, group=DEMO_GROUP, options=options,
                               plugins=plugins) for fmt in ("html", "docx")]
        placed = check_same_placements(*outputs)
        (closing,) = placed.closings
        assert (closing[0], closing[2]) == expected
        assert closing[1] is not None and closing[1][1] == (4.0 if sealed else 0.5)


def test_the_demo_briefing_imprint_has_its_copies_on_the_last_recipients_line(demo, plugins):
    outputs = [render_kind(demo, "briefing", fmt, as_of=DEMO_AS_OF, group=DEMO_GROUP, plugins=plugins)
               for fmt in ("html", "docx")]
    placed = check_same_placements(*outputs)
    assert len(placed.imprint) == 1 and placed.imprint[0][-1][1].startswith("（共印")


# ------------------------------------------------------------------------------------------ property

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_LATIN = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_NAME = st.text(st.one_of(_CJK, _LATIN), min_size=1, max_size=16)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(_NAME, min_size=1, max_size=3).map(tuple),
    date=st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)),
    sealed_node=st.booleans(),
    sealed_option=st.booleans(),
)
def test_any_signature_and_date_are_placed_alike(plugins, names, date, sealed_node, sealed_option):
    blocks = [Paragraph(content=(Text("正文。"),)), Signature(names=names, sealed=sealed_node)]
    if date is not None:
        blocks.append(DateLine(date=date))
    document = Document(blocks=tuple(blocks))
    options = RenderOptions(sealed=sealed_option)
    html = plugins.renderers.get("html").render(document, options)
    docx = plugins.renderers.get("docx").render(document, options)
    placed = check_same_placements(html, docx)
    (closing,) = placed.closings
    expected = place_closing(names, None if date is None else f"{date.year}年{date.month}月{date.day}日",
                             sealed_node or sealed_option)
    assert tuple(name for name, _ in closing[0]) == names
    assert tuple(indent for _, indent in closing[0]) == tuple(map(_cells, expected.signature_indents))
    assert closing[2] == expected.blank_lines
    assert (closing[1] is None) == (date is None)
    if closing[1] is not None:
        assert closing[1][1] == _cells(expected.date_indent)
