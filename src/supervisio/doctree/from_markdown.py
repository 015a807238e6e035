"""Markdown → document tree, in the dialect of :mod:`supervisio.doctree.markdown_syntax`.

markdown-it-py tokenizes; this module walks the flat token list once, front to back, and builds nodes. It
refuses whatever the tree cannot hold (a link, an image, a code block …) instead of dropping it, because a
document that silently loses a sentence is worse than one that does not build: every refusal is a
:class:`MarkdownError` whose message is ``{source}:{line}: {what is wrong}``, with the line counted from 1 in
the text the caller passed (front matter included), also inside directives.

The garbage collector is paused around markdown-it's ``parse()`` and the walk over its tokens: both
allocate object after object and keep them all (no cycles among them), so every collection pass is wasted
work, and passes over an ever larger heap make the time grow faster than the text (DESIGN measured −40 %
for ``parse()`` alone; the walk over a 20,000-row table takes a third of the time without them).
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import re
import typing
from collections.abc import Callable
from typing import Any

import attrs
import yaml

from supervisio.doctree.markdown_syntax import (
    CHART_KEYS,
    CONVENIENCE_KEYS,
    DATA_DIRECTIVES,
    MAX_NESTING,
    META_KEYS,
    STYLE_KEYS,
    TABLE_KEYS,
    WRAPPER_DIRECTIVES,
    Refusal,
    markdown_parser,
)
from supervisio.doctree.nodes import (
    CHART_KINDS,
    Addressee,
    AttachmentNote,
    Block,
    BulletList,
    Chart,
    DateLine,
    Document,
    Emph,
    Heading,
    Imprint,
    Inline,
    LineBreak,
    Masthead,
    Meta,
    OrderedList,
    Paragraph,
    Rule,
    Series,
    Signature,
    Strong,
    Style,
    Table,
    Text,
    Title,
    plain_text,
)
from supervisio.doctree.numbering import split_number
from supervisio.doctree.yaml_fields import Fields, LineMapping, YamlLoader, describe, scalar_text
from supervisio.errors import SupervisioError

if typing.TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["MarkdownError", "parse_markdown"]


class MarkdownError(SupervisioError):
    """Markdown the dialect cannot turn into a tree; ``str()`` is ``{source}:{line}: {problem}``."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        super().__init__(f"{source}:{line}: {problem}")


