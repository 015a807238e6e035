"""Tables (问题台账 and the like) → ``w:tbl``, written row by row in one pass.

Why strings: python-docx's ``table.cell(i, j)``, ``table.rows[i]`` and ``add_row().cells`` each
walk the whole table, so filling a table through them is quadratic (9 s for 100 rows here, an hour
for a few thousand: USER-NEEDS.md §3). Here every column's cell prefix is computed once and each
cell costs one escape and a few string concatenations, so a 10,000-row ledger takes about twice as
long as compressing its XML (``benchmarks/ledger.py``).

What holds in every viewer (SPEC.md §6.8, §9; USER-NEEDS.md §3–4):

- fixed layout, with ``w:tblW``, every ``w:gridCol`` and every ``w:tcW`` given and summing exactly
  to the block width (156 mm, or 225 mm on a landscape page): WPS sizes columns from the grid, Word
  from the cells;
- the header row repeats on every page (``w:tblHeader``, 黑体) and rows do not split across pages
  (``w:cantSplit``) — except a row estimated taller than a page, which would otherwise be cut off;
- cell paragraphs use their own style, 4号 with exact 20 pt lines and no first-line indent, since the
  body's 28.95 pt grid would make rows half again as tall;
- a totals row (合计) in bold; a caption as a centred line above, kept with the table.

Columns whose every cell fits on one line are centred (序号, 整改时限, 状态); wrapping text is justified
in columns of at least eight characters and set flush left in narrower ones, where justifying a line
of three characters spreads them across the cell.
"""

from __future__ import annotations

import math

from supervisio.doctree.nodes import Cell, LineBreak, Table, Text
from supervisio_docx.context import Context, Flow
from supervisio_docx.fonts import HEITI
from supervisio_docx.inlines import RunStyle, run, run_properties, runs
from supervisio.doctree.conventions import DEFAULT_CELL_SIZE, cell_line, cell_size
from supervisio_docx.styles import CELL_MARGIN, TABLE_CHAR, TABLE_LINE
from supervisio_docx.text import escape_text
from supervisio_docx.wml import border, paragraph, paragraph_properties

__all__ = ["column_widths", "table"]

_RULE = 4  # cell borders: 0.5 pt
_NARROW = 8  # characters per line below which wrapping text is set flush left


def column_widths(weights: tuple[int, ...], count: int, total: int) -> list[int]:
    """``count`` column widths in twips summing exactly to ``total``, proportional to ``weights``.

    Equal columns when ``weights`` is empty or does not fit the table. Rounding uses largest
    remainders, so no column is off by more than one twip and the sum is exact.
    """
    if count <= 0:
        return []
    if len(weights) != count or any(w <= 0 for w in weights):
        weights = (1,) * count
    scale = sum(weights)
    exact = [total * w / scale for w in weights]
    widths = [int(x) for x in exact]
    by_remainder = sorted(range(count), key=lambda i: exact[i] - widths[i], reverse=True)
    for i in by_remainder[: total - sum(widths)]:
        widths[i] += 1
    return widths


def table(block: Table, ctx: Context, flow: Flow) -> str:
    """The caption paragraph (if any) and the table."""
    count = max(len(block.header), len(block.totals or ()), *(len(row) for row in block.rows), 0)
    if count == 0:
        return ""
    widths = column_widths(block.widths, count, ctx.geometry.block_width)
    parts = []
    if block.caption:
        properties = paragraph_properties(
            style="TableCaption", page_break_before=flow.take_page_break()
        )
        parts.append(paragraph(properties, run(block.caption, ctx.run_style(HEITI))))
    elif flow.take_page_break():
        # nothing to carry w:pageBreakBefore: a 1 pt paragraph does, barely moving the table
        parts.append(paragraph(paragraph_properties(page_break_before=True, line=20), ""))
    parts.append(_table_properties(widths))
    writer = _RowWriter(block, widths, ctx)
    if block.header:
        parts.append(writer.header(block.header))
    parts.extend(writer.body(row) for row in block.rows)
    if block.totals:
        parts.append(writer.body(block.totals, bold=True))
    parts.append("</w:tbl>")
    return "".join(parts)


def _table_properties(widths: list[int]) -> str:
    borders = "".join(
        border(side, _RULE) for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    )


_CANT_SPLIT = "<w:trPr><w:cantSplit/></w:trPr>"
_CELL_CLOSE = "</w:p></w:tc>"
_TEXT_CLOSE = "</w:t></w:r></w:p></w:tc>"


