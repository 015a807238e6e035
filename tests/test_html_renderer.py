"""The HTML renderer: page structure, print geometry in the CSS, escaping, the document forms.

The output is parsed with the standard library's ``html.parser`` into a small tree; the builder
insists that every end tag closes the element it opened, so every test also checks that the page
is well formed. Nothing here needs Chromium: the print geometry is checked in the style sheet; the
printed layout is audited from Chromium's PDF by tests/test_gbt9704.py (`supervisio audit`, docs/audit.md).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supervisio.doctree.nodes import (
    Addressee,
    AttachmentNote,
    BulletList,
    DateLine,
    Document,
    Emph,
    Heading,
    Imprint,
    LineBreak,
    Masthead,
    Meta,
    OrderedList,
    PageBreak,
    Paragraph,
    Rule,
    Signature,
    Strong,
    Style,
    Table,
    Text,
    Title,
)
from supervisio.doctree.numbering import number_headings, split_number
from supervisio.layout import place_closing
from supervisio.renderers.base import RenderOptions, Renderer
from supervisio.renderers.html import (
    HtmlRenderer,
    imprint_pages,
    page_geometry,
)
from support import masthead_issues

FIXTURES = Path(__file__).parent / "fixtures"
VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                           "meta", "source", "track", "wbr"})
DATE = dt.date(2022, 4, 15)


# ---------------------------------------------------------------------- parsing


@attrs.define
class Element:
    tag: str
    attributes: dict[str, str | None]
    children: list[Element | str] = attrs.Factory(list)

    @property
    def classes(self) -> list[str]:
        return (self.attributes.get("class") or "").split()

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [
            element for element in self.iter()
            if (tag is None or element.tag == tag) and (cls is None or cls in element.classes)
        ]

    def find(self, tag: str | None = None, cls: str | None = None) -> Element:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag} class={cls}>"
        return found[0]

    def elements(self) -> list[Element]:
        return [child for child in self.children if isinstance(child, Element)]

    @property
    def text(self) -> str:
        """The text as a reader gets it: character data, with <br> as a newline."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag == "br":
                parts.append("\n")
            else:
                parts.append(child.text)
        return "".join(parts)


class TreeBuilder(HTMLParser):
    """A strict tree builder: an end tag must close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.declarations: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)

    def handle_starttag(self, tag, attributes) -> None:
        names = [name for name, _ in attributes]
        assert len(names) == len(set(names)), f"duplicate attributes on <{tag}>"
        element = Element(tag, dict(attributes))
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attributes) -> None:
        self.stack[-1].children.append(Element(tag, dict(attributes)))

    def handle_endtag(self, tag) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data) -> None:
        self.stack[-1].children.append(data)


def parse(source: str) -> TreeBuilder:
    builder = TreeBuilder()
    builder.feed(source)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder


@attrs.frozen
class Page:
    source: str
    root: Element
    doctype: list[str]

    @property
    def css(self) -> str:
        return self.root.find("style").text

    @property
    def body(self) -> Element:
        return self.root.find("body")

    @property
    def sheet(self) -> Element:
        return self.root.find("main", "sheet")


def render(document: Document, **options) -> Page:
    data = HtmlRenderer().render(document, RenderOptions(**options))
    assert isinstance(data, bytes)
    source = data.decode("utf-8")
    builder = parse(source)
    return Page(source, builder.root, builder.declarations)


def css_block(css: str, selector: str) -> str:
    """The declarations of the first rule whose selector is exactly ``selector``."""
    match = re.search(rf"(?m)^{re.escape(selector)} \{{([^}}]*)\}}", css)
    assert match, f"no rule {selector}"
    return match.group(1)


def one(*blocks) -> Document:
    return Document(blocks=tuple(blocks))


def texts(*values: str) -> tuple:
    """Table cells holding ``values``."""
    return tuple((Text(value),) for value in values)


# ---------------------------------------------------------------------- documents


def _seed_blocks(limit: int) -> list:
    """The seed report's paragraphs and headings (their numbers split off, to be renumbered)."""
    lines = (FIXTURES / "seed-report.txt").read_text(encoding="utf-8").splitlines()[1:limit]
    blocks = []
    for line in lines:
        for level in (1, 2):
            number, rest = split_number(level, (Text(line),))
            if number is not None and len(line) < 40:
                blocks.append(Heading(level=level, content=rest))
                break
        else:
            blocks.append(Paragraph(content=(Text(line),)))
    return blocks


