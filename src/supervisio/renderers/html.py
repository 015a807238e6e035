"""The HTML renderer: one self-contained page that prints like the docx in headless Chromium.

The page has no scripts and no external resources: the style sheet is inline (a static part kept
in ``html.css`` plus a part generated for the options: page geometry, font stacks); fonts are
named, never embedded (the proprietary faces of GB/T 9704 cannot be shipped; SPEC §6.9 lists the
free stand-ins).

On screen the page is a centred sheet of paper with the document's margins; in print the @page
rules of SPEC §6.10 apply: A4 with the margins of the chosen profile, "— N —" page numbers in
page-margin boxes (odd pages right, even pages left, one 4号 character in), a 16 pt body on 38 px
line boxes (22 lines of 28 characters). A ledger (``meta.landscape``) gets turned pages with the
rotated 156 × 225 mm block.

Decisions worth knowing:

- **Text is data.** Every character goes through :func:`html.escape`; no text ever becomes
  markup. A line break inside a ``Text`` ("\\n", "\\r\\n" or "\\r") becomes ``<br>``. Control
  characters (Unicode category Cc: NUL, the other C0 controls, DEL and the C1 controls) other
  than tab and the line breaks, and lone surrogates, become U+FFFD REPLACEMENT CHARACTER: HTML
  parsers drop NUL, treat form feed as white space and flag the rest as errors, and a surrogate
  cannot be encoded in UTF-8.
- **Spaces print as typed** (``white-space: pre-wrap`` on text blocks), as in the docx.
- **The Latin face** (``options.latin_font``) goes to runs of narrow characters (letters, digits,
  ASCII punctuation) through ``<span class="latin">``, as Word's ``ascii`` font slot does; “ ” —
  … keep the Chinese face and their full width (SPEC §6.2, §9).
- **The 版记/报尾 at the foot of the last page** (GB/T 9704 7.4.1, SPEC §2 row 26). Chromium has
  neither running elements nor page floats, and the page has no script, so the renderer counts
  the pages itself. On a one-page document (most 简报 and 工作提示) the sheet is a column flexbox
  at least one page area tall and the 版记 takes the free space above it (``margin-top: auto``).
  A flexbox cannot do it over several pages: Chromium resolves the auto margin before
  fragmentation, then pushes the 版记 down by the space left unused at each page break (up to a
  line per page), past the last page. So when :func:`imprint_pages` finds N ≥ 2 pages, the sheet
  is a "pinned" one: in print it is N page areas tall less 1px (``--imprint-pages``), the 版记 is
  absolutely positioned on its bottom, which is the 版心 bottom of page N whatever the breaks
  before, and a second, invisible copy of the 版记 in the flow after the text reserves its space
  (on screen only that copy shows). N is a lower bound: the text on 22-line pages, every block's
  height counted low (narrow characters as ¼ cell, a table row as one cell line, unknown blocks
  as nothing), page breaks as Chromium places them. Limits: when the text takes more pages
  than counted (much Latin text, tall table rows, a long masthead), the sheet grows with the
  reserving copy and the 版记 follows the last text after one blank line, never split and never
  over the text, as on a document without pinning; a pinned page holds the 版记's text twice in
  its HTML (the PDF once); a page count in print is only what Chromium makes of the page.
- **署名 and 成文日期** are placed from their widths in character cells (SPEC §6.7); a signature
  is sealed when the node or the options say so.
- **The strict profile** cannot be met exactly: Chromium rounds line boxes to whole CSS pixels, so
  the ideal 29.6 pt pitch becomes 39 px (29.25 pt). The strict profile puts the first line's ink
  at 37 mm and prints 22 lines of 39 px, an ink block 222.3 mm tall instead of 225 mm.
"""

from __future__ import annotations

import html
import importlib.resources
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from itertools import groupby
from typing import Any

import attrs

from supervisio.doctree.conventions import DEFAULT_CELL_SIZE, cell_line, cell_size
from supervisio.doctree.nodes import (
    Addressee,
    AttachmentNote,
    Block,
    BulletList,
    Cell,
    DateLine,
    Document,
    Emph,
    Heading,
    Imprint,
    Inline,
    LineBreak,
    Masthead,
    OrderedList,
    PageBreak,
    Paragraph,
    Rule,
    Signature,
    Strong,
    Style,
    Table,
    Text,
    Title,
    plain_text,
)
from supervisio.numerals import date_text
from supervisio.renderers.base import RenderOptions

__all__ = [
    "HtmlRenderer",
    "PageGeometry",
    "SignatureLayout",
    "clean_text",
    "imprint_pages",
    "page_geometry",
    "signature_layout",
    "text_width",
]

