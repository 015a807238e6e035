"""The Markdown renderer: a tree written as normalised Markdown in supervisio's dialect.

Normalised means one way of writing each thing, so that ``parse_markdown(to_markdown(t)) == normalize(t)``
and rendering the parse of the output gives the output again:

- front matter with the Meta fields only (``kind`` always, the others when they differ from the default);
- blocks separated by one blank line; ``# 标题``, ``## 一、主要做法`` with the heading's number; ``***`` for a
  rule (``- ---`` is a rule, not an item holding one);
- ``-`` bullets and ``1.`` numbers; a list right after a list of the same kind takes ``+`` or ``1)`` so
  that the two stay two lists, and so does a bullet list first in a ``-`` item (``- - -`` is a rule); a
  list is tight when every item is at most one paragraph;
- pipe tables with one space of padding and ``---`` delimiters (no alignment);
- every block Markdown lacks as a directive (``{masthead}`` …) with a YAML body, every style as a ``{style}``
  wrapper (a table's in its ``{table}`` options), YAML written one line per value (line breaks escaped), so
  that no value can end a fence;
- line breaks as a backslash at the end of the line in paragraphs, ``<br>`` in titles, headings and cells.

Text is escaped by :mod:`supervisio.doctree.markdown_syntax`, which also decides where an emphasis
delimiter needs its neighbour written as a character reference.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
import yaml

from supervisio.doctree.markdown_syntax import (
    CONVENIENCE_KEYS,
    DATA_DIRECTIVES,
    HARD_BREAK,
    LINE_BREAK_TAG,
    META_KEYS,
    delimiter_closes,
    delimiter_opens,
    escape_markdown,
)
from supervisio.doctree.nodes import (
    CHART_KINDS,
    Block,
    BulletList,
    Chart,
    Document,
    Heading,
    Inline,
    LineBreak,
    Meta,
    OrderedList,
    Paragraph,
    Rule,
    Strong,
    Style,
    Table,
    Text,
    Title,
)
from supervisio.doctree.normalize import normalize, normalize_content
from supervisio.renderers.base import RenderOptions

__all__ = ["MarkdownRenderer", "to_markdown"]

_DIRECTIVE_NAMES = {cls: name for name, cls in DATA_DIRECTIVES.items()}
_MAX_ORDINAL = 999_999_999
"""CommonMark reads at most nine digits as a list number."""


class MarkdownRenderer:
    """Renders a document as UTF-8 Markdown that :func:`~supervisio.doctree.from_markdown.parse_markdown`
    reads back into the same (normalised) tree. Render options do not apply to Markdown."""

    name = "md"
    suffix = ".md"
    media_type = "text/markdown; charset=utf-8"

    def render(self, document: Document, options: RenderOptions) -> bytes:
        """The document as normalised Markdown, UTF-8 encoded."""
        return to_markdown(document).encode("utf-8")


def to_markdown(document: Document) -> str:
    """``document`` (normalised first) as Markdown; ValueError for what Markdown cannot hold.

    That is: heading levels outside 1–4, list numbers outside 0–999999999, tables without columns or with
    rows of another length than the header, widths that are not one positive number per column, and Meta
    extra keys that are Meta fields or front-matter convenience keys.
    """
    document = normalize(document)
    lines = _front_matter(document.meta)
    body = _blocks(document.blocks)
    if body:
        lines.append("")
        lines.extend(body)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------- YAML


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, writing every value on one line and never using anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_LINE_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """Texts with a line break are double-quoted, where the break is an escape, not a new line."""
    style = '"' if _LINE_BREAKS.search(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


class _Fields(dict):  # type: ignore[type-arg]
    """The top mapping of a YAML body: one key a line (lists and mappings inside it are written inline)."""


def _represent_fields(dumper: yaml.SafeDumper, data: _Fields) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=False)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(_Fields, _represent_fields)


def _yaml_lines(data: dict[str, Any]) -> list[str]:
    """``key: value`` lines; a list or mapping of plain values stays on its key's line (``[a, b]``)."""
    if not data:
        return []
    text = yaml.dump(
        _Fields(data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
        width=float("inf"),
    )
    return text.rstrip("\n").split("\n")


def _front_matter(meta: Meta) -> list[str]:
    data: dict[str, Any] = {"kind": meta.kind}
    defaults = Meta()
    for key in META_KEYS[1:]:
        value = getattr(meta, key)
        if value != getattr(defaults, key):
            data[key] = value
    for key, value in meta.extra:
        if key in META_KEYS or key in CONVENIENCE_KEYS:
            raise ValueError(f"Meta.extra cannot hold {key!r}: the front matter reads it as its own key")
        data[key] = value
    return ["---", *_yaml_lines(data), "---"]


def _style_data(style: Style) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if style.classes:
        data["classes"] = list(style.classes)
    if style.attributes:
        data["attributes"] = dict(style.attributes)
    return data


# ---------------------------------------------------------------------------------------------- blocks


def _blocks(blocks: Sequence[Block], in_bullet: bool = False) -> list[str]:
    """Blocks separated by blank lines; a list after a list of the same kind takes the other marker.

    ``in_bullet``: the blocks are a ``-`` item's, so a bullet list first in it takes ``+``: ``- - -`` would
    be a rule.
    """
    lines: list[str] = []
    previous: Block | None = None
    alternate = False
    for block in blocks:
        if lines:
            lines.append("")
        same_kind = isinstance(block, (BulletList, OrderedList)) and type(previous) is type(block)
        first_bullet = in_bullet and previous is None and isinstance(block, BulletList)
        alternate = (same_kind and not alternate) or first_bullet
        lines.extend(_block(block, alternate))
        previous = block
    return lines


def _block(block: Block, alternate: bool) -> list[str]:
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Chart):
        return _chart(block)
    name = _DIRECTIVE_NAMES.get(type(block))
    if name is not None:
        return _directive(name, _fields(block), [])
    lines = _markdown_block(block, alternate)
    if block.style == Style():
        return lines
    return _directive("style", _style_data(block.style), lines)


