"""Blocks as HTML, one function per node type: titles, headings, lists, tables, 报头, 署名, 版记 …"""


from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs

from supervisio.doctree.conventions import DEFAULT_CELL_SIZE, cell_line, cell_size
from supervisio.doctree.nodes import (
    Addressee,
    AttachmentNote,
    Block,
    BulletList,
    Cell,
    Chart,
    Heading,
    Imprint,
    Inline,
    LineBreak,
    Masthead,
    OrderedList,
    PageBreak,
    Paragraph,
    Rule,
    Table,
    Text,
    Title,
)
from supervisio.layout import (
    Closing,
    ImprintLine,
    list_markers,
    pair_closings,
    place_imprint,
    place_masthead,
    text_width,
)
from supervisio.layout.tables import column_widths, line_count, unbreakable
from supervisio.renderers.base import RenderOptions
from supervisio.renderers.html.chart import chart_svg
from supervisio.renderers.html.geometry import PageGeometry
from supervisio.renderers.html.text import (
    _attributes,
    _cells,
    _render_inlines,
    _text_html,
)

# ---------------------------------------------------------------------- blocks


@attrs.frozen(kw_only=True)
class _Context:
    """What a block's rule may need besides the block: the options, the page, the next block (a 版记
    with nothing after it is the closing one, which may be pinned)."""

    options: RenderOptions
    geometry: PageGeometry
    following: Block | Closing | None = None
    imprint_pages: int = 1
    """The page whose foot a closing 版记 is pinned to (:func:`imprint_pages`); 1: not pinned."""

    @property
    def latin(self) -> bool:
        """Whether Latin runs get the Latin face (``options.latin_font`` is set)."""
        return bool(self.options.latin_font)

    def text(self, text: str) -> str:
        """Escaped text: line breaks as ``<br>``, Latin runs marked when there is a Latin face."""
        return _text_html(text, self.latin)

    def inlines(self, inlines: Iterable[Inline]) -> str:
        """The HTML of a run of inlines."""
        return _render_inlines(inlines, self.latin)


def _render_title(node: Title, ctx: _Context) -> str:
    """标题: 2号小标宋, centred; a LineBreak starts a line of a 梯形/菱形 title (docs/gbt9704.md §2 row 16)."""
    return f"<h1{_attributes(node.style, ['title'])}>{ctx.inlines(node.content)}</h1>"


def _render_heading(node: Heading, ctx: _Context) -> str:
    """A heading: its number, then its text, on the body grid in its level's face (row 19).

    Level 1 is ``h2`` (the title is ``h1``); levels past 4 keep a class of their own level.
    """
    tag = f"h{min(node.level + 1, 6)}"
    number = (
        "" if node.number is None
        else f'<span class="heading-number">{ctx.text(node.number)}</span>'
    )
    attributes = _attributes(node.style, ["heading", f"level-{node.level}"])
    return f"<{tag}{attributes}>{number}{ctx.inlines(node.content)}</{tag}>"


def _render_paragraph(node: Paragraph, ctx: _Context) -> str:
    """正文: first line indented two cells, justified (docs/gbt9704.md §2 row 18)."""
    return f"<p{_attributes(node.style)}>{ctx.inlines(node.content)}</p>"


def _render_list_items(items: tuple[tuple[Block, ...], ...], markers: tuple[str, ...], ctx: _Context) -> str:
    """Each item as body paragraphs with its marker at the start of the first one, as in the docx:
    公文 numbered items are paragraphs (first line indented two cells, later lines flush left), not a
    hanging list; a nested list is indented two more cells. The marker is the first paragraph's
    ``data-list-marker``, printed by html.css (``::before``), so the item's text stays its own."""
    parts = []
    for marker, item in zip(markers, items, strict=True):
        first, rest = (item[0], item[1:]) if item else (Paragraph(content=()), ())
        if not isinstance(first, Paragraph):
            first, rest = Paragraph(content=()), item
        style = attrs.evolve(first.style, attributes=(("list-marker", marker), *first.style.attributes))
        blocks = (attrs.evolve(first, style=style), *rest)
        parts.append(f"<li>{_render_blocks(blocks, attrs.evolve(ctx, imprint_pages=1))}</li>")
    return "\n".join(parts)


def _render_bullet_list(node: BulletList, ctx: _Context) -> str:
    """An unordered list: the markers are the layout layer's (:func:`supervisio.layout.list_markers`)."""
    items = _render_list_items(node.items, list_markers(node), ctx)
    return f"<ul{_attributes(node.style)}>\n{items}\n</ul>"


def _render_ordered_list(node: OrderedList, ctx: _Context) -> str:
    start = None if node.start == 1 else str(node.start)
    items = _render_list_items(node.items, list_markers(node), ctx)
    return f"<ol{_attributes(node.style, start=start)}>\n{items}\n</ol>"


