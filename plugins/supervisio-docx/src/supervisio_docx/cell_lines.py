"""How many lines a cell's text takes: estimated from its width in 字, never laid out.

A table writer needs two answers before it writes a column: whether every cell of the column fits on
one line (such columns are centred) and whether a row is taller than half a page (such a row may
split rather than leave half a page blank, or be clipped). Both are estimates from the characters
(CJK one 字, ASCII half: the one estimator, :func:`supervisio.layout.text_width`), because a real
line break depends on the viewer's fonts; an estimate that errs by a character moves a column
between centred and flush, never loses text.
"""

from __future__ import annotations

import math

from supervisio.doctree.nodes import Cell, LineBreak, Text
from supervisio.layout import text_width

__all__ = ["breaks", "lines", "plain", "text_width", "width"]


def plain(cell: Cell) -> str | None:
    """The text of a cell that is one non-empty Text without tabs or line feeds; None otherwise."""
    if len(cell) == 1 and type(cell[0]) is Text:
        text = cell[0].text
        if text and "\t" not in text and "\n" not in text:
            return text
    return None


def lines(cell: Cell, capacity: float) -> int:
    """Lines (estimated) a cell's text takes in a column of ``capacity`` characters per line."""
    text = plain(cell)
    if text is not None:
        return 1 if len(text) <= capacity else math.ceil(text_width(text) / capacity)
    return max(1, math.ceil(width(cell) / capacity) + breaks(cell))


def width(cell: Cell) -> float:
    """The width of a cell's text in 字, estimated (see :func:`text_width`)."""
    total = 0.0
    for inline in cell:
        if isinstance(inline, Text):
            total += text_width(inline.text)
        elif not isinstance(inline, LineBreak):
            total += width(inline.children)
    return total


def breaks(cell: Cell) -> int:
    """Forced line breaks in a cell (LineBreak nodes and line feeds)."""
    total = 0
    for inline in cell:
        if isinstance(inline, LineBreak):
            total += 1
        elif isinstance(inline, Text):
            total += inline.text.count("\n")
        else:
            total += breaks(inline.children)
    return total
