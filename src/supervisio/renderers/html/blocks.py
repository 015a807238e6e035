"""Blocks as HTML, one function per node type: titles, headings, lists, tables, 报头, 署名, 版记 …"""


from __future__ import annotations

import math
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
    DateLine,
    Heading,
    Imprint,
    Inline,
    Masthead,
    OrderedList,
    PageBreak,
    Paragraph,
    Rule,
    Signature,
    Table,
    Title,
)
from supervisio.numerals import date_text
from supervisio.renderers.base import RenderOptions
from supervisio.renderers.html.geometry import MM_PER_PT, PageGeometry
from supervisio.renderers.html.text import (
    _attributes,
    _cells,
    _render_inlines,
    _text_html,
    text_width,
)

# ---------------------------------------------------------------------- 署名, 日期


@attrs.frozen
class SignatureLayout:
    """Right indents in body character cells: each 署名 line's and the 成文日期's (SPEC §6.7)."""

    name_indents: tuple[float, ...]
    date_indent: float


def signature_layout(names: tuple[str, ...], date: str | None, sealed: bool) -> SignatureLayout:
    """Where the 署名 and the 成文日期 go, from their widths (GB/T 9704 7.3.5.1 and 7.3.5.2).

    Sealed: the date 右空四字, each name centred over the date. Unsealed: the names 右空二字 and the
    date's first character two cells right of the (longest) name's; when the date is the longer,
    the date 右空二字 and the names move left to keep that offset. Without a date the names keep
    4 (sealed) or 2 cells.
    """
    widths = [text_width(name) for name in names]
    if date is None:
        indent = 4.0 if sealed else 2.0
        return SignatureLayout(tuple(indent for _ in names), indent)
    date_width = text_width(date)
    if sealed:
        return SignatureLayout(tuple(max(0.0, 4 + (date_width - w) / 2) for w in widths), 4.0)
    longest = max(widths, default=0.0)
    if date_width <= longest:
        return SignatureLayout(tuple(2.0 for _ in names), longest - date_width)
    return SignatureLayout(tuple(4 + date_width - longest for _ in names), 2.0)


# ---------------------------------------------------------------------- blocks


@attrs.frozen(kw_only=True)
class _Context:
    """What a block's rule may need besides the block: the options, the page, the neighbours.

    The neighbours pair a 署名 with the 成文日期 under it: each one's indent depends on both widths.
    """

    options: RenderOptions
    geometry: PageGeometry
    previous: Block | None = None
    following: Block | None = None
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
    """标题: 2号小标宋, centred; a LineBreak starts a line of a 梯形/菱形 title (SPEC §2 row 16)."""
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
    """正文: first line indented two cells, justified (SPEC §2 row 18)."""
    return f"<p{_attributes(node.style)}>{ctx.inlines(node.content)}</p>"


_BULLET = "●"
_ORDINAL = "{n}."
"""List markers, as the docx renderer prints them (a ``marker`` attribute on the list replaces them)."""


def _render_list_items(items: tuple[tuple[Block, ...], ...], markers: list[str], ctx: _Context) -> str:
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
    marker = node.style.get("marker", _BULLET) or _BULLET
    items = _render_list_items(node.items, [marker] * len(node.items), ctx)
    return f"<ul{_attributes(node.style)}>\n{items}\n</ul>"


def _render_ordered_list(node: OrderedList, ctx: _Context) -> str:
    start = None if node.start == 1 else str(node.start)
    template = node.style.get("marker", _ORDINAL) or _ORDINAL
    markers = [template.replace("{n}", str(node.start + i)) for i in range(len(node.items))]
    items = _render_list_items(node.items, markers, ctx)
    return f"<ol{_attributes(node.style, start=start)}>\n{items}\n</ol>"


def _render_table(node: Table, ctx: _Context) -> str:
    """A table: fixed layout from the widths, a head repeated on every page, rows kept whole.

    The totals row (合计) is the last row group, not a ``<tfoot>``: Chromium repeats a tfoot at the
    foot of every printed page, and the totals belong once, after the last row (SPEC §4 ledger).
    """
    count = _column_count(node)
    size = cell_size(node)
    sized = "" if size == DEFAULT_CELL_SIZE else f' style="font-size:{size}pt;line-height:{cell_line(size)}pt"'
    parts = [f"<table{_attributes(node.style)}{sized}>"]
    if node.caption is not None:
        parts.append(f"<caption>{ctx.text(node.caption)}</caption>")
    parts.append(_colgroup(node.widths, count))
    if node.header:
        parts.append(f"<thead>{_row(node.header, count, 'th', ctx)}</thead>")
    rows = "\n".join(_row(row, count, "td", ctx) for row in node.rows)
    parts.append(f"<tbody>\n{rows}\n</tbody>")
    if node.totals is not None:
        parts.append(f'<tbody class="totals">{_row(node.totals, count, "td", ctx)}</tbody>')
    parts.append("</table>")
    return "\n".join(parts)


