"""The faces of a 公文, named so that Word, WPS and LibreOffice all apply them to Chinese.

GB/T 9704 sets 仿宋 for everything unless stated, 黑体 and 楷体 for heading levels one and two, 小标宋 for
titles (docs/gbt9704.md §2 rows 5, 16, 19). The canonical names are written, never bundled: they are
proprietary, and each viewer substitutes its own (docs/gbt9704.md §6.9; ``fonts.conf`` maps them for
LibreOffice).

The trap (docs/user-needs.md §1, docs/gbt9704.md §6.2): ``run.font.name`` fills only ``w:ascii``/``w:hAnsi``, so
Chinese text keeps the theme's East Asian face. Every run and every style therefore names all four
slots plus ``w:hint="eastAsia"`` (so Word sets ambiguous punctuation such as “ ” — … in the Chinese
face), and no ``w:*Theme`` attribute is written anywhere: a theme attribute beats the explicit name
beside it.
"""

from __future__ import annotations

from functools import lru_cache

from supervisio_docx.text import escape_attribute

__all__ = [
    "FANGSONG",
    "HEITI",
    "KAITI",
    "SONGTI",
    "XIAOBIAOSONG",
    "font_table_xml",
    "rfonts",
]

FANGSONG = "仿宋_GB2312"
"""正文 and every element GB/T 9704 does not name otherwise (5.2.2)."""
HEITI = "黑体"
"""First heading level (一、), table headers, 附件 labels."""
KAITI = "楷体_GB2312"
"""Second heading level (（一）); also used for emphasis, since italic CJK is not a 公文 convention."""
XIAOBIAOSONG = "方正小标宋简体"
"""标题 and the red 简报名 / 发文机关标志."""
SONGTI = "宋体"
"""Page numbers: 4号半角宋体 digits and 一字线 (7.5)."""

# Substitutes Word and WPS try when a face is missing (``w:altName``): Windows ships 仿宋/楷体 without
# the _GB2312 suffix since Windows 8, and nobody but Founder's customers has 方正小标宋简体.
_ALTERNATES = {
    FANGSONG: "仿宋",
    KAITI: "楷体",
    HEITI: "SimHei",
    SONGTI: "SimSun",
    XIAOBIAOSONG: "宋体",
}


@lru_cache(maxsize=64)
def rfonts(east_asian: str, latin: str | None = None) -> str:
    """The ``w:rFonts`` element that puts ``east_asian`` on Chinese text and ``latin`` (default:
    the same face) on Latin letters, digits and complex scripts."""
    other = escape_attribute(latin or east_asian)
    chinese = escape_attribute(east_asian)
    return (
        f'<w:rFonts w:ascii="{other}" w:hAnsi="{other}" w:eastAsia="{chinese}" w:cs="{other}"'
        ' w:hint="eastAsia"/>'
    )


def font_table_xml(latin: str | None) -> str:
    """``word/fontTable.xml``: the faces, declared GB2312 (charset 86) with alternate names.

    Word reads ``w:altName`` when the named face is missing, so a machine with only ``仿宋`` still
    sets the body in a FangSong instead of falling back to a sans face.
    """
    entries = []
    for face, alternate in _ALTERNATES.items():
        entries.append(
            f'<w:font w:name="{escape_attribute(face)}">'
            f'<w:altName w:val="{escape_attribute(alternate)}"/>'
            '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
        )
    if latin and latin not in _ALTERNATES:
        entries.append(
            f'<w:font w:name="{escape_attribute(latin)}"><w:charset w:val="00"/>'
            '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + "".join(entries)
        + "</w:fonts>"
    )