def _markdown_block(block: Block, alternate: bool) -> list[str]:
    if isinstance(block, Paragraph):
        return _inlines(block.content, multiline=True).split("\n")
    if isinstance(block, Title):
        return [_heading_line(1, block.content)]
    if isinstance(block, Heading):
        if not 1 <= block.level <= 4:
            raise ValueError(f"heading levels are 1 to 4, not {block.level}")
        typed = (Text(block.number),) if block.number else ()
        return [_heading_line(block.level + 1, normalize_content(typed + block.content))]
    if isinstance(block, BulletList):
        return _list(block.items, lambda _: "+" if alternate else "-")
    if isinstance(block, OrderedList):
        if not 0 <= block.start <= _MAX_ORDINAL:
            raise ValueError(f"a list's first number is 0 to {_MAX_ORDINAL}, not {block.start}")
        delimiter = ")" if alternate else "."
        return _list(block.items, lambda index: f"{min(block.start + index, _MAX_ORDINAL)}{delimiter}")
    if isinstance(block, Rule):
        return ["***"]
    raise TypeError(f"not a block: {block!r}")


def _heading_line(hashes: int, content: tuple[Inline, ...]) -> str:
    text = _inlines(content, multiline=False)
    return "#" * hashes + (" " + text if text else "")


def _list(items: Sequence[tuple[Block, ...]], marker: Callable[[int], str]) -> list[str]:
    tight = all(len(item) <= 1 and all(isinstance(b, Paragraph) for b in item) for item in items)
    lines: list[str] = []
    for index, item in enumerate(items):
        if lines and not tight:
            lines.append("")
        prefix = marker(index)
        body = _blocks(item, in_bullet=prefix == "-")
        if not body:
            lines.append(prefix)
            continue
        indent = " " * (len(prefix) + 1)
        lines.append(f"{prefix} {body[0]}")
        lines.extend(indent + line if line else "" for line in body[1:])
    return lines