def parse_markdown(text: str, source: str = "<string>") -> Document:
    """The document tree of ``text``; ``source`` names it in error messages (a file name, a template)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    front, front_line, body, body_line = _split_front_matter(text, source)
    meta, early, late = _front_matter(front, front_line, source) if front is not None else (Meta(), {}, [])
    blocks = _Reader(source).blocks(body, body_line)
    return Document(meta=meta, blocks=_place(blocks, early, late))


# ---------------------------------------------------------------------------------------------- tokens


class _Reader:
    """Turns Markdown text into blocks; directives that wrap Markdown come back here for their body."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, line: int, problem: str) -> MarkdownError:
        """An error at ``line`` (counted from 0 in the whole text)."""
        return MarkdownError(self.source, line + 1, problem)

    def mapping(self, text: str, first_line: int, what: str) -> LineMapping:
        """The YAML mapping in ``text`` (empty: an empty mapping), whose first line is ``first_line``."""
        loader = YamlLoader(text)
        loader.first_line = first_line
        try:
            data = loader.get_single_data()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = first_line + (mark.line if mark else 0)
            problem = error.problem or error.context or "unreadable"
            raise self.error(line, f"bad YAML in {what}: {problem}") from None
        except yaml.YAMLError as error:
            raise self.error(first_line, f"bad YAML in {what}: {error}") from None
        finally:
            loader.dispose()
        if data is None:
            return LineMapping()
        if not isinstance(data, LineMapping):
            raise self.error(first_line, f"{what} holds keys and values (key: value), not {describe(data)}")
        return data

    def blocks(self, text: str, first_line: int) -> list[Block]:
        """The blocks of ``text``, whose first line is line ``first_line`` (from 0) of the whole text."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            try:
                tokens = markdown_parser().parse(text)
            except Refusal as refusal:
                raise self.error(first_line + refusal.line, refusal.message) from None
            return _Walk(self, tokens, text, first_line).blocks(None)
        finally:
            if enabled:
                gc.enable()


class _Walk:
    """One pass over the tokens of one text: ``pos`` moves forward only."""

    def __init__(self, reader: _Reader, tokens: list[Token], text: str, first_line: int) -> None:
        self.reader = reader
        self.tokens = tokens
        self.text = text
        self.first_line = first_line
        self.pos = 0
        self._lines: list[str] | None = None

    # ------------------------------------------------------------------ helpers

    @property
    def lines(self) -> list[str]:
        """The source lines (split only when a table or a directive needs them)."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def line_of(self, token: Token) -> int:
        return self.first_line + (token.map[0] if token.map else 0)

    def error(self, token: Token, problem: str) -> MarkdownError:
        return self.reader.error(self.line_of(token), problem)

    def take(self, kind: str) -> Token:
        token = self.tokens[self.pos]
        if token.type != kind:  # markdown-it always pairs its tokens; this guards the walk itself
            raise self.error(token, f"expected {kind}, found {token.type}")
        self.pos += 1
        return token

    # ------------------------------------------------------------------ blocks

    def blocks(self, closing: str | None) -> list[Block]:
        """Blocks up to the token ``closing`` (consumed), or to the end."""
        blocks: list[Block] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if token.type == closing:
                self.pos += 1
                return blocks
            if token.level >= MAX_NESTING - 2:
                raise self.error(token, f"blocks nested more than {MAX_NESTING - 2} deep")
            blocks.append(self.block(token))
        return blocks

    def block(self, token: Token) -> Block:
        handler = _BLOCK_HANDLERS.get(token.type)
        if handler is None:
            problem = _REFUSED_BLOCKS.get(token.type, f"{token.type} is not part of the dialect")
            raise self.error(token, problem)
        return handler(self, token)

    def paragraph(self, token: Token) -> Block:
        self.pos += 1
        inline = self.take("inline")
        self.take("paragraph_close")
        self.check_broken_table(token)
        return Paragraph(content=self.inlines(inline))

    def heading(self, token: Token) -> Block:
        level = int(token.tag[1:])
        self.pos += 1
        inline = self.take("inline")
        self.take("heading_close")
        content = self.inlines(inline)
        if level == 1:
            return Title(content=content)
        if level > 5:
            raise self.error(token, "a heading has at most five # (##### is the fourth level)")
        number, content = split_number(level - 1, content)
        return Heading(level=level - 1, content=content, number=number)

    def bullet_list(self, token: Token) -> Block:
        self.pos += 1
        return BulletList(items=self.items("bullet_list_close"))

    def ordered_list(self, token: Token) -> Block:
        self.pos += 1
        start = token.attrGet("start")  # only there when it is not 1
        start = 1 if start is None else int(start)
        return OrderedList(items=self.items("ordered_list_close"), start=start)

    def items(self, closing: str) -> tuple[tuple[Block, ...], ...]:
        items: list[tuple[Block, ...]] = []
        while self.tokens[self.pos].type == "list_item_open":
            self.pos += 1
            items.append(tuple(self.blocks("list_item_close")))
        self.take(closing)
        return tuple(items)

    def rule(self, token: Token) -> Block:
        self.pos += 1
        return Rule()

    def table(self, token: Token) -> Block:
        self.pos += 1
        self.take("thead_open")
        header = self.row("th")
        self.take("thead_close")
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        if self.tokens[self.pos].type == "tbody_open":
            self.pos += 1
            while self.tokens[self.pos].type == "tr_open":
                row_token = self.tokens[self.pos]
                cells = _cell_count(self.lines[row_token.map[0]]) if row_token.map else len(header)
                if cells != len(header):
                    problem = f"this table row has {_cells(cells)}, the header {len(header)}"
                    raise self.error(row_token, problem)
                rows.append(self.row("td"))
            self.take("tbody_close")
        self.take("table_close")
        return Table(header=header, rows=tuple(rows))

    def row(self, cell: str) -> tuple[tuple[Inline, ...], ...]:
        self.take("tr_open")
        cells: list[tuple[Inline, ...]] = []
        while self.tokens[self.pos].type == f"{cell}_open":
            self.pos += 1
            cells.append(self.inlines(self.take("inline")))
            self.take(f"{cell}_close")
        self.take("tr_close")
        return tuple(cells)

    def fence(self, token: Token) -> Block:
        self.pos += 1
        match = _DIRECTIVE.fullmatch(token.info.strip())
        if match is None:
            raise self.error(
                token, "code blocks are not part of the dialect (a directive starts ```{name})"
            )
        name, argument = match.groups()
        if argument.strip():
            raise self.error(token, f"{{{name}}} takes nothing after its name: put options in its body")
        self.check_closed(token, name)
        body_line = self.line_of(token) + 1
        if name in DATA_DIRECTIVES:
            data = self.reader.mapping(token.content, body_line, f"{{{name}}}")
            block: Block = Fields(self.reader, f"{{{name}}}").block(
                DATA_DIRECTIVES[name], data, body_line - 1
            )
            return block
        if name in WRAPPER_DIRECTIVES:
            return _wrapper(self.reader, name, token.content, body_line)
        known = ", ".join(f"{{{known}}}" for known in (*DATA_DIRECTIVES, *WRAPPER_DIRECTIVES))
        raise self.error(token, f"unknown directive {{{name}}} (known: {known})")

    def check_closed(self, token: Token, name: str) -> None:
        """A fence left open runs to the end of its list item or of the document: say so."""
        start, end = token.map if token.map else (0, 0)
        last = self.lines[end - 1].lstrip(" \t") if end - 1 > start else ""
        closing = re.fullmatch(rf"{re.escape(token.markup[0])}{{{len(token.markup)},}}[ \t]*", last)
        if closing is None:
            raise self.error(token, f"the directive {{{name}}} is not closed (a line {token.markup})")

    def check_broken_table(self, token: Token) -> None:
        """A header and a delimiter row that disagree make a paragraph, not a table: refuse that."""
        if token.map is None:
            return
        start, end = token.map
        for index in range(start, end - 1):
            header, delimiter = self.lines[index], self.lines[index + 1]
            if "|" in header and _DELIMITER_ROW.fullmatch(delimiter.strip()):
                raise self.reader.error(
                    self.first_line + index + 1,
                    f"this table's delimiter row has {_cells(_cell_count(delimiter))}, "
                    f"its header {_cell_count(header)}",
                )

    # ------------------------------------------------------------------ inlines

    def inlines(self, inline: Token) -> tuple[Inline, ...]:
        """The inlines of an ``inline`` token (soft breaks join lines without a space)."""
        line = self.line_of(inline)
        stack: list[tuple[type | None, _Inlines]] = [(None, _Inlines())]
        for child in inline.children or ():
            kind = child.type
            if kind == "text":
                stack[-1][1].text(child.content)
            elif kind == "softbreak":
                line += 1
            elif kind == "hardbreak":
                stack[-1][1].add(LineBreak())
                if child.info != "tag":  # a backslash or two spaces end the line; <br> does not
                    line += 1
            elif kind in _SPANS:
                stack.append((_SPANS[kind], _Inlines()))
            elif kind in ("strong_close", "em_close"):
                span, children = stack.pop()
                stack[-1][1].add(span(children.result()))  # type: ignore[misc]
            else:
                problem = _REFUSED_INLINES.get(kind, f"{kind} is not part of the dialect")
                raise self.reader.error(line, problem)
        return stack[0][1].result()