def report_document() -> Document:
    """A 工作汇报: title, 主送, the seed's text with 4 heading levels, 附件说明, 署名 and 日期."""
    campaign = "市委“作风能力提升年”"
    blocks = [
        Title(content=(Text("第七巡回督导组“作风能力提升年”"), LineBreak(), Text("大学习阶段工作汇报"))),
        Addressee(names=(f"{campaign}活动领导小组",)),
        *_seed_blocks(8),
        Heading(level=3, content=(Text("强化学习督导"),)),
        Paragraph(content=(
            Text("列席中心组学习"), Strong((Text("7次"),)), Text("，查阅学习记录，"),
            Emph((Text("督促"),)), Text("各单位班子成员逐一交流研讨。"),
        )),
        Heading(level=4, content=(Text("建立学习台账"),)),
        Paragraph(content=(Text("对照规定动作逐项登记，做到不缺项、不走样、不变通。"),)),
        AttachmentNote(items=("第七巡回督导组问题清单", "被督导单位学习情况统计表")),
        Signature(names=(f"{campaign}第七巡回督导组",)),
        DateLine(date=DATE),
    ]
    meta = Meta(kind="report", title="大学习阶段工作汇报", issuer="第七巡回督导组", date=DATE)
    return number_headings(Document(meta=meta, blocks=tuple(blocks)))


def briefing_document() -> Document:
    """A 工作简报: 报头, title, one item, 报尾."""
    item = next(block for block in _seed_blocks(4) if isinstance(block, Paragraph))
    blocks = (
        Masthead(name="工作简报", number=3, total_number=15, issuer="第七巡回督导组编", date=DATE),
        Title(content=(Text("第七巡回督导组扎实推进大学习阶段督导工作"),)),
        item,
        Imprint(report_to=("市委“作风能力提升年”活动领导小组办公室",), send_to=("各巡回督导组",),
                distribute_to=("各被督导单位",), copies=30),
    )
    meta = Meta(kind="briefing", title="工作简报第3期", issuer="第七巡回督导组", date=DATE)
    return Document(meta=meta, blocks=blocks)


LEDGER_HEADER = ("序号", "被督导单位", "问题描述", "问题类型", "整改措施", "责任人", "整改时限",
                 "整改状态")
LEDGER_WIDTHS = (4, 10, 30, 8, 24, 8, 10, 8)


def _ledger_row(n: int) -> tuple:
    return texts(
        str(n), f"第{n % 10 + 1}被督导单位", f"中心组学习记录不完整，第{n}次学习缺少研讨发言材料。",
        "短期" if n % 3 else "长期", "补齐学习记录，建立学习台账，按月报送。", "张某",
        "2022年5月31日", "整改中" if n % 4 else "已销号",
    )


def ledger_document(rows: int = 50) -> Document:
    """A 问题台账: a landscape table of ``rows`` problems and a 合计 row."""
    totals = texts("合计", f"{rows}条", "", "", "", "", "", f"已销号{rows // 4}条")
    table = Table(header=texts(*LEDGER_HEADER), rows=tuple(map(_ledger_row, range(1, rows + 1))),
                  widths=LEDGER_WIDTHS, totals=totals, caption="截至2022年4月15日")
    blocks = (Title(content=(Text("第七巡回督导组问题台账"),)), table)
    return Document(meta=Meta(kind="ledger", title="问题台账", landscape=True), blocks=blocks)


SAMPLES = {"report": report_document, "briefing": briefing_document, "ledger": ledger_document}


# ---------------------------------------------------------------------- the page


def test_the_renderer_meets_the_interface():
    renderer = HtmlRenderer()
    assert isinstance(renderer, Renderer)
    assert renderer.name == "html" and renderer.suffix == ".html"
    assert renderer.media_type == "text/html; charset=utf-8"


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_one_page_with_head_style_and_sheet(sample):
    document = SAMPLES[sample]()
    page = render(document)
    assert page.doctype == ["DOCTYPE html"]
    assert page.root.find("html").attributes["lang"] == "zh-CN"
    assert page.root.find("meta").attributes == {"charset": "utf-8"}
    assert page.root.find("title").text == document.meta.title
    assert len(page.root.find_all("style")) == 1
    assert page.body.attributes["data-kind"] == document.meta.kind
    assert [element.tag for element in page.body.elements()] == ["main"]


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_the_page_is_self_contained(sample):
    page = render(SAMPLES[sample](), latin_font="Times New Roman")
    loading = {"script", "link", "img", "iframe", "object", "embed", "base", "audio", "video",
               "source"}
    assert not [element.tag for element in page.root.iter() if element.tag in loading]
    references = {"src", "href", "srcset", "action", "poster", "data"}
    assert not [(element.tag, name) for element in page.root.iter()
                for name in element.attributes if name in references]
    assert "url(" not in page.css and "@import" not in page.css
    assert "<script" not in page.source.lower()


