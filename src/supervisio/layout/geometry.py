"""Page geometry: one table of values in mm and pt, and what each kind of renderer derives from it.

GB/T 9704 fixes the page in millimetres: A4, the 版心 156 × 225 mm with 天头 37 mm and 订口 28 mm
(docs/gbt9704.md §2 rows 1–4), 22 lines of 28 characters (rows 6–7). Two kinds of renderer set it:

- a **word processor** (the docx: Word, WPS, LibreOffice) lays exact line boxes and puts the baseline
  0.8 of the way down each (docs/gbt9704.md §3); lengths are written in twips;
- a **browser** (the HTML page printed by Chromium) rounds every line box to whole CSS pixels
  (docs/gbt9704.md §6.10); lengths are written in mm and px.

:data:`PROFILES` is the table: per profile (``word``, ``strict``) the line pitch in pt and the top and
bottom margins in mm, for each kind of renderer where the two must differ to put the same ink on the
paper. Everything else is derived here, once: the turned page of a ledger (the portrait page rotated,
docs/gbt9704.md §6.8), the 版心, the characters per line, the twips of a docx page (rounded so that
1588 + 1474 + 8844 = 11906: the 订口 takes the remainder, never the 版心), the whole-pixel line of a
browser, the footer distance.
"""

from __future__ import annotations

import math
from typing import Literal

import attrs

from supervisio.document_settings import Profile

__all__ = [
    "BODY_CELL_PT",
    "BODY_SIZE_PT",
    "MM_PER_PT",
    "PROFILES",
    "Engine",
    "PageGeometry",
    "PageTwips",
    "ProfileValues",
    "mm_to_twips",
    "page_geometry",
]

MM_PER_PT = 25.4 / 72
TWIPS_PER_PT = 20
PX_PER_PT = 96 / 72

Engine = Literal["wordprocessor", "browser"]
"""Who lays the page out: exact line boxes in twips (docx) or whole CSS pixels (HTML in Chromium)."""

PAPER_MM = (210.0, 297.0)
"""A4, short side × long side (docs/gbt9704.md §2 row 1)."""
BLOCK_MM = (156.0, 225.0)
"""The 版心, width × height (row 4)."""
MARGINS_MM = (37.0, 26.0, 35.0, 28.0)
"""Top, right, bottom, left of the nominal 版心 on a portrait page: 天头 37, 订口 28 (rows 2–4)."""
BODY_SIZE_PT = 16.0
"""3号 (row 5)."""
BODY_CELL_PT = 15.75
"""One body character cell (一字): 16 pt condensed by 0.25 pt, so that 28 fill the 156 mm line in
every viewer (docs/gbt9704.md §0.3)."""
LINES_PER_PAGE = 22
"""Lines of a full page (row 6)."""
PAGE_NUMBER_DROP_MM = 7.0
"""The page number's 一字线 lies 7 mm below the 版心 (row 29)."""
FOOTER_ABOVE_BLOCK_FOOT_MM = 10.0
"""A word processor's footer distance is the 版心's distance from the paper's bottom edge less this:
25 mm on a portrait page puts the 一字线 7.2 mm below the 版心 (docs/gbt9704.md §6.4, measured)."""


@attrs.frozen(kw_only=True)
class ProfileValues:
    """One profile's row of the table: its line pitch, and the top and bottom margins (mm) each kind of
    renderer needs to put the first line's ink where the profile wants it."""

    line_pt: float
    """The body line pitch: exact in a word processor; a browser takes the whole pixels below it."""
    wordprocessor_margins: tuple[float, float]
    browser_margins: tuple[float, float]


PROFILES: dict[str, ProfileValues] = {
    "word": ProfileValues(line_pt=28.95, wordprocessor_margins=(37.0, 35.0), browser_margins=(37.0, 35.0)),
    "strict": ProfileValues(
        line_pt=29.6, wordprocessor_margins=(33.6, 33.6), browser_margins=(34.25, 35.25)
    ),
}
"""The table (docs/gbt9704.md §0.1–0.5, §3, §6.10).

``word``: what Word and WPS templates do: the page area is the 版心 (margins 37/35 mm), exact lines of
28.95 pt, the largest pitch that still fits 22 line boxes into 225 mm (579 twips; 580 gives 21). A
browser takes 38 px (28.5 pt) lines.

``strict`` ("ink-exact", docs/gbt9704.md §3): the printed ink of a full page is the 156 × 225 mm block.
The pitch is 29.6 pt, 1.875 times a 15.8 pt character. In a word processor the first line's ink starts
0.8 × 29.6 − 0.88 × 16 = 9.6 pt (3.4 mm) under the margin, so the margins are 33.6 mm (as
docs/gbt9704.md rounds them; 22 lines take 229.7 mm of the 229.8 mm page area). A browser rounds
29.6 pt to 39 px (29.25 pt), in whose line box the ink of a 16 pt line starts 2.75 mm down (Noto Serif
CJK SC, measured): a 34.25 mm top margin puts it at 37 mm, and the 227.5 mm page area holds the 22
lines (227 mm)."""


def mm_to_twips(mm: float) -> int:
    """``mm`` in whole twips (1/20 pt), as ``w:pgSz`` and ``w:pgMar`` take them."""
    return round(mm / MM_PER_PT * TWIPS_PER_PT)