MM_PER_PT = 25.4 / 72
NOMINAL_BLOCK_FOOT = 37.0 + 225.0
"""The 版心 bottom of a portrait page in mm (天头 37 + 225), where page numbers are measured from."""

# ---------------------------------------------------------------------- geometry


@attrs.frozen(kw_only=True)
class PageGeometry:
    """The paper and its margins (mm), and the body line pitch in whole CSS px (Chromium rounds
    line boxes to whole pixels, SPEC §6.10)."""

    width: float
    height: float
    top: float
    right: float
    bottom: float
    left: float
    line_px: int

    @property
    def landscape(self) -> bool:
        """Whether the page is turned (the 问题台账, SPEC §2 row 30)."""
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
    def number_gap(self) -> float:
        """The padding above "— N —" in mm, so that the 一字线 lies 7 mm below the 版心 (row 29).

        The dash's middle lies 2.7 mm under the top of a 14 pt line box (measured with Noto Serif
        CJK SC); a page area that ends below the nominal 版心 (strict profile) needs less padding.
        """
        foot = self.top + self.block_height
        nominal_foot = foot if self.landscape else NOMINAL_BLOCK_FOOT
        return round(7.0 - 2.7 + nominal_foot - foot, 2)


_WORD = PageGeometry(width=210, height=297, top=37, right=26, bottom=35, left=28, line_px=38)
"""SPEC §0.1 and §6.10: margins 37/26/35/28 mm; 38 px (28.5 pt) lines: 22 lines take 221.2 mm."""

_STRICT = PageGeometry(
    width=210, height=297, top=34.25, right=26, bottom=35.25, left=28, line_px=39
)
"""SPEC §3 ink-exact profile as far as Chromium allows: 29.6 pt rounds to 39 px (29.25 pt). In a
39 px line box the ink of a 16 pt line starts 2.75 mm below the top (Noto Serif CJK SC), so a
34.25 mm margin puts the first line's ink at 37 mm; the 227.5 mm page area holds 22 lines
(227 mm)."""

_LANDSCAPE = PageGeometry(width=297, height=210, top=28, right=37, bottom=26, left=35, line_px=38)
"""SPEC §6.8: the turned page keeps the 156 × 225 mm block, table head on the binding side. Both
profiles use it: a ledger is a table, not text on the 22-line grid."""


def page_geometry(options: RenderOptions, landscape: bool) -> PageGeometry:
    """The geometry of a document: the profile's portrait page, or the turned page of a ledger."""
    if landscape:
        return _LANDSCAPE
    return _STRICT if options.profile == "strict" else _WORD


# ---------------------------------------------------------------------- text

_LINE_BREAK = re.compile(r"\r\n?")
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """``text`` as the page holds it: line breaks as "\\n", controls and lone surrogates U+FFFD.

    Tab and line breaks are kept (a line break prints as ``<br>``); any other Cc character or lone
    surrogate has no meaningful place in an HTML page (the parser drops NUL and flags the rest), so
    it is replaced rather than silently lost: a reader sees that something was there.
    """
    return _UNPRINTABLE.sub(_REPLACEMENT, _LINE_BREAK.sub("\n", text))


def _escape(text: str) -> str:
    """Escaped text for element content or an attribute value (quotes included)."""
    return html.escape(clean_text(text), quote=True)


def _text_html(text: str, latin: bool) -> str:
    """Escaped text, line breaks as ``<br>``; with ``latin``, Latin runs marked for their face."""
    return "<br>".join(_line_html(line, latin) for line in clean_text(text).split("\n"))


def _is_narrow(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) == "Na"


def _line_html(line: str, latin: bool) -> str:
    """One escaped line; with ``latin``, each run of narrow characters (letters, digits, ASCII
    punctuation) in a ``<span class="latin">``.

    This is Word's split between the ``ascii`` and ``eastAsia`` font slots (SPEC §6.2): only narrow
    characters take the Latin face, so “ ” — … keep the Chinese face and their full width (SPEC §9).
    Putting the Latin face first in the font stacks would not: Times New Roman has those glyphs.
    """
    if not latin:
        return html.escape(line, quote=True)
    runs = (("".join(chars), narrow) for narrow, chars in groupby(line, key=_is_narrow))
    return "".join(
        f'<span class="latin">{html.escape(run, quote=True)}</span>'
        if narrow
        else html.escape(run, quote=True)
        for run, narrow in runs
    )


def text_width(text: str) -> float:
    """The width of ``text`` in character cells: wide and ambiguous characters 1, others ½.

    SPEC §6.7 counts half-width digits as ½; ambiguous characters (“ ” — …) print full-width in
    the Chinese faces.
    """
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def _cells(count: float) -> str:
    """A CSS length of ``count`` body character cells."""
    return f"calc({count:g} * var(--cell))"