def _render_table(node: Table, ctx: _Context) -> str:
    """A table: fixed layout from the widths, a head repeated on every page, rows kept whole.

    The widths are fitted to the text (:func:`supervisio.layout.tables.column_widths`, as in the
    docx): dates, numbers and codes each fit whole on a line, and are kept whole (``nobr``) when a
    browser would break them (``2022年6月30日前``); the room goes where the text is. A row estimated
    taller than half a page may split (``class="tall"``), rather than leave half a page blank.

    The totals row (合计) is the last row group, not a ``<tfoot>``: Chromium repeats a tfoot at the
    foot of every printed page, and the totals belong once, after the last row (docs/gbt9704.md §4 ledger).
    """
    count = _column_count(node)
    size = cell_size(node)
    sized = "" if size == DEFAULT_CELL_SIZE else f' style="font-size:{size}pt;line-height:{cell_line(size)}pt"'
    parts = [f"<table{_attributes(node.style)}{sized}>"]
    if node.caption is not None:
        parts.append(f"<caption>{ctx.text(node.caption)}</caption>")
    widths = _column_widths(node, size, ctx)
    parts.append(_colgroup(widths, ctx.geometry.block_width))
    if node.header:
        parts.append(f"<thead>{_row(node.header, count, 'th', ctx)}</thead>")
    tall = _tall_rows(node, widths, size, ctx)
    rows = "\n".join(_row(row, count, "td", ctx, i in tall) for i, row in enumerate(node.rows))
    parts.append(f"<tbody>\n{rows}\n</tbody>")
    if node.totals is not None:
        parts.append(f'<tbody class="totals">{_row(node.totals, count, "td", ctx)}</tbody>')
    parts.append("</table>")
    return "\n".join(parts)


def _column_count(table: Table) -> int:
    totals = (table.totals,) if table.totals is not None else ()
    return max((len(row) for row in (table.header, *table.rows, *totals)), default=0)


_CELL_PADDING_MM = 1.0 + 0.75 * 25.4 / 72 + 0.2
"""What a column takes besides its text, in mm: the padding on both sides (html.css, ``th, td``), a
rule, and 0.2 mm to spare, since the widths are estimated, not laid out."""


def _column_widths(table: Table, size: float, ctx: _Context) -> tuple[float, ...]:
    """The columns' widths in mm, fitted to the text and summing to the block width."""
    return column_widths(table, ctx.geometry.block_width, size * 25.4 / 72, _CELL_PADDING_MM)


def _column_percentages(widths: tuple[float, ...], block_width: float) -> list[float]:
    """Column widths in percent of the block."""
    return [100 * width / block_width for width in widths]


def _colgroup(widths: tuple[float, ...], block_width: float) -> str:
    shares = _column_percentages(widths, block_width)
    return "<colgroup>" + "".join(f'<col style="width:{s:.4f}%">' for s in shares) + "</colgroup>"


def _tall_rows(table: Table, widths: tuple[float, ...], size: float, ctx: _Context) -> set[int]:
    """The body rows estimated taller than half a page: those may split across pages."""
    line = cell_line(size) * 25.4 / 72
    half = ctx.geometry.block_height / 2 / line
    cells = [max(0.5, (w - _CELL_PADDING_MM) / (size * 25.4 / 72)) for w in widths]
    tall = set()
    for index, row in enumerate(table.rows):
        texts = [_plain(cell) for cell in row]
        if sum(len(text) for text in texts) <= half:
            continue  # a character or a line break a line at most: not tall
        for text, room in zip(texts, cells):
            lines = tuple((text_width(line), not line.isascii()) for line in text.split("\n"))
            if line_count(lines, room) > half:
                tall.add(index)
                break
    return tall


def _plain(cell: Cell) -> str:
    parts = []
    for inline in cell:
        if isinstance(inline, Text):
            parts.append(inline.text)
        elif isinstance(inline, LineBreak):
            parts.append("\n")
        else:
            parts.append(_plain(inline.children))
    return "".join(parts)


def _row(cells: tuple[Cell, ...], count: int, tag: str, ctx: _Context, tall: bool = False) -> str:
    """A row padded with empty cells to the column count, so that every rule is drawn."""
    scope = ' scope="col"' if tag == "th" else ""
    padded = [*cells, *(() for _ in range(count - len(cells)))]
    opening = '<tr class="tall">' if tall else "<tr>"
    return opening + "".join(f"<{tag}{scope}>{_cell_html(c, ctx)}</{tag}>" for c in padded) + "</tr>"


