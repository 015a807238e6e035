"""The rows of a table → ``w:tr`` strings, each cell as little markup as its style allows.

A body cell is ``<w:tc><w:p><w:pPr><w:pStyle w:val="…"/></w:pPr><w:r><w:t>…</w:t></w:r></w:p>
</w:tc>``: the column's cell style (:mod:`supervisio_docx.cell_styles`) holds its face, size, line
and alignment; a cell of text and line breaks is one run with ``w:br`` between its lines; only the
first row written states the column widths (``w:tcW``, see :mod:`supervisio_docx.tables`).

Speed: everything per column is computed once; a cell's run is remembered by the identity of its
node for as long as a few thousand distinct cells, because the ledger shares the cells whose text
repeats (unit, dates, category, term, status, light: ``supervisio.kinds.ledger``) and most of a row
is then a dictionary lookup. Identity is safe: every cell belongs to the table being written, alive
until it is written.
"""

from __future__ import annotations

from collections.abc import Iterator

from supervisio.doctree.conventions import cell_size
from supervisio.doctree.nodes import Cell, LineBreak, Table, Text
from supervisio_docx.cell_lines import lines
from supervisio_docx.cell_styles import cell_styles
from supervisio_docx.context import Context
from supervisio_docx.inlines import AMBIGUOUS, run_properties, runs
from supervisio_docx.styles import CELL_MARGIN
from supervisio_docx.text import run_content

__all__ = ["RowWriter"]

_MEMO = 4096  # distinct cells remembered (module docstring)
_CANT_SPLIT = "<w:trPr><w:cantSplit/></w:trPr>"
_HEADER = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"