# ---------------------------------------------------------------------- attributes


def _class_tokens(classes: Iterable[str]) -> list[str]:
    """HTML class tokens: a class holding white space becomes its words (a token has no spaces)."""
    return [token for name in classes for token in clean_text(name).split()]


_DATA_NAME_JUNK = re.compile(r"[^\w.-]")


def _data_name(key: str) -> str:
    """``data-<key>`` as a valid attribute name: lower case, and characters other than word
    characters, ``-`` and ``.`` as ``-`` (an HTML parser would lower-case or split them)."""
    name = _DATA_NAME_JUNK.sub("-", clean_text(key).lower())
    return f"data-{name or '-'}"


def _attributes(node_style: Style, classes: Iterable[str] = (), /, **extra: str | None) -> str:
    """An element's attributes: the renderer's classes, the node's classes, its data-*, ``extra``.

    ``extra`` values of None are left out. Of two attributes with one name the first wins, as in a
    browser, so the later ones are not written.
    """
    pairs: dict[str, str] = {}
    tokens = list(dict.fromkeys([*classes, *_class_tokens(node_style.classes)]))
    if tokens:
        pairs["class"] = " ".join(tokens)
    for key, value in node_style.attributes:
        pairs.setdefault(_data_name(key), value)
    for key, value in extra.items():
        if value is not None:
            pairs.setdefault(key, value)
    return "".join(f' {name}="{_escape(value)}"' for name, value in pairs.items())


# ---------------------------------------------------------------------- inlines


def _render_text(node: Text, latin: bool) -> str:
    return _text_html(node.text, latin)


def _render_strong(node: Strong, latin: bool) -> str:
    return f"<strong>{_render_inlines(node.children, latin)}</strong>"


def _render_emph(node: Emph, latin: bool) -> str:
    """强调: ``<em>``, set in 楷体 upright by the style sheet (a slanted 仿宋 reads badly)."""
    return f"<em>{_render_inlines(node.children, latin)}</em>"


def _render_line_break(node: LineBreak, latin: bool) -> str:
    return "<br>"


_INLINE_RENDERERS: dict[type, Callable[[Any, bool], str]] = {
    Text: _render_text,
    Strong: _render_strong,
    Emph: _render_emph,
    LineBreak: _render_line_break,
}


def _render_inlines(inlines: Iterable[Inline], latin: bool) -> str:
    return "".join(_inline_renderer(inline)(inline, latin) for inline in inlines)


def _inline_renderer(inline: Inline) -> Callable[[Any, bool], str]:
    try:
        return _INLINE_RENDERERS[type(inline)]
    except KeyError:
        raise TypeError(f"the HTML renderer has no rule for the inline {inline!r}") from None


# ---------------------------------------------------------------------- 署名, 日期


@attrs.frozen
class SignatureLayout:
    """Right indents in body character cells: each 署名 line's and the 成文日期's (SPEC §6.7)."""

    name_indents: tuple[float, ...]
    date_indent: float


def signature_layout(names: tuple[str, ...], date: str | None, sealed: bool) -> SignatureLayout:
    """Where the 署名 and the 成文日期 go, from their widths (GB/T 9704 7.3.5.1 and 7.3.5.2).

    Sealed: the date 右空四字, each name centred over the date. Unsealed: the names 右空二字 and the
    date's first character two cells right of the (longest) name's; when the date is the longer,
    the date 右空二字 and the names move left to keep that offset. Without a date the names keep
    4 (sealed) or 2 cells.
    """
    widths = [text_width(name) for name in names]
    if date is None:
        indent = 4.0 if sealed else 2.0
        return SignatureLayout(tuple(indent for _ in names), indent)
    date_width = text_width(date)
    if sealed:
        return SignatureLayout(tuple(max(0.0, 4 + (date_width - w) / 2) for w in widths), 4.0)
    longest = max(widths, default=0.0)
    if date_width <= longest:
        return SignatureLayout(tuple(2.0 for _ in names), longest - date_width)
    return SignatureLayout(tuple(4 + date_width - longest for _ in names), 2.0)


# ---------------------------------------------------------------------- blocks


