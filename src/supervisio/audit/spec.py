"""The numbers the audit holds a document to: GB/T 9704-2012 in the two page profiles (docs/audit.md).

``word`` is what Word and WPS templates do (margins 37/35/28/26 mm, exact 28.95 pt lines); ``strict``
makes the printed ink block of a full page exactly 156 × 225 mm at (28, 37) mm (margins 33.6/33.6 mm,
29.6 pt lines). A landscape page (GB/T 9704 §8, a turned table) keeps the rotated block in both: margins
top 28, bottom 26, left 35, right 37 mm.
"""

from __future__ import annotations

import attrs

from supervisio.document_settings import Profile

__all__ = [
    "BLOCK_BOTTOM_MM",
    "BLOCK_HEIGHT_MM",
    "BLOCK_WIDTH_MM",
    "BODY_PT",
    "CHARS_PER_LINE",
    "FACES",
    "LINES_PER_PAGE",
    "MM_PER_PT",
    "PAGE_MM",
    "PAGE_NUMBER_PT",
    "PROFILES",
    "TITLE_PT",
    "TOLERANCE_MM",
    "Page",
    "face_family",
    "page_for",
]

MM_PER_PT = 25.4 / 72
MM_PER_TWIP = 25.4 / 1440
PAGE_MM = (210.0, 297.0)
BLOCK_WIDTH_MM = 156.0
BLOCK_HEIGHT_MM = 225.0
BLOCK_TOP_MM = 37.0
BLOCK_BOTTOM_MM = BLOCK_TOP_MM + BLOCK_HEIGHT_MM  # 262 mm from the paper's top edge
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_PT = 16.0  # 3号
TITLE_PT = 22.0  # 2号
PAGE_NUMBER_PT = 14.0  # 4号
IMPRINT_PT = 14.0  # 4号
PAGE_NUMBER_BELOW_BLOCK_MM = 7.0
PAGE_NUMBER_BELOW_TOLERANCE_MM = 1.5
TOLERANCE_MM = 1.0
PROFILES: tuple[Profile, ...] = ("word", "strict")


@attrs.frozen(kw_only=True)
class Page:
    """A page's margins (mm) and the exact line pitch of its text (twips)."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float
    line_twips: int

    @property
    def landscape(self) -> bool:
        return self.width > self.height


_PORTRAIT = {
    "word": Page(width=210, height=297, top=37, bottom=35, left=28, right=26, line_twips=579),
    "strict": Page(width=210, height=297, top=33.6, bottom=33.6, left=28, right=26, line_twips=592),
}


def page_for(profile: Profile, landscape: bool = False) -> Page:
    """The page GB/T 9704 asks for in ``profile``, turned for a table if ``landscape``."""
    portrait = _PORTRAIT[profile]
    if not landscape:
        return portrait
    return Page(width=297, height=210, top=28, bottom=26, left=35, right=37,
                line_twips=portrait.line_twips)


FACES: dict[str, tuple[str, ...]] = {
    "仿宋": ("仿宋_GB2312", "仿宋", "FangSong_GB2312", "FangSong", "STFangsong", "方正仿宋_GBK",
            "方正仿宋简体"),
    "楷体": ("楷体_GB2312", "楷体", "KaiTi_GB2312", "KaiTi", "STKaiti", "方正楷体_GBK", "方正楷体简体"),
    "黑体": ("黑体", "SimHei", "STHeiti", "方正黑体_GBK", "方正黑体简体"),
    "小标宋": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "小标宋"),
    "宋体": ("宋体", "SimSun", "STSong", "NSimSun", "新宋体"),
}
"""Each face GB/T 9704 names, with the names Word, WPS and Founder give it (docs/audit.md)."""


def face_family(name: str | None) -> str | None:
    """The GB/T 9704 face a font name stands for (``仿宋`` for ``FangSong``), None for any other."""
    if not name:
        return None
    for family, names in FACES.items():
        if name in names or name.casefold() in (n.casefold() for n in names):
            return family
    return None