@attrs.frozen(kw_only=True)
class PageTwips:
    """A docx page in twips: size, margins, the exact line pitch and the footer distance.

    ``block_rise`` is how far the nominal 版心's bottom lies above the bottom margin: zero in the ``word``
    profile; in ``strict`` the margin is 33.6 mm while the 版心 still ends 35 mm above the edge, so what
    is pinned to the 版心's bottom (the 版记's last rule, GB/T 9704 7.4.1) rises 79 twips.
    """

    width: int
    height: int
    top: int
    right: int
    bottom: int
    left: int
    line: int
    footer: int
    block_rise: int

    @property
    def block_width(self) -> int:
        """8844 twips (156 mm) portrait, 12756 (225 mm) on a turned page."""
        return self.width - self.left - self.right


@attrs.frozen(kw_only=True)
class PageGeometry:
    """One page of a profile and orientation for one kind of renderer: paper and margins in mm, the line
    pitch in pt. The derived values (版心, characters per line, twips, pixels) are properties."""

    profile: Profile
    engine: Engine
    width: float
    height: float
    top: float
    right: float
    bottom: float
    left: float
    line_pt: float

    @property
    def landscape(self) -> bool:
        """Whether the page is turned (the 问题台账, docs/gbt9704.md §2 row 30)."""
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
    def nominal_block_foot(self) -> float:
        """Where the nominal 版心 ends, in mm from the paper's top edge (262 portrait, 184 turned)."""
        return self.height - _oriented(MARGINS_MM, self.landscape)[2]

    @property
    def cells_per_line(self) -> float:
        """How many body character cells the block's width holds (28.08 portrait)."""
        return self.block_width / MM_PER_PT / BODY_CELL_PT

    @property
    def chars_per_line(self) -> int:
        """Whole characters of a body line: 28 portrait (docs/gbt9704.md §2 row 7), 40 turned."""
        return math.floor(self.cells_per_line + 1e-9)

    @property
    def line_px(self) -> int:
        """The line pitch in whole CSS pixels, rounded down so that 22 lines still fit (38 px for 28.95
        pt, 39 for 29.6): Chromium rounds line boxes to whole pixels (docs/gbt9704.md §6.10)."""
        return math.floor(self.line_pt * PX_PER_PT)

    def twips(self) -> PageTwips:
        """The page in twips (docs/gbt9704.md §0.1): sizes and margins rounded, the block width rounded
        too and the 订口 (or, turned, the foot) taking the remainder, so that 1588 + 1474 + 8844 =
        11906 on A4, where 28 mm alone would round to 1587."""
        short, long_ = mm_to_twips(PAPER_MM[0]), mm_to_twips(PAPER_MM[1])
        block_width = mm_to_twips(BLOCK_MM[0])
        top, right, bottom = mm_to_twips(self.top), mm_to_twips(self.right), mm_to_twips(self.bottom)
        if self.landscape:  # the nominal portrait page turned: its 订口 at the top, its 天头 on the right
            portrait = page_geometry("word", landscape=False, engine="wordprocessor").twips()
            top, right, bottom, left = portrait.left, portrait.top, portrait.right, portrait.bottom
            width, height = long_, short
        else:
            width, height = short, long_
            left = width - right - block_width
        nominal_bottom = mm_to_twips(self.height - self.nominal_block_foot)
        return PageTwips(
            width=width,
            height=height,
            top=top,
            right=right,
            bottom=bottom,
            left=left,
            line=round(self.line_pt * TWIPS_PER_PT),
            footer=mm_to_twips(self.height - self.nominal_block_foot - FOOTER_ABOVE_BLOCK_FOOT_MM),
            block_rise=max(0, nominal_bottom - bottom),
        )


def _oriented(margins: tuple[float, float, float, float], landscape: bool) -> tuple[float, ...]:
    """Top, right, bottom, left of a portrait page's margins, turned for a landscape page: the 订口
    (left) goes to the top, so the table head is on the binding side (docs/gbt9704.md §6.8)."""
    top, right, bottom, left = margins
    return (left, top, right, bottom) if landscape else (top, right, bottom, left)


def page_geometry(profile: Profile, landscape: bool = False, engine: Engine = "wordprocessor") -> PageGeometry:
    """The page of ``profile`` for ``engine``, turned for a landscape ledger if asked.

    A turned page keeps the nominal 版心 rotated whatever the profile (a ledger is a table, not text
    on the 22-line grid); a word processor keeps the profile's pitch on it, a browser the ``word`` one.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown page profile {profile!r}: use 'word' or 'strict'")
    values = PROFILES[profile]
    if landscape:
        top, right, bottom, left = _oriented(MARGINS_MM, True)
        width, height = PAPER_MM[1], PAPER_MM[0]
        line_pt = values.line_pt if engine == "wordprocessor" else PROFILES["word"].line_pt
    else:
        top, bottom = values.wordprocessor_margins if engine == "wordprocessor" else values.browser_margins
        _, right, _, left = MARGINS_MM
        width, height = PAPER_MM
        line_pt = values.line_pt
    return PageGeometry(
        profile=profile,
        engine=engine,
        width=width,
        height=height,
        top=top,
        right=right,
        bottom=bottom,
        left=left,
        line_pt=line_pt,
    )
