"""The shape of a document, as its tree has it and as a renderer's output shows it.

Text can survive while structure is lost: a table whose rows merge, a heading printed as a paragraph, a
block a renderer silently skips. A renderer's conformance class reads its own output back into an
:class:`Outline` (``read_structure``), and the suite compares it with :func:`outline_of` the tree. Every
field is optional, because formats differ in what they let a reader tell apart: a reader of .docx can
count headings and table cells but may not tell a list item from a paragraph, so it reports ``blocks`` as
None and that part is not checked.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from supervisio.doctree.nodes import Block, Document, Heading, Table

__all__ = ["Outline", "differences", "outline_of", "table_shape"]


@attrs.frozen(kw_only=True)
class Outline:
    """What can be told about a document's shape; None for what a reader cannot tell.

    - ``blocks``: the node type of every top-level block, in order (``"Title"``, ``"Heading"``,
      ``"Paragraph"``, ``"BulletList"``, ``"Table"``, ``"Imprint"`` …: the class names of
      :mod:`supervisio.doctree.nodes`), so that every block is seen to be rendered, once, in its place;
    - ``headings``: the level (1–4) of every top-level heading, in order;
    - ``tables``: for every top-level table, the number of cells in each row: the header row first, then
      the body rows, then the totals row when there is one.
    """

    blocks: tuple[str, ...] | None = None
    headings: tuple[int, ...] | None = None
    tables: tuple[tuple[int, ...], ...] | None = None


def table_shape(table: Table) -> tuple[int, ...]:
    """The number of cells of each row of ``table``: header, body rows, totals."""
    rows = (table.header, *table.rows, *((table.totals,) if table.totals is not None else ()))
    return tuple(len(row) for row in rows)


def outline_of(document: Document) -> Outline:
    """The full outline of a tree: what a renderer's output must show."""
    blocks: tuple[Block, ...] = document.blocks
    return Outline(
        blocks=tuple(type(block).__name__ for block in blocks),
        headings=tuple(block.level for block in blocks if isinstance(block, Heading)),
        tables=tuple(table_shape(block) for block in blocks if isinstance(block, Table)),
    )


def differences(expected: Outline, read: Outline) -> Iterator[str]:
    """What ``read`` gets wrong about ``expected``, one line per field a reader reported."""
    for field in attrs.fields(Outline):
        shown = getattr(read, field.name)
        if shown is None:
            continue
        wanted = getattr(expected, field.name)
        if shown != wanted:
            yield f"{field.name}: the output shows {shown!r}, the tree has {wanted!r}"
