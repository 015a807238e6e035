"""Paragraph-level WordprocessingML snippets, written in schema order.

Word rejects (or "repairs") a ``w:pPr`` whose children are out of the CT_PPr sequence, while
LibreOffice accepts anything, so an order mistake passes every LibreOffice test and fails in the
user's Word (docs/gbt9704.md §6.2, last point). One function builds every ``w:pPr`` of the body, in the
order pStyle, keepNext, pageBreakBefore, pBdr, tabs, spacing, ind, jc, so that no caller has to
know it.
"""

from __future__ import annotations

__all__ = ["border", "paragraph", "paragraph_properties", "right_tab"]


def border(side: str, size: int, color: str = "000000", space: int = 0) -> str:
    """A single-line border ``side`` (top/bottom/insideH …); ``size`` in eighths of a point."""
    return f'<w:{side} w:val="single" w:sz="{size}" w:space="{space}" w:color="{color}"/>'


def right_tab(position: int) -> str:
    """A right-aligned tab stop at ``position`` twips from the text column's left edge."""
    return f'<w:tab w:val="right" w:pos="{position}"/>'


def paragraph_properties(
    *,
    style: str | None = None,
    keep_next: bool = False,
    page_break_before: bool = False,
    bottom_border: str | None = None,
    tabs: str | None = None,
    before: int | None = None,
    after: int | None = None,
    line: int | None = None,
    left: int | None = None,
    right: int | None = None,
    first_line: int | None = None,
    hanging: int | None = None,
    jc: str | None = None,
    auto_line: bool = False,
) -> str:
    """A ``w:pPr`` (empty when nothing is set); lengths in twips, ``line`` an exact line height.

    ``auto_line`` makes the line as tall as its content, off the document grid: the paragraph of a
    drawing, which an exact line height would clip to one line of text.
    """
    parts = []
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        parts.append("<w:keepNext/>")
    if page_break_before:
        parts.append("<w:pageBreakBefore/>")
    if bottom_border:
        parts.append(f"<w:pBdr>{bottom_border}</w:pBdr>")
    if tabs:
        parts.append(f"<w:tabs>{tabs}</w:tabs>")
    spacing = ""
    if auto_line:
        parts.append('<w:snapToGrid w:val="0"/>')
        spacing += ' w:line="240" w:lineRule="auto"'
    if before is not None:
        spacing += f' w:before="{before}"'
    if after is not None:
        spacing += f' w:after="{after}"'
    if line is not None:
        spacing += f' w:line="{line}" w:lineRule="exact"'
    if spacing:
        parts.append(f"<w:spacing{spacing}/>")
    indent = ""
    if left is not None:
        indent += f' w:left="{left}"'
    if right is not None:
        indent += f' w:right="{right}"'
    if hanging is not None:
        indent += f' w:hanging="{hanging}"'
    elif first_line is not None:
        indent += f' w:firstLine="{first_line}"'
    if indent:
        parts.append(f"<w:ind{indent}/>")
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""


def paragraph(properties: str, content: str) -> str:
    """A ``w:p`` from its ``w:pPr`` and its runs."""
    return f"<w:p>{properties}{content}</w:p>"
