"""Page geometry: A4, the 版心 (text block) and the line pitch, for each profile and orientation.

The values are the layout layer's (:mod:`supervisio.layout.geometry`, one table in mm and pt for every
renderer), taken as a word processor sets them: in twips (1/20 pt), the unit of ``w:pgSz``/``w:pgMar``,
rounded there so that 1588 + 1474 + 8844 = 11906 makes the block exactly 156 mm on an A4 sheet (28 mm
alone would be 1587 twips).

- ``word`` (docs/gbt9704.md §0.1–0.2, §6.1): margins 37/35/28/26 mm, exact 579-twip lines (28.95 pt, the
  largest exact value that still fits 22 lines into 225 mm). What Word and WPS templates do.
- ``strict`` (docs/gbt9704.md §3, "ink-exact"): pitch 29.6 pt (592 twips), top and bottom margins 33.6 mm,
  so that the printed ink block of a full page is 156 × 225 mm at (28, 37) mm.
- landscape (docs/gbt9704.md §6.8, GB/T 9704 §8 turned tables): 297 × 210 mm, margins top 28 / bottom 26 /
  left 35 / right 37 mm keep the rotated 156 × 225 block, table head on the binding side of odd
  pages.

The footer distance puts the page number's 一字线 about 7 mm below the block (docs/gbt9704.md §6.4: 25 mm on a
portrait page measured 7.2 mm); on a landscape page the block ends 26 mm above the paper edge,
hence 16 mm.
"""

from __future__ import annotations

import attrs

from supervisio.layout import PageGeometry, page_geometry
from supervisio.renderers.base import Profile

__all__ = ["Geometry", "geometry_for"]


@attrs.frozen(kw_only=True)
class Geometry:
    """One section's page: size, margins, footer distance and the exact line pitch (all twips), and
    the layout layer's page they come from (``page``, in mm and pt)."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int
    footer: int
    line: int
    block_rise: int
    """How far the 版心's bottom edge lies above the bottom margin, in twips: zero in the ``word``
    profile; 79 (1.4 mm) in ``strict``, whose margin is 33.6 mm while the block still ends 35 mm above
    the paper edge, so whatever is pinned to the bottom of the block — the last rule of the 版记
    (7.4.1) — must rise that much above the margin."""
    page: PageGeometry = attrs.field(eq=False, repr=False)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def block_width(self) -> int:
        """The 版心 width: 8844 twips (156 mm) portrait, 12756 (225 mm) landscape."""
        return self.width - self.left - self.right

    def section_properties_xml(self) -> str:
        """The ``w:sectPr`` of the body (python-docx adds the footer references).

        The document grid has a pitch but **no type**: a typed grid makes LibreOffice snap every
        paragraph, table cells included, to 28.95 pt and halves the characters per line (docs/gbt9704.md
        §0.3–0.4).
        """
        orient = ' w:orient="landscape"' if self.landscape else ""
        return (
            "<w:sectPr>"
            f'<w:pgSz w:w="{self.width}" w:h="{self.height}"{orient}/>'
            f'<w:pgMar w:top="{self.top}" w:right="{self.right}" w:bottom="{self.bottom}"'
            f' w:left="{self.left}" w:header="851" w:footer="{self.footer}" w:gutter="0"/>'
            '<w:cols w:space="425"/>'
            f'<w:docGrid w:linePitch="{self.line}"/>'
            "</w:sectPr>"
        )


def geometry_for(profile: Profile, landscape: bool = False) -> Geometry:
    """The page of ``profile`` (``word`` or ``strict``), turned for a landscape ledger if asked."""
    page = page_geometry(profile, landscape, engine="wordprocessor")
    twips = page.twips()
    return Geometry(
        width=twips.width,
        height=twips.height,
        top=twips.top,
        bottom=twips.bottom,
        left=twips.left,
        right=twips.right,
        footer=twips.footer,
        line=twips.line,
        block_rise=twips.block_rise,
        page=page,
    )