def test_the_title_falls_back_to_the_first_title_block():
    document = one(Title(content=(Text("关于"), LineBreak(), Text("督导工作的提示"))))
    assert render(document).root.find("title").text == "关于督导工作的提示"


# ---------------------------------------------------------------------- forms


def test_a_report_has_its_parts_in_order():
    sheet = render(report_document()).sheet
    title = sheet.find("h1", "title")
    assert title.text == "第七巡回督导组“作风能力提升年”\n大学习阶段工作汇报"
    assert sheet.find("p", "addressee").text == "市委“作风能力提升年”活动领导小组："
    headings = [(e.tag, e.classes, e.text) for e in sheet.find_all(cls="heading")]
    assert headings[:2] == [("h2", ["heading", "level-1"], "一、主要做法"),
                            ("h3", ["heading", "level-2"], "（一）坚持问题导向，确保活动高开高走")]
    assert ("h4", ["heading", "level-3"], "1.强化学习督导") in headings
    assert ("h5", ["heading", "level-4"], "（1）建立学习台账") in headings
    assert sheet.find("span", "heading-number").text == "一、"
    kinds = [e.classes[0] if e.classes else e.tag for e in sheet.elements()]
    assert kinds[:4] == ["title", "addressee", "p", "heading"]
    assert kinds[-3:] == ["attachments", "signature", "dateline"]
    assert sheet.find("p", "dateline").text == "2022年4月15日"
    assert sheet.find("strong").text == "7次" and sheet.find("em").text == "督促"


def test_headings_take_the_faces_of_their_level():
    css = render(report_document()).css
    assert "var(--face-heiti)" in css_block(css, ".heading.level-1")
    assert "var(--face-kaiti)" in css_block(css, ".heading.level-2")
    assert "var(--face-fangsong)" in css_block(css, ".heading.level-3,\n.heading.level-4")
    for face in ("仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "Noto Serif CJK SC",
                 "AR PL UKai CN", "Noto Sans CJK SC"):
        assert f'"{face}"' in css
    assert css.index('"仿宋_GB2312"') < css.index('"Noto Serif CJK SC"')
    assert "font-weight: normal;" in css_block(css, ".heading")


def test_the_title_is_xiaobiaosong_22pt_centred():
    css = render(report_document()).css
    title = css_block(css, ".title")
    assert "font-size: 22pt;" in title and "var(--face-title)" in title
    assert "text-align: center;" in title
    faces = re.search(r"--face-title: (.*);", css).group(1)
    assert faces.index('"方正小标宋简体"') < faces.index('"Supervisio XiaoBiaoSong"')
    assert 'local("Noto Serif CJK SC Bold")' in css


def test_a_briefing_has_a_masthead_and_an_imprint():
    page = render(briefing_document())
    masthead = page.sheet.find("header", "masthead")
    assert masthead.find("p", "masthead-name").text == "工作简报"
    assert masthead.find("p", "masthead-issue").text == "第3期（总第15期）"
    assert masthead.find("span", "masthead-issuer").text == "第七巡回督导组编"
    assert masthead.find("span", "masthead-date").text == "2022年4月15日"
    assert "border-bottom: 2.25pt solid #f00" in css_block(page.css, ".masthead")
    assert "color: #f00" in css_block(page.css, ".masthead-name")
    children = page.sheet.elements()
    assert children[0] is masthead and "title" in children[1].classes
    assert "calc(2 * var(--line))" in css_block(page.css, ".masthead + .title")
    slot = children[-1]
    assert slot.classes == ["imprint-slot"]
    assert "margin-top: auto" in css_block(page.css, ".imprint-slot")
    lines = slot.find("footer", "imprint").find_all("p", "imprint-line")
    assert [line.text for line in lines] == [
        "报：市委“作风能力提升年”活动领导小组办公室。", "送：各巡回督导组。", "发：各被督导单位。（共印30份）",
    ]
    assert lines[-1].find("span", "imprint-copies").text == "（共印30份）"