@attrs.frozen(kw_only=True)
class _Context:
    """What a block's rule may need besides the block: the options, the page, the neighbours.

    The neighbours pair a 署名 with the 成文日期 under it: each one's indent depends on both widths.
    """

    options: RenderOptions
    geometry: PageGeometry
    previous: Block | None = None
    following: Block | None = None
    imprint_pages: int = 1
    """The page whose foot a closing 版记 is pinned to (:func:`imprint_pages`); 1: not pinned."""

    @property
    def latin(self) -> bool:
        """Whether Latin runs get the Latin face (``options.latin_font`` is set)."""
        return bool(self.options.latin_font)

    def text(self, text: str) -> str:
        """Escaped text: line breaks as ``<br>``, Latin runs marked when there is a Latin face."""
        return _text_html(text, self.latin)

    def inlines(self, inlines: Iterable[Inline]) -> str:
        """The HTML of a run of inlines."""
        return _render_inlines(inlines, self.latin)


def _render_title(node: Title, ctx: _Context) -> str:
    """标题: 2号小标宋, centred; a LineBreak starts a line of a 梯形/菱形 title (SPEC §2 row 16)."""
    return f"<h1{_attributes(node.style, ['title'])}>{ctx.inlines(node.content)}</h1>"


def _render_heading(node: Heading, ctx: _Context) -> str:
    """A heading: its number, then its text, on the body grid in its level's face (row 19).

    Level 1 is ``h2`` (the title is ``h1``); levels past 4 keep a class of their own level.
    """
    tag = f"h{min(node.level + 1, 6)}"
    number = (
        "" if node.number is None
        else f'<span class="heading-number">{ctx.text(node.number)}</span>'
    )
    attributes = _attributes(node.style, ["heading", f"level-{node.level}"])
    return f"<{tag}{attributes}>{number}{ctx.inlines(node.content)}</{tag}>"


def _render_paragraph(node: Paragraph, ctx: _Context) -> str:
    """正文: first line indented two cells, justified (SPEC §2 row 18)."""
    return f"<p{_attributes(node.style)}>{ctx.inlines(node.content)}</p>"


_BULLET = "●"
_ORDINAL = "{n}."
"""List markers, as the docx renderer prints them (a ``marker`` attribute on the list replaces them)."""


def _render_list_items(items: tuple[tuple[Block, ...], ...], markers: list[str], ctx: _Context) -> str:
    """Each item as body paragraphs with its marker at the start of the first one, as in the docx:
    公文 numbered items are paragraphs (first line indented two cells, later lines flush left), not a
    hanging list; a nested list is indented two more cells. The marker is the first paragraph's
    ``data-list-marker``, printed by html.css (``::before``), so the item's text stays its own."""
    parts = []
    for marker, item in zip(markers, items, strict=True):
        first, rest = (item[0], item[1:]) if item else (Paragraph(content=()), ())
        if not isinstance(first, Paragraph):
            first, rest = Paragraph(content=()), item
        style = attrs.evolve(first.style, attributes=(("list-marker", marker), *first.style.attributes))
        blocks = (attrs.evolve(first, style=style), *rest)
        parts.append(f"<li>{_render_blocks(blocks, attrs.evolve(ctx, imprint_pages=1))}</li>")
    return "\n".join(parts)


def _render_bullet_list(node: BulletList, ctx: _Context) -> str:
    marker = node.style.get("marker", _BULLET) or _BULLET
    items = _render_list_items(node.items, [marker] * len(node.items), ctx)
    return f"<ul{_attributes(node.style)}>\n{items}\n</ul>"


def _render_ordered_list(node: OrderedList, ctx: _Context) -> str:
    start = None if node.start == 1 else str(node.start)
    template = node.style.get("marker", _ORDINAL) or _ORDINAL
    markers = [template.replace("{n}", str(node.start + i)) for i in range(len(node.items))]
    items = _render_list_items(node.items, markers, ctx)
    return f"<ol{_attributes(node.style, start=start)}>\n{items}\n</ol>"


def _render_table(node: Table, ctx: _Context) -> str:
    """A table: fixed layout from the widths, a head repeated on every page, rows kept whole.

    The totals row (合计) is the last row group, not a ``<tfoot>``: Chromium repeats a tfoot at the
    foot of every printed page, and the totals belong once, after the last row (SPEC §4 ledger).
    """
    count = _column_count(node)
    size = cell_size(node)
    sized = "" if size == DEFAULT_CELL_SIZE else f' style="font-size:{size}pt;line-height:{cell_line(size)}pt"'
    parts = [f"<table{_attributes(node.style)}{sized}>"]
    if node.caption is not None:
        parts.append(f"<caption>{ctx.text(node.caption)}</caption>")
    parts.append(_colgroup(node.widths, count))
    if node.header:
        parts.append(f"<thead>{_row(node.header, count, 'th', ctx)}</thead>")
    rows = "\n".join(_row(row, count, "td", ctx) for row in node.rows)
    parts.append(f"<tbody>\n{rows}\n</tbody>")
    if node.totals is not None:
        parts.append(f'<tbody class="totals">{_row(node.totals, count, "td", ctx)}</tbody>')
    parts.append("</table>")
    return "\n".join(parts)


