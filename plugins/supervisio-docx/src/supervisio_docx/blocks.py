"""The body: every block of the document tree → WordprocessingML, in one pass, as strings.

Text blocks are written here (标题, 层次标题, 正文, lists, 主送, 署名 and 成文日期, 附件说明, rules and page
breaks); tables and the furniture of briefings (报头, 报尾/版记) have modules of their own. The whole
body is built as strings rather than through python-docx's object model, whose per-paragraph and
per-cell calls make long documents slow (docs/user-needs.md §3, "speed on long ledgers"). Each paragraph
names its element's style (:mod:`supervisio_docx.styles`) and states only what the document
computes: a 署名's right indent, the space above it, a page break, a list's nesting.

Placement rules (GB/T 9704-2012, docs/gbt9704.md §2 and §6.7):

- 标题 (7.3.1): 2号小标宋, centred; a LineBreak splits it into the lines of a 梯形/菱形 title.
- 层次序数 (7.3.3): 一、 黑体, （一） 楷体, 1. and （1） 仿宋; the number is printed before the text, both
  indented two characters like the body; 1. in bold when ``bold_level3`` (a local rule).
- 主送 (7.3.2): flush left, ending with a full-width colon.
- 署名 and 成文日期 (7.3.5): placed by the layout layer (:func:`supervisio.layout.place_closing`, which
  the HTML renderer uses too): sealed — the date right-indented four characters, each 署名 line
  centred over it, two blank lines above for the seal; unsealed — one blank line, the 署名
  right-indented two characters and the date starting two characters to the right of the 署名's
  first, unless the date is the wider, in which case the date is right-indented two characters and
  the 署名 moves left (7.3.5.2). A 署名 and the date after it are paired by the layout's walk
  (:func:`supervisio.layout.pair_closings`).
- 附件说明 (7.3.4): one blank line below the text, "附件：1.附件名称", names aligned under the first name.
- Lists are written with literal markers (1. or ●, :func:`supervisio.layout.list_markers`), never Word
  auto-numbering, which breaks when documents are combined (docs/gbt9704.md §9); a ``marker`` style
  attribute changes them (``（{n}）``, ``★``).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from supervisio.doctree.conventions import ATTACHMENT_LABEL
from supervisio.doctree.nodes import (
    Addressee,
    AttachmentNote,
    Block,
    BulletList,
    Chart,
    Heading,
    Imprint,
    Masthead,
    OrderedList,
    PageBreak,
    Paragraph,
    Rule,
    Table,
    Text,
    Title,
)
from supervisio.layout import Closing, list_indent, list_markers, pair_closings, text_width
from supervisio_docx import furniture, tables
from supervisio_docx.chart import chart_drawing
from supervisio_docx.context import Context, Flow
from supervisio_docx.inlines import run, runs
from supervisio_docx.styles import BODY_CHAR
from supervisio_docx.wml import border, paragraph, paragraph_properties

__all__ = ["render_body"]

_ALIGNMENTS = ("center", "right", "left")


def render_body(blocks: tuple[Block, ...], ctx: Context) -> list[str]:
    """The children of ``w:body`` (without ``w:sectPr``) for ``blocks``, as chunks in order.

    Chunks, not one string: a 100,000-row ledger's body is over 100 MB, and joining it only to
    encode it again would hold it in memory twice more (:func:`supervisio_docx.template.zip_parts`
    encodes and deflates chunk by chunk)."""
    flow = Flow()
    body = _chunks(blocks, ctx, flow)
    if flow.take_page_break():  # a trailing PageBreak still opens a (blank) page
        body.append(paragraph(paragraph_properties(page_break_before=True), ""))
    return body


def _blocks(blocks: tuple[Block, ...], ctx: Context, flow: Flow) -> str:
    return "".join(_chunks(blocks, ctx, flow))


def _chunks(blocks: tuple[Block, ...], ctx: Context, flow: Flow) -> list[str]:
    parts: list[str] = []
    items = pair_closings(blocks)
    for index, block in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        if isinstance(block, Closing):
            parts.append(_closing(block, ctx, flow))
        elif isinstance(block, Paragraph) and isinstance(following, Closing) and following.signature:
            # the 署名 never opens a page without 正文 (7.3.5.4): the last paragraph keeps with it
            parts.append(_paragraph(block, ctx, flow, keep_next=True))
        elif isinstance(block, Table):  # a table comes in chunks of rows
            parts.extend(tables.table_chunks(block, ctx, flow))
        else:
            writer = _WRITERS.get(type(block))
            if writer is None:
                raise TypeError(f"not a block node: {block!r}")
            parts.append(writer(block, ctx, flow))
    return parts


# ------------------------------------------------------------------------------- text blocks


def _title(block: Title, ctx: Context, flow: Flow) -> str:
    properties = paragraph_properties(style="Title", page_break_before=flow.take_page_break())
    return paragraph(properties, runs(block.content, ctx.run_style()))


def _heading(block: Heading, ctx: Context, flow: Flow) -> str:
    """层次标题: number and text in the face of the level's style (levels outside 1–4: the
    nearest), bold at level 3 when the style says so (``bold_level3``)."""
    level = min(max(block.level, 1), 4)
    number = (Text(block.number),) if block.number else ()
    properties = paragraph_properties(
        style=f"Heading{level}", page_break_before=flow.take_page_break()
    )
    return paragraph(properties, runs(number + block.content, ctx.run_style()))


def _paragraph(block: Paragraph, ctx: Context, flow: Flow, *, keep_next: bool = False) -> str:
    classes = block.style.classes
    jc = next((name for name in classes if name in _ALIGNMENTS), None)
    nesting = list_indent(flow.list_depth)
    label = ATTACHMENT_LABEL in classes  # 附件 atop an attachment's page: its own style, 3号黑体
    properties = paragraph_properties(
        style="AttachmentLabel" if label else None,
        keep_next=keep_next or label,
        page_break_before=flow.take_page_break(),
        left=_twips(nesting) if nesting else None,
        first_line=0 if jc or "noindent" in classes else None,
        jc=jc,
    )
    return paragraph(properties, runs(block.content, ctx.run_style()))


def _addressee(block: Addressee, ctx: Context, flow: Flow) -> str:
    """主送机关, names joined by 、 and closed by one full-width colon (a typed colon is not doubled)."""
    text = "、".join(block.names).rstrip("：:") + "："
    properties = paragraph_properties(style="Addressee", page_break_before=flow.take_page_break())
    return paragraph(properties, run(text, ctx.run_style()))


def _bullet_list(block: BulletList, ctx: Context, flow: Flow) -> str:
    return _list_items(block.items, list_markers(block), ctx, flow)


def _ordered_list(block: OrderedList, ctx: Context, flow: Flow) -> str:
    return _list_items(block.items, list_markers(block), ctx, flow)


def _list_items(
    items: tuple[tuple[Block, ...], ...], markers: tuple[str, ...], ctx: Context, flow: Flow
) -> str:
    """Each item as body paragraphs, its marker printed at the start of its first paragraph; the
    paragraphs of a nested list are indented two more characters."""
    parts = []
    flow.list_depth += 1
    for marker, item in zip(markers, items, strict=True):
        first, rest = (item[0], item[1:]) if item else (Paragraph(content=()), ())
        if isinstance(first, Paragraph):
            first = attrs.evolve(first, content=(Text(marker), *first.content))
            parts.append(_blocks((first, *rest), ctx, flow))
        else:
            parts.append(_paragraph(Paragraph(content=(Text(marker),)), ctx, flow))
            parts.append(_blocks(item, ctx, flow))
    flow.list_depth -= 1
    return "".join(parts)


def _attachment_note(block: AttachmentNote, ctx: Context, flow: Flow) -> str:
    """附件说明: "附件：" two characters in, every name starting in the same column (docs/gbt9704.md §6.7)."""
    if not block.items:
        return ""
    style = ctx.run_style()
    label = "附件："
    numbered = len(block.items) > 1
    ordinals = [f"{i}." if numbered else "" for i in range(1, len(block.items) + 1)]
    name_column = 2 + text_width(label) + max(text_width(o) for o in ordinals)
    parts = []
    for index, (ordinal, name) in enumerate(zip(ordinals, block.items, strict=True)):
        lead = (label if index == 0 else "") + ordinal
        properties = paragraph_properties(
            style="AttachmentNote",
            page_break_before=flow.take_page_break() if index == 0 else False,
            before=ctx.geometry.line if index == 0 else None,
            left=_twips(name_column),
            hanging=_twips(text_width(lead)),
        )
        parts.append(paragraph(properties, run(lead + name, style)))
    return "".join(parts)


def _rule(block: Rule, ctx: Context, flow: Flow) -> str:
    color = "FF0000" if "red" in block.style.classes else "000000"
    properties = paragraph_properties(
        style="Rule",
        page_break_before=flow.take_page_break(),
        bottom_border=border("bottom", 6, color, space=1),
    )
    return paragraph(properties, "")


def _page_break(block: PageBreak, ctx: Context, flow: Flow) -> str:
    flow.request_page_break()
    return ""


# ------------------------------------------------------------------------------- signature and date


def _closing(closing: Closing, ctx: Context, flow: Flow) -> str:
    """署名 lines and the 成文日期 under them, where the layout layer places them (7.3.5)."""
    placement = closing.placement(ctx.options.sealed)
    style = ctx.run_style()
    has_date = closing.date_text is not None
    names = closing.names
    parts = []
    for index, (name, indent) in enumerate(zip(names, placement.signature_indents, strict=True)):
        properties = paragraph_properties(
            style="SignatureLine",
            # 署名 and 成文日期 on one page (7.3.5): each 署名 line keeps with the next
            keep_next=has_date or index < len(names) - 1,
            page_break_before=flow.take_page_break() if index == 0 else False,
            before=placement.blank_lines * ctx.geometry.line if index == 0 else None,
            right=_twips(indent),
        )
        parts.append(paragraph(properties, run(name, style)))
    if closing.date_text is not None:
        properties = paragraph_properties(
            style="DateLine",
            page_break_before=flow.take_page_break(),
            right=_twips(placement.date_indent),
        )
        parts.append(paragraph(properties, run(closing.date_text, style)))
    return "".join(parts)


def _twips(chars: float) -> int:
    """``chars`` body characters (字) in twips."""
    return round(chars * BODY_CHAR)


def _chart(block: Chart, ctx: Context, flow: Flow) -> str:
    """A chart (:mod:`supervisio_docx.chart`): its title as a caption kept with it, then the drawing in a
    centred paragraph of automatic line height, numbered in the order the body meets the charts."""
    ctx.charts.append(block)
    number = len(ctx.charts)
    parts = []
    if block.title:
        properties = paragraph_properties(style="TableCaption", keep_next=True,
                                          page_break_before=flow.take_page_break())
        parts.append(paragraph(properties, run(block.title, ctx.run_style())))
    drawing_properties = paragraph_properties(
        jc="center", page_break_before=flow.take_page_break(), auto_line=True, first_line=0
    )
    drawing = chart_drawing(block, number, ctx.geometry.block_width, ctx.geometry.landscape)
    parts.append(paragraph(drawing_properties, drawing))
    return "".join(parts)


_WRITERS: dict[type, Callable[..., str]] = {
    Title: _title,
    Heading: _heading,
    Paragraph: _paragraph,
    BulletList: _bullet_list,
    OrderedList: _ordered_list,
    Masthead: furniture.masthead,
    Addressee: _addressee,
    AttachmentNote: _attachment_note,
    Imprint: furniture.imprint,
    Rule: _rule,
    PageBreak: _page_break,
    Chart: _chart,
}
