"""Style attributes with a meaning every built-in renderer honours (the ``Style`` hatch, made common).

- ``cell-size`` on a Table: the size of its cell text by its Chinese name (``四号`` 14 pt, the default;
  ``小四`` 12 pt; ``五号`` 10.5 pt). A wide ledger (11 columns across a landscape page) is set 小四, as
  ledgers printed from Excel are; SPEC §4 allows 4号 or 小四.

Third-party renderers should honour them too; any other attribute is free for renderer-specific use.
"""

from __future__ import annotations

from typing import NamedTuple

from supervisio.doctree.nodes import Table

__all__ = ["CELL_SIZES", "DEFAULT_CELL_SIZE", "STYLE_ATTRIBUTES", "StyleAttribute", "cell_size", "cell_line"]

CELL_SIZES: dict[str, float] = {"四号": 14.0, "4号": 14.0, "小四": 12.0, "五号": 10.5, "5号": 10.5}
DEFAULT_CELL_SIZE = 14.0


class StyleAttribute(NamedTuple):
    """A style attribute with a common meaning: the node it applies to, its values, what it does."""

    node: str
    values: tuple[str, ...]
    meaning: str


STYLE_ATTRIBUTES: dict[str, StyleAttribute] = {
    "cell-size": StyleAttribute(
        "Table",
        tuple(CELL_SIZES),
        "the size of the cell text by its Chinese name; 四号 (14 pt) when absent or unknown; line height "
        "10/7 of the size",
    ),
}
"""Every attribute the built-in renderers (Markdown, HTML, docx) honour, for ``docs/nodes.md`` and its test."""


def cell_size(table: Table) -> float:
    """The cell text size of ``table`` in points (四号 unless its ``cell-size`` says otherwise).

    An unknown name falls back to 四号: a style attribute is a hint, never a reason to fail a document.
    """
    return CELL_SIZES.get(table.style.get("cell-size") or "", DEFAULT_CELL_SIZE)


def cell_line(size: float) -> float:
    """The exact line height of cell text of ``size`` points: 10/7 of it (20 pt for 四号)."""
    return round(size * 10 / 7 * 2) / 2
