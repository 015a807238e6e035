"""The normal form of a document tree: one tree for each thing a reader can see.

Many trees print the same: ``Text("a"), Text("b")`` and ``Text("ab")``; an empty ``Strong``; bold inside bold;
a line break at the very end of a paragraph; ``Heading(number=None, content="一、做法")`` and
``Heading(number="一、", content="做法")``. Markdown can only say one of each, so the Markdown round trip is an
identity on normal trees (``parse_markdown(to_markdown(t)) == normalize(t)``), and comparing two trees for
what they print means comparing their normal forms.

The rules:

- inlines: no empty Text (adjacent Texts merged), no empty Strong or Emph, no Strong inside a Strong and no
  Emph inside an Emph (the inner one is unwrapped), no two adjacent Strongs or Emphs (merged), no LineBreak
  as the first or last child of a Strong or Emph (moved outside), and no LineBreak at the start or end of a
  block's or a cell's content (dropped);
- a heading's number is exactly what :func:`~supervisio.doctree.numbering.split_number` finds at the start
  of its number and text together (``None`` when nothing);
- a paragraph without content and a list without items are dropped (Markdown has no way to write them);
- a style's (and the meta's extra) keys are unique: the last value of a key wins, at the key's first place,
  which is what ``Style.get`` already reads.

Everything else (dates, numbers, names, table shapes) is kept as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from supervisio.doctree.nodes import (
    Block,
    BulletList,
    Document,
    Emph,
    Heading,
    Inline,
    LineBreak,
    OrderedList,
    Paragraph,
    Strong,
    Style,
    Table,
    Text,
    Title,
)
from supervisio.doctree.numbering import split_number

__all__ = ["normalize", "normalize_blocks", "normalize_content"]


def normalize(document: Document) -> Document:
    """The normal form of ``document`` (see the module notes)."""
    meta = document.meta
    if meta.extra:
        meta = attrs.evolve(meta, extra=_unique(meta.extra))
    return Document(meta=meta, blocks=normalize_blocks(document.blocks))


def normalize_blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    """The normal form of a sequence of blocks (empty paragraphs and lists left out)."""
    result: list[Block] = []
    for block in blocks:
        normal = _block(block)
        if normal is not None:
            result.append(normal)
    return tuple(result)


def normalize_content(content: Iterable[Inline]) -> tuple[Inline, ...]:
    """The normal form of a block's or a cell's inlines: no line break at either end."""
    inlines = _inlines(content, ())
    start, end = 0, len(inlines)
    while start < end and isinstance(inlines[start], LineBreak):
        start += 1
    while end > start and isinstance(inlines[end - 1], LineBreak):
        end -= 1
    return tuple(inlines[start:end])


# ---------------------------------------------------------------------------------------------- blocks


def _block(block: Block) -> Block | None:
    if block.style.attributes:
        block = attrs.evolve(block, style=_style(block.style))
    if isinstance(block, Paragraph):
        content = normalize_content(block.content)
        return attrs.evolve(block, content=content) if content else None
    if isinstance(block, Title):
        return attrs.evolve(block, content=normalize_content(block.content))
    if isinstance(block, Heading):
        typed = (Text(block.number),) if block.number else ()
        number, content = split_number(block.level, normalize_content(typed + block.content))
        return attrs.evolve(block, number=number, content=content)
    if isinstance(block, (BulletList, OrderedList)):
        items = tuple(normalize_blocks(item) for item in block.items)
        return attrs.evolve(block, items=items) if items else None
    if isinstance(block, Table):
        return attrs.evolve(
            block,
            header=_row(block.header),
            rows=tuple(_row(row) for row in block.rows),
            totals=None if block.totals is None else _row(block.totals),
        )
    return block


def _row(cells: tuple[tuple[Inline, ...], ...]) -> tuple[tuple[Inline, ...], ...]:
    return tuple(normalize_content(cell) for cell in cells)


def _style(style: Style) -> Style:
    return attrs.evolve(style, attributes=_unique(style.attributes))


def _unique(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple(dict(pairs).items())


# ---------------------------------------------------------------------------------------------- inlines


def _inlines(inlines: Iterable[Inline], inside: tuple[type, ...]) -> list[Inline]:
    """Normal inlines; ``inside`` are the kinds of the enclosing Strong/Emph (unwrapped when repeated)."""
    out = _Run()
    for inline in inlines:
        if isinstance(inline, Text):
            out.text(inline.text)
        elif isinstance(inline, LineBreak):
            out.add(LineBreak())
        else:
            kind = type(inline)
            children = _inlines(inline.children, inside + (kind,))
            if kind in inside:
                out.extend(children)
                continue
            start, end = 0, len(children)
            while start < end and isinstance(children[start], LineBreak):
                start += 1
            while end > start and isinstance(children[end - 1], LineBreak):
                end -= 1
            out.extend(children[:start])
            if start < end:
                out.add(kind(tuple(children[start:end])))
            out.extend(children[end:])
    return out.result()


class _Run:
    """A list of inlines being built, merging at every join: Text with Text, Strong with Strong …

    Texts are gathered as parts and joined once, so that merging many pieces stays linear.
    """

    def __init__(self) -> None:
        self._done: list[Inline] = []
        self._parts: list[str] = []

    def text(self, text: str) -> None:
        if text:
            self._parts.append(text)

    def add(self, inline: Inline) -> None:
        if isinstance(inline, Text):
            self.text(inline.text)
            return
        self._flush()
        last = self._done[-1] if self._done else None
        if isinstance(inline, (Strong, Emph)) and type(last) is type(inline):
            merged = _Run()
            merged.extend(last.children)
            merged.extend(inline.children)
            self._done[-1] = type(inline)(tuple(merged.result()))
        else:
            self._done.append(inline)

    def extend(self, inlines: Iterable[Inline]) -> None:
        for inline in inlines:
            self.add(inline)

    def result(self) -> list[Inline]:
        self._flush()
        return self._done

    def _flush(self) -> None:
        if self._parts:
            self._done.append(Text("".join(self._parts)))
            self._parts = []