def _column_count(table: Table) -> int:
    totals = (table.totals,) if table.totals is not None else ()
    return max((len(row) for row in (table.header, *table.rows, *totals)), default=0)


def _column_percentages(widths: tuple[int, ...], count: int) -> list[float]:
    """Column widths in percent: the weights when there is one per column and all are positive,
    else equal columns."""
    fits = len(widths) == count and all(weight > 0 for weight in widths)
    weights = widths if fits else (1,) * count
    total = sum(weights)
    return [100 * weight / total for weight in weights]


def _colgroup(widths: tuple[int, ...], count: int) -> str:
    shares = _column_percentages(widths, count)
    return "<colgroup>" + "".join(f'<col style="width:{s:.4f}%">' for s in shares) + "</colgroup>"


def _row(cells: tuple[Cell, ...], count: int, tag: str, ctx: _Context) -> str:
    """A row padded with empty cells to the column count, so that every rule is drawn."""
    scope = ' scope="col"' if tag == "th" else ""
    padded = [*cells, *(() for _ in range(count - len(cells)))]
    return "<tr>" + "".join(f"<{tag}{scope}>{ctx.inlines(c)}</{tag}>" for c in padded) + "</tr>"


def _render_masthead(node: Masthead, ctx: _Context) -> str:
    """报头: the red 简报名, the 期号, 编发单位 left and date right, a red rule (SPEC §4)."""
    size = _masthead_size(node.name, ctx.geometry.block_width)
    parts = [f'<p class="masthead-name" style="font-size:{size:g}pt">{ctx.text(node.name)}</p>']
    issue = _issue_text(node)
    if issue:
        parts.append(f'<p class="masthead-issue">{ctx.text(issue)}</p>')
    parts.append(_masthead_line(node, ctx))
    content = "\n".join(parts)
    return f"<header{_attributes(node.style, ['masthead'])}>\n{content}\n</header>"


def _masthead_size(name: str, block_width_mm: float) -> float:
    """初号 (42 pt), or smaller so that a long 简报名 still fits one line of the block.

    Word squeezes the glyphs instead (SPEC §6.5); CSS cannot narrow characters without a
    transform, so the name is set smaller.
    """
    width = text_width(name)
    available_pt = block_width_mm / MM_PER_PT
    if width * 42 <= available_pt:
        return 42.0
    return math.floor(available_pt / width * 10) / 10


def _issue_text(node: Masthead) -> str:
    """期号: 第N期 or 增刊第N期 (增刊 alone when unnumbered), then （总第M期）."""
    supplement = "增刊" if node.supplement else ""
    issue = f"{supplement}第{node.number}期" if node.number is not None else supplement
    total = f"（总第{node.total_number}期）" if node.total_number is not None else ""
    return issue + total


def _masthead_line(node: Masthead, ctx: _Context) -> str:
    spans = []
    if node.issuer is not None:
        spans.append(f'<span class="masthead-issuer">{ctx.text(node.issuer)}</span>')
    if node.date is not None:
        spans.append(f'<span class="masthead-date">{ctx.text(date_text(node.date))}</span>')
    return f'<p class="masthead-line">{"".join(spans)}</p>'


def _render_addressee(node: Addressee, ctx: _Context) -> str:
    """主送机关: flush left, names joined by 、, a full-width colon added (SPEC §2 row 17)."""
    names = "、".join(node.names)
    return f"<p{_attributes(node.style, ['addressee'])}>{ctx.text(names)}：</p>"


def _is_sealed(signature: Signature | None, ctx: _Context) -> bool:
    """Sealed (7.3.5.1) when the options say the document is, or the signature itself is."""
    return ctx.options.sealed or (signature is not None and signature.sealed)


def _seal_class(sealed: bool) -> str:
    return "sealed" if sealed else "unsealed"


def _render_signature(node: Signature, ctx: _Context) -> str:
    """署名: one line per issuing body, right-indented to suit the date under it (SPEC §6.7)."""
    date = date_text(ctx.following.date) if isinstance(ctx.following, DateLine) else None
    sealed = _is_sealed(node, ctx)
    layout = signature_layout(node.names, date, sealed)
    lines = "\n".join(
        f'<p class="signature-name" style="padding-right:{_cells(indent)}">{ctx.text(name)}</p>'
        for name, indent in zip(node.names, layout.name_indents, strict=True)
    )
    attributes = _attributes(node.style, ["signature", _seal_class(sealed)])
    return f"<div{attributes}>\n{lines}\n</div>"


