"""What each paragraph of a .docx is: 标题, 层次标题, 正文, 报头, 版记, a table cell …

Our own documents name a paragraph style per element; a document made in Word, WPS or pandoc does not,
so a paragraph is classified by its style's name when that says something (``Title``, ``heading 1``,
an outline level), else by its properties and text: red and larger than 3号 is the 报头's name, centred
and 20 pt or more near the top is a 标题, a short line opening with 一、 or （一） is a heading of that level,
a line reading 附件 or 附件2 is an 附件 label. The rest is 正文 (3号仿宋, GB/T 9704 5.2.2).
"""

from __future__ import annotations

import re
from typing import Literal

from supervisio.audit.docx_xml import Docx, Paragraph, Table

__all__ = ["Kind", "classify", "imprint_table", "is_red"]

Kind = Literal[
    "empty", "title", "heading1", "heading2", "heading3", "heading4", "masthead", "caption",
    "attachment label", "body", "cell", "imprint",
]

_HEADING_TEXT = (
    (re.compile(r"^[一二三四五六七八九十百]+、"), "heading1"),
    (re.compile(r"^[（(][一二三四五六七八九十百]+[）)]"), "heading2"),
    (re.compile(r"^\d+[.．]"), "heading3"),
    (re.compile(r"^[（(]\d+[）)]"), "heading4"),
)
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_ATTACHMENT_LABEL = re.compile(r"^附件\s*\d*$")
_IMPRINT_LINE = re.compile(r"^(?:抄送|报|送|发)[:：]|印发$|^（共印\d+份）$")
_SHORT = 40
"""A heading is one or two lines: a longer paragraph opening with 一、 is 正文."""


def is_red(color: str | None) -> bool:
    if not color or len(color) != 6:
        return False
    try:
        r, g, b = (int(color[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return r > 0x99 and g < 0x5A and b < 0x5A


def imprint_table(docx: Docx) -> Table | None:
    """The 版记 (or 报尾): the table whose lines read 抄送：…, 报：…, …印发 (7.4)."""
    for table in reversed(docx.tables):
        lines = [p.text.strip().rstrip("。") for p in table.paragraphs]
        if any(_IMPRINT_LINE.search(line.replace("\t", "").strip()) for line in lines if line):
            return table
    return None


def classify(paragraph: Paragraph, *, index: int, imprint: Table | None) -> Kind:
    """The element ``paragraph`` is; ``index`` counts the non-empty paragraphs before it."""
    text = paragraph.text.strip()
    if not text:
        return "empty"
    if paragraph.in_table:
        return "imprint" if imprint is not None and paragraph in imprint.paragraphs else "cell"
    runs = paragraph.text_runs()
    sizes = [r.size_pt or 0.0 for r in runs]
    name = paragraph.style_name.strip().casefold()
    style = (paragraph.style_id or "").casefold()
    if runs and all(is_red(r.color) for r in runs) and max(sizes) > 16.5:
        return "masthead"
    if name in ("title", "标题") or style == "title":
        return "title"
    match = _HEADING_STYLE.match(name) or _HEADING_STYLE.match(style)
    if match and int(match.group(1)) <= 4:
        return f"heading{match.group(1)}"  # type: ignore[return-value]
    if "caption" in name or "题注" in name:
        return "caption"
    if _ATTACHMENT_LABEL.match(text):
        return "attachment label"
    level = paragraph.outline_level
    if level is not None and 0 <= level <= 3:
        return f"heading{level + 1}"  # type: ignore[return-value]
    if index < 3 and paragraph.jc == "center" and sizes and max(sizes) >= 20:
        return "title"
    if len(text) <= _SHORT and not text.endswith("。"):
        for pattern, kind in _HEADING_TEXT:
            if pattern.match(text):
                return kind  # type: ignore[return-value]
    return "body"
