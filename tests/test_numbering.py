"""Chinese heading numbering: 一、 （一） 1. （1） from the level, restarting under each parent, never doubled."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervisio.doctree.nodes import Document, Heading, Paragraph, Text, plain_text
from supervisio.doctree.numbering import heading_number, number_headings, split_number


def headings(*specs: tuple[int, str]) -> Document:
    return Document(blocks=tuple(Heading(level=level, content=(Text(text),)) for level, text in specs))


def numbered(document: Document) -> list[str]:
    return [f"{b.number}{plain_text(b.content)}" for b in number_headings(document).blocks if isinstance(b, Heading)]


@pytest.mark.parametrize(
    ("level", "ordinal", "number"),
    [(1, 1, "一、"), (1, 10, "十、"), (1, 12, "十二、"), (2, 3, "（三）"), (3, 4, "4."), (4, 11, "（11）")],
)
def test_heading_number(level, ordinal, number):
    assert heading_number(level, ordinal) == number


def test_numbers_restart_under_each_parent():
    document = headings((1, "主要做法"), (2, "问题导向"), (3, "台账"), (3, "销号"), (4, "细则"), (2, "机制"),
                        (3, "例会"), (1, "存在问题"), (2, "短板"))
    assert numbered(document) == ["一、主要做法", "（一）问题导向", "1.台账", "2.销号", "（1）细则", "（二）机制",
                                  "1.例会", "二、存在问题", "（一）短板"]


def test_a_typed_number_is_kept_and_counted_from():
    document = headings((1, "三、存在问题"), (1, "下步工作"), (2, "（五）典型"), (2, "宣传"))
    assert numbered(document) == ["三、存在问题", "四、下步工作", "（五）典型", "（六）宣传"]


def test_numbering_twice_changes_nothing():
    document = headings((1, "主要做法"), (2, "问题导向"))
    once = number_headings(document)
    assert number_headings(once) == once


def test_other_blocks_are_untouched():
    paragraph = Paragraph(content=(Text("一、这不是标题"),))
    assert number_headings(Document(blocks=(paragraph,))).blocks == (paragraph,)


@pytest.mark.parametrize(
    ("level", "text", "number", "rest"),
    [(1, "一、主要做法", "一、", "主要做法"), (2, "(二)机制", "(二)", "机制"), (3, "12.台账", "12.", "台账"),
     (4, "（3）细则", "（3）", "细则"), (1, "（一）不是一级", None, "（一）不是一级"), (3, "2022年", None, "2022年")],
)
def test_split_number(level, text, number, rest):
    found, content = split_number(level, (Text(text),))
    assert found == number
    assert plain_text(content) == rest


@given(st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=30))
def test_every_heading_gets_exactly_one_number_of_its_level(levels):
    document = Document(blocks=tuple(Heading(level=level, content=(Text("标题"),)) for level in levels))
    for block in number_headings(document).blocks:
        assert split_number(block.level, (Text(block.number),))[0] == block.number
        assert plain_text(block.content) == "标题"