@pytest.mark.parametrize(("masthead", "issue"), masthead_issues())
def test_masthead_issue_numbers(masthead, issue):
    lines = render(one(masthead)).sheet.find_all("p", "masthead-issue")
    assert [line.text for line in lines] == ([issue] if issue else [])  # no issue, no line


def _name_size(page: Page) -> float:
    style = page.sheet.find("p", "masthead-name").attributes["style"]
    return float(re.fullmatch(r"font-size:([\d.]+)pt", style).group(1))


def test_a_long_masthead_name_is_set_smaller_to_keep_one_line():
    assert _name_size(render(one(Masthead(name="工作简报")))) == 42
    long = one(Masthead(name="市委作风能力提升年第七巡回督导组工作简报"))   # 20 characters
    size = _name_size(render(long))
    assert size * 20 <= 156 / 25.4 * 72 < (size + 0.2) * 20
    turned = attrs.evolve(long, meta=Meta(landscape=True))
    assert _name_size(render(turned)) * 20 <= 225 / 25.4 * 72


def test_a_document_imprint_has_copy_to_and_printer_line():
    imprint = Imprint(copy_to=("市纪委监委", "市委组织部"), printer="市委“作风能力提升年”活动领导小组办公室",
                      printed_on=DATE)
    page = render(one(imprint))
    lines = page.sheet.find("footer", "imprint").find_all("p", "imprint-line")
    assert [line.text for line in lines] == [
        "抄送：市纪委监委，市委组织部。", "市委“作风能力提升年”活动领导小组办公室2022年4月15日印发",
    ]
    assert "imprint-printer" in lines[1].classes and "imprint-ruled" in lines[1].classes
    assert "imprint-ruled" not in lines[0].classes
    assert "0.25mm solid" in css_block(page.css, ".imprint-ruled")
    assert "0.35mm solid" in css_block(page.css, ".imprint")
    assert render(one(Imprint())).sheet.elements() == []
    copies_only = render(one(Imprint(copies=5))).sheet.find("span", "imprint-copies")
    assert copies_only.text == "（共印5份）"


_CLOSING = Imprint(copy_to=("市纪委监委",), printer="市委“作风能力提升年”活动领导小组办公室", printed_on=DATE)
_LINE = Paragraph(content=(Text("测" * 26),))   # one body line: 26 characters after the 2-cell indent


def _pages(*blocks, **options) -> int:
    return imprint_pages(one(*blocks), page_geometry(RenderOptions(**options), False))


def test_the_imprint_page_is_a_lower_bound_of_the_page_count():
    assert _pages(Title(content=(Text("标题"),)), _LINE, _CLOSING) == 1
    assert _pages(*[_LINE] * 22, _CLOSING) == 2          # 22 lines fill the page: the 版记 goes on
    assert _pages(*[_LINE] * 19, _CLOSING) == 1          # 19 lines, a blank line and 2 imprint lines
    assert _pages(*[_LINE] * 20, _CLOSING) == 2
    assert _pages(*[_LINE] * 40, _CLOSING) == 2
    assert _pages(*[_LINE] * 41, _CLOSING) == 2          # 19 lines on page 2, as on page 1
    assert _pages(*[_LINE] * 42, _CLOSING) == 3
    assert _pages(_LINE, PageBreak(), _LINE, _CLOSING) == 2
    assert _pages(PageBreak(), _LINE, _CLOSING) == 1     # a break before anything starts no page
    assert _pages(*[_LINE] * 30) == 1                    # nothing to pin
    assert _pages(*[_LINE] * 30, Imprint()) == 1         # an empty imprint prints nothing
    assert _pages(*[_LINE] * 30, _CLOSING, _LINE) == 1   # the imprint is not last
    # Latin letters count a quarter cell, the narrowest they print: never more pages than printed
    latin = Paragraph(content=(Text("a" * 100),))        # 2 + 25 cells: one line at the least
    assert _pages(*[latin] * 30, _CLOSING) == 2


def test_a_short_document_keeps_the_flexbox_imprint():
    page = render(one(*[_LINE] * 10, _CLOSING))
    assert page.sheet.attributes == {"class": "sheet"}
    assert [slot.classes for slot in page.sheet.find_all("div", "imprint-slot")] == [["imprint-slot"]]