def _column_count(table: Table) -> int:
    totals = (table.totals,) if table.totals is not None else ()
    return max((len(row) for row in (table.header, *table.rows, *totals)), default=0)


def _column_percentages(widths: tuple[int, ...], count: int) -> list[float]:
    """Column widths in percent: the weights when there is one per column and all are positive,
    else equal columns."""
    fits = len(widths) == count and all(weight > 0 for weight in widths)
    weights = widths if fits else (1,) * count
    total = sum(weights)
    return [100 * weight / total for weight in weights]


def _colgroup(widths: tuple[int, ...], count: int) -> str:
    shares = _column_percentages(widths, count)
    return "<colgroup>" + "".join(f'<col style="width:{s:.4f}%">' for s in shares) + "</colgroup>"


def _row(cells: tuple[Cell, ...], count: int, tag: str, ctx: _Context) -> str:
    """A row padded with empty cells to the column count, so that every rule is drawn."""
    scope = ' scope="col"' if tag == "th" else ""
    padded = [*cells, *(() for _ in range(count - len(cells)))]
    return "<tr>" + "".join(f"<{tag}{scope}>{ctx.inlines(c)}</{tag}>" for c in padded) + "</tr>"


def _render_masthead(node: Masthead, ctx: _Context) -> str:
    """报头: the red 简报名, the 期号, 编发单位 left and date right, a red rule (SPEC §4)."""
    size = _masthead_size(node.name, ctx.geometry.block_width)
    parts = [f'<p class="masthead-name" style="font-size:{size:g}pt">{ctx.text(node.name)}</p>']
    issue = _issue_text(node)
    if issue:
        parts.append(f'<p class="masthead-issue">{ctx.text(issue)}</p>')
    parts.append(_masthead_line(node, ctx))
    content = "\n".join(parts)
    return f"<header{_attributes(node.style, ['masthead'])}>\n{content}\n</header>"


def _masthead_size(name: str, block_width_mm: float) -> float:
    """初号 (42 pt), or smaller so that a long 简报名 still fits one line of the block.

    Word squeezes the glyphs instead (SPEC §6.5); CSS cannot narrow characters without a
    transform, so the name is set smaller.
    """
    width = text_width(name)
    available_pt = block_width_mm / MM_PER_PT
    if width * 42 <= available_pt:
        return 42.0
    return math.floor(available_pt / width * 10) / 10


def _issue_text(node: Masthead) -> str:
    """期号: 第N期 or 增刊第N期 (增刊 alone when unnumbered), then （总第M期）."""
    supplement = "增刊" if node.supplement else ""
    issue = f"{supplement}第{node.number}期" if node.number is not None else supplement
    total = f"（总第{node.total_number}期）" if node.total_number is not None else ""
    return issue + total


def _masthead_line(node: Masthead, ctx: _Context) -> str:
    spans = []
    if node.issuer is not None:
        spans.append(f'<span class="masthead-issuer">{ctx.text(node.issuer)}</span>')
    if node.date is not None:
        spans.append(f'<span class="masthead-date">{ctx.text(date_text(node.date))}</span>')
    return f'<p class="masthead-line">{"".join(spans)}</p>'


def _render_addressee(node: Addressee, ctx: _Context) -> str:
    """主送机关: flush left, names joined by 、, a full-width colon added (SPEC §2 row 17)."""
    names = "、".join(node.names)
    return f"<p{_attributes(node.style, ['addressee'])}>{ctx.text(names)}：</p>"


def _is_sealed(signature: Signature | None, ctx: _Context) -> bool:
    """Sealed (7.3.5.1) when the options say the document is, or the signature itself is."""
    return ctx.options.sealed or (signature is not None and signature.sealed)


def _seal_class(sealed: bool) -> str:
    return "sealed" if sealed else "unsealed"


def _render_signature(node: Signature, ctx: _Context) -> str:
    """署名: one line per issuing body, right-indented to suit the date under it (SPEC §6.7)."""
    date = date_text(ctx.following.date) if isinstance(ctx.following, DateLine) else None
    sealed = _is_sealed(node, ctx)
    layout = signature_layout(node.names, date, sealed)
    lines = "\n".join(
        f'<p class="signature-name" style="padding-right:{_cells(indent)}">{ctx.text(name)}</p>'
        for name, indent in zip(node.names, layout.name_indents, strict=True)
    )
    attributes = _attributes(node.style, ["signature", _seal_class(sealed)])
    return f"<div{attributes}>\n{lines}\n</div>"


