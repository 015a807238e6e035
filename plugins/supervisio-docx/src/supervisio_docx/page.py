"""Page geometry: A4, the 版心 (text block) and the line pitch, for each profile and orientation.

All lengths are twips (1/20 pt), the unit of ``w:pgSz``/``w:pgMar``. The values are SPEC.md's, not
converted from millimetres at run time: 28 mm is 1587.4 twips, and only 1588 + 1474 + 8844 = 11906
makes the block exactly 156 mm on an A4 sheet.

- ``word`` (SPEC.md §0.1–0.2, §6.1): margins 37/35/28/26 mm, exact 579-twip lines (28.95 pt, the
  largest exact value that still fits 22 lines into 225 mm). What Word and WPS templates do.
- ``strict`` (SPEC.md §3, "ink-exact"): pitch 29.6 pt (592 twips), top and bottom margins 33.6 mm,
  so that the printed ink block of a full page is 156 × 225 mm at (28, 37) mm.
- landscape (SPEC.md §6.8, GB/T 9704 §8 turned tables): 297 × 210 mm, margins top 28 / bottom 26 /
  left 35 / right 37 mm keep the rotated 156 × 225 block, table head on the binding side of odd
  pages.

The footer distance puts the page number's 一字线 about 7 mm below the block (SPEC.md §6.4: 25 mm on a
portrait page measured 7.2 mm); on a landscape page the block ends 26 mm above the paper edge,
hence 16 mm.
"""

from __future__ import annotations

import attrs

from supervisio.renderers.base import Profile

__all__ = ["Geometry", "geometry_for"]

_A4_SHORT, _A4_LONG = 11906, 16838


@attrs.frozen(kw_only=True)
class Geometry:
    """One section's page: size, margins, footer distance and the exact line pitch (all twips)."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int
    footer: int
    line: int

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def block_width(self) -> int:
        """The 版心 width: 8844 twips (156 mm) portrait, 12756 (225 mm) landscape."""
        return self.width - self.left - self.right

    @property
    def block_rise(self) -> int:
        """How far the 版心's bottom edge lies above the bottom margin, in twips.

        Zero in the ``word`` profile. In ``strict`` the bottom margin is 33.6 mm while the block
        still ends 35 mm above the paper edge (262 mm from the top), so whatever is pinned to the
        bottom of the block — the last rule of the 版记 (7.4.1) — must rise 79 twips (1.4 mm) above
        the margin.
        """
        nominal = _BLOCK_BOTTOM_LANDSCAPE if self.landscape else _BLOCK_BOTTOM_PORTRAIT
        return max(0, nominal - self.bottom)

    def section_properties_xml(self) -> str:
        """The ``w:sectPr`` of the body (python-docx adds the footer references).

        The document grid has a pitch but **no type**: a typed grid makes LibreOffice snap every
        paragraph, table cells included, to 28.95 pt and halves the characters per line (SPEC.md
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


_LINE = {"word": 579, "strict": 592}
_PORTRAIT = {
    # top, bottom, left, right
    "word": (2098, 1984, 1588, 1474),
    "strict": (1905, 1905, 1588, 1474),
}
_LANDSCAPE_MARGINS = (1588, 1474, 1984, 2098)  # 28 / 26 / 35 / 37 mm
_BLOCK_BOTTOM_PORTRAIT = 1984  # the 版心 ends 35 mm above the paper edge
_BLOCK_BOTTOM_LANDSCAPE = 1474  # 26 mm on a turned page
_FOOTER_PORTRAIT = 1417  # 25 mm
_FOOTER_LANDSCAPE = 907  # 16 mm


def geometry_for(profile: Profile, landscape: bool = False) -> Geometry:
    """The page of ``profile`` (``word`` or ``strict``), turned for a landscape ledger if asked."""
    if profile not in _LINE:
        raise ValueError(f"unknown page profile {profile!r}: use 'word' or 'strict'")
    if landscape:
        top, bottom, left, right = _LANDSCAPE_MARGINS
        width, height, footer = _A4_LONG, _A4_SHORT, _FOOTER_LANDSCAPE
    else:
        top, bottom, left, right = _PORTRAIT[profile]
        width, height, footer = _A4_SHORT, _A4_LONG, _FOOTER_PORTRAIT
    return Geometry(
        width=width,
        height=height,
        top=top,
        bottom=bottom,
        left=left,
        right=right,
        footer=footer,
        line=_LINE[profile],
    )