def test_a_long_document_pins_its_imprint_to_the_foot_of_its_last_page():
    page = render(one(*[_LINE] * 30, _CLOSING))
    assert page.sheet.classes == ["sheet", "pinned"]
    assert page.sheet.attributes["style"] == "--imprint-pages: 2"
    flow, pinned = page.sheet.elements()[-2:]
    assert flow.classes == ["imprint-slot", "imprint-flow"]
    assert pinned.classes == ["imprint-slot", "imprint-pinned"]
    assert flow.find("footer", "imprint") == pinned.find("footer", "imprint")
    css = page.css
    sheet = re.search(r"\.sheet\.pinned \{([^}]*)\}", css).group(1)
    assert "position: relative" in sheet
    assert "min-height: calc(var(--imprint-pages) * (var(--block-height) + 1px) - 1px)" in sheet
    assert "visibility: hidden" in re.search(r"\.imprint-flow \{([^}]*)\}", css).group(1)
    screen, placed = re.findall(r"\.imprint-pinned \{([^}]*)\}", css)   # @media screen, then print
    assert "display: none" in screen
    assert "position: absolute" in placed and "bottom: 0" in placed


def test_an_imprint_in_a_list_item_is_never_pinned():
    item = (Paragraph(content=(Text("事项"),)), _CLOSING)
    page = render(one(*[_LINE] * 30, BulletList(items=(item,)), _CLOSING))
    assert len(page.sheet.find_all("div", "imprint-pinned")) == 1
    assert page.sheet.find("li").find("div", "imprint-slot").classes == ["imprint-slot"]

def test_a_ledger_is_a_landscape_table():
    page = render(ledger_document())
    assert "size: 297mm 210mm;" in page.css and "margin: 28mm 37mm 26mm 35mm;" in page.css
    assert "landscape" in page.body.classes
    table = page.sheet.find("table")
    assert table.find("caption").text == "截至2022年4月15日"
    widths = [float(re.fullmatch(r"width:([\d.]+)%", col.attributes["style"]).group(1))
              for col in table.find_all("col")]
    # the template's proportions, but 整改时限 widened so that 2022年5月31日 fits whole (layout.tables)
    given = [100 * w / sum(LEDGER_WIDTHS) for w in LEDGER_WIDTHS]
    deadline = LEDGER_HEADER.index("整改时限")
    assert sum(widths) == pytest.approx(100, abs=1e-2) and widths[deadline] > given[deadline]
    others = [i for i in range(len(widths)) if i != deadline]
    assert [widths[i] / widths[others[0]] for i in others] == pytest.approx(
        [given[i] / given[others[0]] for i in others], rel=1e-3)
    assert [th.text for th in table.find("thead").find_all("th")] == list(LEDGER_HEADER)
    groups = [e for e in table.elements() if e.tag in {"thead", "tbody", "tfoot"}]
    assert [(g.tag, g.classes) for g in groups] == [
        ("thead", []), ("tbody", []), ("tbody", ["totals"]),
    ]
    assert len(groups[1].find_all("tr")) == 50
    assert [td.text for td in groups[2].find_all("td")][:2] == ["合计", "50条"]
    assert "font-weight: bold" in css_block(page.css, "tbody.totals td")
    assert "table-layout: fixed" in css_block(page.css, "table")
    assert "break-inside: avoid" in css_block(page.css, "tr")
    assert "table-header-group" in css_block(page.css, "thead")


def test_short_rows_are_padded_and_unfitting_widths_give_equal_columns():
    table = Table(header=texts("甲", "乙", "丙"), rows=(texts("1"),), widths=(1, 2))
    element = render(one(table)).sheet.find("table")
    assert [col.attributes["style"] for col in element.find_all("col")] == ["width:33.3333%"] * 3
    assert [td.text for td in element.find("tbody").find_all("td")] == ["1", "", ""]
    assert render(one(Table(header=(), rows=()))).sheet.find("table").find_all("thead") == []


# ---------------------------------------------------------------------- 署名 and 日期


def test_signature_and_date_stand_where_the_layout_layer_places_them():
    """The rules themselves are tested in tests/test_layout.py; here, that the page writes them."""
    names, date = ("市委第七巡回督导组", "某局"), "2022年4月5日"
    placement = place_closing(names, date, sealed=False)
    page = render(one(Signature(names=names), DateLine(date=dt.date(2022, 4, 5))))
    pads = [p.attributes["style"] for p in page.sheet.find("div", "signature").find_all("p", "signature-name")]
    assert pads == [f"padding-right:calc({indent:g} * var(--cell))" for indent in placement.signature_indents]
    date_pad = page.sheet.find("p", "dateline").attributes["style"]
    assert date_pad == f"padding-right:calc({placement.date_indent:g} * var(--cell))"


