"""Text is data: any string in a Paragraph reads back from document.xml exactly
(supervisio_docx.text)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from docx_xml import paragraph_text, read_back, render
from supervisio.doctree.nodes import Document, Masthead, Table, Text
from supervisio_docx.text import REPLACEMENT, escape_text, run_content, xml_safe

ILLEGAL = [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + ["\ufffe", "\uffff"]

ANY_CHARACTER = st.characters() | st.characters(categories=["Cs"])
"""Every code point, lone surrogates included (``st.characters()`` alone leaves them out)."""


@settings(max_examples=300, deadline=None)
@given(st.text(ANY_CHARACTER))
@example("&<>\"'")
@example("*井号#|下划线_` <b>粗</b> &amp;")
@example("\r\n\r")
@example("\t缩进\n回行")
@example("  leading and trailing  ")
@example("👩‍💻🀄 𠀀𪚥 (CJK Ext-B)")
@example("\x00\x08\x0b\x0c\x1f\ufffe\uffff")
@example("]]>")
def test_any_text_reads_back_exactly(text):
    assert read_back(text) == xml_safe(text)


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_text_without_illegal_characters_reads_back_unchanged(text):
    legal = "".join(ch for ch in text if ch not in ILLEGAL)
    assert read_back(legal) == legal


@pytest.mark.parametrize("ch", ILLEGAL)
def test_characters_xml_cannot_hold_become_replacement_characters(ch):
    assert read_back(f"前{ch}后") == f"前{REPLACEMENT}后"


@pytest.mark.parametrize("surrogate", ["\ud800", "\udbff", "\udc00", "\udfff"])
def test_lone_surrogates_become_replacement_characters(surrogate):
    assert read_back(f"甲{surrogate}乙") == f"甲{REPLACEMENT}乙"


def test_tab_and_line_feed_become_word_markup():
    assert run_content("甲\t乙\n丙") == "<w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t>"
    assert run_content("") == ""


@pytest.mark.parametrize(
    ("text", "preserved"),
    [("甲乙", False), (" 甲", True), ("甲 ", True), ("甲  乙", True), ("甲 乙", False),
     ("　　缩进", True), ("a&b", False), ("\r", True)],
)
def test_space_is_preserved_only_where_it_could_be_lost(text, preserved):
    """``xml:space="preserve"`` at either end or on two spaces in a row, nowhere else."""
    assert ('xml:space="preserve"' in run_content(text)) == preserved
    assert read_back(text) == text


def test_escaping():
    assert escape_text("a&b<c>d\re") == "a&amp;b&lt;c&gt;d&#13;e"
    assert escape_text("普通文本") == "普通文本"


def test_text_is_data_in_every_place_it_can_appear():
    tricky = "<w:p>&amp;</w:p>\x01"
    document = Document(
        blocks=(
            Masthead(name=tricky, issuer=tricky),
            Table(header=((Text(tricky),),), rows=(((Text(tricky),),),), caption=tricky),
        )
    )
    package = render(document)
    texts = [paragraph_text(p) for p in package.xpath("//w:body//w:p")]
    # 简报名, issuer line, caption, header cell, body cell
    assert texts == [xml_safe(tricky)] * 5