_BLOCK_HANDLERS: dict[str, Callable[[_Walk, Token], Block]] = {
    "paragraph_open": _Walk.paragraph,
    "heading_open": _Walk.heading,
    "bullet_list_open": _Walk.bullet_list,
    "ordered_list_open": _Walk.ordered_list,
    "table_open": _Walk.table,
    "hr": _Walk.rule,
    "fence": _Walk.fence,
}

_REFUSED_BLOCKS = {
    "code_block": "indented code blocks are not part of the dialect (a line indented by 4 spaces or more)",
    "blockquote_open": "block quotes (>) are not part of the dialect (escape the >)",
    "html_block": "raw HTML is not part of the dialect",
}

_SPANS: dict[str, type] = {"strong_open": Strong, "em_open": Emph}

_REFUSED_INLINES = {
    "link_open": "links are not part of the dialect: write the text (and an address as text) instead",
    "image": "images are not part of the dialect",
    "code_inline": "inline code (`…`) is not part of the dialect (escape the backticks)",
    "html_inline": "raw HTML is not part of the dialect",
}

_DIRECTIVE = re.compile(r"\{([^{}\s]*)\}(.*)", re.DOTALL)
_DELIMITER_ROW = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?")


def _cell_count(line: str) -> int:
    """The number of cells in a table row as written (markdown-it pads or cuts rows silently)."""
    from markdown_it.rules_block.table import escapedSplit

    cells = escapedSplit(line.strip())
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return len(cells)


def _cells(count: int) -> str:
    return "1 cell" if count == 1 else f"{count} cells"


