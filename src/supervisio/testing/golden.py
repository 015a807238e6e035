"""The golden documents every renderer renders, and the texts they hold.

A 工作汇报, a 工作简报 with 报头 and 报尾, a landscape 问题台账 of 40 rows, and a document holding every node
type. Their texts include :data:`TRICKY`: characters that are syntax in Markdown, HTML or XML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from supervisio.doctree.nodes import (
    Addressee,
    AttachmentNote,
    BulletList,
    DateLine,
    Document,
    Emph,
    Heading,
    Imprint,
    Inline,
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
from supervisio.renderers.base import RenderOptions

__all__ = ["DAY", "GOLDEN", "OPTION_SETS", "TRICKY", "golden_documents", "texts_of"]

DAY = dt.date(2022, 4, 15)

TRICKY = "星号*井号#竖线|下划线_尖括号<b>&amp;反斜杠\\引号“”‘’'\"——……"
"""Characters that are syntax in Markdown, HTML or XML: they must come out as themselves."""


def _p(*parts: str | Inline) -> Paragraph:
    return Paragraph(content=tuple(Text(p) if isinstance(p, str) else p for p in parts))


def _report() -> Document:
    return Document(
        meta=Meta(kind="report", title="第七巡回督导组关于大动员、大学习阶段工作情况的汇报", issuer="第七巡回督导组", date=DAY),
        blocks=(
            Title(content=(Text("第七巡回督导组关于“作风能力提升年”活动"), LineBreak(), Text("大动员、大学习阶段工作情况的汇报"))),
            Addressee(names=("市委“作风能力提升年”活动领导小组",)),
            _p("“作风能力提升年”活动开展以来，第七巡回督导组推出五位一体工作措施，取得实实在在良好成效。现将有关做法汇报如下："),
            Heading(level=1, content=(Text("主要做法"),)),
            Heading(level=2, content=(Text("坚持问题导向，确保活动高开高走"),)),
            _p("截至目前，我组共收集整理各单位长、短期问题共计", Strong(children=(Text("68"),)), "条，在大动员、大学习阶段已解决问题41条。"),
            Heading(level=3, content=(Text("建立工作台账"),)),
            Heading(level=4, content=(Text("逐项销号"),)),
            _p("对照台账", Emph(children=(Text("逐项销号"),)), "，做到整改一件、销号一件。"),
            Heading(level=1, content=(Text("存在问题"),)),
            _p(TRICKY),
            AttachmentNote(items=("问题清单", "规定动作完成情况表")),
            Signature(names=("第七巡回督导组",)),
            DateLine(date=DAY),
        ),
    )


def _briefing() -> Document:
    return Document(
        meta=Meta(kind="briefing", title="第七巡回督导组全面进驻被督导单位", issuer="第七巡回督导组", date=DAY),
        blocks=(
            Masthead(name="作风能力提升年督导简报", number=9, total_number=9, issuer="第七巡回督导组", date=DAY),
            Title(content=(Text("第七巡回督导组全面进驻被督导单位"),)),
            _p("3月上旬，第七巡回督导组分三个小组进驻10个被督导单位，列席中心组学习4次。"),
            BulletList(items=((_p("周一工作例会"),), (_p("周中工作交流"),), (_p("周末工作总结"),))),
            OrderedList(items=((_p("压实责任"),), (_p("抓好整改"), _p("做到整改一件、销号一件。"))), start=1),
            Imprint(
                report_to=("市委“作风能力提升年”活动领导小组",),
                send_to=("各巡回督导组",),
                distribute_to=("各被督导单位",),
                copies=30,
            ),
        ),
    )


def _ledger(rows: int = 40) -> Document:
    header = tuple((Text(t),) for t in ("序号", "被督导单位", "问题描述", "整改时限", "状态"))
    body = tuple(
        ((Text(str(i)),), (Text("市总工会"),), (Text(f"第{i}项问题：基层工会台账不全 | 缺*佐证*"),), (Text("2022.4.30"),), (Text("整改中"),))
        for i in range(1, rows + 1)
    )
    return Document(
        meta=Meta(kind="ledger", title="第七巡回督导组问题台账", landscape=True, date=DAY),
        blocks=(
            Title(content=(Text("第七巡回督导组问题台账"),)),
            _p("填报单位：第七巡回督导组　　截至日期：2022年4月15日"),
            Table(
                header=header,
                rows=body,
                widths=(1, 3, 8, 2, 2),
                totals=((Text("合计"),), (Text(f"{rows}条"),), (Text("已解决0条"),), (), ()),
                caption="截至2022年4月15日",
            ),
        ),
    )


def _every_node() -> Document:
    styled = Style(classes=("note",), attributes=(("data-source", "conformance"),))
    return Document(
        meta=Meta(kind="document", title="全部节点", issuer="督导组", date=DAY, extra=(("keywords", "测试"),)),
        blocks=(
            Masthead(name="工作提示", number=3, supplement=True, issuer="第七巡回督导组", date=DAY),
            Title(content=(Text("全部节点"),)),
            Addressee(names=("各被督导单位", "市委组织部")),
            Heading(level=1, content=(Text("一级"),)),
            Heading(level=2, content=(Text("二级"),)),
            Heading(level=3, content=(Text("三级"),)),
            Heading(level=4, content=(Text("四级"),)),
            Paragraph(content=(Text("普通"), Strong(children=(Text("加粗"), Emph(children=(Text("加粗强调"),)))), LineBreak(), Text("回行")), style=styled),
            BulletList(items=((_p("甲"), BulletList(items=((_p("甲一"),),))), (_p("乙"),))),
            OrderedList(items=((_p("第一"),), (_p("第二"),)), start=3),
            Table(header=((Text("项目"),), (Text("内容"),)), rows=(((Text("签收人"),), ()),)),
            Rule(),
            PageBreak(),
            AttachmentNote(items=("问题清单",)),
            Signature(names=("第七巡回督导组", "市委督查室"), sealed=True),
            DateLine(date=DAY),
            Imprint(copy_to=("市委办公室",), printer="第七巡回督导组", printed_on=DAY, copies=5),
        ),
    )


def golden_documents() -> dict[str, Document]:
    """The golden documents by name, headings not yet numbered (the pipeline numbers them)."""
    return {"report": _report(), "briefing": _briefing(), "ledger": _ledger(), "every-node": _every_node()}


GOLDEN = golden_documents()

OPTION_SETS: dict[str, RenderOptions] = {
    "default": RenderOptions(),
    "strict": RenderOptions(profile="strict"),
    "sealed-bold-latin": RenderOptions(sealed=True, bold_level3=True, latin_font="Times New Roman"),
}


def _texts(inlines: tuple[Inline, ...]) -> Iterator[str]:
    for inline in inlines:
        if isinstance(inline, Text):
            yield inline.text
        elif isinstance(inline, (Strong, Emph)):
            yield from _texts(inline.children)


def texts_of(document: Document) -> list[str]:
    """The text of every Text node in body blocks (titles, headings, paragraphs, lists, cells)."""
    found: list[str] = []

    def visit(block: Any) -> None:
        if isinstance(block, (Title, Heading, Paragraph)):
            found.extend(_texts(block.content))
        elif isinstance(block, (BulletList, OrderedList)):
            for item in block.items:
                for inner in item:
                    visit(inner)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows, *([block.totals] if block.totals else [])):
                for cell in row:
                    found.extend(_texts(cell))

    for block in document.blocks:
        visit(block)
    return [text for text in found if text.strip()]