def _render_date_line(node: DateLine, ctx: _Context) -> str:
    """成文日期 (2022年4月15日): placed with the 署名 above it, or alone 右空四字/二字 (SPEC §6.7)."""
    signature = ctx.previous if isinstance(ctx.previous, Signature) else None
    sealed = _is_sealed(signature, ctx)
    text = date_text(node.date)
    names = signature.names if signature is not None else ()
    indent = signature_layout(names, text, sealed).date_indent
    classes = ["dateline", _seal_class(sealed)]
    attributes = _attributes(node.style, classes, style=f"padding-right:{_cells(indent)}")
    return f"<p{attributes}>{ctx.text(text)}</p>"


def _render_attachment_note(node: AttachmentNote, ctx: _Context) -> str:
    """附件说明: "附件：1.附件名称" 左空二字, later items under the first, wrapped names hanging
    (SPEC §6.7). A single attachment has no number ("附件：附件名称", GB/T 9704 7.3.4); no items, no
    note."""
    if not node.items:
        return ""
    single = len(node.items) == 1
    lines = "\n".join(
        _attachment_line(item, index, single, ctx) for index, item in enumerate(node.items, 1)
    )
    classes = ["attachments", "single" if single else "numbered"]
    return f"<div{_attributes(node.style, classes)}>\n{lines}\n</div>"


def _attachment_line(item: str, index: int, single: bool, ctx: _Context) -> str:
    label = '<span class="attachment-label">附件：</span>' if index == 1 else ""
    number = "" if single else f'<span class="attachment-number">{ctx.text(f"{index}.")}</span>'
    classes = "attachment first" if index == 1 else "attachment"
    return f'<p class="{classes}">{label}{number}{ctx.text(item)}</p>'


_IMPRINT_LABELS = (
    ("report_to", "报："),
    ("send_to", "送："),
    ("distribute_to", "发："),
    ("copy_to", "抄送："),
)


def _render_imprint(node: Imprint, ctx: _Context) -> str:
    """版记 / 报尾: the 报/送/发/抄送 lines with （共印N份） right of the last, then the 印发 line;
    a thick rule above and below, a thin one over the 印发 line (SPEC §2 rows 26–28, §4).

    Names are separated by "，" and end with "。" (GB/T 9704 7.4.2). An empty imprint prints
    nothing. The slot around it takes the free space of the sheet; the closing imprint of a pinned
    sheet comes twice, a reserving copy in the flow and the printed copy on the sheet's bottom
    (see the module docstring).
    """
    recipients = [(label, names) for key, label in _IMPRINT_LABELS if (names := getattr(node, key))]
    copies = None if node.copies is None else f"（共印{node.copies}份）"
    last = len(recipients) - 1
    lines = [
        _recipient_line(label, names, copies if index == last else None, ctx)
        for index, (label, names) in enumerate(recipients)
    ]
    if copies is not None and not recipients:
        lines.append(f'<p class="imprint-line">{_copies_span(copies, ctx)}</p>')
    if node.printer is not None or node.printed_on is not None:
        lines.append(_printer_line(node, ctx))
    if not lines:
        return ""
    content = "\n".join(lines)
    footer = f"<footer{_attributes(node.style, ['imprint'])}>\n{content}\n</footer>"
    if ctx.imprint_pages > 1 and ctx.following is None:
        return (
            f'<div class="imprint-slot imprint-flow">\n{footer}\n</div>\n'
            f'<div class="imprint-slot imprint-pinned">\n{footer}\n</div>'
        )
    return f'<div class="imprint-slot">\n{footer}\n</div>'


def _copies_span(copies: str, ctx: _Context) -> str:
    return f'<span class="imprint-copies">{ctx.text(copies)}</span>'


def _recipient_line(label: str, names: tuple[str, ...], copies: str | None, ctx: _Context) -> str:
    spans = [
        f'<span class="imprint-label">{ctx.text(label)}</span>',
        f'<span class="imprint-names">{ctx.text("，".join(names) + "。")}</span>',
    ]
    if copies is not None:
        spans.append(_copies_span(copies, ctx))
    return f'<p class="imprint-line">{"".join(spans)}</p>'


def _printer_line(node: Imprint, ctx: _Context) -> str:
    """印发机关 左空一字 and "2022年4月15日印发" 右空一字 (GB/T 9704 7.4.3)."""
    spans = []
    if node.printer is not None:
        spans.append(f'<span class="imprint-printer-name">{ctx.text(node.printer)}</span>')
    if node.printed_on is not None:
        printed = ctx.text(date_text(node.printed_on) + "印发")
        spans.append(f'<span class="imprint-date">{printed}</span>')
    return f'<p class="imprint-line imprint-printer">{"".join(spans)}</p>'


