"""``word/styles.xml``, written from scratch: our own base template, not python-docx's.

python-docx's default template sends East Asian text to theme fonts (``w:eastAsiaTheme`` in
docDefaults), adds 1.15 line spacing and 10 pt after every paragraph, and declares en-US; a theme
attribute then beats any face we name (SPEC.md §6.2, §9; USER-NEEDS.md §1 "theme fonts silently
override"). These styles carry no theme attribute at all, declare ``w:lang w:eastAsia="zh-CN"``
(Chinese line breaking, full-width 一字线), and state every property they rely on, because LibreOffice
maps ``heading 1`` or ``Title`` onto built-in styles of its own (bold, larger) and keeps whatever a
docx style leaves unsaid.

The body (SPEC.md §0.2–0.3, §6.3): 3号 (16 pt) 仿宋, exact lines of the profile's pitch, first line
indented two characters, justified, condensed by 0.25 pt so that 28 characters fill the 156 mm line
in LibreOffice and Word alike (a Word character grid would give 14 in LibreOffice). Widow control
is off, as in Chinese Word's Normal: moving a lone line would leave 21 lines on a page that must
show 22.
"""

from __future__ import annotations

from supervisio_docx.fonts import FANGSONG, HEITI, KAITI, SONGTI, XIAOBIAOSONG, rfonts

__all__ = [
    "BODY_CHAR",
    "BODY_SIZE",
    "CELL_MARGIN",
    "IMPRINT_CHAR",
    "TABLE_CHAR",
    "styles_xml",
]

BODY_SIZE = 32
"""3号 in half-points."""
BODY_CONDENSE = -5
"""Character spacing of the body in twips: 16 pt − 0.25 pt = 15.75 pt per character, 28 per line."""
BODY_CHAR = BODY_SIZE * 10 + BODY_CONDENSE
"""Width of one body character (一字) in twips: 315. Indents 'in characters' are multiples of it."""
TITLE_SIZE = 44
"""2号 in half-points."""
SMALL_SIZE = 28
"""4号 in half-points: table cells, 版记, page numbers."""
TABLE_CHAR = SMALL_SIZE * 10
"""Width of one 4号 character in twips (280): 版记 indents, table column capacity."""
IMPRINT_CHAR = TABLE_CHAR
TABLE_LINE = 400
"""Exact line height in table cells (20 pt): the body's 28.95 pt would make ledger rows half again
as tall (USER-NEEDS.md §3, "28 pt exact leading explodes table rows")."""
CELL_MARGIN = 57
"""Left and right cell padding in twips (1 mm), leaving narrow columns such as 序号 room for text."""
FOOTER_LINE = 280

_HEADING_FACES = {1: HEITI, 2: KAITI, 3: FANGSONG, 4: FANGSONG}

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _rpr(face: str, latin: str | None, *, size: int, spacing: int = 0, bold: bool = False) -> str:
    weight = "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    return (
        f'<w:rPr>{rfonts(face, latin)}{weight}<w:i w:val="0"/><w:iCs w:val="0"/>'
        '<w:color w:val="auto"/>'
        f'<w:spacing w:val="{spacing}"/><w:kern w:val="0"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    )


def _ppr(
    *,
    line: int,
    first_line: int = 0,
    jc: str = "both",
    keep_next: bool = False,
    after: int = 0,
    outline: int | None = None,
) -> str:
    keep = "<w:keepNext/>" if keep_next else ""
    level = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    return (
        f'<w:pPr>{keep}<w:widowControl w:val="0"/>'
        f'<w:spacing w:before="0" w:after="{after}" w:line="{line}" w:lineRule="exact"/>'
        f'<w:ind w:left="0" w:right="0" w:firstLine="{first_line}"/><w:jc w:val="{jc}"/>'
        f"{level}</w:pPr>"
    )


def _style(style_id: str, name: str, ppr: str, rpr: str, *, default: bool = False) -> str:
    based = "" if default else '<w:basedOn w:val="Normal"/>'
    default_attr = ' w:default="1"' if default else ""
    return (
        f'<w:style w:type="paragraph"{default_attr} w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f'{based}<w:next w:val="Normal"/><w:qFormat/>{ppr}{rpr}</w:style>'
    )


def styles_xml(*, line: int, latin: str | None, bold_level3: bool) -> str:
    """The styles part for a document with line pitch ``line`` (twips), Latin face ``latin`` (None:
    the Chinese face of each style) and, as some local rules want, a bold third heading level."""
    paragraph_styles = [
        _style(
            "Normal",
            "Normal",
            _ppr(line=line, first_line=2 * BODY_CHAR),
            _rpr(FANGSONG, latin, size=BODY_SIZE, spacing=BODY_CONDENSE),
            default=True,
        ),
        # 标题 (7.3.1): 2号小标宋, centred, one blank line below (主送 "标题下空一行").
        _style(
            "Title",
            "Title",
            _ppr(line=line, jc="center", after=line),
            _rpr(XIAOBIAOSONG, latin, size=TITLE_SIZE),
        ),
    ]
    for level, face in _HEADING_FACES.items():
        paragraph_styles.append(
            _style(
                f"Heading{level}",
                f"heading {level}",
                _ppr(line=line, first_line=2 * BODY_CHAR, keep_next=True, outline=level - 1),
                _rpr(
                    face,
                    latin,
                    size=BODY_SIZE,
                    spacing=BODY_CONDENSE,
                    bold=bold_level3 and level == 3,
                ),
            )
        )
    paragraph_styles += [
        _style(
            "TableText",
            "Table Text",
            _ppr(line=TABLE_LINE),
            _rpr(FANGSONG, latin, size=SMALL_SIZE),
        ),
        _style(
            "TableHeading",
            "Table Heading",
            _ppr(line=TABLE_LINE, jc="center"),
            _rpr(HEITI, latin, size=SMALL_SIZE),
        ),
        _style(
            "TableCaption",
            "Table Caption",
            _ppr(line=line, jc="center", keep_next=True),
            _rpr(HEITI, latin, size=BODY_SIZE),
        ),
        _style(
            "Imprint",
            "Imprint",
            _ppr(line=line, jc="left"),
            _rpr(FANGSONG, latin, size=SMALL_SIZE),
        ),
        # Page numbers: 4号半角宋体, digits included (SPEC.md §6.2), whatever the Latin face.
        _style(
            "Footer",
            "footer",
            _ppr(line=FOOTER_LINE, jc="left"),
            _rpr(SONGTI, SONGTI, size=SMALL_SIZE),
        ),
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:styles xmlns:w="{_W}">'
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'{rfonts(FANGSONG, latin)}<w:kern w:val="0"/>'
        f'<w:sz w:val="{BODY_SIZE}"/><w:szCs w:val="{BODY_SIZE}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault>"
        '<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
        + "".join(paragraph_styles)
        + '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
        '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        f'<w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        "</w:styles>"
    )