class _RowWriter:
    """Writes the rows of one table; everything per column or per style is computed once, here."""

    def __init__(self, block: Table, widths: list[int], ctx: Context) -> None:
        self.count = len(widths)
        # the cell size (conventions.cell_size: 四号 unless the table's style asks for 小四 or 五号)
        points = cell_size(block)
        size = None if points == DEFAULT_CELL_SIZE else round(points * 2)
        char = round(points * 20) if size else TABLE_CHAR
        line = round(cell_line(points) * 20) if size else None
        # characters (字) one line of each column holds
        self.capacity = [max(1.0, (w - 2 * CELL_MARGIN) / char) for w in widths]
        # a row taller than this many lines may split rather than be clipped
        self.max_lines = (
            ctx.geometry.height - ctx.geometry.top - ctx.geometry.bottom
        ) // (line or TABLE_LINE) - 2
        # a cell of at most this many characters cannot reach max_lines (no character is over 1 字)
        self.short = [c * self.max_lines for c in self.capacity]
        self.body_style = ctx.run_style(size=size)
        self.bold_style = self.body_style.evolve(bold=True)
        self.header_style = ctx.run_style(HEITI, size=size)
        self.text_open = {
            style: f'<w:r>{run_properties(style)}<w:t xml:space="preserve">'
            for style in (self.body_style, self.bold_style, self.header_style)
        }
        single_line = self._single_line_columns(block.rows)
        self.body_open = [
            _cell_open(
                w, paragraph_properties(style="TableText", line=line, jc=_alignment(one, capacity))
            )
            for w, one, capacity in zip(widths, single_line, self.capacity, strict=True)
        ]
        self.header_open = [
            _cell_open(w, paragraph_properties(style="TableHeading", line=line)) for w in widths
        ]

    def _single_line_columns(self, rows: tuple[tuple[Cell, ...], ...]) -> list[bool]:
        """Whether each column's body cells all fit on one line."""
        fits = [True] * self.count
        for row in rows:
            for j, cell in enumerate(row):
                if fits[j] and _lines(cell, self.capacity[j]) > 1:
                    fits[j] = False
        return fits

    def header(self, cells: tuple[Cell, ...]) -> str:
        content = self._cells(cells, self.header_open, self.header_style)[0]
        return f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{content}</w:tr>"

    def body(self, cells: tuple[Cell, ...], bold: bool = False) -> str:
        style = self.bold_style if bold else self.body_style
        content, tall = self._cells(cells, self.body_open, style)
        return f"<w:tr>{'' if tall else _CANT_SPLIT}{content}</w:tr>"

    def _cells(
        self, cells: tuple[Cell, ...], opens: list[str], style: RunStyle
    ) -> tuple[str, bool]:
        """The cells of one row, and whether the row may be taller than a page."""
        if len(cells) < self.count:
            cells = cells + ((),) * (self.count - len(cells))
        text_open = self.text_open[style]
        parts = []
        tall = False
        for j, cell in enumerate(cells):
            text = _plain(cell)
            if text is not None:  # the common cell: one run, no inline machinery
                parts.append(f"{opens[j]}{text_open}{escape_text(text)}{_TEXT_CLOSE}")
                if len(text) > self.short[j] and not tall:
                    tall = _lines(cell, self.capacity[j]) > self.max_lines
            else:
                parts.append(f"{opens[j]}{runs(cell, style)}{_CELL_CLOSE}")
                tall = tall or _lines(cell, self.capacity[j]) > self.max_lines
        return "".join(parts), tall


def _alignment(single_line: bool, capacity: float) -> str | None:
    """The ``w:jc`` of a body column (None: the style's justification)."""
    if single_line:
        return "center"
    return "left" if capacity < _NARROW else None


def _cell_open(width: int, properties: str) -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
        f"<w:p>{properties}"
    )


def _plain(cell: Cell) -> str | None:
    """The text of a cell that is one non-empty Text without tabs or line feeds; None otherwise."""
    if len(cell) == 1 and type(cell[0]) is Text:
        text = cell[0].text
        if text and "\t" not in text and "\n" not in text:
            return text
    return None


def _lines(cell: Cell, capacity: float) -> int:
    """Lines (estimated) a cell's text takes in a column of ``capacity`` characters per line."""
    text = _plain(cell)
    if text is not None:
        return 1 if len(text) <= capacity else math.ceil(_text_width(text) / capacity)
    return max(1, math.ceil(_width(cell) / capacity) + _breaks(cell))


def _width(cell: Cell) -> float:
    """The width of a cell's text in 字, estimated (see :func:`_text_width`)."""
    total = 0.0
    for inline in cell:
        if type(inline) is Text:
            total += _text_width(inline.text)
        elif not isinstance(inline, LineBreak):
            total += _width(inline.children)
    return total


def _text_width(text: str) -> float:
    """Width in 字: ASCII counts ½, anything else 1 — from the UTF-8 length, since a per-character
    East Asian width lookup would cost more than writing the cell (a 3-byte character is CJK)."""
    if text.isascii():
        return len(text) / 2
    wide = (len(text.encode("utf-8", "surrogatepass")) - len(text)) / 2
    return wide + (len(text) - wide) / 2


def _breaks(cell: Cell) -> int:
    """Forced line breaks in a cell (LineBreak nodes and line feeds)."""
    total = 0
    for inline in cell:
        if isinstance(inline, LineBreak):
            total += 1
        elif type(inline) is Text:
            total += inline.text.count("\n")
        else:
            total += _breaks(inline.children)
    return total