@pytest.mark.parametrize(("sealed", "name_pad", "date_pad"), [(False, 2, 0.5), (True, 3.75, 4)])
def test_sealed_and_unsealed_signatures(sealed, name_pad, date_pad):
    document = one(Paragraph(content=(Text("正文。"),)), Signature(names=("第七巡回督导组",)),
                   DateLine(date=DATE))
    page = render(document, sealed=sealed)
    signature = page.sheet.find("div", "signature")
    date = page.sheet.find("p", "dateline")
    expected = "sealed" if sealed else "unsealed"
    assert expected in signature.classes and expected in date.classes
    name = signature.find("p", "signature-name")
    assert name.attributes["style"] == f"padding-right:calc({name_pad:g} * var(--cell))"
    assert date.attributes["style"] == f"padding-right:calc({date_pad:g} * var(--cell))"
    assert expected in page.body.classes
    blank = 2 if sealed else 1              # 正文下空一行; two lines for the seal
    assert signature.attributes["style"] == f"margin-top:calc({blank} * var(--line))"


def test_a_sealed_signature_node_is_sealed_without_the_option():
    page = render(one(Signature(names=("第七巡回督导组",), sealed=True), DateLine(date=DATE)))
    assert "sealed" in page.sheet.find("div", "signature").classes
    assert "sealed" in page.sheet.find("p", "dateline").classes


def test_attachment_notes_hang_after_the_label():
    page = render(report_document())
    lines = page.sheet.find("div", "attachments").find_all("p", "attachment")
    assert [line.text for line in lines] == ["附件：1.第七巡回督导组问题清单", "2.被督导单位学习情况统计表"]
    assert "first" in lines[0].classes
    assert "calc(-4 * var(--cell))" in css_block(page.css, ".attachment.first")
    assert "calc(6 * var(--cell))" in css_block(page.css, ".attachment")
    single = render(one(AttachmentNote(items=("问题清单",)))).sheet.find("div", "attachments")
    assert "single" in single.classes and single.text.strip() == "附件：问题清单"
    assert render(one(AttachmentNote(items=()))).sheet.elements() == []


# ---------------------------------------------------------------------- options


def test_profiles_change_the_page_margins_and_the_line_pitch():
    word = render(report_document(), profile="word").css
    strict = render(report_document(), profile="strict").css
    assert "size: 210mm 297mm;" in word and "size: 210mm 297mm;" in strict
    assert "margin: 37mm 26mm 35mm 28mm;" in word and "--line: 38px;" in word
    assert "margin: 34.25mm 26mm 35.25mm 28mm;" in strict and "--line: 39px;" in strict
    assert "margin: 37mm" not in strict


def test_page_numbers_sit_right_on_odd_and_left_on_even_pages():
    css = render(report_document()).css
    right = re.search(r"@page :right \{ @bottom-right \{ (.*) \} \}", css).group(1)
    left = re.search(r"@page :left \{ @bottom-left \{ (.*) \} \}", css).group(1)
    for box in (right, left):
        assert 'content: "— " counter(page) " —";' in box and "font-size: 14pt;" in box
        assert box.index('"宋体"') < box.index('"Noto Serif CJK SC"')
    assert "margin-right: 14pt;" in right and "margin-left: 14pt;" in left


def test_the_body_follows_the_chromium_recipe():
    css = render(report_document()).css
    body = css_block(css, "body")
    assert "font-size: 16pt;" in body and "line-height: var(--line);" in body
    assert "letter-spacing: -0.25pt;" in body
    paragraph = css_block(css, "p")
    assert "text-indent: calc(2 * var(--cell));" in paragraph
    assert "text-align: justify;" in paragraph
    assert "break-before: page;" in css_block(css, ".page-break")


def test_bold_level3_is_an_option():
    bold = render(report_document(), bold_level3=True)
    plain = render(report_document())
    assert "bold-level3" in bold.body.classes and "bold-level3" not in plain.body.classes
    assert "font-weight: bold;" in css_block(bold.css, "body.bold-level3 .heading.level-3")


