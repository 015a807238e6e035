"""What every block writer needs to know besides its block: the page and the caller's options."""

from __future__ import annotations

from typing import Any

import attrs

from supervisio.doctree.nodes import Chart
from supervisio.renderers.base import RenderOptions
from supervisio_docx.inlines import RunStyle
from supervisio_docx.page import Geometry, geometry_for

__all__ = ["Context", "Flow"]


@attrs.frozen
class Context:
    """The rendering context of one document.

    ``cell_sizes`` collects the cell sizes (points) of the tables written, so that ``styles.xml``,
    written after the body, holds the table-text styles of those sizes and no others; ``charts`` the
    charts drawn, in order, so that the package relates each one's part under the id the body gave it.
    """

    options: RenderOptions
    geometry: Geometry
    cell_sizes: set[float] = attrs.field(factory=set, eq=False)
    charts: list[Chart] = attrs.field(factory=list, eq=False)

    @classmethod
    def create(cls, options: RenderOptions, landscape: bool) -> Context:
        return cls(options, geometry_for(options.profile, landscape))

    @property
    def latin(self) -> str | None:
        """The face for Latin letters and digits, or None to keep each run's Chinese face."""
        return self.options.latin_font

    def run_style(self, face: str | None = None, **changes: Any) -> RunStyle:
        """A run that differs from its paragraph style by ``changes`` (and ``face``, if named),
        with the document's Latin face for any face it names."""
        return RunStyle(face=face, latin=self.latin, **changes)


class Flow:
    """The state carried from block to block: a pending page break, the list depth.

    A paragraph that holds only ``<w:br w:type="page"/>`` leaves its own empty line at the top of
    the new page, which pushes that page off the 22-line grid. A
    :class:`~supervisio.doctree.nodes.PageBreak` therefore becomes ``w:pageBreakBefore`` on the
    next paragraph written: whoever writes it calls :meth:`take_page_break`.

    ``list_depth`` counts the lists being written, so that a nested list's paragraphs are indented.
    """

    def __init__(self) -> None:
        self.page_break = False
        self.list_depth = 0

    def request_page_break(self) -> None:
        self.page_break = True

    def take_page_break(self) -> bool:
        """True once if a page break is pending (and clears it)."""
        pending, self.page_break = self.page_break, False
        return pending