def _cell_html(cell: Cell, ctx: _Context) -> str:
    """A cell's HTML; a date, number or code a browser may break inside (``2022年6月30日``,
    ``DD07-012``) is a ``nobr`` span, printed whole. Cells with emphasis go the common way."""
    if not all(isinstance(inline, (Text, LineBreak)) for inline in cell):
        return ctx.inlines(cell)
    parts = []
    for inline in cell:
        if not isinstance(inline, Text):
            parts.append("<br>")
            continue
        text = inline.text
        start = 0
        for run in _kept_whole(text):
            begin = text.index(run, start)
            parts.append(ctx.text(text[start:begin]))
            parts.append(f'<span class="nobr">{ctx.text(run)}</span>')
            start = begin + len(run)
        parts.append(ctx.text(text[start:]))
    return "".join(parts)


def _kept_whole(text: str) -> list[str]:
    """The unbreakable runs of ``text`` a browser might break: with a space, a hyphen, a slash or a
    Chinese character inside (a run of digits, letters and dots it keeps whole by itself)."""
    return [run for run in unbreakable(text) if not run.replace(".", "").isalnum() or not run.isascii()]


def _render_masthead(node: Masthead, ctx: _Context) -> str:
    """报头: the red 简报名, the 期号, 编发单位 left and date right, a red rule (docs/gbt9704.md §4).

    The layout layer places them (:func:`supervisio.layout.place_masthead`). A long 简报名 is set
    smaller: Word squeezes the glyphs instead (docs/gbt9704.md §6.5), CSS cannot narrow characters
    without a transform. The issue line's inset is the layout's, in cells.
    """
    layout = place_masthead(node, ctx.geometry.block_width)
    size = layout.name_size_pt
    parts = [f'<p class="masthead-name" style="font-size:{size:g}pt">{ctx.text(layout.name)}</p>']
    if layout.issue:
        parts.append(f'<p class="masthead-issue">{ctx.text(layout.issue)}</p>')
    spans = []
    if layout.issuer is not None:
        spans.append(f'<span class="masthead-issuer">{ctx.text(layout.issuer)}</span>')
    if layout.date is not None:
        spans.append(f'<span class="masthead-date">{ctx.text(layout.date)}</span>')
    inset = _cells(layout.inset)
    parts.append(f'<p class="masthead-line" style="padding:0 {inset}">{"".join(spans)}</p>')
    content = "\n".join(parts)
    return f"<header{_attributes(node.style, ['masthead'])}>\n{content}\n</header>"


def _render_addressee(node: Addressee, ctx: _Context) -> str:
    """主送机关: flush left, names joined by 、, a full-width colon added (docs/gbt9704.md §2 row 17)."""
    names = "、".join(node.names)
    return f"<p{_attributes(node.style, ['addressee'])}>{ctx.text(names)}：</p>"


def _seal_class(sealed: bool) -> str:
    return "sealed" if sealed else "unsealed"


def _render_closing(node: Closing, ctx: _Context) -> str:
    """署名 and 成文日期, placed together by the layout layer (:func:`supervisio.layout.place_closing`,
    docs/gbt9704.md §6.7): each 署名 line and the date right-indented by its cells, the blank lines
    above the 署名 (one, or two for a seal) as its top margin. Sealed when the options or the 署名
    say so."""
    sealed = node.sealed(ctx.options.sealed)
    placement = node.placement(ctx.options.sealed)
    parts = []
    if node.signature is not None:
        lines = "\n".join(
            f'<p class="signature-name" style="padding-right:{_cells(indent)}">{ctx.text(name)}</p>'
            for name, indent in zip(node.signature.names, placement.signature_indents, strict=True)
        )
        attributes = _attributes(
            node.signature.style,
            ["signature", _seal_class(sealed)],
            style=f"margin-top:calc({placement.blank_lines} * var(--line))",
        )
        parts.append(f"<div{attributes}>\n{lines}\n</div>")
    if node.date is not None and node.date_text is not None:
        classes = ["dateline", _seal_class(sealed)]
        attributes = _attributes(node.date.style, classes, style=f"padding-right:{_cells(placement.date_indent)}")
        parts.append(f"<p{attributes}>{ctx.text(node.date_text)}</p>")
    return "\n".join(parts)


def _render_attachment_note(node: AttachmentNote, ctx: _Context) -> str:
    """附件说明: "附件：1.附件名称" 左空二字, later items under the first, wrapped names hanging
    (docs/gbt9704.md §6.7). A single attachment has no number ("附件：附件名称", GB/T 9704 7.3.4); no items, no
    note."""
    if not node.items:
        return ""
    single = len(node.items) == 1
    lines = "\n".join(
        _attachment_line(item, index, single, ctx) for index, item in enumerate(node.items, 1)
    )
    classes = ["attachments", "single" if single else "numbered"]
    return f"<div{_attributes(node.style, classes)}>\n{lines}\n</div>"