def test_the_latin_font_takes_letters_and_digits_but_not_chinese_punctuation():
    text = "截至4月，共收集问题“12条”——Times New Roman…"
    document = one(Paragraph(content=(Text(text),)), DateLine(date=DATE))
    page = render(document, latin_font="Times New Roman")
    assert re.search(r'--face-latin: "Times New Roman", "仿宋_GB2312", ', page.css)
    assert "var(--face-latin)" in css_block(page.css, ".latin")
    assert "Times New Roman" not in re.search(r"--face-fangsong: (.*);", page.css).group(1)
    assert "Times New Roman" not in re.search(r"@page :right \{(.*)\}", page.css).group(1)
    paragraph = page.sheet.find("p")
    assert paragraph.text == text
    latin = [span.text for span in paragraph.find_all("span", "latin")]
    assert latin == ["4", "12", "Times New Roman"]
    date = page.sheet.find("p", "dateline")
    assert [span.text for span in date.find_all("span", "latin")] == ["2022", "4", "15"]
    plain = render(one(Paragraph(content=(Text(text),))))
    assert not plain.root.find_all(cls="latin") and "Times New Roman" not in plain.css


def test_a_hostile_latin_font_stays_inside_its_css_string():
    page = render(report_document(), latin_font='X"; } </style><script>alert(1)</script>')
    assert not page.root.find_all("script")
    assert "</style" not in page.css and "<" not in page.css
    escaped = r"X\22 ; } \3c /style\3e \3c script\3e alert(1)\3c /script\3e "
    assert f'--face-latin: "{escaped}", ' in page.css


# ---------------------------------------------------------------------- escaping


