"""``word/styles.xml``, written from scratch: our own base template, not python-docx's.

python-docx's default template sends East Asian text to theme fonts (``w:eastAsiaTheme`` in
docDefaults), adds 1.15 line spacing and 10 pt after every paragraph, and declares en-US; a theme
attribute then beats any face we name (docs/gbt9704.md §6.2, §9; docs/user-needs.md §1 "theme fonts silently
override"). These styles carry no theme attribute at all, declare ``w:lang w:eastAsia="zh-CN"``
(Chinese line breaking, full-width 一字线), and state every property they rely on, because LibreOffice
maps ``heading 1`` or ``Title`` onto built-in styles of its own (bold, larger) and keeps whatever a
docx style leaves unsaid.

Formatting lives here, not on every paragraph and run of the body: one paragraph style per
element (正文, 标题, 层次标题, 主送, 署名, 成文日期, 附件说明, 报头 lines, 版记 lines, table caption,
page numbers) and per table-cell size (:mod:`supervisio_docx.cell_styles`). The body then names a
style and writes only what a document computes (a 署名's right indent, a page break, a list's
nesting). Every style names its faces in all four ``w:rFonts`` slots with ``w:hint="eastAsia"``
(docs/user-needs.md §1: WPS needs the full ``rFonts``; WPS was not available to check a lighter form, so
none is tried), and every style states its whole paragraph and run, since LibreOffice maps
built-in names onto styles of its own.

The body (docs/gbt9704.md §0.2–0.3, §6.3): 3号 (16 pt) 仿宋, exact lines of the profile's pitch, first line
indented two characters, justified, condensed by 0.25 pt so that 28 characters fill the 156 mm line
in LibreOffice and Word alike (a Word character grid would give 14 in LibreOffice). Widow control
is off, as in Chinese Word's Normal: moving a lone line would leave 21 lines on a page that must
show 22.
"""

from __future__ import annotations

from collections.abc import Iterable

from supervisio.doctree.conventions import DEFAULT_CELL_SIZE
from supervisio.layout import BODY_CELL_PT, ISSUE_LINE_INSET, MASTHEAD_NAME_PT
from supervisio_docx.cell_styles import ALIGNMENTS, DATA_TABLE, cell_styles
from supervisio_docx.fonts import FANGSONG, HEITI, KAITI, SONGTI, XIAOBIAOSONG, rfonts
from supervisio_docx.page import Geometry

__all__ = [
    "BODY_CHAR",
    "BODY_SIZE",
    "CELL_MARGIN",
    "IMPRINT_CHAR",
    "MASTHEAD_RULE",
    "MASTHEAD_SIZE",
    "RED",
    "TABLE_CHAR",
    "styles_xml",
]

BODY_SIZE = 32
"""3号 in half-points."""
BODY_CONDENSE = -5
"""Character spacing of the body in twips: 16 pt − 0.25 pt = 15.75 pt per character, 28 per line."""
BODY_CHAR = round(BODY_CELL_PT * 20)
"""Width of one body character (一字) in twips: 315, the layout layer's cell (16 pt condensed by
0.25 pt). Indents 'in characters' are multiples of it."""
TITLE_SIZE = 44
"""2号 in half-points."""
SMALL_SIZE = 28
"""4号 in half-points: table cells, 版记, page numbers."""
TABLE_CHAR = SMALL_SIZE * 10
"""Width of one 4号 character in twips (280): 版记 indents, table column capacity."""
IMPRINT_CHAR = TABLE_CHAR
TABLE_LINE = 400
"""Exact line height in table cells (20 pt): the body's 28.95 pt would make ledger rows half again
as tall (docs/user-needs.md §3, "28 pt exact leading explodes table rows")."""
CELL_MARGIN = 28
"""Left and right cell padding in twips (0.5 mm, as the HTML cells): enough to keep text off the rules,
little enough that an 11-column ledger keeps its room for text (the column widths count it)."""
FOOTER_LINE = 280
RED = "FF0000"
MASTHEAD_SIZE = round(MASTHEAD_NAME_PT * 2)
"""简报名: 初号 (42 pt) in half-points."""
MASTHEAD_RULE = 18
"""Red rule under the 报头: 2.25 pt (``w:sz`` in eighths of a point)."""