class _Inlines:
    """Inlines being built; adjacent texts (split by soft breaks or escapes) are joined once."""

    def __init__(self) -> None:
        self._done: list[Inline] = []
        self._parts: list[str] = []

    def text(self, text: str) -> None:
        self._parts.append(text)

    def add(self, inline: Inline) -> None:
        self._flush()
        self._done.append(inline)

    def result(self) -> tuple[Inline, ...]:
        self._flush()
        return tuple(self._done)

    def _flush(self) -> None:
        text = "".join(self._parts)
        self._parts = []
        if text:
            self._done.append(Text(text))


# ---------------------------------------------------------------------------------------------- wrappers


def _wrapper(reader: _Reader, name: str, content: str, body_line: int) -> Block:
    """``{table}`` or ``{style}``: one Markdown block, after an optional ``---`` YAML ``---`` options block."""
    lines = content.split("\n")
    options: LineMapping = LineMapping()
    markdown_line = body_line
    if lines and lines[0].rstrip() == "---":
        end = next((index for index in range(1, len(lines)) if lines[index].rstrip() == "---"), None)
        if end is None:
            raise reader.error(body_line, f"the options of {{{name}}} start with --- but do not end with ---")
        options = reader.mapping("\n".join(lines[1:end]), body_line + 1, f"{{{name}}}")
        lines = lines[end + 1:]
        markdown_line = body_line + end + 1
    blocks = reader.blocks("\n".join(lines), markdown_line)
    fields = Fields(reader, f"{{{name}}}")
    allowed = {"table": (*TABLE_KEYS, *STYLE_KEYS), "chart": (*CHART_KEYS, *STYLE_KEYS)}.get(name, STYLE_KEYS)
    fields.refuse_unknown(options, allowed, body_line)
    wants_table = name in ("table", "chart")
    if len(blocks) != 1 or (wants_table and not isinstance(blocks[0], Table)):
        found = f"a {type(blocks[0]).__name__}" if len(blocks) == 1 else f"{len(blocks)} blocks"
        wanted = "one table" if wants_table else "one block"
        raise reader.error(body_line - 1, f"{{{name}}} holds {wanted}, not {found}")
    (block,) = blocks
    if block.style != Style():
        raise reader.error(body_line - 1, f"{{{name}}} wraps a block that has a style of its own")
    block = attrs.evolve(block, style=fields.style(options))
    if name == "table":
        block = _table_options(fields, typing.cast(Table, block), options, body_line - 1)
    if name == "chart":
        return _chart(fields, typing.cast(Table, block), options, markdown_line)
    return block


def _chart(fields: Fields, table: Table, options: LineMapping, line: int) -> Chart:
    """A ``{chart}``: labels from the first column, a series from each other column, numbers in the cells.

    ``line`` is the table's first line: a cell that is not a number is reported on its own row's line.
    """
    kind = fields.value(options, "kind", str, line) if "kind" in options else "bar"
    if kind not in CHART_KINDS:
        raise fields.error(options, "kind", line, f"kind is one of {', '.join(CHART_KINDS)}, not {kind!r}")
    if len(table.header) < 2:
        raise fields.reader.error(line, "{chart} holds a table of a label column and at least one series")
    columns: list[list[float | None]] = [[] for _ in table.header[1:]]
    for index, row in enumerate(table.rows):
        for column, cell in zip(columns, row[1:], strict=True):
            column.append(_chart_value(fields, plain_text(cell), line + 2 + index))
    optional = {key: fields.value(options, key, str | None, line) for key in ("title", "unit") if key in options}
    return Chart(
        kind=kind,
        labels=tuple(plain_text(row[0]) for row in table.rows),
        series=tuple(
            Series(name=plain_text(heading), values=tuple(values))
            for heading, values in zip(table.header[1:], columns, strict=True)
        ),
        category=plain_text(table.header[0]),
        title=optional.get("title"),
        unit=optional.get("unit"),
        style=table.style,
    )


