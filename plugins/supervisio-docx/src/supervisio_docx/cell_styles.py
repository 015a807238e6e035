"""The paragraph styles of table cells, one set per cell size (四号, 小四, 五号: ``doctree.conventions``).

A ledger cell is ``<w:tc><w:p><w:pPr><w:pStyle w:val="TableText12Center"/></w:pPr><w:r><w:t>…``: its
face, size, exact line and alignment all come from the style named, so each of a 10,000-row ledger's
110,000 cells pays for one style reference instead of a line height, an alignment, and the faces and
size on every run. Each size has four styles:

- ``…Center`` (columns whose every cell fits on one line: 序号, dates, 状态), ``…Left`` (wrapping
  text: a justified line that ends in a ``w:br``, as each line of 整改措施 but the last does, is
  spread across the cell, so the tables never use it) and ``TableText`` justified, still defined
  for documents that name it;
- ``TableHeading`` (黑体, centred) for the header row.

四号 keeps the plain names (``TableText``, ``TableHeading``); other sizes add their size in points
(``TableText12``, ``TableText10_5Left``). Every style names its faces in all four slots, like every
other style (``fonts.rfonts``), and states its whole paragraph (no first-line indent, exact lines of
10/7 the size: 20 pt for 四号, as ``conventions.cell_line``) rather than inheriting the body's.

The cells' vertical centring is in the table style ``DataTable`` (``w:tcPr/w:vAlign``), which every
data table names once, for the same reason.
"""

from __future__ import annotations

import attrs

from supervisio.doctree.conventions import DEFAULT_CELL_SIZE, cell_line

__all__ = ["ALIGNMENTS", "DATA_TABLE", "CellStyles", "cell_styles"]

ALIGNMENTS = {"both": "", "center": "Center", "left": "Left"}
"""``w:jc`` of a body column → the suffix of its style."""
DATA_TABLE = "DataTable"
"""The table style of data tables (ledgers, 回执): cells centred vertically."""


@attrs.frozen
class CellStyles:
    """The styles of one cell size: ids, and the size, line and character width they set."""

    points: float
    suffix: str

    @property
    def size(self) -> int:
        """``w:sz`` in half-points."""
        return round(self.points * 2)

    @property
    def line(self) -> int:
        """The exact line height in twips."""
        return round(cell_line(self.points) * 20)

    @property
    def char(self) -> int:
        """The width of one character (字) in twips."""
        return round(self.points * 20)

    @property
    def heading(self) -> str:
        return f"TableHeading{self.suffix}"

    def text(self, jc: str = "both") -> str:
        """The id of the body style aligned ``jc`` (``both``, ``center`` or ``left``)."""
        return f"TableText{self.suffix}{ALIGNMENTS[jc]}"

    def name(self, style_id: str) -> str:
        """The name Word and LibreOffice show for ``style_id`` ("Table Text 12 pt Center")."""
        base = "Table Heading" if style_id.startswith("TableHeading") else "Table Text"
        size = f" {self.points:g} pt" if self.suffix else ""
        tail = style_id.removeprefix("TableHeading" if base == "Table Heading" else "TableText")
        tail = tail.removeprefix(self.suffix)
        return f"{base}{size}{' ' + tail if tail else ''}"


def cell_styles(points: float) -> CellStyles:
    """The styles of cells set in ``points`` (14 for 四号, 12 for 小四, 10.5 for 五号)."""
    suffix = "" if points == DEFAULT_CELL_SIZE else f"{points:g}".replace(".", "_")
    return CellStyles(points, suffix)
