"""Page geometry of the HTML renderer per profile: paper, margins, the line pitch in whole CSS pixels."""


from __future__ import annotations

import attrs

from supervisio.renderers.base import RenderOptions

MM_PER_PT = 25.4 / 72
NOMINAL_BLOCK_FOOT = 37.0 + 225.0
"""The 版心 bottom of a portrait page in mm (天头 37 + 225), where page numbers are measured from."""

# ---------------------------------------------------------------------- geometry


@attrs.frozen(kw_only=True)
class PageGeometry:
    """The paper and its margins (mm), and the body line pitch in whole CSS px (Chromium rounds
    line boxes to whole pixels, SPEC §6.10)."""

    width: float
    height: float
    top: float
    right: float
    bottom: float
    left: float
    line_px: int

    @property
    def landscape(self) -> bool:
        """Whether the page is turned (the 问题台账, SPEC §2 row 30)."""
        return self.width > self.height

    @property
    def block_width(self) -> float:
        """The 版心 width in mm (156 portrait, 225 on a turned page)."""
        return self.width - self.left - self.right

    @property
    def block_height(self) -> float:
        """The page area's height in mm."""
        return self.height - self.top - self.bottom

    @property
    def number_gap(self) -> float:
        """The padding above "— N —" in mm, so that the 一字线 lies 7 mm below the 版心 (row 29).

        The dash's middle lies 2.7 mm under the top of a 14 pt line box (measured with Noto Serif
        CJK SC); a page area that ends below the nominal 版心 (strict profile) needs less padding.
        """
        foot = self.top + self.block_height
        nominal_foot = foot if self.landscape else NOMINAL_BLOCK_FOOT
        return round(7.0 - 2.7 + nominal_foot - foot, 2)


_WORD = PageGeometry(width=210, height=297, top=37, right=26, bottom=35, left=28, line_px=38)
"""SPEC §0.1 and §6.10: margins 37/26/35/28 mm; 38 px (28.5 pt) lines: 22 lines take 221.2 mm."""

_STRICT = PageGeometry(
    width=210, height=297, top=34.25, right=26, bottom=35.25, left=28, line_px=39
)
"""SPEC §3 ink-exact profile as far as Chromium allows: 29.6 pt rounds to 39 px (29.25 pt). In a
39 px line box the ink of a 16 pt line starts 2.75 mm below the top (Noto Serif CJK SC), so a
34.25 mm margin puts the first line's ink at 37 mm; the 227.5 mm page area holds 22 lines
(227 mm)."""

_LANDSCAPE = PageGeometry(width=297, height=210, top=28, right=37, bottom=26, left=35, line_px=38)
"""SPEC §6.8: the turned page keeps the 156 × 225 mm block, table head on the binding side. Both
profiles use it: a ledger is a table, not text on the 22-line grid."""


def page_geometry(options: RenderOptions, landscape: bool) -> PageGeometry:
    """The geometry of a document: the profile's portrait page, or the turned page of a ledger."""
    if landscape:
        return _LANDSCAPE
    return _STRICT if options.profile == "strict" else _WORD