_HEADING_FACES = {1: HEITI, 2: KAITI, 3: FANGSONG, 4: FANGSONG}

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _rpr(
    face: str,
    latin: str | None,
    *,
    size: int,
    spacing: int = 0,
    bold: bool = False,
    color: str = "auto",
) -> str:
    weight = "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    return (
        f'<w:rPr>{rfonts(face, latin)}{weight}<w:i w:val="0"/><w:iCs w:val="0"/>'
        f'<w:color w:val="{color}"/>'
        f'<w:spacing w:val="{spacing}"/><w:kern w:val="0"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    )


def _ppr(
    *,
    line: int,
    first_line: int = 0,
    jc: str = "both",
    keep_next: bool = False,
    before: int = 0,
    after: int = 0,
    outline: int | None = None,
    border: str = "",
    tabs: str = "",
) -> str:
    """A style's whole paragraph, in CT_PPr order (keepNext, widowControl, pBdr, tabs, spacing,
    ind, jc, outlineLvl)."""
    keep = "<w:keepNext/>" if keep_next else ""
    level = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    return (
        f'<w:pPr>{keep}<w:widowControl w:val="0"/>'
        + (f"<w:pBdr>{border}</w:pBdr>" if border else "")
        + (f"<w:tabs>{tabs}</w:tabs>" if tabs else "")
        + f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="exact"/>'
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


def _body_styles(line: int, latin: str | None, bold_level3: bool) -> list[str]:
    """正文 and the elements set in the body's size: 标题, 层次标题, 主送, 署名, 成文日期, 附件说明, rules."""
    body = _rpr(FANGSONG, latin, size=BODY_SIZE, spacing=BODY_CONDENSE)
    flush = _ppr(line=line)  # no first-line indent
    styles = [
        _style("Normal", "Normal", _ppr(line=line, first_line=2 * BODY_CHAR), body, default=True),
        # 标题 (7.3.1): 2号小标宋, centred, one blank line below (主送 "标题下空一行").
        _style(
            "Title",
            "Title",
            _ppr(line=line, jc="center", after=line),
            _rpr(XIAOBIAOSONG, latin, size=TITLE_SIZE),
        ),
    ]
    for level, face in _HEADING_FACES.items():
        styles.append(
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
    styles += [
        # 主送 (7.3.2): flush left; 附件说明 and rules likewise (their indents are the document's)
        _style("Addressee", "Addressee", flush, body),
        _style("AttachmentNote", "Attachment Note", flush, body),
        # 附件 on the first line of an attachment's page (7.3.7): 3号黑体, flush left
        _style("AttachmentLabel", "Attachment Label", flush,
               _rpr(HEITI, latin, size=BODY_SIZE, spacing=BODY_CONDENSE)),
        _style("Rule", "Rule", flush, body),
        # 署名 and 成文日期 (7.3.5): set from the right; each paragraph adds its own right indent
        _style("SignatureLine", "Signature Line", _ppr(line=line, jc="right"), body),
        _style("DateLine", "Date Line", _ppr(line=line, jc="right"), body),
    ]
    return styles


def _issue_line_inset() -> int:
    """The 报头 issue line's inset in twips (docs/gbt9704.md §4, the layout layer's ``ISSUE_LINE_INSET``):
    编发单位 one body character in (a first-line indent), the date at a right tab one character before
    the block's right edge. Not left and right indents: the red rule is this paragraph's border,
    which spans its indents, and must span the whole block."""
    return round(ISSUE_LINE_INSET * BODY_CHAR)


def _masthead_styles(line: int, latin: str | None, block_width: int) -> list[str]:
    """报头 (docs/gbt9704.md §4, §6.5): the red 简报名 two lines high, the 期号 line, the issuer and date line
    with its right tab at the block's edge and the red rule under it."""
    body = _rpr(FANGSONG, latin, size=BODY_SIZE, spacing=BODY_CONDENSE)
    rule = f'<w:bottom w:val="single" w:sz="{MASTHEAD_RULE}" w:space="4" w:color="{RED}"/>'
    return [
        _style(
            "MastheadName",
            "Masthead Name",
            _ppr(line=2 * line, before=2 * line, jc="center"),
            _rpr(XIAOBIAOSONG, latin, size=MASTHEAD_SIZE, color=RED),
        ),
        _style("MastheadIssue", "Masthead Issue", _ppr(line=line, jc="center"), body),
        _style(
            "MastheadIssuer",
            "Masthead Issuer",
            _ppr(
                line=line,
                jc="left",
                after=2 * line,
                border=rule,
                first_line=_issue_line_inset(),
                tabs=f'<w:tab w:val="right" w:pos="{block_width - _issue_line_inset()}"/>',
            ),
            body,
        ),
    ]


def _table_styles(line: int, latin: str | None, cell_sizes: Iterable[float]) -> list[str]:
    """The caption and, for 四号 and each size in ``cell_sizes``, the cell styles."""
    styles = [
        _style(
            "TableCaption",
            "Table Caption",
            _ppr(line=line, jc="center", keep_next=True),
            _rpr(HEITI, latin, size=BODY_SIZE),
        )
    ]
    for points in sorted({DEFAULT_CELL_SIZE, *cell_sizes}, reverse=True):
        cells = cell_styles(points)
        for jc in ALIGNMENTS:
            styles.append(
                _style(
                    cells.text(jc),
                    cells.name(cells.text(jc)),
                    _ppr(line=cells.line, jc=jc),
                    _rpr(FANGSONG, latin, size=cells.size),
                )
            )
        styles.append(
            _style(
                cells.heading,
                cells.name(cells.heading),
                _ppr(line=cells.line, jc="center"),
                _rpr(HEITI, latin, size=cells.size),
            )
        )
    return styles


def _imprint_and_footer_styles(line: int, latin: str | None) -> list[str]:
    return [
        _style(
            "Imprint",
            "Imprint",
            _ppr(line=line, jc="left"),
            _rpr(FANGSONG, latin, size=SMALL_SIZE),
        ),
        # Page numbers: 4号半角宋体, digits included (docs/gbt9704.md §6.2), whatever the Latin face.
        _style(
            "Footer",
            "footer",
            _ppr(line=FOOTER_LINE, jc="left"),
            _rpr(SONGTI, SONGTI, size=SMALL_SIZE),
        ),
    ]


def styles_xml(
    geometry: Geometry,
    *,
    latin: str | None,
    bold_level3: bool,
    cell_sizes: Iterable[float] = (),
) -> str:
    """The styles part for a page of ``geometry`` (its line pitch and block width), Latin face
    ``latin`` (None: the Chinese face of each style), a bold third heading level if some local rule
    wants it, and the table-cell styles of 四号 and of every size in ``cell_sizes`` (points)."""
    line = geometry.line
    paragraph_styles = (
        _body_styles(line, latin, bold_level3)
        + _masthead_styles(line, latin, geometry.block_width)
        + _table_styles(line, latin, cell_sizes)
        + _imprint_and_footer_styles(line, latin)
    )
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
        + _TABLE_NORMAL
        + _DATA_TABLE
        + '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        "</w:styles>"
    )


_TABLE_NORMAL = (
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
    '<w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
    '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
    f'<w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
)
_DATA_TABLE = (
    # cells centred vertically: a short cell beside a wrapping one sits mid-row, as in Excel ledgers
    f'<w:style w:type="table" w:styleId="{DATA_TABLE}"><w:name w:val="Data Table"/>'
    '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="99"/><w:tblPr>'
    '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
    f'<w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:tcPr><w:vAlign w:val="center"/></w:tcPr></w:style>'
)
