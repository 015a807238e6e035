"""Style attributes with a meaning every built-in renderer honours (the ``Style`` hatch, made common).

- ``cell-size`` on a Table: the size of its cell text by its Chinese name (``四号`` 14 pt, the default;
  ``小四`` 12 pt; ``五号`` 10.5 pt, the least). The 问题台账 (11 columns across a landscape page) is set
  五号, so that a group's ledger prints on few pages (docs/gbt9704.md §4).

- ``chart-colors`` on a Chart: the series' colours in order, as ``#RRGGBB`` separated by commas
  (``#00B050,#FFC000,#C00000`` for 绿灯, 黄灯, 红灯); series beyond the list, or a list that does not
  parse, take the renderer's palette.

And one style class:

- ``attachment-label`` on a Paragraph: the 附件 (or 附件2) that opens an attachment's page, set 3号黑体
  flush left on the first line (GB/T 9704 7.3.7), not as 正文.

Third-party renderers should honour them too; any other attribute is free for renderer-specific use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from supervisio.doctree.nodes import Chart, Table

__all__ = [
    "ATTACHMENT_LABEL",
    "CELL_SIZES",
    "DEFAULT_CELL_SIZE",
    "STYLE_ATTRIBUTES",
    "StyleAttribute",
    "cell_line",
    "cell_size",
    "chart_colors",
]

ATTACHMENT_LABEL = "attachment-label"
"""The class of the paragraph that reads 附件 (附件2 …) atop an attachment's page."""

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
    "chart-colors": StyleAttribute(
        "Chart",
        ("#00B050,#FFC000,#C00000", "#1F4E79"),
        "the series' colours in order, #RRGGBB separated by commas; the renderer's palette for series "
        "beyond the list or a list that does not parse",
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


_COLOUR = re.compile(r"#([0-9A-Fa-f]{6})")


def chart_colors(chart: Chart, palette: Sequence[str]) -> tuple[str, ...]:
    """One colour per series of ``chart`` as ``RRGGBB`` (upper case, no ``#``): its ``chart-colors``
    where they parse, then ``palette`` (given the same way) from the next series on, round again."""
    given: list[str] = []
    for part in (chart.style.get("chart-colors") or "").split(","):
        match = _COLOUR.fullmatch(part.strip())
        if match is None:
            given = []
            break
        given.append(match.group(1).upper())
    return tuple(
        given[index] if index < len(given) else palette[index % len(palette)].lstrip("#").upper()
        for index in range(len(chart.series))
    )