def _render_date_line(node: DateLine, ctx: _Context) -> str:
    """成文日期 (2022年4月15日): placed with the 署名 above it, or alone 右空四字/二字 (SPEC §6.7)."""
    signature = ctx.previous if isinstance(ctx.previous, Signature) else None
    sealed = _is_sealed(signature, ctx)
    text = date_text(node.date)
    names = signature.names if signature is not None else ()
    indent = signature_layout(names, text, sealed).date_indent
    classes = ["dateline", _seal_class(sealed)]
    attributes = _attributes(node.style, classes, style=f"padding-right:{_cells(indent)}")
    return f"<p{attributes}>{ctx.text(text)}</p>"


def _render_attachment_note(node: AttachmentNote, ctx: _Context) -> str:
    """附件说明: "附件：1.附件名称" 左空二字, later items under the first, wrapped names hanging
    (SPEC §6.7). A single attachment has no number ("附件：附件名称", GB/T 9704 7.3.4); no items, no
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


_IMPRINT_LABELS = (
    ("report_to", "报："),
    ("send_to", "送："),
    ("distribute_to", "发："),
    ("copy_to", "抄送："),
)


def _render_imprint(node: Imprint, ctx: _Context) -> str:
    """版记 / 报尾: the 报/送/发/抄送 lines with （共印N份） right of the last, then the 印发 line;
    a thick rule above and below, a thin one over the 印发 line (SPEC §2 rows 26–28, §4).

    Names are separated by "，" and end with "。" (GB/T 9704 7.4.2). An empty imprint prints
    nothing. The slot around it takes the free space of the sheet; the closing imprint of a pinned
    sheet comes twice, a reserving copy in the flow and the printed copy on the sheet's bottom
    (see the module docstring).
    """
    recipients = [(label, names) for key, label in _IMPRINT_LABELS if (names := getattr(node, key))]
    copies = None if node.copies is None else f"（共印{node.copies}份）"
    last = len(recipients) - 1
    lines = [
        _recipient_line(label, names, copies if index == last else None, ctx)
        for index, (label, names) in enumerate(recipients)
    ]
    if copies is not None and not recipients:
        lines.append(f'<p class="imprint-line">{_copies_span(copies, ctx)}</p>')
    if node.printer is not None or node.printed_on is not None:
        lines.append(_printer_line(node, ctx))
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


def _copies_span(copies: str, ctx: _Context) -> str:
    return f'<span class="imprint-copies">{ctx.text(copies)}</span>'


def _recipient_line(label: str, names: tuple[str, ...], copies: str | None, ctx: _Context) -> str:
    spans = [
        f'<span class="imprint-label">{ctx.text(label)}</span>',
        f'<span class="imprint-names">{ctx.text("，".join(names) + "。")}</span>',
    ]
    if copies is not None:
        spans.append(_copies_span(copies, ctx))
    return f'<p class="imprint-line">{"".join(spans)}</p>'


def _printer_line(node: Imprint, ctx: _Context) -> str:
    """印发机关 左空一字 and "2022年4月15日印发" 右空一字 (GB/T 9704 7.4.3)."""
    spans = []
    if node.printer is not None:
        spans.append(f'<span class="imprint-printer-name">{ctx.text(node.printer)}</span>')
    if node.printed_on is not None:
        printed = ctx.text(date_text(node.printed_on) + "印发")
        spans.append(f'<span class="imprint-date">{printed}</span>')
    return f'<p class="imprint-line imprint-printer">{"".join(spans)}</p>'


def _render_rule(node: Rule, ctx: _Context) -> str:
    return f"<hr{_attributes(node.style, ['rule'])}>"


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
    Masthead: _render_masthead,
    Addressee: _render_addressee,
    Signature: _render_signature,
    DateLine: _render_date_line,
    AttachmentNote: _render_attachment_note,
    Imprint: _render_imprint,
    Rule: _render_rule,
    PageBreak: _render_page_break,
}


def _render_blocks(blocks: tuple[Block, ...], ctx: _Context) -> str:
    """The HTML of a sequence of blocks, one per line; each block's rule sees its neighbours."""
    rendered = []
    for index, block in enumerate(blocks):
        neighbours = attrs.evolve(
            ctx,
            previous=blocks[index - 1] if index > 0 else None,
            following=blocks[index + 1] if index + 1 < len(blocks) else None,
        )
        rendered.append(_block_renderer(block)(block, neighbours))
    return "\n".join(part for part in rendered if part)


def _block_renderer(block: Block) -> Callable[[Any, _Context], str]:
    try:
        return _BLOCK_RENDERERS[type(block)]
    except KeyError:
        raise TypeError(f"the HTML renderer has no rule for the block {block!r}") from None
