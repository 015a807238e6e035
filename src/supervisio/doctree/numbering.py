"""Chinese heading numbering (层次序数): 一、 （一） 1. （1）, applied from the level by one function.

GB/T 9704 7.3.3 numbers the levels 一、 / （一） / 1. / （1）. Documents write these as literal text, never
as Word auto-numbering (which breaks when documents are combined). Numbers restart under each parent
heading. A heading whose text already begins with a number of its level keeps it and is not numbered twice.
"""

from __future__ import annotations

import re

import attrs

from supervisio.doctree.nodes import Block, Document, Heading, Inline, Text
from supervisio.numerals import chinese_numeral

__all__ = ["heading_number", "number_headings", "split_number"]

_CN = "零一二三四五六七八九十百千"
_PATTERNS = {
    1: re.compile(rf"^[{_CN}]+、"),
    2: re.compile(rf"^[（(][{_CN}]+[）)]"),
    3: re.compile(r"^\d+[.．]"),
    4: re.compile(r"^[（(]\d+[）)]"),
}


def heading_number(level: int, ordinal: int) -> str:
    """The printed number of the ``ordinal``-th heading (from 1) at ``level`` (1–4): 一、 （二） 3. （4）."""
    if level == 1:
        return f"{chinese_numeral(ordinal)}、"
    if level == 2:
        return f"（{chinese_numeral(ordinal)}）"
    if level == 3:
        return f"{ordinal}."
    if level == 4:
        return f"（{ordinal}）"
    raise ValueError(f"heading levels are 1 to 4, not {level}")


def split_number(level: int, content: tuple[Inline, ...]) -> tuple[str | None, tuple[Inline, ...]]:
    """Split a number of ``level`` typed at the start of a heading off its text: ("一、", rest)."""
    if not content or not isinstance(content[0], Text) or level not in _PATTERNS:
        return None, content
    match = _PATTERNS[level].match(content[0].text)
    if match is None:
        return None, content
    rest = content[0].text[match.end():]
    head = (Text(rest),) if rest else ()
    return match.group(0), head + content[1:]


def number_headings(document: Document) -> Document:
    """The document with every heading numbered from its level; typed numbers are kept, not doubled.

    Counting restarts under each heading of a higher level, and a typed number resets the count (so a
    heading typed 三、 is followed by 四、).
    """
    counters = [0, 0, 0, 0, 0]

    def visit(block: Block) -> Block:
        if not isinstance(block, Heading) or not 1 <= block.level <= 4:
            return block
        level = block.level
        for deeper in range(level + 1, 5):
            counters[deeper] = 0
        number, content = (block.number, block.content)
        if number is None:
            number, content = split_number(level, block.content)
        if number is None:
            counters[level] += 1
            number = heading_number(level, counters[level])
        else:
            counters[level] = _ordinal_of(level, number, counters[level] + 1)
        return attrs.evolve(block, number=number, content=content)

    return attrs.evolve(document, blocks=tuple(visit(block) for block in document.blocks))


def _ordinal_of(level: int, number: str, fallback: int) -> int:
    digits = re.sub(r"\D", "", number)
    if level >= 3 and digits:
        return int(digits)
    chinese = re.sub(rf"[^{_CN}]", "", number)
    for candidate in range(1, 100):
        if chinese_numeral(candidate) == chinese:
            return candidate
    return fallback