def expected_text(text: str) -> str:
    """The documented replacement: line breaks as "\\n", other Cc controls but tab as U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        "\ufffd" if unicodedata.category(ch) == "Cc" and ch not in "\t\n" else ch for ch in text
    )


def test_markup_and_markdown_characters_stay_literal():
    text = ("<b>加粗</b> & &amp; *星* **粗** # 标题 | 竖线 | _下划线_ `代码` [链接](http://x) "
            "<!-- 注释 --> <script>x</script>")
    page = render(one(Paragraph(content=(Text(text),))))
    paragraph = page.sheet.find("p")
    assert paragraph.text == text
    assert paragraph.elements() == []
    assert "&lt;b&gt;" in page.source and "&amp;amp;" in page.source


def test_control_characters_are_replaced_and_line_breaks_kept():
    text = "甲\x00乙\x0c丙\r\n丁\r戊\n己\t庚\x7f辛\x85壬\x1b"
    paragraph = render(one(Paragraph(content=(Text(text),)))).sheet.find("p")
    assert paragraph.text == "甲\ufffd乙\ufffd丙\n丁\n戊\n己\t庚\ufffd辛\ufffd壬\ufffd"
    assert len(paragraph.find_all("br")) == 3


def test_style_classes_and_attributes_are_escaped():
    style = Style(classes=("lead", 'x"><script>', "two words"),
                  attributes=(("Unit", '市"局"<&>'), ("键 名", "v"), ("unit", "second")))
    page = render(one(Paragraph(content=(Text("正文"),), style=style)))
    paragraph = page.sheet.find("p")
    assert paragraph.classes == ["lead", 'x"><script>', "two", "words"]
    assert paragraph.attributes["data-unit"] == '市"局"<&>'
    assert paragraph.attributes["data-键-名"] == "v"
    assert not page.root.find_all("script")


def _cell(text: str, **options) -> Element:
    table = Table(header=texts("问题描述"), rows=(texts("前"), texts(text)))
    return render(one(table), **options).sheet.find("tbody").find_all("td")[1]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(), latin_font=st.sampled_from([None, "Times New Roman"]))
def test_any_text_reads_back_exactly(text, latin_font):
    expected = expected_text(text)
    paragraph = render(one(Paragraph(content=(Text(text),))), latin_font=latin_font)
    assert paragraph.sheet.find("p").text == expected
    heading = render(one(Heading(level=2, number="（一）", content=(Text(text),))),
                     latin_font=latin_font)
    assert heading.sheet.find("h3").text == "（一）" + expected
    assert _cell(text, latin_font=latin_font).text == expected
    title = render(one(Title(content=(Text(text),))), latin_font=latin_font)
    assert title.sheet.find("h1").text == expected


SHORT_TEXT = st.text(max_size=8)
INLINE = st.deferred(lambda: st.one_of(
    st.builds(Text, SHORT_TEXT), st.builds(LineBreak),
    st.builds(Strong, INLINES), st.builds(Emph, INLINES),
))
INLINES = st.lists(INLINE, max_size=3).map(tuple)
NAMES = st.lists(SHORT_TEXT, max_size=3).map(tuple)
NUMBERS = st.none() | st.integers(-(10**6), 10**6)
DATES = st.none() | st.dates()
CELL_ROW = st.lists(INLINES, max_size=4).map(tuple)
STYLES = st.builds(
    Style, classes=NAMES,
    attributes=st.lists(st.tuples(SHORT_TEXT, SHORT_TEXT), max_size=2).map(tuple),
)
BLOCK = st.deferred(lambda: st.one_of(
    st.builds(Title, content=INLINES, style=STYLES),
    st.builds(Heading, level=st.integers(1, 6), content=INLINES,
              number=st.none() | SHORT_TEXT, style=STYLES),
    st.builds(Paragraph, content=INLINES, style=STYLES),
    st.builds(BulletList, items=ITEMS, style=STYLES),
    st.builds(OrderedList, items=ITEMS, start=st.integers(-5, 100), style=STYLES),
    st.builds(Table, header=CELL_ROW, rows=st.lists(CELL_ROW, max_size=3).map(tuple),
              widths=st.lists(st.integers(-3, 50), max_size=4).map(tuple),
              totals=st.none() | CELL_ROW, caption=st.none() | SHORT_TEXT, style=STYLES),
    st.builds(Masthead, name=SHORT_TEXT, number=NUMBERS, total_number=NUMBERS,
              supplement=st.booleans(), issuer=st.none() | SHORT_TEXT, date=DATES, style=STYLES),
    st.builds(Addressee, names=NAMES, style=STYLES),
    st.builds(Signature, names=NAMES, sealed=st.booleans(), style=STYLES),
    st.builds(DateLine, date=st.dates(), style=STYLES),
    st.builds(AttachmentNote, items=NAMES, style=STYLES),
    st.builds(Imprint, report_to=NAMES, send_to=NAMES, distribute_to=NAMES, copy_to=NAMES,
              printer=st.none() | SHORT_TEXT, printed_on=DATES, copies=NUMBERS, style=STYLES),
    st.builds(Rule, style=STYLES),
    st.builds(PageBreak, style=STYLES),
))
ITEMS = st.lists(st.lists(BLOCK, max_size=2).map(tuple), max_size=2).map(tuple)
DOCUMENTS = st.builds(
    Document,
    meta=st.builds(Meta, kind=SHORT_TEXT, title=st.none() | SHORT_TEXT,
                   issuer=st.none() | SHORT_TEXT, date=DATES, landscape=st.booleans()),
    blocks=st.lists(BLOCK, max_size=6).map(tuple),
)
OPTIONS = st.builds(RenderOptions, profile=st.sampled_from(["word", "strict"]),
                    sealed=st.booleans(), bold_level3=st.booleans(),
                    latin_font=st.none() | SHORT_TEXT)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS, options=OPTIONS)
def test_any_document_renders_to_a_well_formed_page(document, options):
    root = parse(HtmlRenderer().render(document, options).decode("utf-8")).root
    assert not root.find_all("script")
    assert "</style" not in root.find("style").text


# ---------------------------------------------------------------------- other blocks


def test_lists_rules_and_page_breaks():
    document = one(
        BulletList(items=((Paragraph(content=(Text("甲"),)),), (Paragraph(content=(Text("乙"),)),))),
        OrderedList(items=((Paragraph(content=(Text("丙"),)),),), start=3),
        OrderedList(items=((Paragraph(content=(Text("丁"),)),),)),
        Rule(),
        PageBreak(style=Style(classes=("annex",))),
    )
    sheet = render(document).sheet
    assert [li.text for li in sheet.find("ul").find_all("li")] == ["甲", "乙"]
    ordered = sheet.find_all("ol")
    assert ordered[0].attributes.get("start") == "3" and "start" not in ordered[1].attributes
    assert sheet.find("hr", "rule") is not None
    assert sheet.find("div", "page-break").classes == ["page-break", "annex"]


def test_an_unknown_block_is_an_error():
    document = Document(blocks=("not a block",))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="no rule for the block"):
        HtmlRenderer().render(document, RenderOptions())
