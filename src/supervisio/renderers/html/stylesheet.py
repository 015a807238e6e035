"""The style sheet: the static part (html.css) and the part generated for the options and geometry."""


from __future__ import annotations

import importlib.resources
from functools import cache

from supervisio.layout import BODY_CELL_PT
from supervisio.renderers.base import RenderOptions
from supervisio.renderers.html.geometry import PageGeometry, number_gap
from supervisio.renderers.html.text import clean_text

# ---------------------------------------------------------------------- style sheet

_GENERIC_FAMILIES = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy"})

_FANGSONG = ("仿宋_GB2312", "仿宋", "FangSong_GB2312", "FangSong", "STFangsong",
             "Noto Serif CJK SC", "Source Han Serif SC", "serif")
_KAITI = ("楷体_GB2312", "楷体", "KaiTi_GB2312", "KaiTi", "STKaiti", "LXGW WenKai",
          "AR PL UKai CN", "serif")
_HEITI = ("黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", "sans-serif")
_SONGTI = ("宋体", "SimSun", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", "serif")
_TITLE = ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "小标宋",
          "Supervisio XiaoBiaoSong", "Noto Serif CJK SC", "serif")
"""Font stacks (docs/gbt9704.md §6.9): the canonical proprietary name first, then platform names, then free
stand-ins. "Supervisio XiaoBiaoSong" is an @font-face in html.css naming local bold Noto / Source
Han Serif faces: a machine without 方正小标宋 gets a heavy Song face, a machine with it the real
face, not made bold. The Latin face is not in these stacks but in ``--face-latin``, for the spans
of :func:`_line_html`; it falls back to the 仿宋 stack when the face is missing."""

_CSS_STRING_ESCAPES = frozenset('"\\<>&\n\t')


def _css_string(value: str) -> str:
    """A CSS string literal; quotes, backslashes, ``<`` ``>`` ``&`` and white-space controls
    escaped. Escaping ``<`` keeps a value like ``</style>`` from ending the style element."""
    escaped = (f"\\{ord(ch):x} " if ch in _CSS_STRING_ESCAPES else ch for ch in clean_text(value))
    return f'"{"".join(escaped)}"'


def _font_stack(names: tuple[str, ...]) -> str:
    """A font-family value: names as CSS strings, generic families as keywords."""
    return ", ".join(name if name in _GENERIC_FAMILIES else _css_string(name) for name in names)


def _root_css(geometry: PageGeometry, options: RenderOptions) -> str:
    """The custom properties html.css reads: faces, line pitch, character cell, page and margins.

    ``--block-height`` is one pixel short of the page area, so that a sheet exactly one page tall
    never spills an empty page.
    """
    latin = (options.latin_font,) if options.latin_font else ()
    return "\n".join([
        ":root {",
        f"  --face-fangsong: {_font_stack(_FANGSONG)};",
        f"  --face-kaiti: {_font_stack(_KAITI)};",
        f"  --face-heiti: {_font_stack(_HEITI)};",
        f"  --face-title: {_font_stack(_TITLE)};",
        f"  --face-latin: {_font_stack(latin + _FANGSONG)};",
        f"  --line: {geometry.line_px}px;",
        f"  --cell: {BODY_CELL_PT:g}pt;",
        f"  --page-width: {geometry.width:g}mm;",
        f"  --page-height: {geometry.height:g}mm;",
        f"  --margin-top: {geometry.top:g}mm;",
        f"  --margin-right: {geometry.right:g}mm;",
        f"  --margin-bottom: {geometry.bottom:g}mm;",
        f"  --margin-left: {geometry.left:g}mm;",
        f"  --block-height: calc({geometry.block_height:g}mm - 1px);",
        "}",
    ])


def _page_css(geometry: PageGeometry) -> str:
    """@page: paper, margins and "— N —" in 4号半角宋体, odd pages right and even pages left, one
    character in (docs/gbt9704.md §6.10, §2 row 29).

    On a turned page the number stays in the landscape footer (docs/gbt9704.md §6.8, a known deviation from
    GB/T 9704 §8, which would need rotated text).
    """
    number = (
        'content: "— " counter(page) " —"; '
        f"font-family: {_font_stack(_SONGTI)}; font-size: 14pt; line-height: 14pt; "
        "font-weight: normal; letter-spacing: 0; color: #000; vertical-align: top; "
        f"padding-top: {number_gap(geometry):g}mm;"
    )
    margins = f"{geometry.top:g}mm {geometry.right:g}mm {geometry.bottom:g}mm {geometry.left:g}mm"
    return "\n".join([
        "@page {",
        f"  size: {geometry.width:g}mm {geometry.height:g}mm;",
        f"  margin: {margins};",
        "}",
        f"@page :right {{ @bottom-right {{ {number} text-align: right; margin-right: 14pt; }} }}",
        f"@page :left {{ @bottom-left {{ {number} text-align: left; margin-left: 14pt; }} }}",
    ])


@cache
def _static_css() -> str:
    return importlib.resources.files(__package__).joinpath("html.css").read_text(encoding="utf-8")


def _style_sheet(options: RenderOptions, geometry: PageGeometry) -> str:
    """The page's whole style sheet: the part generated for the options, then html.css."""
    return "\n".join([_root_css(geometry, options), _page_css(geometry), _static_css()])


# ---------------------------------------------------------------------- page