def _render_rule(node: Rule, ctx: _Context) -> str:
    return f"<hr{_attributes(node.style, ['rule'])}>"


def _render_page_break(node: PageBreak, ctx: _Context) -> str:
    """A new page in print (``break-before: page``); a dashed line across the sheet on screen."""
    return f"<div{_attributes(node.style, ['page-break'])}></div>"


_BLOCK_RENDERERS: dict[type, Callable[[Any, _Context], str]] = {
    Title: _render_title,
    Heading: _render_heading,
    Paragraph: _render_paragraph,
    BulletList: _render_bullet_list,
    OrderedList: _render_ordered_list,
    Table: _render_table,
    Masthead: _render_masthead,
    Addressee: _render_addressee,
    Signature: _render_signature,
    DateLine: _render_date_line,
    AttachmentNote: _render_attachment_note,
    Imprint: _render_imprint,
    Rule: _render_rule,
    PageBreak: _render_page_break,
}


def _render_blocks(blocks: tuple[Block, ...], ctx: _Context) -> str:
    """The HTML of a sequence of blocks, one per line; each block's rule sees its neighbours."""
    rendered = []
    for index, block in enumerate(blocks):
        neighbours = attrs.evolve(
            ctx,
            previous=blocks[index - 1] if index > 0 else None,
            following=blocks[index + 1] if index + 1 < len(blocks) else None,
        )
        rendered.append(_block_renderer(block)(block, neighbours))
    return "\n".join(part for part in rendered if part)


def _block_renderer(block: Block) -> Callable[[Any, _Context], str]:
    try:
        return _BLOCK_RENDERERS[type(block)]
    except KeyError:
        raise TypeError(f"the HTML renderer has no rule for the block {block!r}") from None


# ---------------------------------------------------------------------- 版记 on the last page

PX_PER_MM = 96 / 25.4
_NARROW_FLOOR = 0.25
"""The least width of a narrow character in body cells (a Latin "i" or "l" in Times is about ¼ em),
so that the line counts below are never more than the printed ones."""