def _table(table: Table) -> list[str]:
    columns = len(table.header)
    if columns == 0:
        raise ValueError("a table needs at least one column")
    rows = [*table.rows, *(() if table.totals is None else (table.totals,))]
    for row in rows:
        if len(row) != columns:
            raise ValueError(f"a table row has {len(row)} cells, the header {columns}")
    if table.widths and (len(table.widths) != columns or min(table.widths) < 1):
        raise ValueError(f"table widths are one positive number for each of the {columns} columns")
    lines = [_row(table.header), "| " + " | ".join("---" for _ in range(columns)) + " |"]
    lines.extend(_row(row) for row in rows)
    options: dict[str, Any] = {}
    if table.widths:
        options["widths"] = list(table.widths)
    if table.totals is not None:
        options["totals"] = True
    if table.caption is not None:
        options["caption"] = table.caption
    options.update(_style_data(table.style))
    return _directive("table", options, lines) if options else lines


def _chart(chart: Chart) -> list[str]:
    """A chart as the dialect writes it: ``{chart}`` around the table of its data, which any Markdown
    reader shows as a table (labels down the first column, a column per series)."""
    if chart.kind not in CHART_KINDS:
        raise ValueError(f"a chart's kind is one of {', '.join(CHART_KINDS)}, not {chart.kind!r}")
    if not chart.series:
        raise ValueError("a chart needs at least one series")
    for series in chart.series:
        if len(series.values) != len(chart.labels):
            raise ValueError(f"series {series.name!r} has {len(series.values)} values for {len(chart.labels)} labels")
    header = [(Text(chart.category),), *((Text(series.name),) for series in chart.series)]
    lines = [_row(header), "| " + " | ".join("---" for _ in header) + " |"]
    for index, label in enumerate(chart.labels):
        values = (_chart_number(series.values[index]) for series in chart.series)
        lines.append(_row([(Text(label),), *((Text(value),) for value in values)]))
    options: dict[str, Any] = {"kind": chart.kind}
    for key in ("title", "unit"):
        if getattr(chart, key) is not None:
            options[key] = getattr(chart, key)
    options.update(_style_data(chart.style))
    return _directive("chart", options, lines)


def _chart_number(value: float | None) -> str:
    """A value as the shortest text that reads back as the same number (3, 64.71, 1e-07); empty for none."""
    if value is None:
        return ""
    if not math.isfinite(value):
        raise ValueError(f"a chart value is a finite number, not {value!r}")
    text = repr(float(value))
    return text.removesuffix(".0")


def _row(cells: Iterable[tuple[Inline, ...]]) -> str:
    return "| " + " | ".join(_inlines(cell, multiline=False) for cell in cells) + " |"


def _fields(block: Any) -> dict[str, Any]:
    """A data block's fields for its directive: those that differ from the default, then its style."""
    data: dict[str, Any] = {}
    for field in attrs.fields(type(block)):
        if field.name == "style":
            continue
        value = getattr(block, field.name)
        if field.default is attrs.NOTHING or value != field.default:
            data[field.name] = list(value) if isinstance(value, tuple) else value
    data.update(_style_data(block.style))
    return data


def _directive(name: str, options: dict[str, Any], markdown: list[str]) -> list[str]:
    """A directive: a YAML body for data blocks; ``---`` options ``---`` and Markdown for wrappers."""
    if name in DATA_DIRECTIVES:
        body = _yaml_lines(options)
    else:
        body = (["---", *_yaml_lines(options), "---"] if options else []) + markdown
    fence = "`" * max(3, 1 + max((_leading_backticks(line) for line in body), default=0))
    return [f"{fence}{{{name}}}", *body, fence]


def _leading_backticks(line: str) -> int:
    stripped = line.lstrip(" \t")
    return len(stripped) - len(stripped.lstrip("`"))


# ---------------------------------------------------------------------------------------------- inlines


@attrs.define
class _Piece:
    """One piece of inline source: a text, a delimiter (opening or closing) or a line break."""

    kind: str
    text: str = ""
    marker: str = ""
    group: int = 0
    line_start: bool = False
    guard_first: bool = False
    guard_last: bool = False
    source: str = ""


