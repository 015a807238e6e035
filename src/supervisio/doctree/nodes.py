"""The document tree: what every document is between its template and its renderer.

A small pandoc-like tree. ``Document(meta, blocks)``; blocks and inlines are kept apart; every node is a
frozen attrs value, so trees compare by value (the Markdown round trip is an equality) and can be built
freely in Python. Besides the blocks every format has (headings, paragraphs, lists, tables), the tree has
the parts of a Chinese official document that Markdown lacks: the 报头 (Masthead), 主送 (Addressee), 署名
(Signature), 成文日期 (DateLine), 附件说明 (AttachmentNote) and 版记/报尾 (Imprint).

Every block carries a ``style``: classes and attributes that a renderer may read (the hatch for
renderer-specific needs, like pandoc's Attr). Renderers must ignore what they do not know.

Text is always data: a ``Text`` holds the characters to print, never markup. Escaping is the renderer's job.
"""

from __future__ import annotations

import datetime as dt
from typing import Union

import attrs

__all__ = [
    "AttachmentNote",
    "Addressee",
    "Block",
    "BulletList",
    "CHART_KINDS",
    "Cell",
    "Chart",
    "DateLine",
    "Document",
    "Emph",
    "Heading",
    "Imprint",
    "Inline",
    "LineBreak",
    "Masthead",
    "Meta",
    "OrderedList",
    "PageBreak",
    "Paragraph",
    "Rule",
    "Series",
    "Signature",
    "Strong",
    "Style",
    "Table",
    "Text",
    "Title",
    "plain_text",
]


# ---------------------------------------------------------------------------------------------- inlines


@attrs.frozen
class Text:
    """Characters to print, exactly as they are (a ``*`` here is an asterisk, not emphasis)."""

    text: str


@attrs.frozen
class Strong:
    """加粗 (bold)."""

    children: tuple[Inline, ...]


@attrs.frozen
class Emph:
    """强调 (italic in Latin text; renderers may choose 楷体 for Chinese)."""

    children: tuple[Inline, ...]


@attrs.frozen
class LineBreak:
    """A forced line break inside a block (回行), e.g. in a multi-line title."""


Inline = Union[Text, Strong, Emph, LineBreak]  # noqa: UP007 - runtime aliases (cattrs, docs): kept as they were


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of inlines without formatting; a line break becomes a newline."""
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, Text):
            parts.append(inline.text)
        elif isinstance(inline, LineBreak):
            parts.append("\n")
        else:
            parts.append(plain_text(inline.children))
    return "".join(parts)


# ---------------------------------------------------------------------------------------------- blocks


@attrs.frozen
class Style:
    """Classes and attributes a renderer may read: the hatch for renderer-specific styling."""

    classes: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str | None = None) -> str | None:
        """The value of attribute ``key``."""
        return dict(self.attributes).get(key, default)


_NO_STYLE = Style()


@attrs.frozen(kw_only=True)
class Title:
    """标题: the document's title (2号小标宋, centred); a LineBreak splits it into lines (梯形/菱形)."""

    content: tuple[Inline, ...]
    style: Style = _NO_STYLE


@attrs.frozen(kw_only=True)
class Heading:
    """A heading of level 1–4 (一、 （一） 1. （1））.

    ``number`` is the printed ordinal (``一、``); None until :func:`supervisio.doctree.numbering.number_headings`
    fills it from the level, so that no one types a number twice.
    """

    level: int
    content: tuple[Inline, ...]
    number: str | None = None
    style: Style = _NO_STYLE


@attrs.frozen(kw_only=True)
class Paragraph:
    """正文 paragraph (first line indented two characters)."""

    content: tuple[Inline, ...]
    style: Style = _NO_STYLE


@attrs.frozen(kw_only=True)
class BulletList:
    """An unordered list; each item is a sequence of blocks."""

    items: tuple[tuple[Block, ...], ...]
    style: Style = _NO_STYLE


@attrs.frozen(kw_only=True)
class OrderedList:
    """A numbered list starting at ``start``; each item is a sequence of blocks."""

    items: tuple[tuple[Block, ...], ...]
    start: int = 1
    style: Style = _NO_STYLE


Cell = tuple[Inline, ...]
"""A table cell: a run of inlines (a LineBreak for several lines)."""