def _chart_value(fields: Fields, text: str, line: int) -> float | None:
    """A chart cell: a finite number (``64.71``, ``-3``, ``1e3``), or nothing for a missing value."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or text.lower().lstrip("+-").startswith(("nan", "inf")):
        raise fields.reader.error(line, f"{{chart}}: a cell holds a number or nothing, not {text!r}")
    return value


def _table_options(fields: Fields, table: Table, options: LineMapping, line: int) -> Table:
    widths = fields.value(options, "widths", tuple[int, ...], line) if "widths" in options else ()
    columns = len(table.header)
    if widths and (len(widths) != columns or min(widths) < 1):
        problem = f"widths are {columns} whole numbers above 0, one a column"
        raise fields.error(options, "widths", line, problem)
    caption = fields.value(options, "caption", str | None, line) if "caption" in options else None
    totals = fields.value(options, "totals", bool, line) if "totals" in options else False
    rows, total_row = table.rows, None
    if totals:
        if not rows:
            raise fields.error(options, "totals", line, "totals: true needs a last row to be the totals")
        rows, total_row = rows[:-1], rows[-1]
    return attrs.evolve(table, rows=rows, totals=total_row, widths=widths, caption=caption)


# ---------------------------------------------------------------------------------------------- front matter


def _split_front_matter(text: str, source: str) -> tuple[str | None, int, str, int]:
    """(front matter YAML or None, its first line, the Markdown after it, that Markdown's first line).

    Lines count from 0. Blank lines may come before the front matter (a template's first lines are often
    ``{% set %}`` tags).
    """
    position, line = 0, 0
    while True:
        end = text.find("\n", position)
        current = text[position:] if end < 0 else text[position:end]
        if current.strip() or end < 0:
            break
        position, line = end + 1, line + 1
    if current.rstrip() != "---":
        return None, 0, text, 0
    opening = line
    yaml_start = end + 1 if end >= 0 else len(text)
    position = yaml_start
    while end >= 0:
        line += 1
        end = text.find("\n", position)
        current = text[position:] if end < 0 else text[position:end]
        if current.rstrip() in ("---", "..."):
            body_start = len(text) if end < 0 else end + 1
            return text[yaml_start:position], opening + 1, text[body_start:], line + 1
        position = end + 1
    raise MarkdownError(source, opening + 1, "the front matter starts with --- but does not end with ---")


def _front_matter(front: str, first_line: int, source: str) -> tuple[Meta, dict[str, Block], list[Block]]:
    """The Meta, the blocks placed early (masthead, addressee) and the blocks placed at the end.

    The signature's date becomes a DateLine after it; without one, the document's date does.
    """
    reader = _Reader(source)
    data = reader.mapping(front, first_line, "the front matter")
    fields = Fields(reader, "front matter")
    meta_values: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    hints = typing.get_type_hints(Meta)
    for key, value in data.items():
        if key in META_KEYS:
            meta_values[key] = fields.value(data, key, hints[key], 0)
        elif key in CONVENIENCE_KEYS:
            continue
        elif not isinstance(key, str):
            raise fields.error(data, key, 0, f"the key {key!r} is not text (quote it)")
        elif isinstance(value, (list, dict)):
            raise fields.error(data, key, 0, f"{key} is not a Meta field, so it must be a single value")
        else:
            extra.append((key, scalar_text(value)))
    meta = Meta(**meta_values, extra=tuple(extra))
    early: dict[str, Block] = {}
    late: list[Block] = []
    if "masthead" in data:
        early["masthead"] = _convenience(reader, data, "masthead", Masthead)
    if "addressees" in data:
        names = fields.value(data, "addressees", tuple[str, ...], 0)
        early["addressee"] = Addressee(names=names)
    if "attachments" in data:
        late.append(AttachmentNote(items=fields.value(data, "attachments", tuple[str, ...], 0)))
    if "signature" in data:
        late.append(_convenience(reader, data, "signature", Signature, without=("date",)))
        signed: LineMapping = data["signature"]
        date = meta.date
        if "date" in signed:
            date = Fields(reader, "front matter: signature").value(signed, "date", dt.date, 0)
        if date is not None:
            late.append(DateLine(date=date))
    if "imprint" in data:
        late.append(_convenience(reader, data, "imprint", Imprint))
    return meta, early, late


def _convenience(reader: _Reader, data: LineMapping, key: str, cls: type, without: tuple[str, ...] = ()) -> Any:
    value = data[key]
    line = data.key_lines.get(key, 0)
    if not isinstance(value, LineMapping):
        raise reader.error(line, f"front matter: {key} holds keys and values, not {describe(value)}")
    fields = Fields(reader, f"front matter: {key}")
    trimmed = LineMapping()
    trimmed.update({name: item for name, item in value.items() if name not in without})
    trimmed.key_lines = value.key_lines
    return fields.block(cls, trimmed, line)


def _place(blocks: list[Block], early: dict[str, Block], late: list[Block]) -> tuple[Block, ...]:
    """Front-matter blocks at their places: masthead first, addressee after the title, the rest last."""
    if "addressee" in early:
        title = next((index for index, block in enumerate(blocks) if isinstance(block, Title)), None)
        blocks.insert(0 if title is None else title + 1, early["addressee"])
    if "masthead" in early:
        blocks.insert(0, early["masthead"])
    return tuple(blocks + late)
