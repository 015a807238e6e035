"""How many pages a document takes at least: where the 版记 can be pinned (see the package docstring)."""


from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from supervisio.doctree.conventions import cell_line, cell_size
from supervisio.doctree.nodes import (
    Addressee,
    AttachmentNote,
    Block,
    BulletList,
    DateLine,
    Document,
    Heading,
    Imprint,
    Masthead,
    OrderedList,
    PageBreak,
    Paragraph,
    Rule,
    Signature,
    Table,
    Title,
    plain_text,
)
from supervisio.layout import place_imprint, text_width
from supervisio.renderers.html.geometry import MM_PER_PT, PageGeometry
from supervisio.renderers.html.text import clean_text

# ---------------------------------------------------------------------- 版记 on the last page

PX_PER_MM = 96 / 25.4
_NARROW_FLOOR = 0.25
"""The least width of a narrow character in body cells (a Latin "i" or "l" in Times is about ¼ em),
so that the line counts below are never more than the printed ones: the layout layer's one estimator
(:func:`supervisio.layout.text_width`) with this as its ``narrow`` width is a lower bound."""


def _floor_lines(text: str, indent: float, per_line: float) -> int:
    """The fewest lines ``text`` can take: each line break starts a line, the first one indented."""
    lines = 0
    for index, segment in enumerate(clean_text(text).split("\n")):
        width = text_width(segment, narrow=_NARROW_FLOOR) + (indent if index == 0 else 0.0)
        lines += max(1, math.ceil(width / per_line - 1e-9))
    return lines


_Box = tuple[bool, float]
"""A piece of the flow for the page count: (droppable, height in CSS px). A droppable piece is a
margin or padding, which a page break swallows; the others are line boxes and unbreakable boxes."""


def _floor_boxes(block: Block, previous: Block | None, geometry: PageGeometry) -> Sequence[_Box | None]:
    """A lower bound of the flow of ``block``: fewer and smaller pieces than it prints (None: a
    forced page break inside a list item).

    html.css puts every text line on one body line box (``--line``), the title's 2号 lines
    included; a table counts one cell line per row; a masthead its top margin and one line; a kind
    of block not listed here counts nothing.
    """
    line = float(geometry.line_px)
    per_line = geometry.cells_per_line   # 16 pt cells condensed by 0.25 pt

    def lines(count: int) -> list[_Box]:
        return [(False, line)] * count

    if isinstance(block, Title):
        top = [(True, 2 * line)] if isinstance(previous, Masthead) else []
        per_title_line = geometry.block_width / MM_PER_PT / 22
        return [*top, *lines(_floor_lines(plain_text(block.content), 0, per_title_line)), (True, line)]
    if isinstance(block, Heading):
        return lines(_floor_lines((block.number or "") + plain_text(block.content), 2, per_line))
    if isinstance(block, Paragraph):
        return lines(_floor_lines(plain_text(block.content), 2, per_line))
    if isinstance(block, Addressee):
        return lines(_floor_lines("、".join(block.names) + "：", 0, per_line))
    if isinstance(block, Signature):
        return [(True, line), *lines(len(block.names))]
    if isinstance(block, DateLine):
        return lines(1)
    if isinstance(block, AttachmentNote):
        return [(True, line), *lines(len(block.items))] if block.items else []
    if isinstance(block, BulletList | OrderedList):
        return [box for item in block.items for box in _floor_flow(item, geometry)]
    if isinstance(block, Table):
        rows = len(block.rows) + bool(block.header) + (block.totals is not None)
        return [(False, cell_line(cell_size(block)) / 72 * 96)] * rows
    if isinstance(block, Masthead):
        return [(False, 22.5 * PX_PER_MM + line)]
    if isinstance(block, Rule):
        return [(True, line - 1.0)]
    if isinstance(block, Imprint):
        count = len(place_imprint(block).lines)
        return [(True, line), (False, count * line)] if count else []
    return []


def _floor_flow(blocks: Iterable[Block], geometry: PageGeometry) -> list[_Box | None]:
    """The pieces of ``blocks`` in order; None for a forced page break."""
    flow: list[_Box | None] = []
    previous = None
    for block in blocks:
        flow.extend([None] if isinstance(block, PageBreak) else _floor_boxes(block, previous, geometry))
        previous = block
    return flow


def imprint_pages(document: Document, geometry: PageGeometry) -> int:
    """The page whose foot the closing 版记 is pinned to: a lower bound of the printed page count.

    The flow of :func:`_floor_boxes` is laid on pages of the page area's height as Chromium does
    (a piece that does not fit starts a page, a margin at a break is dropped, a forced break starts
    a page); as every piece is a lower bound, the count is never more than the pages the document
    really takes, and pinning never adds a page. 1 (nothing pinned: the page is laid out as it
    always was) when the document does not end with a printed imprint.
    """
    blocks = document.blocks
    if not blocks or not isinstance(blocks[-1], Imprint) or not _floor_boxes(blocks[-1], None, geometry):
        return 1
    capacity = geometry.block_height * PX_PER_MM
    pages, filled = 1, 0.0
    for box in _floor_flow(blocks, geometry):
        if box is None:
            if filled > 0:
                pages, filled = pages + 1, 0.0
        elif box[0]:
            filled += box[1]
        elif filled + box[1] > capacity and filled > 0:
            pages, filled = pages + 1, box[1]
        else:
            filled += box[1]
    return pages