@attrs.frozen(kw_only=True)
class Table:
    """A table with a header row (repeated on every page), body rows and an optional totals row (合计).

    ``widths`` are relative column weights, scaled to the block width (a column is still widened to its
    longest date, number or code); empty, the widths are fitted to the text (``supervisio.layout.tables``).
    """

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[int, ...] = ()
    totals: tuple[Cell, ...] | None = None
    caption: str | None = None
    style: Style = _NO_STYLE


CHART_KINDS = ("bar", "stacked-bar", "line")
"""The kinds of chart every built-in renderer draws: bars side by side, bars stacked, lines."""


@attrs.frozen(kw_only=True)
class Series:
    """One series of a chart: its name (the legend) and one value per label; None where there is none."""

    name: str
    values: tuple[float | None, ...]


@attrs.frozen(kw_only=True)
class Chart:
    """A chart as data, never pixels: ``labels`` along the category axis and ``series`` of values.

    ``kind`` is one of :data:`CHART_KINDS`; ``title`` is printed above it, ``unit`` after the values on
    the value axis (``%``, ``条``), ``category`` names what the labels are (单位, 周). Each renderer draws it its own way — inline SVG in HTML, a native chart
    in docx (editable in Word and WPS), a table in Markdown — from the same data, so the figures stay the
    records' figures. Every series has one value per label.
    """

    kind: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    title: str | None = None
    unit: str | None = None
    category: str = ""
    style: Style = _NO_STYLE


@attrs.frozen(kw_only=True)
class Masthead:
    """报头 of a briefing or work prompt: 简报名 in red, 第N期 (or 增刊第N期), issuer left and date right, a red rule."""

    name: str
    number: int | None = None
    total_number: int | None = None
    supplement: bool = False
    issuer: str | None = None
    date: dt.date | None = None
    style: Style = _NO_STYLE


@attrs.frozen(kw_only=True)
class Addressee:
    """主送机关: flush left, ending with a full-width colon (the renderer adds it)."""

    names: tuple[str, ...]
    style: Style = _NO_STYLE


@attrs.frozen(kw_only=True)
class Signature:
    """署名: the issuing body (one line each). ``sealed`` selects the GB/T 9704 7.3.5.1 layout (盖章)."""

    names: tuple[str, ...]
    sealed: bool = False
    style: Style = _NO_STYLE


@attrs.frozen(kw_only=True)
class DateLine:
    """成文日期 (2022年4月15日), placed under the signature."""

    date: dt.date
    style: Style = _NO_STYLE


@attrs.frozen(kw_only=True)
class AttachmentNote:
    """附件说明: "附件：1.附件名称" with the attachments' names."""

    items: tuple[str, ...]
    style: Style = _NO_STYLE


@attrs.frozen(kw_only=True)
class Imprint:
    """版记 / 报尾 at the foot of the last page: 报/送/发, 抄送, 印发机关 and date, copies (共印N份)."""

    report_to: tuple[str, ...] = ()
    send_to: tuple[str, ...] = ()
    distribute_to: tuple[str, ...] = ()
    copy_to: tuple[str, ...] = ()
    printer: str | None = None
    printed_on: dt.date | None = None
    copies: int | None = None
    style: Style = _NO_STYLE


@attrs.frozen(kw_only=True)
class Rule:
    """A horizontal rule."""

    style: Style = _NO_STYLE


@attrs.frozen(kw_only=True)
class PageBreak:
    """Start a new page."""

    style: Style = _NO_STYLE


Block = Union[  # noqa: UP007 - as Inline
    Title,
    Heading,
    Paragraph,
    BulletList,
    OrderedList,
    Table,
    Chart,
    Masthead,
    Addressee,
    Signature,
    DateLine,
    AttachmentNote,
    Imprint,
    Rule,
    PageBreak,
]


@attrs.frozen(kw_only=True)
class Meta:
    """What a document is, beside its content: its kind (``report``), title, issuer and date, orientation.

    ``landscape`` turns every page (the 问题台账); ``extra`` carries any other front-matter keys as text.
    """

    kind: str = "document"
    title: str | None = None
    issuer: str | None = None
    date: dt.date | None = None
    landscape: bool = False
    extra: tuple[tuple[str, str], ...] = ()


@attrs.frozen(kw_only=True)
class Document:
    """A whole document: metadata and a sequence of blocks."""

    meta: Meta = Meta()
    blocks: tuple[Block, ...] = ()
