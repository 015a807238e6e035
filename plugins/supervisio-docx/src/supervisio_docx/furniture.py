"""Page furniture: the 报头 of a briefing, the 版记/报尾 at the foot of the last page, the page numbers.

What stands where is the layout layer's (:mod:`supervisio.layout.furniture`, shared with the HTML
renderer); this module writes it as WordprocessingML.

报头 (docs/gbt9704.md §4, §6.5): the 简报名 large, red, 小标宋 and centred in the top third of page 1 (a long name
is squeezed with a character scale rather than wrapped); "第N期" or "增刊第N期" (with "（总第M期）") centred
below; the issuer at the left and the date at the right of one line, one character in from the
block's edges (a first-line indent and a right tab: indents would shorten the rule); then a red rule across the
block — the bottom border of that line, which spans the paragraph, i.e. the block.

版记/报尾 (GB/T 9704 7.4, docs/gbt9704.md §4 and §6.6): a one-column table floating at the bottom of the margin
box, so that its last rule lies on the bottom of the 版心 of the page it ends. Rules: first and last
0.35 mm (``w:sz`` 8), between rows 0.25 mm (6), no verticals. One row per group of the layout: 报/送/发
(one line each), 抄送, then "印发机关 …… 日期印发" (right tab); "（共印N份）" at the right of the last
报/送/发 or 抄送 line. 4号仿宋, one character in from both sides, wrapped names aligned after the colon. The table is anchored to the page
horizontally, since LibreOffice lays a margin-anchored table as wide as the block inline (docs/gbt9704.md
§6.6); an empty paragraph follows it, since LibreOffice drops a floating table that ends the
document.

Page numbers (7.5, docs/gbt9704.md §6.4, §9): "— N —" in 4号 宋体 (half-width digits), odd pages at the right
and even pages at the left, one character in, in the default and even footers (settings.xml has
``w:evenAndOddHeaders``). PAGE is a complete complex field with ``MERGEFORMAT`` and a cached
result, the form WPS displays and does not rewrite.
"""

from __future__ import annotations

from supervisio.doctree.nodes import Imprint, Masthead
from supervisio.layout import IMPRINT_INSET, ImprintLine, place_imprint, place_masthead, text_width
from supervisio_docx.context import Context, Flow
from supervisio_docx.inlines import RunStyle, run
from supervisio_docx.styles import IMPRINT_CHAR
from supervisio_docx.wml import border, paragraph, paragraph_properties, right_tab

__all__ = ["imprint", "masthead", "page_number_paragraph"]

_THICK, _THIN = 8, 6


# -------------------------------------------------------------------------------------------- 报头


def masthead(block: Masthead, ctx: Context, flow: Flow) -> str:
    """The 报头: 简报名, 期号, issuer and date, red rule; two blank lines below it (the styles
    ``MastheadName``, ``MastheadIssue`` and ``MastheadIssuer`` hold the faces, sizes, colour, rule
    and tabs; a long 简报名 adds its own character scale)."""
    layout = place_masthead(block, ctx.geometry.page.block_width)
    parts = [
        paragraph(
            paragraph_properties(
                style="MastheadName", page_break_before=flow.take_page_break()
            ),
            run(layout.name, ctx.run_style(scale=layout.name_percent)),
        )
    ]
    if layout.issue:
        parts.append(
            paragraph(paragraph_properties(style="MastheadIssue"), run(layout.issue, ctx.run_style()))
        )
    # the style's first-line indent and right tab keep both one character in (styles.py)
    issuer_and_date = (layout.issuer or "") + ("\t" + layout.date if layout.date else "")
    parts.append(
        paragraph(
            paragraph_properties(style="MastheadIssuer"),
            run(issuer_and_date, ctx.run_style()),
        )
    )
    return "".join(parts)


# ------------------------------------------------------------------------------------------ 版记/报尾


def imprint(block: Imprint, ctx: Context, flow: Flow) -> str:
    """The floating 版记/报尾 table and its anchor paragraph (empty string when the block is empty)."""
    rows = _imprint_rows(block)
    if not rows:
        return ""
    width = ctx.geometry.block_width
    style = ctx.run_style()
    cell_open = f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
    body = "".join(
        f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell_open}"
        + "".join(_imprint_paragraph(text, label, width, style) for text, label in row)
        + "</w:tc></w:tr>"
        for row in rows
    )
    rise = ctx.geometry.block_rise
    if rise:
        # strict profile: an empty, borderless row of the rise's height under the last rule lifts
        # that rule from the margin onto the bottom of the 版心
        body += (
            f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{rise}" w:hRule="exact"/></w:trPr>'
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:tcBorders>{border("top", _THICK)}'
            '<w:bottom w:val="nil"/></w:tcBorders></w:tcPr>'
            f"{paragraph(paragraph_properties(line=rise), '')}</w:tc></w:tr>"
        )
    borders = (
        border("top", _THICK)
        + '<w:left w:val="nil"/>'
        + (border("bottom", _THICK) if not rise else '<w:bottom w:val="nil"/>')
        + '<w:right w:val="nil"/>'
        + border("insideH", _THIN)
        + '<w:insideV w:val="nil"/>'
    )
    table = (
        "<w:tbl><w:tblPr>"
        '<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0"'
        ' w:vertAnchor="margin" w:tblpYSpec="bottom"'
        f' w:horzAnchor="page" w:tblpX="{ctx.geometry.left}"/>'
        '<w:tblOverlap w:val="never"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        f'</w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>{body}</w:tbl>'
    )
    anchor = paragraph(paragraph_properties(page_break_before=flow.take_page_break()), "")
    return table + anchor


def _imprint_rows(block: Imprint) -> list[list[tuple[str, str]]]:
    """The table's rows, one per group of the layout (:func:`supervisio.layout.place_imprint`), as
    (text, label) paragraphs; what stands at a line's right end follows a tab."""
    return [[_imprint_text(line) for line in group] for group in place_imprint(block).groups]


def _imprint_text(line: ImprintLine) -> tuple[str, str]:
    """One line's text (the right part after a tab) and its label."""
    right = "" if line.right is None else "\t" + line.right
    return line.left + right, line.label


def _imprint_paragraph(text: str, label: str, width: int, style: RunStyle) -> str:
    """One 版记 line: one character in from both sides, wrapped text aligned after the label's colon,
    a right tab one character before the block's right edge."""
    hanging = round(text_width(label) * IMPRINT_CHAR)
    inset = round(IMPRINT_INSET * IMPRINT_CHAR)
    properties = paragraph_properties(
        style="Imprint",
        tabs=right_tab(width - inset),
        left=inset + hanging,
        right=inset,
        hanging=hanging or None,  # LibreOffice ignores the left indent of w:hanging="0"
        first_line=0,
    )
    return paragraph(properties, run(text, style))


# ---------------------------------------------------------------------------------- page numbers


_PAGE_NUMBER_STYLE = RunStyle()
"""The ``Footer`` style's 宋体 in every slot: the runs add nothing."""


def page_number_paragraph(odd: bool) -> str:
    """The footer paragraph "— N —": odd pages right, even pages left, one 4号 character in."""
    properties = paragraph_properties(
        style="Footer",
        left=0 if odd else IMPRINT_CHAR,
        right=IMPRINT_CHAR if odd else 0,
        first_line=0,
        jc="right" if odd else "left",
    )
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{1 if odd else 2}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return paragraph(
        properties,
        run("— ", _PAGE_NUMBER_STYLE) + field + run(" —", _PAGE_NUMBER_STYLE),
    )