def _floor_width(text: str) -> float:
    """A lower bound of the width of ``text`` in cells of its own size: wide characters 1 cell,
    narrow ones at least ¼ (proportional Latin faces)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else _NARROW_FLOOR for ch in text)


def _floor_lines(text: str, indent: float, per_line: float) -> int:
    """The fewest lines ``text`` can take: each line break starts a line, the first one indented."""
    lines = 0
    for index, segment in enumerate(clean_text(text).split("\n")):
        width = _floor_width(segment) + (indent if index == 0 else 0.0)
        lines += max(1, math.ceil(width / per_line - 1e-9))
    return lines


_Box = tuple[bool, float]
"""A piece of the flow for the page count: (droppable, height in CSS px). A droppable piece is a
margin or padding, which a page break swallows; the others are line boxes and unbreakable boxes."""


def _floor_boxes(block: Block, previous: Block | None, geometry: PageGeometry) -> list[_Box]:
    """A lower bound of the flow of ``block``: fewer and smaller pieces than it prints.

    html.css puts every text line on one body line box (``--line``), the title's 2号 lines
    included; a table counts one cell line per row; a masthead its top margin and one line; a kind
    of block not listed here counts nothing.
    """
    line = float(geometry.line_px)
    per_line = geometry.block_width / MM_PER_PT / 15.75   # 16 pt cells condensed by 0.25 pt

    def lines(count: int) -> list[_Box]:
        return [(False, line)] * count

    if isinstance(block, Title):
        top = [(True, 2 * line)] if isinstance(previous, Masthead) else []
        per_title_line = geometry.block_width / MM_PER_PT / 22
        return [*top, *lines(_floor_lines(plain_text(block.content), 0, per_title_line)), (True, line)]
    if isinstance(block, Heading):
        return lines(_floor_lines((block.number or "") + plain_text(block.content), 2, per_line))
    if isinstance(block, Paragraph):
        return lines(_floor_lines(plain_text(block.content), 2, per_line))
    if isinstance(block, Addressee):
        return lines(_floor_lines("、".join(block.names) + "：", 0, per_line))
    if isinstance(block, Signature):
        return [(True, line), *lines(len(block.names))]
    if isinstance(block, DateLine):
        return lines(1)
    if isinstance(block, AttachmentNote):
        return [(True, line), *lines(len(block.items))] if block.items else []
    if isinstance(block, BulletList | OrderedList):
        return [box for item in block.items for box in _floor_flow(item, geometry)]
    if isinstance(block, Table):
        rows = len(block.rows) + bool(block.header) + (block.totals is not None)
        return [(False, cell_line(cell_size(block)) / 72 * 96)] * rows
    if isinstance(block, Masthead):
        return [(False, 22.5 * PX_PER_MM + line)]
    if isinstance(block, Rule):
        return [(True, line - 1.0)]
    if isinstance(block, Imprint):
        recipients = sum(1 for key, _ in _IMPRINT_LABELS if getattr(block, key))
        printer = block.printer is not None or block.printed_on is not None
        count = max(recipients, block.copies is not None) + printer
        return [(True, line), (False, count * line)] if count else []
    return []


def _floor_flow(blocks: Iterable[Block], geometry: PageGeometry) -> list[_Box | None]:
    """The pieces of ``blocks`` in order; None for a forced page break."""
    flow: list[_Box | None] = []
    previous = None
    for block in blocks:
        flow.extend([None] if isinstance(block, PageBreak) else _floor_boxes(block, previous, geometry))
        previous = block
    return flow


def imprint_pages(document: Document, geometry: PageGeometry) -> int:
    """The page whose foot the closing 版记 is pinned to: a lower bound of the printed page count.

    The flow of :func:`_floor_boxes` is laid on pages of the page area's height as Chromium does
    (a piece that does not fit starts a page, a margin at a break is dropped, a forced break starts
    a page); as every piece is a lower bound, the count is never more than the pages the document
    really takes, and pinning never adds a page. 1 (nothing pinned: the page is laid out as it
    always was) when the document does not end with a printed imprint.
    """
    blocks = document.blocks
    if not blocks or not isinstance(blocks[-1], Imprint) or not _floor_boxes(blocks[-1], None, geometry):
        return 1
    capacity = geometry.block_height * PX_PER_MM
    pages, filled = 1, 0.0
    for box in _floor_flow(blocks, geometry):
        if box is None:
            if filled > 0:
                pages, filled = pages + 1, 0.0
        elif box[0]:
            filled += box[1]
        elif filled + box[1] > capacity and filled > 0:
            pages, filled = pages + 1, box[1]
        else:
            filled += box[1]
    return pages

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
"""Font stacks (SPEC §6.9): the canonical proprietary name first, then platform names, then free
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
        "  --cell: 15.75pt;",
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
    character in (SPEC §6.10, §2 row 29).

    On a turned page the number stays in the landscape footer (SPEC §6.8, a known deviation from
    GB/T 9704 §8, which would need rotated text).
    """
    number = (
        'content: "— " counter(page) " —"; '
        f"font-family: {_font_stack(_SONGTI)}; font-size: 14pt; line-height: 14pt; "
        "font-weight: normal; letter-spacing: 0; color: #000; vertical-align: top; "
        f"padding-top: {geometry.number_gap:g}mm;"
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


def _page_title(document: Document) -> str:
    """meta.title, else the first Title's text with its lines joined (Chinese takes no space)."""
    if document.meta.title is not None:
        return document.meta.title
    for block in document.blocks:
        if isinstance(block, Title):
            return plain_text(block.content).replace("\n", "")
    return ""


def _body_attributes(document: Document, options: RenderOptions) -> str:
    """The options as classes of ``<body>`` (the style sheet reads ``bold-level3``)."""
    classes = [
        f"profile-{'strict' if options.profile == 'strict' else 'word'}",
        "landscape" if document.meta.landscape else "portrait",
        _seal_class(options.sealed),
    ]
    if options.bold_level3:
        classes.append("bold-level3")
    return _attributes(Style(), classes, **{"data-kind": document.meta.kind})


def _page(document: Document, options: RenderOptions) -> str:
    geometry = page_geometry(options, document.meta.landscape)
    pages = imprint_pages(document, geometry)
    ctx = _Context(options=options, geometry=geometry, imprint_pages=pages)
    sheet = ' class="sheet"' if pages == 1 else f' class="sheet pinned" style="--imprint-pages: {pages}"'
    issuer = document.meta.issuer
    author = "" if issuer is None else f'<meta name="author" content="{_escape(issuer)}">\n'
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="supervisio">\n'
        f"{author}"
        f"<title>{_escape(_page_title(document))}</title>\n"
        f"<style>\n{_style_sheet(options, geometry)}\n</style>\n"
        "</head>\n"
        f"<body{_body_attributes(document, options)}>\n"
        f"<main{sheet}>\n"
        f"{_render_blocks(document.blocks, ctx)}\n"
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )


class HtmlRenderer:
    """The ``html`` renderer: a self-contained page that headless Chromium prints to PDF."""

    name = "html"
    suffix = ".html"
    media_type = "text/html; charset=utf-8"

    def render(self, document: Document, options: RenderOptions) -> bytes:
        """The UTF-8 bytes of the page for ``document``."""
        return _page(document, options).encode("utf-8")