def _inlines(content: Sequence[Inline], *, multiline: bool) -> str:
    """Normal inlines as Markdown; a line break is ``\\`` + newline when ``multiline``, else ``<br>``."""
    line_break = HARD_BREAK if multiline else LINE_BREAK_TAG
    if all(isinstance(inline, Text) for inline in content):
        text = "".join(inline.text for inline in content)  # type: ignore[union-attr]
        return escape_markdown(text, line_start=multiline)
    pieces = _pieces(content, multiline)
    for piece in pieces:
        piece.source = line_break if piece.kind == "break" else piece.marker
    _choose_emphasis_markers(pieces)
    for piece in pieces:
        if piece.kind == "text":
            _render_text(piece)
    _guard_delimiters(pieces)
    return "".join(piece.source for piece in pieces)


def _pieces(content: Sequence[Inline], multiline: bool) -> list[_Piece]:
    pieces: list[_Piece] = []
    groups = itertools.count(1)

    def visit(inlines: Sequence[Inline]) -> None:
        for inline in inlines:
            if isinstance(inline, Text):
                at_line_start = multiline and (not pieces or pieces[-1].kind == "break")
                pieces.append(_Piece("text", text=inline.text, line_start=at_line_start))
            elif isinstance(inline, LineBreak):
                pieces.append(_Piece("break"))
            else:
                marker = "**" if isinstance(inline, Strong) else "*"
                group = next(groups)
                pieces.append(_Piece("open", marker=marker, group=group))
                visit(inline.children)
                pieces.append(_Piece("close", marker=marker, group=group))

    visit(content)
    return pieces


def _choose_emphasis_markers(pieces: list[_Piece]) -> None:
    """Emphasis that touches a ``**`` is written ``_``: ``***`` would be one run, read otherwise."""
    underscored = set()
    for index, piece in enumerate(pieces):
        if piece.marker == "*":
            neighbours = pieces[index - 1: index] + pieces[index + 1: index + 2]
            if any(neighbour.marker == "**" for neighbour in neighbours):
                underscored.add(piece.group)
    for piece in pieces:
        if piece.group in underscored:
            piece.marker = piece.source = "_"


def _render_text(piece: _Piece) -> None:
    piece.source = escape_markdown(
        piece.text,
        line_start=piece.line_start,
        guard_first=piece.guard_first,
        guard_last=piece.guard_last,
    )


def _guard_delimiters(pieces: list[_Piece]) -> None:
    """Write a text's edge as a reference wherever a delimiter next to it would not work otherwise.

    Guarding a one-character text changes what the delimiter on its other side sees, so that delimiter is
    checked again; every text edge is guarded at most once, which keeps this linear.
    """
    pending = [index for index, piece in enumerate(pieces) if piece.kind in ("open", "close")]
    while pending:
        index = pending.pop()
        piece = pieces[index]
        before = pieces[index - 1].source[-1] if index > 0 else " "
        after = pieces[index + 1].source[0] if index + 1 < len(pieces) else " "
        if piece.kind == "open" and not delimiter_opens(piece.marker, before, after):
            neighbour_index = index - 1
            neighbour = _text_at(pieces, neighbour_index, guarded=lambda text: text.guard_last)
            neighbour.guard_last = True
        elif piece.kind == "close" and not delimiter_closes(piece.marker, before, after):
            neighbour_index = index + 1
            neighbour = _text_at(pieces, neighbour_index, guarded=lambda text: text.guard_first)
            neighbour.guard_first = True
        else:
            continue
        _render_text(pieces[neighbour_index])
        pending.extend(
            other
            for other in (neighbour_index - 1, neighbour_index + 1)
            if 0 <= other < len(pieces) and other != index and pieces[other].kind in ("open", "close")
        )


def _text_at(pieces: list[_Piece], index: int, guarded: Callable[[_Piece], bool]) -> _Piece:
    """The unguarded text outside a failing delimiter; in a normal tree nothing else can be there."""
    if 0 <= index < len(pieces) and pieces[index].kind == "text" and not guarded(pieces[index]):
        return pieces[index]
    raise AssertionError("an emphasis delimiter that no character reference beside it can make work")