class RowWriter:
    """Writes the rows of one table; everything per column or per style is computed once, here."""

    def __init__(self, block: Table, widths: list[int], ctx: Context) -> None:
        self.block = block
        self.widths = widths
        self.count = len(widths)
        points = cell_size(block)  # 四号 unless the table's style asks for 小四 or 五号
        ctx.cell_sizes.add(points)
        styles = cell_styles(points)
        # characters (字) one line of each column holds
        self.capacity = [max(1.0, (w - 2 * CELL_MARGIN) / styles.char) for w in widths]
        # a row taller than this many lines (half a page) may split: kept whole, it would leave
        # half a page blank before it, or be clipped when taller than a page
        self.max_lines = (
            ctx.geometry.height - ctx.geometry.top - ctx.geometry.bottom
        ) // styles.line // 2
        # a cell of at most this many characters cannot reach max_lines (no character is over 1 字)
        self.short = [c * self.max_lines for c in self.capacity]
        self.hinted = ctx.latin is not None  # runs may need w:hint (inlines module docstring)
        self.styles = {False: ctx.run_style(), True: ctx.run_style(bold=True)}
        self.run_open = {  # (bold, hint) → the start of a run
            (bold, hint): f"<w:r>{run_properties(style, hint)}"
            for bold, style in self.styles.items()
            for hint in (False, True)
        }
        single_line = self._single_line_columns(block.rows)
        self.body_ids = [styles.text(_alignment(one)) for one in single_line]
        self.heading_ids = [styles.heading] * self.count
        self.first = True  # the first row written states the widths (tcW) for Word

    def rows(self) -> Iterator[str]:
        """Every row in order: the header, the body, the totals (bold)."""
        if self.block.header:
            opens = self._opens(self.heading_ids)
            yield f"<w:tr>{_HEADER}{self._cells(self.block.header, opens, False)[0]}</w:tr>"
        body_opens = [_cell_open(i) for i in self.body_ids]
        memos: list[dict[int, tuple[str, bool]]] = [{} for _ in range(self.count)]
        for cells in self.block.rows:
            if self.first:  # no header: the first body row carries the widths
                yield self._row(cells, self._opens(self.body_ids), False)
            else:
                yield self._remembered_row(cells, body_opens, memos)
        if self.block.totals:
            yield self._row(self.block.totals, self._opens(self.body_ids), True)

    def _opens(self, ids: list[str]) -> list[str]:
        """The cell openings of a row: with the widths if it is the first row written."""
        widths = self.widths if self.first else [None] * self.count
        self.first = False
        return [_cell_open(i, w) for i, w in zip(ids, widths, strict=True)]

    def _row(self, cells: tuple[Cell, ...], opens: list[str], bold: bool) -> str:
        content, tall = self._cells(cells, opens, bold)
        return f"<w:tr>{'' if tall else _CANT_SPLIT}{content}</w:tr>"

    def _single_line_columns(self, rows: tuple[tuple[Cell, ...], ...]) -> list[bool]:
        """Whether each column's body cells all fit on one line (columns already known to wrap are
        not looked at again)."""
        fits = [True] * self.count
        fitting: list[set[int]] = [set() for _ in range(self.count)]  # cells seen to fit, by id
        candidates = list(range(self.count))
        for row in rows:
            narrowed = False
            for j in candidates:
                cell = row[j] if j < len(row) else ()
                if id(cell) in fitting[j]:
                    continue  # a shared cell (supervisio.kinds.ledger) already measured
                if lines(cell, self.capacity[j]) > 1:
                    fits[j] = False
                    narrowed = True
                elif len(fitting[j]) < _MEMO:
                    fitting[j].add(id(cell))
            if narrowed:
                candidates = [j for j in candidates if fits[j]]
        return fits

    def _cells(self, cells: tuple[Cell, ...], opens: list[str], bold: bool) -> tuple[str, bool]:
        """The cells of one row, and whether the row may be taller than half a page."""
        if len(cells) < self.count:
            cells = cells + ((),) * (self.count - len(cells))
        parts = []
        tall = False
        for j, cell in enumerate(cells):
            content, may_be_tall = self._content(cell, bold, j)
            parts.append(opens[j] + content)
            if may_be_tall and not tall:
                tall = lines(cell, self.capacity[j]) > self.max_lines
        return "".join(parts), tall

    def _remembered_row(
        self, cells: tuple[Cell, ...], opens: list[str], memos: list[dict[int, tuple[str, bool]]]
    ) -> str:
        """A body row, each cell looked up by its identity first (module docstring)."""
        if len(cells) < self.count:
            cells = cells + ((),) * (self.count - len(cells))
        parts = []
        tall = False
        for j, cell in enumerate(cells):
            memo = memos[j]
            known = memo.get(id(cell))
            if known is None:
                if len(memo) >= _MEMO:
                    memo.clear()
                content, may_be_tall = self._content(cell, False, j)
                known = memo[id(cell)] = (opens[j] + content, may_be_tall)
            parts.append(known[0])
            if known[1] and not tall:
                tall = lines(cell, self.capacity[j]) > self.max_lines
        return f"<w:tr>{'' if tall else _CANT_SPLIT}{''.join(parts)}</w:tr>"

    def _content(self, cell: Cell, bold: bool, column: int) -> tuple[str, bool]:
        """A cell's runs and the end of the cell, and whether it may be taller than half a page (then
        :func:`~supervisio_docx.cell_lines.lines` decides): at most ``short`` characters, a break
        counted as a full line, cannot be."""
        text = _flat(cell)
        if text is None:  # empty, or Strong/Emph inside: the inline machinery
            return f"{runs(cell, self.styles[bold])}</w:p></w:tc>", bool(cell)
        hint = self.hinted and AMBIGUOUS.search(text) is not None
        length = len(text) + text.count("\n") * self.capacity[column]
        return (
            f"{self.run_open[bold, hint]}{run_content(text)}</w:r></w:p></w:tc>",
            length > self.short[column],
        )


def _alignment(single_line: bool) -> str:
    """The ``w:jc`` of a body column, which picks its cell style: centred when every cell fits on
    one line, else flush left — never justified, which spreads a line ending in a ``w:br`` (each
    line of 整改措施 but the last) across the cell (:mod:`supervisio_docx.tables`)."""
    return "center" if single_line else "left"


def _cell_open(style_id: str, width: int | None = None) -> str:
    """A cell up to its paragraph's properties; the width only in the first row."""
    properties = f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>' if width else ""
    return f'<w:tc>{properties}<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'


def _flat(cell: Cell) -> str | None:
    """The text of a cell made of Text and LineBreak only (a break as a line feed), written as one
    run (``w:br`` between its lines); None for an empty cell or one with Strong or Emph."""
    if len(cell) == 1 and type(cell[0]) is Text:
        return cell[0].text or None
    pieces = []
    for inline in cell:
        if type(inline) is Text:
            pieces.append(inline.text)
        elif type(inline) is LineBreak:
            pieces.append("\n")
        else:
            return None
    return "".join(pieces) or None