def _attachment_line(item: str, index: int, single: bool, ctx: _Context) -> str:
    label = '<span class="attachment-label">附件：</span>' if index == 1 else ""
    number = "" if single else f'<span class="attachment-number">{ctx.text(f"{index}.")}</span>'
    classes = "attachment first" if index == 1 else "attachment"
    return f'<p class="{classes}">{label}{number}{ctx.text(item)}</p>'


def _render_imprint(node: Imprint, ctx: _Context) -> str:
    """版记 / 报尾: its lines and rules as the layout layer sets them (:func:`supervisio.layout.place_imprint`,
    docs/gbt9704.md §2 rows 26–28, §4): 报/送/发, 抄送 with （共印N份） right of the last, then the 印发
    line; a thick rule above and below, a thin one over the first line of each later group
    (``imprint-ruled``).

    An empty imprint prints nothing. The slot around it takes the free space of the sheet; the closing
    imprint of a pinned sheet comes twice, a reserving copy in the flow and the printed copy on the
    sheet's bottom (see the module docstring).
    """
    layout = place_imprint(node)
    lines = [
        _imprint_line(line, ruled=index == 0 and number > 0, ctx=ctx)
        for number, group in enumerate(layout.groups)
        for index, line in enumerate(group)
    ]
    if not lines:
        return ""
    content = "\n".join(lines)
    footer = f"<footer{_attributes(node.style, ['imprint'])}>\n{content}\n</footer>"
    if ctx.imprint_pages > 1 and ctx.following is None:
        return (
            f'<div class="imprint-slot imprint-flow">\n{footer}\n</div>\n'
            f'<div class="imprint-slot imprint-pinned">\n{footer}\n</div>'
        )
    return f'<div class="imprint-slot">\n{footer}\n</div>'


def _imprint_line(line: ImprintLine, ruled: bool, ctx: _Context) -> str:
    """One 版记 line: label and names (wrapped names after the colon) or the 印发机关 at the left,
    （共印N份） or the 印发 date at the right, one 4号 character in from both sides (html.css)."""
    classes = ["imprint-line", *(["imprint-printer"] if line.printer else []), *(["imprint-ruled"] if ruled else [])]
    spans = []
    if line.printer:
        if line.text:
            spans.append(f'<span class="imprint-printer-name">{ctx.text(line.text)}</span>')
        if line.right is not None:
            spans.append(f'<span class="imprint-date">{ctx.text(line.right)}</span>')
    else:
        if line.label:
            spans.append(f'<span class="imprint-label">{ctx.text(line.label)}</span>')
        if line.text:
            spans.append(f'<span class="imprint-names">{ctx.text(line.text)}</span>')
        if line.right is not None:
            spans.append(f'<span class="imprint-copies">{ctx.text(line.right)}</span>')
    return f'<p class="{" ".join(classes)}">{"".join(spans)}</p>'


def _render_rule(node: Rule, ctx: _Context) -> str:
    return f"<hr{_attributes(node.style, ['rule'])}>"


def _render_chart(node: Chart, ctx: _Context) -> str:
    """A chart: a ``<figure>`` holding its title and the inline SVG drawn from its data
    (:mod:`supervisio.renderers.html.chart`), kept whole on one page, as wide as the block."""
    caption = f"<figcaption>{ctx.text(node.title)}</figcaption>" if node.title else ""
    return f"<figure{_attributes(node.style, ['chart'])}>{caption}{chart_svg(node)}</figure>"


def _render_page_break(node: PageBreak, ctx: _Context) -> str:
    """A new page in print (``break-before: page``); a dashed line across the sheet on screen."""
    return f"<div{_attributes(node.style, ['page-break'])}></div>"


_BLOCK_RENDERERS: dict[type, Callable[[Any, _Context], str]] = {
    Title: _render_title,
    Heading: _render_heading,
    Paragraph: _render_paragraph,
    BulletList: _render_bullet_list,
    OrderedList: _render_ordered_list,
    Table: _render_table,
    Chart: _render_chart,
    Masthead: _render_masthead,
    Addressee: _render_addressee,
    Closing: _render_closing,
    AttachmentNote: _render_attachment_note,
    Imprint: _render_imprint,
    Rule: _render_rule,
    PageBreak: _render_page_break,
}


def _render_blocks(blocks: tuple[Block, ...], ctx: _Context) -> str:
    """The HTML of a sequence of blocks, one per line, a 署名 and its 成文日期 together (the layout
    layer's walk, :func:`supervisio.layout.pair_closings`); each rule sees the next item."""
    items = pair_closings(blocks)
    rendered = []
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        rendered.append(_block_renderer(item)(item, attrs.evolve(ctx, following=following)))
    return "\n".join(part for part in rendered if part)


def _block_renderer(block: Block | Closing) -> Callable[[Any, _Context], str]:
    try:
        return _BLOCK_RENDERERS[type(block)]
    except KeyError:
        raise TypeError(f"the HTML renderer has no rule for the block {block!r}") from None
