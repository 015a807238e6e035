"""Page geometry of the HTML renderer: the browser's page of :mod:`supervisio.layout.geometry`.

The paper, margins and line pitch come from the layout layer's one table (docs/gbt9704.md §0.1, §3,
§6.10): a browser rounds the line box down to whole CSS pixels (38 px for the ``word`` profile, 39 for
``strict``), and the strict margins put the first line's ink at 37 mm in Chromium. What is Chromium's
alone is here: the padding above the page number.
"""


from __future__ import annotations

from supervisio.layout.geometry import MM_PER_PT, PAGE_NUMBER_DROP_MM, PageGeometry
from supervisio.layout.geometry import page_geometry as _page
from supervisio.renderers.base import RenderOptions

__all__ = ["MM_PER_PT", "PageGeometry", "number_gap", "page_geometry"]

_DASH_MIDDLE_MM = 2.7
"""How far the middle of the "— N —" dash lies under the top of its 14 pt line box (Noto Serif CJK SC,
measured in Chromium)."""


def page_geometry(options: RenderOptions, landscape: bool) -> PageGeometry:
    """The geometry of a document: the profile's portrait page, or the turned page of a ledger."""
    return _page(options.profile, landscape, engine="browser")


def number_gap(geometry: PageGeometry) -> float:
    """The padding above "— N —" in mm, so that the 一字线 lies 7 mm below the 版心 (docs/gbt9704.md §2
    row 29); a page area that ends below the nominal 版心 (the strict profile) needs less."""
    foot = geometry.top + geometry.block_height
    return round(PAGE_NUMBER_DROP_MM - _DASH_MIDDLE_MM + geometry.nominal_block_foot - foot, 2)
