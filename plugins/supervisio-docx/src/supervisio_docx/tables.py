"""Tables (问题台账 and the like) → ``w:tbl``, written row by row in one pass.

Why strings: python-docx's ``table.cell(i, j)``, ``table.rows[i]`` and ``add_row().cells`` each
walk the whole table, so filling a table through them is quadratic (9 s for 100 rows here, an hour
for a few thousand: docs/user-needs.md §3). Here every column's cell prefix is computed once and each
cell costs one escape and a few string concatenations (``benchmarks/run.py ledger``).

Why so little markup: a cell is ``<w:tc><w:p><w:pPr><w:pStyle/></w:pPr><w:r><w:t>…`` and
nothing else. Its face, size, exact line and alignment are in the column's cell style
(:mod:`supervisio_docx.cell_styles`), its vertical centring in the ``DataTable`` table style, its
width in the grid. Repeating them on each of a 10,000-row ledger's 110,000 cells made 5 KB of XML a
row; the budget is 1.5 KB, text included.

What holds in every viewer (docs/gbt9704.md §6.8, §9; docs/user-needs.md §3–4):

- fixed layout, with ``w:tblW`` and every ``w:gridCol`` given and summing exactly to the block width
  (156 mm, or 225 mm on a landscape page): WPS sizes columns from the grid. The first row's cells
  state the same widths (``w:tcW``) for Word, which reads the cells; the other rows leave them to
  the grid, as a fixed-layout table may (ECMA-376 §17.4.53) — 48 bytes a cell otherwise;
- the header row repeats on every page (``w:tblHeader``, 黑体) and rows do not split across pages
  (``w:cantSplit``) — except a row estimated taller than half a page, which would otherwise leave
  half a page blank before it (or be cut off, when taller than a page);
- cell paragraphs use their own styles, 4号 (or the table's ``cell-size``) with exact 20 pt lines and
  no first-line indent, since the body's 28.95 pt grid would make rows half again as tall;
- a totals row (合计) in bold; a caption as a centred line above, kept with the table.

Column widths come from the text (:func:`supervisio.layout.tables.column_widths`, the rule the HTML
renderer follows too): each column at least as wide as its longest date, number or code, so that none
is broken inside, and the room given where it saves the most lines (问题描述, 整改措施); a table's
own ``widths`` are kept as proportions. Columns whose every cell fits on one line are centred (序号,
整改时限, 状态); wrapping text is set flush left, never justified: a justified line that ends in a
``w:br`` (the lines of 整改措施) is spread across the cell. The rows are written by
:mod:`supervisio_docx.table_rows`, their heights estimated by :mod:`supervisio_docx.cell_lines`.
"""

from __future__ import annotations

from supervisio.doctree.conventions import cell_size
from supervisio.doctree.nodes import Table
from supervisio.layout import column_widths as fitted_widths
from supervisio_docx.cell_styles import DATA_TABLE
from supervisio_docx.context import Context, Flow
from supervisio_docx.inlines import run
from supervisio_docx.styles import CELL_MARGIN
from supervisio_docx.table_rows import RowWriter
from supervisio_docx.wml import border, paragraph, paragraph_properties

__all__ = ["column_widths", "table_widths", "table_chunks"]

_RULE = 4  # cell borders: 0.5 pt
_PADDING = 20
"""Twips a column gives up besides its cell margins: its rule (0.5 pt) and 0.5 pt to spare, since
the widths are estimated from the characters, not laid out with the viewer's fonts."""
_BATCH = 500
"""Rows joined into one chunk of the body: few enough chunks to stream cheaply, small enough that
the body is never held twice (about 0.7 MB of XML a chunk)."""


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
    return _rounded([total * w / scale for w in weights], total)


def table_widths(block: Table, count: int, total: int) -> list[int]:
    """The columns of ``block`` in twips, summing exactly to ``total``: fitted to the text
    (:func:`supervisio.layout.tables.column_widths`) in cells of the table's cell size, each column's
    padding being its two cell margins and a rule."""
    exact = fitted_widths(block, total, cell_size(block) * 20, 2 * CELL_MARGIN + _PADDING)
    if len(exact) != count or min(exact, default=0) <= 0:
        return column_widths((), count, total)
    return _rounded(list(exact), total)


def _rounded(exact: list[float], total: int) -> list[int]:
    """Whole twips summing to ``total``, each within one twip of ``exact`` (largest remainders)."""
    widths = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - widths[i], reverse=True)
    for i in by_remainder[: total - sum(widths)]:
        widths[i] += 1
    return widths


def table_chunks(block: Table, ctx: Context, flow: Flow) -> list[str]:
    """The caption paragraph (if any) and the table, as chunks of a few hundred rows."""
    count = max(len(block.header), len(block.totals or ()), *(len(row) for row in block.rows), 0)
    if count == 0:
        return []
    widths = table_widths(block, count, ctx.geometry.block_width)
    parts = []
    if block.caption:
        properties = paragraph_properties(
            style="TableCaption", page_break_before=flow.take_page_break()
        )
        parts.append(paragraph(properties, run(block.caption, ctx.run_style())))
    elif flow.take_page_break():
        # nothing to carry w:pageBreakBefore: a 1 pt paragraph does, barely moving the table
        parts.append(paragraph(paragraph_properties(page_break_before=True, line=20), ""))
    parts.append(_table_properties(widths))
    rows = RowWriter(block, widths, ctx).rows()
    while batch := "".join(row for _, row in zip(range(_BATCH), rows)):
        parts.append(batch)
    parts.append("</w:tbl>")
    return parts


def _table_properties(widths: list[int]) -> str:
    borders = "".join(
        border(side, _RULE) for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{DATA_TABLE}"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    )
